package typeset

import (
	"github.com/communs/communs/internal/typeset/font"
)

// Layout is a typeset document: pages of positioned boxes. Coordinates
// are in PostScript points from the page's top-left corner, y downward.
// It is what package pdfout draws; a booklet places its pages on sheets.
type Layout struct {
	Width, Height float64 // page size
	Pages         []*Page
	// Outline is the bookmarks: chapters (level 1) and their headings.
	Outline []OutlineEntry
	// Anchors are the link targets of the document.
	Anchors map[string]Dest
	// Missing lists characters no font has (drawn as boxes).
	Missing []Missing
	// Warnings are what the layout could not do as asked: a word longer
	// than a line broken anywhere, a table too wide for the page.
	Warnings []Warning
	// Fonts are the fonts the pages use, in a fixed order.
	Fonts []*font.Font
}

// Dest is a place in the layout.
type Dest struct {
	Page int // 0-based index in Pages
	Y    float64
}

// OutlineEntry is a bookmark.
type OutlineEntry struct {
	Title string
	Level int // 1 for chapters
	Dest  Dest
}

// Missing is a character without a glyph in any font.
type Missing struct {
	Rune rune
	File string
	Line int // 0 when unknown
}

// Warning is a problem of the layout, in a source file.
type Warning struct {
	File string
	Line int // 0 when unknown
	Text string
}

// Page is one page.
type Page struct {
	// Folio is the printed page number ("" when none is printed: cover,
	// title pages, blank pages).
	Folio string
	// Number is the page's number in the book (1-based), printed or not.
	Number int
	Blank  bool
	Items  []Item
}

// ItemKind tells what an Item draws.
type ItemKind uint8

const (
	// TextItem draws Text in Font at Size, its baseline starting at (X, Y);
	// W is its width.
	TextItem ItemKind = iota
	// RectItem fills (Fill) or strokes (LineWidth) the rectangle X, Y, W, H.
	RectItem
	// LineItem strokes a line from (X, Y) to (X+W, Y+H).
	LineItem
	// ImageItem draws the image file Image in the rectangle.
	ImageItem
	// LinkItem makes the rectangle a link to URL or to the anchor Target.
	LinkItem
	// AnchorItem is the link target Target, at Y.
	AnchorItem
)

// Item is something drawn on a page.
type Item struct {
	// Kind, Color and Fill share a word: a long book's layouts hold
	// millions of items.
	Kind       ItemKind
	Color      Color
	Fill       bool
	X, Y, W, H float64
	Font       *font.Font
	Size       float64
	Text       string
	LineWidth  float64
	Image      string
	URL        string
	Target     string
}
