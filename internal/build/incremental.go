package build

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
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
// output files whose content changed, reusing the Markdown conversions of
// the pages whose text did not change.
//
// Four kinds of rebuild, from the cheapest:
//
//   - "assets": only files of static/ (or of the theme's static/) changed,
//     and no file was added or removed: they are copied in place;
//   - "page": one page's file changed and none of what places it in the
//     site (date, slug, draft, tags, categories, series, translation key,
//     weight, aliases) did: the page is patched in place in the model,
//     converted again, and the files that show it are written;
//   - "site": the content changed otherwise (a page added, moved, retagged,
//     an image, a static file): the site is read again, conversions are
//     reused, and the files whose signature changed are written, those no
//     longer built removed;
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
	// Builders run after the HTML and feeds, in BuildRest; nil means the
	// ones Builders lists besides html and feed.
	Builders []builders.Builder

	seed  maphash.Seed
	cache *builders.RenderCache
	// disk is the cache folder of Opts.Cache, opened at the first build.
	disk     *cache.Store
	diskOnce sync.Once
	st       *state // the last good build
	n        int
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
	sigs         map[string]uint64
	sources      map[string]string // copied output file → its source
	planned      map[string]bool   // every file the HTML and feed builders write
	downloads    *builders.Downloads
	restDone     bool // the other builders ran on this model
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

// fastBuilders are the HTML and feed builders of Builders; rest the others.
func (s *Session) split() (fast, rest []builders.Builder) {
	for _, b := range Builders() {
		switch b.Name() {
		case "html", "feed":
			fast = append(fast, b)
		default:
			rest = append(rest, b)
		}
	}
	if s.Builders != nil {
		rest = s.Builders
	}
	return fast, rest
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
		case rel == "site.toml" || top == "layouts" || top == "themes" || top == "i18n":
			mode = "full"
		case top == "content" && isMarkdown(rel):
			md = append(md, f)
		}
	}
	var u *Update
	if s.st != nil && len(changed) > 0 && len(md) == 0 {
		u, err = s.updateAssets(src, changed)
	}
	if u == nil && err == nil && mode == "site" && len(changed) == 1 && len(md) == 1 {
		u, err = s.updatePage(ctx, md[0])
	}
	if u == nil && err == nil {
		u, err = s.rebuild(ctx, src, mode == "full", changed)
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
	return site.Load(ctx, src, site.Options{Drafts: opts.Drafts, Future: opts.Future, Now: opts.Now, SourceDate: opts.SourceDate, BaseURL: base}, diags)
}

// rebuild reads the site again; full writes everything into a new folder,
// else the changed files are written into the current one.
func (s *Session) rebuild(ctx context.Context, src string, full bool, changed []string) (*Update, error) {
	u := &Update{Mode: "site", Diags: &diag.List{}}
	if full {
		u.Mode = "full"
	}
	loadDiags := &diag.List{}
	ns, err := s.load(ctx, src, loadDiags)
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
	c := &builders.Context{Site: ns, Diags: renderDiags, Strings: cat, Workers: s.workers(), Downloads: dl, RenderCache: s.cache, Cache: s.diskCache()}
	if err := builders.RenderPages(ctx, c); err != nil {
		return nil, err
	}
	h1, _ := s.cache.Stats()
	u.Reused = h1 - h0
	sg := newSigs(s.seed, dl)
	newSigs := sg.siteSigs(ns)
	st := &state{site: ns, cat: cat, catDiags: catDiags, loadDiags: loadDiags.Items(), renderDiags: byFile(renderDiags.Items()),
		sg: sg, sigs: newSigs, sources: sourcesOf(ns), downloads: dl}

	// What to write: everything in a new folder, or what changed.
	var dest string
	var dirty map[string]bool
	changedAbs := map[string]bool{}
	for _, f := range changed {
		changedAbs[f] = true
	}
	incremental := !full && s.st != nil
	if incremental {
		dirty = changedOutputs(s.st.sigs, newSigs)
		st.root = s.st.root
		dest = s.stageDir()
	} else {
		s.n++
		dest = filepath.Join(s.Dir, fmt.Sprintf("site-%d", s.n))
		st.root = dest
	}
	rec := newRecorder()
	only := func(out string) bool {
		out = rec.add(out)
		if !incremental {
			return true
		}
		if src, ok := st.sources[out]; ok {
			// A copied file: when it is new, or its source changed.
			return !s.st.planned[out] || changedAbs[src]
		}
		return wanted(out, dirty, newSigs, s.st.planned)
	}
	written, bdiags, err := s.runFast(ctx, st, dest, only, !incremental, false)
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
	st.planned = rec.set()
	if incremental {
		// A file a builder did not ask about this time (the parts of a
		// long sitemap, when the sitemap is unchanged) is still there.
		for f := range newSigs {
			if s.st.planned[f] {
				st.planned[f] = true
			}
		}
	}
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
		u.Removed = removeStale(st.root, s.st.planned, st.planned)
	} else if s.st != nil {
		u.OldRoot = s.st.root
	}
	u.Root, u.Written = st.root, written
	s.st = st
	return u, nil
}

// wanted tells whether an incremental build writes out: when its
// signature changed, or when it has none (a file the signatures do not
// know of is written each time, so that it is never stale; theme assets
// only when new).
func wanted(out string, dirty map[string]bool, sigs map[string]uint64, planned map[string]bool) bool {
	if dirty[out] {
		return true
	}
	if _, known := sigs[out]; known {
		return false
	}
	return !planned[out] || !isAsset(out)
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

// isAsset tells files copied from the theme (CSS, fonts…): written once by
// a full build, and again only by the next full build.
func isAsset(out string) bool {
	ext := path.Ext(out)
	return ext != ".html" && ext != ".xml" && ext != ".txt"
}

// sourcesOf maps the output path of every copied file (static, page
// resources) to its source.
func sourcesOf(s *site.Site) map[string]string {
	out := map[string]string{}
	for _, st := range s.Static {
		out[cleanOut(st.Path)] = st.Abs
	}
	for _, l := range s.Languages {
		for _, p := range s.Langs[l.Code].All {
			for _, r := range p.Resources {
				out[cleanOut(l.Prefix+p.Path+r.Name)] = r.Abs
			}
		}
	}
	return out
}

// runFast runs the HTML and feed builders into dest and returns the files
// written (those only accepted; in a staging folder, those there).
func (s *Session) runFast(ctx context.Context, st *state, dest string, only func(string) bool, full, copiesInPlace bool) (written []string, diags []diag.Diagnostic, err error) {
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return nil, nil, err
	}
	var mu sync.Mutex
	yes := map[string]bool{}
	c := &builders.Context{Site: st.site, Dest: dest, Strings: st.cat, Workers: s.workers(), Downloads: st.downloads,
		CopiesInPlace: copiesInPlace,
		Only: func(out string) bool {
			if !only(out) {
				return false
			}
			mu.Lock()
			yes[cleanOut(out)] = true
			mu.Unlock()
			return true
		}}
	bd := &diag.List{}
	c.Diags = bd
	fast, _ := s.split()
	for _, b := range fast {
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

// removeStale deletes the files the previous build wrote and this one no
// longer does.
func removeStale(root string, old, new map[string]bool) []string {
	var removed []string
	for f := range old {
		if !new[f] {
			if err := os.Remove(filepath.Join(root, filepath.FromSlash(f))); err == nil || errors.Is(err, fs.ErrNotExist) {
				removed = append(removed, f)
			}
		}
	}
	slices.Sort(removed)
	return removed
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
	for _, ds := range st.renderDiags {
		addAll(l, ds)
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

// recorder keeps every output path the builders asked about.
type recorder struct {
	mu sync.Mutex
	m  map[string]bool
}

func newRecorder() *recorder { return &recorder{m: map[string]bool{}} }

func (r *recorder) add(out string) string {
	out = cleanOut(out)
	r.mu.Lock()
	r.m[out] = true
	r.mu.Unlock()
	return out
}

func (r *recorder) set() map[string]bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.m
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
		RenderCache: s.cache, Cache: s.diskCache(), RenderOnly: func(q *site.Page) bool { return q == p }}
	if err := builders.RenderPages(ctx, c); err != nil {
		restore()
		return nil, err
	}
	oldRender := st.renderDiags[p.File]
	st.renderDiags[p.File] = rd.Items()
	newSigs := st.sg.siteSigs(st.site)
	dirty := changedOutputs(st.sigs, newSigs)
	only := func(out string) bool {
		if isAsset(out) {
			// Copied files and theme assets: the same as before, since
			// only a page's text changed.
			return false
		}
		return wanted(cleanOut(out), dirty, newSigs, st.planned)
	}
	var written []string
	var bdiags []diag.Diagnostic
	stage := s.stageDir()
	if !rd.HasErrors(s.Opts.Strict) {
		written, bdiags, err = s.runFast(ctx, st, stage, only, false, true)
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
	st.sigs = newSigs
	st.restDone = false
	u.Root, u.Written = st.root, written
	return u, nil
}

// updateAssets copies changed files of static/ and of the theme's static/
// to their place in the output, when that is all that changed; a nil
// Update means it does not apply.
func (s *Session) updateAssets(src string, changed []string) (*Update, error) {
	st := s.st
	theme := st.site.Config.Theme
	type copyJob struct{ from, to string }
	var jobs []copyJob
	for _, f := range changed {
		rel, err := filepath.Rel(src, f)
		if err != nil {
			return nil, nil
		}
		rel = filepath.ToSlash(rel)
		info, err := os.Stat(f)
		if err != nil || !info.Mode().IsRegular() {
			return nil, nil // removed, or a folder: read the site again
		}
		switch {
		case strings.HasPrefix(rel, "static/"):
			out := strings.TrimPrefix(rel, "static/")
			if st.sources[out] != f {
				return nil, nil // a new file
			}
			jobs = append(jobs, copyJob{f, out})
		case theme != "" && strings.HasPrefix(rel, "themes/"+theme+"/static/"):
			out := strings.TrimPrefix(rel, "themes/"+theme+"/static/")
			if !st.planned[out] {
				return nil, nil
			}
			if _, overridden := st.sources[out]; overridden {
				continue // the site's static/ has its own
			}
			jobs = append(jobs, copyJob{f, out})
		default:
			return nil, nil
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
		slices.Equal(a.Aliases, b.Aliases) && a.Date.Location().String() == b.Date.Location().String()
}

// BuildRest runs the builders besides the HTML and feeds (EPUB, PDF) on
// the last good model, into a staging folder moved into the served one;
// pages that gained downloads get their HTML again. It does nothing when
// they already ran on this model. The model must not change meanwhile.
func (s *Session) BuildRest(ctx context.Context) (*Update, error) {
	st := s.st
	_, rest := s.split()
	if st == nil || st.restDone || len(rest) == 0 {
		return nil, nil
	}
	start := time.Now()
	s.n++
	stage := filepath.Join(s.Dir, fmt.Sprintf("rest-%d", s.n))
	defer os.RemoveAll(stage)
	if err := os.MkdirAll(stage, 0o755); err != nil {
		return nil, err
	}
	d := &diag.List{}
	dl := &builders.Downloads{}
	c := &builders.Context{Site: st.site, Dest: stage, Diags: d, Strings: st.cat, Workers: s.workers(), Downloads: dl, Cache: s.diskCache()}
	for _, b := range rest {
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
	os.RemoveAll(stage)
	// The pages' download links.
	st.downloads = dl
	st.sg.downloads = dl
	clear(st.sg.self)
	newSigs := st.sg.siteSigs(st.site)
	dirty := changedOutputs(st.sigs, newSigs)
	if len(dirty) > 0 {
		hstage := s.stageDir()
		html, _, err := s.runFast(ctx, st, hstage, func(out string) bool { return dirty[cleanOut(out)] }, false, true)
		if err != nil {
			unstage(hstage, html)
			return nil, err
		}
		if err := publish(hstage, st.root, html); err != nil {
			return nil, err
		}
		written = append(written, html...)
		st.sigs = newSigs
	}
	st.restDone = true
	u.Written = written
	u.Elapsed = time.Since(start)
	return u, nil
}

// Drafts lists the output HTML files of draft pages (shown with --drafts).
func (s *Session) Drafts() map[string]bool {
	out := map[string]bool{}
	if s.st == nil {
		return out
	}
	for _, l := range s.st.site.Languages {
		for _, p := range s.st.site.Langs[l.Code].All {
			if p.Draft {
				out[outFile(l.Prefix+p.Path)] = true
			}
		}
	}
	return out
}
