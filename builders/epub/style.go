package epub

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/communs/communs/internal/markdown"
)

// baseCSS is tuned for e-readers: sizes in em and %, so that the reader's
// own font and size settings apply; hyphenation; page breaks kept away
// from headings and out of figures; no colours but those of code.
const baseCSS = `@charset "UTF-8";
@namespace epub "http://www.idpf.org/2007/ops";

body {
  margin: 0 2%;
  line-height: 1.4;
  text-align: justify;
  -webkit-hyphens: auto;
  -epub-hyphens: auto;
  hyphens: auto;
  widows: 2;
  orphans: 2;
}
h1, h2, h3, h4, h5, h6 {
  text-align: left;
  line-height: 1.2;
  -webkit-hyphens: manual;
  -epub-hyphens: manual;
  hyphens: manual;
  page-break-after: avoid;
  break-after: avoid;
  page-break-inside: avoid;
  break-inside: avoid;
}
h1 { font-size: 1.6em; margin: 1.5em 0 1em; }
h2 { font-size: 1.3em; margin: 1.4em 0 0.6em; }
h3 { font-size: 1.15em; margin: 1.2em 0 0.5em; }
h4, h5, h6 { font-size: 1em; margin: 1em 0 0.4em; }
p { margin: 0 0 0.6em; }
a { color: inherit; }
blockquote { margin: 1em 1.5em; font-style: italic; }
blockquote em { font-style: normal; }
figure {
  margin: 1em 0;
  text-align: center;
  page-break-inside: avoid;
  break-inside: avoid;
}
img { max-width: 100%; height: auto; }
figure img { max-height: 90%; }
figcaption { font-size: 0.9em; font-style: italic; margin-top: 0.4em; text-align: center; }
ul, ol { margin: 0.6em 0; padding-left: 1.5em; }
dt { font-weight: bold; }
dd { margin: 0 0 0.5em 1.5em; }
hr { border: none; border-top: thin solid; margin: 1.5em 20%; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.9em; max-width: 100%; page-break-inside: avoid; }
th, td { border: thin solid; padding: 0.2em 0.4em; text-align: left; vertical-align: top; }
code, kbd, samp { font-family: monospace; font-size: 0.9em; -webkit-hyphens: none; -epub-hyphens: none; hyphens: none; }
pre {
  font-family: monospace;
  font-size: 0.85em;
  line-height: 1.3;
  white-space: pre-wrap;
  word-wrap: break-word;
  text-align: left;
  margin: 1em 0;
  padding: 0.5em;
  page-break-inside: avoid;
  -webkit-hyphens: none;
  -epub-hyphens: none;
  hyphens: none;
}
pre code { font-size: 1em; }
sup { font-size: 0.75em; line-height: 0; vertical-align: super; }
a[epub|type~="noteref"] { text-decoration: none; }
.footnotes { margin-top: 2em; padding-top: 0.5em; border-top: thin solid; font-size: 0.9em; }
.footnotes aside { margin: 0 0 0.5em; }
.note-number { font-weight: bold; }
.subtitle { font-size: 1.15em; font-style: italic; margin-bottom: 1.5em; }
.byline { font-style: italic; margin-bottom: 1.5em; }

.cover { margin: 0; padding: 0; text-align: center; }
.cover img { max-width: 100%; max-height: 100%; }
.titlepage { text-align: center; margin-top: 15%; }
.titlepage .authors { font-size: 1.2em; margin-bottom: 2em; }
.titlepage .title { font-size: 2em; text-align: center; margin: 0 0 0.5em; }
.titlepage .publisher { margin: 3em 0 2em; font-variant: small-caps; }
.presentation { text-align: justify; margin-top: 2em; }
.colophon { font-size: 0.9em; }
.colophon h1 { font-size: 1.2em; }
.colophon p { text-align: left; margin-bottom: 0.8em; }
nav ol { list-style: none; padding-left: 0; }
nav ol ol { padding-left: 1.5em; }
nav li { margin: 0.3em 0; }
nav a { text-decoration: none; }

/* Highlighted code */
`

// stylesheetOnce is the package's CSS: the base rules and the code colours.
var stylesheetOnce = sync.OnceValue(func() string {
	return baseCSS + markdown.XHTMLCodeCSS("github")
})

// generatedCover is a typographic cover, in SVG, for a publication without
// a cover image: title, subtitle, authors and publisher.
func (b *book) generatedCover() []byte {
	p := b.page
	var w bytes.Buffer
	const width, height = 1200, 1800
	w.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	fmt.Fprintf(&w, "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" xml:lang=\"%s\">\n", width, height, width, height, esc(b.lang))
	fmt.Fprintf(&w, "<title>%s</title>\n", esc(b.coverAlt()))
	fmt.Fprintf(&w, "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" fill=\"#f4efe6\" />\n", width, height)
	fmt.Fprintf(&w, "<rect x=\"60\" y=\"60\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#5b3a29\" stroke-width=\"6\" />\n", width-120, height-120)
	text := func(y, size int, style, s string) {
		// A line longer than the frame (a long word) is squeezed into it.
		if utf8.RuneCountInString(s)*size*62/100 > width-200 {
			style += fmt.Sprintf(" textLength=\"%d\" lengthAdjust=\"spacingAndGlyphs\"", width-200)
		}
		fmt.Fprintf(&w, "<text x=\"%d\" y=\"%d\" font-family=\"Georgia, 'DejaVu Serif', serif\" font-size=\"%d\" text-anchor=\"middle\" fill=\"#2b1d14\"%s>%s</text>\n", width/2, y, size, style, esc(s))
	}
	y := 300
	if a := b.pub.Authors; len(a) > 0 {
		for _, l := range wrap(b.c.JoinNames(b.lang, a), 34) {
			text(y, 52, "", l)
			y += 70
		}
	}
	y = max(y+140, 560)
	// Bold serif letters are about 0.6 em wide: 18 of them fill the frame.
	titleSize := 84
	titleLines := wrap(p.Title, 18)
	if len(titleLines) > 5 {
		titleSize, titleLines = 64, wrap(p.Title, 24)
	}
	for _, l := range titleLines {
		text(y, titleSize, " font-weight=\"bold\"", l)
		y += titleSize * 6 / 5
	}
	if p.Subtitle != "" {
		y += 40
		for _, l := range wrap(p.Subtitle, 36) {
			text(y, 52, " font-style=\"italic\"", l)
			y += 68
		}
	}
	if pub := b.pub.Publisher; pub != "" {
		text(height-180, 48, " letter-spacing=\"4\"", pub)
	}
	w.WriteString("</svg>\n")
	return w.Bytes()
}

// wrap cuts s into lines of at most about n characters, between words.
func wrap(s string, n int) []string {
	var lines []string
	var cur strings.Builder
	// Only ordinary spaces break: no-break spaces keep « ! ? : » on their line.
	for _, word := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == '\n' }) {
		if cur.Len() > 0 && utf8.RuneCountInString(cur.String())+1+utf8.RuneCountInString(word) > n {
			lines = append(lines, cur.String())
			cur.Reset()
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
		}
		cur.WriteString(word)
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}
