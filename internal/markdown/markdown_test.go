package markdown

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/communs/communs/internal/testutil"
	"github.com/yuin/goldmark/parser"
)

// countWords counts as the Unicode tables do, ASCII fast path or not.
func TestCountWordsASCII(t *testing.T) {
	slow := func(b []byte) int {
		n, in := 0, false
		for _, r := range string(b) {
			word := unicode.IsLetter(r) || unicode.IsDigit(r)
			if word && !in {
				n++
			}
			in = word || (in && (r == '\'' || r == '’' || r == '-'))
		}
		return n
	}
	var all []byte
	for c := 0; c < 0x80; c++ {
		all = append(all, byte(c), 'x', byte(c), ' ')
	}
	// And random texts of letters, joiners, spaces and bytes of all kinds.
	alphabet := []string{"a", "Z", "9", "'", "’", "-", " ", "\n", ".", "é", "ß", "日", "\xff", "\xc3", "_", "٣"}
	seed := uint32(1)
	for k := 0; k < 2000; k++ {
		var b strings.Builder
		for j := 0; j < 12; j++ {
			seed = seed*1664525 + 1013904223
			b.WriteString(alphabet[seed>>28])
		}
		if got, want := countWords([]byte(b.String())), slow([]byte(b.String())); got != want {
			t.Fatalf("countWords(%q) = %d, want %d", b.String(), got, want)
		}
	}
	for _, s := range []string{"", "a", "l'été 2024 -- c’est-à-dire", "don't-stop ' - x", "日本語 テキスト", "\xff\xfe bad", "ȹ9 ß-x", string(all)} {
		if got, want := countWords([]byte(s)), slow([]byte(s)); got != want {
			t.Errorf("countWords(%q) = %d, want %d", s, got, want)
		}
	}
}

// Without linkify, a text that has nothing for it to find converts to the
// same HTML; with something, linkify links it.
func TestPlainConverter(t *testing.T) {
	files, _ := filepath.Glob("testdata/pipeline/*.md")
	// The shared corpus too, when it is there.
	more, _ := filepath.Glob(filepath.Join(testutil.RepoRoot(), "..", "shared", "corpus", "content", "articles", "*", "index*.md"))
	files = append(files, more...)
	compared := 0
	for _, lang := range []string{"fr", "en"} {
		c := NewReader(lang)
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if mayLinkify(src) {
				// Take the candidates out, and compare on what is left.
				src = []byte(strings.NewReplacer("@", " ", "http", "htp", "www.", "ww.", "ftp:", "ft:").Replace(string(src)))
			}
			var a, b bytes.Buffer
			if err := c.md.Convert(src, &a, parser.WithContext(parser.NewContext(parser.WithIDs(newIDs())))); err != nil {
				t.Fatal(err)
			}
			if err := c.plain.Convert(src, &b, parser.WithContext(parser.NewContext(parser.WithIDs(newIDs())))); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(a.Bytes(), b.Bytes()) {
				t.Errorf("%s (%s): the converter without linkify gives other HTML", f, lang)
			}
			compared++
		}
	}
	if compared < 4 {
		t.Fatalf("only %d texts compared", compared)
	}
	res, err := New(Options{Lang: "en"}).Convert([]byte("Write to camille@example.org or see https://example.org/a_b_c."), nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<a href="mailto:camille@example.org">`, `<a href="https://example.org/a_b_c">`} {
		if !strings.Contains(string(res.HTML), want) {
			t.Errorf("no %s in %s", want, res.HTML)
		}
	}
}
