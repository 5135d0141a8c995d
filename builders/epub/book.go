package epub

import (
	"bytes"
	"crypto/sha1"
	"fmt"
	"path"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/translate"
)

// book is one EPUB being made.
type book struct {
	m    *Maker
	c    *builders.Context
	pub  *Publication
	page *site.Page
	lang string

	images *imageSet
	cover  *packedImage // nil: a generated cover
	docOf  map[*site.Page]string
	// docOfFile is docOf by source file, for links.
	docOfFile map[string]string
	intro     *markdown.XHTMLResult // a book's landing page text, on its title page
	docs      []*chapter

	id       string // urn:uuid:…
	modified time.Time
}

// chapter is one XHTML document of the text.
type chapter struct {
	page  *site.Page
	href  string
	id    string
	title string
	res   *markdown.XHTMLResult
}

const (
	coverDoc    = "cover.xhtml"
	titleDoc    = "titlepage.xhtml"
	colophonDoc = "colophon.xhtml"
	navDoc      = "nav.xhtml"
	ncxFile     = "toc.ncx"
	cssFile     = "css/book.css"
	coverSVG    = "cover.svg"
	pkgDir      = "EPUB/"
)

func newBook(m *Maker, pub *Publication) *book {
	p := pub.Page
	b := &book{m: m, c: m.c, pub: pub, page: p, lang: p.Lang, images: newImageSet(), docOf: map[*site.Page]string{}}
	if pub.IsBook() && len(pub.Chapters) > 0 {
		b.docOf[p] = titleDoc
		width := len(fmt.Sprint(len(pub.Chapters)))
		if width < 2 {
			width = 2
		}
		for i, ch := range pub.Chapters {
			href := fmt.Sprintf("chapter-%0*d.xhtml", width, i+1)
			b.docOf[ch] = href
			b.docs = append(b.docs, &chapter{page: ch, href: href, id: strings.TrimSuffix(href, ".xhtml"), title: ch.Title})
		}
	} else {
		b.docOf[p] = "text.xhtml"
		b.docs = []*chapter{{page: p, href: "text.xhtml", id: "text", title: p.Title}}
	}
	b.id = identifier(m.c.Site, p)
	b.modified = builders.Modified(m.c.Site, b.pages())
	return b
}

// pages are every page whose text is in the EPUB.
func (b *book) pages() []*site.Page {
	out := []*site.Page{b.page}
	if b.pub.IsBook() {
		out = append(out, b.pub.Chapters...)
	}
	return out
}

// identifier is a name-based (version 5) UUID of the site's URL, the
// language, the section and the slug: the same book keeps its identifier
// from one build to the next, and a translation has its own.
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

// convert turns the cover and every page's Markdown into the package's
// parts, from the documents the build read.
func (b *book) convert() error {
	if cover := b.page.FrontMatter.Cover; cover != "" {
		b.findCover(cover)
	}
	b.docOfFile = map[string]string{}
	for p, href := range b.docOf {
		b.docOfFile[p.File] = href
	}
	w := markdown.NewXHTMLWriter(b.lang)
	render := func(p *site.Page) (*markdown.XHTMLResult, error) {
		return w.Render(b.c.Document(p), markdown.XHTMLOptions{
			Image: func(img markdown.ImageRef) (string, int, int, bool) { return b.packImage(p, img) },
			Link:  func(dest string, l *markdown.Link) string { return b.href(p, dest, l) },
		})
	}
	if b.docs[0].page != b.page && len(bytes.TrimSpace(b.page.Body)) > 0 {
		res, err := render(b.page)
		if err != nil {
			return err
		}
		b.intro = res
	}
	for _, d := range b.docs {
		res, err := render(d.page)
		if err != nil {
			return err
		}
		d.res = res
	}
	return nil
}

// findCover packages the cover named in the front matter, a file of the
// page's bundle; without one the EPUB gets a generated cover.
func (b *book) findCover(name string) {
	p := b.page
	line := p.FrontMatter.Lines["cover"]
	clean := path.Clean(strings.TrimPrefix(name, "./"))
	for _, r := range p.Resources {
		if r.Name == clean {
			pic := b.m.picture(r.Abs)
			if pic.problem != "" {
				b.c.Diags.Warnf(p.File, line, "cover %q %s; the EPUB gets a generated cover", name, pic.problem)
				return
			}
			b.cover = b.images.add(r.Abs, pic)
			b.cover.cover = true
			return
		}
	}
	b.c.Diags.Warnf(p.File, line, "cover %q is no file of the page's folder; the EPUB gets a generated cover (put the image beside %s)", name, path.Base(p.File))
}

// text is an interface string as plain text with the language's typography.
func (b *book) text(key string, data map[string]any) string {
	return b.c.Text(b.lang, key, data)
}

// esc escapes plain text for XHTML.
func esc(s string) string { return markdown.EscapeXML(s) }

// people lists the names of one role across the publication's pages, in
// order, once each.
func (b *book) people(get func(*site.FrontMatter) []string) []string {
	var all []string
	for _, p := range b.pages() {
		if p.FrontMatter != nil {
			all = append(all, get(p.FrontMatter)...)
		}
	}
	return uniqueNames(all)
}

// authors are the names on the cover and the title page: the book's (or
// article's) own, else its chapters'.
func (b *book) authors() []string {
	if own := b.page.FrontMatter.Authors; len(own) > 0 {
		return uniqueNames(own)
	}
	return b.people(func(fm *site.FrontMatter) []string { return fm.Authors })
}

func uniqueNames(names []string) []string {
	var out []string
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" && !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	return out
}

// creators are the book's authors, then the chapters' own.
func (b *book) creators() []string {
	out := b.authors()
	for _, a := range b.people(func(fm *site.FrontMatter) []string { return fm.Authors }) {
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

func (b *book) translators() []string {
	return b.people(func(fm *site.FrontMatter) []string { return fm.Translators })
}

func (b *book) reviewers() []string {
	return b.people(func(fm *site.FrontMatter) []string { return fm.Reviewers })
}

// imageCounts tells how many images the text shows, and how many of them
// have no alternative text (the cover always has one).
func (b *book) imageCounts() (images, noAlt int) {
	if b.cover != nil {
		images++
	}
	if b.intro != nil {
		images += b.intro.Images
		noAlt += b.intro.NoAlt
	}
	for _, d := range b.docs {
		images += d.res.Images
		noAlt += d.res.NoAlt
	}
	return images, noAlt
}

// description is the publication's summary as plain text.
func (b *book) description() string {
	fm := b.page.FrontMatter
	switch {
	case fm.Description != "":
		return fm.Description
	case fm.Summary != "":
		return fm.Summary
	case b.intro != nil:
		return firstParagraph(b.intro.HTML, b.c.Site.Config.SummaryWords)
	case b.docs[0].page == b.page:
		return firstParagraph(b.docs[0].res.HTML, b.c.Site.Config.SummaryWords)
	}
	return ""
}

// firstParagraph is the text of the first paragraph with words of an
// XHTML fragment, without note calls, cut after limit words.
func firstParagraph(frag []byte, limit int) string {
	if limit <= 0 {
		limit = 70
	}
	z := html.NewTokenizer(bytes.NewReader(frag))
	var b strings.Builder
	depth, skip := 0, 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return cutWords(b.String(), limit)
		case html.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "p":
				depth++
			case "sup", "aside", "figure":
				skip++
			}
		case html.SelfClosingTagToken:
			if name, _ := z.TagName(); string(name) == "br" && depth > 0 {
				b.WriteByte(' ')
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "p":
				depth--
				if depth == 0 && strings.TrimSpace(b.String()) != "" {
					return cutWords(b.String(), limit)
				}
			case "sup", "aside", "figure":
				skip--
			}
		case html.TextToken:
			if depth > 0 && skip == 0 {
				b.Write(z.Text())
			}
		}
	}
}

// cutWords folds white space and keeps at most limit words.
func cutWords(s string, limit int) string {
	words := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' || r == '\r' })
	if len(words) > limit {
		return strings.Join(words[:limit], " ") + "…"
	}
	return strings.Join(words, " ")
}

// dateText is a date as the reader's language writes it.
func (b *book) dateText(t time.Time) string {
	if loc := b.c.Site.Config.Location; loc != nil {
		t = t.In(loc)
	}
	month := b.text(fmt.Sprintf("month_%d", int(t.Month())), nil)
	return b.text("date_long", map[string]any{"Day": t.Day(), "Month": month, "Year": t.Year()})
}

// publisher is the publishing house of site.toml, with the typography of
// the text.
func (b *book) publisher() string {
	return markdown.TitleText(b.lang, strings.TrimSpace(b.c.Site.Config.Publisher))
}

func (b *book) langName(code string) string {
	for _, l := range b.c.Site.Languages {
		if l.Code == code && l.Name != "" {
			return l.Name
		}
	}
	return code
}

// langNameIn names a language in the book's ("in French" in an English
// book), else as the language calls itself.
func (b *book) langNameIn(code string) string {
	if n := translate.LanguageNameIn(code, b.lang); n != "" {
		return n
	}
	return b.langName(code)
}

// assemble writes every file of the container, in their final order.
func (b *book) assemble() []file {
	files := []file{
		{name: "mimetype", data: []byte("application/epub+zip"), store: true},
		{name: "META-INF/container.xml", data: []byte(containerXML)},
		{name: pkgDir + "package.opf", data: b.opf()},
		{name: pkgDir + navDoc, data: b.nav()},
		{name: pkgDir + ncxFile, data: b.ncx()},
		{name: pkgDir + cssFile, data: []byte(b.m.css)},
		{name: pkgDir + coverDoc, data: b.coverPage()},
		{name: pkgDir + titleDoc, data: b.titlePage()},
		{name: pkgDir + colophonDoc, data: b.colophon()},
	}
	for _, d := range b.docs {
		files = append(files, file{name: pkgDir + d.href, data: b.chapterPage(d)})
	}
	if b.m.embedFont {
		for _, f := range bodyFonts {
			files = append(files, file{name: pkgDir + f.href, data: f.data})
		}
	}
	if b.cover == nil {
		files = append(files, file{name: pkgDir + coverSVG, data: b.generatedCover()})
	}
	for _, im := range b.images.list {
		files = append(files, file{name: pkgDir + im.href, data: im.pic.data, store: im.pic.mediaType != "image/svg+xml"})
	}
	return files
}

const containerXML = `<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
`

// direction is the writing direction of a language.
func direction(lang string) string {
	switch strings.SplitN(lang, "-", 2)[0] {
	case "ar", "he", "fa", "ur", "yi":
		return "rtl"
	}
	return ""
}

// page writes a complete XHTML content document.
func (b *book) xhtml(title, bodyType string, body func(w *bytes.Buffer)) []byte {
	var w bytes.Buffer
	w.Grow(4096)
	w.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n")
	fmt.Fprintf(&w, `<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" lang="%s" xml:lang="%s"`, esc(b.lang), esc(b.lang))
	if dir := direction(b.lang); dir != "" {
		fmt.Fprintf(&w, ` dir="%s"`, dir)
	}
	w.WriteString(">\n<head>\n<title>" + esc(title) + "</title>\n")
	w.WriteString("<link rel=\"stylesheet\" type=\"text/css\" href=\"" + cssFile + "\" />\n</head>\n")
	if bodyType != "" {
		fmt.Fprintf(&w, "<body epub:type=\"%s\">\n", bodyType)
	} else {
		w.WriteString("<body>\n")
	}
	body(&w)
	w.WriteString("</body>\n</html>\n")
	return w.Bytes()
}

func (b *book) coverAlt() string {
	return b.text("cover_of", map[string]any{"Title": b.page.Title})
}

func (b *book) coverPage() []byte {
	return b.xhtml(b.text("epub_cover", nil), "cover", func(w *bytes.Buffer) {
		src := coverSVG
		if b.cover != nil {
			src = b.cover.href
		}
		w.WriteString("<section class=\"cover\" epub:type=\"cover\">\n")
		fmt.Fprintf(w, "<img src=\"%s\" alt=\"%s\" />\n", esc(src), esc(b.coverAlt()))
		w.WriteString("</section>\n")
	})
}

func (b *book) titlePage() []byte {
	p := b.page
	return b.xhtml(p.Title, "frontmatter", func(w *bytes.Buffer) {
		w.WriteString("<section class=\"titlepage\" epub:type=\"titlepage\">\n")
		if a := b.authors(); len(a) > 0 {
			w.WriteString("<p class=\"authors\">" + esc(b.c.JoinNames(b.lang, a)) + "</p>\n")
		}
		w.WriteString("<h1 class=\"title\">" + esc(p.Title) + "</h1>\n")
		if p.Subtitle != "" {
			w.WriteString("<p class=\"subtitle\">" + esc(p.Subtitle) + "</p>\n")
		}
		if pub := b.publisher(); pub != "" {
			w.WriteString("<p class=\"publisher\">" + esc(pub) + "</p>\n")
		}
		if b.intro != nil {
			w.WriteString("<div class=\"presentation\">\n")
			w.Write(b.intro.HTML)
			w.WriteString("</div>\n")
		}
		w.WriteString("</section>\n")
	})
}

// placeholder stands for a link inside an interface string.
const placeholder = "\ue000"

func (b *book) colophon() []byte {
	p := b.page
	fm := p.FrontMatter
	title := b.text("epub_colophon", nil)
	return b.xhtml(title, "frontmatter", func(w *bytes.Buffer) {
		w.WriteString("<section class=\"colophon\" epub:type=\"copyright-page\">\n")
		w.WriteString("<h1>" + esc(title) + "</h1>\n")
		w.WriteString("<p class=\"book-title\"><cite>" + esc(p.Title) + "</cite>")
		if p.Subtitle != "" {
			w.WriteString(" — " + esc(p.Subtitle))
		}
		w.WriteString("</p>\n")
		if a := b.authors(); len(a) > 0 {
			w.WriteString("<p class=\"authors\">" + esc(b.text("by", map[string]any{"Names": b.c.JoinNames(b.lang, a)})) + "</p>\n")
		}
		if src := fm.Source; src != nil && (src.Title != "" || src.URL != "") {
			w.WriteString("<p class=\"source\">" + esc(b.text("original_text", nil)) + " ")
			label := src.Title
			if label == "" {
				label = src.URL
			}
			if src.URL != "" {
				fmt.Fprintf(w, "<a href=\"%s\"", esc(src.URL))
				if src.Language != "" {
					fmt.Fprintf(w, " hreflang=\"%s\"", esc(src.Language))
				}
				w.WriteString("><cite>" + esc(label) + "</cite></a>")
			} else {
				w.WriteString("<cite>" + esc(label) + "</cite>")
			}
			if src.Author != "" {
				w.WriteString(" " + esc(b.text("original_by", map[string]any{"Author": src.Author})))
			}
			if src.Language != "" {
				w.WriteString(" " + esc(b.text("original_in", map[string]any{"Language": b.langNameIn(src.Language)})))
			}
			if src.Date != "" {
				w.WriteString(" (" + esc(src.Date) + ")")
			}
			w.WriteString("</p>\n")
		}
		team, _ := b.c.Site.Config.Params["translationTeam"].(string)
		if t := b.translators(); len(t) > 0 {
			w.WriteString("<p class=\"translators\">" + esc(b.text("translated_by", map[string]any{"Names": b.c.JoinNames(b.lang, t), "Team": team})) + "</p>\n")
		}
		if r := b.reviewers(); len(r) > 0 {
			w.WriteString("<p class=\"reviewers\">" + esc(b.text("reviewed_by", map[string]any{"Names": b.c.JoinNames(b.lang, r)})) + "</p>\n")
		}
		if !p.Date.IsZero() {
			w.WriteString("<p class=\"date\">" + esc(b.text("published_on", map[string]any{"Date": b.dateText(p.Date)})))
			if !p.Lastmod.IsZero() && p.Lastmod.After(p.Date) && !sameDay(p.Lastmod, p.Date, b.c.Site.Config.Location) {
				w.WriteString(", " + esc(b.text("updated_on", map[string]any{"Date": b.dateText(p.Lastmod)})))
			}
			w.WriteString("</p>\n")
		}
		if pub := b.publisher(); pub != "" {
			w.WriteString("<p class=\"publisher\">" + esc(pub) + "</p>\n")
		}
		if l := p.License; l != nil {
			link := fmt.Sprintf("<a href=\"%s\" rel=\"license\">%s</a>", esc(l.URLFor(b.lang)), esc(l.Name(b.lang)))
			notice := b.text("license_notice", map[string]any{"License": placeholder})
			before, after, found := strings.Cut(notice, placeholder)
			if found {
				w.WriteString("<p class=\"license\">" + esc(before) + link + esc(after) + "</p>\n")
			} else {
				w.WriteString("<p class=\"license\">" + esc(notice) + " " + link + "</p>\n")
			}
		}
		if p.Permalink != "" {
			fmt.Fprintf(w, "<p class=\"online\">%s <a href=\"%s\">%s</a></p>\n", esc(b.text("epub_online", nil)), esc(p.Permalink), esc(p.Permalink))
		}
		w.WriteString("<p class=\"made-with\">" + esc(b.text("made_with", nil)) + "</p>\n")
		w.WriteString("</section>\n")
	})
}

func sameDay(a, b time.Time, loc *time.Location) bool {
	if loc != nil {
		a, b = a.In(loc), b.In(loc)
	}
	return a.Format("2006-01-02") == b.Format("2006-01-02")
}

func (b *book) chapterPage(d *chapter) []byte {
	return b.xhtml(d.title, "bodymatter", func(w *bytes.Buffer) {
		w.WriteString("<section class=\"chapter\" epub:type=\"chapter\" role=\"doc-chapter\">\n")
		w.WriteString("<h1>" + esc(d.title) + "</h1>\n")
		if d.page.Subtitle != "" {
			w.WriteString("<p class=\"subtitle\">" + esc(d.page.Subtitle) + "</p>\n")
		}
		if d.page != b.page && d.page.FrontMatter != nil && len(d.page.FrontMatter.Authors) > 0 && !sameNames(d.page.FrontMatter.Authors, b.authors()) {
			w.WriteString("<p class=\"byline\">" + esc(b.text("by", map[string]any{"Names": b.c.JoinNames(b.lang, d.page.FrontMatter.Authors)})) + "</p>\n")
		}
		w.Write(d.res.HTML)
		w.WriteString("</section>\n")
	})
}

func sameNames(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.TrimSpace(a[i]) != strings.TrimSpace(b[i]) {
			return false
		}
	}
	return true
}
