package main

// The hugodocs bench: a generated Hugo documentation site, written as a
// Hugo site (hugo.toml, content/, layouts/, static/), built as it is by
// `communs build` (which reads hugo.toml and runs the shortcodes, the
// site's layouts/shortcodes/ among them) and by Hugo, on the same tree.
//
//	hugo.toml                                   baseURL, title, languageCode, defaultContentLanguage, [params], [menus]
//	content/_index.md, content/docs/_index.md
//	content/docs/<section>/_index.md
//	content/docs/<section>/<subsection>/_index.md
//	content/docs/<section>/<subsection>/<page>.md   YAML or TOML front matter
//	layouts/_default/{baseof,single,list}.html  for Hugo (communs runs no Hugo layout)
//	layouts/shortcodes/{alert,note}.html        for both
//	static/images/diagram.png
//
// Every page holds some 350 words of the corpus's prose and a Hugo docs
// site's mix of shortcodes: ref and relref in Markdown links (to a
// sibling, a page of another section, with a #fragment, to section
// pages), a {{% alert %}} box with Markdown in it, a highlight, a figure,
// the site's {{< note >}}, param, and a code block showing a shortcode
// call escaped as {{</* */>}}. Every target of a ref exists, so Hugo
// builds the site without an error; communs must too (exit 0), and the
// pages of a sample of its output must show no shortcode call outside
// <pre> and <code>.

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/communs/communs/internal/corpusgen"
)

// Shape of the generated tree: pages per subsection, subsections per
// section (5,000 pages: 10 sections of 10 subsections of 50 pages).
const (
	docsPerSubsection   = 50
	docsSubsPerSection  = 10
	docsWordsPerPage    = 350
	docsSampleMax       = 60 // pages of the output checked
	docsVersion         = "0.111.3"
	docsImage           = "/images/diagram.png"
	docsFragment        = "overview" // a heading of every page
	docsDefaultLanguage = "fr"       // the corpus's prose is French
)

var docsSections = []string{
	"getting-started", "content-management", "templates", "functions", "hugo-pipes",
	"configuration", "hosting-and-deployment", "troubleshooting", "tools", "contribute",
	"methods", "render-hooks", "quick-reference", "commands", "variables",
}

var docsSubsections = []string{
	"overview", "installation", "organization", "front-matter", "shortcodes",
	"taxonomies", "menus", "multilingual", "image-processing", "output-formats",
	"page-bundles", "related-content",
}

var docsTopics = []string{
	"page-resources", "build-options", "archetypes", "summaries", "cross-references",
	"syntax-highlighting", "urls", "permalinks", "sitemaps", "rss-templates",
	"base-templates", "partials", "data-files", "lookup-order", "pagination",
	"image-filters", "asset-bundling", "js-building", "postcss", "minification",
	"fingerprinting", "environment-variables", "caching", "security-policy", "deployment",
	"diagrams", "math-rendering", "table-of-contents", "aliases", "redirects",
	"custom-output", "content-adapters", "front-matter-cascade", "link-render-hook",
	"heading-anchors", "emoji", "comments", "analytics", "search", "i18n-strings",
}

var docsCategories = []string{"fundamentals", "templates", "content", "assets", "deployment", "reference", "tutorials", "troubleshooting"}

var docsTags = []string{
	"install", "config", "front-matter", "shortcodes", "templates", "menus", "taxonomies",
	"multilingual", "images", "pipes", "sass", "javascript", "deployment", "netlify", "github-pages",
	"performance", "caching", "urls", "bundles", "markdown", "goldmark", "chroma", "rss", "sitemap",
	"security", "modules", "themes", "data", "json", "search", "seo", "accessibility",
}

// HugoDocsInfo describes the generated tree (the report's "hugodocs").
type HugoDocsInfo struct {
	Pages      int     `json:"pages"`      // regular pages
	Sections   int     `json:"sections"`   // _index.md files, the home's included
	Words      int64   `json:"words"`      // prose of the Markdown bodies
	Shortcodes int     `json:"shortcodes"` // calls written, nested ones and closing tags aside
	Refs       int     `json:"refs"`       // of which ref and relref
	Bytes      int64   `json:"bytes"`      // all files written
	Seconds    float64 `json:"seconds"`    // generation
	Sample     int     `json:"sample"`     // pages of each tool's output checked
}

// docsPage is one regular page of the generated site.
type docsPage struct {
	sec, sub, name, title string
}

func (p docsPage) content() string { return "/docs/" + p.sec + "/" + p.sub + "/" + p.name + ".md" }
func (p docsPage) url() string     { return "docs/" + p.sec + "/" + p.sub + "/" + p.name + "/" }

// docsLayout places n pages in sections and subsections.
func docsLayout(n int) []docsPage {
	pages := make([]docsPage, n)
	for i := range pages {
		s := i / docsPerSubsection
		sec, sub := s/docsSubsPerSection, s%docsSubsPerSection
		p := docsPage{sec: nameAt(docsSections, sec), sub: nameAt(docsSubsections, sub)}
		topic := docsTopics[i%len(docsTopics)]
		p.name = topic + "-" + strconv.Itoa(i+1)
		p.title = titleOf(topic) + " " + strconv.Itoa(i+1)
		pages[i] = p
	}
	return pages
}

// nameAt is list[i], with a number once the list is used up.
func nameAt(list []string, i int) string {
	if i < len(list) {
		return list[i]
	}
	return list[i%len(list)] + "-" + strconv.Itoa(i/len(list)+1)
}

func titleOf(slug string) string {
	s := strings.ReplaceAll(slug, "-", " ")
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}

var (
	proseSkip    = regexp.MustCompile(`!\[|\]\(|<|>|\{\{|\||\x60`)
	proseNumList = regexp.MustCompile(`^\d+[.)] `)
)

// loadProse reads the paragraphs of plain prose of the corpus's articles:
// no images, links, HTML, lists, quotes or headings, a line break is a
// space. They are the text of the generated pages.
func loadProse(corpus string) ([]string, error) {
	files, err := filepath.Glob(filepath.Join(corpus, "content", corpusgen.Section, "*", "index.*.md"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		text := strings.ReplaceAll(string(data), "\r\n", "\n")
		for _, delim := range []string{"+++", "---"} {
			if rest, ok := strings.CutPrefix(text, delim+"\n"); ok {
				if _, body, ok := strings.Cut(rest, "\n"+delim+"\n"); ok {
					text = body
				}
			}
		}
		for _, block := range strings.Split(text, "\n\n") {
			block = strings.TrimSpace(block)
			if block == "" || proseSkip.MatchString(block) || proseNumList.MatchString(block) {
				continue
			}
			if r, _ := utf8.DecodeRuneInString(block); !unicode.IsLetter(r) {
				continue
			}
			block = strings.Join(strings.Fields(strings.ReplaceAll(block, "\\\n", " ")), " ")
			if len(strings.Fields(block)) >= 15 {
				out = append(out, block)
			}
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no paragraph of prose in %s", filepath.Join(corpus, "content", corpusgen.Section))
	}
	return out, nil
}

// docsGen writes the files of one generated site.
type docsGen struct {
	dir   string
	prose []string
	rng   *rand.Rand
	info  HugoDocsInfo
}

func (g *docsGen) write(rel string, data []byte) error {
	p := filepath.Join(g.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		return err
	}
	g.info.Bytes += int64(len(data))
	return os.WriteFile(p, data, 0o644)
}

// paragraphs are consecutive paragraphs of the prose from a random one,
// at least min of them and words words.
func (g *docsGen) paragraphs(min, words int) []string {
	var out []string
	n := 0
	for i := g.rng.IntN(len(g.prose)); len(out) < min || n < words; i = (i + 1) % len(g.prose) {
		out = append(out, g.prose[i])
		n += len(strings.Fields(g.prose[i]))
	}
	g.info.Words += int64(n)
	return out
}

// frontMatter writes YAML or TOML front matter of the keys (in order).
func frontMatter(b *bytes.Buffer, toml bool, kv [][2]any) {
	delim := "---"
	if toml {
		delim = "+++"
	}
	b.WriteString(delim + "\n")
	for _, e := range kv {
		k := e[0].(string)
		var v string
		switch x := e[1].(type) {
		case string:
			v = strconv.Quote(x)
		case int:
			v = strconv.Itoa(x)
		case bool:
			v = strconv.FormatBool(x)
		case time.Time:
			v = x.Format("2006-01-02")
		case []string:
			q := make([]string, len(x))
			for i, s := range x {
				q[i] = strconv.Quote(s)
			}
			v = "[" + strings.Join(q, ", ") + "]"
		}
		if toml {
			fmt.Fprintf(b, "%s = %s\n", k, v)
		} else {
			fmt.Fprintf(b, "%s: %s\n", k, v)
		}
	}
	b.WriteString(delim + "\n\n")
}

// generateHugoDocs writes a Hugo docs site of n pages into dir (absent or
// empty), deterministic for a seed; the prose is cycled through.
func generateHugoDocs(dir string, n int, prose []string, seed int64) (HugoDocsInfo, []docsPage, error) {
	start := time.Now()
	if n < 1 {
		return HugoDocsInfo{}, nil, fmt.Errorf("hugodocs: %d pages", n)
	}
	if len(prose) == 0 {
		return HugoDocsInfo{}, nil, errors.New("hugodocs: no prose")
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return HugoDocsInfo{}, nil, fmt.Errorf("hugodocs: %s is not empty", dir)
	}
	g := &docsGen{dir: dir, prose: prose, rng: rand.New(rand.NewPCG(uint64(seed), 0x68756764))}
	pages := docsLayout(n)
	var secs []string // in order
	subs := map[string][]string{}
	for _, p := range pages {
		if len(secs) == 0 || secs[len(secs)-1] != p.sec {
			secs = append(secs, p.sec)
		}
		if l := subs[p.sec]; len(l) == 0 || l[len(l)-1] != p.sub {
			subs[p.sec] = append(l, p.sub)
		}
	}
	if err := g.write("hugo.toml", hugoDocsConfig(secs)); err != nil {
		return g.info, nil, err
	}
	for name, text := range hugoDocsLayouts {
		if err := g.write("layouts/"+name, []byte(text)); err != nil {
			return g.info, nil, err
		}
	}
	if err := g.write("static"+docsImage, docsPNG()); err != nil {
		return g.info, nil, err
	}

	// The home, the docs and each section's and subsection's _index.md.
	first := map[string]docsPage{} // first page of each section and subsection
	for _, p := range pages {
		for _, k := range []string{p.sec, p.sec + "/" + p.sub} {
			if _, ok := first[k]; !ok {
				first[k] = p
			}
		}
	}
	lists := []struct {
		rel, title string
		weight     int
		link       docsPage
	}{
		{"content/_index.md", "Documentation d’exemple", 0, pages[0]},
		{"content/docs/_index.md", "Docs", 1, pages[0]},
	}
	for i, s := range secs {
		lists = append(lists, struct {
			rel, title string
			weight     int
			link       docsPage
		}{"content/docs/" + s + "/_index.md", titleOf(s), (i + 1) * 10, first[s]})
		for j, sub := range subs[s] {
			lists = append(lists, struct {
				rel, title string
				weight     int
				link       docsPage
			}{"content/docs/" + s + "/" + sub + "/_index.md", titleOf(sub), (j + 1) * 10, first[s+"/"+sub]})
		}
	}
	var b bytes.Buffer
	for i, l := range lists {
		b.Reset()
		paras := g.paragraphs(1, 80)
		frontMatter(&b, i%2 == 1, [][2]any{{"title", l.title}, {"linkTitle", l.title}, {"description", firstWords(paras[0], 20)}, {"weight", l.weight}})
		fmt.Fprintf(&b, "%s\n\nPour commencer, lisez [%s]({{< ref %q >}}).\n", strings.Join(paras, "\n\n"), l.link.title, l.link.content())
		g.info.Shortcodes++
		g.info.Refs++
		if err := g.write(l.rel, b.Bytes()); err != nil {
			return g.info, nil, err
		}
		g.info.Sections++
	}

	day := time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, p := range pages {
		b.Reset()
		g.page(&b, i, pages, day.AddDate(0, 0, i%1800))
		if err := g.write("content"+p.content(), b.Bytes()); err != nil {
			return g.info, nil, err
		}
		g.info.Pages++
	}
	g.info.Seconds = time.Since(start).Seconds()
	return g.info, pages, nil
}

func firstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = append(f[:n], "…")
	}
	return strings.Join(f, " ")
}

// page writes regular page i.
func (g *docsGen) page(b *bytes.Buffer, i int, pages []docsPage, date time.Time) {
	p := pages[i]
	// The pages a ref names: the next sibling (by its file name, relative
	// to the page), two pages anywhere (a path from content/, the second
	// with a #fragment), the section and the subsection.
	sib := pages[i]
	if j := i + 1; j < len(pages) && pages[j].sec == p.sec && pages[j].sub == p.sub {
		sib = pages[j]
	} else if k := i - i%docsPerSubsection; k != i {
		sib = pages[k]
	}
	far, far2 := pages[g.rng.IntN(len(pages))], pages[g.rng.IntN(len(pages))]
	cats := []string{docsCategories[i%len(docsCategories)]}
	tags := []string{docsTags[i%len(docsTags)], docsTags[(i/3+7)%len(docsTags)]}
	if tags[0] == tags[1] {
		tags = tags[:1]
	}
	paras := g.paragraphs(4, docsWordsPerPage)
	frontMatter(b, i%2 == 1, [][2]any{
		{"title", p.title}, {"linkTitle", titleOf(strings.TrimRight(p.name, "-0123456789"))},
		{"description", firstWords(paras[0], 24)}, {"date", date}, {"lastmod", date.AddDate(0, 2, 0)},
		{"weight", i%docsPerSubsection + 1}, {"categories", cats}, {"tags", tags},
		{"keywords", []string{p.sub, p.sec}}, {"toc", true},
	})
	fmt.Fprintf(b, "%s\n\n## Vue d’ensemble {#%s}\n\n%s Voir aussi [%s]({{< ref %q >}}), [%s]({{< ref %q >}}) et [la partie %s]({{< relref %q >}}).\n\n",
		paras[0], docsFragment, paras[1], sib.title, sib.name+".md", far.title, far.content(), titleOf(p.sec), "/docs/"+p.sec)
	fmt.Fprintf(b, "{{%% alert title=\"Note\" color=\"warning\" %%}}\nChanger **%s** demande de relancer le serveur : lisez [la section](%s) de [%s]({{< ref %q >}}) d’abord.\n{{%% /alert %%}}\n\n",
		strings.ReplaceAll(p.sub, "-", "_"), "#"+docsFragment, far2.title, far2.content()+"#"+docsFragment)
	fmt.Fprintf(b, "%s\n\n### Exemple\n\n{{< highlight go >}}\npackage main\n\nimport \"fmt\"\n\n// %s prints its page's number.\nfunc %s() {\n\tfor i := 0; i < %d; i++ {\n\t\tfmt.Println(\"page\", i)\n\t}\n}\n{{< /highlight >}}\n\n",
		paras[2], goName(p.name), goName(p.name), i+1)
	fmt.Fprintf(b, "{{< figure src=%q alt=%q caption=%q >}}\n\n", docsImage, "Schéma : "+p.title, "Figure 1 – "+titleOf(p.sub))
	fmt.Fprintf(b, "{{< note >}}\nDisponible depuis la version {{< param \"version\" >}} : voir *[%s]({{< relref %q >}})*.\n{{< /note >}}\n\n",
		titleOf(p.sub), "/docs/"+p.sec+"/"+p.sub+"/_index.md")
	fmt.Fprintf(b, "## Détails\n\n%s\n\nLa note ci-dessus s’écrit ainsi :\n\n```go-html-template\n{{</* note */>}}\nDisponible depuis la version {{</* param \"version\" */>}}.\n{{</* /note */>}}\n```\n\nCette page vaut pour la version {{< param \"version\" >}}.\n",
		strings.Join(paras[3:], "\n\n"))
	// ref ×4, relref ×2, alert, highlight, figure, note, param ×2.
	g.info.Shortcodes += 12
	g.info.Refs += 6
}

// goName is a Go identifier for a page name.
func goName(s string) string {
	var b strings.Builder
	up := false
	for _, r := range s {
		switch {
		case r == '-':
			up = true
		case unicode.IsDigit(r) && b.Len() == 0:
		case up:
			b.WriteRune(unicode.ToUpper(r))
			up = false
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// hugoDocsConfig is the site's hugo.toml, with a menu entry per section.
func hugoDocsConfig(secs []string) []byte {
	var b bytes.Buffer
	b.WriteString(`# Written by communs' bench: a Hugo documentation site.
baseURL = "https://docs.example.org/"
title = "Documentation d’exemple"
languageCode = "fr-FR"
defaultContentLanguage = "` + docsDefaultLanguage + `"
enableRobotsTXT = false
disableHugoGeneratorInject = true
# Hugo 0.111 puts every page of a list in its feed by default (-1).
rssLimit = ` + strconv.Itoa(rssLimit) + `

[taxonomies]
category = "categories"
tag = "tags"

[params]
version = "` + docsVersion + `"
description = "La documentation d’un outil imaginaire, générée pour mesurer communs et Hugo."
github_repo = "https://github.com/example/docs"
edit_page = true

[markup.goldmark.renderer]
unsafe = true

[markup.highlight]
noClasses = false

[menus]
[[menus.main]]
name = "Docs"
url = "/docs/"
weight = 1
`)
	for i, s := range secs {
		fmt.Fprintf(&b, "[[menus.main]]\nname = %q\nurl = %q\nweight = %d\nparent = \"Docs\"\n", titleOf(s), "/docs/"+s+"/", (i+2)*10)
	}
	return b.Bytes()
}

// hugoDocsLayouts are the site's layouts: Hugo's minimal theme, and the
// two shortcodes both tools run.
var hugoDocsLayouts = map[string]string{
	"_default/baseof.html": `<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ .Site.Title }}</title>
</head>
<body>
<nav>{{ range .Site.Menus.main }}<a href="{{ .URL }}">{{ .Name }}</a>{{ range .Children }} <a href="{{ .URL }}">{{ .Name }}</a>{{ end }}{{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
`,
	"_default/single.html": `{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
{{ .Content }}
</article>{{ end }}
`,
	"_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ end }}
`,
	"shortcodes/alert.html": `<div class="alert alert-{{ .Get "color" | default "info" }}" role="alert">{{ with .Get "title" }}<h4 class="alert-heading">{{ . }}</h4>{{ end }}{{ .Inner | markdownify }}</div>
`,
	"shortcodes/note.html": `<div class="note">{{ .Inner | markdownify }}</div>
`,
}

// docsPNG is a small diagram: two boxes and an arrow.
func docsPNG() []byte {
	img := image.NewPaletted(image.Rect(0, 0, 120, 48), color.Palette{
		color.RGBA{0xff, 0xff, 0xff, 0xff}, color.RGBA{0x2a, 0x6f, 0xdb, 0xff}, color.RGBA{0x33, 0x33, 0x33, 0xff},
	})
	for y := 12; y < 36; y++ {
		for x := 8; x < 44; x++ {
			img.SetColorIndex(x, y, 1)
			img.SetColorIndex(x+68, y, 1)
		}
	}
	for x := 44; x < 76; x++ {
		img.SetColorIndex(x, 24, 2)
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.Bytes()
}

// Checking an output.

var (
	preOrCode   = regexp.MustCompile(`(?s)<pre[\s>].*?</pre>|<code[\s>].*?</code>`)
	leakedCall  = regexp.MustCompile(`\{\{\s*(<|%|&lt;|&#37;|&#x25;)`)
	unknownCode = regexp.MustCompile(`class="shortcode-[^"]*"`)
)

// checkDocsPage checks one page of an output: no shortcode call left as
// text outside <pre> and <code>, and what each shortcode gives there.
func checkDocsPage(html []byte) error {
	page := string(html)
	text := preOrCode.ReplaceAllString(page, "")
	if m := leakedCall.FindStringIndex(text); m != nil {
		return fmt.Errorf("a shortcode call left as text: %q", excerpt(text, m[0]))
	}
	if m := unknownCode.FindString(text); m != "" {
		return fmt.Errorf("a shortcode run by nothing: %s", m)
	}
	for _, want := range []struct{ what, s string }{
		{"the alert shortcode's box", `class="alert alert-warning"`},
		{"the note shortcode's box", `class="note"`},
		{"the figure", "<figure"},
		{"the figure's image", docsImage},
		{"the version (param)", docsVersion},
		{"the highlighted code", "Println"},
	} {
		if !strings.Contains(page, want.s) {
			return fmt.Errorf("%s is missing (no %q)", want.what, want.s)
		}
	}
	return nil
}

func excerpt(s string, at int) string {
	from, to := max(0, at-60), min(len(s), at+80)
	return s[from:to]
}

// docsSample is the output pages checked: evenly spread, first and last
// included.
func docsSample(pages []docsPage) []string {
	n := min(len(pages), docsSampleMax)
	var out []string
	seen := map[int]bool{}
	for k := 0; k < n; k++ {
		i := 0
		if n > 1 {
			i = k * (len(pages) - 1) / (n - 1)
		}
		if !seen[i] {
			seen[i] = true
			out = append(out, pages[i].url()+"index.html")
		}
	}
	return out
}

// checkDocsOutput checks the sample pages of an output.
func checkDocsOutput(dest string, sample []string) error {
	var problems []string
	for _, rel := range sample {
		data, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(rel)))
		if err != nil {
			problems = append(problems, fmt.Sprintf("%s: not written", path.Dir(rel)+"/"))
			continue
		}
		if err := checkDocsPage(data); err != nil {
			problems = append(problems, fmt.Sprintf("%s: %v", rel, err))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	if len(problems) > 5 {
		problems = append(problems[:5], fmt.Sprintf("… %d pages of %d in all", len(problems), len(sample)))
	}
	return fmt.Errorf("%s", strings.Join(problems, "\n"))
}

// contentProblems are the lines of what communs printed (with --quiet:
// its problems) about a page or a shortcode template: a ref it could not
// resolve, a shortcode it could not run. Those about hugo.toml (keys
// communs ignores, no licence) and the Hugo layouts it does not run are
// expected of a Hugo site.
func contentProblems(printed string) []string {
	var out []string
	for _, line := range strings.Split(printed, "\n") {
		line = strings.TrimSpace(line)
		if strings.HasPrefix(line, "content/") || strings.HasPrefix(line, "layouts/shortcodes") {
			out = append(out, line)
		}
	}
	return out
}

// The bench.

// hugoDocsCases are communs and Hugo on the generated site as it is.
func hugoDocsCases(sample []string) []Case {
	check := func(e *Env, in *Input, dest, printed string) error { return checkDocsOutput(dest, sample) }
	checkCommuns := func(e *Env, in *Input, dest, printed string) error {
		if ps := contentProblems(printed); len(ps) > 0 {
			if len(ps) > 5 {
				ps = append(ps[:5], fmt.Sprintf("… %d lines in all", len(ps)))
			}
			return fmt.Errorf("communs warned about the pages or shortcodes:\n%s", strings.Join(ps, "\n"))
		}
		return checkDocsOutput(dest, sample)
	}
	return []Case{
		{
			Bench: "hugodocs", Tool: "communs", Unit: "pages",
			Available: communsAvailable,
			Command: func(e *Env, in *Input, dest, scratch string) *exec.Cmd {
				return exec.Command(e.communs, "build", "--source", in.SiteDir, "--dest", dest, "--quiet")
			},
			Check: checkCommuns,
		},
		{
			Bench: "hugodocs", Tool: "hugo", Unit: "pages",
			Available: hugoAvailable,
			Command: func(e *Env, in *Input, dest, scratch string) *exec.Cmd {
				return hugoCommand(e, in.SiteDir, dest, scratch)
			},
			Check: check,
		},
	}
}

// runHugoDocs generates the site, measures each tool on it and compares
// them; it returns whether a measure failed.
func runHugoDocs(env *Env, o *options, report *Report) (failed bool) {
	printHugoDocsHeader(o)
	prose, err := loadProse(o.corpus)
	if err != nil {
		fmt.Printf("  FAILED: %v\n", err)
		return true
	}
	in := &Input{
		Bundles: o.hugoDocs,
		SiteDir: filepath.Join(env.WorkDir, fmt.Sprintf("hugodocs-%d", o.hugoDocs)),
		WorkDir: filepath.Join(env.WorkDir, fmt.Sprintf("hugodocs-setup-%d", o.hugoDocs)),
	}
	info, pages, err := generateHugoDocs(in.SiteDir, o.hugoDocs, prose, o.seed)
	if err == nil {
		err = os.MkdirAll(in.WorkDir, 0o755)
	}
	if err != nil {
		fmt.Printf("  FAILED: generating the site: %v\n", err)
		return true
	}
	sample := docsSample(pages)
	info.Sample = len(sample)
	report.HugoDocs = &info
	in.Stats = corpusgen.Stats{Bundles: info.Pages, Pages: info.Pages + info.Sections, Images: 1, Words: info.Words, Bytes: info.Bytes}
	fmt.Printf("  %7s  %-*s %7s  (%s pages and %d section pages, %.1f M words, %s shortcode calls of which %s refs; generated in %.1f s)\n",
		thousands(int64(info.Pages)), toolWidth, "input", "", thousands(int64(info.Pages)), info.Sections, float64(info.Words)/1e6,
		thousands(int64(info.Shortcodes)), thousands(int64(info.Refs)), info.Seconds)
	if runCases(env, in, hugoDocsCases(sample), o, report) {
		failed = true
	}
	fmt.Printf("  each output checked on %d pages: no shortcode call left as text outside <pre> and <code>, each shortcode's output there;\n"+
		"  communs' build checked to warn of no page nor shortcode (every ref resolved, every shortcode run)\n", len(sample))
	if !o.keep {
		os.RemoveAll(in.SiteDir)
		os.RemoveAll(in.WorkDir)
	}
	return failed
}

func printHugoDocsHeader(o *options) {
	runs := "1 run"
	if o.runs > 1 {
		runs = fmt.Sprintf("median of %d runs", o.runs)
	}
	if o.warmup > 0 {
		runs += fmt.Sprintf(" after %s unmeasured", plural(o.warmup, "run"))
	}
	fmt.Printf("\nHugo docs site: a generated Hugo site (hugo.toml, nested sections, YAML and TOML front matter, ref, relref, alert,\n"+
		"  highlight, figure, note and param shortcodes in every page) built as it is by communs and by Hugo, cold builds (%s)\n", runs)
	fmt.Printf("  %7s  %-*s %7s %8s %8s %8s %9s %8s\n", "pages", toolWidth, "tool", "pages", "wall s", "pages/s", "cpu s", "peak MiB", "out MiB")
}
