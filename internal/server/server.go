// Package server is communs serve: a preview of the site that rebuilds it
// as its sources change and tells the open pages to reload.
//
// The site is built into a private temporary folder (removed on exit) by
// an incremental build session (internal/build.Session): one article
// edited rewrites that page and the pages, lists and feeds that show it.
// Served HTML pages get a small script (never written into the built
// files) that listens to Server-Sent Events: it reloads the page when it
// was rebuilt, swaps stylesheets without a reload, and shows the errors
// of a failed rebuild over the last good version of the page.
//
// The preview is for the author only: it listens on 127.0.0.1 by default,
// answers only requests addressed to that address, localhost or the bound
// address (a web page elsewhere cannot read it through DNS rebinding),
// sends no CORS header, and serves only the files of the built site.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/build"
	"github.com/communs/communs/internal/cache"
	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/site"
)

// DefaultPort is where serve listens unless told otherwise; when it is
// taken, the next free port is used.
const DefaultPort = 1313

// Options are communs serve's.
type Options struct {
	Source string
	// Port to listen on; with PortSet false, the next free one is taken
	// when it is in use.
	Port    int
	PortSet bool
	// Bind is the address to listen on; default 127.0.0.1.
	Bind     string
	Drafts   bool
	Future   bool
	Expired  bool
	NoReload bool
	Stdout   io.Writer
	Stderr   io.Writer
	// Debounce is how long changes are gathered after a write before a
	// rebuild; default 50 ms.
	Debounce time.Duration
	// Workers for the builds; 0 means one per CPU.
	Workers int
	// Cache is the folder where pages' HTML and books' PDFs are kept
	// between sessions (see internal/cache); "" keeps them in memory only.
	Cache string
	// Ready, when set, is called with the server's URL once it serves.
	Ready func(url string)
	// Rebuilt, when set, is called after each rebuild (tests, benchmarks)
	// with the changed files, what the build did and when the event was
	// sent to the pages.
	Rebuilt func(changed []string, u *build.Update, sent time.Time)
	// Builders, when set, replace the builders run in the background after
	// the HTML and feeds (EPUB, PDF); tests use it.
	Builders []builders.Builder

	hook func(*server) // tests: given the server as it starts
}

// Run serves the site until ctx is cancelled. It returns an error when it
// cannot start (no site, port in use); a site with errors is served all
// the same, with its errors shown.
func Run(ctx context.Context, o Options) error {
	if o.Stdout == nil {
		o.Stdout = io.Discard
	}
	if o.Stderr == nil {
		o.Stderr = io.Discard
	}
	if o.Bind == "" {
		o.Bind = "127.0.0.1"
	}
	if o.Port == 0 && !o.PortSet {
		o.Port = DefaultPort
	}
	if o.Debounce <= 0 {
		o.Debounce = 50 * time.Millisecond
	}
	src, err := filepath.Abs(o.Source)
	if err != nil {
		return err
	}
	if !site.HasConfig(src) {
		return fmt.Errorf("no site.toml in %s (nor Hugo's hugo.toml or config.toml): run communs serve in the site's folder, or name it with --source DIR", src)
	}
	bindIP := net.ParseIP(strings.Trim(o.Bind, "[]"))
	if bindIP == nil && o.Bind != "localhost" {
		return fmt.Errorf("--bind %s: give an IP address of this machine, such as 127.0.0.1", o.Bind)
	}
	if bindIP != nil && !bindIP.IsLoopback() {
		fmt.Fprintf(o.Stderr, "communs: warning: listening on %s, not only on this machine: anyone who can reach it on the network can read the preview, drafts included\n", o.Bind)
	}
	ln, port, err := listen(o.Bind, o.Port, o.PortSet)
	if err != nil {
		return err
	}
	defer ln.Close()

	tmp, err := os.MkdirTemp("", "communs-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)

	hostForURL := o.Bind
	if bindIP != nil && bindIP.IsUnspecified() {
		hostForURL = "localhost"
	}
	hostport := net.JoinHostPort(hostForURL, strconv.Itoa(port))
	if o.Cache != "" {
		// Not needed to preview: say why it is slower, and go on.
		if _, err := cache.Open(o.Cache); err != nil {
			fmt.Fprintf(o.Stderr, "communs serve: note: building without a cache: %v\n", err)
			o.Cache = ""
		}
	}
	sess := build.NewSession(build.Options{Source: src, Drafts: o.Drafts, Future: o.Future, Expired: o.Expired, Workers: o.Workers, Cache: o.Cache}, tmp)
	sess.ServeHost = hostport
	if o.Builders != nil {
		sess.Builders = o.Builders
	}

	s := &server{o: o, src: src, sess: sess, port: port, bindIP: bindIP,
		instance: strconv.FormatInt(time.Now().UnixNano(), 36), clients: map[chan event]bool{}, restReq: make(chan struct{}, 1), restWait: restDelay}
	s.allowedHosts = allowedHosts(o.Bind, bindIP)
	s.tmp = tmp
	if o.hook != nil {
		o.hook(s)
	}

	w, err := newWatcher(src, o.Debounce)
	if err != nil {
		return fmt.Errorf("watching %s: %w", src, err)
	}
	defer w.Close()

	// The first build, before serving: a page asked for at once is there.
	start := time.Now()
	u, err := sess.Update(ctx, nil)
	if err != nil {
		return err
	}
	s.apply(nil, u)
	url := "http://" + hostport + s.basePath()
	if u.Failed {
		fmt.Fprintf(o.Stdout, "communs: serving %s at %s — the site has errors, shown on its pages; fix them and it rebuilds (Ctrl-C stops)\n", src, url)
	} else {
		fmt.Fprintf(o.Stdout, "communs: serving %s at %s (%d pages built in %d ms; Ctrl-C stops)\n", src, url, u.Pages, time.Since(start).Milliseconds())
	}

	serveCtx, stopServe := context.WithCancel(ctx)
	defer stopServe()
	srv := &http.Server{
		Handler:           s,
		ReadHeaderTimeout: 10 * time.Second,
		BaseContext:       func(net.Listener) context.Context { return serveCtx },
		ErrorLog:          nil,
	}
	srvErr := make(chan error, 1)
	go func() { srvErr <- srv.Serve(ln) }()

	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); w.run(serveCtx) }()
	go func() { defer wg.Done(); s.loop(serveCtx, w) }()
	if o.Ready != nil {
		o.Ready(url)
	}

	select {
	case <-ctx.Done():
	case err = <-srvErr:
	}
	stopServe() // ends the event streams, the watcher and the build loop
	shut, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	_ = srv.Shutdown(shut)
	cancel()
	w.Close()
	wg.Wait()
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	fmt.Fprintln(o.Stdout, "communs: stopped; temporary files removed")
	return nil
}

// listen opens the port, or the next free one when the port was not
// chosen by the user.
func listen(bind string, port int, portSet bool) (net.Listener, int, error) {
	for i := 0; i < 100; i++ {
		p := port + i
		ln, err := net.Listen("tcp", net.JoinHostPort(strings.Trim(bind, "[]"), strconv.Itoa(p)))
		if err == nil {
			return ln, ln.Addr().(*net.TCPAddr).Port, nil
		}
		if !errors.Is(err, syscall.EADDRINUSE) {
			return nil, 0, fmt.Errorf("cannot listen on %s port %d: %w", bind, p, err)
		}
		if portSet {
			return nil, 0, fmt.Errorf("port %d on %s is already in use (another communs serve, or another server?): stop it, or choose another port with --port N", p, bind)
		}
		if port == 0 {
			break
		}
	}
	return nil, 0, fmt.Errorf("ports %d to %d on %s are all in use: choose a free one with --port N", port, port+99, bind)
}

// allowedHosts are the Host header values the preview answers to.
func allowedHosts(bind string, ip net.IP) map[string]bool {
	hosts := map[string]bool{"localhost": true, "127.0.0.1": true, "::1": true}
	hosts[strings.ToLower(strings.Trim(bind, "[]"))] = true
	if ip != nil && ip.IsUnspecified() {
		// Every address of this machine, as numbers: a name could be
		// anybody's (DNS rebinding), an address of ours cannot.
		if addrs, err := net.InterfaceAddrs(); err == nil {
			for _, a := range addrs {
				if n, ok := a.(*net.IPNet); ok {
					hosts[n.IP.String()] = true
				}
			}
		}
	}
	return hosts
}

// event is one Server-Sent Event.
type event struct {
	name string
	data string
}

// server is the shared state of the preview.
type server struct {
	o            Options
	src          string
	sess         *build.Session
	port         int
	bindIP       net.IP
	instance     string
	allowedHosts map[string]bool

	mu       sync.RWMutex
	root     string // folder served
	gen      int    // good builds so far
	errs     []diag.Diagnostic
	drafts   map[string]bool
	base     string        // the site's base path, "/" or "/blog/"
	prefixes []string      // language prefixes, longest first ("/en")
	restDone chan struct{} // open while background builders are to run
	restReq  chan struct{} // asks them to run now
	restWait time.Duration // restDelay, longer in tests
	tmp      string        // the private folder builds go to
	// deferred tells the files the background builders write (their
	// plans).
	deferred func(rel string) bool

	cmu     sync.Mutex
	clients map[chan event]bool

	warned string // warnings last printed
}

func (s *server) basePath() string {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.base == "" {
		return "/"
	}
	return s.base
}

// restDelay is how long the other builders (EPUB, PDF) wait after the
// last rebuild before they run in the background: an author saving often
// does not pay for them at each save. A request for a file not there yet
// starts them at once.
const restDelay = time.Second

// loop rebuilds on each batch of changes, and runs the other builders
// (EPUB, PDF) in the background once the edits pause.
func (s *server) loop(ctx context.Context, w *watcher) {
	var restCancel context.CancelFunc
	var restWG sync.WaitGroup
	var done chan struct{} // closed when the pending background build ends
	pending := false
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	// setPending announces a background build to come.
	setPending := func() {
		pending = true
		done = make(chan struct{})
		s.mu.Lock()
		s.restDone = done
		s.mu.Unlock()
		timer.Reset(s.restWait)
	}
	stopRest := func() {
		timer.Stop()
		if restCancel != nil {
			restCancel()
			restWG.Wait()
			restCancel = nil
		} else if pending {
			close(done)
		}
		pending = false
	}
	startRest := func() {
		if !pending || restCancel != nil {
			return
		}
		rctx, cancel := context.WithCancel(ctx)
		restCancel = cancel
		d := done
		restWG.Add(1)
		go func() {
			defer restWG.Done()
			defer close(d)
			u, err := s.sess.BuildRest(rctx)
			if err != nil || u == nil {
				if err != nil && rctx.Err() == nil {
					fmt.Fprintf(s.o.Stderr, "communs: %v\n", err)
				}
				return
			}
			if u.Failed {
				u.Diags.Print(s.o.Stderr)
				return
			}
			fmt.Fprintf(s.o.Stdout, "communs: books and downloads: %d file(s) in %d ms\n", len(u.Written), u.Elapsed.Milliseconds())
			s.notify(u)
		}()
	}
	defer stopRest()
	if s.sess.Root() != "" {
		setPending()
	}
	for {
		select {
		case <-ctx.Done():
			return
		case err := <-w.errs:
			fmt.Fprintf(s.o.Stderr, "communs: watching: %v\n", err)
		case <-timer.C:
			startRest()
		case <-s.restReq:
			startRest()
		case batch, ok := <-w.out:
			if !ok {
				return
			}
			stopRest()
			u, err := s.sess.Update(ctx, batch)
			if err != nil {
				if ctx.Err() != nil {
					return
				}
				fmt.Fprintf(s.o.Stderr, "communs: rebuild: %v\n", err)
			} else {
				sent := s.apply(batch, u)
				if s.o.Rebuilt != nil {
					s.o.Rebuilt(batch, u, sent)
				}
			}
			if s.sess.Root() != "" {
				setPending() // a no-op for the builders if they ran on this site
			}
		}
	}
}

// apply takes a build's outcome: serves the new output or shows the
// errors, tells the pages and prints what happened. It returns when the
// event was sent.
func (s *server) apply(changed []string, u *build.Update) time.Time {
	if u.Failed {
		errs := errorsOf(u.Diags)
		s.mu.Lock()
		s.errs = errs
		s.mu.Unlock()
		// The terminal is told first: whoever gets the event may read it.
		u.Diags.PrintLimited(s.o.Stderr, 0)
		e, _ := u.Diags.Count()
		what := "the site"
		if s.sess.Root() != "" {
			what = "the last good site"
		}
		fmt.Fprintf(s.o.Stderr, "communs: rebuild failed: %d error(s)%s; serving %s, with the errors shown on every page\n", e, changedNote(s.src, changed), what)
		return s.broadcast(event{"errors", s.errorsJSON(errs)})
	}
	site := s.sess.Site()
	drafts := s.sess.Drafts()
	deferred := s.sess.Deferred()
	var prefixes []string
	for _, l := range site.Languages {
		if l.Prefix != "" {
			prefixes = append(prefixes, l.Prefix)
		}
	}
	sort.Slice(prefixes, func(i, j int) bool { return len(prefixes[i]) > len(prefixes[j]) })
	s.mu.Lock()
	s.root = u.Root
	s.gen++
	gen := s.gen
	s.errs = nil
	s.drafts = drafts
	s.deferred = deferred
	s.base = site.Config.Base.Path
	if s.base == "" {
		s.base = "/"
	}
	s.prefixes = prefixes
	s.mu.Unlock()
	if u.OldRoot != "" {
		// Requests being answered from the old folder keep their open
		// files; new ones go to the new folder.
		os.RemoveAll(u.OldRoot)
	}
	s.report(changed, u) // before the event, as above
	return s.notifyGen(u, gen)
}

// notify tells the pages of files written after a build of the same
// generation (the background builders).
func (s *server) notify(u *build.Update) {
	s.mu.Lock()
	s.gen++
	gen := s.gen
	s.mu.Unlock()
	s.notifyGen(u, gen)
}

func (s *server) notifyGen(u *build.Update, gen int) time.Time {
	base := s.basePath()
	var pages, css []string
	all := u.Mode == "full"
	for _, f := range append(append([]string(nil), u.Written...), u.Removed...) {
		switch strings.ToLower(filepath.Ext(f)) {
		case ".html":
			p := base + strings.TrimSuffix(f, "index.html")
			pages = append(pages, p)
		case ".css":
			css = append(css, base+f)
		case ".xml", ".txt", ".epub", ".pdf":
		default:
			all = true // an image: any page may show it
		}
	}
	if !all && len(pages) == 0 && len(css) > 0 {
		return s.broadcast(event{"css", jsonObject("gen", gen, "paths", css)})
	}
	if len(css) > 0 {
		all = true
	}
	return s.broadcast(event{"reload", jsonObject("gen", gen, "all", all, "paths", pages)})
}

// report prints a rebuild's outcome on the terminal.
func (s *server) report(changed []string, u *build.Update) {
	if changed != nil {
		fmt.Fprintf(s.o.Stdout, "communs: %s rebuild%s: %d file(s) written, %d removed in %d ms\n",
			u.Mode, changedNote(s.src, changed), len(u.Written), len(u.Removed), u.Elapsed.Milliseconds())
	}
	var b strings.Builder
	u.Diags.PrintLimited(&b, 50)
	if w := b.String(); w != s.warned {
		io.WriteString(s.o.Stderr, w)
		s.warned = w
	}
}

func changedNote(src string, changed []string) string {
	if len(changed) == 0 {
		return ""
	}
	rel, err := filepath.Rel(src, changed[0])
	if err != nil {
		rel = changed[0]
	}
	if len(changed) > 1 {
		return fmt.Sprintf(" after changes to %s and %d other(s)", filepath.ToSlash(rel), len(changed)-1)
	}
	return " after a change to " + filepath.ToSlash(rel)
}

// errorsOf keeps the errors of a list (warnings do not fail a build).
func errorsOf(l *diag.List) []diag.Diagnostic {
	var out []diag.Diagnostic
	for _, d := range l.Items() {
		if d.Severity == diag.Error {
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		out = l.Items() // --strict: the warnings failed it
	}
	return out
}

// broadcast sends an event to every open page and returns when it did.
func (s *server) broadcast(ev event) time.Time {
	s.cmu.Lock()
	defer s.cmu.Unlock()
	for c := range s.clients {
		select {
		case c <- ev:
		default:
			// A page that does not keep up is dropped; it reconnects and
			// gets the state in its hello.
			close(c)
			delete(s.clients, c)
		}
	}
	return time.Now()
}

func (s *server) subscribe() chan event {
	c := make(chan event, 32)
	s.cmu.Lock()
	s.clients[c] = true
	s.cmu.Unlock()
	return c
}

func (s *server) unsubscribe(c chan event) {
	s.cmu.Lock()
	if s.clients[c] {
		delete(s.clients, c)
		close(c)
	}
	s.cmu.Unlock()
}
