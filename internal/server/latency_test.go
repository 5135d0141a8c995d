package server

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/communs/communs/internal/corpusgen"
	"github.com/communs/communs/internal/testutil"
)

// TestReloadLatencySample measures save → reload event on the sample site.
func TestReloadLatencySample(t *testing.T) {
	src := copySample(t)
	for _, inPlace := range []bool{false, true} {
		l, err := MeasureReload(context.Background(), src, filepath.Join(src, "content/articles/espaces-fines/index.fr.md"), 10, inPlace)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("sample site, %s: %s", saveKind(inPlace), l)
		for _, m := range l.Modes {
			if m != "page" {
				t.Errorf("a title edit made a %s rebuild", m)
			}
		}
	}
}

// corpusSite generates a copy of the shared corpus with n page bundles and
// returns it with the Markdown file of one article.
func corpusSite(tb testing.TB, n int) (string, string) {
	tb.Helper()
	corpus := testutil.Corpus(tb)
	dir := filepath.Join(tb.TempDir(), "site")
	if _, err := corpusgen.Generate(corpus, dir, n, 1); err != nil {
		tb.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "content", corpusgen.Section, "*", "index.*.md"))
	if len(files) == 0 {
		tb.Fatal("no article in the generated site")
	}
	sort.Strings(files)
	return dir, files[len(files)/2]
}

// TestReloadLatencyCorpus measures save → reload event on a 5,000-bundle
// copy of the corpus (COMMUNS_RELOAD_BENCH=1; its first build takes a while).
func TestReloadLatencyCorpus(t *testing.T) {
	if os.Getenv("COMMUNS_RELOAD_BENCH") == "" {
		t.Skip("skipped: set COMMUNS_RELOAD_BENCH=1 to measure reloads on 5,000 bundles (or run the benchmarks)")
	}
	src, file := corpusSite(t, 5000)
	for _, inPlace := range []bool{false, true} {
		l, err := MeasureReload(context.Background(), src, file, 20, inPlace)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("5,000 bundles, %s: %s", saveKind(inPlace), l)
	}
}

func saveKind(inPlace bool) string {
	if inPlace {
		return "saved in place"
	}
	return "saved atomically"
}

func benchReload(b *testing.B, src, file string) {
	l, err := MeasureReload(context.Background(), src, file, b.N, false)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(ms(l.Median()), "ms-median")
	b.ReportMetric(ms(l.P90()), "ms-p90")
	b.ReportMetric(ms(l.BuildMedian()), "ms-build")
	b.Logf("%s", l)
}

// BenchmarkReloadSample: one op is a save, timed to its reload event.
func BenchmarkReloadSample(b *testing.B) {
	src := copySample(b)
	benchReload(b, src, filepath.Join(src, "content/articles/espaces-fines/index.fr.md"))
}

// BenchmarkReload5000: the same on a 5,000-bundle copy of the corpus.
func BenchmarkReload5000(b *testing.B) {
	src, file := corpusSite(b, 5000)
	benchReload(b, src, file)
}
