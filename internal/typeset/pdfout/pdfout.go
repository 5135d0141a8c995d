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
//     /DisplayDocTitle, and a deterministic /ID;
//   - page content streams: text, rules and frames are described by this
//     package (content.go: a line of words is one TJ array of two-byte
//     glyph codes, kerned as the line breaker measured), appended by fix
//     to what gopdf draws (images), and compressed, sheets in parallel,
//     with reused zlib writers. gopdf's own text drawing (a text object,
//     a formatted print per glyph and a kerning callback per pair for
//     each word, and a new 1 MB compressor for every page) made writing a
//     400-page book take ten times longer; gopdf is still told every
//     character used, and embeds the font subsets and their ToUnicode
//     maps.
//
// gopdf converts link rectangles and anchors with the height of the
// document's default page (A4), not of the page being drawn: Draw and
// Place correct for it, so links land on their text on pages of any size.
//
// A Document draws layout pages on sheets of any size: Draw one page per
// sheet as it was laid out, or Place it scaled, turned upside down (for
// printers that flip duplex sheets on their long edge) and clipped to an
// area of the sheet, as package builders/impose does to put two pages on
// each side of a sheet; Line draws crop and fold marks.
//
// Output bytes depend only on the layout and the metadata: no clock, no
// random identifiers.
package pdfout

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
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
//
// Place and Line record what each sheet shows and give gopdf what it
// keeps (the characters used, images, links, anchors); Bytes writes
// every sheet's page description from the records, sheets in parallel.
type Document struct {
	pdf *gopdf.GoPdf
	// defaultH is the height of gopdf's default page, which it uses to
	// place links and anchors whatever the current page's size.
	defaultH float64
	fonts    map[*font.Font]*fontUse
	// fontOrder is the fonts in the order gopdf was given them: the n-th
	// is its resource /F<n+1>.
	fontOrder []*font.Font
	images    map[string]gopdf.ImageHolder
	outline   []outlineItem
	sheets    []sheet
	// anchors already set (gopdf keeps the first).
	anchors map[string]bool
	// gpSize is gopdf's current font size (it places anchors from it).
	gpSize float64
	// lastSize is the size of the last text placed.
	lastSize float64
	// lastFont and lastUse save looking the font up word after word.
	lastFont *font.Font
	lastUse  *fontUse
}

// sheet is what a sheet shows, in order.
type sheet struct {
	h   float64
	ops []sheetOp
}

// sheetOp is a page placed on a sheet, or a mark (when l is nil).
type sheetOp struct {
	l    *typeset.Layout
	page int
	pl   Placement
	mark [4]float64 // x1, y1, x2, y2 from the top left
	w    float64
	col  typeset.Color
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
	// Content streams are compressed by fix (see the package comment).
	pdf.SetNoCompression()
	return &Document{pdf: pdf, defaultH: gopdf.PageSizeA4.H, fonts: map[*font.Font]*fontUse{}, images: map[string]gopdf.ImageHolder{}, anchors: map[string]bool{}}
}

// AddSheet starts a new page of the PDF, of size w × h pt.
func (d *Document) AddSheet(w, h float64) {
	d.pdf.AddPageWithOption(gopdf.PageOption{PageSize: &gopdf.Rect{W: w, H: h}})
	d.sheets = append(d.sheets, sheet{h: h})
	// gopdf gives a page a content stream once something is drawn on it:
	// this package's is appended to it (fix.go).
	d.pdf.SaveGraphicsState()
	d.pdf.RestoreGraphicsState()
}

func (d *Document) useFont(f *font.Font) (*fontUse, error) {
	if f == d.lastFont {
		return d.lastUse, nil
	}
	u := d.fonts[f]
	if u == nil {
		gids, err := glyphTable(f)
		if err != nil {
			return nil, err
		}
		if err := addFont(d.pdf, f); err != nil {
			return nil, fmt.Errorf("embedding font %s: %w", f.Name, err)
		}
		u = &fontUse{res: "F" + strconv.Itoa(len(d.fontOrder)+1), other: map[rune]uint16{}, gids: gids}
		d.fonts[f] = u
		d.fontOrder = append(d.fontOrder, f)
	}
	d.lastFont, d.lastUse = f, u
	return u, nil
}

// gopdf parses a font for each document it is added to; its font
// container keeps them parsed, for every document (gopdf copies a font's
// parsed tables, which it only reads, and gives each document its own
// record of the characters used).
var (
	containerMu sync.Mutex
	container   gopdf.FontContainer
	contained   = map[string]*font.Font{}
)

func addFont(pdf *gopdf.GoPdf, f *font.Font) error {
	containerMu.Lock()
	had, ok := contained[f.Name]
	if !ok {
		if err := container.AddTTFFontDataWithOption(f.Name, f.Data, gopdf.TtfOption{}); err != nil {
			containerMu.Unlock()
			return err
		}
		contained[f.Name], had = f, f
	}
	containerMu.Unlock()
	if had != f { // another font of the same name
		return pdf.AddTTFFontDataWithOption(f.Name, f.Data, gopdf.TtfOption{})
	}
	return pdf.AddTTFFontFromFontContainer(f.Name, &container)
}

// learn tells gopdf of the characters of a word it has not seen yet, so
// that it puts their glyphs in the subset and the ToUnicode map.
func (d *Document) learn(f *font.Font, s string) error {
	u, err := d.useFont(f)
	if err != nil {
		return err
	}
	for _, r := range s {
		if r >= 0 && r < denseRunes && u.dense[r] != 0 {
			continue
		}
		if _, ok := u.other[r]; ok {
			continue
		}
		if err := d.pdf.SetFont(f.Name, "", 10); err != nil {
			return err
		}
		d.gpSize = 10
		if _, err := d.pdf.MeasureTextWidth(string(r)); err != nil {
			return fmt.Errorf("font %s: %w", f.Name, err)
		}
		id := u.gids.id(r)
		if r >= 0 && r < denseRunes {
			u.dense[r] = 1<<16 | uint32(id)
		} else {
			u.other[r] = id
		}
	}
	return nil
}

// Draw draws a layout page on the current sheet, its top-left corner at
// (dx, dy), at its size.
func (d *Document) Draw(l *typeset.Layout, pageIndex int, dx, dy float64) error {
	return d.Place(l, pageIndex, Placement{X: dx, Y: dy})
}

// Rect is a rectangle of a sheet, in points from its top-left corner.
type Rect struct{ X, Y, W, H float64 }

// Placement tells where and how Place draws a layout page on a sheet.
type Placement struct {
	// X, Y is where the page's top-left corner goes, in points from the
	// sheet's top-left corner (when Turn is set: the top-left corner of
	// the rectangle the turned page fills).
	X, Y float64
	// Scale multiplies the page's size and everything on it (0 means 1).
	Scale float64
	// Turn draws the page turned by 180° within its rectangle.
	Turn bool
	// Clip, when its width and height are positive, limits what is drawn
	// (links included) to that rectangle of the sheet.
	Clip Rect
}

func (pl Placement) scale() float64 {
	if pl.Scale <= 0 {
		return 1
	}
	return pl.Scale
}

func (pl Placement) clip() *Rect {
	if pl.Clip.W > 0 && pl.Clip.H > 0 {
		return &pl.Clip
	}
	return nil
}

// Place draws a layout page on the current sheet as pl says. Its cost is
// that of the page's items: nothing is imported nor copied. Links and
// anchors follow the page (anchors on turned pages point at the line's
// place on the sheet). The layout must not change until Bytes.
func (d *Document) Place(l *typeset.Layout, pageIndex int, pl Placement) error {
	if len(d.sheets) == 0 {
		return fmt.Errorf("pdfout: Place before AddSheet")
	}
	sh := &d.sheets[len(d.sheets)-1]
	sh.ops = append(sh.ops, sheetOp{l: l, page: pageIndex, pl: pl})
	pdf := d.pdf
	p := l.Pages[pageIndex]
	s := pl.scale()
	pw, ph := l.Width*s, l.Height*s
	clip := pl.clip()
	// onSheet maps a rectangle of the page to where it shows on the sheet
	// (from the top left).
	onSheet := func(x, y, w, h float64) (float64, float64, float64, float64, bool) {
		x, y, w, h = pl.X+x*s, pl.Y+y*s, w*s, h*s
		if pl.Turn {
			x, y = 2*pl.X+pw-x-w, 2*pl.Y+ph-y-h
		}
		if clip != nil {
			x0, y0 := max(x, clip.X), max(y, clip.Y)
			x1, y1 := min(x+w, clip.X+clip.W), min(y+h, clip.Y+clip.H)
			if x1 <= x0 || y1 <= y0 {
				return 0, 0, 0, 0, false
			}
			x, y, w, h = x0, y0, x1-x0, y1-y0
		}
		return x, y, w, h, true
	}
	// gopdf places links and anchors from the default page's height.
	fixY := d.defaultH - sh.h
	hasImages := false
	for i := range p.Items {
		it := &p.Items[i]
		switch it.Kind {
		case typeset.TextItem:
			if err := d.learn(it.Font, it.Text); err != nil {
				return err
			}
			d.lastSize = it.Size * s
		case typeset.ImageItem:
			hasImages = true
		case typeset.LinkItem:
			x, y, w, h, ok := onSheet(it.X, it.Y, it.W, it.H)
			if !ok {
				continue
			}
			if it.URL != "" {
				pdf.AddExternalLink(it.URL, x, y+fixY, w, h)
			} else if _, ok := l.Anchors[it.Target]; ok {
				pdf.AddInternalLink(it.Target, x, y+fixY, w, h)
			}
		case typeset.AnchorItem:
			if d.anchors[it.Target] {
				continue
			}
			d.anchors[it.Target] = true
			// The destination's top: a font size above the line's.
			room := d.lastSize
			if room == 0 {
				room = 10 * s
			}
			x, y := pl.X+it.X*s, pl.Y+it.Y*s
			top := y - room
			if pl.Turn { // the line is above its turned top, upside down
				x, y = 2*pl.X+pw-x, 2*pl.Y+ph-y
				top = y - 2*room
			}
			pdf.SetXY(x, top+d.gpSize+fixY)
			pdf.SetAnchor(it.Target)
		}
	}
	// Images are gopdf's: they go in its content stream, before this
	// package's, under the text.
	if hasImages {
		if clip != nil {
			pdf.SaveGraphicsState()
			pdf.ClipPolygon([]gopdf.Point{{X: clip.X, Y: clip.Y}, {X: clip.X + clip.W, Y: clip.Y}, {X: clip.X + clip.W, Y: clip.Y + clip.H}, {X: clip.X, Y: clip.Y + clip.H}})
		}
		if pl.Turn {
			pdf.Rotate(180, pl.X+pw/2, pl.Y+ph/2)
		}
		for i := range p.Items {
			it := &p.Items[i]
			if it.Kind != typeset.ImageItem {
				continue
			}
			h, ok := d.images[it.Image]
			if !ok {
				var err error
				h, err = gopdf.ImageHolderByPath(it.Image)
				if err != nil {
					return fmt.Errorf("image %s: %w", it.Image, err)
				}
				d.images[it.Image] = h
			}
			if err := pdf.ImageByHolder(h, pl.X+it.X*s, pl.Y+it.Y*s, &gopdf.Rect{W: it.W * s, H: it.H * s}); err != nil {
				return fmt.Errorf("image %s: %w", it.Image, err)
			}
		}
		if pl.Turn {
			pdf.RotateReset()
		}
		if clip != nil {
			pdf.RestoreGraphicsState()
		}
	}
	return nil
}

// Line strokes a line on the current sheet, from (x1, y1) to (x2, y2)
// in points from its top-left corner: crop and fold marks.
func (d *Document) Line(x1, y1, x2, y2, width float64, col typeset.Color) {
	if len(d.sheets) == 0 {
		return
	}
	sh := &d.sheets[len(d.sheets)-1]
	sh.ops = append(sh.ops, sheetOp{mark: [4]float64{x1, y1, x2, y2}, w: width, col: col})
}

// render appends a sheet's page description to b.
func (d *Document) render(b []byte, i int) []byte {
	sh := &d.sheets[i]
	c := content{buf: b}
	for _, op := range sh.ops {
		if op.l == nil {
			c.begin(nil, sh.h, [6]float64{1, 0, 0, 1, 0, 0})
			c.line(op.mark[0], sh.h-op.mark[1], op.mark[2], sh.h-op.mark[3], op.col, op.w)
			c.end()
			continue
		}
		d.renderPage(&c, sh.h, op.l, op.page, op.pl)
	}
	return c.buf
}

// renderPage writes a placed page: its own coordinates (points, y up
// from its foot) mapped to the sheet's by the transformation matrix.
func (d *Document) renderPage(c *content, sheetH float64, l *typeset.Layout, page int, pl Placement) {
	s := pl.scale()
	pw, ph := l.Width*s, l.Height*s
	m := [6]float64{s, 0, 0, s, pl.X, sheetH - pl.Y - ph}
	if pl.Turn {
		m = [6]float64{-s, 0, 0, -s, pl.X + pw, sheetH - pl.Y}
	}
	c.begin(pl.clip(), sheetH, m)
	H := l.Height
	var lastFont *font.Font
	var u *fontUse
	for i := range l.Pages[page].Items {
		it := &l.Pages[page].Items[i]
		switch it.Kind {
		case typeset.TextItem:
			if it.Font != lastFont {
				lastFont, u = it.Font, d.fonts[it.Font]
			}
			c.text(u, it.Font, it.Size, it.Color, it.X, H-it.Y)
			c.wordEnd(c.glyphs(u, it.Font, it.Text))
		case typeset.RectItem:
			c.rect(it.X, H-it.Y-it.H, it.W, it.H, it.Fill, it.Color, it.LineWidth)
		case typeset.LineItem:
			c.line(it.X, H-it.Y, it.X+it.W, H-it.Y-it.H, it.Color, it.LineWidth)
		}
	}
	c.end()
}

// AddOutline records a bookmark to the current sheet at y (from the top).
func (d *Document) AddOutline(title string, level int, y, sheetHeight float64) {
	d.outline = append(d.outline, outlineItem{title: title, level: level, page: len(d.sheets) - 1, y: y, h: sheetHeight})
}

// Bytes finishes the PDF.
func (d *Document) Bytes(meta Meta) ([]byte, error) {
	// The sheets' own page descriptions are written and compressed, in
	// parallel, while gopdf writes the rest (each on its own: the same
	// bytes whatever the number of processors).
	own := make([][]byte, len(d.sheets))
	var wg sync.WaitGroup
	var next atomic.Int32
	for w := min(runtime.GOMAXPROCS(0), len(d.sheets)); w > 0; w-- {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for {
				i := int(next.Add(1)) - 1
				if i >= len(d.sheets) {
					return
				}
				buf = d.render(buf[:0], i)
				own[i] = compressedStream(buf)
			}
		}()
	}
	var buf bytes.Buffer
	buf.Grow(256<<10 + 512*len(d.sheets))
	if _, err := d.pdf.WriteTo(&buf); err != nil {
		wg.Wait()
		return nil, err
	}
	var names []string
	for _, f := range d.fontOrder {
		names = append(names, f.Name)
	}
	out, err := fix(buf.Bytes(), meta, d.outline, names, func() [][]byte { wg.Wait(); return own })
	wg.Wait() // when fix failed early
	return out, err
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
