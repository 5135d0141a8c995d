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

// A build whose stderr is a file (a CI log) writes no status line: no
// carriage return, no escape sequence, on either stream.
func TestBuildNoProgressWhenNotTerminal(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1800000000")
	t.Setenv("TERM", "xterm-256color")
	logFile, err := os.Create(filepath.Join(t.TempDir(), "build.log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	var out bytes.Buffer
	dest := filepath.Join(t.TempDir(), "public")
	code := run(context.Background(), []string{"build", "--verbose", "--source", testutil.RepoRoot(), "--dest", dest}, &out, logFile)
	errs, err := os.ReadFile(logFile.Name())
	if err != nil {
		t.Fatal(err)
	}
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errs)
	}
	for name, s := range map[string]string{"stdout": out.String(), "stderr": string(errs)} {
		if strings.ContainsAny(s, "\r\x1b") {
			t.Errorf("%s holds a carriage return or an escape sequence: %q", name, s)
		}
	}
	// --verbose: one line per builder, with its time.
	for _, b := range []string{"render", "epub", "pdf", "impose", "html", "feed", "translations"} {
		if !strings.Contains(string(errs), "communs: "+b+" took ") {
			t.Errorf("--verbose: no time for %s in %q", b, errs)
		}
	}
	if !strings.Contains(out.String(), "built") {
		t.Errorf("no summary line: %q", out.String())
	}
}

func TestBuildQuiet(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1800000000")
	code, out, errs := runCLI(t, "build", "--quiet", "--source", testutil.RepoRoot(), "--dest", filepath.Join(t.TempDir(), "public"))
	if code != 0 || out != "" || strings.Contains(errs, " took ") {
		t.Errorf("--quiet: exit %d, stdout %q, stderr %q; want 0 and nothing but problems", code, out, errs)
	}
}

func TestStartProgress(t *testing.T) {
	ctx := context.Background()
	t.Setenv("TERM", "xterm")
	if m := startProgress(ctx, &bytes.Buffer{}, false); m != nil {
		m.Stop()
		t.Error("a line for a buffer")
	}
	logFile, err := os.Create(filepath.Join(t.TempDir(), "log"))
	if err != nil {
		t.Fatal(err)
	}
	defer logFile.Close()
	if m := startProgress(ctx, logFile, false); m != nil {
		m.Stop()
		t.Error("a line for a log file")
	}
	// /dev/null is a character device, as a terminal is.
	tty, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer tty.Close()
	if m := startProgress(ctx, tty, true); m != nil {
		m.Stop()
		t.Error("a line with --quiet")
	}
	m := startProgress(ctx, tty, false)
	if m == nil {
		t.Error("no line for a character device")
	}
	m.Stop()
	t.Setenv("TERM", "dumb")
	if m := startProgress(ctx, tty, false); m != nil {
		m.Stop()
		t.Error("a line with TERM=dumb")
	}
}
