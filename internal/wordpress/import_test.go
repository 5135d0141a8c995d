package wordpress

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/communs/communs/internal/build"
	"github.com/communs/communs/internal/testutil"
)

// frenchBlog is a small export of a French blog, written as WordPress
// writes it: Paris dates, percent-encoded slugs, a caption with a smaller
// size of its image, a page and its child, two posts with one slug.
func frenchBlog() (ExportChannel, []ExportPost) {
	ch := ExportChannel{Title: "Le blog", Link: "https://blog.example.fr", Description: "Un blog libre", Language: "fr-FR",
		Authors:    []Author{{Login: "ana", DisplayName: "Ana Dupont"}},
		Categories: []Term{{ID: 1, Slug: "logiciel", Name: "Logiciel"}, {ID: 2, Slug: "libre", Name: "Libre", Parent: "logiciel"}}}
	posts := []ExportPost{
		{ID: 101, Title: "L’été des communs", Name: "l%e2%80%99ete-des-communs", Link: "https://blog.example.fr/2020/07/14/l%e2%80%99ete-des-communs/",
			Date: "2020-07-14 23:30:00", DateGMT: "2020-07-14 21:30:00", Author: "ana",
			Content:    "Un été <strong>chaud</strong> pour les communs.\n\n[caption id=\"attachment_201\" align=\"aligncenter\" width=\"300\"]<img class=\"size-medium wp-image-201\" src=\"https://blog.example.fr/wp-content/uploads/2020/07/colline-300x200.png\" alt=\"Une colline\" width=\"300\" height=\"200\" /> La colline au matin[/caption]\n\nUne image perdue : <img src=\"https://blog.example.fr/wp-content/uploads/2020/07/perdue.png\" alt=\"perdue\" />",
			Categories: [][2]string{{"libre", "Libre"}}, Tags: [][2]string{{"ete", "été"}},
			Comments: []Comment{
				{ID: 1, Author: "Bob", Date: "2020-07-15 08:00:00", DateGMT: "2020-07-15 06:00:00", Content: "Merci pour cet article !", Approved: "1"},
				{ID: 2, Author: "Spammeur", Date: "2020-07-15 09:00:00", DateGMT: "2020-07-15 07:00:00", Content: "Achetez des montres", Approved: "spam"},
			}},
		{ID: 102, Title: "Hiver", Name: "hiver", Link: "https://blog.example.fr/2021/01/05/hiver/", Date: "2021-01-05 10:00:00", DateGMT: "2021-01-05 09:00:00", Author: "ana",
			Content: "<!-- wp:paragraph -->\n<p>Il fait froid, mais le logiciel libre réchauffe.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->\n\n<!-- wp:paragraph -->\n<p>La suite de l’hiver.</p>\n<!-- /wp:paragraph -->"},
		{ID: 103, Title: "Hiver encore", Name: "hiver", Link: "https://blog.example.fr/2022/01/05/hiver/", Date: "2022-01-05 10:00:00", DateGMT: "2022-01-05 09:00:00", Author: "ana",
			Content: "Un second hiver, même adresse courte."},
		{ID: 104, Title: "Brouillon secret", Name: "", Status: "draft", Link: "https://blog.example.fr/?p=104", Date: "2022-02-01 10:00:00", DateGMT: "0000-00-00 00:00:00", Author: "ana",
			Content: "Pas encore prêt."},
		{ID: 105, Type: "page", Title: "À propos", Name: "a-propos", Link: "https://blog.example.fr/a-propos/", Date: "2019-01-01 12:00:00", DateGMT: "2019-01-01 11:00:00", Author: "ana",
			Content: "Nous sommes une association."},
		{ID: 106, Type: "page", Title: "L’équipe", Name: "equipe", Parent: 105, Link: "https://blog.example.fr/a-propos/equipe/", Date: "2019-01-02 12:00:00", DateGMT: "2019-01-02 11:00:00", Author: "ana",
			Content: "Ana, Bob et les autres."},
		{ID: 201, Type: "attachment", Status: "inherit", Title: "colline", Name: "colline", Parent: 101, URL: "https://blog.example.fr/wp-content/uploads/2020/07/colline.png",
			Date: "2020-07-14 20:00:00", DateGMT: "2020-07-14 18:00:00"},
	}
	return ch, posts
}

func writePNG(t *testing.T, file string) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{200, 10, 10, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// importInto imports the export into dir and returns the plan.
func importInto(t *testing.T, dir, media string, ch ExportChannel, posts []ExportPost, force bool) *Plan {
	t.Helper()
	var b bytes.Buffer
	if err := WriteWXR(&b, ch, posts); err != nil {
		t.Fatal(err)
	}
	exp, err := Parse(&b)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := Build(context.Background(), exp, Options{SourceDir: dir, MediaDir: media, Force: force})
	if err != nil {
		t.Fatal(err)
	}
	return plan
}

func buildSite(t *testing.T, dir string) {
	t.Helper()
	res, err := build.Run(context.Background(), build.Options{Source: dir, Workers: 2})
	if err != nil {
		var b strings.Builder
		if res != nil && res.Diags != nil {
			res.Diags.Print(&b)
		}
		t.Fatalf("build: %v\n%s", err, b.String())
	}
}

func readPage(t *testing.T, dir, urlPath string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "public", filepath.FromSlash(urlPath), "index.html"))
	if err != nil {
		t.Fatalf("no page at %s: %v", urlPath, err)
	}
	return string(data)
}

func TestImportBuildsOnTheOldURLs(t *testing.T) {
	t.Parallel()
	dir, media := t.TempDir(), t.TempDir()
	writePNG(t, filepath.Join(media, "2020", "07", "colline.png"))
	ch, posts := frenchBlog()
	plan := importInto(t, dir, media, ch, posts, false)
	if _, err := plan.Write(dir, false); err != nil {
		t.Fatal(err)
	}
	// The media: the original of the smaller size, in the bundle; the
	// missing one reported with its URL.
	bundle := filepath.Join(dir, "content", "articles", "lete-des-communs")
	if _, err := os.Stat(filepath.Join(bundle, "colline.png")); err != nil {
		t.Errorf("the image is not in the bundle: %v", err)
	}
	if m := plan.Report.Missing(); len(m) != 1 || !strings.Contains(m[0], "perdue.png") {
		t.Errorf("missing media = %v, want perdue.png", m)
	}
	md, err := os.ReadFile(filepath.Join(bundle, "index.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`title = "L’été des communs"`, `slug = "l’ete-des-communs"`, "date = 2020-07-14T23:30:00+02:00", `authors = ["Ana Dupont"]`,
		`categories = ["Logiciel", "Libre"]`, `![Une colline](colline.png "La colline au matin")`, `aliases = ["/?p=101"]`} {
		if !strings.Contains(string(md), want) {
			t.Errorf("index.md lacks %s:\n%s", want, md)
		}
	}
	buildSite(t, dir)

	// Each post at its WordPress path, with its words.
	for path, words := range map[string]string{
		"/2020/07/14/l’ete-des-communs/": "Un été chaud pour les communs",
		"/2021/01/05/hiver/":             "Il fait froid, mais le logiciel libre réchauffe",
		"/2022/01/05/hiver/":             "Un second hiver, même adresse courte",
		"/a-propos/":                     "Nous sommes une association",
		"/a-propos/equipe/":              "Ana, Bob et les autres",
	} {
		text := strings.Join(testutil.Words(testutil.HTMLText([]byte(readPage(t, dir, path)))), " ")
		if !strings.Contains(text, strings.Join(testutil.Words(words), " ")) {
			t.Errorf("%s lacks %q", path, words)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "2022", "02", "01")); err == nil {
		t.Errorf("the draft was published")
	}
	summer := readPage(t, dir, "/2020/07/14/l’ete-des-communs/")
	if !strings.Contains(summer, "Merci pour cet article") || strings.Contains(summer, "montres") {
		t.Errorf("the approved comment should show, the spam not")
	}
	if !strings.Contains(summer, `/colline.png" alt="Une colline"`) {
		t.Errorf("the figure does not show the bundle's image")
	}
	for _, term := range []string{"/categories/logiciel/", "/categories/libre/", "/tags/ete/"} {
		readPage(t, dir, term)
	}
	js, err := os.ReadFile(filepath.Join(dir, "public", "query-redirects.js"))
	if err != nil || !strings.Contains(string(js), `"/?p=102":"/2021/01/05/hiver/"`) || !strings.Contains(string(js), `"/?page_id=106":"/a-propos/equipe/"`) {
		t.Errorf("short links are not redirected: %v\n%s", err, js)
	}
	if home := readPage(t, dir, "/"); !strings.Contains(home, "query-redirects.js") {
		t.Errorf("the home page does not load the short links' redirects")
	}
}

func TestImportTwiceGivesTheSameTree(t *testing.T) {
	t.Parallel()
	dir, media := t.TempDir(), t.TempDir()
	writePNG(t, filepath.Join(media, "2020", "07", "colline.png"))
	ch, posts := frenchBlog()
	first := importInto(t, dir, media, ch, posts, false)
	if n, err := first.Write(dir, false); err != nil || n == 0 {
		t.Fatalf("first import wrote %d files: %v", n, err)
	}
	before := snapshot(t, dir)
	second := importInto(t, dir, media, ch, posts, false)
	for _, f := range second.Files {
		if f.State != "same" {
			t.Errorf("%s: %s on the second import, want same", f.Path, f.State)
		}
	}
	if n, err := second.Write(dir, false); err != nil || n != 0 {
		t.Errorf("second import wrote %d files: %v", n, err)
	}
	if after := snapshot(t, dir); after != before {
		t.Errorf("the tree changed on the second import")
	}
}

func TestImportNeverOverwritesWithoutForce(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ch, posts := frenchBlog()
	if _, err := importInto(t, dir, "", ch, posts, false).Write(dir, false); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "content", "articles", "hiver", "index.md")
	imported, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := append(imported, "\nMa correction.\n"...)
	if err := os.WriteFile(file, edited, 0o644); err != nil {
		t.Fatal(err)
	}
	plan := importInto(t, dir, "", ch, posts, false)
	if c := plan.Changed(); len(c) != 1 || c[0] != "content/articles/hiver/index.md" {
		t.Fatalf("Changed() = %v, want the edited file", c)
	}
	if _, err := plan.Write(dir, false); err == nil {
		t.Fatal("Write without force replaced an edited file")
	}
	if got, _ := os.ReadFile(file); !bytes.Equal(got, edited) {
		t.Fatal("the edited file was changed")
	}
	plan = importInto(t, dir, "", ch, posts, true)
	if _, err := plan.Write(dir, true); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(file); bytes.Equal(got, edited) {
		t.Error("--force did not replace the file")
	}
}

// TestImportLeavesTheSitesPagesAlone imports into a site whose pages hold
// the folders and URLs the posts would take: the posts go elsewhere, and
// no page of the site is touched, even with --force.
func TestImportLeavesTheSitesPagesAlone(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	own := map[string]string{
		"site.toml":                       "title = \"Site\"\nbaseURL = \"https://blog.example.fr/\"\ndefaultLanguage = \"fr\"\n[languages.fr]\n",
		"content/a-propos.md":             "+++\ntitle = \"À propos de nous\"\n+++\n\nNotre page.\n",
		"content/articles/hiver/index.md": "+++\ntitle = \"Mon hiver\"\ndate = 2021-01-05T10:00:00+01:00\n+++\n\nMon texte.\n",
		"static/feed/index.html":          "<p>Mon propre fil.</p>\n",
	}
	for name, text := range own {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ch, posts := frenchBlog()
	plan := importInto(t, dir, "", ch, posts, true)
	if _, err := plan.Write(dir, true); err != nil {
		t.Fatal(err)
	}
	for name, text := range own {
		if got, _ := os.ReadFile(filepath.Join(dir, name)); string(got) != text {
			t.Errorf("%s was changed by the import", name)
		}
	}
	buildSite(t, dir)
	if page := readPage(t, dir, "/a-propos/"); !strings.Contains(page, "Notre page") {
		t.Errorf("/a-propos/ is no longer the site's own page")
	}
	if page := readPage(t, dir, "/2021/01/05/hiver/"); !strings.Contains(page, "Mon texte") {
		t.Errorf("/2021/01/05/hiver/ is no longer the site's own page")
	}
}

func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		b.WriteString(p + "\n" + string(data) + "\n")
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestParseRejectsBrokenExports(t *testing.T) {
	var b bytes.Buffer
	ch, posts := frenchBlog()
	if err := WriteWXR(&b, ch, posts); err != nil {
		t.Fatal(err)
	}
	whole := b.String()
	tests := []struct {
		name, text, want string
	}{
		{"truncated", whole[:len(whole)*2/3], "truncated"},
		{"a tag left open", strings.Replace(whole, "</wp:post_name>", "", 1), "element"},
		{"not an export", "<html><body>Hello</body></html>", "not a WordPress export"},
		{"an RSS feed", `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>`, "not a WordPress export"},
	}
	for _, tt := range tests {
		_, err := Parse(strings.NewReader(tt.text))
		var se *SyntaxError
		if !errors.As(err, &se) {
			t.Errorf("%s: err = %v, want a SyntaxError", tt.name, err)
			continue
		}
		if se.Line <= 0 || !strings.Contains(se.Msg, tt.want) {
			t.Errorf("%s: %v, want a line and %q", tt.name, se, tt.want)
		}
	}
}

func TestParseReadsEveryWXRVersion(t *testing.T) {
	for _, ns := range []string{"http://wordpress.org/export/1.1/", "https://wordpress.org/export/1.2/", "http://wordpress.org/export/1.0/"} {
		doc := `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="` + ns + `excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="` + ns + `">
<channel><title>T</title><link>https://x.example</link><language>en-US</language><wp:wxr_version>1.1</wp:wxr_version>
<item><title>Hello` + "\x0c" + `</title><dc:creator>me</dc:creator><content:encoded><![CDATA[Body]]></content:encoded><excerpt:encoded><![CDATA[Short]]></excerpt:encoded>
<wp:post_id>7</wp:post_id><wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:post_name>hello</wp:post_name></item>
</channel></rss>`
		exp, err := Parse(strings.NewReader(doc))
		if err != nil {
			t.Fatalf("%s: %v", ns, err)
		}
		if len(exp.Items) != 1 {
			t.Fatalf("%s: %d items", ns, len(exp.Items))
		}
		it := exp.Items[0]
		if it.Content != "Body" || it.Excerpt != "Short" || it.ID != 7 || it.Creator != "me" || it.Title != "Hello" {
			t.Errorf("%s: item = %+v", ns, it)
		}
		if exp.StrippedControls != 1 {
			t.Errorf("%s: %d control characters stripped, want 1", ns, exp.StrippedControls)
		}
	}
}

func TestCleanPath(t *testing.T) {
	for p, want := range map[string]bool{
		"/2020/07/14/ete/": true, "/a-propos/": true, "/": true, "/?p=12": true, "/feed.html": true,
		"/../etc/": false, "/a/./b/": false, "/a//b/": false, "relative/": false, "/a/\x01/": false, `/a"b/`: false,
	} {
		if got := cleanPath(p); got != want {
			t.Errorf("cleanPath(%q) = %v, want %v", p, got, want)
		}
	}
}

func TestGuessZone(t *testing.T) {
	item := func(local, gmt string) *Item { return &Item{Date: local, DateGMT: gmt} }
	tests := []struct {
		items []*Item
		zone  string
		fit   int
	}{
		{[]*Item{item("2020-07-14 23:30:00", "2020-07-14 21:30:00"), item("2021-01-05 10:00:00", "2021-01-05 09:00:00")}, "Europe/Paris", 2},
		{[]*Item{item("2013-01-11 20:22:19", "2013-01-12 03:22:19"), item("2013-07-11 20:22:19", "2013-07-12 03:22:19")}, "Etc/GMT+7", 2},
		// A blog that moved: the zone of most posts wins.
		{[]*Item{item("2018-10-20 12:00:00", "2018-10-20 19:00:00"), item("2023-01-13 18:38:05", "2023-01-13 18:38:05"), item("2023-02-13 18:38:05", "2023-02-13 18:38:05")}, "UTC", 2},
	}
	for _, tt := range tests {
		loc, fit, n := guessZone(tt.items)
		if loc.String() != tt.zone || fit != tt.fit || n != len(tt.items) {
			t.Errorf("guessZone = %s, %d of %d; want %s, %d", loc, fit, n, tt.zone, tt.fit)
		}
	}
}

// TestImportInAnotherLanguageAndFolder: an English blog at /blog/ into a
// French site at /blog/: the posts go under /en/, their old URLs redirect
// there, and the short links are answered with the base path.
func TestImportInAnotherLanguageAndFolder(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "site.toml"), []byte("title = \"Site\"\nbaseURL = \"https://example.org/blog/\"\ndefaultLanguage = \"fr\"\n[languages.fr]\n[languages.en]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ch := ExportChannel{Title: "Blog", Link: "https://example.org/blog", Language: "en-US"}
	ch.Categories = []Term{{ID: 3, Slug: "news", Name: "News"}}
	posts := []ExportPost{{ID: 500, Title: "Hello", Name: "hello", Link: "https://example.org/blog/2020/03/01/hello/", Date: "2020-03-01 10:00:00", DateGMT: "2020-03-01 09:00:00",
		Content:    `Hello world. See <a href="https://example.org/blog/category/news/">the news</a>, <a href="https://example.org/other/">elsewhere</a> and <a href="https://example.org/blog/2020/03/01/hello/">this</a>.`,
		Categories: [][2]string{{"news", "News"}}}}
	plan := importInto(t, dir, "", ch, posts, false)
	if _, err := plan.Write(dir, false); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "content", "articles", "hello", "index.en.md")); err != nil {
		t.Fatalf("the post is not written in English: %v", err)
	}
	if moved := plan.Report.Moved(); len(moved) != 1 || moved[0] != "/2020/03/01/hello/ → /en/2020/03/01/hello/" {
		t.Errorf("moved = %q", moved)
	}
	buildSite(t, dir)
	page := readPage(t, dir, "/en/2020/03/01/hello/")
	if !strings.Contains(page, "Hello world.") {
		t.Error("the post is not at /en/…")
	}
	for _, link := range []string{`href="/blog/en/categories/news/"`, `href="https://example.org/other/"`, `href="/blog/2020/03/01/hello/"`} {
		if !strings.Contains(page, link) {
			t.Errorf("the post lacks the link %s", link)
		}
	}
	readPage(t, dir, "/en/categories/news/")
	if alias := readPage(t, dir, "/2020/03/01/hello/"); !strings.Contains(alias, `url=/blog/en/2020/03/01/hello/`) {
		t.Errorf("the old URL does not redirect to the post:\n%s", alias)
	}
	js, _ := os.ReadFile(filepath.Join(dir, "public", "query-redirects.js"))
	if !strings.Contains(string(js), `"/blog/?p=500":"/blog/en/2020/03/01/hello/"`) {
		t.Errorf("short link not answered with the base path:\n%s", js)
	}
}

// TestMenuIntoSiteToml: the blog's main menu (the one with the most
// entries that lead somewhere) becomes site.toml's menu, pointing where
// the pages now are.
func TestMenuIntoSiteToml(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ch, posts := frenchBlog()
	ch.Categories = append(ch.Categories, Term{ID: 9, Slug: "vie", Name: "Vie de l’asso"})
	menu := func(id, order int, menuSlug, title string, meta ...[2]string) ExportPost {
		return ExportPost{ID: id, Type: "nav_menu_item", Title: title, Name: "m" + strconv.Itoa(id), Date: "2020-01-01 00:00:00", DateGMT: "2019-12-31 23:00:00",
			Terms: []ItemTerm{{Domain: "nav_menu", Slug: menuSlug, Name: menuSlug}}, Meta: append([][2]string{{"_menu_item_menu_item_parent", "0"}}, meta...), MenuOrder: order}
	}
	posts = append(posts,
		menu(901, 2, "principal", "", [2]string{"_menu_item_type", "post_type"}, [2]string{"_menu_item_object_id", "106"}),
		menu(902, 1, "principal", "Accueil", [2]string{"_menu_item_type", "custom"}, [2]string{"_menu_item_url", "https://blog.example.fr/"}),
		menu(903, 3, "principal", "", [2]string{"_menu_item_type", "taxonomy"}, [2]string{"_menu_item_object", "category"}, [2]string{"_menu_item_object_id", "9"}),
		menu(904, 4, "principal", "Rien", [2]string{"_menu_item_type", "custom"}, [2]string{"_menu_item_url", "#"}),
		menu(905, 1, "pied", "Mentions", [2]string{"_menu_item_type", "custom"}, [2]string{"_menu_item_url", "https://ailleurs.example/"}),
	)
	plan := importInto(t, dir, "", ch, posts, false)
	var toml string
	for _, f := range plan.Files {
		if f.Path == "site.toml" {
			toml = string(f.Data)
		}
	}
	want := "[[languages.fr.menu]]\nname   = \"Accueil\"\nurl    = \"/\"\nweight = 1\n\n[[languages.fr.menu]]\nname   = \"L’équipe\"\nurl    = \"/a-propos/equipe/\"\nweight = 2\n\n[[languages.fr.menu]]\nname   = \"Vie de l’asso\"\nurl    = \"/categories/vie-de-lasso/\"\nweight = 3\n"
	if !strings.Contains(toml, want) {
		t.Errorf("site.toml's menu:\n%s\nwant:\n%s", toml, want)
	}
}

func TestCommentText(t *testing.T) {
	got := commentText("Un avis.\n\n<ul><li>premier point</li><li>second point</li></ul><blockquote>une citation</blockquote>Fin<br />de ligne.")
	want := "Un avis.\n\npremier point\n\nsecond point\n\nune citation\n\nFin de ligne."
	if got != want {
		t.Errorf("commentText = %q, want %q", got, want)
	}
}

// TestImportKnowsWhatItWrote: a page is the import's to replace only when
// its front matter says it is the same post of the same blog.
func TestImportKnowsWhatItWrote(t *testing.T) {
	t.Parallel()
	ch, posts := frenchBlog()
	write := func(t *testing.T, dir, name, text string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("a page with broken front matter, no site.toml", func(t *testing.T) {
		dir := t.TempDir()
		broken := "+++\ntitle = \"Mon hiver\n+++\n\nMes mots.\n"
		write(t, dir, "content/articles/hiver/index.md", broken)
		plan := importInto(t, dir, "", ch, posts, true)
		if _, err := plan.Write(dir, true); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(filepath.Join(dir, "content/articles/hiver/index.md")); string(got) != broken {
			t.Errorf("the page was replaced:\n%s", got)
		}
	})
	t.Run("another blog's post of the same id", func(t *testing.T) {
		dir := t.TempDir()
		if _, err := importInto(t, dir, "", ch, posts, false).Write(dir, false); err != nil {
			t.Fatal(err)
		}
		before, _ := os.ReadFile(filepath.Join(dir, "content/articles/hiver/index.md"))
		other := ExportChannel{Title: "Autre", Link: "https://autre.example", Language: "fr-FR"}
		others := []ExportPost{{ID: 102, Title: "Hiver ailleurs", Name: "hiver", Link: "https://autre.example/2021/01/05/hiver/", Date: "2021-01-05 12:00:00", DateGMT: "2021-01-05 11:00:00", Content: "Un autre blog."}}
		plan := importInto(t, dir, "", other, others, true)
		if _, err := plan.Write(dir, true); err != nil {
			t.Fatal(err)
		}
		if after, _ := os.ReadFile(filepath.Join(dir, "content/articles/hiver/index.md")); string(after) != string(before) {
			t.Errorf("the first blog's post was replaced by the other's")
		}
	})
	t.Run("moved after the import", func(t *testing.T) {
		dir := t.TempDir()
		if _, err := importInto(t, dir, "", ch, posts, false).Write(dir, false); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(filepath.Join(dir, "content/articles/hiver"), filepath.Join(dir, "content/articles/mon-hiver")); err != nil {
			t.Fatal(err)
		}
		plan := importInto(t, dir, "", ch, posts, false)
		for _, f := range plan.Files {
			if f.State != "same" {
				t.Errorf("%s: %s after the bundle was moved", f.Path, f.State)
			}
		}
	})
	t.Run("duplicate ids and a Markdown upload", func(t *testing.T) {
		dir, media := t.TempDir(), t.TempDir()
		write(t, media, "2020/07/index.md", "UPLOADED FILE")
		dup := append([]ExportPost(nil), posts...)
		dup = append(dup, ExportPost{ID: 101, Title: "Doublon", Name: "doublon", Link: "https://blog.example.fr/2020/07/15/doublon/", Date: "2020-07-15 10:00:00", DateGMT: "2020-07-15 08:00:00",
			Content: `<a href="https://blog.example.fr/wp-content/uploads/2020/07/index.md">notes</a>`})
		dup[0].Content += ` <a href="https://blog.example.fr/wp-content/uploads/2020/07/index.md">notes</a>`
		plan := importInto(t, dir, media, ch, dup, false)
		if _, err := plan.Write(dir, false); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(filepath.Join(dir, "content/articles/lete-des-communs/index.md")); strings.Contains(string(got), "UPLOADED") {
			t.Error("the upload replaced the post")
		}
		if _, err := os.Stat(filepath.Join(dir, "content/articles/lete-des-communs/index.md.txt")); err != nil {
			t.Errorf("the Markdown upload is not beside the post as .txt: %v", err)
		}
		if _, err := os.Stat(filepath.Join(dir, "content/articles/doublon")); err == nil {
			t.Error("the item with a duplicate id was imported")
		}
		buildSite(t, dir)
	})
}

func TestImportTwiceWithoutLinks(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	ch := ExportChannel{Title: "B", Link: "https://b.example", Language: "fr-FR"}
	posts := []ExportPost{{ID: 3, Title: "Sans lien", Name: "sans-lien", Date: "2020-03-01 10:00:00", DateGMT: "2020-03-01 09:00:00", Content: "Texte."}}
	if _, err := importInto(t, dir, "", ch, posts, false).Write(dir, false); err != nil {
		t.Fatal(err)
	}
	for _, f := range importInto(t, dir, "", ch, posts, false).Files {
		if f.State != "same" {
			t.Errorf("%s: %s on the second import", f.Path, f.State)
		}
	}
}
