// Package markdown is communs' Markdown pipeline: goldmark set up once per
// language with the extensions authors use, plus AST transforms for
// figures, links to resources and French spacing.
package markdown

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"

	"github.com/communs/communs/internal/slug"
)

// Options choose the flavour of output.
type Options struct {
	Lang string
	// Highlighter colours code blocks; nil makes one for the converter
	// (a build shares one between its languages).
	Highlighter *Highlighter
}

// Converter turns Markdown into HTML for one language: the Reader, then
// the HTML writer. It is safe for concurrent use.
type Converter struct {
	reader *Reader
	html   renderer.Renderer
}

// Target is what a relative link or image in a page points to.
type Target struct {
	URL           string
	Width, Height int // images: pixel size, 0 when unknown
	// Problem, when set, explains why the target exists but cannot be
	// linked (a draft page): reported as a warning, the link kept.
	Problem string
	// Damaged, when set, tells why the file found cannot be shown (an
	// empty or undecodable image), as the end of a sentence: reported as
	// an error.
	Damaged string
	// File is the file on disk the target is (a page's resource, a
	// static file), for the outputs that carry files (EPUB, PDF).
	File string
	// Page is the source file (content/…) of the page the target is.
	Page string
}

// Doc carries what converting one page needs besides its text.
type Doc struct {
	File      string // for messages
	FirstLine int    // file line of the body's first line
	// Resolve maps a relative link or image destination (already
	// unescaped, without #fragment) to its target; ok is false when it
	// points to nothing. It may be nil.
	Resolve func(dest string, image bool) (Target, bool)
	// SiteRootImages tells that Resolve also answers for images written
	// from the site's root ("/images/logo.png", without #fragment): ok
	// when the build publishes a file there. Those that name nothing are
	// reported as warnings; their destination is kept as written.
	SiteRootImages bool
	// Report is told of each problem; line is a file line (0 unknown).
	Report func(line int, err bool, msg string)
	// SummaryWords bounds the automatic summary.
	SummaryWords int
	// EPUB and PDF tell that the page is in an EPUB, a PDF: raw HTML they
	// cannot render is reported.
	EPUB, PDF bool
	// Shortcodes runs the shortcodes the site defines; nil: the built-in
	// ones only.
	Shortcodes ShortcodeHost
	// HTMLBody tells a text in HTML, not Markdown (a Hugo site's .html
	// page): shown as it is, shortcodes done.
	HTMLBody bool

	shifts []lineShift // set by the read
}

// Result is a converted page.
type Result struct {
	HTML      []byte
	Summary   string // plain text, escaped for HTML
	Truncated bool
	Words     int
	TOC       []Heading
}

// Heading is a section heading with its anchor.
type Heading struct {
	Level int
	ID    string
	Text  string
}

var docKey = parser.NewContextKey()

// New sets up the reader and the HTML writer of a language.
func New(opts Options) *Converter {
	r := newReader(opts.Lang, opts.Highlighter)
	return &Converter{reader: r, html: r.md.Renderer()}
}

// htmlRendererOptions set up goldmark's HTML renderer for the site:
// raw HTML kept, and communs' figures, images and highlighted code.
func htmlRendererOptions(lang string, hl *Highlighter) []renderer.Option {
	return []renderer.Option{
		html.WithUnsafe(),
		renderer.WithNodeRenderers(util.Prioritized(&nodeRenderer{lang: lang, hl: hl}, 100)),
	}
}

// mayLinkify tells whether goldmark's linkify could find a bare URL or
// e-mail address in src: it needs "http:", "https:", "ftp:", "www." or
// an "@". Half of the articles of the corpus have none.
func mayLinkify(src []byte) bool {
	return bytes.IndexByte(src, '@') >= 0 || bytes.Contains(src, []byte("http")) ||
		bytes.Contains(src, []byte("www.")) || bytes.Contains(src, []byte("ftp:"))
}

// French tells whether the converter applies French typography.
func (c *Converter) French() bool { return c.reader.french }

// Reader is the converter's reader.
func (c *Converter) Reader() *Reader { return c.reader }

// Convert turns a page's Markdown body into HTML.
func (c *Converter) Convert(src []byte, doc *Doc) (*Result, error) {
	d := c.reader.Read(src, doc)
	html, err := c.HTML(d)
	if err != nil {
		return nil, err
	}
	return &Result{HTML: html, Summary: d.Summary, Truncated: d.Truncated, Words: d.Words, TOC: d.TOC}, nil
}

// HTML renders a document read by the converter's reader.
func (c *Converter) HTML(d *Document) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(d.Source) + len(d.Source)/4)
	if err := c.html.Render(&buf, d.Source, d.Root); err != nil {
		return nil, fmt.Errorf("%s: rendering Markdown: %w", d.File, err)
	}
	return buf.Bytes(), nil
}

// collect walks the finished tree for the table of contents, the word
// count and the summary; it tells whether the text holds raw HTML.
func collect(root ast.Node, src []byte, res *Result, doc *Doc) (rawHTML bool) {
	var summary *ast.Paragraph
	var moreAt ast.Node
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if n.Level >= 2 && n.Level <= 4 {
				id, _ := n.AttributeString("id")
				idb, _ := id.([]byte)
				res.TOC = append(res.TOC, Heading{Level: n.Level, ID: string(idb), Text: PlainText(n, src)})
			}
		case *ast.Paragraph:
			// The summary is the first paragraph with words: not an image alone.
			if summary == nil && n.Parent() == root && moreAt == nil && PlainText(n, src) != "" {
				summary = n
			}
		case *ast.RawHTML:
			rawHTML = true
		case *Shortcode:
			rawHTML = rawHTML || n.HTML != nil || n.Open != nil
		case *ShortcodeInline:
			rawHTML = rawHTML || n.HTML != nil || n.Open != nil
		case *ast.HTMLBlock:
			rawHTML = true
			if n.Parent() == root && moreAt == nil && bytes.Contains(blockText(n, src), []byte("<!--more-->")) {
				moreAt = n
			}
		case *ast.Text:
			res.Words += countWords(n.Value(src))
		case *ast.String:
			if !n.IsCode() {
				res.Words += countWords(n.Value)
			}
		case *ast.FencedCodeBlock:
			// Language caches what it finds in the node: found now, the
			// writers only read it, however many render the tree at once.
			n.Language(src)
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	var text string
	if moreAt != nil {
		var parts []string
		for n := root.FirstChild(); n != nil && n != moreAt; n = n.NextSibling() {
			if _, ok := n.(*ast.Paragraph); ok {
				parts = append(parts, PlainText(n, src))
			}
		}
		text = strings.Join(parts, " ")
		res.Truncated = true
	} else if summary != nil {
		text = PlainText(summary, src)
		res.Truncated = summary.NextSibling() != nil
	}
	text = collapseSpaces(text)
	limit := doc.SummaryWords
	if limit <= 0 {
		limit = 70
	}
	if t, cut := truncateWords(text, limit); cut {
		text = t + "…"
		res.Truncated = true
	}
	res.Summary = stdhtml.EscapeString(text)
	return rawHTML
}

func blockText(n ast.Node, src []byte) []byte {
	var b bytes.Buffer
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		b.Write(seg.Value(src))
	}
	return b.Bytes()
}

// PlainText is the text of an inline tree, without markup, images or
// footnote calls.
func PlainText(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *extast.FootnoteLink, *ast.Image:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			b.Write(c.Value(src))
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *ast.CodeSpan:
			for t := c.FirstChild(); t != nil; t = t.NextSibling() {
				if tx, ok := t.(*ast.Text); ok {
					b.Write(tx.Value(src))
				}
			}
			return ast.WalkSkipChildren, nil
		case *ast.AutoLink:
			b.Write(c.Label(src))
		case *ast.RawHTML:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return strings.TrimSpace(b.String())
}

// countWords counts runs of letters and digits, with apostrophes and
// hyphens inside words.
func countWords(b []byte) int {
	n, in := 0, false
	for i := 0; i < len(b); {
		if c := b[i]; c < utf8.RuneSelf {
			// ASCII, most of the text: no decoding, no Unicode tables.
			switch asciiClass[c] {
			case wordChar:
				if !in {
					n++
				}
				in = true
			case otherChar:
				in = false
			} // a joiner keeps a word going, starts none
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		i += size
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		if word && !in {
			n++
		}
		in = word || (in && r == '’')
	}
	return n
}

const (
	otherChar = iota
	wordChar
	joinerChar // ' and -
)

// asciiClass sorts the ASCII characters for countWords.
var asciiClass = func() (t [utf8.RuneSelf]uint8) {
	for c := range t {
		switch {
		case 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9':
			t[c] = wordChar
		case c == '\'' || c == '-':
			t[c] = joinerChar
		}
	}
	return t
}()

func truncateWords(s string, limit int) (string, bool) {
	count, in := 0, false
	for i, r := range s {
		word := !unicode.IsSpace(r)
		if word && !in {
			count++
			if count > limit {
				return strings.TrimRightFunc(s[:i], func(r rune) bool {
					return unicode.IsSpace(r) || unicode.IsPunct(r) && r != '?' && r != '!' && r != '»'
				}), true
			}
		}
		in = word
	}
	return s, false
}

// lineOf finds the file line of a node in a page.
func lineOf(n ast.Node, src []byte, doc *Doc) int {
	return lineAt(nodeOffset(n), src, doc.FirstLine, doc.shifts)
}

// SourceLine finds the file line of a node: that of the first text below
// it, else of the nearest block with lines; firstLine is the file line of
// src's first line (0 when unknown: the result is then 0 too).
func SourceLine(n ast.Node, src []byte, firstLine int) int {
	return lineAt(nodeOffset(n), src, firstLine, nil)
}

// lineAt is the file line of an offset of src, given the line shifts
// the shortcodes made (-1: unknown, 0).
func lineAt(off int, src []byte, firstLine int, shifts []lineShift) int {
	if off < 0 || firstLine == 0 {
		return 0
	}
	line := firstLine + bytes.Count(src[:min(off, len(src))], []byte("\n"))
	for _, s := range shifts {
		if s.at > off {
			break
		}
		line += s.delta
	}
	return line
}

// nodeOffset is the offset of a node's first text, else of the nearest
// block with lines, -1 when none.
func nodeOffset(n ast.Node) int {
	off := -1
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if t, ok := c.(*ast.Text); ok && entering {
			off = t.Segment.Start
			return ast.WalkStop, nil
		}
		return ast.WalkContinue, nil
	})
	for p := n; off < 0 && p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			off = p.Lines().At(0).Start
		}
	}
	return off
}

// ids makes readable, unique heading ids: « S’émanciper de la basse-cour »
// → semanciper-de-la-basse-cour.
type ids struct{ used map[string]bool }

func newIDs() *ids { return &ids{used: map[string]bool{}} }

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	if bytes.Contains(value, []byte(markOpen)) {
		value = markerRE.ReplaceAll(value, nil) // a shortcode's place: not words of the heading
	}
	base := slug.Make(string(value))
	if base == "" {
		base = "section"
	}
	if base[0] >= '0' && base[0] <= '9' {
		base = "s-" + base // ids that start with a digit are awkward in CSS selectors
	}
	id := base
	for i := 1; s.used[id]; i++ {
		id = fmt.Sprintf("%s-%d", base, i)
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }

// EscapeText escapes plain text for HTML.
func EscapeText(s string) string { return stdhtml.EscapeString(s) }

// IsFrench tells whether a language code is French, whose pages get
// French typography.
func IsFrench(lang string) bool { return lang == "fr" || strings.HasPrefix(lang, "fr-") }

// TitleText gives a plain string (a title, a caption, a tag) the
// typography the body gets: typographic apostrophes (l'équipe →
// l’équipe, don't → don’t), and French spacing for French.
func TitleText(lang, s string) string {
	if strings.IndexByte(s, '\'') >= 0 {
		var b strings.Builder
		prev := rune(0)
		for _, r := range s {
			if r == '\'' && (unicode.IsLetter(prev) || unicode.IsDigit(prev)) {
				r = '’'
			}
			b.WriteRune(r)
			prev = r
		}
		s = b.String()
	}
	if IsFrench(lang) {
		s = FrenchText(s)
	}
	return s
}

// collapseSpaces folds runs of ASCII white space (where an image or a line
// break was) into one space; no-break spaces are kept.
func collapseSpaces(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\n' || r == '\r' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}
