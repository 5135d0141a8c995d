package build

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/communs/communs/builders"
)

// plan is the files some builders write (builders.Planner), by path.
type plan struct {
	outs map[string]planned
	// lists are the plans of each builder, in order.
	lists [][]builders.Output
	// blind tells that some builder is no Planner: its files are unknown.
	blind bool
}

// planned is a file of a plan, and the index of its builder among
// those planned.
type planned struct {
	*builders.Output
	owner int
}

// makePlan asks each builder of bs what it writes with c.
func makePlan(c *builders.Context, bs []builders.Builder) *plan {
	p := &plan{}
	all := make([][]builders.Output, len(bs))
	n := 0
	for i, b := range bs {
		if pl, ok := b.(builders.Planner); ok {
			all[i] = pl.Plan(c)
			n += len(all[i])
		} else {
			p.blind = true
		}
	}
	p.outs = make(map[string]planned, n)
	for i, outs := range all {
		p.add(i, outs)
	}
	return p
}

// add records the files outs of the i-th builder.
func (p *plan) add(i int, outs []builders.Output) {
	if p.outs == nil {
		p.outs = make(map[string]planned, len(outs))
	}
	for j := range outs {
		p.outs[outs[j].Path] = planned{&outs[j], i}
	}
	p.lists = append(p.lists, outs)
}

// each calls fn on every file of the plan, in order.
func (p *plan) each(fn func(*builders.Output)) {
	for _, l := range p.lists {
		for i := range l {
			fn(&l[i])
		}
	}
}

// samePaths tells whether two plans list the same files, in the same
// order, deferred alike: an update of a page's text, most often.
func samePaths(a, b *plan) bool {
	if len(a.lists) != len(b.lists) || a.blind != b.blind {
		return false
	}
	for i := range a.lists {
		x, y := a.lists[i], b.lists[i]
		if len(x) != len(y) {
			return false
		}
		for j := range x {
			if x[j].Path != y[j].Path || x[j].Deferred != y[j].Deferred {
				return false
			}
		}
	}
	return true
}

// readers maps each source file to the files of the plan that read it.
func (p *plan) readers() map[string][]*builders.Output {
	out := map[string][]*builders.Output{}
	for _, o := range p.outs {
		for _, f := range o.Files {
			out[f] = append(out[f], o.Output)
		}
	}
	return out
}

// isCopy tells a file that is its sources as they are, showing nothing
// of the model (static/ files, the pages' resources, the theme's assets).
func isCopy(o *builders.Output) bool {
	return len(o.Pages) == 0 && len(o.Refs) == 0 && len(o.Texts) == 0 && o.Key == "" && len(o.Files) > 0
}

// signed tells the files whose signature an update compares: those it
// writes at once but for copies, which it writes when their sources
// changed.
func signed(o *builders.Output) bool { return !o.Deferred && !isCopy(o) }

// wanted tells whether an update writes out: a file of the plan p that
// is not deferred, when it is new since the plan old, when its signature
// changed (dirty) or when one of its sources did; a file no plan names is
// written each time, never stale.
func wanted(out string, p, old *plan, dirty, changed map[string]bool) bool {
	o, known := p.outs[out]
	switch {
	case !known:
		return true
	case o.Deferred:
		return false
	case dirty[out]:
		return true
	}
	before, ok := old.outs[out]
	if !ok || before.Deferred || !slices.Equal(before.Files, o.Files) {
		return true
	}
	return slices.ContainsFunc(o.Files, func(f string) bool { return changed[f] })
}

// removeStale deletes from root the files the plan old wrote at once and
// new does not, and lists them.
func removeStale(root string, old, new *plan) []string {
	if samePaths(old, new) {
		return nil
	}
	var removed []string
	for f, o := range old.outs {
		if o.Deferred {
			continue
		}
		if n, ok := new.outs[f]; ok && !n.Deferred {
			continue
		}
		if err := os.Remove(filepath.Join(root, filepath.FromSlash(f))); err == nil || errors.Is(err, fs.ErrNotExist) {
			removed = append(removed, f)
		}
	}
	slices.Sort(removed)
	return removed
}

// split sorts the builders of a session by what they plan on c's model:
// fast, those with files to write at each update (the HTML, the feeds),
// with their plan; rest, those whose files may all wait (the books, the
// translations' reports), or Session.Builders when set, with theirs.
func (s *Session) split(c *builders.Context) (fast []builders.Builder, fp *plan, rest []builders.Builder, rp *plan) {
	fp, rp = &plan{}, &plan{}
	for _, b := range Builders() {
		pl, ok := b.(builders.Planner)
		if !ok {
			if s.Builders == nil {
				rp.blind = true
				rest = append(rest, b)
			}
			continue
		}
		outs := pl.Plan(c)
		if slices.ContainsFunc(outs, func(o builders.Output) bool { return !o.Deferred }) {
			fp.add(len(fast), outs)
			fast = append(fast, b)
		} else if s.Builders == nil {
			rp.add(len(rest), outs)
			rest = append(rest, b)
		}
	}
	if s.Builders != nil {
		rest, rp = s.Builders, makePlan(c, s.Builders)
	}
	if fp.outs == nil {
		fp.outs = map[string]planned{}
	}
	if rp.outs == nil {
		rp.outs = map[string]planned{}
	}
	return fast, fp, rest, rp
}
