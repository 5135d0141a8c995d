package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/communs/communs/internal/diag"
)

// TestReloadIsLoad edits a site's pages one after the other: after each
// edit, Reload of the previous model must give the model and the
// problems Load gives, and leave the previous model as it was.
func TestReloadIsLoad(t *testing.T) {
	dir := writeTree(t, tree{
		"content/_index.md":                     md(`title = "Accueil"`),
		"content/articles/_index.md":            md(`title = "Articles"`),
		"content/articles/a/index.md":           post("Alpha", "2024-03-01", `tags = ["Go", "Web"]`, `series = "Suite"`, `aliases = ["/vieux/"]`),
		"content/articles/a/index.en.md":        post("Alpha", "2024-03-01", `tags = ["Go"]`),
		"content/articles/a/image.png":          "png",
		"content/articles/b/index.md":           post("Bêta", "2024-03-01", `tags = ["Go"]`, `series = "Suite"`, `categories = ["Notes"]`),
		"content/articles/c.md":                 post("Gamma", "2024-01-15", `translationKey = "g"`),
		"content/articles/c.en.md":              post("Gamma", "2024-01-15", `translationKey = "g"`),
		"content/articles/futur.md":             post("Futur", "2025-01-01"),
		"content/articles/brouillon.md":         post("Brouillon", "2024-02-01", "draft = true"),
		"content/a-propos.md":                   md(`title = "À propos"`),
		"content/fichier.txt":                   "un fichier",
		"content/books/guide/_index.md":         post("Guide", "2024-04-01"),
		"content/books/guide/01-debut.md":       md(`title = "Début"`, "weight = 1"),
		"content/books/guide/02-suite.md":       md(`title = "Suite"`, "weight = 2"),
		"content/books/guide/couverture.png":    "png",
		"static/css/style.css":                  "a {}",
		"content/articles/2023/_index.md":       md(`title = "2023"`),
		"content/articles/2023/ancien/index.md": post("Ancien", "2023-05-05", `tags = ["web"]`),
	})
	ctx := context.Background()
	opts := Options{Now: testNow}
	var d diag.List
	prev, err := Load(ctx, dir, opts, &d)
	if err != nil || len(d.Items()) > 0 {
		t.Fatalf("Load: %v\n%s", err, diagText(&d))
	}
	steps := []struct{ name, file, old, new string }{
		{"title", "content/articles/a/index.md", `title = "Alpha"`, `title = "Alpha bis"`},
		{"body", "content/articles/a/index.md", "Corps du texte.", "Un autre texte, plus long.\n\nEt un paragraphe."},
		{"tags", "content/articles/b/index.md", `tags = ["Go"]`, `tags = ["Rust", "Web"]`},
		{"date", "content/articles/a/index.md", "date = 2024-03-01", "date = 2023-12-24"},
		{"same date, other title", "content/articles/b/index.md", `title = "Bêta"`, `title = "Aaa"`},
		{"series left", "content/articles/b/index.md", `series = "Suite"`, ``},
		{"slug", "content/articles/c.md", `title = "Gamma"`, "title = \"Gamma\"\nslug = \"gamma-fr\""},
		{"translation key", "content/articles/c.en.md", `translationKey = "g"`, `translationKey = "h"`},
		{"draft", "content/articles/a/index.en.md", `tags = ["Go"]`, "tags = [\"Go\"]\ndraft = true"},
		{"undraft", "content/articles/brouillon.md", "draft = true", "draft = false"},
		{"out of the future", "content/articles/futur.md", "date = 2025-01-01", "date = 2024-05-01"},
		{"chapter weight", "content/books/guide/01-debut.md", "weight = 1", "weight = 3"},
		{"book", "content/books/guide/_index.md", `title = "Guide"`, "title = \"Le guide\"\nslug = \"manuel\""},
		{"nested section", "content/articles/2023/_index.md", `title = "2023"`, `title = "L’an 2023"`},
		{"a broken front matter", "content/articles/b/index.md", `date = 2024-03-01`, `date = "mardi"`},
		{"fixed", "content/articles/b/index.md", `date = "mardi"`, `date = 2024-03-02`},
		{"an image of a bundle in two languages", "content/articles/a/image.png", "png", "png, larger"},
		{"a book's cover", "content/books/guide/couverture.png", "png", "png, larger"},
		{"a file of the home page", "content/fichier.txt", "un fichier", "un fichier plus long"},
		{"a URL taken twice", "content/articles/a/index.md", `aliases = ["/vieux/"]`, `aliases = ["/a-propos/"]`},
	}
	for _, st := range steps {
		abs := filepath.Join(dir, filepath.FromSlash(st.file))
		data, err := os.ReadFile(abs)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), st.old) {
			t.Fatalf("%s: %s has no %q", st.name, st.file, st.old)
		}
		if err := os.WriteFile(abs, []byte(strings.Replace(string(data), st.old, st.new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		before := describe(prev)
		var rd, ld diag.List
		got, ok, err := Reload(ctx, prev, []string{abs}, opts, &rd)
		if err != nil || !ok {
			t.Fatalf("%s: Reload: %v %v", st.name, ok, err)
		}
		want, err := Load(ctx, dir, opts, &ld)
		if err != nil {
			t.Fatalf("%s: Load: %v", st.name, err)
		}
		if g, w := describe(got), describe(want); g != w {
			t.Errorf("%s: Reload differs from Load:\n%s", st.name, firstLineDiff(g, w))
		}
		if g, w := diagText(&rd), diagText(&ld); g != w {
			t.Errorf("%s: Reload reports\n%s\nLoad\n%s", st.name, g, w)
		}
		if describe(got) == before {
			t.Errorf("%s: the model did not change", st.name)
		}
		t.Logf("%s: %d problem(s)", st.name, len(ld.Items()))
		if after := describe(prev); after != before {
			t.Errorf("%s: Reload changed the previous model:\n%s", st.name, firstLineDiff(after, before))
		}
		if len(ld.Items()) == 0 {
			prev = got // the next edit reloads a reloaded model
		}
	}
	// What it cannot tell.
	for _, f := range []string{"content/articles/nouveau.md", "content/articles/a/nouvelle.png", "static/css/style.css"} {
		if _, ok, _ := Reload(ctx, prev, []string{filepath.Join(dir, f)}, opts, &diag.List{}); ok {
			t.Errorf("Reload of %s, no page nor a page's resource", f)
		}
	}
}

// describe is everything of a model a build reads, as text, pages named
// by their file.
func describe(s *Site) string {
	var b strings.Builder
	f := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	name := func(p *Page) string {
		if p == nil {
			return "-"
		}
		return p.File
	}
	names := func(ps []*Page) string {
		var out []string
		for _, p := range ps {
			out = append(out, name(p))
		}
		return strings.Join(out, ",")
	}
	terms := func(ts []*Term) string {
		var out []string
		for _, t := range ts {
			out = append(out, t.Name+"@"+t.RelPermalink)
		}
		return strings.Join(out, ",")
	}
	for _, l := range s.Languages {
		ls := s.Langs[l.Code]
		f("language %s home %s", l.Code, name(ls.Home))
		f(" pages %s", names(ls.Pages))
		f(" main %s", names(ls.MainPages))
		for _, sec := range ls.Sections {
			f(" section %s %s %s %s %s %s", sec.Name, name(sec.Index), sec.Title, sec.Path, sec.Permalink, names(sec.Pages))
		}
		for _, tax := range ls.Taxonomies {
			f(" taxonomy %s %s", tax.Name, tax.Permalink)
			for _, t := range tax.Terms {
				f("  term %s %s %s %s", t.Name, t.Slug, t.Permalink, names(t.Pages))
			}
		}
		for _, bk := range ls.Books {
			f(" book %s %s %s", bk.Slug, name(bk.Index), names(bk.Chapters))
		}
		for _, y := range ls.Years {
			f(" year %d %s %s", y.Year, y.Permalink, names(y.Pages))
		}
		for _, p := range ls.All {
			fm := p.FrontMatter
			f(" page %s %s %q %q %v %v %s %d %v %s %s %s", p.File, p.Kind, p.Title, p.Subtitle, p.Date, p.Lastmod, p.Slug, p.Weight, p.Draft, p.Path, p.RelPermalink, p.Permalink)
			f("  %s %s %s | %s | %s %d | %s %s", p.Section, p.Dir, p.BundleDir, names(p.Translations), terms(p.Tags), len(p.Categories), name(p.SeriesPrev), name(p.SeriesNext))
			series := ""
			if p.Series != nil {
				series = p.Series.Name
			}
			book := ""
			if p.Book != nil {
				book = p.Book.Slug + " " + name(p.Book.Index)
			}
			f("  series %s %d book %s %d prev %s next %s pages %s body %d@%d %q", series, p.SeriesIndex, book, p.ChapterIndex, name(p.Prev), name(p.Next), names(p.Pages), len(p.Body), p.BodyLine, fm.Title)
			for _, r := range p.Resources {
				f("  resource %s %s %d", r.Name, r.File, r.Size)
			}
			if p.License != nil {
				f("  licence %s", p.License.ID)
			}
			if p.Group != nil {
				f("  group %s %d", p.Group.Key, len(p.Group.Pages))
			}
		}
	}
	for _, a := range s.Aliases {
		f("alias %s %s", a.Path, name(a.Page))
	}
	var un []string
	for k, v := range s.Unpublished {
		un = append(un, k+": "+v)
	}
	sort.Strings(un)
	f("unpublished %s", strings.Join(un, "; "))
	for _, st := range s.Static {
		f("static %s %s", st.Path, st.Abs)
	}
	return b.String()
}

func firstLineDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "got:  " + al[i] + "\nwant: " + bl[i]
		}
	}
	return fmt.Sprintf("%d lines against %d", len(al), len(bl))
}
