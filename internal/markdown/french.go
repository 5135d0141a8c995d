package markdown

// French typography: no-break spaces before high punctuation, inside
// guillemets and before the percent sign.
//
// The rules work on the text of one block at a time (paragraph, heading,
// table cell, tight list item…): the inline nodes of the block are flattened
// into a sequence of "units" (characters, plus opaque units for code spans,
// images, autolinks, footnote references and line breaks), so that the
// character before or after a sign is found across emphasis, links and the
// many Text nodes goldmark splits a paragraph into. The edits are then
// written back into the nodes they belong to.
//
// Most of the text is made of words that no rule looks into, so the work is
// kept proportional to the signs, not to the characters:
//   - a block whose text holds none of the bytes that can make a sign
//     (; : ! ? % « », escaped or as entities: the ; of the entity) is left
//     without decoding anything;
//   - a word is one unit, not one per letter (see frUnit);
//   - the slices are reused from block to block and from page to page
//     (frPool), and the edits are undone one by one rather than cleared;
//   - only the nodes with an edit are rebuilt, copying the unchanged spans
//     of their text at once.

import (
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

const (
	frNNBSP = '\u202f' // narrow no-break space: before ; ! ? %, inside « »
	frNBSP  = '\u00a0' // no-break space: before :
)

// FrenchSpacing returns a goldmark parser.ASTTransformer that applies French
// spacing rules to the text of a document. It is added only for French pages.
//
// It must run after the other AST transformers (footnotes: 999, tables: 0),
// because it needs the final tree (footnote back-links, table cells).
// goldmark sorts AST transformers by ascending priority value and runs the
// lowest value first, so the pipeline should register it with a high value:
//
//	parser.WithASTTransformers(util.Prioritized(markdown.FrenchSpacing(), 10000))
//
// Rules:
//   - U+202F (narrow no-break space) before ; ! ? and U+00A0 before :,
//     replacing the ordinary spaces or the soft line break before the sign,
//     or inserted when the sign is glued to a word; only the first sign of a
//     run (?! !!! ?») gets one; existing no-break or thin spaces are kept.
//   - U+202F after « and before », replacing spaces or inserted.
//   - U+202F between a digit and % when they are separated by spaces.
//   - a sign is punctuation only when followed by a space, the end of the
//     text or a closing punctuation, so URLs, times, a;b, ?x=1, !important
//     and emoticons (:) ;) :-) :D :'( …) are left alone, and so is the ;
//     ending something that looks like a character reference (&nbsp;).
//   - backslash escapes and entities are read as the characters they stand
//     for: \? is a question mark, &nbsp; a no-break space.
//   - code spans, code blocks, raw HTML, autolinks, link destinations and
//     titles, image alt texts and attributes are never modified.
//
// Applying it twice gives the same result as applying it once.
func FrenchSpacing() parser.ASTTransformer {
	return frenchTransformer{}
}

// FrenchText applies the same rules to a plain string (titles, captions,
// interface strings). It must give the same result as the transformer on a
// paragraph holding that text.
func FrenchText(s string) string {
	if !frTriggerIn(s) {
		return s
	}
	seq := frGet()
	defer frPut(seq)
	// The string is read as written: no escapes, no entities.
	seq.scratch = append(seq.scratch[:0], s...)
	seq.pieces = append(seq.pieces, frPiece{value: seq.scratch})
	seq.decodeAll()
	if !seq.apply() {
		return s
	}
	seq.out, _, _ = seq.rebuild(seq.out[:0], &seq.pieces[0])
	return string(seq.out)
}

type frenchTransformer struct{}

// Transform implements parser.ASTTransformer.
func (frenchTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	seq := frGet()
	defer frPut(seq)
	blocks := seq.blocks[:0]
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if n.Type() != ast.TypeBlock && n.Type() != ast.TypeDocument {
			return ast.WalkSkipChildren, nil
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			if c.Type() == ast.TypeInline {
				blocks = append(blocks, n)
				break
			}
		}
		return ast.WalkContinue, nil
	})
	seq.blocks = blocks
	for _, b := range blocks {
		seq.block(b, source)
	}
}

// frKind is the kind of a unit of the flattened text of a block.
type frKind uint8

const (
	frChar      frKind = iota // an editable character, or a run of letters
	frSoftBreak               // the soft line break ending a Text node (editable, reads as '\n')
	frHardBreak               // a hard line break: a space that cannot be edited
	frWord                    // an opaque word: code span, image, autolink…
	frNote                    // a footnote reference: a word before it, a closing mark after it
	frGap                     // a footnote back-link: rendered after a no-break space
)

// frUnit is one character (or opaque element) of the text of a block.
//
// A run of letters that no rule can tell apart from single characters is
// one frChar unit, whose r is the last character of the run: either ASCII
// letters and digits (the name of a character reference before ;, the digit
// before %) or other characters that are neither spaces nor signs, opening
// or closing marks (é, ç, œ, 🦆…). A rule looks at the kind of the unit next
// to a sign or to the spaces around it, at the digit before %, and walks
// back over ASCII letters and digits: a run answers all of these like the
// characters it stands for. Runs are never edited.
type frUnit struct {
	r    rune   // decoded character (frChar, frSoftBreak); the last one of a run
	n    uint16 // length of its spelling in the value of its piece (0: none)
	kind frKind //
}

// frMaxRun bounds the spelling of a run, so that its length fits in frUnit.n.
const frMaxRun = 1<<16 - 1

// frEdit is a change at one unit.
type frEdit struct {
	before, after rune // rune inserted before/after the unit, 0 for none
	repl          rune // replacement rune, 0 for none
	del           bool // unit removed
}

func (e frEdit) touched() bool { return e.repl != 0 || e.del }

// frPiece is an inline node whose text is part of the sequence, or an
// opaque element (atom).
type frPiece struct {
	node       ast.Node // nil for FrenchText
	atom       frKind   // frWord, frNote or frGap for an opaque element; frChar for text
	value      []byte   // the text, as written
	markdown   bool     // backslash escapes are decoded
	entities   bool     // character references are decoded
	soft, hard bool     // the text ends with a soft or hard line break
	start, end int      // units of the piece: units[start:end]
}

// frSeq is the flattened text of a block, with the scratch space of the
// transformer. It is reused (frPool), so that a page allocates almost
// nothing but the nodes it changes.
type frSeq struct {
	pieces  []frPiece
	trigger bool     // some piece may hold a sign, «, » or %
	units   []frUnit //
	edits   []frEdit // at least as long as units; all zero but at the units of marks
	marks   []int    // units with an edit (in any order)

	blocks  []ast.Node // Transform: the blocks with inline children
	scratch []byte     // FrenchText: a copy of the string…
	out     []byte     // … and the result
}

var frPool = sync.Pool{New: func() any { return new(frSeq) }}

func frGet() *frSeq { return frPool.Get().(*frSeq) }

// frPut returns s to the pool, dropping the references to the tree and,
// after an unusually large block, the memory.
func frPut(s *frSeq) {
	s.reset()
	clear(s.blocks)
	s.blocks = s.blocks[:0]
	if cap(s.units) > 1<<18 || cap(s.scratch) > 1<<20 || cap(s.out) > 1<<20 {
		return
	}
	frPool.Put(s)
}

// reset empties the sequence for the next block.
func (s *frSeq) reset() {
	s.clearEdits()
	clear(s.pieces)
	s.pieces = s.pieces[:0]
	s.units = s.units[:0]
	s.trigger = false
}

func (s *frSeq) block(block ast.Node, source []byte) {
	s.reset()
	s.flatten(block, source)
	if !s.trigger {
		return // nothing any rule reacts to
	}
	s.decodeAll()
	if s.apply() {
		// writeBack every piece with an edit, in order.
		slices.Sort(s.marks)
		m := 0
		for p := range s.pieces {
			pc := &s.pieces[p]
			for m < len(s.marks) && s.marks[m] < pc.start {
				m++
			}
			first := m
			for m < len(s.marks) && s.marks[m] < pc.end {
				m++
			}
			if m > first && pc.node != nil {
				s.writeBack(pc, m-first)
			}
		}
	}
}

// flatten appends the inline children of n to the pieces of the sequence.
func (s *frSeq) flatten(n ast.Node, source []byte) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Type() != ast.TypeInline {
			continue // a nested block is processed on its own
		}
		switch v := c.(type) {
		case *ast.Text:
			if v.IsRaw() {
				s.atom(frWord)
				continue
			}
			s.text(frPiece{node: c, value: v.Value(source), markdown: true, entities: true,
				soft: v.SoftLineBreak(), hard: v.HardLineBreak()})
		case *ast.String:
			switch {
			case v.IsCode(): // typographer: HTML written verbatim
				s.text(frPiece{node: c, value: v.Value, entities: true})
			case v.IsRaw():
				s.text(frPiece{node: c, value: v.Value})
			default:
				s.text(frPiece{node: c, value: v.Value, markdown: true, entities: true})
			}
		case *ast.RawHTML:
			// Tags are transparent: `<abbr>CNIL</abbr> :` is a word before ":".
		case *ast.CodeSpan, *ast.Image, *ast.AutoLink:
			s.atom(frWord)
		default:
			switch c.Kind() {
			case east.KindFootnoteLink:
				s.atom(frNote)
			case east.KindFootnoteBacklink:
				s.atom(frGap)
			default:
				if c.HasChildren() {
					s.flatten(c, source) // emphasis, link text, strikethrough…
				} else {
					s.atom(frWord)
				}
			}
		}
	}
}

func (s *frSeq) atom(k frKind) {
	s.pieces = append(s.pieces, frPiece{atom: k})
}

func (s *frSeq) text(p frPiece) {
	if !s.trigger && frTriggerIn(p.value) {
		s.trigger = true
	}
	s.pieces = append(s.pieces, p)
}

// frTriggerIn reports whether v holds a byte that can make a character some
// rule reacts to: ; : ! ? % (also when escaped, and every character
// reference ends with ;) or the UTF-8 encoding of « or ».
func frTriggerIn[T string | []byte](v T) bool {
	for i := 0; i < len(v); i++ {
		switch frByteClass[v[i]] {
		case frSign:
			return true
		case frC2: // « is C2 AB, » is C2 BB
			if i+1 < len(v) && (v[i+1] == 0xab || v[i+1] == 0xbb) {
				return true
			}
		}
	}
	return false
}

// Classes of bytes for frTriggerIn and decode.
const (
	frOther  = iota
	frLetter // ASCII letter or digit
	frSign   // ; : ! ? %
	frC2     // first byte of « and »
)

var frByteClass = func() (t [256]uint8) {
	for c := range 256 {
		switch {
		case c < utf8.RuneSelf && util.IsAlphaNumeric(byte(c)):
			t[c] = frLetter
		case c == ';', c == ':', c == '!', c == '?', c == '%':
			t[c] = frSign
		case c == 0xc2:
			t[c] = frC2
		}
	}
	return t
}()

// decodeAll appends the units of every piece.
func (s *frSeq) decodeAll() {
	for p := range s.pieces {
		pc := &s.pieces[p]
		pc.start = len(s.units)
		if pc.atom != frChar {
			s.units = append(s.units, frUnit{kind: pc.atom})
			pc.end = len(s.units)
			continue
		}
		s.decode(pc.value, pc.markdown, pc.entities)
		if pc.hard {
			s.units = append(s.units, frUnit{kind: frHardBreak})
		} else if pc.soft {
			s.units = append(s.units, frUnit{r: '\n', kind: frSoftBreak})
		}
		pc.end = len(s.units)
	}
}

// decode appends the characters of the value of a node as units, decoding
// backslash escapes (markdown) and character references (entities) the way
// goldmark's HTML writer does, so that context is computed on the rendered
// text while edits keep the original spelling of untouched characters.
// Runs of letters are single units (see frUnit).
func (s *frSeq) decode(v []byte, markdown, entities bool) {
	units := s.units // a local slice: appending to s.units reloads it each time
	for i := 0; i < len(v); {
		c := v[i]
		if frByteClass[c] == frLetter {
			j := i + 1
			for j < len(v) && j-i < frMaxRun && frByteClass[v[j]] == frLetter {
				j++
			}
			units = append(units, frUnit{r: rune(v[j-1]), n: uint16(j - i)})
			i = j
			continue
		}
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRune(v[i:])
			j := i + n
			if frRunRune(r) {
				for j < len(v) && v[j] >= utf8.RuneSelf {
					r2, n2 := utf8.DecodeRune(v[j:])
					if !frRunRune(r2) || j+n2-i > frMaxRun {
						break
					}
					r, j = r2, j+n2
				}
			}
			units = append(units, frUnit{r: r, n: uint16(j - i)})
			i = j
			continue
		}
		if markdown && c == '\\' && i+1 < len(v) && util.IsPunct(v[i+1]) {
			units = append(units, frUnit{r: rune(v[i+1]), n: 2})
			i += 2
			continue
		}
		if entities && c == '&' {
			if n, r, ok := frEntity(v[i:]); ok {
				units = append(units, frUnit{r: r, n: uint16(n)})
				i += n
				continue
			}
		}
		r := rune(c)
		if c == 0 {
			r = unicode.ReplacementChar
		}
		units = append(units, frUnit{r: r, n: 1})
		i++
	}
	s.units = units
}

// frRunRune reports whether the non-ASCII r may be part of a run: it is not
// a space, nor one of the non-ASCII characters of frOpening, frClosing and
// the guillemets (checked by TestFrenchRunRunes).
func frRunRune(r rune) bool {
	switch r {
	case '«', '»', '“', '‘', '„', '¿', '¡', '…', '”', '’':
		return false
	}
	return !unicode.IsSpace(r)
}

// frEntity decodes the character reference at the start of b.
func frEntity(b []byte) (n int, r rune, ok bool) {
	if len(b) < 3 || b[0] != '&' {
		return 0, 0, false
	}
	if b[1] == '#' {
		base, start, maxDigits := 10, 2, 7
		if b[2] == 'x' || b[2] == 'X' {
			base, start, maxDigits = 16, 3, 6
		}
		v, i := 0, start
		for ; i < len(b) && i-start <= maxDigits; i++ {
			d := frDigitValue(b[i], base)
			if d < 0 {
				break
			}
			v = v*base + d
		}
		if i == start || i-start > maxDigits || i >= len(b) || b[i] != ';' {
			return 0, 0, false
		}
		return i + 1, util.ToValidRune(rune(v)), true
	}
	i := 1
	for i < len(b) && util.IsAlphaNumeric(b[i]) {
		i++
	}
	if i == 1 || i >= len(b) || b[i] != ';' {
		return 0, 0, false
	}
	e, found := util.LookUpHTML5EntityByName(string(b[1:i]))
	if !found {
		return 0, 0, false
	}
	r, _ = utf8.DecodeRune(e.Characters)
	return i + 1, r, true
}

func frDigitValue(c byte, base int) int {
	switch {
	case c >= '0' && c <= '9':
		return int(c - '0')
	case base == 16 && c >= 'a' && c <= 'f':
		return int(c-'a') + 10
	case base == 16 && c >= 'A' && c <= 'F':
		return int(c-'A') + 10
	}
	return -1
}

// Character classes.

func (s *frSeq) char(i int, set string) bool {
	u := s.units[i]
	return u.kind == frChar && frIn(u.r, set)
}

func frIn(r rune, set string) bool {
	for _, c := range set {
		if c == r {
			return true
		}
	}
	return false
}

// plainSpace: a space, tab or line break that the rules may replace.
func (s *frSeq) plainSpace(i int) bool {
	u := s.units[i]
	return u.kind == frSoftBreak || u.kind == frChar && (u.r == ' ' || u.r == '\t' || u.r == '\n' || u.r == '\r')
}

// keptSpace: a no-break, thin or other Unicode space, kept as written.
func (s *frSeq) keptSpace(i int) bool {
	u := s.units[i]
	return u.kind == frChar && unicode.IsSpace(u.r) && !s.plainSpace(i)
}

// lineStart: a hard line break or a footnote back-link.
func (s *frSeq) lineStart(i int) bool {
	k := s.units[i].kind
	return k == frHardBreak || k == frGap
}

const (
	frSigns   = ";:!?"
	frOpening = "([{«“‘„¿¡"
	frClosing = "!?;:.,…»)]”'’\""
)

// isPunct reports whether the run of signs starting at i is punctuation
// (rule 5) and returns the index after the run.
func (s *frSeq) isPunct(i int) (bool, int) {
	k := i
	for k < len(s.units) && s.char(k, frSigns) {
		k++
	}
	last := s.units[k-1].r
	if k == len(s.units) {
		return true, k
	}
	if s.plainSpace(k) || s.keptSpace(k) || s.lineStart(k) || s.units[k].kind == frNote {
		return true, k
	}
	if !s.char(k, frClosing) {
		return false, k // a;b 10:30 https:// ?x=1 !important :-) :D :/ :(
	}
	if last == ';' || last == ':' {
		next := s.units[k].r
		if next == ')' {
			return false, k // :) ;)
		}
		if (next == '\'' || next == '’') && k+1 < len(s.units) && s.char(k+1, "()") {
			return false, k // :'( :')
		}
	}
	return true, k
}

// entityEnd reports whether the ; at i ends something that looks like a
// character reference (&name; &#123;), which must not be split.
func (s *frSeq) entityEnd(i int) bool {
	j := i - 1
	for j >= 0 && s.units[j].kind == frChar && s.units[j].r < utf8.RuneSelf && util.IsAlphaNumeric(byte(s.units[j].r)) {
		j--
	}
	if j == i-1 || j < 0 {
		return false
	}
	if s.char(j, "#") {
		j--
	}
	return j >= 0 && s.char(j, "&")
}

// apply computes the edits; it reports whether there is any.
func (s *frSeq) apply() bool {
	if len(s.edits) < len(s.units) {
		s.edits = make([]frEdit, len(s.units)+len(s.units)/2) // the old one is all zero
	}
	for i := 0; i < len(s.units); i++ {
		u := s.units[i]
		if u.kind != frChar || !frTriggerRune(u.r) {
			continue // the cases below in one test
		}
		switch r := u.r; {
		case r == ';' && s.entityEnd(i):
			// &name; left as written in the text (not a valid entity)
		case frIn(r, frSigns):
			punct, end := s.isPunct(i)
			if punct {
				nb := frNNBSP
				if r == ':' {
					nb = frNBSP
				}
				s.spaceBefore(i, nb)
			}
			i = end - 1 // the other signs of the run get nothing
		case r == '»':
			s.spaceBefore(i, frNNBSP)
		case r == '«':
			s.spaceAfter(i)
		case r == '%':
			s.percent(i)
		}
	}
	return len(s.marks) > 0
}

// frTriggerRune reports whether r is a character some rule reacts to.
func frTriggerRune(r rune) bool {
	switch r {
	case ';', ':', '!', '?', '%', '«', '»':
		return true
	}
	return false
}

// edit returns the edit of unit i, to be changed: every change goes through
// it, so that marks lists the units to write back and to clear.
func (s *frSeq) edit(i int) *frEdit {
	s.marks = append(s.marks, i)
	return &s.edits[i]
}

// clearEdits sets the edits back to zero, for the next block.
func (s *frSeq) clearEdits() {
	for _, i := range s.marks {
		s.edits[i] = frEdit{}
	}
	s.marks = s.marks[:0]
}

// replaceRun replaces the plain spaces units[a:b] by one nb.
func (s *frSeq) replaceRun(a, b int, nb rune) {
	for j := a; j < b; j++ {
		if s.edits[j].touched() {
			return // already done by another rule
		}
	}
	s.edit(a).repl = nb
	for j := a + 1; j < b; j++ {
		s.edit(j).del = true
	}
}

// dropRun removes the plain spaces units[a:b] (a kept space is next to them).
func (s *frSeq) dropRun(a, b int) {
	for j := a; j < b; j++ {
		if s.edits[j].touched() {
			return
		}
	}
	for j := a; j < b; j++ {
		s.edit(j).del = true
	}
}

// spaceBefore puts nb before the sign or » at i.
func (s *frSeq) spaceBefore(i int, nb rune) {
	if i == 0 {
		return
	}
	p := i - 1
	switch {
	case s.plainSpace(p):
		a := p
		for a > 0 && s.plainSpace(a-1) {
			a--
		}
		switch {
		case a == 0 || s.lineStart(a-1):
			// the sign starts the text or a line: leave it
		case s.keptSpace(a - 1):
			s.dropRun(a, i)
		default:
			s.replaceRun(a, i, nb)
		}
	case s.keptSpace(p), s.lineStart(p), s.char(p, frOpening), s.char(p, frSigns) && s.char(i, frSigns):
		// already spaced, line start, « ? or (!), second sign of a run
		// (a » after a sign still gets its space: « Quoi ? »)
	default: // a word, a closing mark, an emoji, a code span…
		if s.edits[p].after == 0 {
			s.edit(i).before = nb
		}
	}
}

// spaceAfter puts U+202F after the « at i.
func (s *frSeq) spaceAfter(i int) {
	n := i + 1
	if n == len(s.units) {
		return
	}
	switch {
	case s.plainSpace(n):
		b := n
		for b < len(s.units) && s.plainSpace(b) {
			b++
		}
		switch {
		case b == len(s.units) || s.lineStart(b):
		case s.keptSpace(b):
			s.dropRun(n, b)
		default:
			s.replaceRun(n, b, frNNBSP)
		}
	case s.keptSpace(n), s.lineStart(n), s.char(n, "»"):
	default:
		if s.edits[n].before == 0 {
			s.edit(i).after = frNNBSP
		}
	}
}

// percent handles "66 %".
func (s *frSeq) percent(i int) {
	a := i
	for a > 0 && s.plainSpace(a-1) {
		a--
	}
	if a == i || a == 0 {
		return
	}
	if u := s.units[a-1]; u.kind == frChar && unicode.IsDigit(u.r) {
		s.replaceRun(a, i, frNNBSP)
	}
}

// rebuild appends to dst the text of the piece with its edits. It reports
// whether the soft line break of the piece (if any) survives, and whether it
// ends with a hard line break. The spelling of unedited units is copied a
// span at a time.
func (s *frSeq) rebuild(dst []byte, pc *frPiece) (buf []byte, soft, hard bool) {
	buf = dst
	v := pc.value
	off, copied := 0, 0 // units[i] is spelt from v[off]; v[copied:off] is still to copy
	for i := pc.start; i < pc.end; i++ {
		u, e := s.units[i], s.edits[i]
		end := off + int(u.n)
		if e == (frEdit{}) {
			switch u.kind {
			case frHardBreak:
				hard = true
			case frSoftBreak:
				soft = true
			}
			off = end
			continue
		}
		buf = append(buf, v[copied:off]...)
		if e.before != 0 {
			buf = utf8.AppendRune(buf, e.before)
		}
		switch {
		case u.kind == frHardBreak:
			hard = true
		case e.del:
		case e.repl != 0:
			buf = utf8.AppendRune(buf, e.repl)
		case u.kind == frSoftBreak:
			soft = true
		default:
			buf = append(buf, v[off:end]...)
		}
		if e.after != 0 {
			buf = utf8.AppendRune(buf, e.after)
		}
		off, copied = end, end
	}
	return append(buf, v[copied:off]...), soft, hard
}

// writeBack stores the edited text of piece pc, which has the given number
// of edits, in its node.
func (s *frSeq) writeBack(pc *frPiece, edits int) {
	// An edit adds at most one 3-byte rune.
	buf, soft, hard := s.rebuild(make([]byte, 0, len(pc.value)+3*edits), pc)
	switch n := pc.node.(type) {
	case *ast.String:
		n.Value = buf // same flags: the value keeps its original syntax
	case *ast.Text:
		// A non-raw String is written like a Text (escapes and entities are
		// resolved, the rest is HTML-escaped), but it has no line break flags:
		// a kept line break is carried by an empty Text node that follows it,
		// and goldmark renders that one exactly like the original break.
		parent := n.Parent()
		str := ast.NewString(buf)
		parent.InsertBefore(parent, n, str)
		if soft || hard {
			t := ast.NewTextSegment(text.NewSegment(n.Segment.Stop, n.Segment.Stop))
			t.SetSoftLineBreak(soft || hard && n.SoftLineBreak())
			t.SetHardLineBreak(hard)
			parent.InsertBefore(parent, n, t)
		}
		parent.RemoveChild(parent, n)
	}
}
