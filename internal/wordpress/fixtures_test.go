package wordpress

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/communs/communs/internal/slug"
	"github.com/communs/communs/internal/testutil"
)

// The exports of testdata/wordpress (see its README): WordPress's theme
// unit test data, its block test data, a French blog. Each is imported
// into an empty folder and built.

var (
	leftoverMarkup = regexp.MustCompile(`\[/?(caption|wp_caption|gallery|embed|video|audio|playlist)\b|<!--\s*/?wp:`)
	shortcodeTag   = regexp.MustCompile(`\[/?[a-z_-]+(\s[^\]]*)?\]`)
	htmlComment    = regexp.MustCompile(`(?s)<!--.*?-->`)
)

type imported struct {
	dir  string
	exp  *Export
	plan *Plan
}

func importFixture(t *testing.T, name string) *imported {
	t.Helper()
	f, err := os.Open(filepath.Join(testutil.RepoRoot(), "testdata", "wordpress", name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	exp, err := Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	plan, err := Build(context.Background(), exp, Options{SourceDir: dir, MediaDir: filepath.Join(testutil.RepoRoot(), "testdata", "wordpress", "uploads")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := plan.Write(dir, false); err != nil {
		t.Fatal(err)
	}
	buildSite(t, dir)
	return &imported{dir, exp, plan}
}

// pageAt is the page a reader gets at an old URL: the page, or the one its
// redirect sends to.
func (im *imported) pageAt(t *testing.T, urlPath string) (string, bool) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(im.dir, "public", filepath.FromSlash(urlPath), "index.html"))
	if err != nil {
		return "", false
	}
	page := string(data)
	if m := regexp.MustCompile(`<meta http-equiv="refresh" content="0; url=([^"]+)">`).FindStringSubmatch(page); m != nil {
		return im.pageAt(t, m[1])
	}
	return page, true
}

// checkPublished asserts that every published post and page is at its
// old URL with its title and words, and that no draft is published.
func (im *imported) checkPublished(t *testing.T) {
	t.Helper()
	for _, it := range im.exp.Items {
		if it.Type != "post" && it.Type != "page" {
			continue
		}
		linkPath := decodedPath(it.Link)
		if it.Status != "publish" || it.Password != "" {
			if it.Status == "trash" || it.Status == "inherit" {
				continue
			}
			if title := plainText(it.Title); title != "" {
				im.forEachPage(t, func(file, page string) {
					if strings.Contains(page, ">"+htmlEscape(title)+"</h1>") {
						t.Errorf("%s %d (%s, %q) is published, at %s", it.Type, it.ID, it.Status, title, file)
					}
				})
			}
			continue
		}
		page, ok := im.pageAt(t, linkPath)
		if !ok {
			t.Errorf("%s %d %q: nothing at its old URL %s", it.Type, it.ID, it.Title, linkPath)
			continue
		}
		text := testutil.Words(testutil.HTMLText([]byte(page)))
		have := map[string]bool{}
		for _, w := range text {
			have[strings.ToLower(w)] = true
		}
		if title := plainText(it.Title); title != "" {
			for _, w := range testutil.Words(title) {
				if !have[strings.ToLower(w)] {
					t.Errorf("%s: the title word %q is not on the page", linkPath, w)
				}
			}
		}
		// The words of its content (shortcode tags and block comments
		// aside) are on the page.
		content := shortcodeTag.ReplaceAllString(htmlComment.ReplaceAllString(it.Content, " "), " ")
		words := testutil.Words(plainText(strings.ReplaceAll(content, "<", " <"))) // a tag separates words
		missing := 0
		var some []string
		for _, w := range words {
			if !have[strings.ToLower(w)] {
				missing++
				if len(some) < 8 {
					some = append(some, w)
				}
			}
		}
		if len(words) > 0 && missing*20 > len(words) {
			t.Errorf("%s: %d of the %d words of its content are not on the page, such as %q", linkPath, missing, len(words), some)
		}
	}
	im.forEachPage(t, func(file, page string) {
		if m := leftoverMarkup.FindString(testutil.ProseText([]byte(page))); m != "" {
			t.Errorf("%s: WordPress markup left as text: %q", file, m)
		}
	})
}

func (im *imported) forEachPage(t *testing.T, fn func(file, page string)) {
	t.Helper()
	err := filepath.WalkDir(filepath.Join(im.dir, "public"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err == nil {
			fn(p, string(data))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkTerms asserts that the categories and tags of published posts have
// their pages.
func (im *imported) checkTerms(t *testing.T) {
	t.Helper()
	for _, it := range im.exp.Items {
		if it.Type != "post" || it.Status != "publish" || it.Password != "" {
			continue
		}
		for _, term := range it.Terms {
			dir := map[string]string{"category": "categories", "post_tag": "tags"}[term.Domain]
			if dir == "" || (term.Domain == "category" && (term.Slug == "uncategorized") && len(it.Terms) == 1) {
				continue
			}
			p := "/" + dir + "/" + slug.Make(term.Name) + "/"
			if _, err := os.Stat(filepath.Join(im.dir, "public", filepath.FromSlash(p), "index.html")); err != nil {
				t.Errorf("%s %q of %q: no page at %s", term.Domain, term.Name, it.Title, p)
			}
		}
	}
}

func htmlEscape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;").Replace(s)
}

func TestThemeUnitTestData(t *testing.T) {
	t.Parallel()
	im := importFixture(t, "themeunittestdata.trimmed.xml")
	im.checkPublished(t)
	im.checkTerms(t)
	if n := im.plan.Report.Count("comment", "approved"); n < 19 {
		t.Errorf("%d approved comments imported, want the 19 of Template: Comments and more", n)
	}
	im.checkComments(t)
	// The old URLs of categories, tags and the feed redirect to communs'.
	for from, to := range map[string]string{"/category/markup/": "../../categories/markup/", "/tag/css/": "../../tags/css/", "/feed/": "../index.xml"} {
		page, err := os.ReadFile(filepath.Join(im.dir, "public", filepath.FromSlash(from), "index.html"))
		if err != nil || !strings.Contains(string(page), `content="0; url=`+to+`"`) {
			t.Errorf("%s does not redirect to %s: %v\n%s", from, to, err, page)
		}
	}
	// The smaller sizes of Markup: Image Alignment are its originals, in
	// its bundle.
	if _, err := os.Stat(filepath.Join(im.dir, "content", "articles", "markup-image-alignment", "image-alignment-580x300.jpg")); err != nil {
		t.Errorf("the images of Markup: Image Alignment are not in its bundle: %v", err)
	}
}

func TestBlockTestData(t *testing.T) {
	t.Parallel()
	im := importFixture(t, "block-test-data.trimmed.xml")
	im.checkPublished(t)
	im.checkTerms(t)
	md, err := os.ReadFile(filepath.Join(im.dir, "content", "articles", "footnotes", "index.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "[^1]:") {
		t.Errorf("the Footnotes post has no Markdown notes:\n%s", md)
	}
}

func TestFrenchBlog(t *testing.T) {
	t.Parallel()
	im := importFixture(t, "francais.xml")
	im.checkPublished(t)
	im.checkTerms(t)
	// Both posts of one slug, each on its own URL.
	for _, p := range []string{"/2019/11/26/framasoft-2020/", "/2020/05/06/framasoft-2020/"} {
		if _, ok := im.pageAt(t, p); !ok {
			t.Errorf("nothing at %s", p)
		}
	}
	if m := im.plan.Report.Missing(); len(m) != 1 || !strings.Contains(m[0], "entraide-chatons") {
		t.Errorf("missing media = %v, want entraide-chatons", m)
	}
	if u := im.plan.Report.UnknownShortcodes(); len(u) == 0 {
		t.Errorf("no unknown shortcode reported")
	}
	im.checkComments(t)
	// The featured image is the page's cover (og:image).
	if page, _ := im.pageAt(t, "/2020/11/25/i-dont-want-any-spam/"); !strings.Contains(page, `property="og:image" content="https://blog.example.fr/2020/11/25/i-dont-want-any-spam/meme-texte-spam-spam-everywhere.png"`) {
		t.Errorf("the featured image is not the page's og:image")
	}
}

// checkComments asserts that approved comments show under their post and
// that spam, pending and trashed ones show nowhere.
func (im *imported) checkComments(t *testing.T) {
	t.Helper()
	var hidden, approved []string
	shown := 0
	for _, it := range im.exp.Items {
		for _, c := range it.Comments {
			words := strings.Join(testutil.Words(plainText(c.Content)), " ")
			if len(words) > 40 {
				words = words[:strings.LastIndexByte(words[:40], ' ')]
			}
			if words == "" {
				continue
			}
			if c.Approved != "1" {
				hidden = append(hidden, words)
				continue
			}
			approved = append(approved, strings.Join(testutil.Words(plainText(c.Content)), " "))
			if it.Status != "publish" || it.Password != "" {
				continue
			}
			page, _ := im.pageAt(t, decodedPath(it.Link))
			if !strings.Contains(strings.Join(testutil.Words(testutil.HTMLText([]byte(page))), " "), words) {
				t.Errorf("%s: the approved comment %d (%q) is not shown", it.Link, c.ID, words)
			}
			shown++
		}
	}
	if shown == 0 || len(hidden) == 0 {
		t.Fatalf("%d approved and %d other comments: the export should have both", shown, len(hidden))
	}
	// (A hidden comment whose words an approved one holds cannot be told.)
	hidden = slices.DeleteFunc(hidden, func(h string) bool {
		return slices.ContainsFunc(approved, func(a string) bool { return strings.Contains(a, h) })
	})
	im.forEachPage(t, func(file, page string) {
		text := strings.Join(testutil.Words(testutil.HTMLText([]byte(page))), " ")
		for _, h := range hidden {
			if strings.Contains(text, h) {
				t.Errorf("%s shows a comment that was not approved: %q", file, h)
			}
		}
	})
}
