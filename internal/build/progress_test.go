package build

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/communs/communs/internal/progress"
	"github.com/communs/communs/internal/testutil"
)

// The meter counts every page and book file a build writes, against the
// totals announced before each kind's work begins; drawn on a terminal,
// the line says so.
func TestBuildCountsProgress(t *testing.T) {
	start := time.Date(2027, 1, 15, 8, 0, 0, 0, time.UTC)
	var out bytes.Buffer
	ticks := make(chan time.Time)
	m := progress.Start(context.Background(), &out, progress.Options{Now: func() time.Time { return start }, Ticks: ticks})
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Run(context.Background(), Options{Source: testutil.RepoRoot(), Dest: dest, Now: time.Unix(1800000000, 0), Progress: m})
	if err != nil {
		var b strings.Builder
		res.Diags.Print(&b)
		t.Fatalf("build: %v\n%s", err, b.String())
	}
	ticks <- start.Add(2 * time.Second) // one drawing, after the build
	m.Stop()

	pages, books := 0, 0
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		switch filepath.Ext(p) {
		case ".html":
			pages++
		case ".epub", ".pdf":
			books++
		}
		return err
	})
	if books == 0 || pages == 0 {
		t.Fatalf("the sample site wrote %d pages and %d book files", pages, books)
	}
	if done, total := m.Count(progress.Pages); done != pages || total != pages {
		t.Errorf("pages: counted %d of %d announced; %d written", done, total, pages)
	}
	if done, total := m.Count(progress.BookFiles); done != books || total != books {
		t.Errorf("book files: counted %d of %d announced; %d written", done, total, books)
	}
	want := fmt.Sprintf("\rbuilding: %d/%d pages · %d/%d book files · 2.0 s\x1b[K\r\x1b[K", pages, pages, books, books)
	if got := out.String(); got != want {
		t.Errorf("drew %q, want %q", got, want)
	}
}
