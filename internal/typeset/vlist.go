package typeset

import (
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/communs/communs/internal/typeset/font"
	"github.com/communs/communs/internal/typeset/hyph"
)

type vkind uint8

const (
	vBox vkind = iota
	vGlue
	vPenalty
)

// vitem is an item of the vertical list: a line (or a figure, a table
// row…), space, or a page-break penalty.
type vitem struct {
	kind    vkind
	h       float64
	penalty float64
	items   []Item // relative to the text block's left edge and the box's top
	notes   []*Note
	anchors []string
	outline []OutlineEntry // Dest filled in when placed
	// header is a table's header row, repeated when this row starts a page.
	header *vitem
	// keep: glue kept at the top of a page (the drop before a chapter title).
	keep bool
}

// blockCtx is where blocks are set.
type blockCtx struct {
	x, width float64
	size     float64 // scale of the body size
	noIndent bool    // the next paragraph has no first-line indent
	marker   []run   // a list marker for the next line
	file     string
	notes    bool // setting a footnote: no further notes
}

// vbuilder turns blocks into a vertical list.
type vbuilder struct {
	opts    *Options
	set     setter
	hyphens *hyph.Patterns
	lang    string
	file    string
	line    int
	// noteLines holds each footnote, set at the foot's size.
	noteLines map[*Note][]vitem
	// pageOf gives the folio of an anchor (table of contents, second pass).
	pageOf  func(anchor string) string
	missing []Missing
	itemBuf []item // scratch space of paragraph
	merge   mergeState
}

// mergeState is, while setLine draws a line (on), the last text drawn
// from a word's text (src[start:end]), the line's item n-1: drawRuns
// extends it with the next piece of the word.
type mergeState struct {
	on         bool
	n          int
	src        string
	start, end int32
}

func (b *vbuilder) lead(scale float64) float64 { return b.opts.Leading * scale }

// keepAfterHeading is how many lines (boxes) of what follows a heading
// stay on its page.
const keepAfterHeading = 2

// blocks sets blocks one after another. A heading is kept with the first
// lines of what follows it, whatever the blocks they belong to.
func (b *vbuilder) blocks(bs []Block, c blockCtx) []vitem {
	var out []vitem
	keep := 0 // boxes still to keep with a heading above
	for i, bl := range bs {
		if i > 0 {
			p := 0.0
			if keep > 0 {
				p = infPenalty
			}
			out = append(out, vitem{kind: vPenalty, penalty: p})
		}
		vl := b.block(bl, &c)
		if keep > 0 {
			vl, keep = keepBoxes(vl, keep)
		}
		if _, ok := bl.(*Heading); ok {
			keep = keepAfterHeading
		}
		out = append(out, vl...)
	}
	return out
}

// keepBoxes forbids page breaks in vl before its n-th box; it returns
// how many boxes are still to keep after vl.
func keepBoxes(vl []vitem, n int) ([]vitem, int) {
	var out []vitem
	for k, v := range vl {
		if n == 0 {
			return append(out, vl[k:]...), 0
		}
		switch v.kind {
		case vPenalty:
			v.penalty = max(v.penalty, infPenalty)
		case vGlue:
			if k > 0 && vl[k-1].kind == vBox {
				// A break at glue after a box: forbidden by a penalty.
				out = append(out, vitem{kind: vPenalty, penalty: infPenalty})
			}
		case vBox:
			n--
		}
		out = append(out, v)
	}
	return out, n
}

func (b *vbuilder) block(bl Block, c *blockCtx) []vitem {
	switch bl := bl.(type) {
	case *Paragraph:
		sz := c.size * scale(bl.Size)
		var out []vitem
		if bl.SpaceBefore > 0 {
			out = append(out, vitem{kind: vGlue, h: bl.SpaceBefore * b.lead(c.size)})
		}
		indent := b.opts.FontSize * sz * 1.5
		if bl.NoIndent || c.noIndent || bl.Align != Justify {
			indent = 0
		}
		c.noIndent = false
		return append(out, b.paragraph(bl.Inlines, c, paraOpts{size: sz, style: bl.Style, align: bl.Align, indent: indent, hyphenate: true})...)
	case *Heading:
		return b.heading(bl, c)
	case *List:
		return b.list(bl, c)
	case *Quote:
		q := *c
		q.x += b.opts.FontSize * c.size * 1.5
		q.width -= b.opts.FontSize * c.size * 3
		q.size = c.size * 0.95
		q.noIndent = true
		out := []vitem{{kind: vGlue, h: b.lead(c.size) * 0.4}}
		out = append(out, b.blocks(bl.Blocks, q)...)
		out = append(out, vitem{kind: vGlue, h: b.lead(c.size) * 0.4})
		c.noIndent = true
		return out
	case *CodeBlock:
		c.noIndent = true
		return b.code(bl, c)
	case *Table:
		c.noIndent = true
		return b.table(bl, c)
	case *Figure:
		c.noIndent = true
		return b.figure(bl, c)
	case *DefList:
		var out []vitem
		for i, it := range bl.Items {
			if i > 0 {
				out = append(out, vitem{kind: vGlue, h: b.lead(c.size) * 0.3})
			}
			term := b.paragraph(it.Term, c, paraOpts{size: c.size, style: font.Bold, align: Left})
			out = append(out, term...)
			out = append(out, vitem{kind: vPenalty, penalty: infPenalty})
			d := *c
			d.x += b.opts.FontSize * c.size * 1.5
			d.width -= b.opts.FontSize * c.size * 1.5
			for j, def := range it.Defs {
				if j > 0 {
					out = append(out, vitem{kind: vPenalty})
				}
				d.noIndent = true
				out = append(out, b.blocks(def, d)...)
			}
		}
		c.noIndent = true
		return out
	case *Rule:
		h := b.lead(c.size)
		w := c.width / 4
		c.noIndent = true
		return []vitem{{kind: vGlue, h: h * 0.5}, {kind: vBox, h: h, items: []Item{{Kind: LineItem, X: c.x + (c.width-w)/2, Y: h / 2, W: w, LineWidth: 0.5}}}, {kind: vGlue, h: h * 0.5}}
	case *TOC:
		return b.toc(bl, c)
	case *Spacer:
		return []vitem{{kind: vGlue, h: bl.Lines * b.lead(c.size), keep: true}}
	}
	return nil
}

type paraOpts struct {
	size      float64
	style     font.Style
	align     Align
	indent    float64
	hyphenate bool
	// leading overrides the line height.
	leading float64
	// cell is a table cell's text.
	cell bool
}

// paragraph breaks inlines into lines and returns them with the page
// break penalties between them (no widow nor orphan line).
func (b *vbuilder) paragraph(inl []Inline, c *blockCtx, po paraOpts) []vitem {
	size := b.opts.FontSize * po.size
	ps := paraStyle{size: size, style: po.style, hyphens: b.hyphens, width: c.width, hyphenOK: po.hyphenate && b.opts.Hyphenate && b.hyphens != nil, warnLong: !po.cell}
	// The item list is scratch space, reused from paragraph to paragraph.
	items := b.itemBuf[:0]
	b.itemBuf = nil
	defer func() { b.itemBuf = items[:0] }()
	if po.indent > 0 {
		items = append(items, item{kind: boxItem, width: po.indent})
	}
	items = b.set.appendItems(items, inl, ps)
	if len(items) == 0 && len(c.marker) == 0 {
		return nil
	}
	items = append(items, item{kind: penaltyItem, penalty: infPenalty}, item{kind: glueItem, stretch: fillStretch}, item{kind: penaltyItem, penalty: -infPenalty})
	lines, items := breakLines(items, c.width, c.width)
	lead := po.leading
	if lead == 0 {
		lead = b.lead(po.size)
	}
	out := make([]vitem, 0, 2*len(lines))
	for i, l := range lines {
		if i > 0 {
			p := 0.0
			if i == 1 || i == len(lines)-1 {
				p = infPenalty // orphan, widow
			} else if lines[i-1].hyphen != nil {
				p = 20
			}
			out = append(out, vitem{kind: vPenalty, penalty: p})
		}
		v := b.setLine(items, l, c.x, c.width, lead, po.align, i == len(lines)-1)
		if i == 0 && len(c.marker) > 0 {
			v.items = append(v.items, b.marker(c, v)...)
			c.marker = nil
		}
		out = append(out, v)
	}
	return out
}

// marker draws a list marker to the left of a line.
func (b *vbuilder) marker(c *blockCtx, v vitem) []Item {
	w := 0.0
	for _, r := range c.marker {
		w += r.width
	}
	x := c.x - w - b.opts.FontSize*c.size*0.5
	base := v.h * 0.76
	var out []Item
	for _, r := range c.marker {
		out = append(out, Item{Kind: TextItem, X: x, Y: base, Font: r.font, Size: r.size, Text: r.text, Color: r.color})
		x += r.width
	}
	return out
}

// setLine positions a line's boxes.
func (b *vbuilder) setLine(items []item, l line, x0, width, lead float64, align Align, last bool) vitem {
	h, d := 0.0, 0.0
	nruns := 0
	for i := l.start; i < l.end; i++ {
		if items[i].kind == boxItem {
			h, d = max(h, items[i].height), max(d, items[i].depth)
			nruns += len(items[i].runs)
		}
	}
	lh := lead
	base := lead * 0.76
	if h > base {
		base = h
	}
	if base+d > lh {
		lh = base + max(d, lead*0.24)
	}
	v := vitem{kind: vBox, h: lh, items: make([]Item, 0, nruns+1)}
	ratio := l.ratio
	natural := 0.0
	if align != Justify {
		ratio = math.Min(ratio, 0)
	}
	for i := l.start; i < l.end; i++ {
		it := items[i]
		switch it.kind {
		case boxItem, kernItem:
			natural += it.width
		case glueItem:
			natural += b.glueWidth(it, ratio)
		}
	}
	if l.hyphen != nil {
		natural += l.hyphen.width
	}
	x := x0
	switch align {
	case Center:
		x += (width - natural) / 2
	case Right:
		x += width - natural
	}
	b.merge = mergeState{on: true}
	defer func() { b.merge = mergeState{} }()
	for i := l.start; i < l.end; i++ {
		it := &items[i]
		switch it.kind {
		case boxItem:
			if it.anchor != "" {
				for _, a := range splitAnchors(it.anchor) {
					v.anchors = append(v.anchors, a)
				}
			}
			if it.note != nil {
				v.notes = append(v.notes, it.note)
			}
			b.drawRuns(&v, it.runs, x, base)
			x += it.width
		case kernItem:
			x += it.width
		case glueItem:
			x += b.glueWidth(*it, ratio)
		}
	}
	if l.hyphen != nil {
		b.drawRuns(&v, l.hyphen.runs, x, base)
	}
	if n := len(v.items); l.hyphen != nil && n >= 2 {
		// The hyphen joins the piece of word it ends.
		v.items = v.items[:n-2+len(mergeText(v.items[n-2:]))]
	}
	return v
}

// mergeText joins text items that continue one another (the pieces of a
// word split at its hyphenation points) into one, when the PDF writer's
// kerning puts the second exactly where the line breaker did.
func mergeText(items []Item) []Item {
	out := items[:0]
	for _, it := range items {
		if n := len(out); n > 0 && it.Kind == TextItem {
			p := &out[n-1]
			if p.Kind == TextItem && p.Font == it.Font && p.Size == it.Size && p.Color == it.Color && p.Y == it.Y {
				last, _ := utf8.DecodeLastRuneInString(p.Text)
				first, _ := utf8.DecodeRuneInString(it.Text)
				k := float64(p.Font.Kern(last, first)) * p.Size / 1000
				if math.Abs(p.X+p.W+k-it.X) < 1e-6 {
					p.Text += it.Text
					p.W += k + it.W
					continue
				}
			}
		}
		out = append(out, it)
	}
	return out
}

func splitAnchors(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func (b *vbuilder) glueWidth(it item, ratio float64) float64 {
	if it.stretch >= fillStretch {
		return it.width
	}
	if ratio >= 0 {
		return it.width + ratio*it.stretch
	}
	return it.width + ratio*it.shrink
}

// drawRuns adds a box's runs to a line at x; it returns the x after them.
func (b *vbuilder) drawRuns(v *vitem, runs []run, x, base float64) float64 {
	for _, r := range runs {
		y := base - r.rise
		switch {
		case r.image != "":
			v.items = append(v.items, Item{Kind: ImageItem, X: x, Y: y - r.imgH, W: r.width, H: r.imgH, Image: r.image, Text: r.alt})
		case r.font == nil:
			// A character no font has: a visible box.
			v.items = append(v.items, Item{Kind: RectItem, X: x + r.size*0.05, Y: y - r.size*0.7, W: r.width - r.size*0.1, H: r.size * 0.8, LineWidth: 0.6, Color: r.color})
		default:
			if n := len(v.items); r.src != "" && n > 0 && b.merge.on && b.merge.n == n && b.merge.src == r.src && b.merge.end == r.off {
				// The next piece of a word on the same line: one text, when
				// the PDF writer's kerning puts it where the line breaker
				// did.
				p := &v.items[n-1]
				if p.Font == r.font && p.Size == r.size && p.Color == r.color && p.Y == y {
					last, _ := utf8.DecodeLastRuneInString(p.Text)
					first, _ := utf8.DecodeRuneInString(r.text)
					k := float64(p.Font.Kern(last, first)) * p.Size / 1000
					if math.Abs(p.X+p.W+k-x) < 1e-6 {
						p.Text = r.src[b.merge.start : r.off+int32(len(r.text))]
						p.W += k + r.width
						b.merge.end = r.off + int32(len(r.text))
						if r.link != "" || r.target != "" {
							v.items = append(v.items, Item{Kind: LinkItem, X: x, Y: y - r.size*0.85, W: r.width, H: r.size * 1.1, URL: r.link, Target: r.target})
							b.merge.n = -1
						}
						x += r.width
						continue
					}
				}
			}
			v.items = append(v.items, Item{Kind: TextItem, X: x, Y: y, W: r.width, Font: r.font, Size: r.size, Text: r.text, Color: r.color})
			if r.src != "" {
				b.merge = mergeState{on: b.merge.on, n: len(v.items), src: r.src, start: r.off, end: r.off + int32(len(r.text))}
			}
			if r.strike {
				v.items = append(v.items, Item{Kind: LineItem, X: x, Y: y - r.size*0.28, W: r.width, LineWidth: r.size * 0.05, Color: r.color})
			}
		}
		if r.link != "" || r.target != "" {
			v.items = append(v.items, Item{Kind: LinkItem, X: x, Y: y - r.size*0.85, W: r.width, H: r.size * 1.1, URL: r.link, Target: r.target})
		}
		x += r.width
	}
	return x
}

func (b *vbuilder) heading(h *Heading, c *blockCtx) []vitem {
	sz, st := c.size, font.Bold
	switch h.Level {
	case 1, 2:
		sz *= 1.2
	case 3:
		sz *= 1.05
	default:
		st = font.Italic
	}
	lead := b.lead(c.size)
	out := []vitem{{kind: vGlue, h: lead * 0.9}}
	lines := b.paragraph(h.Inlines, c, paraOpts{size: sz, style: st, align: Left, leading: b.lead(sz)})
	for i := range lines {
		if lines[i].kind == vPenalty {
			lines[i].penalty = infPenalty
		}
	}
	if len(lines) > 0 {
		level := h.Level
		if level < 2 {
			level = 2
		}
		lines[0].outline = append(lines[0].outline, OutlineEntry{Title: h.Text, Level: level})
		if h.ID != "" {
			lines[0].anchors = append(lines[0].anchors, h.ID)
		}
	}
	out = append(out, lines...)
	out = append(out, vitem{kind: vPenalty, penalty: infPenalty}, vitem{kind: vGlue, h: lead * 0.35}, vitem{kind: vPenalty, penalty: infPenalty})
	c.noIndent = true
	return out
}

func (b *vbuilder) list(l *List, c *blockCtx) []vitem {
	var out []vitem
	indent := b.opts.FontSize * c.size * 1.5
	num := l.Start
	if num == 0 {
		num = 1
	}
	out = append(out, vitem{kind: vGlue, h: b.lead(c.size) * 0.25})
	for i, it := range l.Items {
		if i > 0 {
			out = append(out, vitem{kind: vPenalty})
		}
		ic := *c
		ic.x += indent
		ic.width -= indent
		ic.noIndent = true
		label := "–"
		if l.Ordered {
			label = strconv.Itoa(num) + "."
			num++
		}
		ic.marker = b.set.runs(toChars(label, Style{}), paraStyle{size: b.opts.FontSize * c.size}, false)
		if len(it) == 0 {
			out = append(out, b.paragraph(nil, &ic, paraOpts{size: c.size})...)
			continue
		}
		if _, ok := it[0].(*Paragraph); !ok {
			// The marker on a line of its own above a nested block.
			out = append(out, b.paragraph(nil, &ic, paraOpts{size: c.size})...)
			out = append(out, vitem{kind: vPenalty, penalty: infPenalty})
		}
		out = append(out, b.blocks(it, ic)...)
	}
	out = append(out, vitem{kind: vGlue, h: b.lead(c.size) * 0.25})
	c.noIndent = true
	return out
}

func toChars(s string, st Style) []char {
	var out []char
	for _, r := range s {
		out = append(out, char{r: r, st: &st})
	}
	return out
}
