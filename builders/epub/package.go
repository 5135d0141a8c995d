package epub

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/communs/communs/internal/markdown"
)

// tocEntry is an entry of the table of contents.
type tocEntry struct {
	href, text string
	level      int
	children   []*tocEntry
}

// toc is the nested table of contents: the chapters, and in each its
// sections (## to ####) by their heading ids.
func (b *book) toc() []*tocEntry {
	var out []*tocEntry
	for _, d := range b.docs {
		ch := &tocEntry{href: d.href, text: d.title, level: 1}
		stack := []*tocEntry{ch}
		for _, h := range d.res.TOC {
			if h.ID == "" || strings.TrimSpace(h.Text) == "" {
				continue
			}
			e := &tocEntry{href: d.href + "#" + h.ID, text: h.Text, level: h.Level}
			for len(stack) > 1 && stack[len(stack)-1].level >= h.Level {
				stack = stack[:len(stack)-1]
			}
			parent := stack[len(stack)-1]
			parent.children = append(parent.children, e)
			stack = append(stack, e)
		}
		out = append(out, ch)
	}
	return out
}

func tocDepth(es []*tocEntry) int {
	d := 0
	for _, e := range es {
		if c := 1 + tocDepth(e.children); c > d {
			d = c
		}
	}
	return d
}

// manifestItem is one line of the package's manifest.
type manifestItem struct {
	id, href, mediaType, props string
}

func (b *book) manifest() (items []manifestItem, spine []string) {
	items = append(items,
		manifestItem{"nav", navDoc, "application/xhtml+xml", "nav"},
		manifestItem{"ncx", ncxFile, "application/x-dtbncx+xml", ""},
		manifestItem{"css", cssFile, "text/css", ""},
		manifestItem{"cover", coverDoc, "application/xhtml+xml", ""},
		manifestItem{"titlepage", titleDoc, "application/xhtml+xml", b.docProps(b.intro)},
		manifestItem{"colophon", colophonDoc, "application/xhtml+xml", ""},
	)
	spine = []string{"cover", "titlepage", "colophon", "nav"}
	for _, d := range b.docs {
		items = append(items, manifestItem{d.id, d.href, "application/xhtml+xml", b.docProps(d.res)})
		spine = append(spine, d.id)
	}
	if b.cover == nil {
		items = append(items, manifestItem{"cover-image", coverSVG, "image/svg+xml", "cover-image"})
	}
	if b.m.embedFont {
		for _, f := range bodyFonts {
			items = append(items, manifestItem{f.id, f.href, "font/ttf", ""})
		}
	}
	for _, im := range b.images.list {
		props := ""
		if im.cover {
			props = "cover-image"
		}
		items = append(items, manifestItem{im.id, im.href, im.pic.mediaType, props})
	}
	return items, spine
}

// docProps are the manifest properties a document's content calls for.
func (b *book) docProps(res *markdown.XHTMLResult) string {
	if res == nil {
		return ""
	}
	body := res.HTML
	var props []string
	if bytes.Contains(body, []byte("<math")) {
		props = append(props, "mathml")
	}
	if bytes.Contains(body, []byte("<svg")) {
		props = append(props, "svg")
	}
	if bytes.Contains(body, []byte("<script")) {
		props = append(props, "scripted")
	}
	return strings.Join(props, " ")
}

func (b *book) opf() []byte {
	pub := b.pub
	var w bytes.Buffer
	w.Grow(4096)
	w.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	fmt.Fprintf(&w, "<package xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"pub-id\" xml:lang=\"%s\"", esc(b.lang))
	if dir := direction(b.lang); dir != "" {
		fmt.Fprintf(&w, " dir=\"%s\"", dir)
	}
	w.WriteString(">\n<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n")
	line := func(format string, args ...any) {
		w.WriteString("  ")
		fmt.Fprintf(&w, format, args...)
		w.WriteByte('\n')
	}
	line(`<dc:identifier id="pub-id">%s</dc:identifier>`, b.id)
	line(`<dc:title id="title">%s</dc:title>`, esc(pub.Title))
	line(`<meta refines="#title" property="title-type">main</meta>`)
	if pub.Subtitle != "" {
		line(`<dc:title id="subtitle">%s</dc:title>`, esc(pub.Subtitle))
		line(`<meta refines="#subtitle" property="title-type">subtitle</meta>`)
	}
	line(`<dc:language>%s</dc:language>`, esc(b.lang))
	for i, a := range pub.Creators {
		line(`<dc:creator id="aut%d">%s</dc:creator>`, i+1, esc(a))
		line(`<meta refines="#aut%d" property="role" scheme="marc:relators">aut</meta>`, i+1)
	}
	for i, t := range pub.Translators {
		line(`<dc:contributor id="trl%d">%s</dc:contributor>`, i+1, esc(t))
		line(`<meta refines="#trl%d" property="role" scheme="marc:relators">trl</meta>`, i+1)
	}
	// Proofreaders of the text (and of its translation): MARC "pfr".
	for i, r := range pub.Reviewers {
		line(`<dc:contributor id="pfr%d">%s</dc:contributor>`, i+1, esc(r))
		line(`<meta refines="#pfr%d" property="role" scheme="marc:relators">pfr</meta>`, i+1)
	}
	if pub.Publisher != "" {
		line(`<dc:publisher>%s</dc:publisher>`, esc(pub.Publisher))
	}
	if l := pub.License; l != nil {
		line(`<dc:rights>%s</dc:rights>`, esc(l.Name(b.lang)+" — "+l.URLFor(b.lang)))
		line(`<meta property="dcterms:license">%s</meta>`, esc(l.URLFor(b.lang)))
	}
	date := pub.Date
	if date.IsZero() {
		date = b.modified
	}
	if loc := b.c.Site.Config.Location; loc != nil {
		date = date.In(loc)
	}
	line(`<dc:date>%s</dc:date>`, date.Format("2006-01-02"))
	line(`<meta property="dcterms:modified">%s</meta>`, b.modified.Format("2006-01-02T15:04:05Z"))
	if d := strings.TrimSpace(b.description()); d != "" {
		line(`<dc:description>%s</dc:description>`, esc(d))
	}
	for _, t := range pub.Keywords {
		line(`<dc:subject>%s</dc:subject>`, esc(t))
	}
	if src := pub.Source; src != nil {
		s := src.URL
		if s == "" {
			s = src.Title
			if src.Author != "" {
				s += ", " + src.Author
			}
		}
		line(`<dc:source id="src">%s</dc:source>`, esc(s))
	}
	if pub.Series != "" {
		line(`<meta property="belongs-to-collection" id="series">%s</meta>`, esc(pub.Series))
		line(`<meta refines="#series" property="collection-type">series</meta>`)
		line(`<meta refines="#series" property="group-position">%d</meta>`, pub.SeriesIndex)
	}
	// Accessibility (schema.org, as EPUB Accessibility asks).
	images, noAlt := b.imageCounts()
	line(`<meta property="schema:accessMode">textual</meta>`)
	if images > 0 {
		line(`<meta property="schema:accessMode">visual</meta>`)
	}
	if noAlt == 0 {
		line(`<meta property="schema:accessModeSufficient">textual</meta>`)
	}
	if images > 0 {
		line(`<meta property="schema:accessModeSufficient">textual,visual</meta>`)
	}
	features := []string{"structuralNavigation", "tableOfContents", "readingOrder"}
	if images > 0 && noAlt == 0 {
		features = append(features, "alternativeText")
	}
	for _, f := range features {
		line(`<meta property="schema:accessibilityFeature">%s</meta>`, f)
	}
	line(`<meta property="schema:accessibilityHazard">none</meta>`)
	summary := b.text("epub_accessibility_summary", map[string]any{"Images": images > 0, "AllAlt": noAlt == 0, "Notes": b.hasNotes()})
	line(`<meta property="schema:accessibilitySummary">%s</meta>`, esc(summary))
	if b.cover != nil {
		line(`<meta name="cover" content="%s" />`, b.cover.id)
	} else {
		line(`<meta name="cover" content="cover-image" />`)
	}
	w.WriteString("</metadata>\n<manifest>\n")
	items, spine := b.manifest()
	for _, it := range items {
		fmt.Fprintf(&w, `  <item id="%s" href="%s" media-type="%s"`, it.id, esc(it.href), it.mediaType)
		if it.props != "" {
			fmt.Fprintf(&w, ` properties="%s"`, it.props)
		}
		w.WriteString(" />\n")
	}
	w.WriteString("</manifest>\n<spine toc=\"ncx\">\n")
	for _, id := range spine {
		fmt.Fprintf(&w, "  <itemref idref=\"%s\" />\n", id)
	}
	w.WriteString("</spine>\n<guide>\n")
	fmt.Fprintf(&w, "  <reference type=\"cover\" title=\"%s\" href=\"%s\" />\n", esc(b.text("epub_cover", nil)), coverDoc)
	fmt.Fprintf(&w, "  <reference type=\"title-page\" title=\"%s\" href=\"%s\" />\n", esc(b.text("epub_title_page", nil)), titleDoc)
	fmt.Fprintf(&w, "  <reference type=\"toc\" title=\"%s\" href=\"%s\" />\n", esc(b.text("table_of_contents", nil)), navDoc)
	fmt.Fprintf(&w, "  <reference type=\"text\" title=\"%s\" href=\"%s\" />\n", esc(b.docs[0].title), b.docs[0].href)
	w.WriteString("</guide>\n</package>\n")
	return w.Bytes()
}

// hasNotes tells whether the text has footnotes.
func (b *book) hasNotes() bool {
	for _, d := range b.docs {
		if bytes.Contains(d.res.HTML, []byte(`epub:type="footnote"`)) {
			return true
		}
	}
	return b.intro != nil && bytes.Contains(b.intro.HTML, []byte(`epub:type="footnote"`))
}

func (b *book) nav() []byte {
	title := b.text("table_of_contents", nil)
	return b.xhtml(title, "frontmatter", func(w *bytes.Buffer) {
		w.WriteString("<nav epub:type=\"toc\" id=\"toc\" role=\"doc-toc\">\n")
		w.WriteString("<h1>" + esc(title) + "</h1>\n")
		writeNavList(w, b.toc(), 0)
		w.WriteString("</nav>\n")
		w.WriteString("<nav epub:type=\"landmarks\" id=\"landmarks\" hidden=\"hidden\">\n")
		w.WriteString("<h2>" + esc(b.text("epub_landmarks", nil)) + "</h2>\n<ol>\n")
		landmark := func(typ, href, label string) {
			fmt.Fprintf(w, "<li><a epub:type=\"%s\" href=\"%s\">%s</a></li>\n", typ, href, esc(label))
		}
		landmark("cover", coverDoc, b.text("epub_cover", nil))
		landmark("titlepage", titleDoc, b.text("epub_title_page", nil))
		landmark("copyright-page", colophonDoc, b.text("epub_colophon", nil))
		landmark("toc", navDoc+"#toc", title)
		landmark("bodymatter", b.docs[0].href, b.text("epub_start", nil))
		w.WriteString("</ol>\n</nav>\n")
	})
}

func writeNavList(w *bytes.Buffer, es []*tocEntry, depth int) {
	indent := strings.Repeat("  ", depth)
	w.WriteString(indent + "<ol>\n")
	for _, e := range es {
		fmt.Fprintf(w, "%s<li><a href=\"%s\">%s</a>", indent, esc(e.href), esc(e.text))
		if len(e.children) > 0 {
			w.WriteByte('\n')
			writeNavList(w, e.children, depth+1)
			w.WriteString(indent)
		}
		w.WriteString("</li>\n")
	}
	w.WriteString(indent + "</ol>\n")
}

func (b *book) ncx() []byte {
	toc := b.toc()
	var w bytes.Buffer
	w.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	fmt.Fprintf(&w, "<ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" version=\"2005-1\" xml:lang=\"%s\">\n<head>\n", esc(b.lang))
	fmt.Fprintf(&w, "  <meta name=\"dtb:uid\" content=\"%s\" />\n", b.id)
	fmt.Fprintf(&w, "  <meta name=\"dtb:depth\" content=\"%d\" />\n", max(1, tocDepth(toc)))
	w.WriteString("  <meta name=\"dtb:totalPageCount\" content=\"0\" />\n  <meta name=\"dtb:maxPageNumber\" content=\"0\" />\n</head>\n")
	fmt.Fprintf(&w, "<docTitle><text>%s</text></docTitle>\n", esc(b.pub.Title))
	for _, a := range b.pub.Authors {
		fmt.Fprintf(&w, "<docAuthor><text>%s</text></docAuthor>\n", esc(a))
	}
	w.WriteString("<navMap>\n")
	order := 0
	var points func(es []*tocEntry, depth int)
	points = func(es []*tocEntry, depth int) {
		indent := strings.Repeat("  ", depth+1)
		for _, e := range es {
			order++
			fmt.Fprintf(&w, "%s<navPoint id=\"np-%d\" playOrder=\"%d\"><navLabel><text>%s</text></navLabel><content src=\"%s\" />", indent, order, order, esc(e.text), esc(e.href))
			if len(e.children) > 0 {
				w.WriteByte('\n')
				points(e.children, depth+1)
				w.WriteString(indent)
			}
			w.WriteString("</navPoint>\n")
		}
	}
	points(toc, 0)
	w.WriteString("</navMap>\n</ncx>\n")
	return w.Bytes()
}
