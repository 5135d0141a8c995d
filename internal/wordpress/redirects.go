package wordpress

import (
	"bytes"
	"fmt"
	"html"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/communs/communs/internal/slug"
)

// WordPress's lists have URLs other sites link to: /category/a/b/,
// /tag/x/, /feed/. communs has them at /categories/b/, /tags/x/,
// /index.xml. The import writes a redirect page at each old one, as a
// static file (static/category/a/b/index.html), marked as the import's
// so that a later import may replace it and nothing else.

// redirectOwner is the Owner of those files.
const redirectOwner = "redirect"

// redirectMark is what tells such a file from one of the site's own.
const redirectMark = "<!-- written by communs import wordpress: a redirect from the old blog's URL -->"

// listRedirects are the redirect pages of the categories and tags of the
// published posts, and of the main feed.
func (im *importer) listRedirects(items []*Item) []*File {
	type redirect struct{ from, to string }
	seen := map[string]bool{}
	var out []redirect
	add := func(from, to string) {
		if seen[from] || im.urls[from] != "" {
			return // the site has that URL: no redirect
		}
		seen[from] = true
		out = append(out, redirect{from, to})
	}
	for _, it := range items {
		if _, ok := im.published[it.ID]; !ok || it.Type != "post" {
			continue
		}
		for _, t := range it.Terms {
			switch t.Domain {
			case "category":
				names := im.categoryPath(t)
				add("/category/"+strings.Join(im.categorySlugs(t), "/")+"/", im.prefix+"/categories/"+slug.Make(names[len(names)-1])+"/")
			case "post_tag":
				if t.Slug != "" && slug.Make(t.Slug) == t.Slug {
					add("/tag/"+t.Slug+"/", im.prefix+"/tags/"+slug.Make(t.Name)+"/")
				}
			}
		}
	}
	if len(out) > 0 {
		add("/feed/", im.prefix+"/index.xml")
	}
	var files []*File
	for _, r := range out {
		if !cleanPath(r.from) || strings.Contains(r.from, "?") {
			continue
		}
		file := path.Join("static", r.from, "index.html")
		if _, err := os.Stat(filepath.Join(im.opts.SourceDir, filepath.FromSlash(file))); err == nil && !isOurRedirect(filepath.Join(im.opts.SourceDir, filepath.FromSlash(file))) {
			im.report.warn("", "%s is the site's own: no redirect from %s to %s", file, r.from, r.to)
			continue
		}
		files = append(files, &File{Path: file, Data: redirectPage(r.from, r.to), Owner: redirectOwner})
	}
	if len(files) > 0 {
		im.report.note(fmt.Sprintf("redirects: %d old URLs of categories, tags and the feed, as pages in static/ (static/category/…, static/tag/…, static/feed/)", len(files)))
	}
	return files
}

// categorySlugs is a category's path of nicenames, as WordPress's
// /category/parent/child/ URLs write it.
func (im *importer) categorySlugs(t ItemTerm) []string {
	var slugs []string
	for _, c := range im.categoryChain(t) {
		slugs = append(slugs, c.Slug)
	}
	return slugs
}

// redirectPage sends a reader from the old URL from to to, by a path
// relative to from, so that it works below any base path.
func redirectPage(from, to string) []byte {
	up := strings.Repeat("../", strings.Count(strings.Trim(from, "/"), "/")+1)
	rel := up + strings.TrimPrefix(to, "/")
	e := html.EscapeString(rel)
	feed := ""
	if strings.HasSuffix(to, ".xml") {
		feed = fmt.Sprintf("<link rel=\"alternate\" type=\"application/rss+xml\" href=\"%s\">\n", e)
	}
	return []byte(fmt.Sprintf("<!DOCTYPE html>\n%s\n<html>\n<head>\n<meta charset=\"utf-8\">\n<title>%s</title>\n<meta name=\"robots\" content=\"noindex\">\n%s<meta http-equiv=\"refresh\" content=\"0; url=%s\">\n</head>\n<body>\n<p><a href=\"%s\">%s</a></p>\n</body>\n</html>\n",
		redirectMark, html.EscapeString(to), feed, e, e, html.EscapeString(to)))
}

// isOurRedirect tells a redirect page an import wrote.
func isOurRedirect(file string) bool {
	data, err := os.ReadFile(file)
	return err == nil && bytes.Contains(data, []byte(redirectMark))
}
