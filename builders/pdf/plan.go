package pdf

import "github.com/communs/communs/builders"

// Plan implements builders.Planner: a PDF beside each book and each
// article that asks for one, a download made of its pages.
func (Builder) Plan(c *builders.Context) []builders.Output {
	var out []builders.Output
	for _, p := range Pages(c.Site) {
		out = append(out, builders.DownloadOutput(p, c.PagePath(p)+FileName(p), "pdf"))
	}
	return out
}
