package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/communs/communs/internal/testutil"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestBuildSampleSiteCLI(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1800000000") // 2027: every sample page is published
	dest := filepath.Join(t.TempDir(), "public")
	code, out, errs := runCLI(t, "build", "--source", testutil.RepoRoot(), "--dest", dest)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "built") || !strings.Contains(out, dest) {
		t.Errorf("no summary line: %q", out)
	}
	if _, err := os.Stat(filepath.Join(dest, "index.html")); err != nil {
		t.Error(err)
	}
}

func TestCLIErrors(t *testing.T) {
	if code, _, errs := runCLI(t, "frobnicate"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Errorf("unknown command: exit %d, %q", code, errs)
	}
	if code, _, _ := runCLI(t); code != 2 {
		t.Errorf("no command: exit %d, want 2", code)
	}
	if code, out, _ := runCLI(t, "version"); code != 0 || !strings.HasPrefix(out, "communs ") {
		t.Errorf("version: exit %d, %q", code, out)
	}
	if code, _, _ := runCLI(t, "build", "--no-such-flag"); code != 2 {
		t.Errorf("bad flag: exit %d, want 2", code)
	}
	empty := t.TempDir()
	if code, _, errs := runCLI(t, "build", "--source", empty); code != 1 || !strings.Contains(errs, "no site.toml") {
		t.Errorf("no site.toml: exit %d, %q", code, errs)
	}
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "site.toml"), []byte("title = \"T\"\nbaseURL = \"https://t.example/\"\n"), 0o644)
	os.MkdirAll(filepath.Join(src, "content", "articles", "a"), 0o755)
	os.WriteFile(filepath.Join(src, "content", "articles", "a", "index.md"), []byte("+++\ntitle = \"A\"\ndate = 2024-01-01\ntags = 3\n+++\nx\n"), 0o644)
	code, _, errs := runCLI(t, "build", "--source", src, "--dest", filepath.Join(t.TempDir(), "o"))
	if code != 1 || !strings.Contains(errs, "content/articles/a/index.md:4: error: tags must be a list of strings") || !strings.Contains(errs, "build failed") {
		t.Errorf("bad front matter: exit %d, %q", code, errs)
	}
	// --strict turns warnings into a failure.
	os.WriteFile(filepath.Join(src, "content", "articles", "a", "index.md"), []byte("+++\ntitle = \"A\"\ndate = 2024-01-01\nlicense = \"WTFPL-9\"\n+++\nx\n"), 0o644)
	if code, _, errs := runCLI(t, "build", "--source", src, "--dest", filepath.Join(t.TempDir(), "o")); code != 0 {
		t.Errorf("a warning alone must not fail the build: exit %d, %q", code, errs)
	}
	if code, _, errs := runCLI(t, "build", "--strict", "--source", src, "--dest", filepath.Join(t.TempDir(), "o")); code != 1 || !strings.Contains(errs, "--strict") {
		t.Errorf("--strict with a warning: exit %d, %q", code, errs)
	}
}
