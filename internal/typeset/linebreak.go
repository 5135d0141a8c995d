package typeset

import (
	"math"
	"slices"
	"sync"
)

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
	fitness  int
	totalW   float64 // sums after the break
	totalY   float64
	totalZ   float64
	demerits float64
	prev     int32 // index in the arena; -1 for none
}

// kpScratch is the memory of the line breaker, reused from paragraph to
// paragraph.
type kpScratch struct {
	sumW, sumY, sumZ []float64
	nodes            []breakNode
	active, keep     []int32
}

var kpPool = sync.Pool{New: func() any { return new(kpScratch) }}

// breakParams tune the line breaker.
type breakParams struct {
	tolerance    float64
	linePenalty  float64
	flaggedDem   float64
	fitnessDem   float64
	looseAllowed bool // last resort: any stretch is accepted
}

// breakLines breaks a paragraph's items into lines of width width with
// Knuth and Plass's total-fit algorithm. The list must end with a forced
// break. It tries a normal pass, a tolerant one, then a pass accepting any
// underfull line; lines are never overfull unless a single box is wider
// than the line.
func breakLines(items []item, width float64, firstWidth float64) ([]line, []item) {
	for _, p := range []breakParams{
		{tolerance: 200, linePenalty: 10, flaggedDem: 3000, fitnessDem: 100},
		{tolerance: 2000, linePenalty: 10, flaggedDem: 3000, fitnessDem: 100},
		{tolerance: math.Inf(1), linePenalty: 10, flaggedDem: 3000, fitnessDem: 100, looseAllowed: true},
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

func knuthPlass(items []item, width, firstWidth float64, p breakParams) []line {
	sc := kpPool.Get().(*kpScratch)
	defer kpPool.Put(sc)
	// Running sums of widths, stretch and shrink before each item.
	n := len(items)
	sumW := slices.Grow(sc.sumW[:0], n+1)[:n+1]
	sumY := slices.Grow(sc.sumY[:0], n+1)[:n+1]
	sumZ := slices.Grow(sc.sumZ[:0], n+1)[:n+1]
	sc.sumW, sc.sumY, sc.sumZ = sumW, sumY, sumZ
	sumW[0], sumY[0], sumZ[0] = 0, 0, 0
	for i := range items {
		it := &items[i]
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
	// after returns the sums after a break at b: discardable items that
	// follow it are skipped.
	after := func(b int) (float64, float64, float64) {
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
		return sumW[i], sumY[i], sumZ[i]
	}
	nodes := append(sc.nodes[:0], breakNode{pos: -1, fitness: 1, prev: -1})
	active := append(sc.active[:0], 0)
	keep := sc.keep[:0]
	defer func() { sc.nodes, sc.active, sc.keep = nodes[:0], active[:0], keep[:0] }()
	for b := 0; b < n; b++ {
		it := &items[b]
		legal := false
		pen := 0.0
		switch it.kind {
		case glueItem:
			legal = b > 0 && items[b-1].kind == boxItem
		case penaltyItem:
			legal = it.penalty < infPenalty
			pen = it.penalty
		}
		if !legal {
			continue
		}
		forced := it.kind == penaltyItem && it.penalty <= -infPenalty
		var best [4]int32
		bestD := [4]float64{math.Inf(1), math.Inf(1), math.Inf(1), math.Inf(1)}
		keep = keep[:0]
		// Active nodes are in the order of their positions, so their
		// lines up to b get shorter and less stretchable along the list:
		// once one is too short to be broken at b, so are the others (all
		// lines are of one width but maybe the first).
		early := !forced && !p.looseAllowed && width == firstWidth
		for k, ai := range active {
			a := &nodes[ai]
			l := sumW[b] - a.totalW
			if it.kind == penaltyItem {
				l += it.width
			}
			lw := lineWidth(a.line, width, firstWidth)
			var r float64
			switch {
			case l < lw:
				y := sumY[b] - a.totalY
				if y > 0 {
					r = (lw - l) / y
				} else if p.looseAllowed || forced {
					// Unstretchable (pieces of a word longer than a line)
					// but acceptable at last resort, the shorter the
					// worse; or the last line, which the fill glue makes
					// natural.
					r = (lw - l) / (lw * 0.05)
					if forced && !p.looseAllowed {
						r = 0
					}
				} else {
					r = math.Inf(1)
				}
				if early && r > p.tolerance {
					keep = append(keep, active[k:]...)
					goto next
				}
			case l > lw:
				z := sumZ[b] - a.totalZ
				if z > 0 {
					r = (lw - l) / z
				} else {
					r = math.Inf(-1)
				}
			}
			if !(r < -1 || forced) {
				keep = append(keep, ai)
			}
			if r >= -1 && (r <= p.tolerance || p.looseAllowed) {
				ar := math.Abs(r)
				bad := 100 * ar * ar * ar
				if bad > 10000 && !p.looseAllowed || math.IsInf(r, 0) {
					bad = 10000
				}
				d := p.linePenalty + bad
				d *= d
				switch {
				case pen >= 0:
					d += pen * pen
				case pen > -infPenalty:
					d -= pen * pen
				}
				if it.flagged && a.pos >= 0 && a.pos < n && items[a.pos].flagged {
					d += p.flaggedDem
				}
				fit := 1
				switch {
				case r < -0.5:
					fit = 0
				case r <= 0.5:
					fit = 1
				case r <= 1:
					fit = 2
				default:
					fit = 3
				}
				if abs(fit-a.fitness) > 1 {
					d += p.fitnessDem
				}
				d += a.demerits
				if d < bestD[fit] {
					bestD[fit] = d
					best[fit] = ai + 1 // 0: none
				}
			}
		}
	next:
		active, keep = keep, active
		for fit, bi := range best {
			if bi == 0 {
				continue
			}
			a := &nodes[bi-1]
			nd := breakNode{pos: b, line: a.line + 1, fitness: fit, demerits: bestD[fit], prev: bi - 1}
			nd.totalW, nd.totalY, nd.totalZ = after(b)
			nodes = append(nodes, nd)
			active = append(active, int32(len(nodes)-1))
		}
		if len(active) == 0 {
			return nil
		}
	}
	// The last item is a forced break: pick the best node that ends there.
	end := int32(-1)
	for _, ai := range active {
		if nodes[ai].pos == n-1 && (end < 0 || nodes[ai].demerits < nodes[end].demerits) {
			end = ai
		}
	}
	if end < 0 {
		return nil
	}
	count := 0
	for x := end; nodes[x].prev >= 0; x = nodes[x].prev {
		count++
	}
	lines := make([]line, count)
	i := count - 1
	for x := end; nodes[x].prev >= 0; x = nodes[x].prev {
		nd := &nodes[x]
		start := nodes[nd.prev].pos + 1
		lines[i] = makeLine(items, start, nd.pos, lineWidth(i, width, firstWidth))
		i--
	}
	return lines
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// makeLine measures items[start:end] broken at end and computes its ratio.
func makeLine(items []item, start, end int, lw float64) line {
	// Skip discardable items at the start of the line.
	for start < end && items[start].kind != boxItem {
		if items[start].kind == glueItem && items[start].stretch >= 1e6 {
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
		l.ratio = max((lw-w)/z, -1)
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
