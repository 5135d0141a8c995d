package site

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/communs/communs/internal/diag"
)

// read is what Load read of a site's pages, for Reload: each page as the
// walk of content/ found it, then as its file was parsed, before they
// were joined into the model.
type read struct {
	walked, parsed []*Page
}

// withResources is walked with the resources whose files are in sizes
// given those sizes: the pages that hold them are copies, with resources
// of their own; ok is false when a file is no page's resource.
func withResources(walked []*Page, sizes map[string]int64) (out []*Page, ok bool) {
	out = slices.Clone(walked)
	found := map[string]bool{}
	for i, p := range walked {
		var rs []*Resource
		for j, r := range p.Resources {
			size, changed := sizes[r.Abs]
			if !changed {
				continue
			}
			if rs == nil {
				rs = slices.Clone(p.Resources)
			}
			nr := *r
			nr.Size = size
			rs[j] = &nr
			found[r.Abs] = true
		}
		if rs != nil {
			c := *p
			c.Resources = rs
			out[i] = &c
		}
	}
	return out, len(found) == len(sizes)
}

// copies are shallow copies of pages: the model joins copies, so that
// what was read stays as it was.
func copies(ps []*Page) []*Page {
	out := make([]*Page, len(ps))
	for i, p := range ps {
		c := *p
		out[i] = &c
	}
	return out
}

// Reload is Load again after the files changed (absolute paths: pages'
// Markdown files, or their resources, an image say) were edited, none
// added, moved or removed, site.toml unchanged: the other pages are not
// read again but joined as Load read them, with the changed ones parsed
// anew (or given their resources' new sizes), into a new model; prev is
// left as it was.
// The problems reported are those of the changed files and of the
// joining: give it a site whose Load reported none. ok is false when it
// does not apply (a file it does not know of): call Load.
func Reload(ctx context.Context, prev *Site, changed []string, opts Options, diags *diag.List) (s *Site, ok bool, err error) {
	if prev == nil || prev.read == nil {
		return nil, false, nil
	}
	walked := prev.read.walked
	index := make(map[string]int, len(walked))
	for i, p := range walked {
		index[p.Abs] = i
	}
	again := map[int]bool{}
	resized := map[string]int64{} // a changed resource's file → its size
	for _, f := range changed {
		st, err := os.Stat(f)
		if err != nil || !st.Mode().IsRegular() {
			return nil, false, nil
		}
		if i, known := index[f]; known {
			again[i] = true
		} else {
			resized[f] = st.Size()
		}
	}
	if len(resized) > 0 {
		var ok bool
		if walked, ok = withResources(walked, resized); !ok {
			return nil, false, nil
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, false, err
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	s = &Site{Config: prev.Config, SourceDir: prev.SourceDir, Languages: prev.Languages, Langs: map[string]*LangSite{},
		Now: opts.Now, SourceDate: opts.SourceDate, Static: prev.Static}
	for _, l := range s.Languages {
		s.Langs[l.Code] = &LangSite{Language: l}
	}
	l := &loader{site: s, opts: opts, diags: diags, urls: map[string]string{}}
	// The URLs claimed as Load claimed them: the files of content/ that
	// belong to no page as the walk found them, those of static/ last.
	staticDir := filepath.Join(s.SourceDir, "static") + string(filepath.Separator)
	for _, st := range s.Static {
		if !strings.HasPrefix(st.Abs, staticDir) {
			l.claim("/"+st.Path, "content/"+st.Path)
		}
	}
	l.pages = make([]*Page, len(walked))
	for i, p := range walked {
		if again[i] {
			c := *p
			l.parse(&c)
			l.pages[i] = &c
		} else if p != prev.read.walked[i] {
			// A page whose resources changed: as parsed, with them.
			c := *prev.read.parsed[i]
			c.Resources = p.Resources
			l.pages[i] = &c
		} else {
			l.pages[i] = prev.read.parsed[i]
		}
	}
	s.read = &read{walked: walked, parsed: l.pages}
	l.pages = copies(l.pages)
	l.assemble()
	for _, st := range s.Static {
		if strings.HasPrefix(st.Abs, staticDir) {
			l.claim("/"+st.Path, "static/"+st.Path)
		}
	}
	return s, true, nil
}
