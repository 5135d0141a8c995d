package pdfout

import (
	"fmt"
	"math"
	"strconv"
	"sync"

	"golang.org/x/image/font/sfnt"

	"github.com/communs/communs/internal/typeset"
	"github.com/communs/communs/internal/typeset/font"
)

// content writes a sheet's page description (its content stream) in PDF
// operators, without gopdf: text, rules and frames. gopdf's own text
// drawing costs about a microsecond a glyph (a formatted print for each,
// a kerning callback for each pair, a text object for each word); this
// writes a line of words as one TJ array of two-byte glyph codes, the
// spaces between words as displacements, which makes pages some ten
// times cheaper to draw. gopdf still embeds the fonts (it is told the
// characters used), draws images and writes links, anchors and the
// document's structure; fix appends this stream to gopdf's for each
// page.
type content struct {
	buf []byte
	// Graphics state within the current placement (reset by Q).
	fill, stroke     typeset.Color
	hasFill, hasStrk bool
	lineWidth        float64
	// Text state: inText between BT and ET; inTJ within a TJ array, whose
	// next glyph would be drawn at (endX, lineY) in text space.
	inText, inTJ       bool
	font               *font.Font
	fontRes            string
	size               float64
	lineX, lineY, endX float64
}

// num appends a number with at most two decimals, without trailing zeros.
func num(b []byte, v float64) []byte {
	v = math.Round(v*100) / 100
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.AppendInt(b, int64(v), 10)
	}
	b = strconv.AppendFloat(b, v, 'f', 2, 64)
	if b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	return b
}

func (c *content) op(s string) { c.buf = append(c.buf, s...) }

// begin starts a page placement: the graphics state saved, clipped, and
// the page's coordinates (points, y up from its foot) mapped to the
// sheet's by the matrix a b c d e f.
func (c *content) begin(clip *Rect, sheetH float64, m [6]float64) {
	c.op("q\n")
	if clip != nil {
		c.buf = num(c.buf, clip.X)
		c.buf = append(c.buf, ' ')
		c.buf = num(c.buf, sheetH-clip.Y-clip.H)
		c.buf = append(c.buf, ' ')
		c.buf = num(c.buf, clip.W)
		c.buf = append(c.buf, ' ')
		c.buf = num(c.buf, clip.H)
		c.op(" re W n\n")
	}
	if m != [6]float64{1, 0, 0, 1, 0, 0} {
		for _, v := range m {
			c.buf = strconv.AppendFloat(c.buf, math.Round(v*1e4)/1e4, 'f', -1, 64)
			c.buf = append(c.buf, ' ')
		}
		c.op("cm\n")
	}
	c.hasFill, c.hasStrk, c.lineWidth, c.font = false, false, -1, nil
}

// end closes a placement.
func (c *content) end() {
	c.endText()
	c.op("Q\n")
}

func (c *content) endText() {
	if c.inTJ {
		c.op("] TJ\n")
		c.inTJ = false
	}
	if c.inText {
		c.op("ET\n")
		c.inText = false
	}
}

func (c *content) color(col typeset.Color, op string) {
	for _, v := range [3]uint8{col.R, col.G, col.B} {
		switch v {
		case 0:
			c.buf = append(c.buf, '0')
		case 255:
			c.buf = append(c.buf, '1')
		default:
			c.buf = strconv.AppendFloat(c.buf, float64(v)/255, 'f', 3, 64)
		}
		c.buf = append(c.buf, ' ')
	}
	c.op(op)
}

func (c *content) setFill(col typeset.Color) {
	if !c.hasFill || c.fill != col {
		if c.inTJ {
			c.op("] TJ\n")
			c.inTJ = false
		}
		c.color(col, "rg\n")
		c.fill, c.hasFill = col, true
	}
}

func (c *content) setStroke(col typeset.Color, w float64) {
	if !c.hasStrk || c.stroke != col {
		c.color(col, "RG\n")
		c.stroke, c.hasStrk = col, true
	}
	if w != c.lineWidth {
		c.buf = num(c.buf, w)
		c.op(" w\n")
		c.lineWidth = w
	}
}

// text starts a word whose baseline starts at (x, y), y up: the caller
// appends its glyphs (glyphs) and then calls wordEnd.
func (c *content) text(u *fontUse, f *font.Font, size float64, col typeset.Color, x, y float64) {
	if !c.inText {
		c.op("BT\n")
		c.inText, c.lineX, c.lineY = true, 0, 0
	}
	c.setFill(col)
	if c.font != f || c.size != size || c.fontRes != u.res {
		if c.inTJ {
			c.op("] TJ\n")
			c.inTJ = false
		}
		c.buf = append(c.buf, '/')
		c.buf = append(c.buf, u.res...)
		c.buf = append(c.buf, ' ')
		c.buf = strconv.AppendFloat(c.buf, size, 'f', -1, 64) // exact: the TJ arrays' displacements depend on it
		c.op(" Tf\n")
		c.font, c.fontRes, c.size = f, u.res, size
	}
	// On the same line, after the previous word: one TJ array, the space
	// between the words as a displacement in thousandths of the size.
	rx, ry := math.Round(x*100)/100, math.Round(y*100)/100
	if c.inTJ && ry == c.lineY && x >= c.endX-0.01 {
		// Whole thousandths: the next word is within 0.006 pt of its
		// place, and the error does not add up along the line.
		if gap := math.Round((x - c.endX) * 1000 / size); gap != 0 {
			c.buf = strconv.AppendInt(c.buf, int64(-gap), 10)
			c.endX += gap * size / 1000
		}
		return
	}
	if c.inTJ {
		c.op("] TJ\n")
	}
	// Td moves from the start of the previous line (the origin after BT):
	// the same moves line after line compress well.
	c.buf = num(c.buf, rx-c.lineX)
	c.buf = append(c.buf, ' ')
	c.buf = num(c.buf, ry-c.lineY)
	c.op(" Td\n[")
	c.inTJ, c.lineX, c.lineY, c.endX = true, rx, ry, rx
}

// glyphs appends a word's glyphs to the TJ array (kerning pairs as
// displacements, as gopdf writes them from the same kerning) and returns
// its width in thousandths of an em. Document.learn has seen the word.
func (c *content) glyphs(u *fontUse, f *font.Font, s string) float64 {
	var prev rune
	w := 0
	b := append(c.buf, '(') // a local slice: no write barrier per byte
	for i, r := range s {
		var id uint16
		if r >= 0 && r < denseRunes && u.dense[r] != 0 {
			id = uint16(u.dense[r])
		} else {
			id = u.other[r]
		}
		if i > 0 {
			if k := f.Kern(prev, r); k != 0 {
				b = append(b, ')')
				b = strconv.AppendInt(b, int64(-k), 10)
				b = append(b, '(')
				w += k
			}
		}
		b = appendCode(b, byte(id>>8))
		b = appendCode(b, byte(id))
		w += f.Advance(r)
		prev = r
	}
	c.buf = append(b, ')')
	return float64(w)
}

// wordEnd ends a word of width w, in thousandths of an em.
func (c *content) wordEnd(w float64) { c.endX += w * c.size / 1000 }

// rect fills or strokes a rectangle (x, y its lower-left corner).
func (c *content) rect(x, y, w, h float64, fill bool, col typeset.Color, lw float64) {
	c.endText()
	if fill {
		c.setFill(col)
	} else {
		c.setStroke(col, lw)
	}
	for i, v := range [4]float64{x, y, w, h} {
		if i > 0 {
			c.buf = append(c.buf, ' ')
		}
		c.buf = num(c.buf, v)
	}
	if fill {
		c.op(" re f\n")
	} else {
		c.op(" re S\n")
	}
}

// line strokes a line.
func (c *content) line(x1, y1, x2, y2 float64, col typeset.Color, lw float64) {
	c.endText()
	c.setStroke(col, lw)
	c.buf = num(c.buf, x1)
	c.buf = append(c.buf, ' ')
	c.buf = num(c.buf, y1)
	c.op(" m ")
	c.buf = num(c.buf, x2)
	c.buf = append(c.buf, ' ')
	c.buf = num(c.buf, y2)
	c.op(" l S\n")
}

// denseRunes are the characters whose glyphs a fontUse keeps in an
// array (Latin, Greek, Cyrillic); the others are in a map.
const denseRunes = 0x530

// fontUse is what a document knows of one of its fonts: gopdf's resource
// name, and the glyphs of the characters gopdf was told of.
type fontUse struct {
	res   string
	dense [denseRunes]uint32 // 1<<16 | glyph, 0 until known
	other map[rune]uint16
	gids  *glyphIDs
}

// glyphIDs maps characters to a font's glyphs as the font's cmap does:
// gopdf writes the subset font with the glyphs at their original
// identifiers (and no CIDToGIDMap), so these are the codes to draw.
type glyphIDs struct {
	mu  sync.Mutex
	sf  *sfnt.Font
	buf sfnt.Buffer
	ids map[rune]uint16
}

var (
	glyphTablesMu sync.Mutex
	glyphTables   = map[*font.Font]*glyphIDs{}
)

func glyphTable(f *font.Font) (*glyphIDs, error) {
	glyphTablesMu.Lock()
	defer glyphTablesMu.Unlock()
	if g, ok := glyphTables[f]; ok {
		return g, nil
	}
	sf, err := sfnt.Parse(f.Data)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", f.Name, err)
	}
	g := &glyphIDs{sf: sf, ids: map[rune]uint16{}}
	glyphTables[f] = g
	return g, nil
}

func (g *glyphIDs) id(r rune) uint16 {
	g.mu.Lock()
	defer g.mu.Unlock()
	if id, ok := g.ids[r]; ok {
		return id
	}
	gi, err := g.sf.GlyphIndex(&g.buf, r)
	if err != nil {
		gi = 0
	}
	g.ids[r] = uint16(gi)
	return uint16(gi)
}

// appendCode appends a byte of a literal string, escaped when it must be
// (a raw end of line would be read as a line feed).
func appendCode(b []byte, c byte) []byte {
	switch c {
	case '(', ')', '\\':
		return append(b, '\\', c)
	case '\r':
		return append(b, '\\', 'r')
	case '\n':
		return append(b, '\\', 'n')
	}
	return append(b, c)
}
