package build

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"math"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/site"
)

// Signatures tell an incremental build which output files to write again:
// each HTML page, list page, feed, redirect and the sitemap gets a number
// that sums up everything of the model its file shows (a page's text and
// front matter, the titles and summaries of a list's items, the menu, the
// neighbours a page links to by title…). A file whose number did not
// change since the output was written is left as it is.
//
// They follow what the HTML and feed builders read from the model; an
// output the builders write but that has no signature here is always
// written again (see Session), so that a new kind of page is never stale.

// hasher writes values unambiguously into a maphash.
type hasher struct{ h maphash.Hash }

func newHasher(seed maphash.Seed) *hasher {
	hw := &hasher{}
	hw.h.SetSeed(seed)
	return hw
}

func (w *hasher) i(n int64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(n))
	w.h.Write(b[:])
}
func (w *hasher) u(n uint64) { w.i(int64(n)) }
func (w *hasher) s(s string) { w.i(int64(len(s))); w.h.WriteString(s) }
func (w *hasher) b(b bool) {
	if b {
		w.i(1)
	} else {
		w.i(0)
	}
}
func (w *hasher) t(t time.Time) {
	if t.IsZero() {
		w.i(math.MinInt64)
		return
	}
	w.i(t.UnixNano())
	w.s(t.Location().String())
}
func (w *hasher) ss(l []string) {
	w.i(int64(len(l)))
	for _, s := range l {
		w.s(s)
	}
}
func (w *hasher) sum() uint64 { return w.h.Sum64() }

// sigs computes the signatures of one model, keeping what it computed per
// page so that a page patched in place (Session's one-page rebuilds) only
// costs its own.
type sigs struct {
	seed      maphash.Seed
	self      map[*site.Page]uint64 // the page's own fields, text included
	ref       map[*site.Page]uint64 // what others show of it: title, link, summary…
	content   map[*site.Rendered]uint64
	downloads *builders.Downloads
}

func newSigs(seed maphash.Seed, dl *builders.Downloads) *sigs {
	return &sigs{seed: seed, self: map[*site.Page]uint64{}, ref: map[*site.Page]uint64{},
		content: map[*site.Rendered]uint64{}, downloads: dl}
}

// forget drops what is kept of p (patched in place).
func (g *sigs) forget(p *site.Page) {
	delete(g.self, p)
	delete(g.ref, p)
	if p.Rendered != nil {
		delete(g.content, p.Rendered)
	}
}

func (g *sigs) contentSig(r *site.Rendered) uint64 {
	if r == nil {
		return 0
	}
	if v, ok := g.content[r]; ok {
		return v
	}
	v := maphash.String(g.seed, r.Content)
	g.content[r] = v
	return v
}

// refSig covers what lists, feeds and neighbours show of a page.
func (g *sigs) refSig(p *site.Page) uint64 {
	if p == nil {
		return 0
	}
	if v, ok := g.ref[p]; ok {
		return v
	}
	w := newHasher(g.seed)
	w.s(string(p.Kind))
	w.s(p.File)
	w.s(p.Lang)
	w.s(p.Title)
	w.s(p.Subtitle)
	w.s(p.Path)
	w.s(p.RelPermalink)
	w.s(p.Permalink)
	w.t(p.Date)
	w.t(p.Lastmod)
	w.b(p.Draft)
	w.i(int64(p.Weight))
	w.i(int64(p.ChapterIndex))
	if fm := p.FrontMatter; fm != nil {
		w.ss(fm.Authors)
		w.ss(fm.Translators)
		w.ss(fm.Reviewers)
		w.s(fm.Description)
		w.s(fm.Cover)
	}
	for _, ts := range [][]*site.Term{p.Tags, p.Categories} {
		w.i(int64(len(ts)))
		for _, t := range ts {
			w.s(t.Name)
			w.s(t.RelPermalink)
		}
	}
	if r := p.Rendered; r != nil {
		w.b(true)
		w.s(r.Summary)
		w.b(r.Truncated)
		w.i(int64(r.Words))
		w.i(int64(r.ReadingTime))
		w.i(int64(len(r.TOC)))
		for _, h := range r.TOC {
			w.i(int64(h.Level))
			w.s(h.ID)
			w.s(h.Text)
		}
	} else {
		w.b(false)
	}
	v := w.sum()
	g.ref[p] = v
	return v
}

// selfSig covers everything of the page itself, its text included.
func (g *sigs) selfSig(p *site.Page) uint64 {
	if p == nil {
		return 0
	}
	if v, ok := g.self[p]; ok {
		return v
	}
	w := newHasher(g.seed)
	w.u(g.refSig(p))
	w.u(g.contentSig(p.Rendered))
	w.s(p.Section)
	w.s(p.Dir)
	w.s(p.Slug)
	if fm := p.FrontMatter; fm != nil {
		w.s(fm.Title)
		w.s(fm.Subtitle)
		w.s(fm.Summary)
		w.s(fm.License)
		w.ss(fm.Tags)
		w.ss(fm.Categories)
		w.s(fm.Series)
		w.s(fm.TranslationKey)
		w.s(fm.TranslatedFrom)
		w.ss(fm.Formats)
		w.ss(fm.Aliases)
		w.t(fm.Date)
		w.t(fm.Lastmod)
		w.b(fm.Draft)
		w.s(fm.Slug)
		if fm.Source != nil {
			w.s(fmt.Sprintf("%+v", *fm.Source))
		}
		if len(fm.Params) > 0 {
			w.s(fmt.Sprint(fm.Params)) // fmt prints maps in key order
		}
	}
	if l := p.License; l != nil {
		w.s(l.ID)
		w.s(l.URL)
	}
	w.i(int64(len(p.Resources)))
	for _, r := range p.Resources {
		w.s(r.Name)
		w.s(r.Abs)
		w.i(r.Size)
	}
	if t := p.Series; t != nil {
		w.s(t.Name)
		w.s(t.RelPermalink)
		w.i(int64(len(t.Pages)))
	}
	w.i(int64(p.SeriesIndex))
	if g.downloads != nil {
		for _, d := range g.downloads.For(p) {
			w.s(d.Kind)
			w.s(d.URL)
			w.i(d.Size)
		}
	}
	v := w.sum()
	g.self[p] = v
	return v
}

// pageSig is the signature of a page's own HTML file.
func (g *sigs) pageSig(p *site.Page, menu uint64) uint64 {
	w := newHasher(g.seed)
	w.s("page")
	w.u(menu)
	w.u(g.selfSig(p))
	// Translations whole: a page may say that its original changed since
	// it was translated.
	w.i(int64(len(p.Translations)))
	for _, t := range p.Translations {
		w.u(g.selfSig(t))
	}
	w.u(g.refSig(p.SeriesPrev))
	w.u(g.refSig(p.SeriesNext))
	w.u(g.refSig(p.Prev))
	w.u(g.refSig(p.Next))
	if b := p.Book; b != nil {
		w.s(b.Slug)
		w.u(g.refSig(b.Index))
		if b.Index == p {
			w.i(int64(len(b.Chapters)))
			for _, c := range b.Chapters {
				w.u(g.refSig(c))
			}
		}
	}
	return w.sum()
}

// menuSig covers what every page of a language shows of the site: the
// menu (sections, taxonomies and archives that have pages).
func (g *sigs) menuSig(s *site.Site, ls *site.LangSite) uint64 {
	w := newHasher(g.seed)
	w.s(ls.Language.Code)
	for _, sec := range ls.Sections {
		w.s(sec.Name)
		w.s(sec.Title)
		w.b(sec.Index != nil)
		w.b(len(sec.Pages) > 0)
		w.s(sec.RelPermalink)
	}
	for _, tax := range ls.Taxonomies {
		w.s(tax.Name)
		w.b(len(tax.Terms) > 0)
		w.s(tax.RelPermalink)
	}
	w.b(len(ls.Years) > 0)
	return w.sum()
}

// shape covers, for the language switchers of list pages, in which
// languages each taxonomy, term, year and the archives exist.
type shape struct {
	all   uint64            // everything: for the sitemap
	tax   map[string]uint64 // taxonomy name → languages where it has terms
	term  map[string]uint64 // taxonomy name + "/" + slug → languages and URLs
	year  map[int]uint64    // year → languages and URLs
	years uint64            // languages with archives
}

func (g *sigs) shape(s *site.Site) *shape {
	sh := &shape{tax: map[string]uint64{}, term: map[string]uint64{}, year: map[int]uint64{}}
	add := func(m map[string]uint64, k, v string) {
		w := newHasher(g.seed)
		w.u(m[k])
		w.s(v)
		m[k] = w.sum()
	}
	years := map[string]uint64{}
	all := newHasher(g.seed)
	for _, l := range s.Languages {
		ls := s.Langs[l.Code]
		all.s(l.Code)
		for _, tax := range ls.Taxonomies {
			all.s(tax.Name)
			all.i(int64(len(tax.Terms)))
			if len(tax.Terms) > 0 {
				add(sh.tax, tax.Name, l.Code+" "+tax.RelPermalink)
			}
			for _, t := range tax.Terms {
				all.s(t.Slug)
				all.s(t.RelPermalink)
				add(sh.term, tax.Name+"/"+t.Slug, l.Code+" "+t.RelPermalink)
			}
		}
		all.i(int64(len(ls.Years)))
		if len(ls.Years) > 0 {
			add(years, "", l.Code)
		}
		for _, y := range ls.Years {
			all.i(int64(y.Year))
			all.s(y.RelPermalink)
			k := fmt.Sprint(y.Year)
			add(years, k, l.Code+" "+y.RelPermalink)
			sh.year[y.Year] = years[k]
		}
	}
	sh.years = years[""]
	sh.all = all.sum()
	return sh
}

// outFile is the file of an output path: "/a/" is written as "/a/index.html".
func outFile(out string) string {
	if strings.HasSuffix(out, "/") {
		out += "index.html"
	}
	return cleanOut(out)
}

// cleanOut is the form output paths are kept in: slash-separated, relative
// to the output root, without a leading slash.
func cleanOut(rel string) string {
	if rel != "" && !strings.HasPrefix(rel, ".") && !strings.HasSuffix(rel, "/") &&
		!strings.Contains(rel, "//") && !strings.Contains(rel, "/.") {
		return strings.TrimPrefix(rel, "/") // already clean: the common case
	}
	return strings.TrimPrefix(path.Clean("/"+rel), "/")
}

// siteSigs computes the signature of every output file the HTML and feed
// builders write from the model s.
func (g *sigs) siteSigs(s *site.Site) map[string]uint64 {
	out := map[string]uint64{}
	shape := g.shape(s)
	per := s.Config.Paginate
	if per <= 0 {
		per = 10
	}
	for _, l := range s.Languages {
		ls := s.Langs[l.Code]
		prefix := l.Prefix
		menu := g.menuSig(s, ls)
		for _, p := range ls.All {
			if p.Kind == site.KindSection {
				continue
			}
			out[outFile(prefix+p.Path)] = g.pageSig(p, menu)
		}
		// A list over several pages: each page of it sums up its own items.
		list := func(kind, key string, meta uint64, index *site.Page, pages []*site.Page, base string) {
			total := (len(pages) + per - 1) / per
			if total == 0 {
				total = 1
			}
			for n := 1; n <= total; n++ {
				w := newHasher(g.seed)
				w.s(kind)
				w.s(key)
				w.u(meta)
				w.u(menu)
				w.u(g.selfSig(index))
				w.i(int64(n))
				w.i(int64(total))
				w.i(int64(len(pages)))
				lo, hi := (n-1)*per, min(n*per, len(pages))
				for _, p := range pages[lo:hi] {
					w.u(g.refSig(p))
				}
				u := base
				if n > 1 {
					u = fmt.Sprintf("%spage/%d/", base, n)
				}
				out[outFile(prefix+u)] = w.sum()
			}
		}
		feed := func(key string, meta uint64, index *site.Page, pages []*site.Page, dir string) {
			items := make([]*site.Page, 0, len(pages))
			for _, p := range pages {
				if p.Rendered != nil {
					items = append(items, p)
				}
			}
			site.SortByDate(items)
			if limit := s.Config.FeedLimit; limit > 0 && len(items) > limit {
				items = items[:limit]
			}
			w := newHasher(g.seed)
			w.s("feed")
			w.s(key)
			w.u(meta)
			if index != nil && index.FrontMatter != nil {
				w.s(index.FrontMatter.Description)
			}
			for _, p := range items {
				w.u(g.refSig(p))
				w.u(g.contentSig(p.Rendered))
			}
			v := w.sum()
			out[cleanOut(prefix+dir+"index.xml")] = v
			out[cleanOut(prefix+dir+"atom.xml")] = v
		}
		str := func(parts ...string) uint64 {
			w := newHasher(g.seed)
			w.ss(parts)
			return w.sum()
		}
		list("home", "/", 0, ls.Home, ls.MainPages, "/")
		feed("/", 0, ls.Home, ls.MainPages, "/")
		for _, sec := range ls.Sections {
			meta := str(sec.Name, sec.Title, fmt.Sprint(sec.Index != nil))
			list("section", sec.Path, meta, sec.Index, sec.Pages, sec.Path)
			feed(sec.Path, meta, sec.Index, sec.Pages, sec.Path)
		}
		for _, p := range ls.All {
			if p.Kind == site.KindSection && p.Dir != "" && p.Dir != p.Section {
				list("nested", p.Path, 0, p, p.Pages, p.Path)
				feed(p.Path, 0, p, p.Pages, p.Path)
			}
		}
		for _, tax := range ls.Taxonomies {
			if len(tax.Terms) > 0 {
				w := newHasher(g.seed)
				w.s("taxonomy")
				w.u(menu)
				w.u(shape.tax[tax.Name])
				for _, t := range tax.Terms {
					w.s(t.Name)
					w.s(t.RelPermalink)
					w.i(int64(len(t.Pages)))
				}
				out[outFile(prefix+tax.Path)] = w.sum()
			}
			for _, t := range tax.Terms {
				meta := str(tax.Name, tax.RelPermalink, t.Name, t.Slug, fmt.Sprint(shape.term[tax.Name+"/"+t.Slug]))
				list("term", t.Path, meta, nil, t.Pages, t.Path)
				feed(t.Path, str(tax.Name, t.Name), nil, t.Pages, t.Path)
			}
		}
		if len(ls.Years) > 0 {
			w := newHasher(g.seed)
			w.s("archives")
			w.u(menu)
			w.u(shape.years)
			for _, y := range ls.Years {
				w.i(int64(y.Year))
				w.s(y.RelPermalink)
				w.i(int64(len(y.Pages)))
			}
			out[outFile(prefix+"/archives/")] = w.sum()
			for _, y := range ls.Years {
				w := newHasher(g.seed)
				w.s("year")
				w.u(menu)
				w.u(shape.year[y.Year])
				w.i(int64(y.Year))
				for _, p := range y.Pages {
					w.u(g.refSig(p))
				}
				out[outFile(prefix+y.Path)] = w.sum()
			}
		}
		out[cleanOut(prefix+"/404.html")] = str("404", fmt.Sprint(menu))
	}
	for _, a := range s.Aliases {
		p := a.Page
		out[outFile(a.Path)] = str3(g.seed, "alias", p.Lang, p.Title, p.Permalink, p.RelPermalink)
	}
	sm, urls := g.sitemapSig(s, shape.all)
	out["sitemap.xml"] = sm
	for i, n := 0, 1; urls > sitemapLimit && i < urls; i, n = i+sitemapLimit, n+1 {
		out[fmt.Sprintf("sitemap-%d.xml", n)] = sm // the parts of a long sitemap
	}
	out["robots.txt"] = str3(g.seed, "robots")
	return out
}

func str3(seed maphash.Seed, parts ...string) uint64 {
	w := newHasher(seed)
	w.ss(parts)
	return w.sum()
}

// sitemapLimit is the HTML builder's bound on URLs per sitemap file.
const sitemapLimit = 50000

// sitemapSig covers the sitemap, and counts its URLs as the HTML builder
// does (past sitemapLimit it writes several files).
func (g *sigs) sitemapSig(s *site.Site, shape uint64) (uint64, int) {
	w := newHasher(g.seed)
	w.s("sitemap")
	w.u(shape)
	urls := 0
	for _, l := range s.Languages {
		ls := s.Langs[l.Code]
		urls++
		for _, p := range ls.All {
			w.s(p.Permalink)
			w.t(p.Lastmod)
			for _, t := range p.Translations {
				w.s(t.Permalink)
			}
			if !(p.Kind == site.KindSection && p.Dir == "") {
				urls++
			}
		}
		for _, sec := range ls.Sections {
			w.s(sec.Permalink)
			w.b(sec.Index == nil)
			if sec.Index == nil {
				urls++
			}
		}
		for _, tax := range ls.Taxonomies {
			if len(tax.Terms) > 0 {
				urls += 1 + len(tax.Terms)
			}
		}
		if len(ls.Years) > 0 {
			urls += 1 + len(ls.Years)
		}
	}
	return w.sum(), urls
}

// changedOutputs lists the outputs whose signature differs between old
// and new, or that are new.
func changedOutputs(old, new map[string]uint64) map[string]bool {
	out := map[string]bool{}
	for k, v := range new {
		if ov, ok := old[k]; !ok || ov != v {
			out[k] = true
		}
	}
	return out
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
