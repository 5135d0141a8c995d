package markdown

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"net/url"
	"strconv"
	"strings"

	chromahtml "github.com/alecthomas/chroma/v2/formatters/html"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// IsRelative tells whether a link destination points into the site's own
// content, relative to the page: no scheme, no leading slash, no fragment
// only, no protocol-relative //host.
func IsRelative(dest string) bool {
	if dest == "" || dest[0] == '#' || dest[0] == '/' || dest[0] == '?' {
		return false
	}
	if u, err := url.Parse(dest); err == nil && u.Scheme != "" {
		return false
	}
	return !strings.HasPrefix(dest, "mailto:") && !strings.HasPrefix(dest, "tel:")
}

// isFileURL tells a file: URL, case aside.
func isFileURL(dest string) bool {
	return len(dest) >= 5 && strings.EqualFold(dest[:5], "file:")
}

// isSiteRoot tells a path from the site's root ("/images/a.png"), not a
// protocol-relative URL ("//host/a.png").
func isSiteRoot(dest string) bool {
	return len(dest) > 1 && dest[0] == '/' && dest[1] != '/' && dest[1] != '\\'
}

// linkTransformer rewrites relative links and images to the URLs of the
// resources and pages they name, and reports those that name nothing.
type linkTransformer struct{}

func (linkTransformer) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	doc, _ := pc.Get(docKey).(*Doc)
	if doc == nil || doc.Resolve == nil {
		return
	}
	src := reader.Source()
	st, _ := pc.Get(readKey).(*readState)
	record := func(n ast.Node, l Link) {
		if st != nil {
			st.links[n] = l
		}
	}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest *[]byte
		image := false
		switch n := n.(type) {
		case *ast.Link:
			dest = &n.Destination
		case *ast.Image:
			dest, image = &n.Destination, true
		default:
			return ast.WalkContinue, nil
		}
		raw := string(*dest)
		if img, ok := n.(*ast.Image); ok && doc.Report != nil && altText(img, src) == "" {
			doc.Report(lineOf(n, src, doc), false, fmt.Sprintf("image %q has no alternative text for readers who cannot see it: describe it between the brackets, ![…](%s)", raw, raw))
		}
		if isFileURL(raw) {
			// file:///home/… names a file of the author's computer: no reader has it.
			if doc.Report != nil {
				what := "link"
				if image {
					what = "image"
				}
				doc.Report(lineOf(n, src, doc), true, fmt.Sprintf("%s %q is a file of this computer, which readers cannot open: put the file beside the page and write its name", what, raw))
			}
			return ast.WalkContinue, nil
		}
		if image && isSiteRoot(raw) && doc.Report != nil && doc.SiteRootImages {
			// /images/logo.png: a file of static/ or content/, else nothing
			// the build publishes (/etc/passwd, /home/camille/photo.png).
			// Theme files and generated ones are not known here: a warning.
			p := raw
			if i := strings.IndexAny(p, "?#"); i >= 0 {
				p = p[:i]
			}
			if unesc, err := url.PathUnescape(p); err == nil {
				p = unesc
			}
			if t, ok := doc.Resolve(p, true); !ok || t.Problem != "" {
				doc.Report(lineOf(n, src, doc), false, fmt.Sprintf("image %q is written from the site's root, and no file of content/ or static/ is published there: readers will see a broken image unless the theme publishes it; put the image beside the page and write its name", raw))
			} else if t.File != "" {
				record(n, Link{Target: t, Written: raw})
			}
			return ast.WalkContinue, nil
		}
		if !IsRelative(raw) {
			return ast.WalkContinue, nil
		}
		target, frag := raw, ""
		if i := strings.IndexByte(target, '#'); i >= 0 {
			target, frag = target[:i], target[i:]
		}
		if i := strings.IndexByte(target, '?'); i >= 0 {
			target = target[:i]
		}
		if unesc, err := url.PathUnescape(target); err == nil {
			target = unesc
		}
		t, ok := doc.Resolve(target, image)
		if ok && t.Problem != "" {
			if doc.Report != nil {
				doc.Report(lineOf(n, src, doc), false, fmt.Sprintf("%q %s", raw, t.Problem))
			}
			return ast.WalkContinue, nil
		}
		if !ok {
			if doc.Report != nil {
				what := "link"
				if image {
					what = "image"
				}
				doc.Report(lineOf(n, src, doc), true, fmt.Sprintf("%s %q points to no file of the page bundle nor page of the site; check the name, or put the file beside the page", what, raw))
			}
			return ast.WalkContinue, nil
		}
		if ok && t.Damaged != "" && doc.Report != nil {
			doc.Report(lineOf(n, src, doc), true, fmt.Sprintf("image %q %s", raw, t.Damaged))
		}
		*dest = []byte(t.URL + frag)
		record(n, Link{Target: t, Written: raw, Fragment: frag})
		if img, ok := n.(*ast.Image); ok && t.Width > 0 && t.Height > 0 {
			img.SetAttributeString("width", []byte(strconv.Itoa(t.Width)))
			img.SetAttributeString("height", []byte(strconv.Itoa(t.Height)))
		}
		return ast.WalkContinue, nil
	})
}

// KindFigure is a figure: an image alone in its paragraph (or alone in a
// link alone in its paragraph), with a title, its caption.
var KindFigure = ast.NewNodeKind("Figure")

// Figure holds one image, or a link holding one image, and its caption.
type Figure struct {
	ast.BaseBlock
	Caption []byte
}

func (f *Figure) Kind() ast.NodeKind { return KindFigure }

func (f *Figure) Dump(source []byte, level int) {
	ast.DumpHelper(f, source, level, map[string]string{"Caption": string(f.Caption)}, nil)
}

// Image is the figure's image.
func (f *Figure) Image() *ast.Image {
	switch c := f.FirstChild().(type) {
	case *ast.Image:
		return c
	case *ast.Link:
		img, _ := c.FirstChild().(*ast.Image)
		return img
	}
	return nil
}

// Link is the link the figure's image is in, or nil.
func (f *Figure) Link() *ast.Link {
	l, _ := f.FirstChild().(*ast.Link)
	return l
}

// figureTransformer turns ![alt](img.png "caption") alone in a paragraph,
// or [![alt](img.png "caption")](big.png), into a figure: a <figure> with
// a <figcaption> in HTML and EPUB, a captioned figure in the PDF.
type figureTransformer struct{}

func (figureTransformer) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	var paras []*ast.Paragraph
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if p, ok := n.(*ast.Paragraph); ok && entering {
			paras = append(paras, p)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	src := reader.Source()
	for _, p := range paras {
		content, img := loneImage(p, src)
		if img == nil || len(img.Title) == 0 {
			continue
		}
		fig := &Figure{Caption: img.Title}
		fig.SetLines(p.Lines())
		img.Title = nil
		p.RemoveChild(p, content)
		fig.AppendChild(fig, content)
		p.Parent().ReplaceChild(p.Parent(), p, fig)
	}
}

// loneImage finds the image alone in a paragraph, or alone in a link alone
// in it: content is the image or the link.
func loneImage(p ast.Node, src []byte) (content ast.Node, img *ast.Image) {
	for c := p.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Image:
			if content != nil {
				return nil, nil
			}
			content, img = c, c
		case *ast.Link:
			i, ok := c.FirstChild().(*ast.Image)
			if content != nil || !ok || c.ChildCount() != 1 {
				return nil, nil
			}
			content, img = c, i
		case *ast.Text:
			if len(bytes.TrimSpace(c.Value(src))) > 0 {
				return nil, nil
			}
		default:
			return nil, nil
		}
	}
	return content, img
}

// nodeRenderer renders figures, images and highlighted code.
type nodeRenderer struct {
	xhtml bool
	lang  string // captions get the typography of the text
	hl    *Highlighter
}

func (r *nodeRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindFigure, r.renderFigure)
	reg.Register(ast.KindImage, r.renderImage)
	reg.Register(ast.KindFencedCodeBlock, r.renderFencedCode)
	reg.Register(extast.KindTableCell, r.renderTableCell)
	reg.Register(KindShortcode, r.renderShortcode)
	reg.Register(KindShortcodeInline, r.renderShortcode)
}

// renderShortcode writes a shortcode's HTML, or its box around its
// children. In an EPUB, an embed is its link: no player, nothing
// fetched.
func (r *nodeRenderer) renderShortcode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	var o *ShortcodeOutput
	_, block := node.(*Shortcode)
	switch n := node.(type) {
	case *Shortcode:
		o = &n.ShortcodeOutput
	case *ShortcodeInline:
		o = &n.ShortcodeOutput
	}
	span := !block && bytes.HasPrefix(o.Open, []byte("<div"))
	raw := func(b []byte) {
		if r.xhtml {
			b = withoutPackageless(b) // as raw HTML: an EPUB holds no <img> of a template's
		}
		writeRaw(w, b)
	}
	if !entering {
		if span {
			_, _ = w.WriteString("</span>")
		} else {
			raw(o.Close)
		}
		return ast.WalkContinue, nil
	}
	if r.xhtml && o.HTML != nil && o.LinkText != "" {
		text := stdhtml.EscapeString(o.LinkText)
		if o.Link != "" {
			text = `<a href="` + stdhtml.EscapeString(o.Link) + `">` + text + "</a>"
		}
		if block {
			text = "<p>" + text + "</p>\n"
		}
		_, _ = w.WriteString(text)
		return ast.WalkSkipChildren, nil
	}
	if o.HTML != nil {
		raw(o.HTML)
		if block && !bytes.HasSuffix(o.HTML, []byte("\n")) {
			_ = w.WriteByte('\n')
		}
		return ast.WalkSkipChildren, nil
	}
	open := o.Open
	if span {
		// An inline box is a span, its title first.
		open = append([]byte("<span"), open[len("<div"):bytes.IndexByte(open, '>')+1]...)
		if o.Title != "" {
			open = append(open, `<strong class="shortcode-title">`+stdhtml.EscapeString(o.Title)+"</strong> "...)
		}
	}
	raw(open)
	return ast.WalkContinue, nil
}

// renderTableCell is goldmark's, alignment as style, without writing the
// style into the node as goldmark does: writers only read the tree, which
// several outputs render.
func (r *nodeRenderer) renderTableCell(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	n := node.(*extast.TableCell)
	tag := "td"
	filter := extension.TableTdCellAttributeFilter
	if n.Parent().Kind() == extast.KindTableHeader {
		tag, filter = "th", extension.TableThCellAttributeFilter
	}
	if !entering {
		fmt.Fprintf(w, "</%s>\n", tag)
		return ast.WalkContinue, nil
	}
	fmt.Fprintf(w, "<%s", tag)
	style := ""
	if v, ok := n.AttributeString("style"); ok {
		switch v := v.(type) {
		case []byte:
			style = string(v)
		case string:
			style = v
		}
	}
	if n.Alignment != extast.AlignNone {
		if style != "" {
			style += ";"
		}
		style += "text-align:" + n.Alignment.String()
	}
	if style != "" {
		fmt.Fprintf(w, ` style="%s"`, util.EscapeHTML([]byte(style)))
	}
	for _, a := range n.Attributes() {
		if string(a.Name) == "style" || !filter.Contains(a.Name) {
			continue
		}
		var v []byte
		switch a := a.Value.(type) {
		case []byte:
			v = a
		case string:
			v = []byte(a)
		default:
			continue
		}
		fmt.Fprintf(w, ` %s="%s"`, a.Name, util.EscapeHTML(v))
	}
	_ = w.WriteByte('>')
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) renderFigure(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	f := node.(*Figure)
	if entering {
		_, _ = w.WriteString("<figure>\n")
		return ast.WalkContinue, nil
	}
	_, _ = w.WriteString("\n<figcaption>")
	caption := []byte(TitleText(r.lang, string(f.Caption)))
	_, _ = w.Write(util.EscapeHTML(caption))
	_, _ = w.WriteString("</figcaption>\n</figure>\n")
	return ast.WalkContinue, nil
}

func (r *nodeRenderer) renderImage(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.Image)
	writeImageStart(w, n, src)
	if n.Attributes() != nil {
		html.RenderAttributes(w, n, html.ImageAttributeFilter)
	}
	_, _ = w.WriteString(` loading="lazy" decoding="async"`)
	if r.xhtml {
		_, _ = w.WriteString(" />")
	} else {
		_ = w.WriteByte('>')
	}
	return ast.WalkSkipChildren, nil
}

var (
	codeFormatter = chromahtml.New(chromahtml.WithClasses(true), chromahtml.PreventSurroundingPre(true))
	codeStyle     = styles.Fallback
)

func (r *nodeRenderer) renderFencedCode(w util.BufWriter, src []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*ast.FencedCodeBlock)
	var code bytes.Buffer
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		code.Write(seg.Value(src))
	}
	lang := string(n.Language(src))
	_, _ = w.WriteString(`<pre class="chroma"`)
	if lang != "" {
		_, _ = w.WriteString(` data-lang="`)
		_, _ = w.WriteString(stdhtml.EscapeString(lang))
		_ = w.WriteByte('"')
	}
	_, _ = w.WriteString(`><code`)
	if lang != "" {
		_, _ = w.WriteString(` class="language-`)
		_, _ = w.WriteString(stdhtml.EscapeString(lang))
		_ = w.WriteByte('"')
	}
	_ = w.WriteByte('>')
	done := false
	if lang != "" {
		var html string
		if html, done = r.hl.HTML(lang, code.String()); done {
			_, _ = w.WriteString(html)
		}
	}
	if !done {
		_, _ = w.Write(util.EscapeHTML(code.Bytes()))
	}
	_, _ = w.WriteString("</code></pre>\n")
	return ast.WalkSkipChildren, nil
}

// CodeCSS returns the stylesheet of highlighted code: the light style, and
// the dark one under prefers-color-scheme: dark.
func CodeCSS(light, dark string) (string, error) {
	var b bytes.Buffer
	ls, ds := styles.Get(light), styles.Get(dark)
	if err := codeFormatter.WriteCSS(&b, ls); err != nil {
		return "", err
	}
	b.WriteString("@media (prefers-color-scheme: dark) {\n")
	if err := codeFormatter.WriteCSS(&b, ds); err != nil {
		return "", err
	}
	b.WriteString("}\n")
	return b.String(), nil
}

// writeImageStart writes an <img> tag up to its other attributes: source,
// description and title, for HTML and XHTML alike.
func writeImageStart(w util.BufWriter, n *ast.Image, src []byte) {
	writeImageTag(w, n.Destination, altText(n, src), n.Title)
}

func writeImageTag(w util.BufWriter, dest []byte, alt string, title []byte) {
	_, _ = w.WriteString(`<img src="`)
	_, _ = w.Write(util.EscapeHTML(util.URLEscape(dest, true)))
	_, _ = w.WriteString(`" alt="`)
	_, _ = w.WriteString(stdhtml.EscapeString(alt))
	_ = w.WriteByte('"')
	if title != nil {
		_, _ = w.WriteString(` title="`)
		_, _ = w.Write(util.EscapeHTML(title))
		_ = w.WriteByte('"')
	}
}

// altText is an image's description: the text of its children.
func altText(img *ast.Image, src []byte) string {
	var b strings.Builder
	for c := img.FirstChild(); c != nil; c = c.NextSibling() {
		b.WriteString(PlainText(c, src))
		if t, ok := c.(*ast.Text); ok && (t.SoftLineBreak() || t.HardLineBreak()) {
			b.WriteByte(' ')
		}
	}
	return strings.TrimSpace(b.String())
}
