package pdf

import (
	"fmt"
	"strings"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/typeset"
)

const mm = 72 / 25.4

// Settings reads the [pdf] table of site.toml, then the pdf table of the
// page's front matter (see the package comment). Wrong values are
// reported as warnings and the default kept.
func Settings(c *builders.Context, p *site.Page) (typeset.Options, bool) {
	o := typeset.DefaultOptions()
	toc := true
	apply := func(file string, line int, v any) {
		t, ok := v.(map[string]any)
		if !ok {
			c.Diags.Warnf(file, line, "pdf: expected a table such as pdf = { paper = \"a4\" }")
			return
		}
		for k, v := range t {
			bad := func(want string) {
				c.Diags.Warnf(file, line, "pdf.%s = %v: %s", k, v, want)
			}
			switch k {
			case "paper":
				s, _ := v.(string)
				sz, ok := typeset.Papers[strings.ToLower(s)]
				if !ok {
					bad(`the paper is one of "a5", "a4", "letter", "half-letter"`)
					continue
				}
				o.PageWidth, o.PageHeight = sz[0], sz[1]
			case "fontSize":
				f, ok := builders.Number(v)
				if !ok || f < 5 || f > 30 {
					bad("the type size is a number of points between 5 and 30")
					continue
				}
				o.FontSize = f
			case "leading":
				f, ok := builders.Number(v)
				if !ok || f < 5 || f > 60 {
					bad("the leading is a number of points between 5 and 60")
					continue
				}
				o.Leading = f
			case "margins":
				m, ok := v.(map[string]any)
				if !ok {
					bad("margins = { top = 18, bottom = 22, inner = 18, outer = 15 } (millimetres)")
					continue
				}
				for mk, mv := range m {
					f, ok := builders.Number(mv)
					if !ok || f < 0 || f > 80 {
						c.Diags.Warnf(file, line, "pdf.margins.%s = %v: a margin is a number of millimetres between 0 and 80", mk, mv)
						continue
					}
					switch mk {
					case "top":
						o.Top = f * mm
					case "bottom":
						o.Bottom = f * mm
					case "inner":
						o.Inner = f * mm
					case "outer":
						o.Outer = f * mm
					default:
						c.Diags.Warnf(file, line, "pdf.margins.%s: unknown margin; they are top, bottom, inner and outer", mk)
					}
				}
			case "print":
				b, ok := v.(bool)
				if !ok {
					bad("true or false")
					continue
				}
				o.Print = b
			case "hyphenate":
				b, ok := v.(bool)
				if !ok {
					bad("true or false")
					continue
				}
				o.Hyphenate = b
			case "toc":
				b, ok := v.(bool)
				if !ok {
					bad("true or false")
					continue
				}
				toc = b
			default:
				c.Diags.Warnf(file, line, "pdf.%s: unknown setting; they are paper, fontSize, leading, margins, print, hyphenate and toc", k)
			}
		}
	}
	if v, ok := c.Site.Config.Extra["pdf"]; ok {
		apply("site.toml", 0, v)
	}
	if p.FrontMatter != nil {
		if v, ok := p.FrontMatter.Params["pdf"]; ok {
			apply(p.File, p.FrontMatter.Lines["pdf"], v)
		}
	}
	if o.Leading == typeset.DefaultOptions().Leading && o.FontSize != typeset.DefaultOptions().FontSize {
		o.Leading = o.FontSize * 1.28
	}
	if o.PageWidth-o.Inner-o.Outer < 100 || o.PageHeight-o.Top-o.Bottom < 150 {
		c.Diags.Warnf(p.File, 0, "pdf: the margins leave too little room for text (%s); using the defaults", fmt.Sprintf("%.0f × %.0f pt", o.PageWidth-o.Inner-o.Outer, o.PageHeight-o.Top-o.Bottom))
		d := typeset.DefaultOptions()
		o.Top, o.Bottom, o.Inner, o.Outer = d.Top, d.Bottom, d.Inner, d.Outer
	}
	return o, toc
}
