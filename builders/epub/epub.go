package epub

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/site"
)

// Builder writes the EPUBs of a build. It runs before the HTML builder,
// which lists the files it records in Context.Downloads.
type Builder struct{}

// Name implements builders.Builder.
func (Builder) Name() string { return "epub" }

// Build writes <slug>.epub beside each book's landing page and each article
// whose formats contain "epub", in every language they exist in.
func (Builder) Build(ctx context.Context, c *builders.Context) error {
	return Write(ctx, c, Publications(c.Site))
}

// Publication is the text of one EPUB: a book (its landing page and
// chapters) or an article.
type Publication struct {
	// Page is the book's landing page (content/books/<slug>/_index.md) or
	// the article: it gives the metadata and where the file goes.
	Page *site.Page
	// Chapters are a book's chapters in order; nil for an article.
	Chapters []*site.Page
}

// ForBook is a book's publication.
func ForBook(b *site.Book) *Publication { return &Publication{Page: b.Index, Chapters: b.Chapters} }

// ForArticle is an article's publication.
func ForArticle(p *site.Page) *Publication { return &Publication{Page: p} }

// IsBook tells a book from an article.
func (pub *Publication) IsBook() bool { return pub.Chapters != nil || pub.Page.Kind == site.KindBook }

// Publications lists what a build turns into EPUBs: every book, and every
// page whose front matter formats contain "epub", language by language.
func Publications(s *site.Site) []*Publication {
	var pubs []*Publication
	for _, l := range s.Languages {
		ls := s.Langs[l.Code]
		for _, b := range ls.Books {
			if b.Index != nil {
				pubs = append(pubs, ForBook(b))
			}
		}
		for _, p := range ls.Pages {
			if p.FrontMatter != nil && slices.Contains(p.FrontMatter.Formats, "epub") && p.Kind != site.KindBook {
				pubs = append(pubs, ForArticle(p))
			}
		}
	}
	return pubs
}

// FileName is the EPUB's name: <slug>.epub.
func (pub *Publication) FileName() string {
	slug := pub.Page.Slug
	if slug == "" {
		slug = path.Base(strings.TrimSuffix(pub.Page.Path, "/"))
	}
	if slug == "" || slug == "." || slug == "/" {
		slug = "book"
	}
	return slug + ".epub"
}

// Write makes the EPUB of every publication in parallel, writes each in its
// page's output folder and records it in c.Downloads. A publication that
// cannot be made is reported in c.Diags; the others are still written.
func Write(ctx context.Context, c *builders.Context, pubs []*Publication) error {
	m := NewMaker(c)
	return builders.ForEach(ctx, c.Workers, pubs, func(pub *Publication) error {
		data, err := m.Make(pub)
		if err != nil {
			c.Diags.Errorf(pub.Page.File, 0, "EPUB: %v", err)
			return nil
		}
		name := pub.FileName()
		if err := c.WriteFile(c.PagePath(pub.Page)+name, data); err != nil {
			return err
		}
		if c.Downloads != nil {
			c.Downloads.Add(pub.Page, builders.Download{Kind: "epub", URL: pub.Page.RelPermalink + name, Size: int64(len(data))})
		}
		return nil
	})
}

// Maker makes EPUBs for one build. It is safe for concurrent use.
type Maker struct {
	c   *builders.Context
	idx *index

	convMu sync.Mutex
	convs  map[string]*markdown.XHTML
	pics   sync.Map // abs path → *picture
	css    string
	// embedFont puts the body font in every EPUB ([epub] embedFont).
	embedFont bool
}

// NewMaker prepares the site-wide indexes EPUBs need.
func NewMaker(c *builders.Context) *Maker {
	m := &Maker{c: c, idx: newIndex(c.Site), convs: map[string]*markdown.XHTML{}, css: stylesheetOnce(), embedFont: wantsFont(c)}
	if m.embedFont {
		m.css += fontCSS()
	}
	return m
}

func (m *Maker) converter(lang string) *markdown.XHTML {
	m.convMu.Lock()
	defer m.convMu.Unlock()
	x, ok := m.convs[lang]
	if !ok {
		x = markdown.NewXHTML(lang, m.c.Site.Config.Base)
		m.convs[lang] = x
	}
	return x
}

func (m *Maker) picture(abs string) *picture {
	if v, ok := m.pics.Load(abs); ok {
		return v.(*picture)
	}
	v, _ := m.pics.LoadOrStore(abs, loadPicture(abs))
	return v.(*picture)
}

// Make returns the bytes of a publication's EPUB.
func (m *Maker) Make(pub *Publication) ([]byte, error) {
	if pub.Page == nil {
		return nil, fmt.Errorf("a publication without a page")
	}
	b := newBook(m, pub)
	if err := b.convert(); err != nil {
		return nil, err
	}
	files := b.assemble()
	var out bytes.Buffer
	if err := writeZip(&out, files, b.modified); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// index finds what a relative link of a page points to, as the render
// stage does, for the EPUB.
type index struct {
	s          *site.Site
	byFile     map[string]*site.Page   // content-relative source path → page
	byResource map[string][]*site.Page // content-relative resource path → owners
	static     map[string]string       // output path → source file
}

func newIndex(s *site.Site) *index {
	idx := &index{s: s, byFile: map[string]*site.Page{}, byResource: map[string][]*site.Page{}, static: map[string]string{}}
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
		idx.static[st.Path] = st.Abs
	}
	return idx
}

// resolve maps a link or image of page p to the EPUB: images into the
// package, links to the book's own documents when they are in it, other
// links to absolute URLs (an EPUB has no site around it).
func (b *book) resolve(p *site.Page, dest string, isImage bool) (markdown.Target, bool) {
	idx := b.m.idx
	s := idx.s
	if strings.HasPrefix(dest, "../") && strings.Count(path.Clean(path.Join(p.Dir, dest)), "..") > 0 {
		return markdown.Target{}, false
	}
	rel := path.Clean(path.Join(p.Dir, dest))
	owner := p
	if p.Kind == site.KindChapter && p.BundleDir == "" && p.Book != nil && p.Book.Index != nil {
		owner = p.Book.Index
	}
	for _, r := range owner.Resources {
		if path.Join(owner.Dir, r.Name) == rel {
			if isImage {
				return b.image(r.Abs)
			}
			return markdown.Target{URL: owner.Permalink + r.Name}, true
		}
	}
	if q, ok := idx.byFile[rel]; ok {
		for _, t := range q.Translations {
			if t.Lang == p.Lang {
				q = t
			}
		}
		if href, ok := b.docOf[q]; ok {
			return markdown.Target{URL: href}, true
		}
		return markdown.Target{URL: q.Permalink}, true
	}
	if why, ok := s.Unpublished["content/"+rel]; ok {
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
		if isImage {
			return b.image(path.Join(s.SourceDir, "content", rel))
		}
		return markdown.Target{URL: o.Permalink + strings.TrimPrefix(rel, o.Dir+"/")}, true
	}
	if abs, ok := idx.static[rel]; ok {
		if isImage {
			// static/ files are not in content/: their own path.
			return b.image(abs)
		}
		return markdown.Target{URL: s.AbsURL("/" + rel)}, true
	}
	if isImage || path.Ext(rel) != "" {
		return markdown.Target{}, false
	}
	// A folder-style link (../autre-article/): a URL relative to the page.
	if base, err := url.Parse(p.Permalink); err == nil {
		if u, err := url.Parse(dest); err == nil {
			return markdown.Target{URL: base.ResolveReference(u).String()}, true
		}
	}
	return markdown.Target{URL: dest}, true
}

// image packages an image file and returns its place in the package.
func (b *book) image(abs string) (markdown.Target, bool) {
	pic := b.m.picture(abs)
	if pic.problem != "" {
		return markdown.Target{Problem: pic.problem}, true
	}
	im := b.images.add(abs, pic)
	return markdown.Target{URL: im.href, Width: pic.w, Height: pic.h}, true
}
