package server

import (
	"bytes"
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

// TestEditsLatencySample measures each kind of edit on the sample site:
// a title or a body edit patches the page in place, every edit is served.
func TestEditsLatencySample(t *testing.T) {
	src := copySample(t)
	edits := []Edit{EditBody, EditTitle, EditTags, EditDate}
	ls, err := MeasureEdits(context.Background(), src, filepath.Join(src, "content/articles/espaces-fines/index.fr.md"), edits, 3, EditOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range ls {
		t.Logf("sample site: %s", l)
		if l.Edit != edits[i] || l.Saves != 3 || len(l.SaveToEvent) != 3 {
			t.Errorf("%s: %d saves, %d events", l.Edit, l.Saves, len(l.SaveToEvent))
		}
		if served := len(l.SaveToServed); (l.Edit == EditDate) != (served == 0) {
			t.Errorf("%s: %d served", l.Edit, served)
		}
		for _, m := range l.Modes {
			if (l.Edit == EditTitle || l.Edit == EditBody) && m != "page" {
				t.Errorf("a %s edit made a %s rebuild", l.Edit, m)
			}
		}
	}
}

func TestEditText(t *testing.T) {
	orig := []byte("+++\ntitle = \"Un titre\"\ndate = 2026-11-09\n+++\n\nUn paragraphe.\n")
	for _, kind := range []Edit{EditTitle, EditBody, EditTags, EditDate} {
		for n := 1; n <= 2; n++ {
			got, mark, err := EditText(orig, kind, n)
			if err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			if bytes.Equal(got, orig) || !bytes.Contains(got, []byte(mark)) {
				t.Errorf("%s %d: %q (mark %q)", kind, n, got, mark)
			}
		}
	}
	got, _, _ := EditText(orig, EditTags, 1)
	if !bytes.Contains(got, []byte("title = \"Un titre\"\ntags = [\"Essai1\"]\ndate")) {
		t.Errorf("a tags line added: %q", got)
	}
	got, _, _ = EditText(got, EditTags, 2)
	if !bytes.Contains(got, []byte(`tags = ["Essai2", "Essai1"]`)) {
		t.Errorf("a tag added: %q", got)
	}
	if got, _, _ := EditText(orig, EditDate, 9); !bytes.Contains(got, []byte("date = 2026-10-31\n")) {
		t.Errorf("a date edit: %q", got)
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

// TestImageEditServed saves other pictures over the image an article
// shows: each is served, the page with the picture's new width, and the
// picture is put back at the end.
func TestImageEditServed(t *testing.T) {
	src := copySample(t)
	picture := filepath.Join(src, "content/articles/bienvenue/colline.png")
	before, err := os.ReadFile(picture)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := MeasureEdits(context.Background(), src, filepath.Join(src, "content/articles/bienvenue/index.fr.md"), []Edit{EditImage, EditBody}, 3, EditOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		t.Logf("sample site: %s", l)
		if l.Saves != 3 || len(l.SaveToServed) != 3 {
			t.Errorf("%s: %d saves, %d served", l.Edit, l.Saves, len(l.SaveToServed))
		}
	}
	after, err := os.ReadFile(picture)
	if err != nil || !bytes.Equal(before, after) {
		t.Errorf("the picture was not put back (%v)", err)
	}
}
