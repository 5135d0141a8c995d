package builders

import (
	"hash/maphash"
	"sync"

	"github.com/communs/communs/internal/cache"
	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/site"
)

// RenderCache keeps pages' conversions from one build of a site to the
// next: in memory for communs serve, and on disk for later builds when
// the build has a cache (Context.Cache). A page is converted again only
// when its text, its file, its language, its summary or where one of its
// links leads changed. A kept result comes with the problems its
// conversion reported, which are reported again. Image sizes are kept
// too: Forget drops those of files that changed.
//
// The zero value is ready to use; it is safe for concurrent use.
type RenderCache struct {
	mu      sync.Mutex
	entries map[string]*renderEntry // by page source file
	seed    maphash.Seed
	seeded  bool
	sizes   sync.Map // abs path → imageInfo, shared with each build's page index

	// The link index of the last model: a model patched in place (one
	// page's text) keeps its pages, resources and URLs, and its index.
	idxSite *site.Site
	idx     *pageIndex

	hits, misses int
	// diskOnly keeps nothing in memory: a single build with a cache,
	// whose pages' HTML is released once written.
	diskOnly bool
}

type renderKey struct {
	file, lang   string
	bodyLine     int
	summaryWords int
	summary      string
	bodyLen      int
	bodyHash     uint64
	// epub, pdf: the page is in an EPUB, a PDF (its reports differ).
	epub, pdf bool
}

type linkUse struct {
	dest string
	img  bool
	t    markdown.Target
	ok   bool
}

type report struct {
	line  int
	isErr bool
	msg   string
}

type renderEntry struct {
	key      renderKey
	rendered *site.Rendered // nil when the conversion failed
	links    []linkUse
	reports  []report
}

func (rc *RenderCache) key(c *Context, p *site.Page) renderKey {
	rc.mu.Lock()
	if !rc.seeded {
		rc.seed, rc.seeded = maphash.MakeSeed(), true
	}
	seed := rc.seed
	rc.mu.Unlock()
	k := renderKey{file: p.File, lang: p.Lang, bodyLine: p.BodyLine, summaryWords: c.Site.Config.SummaryWords,
		bodyLen: len(p.Body), bodyHash: maphash.Bytes(seed, p.Body), epub: inEPUB(p), pdf: inPDF(p)}
	if p.FrontMatter != nil {
		k.summary = p.FrontMatter.Summary
	}
	return k
}

// index returns the link index of s, made once per model.
func (rc *RenderCache) index(s *site.Site) *pageIndex {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.idxSite != s {
		rc.idx = newPageIndex(s)
		rc.idx.sizes = &rc.sizes
		rc.idxSite = s
	}
	return rc.idx
}

// render fills p.Rendered from the cache when its entry still holds,
// else converts the page and records how.
func (rc *RenderCache) render(c *Context, p *site.Page, resolve func(string, bool) (markdown.Target, bool), rep func(int, bool, string)) {
	k := rc.key(c, p)
	rc.mu.Lock()
	e := rc.entries[p.File]
	rc.mu.Unlock()
	hit := e != nil && e.key == k && e.rendered != nil && linksHold(e.links, resolve)
	var dk cache.Key
	if !hit && c.Cache != nil {
		// Converted by an earlier build, or an earlier communs serve.
		e, dk, hit = rc.loadEntry(c, p, resolve)
		if hit && !rc.diskOnly {
			e.key = k
			rc.mu.Lock()
			if rc.entries == nil {
				rc.entries = map[string]*renderEntry{}
			}
			rc.entries[p.File] = e
			rc.mu.Unlock()
		}
	}
	if hit {
		r := *e.rendered
		p.Rendered = &r
		for _, d := range e.reports {
			rep(d.line, d.isErr, d.msg)
		}
		rc.mu.Lock()
		rc.hits++
		rc.mu.Unlock()
		return
	}
	ne := &renderEntry{key: k}
	var mu sync.Mutex // the converter may call back from one goroutine only, but be safe
	rec := func(dest string, img bool) (markdown.Target, bool) {
		t, ok := resolve(dest, img)
		mu.Lock()
		ne.links = append(ne.links, linkUse{dest: dest, img: img, t: t, ok: ok})
		mu.Unlock()
		return t, ok
	}
	recRep := func(line int, isErr bool, msg string) {
		mu.Lock()
		ne.reports = append(ne.reports, report{line, isErr, msg})
		mu.Unlock()
		rep(line, isErr, msg)
	}
	p.Rendered = nil
	renderPage(c, p, rec, recRep)
	if p.Rendered != nil {
		r := *p.Rendered
		ne.rendered = &r
		if c.Cache != nil {
			c.Cache.Put("page", dk, encodeEntry(ne))
		}
	}
	rc.mu.Lock()
	if rc.entries == nil {
		rc.entries = map[string]*renderEntry{}
	}
	if !rc.diskOnly {
		rc.entries[p.File] = ne
	}
	rc.misses++
	rc.mu.Unlock()
}

func linksHold(links []linkUse, resolve func(string, bool) (markdown.Target, bool)) bool {
	for _, l := range links {
		t, ok := resolve(l.dest, l.img)
		if ok != l.ok || t != l.t {
			return false
		}
	}
	return true
}

// Forget drops what the cache knows of the files at the given absolute
// paths (an image whose size may have changed).
func (rc *RenderCache) Forget(abs ...string) {
	for _, a := range abs {
		rc.sizes.Delete(a)
	}
}

// Drop removes the entries of the given source files (content/…).
func (rc *RenderCache) Drop(files ...string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, f := range files {
		delete(rc.entries, f)
	}
}

// Stats returns how many conversions were reused and made so far.
func (rc *RenderCache) Stats() (hits, misses int) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.hits, rc.misses
}
