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
	"slices"
	"strings"
	"sync"

	_ "golang.org/x/image/webp"

	"github.com/communs/communs/internal/fileio"
	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/shortcode"
	"github.com/communs/communs/internal/site"
	defaulttheme "github.com/communs/communs/themes/default"
)

// RenderPages converts every page's Markdown to HTML once, in parallel;
// the HTML and feed builders read the result from page.Rendered.
func RenderPages(ctx context.Context, c *Context) error {
	var pages []*site.Page
	for _, l := range c.Site.Languages {
		ls := c.Site.Langs[l.Code]
		for _, p := range slices.Concat(ls.All, ls.ListIndexes) {
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
		// A page's shortcodes depend on more than its text (templates,
		// other pages' URLs, parameters): such pages are not cached.
		if c.Preview.RenderCache != nil && !shortcode.Has(p.Body) {
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

// pageIndex finds what a relative link in a page points to. It is made
// anew for each model the preview reads, so it indexes pages, not their
// resources: a site has several times more images than pages, and a
// resource is found from its folder's pages.
type pageIndex struct {
	site   *site.Site
	byFile map[string]*site.Page // content-relative source path → page
	// byDir maps the content-relative folder of pages with resources
	// (a bundle's) to those pages, in the order of the languages.
	byDir map[string][]*site.Page
	// byOut maps the output folder of pages with resources (below the
	// site root, without the base path, "" for the root, else ending in
	// "/") to those pages, for images written from the site's root.
	byOut  map[string]*site.Page
	static map[string]string // output paths of files published as they are → their source
	// themed holds the output paths of the theme's assets.
	themed  map[string]bool
	sizes   *sync.Map // abs path → imageInfo
	readers sync.Pool // *bufio.Reader, for imageInfo
}

func newPageIndex(s *site.Site) *pageIndex {
	n := 0
	for _, l := range s.Languages {
		n += len(s.Langs[l.Code].All)
	}
	idx := &pageIndex{site: s, byFile: make(map[string]*site.Page, n), byDir: map[string][]*site.Page{}, byOut: map[string]*site.Page{},
		static: make(map[string]string, len(s.Static)), themed: map[string]bool{}, sizes: &sync.Map{}}
	for _, l := range s.Languages {
		prefix := s.Langs[l.Code].Language.Prefix
		for _, p := range s.Langs[l.Code].All {
			idx.byFile[p.ContentPath()] = p
			if len(p.Resources) == 0 {
				continue
			}
			r := p.Resources[0]
			dir := strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(r.File, p.Root()), r.Name), "/")
			idx.byDir[dir] = append(idx.byDir[dir], p)
			idx.byOut[strings.TrimPrefix(prefix+p.Path, "/")] = p
		}
	}
	for _, st := range s.Static {
		idx.static[st.Path] = st.Abs
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
				idx.themed[p] = true
			}
			return nil
		})
	}
	return idx
}

// resourceOf is the page resource named name of p, if any.
func resourceOf(p *site.Page, name string) *site.Resource {
	for _, r := range p.Resources {
		if r.Name == name {
			return r
		}
	}
	return nil
}

// owners are the pages (each language's) whose resource is the file rel
// (content-relative), looked for in rel's folder and the folders above.
func (idx *pageIndex) owners(rel string) []*site.Page {
	for dir := path.Dir(rel); ; dir = path.Dir(dir) {
		if dir == "." {
			dir = ""
		}
		if pages, ok := idx.byDir[dir]; ok {
			name := strings.TrimPrefix(strings.TrimPrefix(rel, dir), "/")
			var out []*site.Page
			for _, p := range pages {
				if resourceOf(p, name) != nil {
					out = append(out, p)
				}
			}
			return out // the nearest bundle holds its folders: none above
		}
		if dir == "" {
			return nil
		}
	}
}

// publishedAt is the source of the file published at out (below the
// site root, without the base path) as it is: a static file, a page's
// resource or a theme's asset ("" for an embedded asset); ok is false
// when nothing is published there.
func (idx *pageIndex) publishedAt(out string) (file string, ok bool) {
	if abs, ok := idx.static[out]; ok {
		return abs, true
	}
	for i := len(out) - 1; i >= -1; i-- {
		if i >= 0 && out[i] != '/' {
			continue
		}
		if p, found := idx.byOut[out[:i+1]]; found {
			if r := resourceOf(p, out[i+1:]); r != nil {
				return r.Abs, true
			}
		}
	}
	return "", idx.themed[out]
}

func (idx *pageIndex) resolve(p *site.Page, dest string, isImage bool) (markdown.Target, bool) {
	if strings.HasPrefix(dest, "/") {
		// An image written from the site's root (Doc.SiteRootImages): is
		// a file published there? The base URL's path may be written.
		rel := strings.TrimPrefix(path.Clean(dest), "/")
		base := strings.TrimPrefix(idx.site.Config.Base.Path, "/")
		file, ok := idx.publishedAt(rel)
		if !ok && base != "" && strings.HasPrefix(rel, base) {
			file, ok = idx.publishedAt(strings.TrimPrefix(strings.TrimPrefix(rel, base), "/"))
		}
		if ok {
			// A static file or a page's resource: the EPUB and the PDF
			// carry it too.
			return markdown.Target{URL: dest, File: file}, true
		}
		return markdown.Target{}, false
	}
	if strings.HasPrefix(dest, "../") && strings.Count(path.Clean(path.Join(p.Dir, dest)), "..") > 0 {
		if !isImage && strings.HasSuffix(dest, "/") && path.Ext(strings.TrimSuffix(dest, "/")) == "" {
			// ../other/ from a page at /fr/x/: a URL, which the reader's
			// browser takes from the page's, as Hugo leaves it.
			return markdown.Target{URL: dest}, true
		}
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
	if why, ok := idx.site.Unpublished[p.Root()+rel]; ok {
		return markdown.Target{Problem: "links to a page left out of this build, " + why + ": the link will be broken until it is published"}, true
	}
	if owners := idx.owners(rel); len(owners) > 0 {
		o := owners[0]
		for _, cand := range owners {
			if cand.Lang == p.Lang {
				o = cand
				break
			}
		}
		name := strings.TrimPrefix(rel, o.Dir+"/")
		return idx.target(o.RelPermalink+name, path.Join(idx.site.SourceDir, o.Root(), rel), isImage), true
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
