package pdf

import (
	"bytes"
	"context"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/net/html"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/i18n"
	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/testutil"
	"github.com/communs/communs/internal/translate"
	"github.com/communs/communs/internal/typeset"
	"github.com/communs/communs/internal/typeset/font"
)

func catalog(t testing.TB) *translate.Catalog {
	t.Helper()
	cat := translate.NewCatalog("fr")
	for _, lang := range []string{"fr", "en"} {
		data, err := fs.ReadFile(i18n.Files, lang+".toml")
		if err != nil {
			t.Fatal(err)
		}
		if err := cat.Add(lang, "i18n/"+lang+".toml", data); err != nil {
			t.Fatal(err)
		}
	}
	return cat
}

// load reads and renders a site, its clock fixed.
func load(t testing.TB, src string) *builders.Context {
	t.Helper()
	ctx := context.Background()
	diags := &diag.List{}
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	s, err := site.Load(ctx, src, site.Options{Now: now}, diags)
	if err != nil {
		t.Fatalf("load: %v\n%v", err, diags.Items())
	}
	c := &builders.Context{Site: s, Diags: diags, Strings: catalog(t), Workers: 2, Downloads: &builders.Downloads{}}
	if err := builders.RenderPages(ctx, c); err != nil {
		t.Fatal(err)
	}
	return c
}

// tool finds a checker or skips the test.
func tool(t testing.TB, name, pkg string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("skipped: %s is not installed (apt-get install %s)", name, pkg)
	}
	return p
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// sourceText is what the reader must find in the PDF: the text of the
// page's HTML (code included), without image descriptions.
func sourceText(pages ...*site.Page) string {
	var b strings.Builder
	for _, p := range pages {
		b.WriteString(p.Title + "\n" + p.Subtitle + "\n")
		z := html.NewTokenizer(strings.NewReader(p.Rendered.Content))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			switch tt {
			case html.TextToken:
				b.Write(z.Text())
			case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
				b.WriteByte(' ')
			}
		}
	}
	return strings.ReplaceAll(b.String(), "↩\ufe0e", " ")
}

// extracted is a PDF's text read back by pdftotext.
type extracted struct {
	text  string
	words map[string]bool
	chars map[rune]bool
}

func extract(t testing.TB, file string, opts typeset.Options) extracted {
	t.Helper()
	txt := run(t, "pdftotext", "-enc", "UTF-8", file, "-")
	e := extracted{text: txt, words: map[string]bool{}, chars: map[rune]bool{}}
	// The text block alone, without running heads and folios, so that a
	// word cut at the foot of a page joins its end on the next.
	left := (opts.Inner + opts.Outer) / 2
	f := func(v float64) string { return strconv.Itoa(int(v)) }
	block := run(t, "pdftotext", "-enc", "UTF-8", "-x", f(left-1), "-y", f(opts.Top-1), "-W", f(opts.PageWidth-opts.Inner-opts.Outer+2), "-H", f(opts.PageHeight-opts.Top-opts.Bottom+2), file, "-")
	block = strings.ReplaceAll(block, "\f", "")
	// pdftotext joins a line ending with a hyphen to the next one,
	// dropping the hyphen (zero-trust cut after zero- is read zerotrust):
	// -raw keeps it.
	raw := run(t, "pdftotext", "-raw", "-enc", "UTF-8", "-x", f(left-1), "-y", f(opts.Top-1), "-W", f(opts.PageWidth-opts.Inner-opts.Outer+2), "-H", f(opts.PageHeight-opts.Top-opts.Bottom+2), file, "-")
	block += "\n" + strings.ReplaceAll(raw, "\f", "")
	// Words cut at a line end, by a hyphen or at a URL's break point, are
	// whole again once the line ends are removed.
	for _, v := range []string{txt, block, strings.ReplaceAll(block, "-\n", ""), strings.ReplaceAll(block, "\n", "")} {
		for _, w := range testutil.Words(v) {
			e.words[w] = true
			// A note call sticks to its word: fui¹ is read "fui1", 2017²⁰
			// "201720".
			for _, part := range letterDigitRE.FindAllString(w, -1) {
				e.words[part] = true
				if part[0] >= '0' && part[0] <= '9' {
					for i := 1; i < len(part); i++ {
						e.words[part[:i]], e.words[part[i:]] = true, true
					}
				}
			}
		}
	}
	for _, r := range txt {
		e.chars[r] = true
	}
	return e
}

// checkText: every word and every character of the source is in the PDF.
func checkText(t *testing.T, name string, e extracted, src string) {
	t.Helper()
	var missing []string
	seen := map[string]bool{}
	for _, w := range testutil.Words(src) {
		if !e.words[w] && !seen[w] {
			seen[w] = true
			missing = append(missing, w)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%s: %d words of the source are not in the PDF's text: %q", name, len(missing), missing[:min(len(missing), 20)])
	}
	var chars []string
	for _, r := range src {
		if unicode.IsSpace(r) || font.Ignorable(r) || e.chars[r] || seen[string(r)] {
			continue
		}
		seen[string(r)] = true
		chars = append(chars, strconv.QuoteRune(r))
	}
	if len(chars) > 0 {
		t.Errorf("%s: characters of the source missing from the PDF's text: %v", name, chars)
	}
}

var letterDigitRE = regexp.MustCompile(`\pL+|\pN+`)

var wordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
var pageRE = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">`)

type bboxLine struct {
	xMin, xMax float64
	last       string
	words      int
	other      bool // a word not of the body's size
}

// checkGeometry: no word passes the text block's right edge, most full
// lines end exactly at it (justified), and hyphenated line ends exist
// when wantHyphens.
func checkGeometry(t *testing.T, name, file string, opts typeset.Options, wantHyphens bool) {
	t.Helper()
	out := run(t, "pdftotext", "-bbox", file, "-")
	left := (opts.Inner + opts.Outer) / 2
	right := left + opts.PageWidth - opts.Inner - opts.Outer
	pages := strings.Split(out, "<page ")
	full, atEdge, hyphens, over := 0, 0, 0, 0
	// Body lines are those of the most common word height (not headings,
	// notes, the colophon).
	heights := map[string]int{}
	for _, m := range wordRE.FindAllStringSubmatch(out, -1) {
		y0, _ := strconv.ParseFloat(m[2], 64)
		y1, _ := strconv.ParseFloat(m[4], 64)
		heights[strconv.FormatFloat(y1-y0, 'f', 1, 64)]++
	}
	body, most := "", 0
	for h, n := range heights {
		if n > most || n == most && h < body {
			body, most = h, n
		}
	}
	for pi, pg := range pages[1:] {
		lines := map[string]*bboxLine{}
		var order []string
		for _, m := range wordRE.FindAllStringSubmatch(pg, -1) {
			x0, _ := strconv.ParseFloat(m[1], 64)
			x1, _ := strconv.ParseFloat(m[3], 64)
			if opts.Print {
				if (pi+1)%2 == 1 {
					left = opts.Inner
				} else {
					left = opts.Outer
				}
				right = left + opts.PageWidth - opts.Inner - opts.Outer
			}
			if x1 > right+0.05 {
				over++
				if over < 5 {
					t.Errorf("%s: page %d: %q ends at %.2f, past the right edge %.2f", name, pi+1, m[5], x1, right)
				}
			}
			key := m[4]
			l, ok := lines[key]
			if !ok {
				l = &bboxLine{xMin: x0}
				lines[key] = l
				order = append(order, key)
			}
			l.xMin = min(l.xMin, x0)
			l.xMax = max(l.xMax, x1)
			l.last = html.UnescapeString(m[5])
			l.words++
			y0, _ := strconv.ParseFloat(m[2], 64)
			y1, _ := strconv.ParseFloat(m[4], 64)
			if strconv.FormatFloat(y1-y0, 'f', 1, 64) != body {
				l.other = true
			}
		}
		for _, k := range order {
			l := lines[k]
			if l.words < 4 || l.xMin > left+30 || l.other {
				continue // headings, folios, centred lines, indented blocks
			}
			if l.xMax-l.xMin > 0.96*(right-left) { // not a paragraph's last line
				full++
				// The right edge, or a block quote's, set 1.5 em inside it.
				if right-l.xMax < 0.3 || math.Abs(right-1.5*opts.FontSize-l.xMax) < 0.3 {
					atEdge++
				}
			}
			if strings.HasSuffix(l.last, "-") && len([]rune(l.last)) > 2 {
				hyphens++
			}
		}
	}
	if full > 10 && float64(atEdge) < 0.8*float64(full) {
		t.Errorf("%s: only %d of %d full lines end at the right edge: not justified", name, atEdge, full)
	}
	if wantHyphens && hyphens == 0 {
		t.Errorf("%s: no hyphenated line end in French text", name)
	}
	t.Logf("%s: %d pages, %d full lines, %d at the right edge, %d hyphenated", name, len(pages)-1, full, atEdge, hyphens)
}

// checkPDF runs qpdf and pdffonts on a PDF.
func checkPDF(t *testing.T, name, file string, data []byte) {
	t.Helper()
	if out, err := exec.Command("qpdf", "--check", file).CombinedOutput(); err != nil || bytes.Contains(out, []byte("WARNING")) {
		t.Errorf("%s: qpdf --check: %v\n%s", name, err, out)
	}
	fonts := run(t, "pdffonts", file)
	lines := strings.Split(strings.TrimSpace(fonts), "\n")
	if len(lines) < 3 {
		t.Errorf("%s: no fonts:\n%s", name, fonts)
	}
	for _, l := range lines[2:] {
		f := strings.Fields(l)
		if len(f) < 7 || f[len(f)-5] != "yes" || f[len(f)-4] != "yes" || f[len(f)-3] != "yes" {
			t.Errorf("%s: font not embedded, subset and mapped to Unicode: %s", name, l)
		}
	}
	if !bytes.Contains(data, []byte("/Lang ")) {
		t.Errorf("%s: no /Lang", name)
	}
}

func writeTemp(t *testing.T, name string, data []byte) string {
	t.Helper()
	f := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(f, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}
