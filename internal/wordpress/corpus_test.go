package wordpress

import (
	"bytes"
	"context"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/JohannesKaufmann/dom"
	"golang.org/x/net/html"

	"github.com/communs/communs/internal/build"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/testutil"
)

// TestCorpusRoundTrip exports the corpus's French articles as a WordPress
// blog would hold them (the HTML each article's page shows, its images in
// wp-content/uploads/), imports that export into a new site and builds
// it: every article must be at the same URL with the same words.
func TestCorpusRoundTrip(t *testing.T) {
	t.Parallel()
	corpus := testutil.Corpus(t)
	ctx := context.Background()
	first := t.TempDir()
	res, err := build.Run(ctx, build.Options{Source: corpus, Dest: first, Workers: 2})
	if err != nil {
		t.Fatalf("building the corpus: %v", err)
	}
	media := t.TempDir()
	ch := ExportChannel{Title: "Framablog", Link: "https://example.org", Language: "fr-FR"}
	var posts []ExportPost
	type article struct{ path, text string }
	var articles []article
	authors := map[string]bool{}
	for i, p := range res.Site.Langs["fr"].All {
		if p.Kind != site.KindArticle || p.Section != "articles" {
			continue
		}
		page, err := os.ReadFile(filepath.Join(first, filepath.FromSlash(p.Path), "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		content := contentHTML(t, page)
		articles = append(articles, article{p.Path, contentText(t, page)})
		// Its images, as uploads of the month it was published.
		month := p.Date.Format("2006/01")
		for _, r := range p.Resources {
			name := path.Base(r.Name)
			data, err := os.ReadFile(r.Abs)
			if err != nil {
				t.Fatal(err)
			}
			dst := filepath.Join(media, filepath.FromSlash(month), name)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, data, 0o644); err != nil {
				t.Fatal(err)
			}
			content = strings.ReplaceAll(content, `src="`+p.RelPermalink+name+`"`, `src="https://example.org/wp-content/uploads/`+month+"/"+name+`"`)
			content = strings.ReplaceAll(content, `src="`+name+`"`, `src="https://example.org/wp-content/uploads/`+month+"/"+name+`"`)
		}
		var tags [][2]string
		for _, tag := range p.FrontMatter.Tags {
			tags = append(tags, [2]string{tag, tag})
		}
		author := ""
		if len(p.FrontMatter.Authors) > 0 {
			author = p.FrontMatter.Authors[0]
			if !authors[author] {
				authors[author] = true
				ch.Authors = append(ch.Authors, Author{Login: author, DisplayName: author})
			}
		}
		local := p.Date.Format("2006-01-02 15:04:05")
		posts = append(posts, ExportPost{ID: 1000 + i, Title: p.FrontMatter.Title, Name: p.Slug, Link: p.Permalink,
			Date: local, DateGMT: p.Date.UTC().Format("2006-01-02 15:04:05"), Author: author, Content: content, Tags: tags})
	}
	if len(posts) < 10 {
		t.Fatalf("only %d French articles in the corpus", len(posts))
	}
	dir := t.TempDir()
	siteToml, err := os.ReadFile(filepath.Join(corpus, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), siteToml, 0o644); err != nil {
		t.Fatal(err)
	}
	plan := importInto(t, dir, media, ch, posts, false)
	if m := plan.Report.Missing(); len(m) > 0 {
		t.Errorf("media not found: %v", m)
	}
	if moved := plan.Report.Moved(); len(moved) > 0 {
		t.Errorf("URLs not kept: %v", moved)
	}
	if _, err := plan.Write(dir, false); err != nil {
		t.Fatal(err)
	}
	buildSite(t, dir)
	for _, a := range articles {
		page, err := os.ReadFile(filepath.Join(dir, "public", filepath.FromSlash(a.path), "index.html"))
		if err != nil {
			t.Errorf("%s: not on the same URL after the import: %v", a.path, err)
			continue
		}
		got := contentText(t, page)
		if got != a.text {
			t.Errorf("%s: the words differ after the import:\n%s", a.path, firstDifference(a.text, got))
		}
	}
}

// contentHTML is the inner HTML of a page's article text.
func contentHTML(t *testing.T, page []byte) string {
	t.Helper()
	n := findContent(t, page)
	var b bytes.Buffer
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if err := html.Render(&b, c); err != nil {
			t.Fatal(err)
		}
	}
	return b.String()
}

// contentText is the words of a page's article text.
func contentText(t *testing.T, page []byte) string {
	t.Helper()
	var b bytes.Buffer
	if err := html.Render(&b, findContent(t, page)); err != nil {
		t.Fatal(err)
	}
	return strings.Join(testutil.Words(testutil.HTMLText(b.Bytes())), " ")
}

func findContent(t *testing.T, page []byte) *html.Node {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var found *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "div" && dom.HasClass(n, "e-content") {
			found = n
			return
		}
		for c := n.FirstChild; c != nil && found == nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if found == nil {
		t.Fatal("no article text (div.e-content) in the page")
	}
	return found
}

func firstDifference(a, b string) string {
	wa, wb := strings.Fields(a), strings.Fields(b)
	for i := 0; i < len(wa) && i < len(wb); i++ {
		if wa[i] != wb[i] {
			lo := max(0, i-8)
			return "before: …" + strings.Join(wa[lo:min(len(wa), i+8)], " ") + "…\nafter:  …" + strings.Join(wb[lo:min(len(wb), i+8)], " ") + "…"
		}
	}
	return "one is longer: " + strings.Join(wa[min(len(wa), len(wb)):], " ") + strings.Join(wb[min(len(wa), len(wb)):], " ")
}
