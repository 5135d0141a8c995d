package site

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/communs/communs/internal/diag"
)

// TestHugoConfig reads a Hugo site's configuration as Hugo sites write it:
// a root hugo.toml and config/_default/ files, keys in any case.
func TestHugoConfig(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"hugo.toml": `baseURL = "https://docs.example.org/"
title = "Docs"
defaultContentLanguage = "fr"
enableRobotsTXT = true
googleAnalytics = "UA-1"
[params]
license = "CC-BY-4.0"
GitHubRepo = "https://git.example/docs"
[permalinks]
blog = "/:year/:month/:slug/"
news = "/:year/:weekday/"
[pagination]
pagerSize = 7
`,
		"config/_default/languages.toml": `[fr]
languageName = "Français"
weight = 1
title = "Docs (fr)"
[en]
languageName = "English"
weight = 2
contentDir = "content/en"
`,
		"config/_default/menus.fr.toml": `[[main]]
name = "Blog"
pageRef = "/blog"
weight = 20
[[main]]
name = "Accueil"
url = "/"
weight = 10
`,
	}
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var diags diag.List
	cfg, err := LoadConfig(dir, &diags)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Title != "Docs" || cfg.BaseURL != "https://docs.example.org/" || cfg.DefaultLanguage != "fr" || cfg.License != "CC-BY-4.0" || cfg.Paginate != 7 {
		t.Errorf("config = %+v", cfg)
	}
	if cfg.Params["GitHubRepo"] != "https://git.example/docs" {
		t.Errorf("params lost their case: %v", cfg.Params)
	}
	if cfg.Permalinks["blog"] != "/:year/:month/:slug/" || cfg.Permalinks["news"] != "" {
		t.Errorf("permalinks = %v", cfg.Permalinks)
	}
	if p := cfg.permalinkPattern("posts", true); p != "/:sections/:name/" {
		t.Errorf("a dated post of a Hugo site without permalinks gets %s, want Hugo's path-based URL", p)
	}
	fr, en := cfg.Languages["fr"], cfg.Languages["en"]
	if fr == nil || en == nil || fr.Name != "Français" || en.Weight != 2 || fr.Title != "Docs (fr)" {
		t.Fatalf("languages = %+v %+v", fr, en)
	}
	if len(fr.Menu) != 2 || fr.Menu[0].URL != "/blog" && fr.Menu[1].URL != "/blog" {
		t.Errorf("menu = %+v", fr.Menu)
	}
	var warnings []string
	for _, d := range diags.Items() {
		warnings = append(warnings, d.String())
	}
	all := strings.Join(warnings, "\n")
	if en.ContentDir != "content/en" {
		t.Errorf("languages.en.contentDir = %q, want content/en", en.ContentDir)
	}
	for _, want := range []string{"googleanalytics is not used by communs", "news"} {
		if !strings.Contains(all, want) {
			t.Errorf("no warning about %s in:\n%s", want, all)
		}
	}
	if strings.Contains(all, "enablerobotstxt") {
		t.Errorf("a build setting of Hugo's own is warned about:\n%s", all)
	}
}

func TestSectionsToken(t *testing.T) {
	for _, tt := range []struct {
		p    *Page
		want string
	}{
		{&Page{Dir: "docs/guide/install", Slug: "a"}, "/docs/guide/install/a/"},
		{&Page{Dir: "docs/guide/b", BundleDir: "/src/content/docs/guide/b", Slug: "b"}, "/docs/guide/b/"},
		{&Page{Dir: "", Slug: "about"}, "/about/"},
	} {
		if got := expandPermalink("/:sections/:slug/", tt.p); got != tt.want {
			t.Errorf("expandPermalink(/:sections/:slug/, %s) = %s, want %s", tt.p.Dir, got, tt.want)
		}
	}
}
