package impose

import (
	"github.com/communs/communs/builders"
	"github.com/communs/communs/builders/pdf"
)

// Plan implements builders.Planner: each booklet of each page that gets
// a PDF, a download made of the same pages.
func (Builder) Plan(c *builders.Context) []builders.Output {
	var out []builders.Output
	for _, p := range pdf.Pages(c.Site) {
		for _, f := range Formats {
			out = append(out, builders.DownloadOutput(p, c.PagePath(p)+FileName(p, f), f.Kind))
		}
	}
	return out
}
