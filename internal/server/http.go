package server

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"os"
	"path"
	"strings"
	"time"

	"github.com/communs/communs/internal/diag"
)

//go:embed reload.js
var reloadJS []byte

// The preview's own URLs; a site has no files there.
const (
	internalPrefix = "/__communs/"
	scriptURL      = internalPrefix + "reload.js"
	eventsURL      = internalPrefix + "events"
)

// ServeHTTP answers with the built site's files.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	if !s.hostAllowed(r.Host) {
		http.Error(w, "communs serve answers only to requests for localhost, 127.0.0.1 or the address it listens on", http.StatusForbidden)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "communs serve only reads", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if !safePath(p) {
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	if strings.HasPrefix(p, internalPrefix) {
		s.serveInternal(w, r)
		return
	}
	s.mu.RLock()
	root, base, errs := s.root, s.base, s.errs
	s.mu.RUnlock()
	if root == "" {
		// No good build yet: a page with the errors, that reloads when
		// they are fixed.
		s.writeHTML(w, r, http.StatusInternalServerError, []byte("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>communs: the site has errors</title></head><body>\n<p>The site has errors; this page reloads once they are fixed.</p>\n</body></html>\n"), "", errs)
		return
	}
	if base == "" {
		base = "/"
	}
	if !strings.HasPrefix(p, base) {
		if p+"/" == base || p == "/" {
			redirect(w, r, base)
			return
		}
		s.notFound(w, r, root, "", errs)
		return
	}
	rel := strings.TrimPrefix(p, base)
	s.serveFile(w, r, root, rel, errs, 3)
}

// safePath refuses paths that try to leave the site: ".." or "."
// segments (also when written %2e%2e: the path is decoded), backslashes,
// NUL bytes.
func safePath(p string) bool {
	if !strings.HasPrefix(p, "/") || strings.ContainsAny(p, "\\\x00") {
		return false
	}
	for _, seg := range strings.Split(p[1:], "/") {
		if seg == ".." || seg == "." {
			return false
		}
	}
	return true
}

// hostAllowed checks the Host header: only the addresses of the preview,
// so that a page of another site whose name was made to point here (DNS
// rebinding) gets nothing.
func (s *server) hostAllowed(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	return host != "" && s.allowedHosts[host]
}

func redirect(w http.ResponseWriter, r *http.Request, to string) {
	// One leading slash only: "//host" would send the reader elsewhere.
	to = "/" + strings.TrimLeft(to, "/")
	if r.URL.RawQuery != "" {
		to += "?" + r.URL.RawQuery
	}
	http.Redirect(w, r, to, http.StatusMovedPermanently)
}

// serveFile answers with the file rel (slash-separated, relative to root).
func (s *server) serveFile(w http.ResponseWriter, r *http.Request, dir, rel string, errs []diag.Diagnostic, waits int) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		http.Error(w, "the site is being rebuilt; reload", http.StatusServiceUnavailable)
		return
	}
	defer root.Close()
	name := strings.TrimSuffix(rel, "/")
	if name == "" {
		name = "."
	}
	// Lstat: a symbolic link is never followed, inside the site or out.
	fi, err := root.Lstat(name)
	if err == nil && fi.IsDir() {
		if !strings.HasSuffix(r.URL.Path, "/") {
			redirect(w, r, r.URL.Path+"/")
			return
		}
		name = path.Join(name, "index.html") // and no listing of folders
		fi, err = root.Lstat(name)
	}
	if err != nil || !fi.Mode().IsRegular() {
		if waits > 0 && s.waitRest(r, name) {
			s.mu.RLock()
			dir = s.root
			s.mu.RUnlock()
			s.serveFile(w, r, dir, rel, errs, waits-1)
			return
		}
		s.notFound(w, r, dir, rel, errs)
		return
	}
	f, err := root.Open(name)
	if err != nil {
		s.notFound(w, r, dir, rel, errs)
		return
	}
	defer f.Close()
	if strings.EqualFold(path.Ext(name), ".html") {
		data, err := io.ReadAll(f)
		if err != nil {
			http.Error(w, "cannot read the page", http.StatusInternalServerError)
			return
		}
		s.writeHTML(w, r, http.StatusOK, data, name, errs)
		return
	}
	http.ServeContent(w, r, name, fi.ModTime(), f)
}

// waitRest waits for the background builders (EPUB, PDF) when the file
// name is missing while they are to run and it is one of theirs (their
// plans tell). It tells whether it waited.
func (s *server) waitRest(r *http.Request, name string) bool {
	s.mu.RLock()
	done, deferred := s.restDone, s.deferred
	s.mu.RUnlock()
	if done == nil || deferred == nil || !deferred(name) {
		return false
	}
	select {
	case <-done:
		return false // nothing to come
	default:
	}
	select {
	case s.restReq <- struct{}{}: // now, not after the pause
	default:
	}
	select {
	case <-done:
		return true
	case <-r.Context().Done():
		return false
	case <-time.After(5 * time.Minute):
		return false
	}
}

// notFound answers 404 with the site's 404 page of the language.
func (s *server) notFound(w http.ResponseWriter, r *http.Request, dir, rel string, errs []diag.Diagnostic) {
	page := "404.html"
	s.mu.RLock()
	for _, pf := range s.prefixes {
		if strings.HasPrefix("/"+rel, pf+"/") {
			page = strings.TrimPrefix(pf, "/") + "/404.html"
			break
		}
	}
	s.mu.RUnlock()
	if root, err := os.OpenRoot(dir); err == nil {
		defer root.Close()
		if fi, err := root.Lstat(page); err == nil && fi.Mode().IsRegular() {
			if data, err := root.ReadFile(page); err == nil {
				s.writeHTML(w, r, http.StatusNotFound, data, page, errs)
				return
			}
		}
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}

// writeHTML sends a page with the preview's additions: the errors of the
// last rebuild, a badge on drafts, the reload script.
func (s *server) writeHTML(w http.ResponseWriter, r *http.Request, status int, page []byte, rel string, errs []diag.Diagnostic) {
	var extra bytes.Buffer
	if len(errs) > 0 {
		extra.WriteString(overlayHTML(errs))
	}
	s.mu.RLock()
	draft := s.drafts[rel]
	gen := s.gen
	s.mu.RUnlock()
	if draft {
		extra.WriteString(`<div id="communs-draft" style="position:fixed;z-index:2147483646;top:.6em;right:.6em;padding:.25em .7em;border-radius:.3em;background:#b45309;color:#fff;font:bold 15px/1.4 system-ui,sans-serif;box-shadow:0 2px 6px rgba(0,0,0,.3)">Brouillon · draft</div>` + "\n")
	}
	if !s.o.NoReload {
		fmt.Fprintf(&extra, `<script src="%s" data-instance="%s" data-gen="%d" data-events="%s"></script>`+"\n", scriptURL, s.instance, gen, eventsURL)
	}
	out := injectBeforeBody(page, extra.Bytes())
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", fmt.Sprint(len(out)))
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(out)
	}
}

// injectBeforeBody puts extra before the last </body>, or at the end.
func injectBeforeBody(page, extra []byte) []byte {
	if len(extra) == 0 {
		return page
	}
	i := bytes.LastIndex(bytes.ToLower(page), []byte("</body"))
	if i < 0 {
		return append(append(page[:len(page):len(page)], '\n'), extra...)
	}
	out := make([]byte, 0, len(page)+len(extra))
	out = append(out, page[:i]...)
	out = append(out, extra...)
	return append(out, page[i:]...)
}

// overlayHTML is the errors box, for a page served while they stand (the
// reload script keeps it up to date).
func overlayHTML(errs []diag.Diagnostic) string {
	var b strings.Builder
	b.WriteString(`<div id="communs-overlay" role="alert" style="position:fixed;z-index:2147483647;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;margin:0;padding:1em 1.5em;background:#fff0f0;color:#600;border-top:4px solid #c00;font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace">`)
	fmt.Fprintf(&b, `<p style="margin:0 0 .5em;font-weight:bold">communs: the last rebuild failed, this is the previous version of the site (%d error%s)</p><ul style="margin:0;padding:0 0 0 1.2em">`, len(errs), plural(len(errs)))
	for _, d := range errs {
		where := ""
		if d.File != "" {
			where = d.File
			if d.Line > 0 {
				where += fmt.Sprintf(":%d", d.Line)
			}
			where += ": "
		}
		b.WriteString(`<li class="communs-error">` + html.EscapeString(where+d.Message) + "</li>")
	}
	b.WriteString("</ul></div>\n")
	return b.String()
}

func plural(n int) string {
	if n > 1 {
		return "s"
	}
	return ""
}

// serveInternal answers the preview's own URLs.
func (s *server) serveInternal(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case scriptURL:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write(reloadJS)
	case eventsURL:
		s.serveEvents(w, r)
	default:
		http.NotFound(w, r)
	}
}

// serveEvents streams the rebuilds to a page (Server-Sent Events).
func (s *server) serveEvents(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	c := s.subscribe()
	defer s.unsubscribe(c)
	s.mu.RLock()
	hello := jsonObject("instance", s.instance, "gen", s.gen, "errors", nonNil(s.errs))
	s.mu.RUnlock()
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	io.WriteString(w, "retry: 1000\n\n")
	writeEvent(w, event{"hello", hello})
	fl.Flush()
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case ev, ok := <-c:
			if !ok {
				return
			}
			writeEvent(w, ev)
			fl.Flush()
		case <-ping.C:
			io.WriteString(w, ": ping\n\n")
			fl.Flush()
		}
	}
}

func writeEvent(w io.Writer, ev event) {
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", ev.name, ev.data)
}

func nonNil(d []diag.Diagnostic) []diag.Diagnostic {
	if d == nil {
		return []diag.Diagnostic{}
	}
	return d
}

func (s *server) errorsJSON(errs []diag.Diagnostic) string {
	s.mu.RLock()
	gen := s.gen
	s.mu.RUnlock()
	return jsonObject("gen", gen, "errors", nonNil(errs))
}

// jsonObject encodes key, value pairs as a JSON object on one line.
func jsonObject(kv ...any) string {
	m := map[string]any{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i].(string)] = kv[i+1]
	}
	data, err := json.Marshal(m)
	if err != nil {
		return "{}"
	}
	return string(data)
}
