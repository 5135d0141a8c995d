package pdfout

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/communs/communs/internal/typeset"
)

// TestToUnicodeBeyondBMP: gopdf v0.37 writes <1F986> for 🦆 in the
// ToUnicode map; the fix writes the UTF-16 surrogate pair.
func TestToUnicodeBeyondBMP(t *testing.T) {
	in := []byte("<<\n/Length 10\n>>\nstream\n/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n1 begincodespacerange\n<0001><0003>\nendcodespacerange\n3 beginbfrange\n<0001><0001><0041>\n<0002><0002><1F986>\n<0003><0003><00E9>\nendbfrange\nendcmap CMapName currentdict /CMap defineresource pop end end\nendstream\n")
	out := fixToUnicode(in)
	i := bytes.Index(out, []byte("stream\n"))
	j := bytes.LastIndex(out, []byte("\nendstream"))
	z, err := zlib.NewReader(bytes.NewReader(out[i+7 : j]))
	if err != nil {
		t.Fatal(err)
	}
	cmap, _ := io.ReadAll(z)
	for _, want := range []string{"<0001> <0041>", "<0002> <D83EDD86>", "<0003> <00E9>", "3 beginbfchar"} {
		if !strings.Contains(string(cmap), want) {
			t.Errorf("no %q in\n%s", want, cmap)
		}
	}
}

func TestPDFString(t *testing.T) {
	for in, want := range map[string]string{
		"Title (1)": `(Title \(1\))`,
		"é":         "<FEFF00E9>",
		"🦆":         "<FEFFD83EDD86>",
	} {
		if got := pdfString(in); got != want {
			t.Errorf("pdfString(%q) = %s, want %s", in, got, want)
		}
	}
	if got := pdfDate(time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)); got != "D:20261121120000Z" {
		t.Errorf("pdfDate: %s", got)
	}
}

// TestEmojiExtraction writes emoji and reads them back with pdftotext.
func TestEmojiExtraction(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("skipped: pdftotext is not installed (apt-get install poppler-utils)")
	}
	text := "Canard 🦆, boum 💥, fait ✅, point ⋅, sourire ツ, « Oui\u202f! »"
	d := &typeset.Document{Lang: "fr", Title: "Émojis 🦆", Sections: []*typeset.Section{
		{Kind: typeset.Chapter, Title: "Émojis", ID: "e", Heading: []typeset.Inline{{Text: "Émojis 🦆"}},
			Blocks: []typeset.Block{&typeset.Paragraph{Inlines: []typeset.Inline{{Text: text}}}}},
	}}
	l, err := typeset.Typeset(d, typeset.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	meta := Meta{Title: "Émojis 🦆", Lang: "fr", Keywords: []string{"a", "b"}, Date: time.Unix(1700000000, 0).UTC()}
	data, err := Write(l, meta)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "e.pdf")
	os.WriteFile(file, data, 0o644)
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", file, "-").CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	for _, want := range []string{"🦆", "💥", "✅", "⋅", "ツ", "Canard", "Émojis"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("pdftotext does not give %q:\n%s", want, out)
		}
	}
	if info, err := exec.Command("pdfinfo", file).CombinedOutput(); err == nil {
		if !regexp.MustCompile(`Title:\s+Émojis 🦆`).Match(info) {
			t.Errorf("title in the information dictionary:\n%s", info)
		}
	}
	if again, _ := Write(l, meta); !bytes.Equal(again, data) {
		t.Error("two writes of the same layout differ")
	}
	if qpdf, err := exec.LookPath("qpdf"); err == nil {
		if out, err := exec.Command(qpdf, "--check", file).CombinedOutput(); err != nil || bytes.Contains(out, []byte("WARNING")) {
			t.Errorf("qpdf --check: %v\n%s", err, out)
		}
	}
}
