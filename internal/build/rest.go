package build

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/diag"
)

// BuildRest writes the deferred files (the books, the translations'
// reports) of the last good model whose inputs changed since it last
// wrote them, into a staging folder moved into the served one, and
// removes those no longer planned; pages whose downloads changed get
// their HTML again. It returns nil when there was nothing to write, or
// when it already ran on this model. The model must not change meanwhile.
func (s *Session) BuildRest(ctx context.Context) (*Update, error) {
	st := s.st
	if st == nil || st.restDone || len(st.rest) == 0 {
		return nil, nil
	}
	start := time.Now()
	rp := makePlan(s.planContext(st.site, st.cat, st.downloads), st.rest)
	newSigs := st.sg.of(rp, func(*builders.Output) bool { return true })
	dirty := changedOutputs(st.restSigs, newSigs)
	for path, o := range rp.outs {
		if slices.ContainsFunc(o.Files, func(f string) bool { return st.restChanged[f] }) {
			dirty[path] = true
		}
	}
	var stale []string
	for path := range st.restSigs {
		if _, ok := newSigs[path]; !ok {
			stale = append(stale, path)
		}
	}
	slices.Sort(stale)
	// The builders with files to write: those that planned one that
	// changed, and those that plan nothing (their files are unknown).
	runs := make([]bool, len(st.rest))
	for path := range dirty {
		runs[rp.outs[path].owner] = true
	}
	for i, b := range st.rest {
		if _, ok := b.(builders.Planner); !ok {
			runs[i] = true
		}
	}
	st.restPlan = rp
	if !slices.Contains(runs, true) && len(stale) == 0 {
		st.restDone = true
		return nil, nil
	}

	s.n++
	stage := filepath.Join(s.Dir, fmt.Sprintf("rest-%d", s.n))
	defer os.RemoveAll(stage)
	if err := os.MkdirAll(stage, 0o755); err != nil {
		return nil, err
	}
	d := &diag.List{}
	dl := keptDownloads(st.downloads, rp, dirty)
	c := &builders.Context{Site: st.site, Dest: stage, Diags: d, Strings: st.cat, Workers: s.workers(), Downloads: dl, Cache: s.diskCache(),
		Preview: builders.Preview{Only: func(out string) bool {
			out = cleanOut(out)
			_, known := rp.outs[out]
			return !known || dirty[out]
		}}}
	for i, b := range st.rest {
		if !runs[i] {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := b.Build(ctx, c); err != nil {
			return nil, fmt.Errorf("%s: %w", b.Name(), err)
		}
	}
	u := &Update{Mode: "rest", Diags: d, Root: st.root}
	if d.HasErrors(false) {
		u.Failed = true
		u.Elapsed = time.Since(start)
		return u, nil
	}
	written, err := listFiles(stage)
	if err != nil {
		return nil, err
	}
	if err := publish(stage, st.root, written); err != nil {
		return nil, err
	}
	for _, f := range stale {
		if err := os.Remove(filepath.Join(st.root, filepath.FromSlash(f))); err == nil || errors.Is(err, fs.ErrNotExist) {
			u.Removed = append(u.Removed, f)
		}
	}
	st.downloads, st.restSigs, st.restChanged = dl, newSigs, nil
	// The pages' download links.
	pc := s.planContext(st.site, st.cat, dl)
	fp := makePlan(pc, st.fast)
	fastSigs := st.sg.of(fp, signed)
	if fdirty := changedOutputs(st.sigs, fastSigs); len(fdirty) > 0 {
		hstage := s.stageDir()
		diff := diffPlans(st.plan, fp, nil)
		html, _, err := s.runFast(ctx, st, pc, hstage, func(out string) bool { return wanted(out, fp, fdirty, diff) }, false, len(diff.copies) == 0)
		if err != nil {
			unstage(hstage, html)
			return nil, err
		}
		if err := publish(hstage, st.root, html); err != nil {
			return nil, err
		}
		written = append(written, html...)
	}
	st.plan, st.sigs = fp, fastSigs
	st.restDone = true
	u.Written = written
	u.Elapsed = time.Since(start)
	return u, nil
}

// keptDownloads are the downloads recorded in from for the files of the
// plan p that are not to be written again: those BuildRest keeps.
func keptDownloads(from *builders.Downloads, p *plan, dirty map[string]bool) *builders.Downloads {
	dl := &builders.Downloads{}
	if from == nil {
		return dl
	}
	for path, o := range p.outs {
		if o.Download == "" || o.Page == nil || dirty[path] {
			continue
		}
		for _, d := range from.For(o.Page) {
			if d.Kind == o.Download {
				dl.Add(o.Page, d)
			}
		}
	}
	return dl
}

// Drafts lists the output files of draft pages (shown with --drafts).
func (s *Session) Drafts() map[string]bool {
	out := map[string]bool{}
	if s.st == nil || !s.Opts.Drafts {
		return out // (drafts are built with Opts.Drafts only)
	}
	for path, o := range s.st.plan.outs {
		if o.Page != nil && o.Page.Draft {
			out[path] = true
		}
	}
	return out
}

// Deferred tells, of a file of the last good build (slash-separated,
// relative to Root), whether BuildRest writes it: a file that may be
// missing until then. The function it returns may be called from any
// goroutine.
func (s *Session) Deferred() func(rel string) bool {
	if s.st == nil || len(s.st.rest) == 0 {
		return func(string) bool { return false }
	}
	rp := s.st.restPlan
	return func(rel string) bool {
		_, ok := rp.outs[cleanOut(rel)]
		return ok || rp.blind
	}
}
