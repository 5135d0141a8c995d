// Package build runs a whole build: read the site into its model, run the
// builders into a temporary folder, and swap it in place of the previous
// output only when everything succeeded.
package build

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/builders/epub"
	"github.com/communs/communs/builders/feed"
	"github.com/communs/communs/builders/html"
	"github.com/communs/communs/builders/impose"
	"github.com/communs/communs/builders/pdf"
	"github.com/communs/communs/builders/translations"
	"github.com/communs/communs/i18n"
	"github.com/communs/communs/internal/cache"
	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/progress"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/translate"
)

// Options are the command line's choices.
type Options struct {
	Source  string // folder holding site.toml
	Dest    string // output folder; default <source>/public
	Drafts  bool
	Future  bool
	Expired bool
	Strict  bool // warnings fail the build
	BaseURL string
	Workers int
	// Now is the build's reference time; zero means SourceDate or the clock.
	Now time.Time
	// SourceDate, when set, is the date of every output (EPUB, PDF) and
	// the build's Now: SOURCE_DATE_EPOCH, which is read when it is zero.
	// Tests pass it here rather than in the environment, so that they can
	// run in parallel.
	SourceDate time.Time
	// Cache, when set, is a folder where pages' HTML and books' PDFs are
	// kept between builds (see internal/cache); "" caches nothing.
	Cache string
	// Progress, when set, counts the pages and book files written for a
	// status line; the build announces the book files it will write, the
	// HTML builder its pages. Nil counts nothing.
	Progress *progress.Meter
}

// Result tells what a build did.
type Result struct {
	Site    *site.Site
	Diags   *diag.List
	Dest    string
	Pages   map[string]int // content pages per language
	Elapsed time.Duration
	// Timings are how long the render stage and each builder took, in the
	// order they started (the book builders run side by side).
	Timings []Timing

	// Cache is the cache the build used (Options.Cache), nil without.
	Cache *cache.Store
	// Reads counts the Markdown texts the build read: once per page,
	// whichever outputs render it.
	Reads int64

	tmp string // the temporary output folder
}

// Timing is how long one stage of a build took.
type Timing struct {
	Name    string
	Elapsed time.Duration
}

// ErrFailed is returned when the input has errors; they are in Result.Diags.
var ErrFailed = errors.New("the build failed")

// Now returns SOURCE_DATE_EPOCH when set (reproducible builds), else the clock.
func Now() (time.Time, error) {
	d, err := SourceDate()
	if err != nil || !d.IsZero() {
		return d, err
	}
	return time.Now(), nil
}

// SourceDate returns SOURCE_DATE_EPOCH, zero when it is not set.
func SourceDate() (time.Time, error) {
	v := os.Getenv("SOURCE_DATE_EPOCH")
	if v == "" {
		return time.Time{}, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if err != nil {
		return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds", v)
	}
	return time.Unix(n, 0).UTC(), nil
}

// setClock fills SourceDate from the environment when it is not given,
// and Now from SourceDate or the clock.
func (o *Options) setClock() error {
	if o.SourceDate.IsZero() {
		d, err := SourceDate()
		if err != nil {
			return err
		}
		o.SourceDate = d
	}
	if o.Now.IsZero() {
		o.Now = o.SourceDate
		if o.Now.IsZero() {
			o.Now = time.Now()
		}
	}
	return nil
}

// Run builds the site. On ErrFailed the previous output is untouched.
func Run(ctx context.Context, opts Options) (*Result, error) {
	res, err := run(ctx, opts)
	if err != nil && !errors.Is(err, ErrFailed) && diskFull(err) {
		// One line: the first write that failed (builders join theirs),
		// named in the output folder rather than in the temporary one.
		msg, _, _ := strings.Cut(err.Error(), "\n")
		if res.tmp != "" {
			msg = strings.ReplaceAll(msg, res.tmp, res.Dest)
		}
		err = &diskFullError{msg: fmt.Sprintf("the disk holding %s is full: %s; free some space and build again (the previous output is left as it was)", filepath.Dir(res.Dest), msg), cause: err}
	}
	return res, err
}

// diskFull tells an error of a full disk, or of a full quota.
func diskFull(err error) bool {
	return errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT)
}

// diskFullError says that the disk is full, keeping the errors of the
// writes that failed for errors.Is.
type diskFullError struct {
	msg   string
	cause error
}

func (e *diskFullError) Error() string { return e.msg }
func (e *diskFullError) Unwrap() error { return e.cause }

func run(ctx context.Context, opts Options) (*Result, error) {
	start := time.Now()
	res := &Result{Diags: &diag.List{}, Pages: map[string]int{}}
	src, err := filepath.Abs(opts.Source)
	if err != nil {
		return res, err
	}
	if opts.Dest == "" {
		opts.Dest = filepath.Join(src, "public")
	}
	dest, err := filepath.Abs(opts.Dest)
	if err != nil {
		return res, err
	}
	res.Dest = dest
	if err := checkDest(src, dest); err != nil {
		return res, err
	}
	// Even a build that fails on its input cleans what a killed one left.
	cleanStale(dest)
	if err := opts.setClock(); err != nil {
		return res, err
	}
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	s, err := site.Load(ctx, src, site.Options{Drafts: opts.Drafts, Future: opts.Future, Expired: opts.Expired, Now: opts.Now, SourceDate: opts.SourceDate, BaseURL: opts.BaseURL}, res.Diags)
	if err != nil {
		if res.Diags.HasErrors(false) {
			return res, ErrFailed
		}
		return res, err
	}
	res.Site = s
	for code, ls := range s.Langs {
		res.Pages[code] = len(ls.All)
	}
	// Errors so far (a page's front matter, say) do not stop the build:
	// rendering finds the others (a missing image elsewhere), so that one
	// run reports them all. Nothing is swapped in unless all is well.
	cat := LoadStrings(s, res.Diags)
	tmp, err := tempSibling(dest)
	if err != nil {
		return res, err
	}
	res.tmp = tmp
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()
	c := &builders.Context{Site: s, Dest: tmp, Diags: res.Diags, Strings: cat, Workers: opts.Workers, Downloads: &builders.Downloads{}, Progress: opts.Progress}
	if opts.Cache != "" {
		if err := checkCache(src, dest, opts.Cache); err != nil {
			return res, err
		}
		if c.Cache, err = cache.Open(opts.Cache); err != nil {
			return res, err
		}
		res.Cache = c.Cache
	}
	renderStart := time.Now()
	if err := builders.RenderPages(ctx, c); err != nil {
		return res, err
	}
	res.Timings = append(res.Timings, Timing{Name: "render", Elapsed: time.Since(renderStart)})
	first, then, books := order(c, Builders())
	// The books come first and take longest: announce them now, so that
	// the status line has their total and their clock starts with them.
	opts.Progress.Expect(progress.BookFiles, books)
	if err := runOrdered(ctx, c, first, then, &res.Timings); err != nil {
		return res, err
	}
	res.Reads = c.Reads()
	for _, w := range cat.Warnings() {
		file, msg, found := strings.Cut(w, ": ")
		if !found {
			file, msg = "i18n", w
		}
		res.Diags.Warnf(file, 0, "%s", msg)
	}
	if res.Diags.HasErrors(opts.Strict) {
		return res, ErrFailed
	}
	if err := ctx.Err(); err != nil {
		// Interrupted during the last builder: the previous output stays.
		return res, err
	}
	if err := swap(tmp, dest); err != nil {
		return res, err
	}
	ok = true
	res.Elapsed = time.Since(start)
	return res, nil
}

// Builders are the output builders of a build; each says what it writes
// (builders.Planner), and a build runs first those whose files the
// others list (see order). communs serve runs the same ones (the files
// they do not defer at once, the others in the background).
func Builders() []builders.Builder {
	return []builders.Builder{epub.Builder{}, pdf.Builder{}, impose.Builder{}, html.Builder{}, feed.Builder{}, translations.Builder{}}
}

// order sorts the builders bs by what they plan: first those whose files
// are downloads (EPUB, PDF), which the others list with their sizes, then
// the others in their order. It counts the downloads planned.
func order(c *builders.Context, bs []builders.Builder) (first, then []builders.Builder, downloads int) {
	for _, b := range bs {
		n := 0
		if p, ok := b.(builders.Planner); ok {
			for _, o := range p.Plan(c) {
				if o.Download != "" {
					n++
				}
			}
		}
		if n > 0 {
			first = append(first, b)
		} else {
			then = append(then, b)
		}
		downloads += n
	}
	return first, then, downloads
}

// RunBuilders runs bs: those whose files are downloads first, side by
// side (a long book's PDF and its two booklets each keep a core busy),
// then the others in order.
func RunBuilders(ctx context.Context, c *builders.Context, bs []builders.Builder) error {
	first, then, _ := order(c, bs)
	return runOrdered(ctx, c, first, then, nil)
}

// runOrdered runs first side by side, then the builders then in order,
// appending to timings, when not nil, how long each builder that ran
// took.
func runOrdered(ctx context.Context, c *builders.Context, first, then []builders.Builder, timings *[]Timing) error {
	errs := make([]error, len(first))
	took := make([]Timing, len(first))
	var wg sync.WaitGroup
	for k, b := range first {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			if err := b.Build(ctx, c); err != nil {
				errs[k] = fmt.Errorf("%s: %w", b.Name(), err)
			}
			took[k] = Timing{Name: b.Name(), Elapsed: time.Since(start)}
		}()
	}
	wg.Wait()
	if timings != nil {
		*timings = append(*timings, took...)
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	for _, b := range then {
		if err := ctx.Err(); err != nil {
			return err
		}
		start := time.Now()
		if err := b.Build(ctx, c); err != nil {
			return fmt.Errorf("%s: %w", b.Name(), err)
		}
		if timings != nil {
			*timings = append(*timings, Timing{Name: b.Name(), Elapsed: time.Since(start)})
		}
	}
	return nil
}

// LoadStrings reads the interface strings: the built-in ones, then the
// site's own i18n/<lang>.toml, key by key.
func LoadStrings(s *site.Site, diags *diag.List) *translate.Catalog {
	cat := translate.NewCatalog(s.Config.DefaultLanguage)
	for _, l := range s.Languages {
		name := l.Code + ".toml"
		if data, err := i18n.Files.ReadFile(name); err == nil {
			if err := cat.Add(l.Code, "i18n/"+name+" (built in)", data); err != nil {
				diags.Errorf("i18n/"+name, 0, "built-in strings: %v", err)
			}
		} else {
			cat.Foreign(l.Code)
		}
		p := filepath.Join(s.SourceDir, "i18n", name)
		if data, err := os.ReadFile(p); err == nil {
			if err := cat.Add(l.Code, "i18n/"+name, data); err != nil {
				diags.Errorf("i18n/"+name, 0, "%v", err)
			}
		} else if !errors.Is(err, os.ErrNotExist) {
			diags.Errorf("i18n/"+name, 0, "cannot read: %v", err)
		}
	}
	if _, ok := s.Langs["en"]; !ok {
		// The fallback of a language communs has no strings for.
		lacking := false
		for _, l := range s.Languages {
			if _, err := i18n.Files.ReadFile(l.Code + ".toml"); err != nil {
				lacking = true
			}
		}
		if data, err := i18n.Files.ReadFile("en.toml"); err == nil && lacking {
			_ = cat.Add("en", "i18n/en.toml (built in)", data)
		}
	}
	return cat
}

// checkDest refuses outputs that would destroy what they are built from.
func checkDest(src, dest string) error {
	home, _ := os.UserHomeDir()
	switch {
	case dest == "/" || dest == filepath.VolumeName(dest)+string(filepath.Separator):
		return fmt.Errorf("--dest %s: refusing to replace the root folder", dest)
	case home != "" && dest == filepath.Clean(home):
		return fmt.Errorf("--dest %s: refusing to replace your home folder", dest)
	case dest == src:
		return fmt.Errorf("--dest %s is the site's source folder: choose an output folder such as %s", dest, filepath.Join(src, "public"))
	case within(dest, src):
		return fmt.Errorf("--dest %s holds the site's source folder: choose a folder of its own", dest)
	}
	for _, d := range []string{"content", "static", "layouts", "themes", "i18n"} {
		if p := filepath.Join(src, d); dest == p || within(p, dest) {
			return fmt.Errorf("--dest %s is inside the site's %s/ folder: its files would become content; choose a folder outside it, such as %s", dest, d, filepath.Join(src, "public"))
		}
	}
	return nil
}

// checkCache refuses a cache folder that a build would replace (the
// output) or read as the site's own files.
func checkCache(src, dest, dir string) error {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	switch {
	case abs == dest || within(dest, abs):
		return fmt.Errorf("--cache %s is inside the output folder, which each build replaces: choose a folder outside it, such as %s", dir, filepath.Join(src, ".cache"))
	case abs == src || within(abs, src):
		return fmt.Errorf("--cache %s holds the site's source folder: choose a folder of its own, such as %s", dir, filepath.Join(src, ".cache"))
	}
	for _, d := range []string{"content", "static", "layouts", "themes", "i18n"} {
		if p := filepath.Join(src, d); abs == p || within(p, abs) {
			return fmt.Errorf("--cache %s is inside the site's %s/ folder: its files would become part of the site; choose a folder such as %s", dir, d, filepath.Join(src, ".cache"))
		}
	}
	return nil
}

func within(root, p string) bool {
	r, err := filepath.Rel(root, p)
	return err == nil && r != "." && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator))
}

const tempMark = ".communs-tmp-"

// cleanStale removes what interrupted builds left beside dest: their
// temporary folders, and puts back a previous output a build killed in
// the middle of its swap had moved aside.
func cleanStale(dest string) {
	parent, base := filepath.Split(dest)
	stale, _ := filepath.Glob(filepath.Join(parent, "."+base+tempMark+"*"))
	if _, err := os.Lstat(dest); errors.Is(err, os.ErrNotExist) {
		// A build killed between the two renames of swap left the
		// previous output aside and none in place: put it back.
		for i := len(stale) - 1; i >= 0; i-- {
			if strings.HasPrefix(filepath.Base(stale[i]), "."+base+tempMark+"old-") && os.Rename(stale[i], dest) == nil {
				stale = append(stale[:i], stale[i+1:]...)
				break
			}
		}
	}
	for _, s := range stale {
		os.RemoveAll(s)
	}
}

// tempSibling makes a fresh folder beside dest (same file system, so the
// swap is a rename), after removing what interrupted builds left there.
func tempSibling(dest string) (string, error) {
	parent, base := filepath.Split(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", fmt.Errorf("creating %s: %w", parent, err)
	}
	cleanStale(dest)
	tmp, err := os.MkdirTemp(parent, "."+base+tempMark)
	if err != nil {
		return "", fmt.Errorf("creating a temporary output folder beside %s: %w", dest, err)
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	return tmp, nil
}

// swap replaces dest by tmp with renames: at every moment dest is either
// the complete previous output or the complete new one.
func swap(tmp, dest string) error {
	old := ""
	if st, err := os.Lstat(dest); err == nil {
		if !st.IsDir() {
			return fmt.Errorf("%s exists and is not a folder: move it away or choose another --dest", dest)
		}
		parent, base := filepath.Split(dest)
		old = filepath.Join(parent, "."+base+tempMark+"old-"+strconv.Itoa(os.Getpid()))
		os.RemoveAll(old)
		if err := os.Rename(dest, old); err != nil {
			return fmt.Errorf("moving the previous output aside: %w", err)
		}
	}
	if err := os.Rename(tmp, dest); err != nil {
		if old != "" {
			_ = os.Rename(old, dest)
		}
		return fmt.Errorf("putting the new output in place: %w", err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}
