package build

import (
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/communs/communs/internal/corpusgen"
	"github.com/communs/communs/internal/testutil"
)

// cachedAndPlain builds src without a cache and with the cache folder
// cacheDir, checks that both outputs are byte for byte the same, and
// returns the cache's figures for the build that used it.
func cachedAndPlain(t *testing.T, step, src, cacheDir string) (hits, writes int64) {
	t.Helper()
	ctx := context.Background()
	plain := filepath.Join(t.TempDir(), "plain")
	if _, err := Run(ctx, Options{Source: src, Dest: plain, Now: fixedNow}); err != nil {
		t.Fatalf("%s: build without a cache: %v", step, err)
	}
	cached := filepath.Join(t.TempDir(), "cached")
	res, err := Run(ctx, Options{Source: src, Dest: cached, Now: fixedNow, Cache: cacheDir})
	if err != nil {
		t.Fatalf("%s: build with a cache: %v", step, err)
	}
	if err := res.Cache.Err(); err != nil {
		t.Fatalf("%s: %v", step, err)
	}
	sameTree(t, step, cached, plain)
	hits, _, writes = res.Cache.Stats()
	t.Logf("%s: %d entries reused, %d written", step, hits, writes)
	return hits, writes
}

// TestCachedBuildsAreIdentical builds the sample site with and without
// a cache after each of a series of changes, among them changes the
// cache must see though no page's text changes: an image redrawn at the
// same size, a link whose target moved, an interface string, a setting.
func TestCachedBuildsAreIdentical(t *testing.T) {
	t.Parallel() // the heavy tests of the package run side by side
	src := filepath.Join(t.TempDir(), "site")
	os.MkdirAll(src, 0o755)
	copySample(t, src)
	cacheDir := filepath.Join(t.TempDir(), "cache")
	if hits, writes := cachedAndPlain(t, "cold", src, cacheDir); hits != 0 || writes == 0 {
		t.Errorf("cold cache: %d reused, %d written", hits, writes)
	}
	hits, writes := cachedAndPlain(t, "warm", src, cacheDir)
	if hits == 0 || writes != 0 {
		t.Errorf("warm cache: %d reused, %d written; want all reused", hits, writes)
	}
	steps := []struct {
		name   string
		change func()
	}{
		{"a chapter's text", func() {
			edit(t, filepath.Join(src, "content/books/petit-guide/02-traduire.md"), "\n\n", "\n\nUne phrase ajoutée au chapitre.\n\n")
		}},
		{"an image redrawn at the same size", func() {
			redraw(t, filepath.Join(src, "content/articles/publier-un-livre/atelier.png"))
		}},
		{"the target of a link moved", func() {
			edit(t, filepath.Join(src, "content/books/petit-guide/_index.md"), "date = ", "url = \"/guide-du-libre/\"\ndate = ")
		}},
		{"an interface string", func() {
			os.MkdirAll(filepath.Join(src, "i18n"), 0o755)
			os.WriteFile(filepath.Join(src, "i18n", "fr.toml"), []byte("pdf_typeset = \"Composé à la main.\"\n"), 0o644)
		}},
		{"a PDF setting", func() {
			data, _ := os.ReadFile(filepath.Join(src, "site.toml"))
			os.WriteFile(filepath.Join(src, "site.toml"), []byte(string(data)+"\n[pdf]\nfontSize = 11\n"), 0o644)
		}},
	}
	for _, st := range steps {
		st.change()
		if _, writes := cachedAndPlain(t, st.name, src, cacheDir); writes == 0 {
			t.Errorf("%s: nothing built again", st.name)
		}
	}
	// A cache emptied, or damaged, is built again.
	os.RemoveAll(cacheDir)
	cachedAndPlain(t, "deleted cache", src, cacheDir)
	damaged := 0
	filepath.WalkDir(cacheDir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != "CACHEDIR.TAG" {
			if data, err := os.ReadFile(p); err == nil && len(data) > 40 {
				os.WriteFile(p, data[:len(data)-7], 0o644)
				damaged++
			}
		}
		return nil
	})
	if damaged == 0 {
		t.Fatal("no entry in the cache")
	}
	if hits, _ := cachedAndPlain(t, "damaged cache", src, cacheDir); hits != 0 {
		t.Errorf("%d damaged entries reused", hits)
	}
}

// redraw paints a PNG again with other colours, at the same size.
func redraw(t *testing.T, file string) {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(f)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	b := img.Bounds()
	out := image.NewRGBA(b)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			out.Set(x, y, color.RGBA{uint8(x), uint8(y), 200, 255})
		}
	}
	w, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := png.Encode(w, out); err != nil {
		t.Fatal(err)
	}
}

// The corpus: every article, in French and English, with its images and
// links, the same with a cold and a warm cache.
func TestCachedBuildsAreIdenticalCorpus(t *testing.T) {
	t.Parallel() // the heavy tests of the package run side by side
	if testing.Short() {
		t.Skip("skipped in -short mode")
	}
	corpus := testutil.Corpus(t)
	src := filepath.Join(t.TempDir(), "site")
	if _, err := corpusgen.Generate(corpus, src, 40, 1); err != nil {
		t.Fatal(err)
	}
	cacheDir := filepath.Join(t.TempDir(), "cache")
	cachedAndPlain(t, "cold", src, cacheDir)
	if hits, writes := cachedAndPlain(t, "warm", src, cacheDir); hits == 0 || writes != 0 {
		t.Errorf("warm cache: %d reused, %d written", hits, writes)
	}
	files, _ := filepath.Glob(filepath.Join(src, "content", corpusgen.Section, "*", "index.*.md"))
	if len(files) < 4 {
		t.Fatalf("only %d articles", len(files))
	}
	data, _ := os.ReadFile(files[2])
	os.WriteFile(files[2], []byte(strings.TrimRight(string(data), "\n")+"\n\nUn paragraphe de plus.\n"), 0o644)
	if _, writes := cachedAndPlain(t, "one article changed", src, cacheDir); writes != 1 {
		t.Errorf("one article changed: %d entries written, want 1", writes)
	}
}

func TestCacheFolderRefused(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site")
	os.MkdirAll(src, 0o755)
	copySample(t, src)
	for _, dir := range []string{filepath.Join(src, "public", ".cache"), filepath.Join(src, "content", "cache"), filepath.Dir(src)} {
		_, err := Run(context.Background(), Options{Source: src, Now: fixedNow, Cache: dir})
		if err == nil || !strings.Contains(err.Error(), "--cache") {
			t.Errorf("--cache %s: %v", dir, err)
		}
	}
}
