package typeset

import (
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
			st := Style{Mono: true, Color: t.Color}
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

// table sets a table: column widths from the cells' natural and smallest
// widths, cells wrapped, the header repeated on each page the table spans.
func (b *vbuilder) table(t *Table, c *blockCtx) []vitem {
	sz := c.size * 0.9
	size := b.opts.FontSize * sz
	lead := b.lead(sz)
	pad := size * 0.4
	ncol := len(t.Header)
	for _, r := range t.Rows {
		ncol = max(ncol, len(r))
	}
	if ncol == 0 {
		return nil
	}
	natural := make([]float64, ncol)
	minw := make([]float64, ncol)
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
	avail := c.width - float64(ncol)*2*pad
	widths := make([]float64, ncol)
	sumN, sumM := 0.0, 0.0
	for j := range natural {
		natural[j] = max(natural[j], size)
		minw[j] = min(max(minw[j], size), natural[j])
		sumN += natural[j]
		sumM += minw[j]
	}
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
		for j := range widths {
			widths[j] = avail * minw[j] / sumM
		}
	}
	row := func(cells []Cell, st font.Style, top, bottom bool) vitem {
		var cols [][]vitem
		h := 0.0
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
			lines := b.paragraph(inl, &cc, paraOpts{size: sz, style: st, align: al, leading: lead})
			var ls []vitem
			ch := 0.0
			for _, l := range lines {
				if l.kind == vBox {
					ls = append(ls, l)
					ch += l.h
				}
			}
			cols = append(cols, ls)
			h = max(h, ch)
			x += widths[j] + 2*pad
		}
		v := vitem{kind: vBox, h: h + 2*pad}
		for _, ls := range cols {
			y := pad
			for _, l := range ls {
				for _, it := range l.items {
					it.Y += y
					v.items = append(v.items, it)
				}
				v.notes = append(v.notes, l.notes...)
				v.anchors = append(v.anchors, l.anchors...)
				y += l.h
			}
		}
		if top {
			v.items = append(v.items, Item{Kind: LineItem, X: c.x, Y: 0, W: c.width, LineWidth: 0.8})
		}
		if bottom {
			v.items = append(v.items, Item{Kind: LineItem, X: c.x, Y: v.h, W: c.width, LineWidth: 0.5})
		}
		return v
	}
	var out []vitem
	out = append(out, vitem{kind: vGlue, h: b.lead(c.size) * 0.4})
	var header *vitem
	if len(t.Header) > 0 {
		h := row(t.Header, font.Bold, true, true)
		header = &h
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
		v := row(r, font.Regular, header == nil && i == 0, i == len(t.Rows)-1)
		v.header = header
		out = append(out, v)
	}
	out = append(out, vitem{kind: vGlue, h: b.lead(c.size) * 0.4})
	return out
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
	img := vitem{kind: vBox, h: h, items: []Item{{Kind: ImageItem, X: c.x + (c.width-w)/2, Y: 0, W: w, H: h, Image: f.Path, Text: f.Alt}}}
	out = append(out, img)
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
