package builders

import (
	"path"
	"strings"

	"github.com/communs/communs/internal/site"
)

// Output is one file a builder writes, and what it is made from. A
// builder's plan (see Planner) lists them all, so that a build can tell
// which files an edit changes, which builders must run before others and
// which files may wait, without knowing where each builder puts what.
//
// The inputs cover everything of the model the file shows, besides the
// site's configuration, templates and interface strings (whose change
// rebuilds everything): two builds whose inputs are the same write the
// same bytes.
type Output struct {
	// Path is where the file goes: slash-separated, below the output
	// root, without a leading slash ("en/tags/go/index.html").
	Path string
	// Page is the page the file is of (its HTML, a book's EPUB), or nil
	// (a list, a feed, an asset).
	Page *site.Page
	// Pages are the pages the file shows whole: their text, front matter
	// and files. Refs are those it shows as lists and neighbours do: by
	// title, link, dates and summary; Texts those it shows as feeds do:
	// as Refs, and their text. Each may hold nil (no previous page, no
	// section index); their order is part of the file.
	Pages, Refs, Texts []*site.Page
	// Key sums up whatever else of the model the file shows (the menu,
	// a list's title, its page number…), in any form its builder likes.
	Key string
	// Files are the source files the output reads as they are: a copied
	// file's source, the images a book embeds.
	Files []string
	// Download is the kind of download the file is ("epub", "pdf",
	// "a4-booklet"…): it is offered on Page's HTML, which lists it with
	// its size, so its builder runs before those that list downloads.
	Download string
	// Deferred files may be written once edits pause (communs serve
	// writes them in the background): downloads, reports on the whole
	// site.
	Deferred bool
}

// Planner is a Builder that tells which files it writes before writing
// them. Build writes exactly the files of Plan that Context.Wants.
type Planner interface {
	Builder
	// Plan lists the files Build would write with c (its model rendered,
	// its Downloads as they are).
	Plan(c *Context) []Output
}

// OutputPath is the output path of a URL path of the site ("/en/a/",
// "/sitemap.xml"): a folder's path is its index.html.
func OutputPath(urlPath string) string {
	if strings.HasSuffix(urlPath, "/") {
		urlPath += "index.html"
	}
	if !strings.HasPrefix(urlPath, "/") || strings.Contains(urlPath, "//") || strings.Contains(urlPath, "/.") {
		urlPath = path.Clean("/" + urlPath)
	}
	return strings.TrimPrefix(urlPath, "/")
}

// DownloadOutput is the plan's entry for a download made of page p (an
// article, or a book's landing page and its chapters) with the images of
// their folders, written at rel beside it ("/en/books/guide/guide.pdf").
func DownloadOutput(p *site.Page, rel, kind string) Output {
	pages := []*site.Page{p}
	if p.Kind == site.KindBook && p.Book != nil {
		pages = append(pages, p.Book.Chapters...)
	}
	var files []string
	for _, q := range pages {
		for _, r := range q.Resources {
			files = append(files, r.Abs)
		}
	}
	return Output{Path: OutputPath(rel), Page: p, Pages: pages, Files: files, Download: kind, Deferred: true}
}
