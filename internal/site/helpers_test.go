package site

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/communs/communs/internal/diag"
)

// siteTOML is a French site with an English translation, served below a
// base path so that RelPermalink and Path can be told apart.
const siteTOML = `title = "Essai"
baseURL = "https://example.org/blog/"
defaultLanguage = "fr"
timeZone = "Europe/Paris"

[languages.fr]
title = "Essai"
[languages.en]
title = "Test"
`

// tree is a site on disk: slash-separated path → content. A nil site.toml
// entry is replaced by siteTOML.
type tree map[string]string

func writeTree(t *testing.T, files tree) string {
	t.Helper()
	dir := t.TempDir()
	if _, ok := files["site.toml"]; !ok {
		files["site.toml"] = siteTOML
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// testNow is the reference time of the loads: 1 June 2024, noon in Paris.
var testNow = time.Date(2024, 6, 1, 12, 0, 0, 0, mustLoc(nil, "Europe/Paris"))

func loadDir(t *testing.T, dir string, opts Options) (*Site, *diag.List) {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	var d diag.List
	s, err := Load(context.Background(), dir, opts, &d)
	if err != nil {
		t.Fatalf("Load: %v\n%s", err, diagText(&d))
	}
	return s, &d
}

func loadTree(t *testing.T, files tree, opts Options) (*Site, *diag.List) {
	t.Helper()
	return loadDir(t, writeTree(t, files), opts)
}

// md is a TOML front matter file with the given lines, and a body.
func md(lines ...string) string {
	return "+++\n" + strings.Join(lines, "\n") + "\n+++\nCorps du texte.\n"
}

// post is an article with a title and a date.
func post(title, date string, lines ...string) string {
	return md(append([]string{fmt.Sprintf("title = %q", title), "date = " + date}, lines...)...)
}

func diagText(d *diag.List) string {
	var b strings.Builder
	for _, x := range d.Items() {
		b.WriteString("\t" + x.String() + "\n")
	}
	return b.String()
}

// findDiag tells whether d holds a diagnostic of severity sev for file, at
// line (any line when line < 0), whose message holds every phrase.
func findDiag(d *diag.List, sev diag.Severity, file string, line int, phrases ...string) bool {
	for _, x := range d.Items() {
		if x.Severity == sev && x.File == file && (line < 0 || x.Line == line) && containsAll(x.Message, phrases...) {
			return true
		}
	}
	return false
}

func wantError(t *testing.T, d *diag.List, file string, line int, phrases ...string) {
	t.Helper()
	if !findDiag(d, diag.Error, file, line, phrases...) {
		t.Errorf("no error for %s line %d with %q; got:\n%s", file, line, phrases, diagText(d))
	}
}

func wantWarning(t *testing.T, d *diag.List, file string, line int, phrases ...string) {
	t.Helper()
	if !findDiag(d, diag.Warning, file, line, phrases...) {
		t.Errorf("no warning for %s line %d with %q; got:\n%s", file, line, phrases, diagText(d))
	}
}

// wantNoErrors fails on any error; warnings are allowed.
func wantNoErrors(t *testing.T, d *diag.List) {
	t.Helper()
	if e, _ := d.Count(); e > 0 {
		t.Errorf("unexpected errors:\n%s", diagText(d))
	}
}

// wantClean fails on any diagnostic at all.
func wantClean(t *testing.T, d *diag.List) {
	t.Helper()
	if len(d.Items()) > 0 {
		t.Errorf("unexpected diagnostics:\n%s", diagText(d))
	}
}

// pageOf finds the page of a source file (content/...) in any language.
func pageOf(s *Site, file string) *Page {
	for _, ls := range s.Langs {
		for _, p := range ls.All {
			if p.File == file {
				return p
			}
		}
	}
	return nil
}

func mustPage(t *testing.T, s *Site, file string) *Page {
	t.Helper()
	p := pageOf(s, file)
	if p == nil {
		t.Fatalf("no page for %s; pages: %v", file, allFiles(s))
	}
	return p
}

func allFiles(s *Site) []string {
	var out []string
	for _, l := range s.Languages {
		for _, p := range s.Langs[l.Code].All {
			out = append(out, p.File)
		}
	}
	return out
}

func files(ps []*Page) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.File
	}
	return out
}

func staticPaths(s *Site) []string {
	var out []string
	for _, f := range s.Static {
		out = append(out, f.Path)
	}
	return out
}
