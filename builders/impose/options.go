package impose

import (
	"fmt"
	"sort"
	"strings"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/site"
)

const mm = 72 / 25.4

// Options are a booklet's settings (see the package comment for the
// keys that set them).
type Options struct {
	// SignatureSheets is the number of sheets of a signature.
	SignatureSheets int
	// Threshold is the page count above which a book is cut into
	// signatures; at or below it, the book is one booklet.
	Threshold int
	// LongEdge is for printers that flip duplex sheets on their long
	// edge: back sides are turned by 180°.
	LongEdge bool
	// Creep is the paper's thickness, pt: sheet s of a signature (0 the
	// outermost) has its pages moved s × Creep toward the spine.
	Creep float64
	// FoldMarks draws short lines at the fold, top and bottom, on the back
	// (inner) side of each sheet.
	FoldMarks bool
	// CropMarks draws corner marks at the pages' trim edges on the front
	// side of each sheet (where the sheet leaves room around the pages).
	CropMarks bool
	// Scale multiplies the pages' size (1 is 100 %).
	Scale float64
}

// DefaultOptions: one booklet up to 64 pages, signatures of 4 sheets (16
// pages) above; short-edge duplex; no creep, no marks; 100 %.
func DefaultOptions() Options {
	return Options{SignatureSheets: 4, Threshold: 64, Scale: 1}
}

// Settings reads the [booklet] table of site.toml, then the booklet
// table of the page's front matter. Wrong values are reported as
// warnings and the default kept.
func Settings(c *builders.Context, p *site.Page) Options {
	o := DefaultOptions()
	if v, ok := c.Site.Config.Extra["booklet"]; ok {
		o.apply(c, "site.toml", 0, v)
	}
	if p.FrontMatter != nil {
		if v, ok := p.FrontMatter.Params["booklet"]; ok {
			o.apply(c, p.File, p.FrontMatter.Lines["booklet"], v)
		}
	}
	return o
}

func (o *Options) apply(c *builders.Context, file string, line int, v any) {
	t, ok := v.(map[string]any)
	if !ok {
		c.Diags.Warnf(file, line, "booklet: expected a table such as booklet = { signature = 5, duplex = \"long-edge\" }")
		return
	}
	keys := make([]string, 0, len(t))
	for k := range t {
		keys = append(keys, k)
	}
	sort.Strings(keys) // messages in a fixed order
	for _, k := range keys {
		v := t[k]
		bad := func(want string) {
			c.Diags.Warnf(file, line, "booklet.%s = %v: %s", k, v, want)
		}
		switch k {
		case "signature":
			n, ok := integer(v)
			if !ok || n < 1 || n > 64 {
				bad("a signature is a whole number of sheets between 1 and 64 (4 sheets make 16 pages)")
				continue
			}
			o.SignatureSheets = n
		case "threshold":
			n, ok := integer(v)
			if !ok || n < 0 {
				bad("the threshold is a whole number of pages (default 64): longer books are cut into signatures")
				continue
			}
			o.Threshold = n
		case "duplex":
			s, _ := v.(string)
			switch strings.ToLower(s) {
			case "short-edge", "short":
				o.LongEdge = false
			case "long-edge", "long":
				o.LongEdge = true
			default:
				bad(`duplex is "short-edge" (the default) or "long-edge" (back sides turned upside down)`)
			}
		case "creep":
			f, ok := builders.Number(v)
			if !ok || f < 0 || f > 1 {
				bad("creep is the paper's thickness in millimetres, between 0 and 1 (0.1 for 80 g/m² office paper)")
				continue
			}
			o.Creep = f * mm
		case "foldMarks", "cropMarks":
			b, ok := v.(bool)
			if !ok {
				bad("true or false")
				continue
			}
			if k == "foldMarks" {
				o.FoldMarks = b
			} else {
				o.CropMarks = b
			}
		case "scale":
			f, ok := builders.Number(v)
			if !ok || f < 25 || f > 100 {
				bad("the scale is a percentage between 25 and 100 (default 100)")
				continue
			}
			o.Scale = f / 100
		default:
			c.Diags.Warnf(file, line, "booklet.%s: unknown setting; they are signature, threshold, duplex, creep, foldMarks, cropMarks and scale", k)
		}
	}
}

// cropMarkRoom is the least room around the pages that crop marks need.
const cropMarkRoom = markGap + 4

// Warnings are what a booklet cannot do as its options ask, on a sheet
// of w × h pt for pages of pw × ph pt.
func (o Options) Warnings(w, h, pw, ph float64) []string {
	var out []string
	if o.CropMarks {
		s := o.scale()
		if (w-2*pw*s)/2 < cropMarkRoom || (h-ph*s)/2 < cropMarkRoom {
			out = append(out, fmt.Sprintf("booklet.cropMarks: the pages fill the sheet at %g %%, leaving no room for crop marks; set booklet.scale to %d or less", s*100, int(100*min((w-2*cropMarkRoom)/(2*pw), (h-2*cropMarkRoom)/ph))))
		}
	}
	return out
}

func (o Options) scale() float64 {
	if o.Scale <= 0 {
		return 1
	}
	return o.Scale
}

func integer(v any) (int, bool) {
	f, ok := builders.Number(v)
	if !ok || f != float64(int(f)) {
		return 0, false
	}
	return int(f), true
}
