package markdown

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/communs/communs/internal/shortcode"
)

// Hugo's shortcodes are read before the Markdown, as Hugo does: a call
// can stand anywhere, in a link's destination too. Each call becomes, in
// the text goldmark then reads,
//
//   - text, when it gives text: ref, relref and param give a URL or a
//     value, figure and highlight the Markdown of an image and of a fenced
//     block, a {{% %}} template its Markdown;
//   - a marker, when it gives a node: a template's HTML, an embed (youtube,
//     vimeo…), a box (details, and the shortcodes nothing defines, whose
//     inner Markdown stays in the text between two markers and is read
//     with the rest). A marker alone on its lines is an HTML comment,
//     which closes a paragraph and is a block; else it is inline. The
//     shortcode transformer turns markers into Shortcode nodes, which
//     every writer renders.

// ShortcodeHost is what a site defines for shortcodes, for one page.
type ShortcodeHost interface {
	// Execute runs the site's template for a call, given its inner
	// content with the calls nested in it done; ok is false when the site
	// defines no such shortcode.
	Execute(c *shortcode.Call, inner string) (out string, ok bool, err error)
	// Ref is the URL of the page a ref or relref names (rel: relref).
	Ref(target, lang string, rel bool) (string, error)
	// Param is a page's parameter, else the site's.
	Param(key string) (any, bool)
	// Unknown is told of each call of a shortcode nothing defines.
	Unknown(name string, line int)
	// Defines tells whether the site has a template for a shortcode.
	Defines(name string) bool
}

// ShortcodeOutput is what a shortcode shows.
type ShortcodeOutput struct {
	Name string
	// HTML is a leaf's HTML (a template's, an embed's); Open and Close
	// surround a box's children.
	HTML, Open, Close []byte
	// Title is a box's heading in outputs without HTML (details' summary).
	Title string
	// Link and LinkText are an embed as the EPUB and the PDF show it.
	Link, LinkText string
}

// KindShortcode and KindShortcodeInline are the node kinds of shortcodes.
var (
	KindShortcode       = ast.NewNodeKind("Shortcode")
	KindShortcodeInline = ast.NewNodeKind("ShortcodeInline")
	kindMarker          = ast.NewNodeKind("ShortcodeMarker")
)

// Shortcode is a shortcode that stands for blocks: its children, when it
// is a box, are the blocks of its inner Markdown.
type Shortcode struct {
	ast.BaseBlock
	ShortcodeOutput
}

func (n *Shortcode) Kind() ast.NodeKind { return KindShortcode }
func (n *Shortcode) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Name}, nil)
}

// ShortcodeInline is a shortcode inside a paragraph.
type ShortcodeInline struct {
	ast.BaseInline
	ShortcodeOutput
}

func (n *ShortcodeInline) Kind() ast.NodeKind { return KindShortcodeInline }
func (n *ShortcodeInline) Dump(src []byte, level int) {
	ast.DumpHelper(n, src, level, map[string]string{"Name": n.Name}, nil)
}

// marker is a shortcode's place in the text until the transformer
// replaces it.
type marker struct {
	ast.BaseInline
	index int
	close bool
}

func (n *marker) Kind() ast.NodeKind         { return kindMarker }
func (n *marker) Dump(src []byte, level int) { ast.DumpHelper(n, src, level, nil, nil) }

// markerRE matches a marker, in a block's comment or not.
var markerRE = regexp.MustCompile("(<!--)?\\^\ue000/?[0-9]{1,9}\ue001(-->)?")

// Markers are "^" and U+E000, the index, U+E001 (private-use
// characters): goldmark tries its inline parsers at punctuation only.
const (
	markOpen  = "^\ue000"
	markClose = "\ue001"
)

// lineShift records that, from offset at of the expanded text on, file
// lines are delta more than the expanded text's lines (a call replaced
// by text with fewer lines).
type lineShift struct{ at, delta int }

// expander expands the shortcodes of one text.
type expander struct {
	r      *Reader
	src    []byte
	doc    *Doc
	host   ShortcodeHost
	st     *readState
	fences [][2]int
	shifts []lineShift
}

type context int

const (
	inMarkdown context = iota // the page's text: markers allowed
	inHTML                    // a {{< >}} template's inner content: HTML
	inCode                    // a fenced code block: text
)

// expandShortcodes returns src with its shortcodes done, and the line
// shifts it made.
func (r *Reader) expandShortcodes(src []byte, doc *Doc, st *readState) ([]byte, []lineShift) {
	calls, problems := shortcode.Parse(src)
	for _, p := range problems {
		doc.report(doc.FirstLine+p.Line-1, false, p.Msg)
	}
	if len(calls) == 0 {
		return src, nil
	}
	e := &expander{r: r, src: src, doc: doc, host: doc.Shortcodes, st: st, fences: fencedRegions(src)}
	var out bytes.Buffer
	out.Grow(len(src))
	e.region(&out, calls, 0, len(src), true)
	return out.Bytes(), e.shifts
}

// report tells a problem, when the page listens.
func (d *Doc) report(line int, err bool, msg string) {
	if d.Report != nil {
		d.Report(line, err, msg)
	}
}

// region writes src[start:end], whose calls are given, expanded in the
// page's text; record tells to keep the line shifts (the page's own text,
// not a template's inner content).
func (e *expander) region(out *bytes.Buffer, calls []*shortcode.Call, start, end int, record bool) {
	pos := start
	for _, c := range calls {
		out.Write(e.src[pos:c.Start])
		e.call(out, c, record)
		pos = c.End
	}
	out.Write(e.src[pos:end])
}

// replaced writes what stands for src[from:to] and keeps the line shift.
func (e *expander) replaced(out *bytes.Buffer, from, to int, s string, record bool) {
	out.WriteString(s)
	if !record {
		return
	}
	if d := bytes.Count(e.src[from:to], []byte("\n")) - strings.Count(s, "\n"); d != 0 {
		e.shifts = append(e.shifts, lineShift{at: out.Len(), delta: d})
	}
}

func (e *expander) line(c *shortcode.Call) int {
	if e.doc.FirstLine == 0 {
		return 0
	}
	return e.doc.FirstLine + c.Line - 1
}

func (e *expander) warn(c *shortcode.Call, format string, args ...any) {
	e.doc.report(e.line(c), false, fmt.Sprintf(format, args...))
}

// call writes one call of the page's text.
func (e *expander) call(out *bytes.Buffer, c *shortcode.Call, record bool) {
	if c.Name == "" {
		e.replaced(out, c.Start, c.End, c.Literal, record)
		return
	}
	if e.inFence(c.Start) || e.inIndentedCode(c.Start) || e.inCodeSpan(c.Start, c.End) {
		// Code shows the call's text output: a marker there would be
		// shown as it is.
		e.replaced(out, c.Start, c.End, e.text(c, inCode), record)
		return
	}
	alone := e.alone(c.Start, c.OpenEnd) && (!c.Closed || e.alone(c.CloseStart, c.End))
	// A template of the site's comes first: it may redefine a built-in.
	if s, ok := e.template(c, inMarkdown); ok {
		if c.Markdown {
			e.replaced(out, c.Start, c.End, s, record)
			return
		}
		if isPlain(s) {
			e.replaced(out, c.Start, c.End, escapeMarkdown(s), record)
			return
		}
		e.replaced(out, c.Start, c.End, e.mark(ShortcodeOutput{Name: c.Name, HTML: []byte(s)}, e.alone(c.Start, c.End), false), record)
		return
	}
	switch c.Name {
	case "ref", "relref", "param":
		e.replaced(out, c.Start, c.End, escapeMarkdown(e.value(c)), record)
		return
	case "figure":
		e.replaced(out, c.Start, c.End, figureMarkdown(c), record)
		return
	case "highlight", "mermaid":
		e.replaced(out, c.Start, c.End, e.fence(c, alone), record)
		return
	case "comment":
		e.replaced(out, c.Start, c.End, "", record)
		return
	}
	if o, ok := embed(c); ok {
		e.replaced(out, c.Start, c.End, e.mark(o, alone, false), record)
		return
	}
	// A box: details, or a shortcode nothing defines. Its inner Markdown
	// stays in the text, between the box's markers.
	o := e.box(c)
	if !c.Closed {
		e.replaced(out, c.Start, c.End, e.mark(o, alone, false), record)
		return
	}
	block := e.alone(c.Start, c.OpenEnd) && e.alone(c.CloseStart, c.End)
	idx := len(e.st.shortcodes)
	e.replaced(out, c.Start, c.OpenEnd, e.mark(o, block, false), record)
	e.region(out, c.Children, c.OpenEnd, c.CloseStart, record)
	e.replaced(out, c.CloseStart, c.End, markerText(idx, true, block), record)
}

// box is what a box shortcode shows around its inner Markdown.
func (e *expander) box(c *shortcode.Call) ShortcodeOutput {
	if c.Name == "details" {
		summary := c.String(-1, "summary")
		if summary == "" {
			summary = "Details"
		}
		open := ""
		if v, _ := c.Get("open").(bool); v || c.String(-1, "open") == "true" {
			open = " open"
		}
		class := ""
		if cl := c.String(-1, "class"); cl != "" {
			class = ` class="` + stdhtml.EscapeString(cl) + `"`
		}
		return ShortcodeOutput{Name: c.Name, Title: summary,
			Open:  []byte("<details" + class + open + "><summary>" + stdhtml.EscapeString(summary) + "</summary>\n"),
			Close: []byte("</details>\n")}
	}
	if e.host != nil {
		e.host.Unknown(c.Name, e.line(c))
	}
	class := "shortcode-" + strings.ReplaceAll(c.Name, "/", "-")
	title := c.String(-1, "title", "header", "summary")
	if title != "" {
		title = strings.TrimSpace(title)
	}
	open := `<div class="` + stdhtml.EscapeString(class) + `">`
	if title != "" {
		open += `<p class="shortcode-title"><strong>` + stdhtml.EscapeString(title) + "</strong></p>"
	}
	return ShortcodeOutput{Name: c.Name, Title: title, Open: []byte(open + "\n"), Close: []byte("</div>\n")}
}

// mark registers a node and returns its marker.
func (e *expander) mark(o ShortcodeOutput, block, closing bool) string {
	e.st.shortcodes = append(e.st.shortcodes, o)
	return markerText(len(e.st.shortcodes)-1, closing, block)
}

func markerText(idx int, closing, block bool) string {
	s := markOpen
	if closing {
		s += "/"
	}
	s += strconv.Itoa(idx) + markClose
	if block {
		return "<!--" + s + "-->"
	}
	return s
}

// template runs the site's template for a call, if it has one; the
// inner content is given with its calls done, as Markdown for {{% %}},
// as HTML for {{< >}}.
func (e *expander) template(c *shortcode.Call, ctx context) (string, bool) {
	if e.host == nil || !e.host.Defines(c.Name) {
		return "", false
	}
	inner := ""
	if c.Closed {
		var b bytes.Buffer
		innerCtx := inHTML
		if c.Markdown && ctx == inMarkdown {
			innerCtx = inMarkdown
		}
		if innerCtx == inMarkdown {
			e.region(&b, c.Children, c.OpenEnd, c.CloseStart, false)
		} else {
			e.textRegion(&b, c.Children, c.OpenEnd, c.CloseStart, innerCtx)
		}
		inner = b.String()
	}
	s, ok, err := e.host.Execute(c, inner)
	if !ok {
		return "", false
	}
	if err != nil {
		e.warn(c, "shortcode %s: %v; its inner text is shown instead", c.Name, err)
		return stdhtml.EscapeString(inner), true
	}
	return s, true
}

// text is a call as text: in a code block, or in a template's inner
// content (HTML).
func (e *expander) text(c *shortcode.Call, ctx context) string {
	if c.Name == "" {
		return c.Literal
	}
	if s, ok := e.template(c, ctx); ok {
		return s
	}
	inner := func() string {
		var b bytes.Buffer
		e.textRegion(&b, c.Children, c.OpenEnd, c.CloseStart, ctx)
		return b.String()
	}
	switch c.Name {
	case "ref", "relref", "param":
		return e.value(c)
	case "comment":
		return ""
	case "highlight", "mermaid":
		if ctx == inCode {
			return inner()
		}
		return `<pre><code class="language-` + stdhtml.EscapeString(c.String(0, "lang")) + `">` + stdhtml.EscapeString(strings.Trim(inner(), "\n")) + "</code></pre>"
	case "figure":
		if ctx == inCode {
			return figureMarkdown(c)
		}
		return figureHTML(c)
	}
	if o, ok := embed(c); ok {
		if ctx == inCode {
			return o.Link
		}
		return string(o.HTML)
	}
	if ctx == inCode {
		return inner()
	}
	o := e.box(c)
	return string(o.Open) + e.markdownify(inner()) + string(o.Close)
}

// textRegion writes src[start:end] with its calls as text.
func (e *expander) textRegion(out *bytes.Buffer, calls []*shortcode.Call, start, end int, ctx context) {
	pos := start
	for _, c := range calls {
		out.Write(e.src[pos:c.Start])
		out.WriteString(e.text(c, ctx))
		pos = c.End
	}
	out.Write(e.src[pos:end])
}

// markdownify renders Markdown inside HTML (a box within a template's
// inner content).
func (e *expander) markdownify(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	d := e.r.Read([]byte(s), &Doc{File: e.doc.File, Resolve: e.doc.Resolve, SiteRootImages: e.doc.SiteRootImages})
	var b bytes.Buffer
	if err := e.r.md.Renderer().Render(&b, d.Source, d.Root); err != nil {
		return stdhtml.EscapeString(s)
	}
	return b.String()
}

// value is what ref, relref and param give.
func (e *expander) value(c *shortcode.Call) string {
	if c.Name == "param" {
		key := c.String(0, "name")
		if e.host != nil {
			if v, ok := e.host.Param(key); ok && v != nil {
				return fmt.Sprint(v)
			}
		}
		e.warn(c, "shortcode param: no parameter %q in the page or the site", key)
		return ""
	}
	target := c.String(0, "path")
	lang := c.String(1, "lang")
	if e.host == nil {
		return target
	}
	u, err := e.host.Ref(target, lang, c.Name == "relref")
	if err != nil {
		e.warn(c, "%s %q: %v", c.Name, target, err)
		return "#"
	}
	return u
}

// fence writes a highlight (or mermaid) call as a fenced code block.
func (e *expander) fence(c *shortcode.Call, alone bool) string {
	lang := c.String(0, "lang")
	if c.Name == "mermaid" {
		lang = "mermaid"
	}
	// In a list item or a quote, the code's lines carry the item's
	// indent or the quote's ">" as written; the closing fence gets them
	// too, so that the block stays in its container.
	ls := bytes.LastIndexByte(e.src[:c.Start], '\n') + 1
	cont := []byte(string(e.src[ls:c.Start]))
	for i, ch := range cont {
		if ch != '>' && ch != ' ' && ch != '\t' {
			cont[i] = ' ' // a list marker: its width in spaces
		}
	}
	if !linePrefix.Match(e.src[ls:c.Start]) {
		cont = nil
	}
	lines := strings.Split(string(c.Inner(e.src)), "\n")
	if len(lines) > 1 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:] // the rest of the opening tag's line
	}
	if n := len(lines); n > 1 && strings.Trim(lines[n-1], " \t>") == "" {
		lines = lines[:n-1] // the closing tag's line, up to the tag
	}
	code := strings.Join(lines, "\n")
	ticks := "```"
	for strings.Contains(code, ticks) {
		ticks += "`"
	}
	s := ticks + lang + "\n" + code + "\n" + string(cont) + ticks
	if !alone {
		return "\n\n" + s + "\n\n"
	}
	return s
}

// alone tells whether src[start:end] stands alone on its lines: only
// white space, quote and list markers before it, white space after.
func (e *expander) alone(start, end int) bool {
	ls := bytes.LastIndexByte(e.src[:start], '\n') + 1
	if !linePrefix.Match(e.src[ls:start]) {
		return false
	}
	le := bytes.IndexByte(e.src[end:], '\n')
	if le < 0 {
		le = len(e.src) - end
	}
	return len(bytes.TrimSpace(e.src[end:end+le])) == 0
}

var linePrefix = regexp.MustCompile(`^[ \t]*((>|[-*+]|[0-9]{1,9}[.)])[ \t]+)*$`)

func (e *expander) inFence(off int) bool {
	for _, f := range e.fences {
		if off >= f[0] && off < f[1] {
			return true
		}
		if f[0] > off {
			break
		}
	}
	return false
}

// inCodeSpan tells whether src[start:end] is inside an inline code span
// of its line: a run of backticks before it that a run of the same
// length closes after it.
func (e *expander) inCodeSpan(start, end int) bool {
	ls := bytes.LastIndexByte(e.src[:start], '\n') + 1
	le := bytes.IndexByte(e.src[end:], '\n')
	if le < 0 {
		le = len(e.src)
	} else {
		le += end
	}
	open := 0 // length of the run that opened a span, 0 outside one
	for i := ls; i < start; {
		if e.src[i] != '`' {
			if e.src[i] == '\\' && open == 0 {
				i += 2
				continue
			}
			i++
			continue
		}
		n := 0
		for i < start && e.src[i] == '`' {
			i, n = i+1, n+1
		}
		switch {
		case open == 0:
			open = n
		case open == n:
			open = 0
		}
	}
	return open > 0 && bytes.Contains(e.src[end:le], bytes.Repeat([]byte("`"), open))
}

// inIndentedCode tells whether the line at off is an indented code
// block's: four spaces or a tab in, after a blank line or another such
// line, and not the text of a list item.
func (e *expander) inIndentedCode(off int) bool {
	ls := bytes.LastIndexByte(e.src[:off], '\n') + 1
	if !indented(e.src[ls:off]) {
		return false
	}
	// Up: blank and indented lines, to the first other one, which must
	// not be a list item's (whose text the indented lines would be).
	sawBlank := false
	for end := ls - 1; end > 0; {
		start := bytes.LastIndexByte(e.src[:end], '\n') + 1
		line := e.src[start:end]
		switch {
		case len(bytes.TrimSpace(line)) == 0:
			sawBlank = true
		case indented(line):
		default:
			return sawBlank && !listItem.Match(line)
		}
		end = start - 1
	}
	return true
}

func indented(line []byte) bool {
	return bytes.HasPrefix(line, []byte("    ")) || bytes.HasPrefix(line, []byte("\t"))
}

var listItem = regexp.MustCompile(`^ {0,3}([-*+]|[0-9]{1,9}[.)])[ \t]`)

// fencedRegions finds the fenced code blocks of a text, as byte ranges
// of their content: enough to know where a call is code (an indented
// fence in a list item counts too).
func fencedRegions(src []byte) [][2]int {
	var out [][2]int
	var fence []byte
	start := 0
	for off := 0; off < len(src); {
		end := bytes.IndexByte(src[off:], '\n')
		next := len(src)
		if end >= 0 {
			next = off + end + 1
		}
		line := bytes.TrimLeft(src[off:next], " \t>")
		if fence == nil {
			if bytes.HasPrefix(line, []byte("```")) || bytes.HasPrefix(line, []byte("~~~")) {
				n := 0
				for n < len(line) && line[n] == line[0] {
					n++
				}
				if line[0] == '`' && bytes.IndexByte(line[n:], '`') >= 0 {
					off = next // ```js``` is code in a line, no fence
					continue
				}
				fence = line[:n]
				start = next
			}
		} else if bytes.HasPrefix(line, fence) && len(bytes.TrimSpace(bytes.TrimLeft(line, string(fence[:1])))) == 0 {
			out = append(out, [2]int{start, off})
			fence = nil
		}
		off = next
	}
	if fence != nil {
		out = append(out, [2]int{start, len(src)})
	}
	return out
}

// isPlain tells a template's output that is plain text on one line (a
// URL, a word): it goes into the text, where it may be a link's
// destination.
func isPlain(s string) bool { return !strings.ContainsAny(s, "<&\n") }

// escapeMarkdown escapes what Markdown would read as syntax in a value.
func escapeMarkdown(s string) string {
	if !strings.ContainsAny(s, "\\`*_[]<>!#|~") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>!#|~", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// figureMarkdown writes Hugo's figure as a Markdown image, a figure with
// its caption when it has one.
func figureMarkdown(c *shortcode.Call) string {
	src := c.String(0, "src")
	alt := c.String(-1, "alt")
	caption := c.String(-1, "caption")
	if t := c.String(-1, "title"); t != "" {
		if caption != "" {
			caption = t + ". " + caption
		} else {
			caption = t
		}
	}
	if alt == "" {
		alt = caption
	}
	img := "![" + escapeMarkdown(alt) + "](<" + strings.ReplaceAll(src, ">", "%3E") + ">"
	if caption != "" {
		img += ` "` + strings.ReplaceAll(strings.ReplaceAll(caption, `\`, `\\`), `"`, `\"`) + `"`
	}
	img += ")"
	if link := c.String(-1, "link"); link != "" {
		img = "[" + img + "](<" + strings.ReplaceAll(link, ">", "%3E") + ">)"
	}
	return img
}

func figureHTML(c *shortcode.Call) string {
	var b strings.Builder
	b.WriteString("<figure")
	if cl := c.String(-1, "class"); cl != "" {
		b.WriteString(` class="` + stdhtml.EscapeString(cl) + `"`)
	}
	b.WriteString(">")
	img := `<img src="` + stdhtml.EscapeString(c.String(0, "src")) + `" alt="` + stdhtml.EscapeString(c.String(-1, "alt")) + `">`
	if link := c.String(-1, "link"); link != "" {
		img = `<a href="` + stdhtml.EscapeString(link) + `">` + img + "</a>"
	}
	b.WriteString(img)
	caption := strings.TrimSpace(c.String(-1, "title") + " " + c.String(-1, "caption"))
	if caption != "" {
		b.WriteString("<figcaption>" + stdhtml.EscapeString(caption) + "</figcaption>")
	}
	b.WriteString("</figure>")
	return b.String()
}

// embed is what a built-in embed shows: the player in HTML, a link
// elsewhere. No request is made at build time.
func embed(c *shortcode.Call) (ShortcodeOutput, bool) {
	esc := url.PathEscape
	title := c.String(-1, "title")
	iframe := func(src, link, label string) (ShortcodeOutput, bool) {
		if title == "" {
			title = label
		}
		h := `<div class="shortcode-embed" style="position:relative;padding-bottom:56.25%;height:0;overflow:hidden">` +
			`<iframe src="` + stdhtml.EscapeString(src) + `" style="position:absolute;top:0;left:0;width:100%;height:100%;border:0" allowfullscreen title="` + stdhtml.EscapeString(title) + `" loading="lazy"></iframe></div>`
		return ShortcodeOutput{Name: c.Name, HTML: []byte(h), Link: link, LinkText: title}, true
	}
	link := func(u, label string) (ShortcodeOutput, bool) {
		h := `<p class="shortcode-embed"><a href="` + stdhtml.EscapeString(u) + `">` + stdhtml.EscapeString(label) + `</a></p>`
		return ShortcodeOutput{Name: c.Name, HTML: []byte(h), Link: u, LinkText: label}, true
	}
	switch c.Name {
	case "youtube":
		id := c.String(0, "id")
		return iframe("https://www.youtube-nocookie.com/embed/"+esc(id), "https://www.youtube.com/watch?v="+url.QueryEscape(id), "YouTube: "+id)
	case "vimeo", "vimeo_simple":
		id := c.String(0, "id")
		return iframe("https://player.vimeo.com/video/"+esc(id), "https://vimeo.com/"+esc(id), "Vimeo: "+id)
	case "gist":
		user, id := c.String(0, "user"), c.String(1, "id")
		u := "https://gist.github.com/" + esc(user) + "/" + esc(id)
		if f := c.String(2, "file"); f != "" {
			u += "#file-" + esc(strings.ReplaceAll(f, ".", "-"))
		}
		return link(u, "Gist "+user+"/"+id)
	case "x", "tweet", "twitter", "twitter_simple", "x_simple":
		user, id := c.String(-1, "user"), c.String(0, "id")
		if user == "" {
			user = "i/web"
		}
		u := "https://x.com/" + user + "/status/" + esc(id)
		return link(u, u)
	case "instagram", "instagram_simple":
		id := c.String(0, "id")
		u := "https://www.instagram.com/p/" + esc(id) + "/"
		return link(u, u)
	case "qr":
		t := c.String(-1, "text")
		if t == "" {
			return ShortcodeOutput{}, false
		}
		if strings.Contains(t, "://") {
			return link(t, t)
		}
		return ShortcodeOutput{Name: c.Name, HTML: []byte(`<p class="shortcode-qr">` + stdhtml.EscapeString(t) + `</p>`), LinkText: t}, true
	}
	return ShortcodeOutput{}, false
}

// markerParser reads the inline markers back.
type markerParser struct{}

func (markerParser) Trigger() []byte { return []byte{markOpen[0]} }

func (markerParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, _ := block.PeekLine()
	idx, closing, n, ok := readMarker(line)
	if !ok {
		return nil
	}
	st, _ := pc.Get(readKey).(*readState)
	if st == nil || idx >= len(st.shortcodes) {
		return nil
	}
	block.Advance(n)
	return &marker{index: idx, close: closing}
}

// readMarker reads a marker at the start of b: its index, whether it
// closes a box, and its length.
func readMarker(b []byte) (idx int, closing bool, n int, ok bool) {
	if !bytes.HasPrefix(b, []byte(markOpen)) {
		return 0, false, 0, false
	}
	i := len(markOpen)
	if i < len(b) && b[i] == '/' {
		closing = true
		i++
	}
	j := i
	for j < len(b) && b[j] >= '0' && b[j] <= '9' {
		j++
	}
	if j == i || j-i > 9 || !bytes.HasPrefix(b[j:], []byte(markClose)) {
		return 0, false, 0, false
	}
	idx, _ = strconv.Atoi(string(b[i:j]))
	return idx, closing, j + len(markClose), true
}

// shortcodeTransformer replaces markers with Shortcode nodes, moving
// what stands between a box's two markers into it. A box whose markers
// are not in the same block stays empty, what it held in its place.
type shortcodeTransformer struct{}

func (shortcodeTransformer) Transform(root *ast.Document, reader text.Reader, pc parser.Context) {
	st, _ := pc.Get(readKey).(*readState)
	if st == nil || len(st.shortcodes) == 0 {
		return
	}
	resolveMarkers(root, reader.Source(), st)
}

func resolveMarkers(parent ast.Node, src []byte, st *readState) {
	// Markers inside raw HTML (a shortcode between a <div> and its
	// </div>): the HTML is cut at the markers alone on their lines, and
	// the markers within a line are replaced by their HTML.
	for c := parent.FirstChild(); c != nil; {
		next := c.NextSibling()
		if h, ok := c.(*ast.HTMLBlock); ok && bytes.Contains(htmlBlockText(h, src), []byte(markOpen)) {
			if _, _, _, isMarker := markerOf(c, src); !isMarker {
				for _, n := range splitHTMLBlock(h, src, st) {
					parent.InsertBefore(parent, c, n)
				}
				parent.RemoveChild(parent, c)
			}
		}
		c = next
	}
	open := map[int]ast.Node{}
	for c := parent.FirstChild(); c != nil; {
		next := c.NextSibling()
		if raw, ok := c.(*ast.RawHTML); ok {
			if b := rawSegments(raw, src); bytes.Contains(b, []byte(markOpen)) {
				// <span title="{{< x >}}">: the marker's HTML in the tag.
				parent.ReplaceChild(parent, c, &ShortcodeInline{ShortcodeOutput: ShortcodeOutput{Name: "html", HTML: replaceMarkers(b, st)}})
				c = next
				continue
			}
		}
		idx, closing, block, ok := markerOf(c, src)
		if !ok {
			if c.HasChildren() {
				resolveMarkers(c, src, st)
			}
			c = next
			continue
		}
		if closing {
			if box, ok := open[idx]; ok {
				for n := box.NextSibling(); n != nil && n != c; {
					nn := n.NextSibling()
					parent.RemoveChild(parent, n)
					box.AppendChild(box, n)
					n = nn
				}
				delete(open, idx)
			}
			parent.RemoveChild(parent, c)
			c = next
			continue
		}
		o := st.shortcodes[idx]
		var n ast.Node
		if block {
			n = &Shortcode{ShortcodeOutput: o}
		} else {
			n = &ShortcodeInline{ShortcodeOutput: o}
		}
		parent.ReplaceChild(parent, c, n)
		if o.Open != nil {
			open[idx] = n
		}
		c = next
	}
}

// splitHTMLBlock cuts an HTML block at the markers alone on their lines
// (each becomes a one-line block the resolver reads); a piece holding
// markers within its lines becomes a Shortcode leaf of that HTML, the
// markers replaced by their own.
func splitHTMLBlock(h *ast.HTMLBlock, src []byte, st *readState) []ast.Node {
	var segs []text.Segment
	for i := 0; i < h.Lines().Len(); i++ {
		segs = append(segs, h.Lines().At(i))
	}
	if h.HasClosure() {
		segs = append(segs, h.ClosureLine)
	}
	var out []ast.Node
	var run []text.Segment
	flush := func() {
		if len(run) == 0 {
			return
		}
		var b bytes.Buffer
		for _, s := range run {
			b.Write(s.Value(src))
		}
		if bytes.Contains(b.Bytes(), []byte(markOpen)) {
			out = append(out, &Shortcode{ShortcodeOutput: ShortcodeOutput{Name: "html", HTML: replaceMarkers(b.Bytes(), st)}})
		} else {
			n := ast.NewHTMLBlock(h.HTMLBlockType)
			for _, s := range run {
				n.Lines().Append(s)
			}
			out = append(out, n)
		}
		run = nil
	}
	for _, s := range segs {
		line := bytes.TrimSpace(s.Value(src))
		if bytes.HasPrefix(line, []byte("<!--")) && bytes.HasSuffix(line, []byte("-->")) {
			inner := line[4 : len(line)-3]
			if _, _, l, ok := readMarker(inner); ok && l == len(inner) {
				flush()
				n := ast.NewHTMLBlock(ast.HTMLBlockType2)
				n.Lines().Append(s)
				out = append(out, n)
				continue
			}
		}
		run = append(run, s)
	}
	flush()
	return out
}

// replaceMarkers puts in raw HTML the HTML of the markers it holds.
func replaceMarkers(b []byte, st *readState) []byte {
	var out bytes.Buffer
	for {
		i := bytes.Index(b, []byte(markOpen))
		if i < 0 {
			out.Write(b)
			return out.Bytes()
		}
		idx, closing, n, ok := readMarker(b[i:])
		if !ok || idx >= len(st.shortcodes) {
			out.Write(b[:i+len(markOpen)])
			b = b[i+len(markOpen):]
			continue
		}
		start, end := i, i+n
		// A block marker's comment goes too.
		if bytes.HasSuffix(b[:start], []byte("<!--")) && bytes.HasPrefix(b[end:], []byte("-->")) {
			start, end = start-4, end+3
		}
		out.Write(b[:start])
		o := st.shortcodes[idx]
		switch {
		case closing:
			out.Write(o.Close)
		case o.Open != nil:
			out.Write(o.Open)
		default:
			out.Write(o.HTML)
		}
		b = b[end:]
	}
}

// markerOf tells whether a node is a marker: an inline one, or an HTML
// block that holds one only.
func markerOf(n ast.Node, src []byte) (idx int, closing, block, ok bool) {
	switch n := n.(type) {
	case *marker:
		return n.index, n.close, false, true
	case *ast.HTMLBlock:
		if n.HTMLBlockType != ast.HTMLBlockType2 || n.Lines().Len() != 1 {
			return 0, false, false, false
		}
		seg := n.Lines().At(0)
		b := bytes.TrimSpace(seg.Value(src))
		if !bytes.HasPrefix(b, []byte("<!--")) || !bytes.HasSuffix(b, []byte("-->")) {
			return 0, false, false, false
		}
		b = b[4 : len(b)-3]
		idx, closing, l, ok := readMarker(b)
		if !ok || l != len(b) {
			return 0, false, false, false
		}
		return idx, closing, true, true
	}
	return 0, false, false, false
}
