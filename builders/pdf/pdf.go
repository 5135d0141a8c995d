package pdf

import (
	"context"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/cache"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/typeset"
	"github.com/communs/communs/internal/typeset/font"
	"github.com/communs/communs/internal/typeset/pdfout"
)

// Builder writes the PDFs.
type Builder struct{}

// Name implements builders.Builder.
func (Builder) Name() string { return "pdf" }

// Pages lists the pages that get a PDF: every book's front page, and every
// article whose formats contain "pdf", language by language.
func Pages(s *site.Site) []*site.Page {
	var out []*site.Page
	for _, l := range s.Languages {
		ls := s.Langs[l.Code]
		for _, b := range ls.Books {
			if b.Index != nil {
				out = append(out, b.Index)
			}
		}
		for _, p := range ls.Pages {
			if p.FrontMatter != nil && slices.Contains(p.FrontMatter.Formats, "pdf") && p.Kind != site.KindBook {
				out = append(out, p)
			}
		}
	}
	return out
}

// FileName is the PDF's name: <slug>.pdf.
func FileName(p *site.Page) string {
	slug := p.Slug
	if p.Book != nil && p.Kind == site.KindBook {
		slug = p.Book.Slug
	}
	if slug == "" {
		slug = path.Base(strings.TrimSuffix(p.Path, "/"))
	}
	if slug == "" || slug == "." || slug == "/" {
		slug = "document"
	}
	return slug + ".pdf"
}

// Build implements builders.Builder: one PDF per page, in parallel.
func (Builder) Build(ctx context.Context, c *builders.Context) error {
	return builders.ForEach(ctx, c.Workers, Pages(c.Site), func(p *site.Page) error {
		rel := c.PagePath(p) + FileName(p)
		if !c.Wants(rel) {
			return nil
		}
		data, err := Render(c, p, nil)
		if err != nil {
			c.Diags.Errorf(p.File, 0, "PDF: %v", err)
			return nil
		}
		if err := c.WriteFile(rel, data); err != nil {
			return err
		}
		if c.Downloads != nil {
			c.Downloads.Add(p, builders.Download{Kind: "pdf", URL: p.RelPermalink + FileName(p), Size: int64(len(data))})
		}
		return nil
	})
}

// Render typesets a book (its front page) or an article and returns the
// PDF. adjust, when not nil, changes the settings read from site.toml and
// the front matter (a booklet sets its paper and print layout).
func Render(c *builders.Context, p *site.Page, adjust func(*typeset.Options)) ([]byte, error) {
	return Cached(c, p, "pdf", adjust, nil, pdfout.Write)
}

// Layout typesets a book or an article into pages, reporting characters
// no font has; meta is the PDF's metadata.
func Layout(c *builders.Context, p *site.Page, adjust func(*typeset.Options)) (*typeset.Layout, pdfout.Meta, error) {
	j, err := prepare(c, p, adjust)
	if err != nil {
		return nil, pdfout.Meta{}, err
	}
	l, err := j.typeset()
	if err != nil {
		return nil, pdfout.Meta{}, err
	}
	report(c, l.Missing, l.Warnings)
	return l, j.meta, nil
}

// job is a page's document with the settings of one of its PDFs.
type job struct {
	shared *sharedDoc
	opts   typeset.Options
	meta   pdfout.Meta
}

func (j *job) typeset() (*typeset.Layout, error) {
	return typeset.Typeset(j.shared.doc, j.opts)
}

// prepare reads a page's settings and makes its document, once per
// build for the reading PDF and the booklets.
func prepare(c *builders.Context, p *site.Page, adjust func(*typeset.Options)) (*job, error) {
	opts, toc := Settings(c, p)
	if adjust != nil {
		adjust(&opts)
	}
	fs, err := font.Default()
	if err != nil {
		return nil, err
	}
	opts.Fonts = fs
	// One document for the reading PDF and the booklets, and the lines of
	// those whose text blocks agree (the reading PDF and the A5 booklet).
	shared := c.Once(sharedDocKey{p}, func() any {
		pub := builders.NewPublication(c.Site, p)
		return &sharedDoc{pub: pub, doc: document(c, pub, toc), lines: &typeset.Shared{}}
	}).(*sharedDoc)
	opts.Shared = shared.lines
	pub := shared.pub
	meta := pdfout.Meta{
		Title:    pub.Title,
		Author:   c.JoinNames(pub.Lang, pub.Authors),
		Subject:  pub.Description,
		Keywords: pub.Keywords,
		Creator:  "communs",
		Producer: "communs (internal/typeset, gopdf)",
		Lang:     pub.Lang,
		Date:     pub.Modified,
	}
	if pub.Subtitle != "" {
		meta.Title += " – " + pub.Subtitle
	}
	return &job{shared: shared, opts: opts, meta: meta}, nil
}

// report tells what typesetting could not do: characters no font has,
// words longer than a line.
func report(c *builders.Context, missing []typeset.Missing, warnings []typeset.Warning) {
	seen := map[string]bool{}
	for _, m := range missing {
		k := fmt.Sprintf("%s:%d:%d", m.File, m.Line, m.Rune)
		if seen[k] {
			continue
		}
		seen[k] = true
		c.Diags.Warnf(m.File, m.Line, "PDF: no font has the character %q (U+%04X): it is shown as an empty box", m.Rune, m.Rune)
	}
	for _, w := range warnings {
		c.Diags.Warnf(w.File, w.Line, "%s", w.Text)
	}
}

// sharedDocKey keys a page's sharedDoc in builders.Context.Once.
type sharedDocKey struct{ p *site.Page }

// sharedDoc is what the typesettings of one page share in a build.
type sharedDoc struct {
	pub   *builders.Publication
	doc   *typeset.Document
	lines *typeset.Shared

	keyOnce sync.Once
	key     cache.Key // of the document and its images, for the cache
	keyErr  error
}

// resolver turns a page's links into URLs.
type resolver struct {
	c *builders.Context
	p *site.Page
}

// link makes a link destination absolute.
func (r resolver) link(dest string) string {
	u, err := url.Parse(dest)
	if err != nil {
		return ""
	}
	if u.Scheme != "" {
		return escapeURL(dest)
	}
	base, err := url.Parse(r.p.Permalink)
	if err != nil {
		return ""
	}
	return escapeURL(base.ResolveReference(u).String())
}

// escapeURL percent-encodes what is not ASCII: PDF URIs are ASCII.
func escapeURL(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x21 || c > 0x7e {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
