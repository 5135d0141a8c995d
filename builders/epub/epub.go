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
	return Write(ctx, c, wanted(c, Publications(c.Site)))
}

// Publications lists what a build turns into EPUBs: every book, and every
// page whose front matter formats contain "epub", language by language.
func Publications(s *site.Site) []*builders.Publication {
	var pubs []*builders.Publication
	for _, l := range s.Languages {
		ls := s.Langs[l.Code]
		for _, b := range ls.Books {
			if b.Index != nil {
				pubs = append(pubs, builders.NewPublication(s, b.Index))
			}
		}
		for _, p := range ls.Pages {
			if p.FrontMatter != nil && slices.Contains(p.FrontMatter.Formats, "epub") && p.Kind != site.KindBook {
				pubs = append(pubs, builders.NewPublication(s, p))
			}
		}
	}
	return pubs
}

// FileName is a publication's EPUB's name: <slug>.epub.
func FileName(pub *builders.Publication) string {
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
func Write(ctx context.Context, c *builders.Context, pubs []*builders.Publication) error {
	m := NewMaker(c)
	return builders.ForEach(ctx, c.Workers, pubs, func(pub *builders.Publication) error {
		data, err := m.Make(pub)
		if err != nil {
			c.Diags.Errorf(pub.Page.File, 0, "EPUB: %v", err)
			return nil
		}
		name := FileName(pub)
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
	c    *builders.Context
	pics sync.Map // abs path → *picture
	css  string
	// embedFont puts the body font in every EPUB ([epub] embedFont).
	embedFont bool
}

// NewMaker prepares what the EPUBs of a build share.
func NewMaker(c *builders.Context) *Maker {
	m := &Maker{c: c, css: stylesheetOnce(), embedFont: wantsFont(c)}
	if m.embedFont {
		m.css += fontCSS()
	}
	return m
}

func (m *Maker) picture(abs string) *picture {
	if v, ok := m.pics.Load(abs); ok {
		return v.(*picture)
	}
	v, _ := m.pics.LoadOrStore(abs, loadPicture(abs))
	return v.(*picture)
}

// Make returns the bytes of a publication's EPUB.
func (m *Maker) Make(pub *builders.Publication) ([]byte, error) {
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

// href is where a link of page p leads in the EPUB: to the book's own
// documents when it names one of its pages, else to an absolute URL, as
// an EPUB has no site around it. dest is the link's destination (the
// site's URL of what it names, or as written), l what it resolved to.
func (b *book) href(p *site.Page, dest string, l *markdown.Link) string {
	if l != nil && l.Page != "" {
		if href, ok := b.docOfFile[l.Page]; ok {
			return href + l.Fragment
		}
	}
	if dest == "" || dest[0] == '#' {
		return dest
	}
	u, err := url.Parse(dest)
	if err != nil || u.Scheme != "" {
		return dest
	}
	// From the site's root, or relative to the page ("../autre-article/").
	base, err := url.Parse(p.Permalink)
	if err != nil {
		return markdown.AbsoluteFromRoot(b.c.Site.Config.Base, dest)
	}
	return base.ResolveReference(u).String()
}

// packImage puts an image of page p in the package, when it names a file
// the package can hold: its href there and its pixel size.
func (b *book) packImage(p *site.Page, img markdown.ImageRef) (string, int, int, bool) {
	if img.Link == nil || img.Link.File == "" || img.Link.Problem != "" {
		return "", 0, 0, false // reported by the reader, if at all
	}
	pic := b.m.picture(img.Link.File)
	if pic.problem != "" {
		if img.Link.Damaged == "" { // else the reader reported it
			b.c.Diags.Warnf(p.File, img.Line, "%q %s", img.Link.Written, pic.problem)
		}
		return "", 0, 0, false
	}
	im := b.images.add(img.Link.File, pic)
	return im.href, pic.w, pic.h, true
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
