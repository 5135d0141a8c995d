package site

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/communs/communs/internal/diag"
)

func loadConfigText(t *testing.T, text string) (*Config, *diag.List, error) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	var d diag.List
	cfg, err := LoadConfig(dir, &d)
	return cfg, &d, err
}

func TestLoadConfigMissing(t *testing.T) {
	dir := t.TempDir()
	var d diag.List
	cfg, err := LoadConfig(dir, &d)
	if err == nil || cfg != nil {
		t.Fatalf("LoadConfig without site.toml: cfg %v err %v", cfg, err)
	}
	if !containsAll(err.Error(), "no site.toml", dir, "--source") {
		t.Errorf("error %q does not say how to fix it", err)
	}
}

func TestLoadConfigDefaults(t *testing.T) {
	cfg, d, err := loadConfigText(t, "title = \"Essai\"\nbaseURL = \"https://example.org/blog\"\n")
	if err != nil {
		t.Fatalf("LoadConfig: %v\n%s", err, diagText(d))
	}
	wantClean(t, d)
	checks := []struct {
		field string
		got   any
		want  any
	}{
		{"Paginate", cfg.Paginate, 10},
		{"FeedLimit", cfg.FeedLimit, 20},
		{"SummaryWords", cfg.SummaryWords, 70},
		{"TimeZone", cfg.TimeZone, "Europe/Paris"},
		{"Location", cfg.Location.String(), "Europe/Paris"},
		{"DefaultLanguage", cfg.DefaultLanguage, "fr"},
		{"License", cfg.License, "CC-BY-SA-4.0"},
		{"Base", cfg.Base.String(), "https://example.org/blog/"},
		{"Base.Path", cfg.Base.Path, "/blog/"},
		{"Permalinks", cfg.Permalinks, map[string]string{}},
		{"Extra", cfg.Extra, map[string]any{}},
		{"BuildFuture", cfg.BuildFuture, false},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.field, c.got, c.want)
		}
	}
	langs := cfg.SortedLanguages()
	if len(langs) != 1 || langs[0].Code != "fr" || !langs[0].IsDefault || langs[0].Prefix != "" || langs[0].Title != "Essai" || langs[0].Name != "Français" {
		t.Errorf("languages = %+v, want French alone at the root", langs[0])
	}
}

func TestLoadConfigValues(t *testing.T) {
	cfg, d, err := loadConfigText(t, `title = "Framablog"
baseURL = "https://framablog.org/"
defaultLanguage = "fr"
license = "CC-BY-4.0"
timeZone = "America/Montreal"
paginate = 5
feedLimit = 50
summaryWords = 30
mainSections = ["articles"]
theme2 = "sombre"
publisher = "Framasoft"
buildFuture = true

[permalinks]
articles = "/:year/:month/:slug/"

[params]
mastodon = "@framasoft"

[pdf]
paper = "a4"
`)
	if err != nil {
		t.Fatalf("LoadConfig: %v\n%s", err, diagText(d))
	}
	wantClean(t, d)
	if cfg.Paginate != 5 || cfg.FeedLimit != 50 || cfg.SummaryWords != 30 || cfg.License != "CC-BY-4.0" || cfg.Location.String() != "America/Montreal" || !cfg.BuildFuture || cfg.Publisher != "Framasoft" {
		t.Errorf("config = %+v", cfg)
	}
	if !reflect.DeepEqual(cfg.MainSections, []string{"articles"}) || cfg.Permalinks["articles"] != "/:year/:month/:slug/" || cfg.Params["mastodon"] != "@framasoft" {
		t.Errorf("MainSections %v Permalinks %v Params %v", cfg.MainSections, cfg.Permalinks, cfg.Params)
	}
	wantExtra := map[string]any{"theme2": "sombre", "pdf": map[string]any{"paper": "a4"}}
	if !reflect.DeepEqual(cfg.Extra, wantExtra) {
		t.Errorf("Extra = %#v, want %#v", cfg.Extra, wantExtra)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		line    int
		phrases []string
	}{
		{"invalid TOML", "title = \"x\"\nbaseURL = \"https://example.org/\"\n\npaginate = \n", 4, []string{"invalid TOML"}},
		{"wrong type", "title = \"x\"\npaginate = \"dix\"\n", 2, []string{"paginate", "type string"}},
		{"wrong type in a table", "title = \"x\"\n[languages.fr]\nweight = \"un\"\n", 3, []string{"languages.fr.weight", "type string"}},
		{"baseURL without scheme", "title = \"x\"\n\nbaseURL = \"example.org\"\n", 3, []string{`baseURL "example.org" is not an absolute URL`, `"https://example.org/"`}},
		{"baseURL relative", "title = \"x\"\nbaseURL = \"/blog/\"\n", 2, []string{"not an absolute URL"}},
		{"baseURL unparsable", "title = \"x\"\nbaseURL = \"https://exa mple.org/%zz\"\n", 2, []string{"not an absolute URL"}},
		{"unknown time zone", "baseURL = \"https://example.org/\"\n# zone\ntimeZone = \"Europe/Pariss\"\n", 3, []string{`unknown timeZone "Europe/Pariss"`, "Europe/Paris"}},
		{"permalink without a leading slash", "baseURL = \"https://example.org/\"\n[permalinks]\narticles = \":year/:slug/\"\n", 3, []string{`permalink for "articles"`, "must start with /"}},
		{"permalink with an unknown part", "baseURL = \"https://example.org/\"\n[permalinks]\n\narticles = \"/:year/:titre/:slug/\"\n", 4, []string{"uses :titre", ":slug"}},
		{"permalink without a slug", "baseURL = \"https://example.org/\"\n[permalinks]\narticles = \"/:year/:month/\"\n", 3, []string{"none of :slug", "same URL"}},
		{"bad language code", "baseURL = \"https://example.org/\"\n[languages.fr]\ntitle = \"x\"\n[languages.EN]\ntitle = \"y\"\n", 4, []string{`language code "EN"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg, d, err := loadConfigText(t, tt.text)
			if err == nil || cfg != nil {
				t.Errorf("LoadConfig accepted it: cfg %v err %v", cfg, err)
			}
			wantError(t, d, "site.toml", tt.line, tt.phrases...)
		})
	}
}

func TestLoadConfigWarnings(t *testing.T) {
	cfg, d, err := loadConfigText(t, "title = \"x\"\n")
	if err != nil {
		t.Fatalf("LoadConfig: %v", err)
	}
	wantWarning(t, d, "site.toml", 0, "no baseURL", "baseURL = ")
	if cfg.Base.String() != "http://localhost/" {
		t.Errorf("Base = %v", cfg.Base)
	}
}

func TestLoadConfigMisplacedKey(t *testing.T) {
	// A site-wide key written below a [languages.xx] header belongs to that
	// table, where communs does not read it.
	cfg, d, err := loadConfigText(t, "title = \"x\"\nbaseURL = \"https://example.org/\"\n[languages.en]\ntitle = \"y\"\n\nmainSections = [\"articles\"]\n")
	if err != nil {
		t.Fatalf("LoadConfig: %v\n%s", err, diagText(d))
	}
	wantWarning(t, d, "site.toml", 6, "mainSections", "[languages.en]", "above the first")
	if len(cfg.MainSections) != 0 {
		t.Errorf("MainSections = %v", cfg.MainSections)
	}
}

func TestSortedLanguages(t *testing.T) {
	cfg, d, err := loadConfigText(t, `title = "Site"
baseURL = "https://example.org/"
defaultLanguage = "en"

[languages.fr]
weight = 1
[[languages.fr.menu]]
name = "Deux"
url = "/deux/"
weight = 2
[[languages.fr.menu]]
name = "Un"
url = "/un/"
weight = 1
[languages.de]
weight = 2
title = "Seite"
[languages.eo]
weight = 1
[languages.zz]
languageName = "Zedzed"
[languages.en]
weight = 9
`)
	if err != nil {
		t.Fatalf("LoadConfig: %v\n%s", err, diagText(d))
	}
	langs := cfg.SortedLanguages()
	var got []string
	for _, l := range langs {
		got = append(got, l.Code+"|"+l.Prefix+"|"+l.Name+"|"+l.Title)
	}
	want := []string{
		"en||English|Site", // the default first, whatever its weight
		"zz|/zz|Zedzed|Site",
		"eo|/eo|Esperanto|Site",
		"fr|/fr|Français|Site",
		"de|/de|Deutsch|Seite",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("languages = %q, want %q", got, want)
	}
	if !langs[0].IsDefault || langs[1].IsDefault {
		t.Errorf("IsDefault wrong")
	}
	fr := langs[3]
	if len(fr.Menu) != 2 || fr.Menu[0].Name != "Un" || fr.Menu[1].Name != "Deux" {
		t.Errorf("fr menu = %+v, want sorted by weight", fr.Menu)
	}
	// The order is stable from one call to the next.
	for i := 0; i < 10; i++ {
		var again []string
		for _, l := range cfg.SortedLanguages() {
			again = append(again, l.Code)
		}
		if strings.Join(again, ",") != "en,zz,eo,fr,de" {
			t.Fatalf("call %d: %v", i, again)
		}
	}
}

func TestSortedLanguagesDefaultNotListed(t *testing.T) {
	cfg, d, err := loadConfigText(t, "title = \"Site\"\nbaseURL = \"https://example.org/\"\ndefaultLanguage = \"fr\"\n[languages.en]\ntitle = \"Site (en)\"\n")
	if err != nil {
		t.Fatalf("LoadConfig: %v\n%s", err, diagText(d))
	}
	langs := cfg.SortedLanguages()
	if len(langs) != 2 || langs[0].Code != "fr" || langs[0].Title != "Site" || langs[1].Code != "en" || langs[1].Prefix != "/en" {
		t.Errorf("languages = %+v %+v", langs[0], langs[len(langs)-1])
	}
}

func TestCheckPermalink(t *testing.T) {
	for pattern, ok := range map[string]bool{
		"/:year/:month/:day/:slug/": true,
		"/:section/:slug/":          true,
		"/:title/":                  true,
		"/p/:filename.html":         true,
		"/books/:book/:slug/":       true,
		":slug/":                    false,
		"/:year/":                   false,
		"/:yaer/:slug/":             false,
	} {
		if err := checkPermalink(pattern); (err == nil) != ok {
			t.Errorf("checkPermalink(%q) = %v, want ok %v", pattern, err, ok)
		}
	}
}

func TestKeyLine(t *testing.T) {
	text := "title = \"x\"\n  summary = \"a\"\n\"slug\" = \"s\"\ndate: 2023\n[source]\nurl = \"u\"\n[languages.en]\n"
	for key, want := range map[string]int{
		"title": 1, "summary": 2, "slug": 3, "date": 4, "source": 5, "url": 6, "languages.en": 7, "missing": 0,
	} {
		if got := keyLine(text, key); got != want {
			t.Errorf("keyLine(%q) = %d, want %d", key, got, want)
		}
	}
}

// TestExpandPermalink fills each token, and leaves the rest of a pattern
// as written.
func TestExpandPermalink(t *testing.T) {
	p := &Page{Slug: "mon-article", Section: "articles", Title: "Été à Paris", baseName: "index",
		Date: time.Date(2024, 3, 7, 10, 0, 0, 0, time.UTC), Book: &Book{Slug: "guide"}}
	for pattern, want := range map[string]string{
		"/:year/:month/:day/:slug/":   "/2024/03/07/mon-article/",
		"/:section/:slug":             "/articles/mon-article/",
		"/:title/":                    "/ete-a-paris/",
		"/:book/:filename.html":       "/guide/index.html",
		"/blog/:year-:month/:slug/":   "/blog/2024-03/mon-article/",
		"/:inconnu/:slug/":            "/mon-article/",
		"/a:/b/:slug:/":               "/a:/b/mon-article:/",
		"/:year/:month/:day/:section": "/2024/03/07/articles/",
	} {
		if got := expandPermalink(pattern, p); got != want {
			t.Errorf("expandPermalink(%q) = %q, want %q", pattern, got, want)
		}
	}
	old := &Page{Slug: "x", Date: time.Date(987, 1, 2, 0, 0, 0, 0, time.UTC)}
	if got := expandPermalink("/:year/:month/:day/:slug/", old); got != "/0987/01/02/x/" {
		t.Errorf("year 987 = %q", got)
	}
}
