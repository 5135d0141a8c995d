package impose

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/communs/communs/internal/typeset"
	"github.com/communs/communs/internal/typeset/font"
	"github.com/communs/communs/internal/typeset/pdfout"
)

// tool finds a checker or skips the test.
func tool(t testing.TB, name, pkg string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("skipped: %s is not installed (apt-get install %s)", name, pkg)
	}
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// Where the synthetic pages print their folio: centred at the foot, as
// the engine does.
const (
	folioSize  = 9
	folioFromB = 40 // baseline, from the page's foot
)

// synthetic lays out n pages of w × h pt: a line of text at the top, the
// folio centred at the foot. Every seventh page but the last is blank
// (no folio, no item), like a blank page before a chapter. With
// backCover, the last page carries the back cover's anchor.
func synthetic(t testing.TB, n int, w, h float64, backCover bool) *typeset.Layout {
	t.Helper()
	fs, err := font.Default()
	if err != nil {
		t.Fatal(err)
	}
	f := fs.Serif[font.Regular]
	l := &typeset.Layout{Width: w, Height: h, Anchors: map[string]typeset.Dest{}, Fonts: []*font.Font{f}}
	for i := 1; i <= n; i++ {
		p := &typeset.Page{Number: i}
		l.Pages = append(l.Pages, p)
		if i%7 == 6 && i < n {
			p.Blank = true
			continue
		}
		p.Folio = strconv.Itoa(i)
		p.Items = append(p.Items,
			typeset.Item{Kind: typeset.TextItem, X: 50, Y: 70, Font: f, Size: 10, Text: "Texte courant de la page"},
			typeset.Item{Kind: typeset.LineItem, X: 50, Y: 80, W: 100, LineWidth: 0.4},
			typeset.Item{Kind: typeset.TextItem, X: (w - textWidth(f, folioSize, p.Folio)) / 2, Y: h - folioFromB, Font: f, Size: folioSize, Text: p.Folio})
	}
	if backCover && n > 0 {
		last := l.Pages[n-1]
		last.Items = append(last.Items, typeset.Item{Kind: typeset.AnchorItem, X: 50, Y: 50, Target: BackCoverID})
		l.Anchors[BackCoverID] = typeset.Dest{Page: n - 1, Y: 50}
	}
	return l
}

func textWidth(f *font.Font, size float64, s string) float64 {
	w := 0.0
	for _, r := range s {
		w += float64(f.Advance(r)) * size / 1000
	}
	return w
}

// spot is where a folio is printed in a booklet.
type spot struct {
	sheetSide int     // the PDF's page, from 0
	x, y      float64 // the folio's centre on it, pt from the top left
	turned    bool
}

// expect computes where each printed page of a synthetic layout goes,
// from the rules of the issue, independently of Arrange: the reading
// position of every page in its signature, and from it the sheet, the
// side and the half (the inverse of the imposition formulas).
func expect(l *typeset.Layout, back bool, o Options, w, h float64) map[int]spot {
	n := len(l.Pages)
	total := (n + 3) / 4 * 4
	per := total
	if n > o.Threshold {
		per = 4 * o.SignatureSheets
	}
	s := o.scale()
	pw, ph := l.Width*s, l.Height*s
	out := map[int]spot{}
	for r := 0; r < total; r++ {
		page := r
		switch {
		case back && r == total-1:
			page = n - 1
		case back && r >= n-1, r >= n:
			continue // padding
		}
		if l.Pages[page].Blank {
			continue
		}
		start := r / per * per
		m := min(per, total-start)
		p := r - start + 1 // from 1 in its signature
		var sheet int
		var backSide, right bool
		if p <= m/2 {
			sheet, backSide, right = (p-1)/2, p%2 == 0, p%2 == 1
		} else {
			q := m + 1 - p
			sheet, backSide, right = (q-1)/2, q%2 == 0, q%2 == 0
		}
		creep := o.Creep * float64(sheet)
		x0 := w/2 - pw + creep
		if right {
			x0 = w/2 - creep
		}
		cx := x0 + s*l.Width/2 // the folio is centred
		cy := (h-ph)/2 + s*(l.Height-folioFromB)
		sp := spot{sheetSide: 2*(start/4+sheet) + b2i(backSide), x: cx, y: cy}
		if backSide && o.LongEdge {
			sp.x, sp.y, sp.turned = w-cx, h-cy, true
		}
		out[page] = sp
	}
	return out
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

var (
	bboxPageRE = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">`)
	bboxWordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)
	digitsRE   = regexp.MustCompile(`^\d+$`)
)

// bboxDoc is what pdftotext -bbox-layout reads of a PDF: one run gives
// every word with its box, in lines in reading order, for every side.
type bboxDoc struct {
	pages []bboxPage
}

type bboxPage struct {
	w, h  float64
	lines [][]bboxWord
}

type bboxWord struct {
	x0, y0, x1, y1 float64
	text           string
}

var bboxLineRE = regexp.MustCompile(`(?s)<line [^>]*>(.*?)</line>`)

func readBBox(t testing.TB, file string) bboxDoc {
	t.Helper()
	out := run(t, "pdftotext", "-bbox-layout", file, "-")
	var d bboxDoc
	for i, pg := range strings.Split(out, "<page ")[1:] {
		m := bboxPageRE.FindStringSubmatch("<page " + pg)
		if m == nil {
			t.Fatalf("no page size in pdftotext's output for page %d", i+1)
		}
		f := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
		p := bboxPage{w: f(m[1]), h: f(m[2])}
		for _, l := range bboxLineRE.FindAllStringSubmatch(pg, -1) {
			var line []bboxWord
			for _, w := range bboxWordRE.FindAllStringSubmatch(l[1], -1) {
				line = append(line, bboxWord{f(w[1]), f(w[2]), f(w[3]), f(w[4]), html.UnescapeString(w[5])})
			}
			p.lines = append(p.lines, line)
		}
		d.pages = append(d.pages, p)
	}
	return d
}

// folios reads the folios printed on each side of each sheet with their
// centres (pt from the top left), and the sides' sizes.
func (d bboxDoc) folios() (map[int][]spot, [][2]float64) {
	got := map[int][]spot{}
	var sizes [][2]float64
	for i, p := range d.pages {
		sizes = append(sizes, [2]float64{p.w, p.h})
		for _, l := range p.lines {
			for _, w := range l {
				if !digitsRE.MatchString(w.text) {
					continue
				}
				n, _ := strconv.Atoi(w.text)
				x, y := (w.x0+w.x1)/2, (w.y0+w.y1)/2
				got[n-1] = append(got[n-1], spot{sheetSide: i, x: x, y: y, turned: y < p.h/2})
			}
		}
	}
	return got, sizes
}

// text is the text of the words of a side whose centre is in the
// rectangle (pt from the top left), a line of text a line, its words
// apart; as pdftotext -raw -x -y -W -H gives it, without a process each.
func (d bboxDoc) text(side int, x, y, w, h float64) string {
	if side < 0 || side >= len(d.pages) {
		return ""
	}
	var b strings.Builder
	for _, l := range d.pages[side].lines {
		n := 0
		for _, wd := range l {
			cx, cy := (wd.x0+wd.x1)/2, (wd.y0+wd.y1)/2
			if cx < x || cx > x+w || cy < y || cy > y+h {
				continue
			}
			if n > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(wd.text)
			n++
		}
		if n > 0 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// TestOrderReadBack imposes synthetic layouts of n pages with folios,
// through the builder's placement code, and reads where each folio is
// printed back from the PDF: the sheet, the side, the half, upside down
// or not, and its position to the half point (scale and creep included).
func TestOrderReadBack(t *testing.T) {
	tool(t, "pdftotext", "poppler-utils")
	tool(t, "pdfinfo", "poppler-utils")
	tool(t, "qpdf", "qpdf")
	configs := []struct {
		name string
		o    Options
	}{
		{"one booklet", Options{SignatureSheets: 4, Threshold: 1000, Scale: 1}},
		{"defaults", DefaultOptions()},
		{"signatures of 3 sheets, creep 0.3 mm, 90 %, marks", Options{SignatureSheets: 3, Threshold: 0, Creep: 0.3 * mm, Scale: 0.9, FoldMarks: true, CropMarks: true}},
	}
	dir := t.TempDir()
	for _, n := range []int{1, 2, 3, 4, 5, 8, 13, 50, 200} {
		for ci, cfg := range configs {
			for _, long := range []bool{false, true} {
				for _, back := range []bool{false, true} {
					f := Formats[(n+ci)%2] // A4 and Letter in turn
					edge := "short-edge"
					if long {
						edge = "long-edge"
					}
					name := fmt.Sprintf("n=%d/%s/%s/%s/back-cover=%v", n, f.Kind, cfg.name, edge, back)
					o := cfg.o
					o.LongEdge = long
					t.Run(name, func(t *testing.T) {
						t.Parallel()
						checkReadBack(t, filepath.Join(dir, strings.NewReplacer("/", "_", " ", "_", ",", "").Replace(name)+".pdf"), n, f, o, back)
					})
				}
			}
		}
	}
}

func checkReadBack(t *testing.T, file string, n int, f Format, o Options, back bool) {
	pg := typeset.Papers[f.Page]
	l := synthetic(t, n, pg[0], pg[1], back)
	w, h := f.SheetSize()
	data, err := Impose(l, pdfout.Meta{Title: "Essai", Lang: "fr"}, w, h, o)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	want := expect(l, back, o, w, h)
	got, sizes := readBBox(t, file).folios()
	sides := 2 * ((n + 3) / 4)
	if len(sizes) != sides {
		t.Errorf("%d sides of sheets, want %d", len(sizes), sides)
	}
	for i, sz := range sizes {
		if math.Abs(sz[0]-w) > 0.005 || math.Abs(sz[1]-h) > 0.005 {
			t.Errorf("sheet side %d is %.2f × %.2f pt, want %.2f × %.2f", i+1, sz[0], sz[1], w, h)
		}
	}
	for page, sp := range want {
		g := got[page]
		if len(g) != 1 {
			t.Errorf("folio %d printed %d times, want once on side %d", page+1, len(g), sp.sheetSide+1)
			continue
		}
		if g[0].sheetSide != sp.sheetSide || g[0].turned != sp.turned || math.Abs(g[0].x-sp.x) > 0.5 || math.Abs(g[0].y-sp.y) > 6 {
			t.Errorf("folio %d on side %d at (%.1f, %.1f) turned %v; want side %d at (%.1f, %.1f) turned %v",
				page+1, g[0].sheetSide+1, g[0].x, g[0].y, g[0].turned, sp.sheetSide+1, sp.x, sp.y, sp.turned)
		}
	}
	for page, g := range got {
		if _, ok := want[page]; !ok {
			t.Errorf("folio %d printed on side %d, where no folio belongs", page+1, g[0].sheetSide+1)
		}
	}
	// The sheets' size as pdfinfo reads it.
	info := run(t, "pdfinfo", "-f", "1", "-l", strconv.Itoa(sides), file)
	sizeRE := regexp.MustCompile(`(?m)^Page +\d+ size: +` + regexp.QuoteMeta(trimFloat(w)+" x "+trimFloat(h)) + ` pts`)
	if c := len(sizeRE.FindAllString(info, -1)); c != sides {
		t.Errorf("pdfinfo gives %d sides of %s × %s pt, want %d:\n%s", c, trimFloat(w), trimFloat(h), sides, info)
	}
	if out, err := exec.Command("qpdf", "--check", file).CombinedOutput(); err != nil || bytes.Contains(out, []byte("WARNING")) {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	if again, _ := Impose(l, pdfout.Meta{Title: "Essai", Lang: "fr"}, w, h, o); !bytes.Equal(again, data) {
		t.Error("two impositions of the same layout differ")
	}
}

func trimFloat(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
