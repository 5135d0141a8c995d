package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/communs/communs/internal/testutil"
)

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

func TestCheckCLI(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1800000000")
	t.Setenv("XDG_CACHE_HOME", t.TempDir()) // (not the user's link cache)
	dest := filepath.Join(t.TempDir(), "public")
	if code, _, errs := runCLI(t, "build", "--quiet", "--source", testutil.RepoRoot(), "--dest", dest); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, errs)
	}
	code, out, errs := runCLI(t, "check", "--source", testutil.RepoRoot(), "--dest", dest)
	if code != 0 || !strings.Contains(out, "communs check:") || !strings.Contains(out, "0 error(s)") {
		t.Errorf("the sample site: exit %d\n%s%s", code, out, errs)
	}

	// A site with a broken link, an external one and a missing page.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/ok" {
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "site.toml"), []byte("title = \"T\"\nbaseURL = \"https://t.example/\"\n"), 0o644)
	os.MkdirAll(filepath.Join(src, "content", "articles", "a"), 0o755)
	os.WriteFile(filepath.Join(src, "content", "articles", "a", "index.md"), []byte(fmt.Sprintf(
		"+++\ntitle = \"A\"\ndate = 2024-01-02\n+++\n\nUn [lien](../absent/).\n\n[Dehors](%s/ok), [absent](%s/gone).\n", srv.URL, srv.URL)), 0o644)
	dest = filepath.Join(t.TempDir(), "public")
	if code, _, errs := runCLI(t, "build", "--quiet", "--source", src, "--dest", dest); code != 0 {
		t.Fatalf("build: exit %d\n%s", code, errs)
	}
	code, out, _ = runCLI(t, "check", "--source", src, "--dest", dest)
	if code != 1 || !strings.Contains(out, `content/articles/a/index.md:6: error: link "../absent/" goes to /2024/01/02/absent/, which is not in the built site`) || strings.Contains(out, "/gone") {
		t.Errorf("broken link: exit %d\n%s", code, out)
	}
	// Only the test server is asked; the theme's link to the licence
	// gets a made-up answer.
	checkClient = &http.Client{Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		if r.URL.Hostname() == "127.0.0.1" {
			return http.DefaultTransport.RoundTrip(r)
		}
		return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Request: r, Header: http.Header{}}, nil
	})}
	defer func() { checkClient = nil }()
	cache := filepath.Join(t.TempDir(), "links.json")
	code, out, _ = runCLI(t, "check", "--external", "--cache", cache, "--format", "json", "--source", src, "--dest", dest)
	var rep struct {
		Errors   int `json:"errors"`
		External int `json:"external"`
		Findings []struct {
			File, Kind, Message string
			Line                int
		} `json:"findings"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("--format json: %v\n%s", err, out)
	}
	if code != 1 || rep.Errors != 2 || rep.External != 3 {
		t.Errorf("--external: exit %d, %+v", code, rep)
	}
	found := false
	for _, f := range rep.Findings {
		if f.Kind == "external" && f.File == "content/articles/a/index.md" && f.Line == 8 && strings.Contains(f.Message, "404") {
			found = true
		}
	}
	if !found {
		t.Errorf("the broken external link is not reported at its line: %+v", rep.Findings)
	}
	if _, err := os.Stat(cache); err != nil {
		t.Errorf("no cache of external links: %v", err)
	}

	for _, args := range [][]string{{"check", "--format", "xml"}, {"check", "extra"}, {"check", "--nope"}} {
		if code, _, _ := runCLI(t, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, errs := runCLI(t, "check", "--source", src, "--dest", filepath.Join(t.TempDir(), "none")); code != 1 || !strings.Contains(errs, "communs build first") {
		t.Errorf("no built site: exit %d, %q", code, errs)
	}
}
