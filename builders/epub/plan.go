package epub

import "github.com/communs/communs/builders"

// Plan implements builders.Planner: an EPUB beside each publication's
// page, a download made of its pages, their images and the site's
// static files (an image may be one).
func (Builder) Plan(c *builders.Context) []builders.Output {
	var out []builders.Output
	for _, pub := range Publications(c.Site) {
		o := builders.DownloadOutput(pub.Page, c.PagePath(pub.Page)+FileName(pub), "epub")
		for _, st := range c.Site.Static {
			o.Files = append(o.Files, st.Abs)
		}
		out = append(out, o)
	}
	return out
}

// wanted keeps the publications whose EPUB c wants.
func wanted(c *builders.Context, pubs []*builders.Publication) []*builders.Publication {
	out := pubs[:0:0]
	for _, pub := range pubs {
		if c.Wants(c.PagePath(pub.Page) + FileName(pub)) {
			out = append(out, pub)
		}
	}
	return out
}
