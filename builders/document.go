package builders

import (
	"slices"

	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/site"
)

// documentKey keys a page's Document in Context.Once.
type documentKey struct{ p *site.Page }

// Document is page p's Markdown read, once per build whichever outputs
// render it: the render stage's when it kept it (p.Rendered.Doc), else
// read now. The render stage reported its problems already (or its cache
// replayed them): a page it saw is read again without reporting them.
func (c *Context) Document(p *site.Page) *markdown.Document {
	if r := p.Rendered; r != nil && r.Doc != nil {
		return r.Doc
	}
	quiet := p.Rendered != nil
	return c.Once(documentKey{p}, func() any {
		idx := c.linkIndex()
		resolve := func(dest string, img bool) (markdown.Target, bool) { return idx.resolve(p, dest, img) }
		report := c.reporter(p)
		if quiet {
			report = func(int, bool, string) {}
		}
		return c.read(p, resolve, report)
	}).(*markdown.Document)
}

// read parses a page's Markdown, resolving its links and reporting its
// problems through the given functions.
func (c *Context) read(p *site.Page, resolve func(dest string, img bool) (markdown.Target, bool), report func(line int, isErr bool, msg string)) *markdown.Document {
	return c.Converter(p.Lang).Reader().Read(p.Body, &markdown.Doc{
		File:         p.File,
		FirstLine:    p.BodyLine,
		SummaryWords: c.Site.Config.SummaryWords,
		Resolve:      resolve,
		// Images written from the site's root are checked too.
		SiteRootImages: true,
		Report:         report,
		Shortcodes:     c.shortcodeHost(p, report),
		HTMLBody:       p.IsHTML(),
		EPUB:           inEPUB(p),
		PDF:            inPDF(p),
	})
}

// reporter reports a page's problems in the build's list. In a Hugo
// site, someone else's text, a broken link or a missing image is a
// warning (an error with --strict), as Hugo would build the site.
func (c *Context) reporter(p *site.Page) func(line int, isErr bool, msg string) {
	lenient := c.Site.Config.FromHugo()
	return func(line int, isErr bool, msg string) {
		if lenient {
			isErr = false
		}
		if isErr {
			c.Diags.Errorf(p.File, line, "%s", msg)
		} else {
			c.Diags.Warnf(p.File, line, "%s", msg)
		}
	}
}

// linkIndex is the index the build resolves links with.
func (c *Context) linkIndex() *pageIndex {
	if c.Preview.RenderCache != nil {
		return c.Preview.RenderCache.index(c.Site)
	}
	return c.Once(linkIndexKey{}, func() any { return newPageIndex(c.Site) }).(*pageIndex)
}

type linkIndexKey struct{}

// Reads counts the Markdown texts read so far by this build.
func (c *Context) Reads() int64 {
	var n int64
	for _, l := range c.Site.Languages {
		n += c.Converter(l.Code).Reader().Reads()
	}
	return n
}

// KeepsDocument tells whether a page's Document is rendered again after
// the HTML: a book's pages, and the articles that get an EPUB or a PDF.
func KeepsDocument(p *site.Page) bool { return inEPUB(p) || inPDF(p) }

// inEPUB and inPDF tell whether a page is in an EPUB, a PDF: a book's
// pages are in both, an article when its formats ask.
func inEPUB(p *site.Page) bool { return inBook(p) || hasFormat(p, "epub") }
func inPDF(p *site.Page) bool  { return inBook(p) || hasFormat(p, "pdf") }

func inBook(p *site.Page) bool {
	return p.Book != nil || p.Kind == site.KindBook || p.Kind == site.KindChapter
}

func hasFormat(p *site.Page, f string) bool {
	return p.FrontMatter != nil && slices.Contains(p.FrontMatter.Formats, f)
}
