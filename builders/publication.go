package builders

import (
	"crypto/sha1"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/site"
)

// Publication is a book or an article as its EPUB and its PDF present it:
// its pages and what they say about it, read once from the site model so
// that both outputs carry the same credits and the same colophon.
type Publication struct {
	// Page is the book's landing page (content/books/<slug>/_index.md) or
	// the article: it gives the metadata and where the files go.
	Page *site.Page
	// Chapters are a book's chapters in order; nil for an article.
	Chapters []*site.Page

	Lang            string
	Title, Subtitle string // with the language's typography
	// Authors are the names on the cover and the title page: the page's
	// own, else its chapters', once each, in order.
	Authors []string
	// Creators are Authors, then the chapters' own authors not among
	// them: everyone who wrote part of the text.
	Creators []string
	// Translators and Reviewers are those of every page, once each.
	Translators, Reviewers []string
	// TranslationTeam names the translators' group (params.translationTeam
	// of site.toml), or is "".
	TranslationTeam string
	// Source is the original of a translated text; nil when the front
	// matter names neither its title nor its address.
	Source  *site.Source
	License *site.License
	// Date and Lastmod are the page's; Modified is the date the files give
	// as theirs (see Modified).
	Date, Lastmod, Modified time.Time
	Publisher               string // site.toml's, with the text's typography
	Permalink               string
	// Identifier is a name-based UUID URN: the same publication keeps it
	// from one build to the next, and a translation has its own.
	Identifier string
	// Cover is the front matter's cover image, a file of the page's
	// bundle, or ""; CoverLine is the line it is set on, for messages.
	Cover     string
	CoverLine int
	// Description is the front matter's description, else its summary,
	// as plain text.
	Description string
	Keywords    []string // the tags, once each
	Series      string   // the series' name, when the page is numbered in one
	SeriesIndex int
}

// NewPublication reads the publication of a book's landing page (with its
// chapters) or of an article.
func NewPublication(s *site.Site, p *site.Page) *Publication {
	pub := &Publication{Page: p, Lang: p.Lang, Title: p.Title, Subtitle: p.Subtitle,
		License: p.License, Date: p.Date, Lastmod: p.Lastmod, Permalink: p.Permalink}
	if p.Kind == site.KindBook && p.Book != nil {
		pub.Chapters = p.Book.Chapters
	}
	fm := p.FrontMatter
	if fm == nil {
		fm = &site.FrontMatter{}
	}
	pages := pub.Pages()
	all := func(get func(*site.FrontMatter) []string) []string {
		var names []string
		for _, q := range pages {
			if q.FrontMatter != nil {
				names = append(names, get(q.FrontMatter)...)
			}
		}
		return uniqueNames(names)
	}
	writers := all(func(fm *site.FrontMatter) []string { return fm.Authors })
	pub.Authors = uniqueNames(fm.Authors)
	if len(pub.Authors) == 0 {
		pub.Authors = writers
	}
	pub.Creators = uniqueNames(append(slices.Clone(pub.Authors), writers...))
	pub.Translators = all(func(fm *site.FrontMatter) []string { return fm.Translators })
	pub.Reviewers = all(func(fm *site.FrontMatter) []string { return fm.Reviewers })
	if src := fm.Source; src != nil && (src.Title != "" || src.URL != "") {
		cp := *src
		pub.Source = &cp
	}
	pub.Modified = Modified(s, pages)
	pub.Identifier = identifier(s, p)
	pub.Cover, pub.CoverLine = fm.Cover, fm.Lines["cover"]
	switch {
	case fm.Description != "":
		pub.Description = markdown.TitleText(p.Lang, fm.Description)
	case fm.Summary != "":
		pub.Description = markdown.TitleText(p.Lang, fm.Summary)
	}
	if len(p.Tags) > 0 {
		for _, t := range p.Tags {
			pub.Keywords = append(pub.Keywords, t.Name)
		}
	} else {
		pub.Keywords = slices.Clone(fm.Tags)
	}
	pub.Keywords = uniqueNames(pub.Keywords)
	if p.Series != nil && p.SeriesIndex > 0 {
		pub.Series, pub.SeriesIndex = p.Series.Name, p.SeriesIndex
	}
	if s.Config != nil {
		pub.Publisher = markdown.TitleText(p.Lang, strings.TrimSpace(s.Config.Publisher))
		pub.TranslationTeam, _ = s.Config.Params["translationTeam"].(string)
	}
	return pub
}

// IsBook tells a book from an article.
func (pub *Publication) IsBook() bool { return pub.Chapters != nil || pub.Page.Kind == site.KindBook }

// Pages are every page whose text is in the publication: the landing
// page, then the chapters.
func (pub *Publication) Pages() []*site.Page {
	return append([]*site.Page{pub.Page}, pub.Chapters...)
}

// ChapterAuthors are a chapter's own authors when they are not the
// publication's (in whatever order): the names under its title.
func (pub *Publication) ChapterAuthors(ch *site.Page) []string {
	if ch == pub.Page || ch.FrontMatter == nil {
		return nil
	}
	own := uniqueNames(ch.FrontMatter.Authors)
	if len(own) == 0 || len(own) == len(pub.Authors) && !slices.ContainsFunc(own, func(n string) bool { return !slices.Contains(pub.Authors, n) }) {
		return nil
	}
	return own
}

// uniqueNames trims names and keeps the first of each, in order.
func uniqueNames(names []string) []string {
	var out []string
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// identifier is a name-based (version 5) UUID of the site's URL, the
// language, the section and the slug.
func identifier(s *site.Site, p *site.Page) string {
	base := ""
	if s.Config != nil && s.Config.Base != nil {
		base = s.Config.Base.String()
	}
	slug := p.Slug
	if p.Book != nil && p.Kind == site.KindBook {
		slug = p.Book.Slug
	}
	name := base + "|" + p.Lang + "|" + p.Section + "/" + slug
	// RFC 4122 namespace for URLs.
	ns := []byte{0x6b, 0xa7, 0xb8, 0x11, 0x9d, 0xad, 0x11, 0xd1, 0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8}
	h := sha1.New()
	h.Write(ns)
	h.Write([]byte(name))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	return fmt.Sprintf("urn:uuid:%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// coverKey keys a publication's cover file in Context.Once.
type coverKey struct{ p *site.Page }

// CoverFile is the cover image's file, "" when there is none or it
// cannot be shown: a cover that names no file of the page's folder, or
// an empty or damaged file, is reported here, once per build, for the
// EPUB and the PDF alike. What one format cannot hold (an AVIF for the
// PDF) is each builder's to say.
func (pub *Publication) CoverFile(c *Context) string {
	if pub.Cover == "" {
		return ""
	}
	return c.Once(coverKey{pub.Page}, func() any {
		p := pub.Page
		clean := path.Clean(strings.TrimPrefix(pub.Cover, "./"))
		for _, r := range p.Resources {
			if r.Name != clean {
				continue
			}
			if info := c.linkIndex().imageInfo(r.Abs); info.damaged != "" {
				c.Diags.Warnf(p.File, pub.CoverLine, "cover %q is an empty or damaged image file: the EPUB and the PDF get a typographic cover; export the image again", pub.Cover)
				return ""
			}
			return r.Abs
		}
		c.Diags.Warnf(p.File, pub.CoverLine, "cover %q is no file of the page's folder; the EPUB and the PDF get a typographic cover (put the image beside %s)", pub.Cover, path.Base(p.File))
		return ""
	}).(string)
}
