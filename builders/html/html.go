// Package html writes the site's pages: articles, lists, taxonomies,
// archives, books, redirects, the sitemap and the theme's assets.
package html

import (
	"bytes"
	"context"
	"fmt"
	stdhtml "html"
	"html/template"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/communs/communs/builders"
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
	bases map[*list]*View // each list's first view, made once
	// buffers are the buffers pages are written into, reused: grown
	// afresh for every page, they were a fifth of a build's allocations.
	buffers sync.Pool
}

// Build writes the files of the plan that c wants: the pages, made with
// the theme's templates in parallel, then the other files, then the
// copies.
func (Builder) Build(ctx context.Context, c *builders.Context) error {
	s := c.Site
	base, err := loadTemplates(s.SourceDir, s.Config.Theme, s.Config.FromHugo(), placeholderFuncs())
	if err != nil {
		c.Diags.Errorf("layouts", 0, "%v", err)
		return nil
	}
	r := &run{c: c, s: s, langT: map[string]*templates{}, bases: map[*list]*View{}}
	for _, l := range s.Languages {
		t, err := base.forLanguageOf(c, l.Code)
		if err != nil {
			return err
		}
		r.langT[l.Code] = t
	}
	fs, err := r.plan()
	if err != nil {
		return err
	}
	type file struct {
		out string
		maker
	}
	var made, copies []file
	pages := 0 // made .html files, for the status line
	for i, m := range fs.how {
		out := fs.outs[i].Path
		switch {
		case m.src != "" && c.Preview.Only != nil && c.Preview.CopiesInPlace:
		case !c.Wants(out):
		case m.src != "":
			copies = append(copies, file{out, m})
		case m.view != nil:
			r.add(m.ls, m.tmpl, m.section, m.view(r), out, m.from)
		default:
			made = append(made, file{out, m})
			if strings.HasSuffix(out, ".html") {
				pages++
			}
		}
	}
	// The pages of the status line: those planned, and the redirects.
	c.Progress.Expect(progress.Pages, len(r.jobs)+pages)
	if err := builders.ForEach(ctx, c.Workers, r.jobs, r.write); err != nil {
		return err
	}
	for _, f := range made {
		data, err := f.data()
		if err != nil {
			return err
		}
		if err := c.WriteFile(f.out, data); err != nil {
			return err
		}
	}
	return builders.ForEach(ctx, c.Workers, copies, func(f file) error { return c.Publish(f.src, f.out) })
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

func (r *run) str(ls *site.LangSite, key string) string {
	return r.c.Text(ls.Language.Code, key, nil)
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

// lastmod is a page's date for the sitemap.
func lastmod(p *site.Page) string {
	t := p.Lastmod
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
