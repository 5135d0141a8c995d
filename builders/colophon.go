package builders

import (
	"fmt"
	"strings"
	"time"

	"github.com/communs/communs/internal/translate"
)

// Line is one line of a colophon, in spans: the EPUB writes it as an XHTML
// paragraph, the PDF as a paragraph of the typesetter, with the same words.
type Line struct {
	// Class names what the line says: title, authors, source, translators,
	// reviewers, date, publisher, license, online (the EPUB's class).
	Class string
	Spans []Span
}

// Span is a run of a line's text.
type Span struct {
	Text string
	// Cite marks the title of a work (<cite>, italic).
	Cite bool
	// Link is the address the text leads to, or "".
	Link string
	// LinkLang is the language of the link's target (hreflang), or "".
	LinkLang string
	// Rel is the link's relation to the publication ("license"), or "".
	Rel string
}

// IsAddress tells a span that shows its own address, which the PDF breaks
// as an address.
func (s Span) IsAddress() bool { return s.Link != "" && s.Text == s.Link }

// Plain is the line's text without its links.
func (l Line) Plain() string {
	var b strings.Builder
	for _, s := range l.Spans {
		b.WriteString(s.Text)
	}
	return b.String()
}

// linkMark stands for a link inside an interface string.
const linkMark = "\ue000"

// Colophon lists, line by line, what the EPUB's and the PDF's colophons say
// of the publication: title, authors, source, translators, reviewers,
// dates, publisher, licence and address. Each output adds its own line on
// how it was made.
func (pub *Publication) Colophon(c *Context) []Line {
	lang := pub.Lang
	var out []Line
	add := func(class string, spans ...Span) { out = append(out, Line{Class: class, Spans: spans}) }
	title := []Span{{Text: pub.Title, Cite: true}}
	if pub.Subtitle != "" {
		title = append(title, Span{Text: " — " + pub.Subtitle})
	}
	add("title", title...)
	if len(pub.Authors) > 0 {
		add("authors", Span{Text: c.Text(lang, "by", map[string]any{"Names": c.JoinNames(lang, pub.Authors)})})
	}
	if src := pub.Source; src != nil {
		add("source", pub.sourceSpans(c)...)
	}
	if len(pub.Translators) > 0 {
		add("translators", Span{Text: c.Text(lang, "translated_by", map[string]any{"Names": c.JoinNames(lang, pub.Translators), "Team": pub.TranslationTeam})})
	}
	if len(pub.Reviewers) > 0 {
		add("reviewers", Span{Text: c.Text(lang, "reviewed_by", map[string]any{"Names": c.JoinNames(lang, pub.Reviewers)})})
	}
	if !pub.Date.IsZero() {
		s := c.Text(lang, "published_on", map[string]any{"Date": c.LongDate(lang, pub.Date)})
		if pub.Lastmod.After(pub.Date) && !c.sameDay(pub.Lastmod, pub.Date) {
			s += ", " + c.Text(lang, "updated_on", map[string]any{"Date": c.LongDate(lang, pub.Lastmod)})
		}
		add("date", Span{Text: s})
	}
	if pub.Publisher != "" {
		add("publisher", Span{Text: pub.Publisher})
	}
	if l := pub.License; l != nil {
		link := Span{Text: l.Name(lang), Link: l.URLFor(lang), Rel: "license"}
		notice := c.Text(lang, "license_notice", map[string]any{"License": linkMark})
		if before, after, found := strings.Cut(notice, linkMark); found {
			add("license", Span{Text: before}, link, Span{Text: after})
		} else {
			add("license", Span{Text: notice + " "}, link)
		}
	}
	if pub.Permalink != "" {
		add("online", Span{Text: c.Text(lang, "online", nil) + " "}, Span{Text: pub.Permalink, Link: pub.Permalink})
	}
	return out
}

// sourceSpans: « Texte original : A translated text par Ada Lovelace en
// anglais (2020), https://… »; the address is written out, for paper.
func (pub *Publication) sourceSpans(c *Context) []Span {
	lang, src := pub.Lang, pub.Source
	spans := []Span{{Text: c.Text(lang, "original_text", nil) + " "}}
	var rest []string
	if src.Author != "" {
		rest = append(rest, c.Text(lang, "original_by", map[string]any{"Author": src.Author}))
	}
	if src.Language != "" {
		rest = append(rest, c.Text(lang, "original_in", map[string]any{"Language": c.LanguageNameIn(src.Language, lang)}))
	}
	if src.Date != "" {
		rest = append(rest, "("+src.Date+")")
	}
	link := Span{Text: src.URL, Link: src.URL, LinkLang: src.Language}
	if src.Title != "" {
		spans = append(spans, Span{Text: src.Title, Cite: true})
	} else {
		spans = append(spans, link)
	}
	if len(rest) > 0 {
		spans = append(spans, Span{Text: " " + strings.Join(rest, " ")})
	}
	if src.Title != "" && src.URL != "" {
		spans = append(spans, Span{Text: ", "}, link)
	}
	return spans
}

// LongDate is a date as a reader of lang writes it (« 3 février 2024 »),
// in the site's time zone; as 2024-02-03 when no language has date_long.
func (c *Context) LongDate(lang string, t time.Time) string {
	if loc := c.Site.Config.Location; loc != nil {
		t = t.In(loc)
	}
	if !c.Strings.Has(lang, "date_long") && !c.Strings.Has(c.Site.Config.DefaultLanguage, "date_long") {
		return t.Format("2006-01-02")
	}
	month := c.Text(lang, fmt.Sprintf("month_%d", int(t.Month())), nil)
	return c.Text(lang, "date_long", map[string]any{"Day": t.Day(), "Month": month, "Year": t.Year()})
}

func (c *Context) sameDay(a, b time.Time) bool {
	if loc := c.Site.Config.Location; loc != nil {
		a, b = a.In(loc), b.In(loc)
	}
	return a.Format("2006-01-02") == b.Format("2006-01-02")
}

// LanguageNameIn names the language code in the language in (« anglais »
// in a French text), else as the site's languages name it, else by its
// code.
func (c *Context) LanguageNameIn(code, in string) string {
	if n := translate.LanguageNameIn(code, in); n != "" {
		return n
	}
	for _, l := range c.Site.Languages {
		if l.Code == code && l.Name != "" {
			return l.Name
		}
	}
	return code
}
