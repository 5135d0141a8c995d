package server

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"

	"github.com/communs/communs/internal/site"
)

// watchedDirs are the folders of a site whose changes rebuild it; site.toml
// is watched through the source folder itself.
var watchedDirs = []string{"content", "themes", "layouts", "static", "i18n", "config"}

// watcher watches a site's sources, folders created later included, and
// sends the changed paths in batches: the events of a burst (an editor's
// save: a temporary file written, then renamed over the page) make one
// batch.
type watcher struct {
	src string
	fsw *fsnotify.Watcher
	out chan []string
	// quiet is how long a batch waits for more events after a write;
	// settle after an event that ends a save (a file renamed into place,
	// created whole, removed).
	quiet, settle time.Duration
	// maxWait bounds a batch under a continuous stream of events.
	maxWait time.Duration

	mu      sync.Mutex
	watched map[string]bool
	errs    chan error
}

func newWatcher(src string, quiet time.Duration) (*watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w := &watcher{src: src, fsw: fsw, out: make(chan []string, 1), quiet: quiet, settle: quiet / 5, maxWait: 20 * quiet,
		watched: map[string]bool{}, errs: make(chan error, 1)}
	if w.settle < 5*time.Millisecond {
		w.settle = min(quiet, 5*time.Millisecond)
	}
	if err := w.add(src); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, d := range watchedDirs {
		if _, err := w.addTree(filepath.Join(src, d)); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	return w, nil
}

func (w *watcher) add(dir string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.watched[dir] {
		return nil
	}
	if err := w.fsw.Add(dir); err != nil {
		return err
	}
	w.watched[dir] = true
	return nil
}

// addTree watches dir and every folder below it, and returns the files it
// holds (a folder moved in brings its files).
func (w *watcher) addTree(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil
			}
			return err
		}
		if p != dir && site.Ignored(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if err := w.add(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err
			}
		} else {
			files = append(files, p)
		}
		return nil
	})
	return files, err
}

// forget stops watching dir and the folders below it (moved away).
func (w *watcher) forget(dir string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for d := range w.watched {
		if d == dir || strings.HasPrefix(d, dir+string(filepath.Separator)) {
			_ = w.fsw.Remove(d)
			delete(w.watched, d)
		}
	}
}

// relevant tells whether a path is a source of the site.
func (w *watcher) relevant(p string) bool {
	rel, err := filepath.Rel(w.src, p)
	if err != nil || rel == "." || strings.HasPrefix(rel, "..") {
		return false
	}
	parts := strings.Split(filepath.ToSlash(rel), "/")
	if site.IsConfigFile(filepath.ToSlash(rel)) {
		return true // site.toml, or a Hugo site's configuration
	}
	top := false
	for _, d := range watchedDirs {
		if parts[0] == d {
			top = true
		}
	}
	if !top {
		return false
	}
	return !site.Ignored(parts[len(parts)-1])
}

// run turns events into batches until ctx ends or the watcher is closed.
func (w *watcher) run(ctx context.Context) {
	defer close(w.out)
	pending := map[string]bool{} // path → created in this batch
	var first time.Time
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	flush := func() {
		if len(pending) == 0 {
			return
		}
		batch := make([]string, 0, len(pending))
		for p, created := range pending {
			if created {
				if _, err := os.Lstat(p); err != nil {
					continue // an editor's temporary file, come and gone
				}
			}
			batch = append(batch, p)
		}
		sort.Strings(batch)
		pending = map[string]bool{}
		if len(batch) == 0 {
			return
		}
		select {
		case w.out <- batch:
		case <-ctx.Done():
		}
	}
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			select {
			case w.errs <- err:
			default:
			}
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			wait := w.handle(ev, pending)
			if wait == 0 {
				continue
			}
			now := time.Now()
			if len(pending) > 0 && first.IsZero() {
				first = now
			}
			if !first.IsZero() && now.Add(wait).Sub(first) > w.maxWait {
				wait = max(0, w.maxWait-now.Sub(first))
			}
			timer.Reset(wait)
		case <-timer.C:
			first = time.Time{}
			flush()
		}
	}
}

// handle records an event and returns how long to wait for more, or 0
// when the event is of no interest.
func (w *watcher) handle(ev fsnotify.Event, pending map[string]bool) time.Duration {
	p := ev.Name
	switch {
	case ev.Has(fsnotify.Create):
		st, err := os.Lstat(p)
		if err == nil && st.IsDir() {
			if !w.relevant(p) {
				return 0
			}
			files, _ := w.addTree(p)
			for _, f := range files {
				if w.relevant(f) {
					mark(pending, f, true)
				}
			}
			mark(pending, p, true)
			return w.settle
		}
		if !w.relevant(p) {
			return 0
		}
		mark(pending, p, true)
		if err == nil && st.Size() > 0 {
			return w.settle // renamed into place, or copied whole
		}
		return w.quiet // an empty new file: its text comes next
	case ev.Has(fsnotify.Remove), ev.Has(fsnotify.Rename):
		w.forget(p)
		if !w.relevant(p) {
			return 0
		}
		mark(pending, p, false)
		return w.settle
	case ev.Has(fsnotify.Write):
		if !w.relevant(p) {
			return 0
		}
		mark(pending, p, false)
		return w.quiet
	case ev.Has(fsnotify.Chmod):
		return 0
	}
	return 0
}

// mark records a changed path; created tells that its first event in the
// batch made it, so that it did not exist before (and is dropped if it is
// gone again at the end: an editor's temporary file).
func mark(pending map[string]bool, p string, created bool) {
	if _, ok := pending[p]; !ok {
		pending[p] = created
	}
}

func (w *watcher) Close() error { return w.fsw.Close() }
