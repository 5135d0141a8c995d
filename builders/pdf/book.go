package pdf

import (
	"fmt"
	"strings"
	"time"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/markdown/typesetdoc"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/typeset"
	"github.com/communs/communs/internal/typeset/font"
)

// docBuilder assembles the typeset document of one page.
type docBuilder struct {
	c *builders.Context
	p *site.Page
}

// body writes the document the build read of a page's Markdown.
func (db *docBuilder) body(p *site.Page, prefix string) []typeset.Block {
	r := resolver{c: db.c, p: p}
	return typesetdoc.Blocks(db.c.Document(p), typesetdoc.Options{
		Prefix: prefix, Image: imageFile, Link: r.link,
		Warn: func(line int, msg string) { db.c.Diags.Warnf(p.File, line, "%s", msg) },
	})
}

func text(s string, st typeset.Style) []typeset.Inline {
	return []typeset.Inline{{Text: s, Style: st}}
}

func para(s string, size float64, st font.Style, align typeset.Align) *typeset.Paragraph {
	return &typeset.Paragraph{Inlines: text(s, typeset.Style{}), Size: size, Style: st, Align: align, NoIndent: true}
}

// document builds the document of a book (p is its front page) or of an
// article.
func document(c *builders.Context, p *site.Page, toc bool) *typeset.Document {
	db := &docBuilder{c: c, p: p}
	ls := c.Site.Langs[p.Lang]
	d := &typeset.Document{Lang: p.Lang, Title: p.Title, Subtitle: p.Subtitle, Authors: authors(p), Subject: subject(p)}
	if p.FrontMatter != nil {
		d.Keywords = p.FrontMatter.Tags
	}
	if p.Kind != site.KindBook || p.Book == nil {
		d.RunningTitle = ls.Language.Title
		ch := &typeset.Section{Kind: typeset.Chapter, Title: p.Title, ID: "article", Heading: text(p.Title, typeset.Style{}), File: p.File}
		if p.Subtitle != "" {
			ch.Subheading = text(p.Subtitle, typeset.Style{})
		}
		if line := db.byline(); line != "" {
			ch.Blocks = append(ch.Blocks, para(line, 0.9, font.Italic, typeset.Left), &typeset.Spacer{Lines: 1})
		}
		ch.Blocks = append(ch.Blocks, db.body(p, "a-")...)
		col := &typeset.Section{Kind: typeset.Chapter, Title: p.Title, SameFlow: true, File: p.File}
		col.Blocks = append([]typeset.Block{&typeset.Spacer{Lines: 1}, &typeset.Rule{}}, db.colophon(false)...)
		d.Sections = []*typeset.Section{ch, col}
		return d
	}
	book := p.Book
	d.RunningTitle = p.Title
	// Cover: the front matter's image, else typographic.
	cover := &typeset.Section{Kind: typeset.Cover, File: p.File}
	if p.FrontMatter != nil && p.FrontMatter.Cover != "" {
		if fi, ok := (resolver{c: c, p: p}).image(p.FrontMatter.Cover); ok {
			if fi.Problem == "" {
				cover.Blocks = []typeset.Block{&typeset.Figure{Path: fi.Path, Width: fi.Width, Height: fi.Height, Alt: p.Title, FullPage: true}}
			} else {
				c.Diags.Warnf(p.File, p.FrontMatter.Lines["cover"], "PDF: the cover %s %s: the PDF has a typographic cover instead", p.FrontMatter.Cover, fi.Problem)
			}
		}
	}
	if len(cover.Blocks) == 0 {
		cover.Blocks = append(cover.Blocks, para(p.Title, 2.4, font.Bold, typeset.Center))
		if p.Subtitle != "" {
			cover.Blocks = append(cover.Blocks, &typeset.Spacer{Lines: 1}, para(p.Subtitle, 1.3, font.Italic, typeset.Center))
		}
		if a := c.JoinNames(p.Lang, authors(p)); a != "" {
			cover.Blocks = append(cover.Blocks, &typeset.Spacer{Lines: 4}, para(a, 1.3, font.Regular, typeset.Center))
		}
	}
	// Title page.
	title := &typeset.Section{Kind: typeset.TitlePage, File: p.File}
	if a := c.JoinNames(p.Lang, authors(p)); a != "" {
		title.Blocks = append(title.Blocks, para(a, 1.15, font.Regular, typeset.Center), &typeset.Spacer{Lines: 3})
	}
	title.Blocks = append(title.Blocks, para(p.Title, 1.9, font.Bold, typeset.Center))
	if p.Subtitle != "" {
		title.Blocks = append(title.Blocks, &typeset.Spacer{Lines: 0.8}, para(p.Subtitle, 1.2, font.Italic, typeset.Center))
	}
	if pub := c.Site.Config.Publisher; pub != "" {
		title.Blocks = append(title.Blocks, &typeset.Spacer{Lines: 10}, para(pub, 1, font.Regular, typeset.Center))
	}
	colophon := &typeset.Section{Kind: typeset.Colophon, Blocks: db.colophon(true), File: p.File}
	d.Sections = []*typeset.Section{cover, title, colophon}
	if len(p.Body) > 0 && strings.TrimSpace(string(p.Body)) != "" {
		d.Sections = append(d.Sections, &typeset.Section{Kind: typeset.Chapter, ID: "intro", Blocks: db.body(p, "i-"), File: p.File})
	}
	var entries []typeset.TOCEntry
	var chapters []*typeset.Section
	for i, ch := range book.Chapters {
		id := fmt.Sprintf("c%d", i+1)
		sec := &typeset.Section{Kind: typeset.Chapter, Title: ch.Title, ID: id, Heading: text(ch.Title, typeset.Style{}), File: ch.File}
		if ch.Subtitle != "" {
			sec.Subheading = text(ch.Subtitle, typeset.Style{})
		}
		sec.Blocks = db.body(ch, id+"-")
		entries = append(entries, typeset.TOCEntry{Level: 1, Text: ch.Title, Anchor: id})
		for _, b := range sec.Blocks {
			if h, ok := b.(*typeset.Heading); ok && h.Level <= 2 && h.ID != "" {
				entries = append(entries, typeset.TOCEntry{Level: 2, Text: h.Text, Anchor: h.ID})
			}
		}
		chapters = append(chapters, sec)
	}
	if toc && len(entries) > 0 {
		contents := c.Text(p.Lang, "pdf_contents", nil)
		d.Sections = append(d.Sections, &typeset.Section{Kind: typeset.Contents, Title: contents, ID: "contents",
			Heading: text(contents, typeset.Style{}), Blocks: []typeset.Block{&typeset.TOC{Entries: entries}}, File: p.File})
	}
	d.Sections = append(d.Sections, chapters...)
	return d
}

// byline is an article's authors and date.
func (db *docBuilder) byline() string {
	var parts []string
	if a := db.c.JoinNames(db.p.Lang, authors(db.p)); a != "" {
		parts = append(parts, a)
	}
	if !db.p.Date.IsZero() {
		parts = append(parts, db.date(db.p.Date))
	}
	return strings.Join(parts, " — ")
}

func (db *docBuilder) date(t time.Time) string {
	lang := db.p.Lang
	if !db.c.Strings.Has(lang, "date_long") && !db.c.Strings.Has(db.c.Site.Config.DefaultLanguage, "date_long") {
		return t.Format("2006-01-02")
	}
	month := db.c.Text(lang, fmt.Sprintf("month_%d", int(t.Month())), nil)
	return db.c.Text(lang, "date_long", map[string]any{"Day": t.Day(), "Month": month, "Year": t.Year()})
}

// colophon lists title, authors, credits, source, licence, date and
// address.
func (db *docBuilder) colophon(book bool) []typeset.Block {
	c, p := db.c, db.p
	lang := p.Lang
	var out []typeset.Block
	small := func(inl []typeset.Inline) {
		out = append(out, &typeset.Paragraph{Inlines: inl, Size: 0.85, Align: typeset.Left, NoIndent: true})
	}
	line := func(s string) { small(text(s, typeset.Style{})) }
	if book {
		t := p.Title
		if p.Subtitle != "" {
			t += " – " + p.Subtitle
		}
		small(text(t, typeset.Style{Font: font.Italic}))
	}
	if a := c.JoinNames(lang, authors(p)); a != "" {
		line(c.Text(lang, "pdf_text_by", map[string]any{"Names": a}))
	}
	tr, rv := c.Credits(p)
	if tr != "" {
		line(tr)
	}
	if rv != "" {
		line(rv)
	}
	if src := p.FrontMatter.Source; src != nil && (src.Title != "" || src.URL != "") {
		var inl []typeset.Inline
		desc := ""
		if src.Title != "" {
			desc = c.Text(lang, "pdf_source_title", map[string]any{"Title": markdown.TitleText(lang, src.Title)})
		}
		if src.Author != "" {
			desc = strings.TrimSpace(desc + " " + c.Text(lang, "original_by", map[string]any{"Author": src.Author}))
		}
		inl = append(inl, typeset.Inline{Text: c.Text(lang, "pdf_original", map[string]any{"Source": desc})})
		if src.URL != "" {
			inl = append(inl, typeset.Inline{Text: ", "}, typeset.Inline{Text: src.URL, Style: typeset.Style{Link: escapeURL(src.URL), URL: true}})
		}
		small(inl)
	}
	if p.License != nil {
		small([]typeset.Inline{{Text: c.Text(lang, "pdf_license", map[string]any{"License": p.License.Name(lang)})}, {Text: " "},
			{Text: p.License.URLFor(lang), Style: typeset.Style{Link: p.License.URLFor(lang), URL: true}}})
	}
	var pubDate []string
	if pub := c.Site.Config.Publisher; pub != "" && book {
		pubDate = append(pubDate, pub)
	}
	if !p.Date.IsZero() && book {
		pubDate = append(pubDate, db.date(p.Date))
	}
	if len(pubDate) > 0 {
		line(strings.Join(pubDate, ", "))
	}
	if p.Permalink != "" {
		small([]typeset.Inline{{Text: c.Text(lang, "pdf_online", nil) + " "},
			{Text: p.Permalink, Style: typeset.Style{Link: escapeURL(p.Permalink), URL: true}}})
	}
	line(c.Text(lang, "pdf_typeset", nil))
	return out
}
