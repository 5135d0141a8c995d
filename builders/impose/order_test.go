package impose

import (
	"fmt"
	"reflect"
	"testing"
)

func TestSequence(t *testing.T) {
	b := Blank
	for _, tc := range []struct {
		n    int
		back bool
		want []int
	}{
		{0, false, []int{}},
		{1, false, []int{0, b, b, b}},
		{4, false, []int{0, 1, 2, 3}},
		{5, false, []int{0, 1, 2, 3, 4, b, b, b}},
		{5, true, []int{0, 1, 2, 3, b, b, b, 4}},
		{6, true, []int{0, 1, 2, 3, 4, b, b, 5}},
		{8, true, []int{0, 1, 2, 3, 4, 5, 6, 7}},
		{1, true, []int{b, b, b, 0}},
	} {
		if got := Sequence(tc.n, tc.back); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Sequence(%d, %v) = %v, want %v", tc.n, tc.back, got, tc.want)
		}
	}
}

// TestArrangeExamples: the order of the issue, by hand, for 8 pages (2
// sheets) and 13 pages (padded to 16).
func TestArrangeExamples(t *testing.T) {
	// Pages from 1 here, 0 for a blank.
	show := func(sheets []Sheet) string {
		p := func(i int) int { return i + 1 }
		s := ""
		for _, sh := range sheets {
			s += fmt.Sprintf("[%d %d|%d %d]", p(sh.Front.Left), p(sh.Front.Right), p(sh.Back.Left), p(sh.Back.Right))
		}
		return s
	}
	for _, tc := range []struct {
		n, sig, threshold int
		back              bool
		want              string
	}{
		{8, 4, 64, false, "[8 1|2 7][6 3|4 5]"},
		{13, 4, 64, false, "[0 1|2 0][0 3|4 13][12 5|6 11][10 7|8 9]"},
		{13, 4, 64, true, "[13 1|2 0][0 3|4 0][12 5|6 11][10 7|8 9]"},
		// Signatures of one sheet: each sheet a booklet of four pages.
		{8, 1, 0, false, "[4 1|2 3][8 5|6 7]"},
		// Signatures of two sheets, the last one thinner.
		{13, 2, 0, false, "[8 1|2 7][6 3|4 5][0 9|10 0][0 11|12 13]"},
	} {
		got := show(Arrange(tc.n, tc.back, tc.sig, tc.threshold))
		if got != tc.want {
			t.Errorf("Arrange(%d, back cover %v, %d sheets above %d) = %s, want %s", tc.n, tc.back, tc.sig, tc.threshold, got, tc.want)
		}
	}
}

// TestArrangeFolds checks Arrange against a fold: reading a folded
// signature leaf by leaf gives pages in order. The test folds the sheets
// of each signature, the first sheet outermost, and walks the leaves:
// the right halves of the fronts and the left halves of the backs,
// outside in, then the reverse on the way out.
func TestArrangeFolds(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4, 5, 8, 13, 50, 200} {
		for _, cfg := range []struct{ sig, threshold int }{{4, 64}, {3, 0}, {1, 0}, {64, 1000}} {
			for _, back := range []bool{false, true} {
				sheets := Arrange(n, back, cfg.sig, cfg.threshold)
				var read []int
				for i := 0; i < len(sheets); {
					j := i
					for j < len(sheets) && sheets[j].Signature == sheets[i].Signature {
						j++
					}
					sig := sheets[i:j]
					for _, sh := range sig {
						read = append(read, sh.Front.Right, sh.Back.Left)
					}
					for k := len(sig) - 1; k >= 0; k-- {
						read = append(read, sig[k].Back.Right, sig[k].Front.Left)
					}
					i = j
				}
				if want := Sequence(n, back); !reflect.DeepEqual(read, want) {
					t.Errorf("n=%d %+v back=%v: folded sheets read %v, want %v", n, cfg, back, read, want)
				}
			}
		}
	}
}
