package builders

import (
	"time"

	"strings"

	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/site"
)

// Text is an interface string as plain text (not HTML), with the
// language's typography: what titles and feeds use.
func (c *Context) Text(lang, key string, data map[string]any) string {
	var s string
	if data == nil {
		s = c.Strings.T(lang, key, nil, nil)
	} else {
		s = c.Strings.T(lang, key, nil, data)
	}
	if markdown.IsFrench(lang) {
		s = markdown.FrenchText(s)
	}
	return s
}

// JoinNames lists people as a reader of lang expects: « A, B et C ».
func (c *Context) JoinNames(lang string, names []string) string {
	switch len(names) {
	case 0:
		return ""
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " " + c.Text(lang, "and", nil) + " " + names[len(names)-1]
}

// SectionTitle names a section: its _index.md's title, else the interface
// string of its name (articles → « Articles »), else the name itself.
func (c *Context) SectionTitle(ls *site.LangSite, sec *site.Section) string {
	if sec.Index != nil {
		return sec.Title
	}
	if c.Strings.Has(ls.Language.Code, sec.Name) || c.Strings.Has(c.Site.Config.DefaultLanguage, sec.Name) {
		return c.Text(ls.Language.Code, sec.Name, nil)
	}
	if sec.Name == "" {
		return ls.Language.Title
	}
	return strings.ToUpper(sec.Name[:1]) + sec.Name[1:]
}

var termTitleKeys = map[string]string{"tags": "tag_title", "categories": "category_title", "series": "series_title"}

// TermTitle names a term's list: « Étiquette « Mastodon » ».
func (c *Context) TermTitle(lang string, term *site.Term) string {
	if key, ok := termTitleKeys[term.Taxonomy]; ok {
		return c.Text(lang, key, map[string]any{"Name": term.Name})
	}
	return term.Name
}

// Credits are the lines naming translators and reviewers, as plain text:
// « Traduction Framalang : A et B », « Révisions : C ».
func (c *Context) Credits(p *site.Page) (translators, reviewers string) {
	fm := p.FrontMatter
	if fm == nil {
		return "", ""
	}
	if len(fm.Translators) > 0 {
		team, _ := c.Site.Config.Params["translationTeam"].(string)
		translators = c.Text(p.Lang, "translated_by", map[string]any{"Names": c.JoinNames(p.Lang, fm.Translators), "Team": team})
	}
	if len(fm.Reviewers) > 0 {
		reviewers = c.Text(p.Lang, "reviewed_by", map[string]any{"Names": c.JoinNames(p.Lang, fm.Reviewers)})
	}
	return translators, reviewers
}

// Modified is the date a book's files (EPUB, PDF) give as theirs:
// SOURCE_DATE_EPOCH when set (site.Site.SourceDate), else the latest date
// of its pages, else the build's time; whole seconds, UTC. The same pages
// give the same files from one build to the next.
func Modified(s *site.Site, pages []*site.Page) time.Time {
	if !s.SourceDate.IsZero() {
		return s.SourceDate.UTC().Truncate(time.Second)
	}
	var latest time.Time
	for _, p := range pages {
		for _, t := range []time.Time{p.Date, p.Lastmod} {
			if t.After(latest) {
				latest = t
			}
		}
	}
	if !latest.IsZero() {
		return latest.UTC().Truncate(time.Second)
	}
	return s.Now.UTC().Truncate(time.Second)
}
