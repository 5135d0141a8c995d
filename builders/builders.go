// Package builders holds what every output builder shares: the build
// context, the render stage that turns every page's Markdown into HTML
// once, and careful file writing.
package builders

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/communs/communs/internal/cache"
	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/fileio"
	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/progress"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/translate"
)

// Builder writes one kind of output from the model.
type Builder interface {
	Name() string
	Build(ctx context.Context, c *Context) error
}

// Context is what a build gives its builders.
type Context struct {
	Site    *site.Site
	Dest    string // the output folder being written (a temporary one)
	Diags   *diag.List
	Strings *translate.Catalog
	Workers int
	// Downloads lists the files (EPUB, PDFs) written for each page, so the
	// HTML can link them with their sizes.
	Downloads *Downloads

	// Preview holds what the preview's incremental rebuilds set; a
	// whole build leaves it zero.
	Preview Preview
	// Cache, when set, keeps pages' HTML and books' PDFs between builds,
	// on disk (communs build --cache, communs serve): see internal/cache.
	Cache *cache.Store
	// Progress, when set, counts the files written for the status line of
	// communs build (see WriteFile). Nil counts nothing.
	Progress *progress.Meter

	convOnce   sync.Once
	converters map[string]*markdown.Converter
	once       onceValues
	dirs       sync.Map // output folders made so far
}

// Preview is what communs serve's incremental rebuilds tell the render
// stage and the builders.
type Preview struct {
	// Only, when set, limits a build to some of its output files: the
	// builders ask it about every file they would write (a path such as
	// "/en/tags/go/index.html") and skip those it refuses. Nil writes all.
	Only func(outPath string) bool
	// CopiesInPlace, with Only, tells that the files copied as they are
	// (theme assets, static/, page resources) are all in place already:
	// the HTML builder does not go through them.
	CopiesInPlace bool
	// RenderOnly, when set, limits RenderPages to the pages it accepts;
	// the others keep the Rendered they have.
	RenderOnly func(p *site.Page) bool
	// RenderCache, when set, keeps each page's conversion from one build
	// to the next: see RenderCache.
	RenderCache *RenderCache
}

// Converter returns the HTML converter of a language.
func (c *Context) Converter(lang string) *markdown.Converter {
	c.convOnce.Do(func() {
		c.converters = map[string]*markdown.Converter{}
		hl := markdown.NewHighlighter() // a code block is the same in every language
		for _, l := range c.Site.Languages {
			c.converters[l.Code] = markdown.New(markdown.Options{Lang: l.Code, Highlighter: hl})
		}
	})
	return c.converters[lang]
}

// ForEach runs fn on every item with a bounded pool of workers, stopping
// early when ctx is cancelled. Errors are collected, not fatal to others.
func ForEach[T any](ctx context.Context, workers int, items []T, fn func(T) error) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	work := make(chan T)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var errs []error
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range work {
				if err := fn(it); err != nil {
					mu.Lock()
					errs = append(errs, err)
					mu.Unlock()
				}
			}
		}()
	}
	var err error
feed:
	for _, it := range items {
		select {
		case <-ctx.Done():
			err = ctx.Err()
			break feed
		case work <- it:
		}
	}
	close(work)
	wg.Wait()
	if err != nil {
		return err
	}
	return errors.Join(errs...)
}

// Wants tells whether the build writes the output file rel (see Only).
func (c *Context) Wants(rel string) bool {
	return c.Preview.Only == nil || c.Preview.Only(rel)
}

// WriteFile writes data at rel (slash-separated, below Dest).
func (c *Context) WriteFile(rel string, data []byte) error {
	p := c.OutPath(rel)
	if err := c.mkdirAll(filepath.Dir(p)); err != nil {
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	if err := fileio.WriteFile(p, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", rel, err)
	}
	// Every builder writes here: the one place to count pages and books.
	c.Progress.CountFile(rel)
	return nil
}

// mkdirAll makes the output folder dir, remembering the folders made:
// most files go into a folder another file of the build made already.
func (c *Context) mkdirAll(dir string) error {
	if _, ok := c.dirs.Load(dir); ok {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	c.dirs.Store(dir, true)
	return nil
}

// OutPath is the file path of an output path such as "/en/tags/index.html".
func (c *Context) OutPath(rel string) string {
	rel = strings.TrimPrefix(path.Clean("/"+rel), "/")
	return filepath.Join(c.Dest, filepath.FromSlash(rel))
}

// Publish puts the file src at rel: a hard link when the file system
// allows it (cheap; safe because builds only ever write new files, never
// into existing ones), a copy otherwise.
func (c *Context) Publish(src, rel string) error {
	dst := c.OutPath(rel)
	if err := c.mkdirAll(filepath.Dir(dst)); err != nil {
		return fmt.Errorf("publishing %s: %w", rel, err)
	}
	err := os.Link(src, dst)
	if errors.Is(err, os.ErrExist) {
		// A file already there (a theme asset the site's static/
		// overrides) is replaced.
		if err := os.Remove(dst); err != nil {
			return fmt.Errorf("publishing %s: %w", rel, err)
		}
		err = os.Link(src, dst)
	}
	if err == nil {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return fmt.Errorf("publishing %s: %w", rel, err)
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("publishing %s: %w", rel, err)
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return fmt.Errorf("publishing %s: %w", rel, err)
	}
	return out.Close()
}

// PagePath is the output path of a page's folder, with language prefix.
func (c *Context) PagePath(p *site.Page) string {
	return c.Site.Langs[p.Lang].Language.Prefix + p.Path
}

// Download is a file offered beside a page.
type Download struct {
	Kind string // epub, pdf, a4-booklet, letter-booklet
	URL  string
	Size int64
}

// Downloads records the downloadable files written for each page.
type Downloads struct {
	mu     sync.Mutex
	byPage map[*site.Page][]Download
}

var downloadOrder = map[string]int{"epub": 0, "pdf": 1, "a4-booklet": 2, "letter-booklet": 3}

// Add records a file written for p.
func (d *Downloads) Add(p *site.Page, dl Download) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.byPage == nil {
		d.byPage = map[*site.Page][]Download{}
	}
	l := append(d.byPage[p], dl)
	sort.SliceStable(l, func(i, j int) bool { return downloadOrder[l[i].Kind] < downloadOrder[l[j].Kind] })
	d.byPage[p] = l
}

// For lists what was written for p, in a fixed order.
func (d *Downloads) For(p *site.Page) []Download {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]Download(nil), d.byPage[p]...)
}
