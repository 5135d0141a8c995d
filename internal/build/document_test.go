package build

import (
	"archive/zip"
	"context"
	"io"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/testutil"
)

// TestEachPageReadOnce: a build reads each page's Markdown once, though
// the HTML, the EPUB and the PDFs (reading and booklets) all render the
// book's chapters; with a warm cache, the pages whose HTML comes from the
// cache are read only when a book needs them.
func TestEachPageReadOnce(t *testing.T) {
	t.Parallel() // the heavy tests of the package run side by side
	root := testutil.RepoRoot()
	res := buildInto(t, root, filepath.Join(t.TempDir(), "public"))
	pages := 0
	for _, n := range res.Pages {
		pages += n
	}
	if res.Reads != int64(pages) {
		t.Errorf("%d Markdown reads for %d pages, want one each", res.Reads, pages)
	}
	books := 0 // the pages of books, EPUBs and PDFs
	for _, ls := range res.Site.Langs {
		for _, p := range ls.All {
			if builders.KeepsDocument(p) {
				books++
			}
		}
	}
	if books == 0 || books == pages {
		t.Fatalf("the sample site has %d pages of books for %d pages", books, pages)
	}
	cache := t.TempDir()
	for i := 0; i < 2; i++ {
		r, err := Run(context.Background(), Options{Source: root, Dest: filepath.Join(t.TempDir(), "public"), Now: fixedNow, Cache: cache})
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 && r.Reads > int64(books) {
			t.Errorf("warm cache: %d reads, want at most the %d pages of books, EPUBs and PDFs", r.Reads, books)
		}
	}
}

// TestSameStructureInEveryOutput builds one article with every construct
// as HTML, EPUB and PDF: the three show the same figures, headings and
// notes, and each problem of the text is reported once.
func TestSameStructureInEveryOutput(t *testing.T) {
	src := testutil.Site(t, `
-- site.toml --
title = "Essai"
baseURL = "https://example.org/"
defaultLanguage = "fr"
-- content/articles/tout/index.md --
+++
title = "Tout"
date = 2024-01-02
formats = ["epub", "pdf"]
+++

Un paragraphe avec une note[^a] et une autre[^b].

## Des figures

![Une colline au soleil](colline.png "La colline au matin")

[![Un plan](plan.png "Le plan en grand")](plan.png)

Une image absente ![Rien](absente.png) et un lien [mort](nulle-part.md).

### Un tableau

| Nom | Valeur |
|:----|-------:|
| a   | 1      |

[^a]: La première note.
[^b]: La seconde note.
-- content/articles/tout/colline.png --
{{png}}
-- content/articles/tout/plan.png --
{{png}}
`)
	dest := filepath.Join(t.TempDir(), "public")
	diags := buildAnyway(t, src, dest)
	var all strings.Builder
	diags.Print(&all)
	for _, want := range []string{"absente.png", "nulle-part.md"} {
		if n := strings.Count(all.String(), want); n != 1 {
			t.Errorf("%q reported %d times, want once:\n%s", want, n, all.String())
		}
	}
	html := string(readFile(t, filepath.Join(dest, "2024/01/02/tout/index.html")))
	epub := epubText(t, filepath.Join(dest, "2024/01/02/tout/tout.epub"))
	pdf := ""
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", filepath.Join(dest, "2024/01/02/tout/tout.pdf"), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		pdf = string(out)
	} else {
		t.Log("pdftotext (poppler-utils) is not installed: the PDF's text is not compared")
	}
	for _, want := range []string{"La colline au matin", "Le plan en grand", "Des figures", "Un tableau", "La première note.", "La seconde note."} {
		if !strings.Contains(html, want) {
			t.Errorf("the HTML lacks %q", want)
		}
		if !strings.Contains(epub, want) {
			t.Errorf("the EPUB lacks %q", want)
		}
		if pdf != "" && !strings.Contains(pdf, want) {
			t.Errorf("the PDF lacks %q", want)
		}
	}
	if n := strings.Count(html, "<figcaption>"); n != 2 {
		t.Errorf("the HTML has %d captioned figures, want 2", n)
	}
	zr, err := zip.OpenReader(filepath.Join(dest, "2024/01/02/tout/tout.epub"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	f, err := zr.Open("EPUB/text.xhtml")
	if err != nil {
		t.Fatal(err)
	}
	text, _ := io.ReadAll(f)
	f.Close()
	if n := strings.Count(string(text), "<figcaption>"); n != 2 {
		t.Errorf("the EPUB has %d captioned figures, want 2", n)
	}
	if n := strings.Count(string(text), `epub:type="footnote"`); n != 2 {
		t.Errorf("the EPUB has %d notes, want 2", n)
	}
}

// TestCoverProblemsOnce: a cover the EPUB and the PDF cannot show is
// reported once for both, with its line.
func TestCoverProblemsOnce(t *testing.T) {
	for _, c := range []struct{ cover, want string }{
		{"vide.png", `content/books/livre/_index.md:3: warning: cover "vide.png" is an empty or damaged image file: the EPUB and the PDF get a typographic cover`},
		{"absente.png", `content/books/livre/_index.md:3: warning: cover "absente.png" is no file of the page's folder; the EPUB and the PDF get a typographic cover`},
	} {
		src := testutil.Site(t, `
-- site.toml --
title = "Essai"
baseURL = "https://example.org/"
-- content/books/livre/_index.md --
+++
title = "Livre"
cover = "`+c.cover+`"
+++
-- content/books/livre/vide.png --
-- content/books/livre/01-un.md --
+++
title = "Un"
+++
Texte.
`)
		diags := buildAnyway(t, src, filepath.Join(t.TempDir(), "public"))
		var all strings.Builder
		diags.Print(&all)
		if n := strings.Count(all.String(), c.cover); n != 1 || !strings.Contains(all.String(), c.want) {
			t.Errorf("cover %s: reported %d times, want once as\n%s\ngot:\n%s", c.cover, n, c.want, all.String())
		}
	}
}
