package translations_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/builders/html"
	"github.com/communs/communs/builders/translations"
	"github.com/communs/communs/internal/build"
	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/testutil"
	"github.com/communs/communs/internal/translate"
)

// buildTranslations runs the render stage, the HTML builder and the
// translations builder on the site in dir.
func buildTranslations(t *testing.T, dir string) (string, *diag.List) {
	t.Helper()
	ctx := context.Background()
	diags := &diag.List{}
	s, err := site.Load(ctx, dir, site.Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}, diags)
	if err != nil {
		t.Fatal(err)
	}
	dest := t.TempDir()
	c := &builders.Context{Site: s, Dest: dest, Diags: diags, Strings: build.LoadStrings(s, diags), Workers: 2, Downloads: &builders.Downloads{}}
	if err := builders.RenderPages(ctx, c); err != nil {
		t.Fatal(err)
	}
	for _, b := range []builders.Builder{html.Builder{}, translations.Builder{}} {
		if err := b.Build(ctx, c); err != nil {
			t.Fatal(err)
		}
	}
	if diags.HasErrors(false) {
		var b bytes.Buffer
		diags.Print(&b)
		t.Fatalf("build errors:\n%s", b.String())
	}
	return dest, diags
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const siteTOML = "title = \"T\"\nbaseURL = \"https://t.example/blog/\"\ndefaultLanguage = \"fr\"\n[languages.fr]\ntitle = \"Le T\"\n[languages.en]\ntitle = \"The T\"\n"

func TestTranslationsPages(t *testing.T) {
	dir := testutil.Files(t, map[string]string{
		"site.toml":                      siteTOML,
		"content/articles/a/index.md":    "+++\ntitle = \"Article A\"\ndate = 2024-01-01\n+++\n\nPremier paragraphe.\n\nDeuxième paragraphe.\n",
		"content/articles/a/index.en.md": "+++\ntitle = \"Article A (en)\"\ndate = 2024-01-01\ntranslators = [\"Alex\", \"Élodie\"]\nreviewers = [\"Dominique\"]\n+++\n\nFirst paragraph.\n\nSecond paragraph.\n",
		"content/articles/b/index.md":    "+++\ntitle = \"Article B\"\ndate = 2024-02-01\n+++\n\nSeul en français.\n",
		"content/articles/c/index.en.md": "+++\ntitle = \"Article C\"\ndate = 2024-03-01\ntranslators = [\"Alex\"]\n+++\n\nOnly in English.\n",
	})
	// Acknowledge A's translation, then change a word of the original.
	s, _, err := translate.LoadSite(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	en, _ := translate.FindPage(s, "content/articles/a/index.en.md")
	if _, err := translate.Ack(s, en); err != nil {
		t.Fatal(err)
	}
	orig := filepath.Join(dir, "content/articles/a/index.md")
	os.WriteFile(orig, []byte(strings.Replace(read(t, orig), "Deuxième paragraphe.", "Deuxième paragraphe, revu.", 1)), 0o644)

	dest, _ := buildTranslations(t, dir)
	page := read(t, filepath.Join(dest, "en/translations/index.html"))
	for _, want := range []string{
		"<h1>Translation status</h1>",
		`<a href="/blog/en/translations/atom.xml" type="application/atom+xml">`,
		"English: 0 up to date, 0 in progress, 1 to update, 0 to check, 1 to translate.",
		"Français: 0 up to date, 0 in progress, 0 to update, 0 to check, 1 to translate.",
		`<a href="/blog/2024/01/01/a/" hreflang="fr" lang="fr">Article A</a>`,
		`<td class="status-outdated"><a href="/blog/en/2024/01/01/a/" hreflang="en">to update</a></td>`,
		`<td class="status-missing">to translate</td>`,
		`<td class="status-original"><a href="/blog/en/2024/03/01/c/" hreflang="en">original</a></td>`,
		`hreflang="fr" href="https://t.example/blog/translations/"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("en/translations/ lacks %s", want)
		}
	}
	fr := read(t, filepath.Join(dest, "translations/index.html"))
	if !strings.Contains(fr, "<h1>État des traductions</h1>") || !strings.Contains(fr, "Français\u00a0: 0 à jour") {
		t.Errorf("translations/ in French:\n%s", fr)
	}
	if menu := read(t, filepath.Join(dest, "index.html")); strings.Contains(menu, "/translations/") {
		t.Error("the status page is linked from the home page")
	}

	// The English feed of work: the outdated page first, with its change.
	fp := gofeed.NewParser()
	f, err := fp.ParseString(read(t, filepath.Join(dest, "en/translations/atom.xml")))
	if err != nil {
		t.Fatal(err)
	}
	if f.Title != "Pages to translate (English)" || len(f.Items) != 2 {
		t.Fatalf("feed %q with %d items", f.Title, len(f.Items))
	}
	if it := f.Items[0]; it.Title != "To update: Article A" || it.Link != "https://t.example/blog/2024/01/01/a/" ||
		!strings.Contains(it.Content, "Deuxième paragraphe, revu.") || !strings.Contains(it.Content, "<strong>Before</strong>") {
		t.Errorf("outdated entry: %+v", it)
	}
	if it := f.Items[1]; it.Title != "To translate: Article B" {
		t.Errorf("missing entry: %+v", it)
	}
	f, err = fp.ParseString(read(t, filepath.Join(dest, "translations/atom.xml")))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 1 || f.Items[0].Title != "À traduire\u00a0: Article C" || !strings.Contains(f.Items[0].Content, "Only in English.") {
		t.Errorf("French feed: %+v", f.Items)
	}

	// Contributors: English only, by name, accents aside.
	con := read(t, filepath.Join(dest, "en/contributors/index.html"))
	ia, ie, id := strings.Index(con, "<h2>Alex</h2>"), strings.Index(con, "<h2>Élodie</h2>"), strings.Index(con, "<h2>Dominique</h2>")
	if ia < 0 || id < 0 || ie < 0 || !(ia < id && id < ie) {
		t.Errorf("contributors order Alex %d, Dominique %d, Élodie %d:\n%s", ia, id, ie, con)
	}
	alex := con[ia:id]
	if !strings.Contains(alex, `<a href="/blog/en/2024/03/01/c/">Article C</a>`) || !strings.Contains(alex, `<a href="/blog/en/2024/01/01/a/">Article A (en)</a>`) ||
		strings.Index(alex, "Article C") > strings.Index(alex, "Article A") {
		t.Errorf("Alex's translations, newest first:\n%s", alex)
	}
	if !strings.Contains(con[id:ie], "<h3>Proofread</h3>") {
		t.Errorf("Dominique proofread:\n%s", con[id:ie])
	}
	if _, err := os.Stat(filepath.Join(dest, "contributors/index.html")); err == nil {
		t.Error("a French contributors page with no French translator")
	}

	// The notice: on the outdated translation only.
	if a := read(t, filepath.Join(dest, "en/2024/01/01/a/index.html")); !strings.Contains(a, `class="translation-outdated"`) || !strings.Contains(a, `href="/blog/2024/01/01/a/" hreflang="fr">Read the original (Français)</a>`) {
		t.Errorf("no notice on the outdated translation")
	}
	for _, p := range []string{"2024/01/01/a/index.html", "en/2024/03/01/c/index.html", "2024/02/01/b/index.html", "en/index.html"} {
		if strings.Contains(read(t, filepath.Join(dest, p)), "translation-outdated") {
			t.Errorf("notice on %s", p)
		}
	}
}

func TestTranslationsClashAndOneLanguage(t *testing.T) {
	dir := testutil.Files(t, map[string]string{
		"site.toml":               siteTOML,
		"content/translations.md": "+++\ntitle = \"Nos traductions\"\n+++\n\nUne page à nous.\n",
	})
	dest, diags := buildTranslations(t, dir)
	if page := read(t, filepath.Join(dest, "translations/index.html")); !strings.Contains(page, "Une page à nous.") {
		t.Error("the site's own page was replaced")
	}
	var b bytes.Buffer
	diags.Print(&b)
	if !strings.Contains(b.String(), "content/translations.md: warning: takes the URL /translations/") {
		t.Errorf("no warning:\n%s", b.String())
	}
	if _, err := os.Stat(filepath.Join(dest, "en/translations/index.html")); err != nil {
		t.Error("the English status page is missing")
	}

	one := testutil.Files(t, map[string]string{
		"site.toml":                   "title = \"T\"\nbaseURL = \"https://t.example/\"\n",
		"content/articles/a/index.md": "+++\ntitle = \"A\"\ndate = 2024-01-01\ntranslators = [\"X\"]\n+++\n\nTexte.\n",
	})
	dest, _ = buildTranslations(t, one)
	for _, p := range []string{"translations/index.html", "contributors/index.html"} {
		if _, err := os.Stat(filepath.Join(dest, p)); err == nil {
			t.Errorf("%s written for a site with one language", p)
		}
	}
}

func TestTranslationsCorpus(t *testing.T) {
	dir := testutil.Corpus(t)
	dest, _ := buildTranslations(t, dir)
	page := read(t, filepath.Join(dest, "en/translations/index.html"))
	if n := strings.Count(page, `class="status-missing"`); n != 22 {
		t.Errorf("%d missing English translations on the status page, want 22", n)
	}
	f, err := gofeed.NewParser().ParseString(read(t, filepath.Join(dest, "en/translations/atom.xml")))
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Items) != 24 || !strings.HasPrefix(f.Items[0].Title, "To check: ") {
		t.Errorf("English feed: %d items, first %q", len(f.Items), f.Items[0].Title)
	}
	con := read(t, filepath.Join(dest, "contributors/index.html"))
	if !strings.Contains(con, "<h2>Khrys</h2>") || !strings.Contains(con, "<h2>goofy</h2>") {
		t.Error("French contributors page lacks Framalang's translators")
	}
}
