package html

import (
	"context"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/progress"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/translate"
)

// outdatedFrom is the original a translation's notice links to, when the
// original's words changed since the translation (see View.Outdated).
func outdatedFrom(s *site.Site, p *site.Page) *site.Page {
	return translate.OutdatedFrom(s, p)
}

// Extra is a page another builder plans and the theme writes, with the
// site's header, menu, language switcher and footer: the translations
// builder's status and contributors pages.
type Extra struct {
	Lang        string // language code
	Kind        string // the template: "translations" is written with translations.html
	Title       string
	Description string
	// Path is the page's path within its language ("/translations/").
	// Extra pages of the same Kind and Path in other languages are its
	// alternates in the language switcher.
	Path  string
	Feeds []Feed
	Data  any // what the template reads as .Data
}

// WriteExtra writes pages planned by another builder with the site's
// templates, each as the View of its Kind with .Data set.
func WriteExtra(ctx context.Context, c *builders.Context, pages []Extra) error {
	if len(pages) == 0 {
		return nil
	}
	s := c.Site
	base, err := loadTemplates(s.SourceDir, s.Config.Theme, s.Config.FromHugo(), placeholderFuncs())
	if err != nil {
		c.Diags.Errorf("layouts", 0, "%v", err)
		return nil
	}
	r := &run{c: c, s: s, langT: map[string]*templates{}}
	exists := map[[2]string]bool{}
	for _, p := range pages {
		exists[[2]string{p.Kind + "\x00" + p.Path, p.Lang}] = true
	}
	for _, p := range pages {
		ls := s.Langs[p.Lang]
		if ls == nil {
			continue
		}
		if r.langT[p.Lang] == nil {
			t, err := base.forLanguageOf(c, p.Lang)
			if err != nil {
				return err
			}
			r.langT[p.Lang] = t
		}
		full := ls.Language.Prefix + p.Path
		v := r.listView(ls, p.Kind, p.Title, nil)
		if p.Description != "" {
			v.Description = p.Description
		}
		v.RelPermalink, v.Canonical = s.RelURL(full), s.AbsURL(full)
		v.Feeds = p.Feeds
		v.Data = p.Data
		p := p
		v.Alternates = r.listAlternates(ls, func(o *site.LangSite) string {
			if exists[[2]string{p.Kind + "\x00" + p.Path, o.Language.Code}] {
				return s.RelURL(o.Language.Prefix + p.Path)
			}
			return ""
		})
		r.add(ls, p.Kind, "", v, full, "")
	}
	c.Progress.Expect(progress.Pages, len(r.jobs))
	return builders.ForEach(ctx, c.Workers, r.jobs, r.write)
}
