package server

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func newTestWatcher(t *testing.T) (string, *watcher) {
	t.Helper()
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "site.toml"), []byte("title = \"x\"\n"), 0o644)
	os.MkdirAll(filepath.Join(src, "content/articles/a"), 0o755)
	os.WriteFile(filepath.Join(src, "content/articles/a/index.md"), []byte("+++\ntitle = \"a\"\n+++\n"), 0o644)
	w, err := newWatcher(src, 50*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { w.run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); w.Close(); <-done })
	return src, w
}

// batch waits for the next batch of changes, relative to src.
func batch(t *testing.T, src string, w *watcher) []string {
	t.Helper()
	select {
	case b := <-w.out:
		var out []string
		for _, p := range b {
			rel, _ := filepath.Rel(src, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return out
	case <-time.After(5 * time.Second):
		t.Fatal("no batch of changes")
		return nil
	}
}

func noBatch(t *testing.T, w *watcher) {
	t.Helper()
	select {
	case b := <-w.out:
		t.Fatalf("unexpected batch %v", b)
	case <-time.After(300 * time.Millisecond):
	}
}

func TestWatcherSaves(t *testing.T) {
	src, w := newTestWatcher(t)
	page := filepath.Join(src, "content/articles/a/index.md")

	// In place.
	os.WriteFile(page, []byte("+++\ntitle = \"b\"\n+++\n"), 0o644)
	if b := batch(t, src, w); !slices.Equal(b, []string{"content/articles/a/index.md"}) {
		t.Errorf("write in place: %v", b)
	}
	// Atomic: a temporary file renamed over the page (gedit, JetBrains, sed -i).
	tmp := filepath.Join(src, "content/articles/a/.goutputstream-XYZ")
	os.WriteFile(tmp, []byte("+++\ntitle = \"c\"\n+++\n"), 0o644)
	os.Rename(tmp, page)
	if b := batch(t, src, w); !slices.Equal(b, []string{"content/articles/a/index.md"}) {
		t.Errorf("atomic save: %v", b)
	}
	// A temporary file whose name is not hidden, come and gone.
	tmp = filepath.Join(src, "content/articles/a/sedAb12Cd")
	os.WriteFile(tmp, []byte("+++\ntitle = \"d\"\n+++\n"), 0o644)
	os.Rename(tmp, page)
	if b := batch(t, src, w); !slices.Equal(b, []string{"content/articles/a/index.md"}) {
		t.Errorf("sed -i: %v", b)
	}
	// Vim: the page renamed to a backup, a new one written, the backup removed.
	os.Rename(page, page+"~")
	os.WriteFile(page, []byte("+++\ntitle = \"e\"\n+++\n"), 0o644)
	os.Remove(page + "~")
	if b := batch(t, src, w); !slices.Equal(b, []string{"content/articles/a/index.md"}) {
		t.Errorf("vim: %v", b)
	}
	// Editors' own files alone change nothing.
	os.WriteFile(filepath.Join(src, "content/articles/a/.index.md.swp"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(src, "content/articles/a/#index.md#"), []byte("x"), 0o644)
	noBatch(t, w)
	// Files beside the watched folders change nothing either.
	os.WriteFile(filepath.Join(src, "notes.txt"), []byte("x"), 0o644)
	os.MkdirAll(filepath.Join(src, "public"), 0o755)
	os.WriteFile(filepath.Join(src, "public/index.html"), []byte("x"), 0o644)
	noBatch(t, w)
	// site.toml does.
	os.WriteFile(filepath.Join(src, "site.toml"), []byte("title = \"y\"\n"), 0o644)
	if b := batch(t, src, w); !slices.Equal(b, []string{"site.toml"}) {
		t.Errorf("site.toml: %v", b)
	}
}

func TestWatcherFolders(t *testing.T) {
	src, w := newTestWatcher(t)
	// A new folder, and a file in a folder made inside it.
	os.MkdirAll(filepath.Join(src, "content/articles/b/images"), 0o755)
	batch(t, src, w)
	os.WriteFile(filepath.Join(src, "content/articles/b/images/x.png"), []byte("png"), 0o644)
	if b := batch(t, src, w); !slices.Contains(b, "content/articles/b/images/x.png") {
		t.Errorf("file in a new folder: %v", b)
	}
	// A folder moved in from elsewhere brings its files.
	outside := t.TempDir()
	os.MkdirAll(filepath.Join(outside, "c"), 0o755)
	os.WriteFile(filepath.Join(outside, "c/index.md"), []byte("+++\ntitle = \"c\"\n+++\n"), 0o644)
	if err := os.Rename(filepath.Join(outside, "c"), filepath.Join(src, "content/articles/c")); err != nil {
		t.Skipf("cannot move across folders here: %v", err)
	}
	if b := batch(t, src, w); !slices.Contains(b, "content/articles/c/index.md") {
		t.Errorf("folder moved in: %v", b)
	}
	// A folder renamed: the old path goes, the new one is watched.
	os.Rename(filepath.Join(src, "content/articles/c"), filepath.Join(src, "content/articles/d"))
	b := batch(t, src, w)
	if !slices.Contains(b, "content/articles/c") || !slices.Contains(b, "content/articles/d/index.md") {
		t.Errorf("folder renamed: %v", b)
	}
	os.WriteFile(filepath.Join(src, "content/articles/d/index.md"), []byte("+++\ntitle = \"d\"\n+++\n"), 0o644)
	if b := batch(t, src, w); !slices.Equal(b, []string{"content/articles/d/index.md"}) {
		t.Errorf("file in a renamed folder: %v", b)
	}
	// static/ made after the start is watched.
	os.MkdirAll(filepath.Join(src, "static/css"), 0o755)
	batch(t, src, w)
	os.WriteFile(filepath.Join(src, "static/css/x.css"), []byte("a{}"), 0o644)
	if b := batch(t, src, w); !slices.Contains(b, "static/css/x.css") {
		t.Errorf("new static/: %v", b)
	}
}
