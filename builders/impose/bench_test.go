package impose

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/communs/communs/internal/testutil"
	"github.com/communs/communs/internal/typeset"
	"github.com/communs/communs/internal/typeset/pdfout"
)

// longBook writes a site with one book of about 140,000 words, from the
// shared corpus's paragraphs (or the sample site's when the corpus is
// absent), with headings and footnotes: some 400 A5 pages.
func longBook(tb testing.TB) string {
	tb.Helper()
	files, _ := filepath.Glob(filepath.Join(testutil.RepoRoot(), "..", "shared", "corpus", "content", "articles", "*", "index.fr.md"))
	least := 25
	if len(files) == 0 {
		files, _ = filepath.Glob(filepath.Join(testutil.RepoRoot(), "content", "*", "*", "*.md"))
		least = 8
	}
	var paras []string
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
			if len(strings.Fields(p)) < least || strings.ContainsAny(p[:1], "#![<>|-*0123456789`") || strings.Contains(p, "](") || strings.Contains(p, "[^") {
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
	write("content/books/long/_index.md", "+++\ntitle = \"Un très long livre\"\nauthors = [\"Camille Martin\"]\ndate = 2026-01-01\n+++\n")
	k := 0
	for ch := 1; ch <= 40; ch++ {
		var b strings.Builder
		fmt.Fprintf(&b, "+++\ntitle = \"Chapitre %d\"\nweight = %d\n+++\n\n", ch, ch)
		words := 0
		for sec := 0; words < 3500; sec++ {
			if sec%4 == 0 {
				fmt.Fprintf(&b, "## Partie %d.%d\n\n", ch, sec/4+1)
			}
			p := paras[k%len(paras)]
			k++
			if sec%5 == 2 {
				fmt.Fprintf(&b, "%s[^n%d]\n\n[^n%d]: Une note de bas de page, assez longue pour tenir sur deux lignes au moins dans une page A5 du livre.\n\n", p, sec, sec)
			} else {
				fmt.Fprintf(&b, "%s\n\n", p)
			}
			words += len(strings.Fields(p))
		}
		write(fmt.Sprintf("content/books/long/%02d.md", ch), b.String())
	}
	return dir
}

var (
	book400Once   sync.Once
	book400       *typeset.Layout
	book400Meta   pdfout.Meta
	book400Source string
)

// layout400 typesets the long book for an A4 booklet, once, and keeps
// its first 400 pages.
func layout400(b *testing.B) (*typeset.Layout, pdfout.Meta) {
	book400Once.Do(func() {
		c := load(b, longBook(b))
		p := c.Site.Langs["fr"].Books[0].Index
		l, meta, err := Layout(c, p, Formats[0])
		if err != nil {
			b.Fatal(err)
		}
		if len(l.Pages) < 400 {
			b.Fatalf("the long book has %d pages, not 400", len(l.Pages))
		}
		// The first 400 pages, and what points into them.
		l.Pages = l.Pages[:400]
		anchors := map[string]typeset.Dest{}
		for k, d := range l.Anchors {
			if d.Page < 400 {
				anchors[k] = d
			}
		}
		l.Anchors = anchors
		var outline []typeset.OutlineEntry
		for _, e := range l.Outline {
			if e.Dest.Page < 400 {
				outline = append(outline, e)
			}
		}
		l.Outline = outline
		book400, book400Meta = l, meta
	})
	if book400 == nil {
		b.Skip("no long book")
	}
	return book400, book400Meta
}

// BenchmarkImpose400 imposes a 400-page book (typeset beforehand, not
// measured) as an A4 booklet with signatures: place is drawing its 400
// pages on 100 sheets (the gopdf document in memory), write is making
// the PDF of it, total both; cpu-ms/op is the processor time, all
// threads together, which the machine's load changes less. Where pdfjam is installed, the total
// reports its time on the same pages too (pdfjam-ms).
func BenchmarkImpose400(b *testing.B) {
	l, meta := layout400(b)
	w, h := Formats[0].SheetSize()
	o := DefaultOptions()
	b.Run("place", func(b *testing.B) {
		b.ReportAllocs()
		cpu := cpuTime()
		for i := 0; i < b.N; i++ {
			d := pdfout.NewDocument()
			if err := Place(d, l, w, h, o); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, cpuTime()-cpu)
		b.ReportMetric(float64(len(l.Pages)), "pages")
	})
	b.Run("write", func(b *testing.B) {
		b.ReportAllocs()
		var cpu time.Duration
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			d := pdfout.NewDocument()
			if err := Place(d, l, w, h, o); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			c := cpuTime()
			if _, err := d.Bytes(meta); err != nil {
				b.Fatal(err)
			}
			cpu += cpuTime() - c
		}
		reportCPU(b, cpu)
	})
	b.Run("total", func(b *testing.B) {
		b.ReportAllocs()
		size := 0
		cpu := cpuTime()
		for i := 0; i < b.N; i++ {
			data, err := Impose(l, meta, w, h, o)
			if err != nil {
				b.Fatal(err)
			}
			size = len(data)
		}
		reportCPU(b, cpuTime()-cpu)
		b.ReportMetric(float64(size)/1024, "KiB")
		if ms, ok := pdfjam(b, l, meta); ok {
			b.ReportMetric(ms, "pdfjam-ms")
		}
	})
}

// reportCPU reports the processor time of an iteration, all threads
// together: wall time (ns/op) depends on what else the machine runs.
func reportCPU(b *testing.B, d time.Duration) {
	if d > 0 {
		b.ReportMetric(float64(d.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	}
}

// pdfjam times pdfjam's booklet of the same pages, from the plain PDF.
func pdfjam(b *testing.B, l *typeset.Layout, meta pdfout.Meta) (float64, bool) {
	if _, err := exec.LookPath("pdfjam"); err != nil {
		return 0, false
	}
	b.StopTimer()
	defer b.StartTimer()
	data, err := pdfout.Write(l, meta)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	in := filepath.Join(dir, "in.pdf")
	os.WriteFile(in, data, 0o644)
	start := time.Now()
	out, err := exec.Command("pdfjam", "--booklet", "true", "--landscape", "--paper", "a4paper", "--outfile", filepath.Join(dir, "out.pdf"), in).CombinedOutput()
	if err != nil {
		b.Logf("pdfjam: %v\n%s", err, out)
		return 0, false
	}
	return float64(time.Since(start).Microseconds()) / 1000, true
}
