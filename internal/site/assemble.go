package site

import (
	"fmt"
	"github.com/communs/communs/internal/markdown"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// Reserved list paths within a language; a page may not take them.
var listPaths = map[string]string{
	"/tags/": "tags", "/categories/": "categories", "/series/": "series", "/archives/": "archives",
}

// QueryRedirectsFile is the script, at the site's root, that sends the
// query aliases on.
const QueryRedirectsFile = "query-redirects.js"

// ListPaths are the URLs of the lists communs writes in each language
// (/tags/…): no page may have them.
func ListPaths() []string { return slices.Sorted(maps.Keys(listPaths)) }

// assemble joins the parsed pages into the model: filters drafts, builds
// books, URLs, translation groups, sections, taxonomies and archives.
func (l *loader) assemble() {
	s := l.site
	var pages []*Page
	s.Unpublished = map[string]string{}
	for _, p := range l.pages {
		if p.FrontMatter == nil {
			continue
		}
		if p.Draft && !l.opts.Drafts {
			s.Unpublished[p.File] = "a draft (draft = true)"
			continue
		}
		if !l.opts.Future && !s.Config.BuildFuture && p.Date.After(s.Now) {
			s.Unpublished[p.File] = "dated in the future (" + p.Date.Format("2006-01-02") + ")"
			continue
		}
		if pd := p.FrontMatter.PublishDate; !l.opts.Future && !s.Config.BuildFuture && pd.After(s.Now) {
			s.Unpublished[p.File] = "published in the future (publishDate " + pd.Format("2006-01-02") + ")"
			continue
		}
		if ed := p.FrontMatter.ExpiryDate; !l.opts.Expired && !ed.IsZero() && !ed.After(s.Now) {
			s.Unpublished[p.File] = "expired (expiryDate " + ed.Format("2006-01-02") + ")"
			continue
		}
		pages = append(pages, p)
	}
	pages = l.applyBuildOptions(pages)
	// A stable order whatever the walk and the workers did.
	sort.Slice(pages, func(i, j int) bool { return pages[i].File < pages[j].File })

	l.assembleBooks(pages)
	kept := pages[:0]
	for _, p := range pages {
		if p.FrontMatter != nil { // a chapter without its book is dropped, reported
			kept = append(kept, p)
		}
	}
	pages = kept
	// content/tags/_index.md and content/tags/go/_index.md are the text
	// of the lists communs writes there.
	kept = pages[:0]
	for _, p := range pages {
		if p.Kind == KindSection && p.Dir != "" {
			if _, isList := listPaths["/"+strings.SplitN(p.Dir, "/", 2)[0]+"/"]; isList && strings.Count(p.Dir, "/") <= 1 && !strings.HasPrefix(p.Dir, "archives") {
				ls := s.Langs[p.Lang]
				ls.ListIndexes = append(ls.ListIndexes, p)
				p.Path = "/" + p.Dir + "/"
				full := ls.Language.Prefix + p.Path
				p.RelPermalink, p.Permalink = s.RelURL(full), s.AbsURL(full)
				continue
			}
		}
		kept = append(kept, p)
	}
	pages = kept
	for _, p := range pages {
		l.assignURL(p)
	}
	l.groupTranslations(pages)

	for _, p := range pages {
		ls := s.Langs[p.Lang]
		ls.All = append(ls.All, p)
		if p.Kind == KindArticle && !p.Unlisted {
			ls.Pages = append(ls.Pages, p)
		}
	}
	main := map[string]bool{}
	for _, m := range s.Config.MainSections {
		main[m] = true
	}
	for _, ls := range s.Langs {
		SortByDate(ls.Pages)
		for _, p := range ls.Pages {
			if (len(main) == 0 && p.Section != "" && p.Section != "books" && !p.Date.IsZero()) || main[p.Section] {
				ls.MainPages = append(ls.MainPages, p)
			}
		}
		l.buildSections(ls, pages)
		l.buildTaxonomies(ls)
		l.buildYears(ls)
		sort.SliceStable(ls.Books, func(i, j int) bool {
			a, b := ls.Books[i], ls.Books[j]
			if a.Index.Weight != b.Index.Weight {
				return a.Index.Weight < b.Index.Weight
			}
			return a.Index.Title < b.Index.Title
		})
	}
	l.buildAliases(pages)
}

// SortByDate orders pages newest first, then by title and file: the
// order of every list and feed.
func SortByDate(ps []*Page) {
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i], ps[j]
		if !a.Date.Equal(b.Date) {
			return a.Date.After(b.Date)
		}
		if a.Title != b.Title {
			return a.Title < b.Title
		}
		return a.File < b.File
	})
}

// children are the pages and sections right in a folder, Hugo's order.
func (l *loader) children(ls *LangSite, dir string) []*Page {
	var out []*Page
	for _, q := range ls.All {
		if q.Unlisted || q.Kind == KindChapter || q.Dir == "" && q.Kind == KindSection {
			continue
		}
		parent := q.Dir
		if q.BundleDir != "" || q.Kind == KindSection {
			parent = path.Dir(q.Dir)
		}
		if parent == "." {
			parent = ""
		}
		if parent == dir && (q.Kind != KindSection || q.Dir != dir) {
			out = append(out, q)
		}
	}
	l.sortList(out)
	return out
}

// sortList orders a section's pages: newest first, or, in a Hugo site,
// as Hugo does: by weight (pages without one last), then newest first.
func (l *loader) sortList(ps []*Page) {
	SortByDate(ps)
	if !l.site.Config.FromHugo() {
		return
	}
	sort.SliceStable(ps, func(i, j int) bool {
		a, b := ps[i].Weight, ps[j].Weight
		if (a == 0) != (b == 0) {
			return b == 0
		}
		return a < b
	})
}

func (l *loader) assembleBooks(pages []*Page) {
	type key struct{ slug, lang string }
	books := map[key]*Book{}
	var order []key
	// A book whose front page was left out (a draft, a future date, a
	// broken front matter: reported on its own) takes its chapters along.
	hasIndex := map[key]bool{}
	for _, p := range l.pages {
		if p.Kind == KindBook {
			hasIndex[key{p.Book.Slug, p.Lang}] = true
		}
	}
	for _, p := range pages {
		if p.Kind != KindBook {
			continue
		}
		k := key{p.Book.Slug, p.Lang}
		b := &Book{Slug: p.Slug, Lang: p.Lang, Index: p}
		books[k] = b
		order = append(order, k)
		p.Book = b
	}
	for _, p := range pages {
		if p.Kind != KindChapter {
			continue
		}
		b, ok := books[key{p.Book.Slug, p.Lang}]
		if !ok {
			if !hasIndex[key{p.Book.Slug, p.Lang}] {
				l.diags.Errorf(p.File, 0, "chapter in %s with no book front page in this language: add content/books/%s/_index.%s.md", p.Lang, p.Book.Slug, p.Lang)
			}
			p.FrontMatter = nil
			continue
		}
		p.Book = b
		b.Chapters = append(b.Chapters, p)
	}
	for _, k := range order {
		b := books[k]
		sort.SliceStable(b.Chapters, func(i, j int) bool {
			x, y := b.Chapters[i], b.Chapters[j]
			if x.Weight != y.Weight {
				return x.Weight < y.Weight
			}
			return x.File < y.File
		})
		if len(b.Chapters) == 0 {
			l.diags.Warnf(b.Index.File, 0, "book with no chapters: add chapter files beside _index.md")
		}
		for i, c := range b.Chapters {
			c.ChapterIndex = i + 1
			if i > 0 {
				c.Prev = b.Chapters[i-1]
			}
			if i+1 < len(b.Chapters) {
				c.Next = b.Chapters[i+1]
			}
			if c.Date.IsZero() {
				c.Date = b.Index.Date
				c.Lastmod = b.Index.Lastmod
			}
		}
		ls := l.site.Langs[b.Lang]
		ls.Books = append(ls.Books, b)
	}
}

// claim records that file writes the output path p (relative to the site
// root, with language prefix); a second claim is an error naming both.
func (l *loader) claim(p, file string) bool {
	key := p
	if strings.HasSuffix(key, "/") {
		key += "index.html"
	}
	if prev, ok := l.urls[key]; ok && prev != file {
		l.diags.Errorf(file, 0, "writes the same URL %s as %s: change the slug or the date of one of them", p, prev)
		return false
	}
	l.urls[key] = file
	return true
}

// applyBuildOptions leaves out the pages Hugo would not write: headless
// bundles and build.render = "never", their own or cascaded from a
// section above; build.list = "never" keeps a page out of lists.
func (l *loader) applyBuildOptions(pages []*Page) []*Page {
	cascades := map[string]*BuildOptions{} // lang + dir of a section → its cascade
	for _, p := range pages {
		if p.Kind == KindSection && p.FrontMatter.Cascade != nil {
			cascades[p.Lang+"\x00"+p.Dir] = p.FrontMatter.Cascade
		}
	}
	inherited := func(p *Page) BuildOptions {
		b := p.FrontMatter.Build
		dir := p.Dir
		if p.Kind == KindSection {
			dir = path.Dir(dir)
		}
		for ; ; dir = path.Dir(dir) {
			if dir == "." {
				dir = ""
			}
			if c := cascades[p.Lang+"\x00"+dir]; c != nil {
				if b.Render == "" {
					b.Render = c.Render
				}
				if b.List == "" {
					b.List = c.List
				}
				if b.PublishResources == nil {
					b.PublishResources = c.PublishResources
				}
			}
			if dir == "" {
				return b
			}
		}
	}
	kept := pages[:0]
	for _, p := range pages {
		b := inherited(p)
		if p.FrontMatter.Headless {
			b.Render, b.List = "never", "never"
		}
		if b.Render == "never" {
			// Its files are not published either, unless it says so.
			l.site.Unpublished[p.File] = "not written (headless, or build.render = never)"
			continue
		}
		if b.PublishResources != nil && !*b.PublishResources {
			p.Resources = nil
		}
		p.Unlisted = b.List == "never"
		kept = append(kept, p)
	}
	return kept
}

func (l *loader) assignURL(p *Page) {
	s := l.site
	cfg := s.Config
	switch p.Kind {
	case KindBook:
		p.Path = "/books/" + p.Slug + "/"
	case KindChapter:
		p.Path = "/books/" + p.Book.Slug + "/" + p.Slug + "/"
	case KindSection:
		p.Path = "/" + p.Dir + "/"
		if p.Dir == "" {
			p.Path = "/" // content/_index.md: the home page's own text
		}
	default:
		pattern := cfg.permalinkPattern(p.Section, !p.Date.IsZero())
		if strings.Contains(pattern, ":year") && p.Date.IsZero() && p.FrontMatter.URL == "" {
			l.diags.Errorf(p.File, 1, "no date, and its URL %s needs one: add date = %s to the front matter", pattern, s.Now.Format("2006-01-02"))
		}
		p.Path = expandPermalink(pattern, p)
		if u := p.FrontMatter.URL; u != "" {
			p.Path = cleanURLPath(u)
		}
	}
	lang := s.Langs[p.Lang].Language
	full := lang.Prefix + p.Path
	if _, reserved := listPaths[p.Path]; reserved {
		l.diags.Errorf(p.File, 0, "its URL %s is the list page of %s: change its slug", full, listPaths[p.Path])
	}
	l.claim(full, p.File)
	p.RelPermalink = s.RelURL(full)
	p.Permalink = s.AbsURL(full)
}

func (l *loader) groupTranslations(pages []*Page) {
	groups := map[string]*Group{}
	for _, p := range pages {
		var key string
		switch {
		case p.FrontMatter.TranslationKey != "":
			key = "key:" + p.FrontMatter.TranslationKey
		case p.BundleDir != "":
			key = "dir:" + p.Dir
		default:
			key = "file:" + path.Join(p.Dir, p.baseName)
		}
		g := groups[key]
		if g == nil {
			g = &Group{Key: key, Pages: map[string]*Page{}}
			groups[key] = g
		}
		if other, dup := g.Pages[p.Lang]; dup {
			l.diags.Errorf(p.File, 0, "is the same page in %s as %s: keep one, or give them different translationKey values", p.Lang, other.File)
			continue
		}
		g.Pages[p.Lang] = p
		p.Group = g
	}
	for _, p := range pages {
		if p.Group == nil {
			continue
		}
		for _, lang := range l.site.Languages {
			if t, ok := p.Group.Pages[lang.Code]; ok && t != p {
				p.Translations = append(p.Translations, t)
			}
		}
	}
}

func (l *loader) listURLs(ls *LangSite, p string) (string, string, string) {
	full := ls.Language.Prefix + p
	return p, l.site.RelURL(full), l.site.AbsURL(full)
}

func (l *loader) buildSections(ls *LangSite, pages []*Page) {
	byName := map[string]*Section{}
	get := func(name string) *Section {
		sec := byName[name]
		if sec == nil {
			sec = &Section{Name: name, Title: name}
			sec.Path, sec.RelPermalink, sec.Permalink = l.listURLs(ls, "/"+name+"/")
			byName[name] = sec
		}
		return sec
	}
	for _, p := range ls.All {
		switch {
		case p.Kind == KindSection && p.Dir == "":
			ls.Home = p
		case p.Kind == KindSection && p.Dir == p.Section:
			sec := get(p.Section)
			sec.Index = p
			sec.Title = p.Title
		case p.Kind == KindSection && p.Section != "":
			get(p.Section) // a section holding only sections has its list too
		case p.Kind == KindArticle && p.Section != "" && !p.Unlisted:
			sec := get(p.Section)
			sec.Pages = append(sec.Pages, p)
		case p.Kind == KindBook:
			sec := get("books")
			sec.Pages = append(sec.Pages, p)
		}
	}
	if l.site.Config.FromHugo() {
		// Hugo's nested sections list their own pages and sections, not
		// those of the sections below them (.Pages). A top section lists
		// every page below it, as blog themes paginate it (Docsy's blog
		// its /blog/page/2/).
		for _, p := range ls.All {
			if p.Kind == KindSection && p.Dir != "" && p.Dir != p.Section {
				p.Pages = l.children(ls, p.Dir)
			}
		}
	}
	for _, p := range ls.All {
		if p.Kind == KindSection && !l.site.Config.FromHugo() {
			// A section page lists the pages below its folder.
			prefix := p.Dir + "/"
			for _, q := range ls.All {
				if (q.Kind == KindArticle || q.Kind == KindBook) && !q.Unlisted && strings.HasPrefix(q.Dir+"/", prefix) && q != p {
					p.Pages = append(p.Pages, q)
				}
			}
			l.sortList(p.Pages)
		}
	}
	names := make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		sec := byName[n]
		if n == "books" {
			sort.SliceStable(sec.Pages, func(i, j int) bool {
				a, b := sec.Pages[i], sec.Pages[j]
				if a.Weight != b.Weight {
					return a.Weight < b.Weight
				}
				return a.Title < b.Title
			})
		} else {
			l.sortList(sec.Pages)
		}
		if sec.Index == nil {
			l.claim(ls.Language.Prefix+sec.Path, "content/"+n)
		}
		ls.Sections = append(ls.Sections, sec)
	}
}

func (l *loader) buildTaxonomies(ls *LangSite) {
	for _, name := range []string{"tags", "categories", "series"} {
		tax := &Taxonomy{Name: name, bySlug: map[string]*Term{}}
		tax.Path, tax.RelPermalink, tax.Permalink = l.listURLs(ls, "/"+name+"/")
		spellings := map[string]map[string]int{}
		for _, p := range ls.Pages {
			var names []string
			switch name {
			case "tags":
				names = p.FrontMatter.Tags
			case "categories":
				names = p.FrontMatter.Categories
			case "series":
				if p.FrontMatter.Series != "" {
					names = []string{p.FrontMatter.Series}
				}
			}
			seen := map[string]bool{}
			for _, n := range names {
				termSlug := l.slug(n)
				if termSlug == "" {
					l.diags.Warnf(p.File, p.FrontMatter.Lines[name], "%s %q gives an empty URL: skipped; use letters or digits", name, n)
					continue
				}
				if seen[termSlug] {
					continue
				}
				seen[termSlug] = true
				t := tax.bySlug[termSlug]
				if t == nil {
					t = &Term{Taxonomy: name, Slug: termSlug, Lang: ls.Language.Code}
					t.Path, t.RelPermalink, t.Permalink = l.listURLs(ls, "/"+name+"/"+termSlug+"/")
					tax.bySlug[termSlug] = t
					spellings[termSlug] = map[string]int{}
				}
				spellings[termSlug][n]++
				t.Pages = append(t.Pages, p)
				switch name {
				case "tags":
					p.Tags = append(p.Tags, t)
				case "categories":
					p.Categories = append(p.Categories, t)
				case "series":
					p.Series = t
				}
			}
		}
		for slug, t := range tax.bySlug {
			// The spelling most used names the term; ties go to the first in order.
			best, bestN := "", 0
			for sp, n := range spellings[slug] {
				if n > bestN || (n == bestN && sp < best) {
					best, bestN = sp, n
				}
			}
			t.Name = markdown.TitleText(ls.Language.Code, best)
			tax.Terms = append(tax.Terms, t)
			l.claim(ls.Language.Prefix+t.Path, "the "+name+" "+best)
		}
		for _, ip := range ls.ListIndexes {
			switch {
			case ip.Dir == name:
				tax.Index = ip
			case strings.HasPrefix(ip.Dir, name+"/"):
				termSlug := strings.TrimPrefix(ip.Dir, name+"/")
				t := tax.bySlug[termSlug]
				if t == nil {
					t = tax.bySlug[l.slug(termSlug)]
				}
				if t == nil {
					l.diags.Warnf(ip.File, 0, "no page has the %s %q: this text has no list to go on, and is not published", name, termSlug)
					continue
				}
				t.Index = ip
				if ip.Title != "" && ip.FrontMatter != nil && ip.FrontMatter.Title != "" {
					t.Name = ip.Title
				}
			}
		}
		sort.Slice(tax.Terms, func(i, j int) bool {
			a, b := l.foldKey(tax.Terms[i].Name), l.foldKey(tax.Terms[j].Name)
			if a != b {
				return a < b
			}
			return tax.Terms[i].Slug < tax.Terms[j].Slug
		})
		if name == "series" {
			for _, t := range tax.Terms {
				// A series reads in order: oldest first.
				sort.SliceStable(t.Pages, func(i, j int) bool { return t.Pages[i].Date.Before(t.Pages[j].Date) })
				for i, p := range t.Pages {
					p.SeriesIndex = i + 1
					if i > 0 {
						p.SeriesPrev = t.Pages[i-1]
					}
					if i+1 < len(t.Pages) {
						p.SeriesNext = t.Pages[i+1]
					}
				}
			}
		}
		ls.Taxonomies = append(ls.Taxonomies, tax)
	}
}

// foldKey sorts names as a reader expects: accents and case aside.
func (l *loader) foldKey(s string) string { return l.slug(s) + "\x00" + s }

// slug is slug.Make, once per name and load: the same tags name many
// pages, and the terms' sort asks again at each comparison.
func (l *loader) slug(name string) string {
	if v, ok := l.slugs[name]; ok {
		return v
	}
	if l.slugs == nil {
		l.slugs = map[string]string{}
	}
	v := l.slugOf(name)
	l.slugs[name] = v
	return v
}

func (l *loader) buildYears(ls *LangSite) {
	byYear := map[int]*Year{}
	for _, p := range ls.MainPages {
		y := p.Date.Year()
		yr := byYear[y]
		if yr == nil {
			yr = &Year{Year: y}
			yr.Path, yr.RelPermalink, yr.Permalink = l.listURLs(ls, fmt.Sprintf("/archives/%04d/", y))
			byYear[y] = yr
			ls.Years = append(ls.Years, yr)
		}
		yr.Pages = append(yr.Pages, p)
	}
	sort.Slice(ls.Years, func(i, j int) bool { return ls.Years[i].Year > ls.Years[j].Year })
}

func (l *loader) buildAliases(pages []*Page) {
	if l.site.Config.DisableAliases {
		return
	}
	for _, p := range pages {
		lang := l.site.Langs[p.Lang].Language
		own := lang.Prefix + p.Path
		seen := map[string]bool{}
		for _, a := range p.FrontMatter.Aliases {
			if strings.Contains(a, "://") {
				l.diags.Errorf(p.File, p.FrontMatter.Lines["aliases"], "alias %q must be a path on this site, such as /2015/03/old-slug/", a)
				continue
			}
			ap := a
			if !strings.HasPrefix(ap, "/") {
				if l.site.Config.FromHugo() {
					// Hugo: relative to the folder of the page's URL.
					ap = path.Join(path.Dir(strings.TrimSuffix(own, "/")), ap)
				} else {
					ap = lang.Prefix + "/" + ap
				}
			}
			if pathPart, query, ok := strings.Cut(ap, "?"); ok {
				l.queryAlias(p, path.Clean(pathPart), query)
				continue
			}
			ap = path.Clean(ap)
			if strings.Contains(ap, "..") {
				l.diags.Errorf(p.File, p.FrontMatter.Lines["aliases"], "alias %q leaves the site", a)
				continue
			}
			if !strings.HasSuffix(ap, ".html") {
				ap += "/"
			}
			if ap == own {
				// A redirect there would overwrite the page with a loop.
				l.diags.Warnf(p.File, p.FrontMatter.Lines["aliases"], "alias %q is the page's own URL: remove it", a)
				continue
			}
			if seen[ap] {
				continue
			}
			seen[ap] = true
			if l.site.Config.FromHugo() {
				// Hugo writes the last alias over the others: a warning.
				if prev, taken := l.urls[strings.TrimSuffix(ap, "/")+"/index.html"]; taken && prev != p.File && !strings.HasSuffix(ap, ".html") {
					l.diags.Warnf(p.File, p.FrontMatter.Lines["aliases"], "alias %q is already the URL of %s: no redirect is written there", a, prev)
					continue
				}
			}
			if l.claim(ap, p.File) {
				l.site.Aliases = append(l.site.Aliases, &Alias{Path: ap, Page: p})
			}
		}
	}
}

// queryAlias records an alias with a query string (/?p=123): the page at
// its path (a home page) redirects to p when asked with that query.
func (l *loader) queryAlias(p *Page, pathPart, query string) {
	if pathPart != "/" {
		pathPart += "/"
	}
	if query == "" || strings.ContainsAny(query, "#\"<>") {
		l.diags.Errorf(p.File, p.FrontMatter.Lines["aliases"], "alias %q: a query alias is a path and a query, such as /?p=123", pathPart+"?"+query)
		return
	}
	ap := pathPart + "?" + query
	if l.claim("query:"+ap, p.File) {
		l.site.QueryAliases = append(l.site.QueryAliases, &Alias{Path: ap, Page: p})
	}
}

// walkStatic lists static/, whose files are copied to the output root.
func (l *loader) walkStatic() error {
	root := filepath.Join(l.site.SourceDir, "static")
	if _, err := os.Stat(root); err != nil {
		return nil
	}
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			l.diags.Errorf(relTo(l.site.SourceDir, p), 0, "cannot read: %v", err)
			return nil
		}
		if Ignored(d.Name()) && p != root {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			l.diags.Warnf(relTo(l.site.SourceDir, p), 0, "symbolic link in static/ not copied; copy the file itself")
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		l.claim("/"+rel, "static/"+rel)
		l.site.Static = append(l.site.Static, &StaticFile{Abs: p, Path: rel})
		return nil
	})
	sort.Slice(l.site.Static, func(i, j int) bool { return l.site.Static[i].Path < l.site.Static[j].Path })
	return err
}

func relTo(base, p string) string {
	r, err := filepath.Rel(base, p)
	if err != nil {
		return p
	}
	return filepath.ToSlash(r)
}
