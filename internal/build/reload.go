package build

import (
	"bytes"
	"context"
	"net/url"
	"path"
	"slices"
	"sync"

	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/site"
)

// read reads the site again for a rebuild: when only pages' Markdown
// changed since a clean load, the last model with those files parsed
// anew (site.Reload: the other files are not read again), else the whole
// site. reloaded tells which.
func (s *Session) read(ctx context.Context, src string, full bool, changed []string, diags *diag.List) (ns *site.Site, reloaded bool, err error) {
	if !full && s.st != nil && len(s.st.loadDiags) == 0 && len(changed) > 0 {
		opts := s.Opts
		if err := opts.setClock(); err != nil {
			return nil, false, err
		}
		// (and the files whose pages were patched in place meanwhile)
		files := slices.Clone(changed)
		for f := range s.st.patched {
			if !slices.Contains(files, f) {
				files = append(files, f)
			}
		}
		ns, ok, err := site.Reload(ctx, s.st.site, files, site.Options{Drafts: opts.Drafts, Future: opts.Future, Expired: opts.Expired, Now: opts.Now, SourceDate: opts.SourceDate}, diags)
		if err != nil || ok {
			return ns, ok, err
		}
	}
	ns, err = s.load(ctx, src, diags)
	return ns, false, err
}

// keepRendered gives the pages of a reloaded model ns the conversions of
// the same pages of old, but for the pages of the changed files and those
// whose links may lead elsewhere now; it returns those, to convert again.
// The texts are searched by workers goroutines.
func keepRendered(old, ns *site.Site, changed []string, workers int) map[*site.Page]bool {
	files := map[string]bool{}
	for _, f := range changed {
		files[f] = true
	}
	before := map[string]*site.Page{}
	for _, l := range old.Languages {
		for _, p := range old.Langs[l.Code].All {
			before[p.File] = p
		}
	}
	// The names by which the other pages link to an edited page, whose
	// address or state may have changed: its folder, or its file, and
	// those of its translations, before and after; a book's chapters show
	// its images.
	var names [][]byte
	again := map[*site.Page]bool{}
	name := func(p *site.Page) {
		n := path.Base(p.File)
		if p.BundleDir != "" {
			n = path.Base(p.Dir)
		}
		for _, v := range []string{n, url.PathEscape(n)} {
			if !slices.ContainsFunc(names, func(b []byte) bool { return string(b) == v }) {
				names = append(names, []byte(v))
			}
		}
	}
	edited := func(p *site.Page) {
		name(p)
		for _, t := range p.Translations {
			name(t)
		}
		if p.Kind == site.KindBook && p.Book != nil {
			for _, c := range p.Book.Chapters {
				again[c] = true
				if n := ns.Langs[c.Lang]; n != nil {
					for _, q := range n.All {
						if q.File == c.File {
							again[q] = true
						}
					}
				}
			}
		}
	}
	// A page is edited when its file is, or one of its resources (an
	// image whose size the page shows).
	touched := func(p *site.Page) bool {
		if files[p.Abs] {
			return true
		}
		for _, r := range p.Resources {
			if files[r.Abs] {
				return true
			}
		}
		return false
	}
	for _, p := range before {
		if touched(p) {
			edited(p)
		}
	}
	for _, l := range ns.Languages {
		for _, p := range ns.Langs[l.Code].All {
			if touched(p) {
				edited(p)
				again[p] = true
			}
		}
	}
	var kept []*site.Page // unless their text names an edited page
	for _, l := range ns.Languages {
		for _, p := range ns.Langs[l.Code].All {
			op := before[p.File]
			switch {
			case again[p]:
			case op == nil || op.Rendered == nil || !sameBytes(op.Body, p.Body) || op.BodyLine != p.BodyLine:
				again[p] = true
			default:
				kept = append(kept, p)
			}
		}
	}
	named := make([]bool, len(kept))
	var wg sync.WaitGroup
	per := (len(kept) + workers - 1) / max(workers, 1)
	for lo := 0; lo < len(kept); lo += per {
		hi := min(lo+per, len(kept))
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				named[i] = mentions(kept[i].Body, names)
			}
		}()
	}
	wg.Wait()
	for i, p := range kept {
		if named[i] {
			again[p] = true
		} else {
			p.Rendered = before[p.File].Rendered
		}
	}
	return again
}

// sameBytes tells whether two slices are the same bytes in memory: the
// text of a page Reload did not read again.
func sameBytes(a, b []byte) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

func mentions(text []byte, names [][]byte) bool {
	for _, n := range names {
		if bytes.Contains(text, n) {
			return true
		}
	}
	return false
}

// keptDiags are the conversions' problems of a reloaded model: those of
// the pages converted again (again), fresh, and the others' as they were.
func keptDiags(old, fresh map[string][]diag.Diagnostic, ns *site.Site, again map[*site.Page]bool) map[string][]diag.Diagnostic {
	out := map[string][]diag.Diagnostic{}
	for _, l := range ns.Languages {
		for _, p := range ns.Langs[l.Code].All {
			from := old
			if again[p] {
				from = fresh
			}
			if ds := from[p.File]; len(ds) > 0 {
				out[p.File] = ds
			}
		}
	}
	return out
}
