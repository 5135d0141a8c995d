package build

import (
	"encoding/binary"
	"fmt"
	"hash/maphash"
	"maps"
	"math"
	"path"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/site"
)

// Signatures tell an incremental build which output files to write again:
// each file a builder plans (builders.Output) gets a number that sums up
// its inputs, the pages it shows whole or by reference and what else its
// builder put in its key. A file whose number did not change since it
// was written is left as it is. What a page is (its fields) is known
// here; where each builder puts what, only by its plan.

// hasher writes values unambiguously (each string after its length) into
// one maphash.Hash, summed at the end.
type hasher struct {
	h maphash.Hash // hashes as it is written: no buffer of the fields
}

func newHasher(seed maphash.Seed) *hasher {
	w := &hasher{}
	w.h.SetSeed(seed)
	return w
}

func (w *hasher) i(n int64) {
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(n))
	w.h.Write(b[:])
}
func (w *hasher) u(n uint64) { w.i(int64(n)) }
func (w *hasher) s(s string) { w.i(int64(len(s))); w.h.WriteString(s) }
func (w *hasher) b(b bool) {
	if b {
		w.i(1)
	} else {
		w.i(0)
	}
}
func (w *hasher) t(t time.Time) {
	if t.IsZero() {
		w.i(math.MinInt64)
		return
	}
	w.i(t.UnixNano())
	w.s(t.Location().String())
}
func (w *hasher) ss(l []string) {
	w.i(int64(len(l)))
	for _, s := range l {
		w.s(s)
	}
}
func (w *hasher) sum() uint64 { return w.h.Sum64() }

// sigs computes the signatures of one model, keeping what it computed per
// page so that a page patched in place (Session's one-page rebuilds) only
// costs its own.
type sigs struct {
	seed    maphash.Seed
	self    map[*site.Page]uint64 // the page's own fields, text included
	ref     map[*site.Page]uint64 // what others show of it: title, link, summary…
	content map[*site.Rendered]uint64
	shown   map[*site.Rendered]uint64 // what lists show of a conversion (summarySig)
	body    map[bodyKey]uint64        // a page's text, by its bytes in memory
	front   map[*site.FrontMatter]uint64
	// known, when set, is read too, not written: the signatures of a
	// model being signed by several goroutines (see pages).
	known *sigs
}

// bodyKey names a page's text by where it is: a model read again
// (site.Reload) keeps the text of the files it did not read.
type bodyKey struct {
	at *byte
	n  int
}

func keyOf(b []byte) bodyKey {
	if len(b) == 0 {
		return bodyKey{}
	}
	return bodyKey{&b[0], len(b)}
}

func newSigs(seed maphash.Seed) *sigs {
	return &sigs{seed: seed, self: map[*site.Page]uint64{}, ref: map[*site.Page]uint64{},
		content: map[*site.Rendered]uint64{}, shown: map[*site.Rendered]uint64{}, body: map[bodyKey]uint64{}, front: map[*site.FrontMatter]uint64{}}
}

// keep takes from old what it computed of the pages of s whose text,
// front matter and conversion are the same in memory: those of a model
// read again.
func (g *sigs) keep(old *sigs, s *site.Site) {
	for _, l := range s.Languages {
		for _, p := range s.Langs[l.Code].All {
			if v, ok := old.front[p.FrontMatter]; ok && p.FrontMatter != nil {
				g.front[p.FrontMatter] = v
			}
			if p.Rendered != nil {
				if v, ok := old.content[p.Rendered]; ok {
					g.content[p.Rendered] = v
				}
				if v, ok := old.shown[p.Rendered]; ok {
					g.shown[p.Rendered] = v
				}
			}
			if v, ok := old.body[keyOf(p.Body)]; ok {
				g.body[keyOf(p.Body)] = v
			}
		}
	}
}

// forget drops what is kept of p (patched in place).
func (g *sigs) forget(p *site.Page) {
	delete(g.self, p)
	delete(g.ref, p)
	if p.Rendered != nil {
		delete(g.content, p.Rendered)
		delete(g.shown, p.Rendered)
	}
	delete(g.body, keyOf(p.Body))
	delete(g.front, p.FrontMatter)
}

func (g *sigs) bodySig(b []byte) uint64 {
	k := keyOf(b)
	if v, ok := g.body[k]; ok {
		return v
	}
	if g.known != nil {
		if v, ok := g.known.body[k]; ok {
			return v
		}
	}
	v := maphash.Bytes(g.seed, b)
	g.body[k] = v
	return v
}

func (g *sigs) contentSig(r *site.Rendered) uint64 {
	if r == nil {
		return 0
	}
	if v, ok := g.content[r]; ok {
		return v
	}
	if g.known != nil {
		if v, ok := g.known.content[r]; ok {
			return v
		}
	}
	v := maphash.String(g.seed, r.Content)
	g.content[r] = v
	return v
}

// refSig covers what lists, feeds and neighbours show of a page.
func (g *sigs) refSig(p *site.Page) uint64 {
	if p == nil {
		return 0
	}
	if v, ok := g.ref[p]; ok {
		return v
	}
	if g.known != nil {
		if v, ok := g.known.ref[p]; ok {
			return v
		}
	}
	w := newHasher(g.seed)
	w.s(string(p.Kind))
	w.s(p.File)
	w.s(p.Lang)
	w.s(p.Title)
	w.s(p.Subtitle)
	w.s(p.Path)
	w.s(p.RelPermalink)
	w.s(p.Permalink)
	w.t(p.Date)
	w.t(p.Lastmod)
	w.b(p.Draft)
	w.i(int64(p.Weight))
	w.i(int64(p.ChapterIndex))
	if fm := p.FrontMatter; fm != nil {
		w.ss(fm.Authors)
		w.ss(fm.Translators)
		w.ss(fm.Reviewers)
		w.s(fm.Description)
		w.s(fm.Cover)
	}
	for _, ts := range [][]*site.Term{p.Tags, p.Categories} {
		w.i(int64(len(ts)))
		for _, t := range ts {
			w.s(t.Name)
			w.s(t.RelPermalink)
		}
	}
	w.u(g.summarySig(p.Rendered))
	v := w.sum()
	g.ref[p] = v
	return v
}

// summarySig covers what lists show of a conversion: its summary, its
// length, its headings. A conversion is kept from one model to the next.
func (g *sigs) summarySig(r *site.Rendered) uint64 {
	if r == nil {
		return 0
	}
	if v, ok := g.shown[r]; ok {
		return v
	}
	if g.known != nil {
		if v, ok := g.known.shown[r]; ok {
			return v
		}
	}
	w := newHasher(g.seed)
	w.s(r.Summary)
	w.b(r.Truncated)
	w.i(int64(r.Words))
	w.i(int64(r.ReadingTime))
	w.i(int64(len(r.TOC)))
	for _, h := range r.TOC {
		w.i(int64(h.Level))
		w.s(h.ID)
		w.s(h.Text)
	}
	v := w.sum() | 1 // never 0, which is no conversion
	g.shown[r] = v
	return v
}

// selfSig covers everything of the page itself, its text included.
func (g *sigs) selfSig(p *site.Page) uint64 {
	if p == nil {
		return 0
	}
	if v, ok := g.self[p]; ok {
		return v
	}
	if g.known != nil {
		if v, ok := g.known.self[p]; ok {
			return v
		}
	}
	w := newHasher(g.seed)
	w.u(g.refSig(p))
	w.u(g.contentSig(p.Rendered))
	// The text itself, for the outputs that read it rather than its HTML
	// (a book, the state of a translation).
	w.u(g.bodySig(p.Body))
	w.i(int64(p.BodyLine))
	w.s(p.Section)
	w.s(p.Dir)
	w.s(p.Slug)
	w.u(g.frontSig(p.FrontMatter))
	if l := p.License; l != nil {
		w.s(l.ID)
		w.s(l.URL)
	}
	w.i(int64(len(p.Resources)))
	for _, r := range p.Resources {
		w.s(r.Name)
		w.s(r.Abs)
		w.i(r.Size)
	}
	if t := p.Series; t != nil {
		w.s(t.Name)
		w.s(t.RelPermalink)
		w.i(int64(len(t.Pages)))
	}
	w.i(int64(p.SeriesIndex))
	v := w.sum()
	g.self[p] = v
	return v
}

// pages computes the signatures of every page of s, by workers
// goroutines: each signs its share into maps of its own, reading what g
// knows, and g takes them all at the end.
func (g *sigs) pages(s *site.Site, workers int) {
	var all []*site.Page
	for _, l := range s.Languages {
		all = append(all, s.Langs[l.Code].All...)
	}
	if workers < 2 || len(all) < 1000 {
		for _, p := range all {
			g.selfSig(p)
		}
		return
	}
	parts := make([]*sigs, workers)
	per := (len(all) + workers - 1) / workers
	var wg sync.WaitGroup
	for i := range parts {
		part := newSigs(g.seed)
		part.known = g
		parts[i] = part
		chunk := all[min(i*per, len(all)):min((i+1)*per, len(all))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, p := range chunk {
				part.selfSig(p)
			}
		}()
	}
	wg.Wait()
	for _, part := range parts {
		maps.Copy(g.self, part.self)
		maps.Copy(g.ref, part.ref)
		maps.Copy(g.content, part.content)
		maps.Copy(g.shown, part.shown)
		maps.Copy(g.body, part.body)
		maps.Copy(g.front, part.front)
	}
}

// frontSig covers a front matter, by its pointer: a model read again
// (site.Reload) keeps those of the files it did not read.
func (g *sigs) frontSig(fm *site.FrontMatter) uint64 {
	if fm == nil {
		return 0
	}
	if v, ok := g.front[fm]; ok {
		return v
	}
	if g.known != nil {
		if v, ok := g.known.front[fm]; ok {
			return v
		}
	}
	w := newHasher(g.seed)
	w.s(fm.Title)
	w.s(fm.Subtitle)
	w.s(fm.Summary)
	w.s(fm.License)
	w.ss(fm.Tags)
	w.ss(fm.Categories)
	w.s(fm.Series)
	w.s(fm.TranslationKey)
	w.s(fm.TranslatedFrom)
	w.ss(fm.Formats)
	w.ss(fm.Aliases)
	w.t(fm.Date)
	w.t(fm.Lastmod)
	w.b(fm.Draft)
	w.s(fm.Slug)
	if fm.Source != nil {
		w.s(fmt.Sprintf("%+v", *fm.Source))
	}
	if len(fm.Params) > 0 {
		w.s(fmt.Sprint(fm.Params)) // fmt prints maps in key order
	}
	v := w.sum()
	g.front[fm] = v
	return v
}

// outputSig is the signature of a planned file: its inputs from the
// model (its sources are compared by name and change, see wanted).
func (g *sigs) outputSig(o *builders.Output) uint64 {
	w := newHasher(g.seed)
	w.s(o.Key)
	w.i(int64(len(o.Pages)))
	for _, p := range o.Pages {
		w.u(g.selfSig(p))
	}
	w.i(int64(len(o.Refs)))
	for _, p := range o.Refs {
		w.u(g.refSig(p))
	}
	w.i(int64(len(o.Texts)))
	for _, p := range o.Texts {
		w.u(g.refSig(p))
		if p != nil {
			w.u(g.contentSig(p.Rendered))
		}
	}
	return w.sum()
}

// of computes the signatures of the files of p that keep tells.
func (g *sigs) of(p *plan, keep func(*builders.Output) bool) map[string]uint64 {
	out := make(map[string]uint64, len(p.outs))
	p.each(func(o *builders.Output) {
		if keep(o) {
			out[o.Path] = g.outputSig(o)
		}
	})
	return out
}

// since is of(p, signed) after one page, patched, changed since the plan
// old and its signatures sigs: a file in the same place, with the same
// key and the same pages, patched not among them, keeps its signature.
func (g *sigs) since(old *plan, sigs map[string]uint64, p *plan, patched *site.Page) map[string]uint64 {
	out := make(map[string]uint64, len(sigs))
	for b, y := range p.lists {
		var x []builders.Output
		if b < len(old.lists) {
			x = old.lists[b]
		}
		for i := range y {
			o := &y[i]
			if !signed(o) {
				continue
			}
			if v, ok := sigs[o.Path]; ok && i < len(x) && sameInputs(&x[i], o, patched) {
				out[o.Path] = v
				continue
			}
			out[o.Path] = g.outputSig(o)
		}
	}
	return out
}

// sameInputs tells whether two plans' files are the same, of the same
// inputs, patched not among them.
func sameInputs(a, b *builders.Output, patched *site.Page) bool {
	if a.Path != b.Path || a.Key != b.Key {
		return false
	}
	same := func(x, y []*site.Page) bool {
		return slices.Equal(x, y) && !slices.Contains(y, patched)
	}
	return same(a.Pages, b.Pages) && same(a.Refs, b.Refs) && same(a.Texts, b.Texts)
}

// cleanOut is the form output paths are kept in: slash-separated, relative
// to the output root, without a leading slash.
func cleanOut(rel string) string {
	if rel != "" && !strings.HasPrefix(rel, ".") && !strings.HasSuffix(rel, "/") &&
		!strings.Contains(rel, "//") && !strings.Contains(rel, "/.") {
		return strings.TrimPrefix(rel, "/") // already clean: the common case
	}
	return strings.TrimPrefix(path.Clean("/"+rel), "/")
}

// changedOutputs lists the outputs whose signature differs between old
// and new, or that are new.
func changedOutputs(old, new map[string]uint64) map[string]bool {
	out := map[string]bool{}
	for k, v := range new {
		if ov, ok := old[k]; !ok || ov != v {
			out[k] = true
		}
	}
	return out
}
