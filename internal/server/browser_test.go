package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/websocket"
)

// cdp is a minimal Chrome DevTools Protocol client: commands over the
// browser's websocket, with flat sessions for pages.
type cdp struct {
	ws      *websocket.Conn
	mu      sync.Mutex
	next    int
	pending map[int]chan cdpReply
	closed  chan struct{}
}

type cdpReply struct {
	Result json.RawMessage `json:"result"`
	Error  *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func newCDP(ws *websocket.Conn) *cdp {
	c := &cdp{ws: ws, pending: map[int]chan cdpReply{}, closed: make(chan struct{})}
	go func() {
		defer close(c.closed)
		for {
			var msg struct {
				ID int `json:"id"`
				cdpReply
			}
			if err := websocket.JSON.Receive(ws, &msg); err != nil {
				return
			}
			if msg.ID == 0 {
				continue // an event
			}
			c.mu.Lock()
			ch := c.pending[msg.ID]
			delete(c.pending, msg.ID)
			c.mu.Unlock()
			if ch != nil {
				ch <- msg.cdpReply
			}
		}
	}()
	return c
}

// call sends a command (to a page when session is set) and decodes its result.
func (c *cdp) call(session, method string, params any, result any) error {
	c.mu.Lock()
	c.next++
	id := c.next
	ch := make(chan cdpReply, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	msg := map[string]any{"id": id, "method": method, "params": params}
	if session != "" {
		msg["sessionId"] = session
	}
	if err := websocket.JSON.Send(c.ws, msg); err != nil {
		return err
	}
	select {
	case r := <-ch:
		if r.Error != nil {
			return fmt.Errorf("%s: %s", method, r.Error.Message)
		}
		if result != nil {
			return json.Unmarshal(r.Result, result)
		}
		return nil
	case <-c.closed:
		return fmt.Errorf("%s: the browser closed the connection", method)
	case <-time.After(20 * time.Second):
		return fmt.Errorf("%s: no answer", method)
	}
}

// findChromium returns Debian's chromium (or another Chrome), or "".
func findChromium() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowserLiveReload opens an article in headless Chromium, changes its
// title on disk and sees the page show it; breaks its front matter and
// sees the errors over the page; fixes it and sees them go.
func TestBrowserLiveReload(t *testing.T) {
	if testing.Short() {
		t.Skip("skipped in -short mode: drives a browser")
	}
	chromium := findChromium()
	if chromium == "" {
		t.Skip("skipped: chromium is not installed (apt-get install chromium, or sh .ci/tools --install); this test drives it headless")
	}
	src := copySample(t)
	// The site's own stylesheet, to be changed while the page is open.
	os.MkdirAll(filepath.Join(src, "static/css"), 0o755)
	os.WriteFile(filepath.Join(src, "static/css/communs.css"), []byte("body { margin: 0 auto; }\n"), 0o644)
	r := start(t, src, nil)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Second)
	defer cancel()
	profile := t.TempDir()
	cmd := exec.CommandContext(ctx, chromium,
		"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir="+profile,
		"--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
		"--remote-allow-origins=http://127.0.0.1", "about:blank")
	// Its own temporary files go with the test's.
	cmd.Env = append(os.Environ(), "TMPDIR="+t.TempDir())
	inOwnGroup(cmd)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Skipf("skipped: chromium does not start: %v", err)
	}
	defer func() {
		cancel()
		cmd.Wait()
		groupGone(cmd, 10*time.Second) // before the folders are removed
	}()
	wsURL := make(chan string, 1)
	var logMu sync.Mutex
	var log strings.Builder
	go func() {
		re := regexp.MustCompile(`DevTools listening on (ws://\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			logMu.Lock()
			log.WriteString(sc.Text() + "\n")
			logMu.Unlock()
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				wsURL <- m[1]
			}
		}
	}()
	var browserURL string
	select {
	case browserURL = <-wsURL:
	case <-time.After(20 * time.Second):
		logMu.Lock()
		defer logMu.Unlock()
		t.Fatalf("chromium did not open its DevTools port:\n%s", log.String())
	}
	ws, err := websocket.Dial(browserURL, "", "http://127.0.0.1")
	if err != nil {
		t.Fatalf("DevTools: %v", err)
	}
	defer ws.Close()
	c := newCDP(ws)

	pageURL := r.url + "2026/11/09/espaces-fines/"
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := c.call("", "Target.createTarget", map[string]any{"url": pageURL}, &target); err != nil {
		t.Fatal(err)
	}
	var attached struct {
		SessionID string `json:"sessionId"`
	}
	if err := c.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &attached); err != nil {
		t.Fatal(err)
	}
	eval := func(expr string) string {
		var res struct {
			Result struct {
				Value any `json:"value"`
			} `json:"result"`
		}
		if err := c.call(attached.SessionID, "Runtime.evaluate", map[string]any{"expression": expr, "returnByValue": true}, &res); err != nil {
			return "error: " + err.Error()
		}
		if res.Result.Value == nil {
			return ""
		}
		return fmt.Sprint(res.Result.Value)
	}
	waitFor := func(what, expr string, ok func(string) bool) string {
		t.Helper()
		deadline := time.Now().Add(15 * time.Second)
		var v string
		for time.Now().Before(deadline) {
			if v = eval(expr); ok(v) {
				return v
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("%s: still %q after 15 s\nserver:\n%s", what, v, r.out.String())
		return ""
	}
	title := `(function(){var h=document.querySelector("article h1");return h?h.textContent:""})()`
	overlay := `(function(){var o=document.getElementById("communs-overlay");return o?o.textContent:"none"})()`
	waitFor("the page opens", title, func(v string) bool { return strings.Contains(v, "espaces fines") })
	// The page listens to the server before anything changes.
	waitFor("the page connects", "String(document.readyState)", func(v string) bool { return v == "complete" })
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		r.srv.cmu.Lock()
		n := len(r.srv.clients)
		r.srv.cmu.Unlock()
		if n > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the page never connected to the event stream")
		}
	}
	eval(`window.communsMarker = "same page"`)

	art := filepath.Join(src, "content/articles/espaces-fines/index.fr.md")
	replaceIn(t, art, `title = "Les espaces fines`, `title = "Les espaces vues dans le navigateur`)
	waitFor("the new title shows", title, func(v string) bool { return strings.Contains(v, "vues dans le navigateur") })
	if eval(`String(window.communsMarker)`) == "same page" {
		t.Error("the title changed without a reload?")
	}

	replaceIn(t, art, "date = 2026-11-09T08:00:00+01:00", "date = 2026-11-09T08:00:00+01:00\nauthors = [\"oubli\"")
	got := waitFor("the overlay shows", overlay, func(v string) bool { return v != "none" })
	if !strings.Contains(got, "content/articles/espaces-fines/index.fr.md:") {
		t.Errorf("overlay without file and line: %q", got)
	}
	if v := eval(title); !strings.Contains(v, "vues dans le navigateur") {
		t.Errorf("the last good page is not shown under the errors: %q", v)
	}

	replaceIn(t, art, "\nauthors = [\"oubli\"", "")
	waitFor("the overlay goes", overlay, func(v string) bool { return v == "none" })
	waitFor("the page is still there", title, func(v string) bool { return strings.Contains(v, "vues dans le navigateur") })

	// A stylesheet changes: swapped in place, the page is not reloaded.
	eval(`window.communsMarker = "same page"`)
	save(t, filepath.Join(src, "static/css/communs.css"), []byte("body { margin: 0 auto; }\nhtml { --communs-test: 42; }\n"))
	waitFor("the new stylesheet applies", `getComputedStyle(document.documentElement).getPropertyValue("--communs-test").trim()`, func(v string) bool { return v == "42" })
	if v := eval(`String(window.communsMarker)`); v != "same page" {
		t.Errorf("a stylesheet change reloaded the page (%q)", v)
	}

	// The server stops and starts again on the same port: the page
	// reconnects, and reloads.
	eval(`window.communsMarker = "before the restart"`)
	port, _ := strconv.Atoi(r.url[strings.LastIndex(r.url, ":")+1 : len(r.url)-1])
	r.stop()
	replaceIn(t, art, `title = "Les espaces vues dans le navigateur`, `title = "Les espaces revues après un redémarrage`)
	start(t, src, func(o *Options) { o.Port, o.PortSet = port, true })
	waitFor("the page reloads from the new server", title, func(v string) bool { return strings.Contains(v, "revues après un redémarrage") })
	if v := eval(`String(window.communsMarker)`); v == "before the restart" {
		t.Error("the page was not reloaded")
	}

	_ = c.call("", "Browser.close", map[string]any{}, nil)
	_ = os.RemoveAll(profile)
}
