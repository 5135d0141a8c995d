package builders

import (
	"bufio"
	"context"
	"fmt"
	"image"
	_ "image/gif" // image sizes of GIF figures
	_ "image/jpeg"
	_ "image/png"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	_ "golang.org/x/image/webp"

	"github.com/communs/communs/internal/fileio"
	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/site"
	defaulttheme "github.com/communs/communs/themes/default"
)

// RenderPages converts every page's Markdown to HTML once, in parallel;
// the HTML and feed builders read the result from page.Rendered.
func RenderPages(ctx context.Context, c *Context) error {
	var pages []*site.Page
	for _, l := range c.Site.Languages {
		for _, p := range c.Site.Langs[l.Code].All {
			if c.Preview.RenderOnly == nil || c.Preview.RenderOnly(p) {
				pages = append(pages, p)
			}
		}
	}
	if c.Preview.RenderCache == nil && c.Cache != nil {
		c.Preview.RenderCache = &RenderCache{diskOnly: true} // reads and fills the cache on disk
	}
	idx := c.linkIndex()
	return ForEach(ctx, c.Workers, pages, func(p *site.Page) error {
		resolve := func(dest string, img bool) (markdown.Target, bool) { return idx.resolve(p, dest, img) }
		report := c.reporter(p)
		if c.Preview.RenderCache != nil {
			c.Preview.RenderCache.render(c, p, resolve, report)
			return nil
		}
		renderPage(c, p, resolve, report)
		return nil
	})
}

// renderPage reads one page and writes its HTML, resolving its links and
// reporting its problems through the given functions. The pages that
// other outputs render keep their Document.
func renderPage(c *Context, p *site.Page, resolve func(dest string, img bool) (markdown.Target, bool), report func(line int, isErr bool, msg string)) {
	d := c.read(p, resolve, report)
	html, err := c.Converter(p.Lang).HTML(d)
	if err != nil {
		report(0, true, err.Error())
		return
	}
	r := &site.Rendered{Content: string(html), Summary: d.Summary, Words: d.Words, Truncated: d.Truncated}
	if KeepsDocument(p) {
		r.Doc = d
	}
	if s := p.FrontMatter.Summary; s != "" {
		r.Summary = markdown.EscapeText(markdown.TitleText(p.Lang, s))
		r.Truncated = true
	}
	r.ReadingTime = (d.Words + 229) / 230
	if r.ReadingTime < 1 {
		r.ReadingTime = 1
	}
	for _, h := range d.TOC {
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
	static     map[string]string // output paths of files published as they are → their source
	// published holds the output paths (below the site root, without
	// the base path) of the files copied as they are: static files and
	// every page's resources, to check images written from the root.
	published map[string]bool
	// resourceAt maps the output path of each page resource (as
	// published) to its file, for images written from the site's root.
	resourceAt map[string]string
	sizes      *sync.Map // abs path → imageInfo
	readers    sync.Pool // *bufio.Reader, for imageInfo
}

func newPageIndex(s *site.Site) *pageIndex {
	idx := &pageIndex{site: s, byFile: map[string]*site.Page{}, byResource: map[string][]*site.Page{}, static: map[string]string{}, published: map[string]bool{}, resourceAt: map[string]string{}, sizes: &sync.Map{}}
	for _, l := range s.Languages {
		prefix := s.Langs[l.Code].Language.Prefix
		for _, p := range s.Langs[l.Code].All {
			idx.byFile[strings.TrimPrefix(p.File, "content/")] = p
			for _, r := range p.Resources {
				k := strings.TrimPrefix(r.File, "content/")
				idx.byResource[k] = append(idx.byResource[k], p)
				out := strings.TrimPrefix(prefix+p.Path+r.Name, "/")
				idx.published[out] = true
				idx.resourceAt[out] = r.Abs
			}
		}
	}
	for _, st := range s.Static {
		idx.static[st.Path] = st.Abs
		idx.published[st.Path] = true
	}
	// The theme's assets too (its logo, say).
	statics := []fs.FS{}
	if sub, err := fs.Sub(defaulttheme.Files, "static"); err == nil {
		statics = append(statics, sub)
	}
	if s.Config.Theme != "" {
		statics = append(statics, os.DirFS(filepath.Join(s.SourceDir, "themes", s.Config.Theme, "static")))
	}
	for _, fsys := range statics {
		_ = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				idx.published[p] = true
			}
			return nil
		})
	}
	return idx
}

func (idx *pageIndex) resolve(p *site.Page, dest string, isImage bool) (markdown.Target, bool) {
	if strings.HasPrefix(dest, "/") {
		// An image written from the site's root (Doc.SiteRootImages): is
		// a file published there? The base URL's path may be written.
		rel := strings.TrimPrefix(path.Clean(dest), "/")
		base := strings.TrimPrefix(idx.site.Config.Base.Path, "/")
		if base != "" && !idx.published[rel] && strings.HasPrefix(rel, base) {
			rel = strings.TrimPrefix(strings.TrimPrefix(rel, base), "/")
		}
		if idx.published[rel] {
			// A static file or a page's resource: the EPUB and the PDF
			// carry it too.
			file := idx.static[rel]
			if file == "" {
				file = idx.resourceAt[rel]
			}
			return markdown.Target{URL: dest, File: file}, true
		}
		return markdown.Target{}, false
	}
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
		return markdown.Target{URL: q.RelPermalink, Page: q.File}, true
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
	if abs, ok := idx.static[rel]; ok {
		return idx.target(idx.site.RelURL("/"+rel), abs, isImage), true
	}
	if isImage || path.Ext(rel) != "" {
		return markdown.Target{}, false
	}
	// A folder-style link (../autre-article/) is a URL, not a file: communs
	// check verifies it on the built site.
	return markdown.Target{URL: dest}, true
}

func (idx *pageIndex) target(url, abs string, isImage bool) markdown.Target {
	t := markdown.Target{URL: url, File: abs}
	if isImage {
		info := idx.imageInfo(abs)
		t.Width, t.Height, t.Damaged = info.w, info.h, info.damaged
	}
	return t
}

// imageInfo is what the render stage learns of an image file.
type imageInfo struct {
	w, h    int
	damaged string // why readers would see a broken image
}

// decodedFormats are the image formats whose size is read, by extension:
// a file of these that cannot be decoded is damaged.
var decodedFormats = map[string]string{".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WebP"}

func (idx *pageIndex) imageInfo(abs string) imageInfo {
	if v, ok := idx.sizes.Load(abs); ok {
		return v.(imageInfo)
	}
	var info imageInfo
	if f, err := fileio.Open(abs); err == nil {
		// A small reader of our own: DecodeConfig would allocate 4 KiB
		// for every image of the site to read a few bytes of each.
		br, _ := idx.readers.Get().(*bufio.Reader)
		if br == nil {
			br = bufio.NewReaderSize(f, 512)
		} else {
			br.Reset(f)
		}
		defer idx.readers.Put(br)
		if cfg, _, err := image.DecodeConfig(br); err == nil {
			info.w, info.h = cfg.Width, cfg.Height
		} else if st, serr := os.Stat(abs); serr == nil && st.Size() == 0 {
			info.damaged = "is an empty file (0 bytes): readers would see a broken image; export the image again"
		} else if name, ok := decodedFormats[strings.ToLower(path.Ext(abs))]; ok {
			info.damaged = fmt.Sprintf("cannot be read as a %s image (%v): the file is damaged or in another format; export the image again", name, err)
		}
		f.Close()
	}
	idx.sizes.Store(abs, info)
	return info
}
