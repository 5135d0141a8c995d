package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// The site bench: the same generated site built by `communs build` and by
// Hugo with an equivalent configuration and a minimal theme.

// paginate is the number of pages per list page, on both sides.
const paginate = 10

// rssLimit bounds the items of each feed on Hugo's side; Hugo 0.111's default
// (-1) puts every page of a list in its feed, which no real site does.
const rssLimit = 20

// siteConfig is what the bench needs of site.toml.
type siteConfig struct {
	Title           string
	BaseURL         string
	DefaultLanguage string
	Languages       []siteLanguage // in the order of site.toml
}

type siteLanguage struct {
	Code  string
	Title string
}

// readSiteConfig reads the few keys the bench needs from site.toml, without a
// TOML library: top-level `key = "string"` lines and [languages.xx] tables.
func readSiteConfig(path string) (siteConfig, error) {
	var c siteConfig
	f, err := os.Open(path)
	if err != nil {
		return c, err
	}
	defer f.Close()
	table := ""
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			table = strings.Trim(line, "[] ")
			if code, ok := strings.CutPrefix(table, "languages."); ok {
				c.Languages = append(c.Languages, siteLanguage{Code: strings.Trim(code, `"`)})
			}
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		k = strings.TrimSpace(k)
		v = tomlString(strings.TrimSpace(v))
		switch {
		case table == "" && k == "title":
			c.Title = v
		case table == "" && k == "baseURL":
			c.BaseURL = v
		case table == "" && (k == "defaultLanguage" || k == "defaultContentLanguage"):
			c.DefaultLanguage = v
		case strings.HasPrefix(table, "languages.") && k == "title":
			c.Languages[len(c.Languages)-1].Title = v
		}
	}
	if err := sc.Err(); err != nil {
		return c, err
	}
	if c.DefaultLanguage == "" {
		if len(c.Languages) > 0 {
			c.DefaultLanguage = c.Languages[0].Code
		} else {
			c.DefaultLanguage = "en"
		}
	}
	if len(c.Languages) == 0 {
		c.Languages = []siteLanguage{{Code: c.DefaultLanguage, Title: c.Title}}
	}
	if c.BaseURL == "" {
		c.BaseURL = "https://example.org/"
	}
	return c, nil
}

// tomlString unquotes a basic or literal TOML string (and drops a trailing
// comment); other values are returned as they are.
func tomlString(v string) string {
	if strings.HasPrefix(v, `"`) {
		if end := strings.Index(v[1:], `"`); end >= 0 {
			if s, err := strconv.Unquote(v[:end+2]); err == nil {
				return s
			}
			return v[1 : end+1]
		}
	}
	if strings.HasPrefix(v, `'`) {
		if end := strings.Index(v[1:], `'`); end >= 0 {
			return v[1 : end+1]
		}
	}
	if i := strings.Index(v, "#"); i >= 0 {
		v = strings.TrimSpace(v[:i])
	}
	return v
}

var languageNames = map[string]string{
	"fr": "Français", "en": "English", "de": "Deutsch", "es": "Español",
	"it": "Italiano", "pt": "Português", "nl": "Nederlands", "br": "Brezhoneg",
	"oc": "Occitan", "ca": "Català", "eo": "Esperanto",
}

// hugoConfig is the Hugo 0.111 configuration equivalent to the site's.
func hugoConfig(c siteConfig, contentDir string) []byte {
	var b bytes.Buffer
	q := strconv.Quote
	fmt.Fprintf(&b, "# Written by communs' bench: the generated site, for Hugo.\n")
	fmt.Fprintf(&b, "baseURL = %s\ntitle = %s\n", q(c.BaseURL), q(c.Title))
	fmt.Fprintf(&b, "contentDir = %s\n", q(contentDir))
	fmt.Fprintf(&b, "defaultContentLanguage = %s\ndefaultContentLanguageInSubdir = false\n", q(c.DefaultLanguage))
	fmt.Fprintf(&b, "paginate = %d\nrssLimit = %d\n", paginate, rssLimit)
	b.WriteString("enableRobotsTXT = false\ndisableHugoGeneratorInject = true\n")
	b.WriteString(`
[taxonomies]
tag = "tags"
category = "categories"
series = "series"

# communs' URLs: /:year/:month/:day/:slug/ where the slug is the bundle's
# directory name; in Hugo that is :filename (Hugo's :slug falls back to the
# title when the front matter has no slug).
[permalinks]
articles = "/:year/:month/:day/:filename/"

[outputs]
home = ["HTML", "RSS"]
section = ["HTML", "RSS"]
taxonomy = ["HTML", "RSS"]
term = ["HTML", "RSS"]
page = ["HTML"]

[markup.goldmark.renderer]
unsafe = true
`)
	for i, l := range c.Languages {
		name := languageNames[l.Code]
		if name == "" {
			name = l.Code
		}
		title := l.Title
		if title == "" {
			title = c.Title
		}
		fmt.Fprintf(&b, "\n[languages.%s]\nlanguageName = %s\ntitle = %s\nweight = %d\n", l.Code, q(name), q(title), i+1)
	}
	return b.Bytes()
}

// hugoLayouts is a minimal theme: title, date, content, tags, series and
// translations of each page; paginated lists for home, sections, taxonomies
// and terms; Hugo's embedded RSS template for the feeds.
var hugoLayouts = map[string]string{
	"_default/baseof.html": `<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head>
<meta charset="utf-8">
<title>{{ if not .IsHome }}{{ .Title }} – {{ end }}{{ .Site.Title }}</title>
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Lang }}" href="{{ .Permalink }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relLangURL }}">{{ .Site.Title }}</a></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
`,
	"_default/single.html": `{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ .Content }}
{{ with .GetTerms "tags" }}<ul class="tags">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
{{ with .GetTerms "series" }}<p class="series">{{ range . }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</p>{{ end }}
{{ with .Translations }}<ul class="translations">{{ range . }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Lang }}">{{ .Language.LanguageName }}</a></li>{{ end }}</ul>{{ end }}
</article>{{ end }}
`,
	"_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Paginator.Pages }}{{ partial "summary.html" . }}{{ end }}
{{ partial "pager.html" .Paginator }}{{ end }}
`,
	"_default/term.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ range .Paginator.Pages }}{{ partial "summary.html" . }}{{ end }}
{{ partial "pager.html" .Paginator }}{{ end }}
`,
	"_default/taxonomy.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> ({{ len .Pages }})</li>{{ end }}</ul>
{{ partial "pager.html" .Paginator }}{{ end }}
`,
	"index.html": `{{ define "main" }}{{ $pag := .Paginate (where .Site.RegularPages "Section" "articles") }}
{{ range $pag.Pages }}{{ partial "summary.html" . }}{{ end }}
{{ partial "pager.html" $pag }}{{ end }}
`,
	"partials/summary.html": `<article class="summary">
<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2 January 2006" }}</time>
{{ .Summary }}
</article>
`,
	"partials/pager.html": `{{ if gt .TotalPages 1 }}<nav class="pagination">
{{ with .Prev }}<a rel="prev" href="{{ .URL }}">←</a>{{ end }}
<span>{{ .PageNumber }} / {{ .TotalPages }}</span>
{{ with .Next }}<a rel="next" href="{{ .URL }}">→</a>{{ end }}
</nav>{{ end }}
`,
}

// writeHugoProject writes a Hugo project in dir that builds the content of
// siteDir: hugo.toml and the layouts (the content stays where it is).
func writeHugoProject(dir, siteDir string) error {
	c, err := readSiteConfig(filepath.Join(siteDir, "site.toml"))
	if err != nil {
		return err
	}
	content, err := filepath.Abs(filepath.Join(siteDir, "content"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "hugo.toml"), hugoConfig(c, content), 0o644); err != nil {
		return err
	}
	for name, text := range hugoLayouts {
		p := filepath.Join(dir, "layouts", filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// communsAvailable says why communs cannot be measured, or nil.
func communsAvailable(e *Env) error {
	if e.communsErr != nil {
		return errors.New("not built (go build ./cmd/communs failed, see above)")
	}
	return nil
}

// siteCases are the tools compared on a generated site, cold builds.
func siteCases() []Case {
	return []Case{
		{
			Bench:     "site",
			Tool:      "communs",
			Unit:      "pages",
			Available: communsAvailable,
			Command: func(e *Env, in *Input, dest, scratch string) *exec.Cmd {
				return exec.Command(e.communs, "build", "--source", in.SiteDir, "--dest", dest, "--quiet")
			},
		},
		{
			Bench:     "site",
			Tool:      "hugo",
			Unit:      "pages",
			Available: hugoAvailable,
			Setup: func(e *Env, in *Input) error {
				return writeHugoProject(filepath.Join(in.WorkDir, "hugo-project"), in.SiteDir)
			},
			Command: func(e *Env, in *Input, dest, scratch string) *exec.Cmd {
				return hugoCommand(e, filepath.Join(in.WorkDir, "hugo-project"), dest, scratch)
			},
		},
	}
}

// hugoAvailable says why Hugo cannot be measured, or nil.
func hugoAvailable(e *Env) error {
	if e.hugo == "" {
		return errors.New(e.missing["hugo"])
	}
	return nil
}

// hugoCommand is a cold build by Hugo of the project in source into dest,
// with a cache folder of its own in scratch.
func hugoCommand(e *Env, source, dest, scratch string) *exec.Cmd {
	cache := filepath.Join(scratch, "hugo-cache") // fresh for every run: a cold build
	return exec.Command(e.hugo, "--quiet", "-s", source, "-d", dest,
		"--cacheDir", cache, "--noTimes", "--noChmod", "--noBuildLock")
}
