package epub

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"golang.org/x/net/html"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/site"
)

// book is one EPUB being made.
type book struct {
	m    *Maker
	c    *builders.Context
	pub  *builders.Publication
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

func newBook(m *Maker, pub *builders.Publication) *book {
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
	b.id = pub.Identifier
	b.modified = pub.Modified
	return b
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
	file := b.pub.CoverFile(b.c)
	if file == "" {
		return // none, or reported for the EPUB and the PDF
	}
	pic := b.m.picture(file)
	if pic.problem != "" {
		why := strings.Replace(pic.problem, ": the EPUB shows its description instead", "", 1)
		b.c.Diags.Warnf(p.File, b.pub.CoverLine, "EPUB: the cover %q %s; the EPUB gets a typographic cover", name, why)
		return
	}
	b.cover = b.images.add(file, pic)
	b.cover.cover = true
}

// text is an interface string as plain text with the language's typography.
func (b *book) text(key string, data map[string]any) string {
	return b.c.Text(b.lang, key, data)
}

// esc escapes plain text for XHTML.
func esc(s string) string { return markdown.EscapeXML(s) }

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
	switch {
	case b.pub.Description != "":
		return b.pub.Description
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
	pub := b.pub
	return b.xhtml(pub.Title, "frontmatter", func(w *bytes.Buffer) {
		w.WriteString("<section class=\"titlepage\" epub:type=\"titlepage\">\n")
		if len(pub.Authors) > 0 {
			w.WriteString("<p class=\"authors\">" + esc(b.c.JoinNames(b.lang, pub.Authors)) + "</p>\n")
		}
		w.WriteString("<h1 class=\"title\">" + esc(pub.Title) + "</h1>\n")
		if pub.Subtitle != "" {
			w.WriteString("<p class=\"subtitle\">" + esc(pub.Subtitle) + "</p>\n")
		}
		if pub.Publisher != "" {
			w.WriteString("<p class=\"publisher\">" + esc(pub.Publisher) + "</p>\n")
		}
		if b.intro != nil {
			w.WriteString("<div class=\"presentation\">\n")
			w.Write(b.intro.HTML)
			w.WriteString("</div>\n")
		}
		w.WriteString("</section>\n")
	})
}

// colophon sets the lines the PDF's colophon has too, then how the EPUB
// was made.
func (b *book) colophon() []byte {
	title := b.text("epub_colophon", nil)
	return b.xhtml(title, "frontmatter", func(w *bytes.Buffer) {
		w.WriteString("<section class=\"colophon\" epub:type=\"copyright-page\">\n")
		w.WriteString("<h1>" + esc(title) + "</h1>\n")
		for _, l := range b.pub.Colophon(b.c) {
			class := l.Class
			if class == "title" {
				class = "book-title"
			}
			w.WriteString("<p class=\"" + class + "\">")
			writeSpans(w, l.Spans)
			w.WriteString("</p>\n")
		}
		w.WriteString("<p class=\"made-with\">" + esc(b.text("made_with", nil)) + "</p>\n")
		w.WriteString("</section>\n")
	})
}

// writeSpans writes a colophon line's spans as XHTML.
func writeSpans(w *bytes.Buffer, spans []builders.Span) {
	for _, sp := range spans {
		text := esc(sp.Text)
		if sp.Cite {
			text = "<cite>" + text + "</cite>"
		}
		if sp.Link == "" {
			w.WriteString(text)
			continue
		}
		fmt.Fprintf(w, "<a href=\"%s\"", esc(sp.Link))
		if sp.LinkLang != "" {
			fmt.Fprintf(w, " hreflang=\"%s\"", esc(sp.LinkLang))
		}
		if sp.Rel != "" {
			fmt.Fprintf(w, " rel=\"%s\"", sp.Rel)
		}
		w.WriteString(">" + text + "</a>")
	}
}

func (b *book) chapterPage(d *chapter) []byte {
	return b.xhtml(d.title, "bodymatter", func(w *bytes.Buffer) {
		w.WriteString("<section class=\"chapter\" epub:type=\"chapter\" role=\"doc-chapter\">\n")
		w.WriteString("<h1>" + esc(d.title) + "</h1>\n")
		if d.page.Subtitle != "" {
			w.WriteString("<p class=\"subtitle\">" + esc(d.page.Subtitle) + "</p>\n")
		}
		if a := b.pub.ChapterAuthors(d.page); len(a) > 0 {
			w.WriteString("<p class=\"byline\">" + esc(b.text("by", map[string]any{"Names": b.c.JoinNames(b.lang, a)})) + "</p>\n")
		}
		w.Write(d.res.HTML)
		w.WriteString("</section>\n")
	})
}
