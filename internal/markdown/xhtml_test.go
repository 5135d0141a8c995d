package markdown

import (
	"bytes"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func xhtmlConvert(t *testing.T, lang, src string, resolve func(string, bool) (Target, bool)) (*XHTMLResult, []string) {
	t.Helper()
	var reports []string
	base, _ := url.Parse("https://example.org/blog/")
	res, err := NewXHTML(lang, base).Convert([]byte(src), &Doc{
		File: "t.md", FirstLine: 1, Resolve: resolve,
		Report: func(line int, isErr bool, msg string) { reports = append(reports, msg) },
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := WellFormed(res.HTML); err != nil {
		t.Errorf("not well-formed XML: %v\n%s", err, res.HTML)
	}
	return res, reports
}

func TestXHTMLNotes(t *testing.T) {
	res, _ := xhtmlConvert(t, "fr", "Une note[^a] et la même[^a], puis une autre[^b].\n\n[^a]: Première : note.\n[^b]: - une liste\n  - dans la note\n", nil)
	html := string(res.HTML)
	for _, want := range []string{
		`<sup><a epub:type="noteref" role="doc-noteref" href="#fn-1" id="fnref-1">1</a></sup>`,
		`<sup><a epub:type="noteref" role="doc-noteref" href="#fn-1" id="fnref-1-2">1</a></sup>`,
		`<sup><a epub:type="noteref" role="doc-noteref" href="#fn-2" id="fnref-2">2</a></sup>`,
		`<section class="footnotes" epub:type="footnotes">`,
		`<aside epub:type="footnote" role="doc-footnote" id="fn-1">`,
		"<p><span class=\"note-number\">1.</span>\u00a0Première\u00a0: note.\u00a0<a href=\"#fnref-1\" role=\"doc-backlink\">↩\ufe0e</a>\u00a0<a href=\"#fnref-1-2\" role=\"doc-backlink\">↩\ufe0e</a></p>",
		// A note that starts with a list gets its number in a paragraph of its own.
		"<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-2\">\n<p><span class=\"note-number\">2.</span>\u00a0</p>\n<ul>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("lacks %s\n%s", want, html)
		}
	}
	if strings.Contains(html, "fn:") || strings.Contains(html, "<ol>\n<li id=") {
		t.Errorf("goldmark's HTML notes are left:\n%s", html)
	}
}

func TestXHTMLImagesAndLinks(t *testing.T) {
	resolve := func(dest string, img bool) (Target, bool) {
		switch dest {
		case "a.png":
			return Target{URL: "images/a.png", Width: 4, Height: 3}, true
		case "b.avif":
			return Target{Problem: "is an AVIF image"}, true
		case "autre.md":
			return Target{URL: "https://example.org/blog/autre/"}, true
		}
		return Target{}, false
	}
	src := "![Une image](a.png \"Sa légende\")\n\n" +
		"Dans le texte ![](a.png), ![Absente](absente.png), ![AVIF](b.avif) et ![Distante](https://example.com/x.png).\n\n" +
		"[Autre](autre.md), [racine](/a-propos/), [ici](#haut) et [ailleurs](https://example.com/).\n"
	res, reports := xhtmlConvert(t, "fr", src, resolve)
	html := string(res.HTML)
	for _, want := range []string{
		"<figure>\n<img src=\"images/a.png\" alt=\"Une image\" width=\"4\" height=\"3\" />\n<figcaption>Sa légende</figcaption>\n</figure>",
		`<img src="images/a.png" alt="" width="4" height="3" />`,
		"Absente, AVIF et <a href=\"https://example.com/x.png\">Distante</a>.",
		`<a href="https://example.org/blog/autre/">Autre</a>`,
		`<a href="https://example.org/a-propos/">racine</a>`,
		`<a href="#haut">ici</a>`,
		`<a href="https://example.com/">ailleurs</a>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("lacks %s\n%s", want, html)
		}
	}
	if strings.Contains(html, "loading=") {
		t.Error("img has loading/decoding attributes, unknown to EPUB 3.2")
	}
	if res.Images != 2 || res.NoAlt != 1 || res.Dropped != 3 {
		t.Errorf("images %d, without alt %d, dropped %d; want 2, 1, 3", res.Images, res.NoAlt, res.Dropped)
	}
	joined := strings.Join(reports, "\n")
	for _, want := range []string{`image "absente.png" points to no file`, `"b.avif" is an AVIF image`} {
		if !strings.Contains(joined, want) {
			t.Errorf("reports lack %s: %q", want, reports)
		}
	}
}

func TestXHTMLControlCharacters(t *testing.T) {
	res, _ := xhtmlConvert(t, "en", "A form\x0cfeed and &#1; a reference.\n", nil)
	if !res.Repaired {
		t.Errorf("not repaired: %q", res.HTML)
	}
}

func TestXHTMLTableAndCode(t *testing.T) {
	res, _ := xhtmlConvert(t, "en", "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```go\nif a < b && c { }\n```\n\n- [x] done\n", nil)
	html := string(res.HTML)
	for _, want := range []string{`<th style="text-align:left">a</th>`, `<td style="text-align:right">2</td>`, `<pre class="chroma" data-lang="go">`, `&lt;`, `&amp;&amp;`} {
		if !strings.Contains(html, want) {
			t.Errorf("lacks %s\n%s", want, html)
		}
	}
	if strings.Contains(html, ` align=`) {
		t.Error("obsolete align attribute")
	}
}

func TestFixXHTML(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"<p>a<br>b</p>\n", "<p>a<br />b</p>\n"},
		{"<p>a&nbsp;b &eacute; &amp; &lt;</p>", "<p>a\u00a0b é &amp; &lt;</p>"},
		{"<p>ouvert\n<p>encore", "<p>ouvert\n</p><p>encore</p>"},
		{`<input type="checkbox" checked disabled>`, `<input type="checkbox" checked="" disabled="" />`},
		{"<p>a\x0cb</p>", "<p>ab</p>"},
		{"<p>a <sup>1</sup><br>\n<!-- x -- y --></p>", "<p>a <sup>1</sup><br />\n<!-- x - - y --></p>"},
		{`<p><a epub:type="noteref" href="#n">1</a><img src=x.png alt=a></p>`, `<p><a epub:type="noteref" href="#n">1</a><img src="x.png" alt="a" /></p>`},
	} {
		got, repaired := FixXHTML([]byte(c.in))
		if string(got) != c.want || !repaired {
			t.Errorf("FixXHTML(%q) = %q, %v; want %q, true", c.in, got, repaired, c.want)
		}
		if err := WellFormed(got); err != nil {
			t.Errorf("FixXHTML(%q) is not well-formed: %v", c.in, err)
		}
	}
	ok := []byte("<p>déjà <br /> bien <em>formé</em> &amp; &#160;</p>\n<hr />")
	if got, repaired := FixXHTML(ok); !bytes.Equal(got, ok) || repaired {
		t.Errorf("a well-formed fragment was changed: %q", got)
	}
}

// TestXHTMLTestdata: every Markdown file of the test data converts to
// well-formed XHTML.
func TestXHTMLTestdata(t *testing.T) {
	files, _ := filepath.Glob("testdata/*/*.md")
	if len(files) == 0 {
		t.Fatal("no test data")
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lang := "fr"
		if strings.Contains(filepath.Base(f), ".en.") {
			lang = "en"
		}
		res, err := NewXHTML(lang, nil).Convert(src, nil)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if err := WellFormed(res.HTML); err != nil {
			t.Errorf("%s: %v", f, err)
		}
		if bytes.Contains(res.HTML, []byte("fn:")) {
			t.Errorf("%s: footnote ids that are not XML names", f)
		}
	}
}

// TestXHTMLSameText: the EPUB's text is the site's text, French spacing
// included (only notes and images are written differently).
func TestXHTMLSameText(t *testing.T) {
	src := []byte("« Bonjour ! » dit-elle ; puis : « Ça va ? »\n\n## Un titre : deux points\n\nDu `code ; intact` et un [lien](https://example.org/?a=1;b=2).\n")
	site, err := New(Options{Lang: "fr"}).Convert(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	epub, err := NewXHTML("fr", nil).Convert(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(site.HTML) != string(epub.HTML) {
		t.Errorf("the EPUB's XHTML differs from the site's HTML:\n%s\n%s", site.HTML, epub.HTML)
	}
	if len(epub.TOC) != 1 || epub.TOC[0].ID != "un-titre-deux-points" {
		t.Errorf("TOC = %+v", epub.TOC)
	}
}
