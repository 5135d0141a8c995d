package pdf

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/testutil"
	"github.com/communs/communs/internal/typeset"
)

func TestSampleBook(t *testing.T) {
	tool(t, "qpdf", "qpdf")
	tool(t, "pdftotext", "poppler-utils")
	c := load(t, testutil.RepoRoot())
	c.Dest = t.TempDir()
	if err := (Builder{}).Build(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if e, _ := c.Diags.Count(); e > 0 {
		t.Fatalf("diagnostics: %v", c.Diags.Items())
	}
	ls := c.Site.Langs["fr"]
	if len(ls.Books) == 0 {
		t.Fatal("the sample site has no book")
	}
	book := ls.Books[0]
	p := book.Index
	file := c.OutPath(c.PagePath(p) + FileName(p))
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("the book's PDF was not written: %v", err)
	}
	dl := c.Downloads.For(p)
	if len(dl) != 1 || dl[0].Kind != "pdf" || dl[0].Size != int64(len(data)) || !strings.HasSuffix(dl[0].URL, "/petit-guide.pdf") {
		t.Errorf("downloads: %+v", dl)
	}
	checkPDF(t, "petit-guide", file, data)
	opts, _ := Settings(c, p)
	e := extract(t, file, opts)
	checkText(t, "petit-guide", e, sourceText(append([]*site.Page{p}, book.Chapters...)...))
	checkGeometry(t, "petit-guide", file, opts, false)
	for _, want := range []string{"/Outlines", "/Subtype /Link", "/URI", "/Dest ["} {
		if !bytes.Contains(data, []byte(want)) {
			t.Errorf("no %s in the book's PDF", want)
		}
	}
	// Front matter: the table of contents gives each chapter's page.
	l, _, err := Layout(c, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Every page but the cover and blank pages prints its folio.
	for i, pg := range l.Pages {
		printed := false
		for _, it := range pg.Items {
			if it.Kind == typeset.TextItem && it.Text == pg.Folio && it.Y > opts.PageHeight-opts.Bottom {
				printed = true
			}
		}
		if i > 0 && !pg.Blank && (pg.Folio == "" || !printed) {
			t.Errorf("page %d (of %d) has no folio printed", i+1, len(l.Pages))
		}
	}
	for i, ch := range book.Chapters {
		dst, ok := l.Anchors["c"+string(rune('1'+i))]
		if !ok {
			t.Fatalf("no anchor for chapter %d", i+1)
		}
		folio := l.Pages[dst.Page].Folio
		if !strings.Contains(e.text, ch.Title) || !strings.Contains(e.text, folio) {
			t.Errorf("chapter %q on page %s: not in the table of contents", ch.Title, folio)
		}
	}
	for _, want := range []string{"Table des matières", p.License.Name("fr"), "Révision"} {
		if !strings.Contains(strings.ReplaceAll(e.text, "\n", " "), want) {
			t.Errorf("the front matter lacks %q", want)
		}
	}
	// Byte-identical builds.
	again, err := Render(c, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again, data) {
		t.Error("two builds of the book differ")
	}
	os.WriteFile(filepath.Join(os.TempDir(), "communs-petit-guide.pdf"), data, 0o644)
}

// TestPrintLayout: chapters open on right-hand pages, blank pages carry
// no folio, margins mirror.
func TestPrintLayout(t *testing.T) {
	c := load(t, testutil.RepoRoot())
	p := c.Site.Langs["fr"].Books[0].Index
	l, _, err := Layout(c, p, func(o *typeset.Options) {
		o.Print = true
		o.PageWidth, o.PageHeight = typeset.Papers["half-letter"][0], typeset.Papers["half-letter"][1]
	})
	if err != nil {
		t.Fatal(err)
	}
	if l.Width != 396 || l.Height != 612 {
		t.Errorf("page size %v × %v", l.Width, l.Height)
	}
	for i := 1; i <= 3; i++ {
		dst := l.Anchors["c"+string(rune('0'+i))]
		if l.Pages[dst.Page].Number%2 != 1 {
			t.Errorf("chapter %d opens on page %d, a left-hand page", i, l.Pages[dst.Page].Number)
		}
	}
	blanks := 0
	for _, pg := range l.Pages {
		if pg.Blank {
			blanks++
			if pg.Folio != "" || len(pg.Items) > 0 {
				t.Errorf("blank page %d is not blank", pg.Number)
			}
		}
	}
	if blanks == 0 {
		t.Error("no blank page before a right-hand chapter opening")
	}
}

func TestCorpus(t *testing.T) {
	dir := testutil.Corpus(t)
	tool(t, "qpdf", "qpdf")
	tool(t, "pdftotext", "poppler-utils")
	c := load(t, dir)
	n := 0
	// The articles in parallel (the builder renders them so too): the
	// checkers run as processes, beside the next rendering. The group
	// ends when they all have.
	t.Run("articles", func(t *testing.T) {
		for _, l := range c.Site.Languages {
			for _, p := range c.Site.Langs[l.Code].Pages {
				if p.Kind != site.KindArticle {
					continue
				}
				n++
				t.Run(strings.TrimSuffix(p.File, "/index."+p.Lang+".md"), func(t *testing.T) {
					t.Parallel()
					data, err := Render(c, p, nil)
					if err != nil {
						t.Fatal(err)
					}
					file := writeTemp(t, FileName(p), data)
					checkPDF(t, p.File, file, data)
					opts, _ := Settings(c, p)
					checkText(t, p.File, extract(t, file, opts), sourceText(p))
					checkGeometry(t, p.File, file, opts, markdown.IsFrench(p.Lang) && p.Rendered.Words > 800)
					if !bytes.Contains(data, []byte("/Outlines")) {
						t.Error("no bookmarks")
					}
				})
			}
		}
	})
	if n < 20 {
		t.Errorf("only %d articles in the corpus", n)
	}
	for _, d := range c.Diags.Items() {
		if strings.Contains(d.Error(), "PDF") {
			t.Errorf("%v", d)
		}
	}
}
