package builders

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/shortcode"
	"github.com/communs/communs/internal/site"
)

// shortcodeSet is what a build knows of shortcodes: the site's
// templates, the index ref and relref look pages up in, and the names
// already warned about (once per build and name).
type shortcodeSet struct {
	templates *shortcode.Templates
	refs      *refIndex
	warned    sync.Map // name → true
}

type shortcodeSetKey struct{}

// shortcodes loads the site's shortcodes once per build; a template that
// cannot be read is an error of the build's.
func (c *Context) shortcodes() *shortcodeSet {
	return c.Once(shortcodeSetKey{}, func() any {
		set := &shortcodeSet{refs: newRefIndex(c.Site)}
		rel := func(abs string) string {
			if r, err := filepath.Rel(c.Site.SourceDir, abs); err == nil {
				return filepath.ToSlash(r)
			}
			return abs
		}
		t, err := shortcode.Load(shortcode.Dirs(c.Site.SourceDir, c.Site.Config.Theme), rel)
		if err != nil {
			c.Diags.Errorf("layouts/shortcodes", 0, "%v", err)
		}
		set.templates = t
		return set
	}).(*shortcodeSet)
}

// pageShortcodes runs a page's shortcodes.
type pageShortcodes struct {
	c      *Context
	set    *shortcodeSet
	p      *site.Page
	report func(line int, isErr bool, msg string)
	// depth counts the Markdown read within a template's markdownify
	// (a page's shortcodes run in one goroutine): a template that calls
	// itself through it stops at maxMarkdownify.
	depth int
}

// maxMarkdownify bounds markdownify within markdownify.
const maxMarkdownify = 16

func (c *Context) shortcodeHost(p *site.Page, report func(line int, isErr bool, msg string)) *pageShortcodes {
	return &pageShortcodes{c: c, set: c.shortcodes(), p: p, report: report}
}

var _ markdown.ShortcodeHost = (*pageShortcodes)(nil)
var _ shortcode.Host = (*pageShortcodes)(nil)

func (h *pageShortcodes) Execute(call *shortcode.Call, inner string) (string, bool, error) {
	if !h.set.templates.Has(call.Name) {
		return "", false, nil
	}
	ctx := shortcode.NewContext(call, &scPage{h: h, p: h.p}, &scSite{h: h}, h.p.File)
	ctx.Inner = htmltemplate.HTML(inner)
	return h.set.templates.Execute(call.Name, ctx, h)
}

func (h *pageShortcodes) Defines(name string) bool { return h.set.templates.Has(name) }

func (h *pageShortcodes) Unknown(name string, line int) {
	if _, dup := h.set.warned.LoadOrStore(name, true); dup {
		return
	}
	h.report(line, false, fmt.Sprintf("shortcode %q is defined by no file of layouts/shortcodes/ (a theme's, maybe, that communs does not run): its inner text is shown in <div class=\"shortcode-%s\">; write layouts/shortcodes/%s.html to render it (warned once per name)", name, strings.ReplaceAll(name, "/", "-"), name))
}

func (h *pageShortcodes) Param(key string) (any, bool) {
	if v, ok := lookupParam(h.p.FrontMatter, key); ok {
		return v, true
	}
	return lookupPath(h.c.Site.Config.Params, key)
}

func lookupParam(fm *site.FrontMatter, key string) (any, bool) {
	if fm == nil {
		return nil, false
	}
	return lookupPath(fm.Params, key)
}

// lookupPath finds a dotted key ("social.github") in nested maps, case
// aside, as Hugo does.
func lookupPath(m map[string]any, key string) (any, bool) {
	var cur any = m
	for _, part := range strings.Split(key, ".") {
		mm, ok := cur.(map[string]any)
		if !ok {
			return nil, false
		}
		v, ok := mm[part]
		if !ok {
			for k, x := range mm {
				if strings.EqualFold(k, part) {
					v, ok = x, true
					break
				}
			}
		}
		if !ok {
			return nil, false
		}
		cur = v
	}
	return cur, true
}

// Ref is what ref and relref give: the URL of the page named, in the
// page's language (or lang), with its #fragment.
func (h *pageShortcodes) Ref(target, lang string, rel bool) (string, error) {
	target = strings.TrimSpace(target)
	if lang == "" {
		lang = h.p.Lang
	}
	q, frag, err := h.set.refs.find(h.p, target, lang)
	if err != nil {
		return "", err
	}
	u := q.rel
	if !rel {
		u = q.abs
	}
	return u + frag, nil
}

// shortcode.Host, for templates.

func (h *pageShortcodes) Markdownify(s string) string {
	if h.depth >= maxMarkdownify {
		h.report(0, false, fmt.Sprintf("markdownify within markdownify %d times over (a shortcode's template that calls itself?): the text is shown as it is", maxMarkdownify))
		return htmltemplate.HTMLEscapeString(s)
	}
	h.depth++
	defer func() { h.depth-- }()
	d := h.c.Converter(h.p.Lang).Reader().Read([]byte(s), &markdown.Doc{
		File: h.p.File, Shortcodes: h,
		Resolve: func(dest string, img bool) (markdown.Target, bool) { return h.c.linkIndex().resolve(h.p, dest, img) },
	})
	out, err := h.c.Converter(h.p.Lang).HTML(d)
	if err != nil {
		return s
	}
	// One paragraph is its text, as Hugo's markdownify gives it.
	t := bytes.TrimSpace(out)
	if bytes.HasPrefix(t, []byte("<p>")) && bytes.HasSuffix(t, []byte("</p>")) && bytes.Count(t, []byte("<p>")) == 1 {
		t = t[3 : len(t)-4]
	}
	return string(t)
}

func (h *pageShortcodes) RefURL(target string, rel bool) (string, error) {
	return h.Ref(target, "", rel)
}

func (h *pageShortcodes) SiteData() any          { return &scSite{h: h} }
func (h *pageShortcodes) RelURL(p string) string { return h.c.Site.RelURL(p) }
func (h *pageShortcodes) AbsURL(p string) string { return h.c.Site.AbsURL(p) }
func (h *pageShortcodes) T(key string) string {
	return h.c.Strings.T(h.p.Lang, key, nil, nil)
}

// scPage is .Page in a shortcode's template.
type scPage struct {
	h *pageShortcodes
	p *site.Page
}

func (x *scPage) Title() string        { return x.p.Title }
func (x *scPage) LinkTitle() string    { return x.p.Title }
func (x *scPage) Permalink() string    { return x.p.Permalink }
func (x *scPage) RelPermalink() string { return x.p.RelPermalink }
func (x *scPage) Lang() string         { return x.p.Lang }
func (x *scPage) Language() map[string]any {
	return map[string]any{"Lang": x.p.Lang, "LanguageName": x.h.c.Site.Langs[x.p.Lang].Language.Name}
}
func (x *scPage) Date() time.Time    { return x.p.Date }
func (x *scPage) Lastmod() time.Time { return x.p.Lastmod }
func (x *scPage) Section() string    { return x.p.Section }
func (x *scPage) Kind() string       { return string(x.p.Kind) }
func (x *scPage) Type() string       { return x.p.Section }
func (x *scPage) Weight() int        { return x.p.Weight }
func (x *scPage) Draft() bool        { return x.p.Draft }
func (x *scPage) Site() *scSite      { return &scSite{h: x.h} }
func (x *scPage) IsHome() bool {
	return x.p.File == "content/_index.md" || strings.HasPrefix(x.p.File, "content/_index.")
}
func (x *scPage) IsPage() bool { return x.p.Kind != site.KindSection }
func (x *scPage) Description() string {
	return fmOr(x.p.FrontMatter, func(f *site.FrontMatter) string { return f.Description })
}
func (x *scPage) Params() map[string]any {
	out := map[string]any{"title": x.p.Title, "date": x.p.Date, "draft": x.p.Draft, "weight": x.p.Weight}
	if fm := x.p.FrontMatter; fm != nil {
		for k, v := range fm.Params {
			out[strings.ToLower(k)] = v
		}
		if fm.Description != "" {
			out["description"] = fm.Description
		}
	}
	return out
}
func (x *scPage) Param(key string) any {
	v, _ := x.h.Param(key)
	return v
}
func (x *scPage) RenderString(args ...any) string {
	if len(args) == 0 {
		return ""
	}
	return x.h.Markdownify(fmt.Sprint(args[len(args)-1]))
}
func (x *scPage) File() map[string]any {
	rel := x.p.ContentPath()
	base := path.Base(rel)
	return map[string]any{"Path": rel, "Dir": path.Dir(rel) + "/", "LogicalName": base,
		"BaseFileName": strings.TrimSuffix(base, path.Ext(base)), "Ext": strings.TrimPrefix(path.Ext(base), "."), "Lang": x.p.Lang}
}

// GetPage is the page at a path from this one, as ref finds it.
func (x *scPage) GetPage(target string) *scPage { return getPage(x.h, x.p, target) }

// Resources are the page's files, as Hugo's .Page.Resources.
func (x *scPage) Resources() scResources { return scResources{x} }

func fmOr(fm *site.FrontMatter, f func(*site.FrontMatter) string) string {
	if fm == nil {
		return ""
	}
	return f(fm)
}

type scResources struct{ x *scPage }

// scResource is a page resource in a template: a file, not processed.
type scResource struct {
	Name, Title, RelPermalink, Permalink, MediaType, ResourceType string
}

func (r scResources) list() []*scResource {
	var out []*scResource
	for _, res := range r.x.p.Resources {
		ext := strings.ToLower(path.Ext(res.Name))
		typ := "file"
		switch ext {
		case ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg":
			typ = "image"
		}
		out = append(out, &scResource{Name: res.Name, Title: res.Name, RelPermalink: r.x.p.RelPermalink + res.Name,
			Permalink: r.x.p.Permalink + res.Name, ResourceType: typ, MediaType: typ + "/" + strings.TrimPrefix(ext, ".")})
	}
	return out
}

func (r scResources) GetMatch(pattern string) *scResource {
	if m := r.Match(pattern); len(m) > 0 {
		return m[0]
	}
	return nil
}

func (r scResources) Get(name string) *scResource {
	for _, res := range r.list() {
		if res.Name == name {
			return res
		}
	}
	return nil
}

func (r scResources) Match(pattern string) []*scResource {
	var out []*scResource
	for _, res := range r.list() {
		if ok, _ := path.Match(strings.ToLower(pattern), strings.ToLower(res.Name)); ok {
			out = append(out, res)
		}
	}
	return out
}

func (r scResources) ByType(t string) []*scResource {
	var out []*scResource
	for _, res := range r.list() {
		if res.ResourceType == t {
			out = append(out, res)
		}
	}
	return out
}

// scSite is .Site in a shortcode's template.
type scSite struct{ h *pageShortcodes }

func (s *scSite) Title() string {
	if ls := s.h.c.Site.Langs[s.h.p.Lang]; ls != nil && ls.Language.Title != "" {
		return ls.Language.Title
	}
	return s.h.c.Site.Config.Title
}
func (s *scSite) BaseURL() string          { return s.h.c.Site.Config.BaseURL }
func (s *scSite) Params() map[string]any   { return s.h.c.Site.Config.Params }
func (s *scSite) LanguageCode() string     { return s.h.p.Lang }
func (s *scSite) Language() map[string]any { return (&scPage{h: s.h, p: s.h.p}).Language() }

// GetPage is the page at a path, as ref finds it; nil when none.
func (s *scSite) GetPage(target string) *scPage { return getPage(s.h, s.h.p, target) }

func getPage(h *pageShortcodes, from *site.Page, target string) *scPage {
	t, _, err := h.set.refs.find(from, strings.TrimSpace(target), from.Lang)
	if err != nil || t.page == nil {
		return nil
	}
	return &scPage{h: h, p: t.page}
}

func (s *scSite) Home() *scPage {
	if ls := s.h.c.Site.Langs[s.h.p.Lang]; ls != nil && ls.Home != nil {
		return &scPage{h: s.h, p: ls.Home}
	}
	return nil
}

// refIndex finds the page a ref names, as Hugo does: a path from the
// content folder, or from the page's folder, with or without ".md",
// "index.md" or "_index.md"; else a file name that only one page has.
type refIndex struct {
	byPath map[string]map[string]refTarget   // lang → key → page
	byName map[string]map[string][]refTarget // lang → last part of key → pages
}

// refTarget is a page, or a list communs writes (/tags/, /tags/go/).
type refTarget struct {
	file     string // for messages
	rel, abs string
	page     *site.Page // nil for a list
}

func newRefIndex(s *site.Site) *refIndex {
	idx := &refIndex{byPath: map[string]map[string]refTarget{}, byName: map[string]map[string][]refTarget{}}
	for _, l := range s.Languages {
		paths, names := map[string]refTarget{}, map[string][]refTarget{}
		add := func(key string, t refTarget) {
			paths[key] = t
			base := path.Base(key)
			names[base] = append(names[base], t)
		}
		ls := s.Langs[l.Code]
		// The lists first: a page of the same path (tags/_index.md) is
		// the same list, and takes its place.
		for _, tax := range ls.Taxonomies {
			add(tax.Name, refTarget{file: tax.Path, rel: tax.RelPermalink, abs: tax.Permalink})
			for _, t := range tax.Terms {
				// By path only: a term is not looked up by its name.
				paths[tax.Name+"/"+t.Slug] = refTarget{file: t.Path, rel: t.RelPermalink, abs: t.Permalink}
			}
		}
		for _, p := range slices.Concat(ls.All, ls.ListIndexes) {
			key := refKey(p.ContentPath(), l.Code)
			t := refTarget{file: p.File, rel: p.RelPermalink, abs: p.Permalink, page: p}
			if _, dup := paths[key]; dup {
				paths[key] = t
				continue
			}
			add(key, t)
		}
		for _, ps := range names {
			sort.Slice(ps, func(i, j int) bool { return ps[i].file < ps[j].file })
		}
		idx.byPath[l.Code], idx.byName[l.Code] = paths, names
	}
	return idx
}

// refKey is a content path without its extension, its language suffix,
// an "index" or "_index", nor slashes at its ends: "docs/install".
func refKey(p, lang string) string {
	p = strings.Trim(path.Clean("/"+p), "/")
	for _, ext := range []string{".md", ".markdown", ".html", ".htm"} {
		p = strings.TrimSuffix(p, ext)
	}
	if i := strings.LastIndexByte(p, '.'); i > strings.LastIndexByte(p, '/') && strings.EqualFold(p[i+1:], lang) {
		p = p[:i]
	}
	if b := path.Base(p); b == "index" || b == "_index" {
		p = strings.TrimSuffix(path.Dir(p), ".")
	}
	return strings.Trim(p, "/")
}

func (idx *refIndex) find(from *site.Page, target, lang string) (refTarget, string, error) {
	frag := ""
	if i := strings.IndexByte(target, '#'); i >= 0 {
		target, frag = target[:i], target[i:]
	}
	paths, ok := idx.byPath[lang]
	if !ok {
		return refTarget{}, "", fmt.Errorf("the site has no language %q", lang)
	}
	if target == "" {
		return refTarget{file: from.File, rel: from.RelPermalink, abs: from.Permalink}, frag, nil
	}
	candidates := []string{}
	if !strings.HasPrefix(target, "/") {
		candidates = append(candidates, refKey(path.Join(from.Dir, target), lang))
		if from.BundleDir != "" || strings.HasSuffix(from.File, "/_index.md") {
			// A bundle's own folder, for a page in it.
			candidates = append(candidates, refKey(path.Join(path.Dir(from.ContentPath()), target), lang))
		}
	}
	candidates = append(candidates, refKey(target, lang))
	for _, k := range candidates {
		if p, ok := paths[k]; ok {
			return p, frag, nil
		}
	}
	if !strings.Contains(strings.Trim(target, "/"), "/") {
		if ps := idx.byName[lang][refKey(target, lang)]; len(ps) == 1 {
			return ps[0], frag, nil
		} else if len(ps) > 1 {
			return refTarget{}, "", fmt.Errorf("%d pages are named so (%s, %s…): write the path from content/", len(ps), ps[0].file, ps[1].file)
		}
	}
	return refTarget{}, "", fmt.Errorf("no page of the site (in %s) is at this path; write its path from content/, as \"/docs/install.md\"", lang)
}
