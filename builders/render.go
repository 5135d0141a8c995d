package builders

import (
	"context"
	"image"
	_ "image/gif" // image sizes of GIF figures
	_ "image/jpeg"
	_ "image/png"
	"os"
	"path"
	"strings"
	"sync"

	_ "golang.org/x/image/webp"

	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/site"
)

// RenderPages converts every page's Markdown to HTML once, in parallel;
// the HTML and feed builders read the result from page.Rendered.
func RenderPages(ctx context.Context, c *Context) error {
	var pages []*site.Page
	for _, l := range c.Site.Languages {
		for _, p := range c.Site.Langs[l.Code].All {
			if c.RenderOnly == nil || c.RenderOnly(p) {
				pages = append(pages, p)
			}
		}
	}
	var idx *pageIndex
	if c.RenderCache != nil {
		idx = c.RenderCache.index(c.Site)
	} else {
		idx = newPageIndex(c.Site)
	}
	return ForEach(ctx, c.Workers, pages, func(p *site.Page) error {
		resolve := func(dest string, img bool) (markdown.Target, bool) { return idx.resolve(p, dest, img) }
		report := func(line int, isErr bool, msg string) {
			if isErr {
				c.Diags.Errorf(p.File, line, "%s", msg)
			} else {
				c.Diags.Warnf(p.File, line, "%s", msg)
			}
		}
		if c.RenderCache != nil {
			c.RenderCache.render(c, p, resolve, report)
			return nil
		}
		renderPage(c, p, resolve, report)
		return nil
	})
}

// renderPage converts one page, resolving its links and reporting its
// problems through the given functions.
func renderPage(c *Context, p *site.Page, resolve func(dest string, img bool) (markdown.Target, bool), report func(line int, isErr bool, msg string)) {
	conv := c.Converter(p.Lang)
	doc := &markdown.Doc{
		File:         p.File,
		FirstLine:    p.BodyLine,
		SummaryWords: c.Site.Config.SummaryWords,
		Resolve:      resolve,
		Report:       report,
	}
	res, err := conv.Convert(p.Body, doc)
	if err != nil {
		report(0, true, err.Error())
		return
	}
	r := &site.Rendered{Content: string(res.HTML), Summary: res.Summary, Words: res.Words, Truncated: res.Truncated}
	if s := p.FrontMatter.Summary; s != "" {
		r.Summary = markdown.EscapeText(markdown.TitleText(p.Lang, s))
		r.Truncated = true
	}
	r.ReadingTime = (res.Words + 229) / 230
	if r.ReadingTime < 1 {
		r.ReadingTime = 1
	}
	for _, h := range res.TOC {
		r.TOC = append(r.TOC, site.Heading{Level: h.Level, ID: h.ID, Text: h.Text})
	}
	p.Rendered = r
}

// pageIndex finds what a relative link in a page points to.
type pageIndex struct {
	site   *site.Site
	byFile map[string]*site.Page // content-relative source path → page
	// byResource maps a resource's content-relative path to its owners.
	byResource map[string][]*site.Page
	static     map[string]bool // content-relative paths published as they are
	sizes      *sync.Map       // abs path → [2]int
}

func newPageIndex(s *site.Site) *pageIndex {
	idx := &pageIndex{site: s, byFile: map[string]*site.Page{}, byResource: map[string][]*site.Page{}, static: map[string]bool{}, sizes: &sync.Map{}}
	for _, l := range s.Languages {
		for _, p := range s.Langs[l.Code].All {
			idx.byFile[strings.TrimPrefix(p.File, "content/")] = p
			for _, r := range p.Resources {
				k := strings.TrimPrefix(r.File, "content/")
				idx.byResource[k] = append(idx.byResource[k], p)
			}
		}
	}
	for _, st := range s.Static {
		idx.static[st.Path] = true
	}
	return idx
}

func (idx *pageIndex) resolve(p *site.Page, dest string, isImage bool) (markdown.Target, bool) {
	if strings.HasPrefix(dest, "../") && strings.Count(path.Clean(path.Join(p.Dir, dest)), "..") > 0 {
		return markdown.Target{}, false // leaves the content tree
	}
	rel := path.Clean(path.Join(p.Dir, dest))
	// A resource of the page itself (or of its book) is published beside it.
	owner := p
	if p.Kind == site.KindChapter && p.BundleDir == "" {
		owner = p.Book.Index
	}
	for _, r := range owner.Resources {
		if path.Join(owner.Dir, r.Name) == rel {
			return idx.target(owner.RelPermalink+r.Name, r.Abs, isImage), true
		}
	}
	if q, ok := idx.byFile[rel]; ok {
		// A link to a Markdown file: to the page, in the reader's language when translated.
		for _, t := range q.Translations {
			if t.Lang == p.Lang {
				q = t
			}
		}
		return markdown.Target{URL: q.RelPermalink}, true
	}
	if why, ok := idx.site.Unpublished["content/"+rel]; ok {
		return markdown.Target{Problem: "links to a page left out of this build, " + why + ": the link will be broken until it is published"}, true
	}
	if owners, ok := idx.byResource[rel]; ok {
		o := owners[0]
		for _, cand := range owners {
			if cand.Lang == p.Lang {
				o = cand
				break
			}
		}
		name := strings.TrimPrefix(rel, o.Dir+"/")
		return idx.target(o.RelPermalink+name, path.Join(idx.site.SourceDir, "content", rel), isImage), true
	}
	if idx.static[rel] {
		return idx.target(idx.site.RelURL("/"+rel), path.Join(idx.site.SourceDir, "content", rel), isImage), true
	}
	if isImage || path.Ext(rel) != "" {
		return markdown.Target{}, false
	}
	// A folder-style link (../autre-article/) is a URL, not a file: communs
	// check verifies it on the built site.
	return markdown.Target{URL: dest}, true
}

func (idx *pageIndex) target(url, abs string, isImage bool) markdown.Target {
	t := markdown.Target{URL: url}
	if isImage {
		t.Width, t.Height = idx.imageSize(abs)
	}
	return t
}

func (idx *pageIndex) imageSize(abs string) (int, int) {
	if v, ok := idx.sizes.Load(abs); ok {
		wh := v.([2]int)
		return wh[0], wh[1]
	}
	w, h := 0, 0
	if f, err := os.Open(abs); err == nil {
		if cfg, _, err := image.DecodeConfig(f); err == nil {
			w, h = cfg.Width, cfg.Height
		}
		f.Close()
	}
	idx.sizes.Store(abs, [2]int{w, h})
	return w, h
}
