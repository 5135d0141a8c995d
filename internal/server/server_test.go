package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/build"
	"github.com/communs/communs/internal/testutil"
)

// copySample copies the sample site's sources into a new folder.
func copySample(t testing.TB) string {
	t.Helper()
	dst := t.TempDir()
	root := testutil.RepoRoot()
	for _, name := range []string{"site.toml", "content", "static"} {
		src := filepath.Join(root, name)
		if _, err := os.Stat(src); err != nil {
			continue
		}
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			out := filepath.Join(dst, rel)
			if d.IsDir() {
				return os.MkdirAll(out, 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(out, data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// running is a server started for a test.
type running struct {
	url    string
	srv    *server
	stop   func()
	done   chan error
	out    *syncBuffer
	mu     sync.Mutex
	builds []*build.Update
	built  chan struct{} // a token after each rebuild recorded
}

// waitBuilds returns the rebuilds recorded once there are at least n. The
// event that a page gets is sent before Rebuilt is called: a test that
// saw the event waits here for the record.
func (r *running) waitBuilds(t testing.TB, n int, timeout time.Duration) []*build.Update {
	t.Helper()
	deadline := time.After(timeout)
	for {
		r.mu.Lock()
		if len(r.builds) >= n {
			b := append([]*build.Update(nil), r.builds...)
			r.mu.Unlock()
			return b
		}
		r.mu.Unlock()
		select {
		case <-r.built:
		case <-deadline:
			t.Fatalf("%d rebuild(s) not recorded in %v", n, timeout)
		}
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// start serves src on a free port until the test ends.
func start(t testing.TB, src string, change func(*Options)) *running {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	r := &running{done: make(chan error, 1), out: &syncBuffer{}, built: make(chan struct{}, 1)}
	ready := make(chan string, 1)
	o := Options{Source: src, Port: 0, PortSet: true, Stdout: r.out, Stderr: r.out, Workers: 2,
		Ready: func(u string) { ready <- u },
		Rebuilt: func(_ []string, u *build.Update, _ time.Time) {
			r.mu.Lock()
			r.builds = append(r.builds, u)
			r.mu.Unlock()
			select {
			case r.built <- struct{}{}:
			default: // a token is already waiting
			}
		},
		hook: func(s *server) { r.srv = s },
	}
	if change != nil {
		change(&o)
	}
	go func() { r.done <- Run(ctx, o) }()
	select {
	case r.url = <-ready:
	case err := <-r.done:
		cancel()
		t.Fatalf("serve: %v\n%s", err, r.out.String())
	case <-time.After(30 * time.Second):
		cancel()
		t.Fatal("serve did not start")
	}
	var once sync.Once
	r.stop = func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-r.done:
				if err != nil {
					t.Errorf("serve: %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Error("serve did not stop")
			}
		})
	}
	t.Cleanup(r.stop)
	return r
}

func get(t testing.TB, url string, host string) (int, http.Header, string) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	if host != "" {
		req.Host = host
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// rawGet sends a request line as it is (no cleaning by the client).
func rawGet(t testing.TB, base, target string) (int, string) {
	t.Helper()
	host := strings.TrimPrefix(base, "http://")
	host = strings.TrimSuffix(host, "/")
	conn, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, host)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestHostHeader(t *testing.T) {
	r := start(t, copySample(t), nil)
	port := r.url[strings.LastIndex(r.url, ":")+1 : len(r.url)-1]
	for _, host := range []string{"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST:" + port, "[::1]:" + port, "localhost"} {
		if code, _, _ := get(t, r.url, host); code != 200 {
			t.Errorf("Host %s: %d, want 200", host, code)
		}
	}
	for _, host := range []string{"evil.example:" + port, "evil.example", "127.0.0.1.evil.example:" + port, "localhost.evil.example", "10.0.0.1:" + port} {
		code, h, body := get(t, r.url, host)
		if code != http.StatusForbidden {
			t.Errorf("Host %s: %d, want 403", host, code)
		}
		if strings.Contains(body, "<html") || strings.Contains(body, "communs.css") {
			t.Errorf("Host %s: the site leaked: %.200s", host, body)
		}
		if h.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("Host %s: CORS header", host)
		}
	}
	// HTTP/1.0 without a Host header.
	conn, err := net.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(r.url, "http://"), "/"))
	if err != nil {
		t.Fatal(err)
	}
	fmt.Fprintf(conn, "GET / HTTP/1.0\r\n\r\n")
	resp0, err := http.ReadResponse(bufio.NewReader(conn), nil)
	conn.Close()
	if err != nil || resp0.StatusCode != http.StatusForbidden {
		t.Errorf("no Host: %v %v", err, resp0)
	}
	// No CORS header, whatever the Origin.
	req, _ := http.NewRequest("GET", r.url, nil)
	req.Header.Set("Origin", "https://evil.example")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	for k := range resp.Header {
		if strings.HasPrefix(strings.ToLower(k), "access-control-") {
			t.Errorf("CORS header %s sent", k)
		}
	}
	// Writing methods are refused.
	resp, err = http.Post(r.url, "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
}

func TestTraversal(t *testing.T) {
	src := copySample(t)
	outside := t.TempDir()
	secret := "TOP-SECRET-" + strconv.Itoa(os.Getpid())
	os.WriteFile(filepath.Join(outside, "secret.txt"), []byte(secret), 0o644)
	os.WriteFile(filepath.Join(src, "secret.txt"), []byte(secret), 0o644)
	r := start(t, src, nil)
	root := r.srv.sess.Root()
	// Symbolic links planted in the built site: one to a file outside,
	// one to a folder outside, one to a file inside.
	if err := os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(root, "lien.txt")); err != nil {
		t.Fatal(err)
	}
	os.Symlink(outside, filepath.Join(root, "dehors"))
	os.Symlink(filepath.Join(root, "robots.txt"), filepath.Join(root, "robots-lien.txt"))
	os.Symlink("/etc", filepath.Join(root, "etc"))
	for _, target := range []string{
		"/../secret.txt", "/../../../../etc/passwd", "/%2e%2e/secret.txt", "/%2E%2E/%2e%2e/etc/passwd",
		"/2026/../../secret.txt", "/2026/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
		"/./secret.txt", "/secret.txt", "/..\\secret.txt", "/%5c..%5csecret.txt", "/lien.txt", "/dehors/secret.txt",
		"/dehors/", "/robots-lien.txt", "/etc/passwd", "/%00", "/.%2e/secret.txt", "//secret.txt",
		"/" + filepath.Base(src) + "/secret.txt",
	} {
		code, body := rawGet(t, r.url, target)
		if code != 403 && code != 404 && code != 400 && code != 301 {
			t.Errorf("%s: %d, want 403 or 404", target, code)
		}
		if strings.Contains(body, secret) || strings.Contains(body, "root:x:0") {
			t.Errorf("%s: leaked a file outside the site", target)
		}
		if code == 301 {
			t.Errorf("%s: redirected", target)
		}
	}
	// No listing of folders.
	code, _, body := get(t, r.url+"2026/", "")
	if code != 404 || strings.Contains(body, "11/") && strings.Contains(body, "<pre>") {
		t.Errorf("folder listing: %d %.200s", code, body)
	}
	// A folder without its slash is redirected to itself, never elsewhere.
	code, h, _ := get(t, r.url+"articles", "")
	if code != 301 || h.Get("Location") != "/articles/" {
		t.Errorf("/articles: %d %q", code, h.Get("Location"))
	}
	code, h, _ = get(t, strings.TrimSuffix(r.url, "/")+"//evil.example/", "")
	if loc := h.Get("Location"); strings.HasPrefix(loc, "//") {
		t.Errorf("open redirect: %d %q", code, loc)
	}
	// A missing page gets the language's 404 page, with status 404.
	code, _, body = get(t, r.url+"en/nulle-part/", "")
	if code != 404 || !strings.Contains(body, `lang="en"`) {
		t.Errorf("/en/nulle-part/: %d", code)
	}
}

func TestReloadScriptOnlyServed(t *testing.T) {
	src := copySample(t)
	r := start(t, src, nil)
	code, _, body := get(t, r.url, "")
	if code != 200 || !strings.Contains(body, scriptURL) {
		t.Fatalf("home: %d, no reload script", code)
	}
	if i, j := strings.Index(body, scriptURL), strings.LastIndex(body, "</body>"); i > j {
		t.Error("the script is not before </body>")
	}
	code, h, js := get(t, strings.TrimSuffix(r.url, "/")+scriptURL, "")
	if code != 200 || !strings.Contains(h.Get("Content-Type"), "javascript") || !strings.Contains(js, "EventSource") {
		t.Errorf("reload.js: %d %s", code, h.Get("Content-Type"))
	}
	// CSS and feeds are served as they are.
	if _, _, css := get(t, r.url+"css/communs.css", ""); strings.Contains(css, "__communs") {
		t.Error("script in a stylesheet")
	}
	if _, _, feed := get(t, r.url+"index.xml", ""); strings.Contains(feed, "__communs") || !strings.Contains(feed, "<rss") {
		t.Error("script in a feed")
	}
	// Neither the served folder nor `communs build` have it in their files.
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := build.Run(context.Background(), build.Options{Source: src, Dest: dest}); err != nil {
		t.Fatal(err)
	}
	for _, dir := range []string{r.srv.sess.Root(), dest} {
		n := 0
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				n++
				if data, _ := os.ReadFile(p); bytes.Contains(data, []byte("__communs")) || bytes.Contains(data, []byte("EventSource")) {
					t.Errorf("%s holds the reload script", p)
				}
			}
			return nil
		})
		if n < 20 {
			t.Errorf("%s: only %d files", dir, n)
		}
	}
	// --no-reload: no script.
	r2 := start(t, src, func(o *Options) { o.NoReload = true })
	if _, _, body := get(t, r2.url, ""); strings.Contains(body, scriptURL) {
		t.Error("--no-reload: script injected")
	}
}

// sse reads a server's events.
type sse struct {
	events chan [2]string
	close  func()
}

func subscribeEvents(t testing.TB, url string) *sse {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "GET", strings.TrimSuffix(url, "/")+eventsURL, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("events: %s", ct)
	}
	s := &sse{events: make(chan [2]string, 64), close: func() { cancel(); resp.Body.Close() }}
	go func() {
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		var name string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = line[7:]
			case strings.HasPrefix(line, "data: "):
				s.events <- [2]string{name, line[6:]}
			}
		}
		close(s.events)
	}()
	t.Cleanup(s.close)
	return s
}

func (s *sse) next(t testing.TB, want string, timeout time.Duration) map[string]any {
	t.Helper()
	return s.nextWhere(t, want, timeout, nil)
}

// nextWhere is the next event named want for which match (when set) holds:
// the background builders announce their files at moments of their own,
// and a test waits for the event of the change it made.
func (s *sse) nextWhere(t testing.TB, want string, timeout time.Duration, match func(map[string]any) bool) map[string]any {
	t.Helper()
	deadline := time.After(timeout)
	for {
		select {
		case ev, ok := <-s.events:
			if !ok {
				t.Fatalf("event stream closed while waiting for %s", want)
			}
			if ev[0] != want {
				continue
			}
			var m map[string]any
			json.Unmarshal([]byte(ev[1]), &m)
			if match != nil && !match(m) {
				continue
			}
			return m
		case <-deadline:
			t.Fatalf("no %s event in %v", want, timeout)
		}
	}
}

// save writes a file as editors do: a temporary file renamed over it.
func save(t testing.TB, file string, data []byte) {
	t.Helper()
	tmp := filepath.Join(filepath.Dir(file), "."+filepath.Base(file)+".tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, file); err != nil {
		t.Fatal(err)
	}
}

func replaceIn(t testing.TB, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("%s has no %q", file, old)
	}
	save(t, file, bytes.Replace(data, []byte(old), []byte(new), 1))
}

func TestRebuildAndErrors(t *testing.T) {
	src := copySample(t)
	r := start(t, src, nil)
	ev := subscribeEvents(t, r.url)
	hello := ev.next(t, "hello", 5*time.Second)
	if hello["instance"] != r.srv.instance {
		t.Errorf("hello: %v", hello)
	}
	art := filepath.Join(src, "content/articles/espaces-fines/index.fr.md")
	page := r.url + "2026/11/09/espaces-fines/"

	replaceIn(t, art, `title = "Les espaces fines`, `title = "Les espaces insécables`)
	ev.nextWhere(t, "reload", 30*time.Second, func(m map[string]any) bool {
		return strings.Contains(fmt.Sprint(m["paths"]), "/2026/11/09/espaces-fines/")
	})
	if _, _, body := get(t, page, ""); !strings.Contains(body, "Les espaces insécables") {
		t.Error("the new title is not served")
	}
	builds := r.waitBuilds(t, 1, 30*time.Second)
	if last := builds[len(builds)-1]; last.Mode != "page" {
		t.Errorf("a title edit made a %s rebuild", last.Mode)
	}

	// Broken front matter: errors on every page, the last good site kept.
	replaceIn(t, art, "date = 2026-11-09T08:00:00+01:00", "date = 2026-11-09T08:00:00+01:00\ntags = [\"a\"")
	errs := ev.next(t, "errors", 30*time.Second)
	list, _ := errs["errors"].([]any)
	if len(list) == 0 {
		t.Fatalf("errors event without errors: %v", errs)
	}
	d := list[0].(map[string]any)
	if d["file"] != "content/articles/espaces-fines/index.fr.md" || d["line"] == nil {
		t.Errorf("error without file and line: %v", d)
	}
	for _, u := range []string{page, r.url, r.url + "en/"} {
		code, _, body := get(t, u, "")
		if code != 200 || !strings.Contains(body, `id="communs-overlay"`) || !strings.Contains(body, "content/articles/espaces-fines/index.fr.md:") {
			t.Errorf("%s: %d, no overlay with the error", u, code)
		}
	}
	if _, _, body := get(t, page, ""); !strings.Contains(body, "Les espaces insécables") {
		t.Error("the last good page is not served")
	}
	if !strings.Contains(r.out.String(), "content/articles/espaces-fines/index.fr.md:") {
		t.Errorf("the terminal does not show the error:\n%s", r.out.String())
	}

	// Fixed: the overlay goes with the next reload. (One of the
	// background builders, run on the last good site, may come first.)
	replaceIn(t, art, "\ntags = [\"a\"", "")
	for deadline := time.Now().Add(30 * time.Second); ; {
		ev.next(t, "reload", 30*time.Second)
		if _, _, body := get(t, page, ""); !strings.Contains(body, "communs-overlay") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("overlay still there after the fix")
		}
	}

	// A new folder with an article in it is seen.
	os.MkdirAll(filepath.Join(src, "content/articles/neuf/images"), 0o755)
	time.Sleep(100 * time.Millisecond)
	save(t, filepath.Join(src, "content/articles/neuf/index.fr.md"), []byte("+++\ntitle = \"Tout neuf\"\ndate = 2026-11-19\n+++\n\nBonjour.\n"))
	for deadline := time.Now().Add(30 * time.Second); ; {
		ev.next(t, "reload", 30*time.Second)
		if code, _, body := get(t, r.url+"2026/11/19/neuf/", ""); code == 200 && strings.Contains(body, "Tout neuf") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the new article is not served")
		}
	}
	// A stylesheet: swapped, not reloaded.
	os.MkdirAll(filepath.Join(src, "static/css"), 0o755)
	save(t, filepath.Join(src, "static/css/extra.css"), []byte("body { color: red }\n"))
	ev.next(t, "css", 30*time.Second)
	save(t, filepath.Join(src, "static/css/extra.css"), []byte("body { color: blue }\n"))
	css := ev.next(t, "css", 30*time.Second)
	if !strings.Contains(fmt.Sprint(css["paths"]), "/css/extra.css") {
		t.Errorf("css event: %v", css)
	}
	if _, _, body := get(t, r.url+"css/extra.css", ""); !strings.Contains(body, "blue") {
		t.Error("the new stylesheet is not served")
	}
}

func TestDraftBadge(t *testing.T) {
	src := copySample(t)
	os.MkdirAll(filepath.Join(src, "content/articles/brouillon"), 0o755)
	os.WriteFile(filepath.Join(src, "content/articles/brouillon/index.fr.md"), []byte("+++\ntitle = \"Pas fini\"\ndate = 2026-11-10\ndraft = true\n+++\n\nÀ suivre.\n"), 0o644)
	r := start(t, src, func(o *Options) { o.Drafts = true })
	code, _, body := get(t, r.url+"2026/11/10/brouillon/", "")
	if code != 200 || !strings.Contains(body, `id="communs-draft"`) {
		t.Errorf("draft: %d, no badge", code)
	}
	if _, _, body := get(t, r.url+"2026/11/09/espaces-fines/", ""); strings.Contains(body, `id="communs-draft"`) {
		t.Error("badge on a published page")
	}
	r2 := start(t, src, nil)
	if code, _, _ := get(t, r2.url+"2026/11/10/brouillon/", ""); code != 404 {
		t.Errorf("draft served without --drafts: %d", code)
	}
}

func TestPortInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := ln.Addr().(*net.TCPAddr).Port
	src := copySample(t)
	err = Run(context.Background(), Options{Source: src, Port: port, PortSet: true})
	if err == nil || !strings.Contains(err.Error(), strconv.Itoa(port)) || !strings.Contains(err.Error(), "in use") {
		t.Errorf("port in use: %v", err)
	}
	// Without --port, the next free one.
	r := start(t, src, func(o *Options) { o.Port, o.PortSet = port, false })
	if strings.Contains(r.url, ":"+strconv.Itoa(port)+"/") {
		t.Errorf("served on the taken port: %s", r.url)
	}
}

func TestStopCleansUp(t *testing.T) {
	src := copySample(t)
	r := start(t, src, nil)
	ev := subscribeEvents(t, r.url)
	ev.next(t, "hello", 5*time.Second)
	tmp := r.srv.tmp
	if _, err := os.Stat(tmp); err != nil {
		t.Fatal(err)
	}
	r.stop()
	if _, err := os.Stat(tmp); !os.IsNotExist(err) {
		t.Errorf("%s left behind", tmp)
	}
	if !strings.Contains(r.out.String(), "stopped") {
		t.Errorf("output: %s", r.out.String())
	}
	// The event stream was closed.
	select {
	case _, ok := <-ev.events:
		for ok {
			_, ok = <-ev.events
		}
	case <-time.After(5 * time.Second):
		t.Error("event stream still open")
	}
}

func TestBindWarning(t *testing.T) {
	src := copySample(t)
	r := start(t, src, func(o *Options) { o.Bind = "0.0.0.0" })
	if !strings.Contains(r.out.String(), "warning") {
		t.Errorf("no warning for --bind 0.0.0.0: %s", r.out.String())
	}
	port := r.url[strings.LastIndex(r.url, ":")+1 : len(r.url)-1]
	if code, _, _ := get(t, "http://127.0.0.1:"+port+"/", "evil.example"); code != 403 {
		t.Errorf("--bind 0.0.0.0 answers another Host: %d", code)
	}
}

// slowBuilder stands for the EPUB builder: it takes its time, writes a
// file for the book and records it as a download.
type slowBuilder struct{ delay time.Duration }

func (slowBuilder) Name() string { return "slow" }

func (b slowBuilder) Build(ctx context.Context, c *builders.Context) error {
	select {
	case <-time.After(b.delay):
	case <-ctx.Done():
		return ctx.Err()
	}
	for _, bk := range c.Site.Langs["fr"].Books {
		rel := c.PagePath(bk.Index) + bk.Slug + ".epub"
		data := []byte("not really an EPUB")
		if err := c.WriteFile(rel, data); err != nil {
			return err
		}
		c.Downloads.Add(bk.Index, builders.Download{Kind: "epub", URL: c.Site.RelURL(rel), Size: int64(len(data))})
	}
	return nil
}

func TestBackgroundBuilders(t *testing.T) {
	src := copySample(t)
	r := start(t, src, func(o *Options) {
		o.Builders = []builders.Builder{slowBuilder{delay: 500 * time.Millisecond}}
		hook := o.hook
		o.hook = func(s *server) {
			hook(s)
			// Never on their own: only the request below can start them.
			s.restWait = time.Hour
		}
	})
	// Asked for before it is written: the request starts the builder and
	// waits for it.
	code, _, body := get(t, r.url+"books/petit-guide/petit-guide.epub", "")
	if code != 200 || body != "not really an EPUB" {
		t.Fatalf("the book's file: %d %q", code, body)
	}
	// Then the book's page links it.
	deadline := time.Now().Add(30 * time.Second)
	for {
		_, _, page := get(t, r.url+"books/petit-guide/", "")
		if strings.Contains(page, "petit-guide.epub") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the book page does not link its EPUB")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// An edit cancels a running background build and starts another.
	ev := subscribeEvents(t, r.url)
	replaceIn(t, filepath.Join(src, "content/books/petit-guide/01-licences.md"), "title = \"", "title = \"Bref : ")
	ev.next(t, "reload", 30*time.Second)
	deadline = time.Now().Add(30 * time.Second)
	for {
		_, _, page := get(t, r.url+"books/petit-guide/", "")
		if strings.Contains(page, "petit-guide.epub") && strings.Contains(page, "Bref") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("after an edit, the book page lost its EPUB link")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestMissingFileWaitsForItsBuilder: a file missing while the background
// builders are to run is waited for only when one of them plans it.
func TestMissingFileWaitsForItsBuilder(t *testing.T) {
	src := copySample(t)
	r := start(t, src, func(o *Options) {
		hook := o.hook
		o.hook = func(s *server) {
			hook(s)
			s.restWait = time.Hour // only a request starts them
		}
	})
	if code, _, _ := get(t, r.url+"nowhere/", ""); code != 404 {
		t.Fatalf("a file no builder plans: %d", code)
	}
	r.srv.mu.RLock()
	root := r.srv.root
	r.srv.mu.RUnlock()
	epub := filepath.Join(root, "books", "petit-guide", "petit-guide.epub")
	if _, err := os.Stat(epub); err == nil {
		t.Fatal("the 404 started the background builders")
	}
	code, _, body := get(t, r.url+"books/petit-guide/petit-guide.epub", "")
	if code != 200 || !strings.HasPrefix(body, "PK") {
		t.Fatalf("the book's EPUB, waited for: %d", code)
	}
}
