package typeset

import (
	"math"
	"reflect"
	"testing"
)

// Hand-built paragraphs: boxes of given widths, glue between words that
// stretches by as much as it is wide and shrinks by 3, and the end of a
// paragraph as vlist.go writes it.

func box(w float64) item { return item{kind: boxItem, width: w} }

func space() item { return item{kind: glueItem, width: 10, stretch: 10, shrink: 3} }

// hyphenAt is a hyphenation point: breaking there draws a hyphen 3 wide.
func hyphenAt(penalty float64) item {
	return item{kind: penaltyItem, penalty: penalty, flagged: true, width: 3, runs: []run{{text: "-", width: 3}}}
}

// forcedBreak ends a line as a hard line break does.
func forcedBreak() []item {
	return []item{{kind: glueItem, stretch: fillStretch}, {kind: penaltyItem, penalty: -infPenalty}}
}

// words is boxes of the widths separated by spaces.
func words(widths ...float64) []item {
	var items []item
	for i, w := range widths {
		if i > 0 {
			items = append(items, space())
		}
		items = append(items, box(w))
	}
	return items
}

// paragraph ends items as a paragraph: no break before the fill glue, then
// the forced break.
func paragraph(items ...[]item) []item {
	var out []item
	for _, it := range items {
		out = append(out, it...)
	}
	out = append(out, item{kind: penaltyItem, penalty: infPenalty})
	return append(out, forcedBreak()...)
}

// ends are the indexes of the items the lines break at.
func ends(lines []line) []int {
	out := make([]int, len(lines))
	for i, l := range lines {
		out[i] = l.end
	}
	return out
}

// natural is the width of a line's items before adjustment.
func natural(items []item, l line) float64 {
	w := 0.0
	for _, it := range items[l.start:l.end] {
		if it.kind != penaltyItem {
			w += it.width
		}
	}
	if l.hyphen != nil {
		w += l.hyphen.width
	}
	return w
}

func TestBreakFitsOnOneLine(t *testing.T) {
	items := paragraph(words(20, 30, 20))
	lines, got := breakLines(items, 100, 100)
	if want := []int{len(items) - 1}; !reflect.DeepEqual(ends(lines), want) {
		t.Fatalf("breaks at %v, want %v", ends(lines), want)
	}
	if l := lines[0]; l.start != 0 || l.ratio < 0 || l.ratio > 1e-3 || l.hyphen != nil {
		t.Errorf("line %+v: want items from 0 at their natural width (the fill glue takes the rest)", l)
	}
	if len(got) != len(items) {
		t.Errorf("the items changed: %d, want %d", len(got), len(items))
	}
}

func TestBreakForced(t *testing.T) {
	// Everything would fit on one line; the forced break makes two.
	first := words(20, 20)
	items := paragraph(first, forcedBreak(), words(20, 20))
	lines, _ := breakLines(items, 100, 100)
	forced := len(first) + 1
	if want := []int{forced, len(items) - 1}; !reflect.DeepEqual(ends(lines), want) {
		t.Fatalf("breaks at %v, want %v", ends(lines), want)
	}
	if l := lines[1]; l.start != forced+1 {
		t.Errorf("the second line starts at %d, want %d", l.start, forced+1)
	}
}

// First fit fills the first line (ratio 0) and leaves the second very
// loose (ratio 3); the total fit takes a word off the first line, which
// becomes loose (ratio 1), to set the second at its natural width.
func TestBreakTotalFitBeatsFirstFit(t *testing.T) {
	items := paragraph(words(10, 10, 10, 10, 20, 30, 30, 40))
	const ( // the spaces after the 4th, 5th and 7th words
		after4th = 7
		after5th = 9
		after7th = 13
	)
	last := len(items) - 1
	lines, _ := breakLines(items, 100, 100)
	if want := []int{after4th, after7th, last}; !reflect.DeepEqual(ends(lines), want) {
		t.Fatalf("total fit breaks at %v, want %v", ends(lines), want)
	}
	if r := lines[0].ratio; math.Abs(r-1) > 1e-9 {
		t.Errorf("first line's ratio %v, want 1", r)
	}
	if r := lines[1].ratio; r != 0 {
		t.Errorf("second line's ratio %v, want 0", r)
	}
	firstFit, _ := greedy(items, 100, 100)
	if want := []int{after5th, after7th, last}; !reflect.DeepEqual(ends(firstFit), want) {
		t.Errorf("first fit breaks at %v, want %v", ends(firstFit), want)
	}
	if r := firstFit[1].ratio; r != 3 {
		t.Errorf("first fit's second line has ratio %v, want 3", r)
	}
}

// Breaking at a hyphenation point costs its penalty: a cheap one is worth
// a tight line rather than a very loose one, a dear one is not.
func TestBreakHyphenPenalty(t *testing.T) {
	build := func(penalty float64) []item {
		items := words(40, 30)
		items[1].stretch = 5 // "40 30" alone is very loose (ratio 4)
		items = append(items, space(), box(12), hyphenAt(penalty), box(30))
		return paragraph(items)
	}
	const hyphen, spaceBefore = 5, 3

	items := build(hyphenPenalty)
	lines, _ := breakLines(items, 100, 100)
	if want := []int{hyphen, len(items) - 1}; !reflect.DeepEqual(ends(lines), want) {
		t.Fatalf("with the hyphen penalty, breaks at %v, want %v", ends(lines), want)
	}
	if lines[0].hyphen != &items[hyphen] {
		t.Error("the first line does not end with the hyphen")
	}
	if w := natural(items, lines[0]); w != 105 || lines[0].ratio >= -0.5 {
		t.Errorf("first line: natural width %v, ratio %v; want 105 shrunk (tight)", w, lines[0].ratio)
	}

	items = build(9000)
	lines, _ = breakLines(items, 100, 100)
	if want := []int{spaceBefore, len(items) - 1}; !reflect.DeepEqual(ends(lines), want) {
		t.Fatalf("with a penalty of 9000, breaks at %v, want %v", ends(lines), want)
	}
	if lines[0].hyphen != nil || lines[0].ratio != 4 {
		t.Errorf("first line %+v: want no hyphen and ratio 4", lines[0])
	}
}

// A box wider than the line cannot be set by any pass: first fit puts it
// on a line of its own, overfull.
func TestBreakOverfull(t *testing.T) {
	items := paragraph(words(30, 80, 20))
	for _, p := range []breakParams{{tolerance: firstTolerance}, {tolerance: secondTolerance}, {tolerance: math.Inf(1), looseAllowed: true}} {
		if ls := knuthPlass(items, 50, 50, p); ls != nil {
			t.Fatalf("pass %+v set the paragraph: %+v", p, ls)
		}
	}
	lines, got := breakLines(items, 50, 50)
	if len(lines) != 3 {
		t.Fatalf("%d lines, want 3: %+v", len(lines), lines)
	}
	mid := lines[1]
	if mid.end-mid.start != 1 || got[mid.start].width != 80 {
		t.Errorf("second line holds items %d–%d, want the wide box alone", mid.start, mid.end)
	}
	if w := natural(got, mid); w <= mid.width {
		t.Errorf("second line is %v wide in %v: want it overfull", w, mid.width)
	}
	// The break after the wide box is not a legal one (glue right after
	// the box is, but does not fit): first fit adds one.
	if len(got) != len(items)+1 {
		t.Errorf("%d items, want %d (a break added)", len(got), len(items)+1)
	}
}

// Glue that cannot stretch makes every line infinitely bad: only the last
// pass, which lends such lines some stretch, sets the paragraph.
func TestBreakLastResortPass(t *testing.T) {
	rigid := item{kind: glueItem, width: 10}
	items := paragraph([]item{box(40), rigid, box(40), rigid, box(40)})
	if ls := knuthPlass(items, 100, 100, breakParams{tolerance: secondTolerance}); ls != nil {
		t.Fatalf("the second pass set rigid lines: %+v", ls)
	}
	lines, _ := breakLines(items, 100, 100)
	if want := []int{3, len(items) - 1}; !reflect.DeepEqual(ends(lines), want) {
		t.Fatalf("breaks at %v, want %v", ends(lines), want)
	}
}

// A shorter first line (an indent, a drop cap) moves its break earlier.
func TestBreakFirstLineWidth(t *testing.T) {
	items := paragraph(words(20, 20, 20, 20, 20))
	last := len(items) - 1
	lines, _ := breakLines(items, 100, 100)
	if want := []int{5, last}; !reflect.DeepEqual(ends(lines), want) {
		t.Fatalf("lines of 100: breaks at %v, want %v", ends(lines), want)
	}
	lines, _ = breakLines(items, 100, 70)
	if want := []int{3, last}; !reflect.DeepEqual(ends(lines), want) {
		t.Fatalf("a first line of 70: breaks at %v, want %v", ends(lines), want)
	}
	if lines[0].width != 70 || lines[1].width != 100 {
		t.Errorf("line widths %v and %v, want 70 and 100", lines[0].width, lines[1].width)
	}
}

func TestBadnessAndFitness(t *testing.T) {
	for _, c := range []struct {
		r     float64
		loose bool
		bad   float64
		fit   fitness
	}{
		{0, false, 0, decent},
		{-0.5, false, 12.5, decent},
		{-0.75, false, 42.1875, tight},
		{0.5, false, 12.5, decent},
		{1, false, 100, loose},
		{2, false, 800, veryLoose},
		{5, false, maxBadness, veryLoose},
		{5, true, 12500, veryLoose}, // the last pass: not capped
		{math.Inf(1), true, maxBadness, veryLoose},
	} {
		if got := badness(c.r, c.loose); got != c.bad {
			t.Errorf("badness(%v, %v) = %v, want %v", c.r, c.loose, got, c.bad)
		}
		if got := fitnessOf(c.r); got != c.fit {
			t.Errorf("fitnessOf(%v) = %v, want %v", c.r, got, c.fit)
		}
	}
	if !tight.farFrom(loose) || !veryLoose.farFrom(decent) || decent.farFrom(loose) || tight.farFrom(tight) {
		t.Error("farFrom: want classes two or more apart")
	}
}

func TestLineDemerits(t *testing.T) {
	for _, c := range []struct{ bad, pen, want float64 }{
		{0, 0, 100},                      // (10 + 0)²
		{90, 50, 100*100 + 50*50},        // a penalty adds its square
		{90, -50, 100*100 - 50*50},       // a bonus takes it off
		{90, -infPenalty, 100 * 100},     // a forced break adds nothing
		{maxBadness, 0, 10010 * 10010.0}, // as bad as can be
	} {
		if got := lineDemerits(c.bad, c.pen); got != c.want {
			t.Errorf("lineDemerits(%v, %v) = %v, want %v", c.bad, c.pen, got, c.want)
		}
	}
}

func TestAdjustmentRatio(t *testing.T) {
	for _, c := range []struct {
		name          string
		l, y, z, lw   float64
		forced, loose bool
		want          float64
	}{
		{"stretched", 80, 10, 3, 100, false, false, 2},
		{"shrunk", 103, 10, 3, 100, false, false, -1},
		{"exact", 100, 0, 0, 100, false, false, 0},
		{"cannot stretch", 80, 0, 3, 100, false, false, tooLoose},
		{"cannot shrink", 120, 10, 0, 100, false, false, tooTight},
		{"cannot stretch, last line", 80, 0, 0, 100, true, false, 0},
		{"cannot stretch, last pass", 80, 0, 0, 100, false, true, 4}, // 20 / (5% of 100)
	} {
		if got := adjustmentRatio(c.l, c.y, c.z, c.lw, c.forced, c.loose); got != c.want {
			t.Errorf("%s: ratio %v, want %v", c.name, got, c.want)
		}
	}
}
