package impose

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/builders/pdf"
	"github.com/communs/communs/i18n"
	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/testutil"
	"github.com/communs/communs/internal/translate"
	"github.com/communs/communs/internal/typeset"
	"github.com/communs/communs/internal/typeset/pdfout"
)

// load reads and renders a site, its clock fixed.
func load(t testing.TB, src string) *builders.Context {
	t.Helper()
	ctx := context.Background()
	diags := &diag.List{}
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	s, err := site.Load(ctx, src, site.Options{Now: now}, diags)
	if err != nil {
		t.Fatalf("load: %v\n%v", err, diags.Items())
	}
	cat := translate.NewCatalog("fr")
	for _, lang := range []string{"fr", "en"} {
		data, err := fs.ReadFile(i18n.Files, lang+".toml")
		if err != nil {
			t.Fatal(err)
		}
		if err := cat.Add(lang, "i18n/"+lang+".toml", data); err != nil {
			t.Fatal(err)
		}
	}
	c := &builders.Context{Site: s, Diags: diags, Strings: cat, Workers: 2, Downloads: &builders.Downloads{}}
	if err := builders.RenderPages(ctx, c); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSampleSite runs the builder on the sample site: both booklets of
// every page that gets a PDF, registered as downloads with their sizes,
// and the sample book's read back.
func TestSampleSite(t *testing.T) {
	tool(t, "pdftotext", "poppler-utils")
	tool(t, "pdfinfo", "poppler-utils")
	tool(t, "qpdf", "qpdf")
	c := load(t, testutil.RepoRoot())
	c.Dest = t.TempDir()
	if err := (Builder{}).Build(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	for _, d := range c.Diags.Items() {
		t.Errorf("diagnostic: %v", d)
	}
	pages := pdf.Pages(c.Site)
	if len(pages) == 0 {
		t.Fatal("no page gets a PDF in the sample site")
	}
	for _, p := range pages {
		dl := c.Downloads.For(p)
		if len(dl) != len(Formats) {
			t.Errorf("%s: downloads %+v", p.File, dl)
			continue
		}
		for i, f := range Formats {
			name := FileName(p, f)
			data, err := os.ReadFile(c.OutPath(c.PagePath(p) + name))
			if err != nil {
				t.Errorf("%s: %v", p.File, err)
				continue
			}
			if dl[i].Kind != f.Kind || dl[i].URL != p.RelPermalink+name || dl[i].Size != int64(len(data)) {
				t.Errorf("%s: download %+v for %s of %d bytes", p.File, dl[i], name, len(data))
			}
		}
	}
	book := c.Site.Langs["fr"].Books[0]
	p := book.Index
	src := sourceText(append([]*site.Page{p}, book.Chapters...)...)
	for _, f := range Formats {
		file := c.OutPath(c.PagePath(p) + FileName(p, f))
		data, _ := os.ReadFile(file)
		if !strings.HasSuffix(file, "/petit-guide."+f.Kind+".pdf") {
			t.Errorf("file name %s", file)
		}
		l, _, err := Layout(c, p, f)
		if err != nil {
			t.Fatal(err)
		}
		checkBooklet(t, c, p, f, file, data, l, src, DefaultOptions())
		// Byte-identical builds.
		again, err := Render(c, p, f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, data) {
			t.Errorf("%s: two builds differ", f.Kind)
		}
	}
	// Long-edge duplex, signatures of one sheet, creep and marks: the
	// same words, the folios where they belong.
	f := Formats[0]
	l, meta, err := Layout(c, p, f)
	if err != nil {
		t.Fatal(err)
	}
	o := Options{SignatureSheets: 1, Threshold: 0, LongEdge: true, Creep: 0.2 * mm, FoldMarks: true, CropMarks: true, Scale: 0.94}
	w, h := f.SheetSize()
	data, err := Impose(l, meta, w, h, o)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "long-edge.pdf")
	os.WriteFile(file, data, 0o644)
	checkBooklet(t, c, p, f, file, data, l, src, o)
}

// TestCorpusArticles imposes a few of the corpus's longest articles and
// its shortest, in both formats.
func TestCorpusArticles(t *testing.T) {
	dir := testutil.Corpus(t)
	tool(t, "pdftotext", "poppler-utils")
	tool(t, "pdfinfo", "poppler-utils")
	tool(t, "qpdf", "qpdf")
	c := load(t, dir)
	var arts []*site.Page
	for _, l := range c.Site.Languages {
		for _, p := range c.Site.Langs[l.Code].Pages {
			if p.Kind == site.KindArticle {
				arts = append(arts, p)
			}
		}
	}
	if len(arts) < 4 {
		t.Fatalf("only %d articles in the corpus", len(arts))
	}
	sort.SliceStable(arts, func(i, j int) bool { return arts[i].Rendered.Words > arts[j].Rendered.Words })
	picked := append(arts[:3:3], arts[len(arts)-1])
	t.Run("articles", func(t *testing.T) { // ends when its parallel tests have
		for _, p := range picked {
			for _, f := range Formats {
				t.Run(filepath.Base(filepath.Dir(p.File))+"/"+p.Lang+"/"+f.Kind, func(t *testing.T) {
					t.Parallel()
					data, err := Render(c, p, f)
					if err != nil {
						t.Fatal(err)
					}
					file := filepath.Join(t.TempDir(), FileName(p, f))
					os.WriteFile(file, data, 0o644)
					l, _, err := Layout(c, p, f)
					if err != nil {
						t.Fatal(err)
					}
					checkBooklet(t, c, p, f, file, data, l, sourceText(p), Settings(c, p))
				})
			}
		}
	})
	for _, d := range c.Diags.Items() {
		if strings.Contains(d.Error(), "booklet") {
			t.Errorf("%v", d)
		}
	}
}

// checkBooklet: qpdf is happy, the sheets are the format's, each folio
// is printed on the half-sheet of its page, and every word of the source
// is in the booklet.
func checkBooklet(t *testing.T, c *builders.Context, p *site.Page, f Format, file string, data []byte, l *typeset.Layout, src string, o Options) {
	t.Helper()
	if out, err := exec.Command("qpdf", "--check", file).CombinedOutput(); err != nil || bytes.Contains(out, []byte("WARNING")) {
		t.Errorf("%s: qpdf --check: %v\n%s", f.Kind, err, out)
	}
	w, h := f.SheetSize()
	sheets := Arrange(len(l.Pages), HasBackCover(l), o.SignatureSheets, o.Threshold)
	info := run(t, "pdfinfo", file)
	sizeRE := regexp.MustCompile(`Page size: +` + regexp.QuoteMeta(trimFloat(w)+" x "+trimFloat(h)) + ` pts`)
	if !sizeRE.MatchString(info) || !strings.Contains(info, "Pages:           "+strconv.Itoa(2*len(sheets))+"\n") {
		t.Errorf("%s: want %d sides of %v × %v pt:\n%s", f.Kind, 2*len(sheets), w, h, info)
	}
	// Where each page is: its side of sheet and half.
	type at struct {
		side  int
		right bool
	}
	where := map[int]at{}
	for i, sh := range sheets {
		where[sh.Front.Left] = at{2 * i, false}
		where[sh.Front.Right] = at{2 * i, true}
		where[sh.Back.Left] = at{2*i + 1, o.LongEdge}
		where[sh.Back.Right] = at{2*i + 1, !o.LongEdge}
	}
	// Folios: below the text block, at the foot of each page.
	opts, _ := pdf.Settings(c, p)
	s := o.scale()
	footTop := (h-l.Height*s)/2 + s*(l.Height-opts.Bottom)
	read := readBBox(t, file)
	got, sizes := read.folios()
	for i, sz := range sizes {
		if sz[0] != w || sz[1] != h {
			t.Errorf("%s: side %d is %v × %v pt", f.Kind, i+1, sz[0], sz[1])
		}
	}
	numbered := false
	for i, pg := range l.Pages {
		if pg.Folio == "" {
			if !pg.Blank && numbered {
				t.Errorf("%s: page %d is neither blank nor numbered", f.Kind, pg.Number)
			}
			continue
		}
		numbered = true
		want := where[i]
		found := false
		for _, g := range got[i] {
			y := g.y
			if g.turned {
				y = h - y
			}
			if y > footTop && g.sheetSide == want.side && (g.x > w/2) == want.right && g.turned == (o.LongEdge && want.side%2 == 1) {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: folio %s is not at the foot of side %d, %v half (read: %+v)", f.Kind, pg.Folio, want.side+1, map[bool]string{false: "left", true: "right"}[want.right], got[i])
		}
	}
	// Words: the text blocks of the pages, in reading order, so that a
	// word cut at the foot of a page joins its end on the next; the
	// footnotes apart (below their rule), as a note continued on the next
	// page joins there.
	txt := run(t, "pdftotext", "-enc", "UTF-8", file, "-")
	var body, notes strings.Builder
	for i, pg := range l.Pages {
		if pg.Blank {
			continue
		}
		a := where[i]
		left := opts.Outer
		if pg.Number%2 == 1 {
			left = opts.Inner
		}
		depth := 0
		for _, sh := range sheets {
			if sh.Front.Left == i || sh.Front.Right == i || sh.Back.Left == i || sh.Back.Right == i {
				depth = sh.Depth
			}
		}
		creep := o.Creep * float64(depth)
		turned := o.LongEdge && a.side%2 == 1
		// The page's rectangle on the side, as Place puts it.
		x0 := w/2 - l.Width*s + creep
		if a.right != turned { // the right half, before turning
			x0 = w/2 - creep
		}
		y0 := (h - l.Height*s) / 2
		bottom := l.Height - opts.Bottom
		split := bottom
		for _, it := range pg.Items {
			if it.Kind == typeset.LineItem && it.LineWidth == 0.4 && it.H == 0 {
				split = it.Y // the footnotes' rule
			}
		}
		for _, part := range []struct {
			b      *strings.Builder
			y0, y1 float64
		}{{&body, opts.Top, split}, {&notes, split, bottom}} {
			if part.y1 <= part.y0 {
				continue
			}
			bx, by := x0+s*left, y0+s*part.y0
			bw, bh := s*(l.Width-opts.Inner-opts.Outer), s*(part.y1-part.y0)
			if turned {
				bx, by = w-bx-bw, h-by-bh
			}
			part.b.WriteString(read.text(a.side, bx-1, by-1, bw+3, bh+3))
		}
	}
	words := map[string]bool{}
	b := body.String() + "\n" + notes.String()
	for _, v := range []string{txt, b, strings.ReplaceAll(b, "-\n", ""), strings.ReplaceAll(b, "\n", "")} {
		for _, wd := range testutil.Words(v) {
			words[wd] = true
			// A note call sticks to its word: fui¹ is read "fui1".
			for _, part := range letterDigitRE.FindAllString(wd, -1) {
				words[part] = true
				if part[0] >= '0' && part[0] <= '9' {
					for i := 1; i < len(part); i++ {
						words[part[:i]], words[part[i:]] = true, true
					}
				}
			}
		}
	}
	var missing []string
	seen := map[string]bool{}
	for _, wd := range testutil.Words(src) {
		if !words[wd] && !seen[wd] {
			seen[wd] = true
			missing = append(missing, wd)
		}
	}
	if len(missing) > 0 {
		t.Errorf("%s: %d words of the source are not in the booklet: %q", f.Kind, len(missing), missing[:min(len(missing), 20)])
	}
	t.Logf("%s: %d pages on %d sheets; the %d words of the source are all there", f.Kind, len(l.Pages), len(sheets), len(testutil.Words(src)))
}

var letterDigitRE = regexp.MustCompile(`\pL+|\pN+`)

// sourceText is what the reader must find: the pages' titles and the
// text of their HTML.
func sourceText(pages ...*site.Page) string {
	var b strings.Builder
	for _, p := range pages {
		b.WriteString(p.Title + "\n" + p.Subtitle + "\n")
		z := html.NewTokenizer(strings.NewReader(p.Rendered.Content))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			switch tt {
			case html.TextToken:
				b.Write(z.Text())
			case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
				b.WriteByte(' ')
			}
		}
	}
	return strings.ReplaceAll(b.String(), "↩\ufe0e", " ")
}

// TestSettings reads site.toml's [booklet] table and the front matter's,
// and warns about wrong values.
func TestSettings(t *testing.T) {
	c := &builders.Context{Site: &site.Site{Config: &site.Config{Extra: map[string]any{
		"booklet": map[string]any{"signature": int64(5), "threshold": int64(32), "duplex": "long-edge", "scale": int64(95), "creep": 0.1},
	}}}, Diags: &diag.List{}}
	p := &site.Page{File: "content/books/b/_index.md", FrontMatter: &site.FrontMatter{
		Params: map[string]any{"booklet": map[string]any{"signature": int64(2), "foldMarks": true, "cropMarks": true, "duplex": "sideways", "size": 3}},
		Lines:  map[string]int{"booklet": 7},
	}}
	o := Settings(c, p)
	want := Options{SignatureSheets: 2, Threshold: 32, LongEdge: true, Creep: 0.1 * mm, FoldMarks: true, CropMarks: true, Scale: 0.95}
	if o != want {
		t.Errorf("settings %+v, want %+v", o, want)
	}
	var msgs []string
	for _, d := range c.Diags.Items() {
		msgs = append(msgs, d.Error())
	}
	all := strings.Join(msgs, "\n")
	for _, w := range []string{"_index.md:7", "booklet.duplex = sideways", "booklet.size: unknown setting"} {
		if !strings.Contains(all, w) {
			t.Errorf("no warning with %q in:\n%s", w, all)
		}
	}
	// Crop marks need room around the pages.
	a4w, a4h := Formats[0].SheetSize()
	a5 := typeset.Papers["a5"]
	if ws := (Options{CropMarks: true, Scale: 1}).Warnings(a4w, a4h, a5[0], a5[1]); len(ws) != 1 || !strings.Contains(ws[0], "scale to 9") {
		t.Errorf("crop marks at 100 %%: %q", ws)
	}
	if ws := (Options{CropMarks: true, Scale: 0.9}).Warnings(a4w, a4h, a5[0], a5[1]); len(ws) != 0 {
		t.Errorf("crop marks at 90 %%: %q", ws)
	}
}

// TestLinksFollowPages: a link drawn on a page turned upside down at 90 %
// lands where its text is on the sheet.
func TestLinksFollowPages(t *testing.T) {
	tool(t, "qpdf", "qpdf")
	f := Formats[0]
	pg := typeset.Papers[f.Page]
	l := synthetic(t, 4, pg[0], pg[1], false)
	// A link over the top line of page 2 (back side, left half).
	l.Pages[1].Items = append(l.Pages[1].Items, typeset.Item{Kind: typeset.LinkItem, X: 50, Y: 60, W: 100, H: 12, URL: "https://example.org/"})
	w, h := f.SheetSize()
	o := Options{SignatureSheets: 4, Threshold: 64, LongEdge: true, Scale: 0.9}
	data, err := Impose(l, pdfout.Meta{Title: "Liens"}, w, h, o)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "links.pdf")
	os.WriteFile(file, data, 0o644)
	out := run(t, "qpdf", "--qdf", "--object-streams=disable", file, "-")
	m := regexp.MustCompile(`/Rect \[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]`).FindStringSubmatch(out)
	if m == nil {
		t.Fatal("no link annotation")
	}
	num := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
	x0, y0, x1, y1 := num(m[1]), num(m[2]), num(m[3]), num(m[4])
	// Page 2 is on the back of the sheet, left half, turned: on the right
	// half, upside down. Its rectangle, in PDF coordinates (y up):
	s := 0.9
	px := w/2 - pg[0]*s // left half, before turning
	py := (h - pg[1]*s) / 2
	lx0, ly0 := px+50*s, py+60*s // top-left, from the top
	lx1, ly1 := lx0+100*s, ly0+12*s
	// Turned about the sheet's centre, then y measured upward.
	wantX0, wantX1 := w-lx1, w-lx0
	wantYTop, wantYBottom := h-(h-ly0), h-(h-ly1) // PDF y of the turned top and bottom
	got := [4]float64{min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)}
	want := [4]float64{wantX0, min(wantYTop, wantYBottom), wantX1, max(wantYTop, wantYBottom)}
	for i := range got {
		if d := got[i] - want[i]; d > 0.02 || d < -0.02 {
			t.Errorf("link rectangle %v, want %v", got, want)
			break
		}
	}
}

// TestWants: a build limited to some files (communs serve) writes only
// those booklets.
func TestWants(t *testing.T) {
	c := load(t, testutil.RepoRoot())
	c.Dest = t.TempDir()
	c.Preview.Only = func(rel string) bool { return strings.HasSuffix(rel, "/petit-guide.letter-booklet.pdf") }
	if err := (Builder{}).Build(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	var written []string
	filepath.WalkDir(c.Dest, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			written = append(written, filepath.Base(path))
		}
		return nil
	})
	if len(written) != 1 || written[0] != "petit-guide.letter-booklet.pdf" {
		t.Errorf("written: %q", written)
	}
}
