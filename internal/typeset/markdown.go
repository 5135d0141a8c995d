package typeset

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"regexp"
	"strconv"
	"strings"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
	"github.com/alecthomas/chroma/v2/styles"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/typeset/font"
)

// MarkdownOptions tell FromMarkdown about the page it reads.
type MarkdownOptions struct {
	Lang      string
	File      string // for messages
	FirstLine int    // file line of the body's first line
	// Prefix makes the page's anchors (heading ids, notes) unique in a
	// book: "c2-".
	Prefix string
	// Image resolves an image destination to a file and its pixel size; ok
	// is false when there is no such file (the HTML build reports it).
	Image func(dest string) (img ImageFile, ok bool)
	// Link turns a link destination into an absolute URL ("" to drop the
	// link); "#id" links stay inside the document.
	Link func(dest string) string
	// Warn reports a problem at a line of the file (an image the PDF
	// cannot show).
	Warn func(line int, msg string)
}

// ImageFile is an image of the page, as MarkdownOptions.Image finds it.
type ImageFile struct {
	Path          string // a PNG or JPEG file
	Width, Height int    // pixels
	// Problem, when not empty, says why the PDF cannot draw the image,
	// as the end of a sentence ("is an SVG image, which …"): it is shown
	// as its description, in a frame, and reported.
	Problem string
}

// inlineImageMax is the height, in pixels, up to which an image within
// running text is set in the line, scaled to the type (icons, badges);
// a taller one is set as a figure after its paragraph.
const inlineImageMax = 64

// FromMarkdown reads a page's Markdown body into blocks, with the
// typography of the HTML pipeline (typographic quotes, French spacing).
func FromMarkdown(src []byte, o MarkdownOptions) []Block {
	md := newGoldmark(o.Lang)
	root := md.Parser().Parse(text.NewReader(src))
	r := &mdReader{src: src, o: o, notes: map[int]*Note{}}
	// Footnotes first: calls refer to them.
	var list ast.Node
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
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
			note := &Note{Label: label, ID: o.Prefix + "fn-" + label, CallID: o.Prefix + "fnref-" + label}
			r.notes[fn.Index] = note
		}
		for f := list.FirstChild(); f != nil; f = f.NextSibling() {
			if fn, ok := f.(*extast.Footnote); ok {
				note := r.notes[fn.Index]
				note.Blocks = r.blocks(fn)
				// The note's number leads its first paragraph and links back to the call.
				lead := []Inline{{Text: note.Label + ".", Style: Style{Target: note.CallID}}, {Text: "\u00a0"}}
				if len(note.Blocks) > 0 {
					if p, ok := note.Blocks[0].(*Paragraph); ok {
						p.Inlines = append(lead, p.Inlines...)
						continue
					}
				}
				note.Blocks = append([]Block{&Paragraph{Inlines: lead, NoIndent: true}}, note.Blocks...)
			}
		}
		list.Parent().RemoveChild(list.Parent(), list)
	}
	return r.blocks(root)
}

func newGoldmark(lang string) goldmark.Markdown {
	quotes := map[extension.TypographicPunctuation][]byte{
		extension.LeftSingleQuote:  []byte("‘"),
		extension.RightSingleQuote: []byte("’"),
		extension.LeftDoubleQuote:  []byte("“"),
		extension.RightDoubleQuote: []byte("”"),
		extension.EnDash:           []byte("–"),
		extension.EmDash:           []byte("—"),
		extension.Ellipsis:         []byte("…"),
		extension.LeftAngleQuote:   []byte("«"),
		extension.RightAngleQuote:  []byte("»"),
		extension.Apostrophe:       []byte("’"),
	}
	var transformers []util.PrioritizedValue
	if markdown.IsFrench(lang) {
		quotes[extension.LeftDoubleQuote] = []byte("«\u202f")
		quotes[extension.RightDoubleQuote] = []byte("\u202f»")
		transformers = append(transformers, util.Prioritized(markdown.FrenchSpacing(), 10000))
	}
	return goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.DefinitionList,
			extension.Footnote,
			extension.NewTypographer(extension.WithTypographicSubstitutions(quotes)),
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithAttribute(),
			parser.WithASTTransformers(transformers...),
		),
	)
}

type mdReader struct {
	src   []byte
	o     MarkdownOptions
	notes map[int]*Note
	// after holds the figures of images met in running text too tall to
	// be set in the line: they follow the block being read.
	after []Block
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
	return markdown.SourceLine(n, r.src, r.o.FirstLine)
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

func (r *mdReader) blocks(parent ast.Node) []Block {
	var out []Block
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		out = append(out, r.block(n)...)
	}
	return out
}

// block reads a block, followed by the figures of the tall images of its
// text.
func (r *mdReader) block(n ast.Node) []Block {
	saved := r.after
	r.after = nil
	out := r.block1(n)
	out = append(out, r.after...)
	r.after = saved
	return out
}

func (r *mdReader) block1(n ast.Node) []Block {
	switch n := n.(type) {
	case *ast.Paragraph, *ast.TextBlock:
		if fig := r.figure(n); fig != nil {
			return []Block{fig}
		}
		inl := r.inlines(n, Style{})
		if len(inl) == 0 {
			return nil
		}
		return []Block{&Paragraph{Inlines: inl, Line: r.line(n)}}
	case *ast.Heading:
		id := ""
		if v, ok := n.AttributeString("id"); ok {
			if b, ok := v.([]byte); ok {
				id = r.o.Prefix + string(b)
			}
		}
		return []Block{&Heading{Level: n.Level, Inlines: r.inlines(n, Style{}), ID: id, Text: markdown.PlainText(n, r.src), Line: r.line(n)}}
	case *ast.List:
		if r.tooDeep(n) {
			var out []Block
			for it := n.FirstChild(); it != nil; it = it.NextSibling() {
				out = append(out, r.blocks(it)...)
			}
			return out
		}
		r.depth++
		l := &List{Ordered: n.IsOrdered(), Start: n.Start}
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			l.Items = append(l.Items, r.blocks(it))
		}
		r.depth--
		return []Block{l}
	case *ast.Blockquote:
		if r.tooDeep(n) {
			return r.blocks(n)
		}
		r.depth++
		q := &Quote{Blocks: r.blocks(n)}
		r.depth--
		return []Block{q}
	case *ast.FencedCodeBlock:
		return []Block{r.code(n, string(n.Language(r.src)))}
	case *ast.CodeBlock:
		return []Block{r.code(n, "")}
	case *ast.ThematicBreak:
		return []Block{&Rule{}}
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
		return []Block{&Paragraph{Inlines: []Inline{{Text: t, Line: r.line(n)}}, NoIndent: true, Line: r.line(n)}}
	case *extast.Table:
		tb := r.table(n)
		tb.Line = r.line(n)
		return []Block{tb}
	case *extast.DefinitionList:
		dl := &DefList{}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *extast.DefinitionTerm:
				dl.Items = append(dl.Items, DefItem{Term: r.inlines(c, Style{})})
			case *extast.DefinitionDescription:
				if len(dl.Items) == 0 {
					dl.Items = append(dl.Items, DefItem{})
				}
				last := &dl.Items[len(dl.Items)-1]
				last.Defs = append(last.Defs, r.blocks(c))
			}
		}
		return []Block{dl}
	}
	if n.Kind() == extast.KindFootnoteList {
		return nil
	}
	if n.HasChildren() {
		return r.blocks(n)
	}
	return nil
}

var tagRE = regexp.MustCompile(`(?s)<!--.*?-->|<[^>]*>`)

func htmlText(s string) string {
	return stdhtml.UnescapeString(tagRE.ReplaceAllString(s, " "))
}

// figure recognises an image alone in its paragraph (or alone in a link
// alone in its paragraph).
func (r *mdReader) figure(n ast.Node) *Figure {
	var img *ast.Image
	var link *ast.Link
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Image:
			if img != nil {
				return nil
			}
			img = c
		case *ast.Link:
			if img != nil || c.ChildCount() != 1 {
				return nil
			}
			i, ok := c.FirstChild().(*ast.Image)
			if !ok {
				return nil
			}
			img, link = i, c
		case *ast.Text:
			if len(bytes.TrimSpace(c.Value(r.src))) > 0 {
				return nil
			}
		default:
			return nil
		}
	}
	if img == nil || r.o.Image == nil {
		return nil
	}
	f := r.imageFigure(img, r.line(n))
	if f != nil && link != nil {
		f.Link = r.linkURL(string(link.Destination))
	}
	return f
}

// imageFigure makes the figure of an image (nil when there is no such
// file).
func (r *mdReader) imageFigure(img *ast.Image, line int) *Figure {
	if r.o.Image == nil {
		return nil
	}
	dest := string(img.Destination)
	fi, ok := r.o.Image(dest)
	if !ok {
		return nil
	}
	f := &Figure{Path: fi.Path, Width: fi.Width, Height: fi.Height, Alt: r.alt(img), Line: line}
	if fi.Problem != "" {
		f.Path, f.Unsupported = "", true
		r.warn(line, "PDF: the image %s %s: the PDF shows its description in a frame instead", dest, fi.Problem)
	}
	if len(img.Title) > 0 {
		f.Caption = []Inline{{Text: markdown.TitleText(r.o.Lang, string(img.Title)), Line: line}}
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

func (r *mdReader) table(t *extast.Table) *Table {
	tb := &Table{}
	for _, a := range t.Alignments {
		switch a {
		case extast.AlignRight:
			tb.Aligns = append(tb.Aligns, Right)
		case extast.AlignCenter:
			tb.Aligns = append(tb.Aligns, Center)
		default:
			tb.Aligns = append(tb.Aligns, Left)
		}
	}
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []Cell
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			cells = append(cells, Cell{Inlines: r.inlines(c, Style{})})
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

func (r *mdReader) code(n ast.Node, lang string) *CodeBlock {
	var b bytes.Buffer
	for i := 0; i < n.Lines().Len(); i++ {
		seg := n.Lines().At(i)
		b.Write(seg.Value(r.src))
	}
	src := strings.TrimRight(b.String(), "\n")
	cb := &CodeBlock{Line: r.line(n)}
	var lexer chroma.Lexer
	if lang != "" {
		lexer = lexers.Get(lang)
	}
	var lines [][]Token
	cur := []Token{}
	emit := func(text string, col Color, bold bool) {
		for {
			i := strings.IndexByte(text, '\n')
			if i < 0 {
				if text != "" {
					cur = append(cur, Token{Text: text, Color: col, Bold: bold})
				}
				return
			}
			if i > 0 {
				cur = append(cur, Token{Text: text[:i], Color: col, Bold: bold})
			}
			lines = append(lines, cur)
			cur = []Token{}
			text = text[i+1:]
		}
	}
	if lexer != nil {
		if it, err := chroma.Coalesce(lexer).Tokenise(nil, src); err == nil {
			for _, tok := range it.Tokens() {
				e := codeStyle.Get(tok.Type)
				col := Color{0x20, 0x20, 0x20}
				if e.Colour.IsSet() {
					col = Color{e.Colour.Red(), e.Colour.Green(), e.Colour.Blue()}
				}
				emit(tok.Value, col, e.Bold == chroma.Yes)
			}
			lines = append(lines, cur)
			cb.Lines = trimTrailingEmpty(lines)
			return cb
		}
	}
	emit(src, Color{0x20, 0x20, 0x20}, false)
	lines = append(lines, cur)
	cb.Lines = trimTrailingEmpty(lines)
	return cb
}

func trimTrailingEmpty(lines [][]Token) [][]Token {
	for len(lines) > 1 && len(lines[len(lines)-1]) == 0 {
		lines = lines[:len(lines)-1]
	}
	return lines
}

var linkBlue = Color{0x1a, 0x3f, 0x8f}

// inlines reads the inline children of n.
func (r *mdReader) inlines(n ast.Node, st Style) []Inline {
	var out []Inline
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
				out = append(out, Inline{Break: true})
				continue
			case "sup", "sub", "em", "i", "strong", "b", "code", "s", "del", "small":
			default:
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

func (r *mdReader) inline(c ast.Node, st Style, out []Inline) []Inline {
	line := 0
	switch c := c.(type) {
	case *ast.Text:
		line = r.o.FirstLine + bytes.Count(r.src[:min(c.Segment.Start, len(r.src))], []byte("\n"))
		v := string(c.Value(r.src))
		if c.IsRaw() {
			out = append(out, Inline{Text: v, Style: st, Line: line})
		} else {
			out = append(out, Inline{Text: unescape(v), Style: st, Line: line})
		}
		if c.HardLineBreak() {
			out = append(out, Inline{Break: true})
		} else if c.SoftLineBreak() {
			out = append(out, Inline{Text: " ", Style: st})
		}
	case *ast.String:
		v := string(c.Value)
		if !c.IsRaw() {
			v = unescape(v)
		}
		if c.IsCode() {
			v = stdhtml.UnescapeString(v)
		}
		out = append(out, Inline{Text: v, Style: st})
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
		cs.Size = scale(st.Size) * 0.88
		out = append(out, Inline{Text: b.String(), Style: cs})
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
		out = append(out, Inline{Text: label, Style: ls})
	case *ast.Image:
		// An image within text: in the line when it is small, else as a
		// figure after the block; its description when there is no such
		// file.
		alt := r.alt(c)
		line := r.line(c)
		if r.o.Image != nil {
			if fi, ok := r.o.Image(string(c.Destination)); ok {
				if fi.Problem == "" && fi.Height > 0 && fi.Height <= inlineImageMax {
					out = append(out, Inline{Image: &InlineImage{Path: fi.Path, Width: fi.Width, Height: fi.Height, Alt: alt}, Style: st, Line: line})
					return out
				}
				if f := r.imageFigure(c, line); f != nil {
					f.Link = st.Link
					r.after = append(r.after, f)
					return out
				}
			}
		}
		if alt != "" {
			is := st
			is.Font ^= font.Italic
			out = append(out, Inline{Text: "[" + alt + "]", Style: is})
		}
	case *ast.RawHTML:
		// Handled by inlines (tags change the style).
	case *extast.Strikethrough:
		ss := st
		ss.Strike = true
		out = append(out, r.inlines(c, ss)...)
	case *extast.FootnoteLink:
		if note, ok := r.notes[c.Index]; ok {
			out = append(out, Inline{Text: note.Label, Note: note, Anchor: "", Style: Style{Super: true, Target: note.ID, Color: linkBlue, Font: st.Font}})
			out = append(out, Inline{Anchor: note.CallID})
		}
	case *extast.FootnoteBacklink:
	case *extast.TaskCheckBox:
		box := "☐ "
		if c.IsChecked {
			box = "☑ "
		}
		out = append(out, Inline{Text: box, Style: st})
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
func Sprint(bs []Block) string {
	var b strings.Builder
	for _, bl := range bs {
		fmt.Fprintf(&b, "%T\n", bl)
	}
	return b.String()
}
