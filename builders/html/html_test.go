package html_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/communs/communs/internal/build"
	"github.com/communs/communs/internal/testutil"
)

func buildTree(t *testing.T, src string) (string, *build.Result) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "out")
	res, err := build.Run(context.Background(), build.Options{Source: src, Dest: dest, Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		var b strings.Builder
		res.Diags.Print(&b)
		t.Fatalf("build: %v\n%s", err, b.String())
	}
	return dest, res
}

func read(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

const siteTOML = "title = \"T\"\nbaseURL = \"https://t.example/blog/\"\n[languages.fr]\ntitle = \"Le T\"\n[languages.en]\ntitle = \"The T\"\n"

func article(title, date string, extra string) string {
	return "+++\ntitle = \"" + title + "\"\ndate = " + date + "\n" + extra + "+++\n\nUn paragraphe : du texte.\n"
}

func TestLayoutOverrides(t *testing.T) {
	src := testutil.Files(t, map[string]string{
		"site.toml":                            "theme = \"maison\"\n" + siteTOML,
		"content/articles/a/index.md":          article("A", "2025-01-02", ""),
		"content/notes/n/index.md":             article("N", "2025-01-03", ""),
		"layouts/partials/footer.html":         `<footer>pied du site</footer>`,
		"layouts/notes/single.html":            `{{ define "main" }}<p class="note">{{ .Page.Title }}</p>{{ end }}`,
		"themes/maison/layouts/single.html":    `{{ define "main" }}<p class="theme">{{ .Page.Title }}</p>{{ end }}`,
		"themes/maison/static/css/communs.css": `body{}`,
		"static/css/extra.css":                 `p{}`,
		"i18n/fr.toml":                         `home = "Maison"`,
	})
	dest, _ := buildTree(t, src)
	a := read(t, filepath.Join(dest, "2025/01/02/a/index.html"))
	if !strings.Contains(a, `<p class="theme">A</p>`) || !strings.Contains(a, "pied du site") {
		t.Errorf("the theme's single.html and the site's footer partial were not used:\n%s", a)
	}
	if !strings.Contains(a, ">Maison</a>") {
		t.Errorf("the site's i18n/fr.toml did not override the built-in string")
	}
	if !strings.Contains(a, `href="/blog/css/communs.css"`) {
		t.Errorf("theme URLs do not carry the base URL's path")
	}
	n := read(t, filepath.Join(dest, "2025/01/03/n/index.html"))
	if !strings.Contains(n, `<p class="note">N</p>`) {
		t.Errorf("layouts/notes/single.html was not used for the notes section")
	}
	if got := read(t, filepath.Join(dest, "css/communs.css")); got != "body{}" {
		t.Errorf("the theme's static file did not replace the built-in one: %q", got)
	}
	if _, err := os.Stat(filepath.Join(dest, "css/extra.css")); err != nil {
		t.Errorf("static/ not copied: %v", err)
	}
}

func TestBrokenTemplateIsAnError(t *testing.T) {
	src := testutil.Files(t, map[string]string{
		"site.toml":                   siteTOML,
		"content/articles/a/index.md": article("A", "2025-01-02", ""),
		"layouts/single.html":         `{{ define "main" }}{{ .Page.Title }{{ end }}`,
	})
	res, err := build.Run(context.Background(), build.Options{Source: src, Dest: filepath.Join(t.TempDir(), "o")})
	if err == nil {
		t.Fatal("a template that does not parse must fail the build")
	}
	var b strings.Builder
	res.Diags.Print(&b)
	if !strings.Contains(b.String(), "layouts/single.html") {
		t.Errorf("the error must name the template file: %s", b.String())
	}
}

func TestListsAndPagination(t *testing.T) {
	files := map[string]string{"site.toml": "paginate = 2\n" + siteTOML}
	for i, d := range []string{"01", "02", "03", "04", "05"} {
		tags := `tags = ["Logiciel libre"]` + "\n"
		if i%2 == 1 {
			tags = `tags = ["logiciel libre", "Été"]` + "\n" + `series = "Saga"` + "\n"
		}
		files["content/articles/p"+d+"/index.md"] = article("Billet "+d, "2025-03-"+d, tags)
	}
	files["content/articles/p01/index.en.md"] = article("Post 01", "2025-03-01", "")
	src := testutil.Files(t, files)
	dest, _ := buildTree(t, src)
	home := read(t, filepath.Join(dest, "index.html"))
	if !strings.Contains(home, "Billet 05") || strings.Contains(home, "Billet 03") || !strings.Contains(home, `href="/blog/page/2/"`) {
		t.Errorf("home page 1 must hold the two newest and link page 2")
	}
	p3 := read(t, filepath.Join(dest, "page/3/index.html"))
	if !strings.Contains(p3, "Billet 01") || !strings.Contains(p3, `rel="prev"`) || strings.Contains(p3, `rel="next"`) {
		t.Errorf("page 3 must hold the oldest, link back, and not forward")
	}
	tag := read(t, filepath.Join(dest, "tags/logiciel-libre/index.html"))
	if !strings.Contains(tag, "Logiciel libre") {
		t.Errorf("the term's name is its most used spelling")
	}
	if _, err := os.Stat(filepath.Join(dest, "tags/ete/index.html")); err != nil {
		t.Errorf("accented tag slug not folded: %v", err)
	}
	saga := read(t, filepath.Join(dest, "2025/03/04/p04/index.html"))
	if !strings.Contains(saga, "Partie 2 sur 2") || !strings.Contains(saga, `href="/blog/2025/03/02/p02/" rel="prev"`) {
		t.Errorf("series navigation missing on the second episode")
	}
	year := read(t, filepath.Join(dest, "archives/2025/index.html"))
	if !strings.Contains(year, "Mars 2025") || strings.Count(year, "<li><time") != 5 {
		t.Errorf("the year's archive must list 5 pages under « Mars 2025 »")
	}
	en := read(t, filepath.Join(dest, "en/2025/03/01/p01/index.html"))
	if !strings.Contains(en, `hreflang="fr" href="https://t.example/blog/2025/03/01/p01/"`) || !strings.Contains(en, `<html lang="en"`) {
		t.Errorf("English page: no alternate link to the French one, or wrong lang")
	}
	fr := read(t, filepath.Join(dest, "2025/03/02/p02/index.html"))
	if !strings.Contains(fr, `class="missing"`) {
		t.Errorf("a page without translation must say so")
	}
	sitemap := read(t, filepath.Join(dest, "sitemap.xml"))
	if !strings.Contains(sitemap, "<loc>https://t.example/blog/2025/03/05/p05/</loc>") || !strings.Contains(sitemap, `hreflang="en"`) {
		t.Errorf("sitemap incomplete")
	}
	robots := read(t, filepath.Join(dest, "robots.txt"))
	if !strings.Contains(robots, "Sitemap: https://t.example/blog/sitemap.xml") {
		t.Errorf("robots.txt: %q", robots)
	}
}
