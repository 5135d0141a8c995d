package site

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/communs/communs/internal/diag"
)

func TestLoadURLs(t *testing.T) {
	tests := []struct {
		name    string
		config  string // site.toml; siteTOML when empty
		file    string
		content string
		path    string // Page.Path, within the language
		rel     string // RelPermalink
	}{
		{"dated article", "", "content/articles/bonjour.md", post("Bonjour", "2023-03-05"),
			"/2023/03/05/bonjour/", "/blog/2023/03/05/bonjour/"},
		{"english article", "", "content/articles/bonjour.en.md", post("Hello", "2023-03-05"),
			"/2023/03/05/bonjour/", "/blog/en/2023/03/05/bonjour/"},
		{"bundle slug from its folder", "", "content/articles/mon-billet/index.md", post("Autre titre", "2023-03-05"),
			"/2023/03/05/mon-billet/", "/blog/2023/03/05/mon-billet/"},
		{"english bundle", "", "content/articles/mon-billet/index.en.md", post("Other", "2023-03-05"),
			"/2023/03/05/mon-billet/", "/blog/en/2023/03/05/mon-billet/"},
		{"bundle folder urlized", "", "content/articles/Été à Paris/index.md", post("x", "2023-03-05"),
			"/2023/03/05/ete-a-paris/", "/blog/2023/03/05/ete-a-paris/"},
		{"file name urlized", "", "content/articles/L’Été Libre.md", post("x", "2023-03-05"),
			"/2023/03/05/lete-libre/", "/blog/2023/03/05/lete-libre/"},
		{"front matter slug urlized", "", "content/articles/x.md", post("x", "2023-03-05", `slug = "Œuvres d’été !"`),
			"/2023/03/05/oeuvres-dete/", "/blog/2023/03/05/oeuvres-dete/"},
		{"front matter slug beats the bundle folder", "", "content/articles/dossier/index.md", post("x", "2023-03-05", `slug = "autre"`),
			"/2023/03/05/autre/", "/blog/2023/03/05/autre/"},
		{"numeric slug", "", "content/articles/x.md", post("x", "2023-03-05", `slug = 2023`),
			"/2023/03/05/2023/", "/blog/2023/03/05/2023/"},
		{"url key", "", "content/articles/x.md", post("x", "2023-03-05", `url = "/a-propos/equipe"`),
			"/a-propos/equipe/", "/blog/a-propos/equipe/"},
		{"local midnight in Paris", "", "content/articles/nouvel-an.md", post("x", "2023-01-01T00:30:00+01:00"),
			"/2023/01/01/nouvel-an/", "/blog/2023/01/01/nouvel-an/"},
		{"UTC date late on 31 December is 1 January in Paris", "", "content/articles/nouvel-an.md", post("x", "2022-12-31T23:30:00Z"),
			"/2023/01/01/nouvel-an/", "/blog/2023/01/01/nouvel-an/"},
		{"other offset converted to Paris", "", "content/articles/x.md", post("x", "2023-06-30T20:00:00-05:00"),
			"/2023/07/01/x/", "/blog/2023/07/01/x/"},
		{"local date read in Paris", "", "content/articles/x.md", post("x", "2023-01-01"),
			"/2023/01/01/x/", "/blog/2023/01/01/x/"},
		{"site time zone New York", "baseURL = \"https://example.org/\"\ntimeZone = \"America/New_York\"\n",
			"content/articles/x.md", post("x", "2023-01-01T03:00:00Z"),
			"/2022/12/31/x/", "/2022/12/31/x/"},
		{"top-level page", "", "content/about.md", md(`title = "À propos"`),
			"/about/", "/blog/about/"},
		{"top-level page in english", "", "content/about.en.md", md(`title = "About"`),
			"/about/", "/blog/en/about/"},
		{"top-level bundle", "", "content/contact/index.md", md(`title = "Contact"`),
			"/contact/", "/blog/contact/"},
		{"undated page in a section", "", "content/pages/mentions.md", md(`title = "Mentions"`),
			"/pages/mentions/", "/blog/pages/mentions/"},
		{"dated page in a nested folder", "", "content/articles/2023/x.md", post("x", "2023-03-05"),
			"/2023/03/05/x/", "/blog/2023/03/05/x/"},
		{"permalinks with section and year", siteTOML + "[permalinks]\narticles = \"/:section/:year/:slug/\"\n",
			"content/articles/x.md", post("x", "2023-03-05"),
			"/articles/2023/x/", "/blog/articles/2023/x/"},
		{"permalinks with title", siteTOML + "[permalinks]\narticles = \"/:year/:month/:title/\"\n",
			"content/articles/x.md", post("L’été : ça chauffe", "2023-03-05"),
			"/2023/03/lete-ca-chauffe/", "/blog/2023/03/lete-ca-chauffe/"},
		{"permalinks with file name", siteTOML + "[permalinks]\npages = \"/p/:filename/\"\n",
			"content/pages/Mentions.md", md(`title = "x"`, `slug = "autre"`),
			"/p/Mentions/", "/blog/p/Mentions/"},
		{"permalinks ending in .html", siteTOML + "[permalinks]\narticles = \"/:year/:slug.html\"\n",
			"content/articles/x.md", post("x", "2023-03-05"),
			"/2023/x.html", "/blog/2023/x.html"},
		{"section index", "", "content/articles/_index.md", md(`title = "Articles"`),
			"/articles/", "/blog/articles/"},
		{"english section index", "", "content/articles/_index.en.md", md(`title = "Articles"`),
			"/articles/", "/blog/en/articles/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := tree{tt.file: tt.content}
			if tt.config != "" {
				files["site.toml"] = tt.config
			}
			s, d := loadTree(t, files, Options{})
			wantNoErrors(t, d)
			p := mustPage(t, s, tt.file)
			if p.Path != tt.path {
				t.Errorf("Path = %q, want %q", p.Path, tt.path)
			}
			if p.RelPermalink != tt.rel {
				t.Errorf("RelPermalink = %q, want %q", p.RelPermalink, tt.rel)
			}
			if want := "https://example.org" + tt.rel; p.Permalink != want {
				t.Errorf("Permalink = %q, want %q", p.Permalink, want)
			}
		})
	}
}

func TestLoadDateInSiteZone(t *testing.T) {
	// The archives and the templates see the same day as the URL.
	s, d := loadTree(t, tree{"content/articles/x.md": post("x", "2022-12-31T23:30:00Z")}, Options{})
	wantNoErrors(t, d)
	p := mustPage(t, s, "content/articles/x.md")
	if p.Date.Year() != 2023 || p.Date.Location().String() != "Europe/Paris" {
		t.Errorf("Date = %v, want it in Europe/Paris (2023-01-01 00:30)", p.Date)
	}
	if want := time.Date(2022, 12, 31, 23, 30, 0, 0, time.UTC); !p.Date.Equal(want) {
		t.Errorf("Date = %v, want the same instant as %v", p.Date, want)
	}
	fr := s.Lang("fr")
	if len(fr.Years) != 1 || fr.Years[0].Year != 2023 || fr.Years[0].Path != "/archives/2023/" {
		t.Errorf("Years = %+v, want one year 2023", fr.Years)
	}
}

func TestLoadURLErrors(t *testing.T) {
	tests := []struct {
		name    string
		config  string
		file    string
		content string
		line    int
		phrases []string
	}{
		{"pattern needs a date", siteTOML + "[permalinks]\npages = \"/:year/:slug/\"\n",
			"content/pages/x.md", md(`title = "x"`), 1, []string{"no date", "date = 2024-06-01"}},
		{"page takes the tags list URL", "", "content/tags.md", md(`title = "Étiquettes"`), 0, []string{"/tags/", "list page of tags"}},
		{"english page takes the archives URL", "", "content/archives.en.md", md(`title = "Archives"`), 0, []string{"/en/archives/", "list page of archives"}},
		{"slug with no letters", "", "content/articles/x.md", post("x", "2023-01-01", `slug = "?!"`), 4, []string{"empty URL segment"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := tree{tt.file: tt.content}
			if tt.config != "" {
				files["site.toml"] = tt.config
			}
			_, d := loadTree(t, files, Options{})
			wantError(t, d, tt.file, tt.line, tt.phrases...)
		})
	}
}

func TestLoadHome(t *testing.T) {
	s, d := loadTree(t, tree{
		"content/_index.md":          md(`title = "Accueil"`),
		"content/_index.en.md":       md(`title = "Home"`),
		"content/articles/a.md":      post("A", "2023-01-01"),
		"content/about.md":           md(`title = "À propos"`),
		"content/articles/_index.md": md(`title = "Tous les articles"`),
	}, Options{})
	wantClean(t, d)
	fr, en := s.Lang("fr"), s.Lang("en")
	if fr.Home == nil || fr.Home.File != "content/_index.md" {
		t.Fatalf("fr Home = %v, want content/_index.md", fr.Home)
	}
	if en.Home == nil || en.Home.File != "content/_index.en.md" {
		t.Fatalf("en Home = %v, want content/_index.en.md", en.Home)
	}
	if fr.Home.Kind != KindSection || fr.Home.Path != "/" || fr.Home.RelPermalink != "/blog/" || en.Home.RelPermalink != "/blog/en/" {
		t.Errorf("home: kind %s path %q rel %q / en %q", fr.Home.Kind, fr.Home.Path, fr.Home.RelPermalink, en.Home.RelPermalink)
	}
	if fr.Home.Title != "Accueil" || string(fr.Home.Body) != "Corps du texte.\n" {
		t.Errorf("home title %q body %q", fr.Home.Title, fr.Home.Body)
	}
	if got := files(fr.Pages); !reflect.DeepEqual(got, []string{"content/articles/a.md", "content/about.md"}) {
		t.Errorf("fr Pages = %v: the home text is not an article", got)
	}
	if got := files(fr.MainPages); !reflect.DeepEqual(got, []string{"content/articles/a.md"}) {
		t.Errorf("fr MainPages = %v", got)
	}
	for _, sec := range fr.Sections {
		if sec.Name == "" || sec.Index == fr.Home {
			t.Errorf("the home text made a section: %+v", sec)
		}
	}
	if fr.Home.Translations == nil || fr.Home.Translations[0] != en.Home {
		t.Errorf("the home texts are not translations of each other")
	}
}

func TestLoadSections(t *testing.T) {
	s, d := loadTree(t, tree{
		"site.toml":                  "mainSections = [\"articles\"]\n" + siteTOML,
		"content/articles/_index.md": md(`title = "Articles : tous"`),
		"content/articles/a.md":      post("A", "2023-01-01"),
		"content/articles/b.md":      post("B", "2023-05-01"),
		"content/articles/2022/c.md": post("C", "2022-05-01"),
		"content/notes/n.md":         post("N", "2023-02-01"),
		"content/about.md":           md(`title = "À propos"`),
	}, Options{})
	wantNoErrors(t, d)
	fr := s.Lang("fr")
	if got := files(fr.MainPages); !reflect.DeepEqual(got, []string{"content/articles/b.md", "content/articles/a.md", "content/articles/2022/c.md"}) {
		t.Errorf("MainPages = %v, want the articles, newest first", got)
	}
	var names []string
	for _, sec := range fr.Sections {
		names = append(names, sec.Name)
	}
	if !reflect.DeepEqual(names, []string{"articles", "notes"}) {
		t.Fatalf("Sections = %v", names)
	}
	arts := fr.Sections[0]
	if arts.Title != "Articles\u00a0: tous" || arts.Index == nil || arts.RelPermalink != "/blog/articles/" {
		t.Errorf("articles section: title %q index %v rel %q", arts.Title, arts.Index, arts.RelPermalink)
	}
	if got := files(arts.Pages); len(got) != 3 || got[0] != "content/articles/b.md" {
		t.Errorf("articles section pages = %v", got)
	}
	if got := files(arts.Index.Pages); len(got) != 3 {
		t.Errorf("the section page lists %v", got)
	}
	if fr.Sections[1].Index != nil || fr.Sections[1].Title != "notes" || fr.Sections[1].Path != "/notes/" {
		t.Errorf("notes section = %+v", fr.Sections[1])
	}
	var years []int
	for _, y := range fr.Years {
		years = append(years, y.Year)
	}
	if !reflect.DeepEqual(years, []int{2023, 2022}) {
		t.Errorf("Years = %v", years)
	}
}

func TestLoadTranslations(t *testing.T) {
	s, d := loadTree(t, tree{
		// by bundle
		"content/articles/bundle/index.md":    post("Paquet", "2023-01-01"),
		"content/articles/bundle/index.en.md": post("Bundle", "2023-01-01"),
		// by file base name
		"content/articles/post.md":    post("Billet", "2023-01-02"),
		"content/articles/post.en.md": post("Post", "2023-01-02"),
		// by translationKey, whatever the names
		"content/articles/bonjour.md":  post("Bonjour", "2023-01-03", `translationKey = "salut"`),
		"content/articles/hello.en.md": post("Hello", "2023-01-03", `translationKey = "salut"`),
		// not related
		"content/articles/seul.md":     post("Seul", "2023-01-04"),
		"content/articles/alone.en.md": post("Alone", "2023-01-04"),
	}, Options{})
	wantClean(t, d)
	pairs := [][2]string{
		{"content/articles/bundle/index.md", "content/articles/bundle/index.en.md"},
		{"content/articles/post.md", "content/articles/post.en.md"},
		{"content/articles/bonjour.md", "content/articles/hello.en.md"},
	}
	for _, pair := range pairs {
		fr, en := mustPage(t, s, pair[0]), mustPage(t, s, pair[1])
		if fr.Group == nil || fr.Group != en.Group {
			t.Errorf("%s and %s are not in one group", pair[0], pair[1])
			continue
		}
		if fr.Group.Pages["fr"] != fr || fr.Group.Pages["en"] != en || len(fr.Group.Pages) != 2 {
			t.Errorf("group %q = %v", fr.Group.Key, fr.Group.Pages)
		}
		if len(fr.Translations) != 1 || fr.Translations[0] != en || len(en.Translations) != 1 || en.Translations[0] != fr {
			t.Errorf("%s: translations %v / %v", pair[0], files(fr.Translations), files(en.Translations))
		}
		if fr.Lang != "fr" || en.Lang != "en" {
			t.Errorf("languages %q %q", fr.Lang, en.Lang)
		}
	}
	for _, f := range []string{"content/articles/seul.md", "content/articles/alone.en.md"} {
		if p := mustPage(t, s, f); len(p.Translations) != 0 {
			t.Errorf("%s has translations %v", f, files(p.Translations))
		}
	}
	// The English site lists its own pages only.
	if got := len(s.Lang("en").Pages); got != 4 {
		t.Errorf("en has %d pages, want 4", got)
	}
}

func TestLoadConflicts(t *testing.T) {
	tests := []struct {
		name   string
		files  tree
		file   string // the file the error is reported on
		others []string
	}{
		{"two pages for one URL", tree{
			"content/articles/a.md": post("A", "2023-01-01", `slug = "pareil"`),
			"content/articles/b.md": post("B", "2023-01-01", `slug = "pareil"`),
		}, "content/articles/b.md", []string{"content/articles/a.md", "/2023/01/01/pareil/"}},
		{"a page and a bundle for one URL", tree{
			"content/about.md":       md(`title = "A"`),
			"content/about/index.md": md(`title = "B"`),
		}, "content/about/index.md", []string{"content/about.md", "/about/"}},
		{"page and page.fr in the default language", tree{
			"content/articles/post.md":    post("A", "2023-01-01"),
			"content/articles/post.fr.md": post("B", "2023-01-01"),
		}, "content/articles/post.md", []string{"content/articles/post.fr.md"}},
		{"english pages for one URL", tree{
			"content/articles/a.en.md": post("A", "2023-01-01", `slug = "same"`),
			"content/articles/b.en.md": post("B", "2023-01-01", `slug = "same"`),
		}, "content/articles/b.en.md", []string{"content/articles/a.en.md", "/en/2023/01/01/same/"}},
		{"a page on a section's URL", tree{
			"content/articles/a.md": post("A", "2023-01-01"),
			"content/articles.md":   md(`title = "Articles"`),
		}, "content/articles", []string{"content/articles.md", "/articles/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, d := loadTree(t, tt.files, Options{})
			wantError(t, d, tt.file, -1, tt.others...)
		})
	}
}

func TestLoadSameLanguageInOneGroup(t *testing.T) {
	t.Run("same file name", func(t *testing.T) {
		_, d := loadTree(t, tree{
			"content/articles/post.md":    post("A", "2023-01-01"),
			"content/articles/post.fr.md": post("B", "2023-01-02"),
		}, Options{})
		wantError(t, d, "content/articles/post.md", -1, "same page in fr", "content/articles/post.fr.md")
	})
	t.Run("same translationKey", func(t *testing.T) {
		_, d := loadTree(t, tree{
			"content/articles/a.md": post("A", "2023-01-01", `translationKey = "k"`),
			"content/articles/b.md": post("B", "2023-01-02", `translationKey = "k"`),
		}, Options{})
		wantError(t, d, "content/articles/b.md", -1, "same page in fr", "content/articles/a.md", "translationKey")
	})
}

func TestLoadUnknownLanguage(t *testing.T) {
	tests := []struct {
		name  string
		files tree
		file  string
	}{
		{"bundle page alone", tree{"content/articles/x/index.de.md": post("x", "2023-01-01")}, "content/articles/x/index.de.md"},
		{"bundle page beside index.md", tree{
			"content/articles/x/index.md":    post("x", "2023-01-01"),
			"content/articles/x/index.de.md": post("x", "2023-01-01"),
		}, "content/articles/x/index.de.md"},
		{"lone page", tree{"content/articles/post.de.md": post("x", "2023-01-01")}, "content/articles/post.de.md"},
		{"section index", tree{"content/articles/_index.de.md": md(`title = "x"`)}, "content/articles/_index.de.md"},
		{"region subtag", tree{"content/articles/post.pt-br.md": post("x", "2023-01-01")}, "content/articles/post.pt-br.md"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, d := loadTree(t, tt.files, Options{})
			suffix := strings.Split(tt.file, ".")[1]
			wantError(t, d, tt.file, -1, "unknown language", `"`+suffix+`"`, "[languages."+suffix+"]")
			if pageOf(s, tt.file) != nil {
				t.Errorf("%s was built", tt.file)
			}
		})
	}
}

func TestLoadIgnoredFiles(t *testing.T) {
	s, d := loadTree(t, tree{
		"content/articles/a.md":            post("A", "2023-01-01"),
		"content/articles/.DS_Store":       "x",
		"content/articles/a.md~":           "x",
		"content/articles/foo.md~":         "x",
		"content/articles/.#foo.md":        "x",
		"content/articles/#foo.md#":        "x",
		"content/articles/.a.md.swp":       "x",
		"content/articles/a.md.bak":        "x",
		"content/articles/Thumbs.db":       "x",
		"content/articles/_draft~":         "x",
		"content/.git/config":              "x",
		"content/articles/b/index.md":      post("B", "2023-01-02"),
		"content/articles/b/.DS_Store":     "x",
		"content/articles/b/photo.jpg~":    "x",
		"content/articles/b/.hidden/x.png": "x",
		"static/.DS_Store":                 "x",
		"static/css/.style.css.swp":        "x",
		"static/.well-known/x":             "x",
	}, Options{})
	wantClean(t, d)
	if got := allFiles(s); !reflect.DeepEqual(got, []string{"content/articles/a.md", "content/articles/b/index.md"}) {
		t.Errorf("pages = %v", got)
	}
	if len(s.Static) != 0 {
		t.Errorf("Static = %v, want nothing", staticPaths(s))
	}
	if r := mustPage(t, s, "content/articles/b/index.md").Resources; len(r) != 0 {
		t.Errorf("resources = %+v, want none", r)
	}
}

func TestIgnored(t *testing.T) {
	for name, want := range map[string]bool{
		".DS_Store": true, "foo.md~": true, ".#foo.md": true, "#foo.md#": true, ".git": true,
		"x.swp": true, "x.swo": true, "x.bak": true, "x.tmp": true, "Thumbs.db": true, "desktop.ini": true, "_draft~": true,
		"foo.md": false, "_index.md": false, "image.png": false, "index.en.md": false,
	} {
		if got := Ignored(name); got != want {
			t.Errorf("Ignored(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestLoadDraftsAndFuture(t *testing.T) {
	files := tree{
		"content/articles/published.md":    post("Publié", "2024-01-01"),
		"content/articles/now.md":          post("Maintenant", "2024-06-01T12:00:00+02:00"),
		"content/articles/draft.md":        post("Brouillon", "2024-01-02", "draft = true"),
		"content/articles/future.md":       post("Futur", "2024-06-01T12:00:01+02:00"),
		"content/articles/future-draft.md": post("Futur brouillon", "2025-01-01", "draft = true"),
		// A draft may share a URL with a page until it is published.
		"content/articles/clash.md": post("Conflit", "2024-01-01", `slug = "published"`, "draft = true"),
	}
	dir := writeTree(t, files)
	tests := []struct {
		name  string
		opts  Options
		want  []string
		clash bool
	}{
		{"default", Options{}, []string{"now", "published"}, false},
		{"drafts", Options{Drafts: true}, []string{"now", "draft", "clash", "published"}, true},
		{"future", Options{Future: true}, []string{"future", "now", "published"}, false},
		{"drafts and future", Options{Drafts: true, Future: true}, []string{"future-draft", "future", "now", "draft", "clash", "published"}, true},
		{"a later Now", Options{Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)}, []string{"future", "now", "published"}, false},
		{"an earlier Now", Options{Now: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}, []string{"published"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, d := loadDir(t, dir, tt.opts)
			var got []string
			for _, p := range s.Lang("fr").Pages {
				got = append(got, strings.TrimSuffix(strings.TrimPrefix(p.File, "content/articles/"), ".md"))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("pages = %v, want %v", got, tt.want)
			}
			if has := findDiag(d, diag.Error, "content/articles/published.md", -1, "same URL"); has != tt.clash {
				t.Errorf("URL clash reported: %v, want %v\n%s", has, tt.clash, diagText(d))
			}
		})
	}
	t.Run("unpublished pages are told apart", func(t *testing.T) {
		s, _ := loadDir(t, dir, Options{})
		want := map[string]string{
			"content/articles/draft.md":        "draft",
			"content/articles/clash.md":        "draft",
			"content/articles/future-draft.md": "draft",
			"content/articles/future.md":       "future (2024-06-01)",
		}
		if len(s.Unpublished) != len(want) {
			t.Errorf("Unpublished = %v, want the keys of %v", s.Unpublished, want)
		}
		for f, phrase := range want {
			if why, ok := s.Unpublished[f]; !ok || !strings.Contains(why, phrase) {
				t.Errorf("Unpublished[%s] = %q, want it to say %q", f, why, phrase)
			}
		}
	})
	t.Run("buildFuture in site.toml", func(t *testing.T) {
		s, _ := loadTree(t, tree{
			"site.toml":                  "buildFuture = true\n" + siteTOML,
			"content/articles/future.md": post("Futur", "2030-01-01"),
		}, Options{})
		if len(s.Lang("fr").Pages) != 1 {
			t.Errorf("buildFuture = true did not keep the future page")
		}
	})
}

func TestLoadTaxonomies(t *testing.T) {
	s, d := loadTree(t, tree{
		"content/articles/a.md":    post("A", "2023-01-01", `tags = ["Logiciel libre", "Fédivers", "logiciel-libre"]`, `categories = ["Chroniques"]`),
		"content/articles/b.md":    post("B", "2023-02-01", `tags = ["logiciel libre", "Zut", "Quoi ?"]`),
		"content/articles/c.md":    post("C", "2023-03-01", `tags = ["Logiciel libre", "Éducation"]`, `categories = "chroniques"`),
		"content/articles/d.md":    post("D", "2023-04-01", `tags = ["?!"]`),
		"content/articles/e.en.md": post("E", "2023-01-01", `tags = ["Free software", "Quoi ?"]`),
	}, Options{})
	wantNoErrors(t, d)
	wantWarning(t, d, "content/articles/d.md", 4, "empty URL", `"?!"`)
	fr := s.Lang("fr")
	tags := fr.Taxonomy("tags")
	if tags == nil || tags.Path != "/tags/" || tags.RelPermalink != "/blog/tags/" {
		t.Fatalf("tags taxonomy = %+v", tags)
	}
	var names, slugs []string
	for _, term := range tags.Terms {
		names = append(names, term.Name)
		slugs = append(slugs, term.Slug)
	}
	wantNames := []string{"Éducation", "Fédivers", "Logiciel libre", "Quoi\u202f?", "Zut"}
	wantSlugs := []string{"education", "fedivers", "logiciel-libre", "quoi", "zut"}
	if !reflect.DeepEqual(names, wantNames) || !reflect.DeepEqual(slugs, wantSlugs) {
		t.Errorf("terms = %q %q, want %q %q", names, slugs, wantNames, wantSlugs)
	}
	libre := tags.Terms[2]
	if got := files(libre.Pages); !reflect.DeepEqual(got, []string{"content/articles/c.md", "content/articles/b.md", "content/articles/a.md"}) {
		t.Errorf("Logiciel libre pages = %v, want newest first", got)
	}
	if libre.Path != "/tags/logiciel-libre/" || libre.RelPermalink != "/blog/tags/logiciel-libre/" || libre.Lang != "fr" || libre.Taxonomy != "tags" {
		t.Errorf("term = %+v", libre)
	}
	a := mustPage(t, s, "content/articles/a.md")
	if len(a.Tags) != 2 || a.Tags[0] != libre {
		t.Errorf("a.Tags = %+v: one term per slug", a.Tags)
	}
	cats := fr.Taxonomy("categories")
	if len(cats.Terms) != 1 || cats.Terms[0].Name != "Chroniques" || len(cats.Terms[0].Pages) != 2 {
		t.Errorf("categories = %+v", cats.Terms)
	}
	en := s.Lang("en").Taxonomy("tags")
	if len(en.Terms) != 2 || en.Terms[0].Name != "Free software" || en.Terms[1].Name != "Quoi ?" {
		t.Errorf("en tags = %+v: no French spacing in English", en.Terms)
	}
	if en.Terms[0].RelPermalink != "/blog/en/tags/free-software/" {
		t.Errorf("en term URL = %q", en.Terms[0].RelPermalink)
	}
}

func TestLoadSeries(t *testing.T) {
	s, d := loadTree(t, tree{
		"content/articles/mars.md":    post("Mars", "2023-03-01", `series = "Frama : la suite"`),
		"content/articles/janvier.md": post("Janvier", "2023-01-01", `series = ["Frama : la suite"]`),
		"content/articles/fevrier.md": post("Février", "2023-02-01", `series = "frama : la suite"`),
		"content/articles/autre.md":   post("Autre", "2023-02-15"),
	}, Options{})
	wantNoErrors(t, d)
	series := s.Lang("fr").Taxonomy("series")
	if len(series.Terms) != 1 {
		t.Fatalf("series terms = %+v", series.Terms)
	}
	term := series.Terms[0]
	if term.Name != "Frama\u00a0: la suite" || term.Slug != "frama-la-suite" || term.Path != "/series/frama-la-suite/" {
		t.Errorf("term = %q %q %q", term.Name, term.Slug, term.Path)
	}
	order := []string{"content/articles/janvier.md", "content/articles/fevrier.md", "content/articles/mars.md"}
	if got := files(term.Pages); !reflect.DeepEqual(got, order) {
		t.Errorf("series pages = %v, want oldest first", got)
	}
	for i, f := range order {
		p := mustPage(t, s, f)
		if p.Series != term || p.SeriesIndex != i+1 {
			t.Errorf("%s: series %v index %d", f, p.Series, p.SeriesIndex)
		}
		var prev, next *Page
		if i > 0 {
			prev = mustPage(t, s, order[i-1])
		}
		if i+1 < len(order) {
			next = mustPage(t, s, order[i+1])
		}
		if p.SeriesPrev != prev || p.SeriesNext != next {
			t.Errorf("%s: prev %v next %v", f, p.SeriesPrev, p.SeriesNext)
		}
	}
	if p := mustPage(t, s, "content/articles/autre.md"); p.Series != nil || p.SeriesPrev != nil || p.SeriesNext != nil {
		t.Errorf("a page out of the series has series links")
	}
}

func TestLoadBooks(t *testing.T) {
	s, d := loadTree(t, tree{
		"content/books/guide/_index.md":         md(`title = "Le guide"`, "date = 2023-05-01", "weight = 2"),
		"content/books/guide/_index.en.md":      md(`title = "The guide"`, "date = 2023-05-01"),
		"content/books/guide/cover.jpg":         "jpg",
		"content/books/guide/zz-preface.md":     md(`title = "Préface"`),
		"content/books/guide/b.md":              md(`title = "B"`, "weight = 1"),
		"content/books/guide/a.md":              md(`title = "A"`, "weight = 1"),
		"content/books/guide/c.md":              md(`title = "C"`, "weight = 2", "date = 2023-06-01"),
		"content/books/guide/annexe/index.md":   md(`title = "Annexe"`, "weight = 3"),
		"content/books/guide/annexe/schema.svg": "svg",
		"content/books/guide/a.en.md":           md(`title = "A (en)"`, "weight = 1"),
		"content/books/petit/_index.md":         md(`title = "Petit livre"`, "weight = 1"),
		"content/books/petit/seul.md":           md(`title = "Seul chapitre"`),
	}, Options{})
	wantClean(t, d)
	fr := s.Lang("fr")
	if len(fr.Books) != 2 || fr.Books[0].Slug != "petit" || fr.Books[1].Slug != "guide" {
		t.Fatalf("books = %+v, want petit (weight 1) then guide (weight 2)", fr.Books)
	}
	guide := fr.Books[1]
	if guide.Index.File != "content/books/guide/_index.md" || guide.Index.Kind != KindBook || guide.Index.Path != "/books/guide/" || guide.Lang != "fr" {
		t.Errorf("book index = %+v", guide.Index)
	}
	want := []string{
		"content/books/guide/zz-preface.md", // weight 0
		"content/books/guide/a.md",          // weight 1, by file name
		"content/books/guide/b.md",
		"content/books/guide/c.md",
		"content/books/guide/annexe/index.md",
	}
	if got := files(guide.Chapters); !reflect.DeepEqual(got, want) {
		t.Fatalf("chapters = %v, want %v", got, want)
	}
	paths := []string{"/books/guide/zz-preface/", "/books/guide/a/", "/books/guide/b/", "/books/guide/c/", "/books/guide/annexe/"}
	for i, c := range guide.Chapters {
		if c.Kind != KindChapter || c.ChapterIndex != i+1 || c.Book != guide || c.Path != paths[i] {
			t.Errorf("chapter %d: kind %s index %d book %v path %q", i, c.Kind, c.ChapterIndex, c.Book == guide, c.Path)
		}
		var prev, next *Page
		if i > 0 {
			prev = guide.Chapters[i-1]
		}
		if i+1 < len(guide.Chapters) {
			next = guide.Chapters[i+1]
		}
		if c.Prev != prev || c.Next != next {
			t.Errorf("chapter %d: prev %v next %v", i, c.Prev, c.Next)
		}
	}
	if d := guide.Chapters[0].Date; !d.Equal(guide.Index.Date) {
		t.Errorf("undated chapter date = %v, want the book's %v", d, guide.Index.Date)
	}
	if d := guide.Chapters[3].Date; d.Month() != time.June {
		t.Errorf("dated chapter date = %v, want its own", d)
	}
	if r := guide.Index.Resources; len(r) != 1 || r[0].Name != "cover.jpg" {
		t.Errorf("book resources = %+v", r)
	}
	if r := guide.Chapters[4].Resources; len(r) != 1 || r[0].Name != "schema.svg" {
		t.Errorf("chapter bundle resources = %+v", r)
	}
	for _, p := range fr.Pages {
		if p.Kind == KindChapter || p.Kind == KindBook {
			t.Errorf("%s (%s) is listed as an article", p.File, p.Kind)
		}
	}
	en := s.Lang("en")
	if len(en.Books) != 1 || files(en.Books[0].Chapters)[0] != "content/books/guide/a.en.md" || len(en.Books[0].Chapters) != 1 {
		t.Errorf("en books = %+v", en.Books)
	}
	if en.Books[0].Index.RelPermalink != "/blog/en/books/guide/" || en.Books[0].Chapters[0].RelPermalink != "/blog/en/books/guide/a/" {
		t.Errorf("en book URLs %q %q", en.Books[0].Index.RelPermalink, en.Books[0].Chapters[0].RelPermalink)
	}
	if a := mustPage(t, s, "content/books/guide/a.md"); len(a.Translations) != 1 || a.Translations[0].File != "content/books/guide/a.en.md" {
		t.Errorf("chapter translations = %v", files(a.Translations))
	}
	if g := guide.Index; len(g.Translations) != 1 || g.Translations[0] != en.Books[0].Index {
		t.Errorf("book translations = %v", files(g.Translations))
	}
	var booksSec *Section
	for _, sec := range fr.Sections {
		if sec.Name == "books" {
			booksSec = sec
		}
	}
	if booksSec == nil || !reflect.DeepEqual(files(booksSec.Pages), []string{"content/books/petit/_index.md", "content/books/guide/_index.md"}) {
		t.Errorf("books section = %+v", booksSec)
	}
}

func TestLoadBookErrors(t *testing.T) {
	t.Run("book without _index.md", func(t *testing.T) {
		s, d := loadTree(t, tree{"content/books/orphelin/ch1.md": md(`title = "Ch 1"`)}, Options{})
		wantError(t, d, "content/books/orphelin", 0, "front page", "content/books/orphelin/_index.md")
		if pageOf(s, "content/books/orphelin/ch1.md") != nil {
			t.Errorf("a chapter without its book was built")
		}
	})
	t.Run("chapter in a language without the book", func(t *testing.T) {
		s, d := loadTree(t, tree{
			"content/books/guide/_index.md": md(`title = "Le guide"`),
			"content/books/guide/a.md":      md(`title = "A"`),
			"content/books/guide/a.en.md":   md(`title = "A"`),
		}, Options{})
		wantError(t, d, "content/books/guide/a.en.md", -1, "no book front page", "_index.en.md")
		if pageOf(s, "content/books/guide/a.en.md") != nil {
			t.Errorf("the orphan chapter was built")
		}
		if b := s.Lang("fr").Books; len(b) != 1 || len(b[0].Chapters) != 1 {
			t.Errorf("fr books = %+v", b)
		}
	})
	t.Run("book with no chapters", func(t *testing.T) {
		_, d := loadTree(t, tree{"content/books/vide/_index.md": md(`title = "Vide"`)}, Options{})
		wantNoErrors(t, d)
		wantWarning(t, d, "content/books/vide/_index.md", 0, "no chapters")
	})
	t.Run("folder too deep", func(t *testing.T) {
		_, d := loadTree(t, tree{
			"content/books/guide/_index.md":      md(`title = "Le guide"`),
			"content/books/guide/a.md":           md(`title = "A"`),
			"content/books/guide/partie/sous.md": md(`title = "Sous"`),
		}, Options{})
		wantError(t, d, "content/books/guide/partie", 0, "too deep")
	})
	t.Run("draft book hides its chapters quietly", func(t *testing.T) {
		dir := writeTree(t, tree{
			"content/books/wip/_index.md": md(`title = "En cours"`, "draft = true"),
			"content/books/wip/ch1.md":    md(`title = "Ch 1"`),
			"content/books/wip/ch2.md":    md(`title = "Ch 2"`),
		})
		s, d := loadDir(t, dir, Options{})
		wantClean(t, d)
		if len(s.Lang("fr").Books) != 0 || len(s.Lang("fr").All) != 0 {
			t.Errorf("a draft book was built: %v", allFiles(s))
		}
		s, d = loadDir(t, dir, Options{Drafts: true})
		wantClean(t, d)
		if b := s.Lang("fr").Books; len(b) != 1 || len(b[0].Chapters) != 2 {
			t.Errorf("with drafts: books %+v", b)
		}
	})
	t.Run("book front page with a broken front matter", func(t *testing.T) {
		_, d := loadTree(t, tree{
			"content/books/guide/_index.md": "+++\ntitle = \n+++\n",
			"content/books/guide/a.md":      md(`title = "A"`),
		}, Options{})
		wantError(t, d, "content/books/guide/_index.md", 2, "invalid TOML")
		if findDiag(d, diag.Error, "content/books/guide/a.md", -1) {
			t.Errorf("the chapter got an error of its own:\n%s", diagText(d))
		}
	})
}

func TestLoadResources(t *testing.T) {
	s, d := loadTree(t, tree{
		"content/articles/x/index.md":      post("X", "2023-01-01"),
		"content/articles/x/index.en.md":   post("X", "2023-01-01"),
		"content/articles/x/photo.jpg":     "12345",
		"content/articles/x/img/a.png":     "ab",
		"content/articles/x/img/sub/b.png": "b",
		"content/articles/x/img/.DS_Store": "x",
		"content/articles/_index.md":       md(`title = "Articles"`),
		"content/articles/_index.en.md":    md(`title = "Articles"`),
		"content/articles/banner.png":      "png",
		"content/articles/y/index.md":      post("Y", "2023-01-02"),
		"content/articles/y/notes.md":      md(`title = "Notes"`),
	}, Options{})
	wantNoErrors(t, d)
	wantWarning(t, d, "content/articles/y/notes.md", 0, "not built", "page bundle")
	want := []Resource{
		{Name: "img/a.png", File: "content/articles/x/img/a.png", Size: 2},
		{Name: "img/sub/b.png", File: "content/articles/x/img/sub/b.png", Size: 1},
		{Name: "photo.jpg", File: "content/articles/x/photo.jpg", Size: 5},
	}
	for _, f := range []string{"content/articles/x/index.md", "content/articles/x/index.en.md"} {
		p := mustPage(t, s, f)
		if p.BundleDir == "" {
			t.Errorf("%s: no BundleDir", f)
		}
		var got []Resource
		for _, r := range p.Resources {
			if !filepath.IsAbs(r.Abs) {
				t.Errorf("%s: resource Abs %q is not absolute", f, r.Abs)
			}
			if _, err := os.Stat(r.Abs); err != nil {
				t.Errorf("%s: %v", f, err)
			}
			got = append(got, Resource{Name: r.Name, File: r.File, Size: r.Size})
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s resources = %+v, want %+v", f, got, want)
		}
	}
	for _, f := range []string{"content/articles/_index.md", "content/articles/_index.en.md"} {
		if r := mustPage(t, s, f).Resources; len(r) != 1 || r[0].Name != "banner.png" {
			t.Errorf("%s resources = %+v", f, r)
		}
	}
	if len(s.Static) != 0 {
		t.Errorf("bundle files went to Static: %v", staticPaths(s))
	}
	if pageOf(s, "content/articles/y/notes.md") != nil {
		t.Errorf("a second page in a bundle was built")
	}
}

func TestLoadStatic(t *testing.T) {
	s, d := loadTree(t, tree{
		"content/articles/a.md":    post("A", "2023-01-01"),
		"content/articles/img.png": "png",
		"content/fichiers/doc.pdf": "pdf",
		"content/robots.txt":       "x",
		"static/favicon.ico":       "ico",
		"static/css/site.css":      "css",
	}, Options{})
	wantClean(t, d)
	want := []string{"articles/img.png", "css/site.css", "favicon.ico", "fichiers/doc.pdf", "robots.txt"}
	if got := staticPaths(s); !reflect.DeepEqual(got, want) {
		t.Errorf("Static = %v, want %v", got, want)
	}
	for _, f := range s.Static {
		if _, err := os.Stat(f.Abs); err != nil {
			t.Errorf("Static %s: %v", f.Path, err)
		}
	}
	t.Run("static and content files for one path", func(t *testing.T) {
		_, d := loadTree(t, tree{
			"content/fichiers/doc.pdf": "pdf",
			"static/fichiers/doc.pdf":  "pdf",
		}, Options{})
		wantError(t, d, "static/fichiers/doc.pdf", 0, "content/fichiers/doc.pdf")
	})
}

func TestLoadAliases(t *testing.T) {
	s, d := loadTree(t, tree{
		"content/articles/a.md":    post("A", "2023-01-01", `aliases = ["/2015/03/ancien/", "vieux", "/vieux.html", "/x/../ailleurs/"]`),
		"content/articles/a.en.md": post("A", "2023-01-01", `aliases = ["old", "/en/legacy/"]`),
	}, Options{})
	wantClean(t, d)
	got := map[string]string{}
	for _, a := range s.Aliases {
		got[a.Path] = a.Page.File
	}
	want := map[string]string{
		"/2015/03/ancien/": "content/articles/a.md",
		"/vieux/":          "content/articles/a.md",
		"/vieux.html":      "content/articles/a.md",
		"/ailleurs/":       "content/articles/a.md",
		"/en/old/":         "content/articles/a.en.md",
		"/en/legacy/":      "content/articles/a.en.md",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("aliases = %v, want %v", got, want)
	}

	tests := []struct {
		name    string
		files   tree
		file    string
		line    int
		phrases []string
	}{
		{"two pages, one alias", tree{
			"content/articles/a.md": post("A", "2023-01-01", `aliases = ["/old/"]`),
			"content/articles/b.md": post("B", "2023-01-02", `aliases = ["old"]`),
		}, "content/articles/b.md", 0, []string{"/old/", "content/articles/a.md"}},
		{"alias on another page's URL", tree{
			"content/about.md":      md(`title = "À propos"`),
			"content/articles/b.md": post("B", "2023-01-02", `aliases = ["/about/"]`),
		}, "content/articles/b.md", 0, []string{"/about/", "content/about.md"}},
		{"alias as a full URL", tree{
			"content/articles/b.md": post("B", "2023-01-02", `aliases = ["https://ailleurs.org/x/"]`),
		}, "content/articles/b.md", 4, []string{"must be a path"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, d := loadTree(t, tt.files, Options{})
			wantError(t, d, tt.file, tt.line, tt.phrases...)
			for _, a := range s.Aliases {
				if a.Page.File == tt.file {
					t.Errorf("the refused alias %s was kept", a.Path)
				}
			}
		})
	}

	t.Run("alias on the page's own URL", func(t *testing.T) {
		s, d := loadTree(t, tree{
			"content/articles/b.md": post("B", "2023-01-02", `aliases = ["/2023/01/02/b/", "/old/", "/old/"]`),
		}, Options{})
		wantNoErrors(t, d)
		wantWarning(t, d, "content/articles/b.md", 4, "/2023/01/02/b/", "own URL")
		if len(s.Aliases) != 1 || s.Aliases[0].Path != "/old/" {
			var got []string
			for _, a := range s.Aliases {
				got = append(got, a.Path)
			}
			t.Errorf("aliases = %v, want only /old/: a redirect must not overwrite its own page", got)
		}
	})
}

func TestLoadSymlinks(t *testing.T) {
	dir := writeTree(t, tree{
		"content/articles/a.md":      post("A", "2023-01-01"),
		"content/articles/pic/x.png": "png",
		"content/fichiers/ici.pdf":   "pdf",
		"dossier/secret.md":          post("Secret", "2023-01-01"),
		"dossier/passwd":             "root",
		"dossier/sub/y.md":           post("Y", "2023-01-01"),
	})
	link := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	link(filepath.Join(dir, "dossier/secret.md"), "content/articles/secret.md")
	link("../../dossier/passwd", "content/fichiers/passwd")
	link(filepath.Join(dir, "dossier/sub"), "content/articles/sub")
	link("../fichiers/ici.pdf", "content/articles/lien.pdf")                  // inside: kept
	link(filepath.Join(dir, "content/articles/pic"), "content/articles/pic2") // a folder: not followed
	link("nowhere.md", "content/articles/broken.md")
	s, d := loadDir(t, dir, Options{})
	wantError(t, d, "content/articles/secret.md", 0, "outside the content tree")
	wantError(t, d, "content/fichiers/passwd", 0, "outside the content tree")
	wantError(t, d, "content/articles/sub", 0, "outside the content tree")
	wantError(t, d, "content/articles/broken.md", 0, "broken symbolic link")
	wantWarning(t, d, "content/articles/pic2", 0, "not followed")
	if got := allFiles(s); !reflect.DeepEqual(got, []string{"content/articles/a.md"}) {
		t.Errorf("pages = %v", got)
	}
	if got := staticPaths(s); !reflect.DeepEqual(got, []string{"articles/lien.pdf", "articles/pic/x.png", "fichiers/ici.pdf"}) {
		t.Errorf("Static = %v", got)
	}
	for _, f := range s.Static {
		if strings.Contains(f.Abs, "dossier") {
			t.Errorf("a file outside content/ is published: %s", f.Abs)
		}
	}
}

func TestLoadPageErrors(t *testing.T) {
	tests := []struct {
		name    string
		content string
		line    int
		phrases []string
	}{
		{"invalid TOML", "+++\ntitle = \"x\"\ndate = 2023-01-01\ntags = [\"a\"\n+++\nBody\n", 4, []string{"invalid TOML"}},
		{"invalid YAML", "---\ntitle: x\ndate: 2023-01-01\ntags: [a\n---\nBody\n", 4, []string{"invalid YAML"}},
		{"type error", "+++\ntitle = \"x\"\ndate = 2023-01-01\n\ndraft = \"oui\"\n+++\nBody\n", 5, []string{"draft must be true or false"}},
		{"no title", "+++\ndate = 2023-01-01\n+++\nBody\n", 1, []string{"no title", "title = "}},
		{"no front matter", "Juste du texte.\n", 1, []string{"no front matter"}},
		{"never closed", "+++\ntitle = \"x\"\nBody\n", 1, []string{"never closed", "+++"}},
		{"invalid UTF-8", "+++\ntitle = \"x\"\n+++\nun\ndeux \xff\n", 5, []string{"UTF-8"}},
		{"CRLF type error", "+++\r\ntitle = \"x\"\r\ndate = \"demain\"\r\n+++\r\n", 3, []string{"not a date"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, d := loadTree(t, tree{
				"content/articles/bad.md":  tt.content,
				"content/articles/good.md": post("Bon", "2023-01-01"),
			}, Options{})
			wantError(t, d, "content/articles/bad.md", tt.line, tt.phrases...)
			if pageOf(s, "content/articles/good.md") == nil {
				t.Errorf("one bad page stopped the others")
			}
		})
	}
}

func TestLoadPageFields(t *testing.T) {
	s, d := loadTree(t, tree{
		"content/articles/x.md":    "\xef\xbb\xbf+++\r\ntitle = \"L'été : enfin !\"\r\nsubtitle = \"« Oui »\"\r\ndate = 2023-03-05\r\nlastmod = 2023-04-01\r\nweight = 4\r\nlicense = \"cc-by-4.0\"\r\n+++\r\nPremier paragraphe.\r\n",
		"content/articles/y.en.md": post("Summer: at last!", "2023-03-05", `license = "WTFPL"`),
		"content/articles/z.md":    post("Z", "2023-03-05"),
	}, Options{})
	wantNoErrors(t, d)
	x := mustPage(t, s, "content/articles/x.md")
	if x.Title != "L’été\u00a0: enfin\u202f!" || x.Subtitle != "«\u202fOui\u202f»" {
		t.Errorf("Title %q Subtitle %q: French typography expected", x.Title, x.Subtitle)
	}
	if string(x.Body) != "Premier paragraphe.\n" || x.BodyLine != 9 {
		t.Errorf("Body %q at line %d", x.Body, x.BodyLine)
	}
	if x.Weight != 4 || x.Lastmod.Month() != time.April || x.License.ID != "CC-BY-4.0" || x.Section != "articles" || x.Dir != "articles" {
		t.Errorf("weight %d lastmod %v license %s section %q dir %q", x.Weight, x.Lastmod, x.License.ID, x.Section, x.Dir)
	}
	y := mustPage(t, s, "content/articles/y.en.md")
	if y.Title != "Summer: at last!" {
		t.Errorf("English title %q must keep English spacing", y.Title)
	}
	wantWarning(t, d, "content/articles/y.en.md", 4, "WTFPL", "SPDX")
	if y.License.ID != "WTFPL" {
		t.Errorf("unknown licence = %+v", y.License)
	}
	z := mustPage(t, s, "content/articles/z.md")
	if z.License.ID != "CC-BY-SA-4.0" || !z.Lastmod.Equal(z.Date) {
		t.Errorf("default licence %s, lastmod %v", z.License.ID, z.Lastmod)
	}
	if z.License.Name("fr") == z.License.Name("en") || z.License.URLFor("fr") != "https://creativecommons.org/licenses/by-sa/4.0/deed.fr" {
		t.Errorf("licence names %q / %q, URL %q", z.License.Name("fr"), z.License.Name("en"), z.License.URLFor("fr"))
	}
}

func TestLoadFolderKinds(t *testing.T) {
	_, d := loadTree(t, tree{
		"content/articles/x/index.md":  post("X", "2023-01-01"),
		"content/articles/x/_index.md": md(`title = "X"`),
	}, Options{})
	wantError(t, d, "content/articles/x", 0, "index.md", "_index.md")
}

func TestLoadWithoutContent(t *testing.T) {
	s, d := loadTree(t, tree{}, Options{})
	wantNoErrors(t, d)
	wantWarning(t, d, "content", 0, "no content/ folder")
	if len(allFiles(s)) != 0 || len(s.Languages) != 2 {
		t.Errorf("site = %+v", s)
	}
}

func TestLoadBaseURLOption(t *testing.T) {
	s, d := loadTree(t, tree{"content/about.md": md(`title = "À propos"`)}, Options{BaseURL: "http://localhost:1313/"})
	wantClean(t, d)
	p := mustPage(t, s, "content/about.md")
	if p.Permalink != "http://localhost:1313/about/" || p.RelPermalink != "/about/" {
		t.Errorf("Permalink %q RelPermalink %q", p.Permalink, p.RelPermalink)
	}
	if got := s.AbsURL("/en/"); got != "http://localhost:1313/en/" {
		t.Errorf("AbsURL = %q", got)
	}
}

func TestLoadCancelled(t *testing.T) {
	dir := writeTree(t, tree{"content/about.md": md(`title = "À propos"`)})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var d diag.List
	if _, err := Load(ctx, dir, Options{Now: testNow}, &d); err == nil {
		t.Errorf("Load with a cancelled context succeeded")
	}
}

func TestLoadIsDeterministic(t *testing.T) {
	files := tree{}
	for _, n := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
		files["content/articles/"+n+".md"] = post(strings.ToUpper(n), "2023-01-01", `tags = ["Commun", "`+n+`"]`)
		files["content/articles/"+n+".en.md"] = post(strings.ToUpper(n), "2023-01-01")
	}
	dir := writeTree(t, files)
	first, _ := loadDir(t, dir, Options{})
	for i := 0; i < 5; i++ {
		s, _ := loadDir(t, dir, Options{})
		if !reflect.DeepEqual(loadSummary(s), loadSummary(first)) {
			t.Fatalf("run %d: %v, first run %v", i, loadSummary(s), loadSummary(first))
		}
	}
}

func loadSummary(s *Site) []string {
	var out []string
	for _, l := range s.Languages {
		ls := s.Langs[l.Code]
		out = append(out, files(ls.All)...)
		out = append(out, files(ls.Pages)...)
		for _, tax := range ls.Taxonomies {
			for _, term := range tax.Terms {
				out = append(out, term.Slug)
				out = append(out, files(term.Pages)...)
			}
		}
	}
	return out
}

func TestLanguageLikeSuffixes(t *testing.T) {
	s, d := loadTree(t, tree{
		"content/articles/notes.old.md":  post("Vieilles notes", "2024-01-01"),
		"content/articles/v1.2.md":       post("Version 1.2", "2024-01-02"),
		"content/articles/b/index.de.md": post("Deutsch", "2024-01-03"),
	}, Options{})
	wantError(t, d, "content/articles/b/index.de.md", 0, "unknown language", "de")
	if n := len(s.Langs["fr"].Pages); n != 2 {
		t.Errorf("notes.old.md and v1.2.md are plain names: want 2 French pages, got %d\n%s", n, diagText(d))
	}
}

func TestBookImageFolder(t *testing.T) {
	s, d := loadTree(t, tree{
		"content/books/guide/_index.md":         post("Guide", "2024-01-01"),
		"content/books/guide/01-un.md":          post("Un", "2024-01-01") + "\n![schéma](images/schema.png)\n",
		"content/books/guide/images/schema.png": "png",
	}, Options{})
	wantNoErrors(t, d)
	b := s.Langs["fr"].Books[0]
	if len(b.Index.Resources) != 1 || b.Index.Resources[0].Name != "images/schema.png" {
		t.Errorf("a book's images/ folder must be the book's resources, got %+v", b.Index.Resources)
	}
}
