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

// TestHelp: communs help names every command; --help on any of them
// prints its flags and exits 0; a typo is answered with the nearest name.
func TestHelp(t *testing.T) {
	code, out, _ := runCLI(t, "help")
	if code != 0 {
		t.Fatalf("help: exit %d", code)
	}
	for _, c := range commands {
		if !strings.Contains(out, "communs "+c.name) {
			t.Errorf("communs help does not list %q", c.name)
		}
		if c.name == "version" || c.name == "help" {
			continue
		}
		args := append(strings.Fields(c.name), "--help")
		code, hout, herr := runCLI(t, args...)
		if code != 0 || !strings.Contains(hout, "Usage: communs "+c.name) || !strings.Contains(hout, "--source DIR") || herr != "" {
			t.Errorf("%v: exit %d\nstdout: %s\nstderr: %s", args, code, hout, herr)
		}
		if code, hout2, _ := runCLI(t, append([]string{"help"}, strings.Fields(c.name)...)...); code != 0 || hout2 != hout {
			t.Errorf("communs help %s: exit %d, not what --help says:\n%s", c.name, code, hout2)
		}
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"biuld"}, `unknown command "biuld"; did you mean "build"?`},
		{[]string{"serv"}, `did you mean "serve"?`},
		{[]string{"i18n", "stauts"}, `communs i18n: unknown command "stauts"; did you mean "status"?`},
		{[]string{"new", "artcile"}, `did you mean "article"?`},
		{[]string{"build", "--dets", "x"}, "unknown flag --dets; did you mean --dest?"},
		{[]string{"build", "--draft"}, "did you mean --drafts?"},
		{[]string{"serve", "-prot", "8080"}, "did you mean --port?"},
		{[]string{"i18n", "export", "--fromat", "po", "x.md"}, "did you mean --format?"},
		{[]string{"build", "--workers", "many"}, `invalid value "many" for --workers`},
	} {
		code, _, errs := runCLI(t, tc.args...)
		if code != 2 || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, want 2 and %q in:\n%s", tc.args, code, tc.want, errs)
		}
	}
	// Nothing near: no guess.
	if _, _, errs := runCLI(t, "frobnicate"); strings.Contains(errs, "did you mean") {
		t.Errorf("a guess for frobnicate: %s", errs)
	}
}

func TestNearest(t *testing.T) {
	names := []string{"build", "serve", "check", "i18n", "new", "version", "help"}
	for word, want := range map[string]string{
		"build": "build", "biuld": "build", "buidl": "build", "bulid": "build", "buld": "build", "builds": "build",
		"chekc": "check", "verison": "version", "ver": "version", "hlep": "help",
		"xyz": "", "frobnicate": "", "": "", "b": "",
	} {
		if got := nearest(word, names); got != want {
			t.Errorf("nearest(%q) = %q, want %q", word, got, want)
		}
	}
}
