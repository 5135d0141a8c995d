package typeset

import (
	"fmt"
	"strings"

	"github.com/communs/communs/internal/typeset/font"
)

var codeBackground = Color{0xf3, 0xf2, 0xee}

// code sets a code block in monospace, wrapping long lines (the
// continuation indented), on a tinted background.
func (b *vbuilder) code(cb *CodeBlock, c *blockCtx) []vitem {
	size := b.opts.FontSize * c.size * 0.8
	lead := size * 1.32
	pad := size * 0.6
	ps := paraStyle{size: size}
	chain := b.set.fonts.Chain(font.Regular, true)
	cw := func(r rune) float64 {
		if f := font.Pick(chain, r); f != nil {
			return float64(f.Advance(r)) * size / 1000
		}
		return size * 0.6
	}
	avail := c.width - 2*pad
	contIndent := 2 * cw(' ')
	var visual [][]char
	var indents []float64
	for _, toks := range cb.Lines {
		var cs []char
		for _, t := range toks {
			st := &Style{Mono: true, Color: t.Color}
			if t.Bold {
				st.Font = font.Bold
			}
			for _, r := range strings.ReplaceAll(t.Text, "\t", "    ") {
				if r == '\n' || r == '\r' || font.Ignorable(r) {
					continue
				}
				cs = append(cs, char{r: r, st: st, line: cb.Line})
			}
		}
		indent := 0.0
		for {
			w, lastSpace, cut := 0.0, -1, len(cs)
			for i, ch := range cs {
				w += cw(ch.r)
				if w > avail-indent+0.001 {
					cut = i
					break
				}
				if ch.r == ' ' || ch.r == ',' || ch.r == ';' || ch.r == '/' || ch.r == '.' {
					lastSpace = i
				}
			}
			if cut == len(cs) {
				break
			}
			if lastSpace > cut/2 {
				cut = lastSpace + 1
			}
			if cut == 0 {
				cut = 1
			}
			visual = append(visual, cs[:cut])
			indents = append(indents, indent)
			cs = cs[cut:]
			indent = contIndent
		}
		visual = append(visual, cs)
		indents = append(indents, indent)
	}
	var out []vitem
	out = append(out, vitem{kind: vGlue, h: b.lead(c.size) * 0.3})
	bg := func(h float64) Item {
		return Item{Kind: RectItem, X: c.x, Y: 0, W: c.width, H: h, Fill: true, Color: codeBackground}
	}
	out = append(out, vitem{kind: vBox, h: pad / 2, items: []Item{bg(pad / 2)}}, vitem{kind: vPenalty, penalty: infPenalty})
	n := len(visual)
	for i, cs := range visual {
		if i > 0 {
			p := 0.0
			if n <= 6 || i < 2 || i > n-2 {
				p = infPenalty
			}
			out = append(out, vitem{kind: vPenalty, penalty: p})
		}
		v := vitem{kind: vBox, h: lead, items: []Item{bg(lead)}}
		b.drawRuns(&v, b.set.runs(cs, ps, true), c.x+pad+indents[i], lead*0.76)
		out = append(out, v)
	}
	out = append(out, vitem{kind: vPenalty, penalty: infPenalty}, vitem{kind: vBox, h: pad / 2, items: []Item{bg(pad / 2)}})
	out = append(out, vitem{kind: vGlue, h: b.lead(c.size) * 0.3})
	return out
}

// minTableSize is the smallest type size, in points, a table is shrunk
// to so that its columns fit the text block without breaking words.
const minTableSize = 6.0

// table sets a table: column widths from the cells' natural and smallest
// widths, cells wrapped, the header repeated on each page the table
// spans. A table too wide for the text block is set in smaller type (down
// to minTableSize, below it only when even one character per column would
// not fit, with a warning). Rows break between one another, and a row
// taller than a page between its lines.
func (b *vbuilder) table(t *Table, c *blockCtx) []vitem {
	ncol := len(t.Header)
	for _, r := range t.Rows {
		ncol = max(ncol, len(r))
	}
	if ncol == 0 {
		return nil
	}
	// Widths scale with the type size: measure once, at the table's
	// normal size, then choose the scale f.
	sz0 := c.size * 0.9
	size0 := b.opts.FontSize * sz0
	natural, minw := b.measureTable(t, ncol, size0)
	sumN, sumM := 0.0, 0.0
	for j := range natural {
		natural[j] = max(natural[j], size0)
		minw[j] = min(max(minw[j], size0), natural[j])
		sumN += natural[j]
		sumM += minw[j]
	}
	W := c.width
	// fit gives the scale for cells padded by padRatio ems on each side,
	// and whether words must break inside the cells.
	fit := func(padRatio float64) (f float64, broken bool) {
		fpads := float64(ncol) * 2 * size0 * padRatio
		f = 1.0
		if sumM+fpads > W {
			f = max(W/(sumM+fpads), min(1, minTableSize/size0))
		}
		if f*(sumM+fpads) > W+1e-9 {
			// Each column holds at least an em, in type smaller still
			// when needed.
			return min(f, W/(float64(ncol)*size0*(2*padRatio+1))), true
		}
		return f, false
	}
	padRatio := 0.4
	f, broken := fit(padRatio)
	if broken {
		// Tighter cells first.
		padRatio = 0.15
		f, broken = fit(padRatio)
	}
	sz, size, pad := sz0*f, size0*f, size0*padRatio*f
	if broken && b.set.warn != nil {
		b.set.warn(t.Line, fmt.Sprintf("PDF: a table of %d columns is too wide for the page: it is set in %.1f pt type, with words broken inside its cells", ncol, size))
	}
	avail := W - float64(ncol)*2*pad
	widths := make([]float64, ncol)
	for j := range natural {
		natural[j] *= f
		minw[j] *= f
	}
	sumN, sumM = sumN*f, sumM*f
	switch {
	case sumN <= avail:
		for j := range widths {
			widths[j] = natural[j] + (avail-sumN)*natural[j]/sumN
		}
	case sumM <= avail:
		for j := range widths {
			widths[j] = minw[j]
			if sumN > sumM {
				widths[j] += (avail - sumM) * (natural[j] - minw[j]) / (sumN - sumM)
			}
		}
	default:
		// An em each, the rest shared in proportion to what each column
		// lacks.
		rest, lack := avail-float64(ncol)*size, sumM-float64(ncol)*size
		for j := range widths {
			widths[j] = size
			if lack > 0 {
				widths[j] += max(rest, 0) * (minw[j] - size) / lack
			}
		}
	}
	lead := b.lead(sz)
	th := b.opts.textHeight()
	// row sets a row as strips, one per line of its cells: kept together,
	// unless the row is taller than a page.
	row := func(cells []Cell, st font.Style, top, bottom bool) []vitem {
		cols := make([][]vitem, ncol)
		nlines := 0
		x := c.x
		for j := 0; j < ncol; j++ {
			var inl []Inline
			if j < len(cells) {
				inl = cells[j].Inlines
			}
			al := Left
			if j < len(t.Aligns) {
				al = t.Aligns[j]
			}
			cc := blockCtx{x: x + pad, width: widths[j], size: sz, file: c.file}
			for _, l := range b.paragraph(inl, &cc, paraOpts{size: sz, style: st, align: al, leading: lead, cell: true}) {
				if l.kind == vBox {
					cols[j] = append(cols[j], l)
				}
			}
			nlines = max(nlines, len(cols[j]))
			x += widths[j] + 2*pad
		}
		nlines = max(nlines, 1)
		strips := make([]vitem, nlines)
		total := 0.0
		for k := range strips {
			v := vitem{kind: vBox}
			y := 0.0
			if k == 0 {
				y = pad
			}
			for _, col := range cols {
				if k >= len(col) {
					continue
				}
				l := col[k]
				for _, it := range l.items {
					it.Y += y
					v.items = append(v.items, it)
				}
				v.notes = append(v.notes, l.notes...)
				v.anchors = append(v.anchors, l.anchors...)
				v.outline = append(v.outline, l.outline...)
				v.h = max(v.h, l.h)
			}
			if len(v.items) == 0 && v.h == 0 {
				v.h = lead
			}
			v.h += y
			if k == nlines-1 {
				v.h += pad
			}
			total += v.h
			strips[k] = v
		}
		if top {
			strips[0].items = append(strips[0].items, Item{Kind: LineItem, X: c.x, Y: 0, W: c.width, LineWidth: 0.8})
		}
		if bottom {
			last := &strips[nlines-1]
			last.items = append(last.items, Item{Kind: LineItem, X: c.x, Y: last.h, W: c.width, LineWidth: 0.5})
		}
		split := total > th*0.9
		out := make([]vitem, 0, 2*nlines)
		for k, v := range strips {
			if k > 0 {
				p := float64(infPenalty)
				if split {
					p = 0
				}
				out = append(out, vitem{kind: vPenalty, penalty: p})
			}
			out = append(out, v)
		}
		return out
	}
	var out []vitem
	out = append(out, vitem{kind: vGlue, h: b.lead(c.size) * 0.4})
	var header *vitem
	if len(t.Header) > 0 {
		hs := row(t.Header, font.Bold, true, true)
		// The header is one box, repeated on each page when it is not
		// too tall for that.
		h := vitem{kind: vBox}
		for _, v := range hs {
			if v.kind != vBox {
				continue
			}
			for _, it := range v.items {
				it.Y += h.h
				h.items = append(h.items, it)
			}
			h.notes = append(h.notes, v.notes...)
			h.anchors = append(h.anchors, v.anchors...)
			h.h += v.h
		}
		if h.h <= th/3 {
			header = &h
		}
		out = append(out, h, vitem{kind: vPenalty, penalty: infPenalty})
	}
	for i, r := range t.Rows {
		if i > 0 {
			p := 0.0
			if i == 1 || i == len(t.Rows)-1 {
				p = 500
			}
			out = append(out, vitem{kind: vPenalty, penalty: p})
		}
		strips := row(r, font.Regular, len(t.Header) == 0 && i == 0, i == len(t.Rows)-1)
		for k := range strips {
			if strips[k].kind == vBox {
				strips[k].header = header
			}
		}
		out = append(out, strips...)
	}
	out = append(out, vitem{kind: vGlue, h: b.lead(c.size) * 0.4})
	return out
}

// measureTable gives each column's natural width (its widest cell on one
// line) and smallest width (its widest unbreakable piece), at type size
// size.
func (b *vbuilder) measureTable(t *Table, ncol int, size float64) (natural, minw []float64) {
	natural = make([]float64, ncol)
	minw = make([]float64, ncol)
	measure := func(cells []Cell, st font.Style) {
		for j, cell := range cells {
			its := b.set.items(cell.Inlines, paraStyle{size: size, style: st, width: 1e9})
			w, wordW := 0.0, 0.0
			for _, it := range its {
				switch it.kind {
				case boxItem, kernItem:
					w += it.width
					wordW += it.width
				case glueItem:
					w += it.width
					wordW = 0
				case penaltyItem:
					if it.penalty < infPenalty {
						minw[j] = max(minw[j], wordW+it.width)
						wordW = 0
					}
				}
				minw[j] = max(minw[j], wordW)
			}
			natural[j] = max(natural[j], w)
		}
	}
	measure(t.Header, font.Bold)
	for _, r := range t.Rows {
		measure(r, font.Regular)
	}
	return natural, minw
}

// figure scales an image to fit the text block and keeps it with its
// caption.
func (b *vbuilder) figure(f *Figure, c *blockCtx) []vitem {
	maxW, maxH := c.width, b.opts.textHeight()*0.6
	if f.FullPage {
		maxH = b.opts.textHeight()
	}
	w, h := float64(f.Width)*0.75, float64(f.Height)*0.75 // 96 pixels to the inch
	if w <= 0 || h <= 0 {
		w, h = maxW, maxW*0.6
	}
	if f.FullPage || w > maxW {
		h, w = h*maxW/w, maxW
	}
	if h > maxH {
		w, h = w*maxH/h, maxH
	}
	lead := b.lead(c.size)
	var out []vitem
	if !f.FullPage {
		out = append(out, vitem{kind: vGlue, h: lead * 0.5})
	}
	if f.Unsupported || f.Path == "" {
		out = append(out, b.framedAlt(f, c)...)
	} else {
		img := vitem{kind: vBox, h: h, items: []Item{{Kind: ImageItem, X: c.x + (c.width-w)/2, Y: 0, W: w, H: h, Image: f.Path, Text: f.Alt}}}
		if f.Link != "" {
			img.items = append(img.items, Item{Kind: LinkItem, X: c.x + (c.width-w)/2, Y: 0, W: w, H: h, URL: f.Link})
		}
		out = append(out, img)
	}
	if len(f.Caption) > 0 {
		out = append(out, vitem{kind: vPenalty, penalty: infPenalty}, vitem{kind: vGlue, h: lead * 0.3}, vitem{kind: vPenalty, penalty: infPenalty})
		lines := b.paragraph(f.Caption, c, paraOpts{size: c.size * 0.9, style: font.Italic, align: Center})
		for i := range lines {
			if lines[i].kind == vPenalty {
				lines[i].penalty = infPenalty
			}
		}
		out = append(out, lines...)
	}
	if !f.FullPage {
		out = append(out, vitem{kind: vGlue, h: lead * 0.5})
	}
	return out
}

// framedAlt is what stands for an image the PDF cannot draw: its
// description (or "[image]"), centred in a frame. A long description
// may break across pages, the frame open at the break.
func (b *vbuilder) framedAlt(f *Figure, c *blockCtx) []vitem {
	alt := strings.TrimSpace(f.Alt)
	if alt == "" {
		alt = "[image]"
	}
	pad := b.opts.FontSize * c.size * 0.8
	ic := blockCtx{x: c.x + pad, width: c.width - 2*pad, size: c.size * 0.9, file: c.file}
	lines := b.paragraph([]Inline{{Text: alt, Line: f.Line}}, &ic, paraOpts{size: c.size * 0.9, style: font.Italic, align: Center})
	var boxes []vitem
	for _, l := range lines {
		if l.kind == vBox {
			boxes = append(boxes, l)
		}
	}
	grey := Color{0x80, 0x80, 0x80}
	const lw = 0.6
	var out []vitem
	for i, l := range boxes {
		top, bottom := 0.0, 0.0
		if i == 0 {
			top = pad
		}
		if i == len(boxes)-1 {
			bottom = pad
		}
		v := vitem{kind: vBox, h: top + l.h + bottom, notes: l.notes, anchors: l.anchors}
		for _, it := range l.items {
			it.Y += top
			v.items = append(v.items, it)
		}
		v.items = append(v.items,
			Item{Kind: LineItem, X: c.x, Y: 0, H: v.h, LineWidth: lw, Color: grey},
			Item{Kind: LineItem, X: c.x + c.width, Y: 0, H: v.h, LineWidth: lw, Color: grey})
		if i == 0 {
			v.items = append(v.items, Item{Kind: LineItem, X: c.x, Y: 0, W: c.width, LineWidth: lw, Color: grey})
		}
		if i == len(boxes)-1 {
			v.items = append(v.items, Item{Kind: LineItem, X: c.x, Y: v.h, W: c.width, LineWidth: lw, Color: grey})
		}
		if i > 0 {
			p := 0.0
			if len(boxes) <= 6 || i < 2 || i > len(boxes)-2 {
				p = infPenalty
			}
			out = append(out, vitem{kind: vPenalty, penalty: p})
		}
		out = append(out, v)
	}
	return out
}

// toc sets the table of contents: each entry a link, its page number
// flush right.
func (b *vbuilder) toc(t *TOC, c *blockCtx) []vitem {
	var out []vitem
	em := b.opts.FontSize * c.size
	for i, e := range t.Entries {
		if i > 0 {
			out = append(out, vitem{kind: vPenalty})
			if e.Level == 1 {
				out = append(out, vitem{kind: vGlue, h: b.lead(c.size) * 0.4})
			}
		}
		ind := float64(e.Level-1) * em * 1.5
		num := "000"
		if b.pageOf != nil {
			num = b.pageOf(e.Anchor)
		}
		st := font.Regular
		if e.Level > 1 {
			st = font.Italic
		}
		numRuns := b.set.runs(toChars(num, Style{Target: e.Anchor}), paraStyle{size: em}, false)
		numW := 0.0
		for _, r := range numRuns {
			numW += r.width
		}
		ec := blockCtx{x: c.x + ind, width: c.width - ind - em*2.5, size: c.size, file: c.file}
		lines := b.paragraph([]Inline{{Text: e.Text, Style: Style{Target: e.Anchor}}}, &ec, paraOpts{size: c.size, style: st, align: Left})
		for k := range lines {
			if lines[k].kind == vPenalty {
				lines[k].penalty = infPenalty
			}
		}
		if len(lines) == 0 {
			continue
		}
		last := &lines[len(lines)-1]
		b.drawRuns(last, numRuns, c.x+c.width-numW, last.h*0.76)
		out = append(out, lines...)
	}
	return out
}
