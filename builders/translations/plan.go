package translations

import (
	"strings"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/builders/html"
	"github.com/communs/communs/internal/site"
)

// Plan implements builders.Planner: in each language, the status page
// and its feed, and the contributors page, all deferred (reports on the
// whole site, which no page links by default).
//
// The status page names every page and reads the text of the translated
// ones (what changed since a translation); its feed shows the originals'
// summaries; the contributors page lists the pages with translators or
// reviewers.
func (Builder) Plan(c *builders.Context) []builders.Output {
	s := c.Site
	if len(s.Languages) < 2 {
		return nil
	}
	var all, translated []*site.Page
	var names strings.Builder
	for _, l := range s.Languages {
		for _, p := range s.Langs[l.Code].All {
			all = append(all, p)
			if len(p.Translations) > 0 {
				translated = append(translated, p)
			}
			names.WriteString(p.Lang + " " + p.File + " " + p.RelPermalink + " " + p.Title + "\n")
		}
	}
	// Where each page exists: its language switcher.
	var status, people []*site.LangSite
	for _, l := range s.Languages {
		ls := s.Langs[l.Code]
		if ls == nil {
			continue
		}
		if taken(s, ls, statusPath) == "" {
			status = append(status, ls)
		}
		if len(credited(ls)) > 0 && taken(s, ls, contributorsPath) == "" {
			people = append(people, ls)
		}
	}
	where := func(in []*site.LangSite) string {
		var codes []string
		for _, ls := range in {
			codes = append(codes, ls.Language.Code)
		}
		return strings.Join(codes, " ")
	}
	var out []builders.Output
	for _, ls := range status {
		prefix := ls.Language.Prefix
		key := strings.Join([]string{"translations", where(status), html.ExtraKey(c, ls.Language.Code), names.String()}, "\x00")
		out = append(out,
			builders.Output{Path: builders.OutputPath(prefix + statusPath), Pages: translated, Key: key, Deferred: true},
			builders.Output{Path: builders.OutputPath(prefix + statusPath + "atom.xml"), Pages: translated, Refs: all, Key: "work", Deferred: true})
	}
	for _, ls := range people {
		key := strings.Join([]string{"contributors", where(people), html.ExtraKey(c, ls.Language.Code)}, "\x00")
		out = append(out, builders.Output{Path: builders.OutputPath(ls.Language.Prefix + contributorsPath),
			Refs: credited(ls), Key: key, Deferred: true})
	}
	return out
}

// credited are the pages of a language with translators or reviewers,
// in the order the contributors page lists them.
func credited(ls *site.LangSite) []*site.Page {
	var out []*site.Page
	for _, p := range ls.All {
		if fm := p.FrontMatter; fm != nil && (len(fm.Translators) > 0 || len(fm.Reviewers) > 0) {
			out = append(out, p)
		}
	}
	site.SortByDate(out)
	return out
}
