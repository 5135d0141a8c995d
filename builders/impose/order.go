package impose

import "github.com/communs/communs/internal/typeset"

// Blank stands for a blank page in a Side: padding, not a page of the
// layout.
const Blank = -1

// BackCoverID marks a back cover: a layout whose last page holds the
// anchor BackCoverID (typeset.Layout.Anchors, set by a final
// typeset.Section with that ID) keeps that page last, on the outside of
// the booklet, and gets its blank pages before it.
const BackCoverID = "back-cover"

// HasBackCover tells whether a layout's last page is a back cover.
func HasBackCover(l *typeset.Layout) bool {
	d, ok := l.Anchors[BackCoverID]
	return ok && len(l.Pages) > 0 && d.Page == len(l.Pages)-1
}

// Side is one face of a sheet: the pages on its left and right halves,
// as indices in the layout's pages (Blank for padding), before any
// turning for long-edge duplex.
type Side struct{ Left, Right int }

// Sheet is one sheet of paper of a booklet.
type Sheet struct {
	Front, Back Side
	// Signature is the sheet's signature, from 0; Depth its place in it,
	// 0 for the outermost sheet (creep grows with it).
	Signature, Depth int
}

// Sequence is the reading order of a booklet of n pages, padded with
// Blank to a multiple of four: the blanks go at the end, or just before
// the last page when it is a back cover.
func Sequence(n int, backCover bool) []int {
	total := (n + 3) / 4 * 4
	seq := make([]int, 0, total)
	last := n
	if backCover && n > 0 {
		last = n - 1
	}
	for i := 0; i < last; i++ {
		seq = append(seq, i)
	}
	for len(seq) < total-(n-last) {
		seq = append(seq, Blank)
	}
	if last < n {
		seq = append(seq, n-1)
	}
	return seq
}

// Arrange imposes n pages for saddle stitching. Without signatures the
// n pages (padded to N, a multiple of four) make one booklet whose sheet
// s, counted from the outside, holds pages N−2s (left) and 2s+1 (right)
// on its front side and 2s+2 (left) and N−2s−1 (right) on its back
// (pages counted from 1). When n is above the threshold and signature
// sheets are set, the padded sequence is cut into signatures of that
// many sheets (the last one may be thinner), each imposed the same way
// as a booklet of its own; they follow each other in the result.
func Arrange(n int, backCover bool, signatureSheets, threshold int) []Sheet {
	seq := Sequence(n, backCover)
	per := len(seq)
	if signatureSheets > 0 && n > threshold {
		per = 4 * signatureSheets
	}
	sheets := make([]Sheet, 0, len(seq)/4)
	for sig, start := 0, 0; start < len(seq); sig, start = sig+1, start+per {
		pages := seq[start:min(start+per, len(seq))]
		m := len(pages)
		at := func(p int) int { return pages[p-1] }
		for s := 0; s < m/4; s++ {
			sheets = append(sheets, Sheet{
				Front:     Side{Left: at(m - 2*s), Right: at(2*s + 1)},
				Back:      Side{Left: at(2*s + 2), Right: at(m - 2*s - 1)},
				Signature: sig,
				Depth:     s,
			})
		}
	}
	return sheets
}
