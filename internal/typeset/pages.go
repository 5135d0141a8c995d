package typeset

import (
	"math"
	"slices"
	"strconv"

	"github.com/communs/communs/internal/typeset/font"
	"github.com/communs/communs/internal/typeset/hyph"
)

// Options set the page and the type.
type Options struct {
	PageWidth, PageHeight float64 // pt
	// Margins, pt. Inner is the spine side in print layouts; on screen the
	// left and right margins are both (Inner+Outer)/2.
	Top, Bottom, Inner, Outer float64
	FontSize                  float64 // body type size, pt
	Leading                   float64 // baseline to baseline, pt
	// Print lays out for a bound book: chapters open on right-hand pages
	// (a blank page before when needed) and margins mirror.
	Print     bool
	Hyphenate bool
	Fonts     *font.Set
	// Shared, when set, lets typesettings of the same Document reuse one
	// another's lines where their type and text block agree: a book's
	// reading PDF and its A5 booklet break every paragraph alike.
	Shared *Shared
}

func (o *Options) textHeight() float64 { return o.PageHeight - o.Top - o.Bottom }
func (o *Options) textWidth() float64  { return o.PageWidth - o.Inner - o.Outer }

// Paper sizes, pt.
var Papers = map[string][2]float64{
	"a5":          {419.53, 595.28},
	"a4":          {595.28, 841.89},
	"letter":      {612, 792},
	"half-letter": {396, 612},
}

// DefaultOptions are A5 pages with 10.5 pt type.
func DefaultOptions() Options {
	const mm = 72 / 25.4
	return Options{
		PageWidth: Papers["a5"][0], PageHeight: Papers["a5"][1],
		Top: 18 * mm, Bottom: 22 * mm, Inner: 18 * mm, Outer: 15 * mm,
		FontSize: 10.5, Leading: 13.4, Hyphenate: true,
	}
}

// Typeset lays a document out. When it has a table of contents, it is
// laid out twice: the second time with the page numbers of the first.
func Typeset(d *Document, opts Options) (*Layout, error) {
	if opts.Fonts == nil {
		fs, err := font.Default()
		if err != nil {
			return nil, err
		}
		opts.Fonts = fs
	}
	if opts.FontSize <= 0 {
		opts.FontSize = 10.5
	}
	if opts.Leading <= 0 {
		opts.Leading = opts.FontSize * 1.28
	}
	hasTOC := false
	for _, s := range d.Sections {
		for _, bl := range s.Blocks {
			if _, ok := bl.(*TOC); ok {
				hasTOC = true
			}
		}
	}
	cache := newPassCache()
	if opts.Shared != nil {
		// Typesettings with the same metrics take turns: the second finds
		// every section of the first set already.
		e := opts.Shared.entry(d, &opts)
		e.mu.Lock()
		defer e.mu.Unlock()
		cache = e.cache
	}
	// With a table of contents, the first pass only finds the anchors'
	// pages: it draws nothing.
	l := typesetPass(d, &opts, nil, cache, hasTOC)
	if hasTOC {
		first := l
		l = typesetPass(d, &opts, func(anchor string) string {
			if dst, ok := first.Anchors[anchor]; ok {
				return first.Pages[dst.Page].numberText()
			}
			return ""
		}, cache, false)
	}
	// What the sections reported when they were set, by this typesetting
	// or by an earlier one sharing its lines.
	l.Missing = append([]Missing(nil), cache.missing...)
	l.Warnings = append([]Warning(nil), cache.warnings...)
	return l, nil
}

func (p *Page) numberText() string { return strconv.Itoa(p.Number) }

type pager struct {
	opts    *Options
	l       *Layout
	vb      *vbuilder
	d       *Document
	section *Section
	// carry is footnote material continued from the previous page.
	carry  []vitem
	noHead bool // no running head on the current page (a chapter's first)
	// pending is the vertical list of the sections set so far on the
	// current run of pages.
	pending        []vitem
	pendingSection *Section
	cache          *passCache
	fontsSeen      map[*font.Font]bool
	// dry lays out pages without drawing them: only their numbers and the
	// anchors' places are wanted (the first pass of a book with contents).
	dry bool
}

// passCache keeps what the second pass (with the table of contents' page
// numbers) can reuse of the first: the vertical lists of the sections
// without a table of contents, and the footnotes; and what setting them
// reported, once.
type passCache struct {
	vl       map[*Section][]vitem
	notes    map[*Note][]vitem
	missing  []Missing
	warnings []Warning
	reported map[any]bool
}

func newPassCache() *passCache {
	return &passCache{vl: map[*Section][]vitem{}, notes: map[*Note][]vitem{}, reported: map[any]bool{}}
}

func typesetPass(d *Document, opts *Options, pageOf func(string) string, cache *passCache, dry bool) *Layout {
	l := &Layout{Width: opts.PageWidth, Height: opts.PageHeight, Anchors: map[string]Dest{}}
	vb := &vbuilder{opts: opts, hyphens: hyph.For(d.Lang), lang: d.Lang, noteLines: cache.notes, pageOf: pageOf}
	vb.set = setter{fonts: opts.Fonts}
	pg := &pager{opts: opts, l: l, vb: vb, d: d, fontsSeen: map[*font.Font]bool{}, cache: cache, dry: dry}
	for _, s := range d.Sections {
		pg.section = s
		file := s.File
		// A section set again (a table of contents in the second pass, or
		// in another typesetting) reports nothing new.
		vb.set.missing = func(r rune, line int) {
			m := Missing{Rune: r, File: file, Line: line}
			if !cache.reported[m] {
				cache.reported[m] = true
				cache.missing = append(cache.missing, m)
			}
		}
		vb.set.warn = func(line int, msg string) {
			w := Warning{File: file, Line: line, Text: msg}
			if !cache.reported[w] {
				cache.reported[w] = true
				cache.warnings = append(cache.warnings, w)
			}
		}
		pg.runSection(s)
	}
	pg.flush()
	// Footnote text left over at the very end gets pages of its own.
	for len(pg.carry) > 0 {
		pg.newPage(false)
		pg.place(nil, nil)
	}
	for _, p := range l.Pages {
		for _, it := range p.Items {
			if it.Kind == TextItem && !pg.fontsSeen[it.Font] {
				pg.fontsSeen[it.Font] = true
				l.Fonts = append(l.Fonts, it.Font)
			}
		}
	}
	return l
}

func (pg *pager) textWidth() float64 { return pg.opts.textWidth() }

// left is the text block's left edge on a page.
func (pg *pager) left(number int) float64 {
	o := pg.opts
	if !o.Print {
		return (o.Inner + o.Outer) / 2
	}
	if number%2 == 1 {
		return o.Inner
	}
	return o.Outer
}

// newPage starts a page; recto asks for a right-hand (odd) page in print
// layouts, with a blank page before when needed.
func (pg *pager) newPage(recto bool) *Page {
	if recto && pg.opts.Print && (len(pg.l.Pages)+1)%2 == 0 {
		pg.l.Pages = append(pg.l.Pages, &Page{Number: len(pg.l.Pages) + 1, Blank: true})
	}
	p := &Page{Number: len(pg.l.Pages) + 1}
	pg.l.Pages = append(pg.l.Pages, p)
	return p
}

func (pg *pager) runSection(s *Section) {
	vl, ok := pg.cache.vl[s]
	if ok {
		vl = append([]vitem(nil), vl...)
	} else {
		vl = pg.sectionList(s)
		if !hasTOC(s) {
			pg.cache.vl[s] = vl
		}
	}
	pg.layoutSection(s, vl)
}

func hasTOC(s *Section) bool {
	for _, b := range s.Blocks {
		if _, ok := b.(*TOC); ok {
			return true
		}
	}
	return false
}

// sectionList sets a section's title and blocks as a vertical list.
func (pg *pager) sectionList(s *Section) []vitem {
	o := pg.opts
	vb := pg.vb
	vb.file = s.File
	c := blockCtx{x: 0, width: pg.textWidth(), size: 1, file: s.File}
	var vl []vitem
	lead := o.Leading
	if len(s.Heading) > 0 {
		vl = append(vl, vitem{kind: vGlue, h: o.textHeight() * 0.12, keep: true})
		title := vb.paragraph(s.Heading, &c, paraOpts{size: 1.6, style: font.Bold, align: Left, leading: lead * 1.6})
		for i := range title {
			if title[i].kind == vPenalty {
				title[i].penalty = infPenalty
			}
		}
		vl = append(vl, title...)
		if len(s.Subheading) > 0 {
			vl = append(vl, vitem{kind: vPenalty, penalty: infPenalty})
			sub := vb.paragraph(s.Subheading, &c, paraOpts{size: 1.1, style: font.Italic, align: Left})
			for i := range sub {
				if sub[i].kind == vPenalty {
					sub[i].penalty = infPenalty
				}
			}
			vl = append(vl, sub...)
		}
		vl = append(vl, vitem{kind: vPenalty, penalty: infPenalty}, vitem{kind: vGlue, h: lead * 2}, vitem{kind: vPenalty, penalty: infPenalty})
		c.noIndent = true
	}
	vl = append(vl, vb.blocks(s.Blocks, c)...)
	// Notes: set each footnote at the foot's size.
	pg.setNotes(vl)
	first := pg.firstBox(vl)
	if first >= 0 {
		if s.ID != "" {
			vl[first].anchors = append([]string{s.ID}, vl[first].anchors...)
		}
		if s.Kind == Chapter && s.Title != "" {
			vl[first].outline = append([]OutlineEntry{{Title: s.Title, Level: 1}}, vl[first].outline...)
		}
	}
	return vl
}

// layoutSection puts a section's vertical list on pages.
func (pg *pager) layoutSection(s *Section, vl []vitem) {
	if s.SameFlow && pg.pending != nil {
		// Set on, after the previous section.
		pg.pending = append(append(pg.pending, vitem{kind: vPenalty}), vl...)
		return
	}
	pg.flush()
	recto := s.Kind != Cover && s.Kind != Colophon
	pg.newPage(recto)
	pg.noHead = true
	switch s.Kind {
	case Cover, TitlePage, Colophon:
		pg.placeWhole(vl, s.Kind)
		return
	}
	pg.pending, pg.pendingSection = vl, s
}

// flush paginates the pending sections.
func (pg *pager) flush() {
	if pg.pending == nil {
		return
	}
	pg.section = pg.pendingSection
	pg.paginate(pg.pending)
	pg.pending = nil
	// Footnote text left over goes on pages of its own, before the next
	// section.
	for len(pg.carry) > 0 {
		pg.newPage(false)
		pg.place(nil, nil)
	}
}

func (pg *pager) firstBox(vl []vitem) int {
	for i, v := range vl {
		if v.kind == vBox {
			return i
		}
	}
	return -1
}

// setNotes sets the footnotes called in vl (and in the notes themselves).
func (pg *pager) setNotes(vl []vitem) {
	vb := pg.vb
	for _, v := range vl {
		for _, n := range v.notes {
			if _, ok := vb.noteLines[n]; ok {
				continue
			}
			c := blockCtx{width: pg.textWidth(), size: 0.85, noIndent: true, notes: true}
			lines := vb.blocks(n.Blocks, c)
			first := pg.firstBox(lines)
			if first >= 0 {
				lines[first].anchors = append(lines[first].anchors, n.ID)
			}
			// Notes split anywhere between lines.
			var ls []vitem
			for _, x := range lines {
				if x.kind == vBox {
					ls = append(ls, x)
				}
			}
			vb.noteLines[n] = ls
			pg.setNotes(ls)
		}
	}
}

// placeWhole puts a cover, title page or colophon on the current page:
// centred vertically, or at the foot for a colophon.
func (pg *pager) placeWhole(vl []vitem, kind SectionKind) {
	h := 0.0
	for _, v := range vl {
		if v.kind != vPenalty {
			h += v.h
		}
	}
	th := pg.opts.textHeight()
	y := 0.0
	switch kind {
	case Cover:
		y = (th - h) / 2
	case TitlePage:
		y = (th - h) / 3
	case Colophon:
		y = th - h
	}
	if y < 0 {
		y = 0
	}
	page := pg.l.Pages[len(pg.l.Pages)-1]
	pg.put(page, vl, pg.opts.Top+y)
	if kind != Cover && !pg.dry {
		// Every page but the cover and blanks carries its folio: in a folded
		// booklet, it is how a reader checks the order (no running head here).
		pg.decorate(page)
	}
	pg.noHead = false
}

// put draws boxes from y down; it returns the y after them.
func (pg *pager) put(page *Page, vl []vitem, y float64) float64 {
	x0 := pg.left(page.Number)
	idx := len(pg.l.Pages) - 1
	if !pg.dry {
		page.Items = slices.Grow(page.Items, itemCount(vl))
	}
	for i := range vl {
		v := &vl[i]
		if v.kind == vPenalty {
			continue
		}
		for _, a := range v.anchors {
			if _, ok := pg.l.Anchors[a]; !ok {
				pg.l.Anchors[a] = Dest{Page: idx, Y: y}
				if !pg.dry {
					page.Items = append(page.Items, Item{Kind: AnchorItem, X: x0, Y: y, Target: a})
				}
			}
		}
		if pg.dry {
			y += v.h
			continue
		}
		for _, e := range v.outline {
			e.Dest = Dest{Page: idx, Y: y}
			pg.l.Outline = append(pg.l.Outline, e)
		}
		for _, it := range v.items {
			it.X += x0
			it.Y += y
			page.Items = append(page.Items, it)
		}
		y += v.h
	}
	return y
}

// itemCount is how many items put adds for vl.
func itemCount(vl []vitem) int {
	n := 0
	for i := range vl {
		n += len(vl[i].items) + len(vl[i].anchors)
	}
	return n
}

// paginate breaks a section's vertical list into pages.
func (pg *pager) paginate(vl []vitem) {
	i := 0
	firstPage := true
	for {
		// Discard glue and penalties at the top of a page (but the drop
		// before a chapter title).
		for i < len(vl) && vl[i].kind != vBox && !(firstPage && vl[i].keep) {
			i++
		}
		if i >= len(vl) {
			return
		}
		if !firstPage {
			pg.newPage(false)
		}
		firstPage = false
		j := pg.chooseBreak(vl, i)
		pg.place(vl[i:j], vl)
		i = j
	}
}

// noteNeed is the height of footnotes a page must hold.
func (pg *pager) noteHeights(notes []*Note) (full, minimal float64) {
	sep := pg.opts.Leading * 0.8
	ch := height(pg.carry)
	if len(notes) == 0 {
		if ch == 0 {
			return 0, 0
		}
		if sep+ch <= 0.6*pg.opts.textHeight() {
			// A note continued: all of it on this page.
			return sep + ch, sep + ch
		}
		return sep + ch, sep + math.Min(ch, pg.firstLines(pg.carry, 2))
	}
	full = sep + ch
	for _, n := range notes {
		full += height(pg.vb.noteLines[n])
	}
	last := pg.vb.noteLines[notes[len(notes)-1]]
	minimal = full - height(last) + pg.firstLines(last, 2)
	return full, minimal
}

func (pg *pager) firstLines(vl []vitem, n int) float64 {
	h := 0.0
	for i := 0; i < len(vl) && i < n; i++ {
		h += vl[i].h
	}
	return h
}

func height(vl []vitem) float64 {
	h := 0.0
	for _, v := range vl {
		if v.kind != vPenalty {
			h += v.h
		}
	}
	return h
}

// chooseBreak returns the end (exclusive) of the page starting at vl[i]:
// the legal break of least cost whose text and footnotes fit.
func (pg *pager) chooseBreak(vl []vitem, i int) int {
	th := pg.opts.textHeight()
	h := 0.0
	if vl[i].header != nil {
		h = vl[i].header.h
	}
	var notes []*Note
	best, bestCost := -1, math.Inf(1)
	lastFit := -1 // any boundary between boxes that fits: the last resort
	for k := i; k <= len(vl); k++ {
		if k == len(vl) {
			full, minimal := pg.noteHeights(notes)
			if h+minimal <= th || full == 0 && h <= th {
				return k
			}
			break
		}
		v := vl[k]
		legal := false
		pen := 0.0
		switch v.kind {
		case vGlue:
			legal = k > i && vl[k-1].kind == vBox
		case vPenalty:
			legal = v.penalty < infPenalty
			pen = v.penalty
		}
		if k > i {
			full, minimal := pg.noteHeights(notes)
			if h+minimal > th+0.01 {
				break
			}
			if vl[k-1].kind == vBox {
				lastFit = k
			}
			if legal {
				_ = full
				slack := (th - h - minimal) / th
				cost := pen + 1000*slack*slack*slack
				if pen <= -infPenalty {
					return k
				}
				if cost <= bestCost {
					best, bestCost = k, cost
				}
			}
		}
		if v.kind != vPenalty {
			h += v.h
		}
		notes = append(notes, v.notes...)
	}
	if best > i {
		return best
	}
	if lastFit > i {
		return lastFit
	}
	// Not even one box fits: it goes alone.
	for k := i; k < len(vl); k++ {
		if vl[k].kind == vBox {
			return k + 1
		}
	}
	return len(vl)
}

// place draws a page's text and footnotes, with its running head and
// folio.
func (pg *pager) place(body []vitem, all []vitem) {
	o := pg.opts
	page := pg.l.Pages[len(pg.l.Pages)-1]
	// Room for the page's items at once: the body, the footnotes, the
	// running head and folio.
	n := itemCount(body) + itemCount(pg.carry) + 8
	for i := range body {
		for _, note := range body[i].notes {
			n += itemCount(pg.vb.noteLines[note])
		}
	}
	if len(body) > 0 && body[0].header != nil {
		n += len(body[0].header.items)
	}
	if !pg.dry {
		page.Items = slices.Grow(page.Items, n)
	}
	y := o.Top
	if len(body) > 0 && body[0].header != nil {
		y = pg.put(page, []vitem{*body[0].header}, y)
	}
	pg.put(page, body, y)
	// Footnotes: what was carried, then the notes called on this page.
	var foot []vitem
	foot = append(foot, pg.carry...)
	for _, v := range body {
		for _, n := range v.notes {
			foot = append(foot, pg.vb.noteLines[n]...)
		}
	}
	pg.carry = nil
	if len(foot) > 0 {
		sep := o.Leading * 0.8
		room := o.textHeight() - height(body) - sep
		if len(body) > 0 && body[0].header != nil {
			room -= body[0].header.h
		}
		n := 0
		used := 0.0
		for n < len(foot) && used+foot[n].h <= room+0.01 {
			used += foot[n].h
			n++
		}
		if n == 0 && len(body) == 0 {
			n = 1 // a page of notes takes at least a line
			used = foot[0].h
		}
		pg.carry = append([]vitem(nil), foot[n:]...)
		fy := o.Top + o.textHeight() - used
		x0 := pg.left(page.Number)
		if !pg.dry {
			page.Items = append(page.Items, Item{Kind: LineItem, X: x0, Y: fy - sep/2, W: pg.textWidth() / 4, LineWidth: 0.4})
		}
		pg.put(page, foot[:n], fy)
	}
	if pg.dry {
		pg.noHead = false
		return
	}
	pg.decorate(page)
}

// decorate adds the running head and the folio.
func (pg *pager) decorate(page *Page) {
	o := pg.opts
	s := pg.section
	page.Folio = strconv.Itoa(page.Number)
	x0 := pg.left(page.Number)
	size := o.FontSize * 0.85
	chain := o.Fonts.Chain(font.Regular, false)
	center := func(text string, st font.Style, y float64) {
		rs := pg.vb.set.runs(toChars(text, Style{Font: st}), paraStyle{size: size}, false)
		w := 0.0
		for _, r := range rs {
			w += r.width
		}
		x := x0 + (pg.textWidth()-w)/2
		for _, r := range rs {
			if r.font != nil {
				page.Items = append(page.Items, Item{Kind: TextItem, X: x, Y: y, Font: r.font, Size: r.size, Text: r.text, Color: Black})
			}
			x += r.width
		}
	}
	_ = chain
	center(page.Folio, font.Regular, o.Top+o.textHeight()+o.Leading*1.8)
	if !pg.noHead {
		head := s.Title
		if page.Number%2 == 0 && pg.d.RunningTitle != "" {
			head = pg.d.RunningTitle
		}
		if head != "" {
			head = pg.fitHead(head, size)
			center(head, font.Italic, o.Top-o.Leading*1.2)
		}
	}
	pg.noHead = false
}

// fitHead shortens a running head too long for the line.
func (pg *pager) fitHead(s string, size float64) string {
	rs := []rune(s)
	for len(rs) > 4 {
		w := 0.0
		for _, r := range pg.vb.set.runs(toChars(string(rs), Style{Font: font.Italic}), paraStyle{size: size}, false) {
			w += r.width
		}
		if w <= pg.textWidth() {
			return string(rs)
		}
		rs = append(rs[:len(rs)-2], '…')
	}
	return string(rs)
}
