package site

import (
	"path"
	"strings"
	"time"

	"github.com/communs/communs/internal/markdown"
)

// Kind tells what a content page is.
type Kind string

const (
	KindArticle Kind = "page"    // a regular page: an article or a standalone page
	KindSection Kind = "section" // a section's _index.md
	KindBook    Kind = "book"    // books/<slug>/_index.md
	KindChapter Kind = "chapter" // a chapter of a book
)

// Page is one content file in one language.
type Page struct {
	Kind Kind
	// File is the source file, slash-separated and relative to the site's
	// source folder (content/articles/x/index.fr.md): what messages name.
	File string
	// Abs is the file's absolute path.
	Abs string
	// BundleDir is the folder whose other files are this page's resources
	// (a leaf bundle's folder, a book's folder), or "" for a lone file.
	BundleDir string
	Lang      string
	Section   string
	// Dir is the content folder relative to content/ (or the language's
	// own folder), slash-separated.
	Dir      string
	baseName string
	root     string // "content/", or the language's folder: "content/fr/"
	// permSlug and titleSlug, in a Hugo site, are what :slug and :title
	// give in a permalink (the slug, else the title; the title).
	permSlug, titleSlug string

	FrontMatter *FrontMatter
	Title       string // with the language's typography (French spacing)
	Subtitle    string
	Date        time.Time
	Lastmod     time.Time
	Slug        string
	Weight      int
	License     *License
	Draft       bool
	// Unlisted pages are written but in no list (Hugo's build.list =
	// "never").
	Unlisted bool

	// Body is the Markdown after the front matter; BodyLine is the file
	// line it starts on, for messages.
	Body     []byte
	BodyLine int

	// Path is the page's URL path within its language, starting and
	// ending with "/" ("/2022/10/15/collectivisons-internet/").
	Path         string
	RelPermalink string // with the base path and language prefix
	Permalink    string // absolute

	Resources []*Resource

	// Translations are this page in the site's other languages, in site order.
	Translations []*Page
	Group        *Group

	Tags       []*Term
	Categories []*Term
	Series     *Term
	// SeriesPrev and SeriesNext are the neighbours in the series, by date.
	SeriesPrev, SeriesNext *Page
	SeriesIndex            int // 1-based

	Book         *Book
	ChapterIndex int // 1-based for chapters
	Prev, Next   *Page

	// Section index pages list their pages.
	Pages []*Page

	// Rendered is filled by the render stage of a build.
	Rendered *Rendered
}

// IsHTML tells a page written in HTML (a Hugo site's .html content):
// its body is shown as it is.
func (p *Page) IsHTML() bool {
	ext := strings.ToLower(path.Ext(p.File))
	return ext == ".html" || ext == ".htm"
}

// ContentPath is the page's file relative to its folder of pages
// (content/, or its language's): "docs/install.md".
func (p *Page) ContentPath() string { return strings.TrimPrefix(p.File, p.Root()) }

// Root is the page's folder of pages, as its File starts: "content/",
// "content/fr/".
func (p *Page) Root() string {
	if p.root == "" {
		return "content/"
	}
	return p.root
}

// Rendered is a page's body once converted.
type Rendered struct {
	Content     string // HTML, released once no output needs it
	Summary     string // HTML of the summary
	Words       int
	ReadingTime int // minutes
	TOC         []Heading
	Truncated   bool // the summary is not the whole text
	// Doc is the page's Markdown read, kept for the outputs that render
	// it after the HTML (EPUB, PDF): nil for the others, or when the
	// conversion came from a cache (see builders.Context.Document).
	Doc *markdown.Document
}

// Heading is an entry of a page's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Resource is a file of a page bundle, published beside the page.
type Resource struct {
	Name string // relative to the bundle, slash-separated
	Abs  string
	File string // relative to the source folder, for messages
	Size int64
}

// Group is a translation group: the same page in several languages.
type Group struct {
	Key   string
	Pages map[string]*Page
}

// Term is a tag, category or series in one language.
type Term struct {
	Taxonomy string // tags, categories, series
	Name     string
	Slug     string
	Lang     string
	Path     string
	// RelPermalink and Permalink as for pages.
	RelPermalink string
	Permalink    string
	// Index is content/<taxonomy>/<term>/_index.md: the term's title and
	// text, as in Hugo.
	Index *Page
	Pages []*Page // newest first; oldest first for a series
}

// Taxonomy is all terms of one kind in one language.
type Taxonomy struct {
	Name         string // tags, categories, series
	Path         string
	RelPermalink string
	Permalink    string
	Terms        []*Term // sorted by name
	bySlug       map[string]*Term
	// Index is content/<taxonomy>/_index.md: the list's title and text.
	Index *Page
}

// Book is a book in one language: its landing page and chapters in order.
type Book struct {
	Slug     string
	Lang     string
	Index    *Page
	Chapters []*Page
}

// Section is a content folder with its pages.
type Section struct {
	Name         string
	Index        *Page // from _index.md, may be nil
	Title        string
	Path         string
	RelPermalink string
	Permalink    string
	Pages        []*Page // newest first (by weight, then date, for books)
}

// Year groups a language's dated pages for the archives.
type Year struct {
	Year         int
	Path         string
	RelPermalink string
	Permalink    string
	Pages        []*Page // newest first
}

// LangSite is everything of one language.
type LangSite struct {
	Language *Language
	// Home is content/_index.md in this language, when there is one.
	Home *Page
	// Pages are the articles and standalone pages, newest first.
	Pages []*Page
	// MainPages are the pages of the main sections: what the home page,
	// the language feed and the archives list.
	MainPages  []*Page
	Sections   []*Section
	Taxonomies []*Taxonomy // tags, categories, series
	Books      []*Book
	Years      []*Year
	// All is every content page of the language (articles, section
	// indexes, books, chapters), in a stable order.
	All []*Page
	// ListIndexes are the _index.md of taxonomies and terms (content/tags/
	// _index.md): the text of a list communs writes, not pages of their own.
	ListIndexes []*Page
}

// Taxonomy returns the named taxonomy of the language.
func (ls *LangSite) Taxonomy(name string) *Taxonomy {
	for _, t := range ls.Taxonomies {
		if t.Name == name {
			return t
		}
	}
	return nil
}

// Site is the whole model: what every builder reads.
type Site struct {
	Config    *Config
	SourceDir string
	Languages []*Language
	Langs     map[string]*LangSite
	// Static files (static/ and files of content/ that belong to no page).
	Static []*StaticFile
	// Aliases maps an alias path (with language prefix, without base path) to its page.
	Aliases []*Alias
	// QueryAliases are old URLs with a query string (/?p=123, WordPress's
	// short links), which no file can answer: the home page sends them on,
	// with the script QueryRedirectsFile.
	QueryAliases []*Alias
	// Now is the build's reference time (SOURCE_DATE_EPOCH or the clock).
	Now time.Time
	// SourceDate, when set, is the date every output gives as its own
	// (SOURCE_DATE_EPOCH): reproducible files whatever the pages' dates.
	SourceDate time.Time
	// Unpublished maps the source file (content/…) of each page left out
	// of this build to why: "a draft", "dated in the future".
	Unpublished map[string]string

	read *read // what Load read, for Reload
}

// StaticFile is copied as it is.
type StaticFile struct {
	Abs  string
	Path string // output path, slash-separated, relative to the output root
}

// Alias is an old URL that redirects to a page.
type Alias struct {
	Path string // output path below the site root, e.g. "/old/url/"
	Page *Page
}

// Lang returns the model of a language.
func (s *Site) Lang(code string) *LangSite { return s.Langs[code] }

// AbsURL turns a site path (starting with "/", without the base path) into
// an absolute URL.
func (s *Site) AbsURL(path string) string {
	b := *s.Config.Base
	b.Path = s.RelURL(path)
	b.RawQuery, b.Fragment = "", ""
	return b.String()
}

// RelURL prefixes a site path with the base URL's path.
func (s *Site) RelURL(path string) string {
	base := s.Config.Base.Path // ends with "/"
	if len(path) > 0 && path[0] == '/' {
		path = path[1:]
	}
	return base + path
}
