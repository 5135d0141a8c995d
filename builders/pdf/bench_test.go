package pdf

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/communs/communs/internal/testutil"
)

// longBook writes a site with one book of ten chapters, 15,000 words in
// all, from the shared corpus's paragraphs (or the sample book's when the
// corpus is absent), with headings and footnotes.
func longBook(tb testing.TB) string {
	tb.Helper()
	var paras []string
	files, _ := filepath.Glob(filepath.Join(testutil.RepoRoot(), "..", "shared", "corpus", "content", "articles", "*", "index.fr.md"))
	if len(files) == 0 {
		files, _ = filepath.Glob(filepath.Join(testutil.RepoRoot(), "content", "books", "petit-guide", "0*.md"))
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		body := string(data)
		if i := strings.Index(body[3:], "+++"); strings.HasPrefix(body, "+++") && i >= 0 {
			body = body[i+6:]
		}
		for _, p := range strings.Split(body, "\n\n") {
			p = strings.TrimSpace(p)
			if len(strings.Fields(p)) < 25 || strings.ContainsAny(p[:1], "#![<>|-*0123456789`") || strings.Contains(p, "](") || strings.Contains(p, "[^") {
				continue
			}
			paras = append(paras, p)
		}
	}
	if len(paras) == 0 {
		tb.Fatal("no text for the long book")
	}
	dir := tb.TempDir()
	write := func(name, s string) {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	write("site.toml", "title = \"Bench\"\nbaseURL = \"https://example.org/\"\ndefaultLanguage = \"fr\"\nlicense = \"CC-BY-SA-4.0\"\n[languages.fr]\ntitle = \"Bench\"\n")
	write("content/books/long/_index.md", "+++\ntitle = \"Un long livre\"\nauthors = [\"Camille Martin\"]\ndate = 2026-01-01\n+++\n")
	k := 0
	for ch := 1; ch <= 10; ch++ {
		var b strings.Builder
		fmt.Fprintf(&b, "+++\ntitle = \"Chapitre %d\"\nweight = %d\n+++\n\n", ch, ch)
		words := 0
		for sec := 0; words < 1500; sec++ {
			if sec%4 == 0 {
				fmt.Fprintf(&b, "## Partie %d.%d\n\n", ch, sec/4+1)
			}
			p := paras[k%len(paras)]
			k++
			if sec%5 == 2 {
				p += fmt.Sprintf("[^n%d]", sec)
				fmt.Fprintf(&b, "%s\n\n[^n%d]: Une note de bas de page, assez longue pour tenir sur deux lignes au moins dans une page A5 du livre.\n\n", p, sec)
			} else {
				fmt.Fprintf(&b, "%s\n\n", p)
			}
			words += len(strings.Fields(p))
		}
		write(fmt.Sprintf("content/books/long/%02d.md", ch), b.String())
	}
	return dir
}

// BenchmarkPDFLongBook typesets and writes a 15,000-word book (about 50
// A5 pages).
func BenchmarkPDFLongBook(b *testing.B) {
	c := load(b, longBook(b))
	p := c.Site.Langs["fr"].Books[0].Index
	l, _, err := Layout(c, p, nil)
	if err != nil {
		b.Fatal(err)
	}
	words := 0
	for _, ch := range c.Site.Langs["fr"].Books[0].Chapters {
		words += ch.Rendered.Words
	}
	b.ReportAllocs()
	b.ResetTimer()
	size := 0
	for i := 0; i < b.N; i++ {
		data, err := Render(c, p, nil)
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	b.ReportMetric(float64(len(l.Pages)), "pages")
	b.ReportMetric(float64(words), "words")
	b.ReportMetric(float64(size)/1024, "KiB")
}

// BenchmarkPDFLongBookLayout is the layout alone (no PDF writing) of the
// book of BenchmarkPDFLongBook.
func BenchmarkPDFLongBookLayout(b *testing.B) {
	c := load(b, longBook(b))
	p := c.Site.Langs["fr"].Books[0].Index
	b.ReportAllocs()
	b.ResetTimer()
	pages := 0
	for i := 0; i < b.N; i++ {
		l, _, err := Layout(c, p, nil)
		if err != nil {
			b.Fatal(err)
		}
		pages = len(l.Pages)
	}
	b.ReportMetric(float64(pages), "pages")
}
