package html

import (
	"html/template"

	"github.com/communs/communs/internal/site"
)

// View is what a template sees as ".".
type View struct {
	Kind        string // page, book, chapter, home, section, taxonomy, term, archives, year, 404
	Site        *site.Site
	Lang        *site.Language
	LangSite    LangView
	Dir         string // ltr or rtl
	Locale      string // fr_FR, for OpenGraph
	Title       string
	Description string
	// Canonical is the absolute URL; RelPermalink the path.
	Canonical    string
	RelPermalink string
	Page         *site.Page // the content page, or a list's _index.md
	Content      template.HTML
	Alternates   []Alternate
	Feeds        []Feed
	Menu         []MenuItem
	Downloads    []DownloadView
	Cover        string
	OGImage      string
	// TranslationTeam names the translators' group in credits (params.translationTeam).
	TranslationTeam string
	// Outdated is the original of a translation whose words changed since
	// it was translated: the page carries a notice linking to it
	// (partials/outdated.html). Nil otherwise.
	Outdated *site.Page
	// Data is what a page another builder plans gives its template (see
	// WriteExtra): the translations builder's status and contributors.
	Data any

	List     []*site.Page
	Pager    *Pager
	Section  *site.Section
	Taxonomy *site.Taxonomy
	Term     *site.Term
	Year     *site.Year
	Months   []Month
}

// Hreflang lists the languages the page exists in, itself included, for
// <link rel="alternate" hreflang>: nothing when it exists in one only.
func (v *View) Hreflang() []Alternate {
	var out []Alternate
	for _, a := range v.Alternates {
		if a.URL != "" {
			out = append(out, a)
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// XDefault is the URL for readers of other languages: the default language's.
func (v *View) XDefault() string {
	for _, a := range v.Hreflang() {
		if a.Lang.IsDefault {
			return a.AbsURL
		}
	}
	return ""
}

// LangView is the current language's site-wide links.
type LangView struct {
	Home     string
	Archives string
	Years    []*site.Year
}

// Alternate is the page in one language of the site, or its absence.
type Alternate struct {
	Lang    *site.Language
	URL     string // empty when there is no translation
	AbsURL  string
	Current bool
}

// Feed is a feed of the current list.
type Feed struct {
	Type, Title, URL string
}

// MenuItem is an entry of the main menu.
type MenuItem struct {
	Name, URL string
	Current   bool
}

// Pager places a list page among its siblings.
type Pager struct {
	Number, Total    int
	PrevURL, NextURL string
}

// DownloadView is a downloadable file of the page.
type DownloadView struct {
	Label string // epub, pdf, a4_booklet, letter_booklet: format_<label> names it
	URL   string
	Size  int64
}
