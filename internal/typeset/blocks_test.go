package typeset

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"
)

func cell(s string) Cell { return Cell{Inlines: []Inline{{Text: s}}} }

// textBlock is the text block's left and right edges, and its bottom.
func textBlock(l *Layout, o Options) (left, right, bottom float64) {
	left = (o.Inner + o.Outer) / 2
	return left, left + o.PageWidth - o.Inner - o.Outer, o.PageHeight - o.Bottom
}

// checkInside fails for any text, line or frame of a page outside the
// text block (but the folio and running head).
func checkInside(t *testing.T, l *Layout, o Options) {
	t.Helper()
	left, right, bottom := textBlock(l, o)
	const eps = 0.01
	for _, p := range l.Pages {
		for _, it := range p.Items {
			if it.Kind == TextItem && (it.Text == p.Folio && it.Y > bottom || it.Y < o.Top) {
				continue // folio, running head
			}
			switch it.Kind {
			case TextItem, LineItem, RectItem, ImageItem:
				if it.X < left-eps || it.X+it.W > right+eps {
					t.Errorf("page %d: %v %q from x %.2f to %.2f, outside the text block (%.2f to %.2f)", p.Number, it.Kind, it.Text, it.X, it.X+it.W, left, right)
				}
				y := it.Y
				if it.Kind != TextItem {
					y += it.H
				}
				if y > bottom+eps {
					t.Errorf("page %d: %v %q at y %.2f, below the text block (%.2f)", p.Number, it.Kind, it.Text, y, bottom)
				}
			}
		}
	}
}

// pageTexts is the text items of a page's text block, top to bottom,
// left to right.
func pageTexts(p *Page, o Options) []Item {
	var out []Item
	for _, it := range p.Items {
		if it.Kind == TextItem && it.Y >= o.Top && it.Y <= o.PageHeight-o.Bottom {
			out = append(out, it)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Y != out[j].Y {
			return out[i].Y < out[j].Y
		}
		return out[i].X < out[j].X
	})
	return out
}

func TestTableHeaderRepeated(t *testing.T) {
	o := pageOpts()
	tb := &Table{Header: []Cell{cell("Nom"), cell("Valeur")}}
	for i := 1; i <= 30; i++ {
		tb.Rows = append(tb.Rows, []Cell{cell(fmt.Sprintf("rang%d", i)), cell("une valeur")})
	}
	l := typesetBlocks(t, o, lines(3), tb, lines(2))
	checkInside(t, l, o)
	if len(l.Pages) < 3 {
		t.Fatalf("%d pages for a table of 30 rows on pages of 10 lines", len(l.Pages))
	}
	seen := map[string]int{}
	pagesWithRows := 0
	for _, p := range l.Pages {
		texts := pageTexts(p, o)
		rows := 0
		firstRow := -1
		header := -1
		for k, it := range texts {
			if strings.HasPrefix(it.Text, "rang") {
				seen[it.Text]++
				rows++
				if firstRow < 0 {
					firstRow = k
				}
			}
			if it.Text == "Nom" && header < 0 {
				header = k
				if it.Font != l.Fonts[0] && !strings.Contains(it.Font.Name, "Bold") {
					t.Errorf("page %d: the header is not bold (%s)", p.Number, it.Font.Name)
				}
			}
		}
		if rows == 0 {
			continue
		}
		pagesWithRows++
		if header < 0 || header > firstRow {
			t.Errorf("page %d: rows without the header above them (header at %d, first row at %d)", p.Number, header, firstRow)
		}
	}
	if pagesWithRows < 3 {
		t.Errorf("the table spans %d pages", pagesWithRows)
	}
	for i := 1; i <= 30; i++ {
		if n := seen[fmt.Sprintf("rang%d", i)]; n != 1 {
			t.Errorf("row %d set %d times", i, n)
		}
	}
}

func TestTableRowTallerThanPage(t *testing.T) {
	o := pageOpts()
	// A cell of 25 lines on pages of 10: the row splits between its
	// lines, under the header on each page.
	var tall []Inline
	for i := 1; i <= 25; i++ {
		if i > 1 {
			tall = append(tall, Inline{Break: true})
		}
		tall = append(tall, Inline{Text: fmt.Sprintf("cellule%d", i)})
	}
	tb := &Table{Header: []Cell{cell("Nom"), cell("Texte")}, Rows: [][]Cell{
		{cell("avant"), cell("court")},
		{cell("haute"), {Inlines: tall}},
		{cell("après"), cell("court")},
	}}
	l := typesetBlocks(t, o, lines(2), tb)
	checkInside(t, l, o)
	seen := map[string]int{}
	for _, p := range l.Pages {
		header, first := -1, -1
		for k, it := range pageTexts(p, o) {
			if strings.HasPrefix(it.Text, "cellule") {
				seen[it.Text]++
				if first < 0 {
					first = k
				}
			}
			if it.Text == "Nom" && header < 0 {
				header = k
			}
		}
		if first >= 0 && (header < 0 || header > first) {
			t.Errorf("page %d: lines of the tall cell without the header above them", p.Number)
		}
	}
	for i := 1; i <= 25; i++ {
		if n := seen[fmt.Sprintf("cellule%d", i)]; n != 1 {
			t.Errorf("line %d of the tall cell set %d times", i, n)
		}
	}
	if len(l.Pages) < 3 {
		t.Errorf("%d pages: the tall row was not split", len(l.Pages))
	}
}

func TestWideTable(t *testing.T) {
	o := DefaultOptions()
	for _, ncol := range []int{12, 60} {
		tb := &Table{Line: 42}
		for j := 0; j < ncol; j++ {
			tb.Header = append(tb.Header, cell(fmt.Sprintf("C%d", j+1)))
		}
		for i := 0; i < 4; i++ {
			var r []Cell
			for j := 0; j < ncol; j++ {
				r = append(r, cell(fmt.Sprintf("%d", 10000+i*ncol+j)))
			}
			tb.Rows = append(tb.Rows, r)
		}
		d := &Document{Lang: "fr", Sections: []*Section{{Kind: Chapter, File: "t.md", Blocks: []Block{tb}}}}
		l, err := Typeset(d, o)
		if err != nil {
			t.Fatal(err)
		}
		checkInside(t, l, o)
		// Every digit is there.
		var all strings.Builder
		for _, p := range l.Pages {
			for _, it := range pageTexts(p, o) {
				all.WriteString(it.Text)
			}
		}
		got := strings.Count(all.String(), "1")
		want := 0
		for _, r := range tb.Rows {
			for _, c := range r {
				want += strings.Count(c.Inlines[0].Text, "1")
			}
		}
		for _, c := range tb.Header {
			want += strings.Count(c.Inlines[0].Text, "1")
		}
		if got != want {
			t.Errorf("%d columns: %d digits 1 set, want %d", ncol, got, want)
		}
		t.Logf("%d columns: warnings %v", ncol, l.Warnings)
		switch ncol {
		case 12:
			// Shrunk, but its numbers whole: no warning.
			if len(l.Warnings) != 0 {
				t.Errorf("12 columns: warnings %+v", l.Warnings)
			}
			if !strings.Contains(all.String(), fmt.Sprint(10000+12)) {
				t.Errorf("12 columns: a number was broken")
			}
		case 60:
			if len(l.Warnings) != 1 || l.Warnings[0].File != "t.md" || l.Warnings[0].Line != 42 || !strings.Contains(l.Warnings[0].Text, "60 columns") {
				t.Errorf("60 columns: warnings %+v", l.Warnings)
			}
		}
	}
}

func TestHeadingAtFootOfPage(t *testing.T) {
	o := pageOpts()
	// Pages of 120 pt. After 7 lines (84 pt) the heading (10.8 pt of
	// space and a 14.4 pt line) would fit, alone, at the very foot of the
	// page; after 6 lines it would fit with one line of its paragraph.
	// Either way it goes to the next page, with two lines at least.
	for _, before := range []int{6, 7} {
		h := &Heading{Level: 2, Inlines: []Inline{{Text: "Titre"}}, Text: "Titre", ID: "t"}
		l := typesetBlocks(t, o, lines(before), h, lines(5))
		if got := pageLines(l); len(got) != 2 || got[0] != before {
			t.Errorf("%d lines before: lines per page %v, want [%d 6]", before, got, before)
		}
		if dst := l.Anchors["t"]; dst.Page != 1 {
			t.Errorf("%d lines before: the heading is on page %d, want 2", before, dst.Page+1)
		}
		// Nothing of the heading on the first page.
		for _, it := range l.Pages[0].Items {
			if it.Kind == TextItem && it.Text == "Titre" {
				t.Errorf("%d lines before: the heading is at the foot of page 1", before)
			}
		}
		checkInside(t, l, o)
	}
}

func TestLongWordInBook(t *testing.T) {
	o := DefaultOptions()
	x := strings.Repeat("x", 5000)
	anti := strings.Repeat("anticonstitutionnellement", 200)
	d := &Document{Lang: "fr", Sections: []*Section{{Kind: Chapter, Title: "Un", File: "long.md", Heading: []Inline{{Text: "Un"}}, Blocks: []Block{
		&Paragraph{Inlines: []Inline{{Text: "Avant le mot " + x + " et après.", Line: 3}}},
		&Paragraph{Inlines: []Inline{{Text: "Puis " + anti + ".", Line: 5}}},
	}}}}
	l, err := Typeset(d, o)
	if err != nil {
		t.Fatal(err)
	}
	checkInside(t, l, o)
	var all strings.Builder
	for _, p := range l.Pages {
		for _, it := range pageTexts(p, o) {
			all.WriteString(it.Text)
		}
	}
	if n := strings.Count(all.String(), "x"); n != 5000 {
		t.Errorf("%d letters x set, want 5000", n)
	}
	if n := strings.Count(all.String(), "anticonstitu"); n < 150 {
		t.Errorf("the second word lost letters: %d", n)
	}
	lines := map[int]bool{}
	for _, w := range l.Warnings {
		if w.File == "long.md" && strings.Contains(w.Text, "longer than a line") {
			lines[w.Line] = true
		}
	}
	if !lines[3] || !lines[5] || len(l.Warnings) != 2 {
		t.Errorf("warnings: %+v", l.Warnings)
	}
	// Lines within the word are full (but the last).
	_, right, _ := textBlock(l, o)
	short := 0
	for _, p := range l.Pages {
		for _, it := range pageTexts(p, o) {
			if strings.HasPrefix(it.Text, "xxxx") && it.X+it.W < right-o.FontSize {
				short++
			}
		}
	}
	if short > 1 {
		t.Errorf("%d lines of the long word end far from the margin", short)
	}
}

func TestInlineImage(t *testing.T) {
	o := DefaultOptions()
	img := &InlineImage{Path: "icon.png", Width: 32, Height: 16, Alt: "icône"}
	p := &Paragraph{Inlines: []Inline{{Text: "Cliquez sur "}, {Image: img, Style: Style{Link: "https://example.org/"}}, {Text: " pour continuer la lecture de ce texte."}}}
	l := typesetBlocks(t, o, p)
	var im, text *Item
	links := 0
	for i, it := range l.Pages[0].Items {
		switch {
		case it.Kind == ImageItem:
			im = &l.Pages[0].Items[i]
		case it.Kind == TextItem && strings.HasPrefix(it.Text, "Cliquez"):
			text = &l.Pages[0].Items[i]
		case it.Kind == LinkItem && it.URL == "https://example.org/":
			links++
		}
	}
	if im == nil || text == nil {
		t.Fatalf("image %v, text %v", im, text)
	}
	if math.Abs(im.H-o.FontSize) > 0.01 || math.Abs(im.W-2*o.FontSize) > 0.01 {
		t.Errorf("image %.2f × %.2f, want %.2f × %.2f", im.W, im.H, 2*o.FontSize, o.FontSize)
	}
	// On the line: its foot a little below the baseline, its top within
	// the line above it.
	if im.Y+im.H < text.Y || im.Y+im.H > text.Y+o.FontSize*0.3 || im.Y < text.Y-o.Leading {
		t.Errorf("image from y %.2f to %.2f, baseline %.2f", im.Y, im.Y+im.H, text.Y)
	}
	if im.X <= text.X+text.W {
		t.Errorf("the image is not after the text")
	}
	if links != 1 {
		t.Errorf("%d links on the image", links)
	}
	if im.Text != "icône" {
		t.Errorf("image description %q", im.Text)
	}
}

func TestUnsupportedFigure(t *testing.T) {
	o := DefaultOptions()
	f := &Figure{Unsupported: true, Alt: "Un schéma du réseau", Caption: []Inline{{Text: "Figure 1"}}}
	l := typesetBlocks(t, o, f)
	alt, frame := false, 0
	for _, it := range l.Pages[0].Items {
		if it.Kind == TextItem && strings.Contains(it.Text, "schéma") {
			alt = true
			if it.Font.Name != "GentiumBookPlus-Italic" {
				t.Errorf("the description is in %s", it.Font.Name)
			}
		}
		if it.Kind == LineItem {
			frame++
		}
		if it.Kind == ImageItem {
			t.Errorf("an image is drawn: %+v", it)
		}
	}
	if !alt || frame != 4 {
		t.Errorf("description shown: %v; %d frame lines, want 4", alt, frame)
	}
	checkInside(t, l, o)
}
