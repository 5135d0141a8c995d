package markdown

import (
	"bytes"
	stdhtml "html"
	"regexp"
	"strings"
	"sync/atomic"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/communs/communs/internal/shortcode"
)

// Reader parses the Markdown of one language into Documents: goldmark set
// up once, with communs' node kinds and transforms (links and resources,
// figures, French spacing). Every output renders what it reads, so each
// construct is recognised here, in one place, and each problem reported
// once. It is safe for concurrent use.
type Reader struct {
	lang   string
	french bool
	md     goldmark.Markdown
	// plain is md without linkify, for texts where it can find nothing
	// (see mayLinkify): on every space it stops the inline parser.
	plain goldmark.Markdown
	reads atomic.Int64
}

// Document is a page's Markdown read: goldmark's tree, transformed, with
// what the transforms learnt. Writers only read it: one Document may be
// rendered by several outputs at once.
type Document struct {
	Lang      string
	File      string
	FirstLine int
	Source    []byte
	Root      *ast.Document
	// Links holds, for each relative link or image that names a file or a
	// page of the site, what it names; the node's destination is already
	// the target's URL on the site.
	Links map[ast.Node]Link
	// RawHTML tells that the text holds raw HTML, which may not be XML.
	RawHTML bool

	Summary   string // plain text, escaped for HTML
	Truncated bool
	Words     int
	TOC       []Heading

	// shifts map the lines of Source, where shortcodes were expanded, to
	// the file's.
	shifts []lineShift
}

// Link is what a relative link or image resolved to.
type Link struct {
	Target
	// Written is the destination as the author wrote it.
	Written string
	// Fragment is its #fragment, with the #, or "".
	Fragment string
}

// Line is the file line of a node of the document.
func (d *Document) Line(n ast.Node) int {
	return lineAt(nodeOffset(n), d.Source, d.FirstLine, d.shifts)
}

// LineAt is the file line of an offset of the document's source.
func (d *Document) LineAt(off int) int { return lineAt(off, d.Source, d.FirstLine, d.shifts) }

// readState is what one parse learns besides the tree.
type readState struct {
	links map[ast.Node]Link
	// shortcodes are the nodes the text's markers stand for.
	shortcodes []ShortcodeOutput
}

var readKey = parser.NewContextKey()

// typographicQuotes are the substitutions of goldmark's typographer for a
// language.
func typographicQuotes(french bool) map[extension.TypographicPunctuation][]byte {
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
	if french {
		quotes[extension.LeftDoubleQuote] = []byte("«\u202f")
		quotes[extension.RightDoubleQuote] = []byte("\u202f»")
	}
	return quotes
}

// extensions are the Markdown extensions authors use, besides GFM's
// linkify, tables, strikethrough and task lists.
func extensions(french bool) []goldmark.Extender {
	return []goldmark.Extender{
		extension.DefinitionList,
		extension.NewFootnote(extension.WithFootnoteBacklinkHTML("↩\ufe0e")),
		extension.NewTypographer(extension.WithTypographicSubstitutions(typographicQuotes(french))),
	}
}

// NewReader sets up goldmark for a language.
func NewReader(lang string) *Reader { return newReader(lang, nil) }

func newReader(lang string, hl *Highlighter) *Reader {
	if hl == nil {
		hl = NewHighlighter()
	}
	r := &Reader{lang: lang, french: IsFrench(lang)}
	transformers := []util.PrioritizedValue{
		util.Prioritized(shortcodeTransformer{}, 50),
		util.Prioritized(linkTransformer{}, 100),
		util.Prioritized(figureTransformer{}, 200),
	}
	if r.french {
		// Runs last, on the text as every other transform left it.
		transformers = append(transformers, util.Prioritized(FrenchSpacing(), 10000))
	}
	md := func(gfm ...goldmark.Extender) goldmark.Markdown {
		return goldmark.New(
			goldmark.WithExtensions(gfm...),
			goldmark.WithExtensions(extensions(r.french)...),
			goldmark.WithParserOptions(
				parser.WithAutoHeadingID(),
				parser.WithAttribute(),
				parser.WithASTTransformers(transformers...),
				parser.WithInlineParsers(util.Prioritized(markerParser{}, 50)),
			),
			// The HTML writer renders with md's renderer (see New).
			goldmark.WithRendererOptions(htmlRendererOptions(lang, hl)...),
		)
	}
	r.md = md(extension.GFM)
	r.plain = md(extension.Table, extension.Strikethrough, extension.TaskList)
	return r
}

// Lang is the reader's language.
func (r *Reader) Lang() string { return r.lang }

// Reads counts the documents read so far.
func (r *Reader) Reads() int64 { return r.reads.Load() }

// Read parses a page's Markdown body. Problems (links to nothing, images
// without description) go to doc.Report.
func (r *Reader) Read(src []byte, doc *Doc) *Document {
	if doc == nil {
		doc = &Doc{}
	}
	r.reads.Add(1)
	st := &readState{links: map[ast.Node]Link{}}
	if doc.HTMLBody {
		return r.readHTML(src, doc)
	}
	if shortcode.Has(src) {
		src, doc.shifts = r.expandShortcodes(src, doc, st)
	}
	pc := parser.NewContext(parser.WithIDs(newIDs()))
	pc.Set(docKey, doc)
	pc.Set(readKey, st)
	md := r.md
	if !mayLinkify(src) {
		md = r.plain
	}
	root := md.Parser().Parse(text.NewReader(src), parser.WithContext(pc)).(*ast.Document)
	d := &Document{Lang: r.lang, File: doc.File, FirstLine: doc.FirstLine, Source: src, Root: root, Links: st.links, shifts: doc.shifts}
	res := &Result{}
	d.RawHTML = collect(root, src, res, doc)
	if d.RawHTML {
		checkPrinted(root, src, doc)
	}
	d.Summary, d.Truncated, d.Words, d.TOC = res.Summary, res.Truncated, res.Words, res.TOC
	return d
}

// readHTML reads a page written in HTML: one node of its HTML, its
// shortcodes done as text.
func (r *Reader) readHTML(src []byte, doc *Doc) *Document {
	if shortcode.Has(src) {
		calls, problems := shortcode.Parse(src)
		for _, p := range problems {
			doc.report(doc.FirstLine+p.Line-1, false, p.Msg)
		}
		e := &expander{r: r, src: src, doc: doc, host: doc.Shortcodes, st: &readState{}}
		var b bytes.Buffer
		e.textRegion(&b, calls, 0, len(src), inHTML)
		src = b.Bytes()
	}
	root := ast.NewDocument()
	root.AppendChild(root, &Shortcode{ShortcodeOutput: ShortcodeOutput{Name: "html", HTML: src}})
	d := &Document{Lang: r.lang, File: doc.File, FirstLine: doc.FirstLine, Source: src, Root: root, Links: map[ast.Node]Link{}, RawHTML: true}
	text := strings.Join(strings.Fields(HTMLText(string(src))), " ")
	d.Words = countWords([]byte(text))
	limit := doc.SummaryWords
	if limit <= 0 {
		limit = 70
	}
	d.Summary, d.Truncated = truncateWords(text, limit)
	d.Summary = EscapeText(d.Summary)
	return d
}

var htmlTags = regexp.MustCompile(`(?s)<!--.*?-->|<script\b.*?</script>|<style\b.*?</style>|<[^>]*>`)

// HTMLText is the text of raw HTML: tags, comments, scripts and styles
// dropped (each a space), character references resolved.
func HTMLText(s string) string {
	return stdhtml.UnescapeString(htmlTags.ReplaceAllString(s, " "))
}
