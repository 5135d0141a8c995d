package builders_test

import (
	"archive/zip"
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/builders/epub"
	"github.com/communs/communs/builders/pdf"
	"github.com/communs/communs/i18n"
	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/testutil"
	"github.com/communs/communs/internal/translate"
)

// creditsSite has two books in French and English: « livre », without
// authors of its own (its chapters' are on its cover), translated and
// proofread, from a source, with dates; « recueil », edited by Camille
// Martin, one of its chapters by Grace Hopper.
var creditsSite = map[string]string{
	"site.toml": `title = "Essai"
baseURL = "https://example.org/"
defaultLanguage = "fr"
license = "CC-BY-SA-4.0"
publisher = "Éditions d'essai"
[params]
translationTeam = "Framalang"
[languages.fr]
title = "Essai"
[languages.en]
title = "Essay"
`,
	"content/books/livre/_index.fr.md": `+++
title = "Un livre"
subtitle = "Deux chapitres"
date = 2024-03-01
lastmod = 2024-05-02
reviewers = ["Mathilde"]
tags = ["essai"]
[source]
title = "The Original"
author = "Alan Turing"
url = "https://example.com/original"
language = "en"
date = 2020-01-02
+++
`,
	"content/books/livre/01-un.fr.md":   "+++\ntitle = \"Premier\"\nweight = 1\nauthors = [\"Ada Lovelace\"]\n+++\n\nLe premier chapitre.\n",
	"content/books/livre/02-deux.fr.md": "+++\ntitle = \"Second\"\nweight = 2\nauthors = [\"Grace Hopper\", \"Ada Lovelace\"]\ntranslators = [\"Bastien\"]\n+++\n\nLe second chapitre.\n",
	"content/books/livre/_index.en.md": `+++
title = "A book"
subtitle = "Two chapters"
date = 2024-03-01
lastmod = 2024-05-02
reviewers = ["Mathilde"]
[source]
title = "The Original"
author = "Alan Turing"
url = "https://example.com/original"
language = "en"
date = 2020-01-02
+++
`,
	"content/books/livre/01-un.en.md":   "+++\ntitle = \"First\"\nweight = 1\nauthors = [\"Ada Lovelace\"]\n+++\n\nThe first chapter.\n",
	"content/books/livre/02-deux.en.md": "+++\ntitle = \"Second\"\nweight = 2\nauthors = [\"Grace Hopper\", \"Ada Lovelace\"]\ntranslators = [\"Bastien\"]\n+++\n\nThe second chapter.\n",
	"content/books/recueil/_index.md":   "+++\ntitle = \"Un recueil\"\ndate = 2025-01-10\nauthors = [\"Camille Martin\"]\n+++\n",
	"content/books/recueil/01-un.md":    "+++\ntitle = \"Ouverture\"\nweight = 1\n+++\n\nUn texte de l’éditrice.\n",
	"content/books/recueil/02-deux.md":  "+++\ntitle = \"Contribution\"\nweight = 2\nauthors = [\"Grace Hopper\"]\n+++\n\nUn texte invité.\n",
}

// TestSameCredits builds the EPUB and the PDF of each book and finds the
// same credits in both: on the title page, in the colophon, under a
// chapter's title and in the files' metadata.
func TestSameCredits(t *testing.T) {
	for _, tool := range []string{"pdftotext", "pdfinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("skipped: %s is not installed (apt-get install poppler-utils)", tool)
		}
	}
	c := loadSite(t, testutil.Files(t, creditsSite))
	if err := (epub.Builder{}).Build(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if err := (pdf.Builder{}).Build(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if errs, _ := c.Diags.Count(); errs > 0 {
		t.Fatalf("errors: %v", c.Diags.Items())
	}
	// What each book must say, in both files.
	facts := map[string]struct {
		title, colophon []string
		authors         []string // in the files' metadata
		// bylines are under chapters' titles; a chapter by all the
		// book's authors has none.
		bylines, noBylines []string
	}{
		"fr/livre": {
			title: []string{"Ada Lovelace et Grace Hopper", "Un livre", "Deux chapitres", "Éditions d’essai"},
			colophon: []string{
				"Par Ada Lovelace et Grace Hopper",
				"Texte original : The Original par Alan Turing en anglais (2020-01-02), https://example.com/original",
				"Traduction Framalang : Bastien",
				"Révisions : Mathilde",
				"Publié le 1er mars 2024, mis à jour le 2 mai 2024",
				"Éditions d’essai",
				"Ce texte est publié sous licence Creative Commons Attribution – Partage dans les mêmes conditions 4.0 International.",
				"En ligne : https://example.org/books/livre/",
			},
			authors:   []string{"Ada Lovelace", "Grace Hopper"},
			bylines:   []string{"Par Ada Lovelace"},
			noBylines: []string{"Par Grace Hopper et Ada Lovelace"},
		},
		"en/livre": {
			title: []string{"Ada Lovelace and Grace Hopper", "A book", "Two chapters", "Éditions d’essai"},
			colophon: []string{
				"By Ada Lovelace and Grace Hopper",
				"Original text: The Original by Alan Turing in English (2020-01-02), https://example.com/original",
				"Translation Framalang: Bastien",
				"Proofreading: Mathilde",
				"This text is published under the Creative Commons Attribution-ShareAlike 4.0 International licence.",
				"Online: https://example.org/en/books/livre/",
			},
			authors:   []string{"Ada Lovelace", "Grace Hopper"},
			bylines:   []string{"By Ada Lovelace"},
			noBylines: []string{"By Grace Hopper and Ada Lovelace"},
		},
		"fr/recueil": {
			title:    []string{"Camille Martin", "Un recueil"},
			colophon: []string{"Par Camille Martin", "Publié le 10 janvier 2025"},
			authors:  []string{"Camille Martin"},
			bylines:  []string{"Par Grace Hopper"},
		},
	}
	seen := 0
	for _, pub := range epub.Publications(c.Site) {
		p := pub.Page
		key := p.Lang + "/" + p.Book.Slug
		want, ok := facts[key]
		if !ok {
			continue
		}
		seen++
		t.Run(key, func(t *testing.T) {
			e := readEPUB(t, c.OutPath(c.PagePath(p)+epub.FileName(pub)))
			pdfFile := c.OutPath(c.PagePath(p) + pdf.FileName(p))
			pages := strings.Split(run(t, "pdftotext", "-enc", "UTF-8", pdfFile, "-"), "\f")
			// The PDF's colophon is the page that says how it was made.
			colophon := ""
			for _, pg := range pages {
				if strings.Contains(squeeze(pg), squeeze(c.Text(p.Lang, "pdf_typeset", nil))) {
					colophon = pg
				}
			}
			if colophon == "" {
				t.Fatalf("no colophon in the PDF:\n%s", strings.Join(pages, "\n----\n"))
			}
			// The lines the two colophons share come from one list: each
			// is in both, and the facts above are among them.
			var lines []string
			printed := squeeze(colophon)
			for _, l := range builders.NewPublication(c.Site, p).Colophon(c) {
				lines = append(lines, l.Plain())
				for _, sp := range l.Spans {
					if sp.Link != "" && !sp.IsAddress() {
						// The PDF prints a link's address after it.
						if !strings.Contains(printed, squeeze(sp.Text+" ("+sp.Link+")")) {
							t.Errorf("the PDF's colophon does not print the address of %q, %s", sp.Text, sp.Link)
						}
						printed = strings.ReplaceAll(printed, squeeze(" ("+sp.Link+")"), "")
					}
				}
			}
			for _, s := range append(lines, want.colophon...) {
				has(t, "the EPUB's colophon", e["EPUB/colophon.xhtml"], s)
				has(t, "the PDF's colophon", printed, s)
			}
			if len(pages) < 3 {
				t.Fatalf("the PDF has %d pages", len(pages))
			}
			for _, s := range want.title {
				has(t, "the EPUB's title page", e["EPUB/titlepage.xhtml"], s)
				has(t, "the PDF's title page", pages[1], s)
			}
			var chapters strings.Builder
			for name, text := range e {
				if strings.HasPrefix(name, "EPUB/chapter-") {
					chapters.WriteString(text)
				}
			}
			pdfChapters := strings.Join(pages[3:], " ")
			for _, s := range want.bylines {
				has(t, "the EPUB's chapters", chapters.String(), s)
				has(t, "the PDF's chapters", pdfChapters, s)
			}
			for _, s := range want.noBylines {
				for where, text := range map[string]string{"EPUB": chapters.String(), "PDF": pdfChapters} {
					if strings.Contains(squeeze(testutil.HTMLText([]byte(text))), squeeze(s)) {
						t.Errorf("the %s's chapters have %q, the book's authors", where, s)
					}
				}
			}
			has(t, "the PDF's metadata", run(t, "pdfinfo", pdfFile), "Author: "+c.JoinNames(p.Lang, want.authors))
			for _, s := range want.authors {
				if !strings.Contains(e["EPUB/package.opf"], ">"+s+"</dc:creator>") {
					t.Errorf("the EPUB's package does not name %s", s)
				}
			}
		})
	}
	if seen != len(facts) {
		t.Errorf("%d books checked; want %d", seen, len(facts))
	}
	// The package names every author once with their role, and the
	// translator and proofreader of the chapters and the book.
	opf := readEPUB(t, filepath.Join(c.Dest, "books/livre/livre.epub"))["EPUB/package.opf"]
	for _, s := range []string{
		`<dc:creator id="aut1">Ada Lovelace</dc:creator>`, `<dc:creator id="aut2">Grace Hopper</dc:creator>`,
		`<dc:contributor id="trl1">Bastien</dc:contributor>`, `<dc:contributor id="pfr1">Mathilde</dc:contributor>`,
		`<dc:publisher>Éditions d’essai</dc:publisher>`, `<dc:date>2024-03-01</dc:date>`,
		`<dc:source id="src">https://example.com/original</dc:source>`,
	} {
		if !strings.Contains(opf, s) {
			t.Errorf("package.opf lacks %s:\n%s", s, opf)
		}
	}
	if strings.Contains(opf, `id="aut3"`) {
		t.Errorf("an author is named twice:\n%s", opf)
	}

	t.Run("epubcheck", func(t *testing.T) {
		testutil.NeedEPUBCheck(t)
		var files []string
		for _, pub := range epub.Publications(c.Site) {
			files = append(files, c.OutPath(c.PagePath(pub.Page)+epub.FileName(pub)))
		}
		for i, r := range testutil.EPUBCheck(t, files...) {
			if !r.Clean() {
				t.Errorf("%s: %s", files[i], r)
			}
		}
	})
}

// TestPublication reads the metadata of a book, of a book with authors of
// its own and of an article.
func TestPublication(t *testing.T) {
	c := loadSite(t, testutil.Files(t, creditsSite))
	ls := c.Site.Langs["fr"]
	var livre, recueil *site.Book
	for _, b := range ls.Books {
		switch b.Slug {
		case "livre":
			livre = b
		case "recueil":
			recueil = b
		}
	}
	pub := builders.NewPublication(c.Site, livre.Index)
	if !pub.IsBook() || len(pub.Chapters) != 2 || len(pub.Pages()) != 3 {
		t.Errorf("a book of %d chapters, %d pages", len(pub.Chapters), len(pub.Pages()))
	}
	if got := strings.Join(pub.Authors, ", "); got != "Ada Lovelace, Grace Hopper" {
		t.Errorf("authors = %s; want the chapters', once each, in order", got)
	}
	if got := strings.Join(pub.Creators, ", "); got != "Ada Lovelace, Grace Hopper" {
		t.Errorf("creators = %s", got)
	}
	if got := pub.ChapterAuthors(livre.Chapters[1]); got != nil {
		t.Errorf("the second chapter's byline names %v; its authors are the book's", got)
	}
	if pub.Source == nil || pub.Source.Author != "Alan Turing" || pub.TranslationTeam != "Framalang" || pub.Publisher != "Éditions d’essai" {
		t.Errorf("source %+v, team %q, publisher %q", pub.Source, pub.TranslationTeam, pub.Publisher)
	}
	if pub.License == nil || pub.License.ID != "CC-BY-SA-4.0" || pub.Date.Format(time.DateOnly) != "2024-03-01" || pub.Lastmod.Format(time.DateOnly) != "2024-05-02" {
		t.Errorf("licence %v, date %v, lastmod %v", pub.License, pub.Date, pub.Lastmod)
	}
	if !strings.HasPrefix(pub.Identifier, "urn:uuid:") || pub.Identifier == builders.NewPublication(c.Site, c.Site.Langs["en"].Books[0].Index).Identifier {
		t.Errorf("identifier %q: not a UUID URN, or the translation's", pub.Identifier)
	}
	if len(pub.Keywords) != 1 || pub.Keywords[0] != "essai" {
		t.Errorf("keywords = %v", pub.Keywords)
	}

	ed := builders.NewPublication(c.Site, recueil.Index)
	if got := strings.Join(ed.Authors, ", "); got != "Camille Martin" {
		t.Errorf("authors = %s; want the book's own", got)
	}
	if got := strings.Join(ed.Creators, ", "); got != "Camille Martin, Grace Hopper" {
		t.Errorf("creators = %s; want the book's, then the chapters'", got)
	}
	if got := ed.ChapterAuthors(recueil.Chapters[1]); len(got) != 1 || got[0] != "Grace Hopper" {
		t.Errorf("chapter byline = %v", got)
	}

	art := builders.NewPublication(c.Site, livre.Chapters[1])
	if art.IsBook() || art.Chapters != nil || len(art.Translators) != 1 || art.Source != nil {
		t.Errorf("a page alone: book %v, translators %v, source %v", art.IsBook(), art.Translators, art.Source)
	}
}

// has reports when got lacks want, white space aside: line ends, and the
// spaces French typography puts before « : ».
func has(t *testing.T, where, got, want string) {
	t.Helper()
	if !strings.Contains(squeeze(testutil.HTMLText([]byte(got))), squeeze(want)) {
		t.Errorf("%s lacks %q:\n%s", where, want, got)
	}
}

// squeeze removes white space.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

// loadSite reads and renders a site with the built-in interface strings,
// its output going to a temporary folder.
func loadSite(t *testing.T, src string) *builders.Context {
	t.Helper()
	ctx := context.Background()
	diags := &diag.List{}
	s, err := site.Load(ctx, src, site.Options{Now: time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)}, diags)
	if err != nil {
		t.Fatalf("load: %v\n%v", err, diags.Items())
	}
	cat := translate.NewCatalog(s.Config.DefaultLanguage)
	for _, l := range s.Languages {
		data, err := fs.ReadFile(i18n.Files, l.Code+".toml")
		if err != nil {
			t.Fatal(err)
		}
		if err := cat.Add(l.Code, "i18n/"+l.Code+".toml", data); err != nil {
			t.Fatal(err)
		}
	}
	c := &builders.Context{Site: s, Dest: t.TempDir(), Diags: diags, Strings: cat, Workers: 2, Downloads: &builders.Downloads{}}
	if err := builders.RenderPages(ctx, c); err != nil {
		t.Fatal(err)
	}
	return c
}

// readEPUB is the text of every file of an EPUB, by name.
func readEPUB(t *testing.T, file string) map[string]string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		out[f.Name] = string(b)
	}
	return out
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}
