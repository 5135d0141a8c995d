package check

import (
	"bufio"
	"bytes"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"

	"github.com/communs/communs/internal/site"
)

// sourceMap finds where the URLs of the built site come from.
type sourceMap struct {
	site  *site.Site
	byOut map[string]*site.Page // output file → page
	byAbs map[string]*site.Page // permalink (without fragment) → page

	mu    sync.Mutex
	links map[*site.Page][]srcLink
	texts map[string][]string // source files other than pages: lines
	other []string            // site.toml, then layouts: searched for template URLs
}

// srcLink is a link or image of a page's source.
type srcLink struct {
	dest  string
	line  int
	image bool
}

func newSourceMap(s *site.Site) *sourceMap {
	m := &sourceMap{site: s, byOut: map[string]*site.Page{}, byAbs: map[string]*site.Page{}, links: map[*site.Page][]srcLink{}, texts: map[string][]string{}}
	if s == nil {
		return m
	}
	for _, l := range s.Languages {
		ls := s.Langs[l.Code]
		for _, p := range ls.All {
			out := strings.TrimPrefix(l.Prefix+p.Path, "/")
			if out == "" || strings.HasSuffix(out, "/") {
				out += "index.html"
			}
			m.byOut[out] = p
			m.byAbs[p.Permalink] = p
		}
		// A section without _index.md still lists; its pages say nothing.
	}
	for _, a := range s.Aliases {
		out := strings.TrimPrefix(a.Path, "/")
		if out == "" || strings.HasSuffix(out, "/") {
			out += "index.html"
		}
		if _, taken := m.byOut[out]; !taken {
			m.byOut[out] = a.Page
		}
	}
	m.other = append(m.other, "site.toml")
	var layouts []string
	for _, dir := range []string{"layouts", filepath.Join("themes", s.Config.Theme, "layouts")} {
		if dir == filepath.Join("themes", "", "layouts") {
			continue
		}
		root := filepath.Join(s.SourceDir, dir)
		_ = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if rel, err := filepath.Rel(s.SourceDir, p); err == nil {
					layouts = append(layouts, filepath.ToSlash(rel))
				}
			}
			return nil
		})
	}
	m.other = append(m.other, layouts...)
	return m
}

var pagedRE = regexp.MustCompile(`(^|/)page/\d+/index\.html$`)

// page is the source page of an output file, or nil.
func (m *sourceMap) page(rel string) *site.Page {
	if p, ok := m.byOut[rel]; ok {
		return p
	}
	// The second page of a list (/articles/page/2/) shows its first's text.
	if loc := pagedRE.FindStringIndex(rel); loc != nil {
		first := rel[:loc[0]]
		if first != "" {
			first += "/"
		}
		return m.byOut[first+"index.html"]
	}
	return nil
}

// byURL is the page published at an absolute URL, or nil.
func (m *sourceMap) byURL(u *url.URL) *site.Page {
	v := *u
	v.Fragment, v.RawFragment, v.RawQuery = "", "", ""
	return m.byAbs[v.String()]
}

// locate finds the source file and line of a ref: the page's Markdown
// when the URL is written there, its front matter, site.toml, or a
// template; name is the URL as written there. file is "" when none is
// known.
func (m *sourceMap) locate(p *site.Page, r ref, u *url.URL) (file string, line int, name string) {
	if m.site == nil {
		return "", 0, ""
	}
	if p == nil && r.kind == KindFeed && u != nil {
		// A feed's link to a page: the page's source tells which one.
		if q := m.byURL(u); q != nil {
			return q.File, 0, ""
		}
	}
	if p != nil {
		if l := m.bodyLine(p, r, u); l.line > 0 {
			return p.File, l.line, l.dest
		}
	}
	needles := m.needles(r.raw, u)
	if p != nil {
		if l, n := m.frontMatterLine(p, needles); l > 0 {
			return p.File, l, n
		}
	}
	for _, f := range m.other {
		if l, n := m.textLine(f, needles); l > 0 {
			return f, l, n
		}
	}
	// A link of a list to a page that is not there: the page's source.
	if u != nil && r.kind != KindAlt {
		if q := m.byURL(u); q != nil {
			return q.File, 0, ""
		}
	}
	// Else it comes from the theme: no source file of the site.
	return "", 0, ""
}

// needles are the spellings a template or site.toml may give a URL:
// as the page has it, and from the site's root with or without the
// base path (relURL adds it).
func (m *sourceMap) needles(raw string, u *url.URL) []string {
	out := []string{raw}
	if u == nil {
		return out
	}
	bp := m.site.Config.Base.Path
	p := u.Path
	if u.RawQuery != "" {
		p += "?" + u.RawQuery
	}
	if p != "" && p != "/" {
		out = append(out, p)
		if strings.HasPrefix(p, bp) && bp != "/" {
			out = append(out, "/"+strings.TrimPrefix(p, bp))
		}
	}
	return out
}

// bodyLine finds the link of the page's Markdown that writes the URL.
func (m *sourceMap) bodyLine(p *site.Page, r ref, u *url.URL) srcLink {
	links := m.pageLinks(p)
	if len(links) == 0 {
		return srcLink{}
	}
	raw := strings.TrimSpace(r.raw)
	uraw := unescape(raw)
	var want string
	if u != nil {
		want = canon(u)
	}
	pbase, _ := url.Parse(p.Permalink)
	image := r.kind == KindImage || r.kind == KindAlt
	// Each way of matching is tried on the links of the same kind (image
	// or not) first: ![a](x) and [a](x) on two lines are told apart.
	match := func(ok func(l srcLink) bool) (srcLink, bool) {
		for _, sameKind := range []bool{true, false} {
			for _, l := range links {
				if (l.image == image) == sameKind && ok(l) {
					return l, true
				}
			}
		}
		return srcLink{}, false
	}
	// As written, then as resolved, then by file name (an image of a
	// book's folder written from a chapter), then by fragment.
	if l, ok := match(func(l srcLink) bool { return l.dest == raw || unescape(l.dest) == uraw }); ok {
		return l
	}
	if want != "" && pbase != nil {
		if l, ok := match(func(l srcLink) bool {
			lu, err := pbase.Parse(l.dest)
			return err == nil && canon(lu) == want
		}); ok {
			return l
		}
	}
	if u != nil {
		name := path.Base(u.Path)
		if name != "/" && name != "." {
			if l, ok := match(func(l srcLink) bool {
				return l.image == image && path.Base(strings.SplitN(l.dest, "#", 2)[0]) == name &&
					(u.Fragment == "" || strings.HasSuffix(l.dest, "#"+u.Fragment))
			}); ok {
				return l
			}
		}
		if u.Fragment != "" {
			if l, ok := match(func(l srcLink) bool { return strings.HasSuffix(l.dest, "#"+u.Fragment) }); ok {
				return l
			}
		}
	}
	return srcLink{}
}

func unescape(s string) string {
	if v, err := url.PathUnescape(s); err == nil {
		return v
	}
	return s
}

// canon is a URL in a form two spellings of it share.
func canon(u *url.URL) string {
	v := *u
	v.RawPath, v.RawFragment = "", ""
	v.Path = path.Clean("/"+v.Path) + map[bool]string{true: "/", false: ""}[strings.HasSuffix(v.Path, "/") && v.Path != "/"]
	if v.Path == "//" {
		v.Path = "/"
	}
	return strings.ToLower(v.Scheme) + "://" + strings.ToLower(v.Host) + v.Path + "?" + v.RawQuery + "#" + v.Fragment
}

func (m *sourceMap) frontMatterLine(p *site.Page, needles []string) (int, string) {
	for i, l := range m.lines(p.File) {
		if p.BodyLine > 0 && i+1 >= p.BodyLine {
			break
		}
		for _, n := range needles {
			if n != "" && strings.Contains(l, n) {
				return i + 1, n
			}
		}
	}
	return 0, ""
}

func (m *sourceMap) textLine(file string, needles []string) (int, string) {
	for _, n := range needles {
		if n == "" {
			continue
		}
		for i, l := range m.lines(file) {
			if containsURL(l, n) {
				return i + 1, n
			}
		}
	}
	return 0, ""
}

// containsURL tells whether a line writes the URL n whole: "/a/" in
// "/a/", not in "/b/a/".
func containsURL(line, n string) bool {
	for i := 0; ; {
		j := strings.Index(line[i:], n)
		if j < 0 {
			return false
		}
		j += i
		before := byte(' ')
		if j > 0 {
			before = line[j-1]
		}
		if before == '"' || before == '\'' || before == ' ' || before == '(' || before == '=' || before == '`' {
			return true
		}
		i = j + 1
	}
}

// lines reads a source file's lines once.
func (m *sourceMap) lines(file string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	if l, ok := m.texts[file]; ok {
		return l
	}
	var out []string
	if f, err := os.Open(filepath.Join(m.site.SourceDir, filepath.FromSlash(file))); err == nil {
		sc := bufio.NewScanner(f)
		sc.Buffer(make([]byte, 64<<10), 64<<20)
		for sc.Scan() {
			out = append(out, sc.Text())
		}
		f.Close()
	}
	m.texts[file] = out
	return out
}

// pageLinks lists the links and images of a page's Markdown, once.
func (m *sourceMap) pageLinks(p *site.Page) []srcLink {
	m.mu.Lock()
	l, ok := m.links[p]
	m.mu.Unlock()
	if ok {
		return l
	}
	l = markdownLinks(p.Body, p.BodyLine)
	m.mu.Lock()
	m.links[p] = l
	m.mu.Unlock()
	return l
}

var mdParser = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.DefinitionList, extension.Footnote),
	goldmark.WithParserOptions(parser.WithAttribute()),
).Parser()

var rawURLAttr = regexp.MustCompile(`(?i)\b(href|src|poster)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))`)

// markdownLinks lists the destinations of a Markdown text's links and
// images with their file lines (firstLine is the text's first): those of
// Markdown syntax, autolinks and raw HTML, not those of code.
func markdownLinks(src []byte, firstLine int) []srcLink {
	if firstLine <= 0 {
		firstLine = 1
	}
	root := mdParser.Parse(text.NewReader(src))
	lineAt := func(off int) int {
		return firstLine + bytes.Count(src[:min(max(off, 0), len(src))], []byte("\n"))
	}
	cursor := map[ast.Node]int{} // per block: where the last search ended
	find := func(n ast.Node, needle []byte) int {
		var block ast.Node
		for b := n; b != nil; b = b.Parent() {
			if b.Type() == ast.TypeBlock && b.Lines().Len() > 0 {
				block = b
				break
			}
		}
		if block == nil {
			return 0
		}
		lines := block.Lines()
		start, end := lines.At(0).Start, lines.At(lines.Len()-1).Stop
		if c, ok := cursor[block]; ok && c > start {
			start = c
		}
		if len(needle) > 0 && start <= end && end <= len(src) {
			if i := bytes.Index(src[start:end], needle); i >= 0 {
				cursor[block] = start + i + len(needle)
				return lineAt(start + i)
			}
		}
		return lineAt(lines.At(0).Start)
	}
	var out []srcLink
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			out = append(out, srcLink{dest: string(n.Destination), line: find(n, n.Destination)})
		case *ast.Image:
			out = append(out, srcLink{dest: string(n.Destination), line: find(n, n.Destination), image: true})
		case *ast.AutoLink:
			out = append(out, srcLink{dest: string(n.URL(src)), line: find(n, n.Label(src))})
		case *ast.HTMLBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				for _, dest := range rawURLs(seg.Value(src)) {
					out = append(out, srcLink{dest: dest.url, line: lineAt(seg.Start), image: dest.image})
				}
			}
			if n.HasClosure() {
				seg := n.ClosureLine
				for _, dest := range rawURLs(seg.Value(src)) {
					out = append(out, srcLink{dest: dest.url, line: lineAt(seg.Start), image: dest.image})
				}
			}
		case *ast.RawHTML:
			segs := n.Segments
			for i := 0; i < segs.Len(); i++ {
				seg := segs.At(i)
				for _, dest := range rawURLs(seg.Value(src)) {
					out = append(out, srcLink{dest: dest.url, line: lineAt(seg.Start), image: dest.image})
				}
			}
		case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.CodeSpan:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

type rawURL struct {
	url   string
	image bool
}

func rawURLs(b []byte) []rawURL {
	var out []rawURL
	for _, m := range rawURLAttr.FindAllSubmatch(b, -1) {
		v := m[2]
		if v == nil {
			v = m[3]
		}
		if v == nil {
			v = m[4]
		}
		attr := strings.ToLower(string(m[1]))
		out = append(out, rawURL{url: htmlUnescape(string(v)), image: attr == "src" || attr == "poster"})
	}
	return out
}

func htmlUnescape(s string) string {
	if !strings.Contains(s, "&") {
		return s
	}
	r := strings.NewReplacer("&amp;", "&", "&quot;", `"`, "&#39;", "'", "&lt;", "<", "&gt;", ">")
	return r.Replace(s)
}
