package markdown

// French typography: no-break spaces before high punctuation, inside
// guillemets and before the percent sign.
//
// The rules work on the text of one block at a time (paragraph, heading,
// table cell, tight list item…): the inline nodes of the block are flattened
// into a sequence of "units" (one per decoded character, plus opaque units
// for code spans, images, autolinks, footnote references and line breaks),
// so that the character before or after a sign is found across emphasis,
// links and the many Text nodes goldmark splits a paragraph into. The edits
// are then written back into the nodes they belong to.

import (
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
	var seq frSeq
	for i, r := range s {
		n := utf8.RuneLen(r)
		if r == utf8.RuneError {
			_, n = utf8.DecodeRuneInString(s[i:])
		}
		seq.units = append(seq.units, frUnit{r: r, kind: frChar, raw: []byte(s[i : i+n])})
	}
	if !seq.apply() {
		return s
	}
	buf, _, _ := seq.rebuild(0, len(seq.units))
	return string(buf)
}

type frenchTransformer struct{}

// Transform implements parser.ASTTransformer.
func (frenchTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var blocks []ast.Node
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
	for _, b := range blocks {
		frenchBlock(b, source)
	}
}

// frKind is the kind of a unit of the flattened text of a block.
type frKind uint8

const (
	frChar      frKind = iota // an editable character
	frSoftBreak               // the soft line break ending a Text node (editable, reads as '\n')
	frHardBreak               // a hard line break: a space that cannot be edited
	frWord                    // an opaque word: code span, image, autolink…
	frNote                    // a footnote reference: a word before it, a closing mark after it
	frGap                     // a footnote back-link: rendered after a no-break space
)

// frUnit is one character (or opaque element) of the text of a block.
type frUnit struct {
	r     rune   // decoded character (frChar, frSoftBreak)
	kind  frKind //
	piece int    // index of the node holding it in frSeq.pieces
	raw   []byte // how the character is written in the node's value
}

// frEdit is a change at one unit.
type frEdit struct {
	before, after rune // rune inserted before/after the unit, 0 for none
	repl          rune // replacement rune, 0 for none
	del           bool // unit removed
}

func (e frEdit) touched() bool { return e.repl != 0 || e.del }

// frPiece is an inline node whose text is part of the sequence.
type frPiece struct {
	node       ast.Node
	start, end int // units of the node: units[start:end]
}

type frSeq struct {
	units  []frUnit
	edits  []frEdit
	pieces []frPiece
}

func frenchBlock(block ast.Node, source []byte) {
	var seq frSeq
	seq.flatten(block, source)
	if !seq.apply() {
		return
	}
	for p := range seq.pieces {
		seq.writeBack(p)
	}
}

// flatten appends the text of the inline children of n to the sequence.
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
			p := s.open(c)
			s.decode(v.Value(source), true, true)
			if v.HardLineBreak() {
				s.units = append(s.units, frUnit{kind: frHardBreak, piece: p})
			} else if v.SoftLineBreak() {
				s.units = append(s.units, frUnit{r: '\n', kind: frSoftBreak, piece: p})
			}
			s.close(p)
		case *ast.String:
			p := s.open(c)
			switch {
			case v.IsCode(): // typographer: HTML written verbatim
				s.decode(v.Value, false, true)
			case v.IsRaw():
				s.decode(v.Value, false, false)
			default:
				s.decode(v.Value, true, true)
			}
			s.close(p)
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
	s.units = append(s.units, frUnit{kind: k, piece: -1})
}

func (s *frSeq) open(n ast.Node) int {
	s.pieces = append(s.pieces, frPiece{node: n, start: len(s.units)})
	return len(s.pieces) - 1
}

func (s *frSeq) close(p int) {
	s.pieces[p].end = len(s.units)
}

// decode appends the characters of the value of a node as units, decoding
// backslash escapes (markdown) and character references (entities) the way
// goldmark's HTML writer does, so that context is computed on the rendered
// text while edits keep the original spelling of untouched characters.
func (s *frSeq) decode(v []byte, markdown, entities bool) {
	p := len(s.pieces) - 1
	for i := 0; i < len(v); {
		c := v[i]
		if markdown && c == '\\' && i+1 < len(v) && util.IsPunct(v[i+1]) {
			s.units = append(s.units, frUnit{r: rune(v[i+1]), piece: p, raw: v[i : i+2]})
			i += 2
			continue
		}
		if entities && c == '&' {
			if n, r, ok := frEntity(v[i:]); ok {
				s.units = append(s.units, frUnit{r: r, piece: p, raw: v[i : i+n]})
				i += n
				continue
			}
		}
		r, n := utf8.DecodeRune(v[i:])
		if c == 0 {
			r = unicode.ReplacementChar
		}
		s.units = append(s.units, frUnit{r: r, piece: p, raw: v[i : i+n]})
		i += n
	}
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
	s.edits = make([]frEdit, len(s.units))
	for i := 0; i < len(s.units); i++ {
		if s.units[i].kind != frChar {
			continue
		}
		switch r := s.units[i].r; {
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
	for _, e := range s.edits {
		if e != (frEdit{}) {
			return true
		}
	}
	return false
}

// replaceRun replaces the plain spaces units[a:b] by one nb.
func (s *frSeq) replaceRun(a, b int, nb rune) {
	for j := a; j < b; j++ {
		if s.edits[j].touched() {
			return // already done by another rule
		}
	}
	s.edits[a].repl = nb
	for j := a + 1; j < b; j++ {
		s.edits[j].del = true
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
		s.edits[j].del = true
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
			s.edits[i].before = nb
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
			s.edits[i].after = frNNBSP
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

// rebuild writes units[start:end] with their edits. It reports whether the
// soft line break of the piece (if any) survives, and whether it ends with
// a hard line break.
func (s *frSeq) rebuild(start, end int) (buf []byte, soft, hard bool) {
	for i := start; i < end; i++ {
		u, e := s.units[i], s.edits[i]
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
			buf = append(buf, u.raw...)
		}
		if e.after != 0 {
			buf = utf8.AppendRune(buf, e.after)
		}
	}
	return buf, soft, hard
}

// writeBack stores the edited text of piece p in its node.
func (s *frSeq) writeBack(p int) {
	pc := s.pieces[p]
	changed := false
	for _, e := range s.edits[pc.start:pc.end] {
		if e != (frEdit{}) {
			changed = true
			break
		}
	}
	if !changed {
		return
	}
	buf, soft, hard := s.rebuild(pc.start, pc.end)
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
