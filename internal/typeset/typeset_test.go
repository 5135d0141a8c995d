package typeset

import (
	"math"
	"strings"
	"testing"

	"github.com/communs/communs/internal/typeset/font"
	"github.com/communs/communs/internal/typeset/hyph"
)

func testSetter(t *testing.T) setter {
	t.Helper()
	fs, err := font.Default()
	if err != nil {
		t.Fatal(err)
	}
	return setter{fonts: fs}
}

// setPara breaks text into lines of width w and returns each line's text
// and natural width after adjustment.
func setPara(t *testing.T, text string, w float64, lang string) ([]string, []float64) {
	t.Helper()
	s := testSetter(t)
	ps := paraStyle{size: 10, hyphens: hyph.For(lang), width: w, hyphenOK: true}
	items := s.items([]Inline{{Text: text}}, ps)
	items = append(items, item{kind: penaltyItem, penalty: infPenalty}, item{kind: glueItem, stretch: 1e6}, item{kind: penaltyItem, penalty: -infPenalty})
	lines, items := breakLines(items, w, w)
	var texts []string
	var widths []float64
	for _, l := range lines {
		var b strings.Builder
		width := 0.0
		for i := l.start; i < l.end; i++ {
			it := items[i]
			switch it.kind {
			case boxItem, kernItem:
				width += it.width
				for _, r := range it.runs {
					b.WriteString(r.text)
				}
			case glueItem:
				if it.stretch < 1e6 {
					b.WriteByte(' ')
					if l.ratio >= 0 {
						width += it.width + l.ratio*it.stretch
					} else {
						width += it.width + l.ratio*it.shrink
					}
				}
			}
		}
		if l.hyphen != nil {
			b.WriteString("-")
			width += l.hyphen.width
		}
		texts = append(texts, b.String())
		widths = append(widths, width)
	}
	return texts, widths
}

const lorem = "Une licence libre dit, une fois pour toutes, ce que chacun peut faire d’un texte : le lire, le copier, le modifier et le partager, à condition d’en citer l’auteur et, pour la licence CC-BY-SA, de partager les versions modifiées sous la même licence. La mention de l’auteur est la première condition ; la seconde, le partage à l’identique, garantit que le texte reste libre d’une version à l’autre, indépendamment des intermédiaires."

func TestJustified(t *testing.T) {
	const w = 200
	lines, widths := setPara(t, lorem, w, "fr")
	if len(lines) < 5 {
		t.Fatalf("%d lines", len(lines))
	}
	hyphenated := 0
	for i, l := range lines {
		if widths[i] > w+1e-6 {
			t.Errorf("line %d is overfull: %.3f > %d: %q", i, widths[i], w, l)
		}
		if i < len(lines)-1 && math.Abs(widths[i]-w) > 1e-6 {
			t.Errorf("line %d is not justified: %.3f: %q", i, widths[i], l)
		}
		if strings.HasSuffix(l, "-") {
			hyphenated++
		}
	}
	joined := strings.ReplaceAll(strings.Join(lines, "\n"), "-\n", "")
	joined = strings.ReplaceAll(joined, "\n", " ")
	if strings.ReplaceAll(joined, "CC-BYSA", "CC-BY-SA") != lorem {
		t.Errorf("text changed:\n%s", strings.Join(lines, "\n"))
	}
	t.Logf("\n%s", strings.Join(lines, "\n"))
}

func TestLongWord(t *testing.T) {
	// An onion address is longer than the line: it is broken, never
	// overfull, and without hyphens.
	onion := "http://juhanurmihxlp77nkq76byazcldy2hlmovfu2epvl5ankdibsot4csyd.onion/"
	text := "Le service est aussi en ligne à " + onion + " pour qui utilise Tor, et "
	text += "Anticonstitutionnellementanticonstitutionnellement est un mot plus long que la ligne."
	const w = 120
	lines, widths := setPara(t, text, w, "fr")
	for i, l := range lines {
		if widths[i] > w+1e-6 {
			t.Errorf("line %d is overfull: %.3f: %q", i, widths[i], l)
		}
	}
	all := strings.Join(lines, "\n")
	if !strings.Contains(strings.ReplaceAll(all, "\n", ""), onion) {
		t.Errorf("the address was changed (a hyphen added?):\n%s", all)
	}
	t.Logf("\n%s", all)
}

func TestNoBreakSpaces(t *testing.T) {
	// U+202F and U+00A0 never end a line.
	text := strings.Repeat("Vraiment\u202f? Oui\u00a0: c’est «\u202fsûr\u202f» à 66\u202f%. ", 8)
	lines, _ := setPara(t, text, 150, "fr")
	for _, l := range lines {
		for _, bad := range []string{"\u202f", "\u00a0"} {
			if strings.HasPrefix(l, bad) || strings.HasSuffix(l, bad) {
				t.Errorf("a line starts or ends with a no-break space: %q", l)
			}
		}
		if strings.HasPrefix(l, "?") || strings.HasPrefix(l, ":") || strings.HasPrefix(l, "»") || strings.HasPrefix(l, "%") {
			t.Errorf("a line starts with a sign its word keeps: %q", l)
		}
	}
}

func TestNoHyphenInNumbersOrCode(t *testing.T) {
	s := testSetter(t)
	ps := paraStyle{size: 10, hyphens: hyph.For("fr"), width: 300, hyphenOK: true}
	for _, in := range []Inline{
		{Text: "1234567890123"},
		{Text: "mp3transformation"},
		{Text: "constitutionnellement", Style: Style{Mono: true, URL: true}},
		{Text: "https://example.org/constitutionnellement"},
	} {
		for _, it := range s.items([]Inline{in}, ps) {
			if it.kind == penaltyItem && it.flagged && len(it.runs) > 0 && it.penalty < 1000 {
				t.Errorf("%q gets a hyphenation point", in.Text)
				break
			}
		}
	}
}

// pageOpts is a small page: 10 lines of text.
func pageOpts() Options {
	o := DefaultOptions()
	o.Leading = 12
	o.Top, o.Bottom = 20, 20
	o.PageHeight = 40 + 10*12
	return o
}

// lines is a paragraph of exactly n lines (ended by hard line breaks).
func lines(n int) *Paragraph {
	p := &Paragraph{NoIndent: true}
	for i := 0; i < n; i++ {
		if i > 0 {
			p.Inlines = append(p.Inlines, Inline{Break: true})
		}
		p.Inlines = append(p.Inlines, Inline{Text: "des mots sur une ligne"})
	}
	return p
}

// pageLines counts the text lines (baselines) of each page.
func pageLines(l *Layout) []int {
	var out []int
	for _, p := range l.Pages {
		ys := map[float64]bool{}
		for _, it := range p.Items {
			if it.Kind == TextItem && it.Y < l.Height-19 && it.Y > 20 {
				ys[it.Y] = true
			}
		}
		out = append(out, len(ys))
	}
	return out
}

func typesetBlocks(t *testing.T, o Options, bs ...Block) *Layout {
	t.Helper()
	d := &Document{Lang: "fr", Sections: []*Section{{Kind: Chapter, Blocks: bs}}}
	l, err := Typeset(d, o)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestWidowsAndOrphans(t *testing.T) {
	o := pageOpts()
	// 9 lines, then a 3-line paragraph: breaking after its first line
	// (an orphan) or before its last (a widow) is forbidden, so it moves
	// whole to the next page.
	l := typesetBlocks(t, o, lines(9), lines(3))
	got := pageLines(l)
	if len(got) != 2 || got[0] != 9 || got[1] != 3 {
		t.Errorf("lines per page: %v, want [9 3]", got)
	}
	// 8 lines, then 4: two fit, two go over.
	l = typesetBlocks(t, o, lines(8), lines(4))
	if got := pageLines(l); len(got) != 2 || got[0] != 10 || got[1] != 2 {
		t.Errorf("lines per page: %v, want [10 2]", got)
	}
	// 8 lines then 3: 2 + 1 would leave a widow: all three go over.
	l = typesetBlocks(t, o, lines(8), lines(3))
	if got := pageLines(l); len(got) != 2 || got[0] != 8 || got[1] != 3 {
		t.Errorf("lines per page: %v, want [8 3]", got)
	}
}

func TestKeepWithNext(t *testing.T) {
	o := pageOpts()
	// A heading at the foot of a page goes over with the lines it heads.
	l := typesetBlocks(t, o, lines(8), &Heading{Level: 2, Inlines: []Inline{{Text: "Titre"}}, Text: "Titre", ID: "t"}, lines(5))
	dst, ok := l.Anchors["t"]
	if !ok || dst.Page != 1 {
		t.Errorf("the heading is on page %d, want 2", dst.Page+1)
	}
	if len(l.Outline) != 1 || l.Outline[0].Dest.Page != 1 {
		t.Errorf("outline: %+v", l.Outline)
	}
}

func TestFootnotes(t *testing.T) {
	o := pageOpts()
	note := &Note{Label: "1", ID: "fn1", CallID: "ref1", Blocks: []Block{lines(2)}}
	call := &Paragraph{NoIndent: true, Inlines: []Inline{{Text: strings.TrimSpace(strings.Repeat("mot ", 20))}, {Text: "1", Note: note, Style: Style{Super: true, Target: "fn1"}}, {Text: " fin."}}}
	l := typesetBlocks(t, o, lines(4), call, lines(8))
	dn, dc := l.Anchors["fn1"], l.Anchors["ref1"]
	if dn.Page != dc.Page {
		t.Errorf("note on page %d, called on page %d", dn.Page+1, dc.Page+1)
	}
	if dn.Y < dc.Y {
		t.Errorf("the note is above its call")
	}
	// A note too long for the room left is split: its first lines on the
	// call's page, the rest at the foot of the next.
	long := &Note{Label: "2", ID: "fn2", CallID: "ref2", Blocks: []Block{lines(6)}}
	call2 := &Paragraph{NoIndent: true, Inlines: []Inline{{Text: "appel"}, {Text: "2", Note: long, Style: Style{Super: true}}, {Text: " " + strings.TrimSpace(strings.Repeat("mot ", 8))}}}
	l = typesetBlocks(t, o, lines(6), call2, lines(8))
	dn, dc = l.Anchors["fn2"], l.Anchors["ref2"]
	if dn.Page != dc.Page {
		t.Errorf("note 2 starts on page %d, called on page %d", dn.Page+1, dc.Page+1)
	}
	noteSize := o.FontSize * 0.85
	count := func(p *Page) int {
		ys := map[float64]bool{}
		for _, it := range p.Items {
			if it.Kind == TextItem && math.Abs(it.Size-noteSize) < 0.01 && it.Y > o.Top && it.Y < o.PageHeight-o.Bottom {
				ys[it.Y] = true
			}
		}
		return len(ys)
	}
	first, next := count(l.Pages[dc.Page]), count(l.Pages[dc.Page+1])
	if first < 2 || next == 0 || first+next != 6 {
		t.Errorf("note lines: %d on the call's page, %d on the next; want a split of 6", first, next)
	}
	// Nothing runs into the bottom margin.
	for _, p := range l.Pages {
		for _, it := range p.Items {
			if it.Kind == TextItem && it.Y > o.PageHeight-o.Bottom+0.01 && it.Text != p.Folio {
				t.Errorf("page %d: %q below the text block (%.1f)", p.Number, it.Text, it.Y)
			}
		}
	}
}

func TestChapterOnRightPage(t *testing.T) {
	o := pageOpts()
	o.Print = true
	d := &Document{Lang: "fr", RunningTitle: "Livre", Sections: []*Section{
		{Kind: Chapter, Title: "Un", ID: "c1", Heading: []Inline{{Text: "Un"}}, Blocks: []Block{lines(3)}},
		{Kind: Chapter, Title: "Deux", ID: "c2", Heading: []Inline{{Text: "Deux"}}, Blocks: []Block{lines(3)}},
	}}
	l, err := Typeset(d, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Pages) != 3 || !l.Pages[1].Blank || l.Pages[1].Folio != "" || l.Anchors["c2"].Page != 2 {
		t.Errorf("pages: %d, blank: %v, chapter 2 on page %d", len(l.Pages), len(l.Pages) > 1 && l.Pages[1].Blank, l.Anchors["c2"].Page+1)
	}
	if len(l.Outline) != 2 || l.Outline[1].Title != "Deux" || l.Outline[1].Level != 1 {
		t.Errorf("outline: %+v", l.Outline)
	}
}

func TestMissingCharacter(t *testing.T) {
	o := DefaultOptions()
	d := &Document{Lang: "fr", Sections: []*Section{{Kind: Chapter, File: "x.md", Blocks: []Block{
		&Paragraph{Inlines: []Inline{{Text: "Un caractère privé \ue000 ici.", Line: 7}}},
	}}}}
	l, err := Typeset(d, o)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Missing) != 1 || l.Missing[0].Rune != '\ue000' || l.Missing[0].File != "x.md" || l.Missing[0].Line != 7 {
		t.Errorf("missing: %+v", l.Missing)
	}
	boxes := 0
	for _, it := range l.Pages[0].Items {
		if it.Kind == RectItem && !it.Fill {
			boxes++
		}
	}
	if boxes != 1 {
		t.Errorf("%d placeholder boxes, want 1", boxes)
	}
}
