package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/communs/communs/internal/build"
	"github.com/communs/communs/internal/site"
)

func newSite(t *testing.T) string {
	t.Helper()
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "site.toml"), []byte("title = \"T\"\nbaseURL = \"https://t.example/\"\ntimeZone = \"America/Montreal\"\n[languages.fr]\n[languages.en]\n"), 0o644)
	return src
}

func readText(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestNewContent(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1800000000") // 2027-01-15 08:00 UTC
	src := newSite(t)

	code, out, errs := runCLI(t, "new", "article", "--source", src, "L'été", "\"chaud\"", "à", "Montréal")
	if code != 0 || !strings.Contains(out, "content/articles/lete-chaud-a-montreal/index.md: created") {
		t.Fatalf("new article: exit %d\n%s%s", code, out, errs)
	}
	art := readText(t, filepath.Join(src, "content/articles/lete-chaud-a-montreal/index.md"))
	for _, want := range []string{
		"+++\ntitle = \"L'été \\\"chaud\\\" à Montréal\"\n",
		"date = 2027-01-15T03:00:00-05:00\n", // in the site's time zone
		"draft = true\n",
	} {
		if !strings.Contains(art, want) {
			t.Errorf("the article lacks %q:\n%s", want, art)
		}
	}
	// Never overwritten.
	os.WriteFile(filepath.Join(src, "content/articles/lete-chaud-a-montreal/index.md"), []byte(art+"\nMon texte.\n"), 0o644)
	if code, _, errs := runCLI(t, "new", "article", "--source", src, "L'été \"chaud\" à Montréal"); code != 1 || !strings.Contains(errs, "exists already: refusing to overwrite it") {
		t.Errorf("second article of the same title: exit %d, %q", code, errs)
	}
	if !strings.Contains(readText(t, filepath.Join(src, "content/articles/lete-chaud-a-montreal/index.md")), "Mon texte.") {
		t.Errorf("the article was overwritten")
	}
	if code, out, _ := runCLI(t, "new", "article", "--source", src, "--lang", "en", "--slug", "hot-summer", "--section", "news", "Hot summer"); code != 0 || !strings.Contains(out, "content/news/hot-summer/index.en.md") {
		t.Errorf("article in English: exit %d, %q", code, out)
	}

	if code, out, errs := runCLI(t, "new", "book", "--source", src, "Petit guide"); code != 0 || !strings.Contains(out, "content/books/petit-guide/_index.md: created") {
		t.Fatalf("new book: exit %d\n%s%s", code, out, errs)
	}
	for i, title := range []string{"Premier chapitre", "Le deuxième"} {
		code, out, errs := runCLI(t, "new", "chapter", "--source", src, "petit-guide", title)
		want := []string{"content/books/petit-guide/01-premier-chapitre.md", "content/books/petit-guide/02-le-deuxieme.md"}[i]
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("new chapter: exit %d\n%s%s", code, out, errs)
		}
	}
	if ch := readText(t, filepath.Join(src, "content/books/petit-guide/02-le-deuxieme.md")); !strings.Contains(ch, "weight = 2\n") {
		t.Errorf("second chapter:\n%s", ch)
	}

	// What was made builds, with --drafts, into what it says.
	res, err := build.Run(context.Background(), build.Options{Source: src, Dest: filepath.Join(t.TempDir(), "o"), Drafts: true, Now: time.Unix(1800000000, 0)})
	if err != nil {
		var b strings.Builder
		res.Diags.Print(&b)
		t.Fatalf("the new content does not build: %v\n%s", err, b.String())
	}
	var book *site.Book
	for _, b := range res.Site.Langs["fr"].Books {
		book = b
	}
	if book == nil || book.Index.Title != "Petit guide" || len(book.Chapters) != 2 || book.Chapters[1].Title != "Le deuxième" {
		t.Errorf("the book: %+v", book)
	}
	if e, w := res.Diags.Count(); e+w != 0 {
		var b strings.Builder
		res.Diags.Print(&b)
		t.Errorf("the new content gives %d errors and %d warnings:\n%s", e, w, b.String())
	}

	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"new", "chapter", "--source", src, "pas-de-livre", "Un"}, 1, "no book \"pas-de-livre\""},
		{[]string{"new", "article", "--source", src}, 2, "give the title"},
		{[]string{"new", "article", "--source", src, "--lang", "de", "Hallo"}, 1, "--lang de is not a language of the site"},
		{[]string{"new", "article", "--source", src, "!!!"}, 1, "gives no usable URL segment"},
		{[]string{"new", "article", "--source", src, "--section", "books", "X"}, 1, "other than books/"},
		{[]string{"new", "article", "--source", t.TempDir(), "X"}, 1, "no site.toml"},
		{[]string{"new", "poem", "X"}, 2, "unknown kind"},
	} {
		if code, _, errs := runCLI(t, c.args...); code != c.code || !strings.Contains(errs, c.msg) {
			t.Errorf("%v: exit %d, %q; want %d and %q", c.args, code, errs, c.code, c.msg)
		}
	}
}
