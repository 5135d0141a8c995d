// Package pdfout draws a typeset Layout as PDF with gopdf
// (github.com/signintech/gopdf v0.37.0): fonts embedded as subsets,
// compressed streams, links, then a pass over gopdf's output (fix.go)
// that repairs what gopdf writes wrongly or not at all:
//
//   - ToUnicode maps of characters outside the Basic Multilingual Plane
//     (emoji): gopdf writes the code point as five or six hex digits
//     (<1F986>), which is not UTF-16BE, so text extraction gives garbage;
//     they are rewritten as surrogate pairs (<D83EDD86>), in bfchar blocks
//     of at most 100 entries as the CMap specification requires;
//   - the document information dictionary, which gopdf writes inline in
//     the trailer and encodes outside the BMP wrongly too: rewritten as an
//     indirect object with /Keywords and /ModDate;
//   - the catalog's /Lang, a hierarchical outline (bookmarks) with counts,
//     /DisplayDocTitle, and a deterministic /ID.
//
// Output bytes depend only on the layout and the metadata: no clock, no
// random identifiers.
package pdfout

import (
	"bytes"
	"fmt"
	"time"

	"github.com/signintech/gopdf"

	"github.com/communs/communs/internal/typeset"
	"github.com/communs/communs/internal/typeset/font"
)

// Meta is the document's metadata.
type Meta struct {
	Title, Author, Subject string
	Keywords               []string
	Creator, Producer      string
	Lang                   string // BCP 47: fr, en-GB
	Date                   time.Time
}

// Document is a PDF being written: sheets on which layout pages are
// drawn. Write uses it for one page per sheet; a booklet draws two
// pages on each sheet.
type Document struct {
	pdf       *gopdf.GoPdf
	fonts     map[*font.Font]bool
	fontOrder []*font.Font
	images    map[string]gopdf.ImageHolder
	outline   []outlineItem
	sheets    int
	// anchors already set (gopdf keeps the first).
	anchors map[string]bool
	curFont *font.Font
	curSize float64
	curText typeset.Color
	hasText bool
}

type outlineItem struct {
	title string
	level int
	page  int // 0-based sheet
	y     float64
	h     float64 // sheet height
}

// NewDocument starts a PDF.
func NewDocument() *Document {
	pdf := &gopdf.GoPdf{}
	pdf.Start(gopdf.Config{Unit: gopdf.UnitPT, PageSize: *gopdf.PageSizeA4})
	pdf.SetCompressLevel(1) // zlib.BestSpeed: a few per cent larger, much faster
	return &Document{pdf: pdf, fonts: map[*font.Font]bool{}, images: map[string]gopdf.ImageHolder{}, anchors: map[string]bool{}}
}

// AddSheet starts a new page of the PDF, of size w × h pt.
func (d *Document) AddSheet(w, h float64) {
	d.pdf.AddPageWithOption(gopdf.PageOption{PageSize: &gopdf.Rect{W: w, H: h}})
	d.sheets++
	d.curFont = nil
	d.hasText = false
}

func (d *Document) useFont(f *font.Font) error {
	if d.fonts[f] {
		return nil
	}
	if err := d.pdf.AddTTFFontDataWithOption(f.Name, f.Data, gopdf.TtfOption{UseKerning: true}); err != nil {
		return fmt.Errorf("embedding font %s: %w", f.Name, err)
	}
	// gopdf reads kerning from a kern table only; the fonts' kerning is in
	// GPOS: give gopdf the same pairs the line breaker measured.
	if err := d.pdf.KernOverride(f.Name, func(l, r rune, _, _ uint, _ int16) int16 { return f.KernUnits(l, r) }); err != nil {
		return err
	}
	d.fonts[f] = true
	d.fontOrder = append(d.fontOrder, f)
	return nil
}

// Draw draws a layout page on the current sheet, its top-left corner at
// (dx, dy). Anchors and outline entries of the page are recorded when
// outline is true.
func (d *Document) Draw(l *typeset.Layout, pageIndex int, dx, dy float64) error {
	pdf := d.pdf
	p := l.Pages[pageIndex]
	for _, it := range p.Items {
		x, y := it.X+dx, it.Y+dy
		switch it.Kind {
		case typeset.TextItem:
			if err := d.useFont(it.Font); err != nil {
				return err
			}
			if d.curFont != it.Font || d.curSize != it.Size {
				if err := pdf.SetFont(it.Font.Name, "", it.Size); err != nil {
					return err
				}
				d.curFont, d.curSize = it.Font, it.Size
			}
			if !d.hasText || d.curText != it.Color {
				pdf.SetTextColor(it.Color.R, it.Color.G, it.Color.B)
				d.curText, d.hasText = it.Color, true
			}
			pdf.SetXY(x, y)
			if err := pdf.Text(it.Text); err != nil {
				return err
			}
		case typeset.RectItem:
			if it.Fill {
				pdf.SetFillColor(it.Color.R, it.Color.G, it.Color.B)
				pdf.RectFromUpperLeftWithStyle(x, y, it.W, it.H, "F")
			} else {
				pdf.SetStrokeColor(it.Color.R, it.Color.G, it.Color.B)
				pdf.SetLineWidth(it.LineWidth)
				pdf.RectFromUpperLeftWithStyle(x, y, it.W, it.H, "D")
			}
		case typeset.LineItem:
			pdf.SetStrokeColor(it.Color.R, it.Color.G, it.Color.B)
			pdf.SetLineWidth(it.LineWidth)
			pdf.Line(x, y, x+it.W, y+it.H)
		case typeset.ImageItem:
			h, ok := d.images[it.Image]
			if !ok {
				var err error
				h, err = gopdf.ImageHolderByPath(it.Image)
				if err != nil {
					return fmt.Errorf("image %s: %w", it.Image, err)
				}
				d.images[it.Image] = h
			}
			if err := pdf.ImageByHolder(h, x, y, &gopdf.Rect{W: it.W, H: it.H}); err != nil {
				return fmt.Errorf("image %s: %w", it.Image, err)
			}
		case typeset.LinkItem:
			if it.URL != "" {
				pdf.AddExternalLink(it.URL, x, y, it.W, it.H)
			} else if _, ok := l.Anchors[it.Target]; ok {
				pdf.AddInternalLink(it.Target, x, y, it.W, it.H)
			}
		case typeset.AnchorItem:
			if !d.anchors[it.Target] {
				d.anchors[it.Target] = true
				// gopdf puts the destination a font size above y.
				pdf.SetXY(x, y-d.curSize)
				pdf.SetAnchor(it.Target)
			}
		}
	}
	return nil
}

// AddOutline records a bookmark to the current sheet at y (from the top).
func (d *Document) AddOutline(title string, level int, y, sheetHeight float64) {
	d.outline = append(d.outline, outlineItem{title: title, level: level, page: d.sheets - 1, y: y, h: sheetHeight})
}

// Bytes finishes the PDF.
func (d *Document) Bytes(meta Meta) ([]byte, error) {
	var buf bytes.Buffer
	if _, err := d.pdf.WriteTo(&buf); err != nil {
		return nil, err
	}
	var names []string
	for _, f := range d.fontOrder {
		names = append(names, f.Name)
	}
	return fix(buf.Bytes(), meta, d.outline, names)
}

// Write draws every page of a layout on a sheet of its own.
func Write(l *typeset.Layout, meta Meta) ([]byte, error) {
	d := NewDocument()
	byPage := map[int][]typeset.OutlineEntry{}
	for _, e := range l.Outline {
		byPage[e.Dest.Page] = append(byPage[e.Dest.Page], e)
	}
	for i := range l.Pages {
		d.AddSheet(l.Width, l.Height)
		if err := d.Draw(l, i, 0, 0); err != nil {
			return nil, err
		}
		for _, e := range byPage[i] {
			d.AddOutline(e.Title, e.Level, e.Dest.Y, l.Height)
		}
	}
	return d.Bytes(meta)
}
