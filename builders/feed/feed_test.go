package feed

import (
	"bytes"
	"context"
	"encoding/xml"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/i18n"
	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/translate"
)

// RSS and Atom as encoding/xml reads them back.

type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Links         []xmlLink `xml:"link"` // <link> and <atom:link>: encoding/xml matches both
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	Generator     string    `xml:"generator"`
	LastBuildDate string    `xml:"lastBuildDate"`
	Items         []rssItem `xml:"item"`

	Link      string    `xml:"-"`
	AtomLinks []xmlLink `xml:"-"`
}

// split sorts the channel's links by namespace.
func (ch *rssChannel) split() {
	for _, l := range ch.Links {
		switch l.XMLName.Space {
		case "":
			ch.Link = l.Value
		case atomNS:
			ch.AtomLinks = append(ch.AtomLinks, l)
		}
	}
}

type xmlLink struct {
	XMLName xml.Name
	Value   string `xml:",chardata"`
	Href    string `xml:"href,attr"`
	Rel     string `xml:"rel,attr"`
	Type    string `xml:"type,attr"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Creators    []string `xml:"http://purl.org/dc/elements/1.1/ creator"`
	Categories  []string `xml:"category"`
	Description string   `xml:"description"`
	Content     string   `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
}

const atomNS = "http://www.w3.org/2005/Atom"
const xmlNS = "http://www.w3.org/XML/1998/namespace"

type atomDoc struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string      `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Title     string      `xml:"http://www.w3.org/2005/Atom title"`
	Links     []xmlLink   `xml:"http://www.w3.org/2005/Atom link"`
	ID        string      `xml:"http://www.w3.org/2005/Atom id"`
	Updated   string      `xml:"http://www.w3.org/2005/Atom updated"`
	Generator string      `xml:"http://www.w3.org/2005/Atom generator"`
	Entries   []atomEntry `xml:"http://www.w3.org/2005/Atom entry"`
}

type atomText struct {
	Type  string `xml:"type,attr"`
	Base  string `xml:"http://www.w3.org/XML/1998/namespace base,attr"`
	Value string `xml:",chardata"`
}

type atomEntry struct {
	Title      string    `xml:"http://www.w3.org/2005/Atom title"`
	Links      []xmlLink `xml:"http://www.w3.org/2005/Atom link"`
	ID         string    `xml:"http://www.w3.org/2005/Atom id"`
	Published  string    `xml:"http://www.w3.org/2005/Atom published"`
	Updated    string    `xml:"http://www.w3.org/2005/Atom updated"`
	Authors    []string  `xml:"http://www.w3.org/2005/Atom author>name"`
	Categories []struct {
		Term string `xml:"term,attr"`
	} `xml:"http://www.w3.org/2005/Atom category"`
	Summary atomText `xml:"http://www.w3.org/2005/Atom summary"`
	Content atomText `xml:"http://www.w3.org/2005/Atom content"`
}

// The test site.

const siteTOML = `title = "Le Site"
baseURL = "https://example.org/"
defaultLanguage = "fr"
timeZone = "Europe/Paris"
feedLimit = 3

[params]
translationTeam = "Framalang"

[languages.fr]
title = "Le Site"
description = "Un blog de test"

[languages.en]
title = "The Site"
description = "A test blog"
`

// fourthBody holds the words the feed must carry in full.
const fourthWords = "Ce long paragraphe raconte une histoire complète avec des mots rares comme zygomatique, quintessence et palimpseste"

var testFiles = map[string]string{
	"site.toml": siteTOML,
	"content/articles/premier/index.fr.md": `+++
title = "Premier texte"
date = 2023-01-01
tags = ["Commun", "Unique"]
series = "Saga"
+++

Le premier texte de la série.
`,
	"content/articles/deuxieme/index.fr.md": `+++
title = "Deuxième texte"
date = 2023-01-02
tags = ["Commun"]
series = "Saga"
+++

Le deuxième texte de la série.
`,
	"content/articles/troisieme/index.fr.md": `+++
title = "Troisième texte"
date = 2023-01-03
tags = ["Commun"]
categories = ["Essais"]
series = "Saga"
authors = ["Zoé"]
+++

Le troisième texte, [avec un lien](https://ext.example.com/page?a=1&b=2).
`,
	"content/articles/quatrieme/index.fr.md": `+++
title = "Quatrième texte\u0001 : le dernier"
date = 2023-01-04T10:00:00
lastmod = 2023-02-01
tags = ["Commun", "Image"]
authors = ["Alice", "Bob"]
translators = ["Chloé", "Dan"]
reviewers = ["Eve"]
translationKey = "quatre"
+++

` + fourthWords + `.[^1]

![Une colline](img.png "La colline au matin")

<p class="brut"><img src="brut.png" srcset="brut.png 1x, /abs/brut2.png 2x" alt=""> <a href="mailto:a@example.net">écrire</a> <a href="https://ext.example.com/x">ailleurs</a> <span title="]]>">piège</span></p>

    code ]]> fin

[^1]: Une note de bas de page.
`,
	"content/articles/quatrieme/index.en.md": `+++
title = "Fourth text"
date = 2023-01-04T10:00:00
tags = ["Common"]
translators = ["Chloé"]
translationKey = "quatre"
+++

The fourth text, in English, with a picture.[^n]

![A hill](img.png "The hill")

[^n]: A footnote.
`,
	"content/books/guide/_index.fr.md": `+++
title = "Petit guide"
date = 2022-06-01
+++

Un livre.
`,
	"content/books/guide/01-debut.fr.md": `+++
title = "Le début"
+++

Le premier chapitre.
`,
}

func writeSite(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{200, 100, 50, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "content/articles/quatrieme/img.png"), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func catalog(t testing.TB) *translate.Catalog {
	t.Helper()
	cat := translate.NewCatalog("fr")
	for _, lang := range []string{"fr", "en"} {
		data, err := fs.ReadFile(i18n.Files, lang+".toml")
		if err != nil {
			t.Fatal(err)
		}
		if err := cat.Add(lang, "i18n/"+lang+".toml", data); err != nil {
			t.Fatal(err)
		}
	}
	return cat
}

// load reads and renders a site; baseURL overrides site.toml's when set.
func load(t testing.TB, src, baseURL string) *builders.Context {
	t.Helper()
	ctx := context.Background()
	diags := &diag.List{}
	s, err := site.Load(ctx, src, site.Options{BaseURL: baseURL}, diags)
	if err != nil {
		t.Fatalf("load: %v\n%v", err, diags.Items())
	}
	c := &builders.Context{Site: s, Diags: diags, Strings: catalog(t), Workers: 2, Downloads: &builders.Downloads{}}
	if err := builders.RenderPages(ctx, c); err != nil {
		t.Fatal(err)
	}
	return c
}

// build runs the feed builder into a new folder and returns it.
func build(t testing.TB, c *builders.Context) string {
	t.Helper()
	c.Dest = t.TempDir()
	if err := (Builder{}).Build(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	if e, _ := c.Diags.Count(); e > 0 {
		t.Fatalf("diagnostics: %v", c.Diags.Items())
	}
	return c.Dest
}

// readFeeds parses every feed written under dir, keyed by output path.
func readFeeds(t testing.TB, dir string) (map[string]*rssDoc, map[string]*atomDoc) {
	t.Helper()
	rss, atom := map[string]*rssDoc{}, map[string]*atomDoc{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = "/" + filepath.ToSlash(rel)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		switch d.Name() {
		case "index.xml":
			var doc rssDoc
			if err := strictUnmarshal(data, &doc); err != nil {
				t.Errorf("%s: %v", rel, err)
			}
			doc.Channel.split()
			rss[rel] = &doc
		case "atom.xml":
			var doc atomDoc
			if err := strictUnmarshal(data, &doc); err != nil {
				t.Errorf("%s: %v", rel, err)
			}
			atom[rel] = &doc
		default:
			t.Errorf("unexpected file %s", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return rss, atom
}

func strictUnmarshal(data []byte, v any) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = true
	return d.Decode(v)
}

func xmllint(t *testing.T, dir string) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		t.Log("xmllint not found: well-formedness checked with encoding/xml only")
		return
	}
	var files []string
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".xml") {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	for len(files) > 0 {
		n := min(len(files), 200)
		out, err := exec.Command(bin, append([]string{"--noout"}, files[:n]...)...).CombinedOutput()
		if err != nil {
			t.Errorf("xmllint: %v\n%s", err, out)
		}
		files = files[n:]
	}
}

func page(t *testing.T, s *site.Site, file string) *site.Page {
	t.Helper()
	for _, l := range s.Languages {
		for _, p := range s.Langs[l.Code].All {
			if p.File == file {
				return p
			}
		}
	}
	t.Fatalf("no page %s", file)
	return nil
}

func titles(items []rssItem) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Title)
	}
	return out
}

func TestFeeds(t *testing.T) {
	src := writeSite(t, testFiles)
	c := load(t, src, "")
	s := c.Site
	out := build(t, c)
	rss, atom := readFeeds(t, out)
	xmllint(t, out)

	fourth := page(t, s, "content/articles/quatrieme/index.fr.md")
	fourthEN := page(t, s, "content/articles/quatrieme/index.en.md")
	if !strings.HasPrefix(fourth.Permalink, "https://example.org/") || !strings.HasPrefix(fourthEN.Permalink, "https://example.org/en/") {
		t.Fatalf("unexpected permalinks %s %s", fourth.Permalink, fourthEN.Permalink)
	}

	// Which feeds, how many items, in which order.
	newest3 := []string{"Quatrième texte\u00a0: le dernier", "Troisième texte", "Deuxième texte"}
	want := map[string][]string{
		"/index.xml":                   newest3,
		"/articles/index.xml":          newest3,
		"/tags/commun/index.xml":       newest3,
		"/tags/unique/index.xml":       {"Premier texte"},
		"/tags/image/index.xml":        {newest3[0]},
		"/categories/essais/index.xml": {"Troisième texte"},
		"/series/saga/index.xml":       {"Troisième texte", "Deuxième texte", "Premier texte"},
		"/books/index.xml":             {"Petit guide"},
		"/en/index.xml":                {"Fourth text"},
		"/en/articles/index.xml":       {"Fourth text"},
		"/en/tags/common/index.xml":    {"Fourth text"},
	}
	if len(rss) != len(want) {
		var got []string
		for name := range rss {
			got = append(got, name)
		}
		sort.Strings(got)
		t.Errorf("feeds written: %q, want %d", got, len(want))
	}
	for name := range want {
		doc := rss[name]
		if doc == nil {
			t.Errorf("no feed %s", name)
			continue
		}
		if got := titles(doc.Channel.Items); strings.Join(got, "|") != strings.Join(want[name], "|") {
			t.Errorf("%s: items %q, want %q", name, got, want[name])
		}
		a := atom[strings.TrimSuffix(name, "index.xml")+"atom.xml"]
		if a == nil {
			t.Errorf("no Atom feed beside %s", name)
		} else if len(a.Entries) != len(want[name]) {
			t.Errorf("%s: %d Atom entries, want %d", name, len(a.Entries), len(want[name]))
		}
	}
	if len(rss) != len(atom) {
		t.Errorf("%d RSS feeds but %d Atom feeds", len(rss), len(atom))
	}
	// Every feed respects the limit.
	for name, doc := range rss {
		if n := len(doc.Channel.Items); n > s.Config.FeedLimit {
			t.Errorf("%s: %d items, over the limit %d", name, n, s.Config.FeedLimit)
		}
	}

	// The channel.
	root := rss["/index.xml"].Channel
	if root.Title != "Le Site" || root.Language != "fr" || root.Generator != "communs" || root.Link != "https://example.org/" || root.Description != "Un blog de test" {
		t.Errorf("root channel: %q %q %q %q %q", root.Title, root.Language, root.Generator, root.Link, root.Description)
	}
	if len(root.AtomLinks) != 1 || root.AtomLinks[0].Rel != "self" || root.AtomLinks[0].Href != "https://example.org/index.xml" || root.AtomLinks[0].Type != "application/rss+xml" {
		t.Errorf("root self link: %+v", root.AtomLinks)
	}
	if ch := rss["/tags/commun/index.xml"].Channel; ch.Title != "Étiquette «\u202fCommun\u202f» – Le Site" && ch.Title != markdown.FrenchText("Étiquette « Commun »")+" – Le Site" {
		t.Errorf("tag feed title %q", ch.Title)
	}
	if ch := rss["/tags/commun/index.xml"].Channel; ch.AtomLinks[0].Href != "https://example.org/tags/commun/index.xml" || ch.Link != "https://example.org/tags/commun/" {
		t.Errorf("tag feed links %q %q", ch.AtomLinks[0].Href, ch.Link)
	}
	if ch := rss["/articles/index.xml"].Channel; ch.Title != "Articles – Le Site" {
		t.Errorf("section feed title %q", ch.Title)
	}

	// Dates: the newest item's lastmod, in the site's zone, never the clock.
	if root.LastBuildDate != "Wed, 01 Feb 2023 00:00:00 +0100" {
		t.Errorf("lastBuildDate %q", root.LastBuildDate)
	}
	if _, err := time.Parse(time.RFC1123Z, root.LastBuildDate); err != nil {
		t.Error(err)
	}
	if ch := rss["/series/saga/index.xml"].Channel; ch.LastBuildDate != "Tue, 03 Jan 2023 00:00:00 +0100" {
		t.Errorf("series lastBuildDate %q", ch.LastBuildDate)
	}

	// The fourth article, in RSS.
	it := root.Items[0]
	if it.Link != fourth.Permalink || it.GUID.Value != fourth.Permalink || it.GUID.IsPermaLink != "true" {
		t.Errorf("link %q guid %+v, want %s", it.Link, it.GUID, fourth.Permalink)
	}
	if it.PubDate != "Wed, 04 Jan 2023 10:00:00 +0100" {
		t.Errorf("pubDate %q", it.PubDate)
	}
	if strings.Join(it.Creators, "|") != "Alice|Bob" {
		t.Errorf("creators %q", it.Creators)
	}
	if strings.Join(it.Categories, "|") != "Commun|Image" {
		t.Errorf("categories %q", it.Categories)
	}
	if it.Description == "" || !strings.Contains(it.Description, "zygomatique") {
		t.Errorf("description %q", it.Description)
	}
	if strings.ContainsRune(it.Title, '\u0001') {
		t.Errorf("control character kept in %q", it.Title)
	}
	checkContent(t, "RSS", it.Content, fourth)
	for _, it := range root.Items[1:] {
		if it.Title == "Troisième texte" {
			if strings.Join(it.Creators, "|") != "Zoé" {
				t.Errorf("creators %q", it.Creators)
			}
			if !strings.Contains(it.Content, `href="https://ext.example.com/page?a=1&amp;b=2"`) {
				t.Errorf("external link changed: %s", it.Content)
			}
		}
		if it.Title == "Deuxième texte" && strings.Join(it.Creators, "|") != "Le Site" {
			t.Errorf("a page without authors is credited to %q, want the site title", it.Creators)
		}
		if strings.Contains(it.Content, "Traduction") {
			t.Errorf("%s: credits for a page without translators", it.Title)
		}
	}

	// The same in Atom.
	af := atom["/atom.xml"]
	if af.Lang != "fr" || af.Title != "Le Site" || af.ID != "https://example.org/atom.xml" || af.Generator != "communs" {
		t.Errorf("Atom feed: %q %q %q %q", af.Lang, af.Title, af.ID, af.Generator)
	}
	if af.Updated != "2023-02-01T00:00:00+01:00" {
		t.Errorf("Atom updated %q", af.Updated)
	}
	links := map[string]string{}
	for _, l := range af.Links {
		links[l.Rel] = l.Href
	}
	if links["self"] != "https://example.org/atom.xml" || links["alternate"] != "https://example.org/" {
		t.Errorf("Atom links %v", links)
	}
	e := af.Entries[0]
	if e.ID != fourth.Permalink || len(e.Links) != 1 || e.Links[0].Href != fourth.Permalink || e.Links[0].Rel != "alternate" {
		t.Errorf("entry id %q links %+v", e.ID, e.Links)
	}
	if e.Published != "2023-01-04T10:00:00+01:00" || e.Updated != "2023-02-01T00:00:00+01:00" {
		t.Errorf("entry dates %q %q", e.Published, e.Updated)
	}
	for _, d := range []string{e.Published, e.Updated, af.Updated} {
		if _, err := time.Parse(time.RFC3339, d); err != nil {
			t.Error(err)
		}
	}
	if strings.Join(e.Authors, "|") != "Alice|Bob" || len(e.Categories) != 2 || e.Categories[0].Term != "Commun" {
		t.Errorf("entry authors %q categories %+v", e.Authors, e.Categories)
	}
	if e.Content.Type != "html" || e.Content.Base != fourth.Permalink || e.Summary.Type != "html" || e.Summary.Base != fourth.Permalink {
		t.Errorf("entry content %q %q, summary %q %q", e.Content.Type, e.Content.Base, e.Summary.Type, e.Summary.Base)
	}
	if e.Content.Value != it.Content {
		t.Errorf("Atom and RSS contents differ:\n%s\n%s", e.Content.Value, it.Content)
	}
	checkContent(t, "Atom", e.Content.Value, fourth)
	if a := atom["/articles/atom.xml"]; a.Entries[2].Authors[0] != "Le Site" {
		t.Errorf("author of a page without authors: %q", a.Entries[2].Authors)
	}

	// English, under /en/.
	en := rss["/en/index.xml"].Channel
	if en.Title != "The Site" || en.Language != "en" || en.Link != "https://example.org/en/" || en.AtomLinks[0].Href != "https://example.org/en/index.xml" {
		t.Errorf("English channel %q %q %q %q", en.Title, en.Language, en.Link, en.AtomLinks[0].Href)
	}
	eit := en.Items[0]
	if eit.Link != fourthEN.Permalink || !strings.Contains(eit.Content, `src="`+fourthEN.Permalink+`img.png"`) {
		t.Errorf("English item %q: %s", eit.Link, eit.Content)
	}
	if !strings.Contains(eit.Content, "<p class=\"translators\">Translation Framalang: Chloé</p>") {
		t.Errorf("English credits missing: %s", eit.Content)
	}
	if !strings.Contains(eit.Content, `href="`+fourthEN.Permalink+`#fn:1"`) {
		t.Errorf("English footnote link not absolute: %s", eit.Content)
	}
	if ea := atom["/en/atom.xml"]; ea.Lang != "en" || ea.ID != "https://example.org/en/atom.xml" || ea.Entries[0].ID != fourthEN.Permalink {
		t.Errorf("English Atom %q %q", ea.Lang, ea.ID)
	}
	if ch := rss["/en/tags/common/index.xml"].Channel; ch.Title != "Tag “Common” – The Site" {
		t.Errorf("English tag feed title %q", ch.Title)
	}

	// A second run writes the same bytes.
	out2 := build(t, c)
	compareTrees(t, out, out2)
}

// checkContent checks the full text and absolute URLs of the fourth article.
func checkContent(t *testing.T, format, content string, p *site.Page) {
	t.Helper()
	text := htmlText(content)
	for _, w := range strings.Fields(strings.ReplaceAll(fourthWords, ",", "")) {
		if !strings.Contains(text, w) {
			t.Errorf("%s: word %q missing from the content", format, w)
		}
	}
	for _, w := range []string{"Une note de bas de page", "La colline au matin", "code ]]> fin", "piège"} {
		if !strings.Contains(text, w) {
			t.Errorf("%s: %q missing from the content", format, w)
		}
	}
	for _, want := range []string{
		`src="` + p.Permalink + `img.png"`,
		`src="` + p.Permalink + `brut.png"`,
		`srcset="` + p.Permalink + `brut.png 1x, https://example.org/abs/brut2.png 2x" alt="">`,
		`href="` + p.Permalink + `#fn:1"`,
		`href="` + p.Permalink + `#fnref:1"`,
		`href="mailto:a@example.net"`,
		`href="https://ext.example.com/x"`,
		`<span title="]]>">piège</span>`,
		"<p class=\"translators\">" + markdown.FrenchText("Traduction Framalang : Chloé et Dan") + "</p>",
		"<p class=\"reviewers\">" + markdown.FrenchText("Révisions : Eve") + "</p>",
	} {
		if !strings.Contains(content, want) {
			t.Errorf("%s: content lacks %s:\n%s", format, want, content)
		}
	}
	for _, bad := range []string{`src="/`, `href="/`, `href="#`, `src="img.png"`} {
		if strings.Contains(content, bad) {
			t.Errorf("%s: content still has a relative URL %s", format, bad)
		}
	}
	// Everything else is as the page rendered it.
	if rest := htmlText(p.Rendered.Content); !strings.HasPrefix(text, rest) {
		t.Errorf("%s: the content's text is not the page's:\n%s\n%s", format, text, rest)
	}
}

// htmlText is the unescaped text of an HTML fragment.
func htmlText(s string) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	for {
		switch z.Next() {
		case html.ErrorToken:
			return b.String()
		case html.TextToken:
			b.Write(z.Text())
		}
	}
}

func compareTrees(t *testing.T, a, b string) {
	t.Helper()
	files := func(dir string) map[string][]byte {
		m := map[string][]byte{}
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(dir, p)
				m[rel], _ = os.ReadFile(p)
			}
			return nil
		})
		return m
	}
	fa, fb := files(a), files(b)
	if len(fa) != len(fb) || len(fa) == 0 {
		t.Errorf("runs wrote %d and %d files", len(fa), len(fb))
	}
	for name, da := range fa {
		if !bytes.Equal(da, fb[name]) {
			t.Errorf("%s differs between two runs", name)
		}
	}
}

func TestBasePath(t *testing.T) {
	src := writeSite(t, testFiles)
	c := load(t, src, "https://example.org/blog/")
	out := build(t, c)
	rss, atom := readFeeds(t, out)
	fourth := page(t, c.Site, "content/articles/quatrieme/index.fr.md")
	if !strings.HasPrefix(fourth.Permalink, "https://example.org/blog/") {
		t.Fatalf("permalink %s", fourth.Permalink)
	}
	ch := rss["/index.xml"].Channel
	if ch.Link != "https://example.org/blog/" || ch.AtomLinks[0].Href != "https://example.org/blog/index.xml" {
		t.Errorf("links %q %q", ch.Link, ch.AtomLinks[0].Href)
	}
	if en := rss["/en/index.xml"]; en == nil || en.Channel.AtomLinks[0].Href != "https://example.org/blog/en/index.xml" {
		t.Errorf("English feed self link wrong or missing")
	}
	content := ch.Items[0].Content
	for _, want := range []string{`src="` + fourth.Permalink + `img.png"`, `href="` + fourth.Permalink + `#fn:1"`, `https://example.org/blog/abs/brut2.png`} {
		if want == `https://example.org/blog/abs/brut2.png` {
			// a root-relative URL written by hand stays root-relative to the host
			want = `https://example.org/abs/brut2.png`
		}
		if !strings.Contains(content, want) {
			t.Errorf("content lacks %s:\n%s", want, content)
		}
	}
	if atom["/atom.xml"].ID != "https://example.org/blog/atom.xml" {
		t.Errorf("Atom id %q", atom["/atom.xml"].ID)
	}
}

func TestSkipsUnrendered(t *testing.T) {
	src := writeSite(t, testFiles)
	c := load(t, src, "")
	fourth := page(t, c.Site, "content/articles/quatrieme/index.fr.md")
	fourth.Rendered = nil // as when the page failed to render
	out := build(t, c)
	rss, _ := readFeeds(t, out)
	got := titles(rss["/index.xml"].Channel.Items)
	if strings.Join(got, "|") != "Troisième texte|Deuxième texte|Premier texte" {
		t.Errorf("items %q", got)
	}
	if n := len(rss["/tags/image/index.xml"].Channel.Items); n != 0 {
		t.Errorf("%d items in a feed whose only page did not render", n)
	}
}

func TestAbsolutize(t *testing.T) {
	const base = "https://example.org/blog/2023/01/04/page/"
	for _, tc := range []struct{ in, want string }{
		{`<p>Plain text, no tags.</p>`, `<p>Plain text, no tags.</p>`},
		{`<img src="/blog/x/img.png" alt="a">`, `<img src="https://example.org/blog/x/img.png" alt="a">`},
		{`<img src=img.png ALT='a "b"'>`, `<img src="https://example.org/blog/2023/01/04/page/img.png" alt="a &quot;b&quot;">`},
		{`<a href="#fn:1">1</a>`, `<a href="https://example.org/blog/2023/01/04/page/#fn:1">1</a>`},
		{`<a href="../other/">o</a>`, `<a href="https://example.org/blog/2023/01/04/other/">o</a>`},
		{`<a href="?page=2">o</a>`, `<a href="https://example.org/blog/2023/01/04/page/?page=2">o</a>`},
		{`<a href="//cdn.example.net/x.js">o</a>`, `<a href="https://cdn.example.net/x.js">o</a>`},
		{`<a href="/x?a=1&amp;b=2">o</a>`, `<a href="https://example.org/x?a=1&amp;b=2">o</a>`},
		{`<a href="mailto:a@b.c">m</a> <a href="https://x.org/">x</a> <img src="data:image/png;base64,AAAA">`, `<a href="mailto:a@b.c">m</a> <a href="https://x.org/">x</a> <img src="data:image/png;base64,AAAA">`},
		{`<a href="">self</a><a name="x">anchor</a>`, `<a href="">self</a><a name="x">anchor</a>`},
		{`<video controls poster="p.jpg"><source src="v.webm" type="video/webm"></video>`, `<video controls="" poster="https://example.org/blog/2023/01/04/page/p.jpg"><source src="https://example.org/blog/2023/01/04/page/v.webm" type="video/webm"></video>`},
		{`<img srcset="a.png 1x,b.png 2x" src="a.png"/>`, `<img srcset="https://example.org/blog/2023/01/04/page/a.png 1x,https://example.org/blog/2023/01/04/page/b.png 2x" src="https://example.org/blog/2023/01/04/page/a.png" />`},
		{`<img srcset="a.png, /b.png 200w">`, `<img srcset="https://example.org/blog/2023/01/04/page/a.png, https://example.org/b.png 200w">`},
		// Untouched parts stay byte for byte: case, quoting, comments, scripts.
		{"<DIV Class='x'>a &amp; b<!-- <a href=\"/c\"> --><script>if (a<b) x = '<a href=\"/s\">'</script><pre>\n  ]]>\n</pre></DIV>",
			"<DIV Class='x'>a &amp; b<!-- <a href=\"/c\"> --><script>if (a<b) x = '<a href=\"/s\">'</script><pre>\n  ]]>\n</pre></DIV>"},
		{`<A HREF="/x" Title="T">y</A>`, `<a href="https://example.org/x" title="T">y</A>`},
		{`broken <a href="/x`, `broken <a href="/x`},
		{`<a href=" /spaced ">s</a>`, `<a href="https://example.org/spaced">s</a>`},
	} {
		if got := Absolutize(tc.in, base); got != tc.want {
			t.Errorf("Absolutize(%q)\n got %q\nwant %q", tc.in, got, tc.want)
		}
	}
}

func TestXMLText(t *testing.T) {
	var w xmlWriter
	w.elem("t", "a\x00b\x01c\x0bd\ufffee\xff f & <g> \"h\"\tok\u00e9")
	w.raw(`<a v="`)
	w.attr("x\"y<z>&\n\t")
	w.raw(`"/>`)
	w.cdata("1 ]]> 2 ]]]]> 3\x02")
	want := "<t>abcde f &amp; &lt;g&gt; \"h\"\toké</t>\n" + `<a v="x&quot;y&lt;z&gt;&amp;&#xA;&#x9;"/>` + "<![CDATA[1 ]]]]><![CDATA[> 2 ]]]]]]><![CDATA[> 3]]>"
	if got := w.b.String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	var v struct {
		T string `xml:"t"`
		C string `xml:",chardata"`
	}
	doc := "<r>" + w.b.String() + "</r>"
	if err := strictUnmarshal([]byte(doc), &v); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(v.C, "1 ]]> 2 ]]]]> 3") {
		t.Errorf("CDATA read back as %q", v.C)
	}
}

// TestCorpus builds the feeds of the shared corpus of real articles.
func TestCorpus(t *testing.T) {
	src := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(src, "site.toml")); err != nil {
		t.Skipf("no corpus at %s (../../../shared/corpus/site.toml): skipping the real-content test", src)
	}
	c := load(t, src, "")
	out := build(t, c)
	rss, atom := readFeeds(t, out)
	xmllint(t, out)
	if len(rss) == 0 || len(rss) != len(atom) {
		t.Fatalf("%d RSS and %d Atom feeds", len(rss), len(atom))
	}
	root := rss["/index.xml"]
	if root == nil {
		t.Fatal("no root feed")
	}
	items := root.Channel.Items
	if len(items) != 20 {
		t.Fatalf("root feed has %d items, want 20", len(items))
	}
	byLink := map[string]*site.Page{}
	for _, p := range c.Site.Langs["fr"].All {
		byLink[p.Permalink] = p
	}
	want := c.Site.Langs["fr"].MainPages[:20]
	for i, it := range items {
		p := byLink[it.Link]
		if p == nil {
			t.Errorf("item %d: no page at %s", i, it.Link)
			continue
		}
		if p != want[i] {
			t.Errorf("item %d is %s, want %s", i, p.File, want[i].File)
		}
		// Full content: all the page's text, in order.
		text, rest := htmlText(it.Content), htmlText(p.Rendered.Content)
		if len(rest) < 200 || !strings.HasPrefix(text, rest) {
			t.Errorf("%s: the item does not hold the page's full text (%d of %d bytes)", p.File, len(text), len(rest))
		}
		if strings.Contains(it.Content, `src="/`) || strings.Contains(it.Content, `href="/`) || strings.Contains(it.Content, `href="#`) {
			t.Errorf("%s: relative URLs left in the content", p.File)
		}
		if _, err := time.Parse(time.RFC1123Z, it.PubDate); err != nil {
			t.Errorf("%s: %v", p.File, err)
		}
	}
	for name, doc := range atom {
		for _, e := range doc.Entries {
			if e.Content.Value == "" || e.ID == "" {
				t.Errorf("%s: entry %q without content or id", name, e.Title)
			}
			if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
				t.Errorf("%s: %v", name, err)
			}
		}
	}
}
