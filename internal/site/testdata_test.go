package site

import (
	"fmt"
	"reflect"
	"testing"
)

// TestLoadTestdataSite loads a small site laid out as the content format
// describes (testdata/framablog), and checks the model as a whole.
func TestLoadTestdataSite(t *testing.T) {
	s, d := loadDir(t, "testdata/framablog", Options{})
	wantClean(t, d)
	var got []string
	for _, l := range s.Languages {
		for _, p := range s.Langs[l.Code].All {
			got = append(got, fmt.Sprintf("%s %s %s %s", p.Lang, p.Kind, p.RelPermalink, p.File))
		}
	}
	want := []string{
		"fr section / content/_index.md",
		"fr page /about/ content/about.md",
		"fr section /articles/ content/articles/_index.md",
		"fr page /2022/10/15/collectivisons-internet/ content/articles/collectivisons-internet/index.md",
		"fr page /2023/01/10/degooglisons/ content/articles/degooglisons.md",
		"fr chapter /books/guide/01-introduction/ content/books/guide/01-introduction.md",
		"fr chapter /books/guide/02-suite/ content/books/guide/02-suite.md",
		"fr book /books/guide/ content/books/guide/_index.md",
		"fr page /pages/mentions/ content/pages/mentions.md",
		"en section /en/ content/_index.en.md",
		"en page /en/2022/10/15/collectivisons-internet/ content/articles/collectivisons-internet/index.en.md",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("pages:\n%q\nwant:\n%q", got, want)
	}

	fr, en := s.Lang("fr"), s.Lang("en")
	if got := files(fr.MainPages); !reflect.DeepEqual(got, []string{"content/articles/degooglisons.md", "content/articles/collectivisons-internet/index.md"}) {
		t.Errorf("MainPages = %v", got)
	}
	var tags []string
	for _, term := range fr.Taxonomy("tags").Terms {
		tags = append(tags, fmt.Sprintf("%s=%s/%d", term.Name, term.Slug, len(term.Pages)))
	}
	if want := []string{"Dégooglisons=degooglisons/1", "Internet=internet/1", "Logiciel libre=logiciel-libre/2"}; !reflect.DeepEqual(tags, want) {
		t.Errorf("tags = %v, want %v", tags, want)
	}
	series := fr.Taxonomy("series").Terms
	if len(series) != 1 || !reflect.DeepEqual(files(series[0].Pages), []string{"content/articles/collectivisons-internet/index.md", "content/articles/degooglisons.md"}) {
		t.Errorf("series = %+v", series)
	}
	if p := mustPage(t, s, "content/articles/degooglisons.md"); p.Title != "Dégooglisons\u00a0: la suite" || p.SeriesPrev == nil {
		t.Errorf("YAML page: title %q, series prev %v", p.Title, p.SeriesPrev)
	}
	bundle := mustPage(t, s, "content/articles/collectivisons-internet/index.md")
	if len(bundle.Resources) != 1 || bundle.Resources[0].Name != "dessin.png" || len(bundle.Translations) != 1 || bundle.Translations[0].Lang != "en" {
		t.Errorf("bundle: resources %+v translations %v", bundle.Resources, files(bundle.Translations))
	}
	if enPage := bundle.Translations[0]; len(enPage.Resources) != 1 || enPage.Title != "Let’s collectivise the Internet!" {
		t.Errorf("English bundle: resources %+v title %q", enPage.Resources, enPage.Title)
	}
	if len(s.Aliases) != 1 || s.Aliases[0].Path != "/2022/10/collectivisons/" || s.Aliases[0].Page != bundle {
		t.Errorf("aliases = %+v", s.Aliases)
	}
	if got := staticPaths(s); !reflect.DeepEqual(got, []string{"css/site.css"}) {
		t.Errorf("Static = %v", got)
	}
	if len(fr.Books) != 1 || len(fr.Books[0].Chapters) != 2 || !reflect.DeepEqual(fr.Books[0].Index.FrontMatter.Formats, []string{"epub", "pdf"}) {
		t.Errorf("books = %+v", fr.Books)
	}
	if fr.Home == nil || en.Home == nil || len(en.Pages) != 1 || len(en.Books) != 0 {
		t.Errorf("home %v / %v, en pages %v", fr.Home, en.Home, files(en.Pages))
	}
	if pageOf(s, "content/articles/brouillon.md") != nil {
		t.Errorf("a draft was built")
	}
}
