package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// loadHugo loads a Hugo site: the tree's hugo.toml, no site.toml.
func loadHugo(t *testing.T, files tree, opts Options) (*Site, string) {
	t.Helper()
	dir := writeTree(t, files)
	if err := os.Remove(filepath.Join(dir, "site.toml")); err != nil {
		t.Fatal(err)
	}
	s, d := loadDir(t, dir, opts)
	wantNoErrors(t, d)
	return s, diagText(d)
}

const hugoTwoFolders = `baseURL = "https://example.org/"
title = "Site"
defaultContentLanguage = "en"
[params]
license = "CC-BY-4.0"
[languages.en]
contentDir = "content/en"
weight = 1
[languages.fr]
contentDir = "content/fr"
weight = 2
`

// TestHugoContent: what Hugo accepts, communs takes as it is.
func TestHugoContent(t *testing.T) {
	s, warnings := loadHugo(t, tree{
		"hugo.toml":                          hugoTwoFolders,
		"content/en/_index.md":               "---\ntitle: Home\n---\n",
		"content/en/docs/_index.md":          "---\ntitle: Docs\ncascade:\n  build:\n    list: never\n---\n",
		"content/en/docs/no-front-matter.md": "Just text.\n",
		"content/en/docs/json.md":            "{\n  \"title\": \"From JSON\",\n  \"weight\": 3\n}\nBody of JSON.\n",
		"content/en/docs/dates.md":           "---\ntitle: Dates\ndate: Jan 2, 2023\nlastmod: 2023-01-05T10:00:00+0100\nweight: \"2\"\n---\n",
		"content/en/docs/listed.md":          "---\ntitle: Listed\nbuild:\n  list: always\nPublishDate: 2020-03-04\n---\n",
		"content/en/blog/later.md":           "---\ntitle: Later\npublishDate: 2030-01-01\n---\n",
		"content/en/blog/gone.md":            "---\ntitle: Gone\ndate: 2020-01-01\nexpiryDate: 2021-01-01\n---\n",
		"content/en/blog/kept.md":            "---\ntitle: Kept\ndate: 02 Jan 2023\n---\n",
		"content/en/headless/index.md":       "---\ntitle: Headless\nheadless: true\n---\n",
		"content/en/headless/a.png":          "png",
		"content/en/tags/_index.md":          "---\ntitle: All the tags\n---\nTags text.\n",
		"content/en/blog/tagged.md":          "---\ntitle: Tagged\ndate: 2023-02-02 10:00\ntags: [go]\n---\n",
		"content/en/tags/go/_index.md":       "---\ntitle: The Go language\n---\n",
		"content/fr/_index.md":               "---\ntitle: Accueil\n---\n",
		"content/fr/docs/dates.md":           "---\ntitle: Dates (fr)\n---\n",
		"content/fr/blog/x.zh.md":            "---\ntitle: Unknown language\n---\n",
		"content/en/about/_index.html":       "\n+++\ntitle = \"About\"\n+++\n<p>In HTML.</p>\n",
		"content/en/blog/demo.html":          "<!DOCTYPE html><p>A file, no front matter</p>\n",
	}, Options{})

	nf := mustPage(t, s, "content/en/docs/no-front-matter.md")
	if nf.Title != "No front matter" || nf.Path != "/docs/no-front-matter/" || !strings.Contains(string(nf.Body), "Just text.") {
		t.Errorf("no front matter: %q %q %q", nf.Title, nf.Path, nf.Body)
	}
	js := mustPage(t, s, "content/en/docs/json.md")
	if js.Title != "From JSON" || js.Weight != 3 || strings.TrimSpace(string(js.Body)) != "Body of JSON." || js.BodyLine != 5 {
		t.Errorf("json: %q %d %q line %d", js.Title, js.Weight, js.Body, js.BodyLine)
	}
	d := mustPage(t, s, "content/en/docs/dates.md")
	if d.Date.Format("2006-01-02") != "2023-01-02" || d.Lastmod.UTC().Format("15:04") != "09:00" || d.Weight != 2 {
		t.Errorf("dates: %v %v weight %d", d.Date, d.Lastmod, d.Weight)
	}
	if l := mustPage(t, s, "content/en/docs/listed.md"); l.Date.Format("2006-01-02") != "2020-03-04" {
		t.Errorf("a page without date takes its publishDate: %v", l.Date)
	}
	// Languages by folder: the same path in each, translations of each other.
	fr := mustPage(t, s, "content/fr/docs/dates.md")
	if fr.Lang != "fr" || fr.Path != "/docs/dates/" || fr.RelPermalink != "/fr/docs/dates/" || len(fr.Translations) != 1 || fr.Translations[0] != d {
		t.Errorf("fr: lang %s path %s %s translations %v", fr.Lang, fr.Path, fr.RelPermalink, fr.Translations)
	}
	if fr.ContentPath() != "docs/dates.md" || fr.Root() != "content/fr/" {
		t.Errorf("fr content path %q root %q", fr.ContentPath(), fr.Root())
	}
	for file, why := range map[string]string{
		"content/en/blog/later.md":     "future",
		"content/en/blog/gone.md":      "expired",
		"content/en/headless/index.md": "headless",
	} {
		if pageOf(s, file) != nil || !strings.Contains(s.Unpublished[file], why) {
			t.Errorf("%s: published, or not for %q: %q", file, why, s.Unpublished[file])
		}
	}
	if a := mustPage(t, s, "content/en/about/_index.html"); !a.IsHTML() || a.Title != "About" {
		t.Errorf("an HTML page with front matter: %q", a.Title)
	}
	if pageOf(s, "content/en/blog/demo.html") != nil || !strings.Contains(strings.Join(staticPaths(s), " "), "blog/demo.html") {
		t.Errorf("HTML without front matter is a file published as it is: %v", staticPaths(s))
	}
	for _, sp := range staticPaths(s) {
		if strings.Contains(sp, "headless") {
			t.Errorf("a headless bundle's file is published: %s", sp)
		}
	}
	if pageOf(s, "content/fr/blog/x.zh.md") != nil || !strings.Contains(warnings, "x.zh.md: warning: language \"zh\"") {
		t.Errorf("a file of a language the site lacks is left out, with a warning:\n%s", warnings)
	}
	// cascade: the docs are not listed, but for the one that says so.
	var docs *Section
	for _, sec := range s.Langs["en"].Sections {
		if sec.Name == "docs" {
			docs = sec
		}
	}
	if docs == nil || strings.Join(files(docs.Pages), " ") != "content/en/docs/listed.md" {
		t.Errorf("docs lists %v", docs)
	}
	if !nf.Unlisted || !js.Unlisted {
		t.Error("the cascade's build.list = never is not inherited")
	}
	tags := s.Langs["en"].Taxonomy("tags")
	if tags.Index == nil || tags.Index.Title != "All the tags" || len(tags.Terms) != 1 || tags.Terms[0].Name != "The Go language" || tags.Terms[0].Index == nil {
		t.Errorf("tags: %+v", tags)
	}
	for _, p := range s.Langs["en"].All {
		if strings.Contains(p.File, "/tags/") {
			t.Errorf("a list's text is a page of its own: %s", p.File)
		}
	}
}

// TestHugoContentOptions: --future and --expired keep those pages.
func TestHugoContentOptions(t *testing.T) {
	s, _ := loadHugo(t, tree{
		"hugo.toml":                hugoTwoFolders,
		"content/en/blog/later.md": "---\ntitle: Later\npublishDate: 2030-01-01\n---\n",
		"content/en/blog/gone.md":  "---\ntitle: Gone\ndate: 2020-01-01\nexpiryDate: 2021-01-01\n---\n",
	}, Options{Future: true, Expired: true})
	if pageOf(s, "content/en/blog/later.md") == nil || pageOf(s, "content/en/blog/gone.md") == nil {
		t.Errorf("pages %v", allFiles(s))
	}
}

// TestHugoWeightOrder: a Hugo site's lists go by weight, pages without
// one last, then newest first.
func TestHugoWeightOrder(t *testing.T) {
	s, _ := loadHugo(t, tree{
		"hugo.toml":           "title = \"S\"\nlicense = \"CC0-1.0\"\n",
		"content/d/a.md":      "---\ntitle: A\ndate: 2024-01-01\n---\n",
		"content/d/b.md":      "---\ntitle: B\nweight: 2\ndate: 2020-01-01\n---\n",
		"content/d/c.md":      "---\ntitle: C\nweight: 1\ndate: 2019-01-01\n---\n",
		"content/d/e.md":      "---\ntitle: E\ndate: 2025-01-01\n---\n",
		"content/d/_index.md": "---\ntitle: D\n---\n",
	}, Options{Future: true})
	sec := s.Langs["en"].Sections[0]
	if got := strings.Join(files(sec.Pages), " "); got != "content/d/c.md content/d/b.md content/d/e.md content/d/a.md" {
		t.Errorf("order %s", got)
	}
}
