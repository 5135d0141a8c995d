package html

import (
	"bytes"
	"encoding/json"
	"fmt"
	stdhtml "html"
	"html/template"
	"net/url"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/site"
)

// Plan implements builders.Planner: every page and list of every
// language, the redirects, the sitemap, robots.txt, the theme's assets
// and the files copied as they are (static/, the pages' resources).
func (Builder) Plan(c *builders.Context) []builders.Output {
	r := &run{c: c, s: c.Site}
	fs, _ := r.plan() // a theme that cannot be read: Build says so
	return fs.outs
}

// planKey keys the plan in builders.Context.Once: made once per build,
// for Plan and Build.
type planKey struct{}

// plan lists the files of the site in the order Build writes them, once
// per build.
func (r *run) plan() (*files, error) {
	type result struct {
		fs  *files
		err error
	}
	v := r.c.Once(planKey{}, func() any {
		fs, err := r.makePlan()
		return result{fs, err}
	}).(result)
	return v.fs, v.err
}

// files are a plan: each file's Output, and how Build makes it.
type files struct {
	outs []builders.Output
	how  []maker
}

func (fs *files) add(o builders.Output, m maker) {
	fs.outs = append(fs.outs, o)
	fs.how = append(fs.how, m)
}

// maker is how Build makes a file: a page of the theme (tmpl, from its
// view), bytes (data), or a copy of src.
type maker struct {
	ls      *site.LangSite
	tmpl    string // the template's kind: single, home, term…
	section string
	from    string           // the source file, for messages
	view    func(*run) *View // made by the run of Build
	data    func() ([]byte, error)
	src     string
}

func (r *run) makePlan() (*files, error) {
	k := r.keys()
	// About how many files there are: every page and redirect and the
	// pages of the lists; every resource and static file.
	n, copies := len(r.s.Aliases)+64, len(r.s.Static)+64
	per := max(r.s.Config.Paginate, 1)
	for _, l := range r.s.Languages {
		ls := r.s.Langs[l.Code]
		n += len(ls.MainPages)/per + len(ls.Years)
		for _, p := range ls.All {
			n += 1 + len(p.Pages)/per
			copies += len(p.Resources)
		}
		for _, sec := range ls.Sections {
			n += 1 + len(sec.Pages)/per
		}
		for _, tax := range ls.Taxonomies {
			for _, t := range tax.Terms {
				n += 1 + len(t.Pages)/per
			}
		}
	}
	// The copies and the sitemap while the pages are planned: all only
	// read the model.
	fs := &files{outs: make([]builders.Output, 0, n+copies), how: make([]maker, 0, n+copies)}
	cs := &files{outs: make([]builders.Output, 0, copies), how: make([]maker, 0, copies)}
	sm := &files{}
	var copyErr error
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		copyErr = r.planCopies(cs)
	}()
	go func() {
		defer wg.Done()
		r.planSitemap(sm)
	}()
	for _, l := range r.s.Languages {
		r.planLanguage(fs, r.s.Langs[l.Code], k)
	}
	r.planAliases(fs)
	wg.Wait()
	fs.outs, fs.how = append(fs.outs, sm.outs...), append(fs.how, sm.how...)
	robots := "User-agent: *\nAllow: /\n\nSitemap: " + r.s.AbsURL("/sitemap.xml") + "\n"
	fs.add(builders.Output{Path: "robots.txt", Key: robots},
		maker{data: func() ([]byte, error) { return []byte(robots), nil }})
	fs.outs, fs.how = append(fs.outs, cs.outs...), append(fs.how, cs.how...)
	return fs, copyErr
}

var pageKinds = map[site.Kind]string{site.KindArticle: "single", site.KindBook: "book", site.KindChapter: "chapter"}

// planLanguage lists the pages and lists of one language.
func (r *run) planLanguage(fs *files, ls *site.LangSite, k *keys) {
	prefix := ls.Language.Prefix
	code := ls.Language.Code
	menu := k.menu[code]
	pageKey := join("page", menu) // most pages' whole key, shared
	for _, p := range ls.All {
		if p.Kind == site.KindSection {
			continue // written as list pages below
		}
		out := builders.Output{Path: builders.OutputPath(prefix + p.Path), Page: p,
			Pages: append([]*site.Page{p}, p.Translations...), Refs: pageRefs(p),
			Key: pageKey, Files: resourceFiles(p)}
		if dl := r.downloadsKey(p); dl != "" || p.Book != nil {
			out.Key = join(pageKey, dl, bookSlug(p))
		}
		fs.add(out, maker{ls: ls, tmpl: pageKinds[p.Kind], section: p.Section, from: p.File,
			view: func(r *run) *View { return r.pageView(ls, p) }})
	}
	title := ls.Language.Title
	r.paginate(fs, ls, list{kind: "home", index: ls.Home, pages: ls.MainPages, base: "/", key: join("home", menu),
		view: func(r *run) *View {
			v := r.listView(ls, "home", title, ls.Home)
			v.Feeds = r.feeds(ls, "/", title)
			return v
		}})
	for _, sec := range ls.Sections {
		title := r.c.SectionTitle(ls, sec)
		r.planPrint(fs, ls, sec.Path, title, sec.Index, printPages(ls, sec.Name))
		r.paginate(fs, ls, list{kind: "section", section: sec.Name, index: sec.Index, pages: sec.Pages, base: sec.Path,
			key: join("section", sec.Name, title, menu),
			view: func(r *run) *View {
				v := r.listView(ls, "section", title, sec.Index)
				v.Section = sec
				v.Feeds = r.feeds(ls, sec.Path, v.Title)
				return v
			}})
	}
	for _, p := range ls.All {
		// Nested sections (content/articles/2023/_index.md) list their folder.
		if p.Kind == site.KindSection && p.Dir != "" && p.Dir != p.Section {
			r.planPrint(fs, ls, p.Path, p.Title, p, printPages(ls, p.Dir))
			r.paginate(fs, ls, list{kind: "section", section: p.Section, index: p, pages: p.Pages, base: p.Path,
				key: join("nested", menu),
				view: func(r *run) *View {
					v := r.listView(ls, "section", p.Title, p)
					v.Feeds = r.feeds(ls, p.Path, p.Title)
					return v
				}})
		}
	}
	for _, tax := range ls.Taxonomies {
		// Hugo writes the lists of its two taxonomies, empty or not.
		if len(tax.Terms) == 0 && !(r.s.Config.FromHugo() && tax.Name != "series") {
			continue
		}
		terms := make([]string, 0, 3*len(tax.Terms))
		for _, t := range tax.Terms {
			terms = append(terms, t.Name, t.RelPermalink, strconv.Itoa(len(t.Pages)))
		}
		var index []*site.Page
		taxTitle := r.str(ls, tax.Name)
		if tax.Index != nil {
			index = []*site.Page{tax.Index}
			if tax.Index.FrontMatter.Title != "" {
				taxTitle = tax.Index.Title
			}
		}
		fs.add(builders.Output{Path: builders.OutputPath(prefix + tax.Path), Pages: index,
			Key: join("taxonomy", tax.Name, taxTitle, menu, k.alts["tax:"+tax.Name], join(terms...))},
			maker{ls: ls, tmpl: "taxonomy", view: func(r *run) *View {
				v := r.listView(ls, "taxonomy", taxTitle, tax.Index)
				v.Taxonomy = tax
				v.RelPermalink, v.Canonical = tax.RelPermalink, tax.Permalink
				v.Alternates = r.listAlternates(ls, func(o *site.LangSite) string {
					if t := o.Taxonomy(tax.Name); t != nil && len(t.Terms) > 0 {
						return t.RelPermalink
					}
					return ""
				})
				return v
			}})
		for _, term := range tax.Terms {
			title := r.c.TermTitle(code, term)
			r.paginate(fs, ls, list{kind: "term", index: term.Index, pages: term.Pages, base: term.Path,
				key: join("term", tax.Name, term.Name, term.Slug, title, menu, k.alts["term:"+tax.Name+"/"+term.Slug]),
				view: func(r *run) *View {
					tv := r.listView(ls, "term", title, term.Index)
					tv.Taxonomy, tv.Term = tax, term
					tv.Feeds = r.feeds(ls, term.Path, title)
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
					return tv
				}})
		}
	}
	if len(ls.Years) > 0 {
		years := make([]string, 0, 3*len(ls.Years))
		for _, y := range ls.Years {
			years = append(years, strconv.Itoa(y.Year), y.RelPermalink, strconv.Itoa(len(y.Pages)))
		}
		fs.add(builders.Output{Path: builders.OutputPath(prefix + "/archives/"),
			Key: join("archives", menu, k.alts["archives"], join(years...))},
			maker{ls: ls, tmpl: "archives", view: func(r *run) *View {
				v := r.listView(ls, "archives", r.str(ls, "archives"), nil)
				v.RelPermalink, v.Canonical = r.s.RelURL(prefix+"/archives/"), r.s.AbsURL(prefix+"/archives/")
				v.Alternates = r.listAlternates(ls, func(o *site.LangSite) string {
					if len(o.Years) > 0 {
						return r.s.RelURL(o.Language.Prefix + "/archives/")
					}
					return ""
				})
				return v
			}})
		for _, y := range ls.Years {
			fs.add(builders.Output{Path: builders.OutputPath(prefix + y.Path), Refs: y.Pages,
				Key: join("year", strconv.Itoa(y.Year), menu, k.alts["year:"+strconv.Itoa(y.Year)])},
				maker{ls: ls, tmpl: "year", view: func(r *run) *View {
					yv := r.listView(ls, "year", r.c.Text(code, "archives_year", map[string]any{"Year": y.Year}), nil)
					yv.Year = y
					yv.RelPermalink, yv.Canonical = y.RelPermalink, y.Permalink
					yv.Months = r.months(ls, y)
					yv.Alternates = r.listAlternates(ls, func(o *site.LangSite) string {
						for _, oy := range o.Years {
							if oy.Year == y.Year {
								return oy.RelPermalink
							}
						}
						return ""
					})
					return yv
				}})
		}
	}
	fs.add(builders.Output{Path: builders.OutputPath(prefix + "/404.html"), Key: join("404", menu)},
		maker{ls: ls, tmpl: "404", view: func(r *run) *View {
			nf := r.listView(ls, "404", r.str(ls, "not_found_title"), nil)
			nf.Alternates = nil
			return nf
		}})
}

// pageRefs are the pages a page's HTML links by title: its neighbours in
// its series and its book, its book, and a book's chapters.
func pageRefs(p *site.Page) []*site.Page {
	refs := []*site.Page{p.SeriesPrev, p.SeriesNext, p.Prev, p.Next}
	if b := p.Book; b != nil {
		refs = append(refs, b.Index)
		if b.Index == p {
			refs = append(refs, b.Chapters...)
		}
	}
	return refs
}

func bookSlug(p *site.Page) string {
	if p.Book == nil {
		return ""
	}
	return p.Book.Slug
}

// resourceFiles are the files a page's HTML shows (their sizes): its
// own, or its book's for a chapter without a folder of its own.
func resourceFiles(p *site.Page) []string {
	owner := p
	if p.Kind == site.KindChapter && p.BundleDir == "" && p.Book != nil && p.Book.Index != nil {
		owner = p.Book.Index
	}
	if len(owner.Resources) == 0 {
		return nil
	}
	out := make([]string, len(owner.Resources))
	for i, res := range owner.Resources {
		out[i] = res.Abs
	}
	return out
}

// downloadsKey sums up the downloads a page's HTML lists.
func (r *run) downloadsKey(p *site.Page) string {
	if r.c.Downloads == nil {
		return ""
	}
	var b strings.Builder
	for _, d := range r.c.Downloads.For(p) {
		fmt.Fprintf(&b, "%s %s %d\n", d.Kind, d.URL, d.Size)
	}
	return b.String()
}

// list is a list of pages written over several files: base, base/page/2/…
type list struct {
	kind, section string
	index         *site.Page // its _index.md, or nil
	pages         []*site.Page
	base          string // the path of its first file, within the language
	// key is what its files show besides their pages: title, menu…
	key string
	// view makes the view of its first file.
	view func(*run) *View
}

// paginate plans the files of a list.
func (r *run) paginate(fs *files, ls *site.LangSite, l list) {
	per := r.s.Config.Paginate
	total := (len(l.pages) + per - 1) / per
	if total == 0 {
		total = 1
	}
	prefix := ls.Language.Prefix
	pageURL := func(n int) string {
		if n == 1 {
			return l.base
		}
		return fmt.Sprintf("%spage/%d/", l.base, n)
	}
	if r.s.Config.FromHugo() {
		// Hugo's page/1/ of a list: a redirect to the list.
		abs, rel := r.s.AbsURL(prefix+l.base), r.s.RelURL(prefix+l.base)
		lang := ls.Language.Code
		fs.add(builders.Output{Path: builders.OutputPath(prefix + l.base + "page/1/"), Key: join("page1", abs, rel)},
			maker{data: func() ([]byte, error) { return redirectPage(lang, rel, abs, rel), nil }})
	}
	lp := &l
	index := []*site.Page{l.index}
	for n := 1; n <= total; n++ {
		lo, hi := (n-1)*per, min(n*per, len(l.pages))
		out := builders.Output{Path: builders.OutputPath(prefix + pageURL(n)), Pages: index, Refs: l.pages[lo:hi],
			Key: join(l.key, l.base, strconv.Itoa(n), strconv.Itoa(total), strconv.Itoa(len(l.pages)))}
		fs.add(out, maker{ls: ls, tmpl: l.kind, section: l.section, view: func(r *run) *View {
			base := r.bases[lp]
			if base == nil {
				base = lp.view(r)
				r.bases[lp] = base
			}
			pv := *base
			pv.List = l.pages[lo:hi]
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
			return &pv
		}})
	}
}

// keys are what the plan's keys share: each language's menu, and in
// which languages each list exists (the lists' language switchers).
type keys struct {
	menu map[string]string // language code → its menu
	// alts maps "tax:tags", "term:tags/go", "year:2024" and "archives"
	// to the list's URL in each language that has it.
	alts map[string]string
}

func (r *run) keys() *keys {
	k := &keys{menu: map[string]string{}, alts: map[string]string{}}
	add := func(key, lang, url string) { k.alts[key] += lang + " " + url + "\n" }
	for _, l := range r.s.Languages {
		ls := r.s.Langs[l.Code]
		k.menu[l.Code] = r.menuKey(ls)
		for _, tax := range ls.Taxonomies {
			if len(tax.Terms) > 0 {
				add("tax:"+tax.Name, l.Code, tax.RelPermalink)
			}
			for _, t := range tax.Terms {
				add("term:"+tax.Name+"/"+t.Slug, l.Code, t.RelPermalink)
			}
		}
		if len(ls.Years) > 0 {
			add("archives", l.Code, "")
		}
		for _, y := range ls.Years {
			add("year:"+strconv.Itoa(y.Year), l.Code, y.RelPermalink)
		}
	}
	return k
}

// join makes a key of its parts.
func join(parts ...string) string { return strings.Join(parts, "\x00") }

// planPrint plans a section's print page, <section>/_print/: its text
// and every page's of it, in the list's order, on one page to print or
// read at once.
func (r *run) planPrint(fs *files, ls *site.LangSite, base, title string, index *site.Page, pages []*site.Page) {
	if !r.s.Config.PrintSections {
		return
	}
	deps := append([]*site.Page{index}, pages...)
	if index == nil {
		deps = pages
	}
	fs.add(builders.Output{Path: builders.OutputPath(ls.Language.Prefix + base + "_print/"), Pages: deps, Key: join("print", base, title)},
		maker{ls: ls, tmpl: "section", view: func(r *run) *View {
			v := r.listView(ls, "section", title, index)
			var b strings.Builder
			b.WriteString(fromPage(string(v.Content), r.s.RelURL(ls.Language.Prefix+base)))
			for _, p := range pages {
				if p.Rendered == nil {
					continue
				}
				fmt.Fprintf(&b, "<section class=\"print-page\"><h2><a href=\"%s\">%s</a></h2>\n%s</section>\n",
					template.HTMLEscapeString(p.RelPermalink), template.HTMLEscapeString(p.Title), fromPage(p.Rendered.Content, p.RelPermalink))
			}
			v.Content = template.HTML(b.String())
			v.RelPermalink = r.s.RelURL(ls.Language.Prefix + base + "_print/")
			v.Canonical = r.s.AbsURL(ls.Language.Prefix + base)
			return v
		}})
}

var relativeRef = regexp.MustCompile(`\b(href|src)="([^"/#][^"]*)"`)

// fromPage makes the relative links and images of a page's HTML, which
// its URL (pageURL) resolves, absolute paths: the print page shows them
// at another URL.
func fromPage(html, pageURL string) string {
	base, err := url.Parse(pageURL)
	if err != nil {
		return html
	}
	return relativeRef.ReplaceAllStringFunc(html, func(m string) string {
		sm := relativeRef.FindStringSubmatch(m)
		ref, err := url.Parse(stdhtml.UnescapeString(sm[2]))
		if err != nil || ref.Scheme != "" || ref.Host != "" {
			return m
		}
		return sm[1] + `="` + template.HTMLEscapeString(base.ResolveReference(ref).String()) + `"`
	})
}

// printPages are what a section's print page holds: every page and
// section below its folder, in the tree's order (a section's text before
// its pages).
func printPages(ls *site.LangSite, dir string) []*site.Page {
	var out []*site.Page
	for _, p := range ls.All {
		if p.Unlisted || p.Kind != site.KindArticle && p.Kind != site.KindSection || !strings.HasPrefix(p.Dir+"/", dir+"/") || p.Kind == site.KindSection && p.Dir == dir {
			continue
		}
		out = append(out, p)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].File < out[j].File })
	return out
}

// planAliases plans a redirect page at each old URL.
func (r *run) planAliases(fs *files) {
	for _, a := range r.s.Aliases {
		p := a.Page
		fs.add(builders.Output{Path: builders.OutputPath(a.Path), Key: join("alias", p.Lang, p.Title, p.Permalink, p.RelPermalink)},
			maker{data: func() ([]byte, error) { return aliasPage(p), nil }})
	}
	for _, l := range r.s.Languages {
		if l.IsDefault && l.Prefix != "" {
			// The default language in its folder: the root sends readers there.
			title := r.s.Langs[l.Code].Language.Title
			abs, rel := r.s.AbsURL(l.Prefix+"/"), r.s.RelURL(l.Prefix+"/")
			fs.add(builders.Output{Path: builders.OutputPath("/"), Key: join("root-lang", title, abs, rel)},
				maker{data: func() ([]byte, error) { return redirectPage(l.Code, title, abs, rel), nil }})
		}
	}
	if r.s.Config.FromHugo() && len(r.s.Languages) > 1 {
		// Hugo's /en/ for the default language, at the site's root.
		for _, l := range r.s.Languages {
			if l.IsDefault && l.Prefix == "" {
				title := r.s.Langs[l.Code].Language.Title
				abs, rel := r.s.AbsURL("/"), r.s.RelURL("/")
				fs.add(builders.Output{Path: builders.OutputPath("/" + l.Code + "/"), Key: join("default-lang", title, abs, rel)},
					maker{data: func() ([]byte, error) { return redirectPage(l.Code, title, abs, rel), nil }})
			}
		}
	}
	if len(r.s.QueryAliases) > 0 {
		js := r.queryRedirects(r.s.QueryAliases)
		fs.add(builders.Output{Path: site.QueryRedirectsFile, Key: join("query-redirects", string(js))},
			maker{data: func() ([]byte, error) { return js, nil }})
	}
}

// queryRedirects is that script: a map of path and query to URL.
func (r *run) queryRedirects(aliases []*site.Alias) []byte {
	m := make(map[string]string, len(aliases))
	for _, a := range aliases {
		m[r.s.RelURL(a.Path)] = a.Page.RelPermalink // as the browser asks: with the base path
	}
	data, _ := json.Marshal(m) // sorted keys: the same file each build
	var b bytes.Buffer
	b.WriteString("(function(){var m=")
	b.Write(data)
	b.WriteString(";var l=window.location,u=m[l.pathname+l.search];if(!u){var q=l.search.slice(1).split(\"&\");for(var i=0;i<q.length&&!u;i++){u=m[l.pathname+\"?\"+q[i]];}}if(u){l.replace(u+l.hash);}})();\n")
	return b.Bytes()
}

// aliasPage is a redirect to p.
func aliasPage(p *site.Page) []byte {
	return redirectPage(p.Lang, p.Title, p.Permalink, p.RelPermalink)
}

// redirectPage sends the reader to rel (abs, absolute).
func redirectPage(lang, title, abs, rel string) []byte {
	title = template.HTMLEscapeString(title)
	return []byte(fmt.Sprintf(`<!DOCTYPE html>
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
`, lang, title, abs, rel, rel, title))
}

// planCopies plans the files copied as they are, the site's (static/,
// the pages' resources), then the highlighting stylesheet and the
// theme's assets where static/ has no file of the same name.
func (r *run) planCopies(fs *files) error {
	static := make(map[string]int, len(r.s.Static)) // output path → index in fs
	srcs := make([]string, 0, cap(fs.outs)-len(fs.outs))
	copyOf := func(src, out string) {
		srcs = append(srcs, src)
		o := builders.Output{Path: out, Files: srcs[len(srcs)-1 : len(srcs) : len(srcs)]}
		if i, ok := static[out]; ok {
			fs.outs[i], fs.how[i] = o, maker{src: src} // the last one copied
			return
		}
		fs.add(o, maker{src: src})
	}
	for _, st := range r.s.Static {
		out := builders.OutputPath(st.Path)
		if _, dup := static[out]; !dup {
			static[out] = len(fs.outs)
			fs.add(builders.Output{}, maker{}) // its place, which copyOf fills
		}
		copyOf(st.Abs, out)
	}
	for _, l := range r.s.Languages {
		for _, p := range r.s.Langs[l.Code].All {
			dir := r.c.PagePath(p)
			for _, res := range p.Resources {
				copyOf(res.Abs, builders.OutputPath(dir+res.Name))
			}
		}
	}
	if _, ok := static["css/syntax.css"]; !ok {
		fs.add(builders.Output{Path: "css/syntax.css"}, maker{data: func() ([]byte, error) {
			css, err := markdown.CodeCSS("github", "github-dark")
			return []byte(css), err
		}})
	}
	assets, err := themeFiles(r.s.SourceDir, r.s.Config.Theme, "static", r.s.Config.FromHugo())
	if err != nil {
		return err
	}
	names := make([]string, 0, len(assets))
	for n := range assets {
		names = append(names, n)
	}
	sort.Strings(names)
	themeDir := "themes/" + r.s.Config.Theme + "/static/"
	for _, n := range names {
		if _, ok := static[n]; ok || n == "css/syntax.css" {
			continue
		}
		a := assets[n]
		out := builders.Output{Path: n}
		if r.s.Config.Theme != "" && strings.HasPrefix(a.origin, themeDir) {
			// A file of the site's theme, which an edit may change.
			out.Files = []string{filepath.Join(r.s.SourceDir, filepath.FromSlash(a.origin))}
		}
		fs.add(out, maker{data: a.read})
	}
	return nil
}

// ExtraKey is what a page WriteExtra writes in language lang shows of
// the site besides its own: the menu, for its builder's plan.
func ExtraKey(c *builders.Context, lang string) string {
	ls := c.Site.Langs[lang]
	if ls == nil {
		return ""
	}
	r := &run{c: c, s: c.Site}
	return r.menuKey(ls)
}

// menuKey is what a page of ls shows of its menu.
func (r *run) menuKey(ls *site.LangSite) string {
	var b strings.Builder
	for _, m := range r.menu(ls, "") {
		b.WriteString(m.Name + " " + m.URL + "\n")
	}
	return b.String()
}
