package build

import (
	"context"
	"fmt"
	"hash/maphash"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/cache"
	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/translate"
)

// Session keeps a site loaded between builds, for communs serve: the first
// build writes everything, and each later one (Update) writes only the
// output files whose inputs changed, reusing the Markdown conversions of
// the pages whose text did not change. What each file is made of, it
// learns from the builders' plans (builders.Planner): it writes the files
// whose signature (see sigs) changed, and leaves the deferred ones (the
// books, the translations' reports) to BuildRest, once edits pause.
//
// Four kinds of rebuild, from the cheapest:
//
//   - "assets": only files of static/ (or of the theme's static/) changed,
//     and no file was added or removed: they are copied in place;
//   - "page": one page's file changed and none of what places it in the
//     site (date, slug, draft, tags, categories, series, translation key,
//     weight, aliases) did: the page is patched in place in the model,
//     converted again, and the files whose inputs changed are written;
//   - "site": the content changed otherwise (a page added, moved, retagged,
//     an image, a static file): the site is read again (only the changed
//     files when they are pages' Markdown, see site.Reload), conversions
//     are reused, and the files whose signature changed are written,
//     those no longer built removed;
//   - "full": a template, site.toml or an interface string changed, or
//     nothing was built yet: everything is written into a fresh folder.
//
// A build with errors changes nothing: the previous output stays served.
// A Session is not safe for concurrent use: one goroutine drives it.
type Session struct {
	// Opts are the build options; Dest is not used.
	Opts Options
	// Dir is the private folder the site is built in: each full build
	// writes a fresh folder in it, other builds stage their files in it.
	Dir string
	// ServeHost, when set ("127.0.0.1:1313"), makes absolute URLs point
	// to the preview: the base URL becomes http://ServeHost/ with the
	// path of site.toml's baseURL.
	ServeHost string
	// Builders, when set, replace those of Builders whose files are all
	// deferred (the books), run by BuildRest: tests use it. A builder that
	// is no Planner writes all its files each time.
	Builders []builders.Builder

	seed  maphash.Seed
	cache *builders.RenderCache
	// disk is the cache folder of Opts.Cache, opened at the first build.
	disk     *cache.Store
	diskOnce sync.Once
	st       *state // the last good build
	n        int
	// pending are the files changed by the updates that failed since.
	pending []string
}

// state is what the last good build left.
type state struct {
	site         *site.Site
	cat          *translate.Catalog
	root         string
	loadDiags    []diag.Diagnostic
	renderDiags  map[string][]diag.Diagnostic // by source file
	builderDiags []diag.Diagnostic
	catDiags     []diag.Diagnostic
	sg           *sigs
	downloads    *builders.Downloads
	// fast are the builders an update runs, with their plan and the
	// signatures of its files as written; rest are BuildRest's, with
	// their plan.
	fast, rest     []builders.Builder
	plan, restPlan *plan
	sigs           map[string]uint64
	// restSigs are the signatures of the files BuildRest last wrote, and
	// restChanged the source files changed since.
	restSigs    map[string]uint64
	restChanged map[string]bool
	restDone    bool // BuildRest ran on this model
	// patched are the files whose pages were patched in place since the
	// model was read (updatePage): site.Reload reads them again.
	patched map[string]bool
}

// Update is what one build did.
type Update struct {
	Mode string // "full", "site", "page", "assets"; "rest" for BuildRest
	// Root is the folder to serve; a full build makes a new one, and
	// OldRoot is then the previous one, for the caller to remove.
	Root, OldRoot string
	// Written and Removed are output files, slash-separated, relative to
	// Root ("en/tags/go/index.html").
	Written, Removed []string
	// Diags are the build's problems; Failed tells that it had errors (or
	// warnings with Opts.Strict) and changed nothing.
	Diags   *diag.List
	Failed  bool
	Pages   int // content pages of the site
	Reused  int // conversions reused (site and full builds)
	Elapsed time.Duration

	// Reread tells a site rebuild that read only the changed files again
	// (site.Reload), the other pages' conversions kept.
	Reread bool
}

// NewSession prepares a session building opts.Source into dir.
func NewSession(opts Options, dir string) *Session {
	return &Session{Opts: opts, Dir: dir, seed: maphash.MakeSeed(), cache: &builders.RenderCache{}}
}

// diskCache opens Opts.Cache once; a cache that cannot be opened is
// left out (communs serve checks it before).
func (s *Session) diskCache() *cache.Store {
	s.diskOnce.Do(func() {
		if s.Opts.Cache != "" {
			s.disk, _ = cache.Open(s.Opts.Cache)
		}
	})
	return s.disk
}

// Root is the folder holding the last good build, or "".
func (s *Session) Root() string {
	if s.st == nil {
		return ""
	}
	return s.st.root
}

// Site is the model of the last good build, or nil. It must not be
// changed, and not read while Update or BuildRest runs.
func (s *Session) Site() *site.Site {
	if s.st == nil {
		return nil
	}
	return s.st.site
}

func (s *Session) workers() int {
	if s.Opts.Workers > 0 {
		return s.Opts.Workers
	}
	return runtime.GOMAXPROCS(0)
}

// Update rebuilds after the given files changed (absolute paths; nil or
// empty after a start). It returns an error only when the build could not
// run at all (cancelled, output not writable); problems of the site are
// in Update.Diags with Failed set.
func (s *Session) Update(ctx context.Context, changed []string) (*Update, error) {
	start := time.Now()
	src, err := filepath.Abs(s.Opts.Source)
	if err != nil {
		return nil, err
	}
	// The files of updates that failed are changed still: the last good
	// build has not seen them.
	if len(s.pending) > 0 {
		changed = slices.Clone(changed)
		for _, f := range s.pending {
			if !slices.Contains(changed, f) {
				changed = append(changed, f)
			}
		}
	}
	mode := "site"
	if s.st == nil {
		mode = "full"
	}
	var md []string // Markdown files of content/
	for _, f := range changed {
		rel, err := filepath.Rel(src, f)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue
		}
		rel = filepath.ToSlash(rel)
		top, _, _ := strings.Cut(rel, "/")
		switch {
		case site.IsConfigFile(rel) || top == "layouts" || top == "themes" || top == "i18n":
			mode = "full"
		case top == "content" && isMarkdown(rel):
			md = append(md, f)
		}
	}
	var u *Update
	if s.st != nil && len(changed) > 0 && len(md) == 0 {
		u, err = s.updateAssets(changed)
	}
	if u == nil && err == nil && mode == "site" && len(changed) == 1 && len(md) == 1 {
		u, err = s.updatePage(ctx, md[0])
	}
	if u == nil && err == nil {
		u, err = s.rebuild(ctx, src, mode == "full", changed)
	}
	s.pending = nil
	if err != nil || u.Failed {
		s.pending = changed
	}
	if u != nil {
		u.Elapsed = time.Since(start)
		if s.st != nil {
			for _, ls := range s.st.site.Langs {
				u.Pages += len(ls.All)
			}
		}
	}
	return u, err
}

func isMarkdown(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

// load reads the site and its interface strings.
func (s *Session) load(ctx context.Context, src string, diags *diag.List) (*site.Site, error) {
	opts := s.Opts
	if err := opts.setClock(); err != nil {
		return nil, err
	}
	base := opts.BaseURL
	if s.ServeHost != "" {
		p := "/"
		if cfg, err := site.LoadConfig(src, &diag.List{}); err == nil && cfg.Base != nil && cfg.Base.Path != "" {
			p = cfg.Base.Path
		}
		base = "http://" + s.ServeHost + p
	}
	return site.Load(ctx, src, site.Options{Drafts: opts.Drafts, Future: opts.Future, Expired: opts.Expired, Now: opts.Now, SourceDate: opts.SourceDate, BaseURL: base}, diags)
}

// rebuild reads the site again; full writes everything into a new folder,
// else the changed files are written into the current one.
func (s *Session) rebuild(ctx context.Context, src string, full bool, changed []string) (*Update, error) {
	u := &Update{Mode: "site", Diags: &diag.List{}}
	if full {
		u.Mode = "full"
	}
	loadDiags := &diag.List{}
	ns, reloaded, err := s.read(ctx, src, full, changed, loadDiags)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		addAll(u.Diags, loadDiags.Items())
		if !loadDiags.HasErrors(false) {
			u.Diags.Errorf("site.toml", 0, "%v", err)
		}
		u.Failed = true
		return u, nil
	}
	var cat *translate.Catalog
	var catDiags []diag.Diagnostic
	if full || s.st == nil {
		cd := &diag.List{}
		cat = LoadStrings(ns, cd)
		catDiags = cd.Items()
	} else {
		cat, catDiags = s.st.cat, s.st.catDiags
	}
	// Images that changed may have another size.
	s.cache.Forget(changed...)
	h0, _ := s.cache.Stats()
	renderDiags := &diag.List{}
	dl := &builders.Downloads{}
	if s.st != nil {
		// Keep the download links of the last build until the background
		// builders have written the files again.
		carryDownloads(s.st.site, s.st.downloads, ns, dl)
	}
	c := &builders.Context{Site: ns, Diags: renderDiags, Strings: cat, Workers: s.workers(), Downloads: dl, Preview: builders.Preview{RenderCache: s.cache}, Cache: s.diskCache()}
	var again map[*site.Page]bool // with a model read again, the pages converted again
	u.Reread = reloaded
	if reloaded {
		again = keepRendered(s.st.site, ns, changed, s.workers())
		c.Preview.RenderOnly = func(p *site.Page) bool { return again[p] }
	}
	if err := builders.RenderPages(ctx, c); err != nil {
		return nil, err
	}
	h1, _ := s.cache.Stats()
	u.Reused = h1 - h0
	rds := byFile(renderDiags.Items())
	sg := newSigs(s.seed)
	if reloaded {
		// The other pages' conversions, their problems, what is known of
		// them.
		rds = keptDiags(s.st.renderDiags, rds, ns, again)
		sg.keep(s.st.sg, ns)
		for _, l := range ns.Languages {
			for _, p := range ns.Langs[l.Code].All {
				if !again[p] {
					u.Reused++
				}
			}
		}
	}
	pc := s.planContext(ns, cat, dl)
	fast, fp, rest, rp := s.planAll(pc, sg, full)
	newSigs := sg.of(fp, signed)
	st := &state{site: ns, cat: cat, catDiags: catDiags, loadDiags: loadDiags.Items(), renderDiags: rds,
		sg: sg, downloads: dl, fast: fast, plan: fp, sigs: newSigs, rest: rest, restPlan: rp}

	// What to write: everything in a new folder, or what changed.
	var dest string
	var dirty map[string]bool
	var diff planDiff
	changedAbs := map[string]bool{}
	for _, f := range changed {
		changedAbs[f] = true
	}
	incremental := !full && s.st != nil
	if incremental {
		dirty = changedOutputs(s.st.sigs, newSigs)
		diff = diffPlans(s.st.plan, fp, changedAbs)
		st.root = s.st.root
		dest = s.stageDir()
		// The deferred files are still those of the last BuildRest.
		st.restSigs = s.st.restSigs
		st.restChanged = changedAbs
		for f := range s.st.restChanged {
			st.restChanged[f] = true
		}
	} else {
		s.n++
		dest = filepath.Join(s.Dir, fmt.Sprintf("site-%d", s.n))
		st.root = dest
	}
	only := func(out string) bool {
		if !incremental {
			o, known := fp.outs[out]
			return !known || !o.Deferred
		}
		return wanted(out, fp, dirty, diff)
	}
	// (with no copy to write, the HTML builder need not go through them)
	written, bdiags, err := s.runFast(ctx, st, pc, dest, only, !incremental, incremental && len(diff.copies) == 0)
	discard := func() {
		if incremental {
			unstage(dest, written)
		} else {
			os.RemoveAll(dest)
		}
	}
	if err != nil {
		discard()
		return nil, err
	}
	st.builderDiags = bdiags
	s.compose(u.Diags, st)
	if u.Diags.HasErrors(s.Opts.Strict) {
		u.Failed = true
		discard()
		return u, nil
	}
	if incremental {
		if err := publish(dest, st.root, written); err != nil {
			return nil, err
		}
		u.Removed = removeStale(st.root, diff)
	} else if s.st != nil {
		u.OldRoot = s.st.root
	}
	u.Root, u.Written = st.root, written
	s.st = st
	return u, nil
}

// stage makes a fresh staging folder.
func (s *Session) stage() string {
	s.n++
	return filepath.Join(s.Dir, fmt.Sprintf("stage-%d", s.n))
}

// carryDownloads copies the downloads recorded for the pages of one model
// to the same pages (by source file) of another.
func carryDownloads(old *site.Site, from *builders.Downloads, ns *site.Site, to *builders.Downloads) {
	if from == nil {
		return
	}
	byFile := map[string]*site.Page{}
	for _, l := range old.Languages {
		for _, p := range old.Langs[l.Code].All {
			if len(from.For(p)) > 0 {
				byFile[p.File] = p
			}
		}
	}
	if len(byFile) == 0 {
		return
	}
	for _, l := range ns.Languages {
		for _, p := range ns.Langs[l.Code].All {
			if op := byFile[p.File]; op != nil {
				for _, d := range from.For(op) {
					to.Add(p, d)
				}
			}
		}
	}
}

// planAll sorts the builders (split) on a full build, else takes them
// as they were sorted, and plans them with pc; it computes the pages'
// signatures meanwhile.
func (s *Session) planAll(pc *builders.Context, sg *sigs, full bool) (fast []builders.Builder, fp *plan, rest []builders.Builder, rp *plan) {
	if s.st == nil || full {
		fast, fp, rest, rp = s.split(pc)
		sg.pages(pc.Site, s.workers())
		return fast, fp, rest, rp
	}
	// The pages' signatures and the deferred files' plan while the others
	// plan: all only read the model.
	fast, rest = s.st.fast, s.st.rest
	done := make(chan struct{})
	go func() {
		defer close(done)
		sg.pages(pc.Site, s.workers())
		rp = makePlan(pc, rest)
	}()
	fp = makePlan(pc, fast)
	<-done
	if !sorted(fp, rp) {
		fast, fp, rest, rp = s.split(pc)
	}
	return fast, fp, rest, rp
}

// planContext is the context a session's builders plan with, then
// build with (runFast): what they compute for both is computed once.
func (s *Session) planContext(ns *site.Site, cat *translate.Catalog, dl *builders.Downloads) *builders.Context {
	return &builders.Context{Site: ns, Strings: cat, Workers: s.workers(), Downloads: dl}
}

// runFast runs the fast builders (the HTML, the feeds) with c, the
// context they planned with, into dest, and returns the files written
// (those only accepted, by their clean path; in a staging folder, those
// there).
func (s *Session) runFast(ctx context.Context, st *state, c *builders.Context, dest string, only func(string) bool, full, copiesInPlace bool) (written []string, diags []diag.Diagnostic, err error) {
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return nil, nil, err
	}
	var mu sync.Mutex
	yes := map[string]bool{}
	bd := &diag.List{}
	c.Dest, c.Diags, c.Preview.CopiesInPlace = dest, bd, copiesInPlace
	c.Preview.Only = func(out string) bool {
		out = cleanOut(out)
		if !only(out) {
			return false
		}
		mu.Lock()
		yes[out] = true
		mu.Unlock()
		return true
	}
	for _, b := range st.fast {
		if err = ctx.Err(); err == nil {
			err = b.Build(ctx, c)
			if err != nil {
				err = fmt.Errorf("%s: %w", b.Name(), err)
			}
		}
		if err != nil {
			break
		}
	}
	for f := range yes {
		if !full {
			if _, serr := os.Lstat(filepath.Join(dest, filepath.FromSlash(f))); serr != nil {
				continue
			}
		}
		written = append(written, f)
	}
	slices.Sort(written)
	return written, bd.Items(), err
}

// stageDir is the staging folder of incremental builds: files are written
// there, then moved into the served folder. It is kept from one build to
// the next, so that the folders of a page edited again are there already.
func (s *Session) stageDir() string {
	return filepath.Join(s.Dir, "stage")
}

// unstage removes staged files after a failed build.
func unstage(stage string, files []string) {
	for _, f := range files {
		os.Remove(filepath.Join(stage, filepath.FromSlash(f)))
	}
}

// publish moves the files staged in stage into root, each with a rename: a
// reader sees the old file or the new one, never a part.
func publish(stage, root string, files []string) error {
	made := map[string]bool{}
	for _, f := range files {
		dst := filepath.Join(root, filepath.FromSlash(f))
		if d := filepath.Dir(dst); !made[d] {
			if err := os.MkdirAll(d, 0o755); err != nil {
				return err
			}
			made[d] = true
		}
		if err := os.Rename(filepath.Join(stage, filepath.FromSlash(f)), dst); err != nil {
			return fmt.Errorf("publishing %s: %w", f, err)
		}
	}
	return nil
}

// listFiles lists the files below dir, slash-separated, sorted.
func listFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	slices.Sort(out)
	return out, err
}

// compose gathers every problem of the state: the model's, each page's
// conversion, the builders' and the missing interface strings.
func (s *Session) compose(l *diag.List, st *state) {
	addAll(l, st.loadDiags)
	addAll(l, st.catDiags)
	// By file: the list is sorted when shown, and thousands of warnings
	// sort faster in order.
	for _, f := range slices.Sorted(maps.Keys(st.renderDiags)) {
		addAll(l, st.renderDiags[f])
	}
	addAll(l, st.builderDiags)
	for _, w := range st.cat.Warnings() {
		file, msg, found := strings.Cut(w, ": ")
		if !found {
			file, msg = "i18n", w
		}
		l.Warnf(file, 0, "%s", msg)
	}
}

func addAll(l *diag.List, ds []diag.Diagnostic) {
	for _, d := range ds {
		l.Add(d)
	}
}

func byFile(ds []diag.Diagnostic) map[string][]diag.Diagnostic {
	out := map[string][]diag.Diagnostic{}
	for _, d := range ds {
		out[d.File] = append(out[d.File], d)
	}
	return out
}

// updatePage tries the one-page rebuild; a nil Update means it does not
// apply (the caller reads the site again).
func (s *Session) updatePage(ctx context.Context, file string) (*Update, error) {
	st := s.st
	var p *site.Page
	for _, l := range st.site.Languages {
		for _, q := range st.site.Langs[l.Code].All {
			if q.Abs == file {
				p = q
			}
		}
	}
	if p == nil || (p.Kind != site.KindArticle && p.Kind != site.KindChapter) || p.FrontMatter == nil {
		return nil, nil
	}
	// A page the model reported on (a warning at load) is read by Load.
	for _, d := range st.loadDiags {
		if d.File == p.File {
			return nil, nil
		}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, nil
	}
	format, fmText, body, bodyLine, err := site.SplitFrontMatter(data)
	if err != nil {
		return nil, nil
	}
	fm, errs := site.ParseFrontMatter(format, fmText, 2, st.site.Config.Location)
	if len(errs) > 0 || fm == nil {
		return nil, nil
	}
	if !samePlace(p.FrontMatter, fm) {
		return nil, nil
	}
	title := strings.TrimSpace(fm.Title)
	if title == "" {
		return nil, nil
	}
	lic := fm.License
	if lic == "" {
		lic = st.site.Config.License
	}
	license, known := site.LookupLicense(lic)
	if !known {
		return nil, nil
	}
	title = markdown.TitleText(p.Lang, title)
	if title != p.Title && p.Kind == site.KindArticle {
		// Lists order articles of the same date by title (chapters go by
		// weight).
		for _, q := range st.site.Langs[p.Lang].Pages {
			if q != p && q.Date.Equal(p.Date) {
				return nil, nil
			}
		}
	}
	saved := *p
	restore := func() {
		st.sg.forget(p)
		*p = saved
		st.sg.forget(p)
	}
	st.sg.forget(p)
	p.FrontMatter = fm
	p.Body, p.BodyLine = body, bodyLine
	p.Title = title
	p.Subtitle = markdown.TitleText(p.Lang, strings.TrimSpace(fm.Subtitle))
	p.License = license
	if !(p.Kind == site.KindChapter && fm.Date.IsZero()) {
		// (a chapter without a date has its book's dates)
		p.Lastmod = fm.Lastmod
		if !p.Lastmod.IsZero() && st.site.Config.Location != nil {
			p.Lastmod = p.Lastmod.In(st.site.Config.Location)
		}
		if p.Lastmod.IsZero() {
			p.Lastmod = p.Date
		}
	}
	u := &Update{Mode: "page", Diags: &diag.List{}}
	rd := &diag.List{}
	c := &builders.Context{Site: st.site, Diags: rd, Strings: st.cat, Workers: s.workers(), Downloads: st.downloads,
		Preview: builders.Preview{RenderCache: s.cache, RenderOnly: func(q *site.Page) bool { return q == p }}, Cache: s.diskCache()}
	if err := builders.RenderPages(ctx, c); err != nil {
		restore()
		return nil, err
	}
	oldRender := st.renderDiags[p.File]
	st.renderDiags[p.File] = rd.Items()
	// The same files as before (the page keeps its place), made of
	// other inputs.
	pc := s.planContext(st.site, st.cat, st.downloads)
	fp := makePlan(pc, st.fast)
	newSigs := st.sg.since(st.plan, st.sigs, fp, p)
	dirty := changedOutputs(st.sigs, newSigs)
	diff := diffPlans(st.plan, fp, nil)
	only := func(out string) bool { return wanted(out, fp, dirty, diff) }
	var written []string
	var bdiags []diag.Diagnostic
	stage := s.stageDir()
	if !rd.HasErrors(s.Opts.Strict) {
		written, bdiags, err = s.runFast(ctx, st, pc, stage, only, false, len(diff.copies) == 0)
		if err != nil {
			unstage(stage, written)
			st.renderDiags[p.File] = oldRender
			restore()
			return nil, err
		}
	}
	oldBuilder := st.builderDiags
	st.builderDiags = append(slices.Clip(st.builderDiags), bdiags...)
	s.compose(u.Diags, st)
	if u.Diags.HasErrors(s.Opts.Strict) {
		u.Failed = true
		st.renderDiags[p.File] = oldRender
		st.builderDiags = oldBuilder
		restore()
		unstage(stage, written)
		return u, nil
	}
	if err := publish(stage, st.root, written); err != nil {
		return nil, err
	}
	u.Removed = removeStale(st.root, diff)
	st.plan, st.sigs = fp, newSigs
	st.restDone = false
	if st.patched == nil {
		st.patched = map[string]bool{}
	}
	st.patched[file] = true
	u.Root, u.Written = st.root, written
	return u, nil
}

// updateAssets copies changed files to their place in the output when
// the files that read them are all plain copies (static/, the theme's
// assets): nothing else is to be written. A nil Update means it does not
// apply.
func (s *Session) updateAssets(changed []string) (*Update, error) {
	st := s.st
	readers := st.plan.readersOf(changed)
	type copyJob struct{ from, to string }
	var jobs []copyJob
	for _, f := range changed {
		info, err := os.Stat(f)
		if err != nil || !info.Mode().IsRegular() {
			return nil, nil // removed, or a folder: read the site again
		}
		outs := readers[f]
		if len(outs) == 0 {
			return nil, nil // a new file, or one no plan copies
		}
		for _, o := range outs {
			if !isCopy(o) {
				return nil, nil // a page shows it (an image, its size)
			}
			jobs = append(jobs, copyJob{f, o.Path})
		}
	}
	stage := s.stage()
	defer os.RemoveAll(stage)
	var written []string
	for _, j := range jobs {
		data, err := os.ReadFile(j.from)
		if err != nil {
			os.RemoveAll(stage)
			return nil, nil
		}
		dst := filepath.Join(stage, filepath.FromSlash(j.to))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			os.RemoveAll(stage)
			return nil, err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			os.RemoveAll(stage)
			return nil, err
		}
		written = append(written, j.to)
	}
	if err := publish(stage, st.root, written); err != nil {
		return nil, err
	}
	// The deferred files that embed them (an EPUB's images) are for
	// BuildRest.
	if st.restChanged == nil {
		st.restChanged = map[string]bool{}
	}
	for _, f := range changed {
		st.restChanged[f] = true
	}
	st.restDone = false
	d := &diag.List{}
	s.compose(d, st)
	return &Update{Mode: "assets", Root: st.root, Written: written, Diags: d}, nil
}

// samePlace tells whether two front matters place their page the same way
// in the site: same URL, lists, terms, order and translations.
func samePlace(a, b *site.FrontMatter) bool {
	return a.Date.Equal(b.Date) && a.Draft == b.Draft && a.Slug == b.Slug &&
		slices.Equal(a.Tags, b.Tags) && slices.Equal(a.Categories, b.Categories) &&
		a.Series == b.Series && a.TranslationKey == b.TranslationKey && a.Weight == b.Weight &&
		slices.Equal(a.Aliases, b.Aliases) && a.URL == b.URL && a.Date.Location().String() == b.Date.Location().String()
}
