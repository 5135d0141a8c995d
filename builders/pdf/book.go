package pdf

import (
	"fmt"
	"strings"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/markdown/typesetdoc"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/typeset"
	"github.com/communs/communs/internal/typeset/font"
)

// docBuilder assembles the typeset document of one page.
type docBuilder struct {
	c   *builders.Context
	p   *site.Page
	pub *builders.Publication
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

// document builds the document of a book or of an article.
func document(c *builders.Context, pub *builders.Publication, toc bool) *typeset.Document {
	p := pub.Page
	db := &docBuilder{c: c, p: p, pub: pub}
	ls := c.Site.Langs[p.Lang]
	d := &typeset.Document{Lang: p.Lang, Title: pub.Title, Subtitle: pub.Subtitle, Authors: pub.Authors, Subject: pub.Description, Keywords: pub.Keywords}
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
		col.Blocks = append([]typeset.Block{&typeset.Spacer{Lines: 1}, &typeset.Rule{}}, db.colophon()...)
		d.Sections = []*typeset.Section{ch, col}
		return d
	}
	d.RunningTitle = pub.Title
	authors := c.JoinNames(pub.Lang, pub.Authors)
	// Cover: the front matter's image, else typographic.
	cover := &typeset.Section{Kind: typeset.Cover, File: p.File}
	if file := pub.CoverFile(c); file != "" {
		if fi, ok := imageFile(file); ok && fi.Problem == "" {
			cover.Blocks = []typeset.Block{&typeset.Figure{Path: fi.Path, Width: fi.Width, Height: fi.Height, Alt: pub.Title, FullPage: true}}
		} else if ok {
			c.Diags.Warnf(p.File, pub.CoverLine, "PDF: the cover %s %s: the PDF has a typographic cover instead", pub.Cover, fi.Problem)
		}
	}
	if len(cover.Blocks) == 0 {
		cover.Blocks = append(cover.Blocks, para(pub.Title, 2.4, font.Bold, typeset.Center))
		if pub.Subtitle != "" {
			cover.Blocks = append(cover.Blocks, &typeset.Spacer{Lines: 1}, para(pub.Subtitle, 1.3, font.Italic, typeset.Center))
		}
		if authors != "" {
			cover.Blocks = append(cover.Blocks, &typeset.Spacer{Lines: 4}, para(authors, 1.3, font.Regular, typeset.Center))
		}
	}
	// Title page.
	title := &typeset.Section{Kind: typeset.TitlePage, File: p.File}
	if authors != "" {
		title.Blocks = append(title.Blocks, para(authors, 1.15, font.Regular, typeset.Center), &typeset.Spacer{Lines: 3})
	}
	title.Blocks = append(title.Blocks, para(pub.Title, 1.9, font.Bold, typeset.Center))
	if pub.Subtitle != "" {
		title.Blocks = append(title.Blocks, &typeset.Spacer{Lines: 0.8}, para(pub.Subtitle, 1.2, font.Italic, typeset.Center))
	}
	if pub.Publisher != "" {
		title.Blocks = append(title.Blocks, &typeset.Spacer{Lines: 10}, para(pub.Publisher, 1, font.Regular, typeset.Center))
	}
	colophon := &typeset.Section{Kind: typeset.Colophon, Blocks: db.colophon(), File: p.File}
	d.Sections = []*typeset.Section{cover, title, colophon}
	if len(p.Body) > 0 && strings.TrimSpace(string(p.Body)) != "" {
		d.Sections = append(d.Sections, &typeset.Section{Kind: typeset.Chapter, ID: "intro", Blocks: db.body(p, "i-"), File: p.File})
	}
	var entries []typeset.TOCEntry
	var chapters []*typeset.Section
	for i, ch := range pub.Chapters {
		id := fmt.Sprintf("c%d", i+1)
		sec := &typeset.Section{Kind: typeset.Chapter, Title: ch.Title, ID: id, Heading: text(ch.Title, typeset.Style{}), File: ch.File}
		if ch.Subtitle != "" {
			sec.Subheading = text(ch.Subtitle, typeset.Style{})
		}
		if a := pub.ChapterAuthors(ch); len(a) > 0 {
			by := c.Text(pub.Lang, "by", map[string]any{"Names": c.JoinNames(pub.Lang, a)})
			sec.Blocks = append(sec.Blocks, para(by, 0.9, font.Italic, typeset.Left), &typeset.Spacer{Lines: 1})
		}
		sec.Blocks = append(sec.Blocks, db.body(ch, id+"-")...)
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
	if a := db.c.JoinNames(db.pub.Lang, db.pub.Authors); a != "" {
		parts = append(parts, a)
	}
	if !db.pub.Date.IsZero() {
		parts = append(parts, db.c.LongDate(db.pub.Lang, db.pub.Date))
	}
	return strings.Join(parts, " — ")
}

// colophon sets the lines the EPUB's colophon has too, then how the PDF
// was made.
func (db *docBuilder) colophon() []typeset.Block {
	var out []typeset.Block
	small := func(inl []typeset.Inline) {
		out = append(out, &typeset.Paragraph{Inlines: inl, Size: 0.85, Align: typeset.Left, NoIndent: true})
	}
	for _, l := range db.pub.Colophon(db.c) {
		var inl []typeset.Inline
		for _, sp := range l.Spans {
			in := typeset.Inline{Text: sp.Text}
			if sp.Cite {
				in.Style.Font = font.Italic
			}
			if sp.Link != "" {
				in.Style.Link = escapeURL(sp.Link)
				in.Style.URL = sp.IsAddress()
			}
			inl = append(inl, in)
			if sp.Link != "" && !sp.IsAddress() {
				// On paper a link is not followed: its address is printed
				// too (the licence's, which CC licences ask for).
				inl = append(inl, typeset.Inline{Text: " ("}, typeset.Inline{Text: sp.Link, Style: typeset.Style{Link: escapeURL(sp.Link), URL: true}}, typeset.Inline{Text: ")"})
			}
		}
		small(inl)
	}
	small(text(db.c.Text(db.pub.Lang, "pdf_typeset", nil), typeset.Style{}))
	return out
}
