// Package typesetdoc is the typesetter's writer: it turns a page's
// Markdown, as markdown.Reader read it, into the blocks of a
// typeset.Document, so that the PDF shows the figures, notes, headings and
// typography of the HTML and the EPUB. It only reads the document.
package typesetdoc

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"strconv"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/util"

	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/typeset"
	"github.com/communs/communs/internal/typeset/font"
)

// Options tell Blocks about the document it writes.
type Options struct {
	// Highlighter finds the lexers of code blocks; nil makes one.
	Highlighter *markdown.Highlighter
	// Prefix makes the page's anchors (heading ids, notes) unique in a
	// book: "c2-".
	Prefix string
	// Image finds an image file of the site (a page's resource, a static
	// file) the PDF can draw, with its pixel size; ok is false when there
	// is no such file. Nil draws no image.
	Image func(file string) (img typeset.ImageFile, ok bool)
	// Link turns a link destination into an absolute URL ("" to drop the
	// link); "#id" links stay inside the document.
	Link func(dest string) string
	// Warn reports a problem at a line of the file (an image the PDF
	// cannot show).
	Warn func(line int, msg string)
}

// inlineImageMax is the height, in pixels, up to which an image within
// running text is set in the line, scaled to the type (icons, badges);
// a taller one is set as a figure after its paragraph.
const inlineImageMax = 64

// Blocks writes a document as the typesetter's blocks.
func Blocks(d *markdown.Document, o Options) []typeset.Block {
	r := &mdReader{d: d, src: d.Source, o: o, notes: map[int]*typeset.Note{}}
	// Footnotes first: calls refer to them.
	var list ast.Node
	for n := d.Root.FirstChild(); n != nil; n = n.NextSibling() {
		if n.Kind() == extast.KindFootnoteList {
			list = n
		}
	}
	if list != nil {
		for f := list.FirstChild(); f != nil; f = f.NextSibling() {
			fn, ok := f.(*extast.Footnote)
			if !ok {
				continue
			}
			label := strconv.Itoa(fn.Index)
			r.notes[fn.Index] = &typeset.Note{Label: label, ID: o.Prefix + "fn-" + label, CallID: o.Prefix + "fnref-" + label}
		}
		for f := list.FirstChild(); f != nil; f = f.NextSibling() {
			if fn, ok := f.(*extast.Footnote); ok {
				note := r.notes[fn.Index]
				note.Blocks = r.blocks(fn)
				// The note's number leads its first paragraph and links back to the call.
				lead := []typeset.Inline{{Text: note.Label + ".", Style: typeset.Style{Target: note.CallID}}, {Text: "\u00a0"}}
				if len(note.Blocks) > 0 {
					if p, ok := note.Blocks[0].(*typeset.Paragraph); ok {
						p.Inlines = append(lead, p.Inlines...)
						continue
					}
				}
				note.Blocks = append([]typeset.Block{&typeset.Paragraph{Inlines: lead, NoIndent: true}}, note.Blocks...)
			}
		}
	}
	return r.blocks(d.Root)
}

type mdReader struct {
	d     *markdown.Document
	src   []byte
	o     Options
	notes map[int]*typeset.Note
	// after holds the figures of images met in running text too tall to
	// be set in the line: they follow the block being read.
	after []typeset.Block
	// depth counts the lists and quotes around the block being read.
	depth  int
	warned bool
}

// maxNesting bounds lists and quotes within one another: deeper ones are
// set at that depth (a page has room for so many indents, and a
// pathological 10,000 levels would otherwise cost quadratic time).
const maxNesting = 12

func (r *mdReader) warn(line int, format string, args ...any) {
	if r.o.Warn != nil {
		r.o.Warn(line, fmt.Sprintf(format, args...))
	}
}

func (r *mdReader) line(n ast.Node) int {
	return r.d.Line(n)
}

// tooDeep tells whether a list or quote is nested past maxNesting; the
// first time, it says so.
func (r *mdReader) tooDeep(n ast.Node) bool {
	if r.depth < maxNesting {
		return false
	}
	if !r.warned {
		r.warned = true
		r.warn(r.line(n), "lists and quotes nested more than %d deep are set at that depth", maxNesting)
	}
	return true
}

func (r *mdReader) blocks(parent ast.Node) []typeset.Block {
	var out []typeset.Block
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		out = append(out, r.block(n)...)
	}
	return out
}

// block reads a block, followed by the figures of the tall images of its
// text.
func (r *mdReader) block(n ast.Node) []typeset.Block {
	saved := r.after
	r.after = nil
	out := r.block1(n)
	out = append(out, r.after...)
	r.after = saved
	return out
}

func (r *mdReader) block1(n ast.Node) []typeset.Block {
	switch n := n.(type) {
	case *markdown.Shortcode:
		return r.shortcode(n)
	case *markdown.Figure:
		return []typeset.Block{r.figure(n)}
	case *ast.Paragraph, *ast.TextBlock:
		inl := r.inlines(n, typeset.Style{})
		if len(inl) == 0 {
			return nil
		}
		return []typeset.Block{&typeset.Paragraph{Inlines: inl, Line: r.line(n)}}
	case *ast.Heading:
		id := ""
		if v, ok := n.AttributeString("id"); ok {
			if b, ok := v.([]byte); ok {
				id = r.o.Prefix + string(b)
			}
		}
		return []typeset.Block{&typeset.Heading{Level: n.Level, Inlines: r.inlines(n, typeset.Style{}), ID: id, Text: markdown.PlainText(n, r.src), Line: r.line(n)}}
	case *ast.List:
		if r.tooDeep(n) {
			var out []typeset.Block
			for it := n.FirstChild(); it != nil; it = it.NextSibling() {
				out = append(out, r.blocks(it)...)
			}
			return out
		}
		r.depth++
		l := &typeset.List{Ordered: n.IsOrdered(), Start: n.Start}
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			l.Items = append(l.Items, r.blocks(it))
		}
		r.depth--
		return []typeset.Block{l}
	case *ast.Blockquote:
		if r.tooDeep(n) {
			return r.blocks(n)
		}
		r.depth++
		q := &typeset.Quote{Blocks: r.blocks(n)}
		r.depth--
		return []typeset.Block{q}
	case *ast.FencedCodeBlock:
		return []typeset.Block{r.code(n, string(n.Language(r.src)))}
	case *ast.CodeBlock:
		return []typeset.Block{r.code(n, "")}
	case *ast.ThematicBreak:
		return []typeset.Block{&typeset.Rule{}}
	case *ast.HTMLBlock:
		// Raw HTML: its text, without the tags (comments dropped).
		var b bytes.Buffer
		for i := 0; i < n.Lines().Len(); i++ {
			seg := n.Lines().At(i)
			b.Write(seg.Value(r.src))
		}
		t := htmlText(b.String())
		if strings.TrimSpace(t) == "" {
			return nil
		}
		return []typeset.Block{&typeset.Paragraph{Inlines: []typeset.Inline{{Text: t, Line: r.line(n)}}, NoIndent: true, Line: r.line(n)}}
	case *extast.Table:
		tb := r.table(n)
		tb.Line = r.line(n)
		return []typeset.Block{tb}
	case *extast.DefinitionList:
		dl := &typeset.DefList{}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *extast.DefinitionTerm:
				dl.Items = append(dl.Items, typeset.DefItem{Term: r.inlines(c, typeset.Style{})})
			case *extast.DefinitionDescription:
				if len(dl.Items) == 0 {
					dl.Items = append(dl.Items, typeset.DefItem{})
				}
				last := &dl.Items[len(dl.Items)-1]
				last.Defs = append(last.Defs, r.blocks(c))
			}
		}
		return []typeset.Block{dl}
	}
	if n.Kind() == extast.KindFootnoteList {
		return nil
	}
	if n.HasChildren() {
		return r.blocks(n)
	}
	return nil
}

// shortcode writes a shortcode: an embed as its link, a template's HTML
// as its text, a box as its title and its blocks, set off as a quote.
func (r *mdReader) shortcode(n *markdown.Shortcode) []typeset.Block {
	o := &n.ShortcodeOutput
	line := r.line(n)
	if o.LinkText != "" {
		st := typeset.Style{}
		if o.Link != "" {
			st.Link, st.Color = o.Link, linkBlue
		}
		return []typeset.Block{&typeset.Paragraph{Inlines: []typeset.Inline{{Text: o.LinkText, Style: st, Line: line}}, NoIndent: true, Line: line}}
	}
	if o.HTML != nil {
		t := htmlText(string(o.HTML))
		if strings.TrimSpace(t) == "" {
			return nil
		}
		return []typeset.Block{&typeset.Paragraph{Inlines: []typeset.Inline{{Text: strings.TrimSpace(t), Line: line}}, NoIndent: true, Line: line}}
	}
	var inner []typeset.Block
	if o.Title != "" {
		inner = append(inner, &typeset.Paragraph{Inlines: []typeset.Inline{{Text: o.Title, Style: typeset.Style{Font: font.Bold}, Line: line}}, NoIndent: true, Line: line})
	}
	inner = append(inner, r.blocks(n)...)
	if len(inner) == 0 {
		return nil
	}
	return []typeset.Block{&typeset.Quote{Blocks: inner}}
}

func htmlText(s string) string { return markdown.HTMLText(s) }

// figure writes a figure of the reader's; an image the PDF has no file of
// (a remote one) is its description in a frame, with the caption.
func (r *mdReader) figure(fig *markdown.Figure) *typeset.Figure {
	img := fig.Image()
	line := r.line(fig)
	f := r.imageFigure(img, line)
	if f == nil {
		f = &typeset.Figure{Alt: r.alt(img), Unsupported: true, Line: line}
	}
	if len(fig.Caption) > 0 {
		f.Caption = []typeset.Inline{{Text: markdown.TitleText(r.d.Lang, string(fig.Caption)), Line: line}}
	}
	if l := fig.Link(); l != nil {
		f.Link = r.linkURL(string(l.Destination))
	}
	return f
}

// imageFile finds the file of an image of the text.
func (r *mdReader) imageFile(img *ast.Image) (typeset.ImageFile, bool) {
	l, ok := r.d.Links[img]
	if !ok || l.File == "" || l.Problem != "" || r.o.Image == nil {
		return typeset.ImageFile{}, false
	}
	return r.o.Image(l.File)
}

// imageFigure makes the figure of an image, without caption (nil when
// there is no such file).
func (r *mdReader) imageFigure(img *ast.Image, line int) *typeset.Figure {
	fi, ok := r.imageFile(img)
	if !ok {
		return nil
	}
	f := &typeset.Figure{Path: fi.Path, Width: fi.Width, Height: fi.Height, Alt: r.alt(img), Line: line}
	if fi.Problem != "" {
		f.Path, f.Unsupported = "", true
		if r.d.Links[img].Damaged != "" {
			return f // the reader reported it
		}
		r.warn(line, "PDF: the image %s %s: the PDF shows its description in a frame instead", r.d.Links[img].Written, fi.Problem)
	}
	return f
}

// alt is an image's description (markdown.PlainText skips images).
func (r *mdReader) alt(img *ast.Image) string {
	var b strings.Builder
	for c := img.FirstChild(); c != nil; c = c.NextSibling() {
		b.WriteString(markdown.PlainText(c, r.src))
	}
	return strings.TrimSpace(b.String())
}

// linkURL is where a link leads: a URL, or "" for an anchor of the page.
func (r *mdReader) linkURL(dest string) string {
	switch {
	case strings.HasPrefix(dest, "#"):
		return ""
	case r.o.Link != nil:
		return r.o.Link(dest)
	}
	return dest
}

func (r *mdReader) table(t *extast.Table) *typeset.Table {
	tb := &typeset.Table{}
	for _, a := range t.Alignments {
		switch a {
		case extast.AlignRight:
			tb.Aligns = append(tb.Aligns, typeset.Right)
		case extast.AlignCenter:
			tb.Aligns = append(tb.Aligns, typeset.Center)
		default:
			tb.Aligns = append(tb.Aligns, typeset.Left)
		}
	}
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []typeset.Cell
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, typeset.Cell{Inlines: r.inlines(c, typeset.Style{})})
		}
		if row.Kind() == extast.KindTableHeader {
			tb.Header = cells
		} else {
			tb.Rows = append(tb.Rows, cells)
		}
	}
	return tb
}

var codeStyle = styles.Get("tango")

func (r *mdReader) code(n ast.Node, lang string) *typeset.CodeBlock {
	var b bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		b.Write(seg.Value(r.src))
	}
	src := strings.TrimRight(b.String(), "\n")
	cb := &typeset.CodeBlock{Line: r.line(n)}
	var lexer chroma.Lexer
	if lang != "" {
		if r.o.Highlighter == nil {
			r.o.Highlighter = markdown.NewHighlighter()
		}
		lexer = r.o.Highlighter.Lexer(lang)
	}
	var lines [][]typeset.Token
	cur := []typeset.Token{}
	emit := func(text string, col typeset.Color, bold bool) {
		for {
			i := strings.IndexByte(text, '\n')
			if i < 0 {
				if text != "" {
					cur = append(cur, typeset.Token{Text: text, Color: col, Bold: bold})
				}
				return
			}
			if i > 0 {
				cur = append(cur, typeset.Token{Text: text[:i], Color: col, Bold: bold})
			}
			lines = append(lines, cur)
			cur = []typeset.Token{}
			text = text[i+1:]
		}
	}
	if lexer != nil {
		if it, err := chroma.Coalesce(lexer).Tokenise(nil, src); err == nil {
			for _, tok := range it.Tokens() {
				e := codeStyle.Get(tok.Type)
				col := typeset.Color{R: 0x20, G: 0x20, B: 0x20}
				if e.Colour.IsSet() {
					col = typeset.Color{R: e.Colour.Red(), G: e.Colour.Green(), B: e.Colour.Blue()}
				}
				emit(tok.Value, col, e.Bold == chroma.Yes)
			}
			lines = append(lines, cur)
			cb.Lines = trimTrailingEmpty(lines)
			return cb
		}
	}
	emit(src, typeset.Color{R: 0x20, G: 0x20, B: 0x20}, false)
	lines = append(lines, cur)
	cb.Lines = trimTrailingEmpty(lines)
	return cb
}

func trimTrailingEmpty(lines [][]typeset.Token) [][]typeset.Token {
	for len(lines) > 1 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	return lines
}

var linkBlue = typeset.Color{R: 0x1a, G: 0x3f, B: 0x8f}

// inlines reads the inline children of n.
func (r *mdReader) inlines(n ast.Node, st typeset.Style) []typeset.Inline {
	var out []typeset.Inline
	var tags []string // open raw HTML tags
	cur := st
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		out = r.inline(c, cur, out)
		if raw, ok := c.(*ast.RawHTML); ok {
			var b bytes.Buffer
			for i := 0; i < raw.Segments.Len(); i++ {
				seg := raw.Segments.At(i)
				b.Write(seg.Value(r.src))
			}
			tag := strings.ToLower(strings.Trim(b.String(), "<>/ "))
			if f := strings.Fields(tag); len(f) > 0 {
				tag = f[0]
			}
			closing := strings.HasPrefix(b.String(), "</")
			switch tag {
			case "br":
				out = append(out, typeset.Inline{Break: true})
				continue
			}
			if !markdown.TypesetTags[tag] {
				continue
			}
			if closing {
				for k := len(tags) - 1; k >= 0; k-- {
					if tags[k] == tag {
						tags = append(tags[:k], tags[k+1:]...)
						break
					}
				}
			} else {
				tags = append(tags, tag)
			}
			cur = st
			for _, t := range tags {
				switch t {
				case "sup":
					cur.Super = true
				case "sub", "small":
					cur.Size = 0.8
				case "em", "i":
					cur.Font ^= font.Italic
				case "strong", "b":
					cur.Font |= font.Bold
				case "code":
					cur.Mono, cur.URL = true, true
				case "s", "del":
					cur.Strike = true
				}
			}
		}
	}
	return out
}

func (r *mdReader) inline(c ast.Node, st typeset.Style, out []typeset.Inline) []typeset.Inline {
	line := 0
	switch c := c.(type) {
	case *ast.Text:
		line = r.d.LineAt(c.Segment.Start)
		v := string(c.Value(r.src))
		if c.IsRaw() {
			out = append(out, typeset.Inline{Text: v, Style: st, Line: line})
		} else {
			out = append(out, typeset.Inline{Text: unescape(v), Style: st, Line: line})
		}
		if c.HardLineBreak() {
			out = append(out, typeset.Inline{Break: true})
		} else if c.SoftLineBreak() {
			out = append(out, typeset.Inline{Text: " ", Style: st})
		}
	case *ast.String:
		v := string(c.Value)
		if !c.IsRaw() {
			v = unescape(v)
		}
		if c.IsCode() {
			v = stdhtml.UnescapeString(v)
		}
		out = append(out, typeset.Inline{Text: v, Style: st})
	case *ast.CodeSpan:
		var b strings.Builder
		for t := c.FirstChild(); t != nil; t = t.NextSibling() {
			switch t := t.(type) {
			case *ast.Text:
				b.Write(t.Value(r.src))
			case *ast.String:
				b.Write(t.Value)
			}
		}
		cs := st
		cs.Mono, cs.URL = true, true
		size := st.Size
		if size == 0 {
			size = 1
		}
		cs.Size = size * 0.88
		out = append(out, typeset.Inline{Text: b.String(), Style: cs})
	case *ast.Emphasis:
		es := st
		if c.Level >= 2 {
			es.Font |= font.Bold
		} else {
			es.Font ^= font.Italic
		}
		out = append(out, r.inlines(c, es)...)
	case *ast.Link:
		ls := st
		dest := string(c.Destination)
		if strings.HasPrefix(dest, "#") {
			ls.Target = r.o.Prefix + dest[1:]
		} else if r.o.Link != nil {
			ls.Link = r.o.Link(dest)
		} else {
			ls.Link = dest
		}
		if ls.Link != "" || ls.Target != "" {
			ls.Color = linkBlue
		}
		out = append(out, r.inlines(c, ls)...)
	case *ast.AutoLink:
		ls := st
		label := string(c.Label(r.src))
		url := string(c.URL(r.src))
		if c.AutoLinkType == ast.AutoLinkEmail && !strings.HasPrefix(url, "mailto:") {
			url = "mailto:" + url
		}
		ls.Link, ls.URL, ls.Color = url, true, linkBlue
		out = append(out, typeset.Inline{Text: label, Style: ls})
	case *ast.Image:
		// An image within text: in the line when it is small, else as a
		// figure after the block; its description when there is no such
		// file.
		alt := r.alt(c)
		line := r.line(c)
		if fi, ok := r.imageFile(c); ok {
			if fi.Problem == "" && fi.Height > 0 && fi.Height <= inlineImageMax {
				out = append(out, typeset.Inline{Image: &typeset.InlineImage{Path: fi.Path, Width: fi.Width, Height: fi.Height, Alt: alt}, Style: st, Line: line})
				return out
			}
			if f := r.imageFigure(c, line); f != nil {
				f.Link = st.Link
				r.after = append(r.after, f)
				return out
			}
		}
		if alt != "" {
			is := st
			is.Font ^= font.Italic
			out = append(out, typeset.Inline{Text: "[" + alt + "]", Style: is})
		}
	case *markdown.ShortcodeInline:
		o := &c.ShortcodeOutput
		switch {
		case o.LinkText != "":
			ls := st
			if o.Link != "" {
				ls.Link, ls.Color = o.Link, linkBlue
			}
			out = append(out, typeset.Inline{Text: o.LinkText, Style: ls})
		case o.HTML != nil:
			if t := htmlText(string(o.HTML)); strings.TrimSpace(t) != "" {
				out = append(out, typeset.Inline{Text: t, Style: st})
			}
		default:
			if o.Title != "" {
				bs := st
				bs.Font |= font.Bold
				out = append(out, typeset.Inline{Text: o.Title + " ", Style: bs})
			}
			out = append(out, r.inlines(c, st)...)
		}
	case *ast.RawHTML:
		// Handled by inlines (tags change the style).
	case *extast.Strikethrough:
		ss := st
		ss.Strike = true
		out = append(out, r.inlines(c, ss)...)
	case *extast.FootnoteLink:
		if note, ok := r.notes[c.Index]; ok {
			out = append(out, typeset.Inline{Text: note.Label, Note: note, Anchor: "", Style: typeset.Style{Super: true, Target: note.ID, Color: linkBlue, Font: st.Font}})
			out = append(out, typeset.Inline{Anchor: note.CallID})
		}
	case *extast.FootnoteBacklink:
	case *extast.TaskCheckBox:
		box := "☐ "
		if c.IsChecked {
			box = "☑ "
		}
		out = append(out, typeset.Inline{Text: box, Style: st})
	default:
		if c.HasChildren() {
			out = append(out, r.inlines(c, st)...)
		}
	}
	return out
}

// unescape resolves backslash escapes and character references the way
// goldmark's HTML writer does.
func unescape(s string) string {
	if !strings.ContainsAny(s, "\\&") {
		return s
	}
	b := util.UnescapePunctuations([]byte(s))
	b = util.ResolveNumericReferences(b)
	b = util.ResolveEntityNames(b)
	return string(b)
}

// Sprint is for debugging: the blocks as text.
func Sprint(bs []typeset.Block) string {
	var b strings.Builder
	for _, bl := range bs {
		fmt.Fprintf(&b, "%T\n", bl)
	}
	return b.String()
}
