package impose

import (
	"context"
	"errors"
	"strings"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/builders/pdf"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/typeset"
	"github.com/communs/communs/internal/typeset/pdfout"
)

// Format is a kind of booklet: pages of one paper size, two on each side
// of a sheet of another, landscape.
type Format struct {
	Kind  string // the download's kind and the file name's: "a4-booklet"
	Page  string // paper of the pages (typeset.Papers): "a5"
	Sheet string // paper of the sheets, used landscape: "a4"
}

// Formats are the booklets written for each book and PDF article.
var Formats = []Format{
	{Kind: "a4-booklet", Page: "a5", Sheet: "a4"},
	{Kind: "letter-booklet", Page: "half-letter", Sheet: "letter"},
}

// SheetSize is the landscape sheet's width and height, pt.
func (f Format) SheetSize() (w, h float64) {
	p := typeset.Papers[f.Sheet]
	return p[1], p[0]
}

// FileName is the booklet's name: <slug>.a4-booklet.pdf.
func FileName(p *site.Page, f Format) string {
	return strings.TrimSuffix(pdf.FileName(p), ".pdf") + "." + f.Kind + ".pdf"
}

// Builder writes the booklets of every page the PDF builder writes a PDF
// for. It runs before the HTML, which lists them with their sizes.
type Builder struct{}

// Name implements builders.Builder.
func (Builder) Name() string { return "impose" }

type job struct {
	p *site.Page
	f Format
}

// Build implements builders.Builder: each booklet of each book or
// article, in parallel.
func (Builder) Build(ctx context.Context, c *builders.Context) error {
	var jobs []job
	for _, p := range pdf.Pages(c.Site) {
		for _, f := range Formats {
			jobs = append(jobs, job{p, f})
		}
	}
	return builders.ForEach(ctx, c.Workers, jobs, func(j job) error {
		name := FileName(j.p, j.f)
		rel := c.PagePath(j.p) + name
		if !c.Wants(rel) {
			return nil
		}
		data, err := Render(c, j.p, j.f)
		if err != nil {
			c.Diags.Errorf(j.p.File, 0, "booklet %s: %v", name, err)
			return nil
		}
		if err := c.WriteFile(rel, data); err != nil {
			return err
		}
		if c.Downloads != nil {
			c.Downloads.Add(j.p, builders.Download{Kind: j.f.Kind, URL: j.p.RelPermalink + name, Size: int64(len(data))})
		}
		return nil
	})
}

// Layout typesets a book or an article for a booklet: on the format's
// page, with chapters on right-hand pages (the [pdf] settings of
// site.toml and the front matter apply but for the paper).
func Layout(c *builders.Context, p *site.Page, f Format) (*typeset.Layout, pdfout.Meta, error) {
	return pdf.Layout(c, p, adjust(f))
}

// adjust sets a booklet's pages: the format's paper, in print layout.
func adjust(f Format) func(*typeset.Options) {
	return func(o *typeset.Options) {
		sz := typeset.Papers[f.Page]
		o.PageWidth, o.PageHeight = sz[0], sz[1]
		o.Print = true
	}
}

// Render typesets and imposes one booklet with the page's settings.
func Render(c *builders.Context, p *site.Page, f Format) ([]byte, error) {
	o := Settings(c, p)
	w, h := f.SheetSize()
	page := typeset.Papers[f.Page]
	for _, m := range o.Warnings(w, h, page[0], page[1]) {
		c.Diags.Warnf(p.File, 0, "%s", m)
	}
	return pdf.Cached(c, p, f.Kind, adjust(f), struct {
		Format  Format
		Options Options
	}{f, o}, func(l *typeset.Layout, meta pdfout.Meta) ([]byte, error) {
		return Impose(l, meta, w, h, o)
	})
}

// Impose writes a layout as a booklet on sheets of w × h pt.
func Impose(l *typeset.Layout, meta pdfout.Meta, w, h float64, o Options) ([]byte, error) {
	d := pdfout.NewDocument()
	if err := Place(d, l, w, h, o); err != nil {
		return nil, err
	}
	return d.Bytes(meta)
}

// Geometry of the marks, pt.
const (
	markWidth = 0.25
	markGap   = 3  // between a crop mark and the trim edge
	markLen   = 12 // longest crop mark
	foldLen   = 20 // fold marks, from the sheet's edge
)

// Place draws the booklet's sheets on d, both sides of each in turn:
// each page of the layout is drawn once, straight from its items.
func Place(d *pdfout.Document, l *typeset.Layout, w, h float64, o Options) error {
	if len(l.Pages) == 0 {
		return errors.New("no page to impose")
	}
	sheets := Arrange(len(l.Pages), HasBackCover(l), o.SignatureSheets, o.Threshold)
	s := o.scale()
	pw, ph := l.Width*s, l.Height*s
	mid, top := w/2, (h-ph)/2
	for _, sh := range sheets {
		creep := o.Creep * float64(sh.Depth)
		for back := 0; back < 2; back++ {
			d.AddSheet(w, h)
			side, turn := sh.Front, false
			if back == 1 {
				side, turn = sh.Back, o.LongEdge
			}
			for half, page := range [2]int{side.Left, side.Right} {
				if page == Blank || l.Pages[page].Blank && len(l.Pages[page].Items) == 0 {
					continue
				}
				// The page, moved toward the spine by the creep, and its
				// half of the sheet.
				r := pdfout.Rect{X: mid - pw + creep, Y: top, W: pw, H: ph}
				clip := pdfout.Rect{X: max(r.X, 0), Y: max(top, 0), W: mid - max(r.X, 0), H: min(ph, h)}
				if half == 1 {
					r.X = mid - creep
					clip = pdfout.Rect{X: mid, Y: max(top, 0), W: min(r.X+pw, w) - mid, H: min(ph, h)}
				}
				if turn { // the whole side turned about the sheet's centre
					r.X, r.Y = w-r.X-r.W, h-r.Y-r.H
					clip.X, clip.Y = w-clip.X-clip.W, h-clip.Y-clip.H
				}
				if err := d.Place(l, page, pdfout.Placement{X: r.X, Y: r.Y, Scale: s, Turn: turn, Clip: clip}); err != nil {
					return err
				}
			}
			if back == 0 && o.CropMarks {
				cropMarks(d, w, h, mid-pw+creep, top, mid+pw-creep, top+ph)
			}
			if back == 1 && o.FoldMarks {
				d.Line(mid, 0, mid, foldLen, markWidth, typeset.Black)
				d.Line(mid, h-foldLen, mid, h, markWidth, typeset.Black)
			}
		}
	}
	return nil
}

// cropMarks draws marks at the corners of the trim box x0, y0, x1, y1,
// outside it, as far as the sheet of w × h leaves room.
func cropMarks(d *pdfout.Document, w, h, x0, y0, x1, y1 float64) {
	horiz := min(markLen, x0-markGap, w-x1-markGap)
	vert := min(markLen, y0-markGap, h-y1-markGap)
	if horiz < cropMarkRoom-markGap || vert < cropMarkRoom-markGap {
		return // no room: Options.Warnings says so
	}
	for _, x := range [2]float64{x0, x1} {
		dir := -1.0
		if x == x1 {
			dir = 1
		}
		for _, y := range [2]float64{y0, y1} {
			dy := -1.0
			if y == y1 {
				dy = 1
			}
			d.Line(x+dir*markGap, y, x+dir*(markGap+horiz), y, markWidth, typeset.Black)
			d.Line(x, y+dy*markGap, x, y+dy*(markGap+vert), markWidth, typeset.Black)
		}
	}
}
