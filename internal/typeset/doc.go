// Package typeset is communs' typesetting engine: it turns a document (a
// book's or an article's blocks, read from Markdown) into pages of
// positioned boxes, the way TeX does, in layers that know nothing of PDF:
//
//	document (doc.go, markdown.go)
//	  → boxes, glue and penalties (inline.go)
//	  → lines: Knuth–Plass optimal line breaking with hyphenation (linebreak.go)
//	  → a vertical list of lines, figures, rules (vlist.go)
//	  → pages: widows, orphans, keeps, footnotes, running heads, folios (pages.go)
//	  → Layout (layout.go): what package pdfout draws, and what the booklet
//	    imposition places on sheets.
package typeset

import (
	"github.com/communs/communs/internal/typeset/font"
)

// Color is an RGB colour.
type Color struct{ R, G, B uint8 }

// Black is the text colour.
var Black = Color{}

// Document is what is typeset: sections (cover, title page, colophon,
// table of contents, chapters) of blocks.
type Document struct {
	Lang     string
	Title    string
	Subtitle string
	Authors  []string
	Subject  string
	Keywords []string
	// RunningTitle heads left-hand pages (the book's title).
	RunningTitle string
	Sections     []*Section
}

// SectionKind tells how a section is laid out.
type SectionKind uint8

const (
	Chapter   SectionKind = iota // running heads, folios, outline entry
	Cover                        // one page, no folio nor head
	TitlePage                    // no folio nor head, centred vertically
	Colophon                     // no folio nor head, set at the foot of its page
	Contents                     // the table of contents
)

// Section is a run of pages: it starts on a new page.
type Section struct {
	Kind  SectionKind
	Title string // chapter title: right-hand running heads and the outline
	ID    string // anchor of its first page
	// Heading is typeset as the chapter's opening title (when non-nil).
	Heading []Inline
	// Subheading is set under the title, in italic (a chapter's subtitle).
	Subheading []Inline
	Blocks     []Block
	// SameFlow keeps the section on the page where the previous one ends
	// (the colophon on the back of the title page is its own page anyway).
	SameFlow bool
	// File names the source for messages about missing characters.
	File string
}

// Block is one block of a section: *Paragraph, *Heading, *List, *Quote,
// *CodeBlock, *Table, *Figure, *DefList, *Rule, *TOC, *Spacer.
type Block interface{ block() }

// Align is a paragraph's alignment.
type Align uint8

const (
	Justify Align = iota
	Left
	Center
	Right
)

// Paragraph is running text.
type Paragraph struct {
	Inlines []Inline
	// NoIndent suppresses the first-line indent (after headings, in lists).
	NoIndent bool
	Align    Align
	// Size scales the type (1 = body size); 0 means 1.
	Size  float64
	Style font.Style
	Line  int // source line, for messages
	// SpaceBefore adds space above, in lines of the body.
	SpaceBefore float64
}

// Heading is a section heading inside a chapter (level 2 to 6).
type Heading struct {
	Level   int
	Inlines []Inline
	ID      string
	Text    string // plain text: outline and table of contents
	Line    int
}

// List is a bulleted or numbered list.
type List struct {
	Ordered bool
	Start   int
	Items   [][]Block
}

// Quote is a block quotation.
type Quote struct{ Blocks []Block }

// CodeBlock is preformatted code, one slice of coloured tokens per line.
type CodeBlock struct {
	Lines [][]Token
	Line  int
}

// Token is a piece of code in one colour.
type Token struct {
	Text  string
	Color Color
	Bold  bool
}

// Table is a table with a header row.
type Table struct {
	Header []Cell
	Rows   [][]Cell
	Aligns []Align
	Line   int // source line, for messages
}

// Cell is a table cell.
type Cell struct{ Inlines []Inline }

// Figure is an image with its caption.
type Figure struct {
	Path          string // image file (PNG or JPEG)
	Width, Height int    // pixels
	Alt           string
	Caption       []Inline
	// FullPage scales the image to the whole text block (a cover).
	FullPage bool
	// Unsupported is an image the PDF cannot draw (SVG): its description
	// is set in a frame instead.
	Unsupported bool
	// Link makes the image a link to this URL.
	Link string
	Line int
}

// DefList is a definition list.
type DefList struct{ Items []DefItem }

// DefItem is a term and its definitions.
type DefItem struct {
	Term []Inline
	Defs [][]Block
}

// Rule is a thematic break.
type Rule struct{}

// TOC is the table of contents: page numbers are filled in by a second
// pass of the layout.
type TOC struct{ Entries []TOCEntry }

// TOCEntry is a line of the table of contents.
type TOCEntry struct {
	Level  int // 1 for chapters
	Text   string
	Anchor string
}

// Spacer is vertical space, in lines of the body.
type Spacer struct{ Lines float64 }

func (*Paragraph) block() {}
func (*Heading) block()   {}
func (*List) block()      {}
func (*Quote) block()     {}
func (*CodeBlock) block() {}
func (*Table) block()     {}
func (*Figure) block()    {}
func (*DefList) block()   {}
func (*Rule) block()      {}
func (*TOC) block()       {}
func (*Spacer) block()    {}

// Inline is a piece of text in one style, or a special inline element.
type Inline struct {
	Text  string
	Style Style
	// Note, when set, makes this inline a footnote call (its text is the
	// call's number).
	Note *Note
	// Anchor, when set, is a zero-width link target.
	Anchor string
	// Break is a hard line break.
	Break bool
	// Image, when set, makes this inline an image set in the line, scaled
	// to the type size.
	Image *InlineImage
	Line  int // source line, for messages
}

// InlineImage is an image within running text.
type InlineImage struct {
	Path          string // PNG or JPEG file
	Width, Height int    // pixels
	Alt           string
}

// Style is how an inline is set.
type Style struct {
	Font font.Style
	Mono bool
	// Size scales the type (0 means 1).
	Size  float64
	Color Color
	// Link is an external URL; Target an anchor of the document.
	Link, Target string
	Super        bool
	Strike       bool
	// URL marks text that breaks after / . - rather than being hyphenated
	// (URLs, e-mail and onion addresses, code).
	URL bool
}

// Note is a footnote.
type Note struct {
	Label  string // "1"
	ID     string // anchor of the note
	CallID string // anchor of the call
	Blocks []Block
}
