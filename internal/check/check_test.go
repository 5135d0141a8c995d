package check

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/communs/communs/internal/build"
	"github.com/communs/communs/internal/testutil"
)

var now = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

func write(t *testing.T, root, rel, text string) {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// built builds src into a fresh folder and returns it with the model.
func built(t *testing.T, src string) (*build.Result, string) {
	t.Helper()
	dest := filepath.Join(t.TempDir(), "public")
	res, err := build.Run(context.Background(), build.Options{Source: src, Dest: dest, Now: now})
	if err != nil {
		var b strings.Builder
		if res != nil {
			res.Diags.Print(&b)
		}
		t.Fatalf("build: %v\n%s", err, b.String())
	}
	return res, dest
}

func reportText(r *Report) string {
	var b strings.Builder
	r.WriteText(&b)
	return b.String()
}

// brokenSite has one problem of each kind.
func brokenSite(t *testing.T) string {
	src := t.TempDir()
	write(t, src, "site.toml", `title = "T"
baseURL = "https://t.example/blog/"
[languages.fr]
[[languages.fr.menu]]
name = "Nulle part"
url = "/nulle-part/"
[languages.en]
`)
	write(t, src, "content/articles/a/index.md", `+++
title = "A"
date = 2024-01-02
+++

Vers [B](../b/), qui est publiée un autre jour.

Une [ancre absente](#absente) et une [présente](#un-titre).

## Un titre

Une ![photo](photo.png) et une autre ![](autre.png).

Un [lien racine](/blog/absent/) et [B avec une ancre](../b/index.md#nulle).

<p><a href="/blog/brut/">brut</a></p>

`+"```"+`
[pas un lien](../pas-ici/)
`+"```"+`
`)
	write(t, src, "content/articles/a/photo.png", string(tinyPNG))
	write(t, src, "content/articles/a/autre.png", string(tinyPNG))
	write(t, src, "content/articles/b/index.md", "+++\ntitle = \"B\"\ndate = 2024-01-03\n+++\n\nTexte de B.\n")
	write(t, src, "content/articles/c/index.md", "+++\ntitle = \"C\"\ndate = 2024-01-04\n+++\n\nTexte de C.\n")
	return src
}

// tinyPNG is a 1 × 1 PNG.
var tinyPNG = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82")

func TestCheckBrokenSite(t *testing.T) {
	src := brokenSite(t)
	res, dest := built(t, src)
	// What a deploy could lose: an image, a page a feed lists.
	os.Remove(filepath.Join(dest, "2024/01/02/a/photo.png"))
	os.RemoveAll(filepath.Join(dest, "2024/01/04/c"))
	rep, err := Run(context.Background(), Options{Dest: dest, Site: res.Site})
	if err != nil {
		t.Fatal(err)
	}
	out := reportText(rep)
	for _, want := range []string{
		`content/articles/a/index.md:6: error: link "../b/" goes to /blog/2024/01/02/b/, which is not in the built site (in 2024/01/02/a/index.html and 4 other file(s))`,
		`content/articles/a/index.md:8: error: link "#absente" goes to /blog/2024/01/02/a/#absente, which has no element with id "absente"`,
		`content/articles/a/index.md:12: error: image "photo.png" goes to /blog/2024/01/02/a/photo.png, which is not in the built site`,
		`content/articles/a/index.md:12: warning: image "autre.png" has no alternative text for readers who cannot see it`,
		`content/articles/a/index.md:14: error: link "/blog/absent/" goes to /blog/absent/, which is not in the built site`,
		`content/articles/a/index.md:14: error: link "../b/index.md#nulle" goes to /blog/2024/01/03/b/#nulle, which has no element with id "nulle"`,
		`content/articles/a/index.md:16: error: link "/blog/brut/" goes to /blog/brut/, which is not in the built site`,
		// A link of the theme's menu, set in site.toml: once, for all pages.
		`site.toml:6: error: link "/nulle-part/" goes to /blog/nulle-part/, which is not in the built site (in 2024/01/02/a/index.html and `,
		// The feeds list C, which is gone.
		`content/articles/c/index.md: error: feed link "/blog/2024/01/04/c/" goes to /blog/2024/01/04/c/, which is not in the built site (in articles/atom.xml and `,
		// The lists that link C too.
		`content/articles/c/index.md: error: link "/blog/2024/01/04/c/" goes to /blog/2024/01/04/c/, which is not in the built site (in archives/2024/index.html and `,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks\n%s\n in:\n%s", want, out)
		}
	}
	for _, not := range []string{"#un-titre", "pas-ici", "en/404.html"} {
		if strings.Contains(out, not) {
			t.Errorf("the report names %q:\n%s", not, out)
		}
	}
	if !rep.Failed() || rep.Warnings != 1 || rep.Pages == 0 || rep.Feeds == 0 || rep.Links == 0 {
		t.Errorf("report: %d errors, %d warnings, %d pages, %d feeds, %d links", rep.Errors, rep.Warnings, rep.Pages, rep.Feeds, rep.Links)
	}
	var js bytes.Buffer
	if err := rep.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal(js.Bytes(), &back); err != nil {
		t.Fatalf("JSON: %v\n%s", err, js.String())
	}
	if back.Errors != rep.Errors || len(back.Findings) != len(rep.Findings) || back.Findings[0].File == "" || len(back.Findings[0].Pages) == 0 {
		t.Errorf("JSON round trip: %+v", back)
	}
	// The same report twice: the order is stable.
	again, _ := Run(context.Background(), Options{Dest: dest, Site: res.Site, Workers: 1})
	if reportText(again) != out {
		t.Errorf("two checks differ:\n%s\n---\n%s", out, reportText(again))
	}
}

// TestCheckWithoutModel reports output files when there is no model.
func TestCheckWithoutModel(t *testing.T) {
	res, dest := built(t, brokenSite(t))
	rep, err := Run(context.Background(), Options{Dest: dest, Base: res.Site.Config.Base})
	if err != nil {
		t.Fatal(err)
	}
	if out := reportText(rep); !strings.Contains(out, `2024/01/02/a/index.html: error: link "/blog/2024/01/02/b/" goes to`) && !strings.Contains(out, `2024/01/02/a/index.html: error: link "/blog/2024/01/02/b/`) {
		t.Errorf("output files not named:\n%s", out)
	}
	if _, err := Run(context.Background(), Options{Dest: filepath.Join(t.TempDir(), "none"), Base: res.Site.Config.Base}); err == nil || !strings.Contains(err.Error(), "communs build") {
		t.Errorf("no built site: %v", err)
	}
}

// TestCheckSampleSite: the repository's sample site and, when present,
// the shared corpus have no broken link.
func TestCheckSampleSite(t *testing.T) {
	roots := []string{testutil.RepoRoot()}
	if corpus := filepath.Join(testutil.RepoRoot(), "..", "shared", "corpus"); fileExists(filepath.Join(corpus, "site.toml")) {
		roots = append(roots, corpus)
	}
	for _, root := range roots {
		res, dest := built(t, root)
		rep, err := Run(context.Background(), Options{Dest: dest, Site: res.Site})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Failed() || rep.Links < 100 {
			t.Errorf("%s: %d links, %d errors:\n%s", root, rep.Links, rep.Errors, reportText(rep))
		}
		// Every warning is one the build gave too, at the same place.
		for _, f := range rep.Findings {
			if f.Kind == KindAlt && !strings.Contains(diagText(res), fmt.Sprintf("%s:%d: warning: image", f.File, f.Line)) {
				t.Errorf("%s: the check's %s has no match in the build's warnings", root, f)
			}
		}
	}
}

func diagText(res *build.Result) string {
	var b strings.Builder
	res.Diags.Print(&b)
	return b.String()
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// linkServer answers as the sites of the external test do, and records
// how it was asked.
type linkServer struct {
	*httptest.Server
	mu       sync.Mutex
	hits     map[string]int
	agents   map[string]bool
	inFlight atomic.Int32
	peak     atomic.Int32
}

func newLinkServer(t *testing.T) *linkServer {
	s := &linkServer{hits: map[string]int{}, agents: map[string]bool{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		for p := s.peak.Load(); n > p && !s.peak.CompareAndSwap(p, n); p = s.peak.Load() {
		}
		s.mu.Lock()
		s.hits[r.Method+" "+r.URL.Path]++
		s.agents[r.UserAgent()] = true
		s.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
		switch {
		case strings.HasPrefix(r.URL.Path, "/ok"):
		case r.URL.Path == "/nohead":
			if r.Method == http.MethodHead {
				w.WriteHeader(http.StatusMethodNotAllowed)
			}
		case r.URL.Path == "/moved":
			http.Redirect(w, r, "/ok-after", http.StatusMovedPermanently)
		case r.URL.Path == "/forbidden":
			w.WriteHeader(http.StatusForbidden)
		case r.URL.Path == "/slow":
			select {
			case <-time.After(3 * time.Second):
			case <-r.Context().Done():
			}
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *linkServer) count(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[key]
}

func TestCheckExternal(t *testing.T) {
	srv := newLinkServer(t)
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Fatalf("the test server is not on 127.0.0.1: %s", srv.URL)
	}
	src := t.TempDir()
	write(t, src, "site.toml", "title = \"T\"\nbaseURL = \"https://t.example/\"\n")
	var links strings.Builder
	for i := 0; i < 6; i++ {
		fmt.Fprintf(&links, "[ok %d](%s/ok%d) ", i, srv.URL, i)
	}
	write(t, src, "content/articles/a/index.md", fmt.Sprintf(`+++
title = "A"
date = 2024-01-02
+++

%s

Absent : [404](%s/absent#section).

Sans HEAD : [nohead](%s/nohead), déplacé : [moved](%s/moved).

Refusé : [403](%s/forbidden), lent : [slow](%s/slow).

Et le même absent : [encore](%s/absent).
`, links.String(), srv.URL, srv.URL, srv.URL, srv.URL, srv.URL, srv.URL))
	res, dest := built(t, src)
	cache := filepath.Join(t.TempDir(), "cache", "links.json")
	// Only the test server is asked: the theme's links to other sites
	// (the licence) get a made-up answer, recorded.
	var mu sync.Mutex
	var elsewhere []string
	client := &http.Client{Timeout: 500 * time.Millisecond, Transport: roundTripper(func(r *http.Request) (*http.Response, error) {
		if r.URL.Hostname() == "127.0.0.1" {
			return http.DefaultTransport.RoundTrip(r)
		}
		mu.Lock()
		elsewhere = append(elsewhere, r.Method+" "+r.URL.String())
		mu.Unlock()
		return &http.Response{StatusCode: http.StatusOK, Body: http.NoBody, Request: r, Header: http.Header{}}, nil
	})}
	opts := Options{Dest: dest, Site: res.Site, External: true, HTTP: HTTPOptions{
		Client: client, Workers: 4, PerHost: 2, CacheFile: cache,
	}}
	rep, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	out := reportText(rep)
	for _, want := range []string{
		`content/articles/a/index.md:8: error: link "` + srv.URL + `/absent#section" is broken: 404 Not Found`,
		`content/articles/a/index.md:14: error: link "` + srv.URL + `/absent" is broken: 404 Not Found`,
		`content/articles/a/index.md:12: warning: link "` + srv.URL + `/forbidden" could not be verified: 403 Forbidden`,
		`content/articles/a/index.md:12: warning: link "` + srv.URL + `/slow" could not be verified: timeout`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks\n%s\nin:\n%s", want, out)
		}
	}
	for _, not := range []string{"/ok", "nohead", "moved"} {
		if strings.Contains(out, srv.URL+"/"+not) {
			t.Errorf("a working link is reported (%s):\n%s", not, out)
		}
	}
	// (The twelfth is the theme's link to the licence.)
	if rep.External != 12 || rep.Errors != 2 || rep.Warnings != 2 {
		t.Errorf("%d external URLs, %d errors, %d warnings; want 12, 2, 2", rep.External, rep.Errors, rep.Warnings)
	}
	if len(elsewhere) != 1 || !strings.Contains(elsewhere[0], "creativecommons.org") {
		t.Errorf("asked for other hosts than the test server's: %v", elsewhere)
	}
	if p := srv.peak.Load(); p > 2 {
		t.Errorf("%d requests at once to one host, want at most 2", p)
	}
	if srv.count("HEAD /absent") != 1 || srv.count("GET /nohead") != 1 {
		t.Errorf("each URL once (HEAD, then GET when HEAD is refused): %v", srv.hits)
	}
	for ua := range srv.agents {
		if ua != DefaultUserAgent {
			t.Errorf("User-Agent %q", ua)
		}
	}
	// A second check asks again only what it could not tell.
	before := map[string]int{}
	srv.mu.Lock()
	for k, v := range srv.hits {
		before[k] = v
	}
	srv.mu.Unlock()
	rep2, err := Run(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if reportText(rep2) != out {
		t.Errorf("the cached check differs:\n%s\n---\n%s", out, reportText(rep2))
	}
	for k, v := range before {
		again := srv.count(k)
		switch {
		case strings.HasSuffix(k, "/slow") || strings.HasSuffix(k, "/forbidden"):
			if again == v {
				t.Errorf("%s: not asked again, though it could not be verified", k)
			}
		case again != v:
			t.Errorf("%s: asked again (%d → %d) despite the cache", k, v, again)
		}
	}
	// Past its time, a working link is asked again.
	opts.HTTP.Now = func() time.Time { return time.Now().Add(8 * 24 * time.Hour) }
	if _, err := Run(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if srv.count("HEAD /ok0") != 2 {
		t.Errorf("a link checked 8 days ago was not asked again: %d", srv.count("HEAD /ok0"))
	}
	// Without External, no request at all.
	n := srv.count("HEAD /ok1")
	opts.External = false
	if _, err := Run(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	if srv.count("HEAD /ok1") != n {
		t.Errorf("a check without External asked the server")
	}
}
