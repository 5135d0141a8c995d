package markdown

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"net/url"
	"strconv"
	"strings"

	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// XHTML converts Markdown into the XHTML of EPUB 3 content documents: the
// site's pipeline (figures, code highlighting, French spacing) with
//
//   - footnotes as EPUB notes: <a epub:type="noteref"> calls and
//     <aside epub:type="footnote"> notes with a link back, ids that are XML
//     names (fn-1, fnref-1);
//   - images only when they are in the package: an image that Doc.Resolve
//     did not place (missing, remote, a format the package cannot hold)
//     is replaced by its alternative text (a link to a remote image);
//   - links written from the site's root ("/about/") made absolute, as an
//     EPUB has no site around it;
//   - table alignment as style, not the obsolete align attribute;
//   - raw HTML that is not well-formed XML (<br>, &nbsp;) repaired.
//
// The body needs the epub namespace declared on its document's root
// (xmlns:epub="http://www.idpf.org/2007/ops"). It is safe for concurrent use.
type XHTML struct {
	md goldmark.Markdown
}

// XHTMLResult is a converted page.
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

var xhtmlKey = parser.NewContextKey()

// xhtmlState is what one conversion learns besides the HTML.
type xhtmlState struct {
	packaged            map[string]bool // image URLs Resolve placed in the package
	images, noAlt, drop int
	rawHTML             bool // the text has raw HTML, which may not be XML
}

// NewXHTML sets up the EPUB converter of a language. base resolves links
// written from the site's root; it may be nil.
func NewXHTML(lang string, base *url.URL) *XHTML {
	c := New(Options{Lang: lang, XHTML: true})
	x := &XHTML{md: c.md}
	x.md.Parser().AddOptions(parser.WithASTTransformers(
		// After the links (100) and figures (200), before French spacing (10000).
		util.Prioritized(&xhtmlTransformer{base: base}, 250),
		// After goldmark's footnote list (999).
		util.Prioritized(noteNumberTransformer{}, 1000),
	))
	x.md.Renderer().AddOptions(
		extension.WithTableCellAlignMethod(extension.TableCellAlignStyle),
		renderer.WithNodeRenderers(util.Prioritized(&xhtmlRenderer{}, 10)),
	)
	return x
}

// Convert turns a page's Markdown body into an XHTML fragment.
func (x *XHTML) Convert(src []byte, doc *Doc) (*XHTMLResult, error) {
	if doc == nil {
		doc = &Doc{}
	}
	st := &xhtmlState{packaged: map[string]bool{}}
	d := *doc
	if doc.Resolve != nil {
		d.Resolve = func(dest string, image bool) (Target, bool) {
			t, ok := doc.Resolve(dest, image)
			if ok && image && t.URL != "" && t.Problem == "" {
				st.packaged[t.URL] = true
			}
			return t, ok
		}
	}
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	pc.Set(docKey, &d)
	pc.Set(xhtmlKey, st)
	root := x.md.Parser().Parse(text.NewReader(src), parser.WithContext(pc))
	res := &XHTMLResult{Result: &Result{}}
	collect(root, src, res.Result, &d)
	var buf bytes.Buffer
	buf.Grow(len(src) + len(src)/3)
	if err := x.md.Renderer().Render(&buf, src, root); err != nil {
		return nil, fmt.Errorf("%s: rendering Markdown: %w", doc.File, err)
	}
	res.HTML = buf.Bytes()
	// What goldmark writes is well-formed; raw HTML may not be, nor
	// control characters (&#1; or a form feed in the text).
	if st.rawHTML || hasControl(res.HTML) {
		res.HTML, res.Repaired = FixXHTML(res.HTML)
	}
	res.Images, res.NoAlt, res.Dropped = st.images, st.noAlt, st.drop
	return res, nil
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

// xhtmlTransformer drops the images that are not in the package and makes
// root-relative links absolute.
type xhtmlTransformer struct{ base *url.URL }

func (t *xhtmlTransformer) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(xhtmlKey).(*xhtmlState)
	if st == nil {
		return
	}
	src := reader.Source()
	var drop []*ast.Image
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock:
			st.rawHTML = true
		case *ast.Link:
			n.Destination = t.absolute(n.Destination)
		case *ast.Image:
			if st.packaged[string(n.Destination)] {
				st.images++
				if altText(n, src) == "" {
					st.noAlt++
				}
			} else {
				drop = append(drop, n)
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, img := range drop {
		st.drop++
		alt := altText(img, src)
		dest := string(img.Destination)
		var repl ast.Node
		if !IsRelative(dest) && dest != "" && dest[0] != '#' {
			// A remote image: a link to it, named by its description.
			l := ast.NewLink()
			l.Destination = t.absolute(img.Destination)
			if alt == "" {
				alt = dest
			}
			l.AppendChild(l, ast.NewString([]byte(alt)))
			repl = l
		} else {
			if alt == "" {
				alt = "[" + dest + "]"
			}
			repl = ast.NewString([]byte(alt))
		}
		img.Parent().ReplaceChild(img.Parent(), img, repl)
	}
}

// absolute resolves a destination written from the site's root.
func (t *xhtmlTransformer) absolute(dest []byte) []byte {
	if t.base == nil || len(dest) == 0 || dest[0] != '/' {
		return dest
	}
	u, err := url.Parse(string(dest))
	if err != nil {
		return dest
	}
	return []byte(t.base.ResolveReference(u).String())
}

// KindNoteNumber is the number at the start of a footnote.
var KindNoteNumber = ast.NewNodeKind("NoteNumber")

// NoteNumber shows a note's number inside the note, for readers that show
// notes in place rather than in a pop-up.
type NoteNumber struct {
	ast.BaseInline
	Index int
}

func (n *NoteNumber) Kind() ast.NodeKind { return KindNoteNumber }

func (n *NoteNumber) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Index": strconv.Itoa(n.Index)}, nil)
}

// noteNumberTransformer puts each note's number at its start.
type noteNumberTransformer struct{}

func (noteNumberTransformer) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	var notes []*extast.Footnote
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*extast.Footnote); ok && entering {
			notes = append(notes, f)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, f := range notes {
		num := &NoteNumber{Index: f.Index}
		if p, ok := f.FirstChild().(*ast.Paragraph); ok {
			p.InsertBefore(p, p.FirstChild(), num)
			continue
		}
		p := ast.NewParagraph()
		p.AppendChild(p, num)
		f.InsertBefore(f, f.FirstChild(), p)
	}
}

// xhtmlRenderer renders notes and images for EPUB.
type xhtmlRenderer struct{}

func (r *xhtmlRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(extast.KindFootnoteLink, r.renderNoteRef)
	reg.Register(extast.KindFootnoteBacklink, r.renderBacklink)
	reg.Register(extast.KindFootnote, r.renderNote)
	reg.Register(extast.KindFootnoteList, r.renderNotes)
	reg.Register(KindNoteNumber, r.renderNoteNumber)
	reg.Register(ast.KindImage, r.renderImage)
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

func (r *xhtmlRenderer) renderNoteNumber(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if entering {
		fmt.Fprintf(w, "<span class=\"note-number\">%d.</span>\u00a0", node.(*NoteNumber).Index)
	}
	return ast.WalkContinue, nil
}

func (r *xhtmlRenderer) renderImage(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	writeImageStart(w, n, src)
	for _, a := range []string{"width", "height"} {
		if v, ok := n.AttributeString(a); ok {
			if b, ok := v.([]byte); ok {
				_, _ = w.WriteString(" " + a + `="` + stdhtml.EscapeString(string(b)) + `"`)
			}
		}
	}
	_, _ = w.WriteString(" />")
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
