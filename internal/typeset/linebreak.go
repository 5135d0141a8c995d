package typeset

import (
	"math"
	"slices"
	"sync"
)

// The line breaker is the total-fit algorithm of Donald E. Knuth and
// Michael F. Plass, "Breaking paragraphs into lines", Software—Practice and
// Experience 11 (1981), 1119–1184: of all the ways to break a paragraph at
// its legal breaks (glue after a box, penalties below infPenalty), it picks
// the one whose lines have the least total demerits. Its numbers follow.
const (
	// firstTolerance and secondTolerance are the largest adjustment ratio
	// a line may have in the first and second passes (the paper's
	// tolerance; the third pass takes any ratio). As in the paper they
	// bound the ratio r itself, not the badness 100|r|³ as TeX's
	// \tolerance does: the paper's examples use 1, so even the first pass
	// here is loose, and demerits, not the tolerance, keep lines even.
	firstTolerance  = 200
	secondTolerance = 2000

	// maxShrinkRatio is the tightest a line may be set: its glue shrinks by
	// all its shrinkability, never more (r < -1 would be overfull).
	maxShrinkRatio = -1

	// maxBadness is the badness of a line as bad as can be (TeX's
	// inf_bad): badness, 100|r|³, is capped there but in the last pass.
	maxBadness = 10000

	// linePenalty is added to every line's badness before squaring
	// (TeX's \linepenalty): fewer lines are better.
	linePenalty = 10

	// flaggedDemerits are added when two lines in a row end at flagged
	// breaks, hyphens (TeX's \doublehyphendemerits).
	flaggedDemerits = 3000

	// fitnessDemerits are added when a line's fitness class is not next
	// to the one of the line before: a tight line after a loose one
	// (TeX's \adjdemerits).
	fitnessDemerits = 100

	// lastResortStretch is the stretch, as a share of the line's width,
	// that the last pass lends a line without glue to stretch (pieces of
	// a word longer than a line), so that the shorter it is the worse.
	lastResortStretch = 0.05

	// tooLoose and tooTight are the ratios of a line that has no glue to
	// stretch or to shrink to its width: beyond any tolerance, and below
	// maxShrinkRatio.
	tooLoose = math.MaxFloat64
	tooTight = -math.MaxFloat64

	// fillStretch is the stretch of the glue that ends a paragraph, so
	// that its last line is set at its natural width (TeX's \parfillskip).
	fillStretch = 1e6
)

// fitness is the fitness class of a line (the paper's): how much its glue
// is stretched or shrunk. Lines of classes far apart look uneven one under
// the other.
type fitness int

const (
	tight     fitness = iota // r < -0.5
	decent                   // -0.5 ≤ r ≤ 0.5
	loose                    // 0.5 < r ≤ 1
	veryLoose                // r > 1
	numFitness
)

// fitnessOf is the fitness class of a line of adjustment ratio r.
func fitnessOf(r float64) fitness {
	switch {
	case r < -0.5:
		return tight
	case r <= 0.5:
		return decent
	case r <= 1:
		return loose
	}
	return veryLoose
}

// farFrom tells whether lines of classes f and g, one under the other,
// cost fitnessDemerits: their classes are not next to each other.
func (f fitness) farFrom(g fitness) bool {
	return f > g+1 || g > f+1
}

// line is a line chosen by the line breaker: items[start:end] (the break
// item at end is excluded; when it is a penalty with runs, a hyphen is
// drawn at the end), set with adjustment ratio ratio.
type line struct {
	start, end int
	ratio      float64
	hyphen     *item // the penalty broken at, when it draws something
	width      float64
}

// breakNode is a feasible break: an element of the arena of a pass.
type breakNode struct {
	pos      int // index of the break item (-1 for the start)
	line     int
	fitness  fitness
	totalW   float64 // sums after the break
	totalY   float64
	totalZ   float64
	demerits float64
	prev     int32 // index in the arena; -1 for none
	flagged  bool  // the break is flagged (a hyphen)
}

// kpScratch is the memory of the line breaker, reused from paragraph to
// paragraph.
type kpScratch struct {
	sumW, sumY, sumZ []float64
	nodes            []breakNode
	active, keep     []int32
}

var kpPool = sync.Pool{New: func() any { return new(kpScratch) }}

// breakParams tune a pass of the line breaker.
type breakParams struct {
	tolerance    float64
	looseAllowed bool // last resort: any stretch is accepted
}

// breakLines breaks a paragraph's items into lines of width width with
// Knuth and Plass's total-fit algorithm. The list must end with a forced
// break. It tries a normal pass, a tolerant one, then a pass accepting any
// underfull line; lines are never overfull unless a single box is wider
// than the line. When no pass succeeds, greedy breaks first fit.
func breakLines(items []item, width float64, firstWidth float64) ([]line, []item) {
	for _, p := range []breakParams{
		{tolerance: firstTolerance},
		{tolerance: secondTolerance},
		{tolerance: math.Inf(1), looseAllowed: true},
	} {
		if ls := knuthPlass(items, width, firstWidth, p); ls != nil {
			return ls, items
		}
	}
	return greedy(items, width, firstWidth)
}

func lineWidth(n int, width, first float64) float64 {
	if n == 0 {
		return first
	}
	return width
}

// knuthPlass is one pass of the total-fit algorithm; nil when no way of
// breaking the paragraph has all its lines within the pass's tolerance.
func knuthPlass(items []item, width, firstWidth float64, p breakParams) []line {
	sc := kpPool.Get().(*kpScratch)
	kp := breaker{kpScratch: *sc, items: items, width: width, firstWidth: firstWidth, p: p}
	kp.measure()
	var lines []line
	if end := kp.search(); end >= 0 {
		lines = kp.lines(end)
	}
	*sc = kp.kpScratch // the memory grown, for the next paragraph
	kpPool.Put(sc)
	return lines
}

// breaker is the state of one pass over a paragraph.
type breaker struct {
	kpScratch
	items             []item
	width, firstWidth float64
	p                 breakParams
}

// measure fills the running sums of widths, stretch and shrink before
// each item, so that a line's are two subtractions.
func (kp *breaker) measure() {
	n := len(kp.items)
	sumW := slices.Grow(kp.sumW[:0], n+1)[:n+1]
	sumY := slices.Grow(kp.sumY[:0], n+1)[:n+1]
	sumZ := slices.Grow(kp.sumZ[:0], n+1)[:n+1]
	kp.sumW, kp.sumY, kp.sumZ = sumW, sumY, sumZ
	sumW[0], sumY[0], sumZ[0] = 0, 0, 0
	for i := range kp.items {
		it := &kp.items[i]
		w, y, z := sumW[i], sumY[i], sumZ[i]
		switch it.kind {
		case boxItem, kernItem:
			w += it.width
		case glueItem:
			w += it.width
			y += it.stretch
			z += it.shrink
		}
		sumW[i+1], sumY[i+1], sumZ[i+1] = w, y, z
	}
}

// afterBreak returns the sums after a break at b: the discardable items
// that follow it (glue, kerns, penalties) begin no line.
func (kp *breaker) afterBreak(b int) (w, y, z float64) {
	items, n := kp.items, len(kp.items)
	i := b
	if b < n && items[b].kind == penaltyItem || b < n && items[b].kind == glueItem {
		i = b + 1
	}
	for i < n && items[i].kind != boxItem {
		if items[i].kind == penaltyItem && items[i].penalty <= -infPenalty && i > b {
			break
		}
		i++
	}
	return kp.sumW[i], kp.sumY[i], kp.sumZ[i]
}

// legalBreak tells whether the paragraph may break at items[b], and the
// penalty of breaking there: at glue after a box, or at a penalty below
// infPenalty.
func legalBreak(items []item, b int) (penalty float64, ok bool) {
	switch it := &items[b]; it.kind {
	case glueItem:
		return 0, b > 0 && items[b-1].kind == boxItem
	case penaltyItem:
		return it.penalty, it.penalty < infPenalty
	}
	return 0, false
}

// search runs through the legal breaks, keeping the active nodes (the
// feasible breaks a line may still start from) and adding a node at every
// feasible break; it returns the node ending the paragraph with the least
// demerits, -1 when there is none.
func (kp *breaker) search() int32 {
	kp.nodes = append(kp.nodes[:0], breakNode{pos: -1, fitness: decent, prev: -1})
	kp.active = append(kp.active[:0], 0)
	kp.keep = kp.keep[:0]
	for b := range kp.items {
		pen, ok := legalBreak(kp.items, b)
		if !ok {
			continue
		}
		best := kp.tryBreak(b, pen)
		kp.activate(b, best)
		if len(kp.active) == 0 {
			return -1
		}
	}
	return kp.bestEnd()
}

// candidates are the best predecessors of a break, one per fitness class
// of the line they would end there.
type candidates struct {
	node     [numFitness]int32 // index in the arena + 1; 0 for none
	demerits [numFitness]float64
}

// tryBreak sets the line from every active node to the break b: it
// deactivates the nodes from which the line would be overfull (or which a
// forced break closes) and returns the best predecessors of b, those that
// give the paragraph up to b the least demerits.
//
// This is the inner loop of the line breaker: what it calls is small
// enough to be inlined, as a call would spill its registers.
func (kp *breaker) tryBreak(b int, pen float64) candidates {
	it := &kp.items[b]
	atPenalty, flagged := it.kind == penaltyItem, it.flagged
	forced := atPenalty && pen <= -infPenalty
	breakWidth := 0.0 // what breaking at a penalty adds to the line: a hyphen
	if atPenalty {
		breakWidth = it.width
	}
	w, y, z := kp.sumW[b], kp.sumY[b], kp.sumZ[b]
	best := candidates{demerits: [numFitness]float64{math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1)}}
	keep := kp.keep[:0]
	p, nodes, width, firstWidth := kp.p, kp.nodes, kp.width, kp.firstWidth
	// Active nodes are in the order of their positions, so their lines up
	// to b get shorter and less stretchable along the list: once one is
	// too short to be broken at b, so are the others (all lines are of one
	// width but maybe the first).
	early := !forced && !p.looseAllowed && width == firstWidth
	for k, ai := range kp.active {
		a := &nodes[ai]
		l := w - a.totalW
		if atPenalty {
			l += breakWidth
		}
		r := adjustmentRatio(l, y-a.totalY, z-a.totalZ, lineWidth(a.line, width, firstWidth), forced, p.looseAllowed)
		if early && r > p.tolerance {
			keep = append(keep, kp.active[k:]...)
			break
		}
		if !(r < maxShrinkRatio || forced) {
			keep = append(keep, ai)
		}
		if !(r >= maxShrinkRatio && (r <= p.tolerance || p.looseAllowed)) {
			continue // not a feasible line
		}
		// The demerits, added in the paper's order.
		d := lineDemerits(badness(r, p.looseAllowed), pen)
		if flagged && a.flagged {
			d += flaggedDemerits
		}
		fit := fitnessOf(r)
		if fit.farFrom(a.fitness) {
			d += fitnessDemerits
		}
		d += a.demerits
		if d < best.demerits[fit] {
			best.demerits[fit] = d
			best.node[fit] = ai + 1
		}
	}
	kp.active, kp.keep = keep, kp.active
	return best
}

// adjustmentRatio is the ratio r of a line of natural width l, stretch y
// and shrink z set in the width lw: the share of its stretch (r > 0) or
// shrink (r < 0) that makes it as wide as lw; tooLoose or tooTight when
// it has none to give. forced: the line ends the paragraph.
func adjustmentRatio(l, y, z, lw float64, forced, looseAllowed bool) float64 {
	if l < lw {
		if y > 0 {
			return (lw - l) / y
		}
		if looseAllowed {
			// Unstretchable (pieces of a word longer than a line) but
			// acceptable at last resort, the shorter the worse.
			return (lw - l) / (lw * lastResortStretch)
		}
		if forced {
			return 0 // the last line, which the fill glue makes natural
		}
		return tooLoose
	}
	if l > lw {
		if z > 0 {
			return (lw - l) / z
		}
		return tooTight
	}
	return 0
}

// badness is the paper's 100|r|³, capped at maxBadness but in the last
// pass (where any ratio is accepted, the looser the worse).
func badness(r float64, looseAllowed bool) float64 {
	ar := math.Abs(r)
	bad := 100 * ar * ar * ar
	if bad > maxBadness && !looseAllowed || ar > math.MaxFloat64 { // an infinite r
		bad = maxBadness
	}
	return bad
}

// lineDemerits are the demerits of a line of badness bad ending at a
// break of penalty pen, before those of hyphens and fitness classes: the
// paper's (linePenalty + badness)² plus or minus the penalty squared; a
// forced break adds nothing.
func lineDemerits(bad, pen float64) float64 {
	d := linePenalty + bad
	d *= d
	switch {
	case pen >= 0:
		d += pen * pen
	case pen > -infPenalty:
		d -= pen * pen
	}
	return d
}

// activate adds a node at the break b for each fitness class that has a
// best predecessor there.
func (kp *breaker) activate(b int, best candidates) {
	for fit, bi := range best.node {
		if bi == 0 {
			continue
		}
		a := &kp.nodes[bi-1]
		nd := breakNode{pos: b, line: a.line + 1, fitness: fitness(fit), demerits: best.demerits[fit], prev: bi - 1, flagged: kp.items[b].flagged}
		nd.totalW, nd.totalY, nd.totalZ = kp.afterBreak(b)
		kp.nodes = append(kp.nodes, nd)
		kp.active = append(kp.active, int32(len(kp.nodes)-1))
	}
}

// bestEnd is the active node at the paragraph's last item, a forced
// break, with the least demerits; -1 for none.
func (kp *breaker) bestEnd() int32 {
	last := len(kp.items) - 1
	end := int32(-1)
	for _, ai := range kp.active {
		if kp.nodes[ai].pos == last && (end < 0 || kp.nodes[ai].demerits < kp.nodes[end].demerits) {
			end = ai
		}
	}
	return end
}

// lines follows the chain of breaks back from the node end and sets the
// lines between them.
func (kp *breaker) lines(end int32) []line {
	nodes := kp.nodes
	count := 0
	for x := end; nodes[x].prev >= 0; x = nodes[x].prev {
		count++
	}
	lines := make([]line, count)
	i := count - 1
	for x := end; nodes[x].prev >= 0; x = nodes[x].prev {
		nd := &nodes[x]
		start := nodes[nd.prev].pos + 1
		lines[i] = makeLine(kp.items, start, nd.pos, lineWidth(i, kp.width, kp.firstWidth))
		i--
	}
	return lines
}

// makeLine measures items[start:end] broken at end and computes its ratio.
func makeLine(items []item, start, end int, lw float64) line {
	// Skip discardable items at the start of the line.
	for start < end && items[start].kind != boxItem {
		if items[start].kind == glueItem && items[start].stretch >= fillStretch {
			break // the fill of an empty last line
		}
		start++
	}
	l := line{start: start, end: end}
	w, y, z := 0.0, 0.0, 0.0
	for i := start; i < end; i++ {
		switch items[i].kind {
		case boxItem, kernItem:
			w += items[i].width
		case glueItem:
			w += items[i].width
			y += items[i].stretch
			z += items[i].shrink
		}
	}
	if end < len(items) && items[end].kind == penaltyItem && len(items[end].runs) > 0 {
		l.hyphen = &items[end]
		w += items[end].width
	}
	switch {
	case w < lw && y > 0:
		l.ratio = (lw - w) / y
	case w > lw && z > 0:
		l.ratio = max((lw-w)/z, maxShrinkRatio)
	}
	l.width = lw
	return l
}

// greedy is the last resort: first fit, breaking between any two boxes
// when no legal break fits.
func greedy(items []item, width, firstWidth float64) ([]line, []item) {
	var lines []line
	start := 0
	n := len(items)
	for start < n {
		lw := lineWidth(len(lines), width, firstWidth)
		w := 0.0
		fit := -1 // last legal break whose line fits
		end := -1
		for i := start; i < n; i++ {
			it := items[i]
			legal := it.kind == glueItem && i > start && items[i-1].kind == boxItem ||
				it.kind == penaltyItem && it.penalty < infPenalty
			if it.kind == penaltyItem && it.penalty <= -infPenalty {
				end = i
				break
			}
			if legal && w+penaltyWidth(it) <= lw {
				fit = i
			}
			if it.kind != penaltyItem {
				w += it.width
			}
			if w > lw && i > start {
				if fit >= 0 {
					end = fit
				} else {
					// Nothing fits: break before this item as if it were allowed.
					end = i
					items = append(items[:i:i], append([]item{{kind: penaltyItem}}, items[i:]...)...)
					n = len(items)
				}
				break
			}
		}
		if end < 0 {
			end = n - 1
		}
		lines = append(lines, makeLine(items, start, end, lw))
		start = end + 1
	}
	return lines, items
}

func penaltyWidth(it item) float64 {
	if it.kind == penaltyItem {
		return it.width
	}
	return 0
}
