package typeset

import (
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

const infPenalty = 10000

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
	// image, for an inline image box.
	image string
	imgH  float64
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
}

// setter turns inlines into items.
type setter struct {
	fonts   *font.Set
	missing func(r rune, line int)
}

type char struct {
	r     rune
	st    Style
	line  int
	note  *Note
	soft  bool // a soft hyphen before this character
	start bool // first character of an inline (a style change)
}

// items builds the Knuth–Plass list of a paragraph.
func (s *setter) items(inl []Inline, ps paraStyle) []item {
	var out []item
	var word []char
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
	for _, in := range inl {
		switch {
		case in.Break:
			flush()
			out = append(out, item{kind: glueItem, stretch: 1e6}, item{kind: penaltyItem, penalty: -infPenalty})
			continue
		case in.Anchor != "":
			anchors = append(anchors, in.Anchor)
			continue
		case in.Note != nil:
			word = append(word, char{r: 0, st: in.Style, note: in.Note, start: true, line: in.Line})
			for i, r := range in.Text {
				word = append(word, char{r: r, st: in.Style, start: i == 0 && false, line: in.Line})
			}
			continue
		}
		first := true
		for _, r := range in.Text {
			switch {
			case r == ' ' || r == '\t' || r == '\n' || r == '\r':
				if in.Style.Mono && !in.Style.URL {
					// code spans keep their spaces as breakable spaces
				}
				space(in.Style, false)
			case r == '\u00a0':
				space(in.Style, true)
			case r == '\u00ad':
				soft = true
			case font.Ignorable(r):
			default:
				word = append(word, char{r: r, st: in.Style, line: in.Line, soft: soft, start: first})
				soft = false
			}
			first = false
		}
	}
	flush()
	return out
}

func scale(s float64) float64 {
	if s == 0 {
		return 1
	}
	return s
}

// word appends the boxes of one word, with its break points: hyphenation
// of its letter runs, after its explicit hyphens, after / . - in URLs, and
// between any two characters when it is longer than a line.
func (s *setter) word(out []item, w []char, anchors []string, ps paraStyle) []item {
	n := len(w)
	// breaks[i]: the kind of break allowed before character i.
	const (
		noBreak = iota
		hyphenBreak
		plainBreak // after an explicit hyphen: no hyphen added
		urlBreak
		emergencyBreak
	)
	breaks := make([]uint8, n+1)
	url := false
	text := make([]rune, n)
	for i, c := range w {
		text[i] = c.r
		if c.st.URL || c.st.Mono {
			url = true
		}
	}
	str := string(text)
	if strings.Contains(str, "://") || strings.HasPrefix(str, "www.") || strings.Contains(str, ".onion") || strings.Contains(str, "@") && strings.Contains(str, ".") {
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
				for _, p := range ps.hyphens.Points(string(text[k:j])) {
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
	// Build boxes between break points.
	type seg struct{ a, b int }
	var segs []seg
	start := 0
	for i := 1; i < n; i++ {
		if breaks[i] != noBreak {
			segs = append(segs, seg{start, i})
			start = i
		}
	}
	segs = append(segs, seg{start, n})
	// A piece longer than a line may break anywhere.
	var fine []seg
	for _, sg := range segs {
		if s.width(w[sg.a:sg.b], ps) > ps.width*0.95 && sg.b-sg.a > 1 {
			for i := sg.a + 1; i < sg.b; i++ {
				if breaks[i] == noBreak {
					breaks[i] = emergencyBreak
				}
			}
			for i := sg.a; i < sg.b; i++ {
				fine = append(fine, seg{i, i + 1})
			}
			continue
		}
		fine = append(fine, sg)
	}
	segs = fine
	for k, sg := range segs {
		box := s.box(w[sg.a:sg.b], ps)
		if k == 0 && len(anchors) > 0 {
			box.anchor = strings.Join(anchors, "\x00")
		}
		if k > 0 {
			// The break before this piece.
			var pen item
			switch breaks[sg.a] {
			case hyphenBreak:
				h := s.hyphen(w[sg.a-1], ps)
				pen = item{kind: penaltyItem, penalty: 50, flagged: true, width: h.width, runs: []run{h}}
			case plainBreak:
				pen = item{kind: penaltyItem, penalty: 50, flagged: true}
			case urlBreak:
				pen = item{kind: penaltyItem, penalty: 100}
			default:
				if url || !unicode.IsLetter(w[sg.a-1].r) {
					pen = item{kind: penaltyItem, penalty: 3000}
				} else {
					h := s.hyphen(w[sg.a-1], ps)
					pen = item{kind: penaltyItem, penalty: 3000, flagged: true, width: h.width, runs: []run{h}}
				}
			}
			out = append(out, pen)
			// Kerning across the break point, when it is not taken.
			prev, cur := w[sg.a-1], w[sg.a]
			if prev.st == cur.st && prev.note == nil && cur.note == nil {
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

func isClosing(r rune) bool { return strings.ContainsRune(").,;:!?»”’]}", r) }

func allUpper(rs []rune) bool {
	for _, r := range rs {
		if !unicode.IsUpper(r) {
			return false
		}
	}
	return len(rs) > 1
}

// width measures characters about as box would set them (for deciding
// whether a word is longer than a line).
func (s *setter) width(cs []char, ps paraStyle) float64 {
	w := 0.0
	var prevF *font.Font
	var prev rune
	prevSize := 0.0
	for _, c := range cs {
		if c.note != nil || c.r == 0 {
			continue
		}
		size := ps.size * scale(c.st.Size)
		if c.st.Super {
			size *= 0.62
		}
		f := font.Pick(s.fonts.Chain(c.st.Font|ps.style, c.st.Mono), c.r)
		if f == nil {
			w += size * 0.6
			prevF = nil
			continue
		}
		if f == prevF && size == prevSize {
			w += float64(f.Kern(prev, c.r)) * size / 1000
		}
		w += float64(f.Advance(c.r)) * size / 1000
		prevF, prev, prevSize = f, c.r, size
	}
	return w
}

func (s *setter) hyphen(c char, ps paraStyle) run {
	rs := s.runs([]char{{r: '-', st: Style{Font: c.st.Font, Mono: c.st.Mono, Size: c.st.Size, Color: c.st.Color}}}, ps, false)
	return rs[0]
}

// box makes a box of characters.
func (s *setter) box(cs []char, ps paraStyle) item {
	b := item{kind: boxItem}
	b.runs = s.runs(cs, ps, true)
	for _, r := range b.runs {
		b.width += r.width
		asc, desc := r.size*0.72+r.rise, r.size*0.25-r.rise
		if r.image != "" {
			asc, desc = r.imgH, 0
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
	var out []run
	var cur *run
	var prev rune
	var buf []byte
	end := func() {
		if cur != nil {
			cur.text = string(buf)
			out = append(out, *cur)
			cur, buf = nil, buf[:0]
		}
	}
	for _, c := range cs {
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
		f := font.Pick(chain, c.r)
		if f == nil {
			end()
			if report && s.missing != nil {
				s.missing(c.r, c.line)
			}
			out = append(out, run{size: size, text: string(c.r), width: size * 0.6, color: st.Color, link: st.Link, target: st.Target, rise: rise})
			continue
		}
		if cur == nil || cur.font != f || cur.size != size || cur.color != st.Color || cur.link != st.Link || cur.target != st.Target || cur.rise != rise || cur.strike != st.Strike {
			end()
			cur = &run{font: f, size: size, color: st.Color, link: st.Link, target: st.Target, rise: rise, strike: st.Strike}
		} else if k := f.Kern(prev, c.r); k != 0 {
			cur.width += float64(k) * size / 1000
		}
		cur.width += float64(f.Advance(c.r)) * size / 1000
		buf = utf8.AppendRune(buf, c.r)
		prev = c.r
	}
	end()
	return out
}
