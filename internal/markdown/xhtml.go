package markdown

import (
	"bytes"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// XHTMLWriter renders Documents as the XHTML of EPUB 3 content
// documents: the HTML writer's figures, highlighted code and typography,
// with
//
//   - footnotes as EPUB notes: <a epub:type="noteref"> calls and
//     <aside epub:type="footnote"> notes with a link back, ids that are XML
//     names (fn-1, fnref-1), each note's number at its start;
//   - images only when they are in the package (XHTMLOptions.Image): the
//     others are replaced by their alternative text (a link to a remote
//     image);
//   - links where XHTMLOptions.Link sends them, as an EPUB has no site
//     around it;
//   - table alignment as style, not the obsolete align attribute;
//   - raw HTML that is not well-formed XML (<br>, &nbsp;) repaired.
//
// The body needs the epub namespace declared on its document's root
// (xmlns:epub="http://www.idpf.org/2007/ops"). It is safe for concurrent
// use, and only reads the documents it renders.
type XHTMLWriter struct {
	lang   string
	french bool
	hl     *Highlighter
}

// NewXHTMLWriter sets up the EPUB writer of a language.
func NewXHTMLWriter(lang string) *XHTMLWriter {
	return &XHTMLWriter{lang: lang, french: IsFrench(lang), hl: NewHighlighter()}
}

// XHTMLOptions tell the writer where a document's images and links go.
type XHTMLOptions struct {
	// Image places an image in the package: its href there and its pixel
	// size (0 when unknown); ok is false when the package cannot hold it.
	// Nil keeps no image.
	Image func(img ImageRef) (href string, width, height int, ok bool)
	// Link is the href of a link: dest is the node's destination (the
	// site's URL of what it names, or as written), l what it resolved to,
	// nil when it names no file or page of the site. Nil keeps dest.
	Link func(dest string, l *Link) string
}

// ImageRef is an image of a document, as XHTMLOptions.Image sees it.
type ImageRef struct {
	Dest string // the node's destination
	Link *Link  // what it resolved to, nil when it names no file of the site
	Line int
	Alt  string
}

// XHTMLResult is a rendered page.
type XHTMLResult struct {
	*Result
	// Images counts the images kept in the text, NoAlt those of them
	// without alternative text.
	Images, NoAlt int
	// Dropped counts the images replaced by their alternative text.
	Dropped int
	// Repaired tells that raw HTML had to be re-serialised as XML.
	Repaired bool
}

// NoteRefID and NoteID are the ids of a footnote's call and of the note
// (1-based index).
func NoteRefID(i int) string { return "fnref-" + strconv.Itoa(i) }
func NoteID(i int) string    { return "fn-" + strconv.Itoa(i) }

// Render writes a document as an XHTML fragment.
func (x *XHTMLWriter) Render(d *Document, o XHTMLOptions) (*XHTMLResult, error) {
	st := &xhtmlRenderer{doc: d, o: o}
	// A renderer per document: its node renderers hold the document's
	// options. goldmark.New is the one list of extensions the reader
	// parses with; its parser is not used.
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM),
		goldmark.WithExtensions(extensions(x.french)...),
		goldmark.WithRendererOptions(html.WithUnsafe(), html.WithXHTML(),
			extension.WithTableCellAlignMethod(extension.TableCellAlignStyle),
			renderer.WithNodeRenderers(
				util.Prioritized(&nodeRenderer{xhtml: true, lang: x.lang, hl: x.hl}, 100),
				util.Prioritized(st, 10),
			)),
	)
	res := &XHTMLResult{Result: &Result{Summary: d.Summary, Truncated: d.Truncated, Words: d.Words, TOC: d.TOC}}
	var buf bytes.Buffer
	buf.Grow(len(d.Source) + len(d.Source)/3)
	if err := md.Renderer().Render(&buf, d.Source, d.Root); err != nil {
		return nil, fmt.Errorf("%s: rendering Markdown: %w", d.File, err)
	}
	res.HTML = buf.Bytes()
	// What goldmark writes is well-formed; raw HTML may not be, nor
	// control characters (&#1; or a form feed in the text).
	if d.RawHTML || hasControl(res.HTML) {
		res.HTML, res.Repaired = FixXHTML(res.HTML)
	}
	res.Images, res.NoAlt, res.Dropped = st.images, st.noAlt, st.dropped
	return res, nil
}

// XHTML converts Markdown into EPUB XHTML in one step, for a text whose
// Doc.Resolve gives package hrefs: the reader, then the writer keeping
// the images Resolve placed and making links from the site's root
// absolute against base.
type XHTML struct {
	reader *Reader
	writer *XHTMLWriter
	base   *url.URL
}

// NewXHTML sets up the one-step EPUB converter of a language. base
// resolves links written from the site's root; it may be nil.
func NewXHTML(lang string, base *url.URL) *XHTML {
	return &XHTML{reader: NewReader(lang), writer: NewXHTMLWriter(lang), base: base}
}

// Convert turns a page's Markdown body into an XHTML fragment.
func (x *XHTML) Convert(src []byte, doc *Doc) (*XHTMLResult, error) {
	d := x.reader.Read(src, doc)
	return x.writer.Render(d, XHTMLOptions{
		Image: func(img ImageRef) (string, int, int, bool) {
			if l := img.Link; l != nil && l.URL != "" && l.Problem == "" {
				return l.URL, l.Width, l.Height, true
			}
			return "", 0, 0, false
		},
		Link: func(dest string, _ *Link) string { return AbsoluteFromRoot(x.base, dest) },
	})
}

// hasControl tells whether b holds a C0 control character XML refuses.
func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return true
		}
	}
	return false
}

// AbsoluteFromRoot resolves a destination written from the site's root
// ("/about/") against base; others are kept.
func AbsoluteFromRoot(base *url.URL, dest string) string {
	if base == nil || dest == "" || dest[0] != '/' {
		return dest
	}
	u, err := url.Parse(dest)
	if err != nil {
		return dest
	}
	return base.ResolveReference(u).String()
}

// xhtmlRenderer renders what differs in EPUB: notes, images and links,
// and the number at the start of each note. It counts the images.
type xhtmlRenderer struct {
	doc                    *Document
	o                      XHTMLOptions
	images, noAlt, dropped int
}

func (r *xhtmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindFootnoteLink, r.renderNoteRef)
	reg.Register(extast.KindFootnoteBacklink, r.renderBacklink)
	reg.Register(extast.KindFootnote, r.renderNote)
	reg.Register(extast.KindFootnoteList, r.renderNotes)
	reg.Register(ast.KindParagraph, r.renderParagraph)
	reg.Register(ast.KindImage, r.renderImage)
	reg.Register(ast.KindLink, r.renderLink)
	reg.Register(ast.KindRawHTML, r.renderRawHTML)
	reg.Register(ast.KindHTMLBlock, r.renderHTMLBlock)
}

// renderRawHTML and renderHTMLBlock write raw HTML without the elements
// no EPUB holds (see withoutPackageless), which the reader reported.
func (r *xhtmlRenderer) renderRawHTML(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		writeRaw(w, withoutPackageless(rawSegments(node.(*ast.RawHTML), src)))
	}
	return ast.WalkSkipChildren, nil
}

func (r *xhtmlRenderer) renderHTMLBlock(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		writeRaw(w, withoutPackageless(htmlBlockText(node.(*ast.HTMLBlock), src)))
	}
	return ast.WalkContinue, nil
}

// writeRaw writes raw HTML as goldmark does: NUL characters replaced.
func writeRaw(w util.BufWriter, b []byte) {
	_, _ = w.Write(bytes.ReplaceAll(b, []byte{0}, []byte("\ufffd")))
}

func refID(index, refIndex int) string {
	id := NoteRefID(index)
	if refIndex > 0 {
		id += "-" + strconv.Itoa(refIndex+1)
	}
	return id
}

func (r *xhtmlRenderer) renderNoteRef(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*extast.FootnoteLink)
		is := strconv.Itoa(n.Index)
		fmt.Fprintf(w, `<sup><a epub:type="noteref" role="doc-noteref" href="#%s" id="%s">%s</a></sup>`, NoteID(n.Index), refID(n.Index, n.RefIndex), is)
	}
	return ast.WalkContinue, nil
}

func (r *xhtmlRenderer) renderBacklink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		n := node.(*extast.FootnoteBacklink)
		fmt.Fprintf(w, "\u00a0<a href=\"#%s\" role=\"doc-backlink\">↩\ufe0e</a>", refID(n.Index, n.RefIndex))
	}
	return ast.WalkContinue, nil
}

func (r *xhtmlRenderer) renderNote(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*extast.Footnote)
	if entering {
		fmt.Fprintf(w, "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"%s\">\n", NoteID(n.Index))
		if _, ok := n.FirstChild().(*ast.Paragraph); !ok {
			// A note that starts with a list: its number in a paragraph of its own.
			_, _ = w.WriteString("<p>")
			writeNoteNumber(w, n.Index)
			_, _ = w.WriteString("</p>\n")
		}
	} else {
		_, _ = w.WriteString("</aside>\n")
	}
	return ast.WalkContinue, nil
}

func (r *xhtmlRenderer) renderNotes(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		_, _ = w.WriteString("<section class=\"footnotes\" epub:type=\"footnotes\">\n")
	} else {
		_, _ = w.WriteString("</section>\n")
	}
	return ast.WalkContinue, nil
}

// writeNoteNumber shows a note's number inside the note, for readers that
// show notes in place rather than in a pop-up.
func writeNoteNumber(w util.BufWriter, index int) {
	fmt.Fprintf(w, "<span class=\"note-number\">%d.</span>\u00a0", index)
}

// renderParagraph is goldmark's, with a note's number at the start of
// the note's first paragraph.
func (r *xhtmlRenderer) renderParagraph(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</p>\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("<p")
	if node.Attributes() != nil {
		html.RenderAttributes(w, node, html.ParagraphAttributeFilter)
	}
	_ = w.WriteByte('>')
	if f, ok := node.Parent().(*extast.Footnote); ok && f.FirstChild() == node {
		writeNoteNumber(w, f.Index)
	}
	return ast.WalkContinue, nil
}

func (r *xhtmlRenderer) renderLink(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		_, _ = w.WriteString("</a>")
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Link)
	_, _ = w.WriteString(`<a href="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(r.href(n)), true)))
	_ = w.WriteByte('"')
	if n.Title != nil {
		_, _ = w.WriteString(` title="`)
		_, _ = w.Write(util.EscapeHTML(n.Title))
		_ = w.WriteByte('"')
	}
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.LinkAttributeFilter)
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

// inLink tells whether a node is inside a link: no link may be in it.
func inLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == ast.KindLink {
			return true
		}
	}
	return false
}

// href is where a link (or a remote image) leads in the EPUB.
func (r *xhtmlRenderer) href(n ast.Node) string {
	var dest string
	switch n := n.(type) {
	case *ast.Link:
		dest = string(n.Destination)
	case *ast.Image:
		dest = string(n.Destination)
	}
	if r.o.Link == nil {
		return dest
	}
	var l *Link
	if v, ok := r.doc.Links[n]; ok {
		l = &v
	}
	return r.o.Link(dest, l)
}

func (r *xhtmlRenderer) renderImage(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	alt := altText(n, src)
	ref := ImageRef{Dest: string(n.Destination), Line: r.doc.Line(n), Alt: alt}
	if v, ok := r.doc.Links[n]; ok {
		ref.Link = &v
	}
	if r.o.Image != nil {
		if href, width, height, ok := r.o.Image(ref); ok {
			r.images++
			if alt == "" {
				r.noAlt++
			}
			writeImageTag(w, []byte(href), alt, n.Title)
			for _, a := range []struct {
				name string
				v    int
			}{{"width", width}, {"height", height}} {
				if a.v > 0 {
					fmt.Fprintf(w, ` %s="%d"`, a.name, a.v)
				}
			}
			_, _ = w.WriteString(" />")
			return ast.WalkSkipChildren, nil
		}
	}
	// Not in the package: a remote image becomes a link to it, named by
	// its description; a missing one its description.
	r.dropped++
	dest := ref.Dest
	if ref.Link == nil && !IsRelative(dest) && dest != "" && dest[0] != '#' && !inLink(n) {
		if alt == "" {
			alt = dest
		}
		_, _ = w.WriteString(`<a href="`)
		_, _ = w.Write(util.EscapeHTML(util.URLEscape([]byte(r.href(n)), true)))
		_, _ = w.WriteString(`">`)
		_, _ = w.WriteString(EscapeXML(alt))
		_, _ = w.WriteString("</a>")
		return ast.WalkSkipChildren, nil
	}
	if alt == "" {
		alt = "[" + dest + "]"
		if ref.Link != nil {
			alt = "[" + ref.Link.Written + "]"
		}
	}
	_, _ = w.WriteString(EscapeXML(alt))
	return ast.WalkSkipChildren, nil
}

// EscapeXML escapes text for an XML element or a double-quoted attribute.
func EscapeXML(s string) string {
	if !strings.ContainsAny(s, `<>&"`) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '"':
			b.WriteString("&quot;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// XHTMLCodeCSS is the stylesheet of highlighted code in one chroma style,
// without media queries: e-readers choose their own night mode.
func XHTMLCodeCSS(style string) string {
	var b bytes.Buffer
	if err := codeFormatter.WriteCSS(&b, styles.Get(style)); err != nil {
		return ""
	}
	return b.String()
}
