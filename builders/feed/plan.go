package feed

import (
	"strings"

	"github.com/communs/communs/builders"
)

// Plan implements builders.Planner: the RSS and Atom files of every
// list, which show their items with their text.
func (Builder) Plan(c *builders.Context) []builders.Output {
	r := &run{c: c, s: c.Site}
	var out []builders.Output
	for _, fl := range r.plan() {
		key := strings.Join([]string{"feed", fl.ls.Language.Code, fl.title, fl.description}, "\x00")
		for _, name := range []string{"index.xml", "atom.xml"} {
			out = append(out, builders.Output{Path: builders.OutputPath(fl.dir + name), Texts: fl.pages, Key: key})
		}
	}
	return out
}

// planKey keys the plan in builders.Context.Once: made once per build,
// for Plan and Build, which must not change it.
type planKey struct{}

// plan lists the feeds of every language, once per build.
func (r *run) plan() []*list {
	return r.c.Once(planKey{}, func() any {
		var lists []*list
		for _, l := range r.s.Languages {
			if ls := r.s.Langs[l.Code]; ls != nil {
				lists = append(lists, r.planLanguage(ls)...)
			}
		}
		return lists
	}).([]*list)
}
