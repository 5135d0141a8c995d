package build

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/communs/communs/internal/testutil"
)

// hugoFixtures are trimmed copies of real Hugo sites (testdata/hugo/,
// README there: sources and licences), each with the URLs Hugo 0.111.3
// wrote for it.
var hugoFixtures = []string{"hachyderm-fr", "congo-example", "cncf-glossary"}

// TestHugoSitesBuildAsTheyAre: a real Hugo site, no site.toml, no edit:
// communs builds it, writes the URLs Hugo writes, and leaves no shortcode
// text nor marker in any page.
func TestHugoSitesBuildAsTheyAre(t *testing.T) {
	for _, name := range hugoFixtures {
		t.Run(name, func(t *testing.T) {
			src := filepath.Join("..", "..", "testdata", "hugo", name)
			work := src // a build reads its source only
			dest := filepath.Join(t.TempDir(), "public")
			buildInto(t, work, dest)
			want := readLines(t, filepath.Join(src, "hugo-urls.txt"))
			got := map[string]bool{}
			for _, u := range writtenURLs(t, dest) {
				got[u] = true
			}
			var missing []string
			for _, u := range want {
				if !got[u] {
					missing = append(missing, u)
				}
			}
			share := float64(len(want)-len(missing)) / float64(len(want))
			t.Logf("%s: %d of Hugo's %d URLs (%.1f%%)", name, len(want)-len(missing), len(want), 100*share)
			if share < 0.95 {
				t.Errorf("only %.1f%% of Hugo's URLs; missing:\n%s", 100*share, strings.Join(missing, "\n"))
			}
			leaks(t, dest)
			for file, texts := range hugoFixtureTexts[name] {
				b, err := os.ReadFile(filepath.Join(dest, filepath.FromSlash(file)))
				if err != nil {
					t.Error(err)
					continue
				}
				for _, want := range texts {
					if !strings.Contains(string(b), want) {
						t.Errorf("%s: no %q", file, want)
					}
				}
			}
		})
	}
}

// hugoFixtureTexts are texts each fixture's pages must show: prose that
// sits inside shortcodes, and what ref and relref point to.
var hugoFixtureTexts = map[string]map[string][]string{
	"hachyderm-fr": {
		// A home page written in HTML, a Docsy box around its text, a
		// relref in an attribute.
		"index.html": {`<div class="shortcode-blocks-cover"><p class="shortcode-title"><strong>Social Media For Technical Professionals</strong>`, `href="/docs/"`},
		// The print page's relative links lead where the page's did.
		"docs/_print/index.html": {`href="/docs/rule-explainer/"`, `<div class="shortcode-pageinfo">`},
	},
	"congo-example": {
		"samples/index.html": {`<div class="shortcode-lead">`},
	},
}

func diagsText(res *Result) string {
	if res == nil || res.Diags == nil {
		return ""
	}
	var b strings.Builder
	res.Diags.Print(&b)
	return b.String()
}

func readLines(t *testing.T, file string) []string {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// writtenURLs are the HTML pages of an output, as URLs: a/index.html is
// /a/, other HTML files keep their names.
func writtenURLs(t *testing.T, dest string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		rel, _ := filepath.Rel(dest, p)
		rel = "/" + filepath.ToSlash(rel)
		if strings.HasSuffix(rel, "/index.html") {
			rel = strings.TrimSuffix(rel, "index.html")
		}
		out = append(out, rel)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out
}

var (
	outsideCode   = regexp.MustCompile(`(?s)<(pre|code|script|textarea)\b.*?</(pre|code|script|textarea)>`)
	shortcodeText = regexp.MustCompile(`\{\{(<|&lt;|%)`)
)

// leaks fails on shortcode text outside code, and on the reader's markers.
func leaks(t *testing.T, dest string) {
	t.Helper()
	_ = filepath.WalkDir(dest, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(p, ".html") || strings.HasSuffix(p, ".xml")) {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), "\ue000") || strings.Contains(string(b), "\ue001") {
			t.Errorf("%s: a shortcode marker is left", p)
		}
		if strings.HasSuffix(p, ".html") {
			if m := shortcodeText.FindString(outsideCode.ReplaceAllString(string(b), "")); m != "" {
				t.Errorf("%s: shortcode text %q outside code", p, m)
			}
		}
		return nil
	})
}

// TestHugoUserShortcodes: a site's own shortcodes see the page, the site,
// the other pages, their parent call, and render in the HTML and feeds.
func TestHugoUserShortcodes(t *testing.T) {
	src := testutil.Files(t, map[string]string{
		"hugo.toml":                        "baseURL = \"https://example.org/\"\ntitle = \"Docs\"\nlicense = \"CC0-1.0\"\n[params]\nversion = \"2.1\"\n",
		"layouts/shortcodes/pagelink.html": `{{ with .Page.GetPage (.Get 0) }}<a class="pl" href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}`,
		"layouts/shortcodes/tabs.html":     `<div class="tabs" data-site="{{ site.Title }}">{{ .Inner }}</div>`,
		"layouts/shortcodes/tab.html":      `<section data-n="{{ .Ordinal }}" data-of="{{ .Parent.Name }}">{{ .Inner | markdownify }}</section>`,
		"layouts/shortcodes/version.md":    `**v{{ .Site.Params.version }}** on {{ .Page.Title }}`,
		"content/docs/_index.md":           "---\ntitle: Docs\n---\n",
		"content/docs/install.md":          "---\ntitle: Install\ndate: 2024-01-02\n---\nSee {{< pagelink \"/docs/usage.md\" >}}.\n\n{{< tabs >}}\n{{< tab >}}*one*{{< /tab >}}\n{{< tab >}}two{{< /tab >}}\n{{< /tabs >}}\n\n{{% version %}}\n",
		"content/docs/usage.md":            "---\ntitle: Usage\ndate: 2024-01-01\n---\nUse it.\n",
	})
	dest := filepath.Join(t.TempDir(), "public")
	res := buildInto(t, src, dest)
	if w := diagsText(res); strings.Contains(w, "shortcode") {
		t.Errorf("warnings about shortcodes:\n%s", w)
	}
	page := readFile(t, filepath.Join(dest, "docs", "install", "index.html"))
	for _, want := range []string{
		`<a class="pl" href="/docs/usage/">Usage</a>`,
		`<div class="tabs" data-site="Docs">`,
		`<section data-n="0" data-of="tabs"><em>one</em></section>`,
		`<section data-n="1" data-of="tabs">two</section>`,
		`<strong>v2.1</strong> on Install`,
	} {
		if !strings.Contains(string(page), want) {
			t.Errorf("no %q in\n%s", want, page)
		}
	}
	feed := readFile(t, filepath.Join(dest, "docs", "index.xml"))
	if !strings.Contains(string(feed), "v2.1") || strings.Contains(string(feed), "{{") {
		t.Errorf("the feed lacks the shortcodes' output:\n%s", feed)
	}
}

// TestHugoDefaultLanguageInSubdir: defaultContentLanguageInSubdir puts
// the default language below /en/ too, the root sending readers there.
func TestHugoDefaultLanguageInSubdir(t *testing.T) {
	src := testutil.Files(t, map[string]string{
		"hugo.toml":              "title = \"S\"\nlicense = \"CC0-1.0\"\ndefaultContentLanguage = \"en\"\ndefaultContentLanguageInSubdir = true\n[languages.en]\nweight = 1\n[languages.fr]\nweight = 2\n",
		"content/posts/p1.md":    "---\ntitle: P1\n---\nx\n",
		"content/posts/p1.fr.md": "---\ntitle: P1 fr\n---\nx\n",
	})
	dest := filepath.Join(t.TempDir(), "public")
	buildInto(t, src, dest)
	urls := strings.Join(writtenURLs(t, dest), " ")
	for _, want := range []string{"/en/", "/en/posts/p1/", "/fr/posts/p1/", "/en/posts/"} {
		if !strings.Contains(" "+urls+" ", " "+want+" ") {
			t.Errorf("no %s in %s", want, urls)
		}
	}
	root, err := os.ReadFile(filepath.Join(dest, "index.html"))
	if err != nil || !strings.Contains(string(root), `url=/en/`) {
		t.Errorf("the root does not send readers to /en/: %v\n%s", err, root)
	}
	if strings.Contains(" "+urls+" ", " /posts/p1/ ") {
		t.Error("the default language's page is at the root too")
	}
}

// TestHugoShortcodesInEveryOutput: a Hugo page's shortcodes show the same
// words in the HTML, the EPUB (EPUBCheck-clean) and the PDF.
func TestHugoShortcodesInEveryOutput(t *testing.T) {
	src := testutil.Site(t, `
-- hugo.toml --
title = "EP"
license = "CC0-1.0"
baseURL = "https://example.org/"
-- content/docs/guide/index.md --
---
title: A guide with shortcodes
date: 2024-03-01
formats: [epub, pdf]
---
Intro with a {{< badge >}}badge word{{< /badge >}} inside.

{{% alert title="Careful" %}}
Boxed **sentence** here.
{{% /alert %}}

{{< figure src="hill.png" alt="A red hill" caption="The hill at dawn" >}}

{{< youtube id="abc123" title="A talk video" >}}

{{< details summary="More details" >}}
Hidden detail sentence.
{{< /details >}}
-- content/docs/guide/hill.png --
{{png}}
`)
	dest := filepath.Join(t.TempDir(), "public")
	buildInto(t, src, dest)
	html := string(readFile(t, filepath.Join(dest, "docs/guide/index.html")))
	epubFile := filepath.Join(dest, "docs/guide/guide.epub")
	epub := epubText(t, epubFile)
	pdf := ""
	if _, err := exec.LookPath("pdftotext"); err == nil {
		out, err := exec.Command("pdftotext", "-enc", "UTF-8", filepath.Join(dest, "docs/guide/guide.pdf"), "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		pdf = strings.Join(strings.Fields(string(out)), " ")
	} else {
		t.Log("pdftotext (poppler-utils) is not installed: the PDF's text is not compared")
	}
	for _, want := range []string{"badge word", "Careful", "Boxed", "The hill at dawn", "A talk video", "More details", "Hidden detail sentence."} {
		for name, text := range map[string]string{"HTML": html, "EPUB": epub, "PDF": pdf} {
			if text != "" && !strings.Contains(text, want) {
				t.Errorf("the %s lacks %q", name, want)
			}
		}
	}
	if !strings.Contains(html, "<iframe") {
		t.Error("the site has no player")
	}
	if testutil.HaveEPUBCheck() {
		for _, r := range testutil.EPUBCheck(t, epubFile) {
			if !r.Clean() {
				t.Errorf("EPUBCheck: %s", r)
			}
		}
	} else {
		t.Log("epubcheck is not installed: the EPUB is not validated")
	}
}
