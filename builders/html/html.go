// Package html writes the site's pages: articles, lists, taxonomies,
// archives, books, redirects, the sitemap and the theme's assets.
package html

import (
	"bytes"
	"context"
	"fmt"
	stdhtml "html"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/progress"
	"github.com/communs/communs/internal/site"
)

// Builder writes the HTML site.
type Builder struct{}

func (Builder) Name() string { return "html" }

// job is one HTML file to write.
type job struct {
	out  string // output path below the site root
	view *View
	tmpl *template.Template
	from string // source file for messages
}

type run struct {
	c     *builders.Context
	s     *site.Site
	langT map[string]*templates
	jobs  []job
	// buffers are the buffers pages are written into, reused: grown
	// afresh for every page, they were a fifth of a build's allocations.
	buffers sync.Pool
}

// Build writes every page of every language.
func (Builder) Build(ctx context.Context, c *builders.Context) error {
	s := c.Site
	base, err := loadTemplates(s.SourceDir, s.Config.Theme, placeholderFuncs())
	if err != nil {
		c.Diags.Errorf("layouts", 0, "%v", err)
		return nil
	}
	r := &run{c: c, s: s, langT: map[string]*templates{}}
	for _, l := range s.Languages {
		t, err := base.forLanguageOf(c, l.Code)
		if err != nil {
			return err
		}
		r.langT[l.Code] = t
	}
	for _, l := range s.Languages {
		r.planLanguage(s.Langs[l.Code])
	}
	// The pages of the status line: those planned, and the redirects.
	c.Progress.Expect(progress.Pages, len(r.jobs)+r.aliasCount())
	if err := builders.ForEach(ctx, c.Workers, r.jobs, r.write); err != nil {
		return err
	}
	if err := r.writeAliases(); err != nil {
		return err
	}
	if err := r.writeSitemap(); err != nil {
		return err
	}
	if err := r.writeRobots(); err != nil {
		return err
	}
	if err := r.publishFiles(ctx); err != nil {
		return err
	}
	return nil
}

func (r *run) write(j job) error {
	buf, _ := r.buffers.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
		buf.Grow(32 << 10)
	}
	defer func() {
		if buf.Cap() <= 1<<20 { // not an exceptional page's
			buf.Reset()
			r.buffers.Put(buf)
		}
	}()
	if err := j.tmpl.ExecuteTemplate(buf, "baseof.html", j.view); err != nil {
		r.c.Diags.Errorf(j.from, 0, "template: %v", err)
		return nil
	}
	// WriteFile keeps nothing of the bytes once written.
	return r.c.WriteFile(j.out, buf.Bytes())
}

func (r *run) add(ls *site.LangSite, kind, section string, v *View, out, from string) {
	t := r.langT[ls.Language.Code].lookup(section, kind)
	if t == nil {
		r.c.Diags.Errorf("layouts", 0, "no template %s.html for %s", kind, out)
		return
	}
	out = outFile(out)
	if !r.c.Wants(out) {
		return
	}
	r.jobs = append(r.jobs, job{out: out, view: v, tmpl: t, from: from})
}

// outFile is the file of an output path: "/a/" is written as "/a/index.html".
func outFile(out string) string {
	if strings.HasSuffix(out, "/") {
		return out + "index.html"
	}
	return out
}

// planLanguage lists the files of one language.
func (r *run) planLanguage(ls *site.LangSite) {
	prefix := ls.Language.Prefix
	for _, p := range ls.All {
		if p.Kind == site.KindSection {
			continue // written as list pages below
		}
		if !r.c.Wants(outFile(prefix + p.Path)) {
			continue
		}
		v := r.pageView(ls, p)
		kind := map[site.Kind]string{site.KindArticle: "single", site.KindBook: "book", site.KindChapter: "chapter"}[p.Kind]
		r.add(ls, kind, p.Section, v, prefix+p.Path, p.File)
	}
	// Home, with the main pages.
	home := r.listView(ls, "home", ls.Language.Title, ls.Home)
	home.Feeds = r.feeds(ls, "/", ls.Language.Title)
	r.paginate(ls, "home", "", home, ls.MainPages, "/")
	for _, sec := range ls.Sections {
		v := r.listView(ls, "section", r.c.SectionTitle(ls, sec), sec.Index)
		v.Section = sec
		v.Feeds = r.feeds(ls, sec.Path, v.Title)
		r.paginate(ls, "section", sec.Name, v, sec.Pages, sec.Path)
	}
	for _, p := range ls.All {
		// Nested sections (content/articles/2023/_index.md) list their folder.
		if p.Kind == site.KindSection && p.Dir != "" && p.Dir != p.Section {
			v := r.listView(ls, "section", p.Title, p)
			v.Feeds = r.feeds(ls, p.Path, p.Title)
			r.paginate(ls, "section", p.Section, v, p.Pages, p.Path)
		}
	}
	for _, tax := range ls.Taxonomies {
		if len(tax.Terms) == 0 {
			continue
		}
		v := r.listView(ls, "taxonomy", r.str(ls, tax.Name), nil)
		v.Taxonomy = tax
		v.RelPermalink, v.Canonical = tax.RelPermalink, tax.Permalink
		v.Alternates = r.listAlternates(ls, func(o *site.LangSite) string {
			if t := o.Taxonomy(tax.Name); t != nil && len(t.Terms) > 0 {
				return t.RelPermalink
			}
			return ""
		})
		r.add(ls, "taxonomy", "", v, prefix+tax.Path, "")
		for _, term := range tax.Terms {
			title := r.c.TermTitle(ls.Language.Code, term)
			tv := r.listView(ls, "term", title, nil)
			tv.Taxonomy, tv.Term = tax, term
			tv.Feeds = r.feeds(ls, term.Path, title)
			term := term
			tv.Alternates = r.listAlternates(ls, func(o *site.LangSite) string {
				if t := o.Taxonomy(tax.Name); t != nil {
					for _, ot := range t.Terms {
						if ot.Slug == term.Slug {
							return ot.RelPermalink
						}
					}
				}
				return ""
			})
			r.paginate(ls, "term", "", tv, term.Pages, term.Path)
		}
	}
	if len(ls.Years) > 0 {
		v := r.listView(ls, "archives", r.str(ls, "archives"), nil)
		v.RelPermalink, v.Canonical = r.s.RelURL(prefix+"/archives/"), r.s.AbsURL(prefix+"/archives/")
		v.Alternates = r.listAlternates(ls, func(o *site.LangSite) string {
			if len(o.Years) > 0 {
				return r.s.RelURL(o.Language.Prefix + "/archives/")
			}
			return ""
		})
		r.add(ls, "archives", "", v, prefix+"/archives/", "")
		for _, y := range ls.Years {
			if !r.c.Wants(outFile(prefix + y.Path)) {
				continue
			}
			yv := r.listView(ls, "year", r.c.Text(ls.Language.Code, "archives_year", map[string]any{"Year": y.Year}), nil)
			yv.Year = y
			yv.RelPermalink, yv.Canonical = y.RelPermalink, y.Permalink
			yv.Months = r.months(ls, y)
			y := y
			yv.Alternates = r.listAlternates(ls, func(o *site.LangSite) string {
				for _, oy := range o.Years {
					if oy.Year == y.Year {
						return oy.RelPermalink
					}
				}
				return ""
			})
			r.add(ls, "year", "", yv, prefix+y.Path, "")
		}
	}
	nf := r.listView(ls, "404", r.str(ls, "not_found_title"), nil)
	nf.Alternates = nil
	r.add(ls, "404", "", nf, prefix+"/404.html", "")
}

func (r *run) str(ls *site.LangSite, key string) string {
	return r.c.Text(ls.Language.Code, key, nil)
}

// paginate writes a list over several pages: base, base/page/2/, …
func (r *run) paginate(ls *site.LangSite, kind, section string, v *View, pages []*site.Page, basePath string) {
	per := r.s.Config.Paginate
	total := (len(pages) + per - 1) / per
	if total == 0 {
		total = 1
	}
	prefix := ls.Language.Prefix
	pageURL := func(n int) string {
		if n == 1 {
			return basePath
		}
		return fmt.Sprintf("%spage/%d/", basePath, n)
	}
	for n := 1; n <= total; n++ {
		pv := *v
		lo, hi := (n-1)*per, n*per
		if hi > len(pages) {
			hi = len(pages)
		}
		pv.List = pages[lo:hi]
		pv.Pager = &Pager{Number: n, Total: total}
		if n > 1 {
			pv.Pager.PrevURL = r.s.RelURL(prefix + pageURL(n-1))
		}
		if n < total {
			pv.Pager.NextURL = r.s.RelURL(prefix + pageURL(n+1))
		}
		pv.RelPermalink = r.s.RelURL(prefix + pageURL(n))
		pv.Canonical = r.s.AbsURL(prefix + pageURL(n))
		if n > 1 {
			pv.Content = ""
			if len(pv.Alternates) > 0 {
				pv.Alternates = nil // page n of a list has no counterpart elsewhere
			}
		}
		r.add(ls, kind, section, &pv, prefix+pageURL(n), "")
	}
}

// Month is a month of a year's archive.
type Month struct {
	Name  string
	Pages []*site.Page
}

func (r *run) months(ls *site.LangSite, y *site.Year) []Month {
	var out []Month
	for _, p := range y.Pages {
		m := p.Date.In(r.s.Config.Location).Month()
		name := fmt.Sprintf("%s %d", r.str(ls, fmt.Sprintf("month_%d", int(m))), y.Year)
		if len(out) == 0 || out[len(out)-1].Name != name {
			out = append(out, Month{Name: name})
		}
		out[len(out)-1].Pages = append(out[len(out)-1].Pages, p)
	}
	for i := range out {
		out[i].Name = strings.ToUpper(out[i].Name[:1]) + out[i].Name[1:]
	}
	return out
}

func (r *run) feeds(ls *site.LangSite, listPath, title string) []Feed {
	prefix := ls.Language.Prefix
	return []Feed{
		{Type: "application/rss+xml", Title: fmt.Sprintf("%s – %s", title, r.str(ls, "feed_rss")), URL: r.s.RelURL(prefix + listPath + "index.xml")},
		{Type: "application/atom+xml", Title: fmt.Sprintf("%s – %s", title, r.str(ls, "feed_atom")), URL: r.s.RelURL(prefix + listPath + "atom.xml")},
	}
}

func (r *run) menu(ls *site.LangSite, current string) []MenuItem {
	var items []MenuItem
	prefix := ls.Language.Prefix
	if len(ls.Language.Menu) > 0 {
		for _, m := range ls.Language.Menu {
			u := m.URL
			if strings.HasPrefix(u, "/") {
				u = r.s.RelURL(prefix + u)
			}
			items = append(items, MenuItem{Name: m.Name, URL: u})
		}
	} else {
		items = append(items, MenuItem{Name: r.str(ls, "home"), URL: r.s.RelURL(prefix + "/")})
		for _, sec := range ls.Sections {
			if sec.Name == "books" || len(sec.Pages) > 0 {
				items = append(items, MenuItem{Name: r.c.SectionTitle(ls, sec), URL: sec.RelPermalink})
			}
		}
		for _, tax := range ls.Taxonomies {
			if len(tax.Terms) > 0 {
				items = append(items, MenuItem{Name: r.str(ls, tax.Name), URL: tax.RelPermalink})
			}
		}
		if len(ls.Years) > 0 {
			items = append(items, MenuItem{Name: r.str(ls, "archives"), URL: r.s.RelURL(prefix + "/archives/")})
		}
	}
	for i := range items {
		items[i].Current = items[i].URL == current
	}
	return items
}

var locales = map[string]string{"fr": "fr_FR", "en": "en_GB", "de": "de_DE", "es": "es_ES", "it": "it_IT", "pt": "pt_PT", "nl": "nl_NL"}

func (r *run) baseView(ls *site.LangSite, kind, title string) *View {
	v := &View{Kind: kind, Site: r.s, Lang: ls.Language, Title: title, Dir: "ltr",
		LangSite: LangView{Home: r.s.RelURL(ls.Language.Prefix + "/"), Years: ls.Years}}
	if len(ls.Years) > 0 {
		// A language without dated pages has no archives to link.
		v.LangSite.Archives = r.s.RelURL(ls.Language.Prefix + "/archives/")
	}
	switch ls.Language.Code {
	case "ar", "he", "fa", "ur":
		v.Dir = "rtl"
	}
	v.Locale = locales[ls.Language.Code]
	if v.Locale == "" {
		v.Locale = ls.Language.Code
	}
	if team, ok := r.s.Config.Params["translationTeam"].(string); ok {
		v.TranslationTeam = team
	}
	return v
}

func (r *run) pageView(ls *site.LangSite, p *site.Page) *View {
	v := r.baseView(ls, string(p.Kind), p.Title)
	v.Page = p
	v.RelPermalink, v.Canonical = p.RelPermalink, p.Permalink
	if p.Rendered != nil {
		v.Content = template.HTML(p.Rendered.Content)
		v.Description = stdhtml.UnescapeString(p.Rendered.Summary)
	}
	if d := p.FrontMatter.Description; d != "" {
		v.Description = d
	}
	v.Menu = r.menu(ls, "")
	v.Feeds = r.feeds(ls, "/", ls.Language.Title)
	v.Alternates = r.pageAlternates(ls, p)
	v.Outdated = outdatedFrom(r.s, p)
	for _, d := range r.c.Downloads.For(p) {
		v.Downloads = append(v.Downloads, DownloadView{Label: strings.ReplaceAll(d.Kind, "-", "_"), URL: d.URL, Size: d.Size})
	}
	if cover := p.FrontMatter.Cover; cover != "" {
		// Only a file of the page's folder: "../../etc/passwd" or
		// "/etc/passwd" would be a broken image, never a copied file.
		if name, ok := coverResource(p, cover); ok {
			v.Cover = p.RelPermalink + name
			v.OGImage = p.Permalink + name
		} else if p.Kind != site.KindBook && !slices.Contains(p.FrontMatter.Formats, "epub") {
			// (The EPUB builder says so for books and EPUB articles.)
			r.c.Diags.Warnf(p.File, p.FrontMatter.Lines["cover"], "cover %q is no file of the page's folder: the page shows no cover; put the image beside %s", cover, path.Base(p.File))
		}
	}
	return v
}

// coverResource finds the front matter's cover among the page's files.
func coverResource(p *site.Page, cover string) (string, bool) {
	clean := path.Clean(strings.TrimPrefix(cover, "./"))
	for _, res := range p.Resources {
		if res.Name == clean {
			return res.Name, true
		}
	}
	return "", false
}

func (r *run) listView(ls *site.LangSite, kind, title string, index *site.Page) *View {
	v := r.baseView(ls, kind, title)
	if index != nil {
		v.Page = index
		if index.Rendered != nil {
			v.Content = template.HTML(index.Rendered.Content)
		}
		if d := index.FrontMatter.Description; d != "" {
			v.Description = d
		}
	}
	if v.Description == "" {
		v.Description = ls.Language.Description
	}
	v.Menu = r.menu(ls, "")
	v.Alternates = r.listAlternates(ls, func(o *site.LangSite) string {
		switch kind {
		case "home", "404":
			return r.s.RelURL(o.Language.Prefix + "/")
		}
		return ""
	})
	return v
}

// pageAlternates lists every language for the switcher: the page itself,
// its translations, and the languages it is missing in.
func (r *run) pageAlternates(ls *site.LangSite, p *site.Page) []Alternate {
	var out []Alternate
	for _, l := range r.s.Languages {
		a := Alternate{Lang: l}
		switch {
		case l.Code == p.Lang:
			a.Current, a.URL, a.AbsURL = true, p.RelPermalink, p.Permalink
		default:
			for _, t := range p.Translations {
				if t.Lang == l.Code {
					a.URL, a.AbsURL = t.RelPermalink, t.Permalink
				}
			}
		}
		out = append(out, a)
	}
	return out
}

func (r *run) listAlternates(ls *site.LangSite, url func(*site.LangSite) string) []Alternate {
	var out []Alternate
	for _, l := range r.s.Languages {
		a := Alternate{Lang: l, Current: l.Code == ls.Language.Code}
		if u := url(r.s.Langs[l.Code]); u != "" {
			a.URL = u
			a.AbsURL = r.s.Config.Base.Scheme + "://" + r.s.Config.Base.Host + u
		}
		out = append(out, a)
	}
	return out
}

// aliasCount is the number of redirect pages writeAliases writes.
func (r *run) aliasCount() int {
	n := 0
	for _, a := range r.s.Aliases {
		if r.c.Wants(outFile(a.Path)) {
			n++
		}
	}
	return n
}

// writeAliases writes a redirect page at each old URL.
func (r *run) writeAliases() error {
	for _, a := range r.s.Aliases {
		out := outFile(a.Path)
		if !r.c.Wants(out) {
			continue
		}
		lang := a.Page.Lang
		page := fmt.Sprintf(`<!DOCTYPE html>
<html lang="%s">
<head>
<meta charset="utf-8">
<title>%s</title>
<link rel="canonical" href="%s">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=%s">
</head>
<body>
<p><a href="%s">%s</a></p>
</body>
</html>
`, lang, template.HTMLEscapeString(a.Page.Title), a.Page.Permalink, a.Page.RelPermalink, a.Page.RelPermalink, template.HTMLEscapeString(a.Page.Title))
		if err := r.c.WriteFile(out, []byte(page)); err != nil {
			return err
		}
	}
	return nil
}

func (r *run) writeRobots() error {
	if !r.c.Wants("robots.txt") {
		return nil
	}
	return r.c.WriteFile("robots.txt", []byte("User-agent: *\nAllow: /\n\nSitemap: "+r.s.AbsURL("/sitemap.xml")+"\n"))
}

// publishFiles copies the theme's assets, the highlighting stylesheet,
// static/ and every page's resources.
func (r *run) publishFiles(ctx context.Context) error {
	if r.c.Only != nil && r.c.CopiesInPlace {
		return nil
	}
	assets, err := themeFiles(r.s.SourceDir, r.s.Config.Theme, "static")
	if err != nil {
		return err
	}
	names := make([]string, 0, len(assets))
	for n := range assets {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		if !r.c.Wants(n) {
			continue
		}
		data, err := fs.ReadFile(assets[n].fsys, assets[n].name)
		if err != nil {
			return err
		}
		if err := r.c.WriteFile(n, data); err != nil {
			return err
		}
	}
	css, err := markdown.CodeCSS("github", "github-dark")
	if err != nil {
		return err
	}
	if r.c.Wants("css/syntax.css") {
		if err := r.c.WriteFile("css/syntax.css", []byte(css)); err != nil {
			return err
		}
	}
	type pub struct{ src, dst string }
	var pubs []pub
	for _, st := range r.s.Static {
		if r.c.Wants(st.Path) {
			pubs = append(pubs, pub{st.Abs, st.Path})
		}
	}
	for _, l := range r.s.Languages {
		for _, p := range r.s.Langs[l.Code].All {
			for _, res := range p.Resources {
				if dst := path.Join(r.c.PagePath(p), res.Name); r.c.Wants(dst) {
					pubs = append(pubs, pub{res.Abs, dst})
				}
			}
		}
	}
	return builders.ForEach(ctx, r.c.Workers, pubs, func(p pub) error { return r.c.Publish(p.src, p.dst) })
}

// lastmod is a page's date for the sitemap.
func lastmod(p *site.Page) string {
	t := p.Lastmod
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
