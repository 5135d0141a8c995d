// Package check verifies a built site: every internal link, anchor
// (#id) and image of its pages, every link of its feeds and sitemap, and
// the alternative texts of its images; with External, the links to other
// sites too (bounded, polite and cached). Each problem is reported at the
// source file and line it comes from, found through the site's model: a
// broken link of an article's text points at its line in the Markdown.
package check

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/communs/communs/builders"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/site"
)

// Kinds of findings.
const (
	KindLink     = "link"     // a link to a page or file of the site
	KindAnchor   = "anchor"   // a #fragment that names no element
	KindImage    = "image"    // an image of the site
	KindFeed     = "feed"     // a link of a feed or of the sitemap
	KindAlt      = "alt"      // an image without alternative text
	KindExternal = "external" // a link to another site
)

// Options tell what to check and how.
type Options struct {
	// Dest is the built site's folder.
	Dest string
	// Site is the model the site was built from: it maps output pages back
	// to their source files. Nil reports output files instead.
	Site *site.Site
	// Base is the site's base URL; nil takes Site's.
	Base *url.URL
	// External checks the links to other sites too.
	External bool
	// HTTP is how external links are checked; the zero value is polite
	// defaults (see HTTPOptions).
	HTTP HTTPOptions
	// Workers bounds the pages read at once (default: one per CPU).
	Workers int
}

// Finding is one problem.
type Finding struct {
	Severity string `json:"severity"` // error or warning
	Kind     string `json:"kind"`
	// File and Line are where the problem comes from: a source file of the
	// site (content/…, site.toml, layouts/…) relative to its folder, or
	// the output file when no source is known.
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	URL     string `json:"url"`
	Message string `json:"message"`
	// Pages are the output files (relative to Dest) the problem is in.
	Pages []string `json:"pages"`
}

// Report is what a check found.
type Report struct {
	Pages    int       `json:"pages"`    // HTML files read
	Feeds    int       `json:"feeds"`    // feeds and sitemaps read
	Links    int       `json:"links"`    // internal links, images and anchors checked
	External int       `json:"external"` // distinct external URLs checked
	Errors   int       `json:"errors"`
	Warnings int       `json:"warnings"`
	Findings []Finding `json:"findings"`
}

// Failed tells whether the check found errors (broken links).
func (r *Report) Failed() bool { return r.Errors > 0 }

// String is the finding as a line of text: file:line: severity: message.
func (f Finding) String() string {
	d := diag.Diagnostic{File: f.File, Line: f.Line, Message: f.Message}
	if f.Severity == "error" {
		d.Severity = diag.Error
	}
	if f.File == "" && len(f.Pages) > 0 {
		// No source file writes it: a template of the theme does.
		d.File = f.Pages[0]
		d.Line = 0
		s := d.String()
		if len(f.Pages) > 1 {
			s += fmt.Sprintf(" (written by the theme, in %d files)", len(f.Pages))
		} else {
			s += " (written by the theme)"
		}
		return s
	}
	s := d.String()
	switch len(f.Pages) {
	case 0:
	case 1:
		if f.Pages[0] != f.File {
			s += " (in " + f.Pages[0] + ")"
		}
	default:
		s += fmt.Sprintf(" (in %s and %d other file(s))", f.Pages[0], len(f.Pages)-1)
	}
	return s
}

// where is the file a finding is listed under.
func (f Finding) where() string {
	if f.File == "" && len(f.Pages) > 0 {
		return f.Pages[0]
	}
	return f.File
}

// WriteText writes one finding a line, then a summary.
func (r *Report) WriteText(w io.Writer) {
	for _, f := range r.Findings {
		fmt.Fprintln(w, f.String())
	}
	ext := ""
	if r.External > 0 {
		ext = fmt.Sprintf(", %d external URL(s)", r.External)
	}
	fmt.Fprintf(w, "communs check: %d page(s), %d feed(s), %d link(s)%s: %d error(s), %d warning(s)\n",
		r.Pages, r.Feeds, r.Links, ext, r.Errors, r.Warnings)
}

// WriteJSON writes the report as one JSON document.
func (r *Report) WriteJSON(w io.Writer) error {
	if r.Findings == nil {
		r.Findings = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// Run checks the built site in opts.Dest.
func Run(ctx context.Context, opts Options) (*Report, error) {
	base := opts.Base
	if base == nil && opts.Site != nil {
		base = opts.Site.Config.Base
	}
	if base == nil {
		return nil, fmt.Errorf("no base URL: give the site's model or its base URL")
	}
	st, err := os.Stat(opts.Dest)
	if err != nil {
		return nil, fmt.Errorf("no built site to check: %w (run communs build first)", err)
	}
	if !st.IsDir() {
		return nil, fmt.Errorf("%s is not a folder", opts.Dest)
	}
	c := &checker{opts: opts, base: base, files: map[string]bool{}, dirs: map[string]bool{}, docs: map[string]*document{}}
	c.src = newSourceMap(opts.Site)
	if err := c.walk(); err != nil {
		return nil, err
	}
	if err := c.read(ctx); err != nil {
		return nil, err
	}
	c.checkInternal()
	if opts.External {
		if err := c.checkExternal(ctx); err != nil {
			return nil, err
		}
	}
	return c.report(), nil
}

// checker is one run.
type checker struct {
	opts Options
	base *url.URL
	src  *sourceMap

	files map[string]bool // output files, slash-separated, relative to Dest
	dirs  map[string]bool
	html  []string // HTML files
	feeds []string // XML files

	mu       sync.Mutex
	docs     map[string]*document // parsed HTML and feeds by output file
	findings map[string]*Finding
	order    []string
	links    int
	external int
	ext      map[string][]extRef // external URL (without fragment) → where
	images   sync.Map            // abs path → problem ("" when fine)
}

// document is what one output file holds.
type document struct {
	rel   string
	ids   map[string]bool
	refs  []ref
	isXML bool
}

// ref is one URL an output file refers to.
type ref struct {
	raw   string // as written (attribute unescaped)
	kind  string // KindLink, KindImage or KindFeed
	base  *url.URL
	noAlt bool // an <img> without alternative text
	// page is the source page the URL comes from when known (a feed
	// entry's page), else the output file's.
	page *site.Page
}

func (c *checker) walk() error {
	return filepath.WalkDir(c.opts.Dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(c.opts.Dest, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if rel != "." && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			c.dirs[rel] = true
			return nil
		}
		c.files[rel] = true
		switch strings.ToLower(path.Ext(rel)) {
		case ".html", ".htm":
			c.html = append(c.html, rel)
		case ".xml":
			c.feeds = append(c.feeds, rel)
		}
		return nil
	})
}

// read parses every HTML file and feed with a bounded pool.
func (c *checker) read(ctx context.Context) error {
	all := append(append([]string(nil), c.html...), c.feeds...)
	return builders.ForEach(ctx, c.opts.Workers, all, func(rel string) error {
		data, err := os.ReadFile(filepath.Join(c.opts.Dest, filepath.FromSlash(rel)))
		if err != nil {
			return err
		}
		var doc *document
		if strings.HasSuffix(strings.ToLower(rel), ".xml") {
			doc = c.parseFeed(rel, data)
		} else {
			doc = c.parseHTML(rel, data)
		}
		if doc != nil {
			c.mu.Lock()
			c.docs[rel] = doc
			c.mu.Unlock()
		}
		return nil
	})
}

// pageURL is the URL an output file is served at.
func (c *checker) pageURL(rel string) *url.URL {
	p := rel
	if path.Base(p) == "index.html" {
		p = strings.TrimSuffix(p, "index.html")
	}
	u := *c.base
	u.Path = c.base.Path + p
	u.RawPath, u.RawQuery, u.Fragment = "", "", ""
	return &u
}

// local maps a URL of the site to its output file: ok is false for
// another site; file is "" when the site has nothing there.
func (c *checker) local(u *url.URL) (file string, ok bool) {
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return "", false
	}
	if u.Host != "" && !strings.EqualFold(u.Host, c.base.Host) {
		return "", false
	}
	if !strings.HasPrefix(u.Path, c.base.Path) && u.Path+"/" != c.base.Path {
		// On the site's host, outside its base path: nothing it builds.
		return "", true
	}
	p := ""
	if u.Path+"/" != c.base.Path {
		p = strings.TrimPrefix(strings.TrimPrefix(u.Path, c.base.Path), "/")
		p = strings.TrimPrefix(path.Clean("/"+p), "/")
	}
	switch {
	case p == "" || p == ".":
		p = "index.html"
	case strings.HasSuffix(u.Path, "/"):
		p += "/index.html"
	}
	if c.files[p] {
		return p, true
	}
	// A folder without its slash: servers redirect /a to /a/.
	if c.dirs[p] && c.files[p+"/index.html"] {
		return p + "/index.html", true
	}
	return "", true
}

// skipScheme tells URLs that are no document to check.
func skipScheme(raw string) bool {
	l := strings.ToLower(strings.TrimSpace(raw))
	for _, s := range []string{"mailto:", "tel:", "javascript:", "data:", "sms:", "geo:", "magnet:", "irc:", "ircs:", "xmpp:", "matrix:", "urn:", "news:", "ftp:", "sip:", "bitcoin:", "about:"} {
		if strings.HasPrefix(l, s) {
			return true
		}
	}
	return l == "" || l == "#"
}

// checkInternal checks every ref of the site against its files.
func (c *checker) checkInternal() {
	rels := make([]string, 0, len(c.docs))
	for rel := range c.docs {
		rels = append(rels, rel)
	}
	sort.Strings(rels)
	for _, rel := range rels {
		doc := c.docs[rel]
		for _, r := range doc.refs {
			c.checkRef(doc, r)
		}
	}
}

func (c *checker) checkRef(doc *document, r ref) {
	u, err := r.base.Parse(strings.TrimSpace(r.raw))
	if r.noAlt {
		au := u
		if err != nil {
			au = nil
		}
		c.add(doc, r, au, "warning", KindAlt, func(name string) string {
			return fmt.Sprintf("image %q has no alternative text for readers who cannot see it: describe it", name)
		})
	}
	if skipScheme(r.raw) {
		return
	}
	if err != nil {
		c.add(doc, r, nil, "error", r.kind, func(name string) string {
			return fmt.Sprintf("%s %q is not a valid URL (%v)", what(r.kind), name, err)
		})
		return
	}
	file, ok := c.local(u)
	if !ok {
		if u.Scheme == "http" || u.Scheme == "https" {
			c.addExternal(doc, r, u)
		}
		return
	}
	c.mu.Lock()
	c.links++
	c.mu.Unlock()
	if file == "" {
		c.add(doc, r, u, "error", r.kind, func(name string) string {
			return fmt.Sprintf("%s %q goes to %s, which is not in the built site", what(r.kind), name, sitePath(u))
		})
		return
	}
	if r.kind == KindImage {
		if msg := c.imageProblem(filepath.Join(c.opts.Dest, filepath.FromSlash(file))); msg != "" {
			c.add(doc, r, u, "error", KindImage, func(name string) string { return fmt.Sprintf("image %q %s", name, msg) })
		}
		return
	}
	frag := u.Fragment
	if frag == "" || frag == "top" || strings.HasPrefix(frag, ":~:") || !strings.HasSuffix(file, ".html") {
		return // (browsers go to the top of a page for #top)
	}
	if target := c.docs[file]; target == nil || target.ids[frag] {
		return
	}
	c.add(doc, r, u, "error", KindAnchor, func(name string) string {
		return fmt.Sprintf("link %q goes to %s, which has no element with id %q", name, sitePath(u)+"#"+frag, frag)
	})
}

func what(kind string) string {
	switch kind {
	case KindImage:
		return "image"
	case KindFeed:
		return "feed link"
	}
	return "link"
}

func sitePath(u *url.URL) string {
	p := u.EscapedPath()
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	return p
}

// add records a finding at the source place of r. msg writes the
// message naming the URL as its source writes it, when found.
func (c *checker) add(doc *document, r ref, u *url.URL, severity, kind string, msg func(name string) string) {
	page := r.page
	if page == nil {
		page = c.src.page(doc.rel)
	}
	file, line, name := c.src.locate(page, r, u)
	if name == "" {
		name = r.raw
		if u != nil && kind != KindExternal {
			// The same link in a page and in its feed entries, once.
			name = sitePath(u)
			if u.Fragment != "" {
				name += "#" + u.Fragment
			}
		}
	}
	url := r.raw
	if u != nil {
		url = u.String()
	}
	c.record(Finding{Severity: severity, Kind: kind, File: file, Line: line, URL: url, Message: msg(name)}, doc.rel)
}

func (c *checker) record(f Finding, page string) {
	key := fmt.Sprintf("%s\x00%s\x00%d\x00%s", f.Severity, f.File, f.Line, f.Message)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.findings == nil {
		c.findings = map[string]*Finding{}
	}
	if prev, ok := c.findings[key]; ok {
		for _, p := range prev.Pages {
			if p == page {
				return
			}
		}
		prev.Pages = append(prev.Pages, page)
		return
	}
	f.Pages = []string{page}
	c.findings[key] = &f
	c.order = append(c.order, key)
}

func (c *checker) report() *Report {
	r := &Report{Links: c.links, External: c.external}
	for _, d := range c.docs {
		if d.isXML {
			r.Feeds++
		} else {
			r.Pages++
		}
	}
	for _, k := range c.order {
		f := *c.findings[k]
		sort.Strings(f.Pages)
		r.Findings = append(r.Findings, f)
		if f.Severity == "error" {
			r.Errors++
		} else {
			r.Warnings++
		}
	}
	sort.SliceStable(r.Findings, func(i, j int) bool {
		a, b := r.Findings[i], r.Findings[j]
		if fa, fb := a.where(), b.where(); fa != fb {
			return fa < fb
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Message != b.Message {
			return a.Message < b.Message
		}
		return a.Kind < b.Kind
	})
	return r
}
