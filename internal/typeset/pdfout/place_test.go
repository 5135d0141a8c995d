package pdfout

import (
	"bytes"
	"compress/zlib"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/communs/communs/internal/typeset"
	"github.com/communs/communs/internal/typeset/font"
)

func needTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("skipped: %s is not installed (apt-get install poppler-utils qpdf)", name)
	}
}

func runTool(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// page makes an A5 layout of one page: a word at (60, 100), a link over
// it, and when fill black rectangles filling the page's right half and
// the lowest quarter of its left half.
func page(t *testing.T, fill bool) *typeset.Layout {
	t.Helper()
	fs, err := font.Default()
	if err != nil {
		t.Fatal(err)
	}
	f := fs.Serif[font.Regular]
	w, h := typeset.Papers["a5"][0], typeset.Papers["a5"][1]
	p := &typeset.Page{Number: 1, Folio: "1", Items: []typeset.Item{
		{Kind: typeset.TextItem, X: 60, Y: 100, Font: f, Size: 12, Text: "Lien"},
		{Kind: typeset.LinkItem, X: 60, Y: 88, W: 30, H: 15, URL: "https://example.org/"},
	}}
	if fill {
		p.Items = append(p.Items,
			typeset.Item{Kind: typeset.RectItem, X: w / 2, Y: 0, W: w / 2, H: h, Fill: true},
			typeset.Item{Kind: typeset.RectItem, X: 0, Y: h * 3 / 4, W: w / 2, H: h / 4, Fill: true})
	}
	return &typeset.Layout{Width: w, Height: h, Pages: []*typeset.Page{p}, Anchors: map[string]typeset.Dest{}}
}

var (
	rectRE = regexp.MustCompile(`/Rect \[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]`)
	wordRE = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">Lien</word>`)
)

// linkAndWord reads a PDF's first link rectangle (from the top, as
// pdftotext measures) and the word "Lien".
func linkAndWord(t *testing.T, file string, sheetH float64) (link, word [4]float64) {
	t.Helper()
	qdf := runTool(t, "qpdf", "--qdf", "--object-streams=disable", file, "-")
	m := rectRE.FindStringSubmatch(qdf)
	if m == nil {
		t.Fatal("no link annotation")
	}
	f := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
	x0, y0, x1, y1 := f(m[1]), f(m[2]), f(m[3]), f(m[4])
	link = [4]float64{min(x0, x1), sheetH - max(y0, y1), max(x0, x1), sheetH - min(y0, y1)}
	w := wordRE.FindStringSubmatch(runTool(t, "pdftotext", "-bbox", file, "-"))
	if w == nil {
		t.Fatal("pdftotext does not find the word")
	}
	word = [4]float64{f(w[1]), f(w[2]), f(w[3]), f(w[4])}
	return link, word
}

// TestLinkOnItsText: gopdf places link rectangles from the height of an
// A4 page whatever the page's; on an A5 page, the link must still cover
// its word.
func TestLinkOnItsText(t *testing.T) {
	needTool(t, "qpdf")
	needTool(t, "pdftotext")
	l := page(t, false)
	data, err := Write(l, Meta{Title: "Lien"})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "link.pdf")
	os.WriteFile(file, data, 0o644)
	link, word := linkAndWord(t, file, l.Height)
	cx, cy := (word[0]+word[2])/2, (word[1]+word[3])/2
	if cx < link[0] || cx > link[2] || cy < link[1] || cy > link[3] {
		t.Errorf("the link %v does not cover its word %v", link, word)
	}
}

// TestPlaceTurnedScaledClipped places the page at half its size, turned,
// on an A4 sheet, clipped to the right half of its rectangle: the word and
// its link move together, the page's black right half, turned to the
// left, is cut off, and its black lower left quarter shows at the top
// right.
func TestPlaceTurnedScaledClipped(t *testing.T) {
	needTool(t, "qpdf")
	needTool(t, "pdftotext")
	needTool(t, "pdftoppm")
	l := page(t, true)
	sw, sh := typeset.Papers["a4"][0], typeset.Papers["a4"][1]
	d := NewDocument()
	d.AddSheet(sw, sh)
	const s = 0.5
	pl := Placement{X: 100, Y: 200, Scale: s, Turn: true, Clip: Rect{X: 100 + l.Width*s/2, Y: 200, W: l.Width * s / 2, H: l.Height * s}}
	if err := d.Place(l, 0, pl); err != nil {
		t.Fatal(err)
	}
	d.Line(0, 10, sw, 10, 1, typeset.Black)
	data, err := d.Bytes(Meta{Title: "Placement"})
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "place.pdf")
	os.WriteFile(file, data, 0o644)
	if out, err := exec.Command("qpdf", "--check", file).CombinedOutput(); err != nil || bytes.Contains(out, []byte("WARNING")) {
		t.Errorf("qpdf --check: %v\n%s", err, out)
	}
	// Turned, the word's top left (60, 100 − ascent) goes to the rectangle's
	// far corner: x = X + s × (width − 60) at its right end.
	link, word := linkAndWord(t, file, sh)
	if want := pl.X + s*(l.Width-60); word[2] < want-0.5 || word[2] > want+0.5 {
		t.Errorf("turned word ends at x = %.2f, want %.2f", word[2], want)
	}
	// Its baseline goes to y = Y + s × (height − 100): upside down, the
	// letters hang below it, the descenders rise above it.
	if want := pl.Y + s*(l.Height-100); word[1] > want || word[1] < want-4 || word[3] < want+3 {
		t.Errorf("turned word from y = %.2f to %.2f, want its baseline at %.2f", word[1], word[3], want)
	}
	cx, cy := (word[0]+word[2])/2, (word[1]+word[3])/2
	if cx < link[0] || cx > link[2] || cy < link[1] || cy > link[3] {
		t.Errorf("the link %v does not cover its turned word %v", link, word)
	}
	gray := render(t, file)
	at := func(x, y float64) byte { return gray.at(x*gray.w/sw, y*gray.h/sh) }
	if v := at(pl.X+l.Width*s*0.25, pl.Y+l.Height*s/2); v < 192 {
		t.Errorf("outside the clip, gray level %d: not clipped", v)
	}
	if v := at(pl.X+l.Width*s*0.75, pl.Y+l.Height*s*0.1); v > 64 {
		t.Errorf("inside the clip, the page's black quarter, turned, is not drawn: %d", v)
	}
	if v := at(pl.X+l.Width*s*0.75, pl.Y+l.Height*s*0.6); v < 192 {
		t.Errorf("inside the clip, where the page is white: %d", v)
	}
	if v := at(sw/2, 10); v > 128 {
		t.Errorf("the line drawn across the sheet is not there: %d", v)
	}
	// Content streams are compressed, and hold the text.
	if n := bytes.Count(data, []byte("/Filter /FlateDecode")); n < 2 {
		t.Errorf("%d compressed streams", n)
	}
	found := false
	for _, m := range regexp.MustCompile(`(?s)/Length (\d+) *\n/Filter /FlateDecode\n>>\nstream\n`).FindAllSubmatchIndex(data, -1) {
		n, _ := strconv.Atoi(string(data[m[2]:m[3]]))
		z, err := zlib.NewReader(bytes.NewReader(data[m[1] : m[1]+n]))
		if err != nil {
			continue
		}
		plain, _ := io.ReadAll(z)
		if bytes.Contains(plain, []byte(" Tf\n")) && bytes.Contains(plain, []byte("] TJ\n")) && bytes.Contains(plain, []byte(" re W n\n")) && bytes.Contains(plain, []byte("-0.5 0 0 -0.5 ")) {
			found = true
		}
	}
	if !found {
		t.Error("no compressed content stream with the text, clipped and turned")
	}
}

// gray is a rendered page, one byte a pixel.
type grayImage struct {
	w, h float64
	px   []byte
}

func (g grayImage) at(x, y float64) byte {
	i := int(y)*int(g.w) + int(x)
	if i < 0 || i >= len(g.px) {
		return 255
	}
	return g.px[i]
}

// render draws the first page at 36 dpi with pdftoppm, in gray levels.
func render(t *testing.T, file string) grayImage {
	t.Helper()
	out, err := exec.Command("pdftoppm", "-r", "36", "-gray", "-f", "1", "-l", "1", file).Output()
	if err != nil {
		t.Fatalf("pdftoppm: %v", err)
	}
	// PGM: P5 width height maxval, then the pixels.
	var w, h, maxv int
	fields := 0
	i := 2
	for fields < 3 && i < len(out) {
		for i < len(out) && (out[i] == ' ' || out[i] == '\n' || out[i] == '\r' || out[i] == '\t') {
			i++
		}
		j := i
		for j < len(out) && out[j] >= '0' && out[j] <= '9' {
			j++
		}
		v, _ := strconv.Atoi(string(out[i:j]))
		switch fields {
		case 0:
			w = v
		case 1:
			h = v
		case 2:
			maxv = v
		}
		fields++
		i = j
	}
	if !bytes.HasPrefix(out, []byte("P5")) || maxv != 255 || len(out) < i+1+w*h {
		t.Fatalf("pdftoppm gave no 8-bit gray image (%d × %d, max %d)", w, h, maxv)
	}
	return grayImage{w: float64(w), h: float64(h), px: out[i+1 : i+1+w*h]}
}
