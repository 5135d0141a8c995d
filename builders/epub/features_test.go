package epub_test

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/communs/communs/builders/epub"
	"github.com/communs/communs/internal/testutil"
)

// A 1×1 lossless WebP image.
var webpImage, _ = base64.StdEncoding.DecodeString("UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==")

// The start of an AVIF file: communs has no decoder for it.
var avifImage = []byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf")

var featureSite = map[string]string{
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
title = "Essai (English)"
`,
	"content/a-propos.md":                "+++\ntitle = \"À propos\"\n+++\n\nUne page.\n",
	"content/articles/autre/index.fr.md": "+++\ntitle = \"Autre\"\ndate = 2024-01-01\n+++\n\nUn autre article.\n",
	"content/articles/traduit/index.fr.md": `+++
title = "Un texte traduit : l'essai"
subtitle = "Avec des notes !"
date = 2024-02-03T10:00:00+01:00
authors = ["Ada Lovelace"]
translators = ["Bastien", "Goofy"]
reviewers = ["Mathilde"]
tags = ["essai", "traduction"]
series = "Essais"
formats = ["epub"]
[source]
title = "A translated text"
author = "Ada Lovelace"
url = "https://example.com/original"
language = "en"
+++

Premier paragraphe avec une note[^n] et un saut<br>de ligne&nbsp;: voilà.

![Un pixel converti](pixel.webp "Une image WebP, convertie")

Une image AVIF : ![Une photo AVIF](photo.avif) et une image distante ![Logo distant](https://example.com/logo.png).

## Des liens

Vers [l'autre article](../autre/index.fr.md), vers [la page](/a-propos/), et encore la note[^n].

| Nom | Valeur |
|:----|-------:|
| a   | 1      |

Terme
: Définition.

` + "```go\nfunc main() { println(\"<ok>\") }\n```\n" + `
[^n]: Une note avec du *texte* ; et deux appels.
`,
	"content/articles/traduit/index.en.md": `+++
title = "A translated text"
date = 2024-02-03
authors = ["Ada Lovelace"]
formats = ["epub"]
+++

The English text, with a [note][^1].

![A converted pixel](pixel.webp)

[^1]: The note.
`,
	"content/books/livre/_index.md": `+++
title = "Un livre"
date = 2024-03-01
authors = ["Ada Lovelace"]
cover = "couverture.webp"
+++

La présentation du livre.
`,
	"content/books/vide/_index.md":   "+++\ntitle = \"Un livre sans chapitres\"\n+++\n\nTout le texte est ici.\n",
	"content/books/livre/01-un.md":   "+++\ntitle = \"Premier chapitre\"\nweight = 1\n+++\n\nVoir le [second chapitre](02-deux.md#une-section).\n",
	"content/books/livre/02-deux.md": "+++\ntitle = \"Second chapitre\"\nweight = 2\nauthors = [\"Grace Hopper\"]\n+++\n\n## Une section\n\nDu texte.\n\n### Une sous-section\n\nEncore.\n\n## Une autre section\n\nFin.\n",
}

func featureTree(t *testing.T) string {
	t.Helper()
	dir := testutil.Files(t, featureSite)
	for rel, data := range map[string][]byte{
		"content/articles/traduit/pixel.webp": webpImage,
		"content/articles/traduit/photo.avif": avifImage,
		"content/books/livre/couverture.webp": webpImage,
	} {
		if err := os.WriteFile(filepath.Join(dir, rel), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestFeatures(t *testing.T) {
	b := buildEPUBs(t, featureTree(t))
	if errs, _ := b.c.Diags.Count(); errs > 0 {
		t.Fatalf("errors:\n%s", diagText(b.c.Diags))
	}
	read := func(rel string) *unpacked {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(b.dest, rel))
		if err != nil {
			t.Fatalf("%v\n%s", err, diagText(b.c.Diags))
		}
		checkContainer(t, data)
		u := unpack(t, data)
		u.wellFormed(t, rel)
		return u
	}
	fr := read("2024/02/03/traduit/traduit.epub")
	en := read("en/2024/02/03/traduit/traduit.epub")
	book := read("books/livre/livre.epub")
	empty := read("books/vide/vide.epub")
	if !strings.Contains(string(empty.files["EPUB/text.xhtml"]), "Tout le texte est ici.") {
		t.Error("a book without chapters has its text in no document")
	}

	t.Run("contributors", func(t *testing.T) {
		o := fr.opf(t)
		want := map[string]string{"Ada Lovelace": "aut", "Bastien": "trl", "Goofy": "trl", "Mathilde": "pfr"}
		if got := o.roles(); !mapsEqual(got, want) {
			t.Errorf("roles = %v; want %v", got, want)
		}
		if o.Metadata.Source != "https://example.com/original" {
			t.Errorf("dc:source = %q", o.Metadata.Source)
		}
		if !slices.Equal(o.Metadata.Subjects, []string{"essai", "traduction"}) {
			t.Errorf("subjects = %v", o.Metadata.Subjects)
		}
		if got := o.meta("belongs-to-collection", ""); len(got) != 1 || got[0] != "Essais" {
			t.Errorf("series = %v", got)
		}
		col := string(fr.files["EPUB/colophon.xhtml"])
		for _, s := range []string{"Traduction Framalang\u00a0: Bastien et Goofy", "Révisions\u00a0: Mathilde", `href="https://example.com/original"`, "Publié le 3\u00a0février 2024", "Éditions d’essai"} {
			if !strings.Contains(col, s) {
				t.Errorf("colophon lacks %q:\n%s", s, col)
			}
		}
	})

	t.Run("images", func(t *testing.T) {
		o := fr.opf(t)
		var pngs []string
		for _, it := range o.Manifest {
			if it.Type == "image/png" {
				pngs = append(pngs, it.Href)
			}
			if strings.HasSuffix(it.Href, ".webp") || strings.HasSuffix(it.Href, ".avif") {
				t.Errorf("%s is in the package unconverted", it.Href)
			}
		}
		if !slices.Equal(pngs, []string{"images/pixel.png"}) {
			t.Errorf("PNG images = %v; want the WebP converted", pngs)
		}
		if _, err := png.Decode(bytes.NewReader(fr.files["EPUB/images/pixel.png"])); err != nil {
			t.Errorf("converted image: %v", err)
		}
		text := string(fr.files["EPUB/text.xhtml"])
		for _, s := range []string{`<img src="images/pixel.png" alt="Un pixel converti" width="1" height="1" />`, "<figcaption>Une image WebP, convertie</figcaption>", "Une photo AVIF", `<a href="https://example.com/logo.png">Logo distant</a>`} {
			if !strings.Contains(text, s) {
				t.Errorf("text.xhtml lacks %s", s)
			}
		}
		var avif []string
		for _, d := range b.c.Diags.Items() {
			if strings.Contains(d.Message, "photo.avif") {
				avif = append(avif, d.String())
			}
		}
		if len(avif) != 1 || !strings.Contains(avif[0], "index.fr.md:22: warning:") || !strings.Contains(avif[0], "AVIF") {
			t.Errorf("AVIF diagnostics = %q; want one warning at index.fr.md:22", avif)
		}
		// The book's WebP cover is converted and marked.
		bo := book.opf(t)
		cover := ""
		for _, it := range bo.Manifest {
			if it.Props == "cover-image" {
				cover = it.Href + " " + it.Type
			}
		}
		if cover != "images/couverture.png image/png" {
			t.Errorf("book cover = %q", cover)
		}
		// An article without cover gets a generated one.
		if !strings.Contains(string(fr.files["EPUB/cover.svg"]), "Un texte traduit") {
			t.Error("no generated cover with the title")
		}
	})

	t.Run("links and notes", func(t *testing.T) {
		text := string(fr.files["EPUB/text.xhtml"])
		for _, s := range []string{
			`href="https://example.org/2024/01/01/autre/"`,
			`href="https://example.org/a-propos/"`,
			`href="#fn-1" id="fnref-1"`,
			`id="fnref-1-2"`,
			`<aside epub:type="footnote" role="doc-footnote" id="fn-1">`,
			`<br />de ligne`,
			`style="text-align:right"`,
			`<span class="kd">func</span>`,
			"<dt>Terme</dt>",
			"ligne\u00a0: voilà",
		} {
			if !strings.Contains(text, s) {
				t.Errorf("text.xhtml lacks %s", s)
			}
		}
		if strings.Contains(text, "fn:") || strings.Contains(text, "&nbsp;") || strings.Contains(text, "loading=") {
			t.Error("text.xhtml has HTML-only ids, entities or attributes")
		}
		checkNotes(t, fr)
		ch1 := string(book.files["EPUB/chapter-01.xhtml"])
		if !strings.Contains(ch1, `href="chapter-02.xhtml#une-section"`) {
			t.Errorf("a link to another chapter does not lead inside the EPUB:\n%s", ch1)
		}
		ch2 := string(book.files["EPUB/chapter-02.xhtml"])
		if !strings.Contains(ch2, "Par Grace Hopper") {
			t.Error("a chapter's own author is not named")
		}
		nav := string(book.files["EPUB/nav.xhtml"])
		if !strings.Contains(nav, "<li><a href=\"chapter-02.xhtml#une-section\">Une section</a>\n    <ol>\n    <li><a href=\"chapter-02.xhtml#une-sous-section\">") {
			t.Errorf("nav.xhtml does not nest sections:\n%s", nav)
		}
		if !strings.Contains(string(book.files["EPUB/titlepage.xhtml"]), "La présentation du livre.") {
			t.Error("the book's presentation is not on its title page")
		}
	})

	t.Run("english", func(t *testing.T) {
		o := en.opf(t)
		if o.Metadata.Language != "en" {
			t.Errorf("language %q", o.Metadata.Language)
		}
		checkDocuments(t, en, "en")
		if !strings.Contains(string(en.files["EPUB/nav.xhtml"]), "Table of contents") {
			t.Error("the English table of contents is not titled in English")
		}
		if fo, eo := fr.opf(t), o; fo.Metadata.Identifier[0].Value == eo.Metadata.Identifier[0].Value {
			t.Error("a translation has the same identifier as its original")
		}
	})

	t.Run("words", func(t *testing.T) {
		for _, pub := range epub.Publications(b.c.Site) {
			data, err := os.ReadFile(b.pubFile(pub))
			if err != nil {
				t.Fatal(err)
			}
			checkWords(t, unpack(t, data), sourceHTML(pub))
		}
	})

	t.Run("epubcheck", func(t *testing.T) {
		testutil.NeedEPUBCheck(t)
		rels := []string{"2024/02/03/traduit/traduit.epub", "en/2024/02/03/traduit/traduit.epub", "books/livre/livre.epub", "books/vide/vide.epub"}
		var files []string
		for _, rel := range rels {
			files = append(files, filepath.Join(b.dest, rel))
		}
		for i, r := range testutil.EPUBCheck(t, files...) {
			if !r.Clean() {
				t.Errorf("%s: %s", rels[i], r)
			}
		}
	})
}

// TestMissingImageReportedOnce: the render stage reports a missing image;
// the EPUB, which shows its description instead, adds nothing.
func TestMissingImageReportedOnce(t *testing.T) {
	dir := testutil.Files(t, map[string]string{
		"site.toml":                   "title = \"Essai\"\nbaseURL = \"https://example.org/\"\ndefaultLanguage = \"fr\"\n",
		"content/articles/a/index.md": "+++\ntitle = \"A\"\ndate = 2024-01-01\nformats = [\"epub\"]\n+++\n\nDu texte.\n\n![Une absente](absente.png)\n",
	})
	b := buildEPUBs(t, dir)
	var got []string
	for _, d := range b.c.Diags.Items() {
		got = append(got, d.String())
	}
	want := []string{`content/articles/a/index.md:9: error: image "absente.png" points to no file of the page bundle nor page of the site; check the name, or put the file beside the page`}
	if !slices.Equal(got, want) {
		t.Errorf("diagnostics = %q; want %q", got, want)
	}
	data, err := os.ReadFile(filepath.Join(b.dest, "2024/01/01/a/a.epub"))
	if err != nil {
		t.Fatal(err)
	}
	u := unpack(t, data)
	if text := string(u.files["EPUB/text.xhtml"]); !strings.Contains(text, "Une absente") || strings.Contains(text, "absente.png\"") {
		t.Errorf("the missing image is not replaced by its description:\n%s", text)
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
