package typeset

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/communs/communs/internal/typeset/font"
	"github.com/communs/communs/internal/typeset/hyph"
)

// Knuth–Plass items.
type itemKind uint8

const (
	boxItem itemKind = iota
	glueItem
	penaltyItem
	kernItem // a kern: unbreakable, discarded at a break
)

// infPenalty is a penalty that forbids a break; -infPenalty forces one.
const infPenalty = 10000

// The penalties of the breaks inside a word, for the line breaker.
const (
	// hyphenPenalty is the cost of a break at a hyphenation point or after
	// an explicit hyphen (TeX's \hyphenpenalty and \exhyphenpenalty).
	hyphenPenalty = 50
	// urlPenalty is the cost of a break in a URL, after / . - and the like.
	urlPenalty = 100
	// emergencyPenalty is the cost of a break anywhere else in a word
	// longer than a line: only when nothing else fits.
	emergencyPenalty = 3000
)

// item is a box, glue or penalty of a paragraph.
type item struct {
	kind                   itemKind
	width, stretch, shrink float64
	penalty                float64
	flagged                bool  // a hyphenation break (two in a row cost more)
	runs                   []run // what a box draws; for a penalty, what is drawn at the line's end when broken there (a hyphen)
	height, depth          float64
	note                   *Note  // a footnote call in this box
	anchor                 string // a link target at this box
}

// run is text in one font, size and colour.
type run struct {
	font   *font.Font // nil: a placeholder for a missing character
	size   float64
	text   string
	width  float64
	color  Color
	link   string
	target string
	rise   float64
	strike bool
	// image, for an inline image box: its file, height and description.
	image string
	imgH  float64
	alt   string
	// src, when set, is the word text is cut from, at byte offset off:
	// the pieces of a word set on one line are drawn as one text.
	src string
	off int32
}

// para is what the inline setter needs to know of a paragraph.
type paraStyle struct {
	size     float64 // type size, pt
	style    font.Style
	hyphens  *hyph.Patterns
	width    float64 // line width, to split words longer than a line
	ragged   bool
	file     string
	hyphenOK bool
	// warnLong reports words longer than a line (not in table cells, whose
	// width the table chooses).
	warnLong bool
}

// setter turns inlines into items.
type setter struct {
	fonts   *font.Set
	missing func(r rune, line int)
	warn    func(line int, msg string)
	// Scratch space of appendItems and word, reused from word to word.
	chars       []char
	breaks      []uint8
	text        []rune
	segs, fine  []seg
	boxes       []item
	runSlab     []run // runs are cut from it
	textBuf     []byte
	runBuf      []byte
	offs        []int32
	hyphenCache map[hyphenKey][]run
}

// hyphenKey is what a hyphen's run depends on.
type hyphenKey struct {
	st   Style
	size float64
	ps   font.Style
}

type char struct {
	r     rune
	st    *Style // the style of its inline
	line  int
	note  *Note
	soft  bool // a soft hyphen before this character
	start bool // first character of an inline (a style change)
}

// items builds the Knuth–Plass list of a paragraph.
func (s *setter) items(inl []Inline, ps paraStyle) []item {
	return s.appendItems(nil, inl, ps)
}

// appendItems appends the Knuth–Plass list of a paragraph to out.
func (s *setter) appendItems(out []item, inl []Inline, ps paraStyle) []item {
	word := s.chars[:0]
	defer func() { s.chars = word[:0] }()
	var anchors []string
	soft := false
	flush := func() {
		if len(word) > 0 || len(anchors) > 0 {
			out = s.word(out, word, anchors, ps)
		}
		word, anchors = word[:0], nil
	}
	space := func(st Style, noBreak bool) {
		flush()
		if n := len(out); n == 0 || out[n-1].kind == glueItem {
			return // spaces collapse; none at the start
		}
		f := s.fonts.Chain(st.Font|ps.style, st.Mono)[0]
		size := ps.size * scale(st.Size)
		w := float64(f.Advance(' ')) * size / 1000
		if noBreak {
			out = append(out, item{kind: penaltyItem, penalty: infPenalty})
		}
		out = append(out, item{kind: glueItem, width: w, stretch: w / 2, shrink: w / 3})
	}
	for k := range inl {
		in := &inl[k]
		switch {
		case in.Break:
			flush()
			out = append(out, item{kind: glueItem, stretch: fillStretch}, item{kind: penaltyItem, penalty: -infPenalty})
			continue
		case in.Anchor != "":
			anchors = append(anchors, in.Anchor)
			continue
		case in.Image != nil:
			flush()
			out = append(out, s.imageBox(*in, ps))
			continue
		case in.Note != nil:
			word = append(word, char{r: 0, st: &in.Style, note: in.Note, start: true, line: in.Line})
			for _, r := range in.Text {
				word = append(word, char{r: r, st: &in.Style, line: in.Line})
			}
			continue
		}
		first := true
		for _, r := range in.Text {
			switch {
			case r == ' ' || r == '\t' || r == '\n' || r == '\r':
				space(in.Style, false)
			case r == '\u00a0':
				space(in.Style, true)
			case r == '\u00ad':
				soft = true
			case font.Ignorable(r):
			default:
				word = append(word, char{r: r, st: &in.Style, line: in.Line, soft: soft, start: first})
				soft = false
			}
			first = false
		}
	}
	flush()
	return out
}

// imageBox is an image set in the line: as tall as the type, on the
// baseline but for a little descent, narrower than the line.
func (s *setter) imageBox(in Inline, ps paraStyle) item {
	img := in.Image
	size := ps.size * scale(in.Style.Size)
	h := size
	w := h
	if img.Width > 0 && img.Height > 0 {
		w = h * float64(img.Width) / float64(img.Height)
	}
	if ps.width > 0 && w > ps.width {
		h, w = h*ps.width/w, ps.width
	}
	drop := h * 0.15
	r := run{size: size, width: w, image: img.Path, imgH: h, rise: -drop, alt: img.Alt, link: in.Style.Link, target: in.Style.Target}
	return item{kind: boxItem, width: w, height: h - drop, depth: drop, runs: []run{r}}
}

func scale(s float64) float64 {
	if s == 0 {
		return 1
	}
	return s
}

// Kinds of break allowed before a character of a word.
const (
	noBreak = iota
	hyphenBreak
	plainBreak // after an explicit hyphen: no hyphen added
	urlBreak
	emergencyBreak
)

type seg struct{ a, b int }

// word appends the boxes of one word, with its break points: hyphenation
// of its letter runs, after its explicit hyphens, after / . - in URLs, and
// between any two characters when it is longer than a line.
func (s *setter) word(out []item, w []char, anchors []string, ps paraStyle) []item {
	n := len(w)
	// breaks[i]: the kind of break allowed before character i.
	s.breaks = slices.Grow(s.breaks[:0], n+1)[:n+1]
	breaks := s.breaks
	clear(breaks)
	url := false
	text := slices.Grow(s.text[:0], n)
	for _, c := range w {
		text = append(text, c.r)
		if c.st.URL || c.st.Mono {
			url = true
		}
	}
	s.text = text
	if !url && (runesContain(text, "://") || runesHavePrefix(text, "www.") || runesContain(text, ".onion") || runesContain(text, "@") && runesContain(text, ".")) {
		url = true
	}
	if url {
		for i := 1; i < n-1; i++ {
			switch text[i-1] {
			case '/', '.', '-', '_', '?', '&', '=', '#', '~', ':', '@':
				if text[i] != '/' && !isClosing(text[i]) {
					breaks[i] = urlBreak
				}
			}
		}
	} else {
		// Letter runs not touching a digit are hyphenated.
		for i := 0; i < n; {
			if !unicode.IsLetter(text[i]) {
				if text[i] == '-' && i > 0 && i < n-1 && unicode.IsLetter(text[i-1]) && unicode.IsLetter(text[i+1]) {
					breaks[i+1] = plainBreak
				}
				i++
				continue
			}
			j := i
			for j < n && (unicode.IsLetter(text[j]) || text[j] == '\'' || text[j] == '’') {
				j++
			}
			digit := i > 0 && unicode.IsDigit(text[i-1]) || j < n && unicode.IsDigit(text[j])
			if ps.hyphenOK && !digit && !allUpper(text[i:j]) {
				// French elision: hyphenate what follows the apostrophe.
				k := i
				for a := i; a < j; a++ {
					if text[a] == '\'' || text[a] == '’' {
						k = a + 1
					}
				}
				for _, p := range ps.hyphens.PointsRunes(text[k:j]) {
					breaks[k+p] = hyphenBreak
				}
			}
			for a := i; a < j; a++ {
				if w[a].soft && a > i {
					breaks[a] = hyphenBreak
				}
			}
			i = j
		}
	}
	// The word's text, its runs' texts are cut from: offs[i] is where
	// character i starts.
	wb := s.textBuf[:0]
	offs := s.offs[:0]
	for _, c := range w {
		offs = append(offs, int32(len(wb)))
		if c.note == nil && c.r != 0 {
			wb = utf8.AppendRune(wb, c.r)
		}
	}
	offs = append(offs, int32(len(wb)))
	wstr := string(wb)
	s.textBuf, s.offs = wb, offs
	// Pieces between break points, as boxes; a piece longer than a line
	// may break anywhere, between any two characters.
	segs := s.segs[:0]
	start := 0
	for i := 1; i < n; i++ {
		if breaks[i] != noBreak {
			segs = append(segs, seg{start, i})
			start = i
		}
	}
	segs = append(segs, seg{start, n})
	boxes := s.boxes[:0]
	total := 0.0
	for _, sg := range segs {
		box := s.box(w[sg.a:sg.b], ps, wstr, offs[sg.a:sg.b+1])
		total += box.width
		if box.width > ps.width*0.95 && sg.b-sg.a > 1 {
			for i := sg.a + 1; i < sg.b; i++ {
				if breaks[i] == noBreak {
					breaks[i] = emergencyBreak
				}
			}
			for i := sg.a; i < sg.b; i++ {
				boxes = append(boxes, s.box(w[i:i+1], ps, wstr, offs[i:i+2]))
				s.fine = append(s.fine, seg{i, i + 1})
			}
			continue
		}
		boxes = append(boxes, box)
		s.fine = append(s.fine, sg)
	}
	s.segs, s.boxes = segs, boxes
	segs = s.fine
	s.fine = s.fine[:0]
	if total > ps.width && !url && ps.warnLong && s.warn != nil {
		s.warn(w[0].line, longWordMessage(text))
	}
	out = slices.Grow(out, 2*len(segs))
	for k, sg := range segs {
		box := boxes[k]
		if k == 0 && len(anchors) > 0 {
			box.anchor = strings.Join(anchors, "\x00")
		}
		if k > 0 {
			// The break before this piece.
			var pen item
			switch breaks[sg.a] {
			case hyphenBreak:
				h := s.hyphen(w[sg.a-1], ps)
				pen = item{kind: penaltyItem, penalty: hyphenPenalty, flagged: true, width: h[0].width, runs: h}
			case plainBreak:
				pen = item{kind: penaltyItem, penalty: hyphenPenalty, flagged: true}
			case urlBreak:
				pen = item{kind: penaltyItem, penalty: urlPenalty}
			default:
				if url || !unicode.IsLetter(w[sg.a-1].r) {
					pen = item{kind: penaltyItem, penalty: emergencyPenalty}
				} else {
					h := s.hyphen(w[sg.a-1], ps)
					pen = item{kind: penaltyItem, penalty: emergencyPenalty, flagged: true, width: h[0].width, runs: h}
				}
			}
			out = append(out, pen)
			// Kerning across the break point, when it is not taken.
			prev, cur := w[sg.a-1], w[sg.a]
			if *prev.st == *cur.st && prev.note == nil && cur.note == nil {
				chain := s.fonts.Chain(prev.st.Font|ps.style, prev.st.Mono)
				if f := font.Pick(chain, prev.r); f != nil && f == font.Pick(chain, cur.r) {
					if k := f.Kern(prev.r, cur.r); k != 0 {
						size := ps.size * scale(prev.st.Size)
						out = append(out, item{kind: kernItem, width: float64(k) * size / 1000})
					}
				}
			}
		}
		out = append(out, box)
	}
	return out
}

// runesContain tells whether rs holds sub (ASCII).
func runesContain(rs []rune, sub string) bool {
	for i := 0; i+len(sub) <= len(rs); i++ {
		if runesHavePrefix(rs[i:], sub) {
			return true
		}
	}
	return false
}

func runesHavePrefix(rs []rune, prefix string) bool {
	if len(rs) < len(prefix) {
		return false
	}
	for k := 0; k < len(prefix); k++ {
		if rs[k] != rune(prefix[k]) {
			return false
		}
	}
	return true
}

func longWordMessage(text []rune) string {
	show := string(text)
	if len(text) > 24 {
		show = string(text[:20]) + "…"
	}
	return fmt.Sprintf("PDF: a word of %d characters (%q) is longer than a line: it is broken across lines", len(text), show)
}

func isClosing(r rune) bool { return strings.ContainsRune(").,;:!?»”’]}", r) }

func allUpper(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return len(rs) > 1
}

// hyphen is the run of a hyphen after character c (shared: do not
// modify it).
func (s *setter) hyphen(c char, ps paraStyle) []run {
	st := Style{Font: c.st.Font, Mono: c.st.Mono, Size: c.st.Size, Color: c.st.Color}
	k := hyphenKey{st: st, size: ps.size, ps: ps.style}
	if h, ok := s.hyphenCache[k]; ok {
		return h
	}
	h := s.runs([]char{{r: '-', st: &st}}, ps, false)
	if s.hyphenCache == nil {
		s.hyphenCache = map[hyphenKey][]run{}
	}
	s.hyphenCache[k] = h
	return h
}

// box makes a box of characters.
func (s *setter) box(cs []char, ps paraStyle, src string, offs []int32) item {
	b := item{kind: boxItem}
	b.runs = s.runsFrom(cs, ps, true, src, offs)
	for _, r := range b.runs {
		b.width += r.width
		asc, desc := r.size*0.72+r.rise, r.size*0.25-r.rise
		if r.image != "" {
			asc, desc = r.imgH+r.rise, -r.rise
		}
		b.height = max(b.height, asc)
		b.depth = max(b.depth, desc)
	}
	for _, c := range cs {
		if c.note != nil {
			b.note = c.note
		}
	}
	return b
}

// runs splits characters into runs of one font and style, choosing each
// character's font along the fallback chain.
func (s *setter) runs(cs []char, ps paraStyle, report bool) []run {
	return s.runsFrom(cs, ps, report, "", nil)
}

// runsFrom is runs for characters whose text is src[offs[0]:offs[len(cs)]],
// character k at offs[k]: the runs' texts are cut from src rather than
// built. With no src, they are built.
func (s *setter) runsFrom(cs []char, ps paraStyle, report bool, src string, offs []int32) []run {
	// Runs are cut from a slab: at most one per character.
	if cap(s.runSlab)-len(s.runSlab) < len(cs) {
		s.runSlab = make([]run, 0, max(1024, len(cs)))
	}
	start := len(s.runSlab)
	out := s.runSlab
	var cur run
	open := false
	var prev rune
	buf := s.runBuf[:0]
	var ra, rb int32 // the open run's text in src
	end := func() {
		if open {
			if src != "" {
				cur.text, cur.src, cur.off = src[ra:rb], src, ra
			} else {
				cur.text = string(buf)
			}
			out = append(out, cur)
			open, buf = false, buf[:0]
		}
	}
	for k := range cs {
		c := &cs[k]
		if c.note != nil || c.r == 0 {
			continue
		}
		st := c.st
		size := ps.size * scale(st.Size)
		rise := 0.0
		if st.Super {
			rise = size * 0.38
			size *= 0.62
		}
		chain := s.fonts.Chain(st.Font|ps.style, st.Mono)
		f, adv := font.PickAdvance(chain, c.r)
		if f == nil {
			end()
			if report && s.missing != nil {
				s.missing(c.r, c.line)
			}
			text := string(c.r)
			if src != "" {
				text = src[offs[k]:offs[k+1]]
			}
			out = append(out, run{size: size, text: text, width: size * 0.6, color: st.Color, link: st.Link, target: st.Target, rise: rise})
			continue
		}
		if !open || cur.font != f || cur.size != size || cur.color != st.Color || cur.link != st.Link || cur.target != st.Target || cur.rise != rise || cur.strike != st.Strike {
			end()
			cur = run{font: f, size: size, color: st.Color, link: st.Link, target: st.Target, rise: rise, strike: st.Strike}
			open = true
			if src != "" {
				ra = offs[k]
			}
		} else if k := f.Kern(prev, c.r); k != 0 {
			cur.width += float64(k) * size / 1000
		}
		cur.width += float64(adv) * size / 1000
		if src != "" {
			rb = offs[k+1]
		} else {
			buf = utf8.AppendRune(buf, c.r)
		}
		prev = c.r
	}
	end()
	s.runBuf = buf
	s.runSlab = out
	return out[start:len(out):len(out)]
}
