// Package translations writes what the site shows translators: for each
// language, a status page /<lang>/translations/ listing every translation
// group with the state of each of its translations, an Atom feed
// /<lang>/translations/atom.xml of the pages to translate, update or check
// in that language, and a contributors page /<lang>/contributors/ listing
// each translator and proofreader with the pages they worked on.
//
// None of them is linked from the default menu: a site links them with
// [[languages.<code>.menu]] entries in site.toml (url = "/translations/").
// A site with one language gets none of them.
package translations

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/builders/feed"
	"github.com/communs/communs/builders/html"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/slug"
	"github.com/communs/communs/internal/translate"
)

// Builder writes the translations pages and feeds.
type Builder struct{}

// Name implements builders.Builder.
func (Builder) Name() string { return "translations" }

const (
	statusPath       = "/translations/"
	contributorsPath = "/contributors/"
	// feedEntries is the most entries a feed of work carries, newest
	// originals first (the status page lists them all).
	feedEntries = 100
)

// StatusPage is what translations.html reads as .Data.
type StatusPage struct {
	Lang      string
	Languages []*site.Language
	// Counts are the states of the translations into each language but
	// the page's own first.
	Counts  []Counts
	Groups  []GroupRow
	FeedURL string
}

// Counts are how many translations into a language are in each state.
type Counts struct {
	Lang                                         string
	Current, Draft, Outdated, Untracked, Missing int
}

// GroupRow is a translation group: its original and its state in each
// language.
type GroupRow struct {
	Key      string
	Original *site.Page
	Cells    []Cell // one per language, in the site's order
}

// Cell is the state of a group in one language.
type Cell struct {
	Lang string
	// Status is original, current, draft, outdated, untracked or missing, or ""
	// for the language of an original published elsewhere.
	Status  string
	Page    *site.Page // nil when missing
	Changed int        // paragraphs changed, for an outdated translation
}

// ContributorsPage is what contributors.html reads as .Data.
type ContributorsPage struct {
	Lang   string
	People []*Person
}

// Person is a translator or proofreader and the pages of one language
// they translated or proofread, newest first.
type Person struct {
	Name       string
	ID         string // an id for the page's anchor: "c-camille-martin"
	Translated []*site.Page
	Reviewed   []*site.Page
}

// Build writes the pages and feeds of every language.
func (Builder) Build(ctx context.Context, c *builders.Context) error {
	s := c.Site
	if len(s.Languages) < 2 {
		return nil
	}
	statuses := translate.PageStatuses(s)
	groups := rows(s, statuses)
	var pages []html.Extra
	for _, l := range s.Languages {
		ls := s.Langs[l.Code]
		if ls == nil {
			continue
		}
		if clash := taken(s, ls, statusPath); clash != "" {
			c.Diags.Warnf(clash, 0, "takes the URL %s%s, where communs writes the translations' status page: that page is not written; change the slug", ls.Language.Prefix, statusPath)
		} else {
			feedURL := s.RelURL(ls.Language.Prefix + statusPath + "atom.xml")
			data := &StatusPage{Lang: l.Code, Languages: s.Languages, Groups: groups, FeedURL: feedURL}
			data.Counts = counts(s, l.Code, statuses)
			title := c.Text(l.Code, "translations_title", nil)
			feedTitle := c.Text(l.Code, "translations_feed", map[string]any{"Language": l.Name})
			pages = append(pages, html.Extra{Lang: l.Code, Kind: "translations", Title: title, Path: statusPath, Data: data,
				Feeds: []html.Feed{{Type: "application/atom+xml", Title: feedTitle, URL: feedURL}}})
			if out := ls.Language.Prefix + statusPath + "atom.xml"; c.Wants(out) {
				if err := c.WriteFile(out, workFeed(c, ls, statuses, feedTitle)); err != nil {
					return err
				}
			}
		}
		people := contributors(ls)
		if len(people) == 0 {
			continue
		}
		if clash := taken(s, ls, contributorsPath); clash != "" {
			c.Diags.Warnf(clash, 0, "takes the URL %s%s, where communs writes the contributors page: that page is not written; change the slug", ls.Language.Prefix, contributorsPath)
			continue
		}
		pages = append(pages, html.Extra{Lang: l.Code, Kind: "contributors", Title: c.Text(l.Code, "contributors_title", nil),
			Path: contributorsPath, Data: &ContributorsPage{Lang: l.Code, People: people}})
	}
	return html.WriteExtra(ctx, c, pages)
}

// taken names what already writes the page at p in a language: a page, a
// section's list or an alias; "" when nothing does.
func taken(s *site.Site, ls *site.LangSite, p string) string {
	for _, q := range ls.All {
		if q.Path == p {
			return q.File
		}
	}
	for _, sec := range ls.Sections {
		if sec.Path == p {
			return "content/" + sec.Name
		}
	}
	for _, a := range s.Aliases {
		if a.Path == ls.Language.Prefix+p {
			return a.Page.File
		}
	}
	return ""
}

// rows lays the statuses out by group: the status page's table.
func rows(s *site.Site, statuses []*translate.PageStatus) []GroupRow {
	var out []GroupRow
	index := map[*site.Group]int{}
	for _, ps := range statuses {
		i, ok := index[ps.Group]
		if !ok {
			i = len(out)
			index[ps.Group] = i
			row := GroupRow{Key: ps.Key, Original: ps.OriginalPage}
			for _, l := range s.Languages {
				cell := Cell{Lang: l.Code}
				if l.Code == ps.OriginalPage.Lang {
					cell.Status, cell.Page = "original", ps.OriginalPage
				}
				row.Cells = append(row.Cells, cell)
			}
			out = append(out, row)
		}
		for j := range out[i].Cells {
			if cell := &out[i].Cells[j]; cell.Lang == ps.Language {
				cell.Status, cell.Page, cell.Changed = string(ps.Status), ps.Page, len(ps.Changed)
			}
		}
	}
	return out
}

// counts are the states of the translations into each language, the
// page's own language first.
func counts(s *site.Site, lang string, statuses []*translate.PageStatus) []Counts {
	by := map[string]*Counts{}
	for _, l := range s.Languages {
		by[l.Code] = &Counts{Lang: l.Code}
	}
	for _, ps := range statuses {
		c := by[ps.Language]
		switch ps.Status {
		case translate.Current:
			c.Current++
		case translate.Draft:
			c.Draft++
		case translate.Outdated:
			c.Outdated++
		case translate.Untracked:
			c.Untracked++
		case translate.Missing:
			c.Missing++
		}
	}
	var out []Counts
	add := func(code string) {
		c := by[code]
		if c.Current+c.Draft+c.Outdated+c.Untracked+c.Missing > 0 {
			out = append(out, *c)
		}
	}
	add(lang)
	for _, l := range s.Languages {
		if l.Code != lang {
			add(l.Code)
		}
	}
	return out
}

// contributors lists the translators and proofreaders of a language's
// pages, by name.
func contributors(ls *site.LangSite) []*Person {
	byName := map[string]*Person{}
	get := func(name string) *Person {
		p := byName[name]
		if p == nil {
			p = &Person{Name: name}
			byName[name] = p
		}
		return p
	}
	pages := append([]*site.Page(nil), ls.All...)
	site.SortByDate(pages)
	for _, pg := range pages {
		if pg.FrontMatter == nil {
			continue
		}
		for _, n := range pg.FrontMatter.Translators {
			p := get(n)
			p.Translated = append(p.Translated, pg)
		}
		for _, n := range pg.FrontMatter.Reviewers {
			p := get(n)
			p.Reviewed = append(p.Reviewed, pg)
		}
	}
	out := make([]*Person, 0, len(byName))
	for _, p := range byName {
		out = append(out, p)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := slug.Make(out[i].Name), slug.Make(out[j].Name)
		if a != b {
			return a < b
		}
		return out[i].Name < out[j].Name
	})
	ids := map[string]int{}
	for _, p := range out {
		id := "c-" + slug.Make(p.Name)
		if ids[id]++; ids[id] > 1 {
			id = fmt.Sprintf("%s-%d", id, ids[id])
		}
		p.ID = id
	}
	return out
}

// workFeed is the Atom feed of the pages to translate, update or check in a
// language: outdated first, then untracked, then missing, each newest
// original first.
func workFeed(c *builders.Context, ls *site.LangSite, statuses []*translate.PageStatus, title string) []byte {
	s := c.Site
	lang := ls.Language.Code
	var work []*translate.PageStatus
	for _, ps := range statuses {
		if ps.Language == lang && ps.Status != translate.Current {
			work = append(work, ps)
		}
	}
	rank := map[translate.Status]int{translate.Outdated: 0, translate.Untracked: 1, translate.Draft: 2, translate.Missing: 3}
	sort.SliceStable(work, func(i, j int) bool {
		a, b := work[i], work[j]
		if rank[a.Status] != rank[b.Status] {
			return rank[a.Status] < rank[b.Status]
		}
		return updated(s, a.OriginalPage).After(updated(s, b.OriginalPage))
	})
	if len(work) > feedEntries {
		work = work[:feedEntries]
	}
	var feedUpdated time.Time
	for _, ps := range work {
		if u := updated(s, ps.OriginalPage); u.After(feedUpdated) {
			feedUpdated = u
		}
	}
	if feedUpdated.IsZero() {
		feedUpdated = s.Now
	}
	self := s.AbsURL(ls.Language.Prefix + statusPath + "atom.xml")
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>` + "\n")
	fmt.Fprintf(&b, `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="%s">`+"\n", esc(lang))
	fmt.Fprintf(&b, "<title>%s</title>\n", esc(title))
	fmt.Fprintf(&b, "<id>%s</id>\n", esc(self))
	fmt.Fprintf(&b, `<link rel="self" type="application/atom+xml" href="%s"/>`+"\n", esc(self))
	fmt.Fprintf(&b, `<link rel="alternate" type="text/html" href="%s"/>`+"\n", esc(s.AbsURL(ls.Language.Prefix+statusPath)))
	fmt.Fprintf(&b, "<updated>%s</updated>\n", feedUpdated.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "<author><name>%s</name></author>\n", esc(ls.Language.Title))
	b.WriteString("<generator>communs</generator>\n")
	for _, ps := range work {
		o := ps.OriginalPage
		b.WriteString("<entry>\n")
		fmt.Fprintf(&b, "<title>%s</title>\n", esc(c.Text(lang, "translations_feed_"+string(ps.Status), map[string]any{"Title": o.Title})))
		fmt.Fprintf(&b, `<link rel="alternate" type="text/html" hreflang="%s" href="%s"/>`+"\n", esc(o.Lang), esc(o.Permalink))
		if ps.Page != nil {
			fmt.Fprintf(&b, `<link rel="related" type="text/html" hreflang="%s" href="%s"/>`+"\n", esc(ps.Page.Lang), esc(ps.Page.Permalink))
		}
		// A new version of the original is new work: a new entry.
		version := strings.TrimPrefix(translate.BodyDigest(o.Body), "w1:")
		fmt.Fprintf(&b, "<id>%s</id>\n", esc(fmt.Sprintf("%s#translation-%s-%s-%s", o.Permalink, lang, ps.Status, version)))
		fmt.Fprintf(&b, "<updated>%s</updated>\n", updated(s, o).UTC().Format(time.RFC3339))
		fmt.Fprintf(&b, "<summary>%s</summary>\n", esc(ps.Path))
		fmt.Fprintf(&b, `<content type="html">%s</content>`+"\n", esc(entryContent(c, lang, ps)))
		b.WriteString("</entry>\n")
	}
	b.WriteString("</feed>\n")
	return b.Bytes()
}

// entryContent is an entry's HTML: the paragraphs that changed, for an
// outdated translation; the original's summary otherwise.
func entryContent(c *builders.Context, lang string, ps *translate.PageStatus) string {
	var b strings.Builder
	if ps.Status == translate.Outdated && len(ps.Changed) > 0 {
		b.WriteString("<p>" + htmlEsc(c.Text(lang, "translations_changed", nil)) + "</p>\n")
		before, after := htmlEsc(c.Text(lang, "translations_before", nil)), htmlEsc(c.Text(lang, "translations_after", nil))
		for _, ch := range ps.Changed {
			if ch.Before != "" {
				fmt.Fprintf(&b, "<p><strong>%s</strong></p>\n<blockquote lang=\"%s\"><pre>%s</pre></blockquote>\n", before, htmlEsc(ps.OriginalPage.Lang), htmlEsc(ch.Before))
			}
			if ch.After != "" {
				fmt.Fprintf(&b, "<p><strong>%s</strong></p>\n<blockquote lang=\"%s\"><pre>%s</pre></blockquote>\n", after, htmlEsc(ps.OriginalPage.Lang), htmlEsc(ch.After))
			}
		}
		return b.String()
	}
	if r := ps.OriginalPage.Rendered; r != nil && r.Summary != "" {
		return "<p>" + feed.Absolutize(r.Summary, ps.OriginalPage.Permalink) + "</p>"
	}
	return ""
}

func updated(s *site.Site, p *site.Page) time.Time {
	if !p.Lastmod.IsZero() {
		return p.Lastmod
	}
	if !p.Date.IsZero() {
		return p.Date
	}
	return s.Now
}

func esc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func htmlEsc(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	return r.Replace(s)
}
