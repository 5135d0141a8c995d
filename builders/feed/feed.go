// Package feed writes the site's syndication feeds: RSS 2.0 (index.xml)
// and Atom 1.0 (atom.xml) for each language's home, each section and each
// term of each taxonomy, at the paths the HTML lists link to.
//
// Items carry the full text of the pages, with every URL made absolute so
// that feed readers can show images and follow links and footnotes.
// The output depends on the model alone: no clock, no map order.
package feed

import (
	"bytes"
	"context"
	"strings"
	"time"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/site"
)

// Builder writes the feeds.
type Builder struct{}

// Name implements builders.Builder.
func (Builder) Name() string { return "feed" }

// list is one feed to write, in both formats.
type list struct {
	ls          *site.LangSite
	dir         string // output folder, with language prefix: "/en/tags/go/"
	title       string
	description string
	pages       []*site.Page // the items, newest first, within the limit
	// skipRSS and skipAtom leave a file out (builders.Preview.Only).
	skipRSS, skipAtom bool
}

// entry is what a page contributes to every feed it is in, computed once.
type entry struct {
	page *site.Page
	// The full HTML (absolute URLs, credits) and the summary, as RSS and
	// Atom write them, made once: a page is in several feeds (its
	// section's, its tags'…) and its text is most of their bytes.
	contentCDATA           string // split around any "]]>"
	contentXML, summaryXML string // escaped character data
	authors                []string
	cats                   []string
	link                   string
	pub                    time.Time // may be zero
	upd                    time.Time // may be zero
}

type run struct {
	c       *builders.Context
	s       *site.Site
	loc     *time.Location
	entries map[*site.Page]*entry // read-only once planned
}

// Build writes every feed of every language.
func (Builder) Build(ctx context.Context, c *builders.Context) error {
	s := c.Site
	r := &run{c: c, s: s, loc: s.Config.Location, entries: map[*site.Page]*entry{}}
	if r.loc == nil {
		r.loc = time.UTC
	}
	var lists []*list
	var order []*entry
	for _, planned := range r.plan() {
		fl := *planned // (the plan is shared)
		// Both files are asked about, so that Only learns of each.
		fl.skipRSS, fl.skipAtom = !c.Wants(fl.dir+"index.xml"), !c.Wants(fl.dir+"atom.xml")
		if fl.skipRSS && fl.skipAtom {
			continue
		}
		for _, p := range fl.pages {
			if r.entries[p] == nil {
				e := &entry{page: p}
				r.entries[p] = e
				order = append(order, e)
			}
		}
		lists = append(lists, &fl)
	}
	if err := builders.ForEach(ctx, c.Workers, order, func(e *entry) error {
		r.prepare(e)
		return nil
	}); err != nil {
		return err
	}
	return builders.ForEach(ctx, c.Workers, lists, r.write)
}

// planLanguage lists the feeds of one language, as the HTML builder lists
// their pages: the home (main pages), each section, each nested section
// with an _index.md, and each term.
func (r *run) planLanguage(ls *site.LangSite) []*list {
	lang := ls.Language
	siteTitle := lang.Title
	desc := lang.Description
	var out []*list
	add := func(path, title, description string, pages []*site.Page) {
		if description == "" {
			description = desc
		}
		if description == "" {
			description = title
		}
		out = append(out, &list{ls: ls, dir: lang.Prefix + path, title: title, description: description, pages: r.items(pages)})
	}
	listTitle := func(t string) string {
		if t == "" || t == siteTitle {
			return siteTitle
		}
		return t + " – " + siteTitle
	}
	indexDesc := func(p *site.Page) string {
		if p != nil && p.FrontMatter != nil {
			return p.FrontMatter.Description
		}
		return ""
	}

	add("/", siteTitle, indexDesc(ls.Home), ls.MainPages)
	for _, sec := range ls.Sections {
		add(sec.Path, listTitle(r.c.SectionTitle(ls, sec)), indexDesc(sec.Index), sec.Pages)
	}
	for _, p := range ls.All {
		// Nested sections (content/articles/2023/_index.md) have their
		// own list page, which links its feeds.
		if p.Kind == site.KindSection && p.Dir != "" && p.Dir != p.Section {
			add(p.Path, listTitle(p.Title), indexDesc(p), p.Pages)
		}
	}
	for _, tax := range ls.Taxonomies {
		for _, term := range tax.Terms {
			add(term.Path, listTitle(r.c.TermTitle(lang.Code, term)), "", term.Pages)
		}
	}
	return out
}

// items sorts a copy of pages newest first, drops the pages that did not
// render, and keeps the feed limit.
func (r *run) items(pages []*site.Page) []*site.Page {
	out := make([]*site.Page, 0, len(pages))
	for _, p := range pages {
		if p.Rendered != nil {
			out = append(out, p)
		}
	}
	site.SortByDate(out)
	if limit := r.s.Config.FeedLimit; limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out
}

// prepare computes what a page shows in feeds.
func (r *run) prepare(e *entry) {
	p := e.page
	e.link = p.Permalink
	content := p.Rendered.Content
	if credits := r.credits(p); credits != "" {
		if content != "" && !strings.HasSuffix(content, "\n") {
			content += "\n"
		}
		content += credits
	}
	content = cleanXML(Absolutize(content, p.Permalink))
	summary := cleanXML(Absolutize(p.Rendered.Summary, p.Permalink))
	// Clean already: not scanned again.
	e.contentCDATA = splitCDATA(content)
	e.contentXML, e.summaryXML = escapeClean(content), escapeClean(summary)
	if p.FrontMatter != nil {
		e.authors = p.FrontMatter.Authors
	}
	seen := map[string]bool{}
	for _, ts := range [][]*site.Term{p.Tags, p.Categories} {
		for _, t := range ts {
			if !seen[t.Name] {
				seen[t.Name] = true
				e.cats = append(e.cats, t.Name)
			}
		}
	}
	e.pub = p.Date
	e.upd = p.Lastmod
	if e.upd.IsZero() || e.upd.Before(e.pub) {
		e.upd = e.pub
	}
}

// credits is the closing paragraphs naming translators and reviewers.
func (r *run) credits(p *site.Page) string {
	translators, reviewers := r.c.Credits(p)
	var b strings.Builder
	if translators != "" {
		b.WriteString(`<p class="translators">` + markdown.EscapeText(translators) + "</p>\n")
	}
	if reviewers != "" {
		b.WriteString(`<p class="reviewers">` + markdown.EscapeText(reviewers) + "</p>\n")
	}
	return b.String()
}

// updated is the newest date of the items: the feed's own date.
func (r *run) updated(fl *list) time.Time {
	var t time.Time
	for _, p := range fl.pages {
		if u := r.entries[p].upd; u.After(t) {
			t = u
		}
	}
	return t
}

func (r *run) write(fl *list) error {
	if !fl.skipRSS {
		if err := r.c.WriteFile(fl.dir+"index.xml", r.rss(fl)); err != nil {
			return err
		}
	}
	if fl.skipAtom {
		return nil
	}
	return r.c.WriteFile(fl.dir+"atom.xml", r.atom(fl))
}

const generator = "communs"

// rss writes an RSS 2.0 feed.
func (r *run) rss(fl *list) []byte {
	var w xmlWriter
	w.b.Grow(4096 + 8192*len(fl.pages))
	w.raw(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	w.raw(`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">` + "\n")
	w.raw("<channel>\n")
	w.elem("title", fl.title)
	w.elem("link", r.s.AbsURL(fl.dir))
	w.elem("description", fl.description)
	w.elem("language", fl.ls.Language.Code)
	w.elem("generator", generator)
	if t := r.updated(fl); !t.IsZero() {
		w.elem("lastBuildDate", t.In(r.loc).Format(time.RFC1123Z))
	}
	w.raw(`<atom:link href="`)
	w.attr(r.s.AbsURL(fl.dir + "index.xml"))
	w.raw(`" rel="self" type="application/rss+xml"/>` + "\n")
	for _, p := range fl.pages {
		e := r.entries[p]
		w.raw("<item>\n")
		w.elem("title", p.Title)
		w.elem("link", e.link)
		w.raw(`<guid isPermaLink="true">`)
		w.text(e.link)
		w.raw("</guid>\n")
		if !e.pub.IsZero() {
			w.elem("pubDate", e.pub.In(r.loc).Format(time.RFC1123Z))
		}
		authors := e.authors
		if len(authors) == 0 {
			authors = []string{fl.ls.Language.Title}
		}
		for _, a := range authors {
			w.elem("dc:creator", a)
		}
		for _, c := range e.cats {
			w.elem("category", c)
		}
		if e.summaryXML != "" {
			w.raw("<description>")
			w.raw(e.summaryXML)
			w.raw("</description>\n")
		}
		w.raw("<content:encoded><![CDATA[")
		w.raw(e.contentCDATA)
		w.raw("]]></content:encoded>\n")
		w.raw("</item>\n")
	}
	w.raw("</channel>\n</rss>\n")
	return w.b.Bytes()
}

// atom writes an Atom 1.0 feed.
func (r *run) atom(fl *list) []byte {
	var w xmlWriter
	w.b.Grow(4096 + 16384*len(fl.pages))
	self := r.s.AbsURL(fl.dir + "atom.xml")
	w.raw(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	w.raw(`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="`)
	w.attr(fl.ls.Language.Code)
	w.raw("\">\n")
	w.elem("title", fl.title)
	if fl.description != fl.title {
		w.elem("subtitle", fl.description)
	}
	w.raw(`<link rel="self" type="application/atom+xml" href="`)
	w.attr(self)
	w.raw("\"/>\n")
	w.raw(`<link rel="alternate" type="text/html" href="`)
	w.attr(r.s.AbsURL(fl.dir))
	w.raw("\"/>\n")
	w.elem("id", self)
	w.elem("updated", atomDate(r.updated(fl), r.loc))
	w.elem("generator", generator)
	for _, p := range fl.pages {
		e := r.entries[p]
		w.raw("<entry>\n")
		w.elem("title", p.Title)
		w.raw(`<link rel="alternate" type="text/html" href="`)
		w.attr(e.link)
		w.raw("\"/>\n")
		w.elem("id", e.link)
		if !e.pub.IsZero() {
			w.elem("published", atomDate(e.pub, r.loc))
		}
		upd := e.upd
		if upd.IsZero() {
			upd = r.updated(fl) // a page without a date: the feed's date
		}
		w.elem("updated", atomDate(upd, r.loc))
		authors := e.authors
		if len(authors) == 0 {
			authors = []string{fl.ls.Language.Title}
		}
		for _, a := range authors {
			w.raw("<author><name>")
			w.text(a)
			w.raw("</name></author>\n")
		}
		for _, c := range e.cats {
			w.raw(`<category term="`)
			w.attr(c)
			w.raw("\"/>\n")
		}
		if e.summaryXML != "" {
			w.raw(`<summary type="html" xml:base="`)
			w.attr(e.link)
			w.raw(`">`)
			w.raw(e.summaryXML)
			w.raw("</summary>\n")
		}
		w.raw(`<content type="html" xml:base="`)
		w.attr(e.link)
		w.raw(`">`)
		w.raw(e.contentXML)
		w.raw("</content>\n")
		w.raw("</entry>\n")
	}
	w.raw("</feed>\n")
	return w.b.Bytes()
}

// atomDate is an RFC 3339 date; a feed with no date at all gets the epoch,
// as Atom requires one and the output must not depend on the clock.
func atomDate(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "1970-01-01T00:00:00Z"
	}
	return t.In(loc).Format(time.RFC3339)
}

// xmlWriter writes XML text with escaping and without the characters XML
// 1.0 forbids.
type xmlWriter struct {
	b bytes.Buffer
}

func (w *xmlWriter) raw(s string) { w.b.WriteString(s) }

// elem writes <name>text</name> and a line break.
func (w *xmlWriter) elem(name, text string) {
	w.b.WriteByte('<')
	w.b.WriteString(name)
	w.b.WriteByte('>')
	w.text(text)
	w.b.WriteString("</")
	w.b.WriteString(name)
	w.b.WriteString(">\n")
}

// escapeClean is s, clean (see cleanXML), as text writes it.
func escapeClean(s string) string {
	var b bytes.Buffer
	b.Grow(len(s) + len(s)/8)
	escapeXML(&b, s, false)
	return b.String()
}

// splitCDATA is s, clean, as cdata writes it between "<![CDATA[" and
// "]]>".
func splitCDATA(s string) string {
	return strings.ReplaceAll(s, "]]>", "]]]]><![CDATA[>")
}

// text writes character data.
func (w *xmlWriter) text(s string) { escapeXML(&w.b, cleanXML(s), false) }

// attr writes an attribute value (between double quotes).
func (w *xmlWriter) attr(s string) { escapeXML(&w.b, cleanXML(s), true) }

// cdata writes s as CDATA sections, splitting any "]]>" it holds.
func (w *xmlWriter) cdata(s string) {
	w.b.WriteString("<![CDATA[")
	w.b.WriteString(splitCDATA(cleanXML(s)))
	w.b.WriteString("]]>")
}

func escapeXML(b *bytes.Buffer, s string, attr bool) {
	last := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case '&':
			rep = "&amp;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '\r':
			rep = "&#xD;" // else read back as "\n"
		case '"':
			if !attr {
				continue
			}
			rep = "&quot;"
		case '\n':
			if !attr {
				continue
			}
			rep = "&#xA;"
		case '\t':
			if !attr {
				continue
			}
			rep = "&#x9;"
		default:
			continue
		}
		b.WriteString(s[last:i])
		b.WriteString(rep)
		last = i + 1
	}
	b.WriteString(s[last:])
}

// xmlChar tells whether XML 1.0 allows the character.
func xmlChar(r rune) bool {
	return r == 0x9 || r == 0xA || r == 0xD ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

// cleanXML drops what XML 1.0 does not allow: control characters, U+FFFE,
// U+FFFF and bytes that are not UTF-8.
func cleanXML(s string) string {
	ok := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c >= 0x80 {
			ok = false
			break
		}
	}
	if ok {
		return s // plain ASCII text: the common case for markup
	}
	var b strings.Builder
	last := 0
	for i, rn := range s {
		n := len(string(rn))
		if rn == 0xFFFD && !strings.HasPrefix(s[i:], "\uFFFD") {
			n = 1 // an invalid byte
		} else if xmlChar(rn) {
			continue
		}
		if b.Cap() == 0 {
			b.Grow(len(s))
		}
		b.WriteString(s[last:i])
		last = i + n
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}
