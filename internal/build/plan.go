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

// readersOf maps each of the source files to the files of the plan that
// read it (none for a file no file reads).
func (p *plan) readersOf(files []string) map[string][]*builders.Output {
	out := make(map[string][]*builders.Output, len(files))
	for _, f := range files {
		out[f] = nil
	}
	for _, o := range p.outs {
		for _, f := range o.Files {
			if rs, ok := out[f]; ok {
				out[f] = append(rs, o.Output)
			}
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
// changed (see planDiff).
func signed(o *builders.Output) bool { return !o.Deferred && !isCopy(o) }

// planDiff is what changed from one plan to the next, besides the
// signatures: the files no longer written at once, and the copies to
// write (new, of other sources, or whose source changed).
type planDiff struct {
	removed []string
	copies  map[string]bool
}

// lookahead is how far diffPlans looks for a file out of place before
// asking the plan's index: files are planned in the same order from one
// update to the next, a few inserted or removed.
const lookahead = 32

// diffPlans compares the plans old and new, builder by builder, in
// order: files in the same place are compared directly, the others
// looked up by path. changed are the source files that changed.
func diffPlans(old, new *plan, changed map[string]bool) planDiff {
	d := planDiff{copies: map[string]bool{}}
	var seen map[string]bool // the new files matched in place
	for b, y := range new.lists {
		var x []builders.Output
		if b < len(old.lists) {
			x = old.lists[b]
		}
		j := 0
		for i := range y {
			o := &y[i]
			if o.Deferred {
				continue
			}
			var before *builders.Output
			for k := j; k < len(x) && k < j+lookahead; k++ {
				if x[k].Path == o.Path {
					before, j = &x[k], k+1
					break
				}
			}
			if before == nil {
				if e, ok := old.outs[o.Path]; ok {
					before = e.Output
				}
			} else {
				if seen == nil {
					seen = make(map[string]bool, len(y))
				}
				seen[o.Path] = true
			}
			if isCopy(o) && (before == nil || before.Deferred || !slices.Equal(before.Files, o.Files) ||
				slices.ContainsFunc(o.Files, func(f string) bool { return changed[f] })) {
				d.copies[o.Path] = true
			}
		}
	}
	old.each(func(o *builders.Output) {
		if o.Deferred || seen[o.Path] {
			return
		}
		if n, ok := new.outs[o.Path]; !ok || n.Deferred {
			d.removed = append(d.removed, o.Path)
		}
	})
	slices.Sort(d.removed)
	return d
}

// wanted tells whether an update writes out: a file of the plan p that
// is not deferred, when its signature changed or it is new (dirty), or,
// for a copy, when d tells; a file no plan names is written each time,
// never stale.
func wanted(out string, p *plan, dirty map[string]bool, d planDiff) bool {
	o, known := p.outs[out]
	switch {
	case !known:
		return true
	case o.Deferred:
		return false
	case isCopy(o.Output):
		return d.copies[out]
	}
	return dirty[out]
}

// removeStale deletes from root the files of d.removed, and lists those
// it removed or found gone.
func removeStale(root string, d planDiff) []string {
	var removed []string
	for _, f := range d.removed {
		if err := os.Remove(filepath.Join(root, filepath.FromSlash(f))); err == nil || errors.Is(err, fs.ErrNotExist) {
			removed = append(removed, f)
		}
	}
	return removed
}

// sorted tells whether the fast builders' plan fp holds, for each, files
// to write at once, and the other builders' rp none: whether they are
// still sorted as split sorted them.
func sorted(fp, rp *plan) bool {
	now := func(o builders.Output) bool { return !o.Deferred }
	for _, l := range fp.lists {
		if !slices.ContainsFunc(l, now) {
			return false
		}
	}
	for _, l := range rp.lists {
		if slices.ContainsFunc(l, now) {
			return false
		}
	}
	return true
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
