package site

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/communs/communs/internal/fileio"
	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/slug"
	"golang.org/x/text/language"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/communs/communs/internal/diag"
)

// Options change what a load keeps.
type Options struct {
	Drafts  bool      // keep pages with draft = true
	Future  bool      // keep pages dated after Now
	Expired bool      // keep pages whose expiryDate is past
	Now     time.Time // the build's reference time
	// SourceDate, when set, is the date of every output (SOURCE_DATE_EPOCH).
	SourceDate time.Time
	// BaseURL overrides site.toml's baseURL when not empty.
	BaseURL string
}

// Load reads the site in dir into its model. Every problem found is
// recorded in diags; the error is non-nil when the model cannot be used.
func Load(ctx context.Context, dir string, opts Options, diags *diag.List) (*Site, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	cfg, err := LoadConfig(abs, diags)
	if err != nil {
		return nil, err
	}
	if opts.BaseURL != "" {
		cfg.BaseURL = opts.BaseURL
		if err := cfg.normalise("--base-url", "", diags); err != nil {
			return nil, err
		}
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	s := &Site{Config: cfg, SourceDir: abs, Languages: cfg.SortedLanguages(), Langs: map[string]*LangSite{}, Now: opts.Now, SourceDate: opts.SourceDate}
	for _, l := range s.Languages {
		s.Langs[l.Code] = &LangSite{Language: l}
	}
	l := &loader{site: s, opts: opts, diags: diags, urls: map[string]string{}}
	if err := l.walkContent(ctx); err != nil {
		return nil, err
	}
	walked := copies(l.pages)
	if err := l.parseAll(ctx); err != nil {
		return nil, err
	}
	s.read = &read{walked: walked, parsed: copies(l.pages)}
	l.assemble()
	if err := l.walkStatic(); err != nil {
		return nil, err
	}
	return s, nil
}

type loader struct {
	site  *Site
	opts  Options
	diags *diag.List
	pages []*Page
	// urls maps an output path to the file that claims it.
	urls  map[string]string
	slugs map[string]string // see slug
	mu    sync.Mutex
	// root is the folder being walked; skip are the folders of pages,
	// each walked once, as its own root.
	root contentRoot
	skip map[string]bool
}

// Ignored tells whether a file or folder of the content tree is no
// content at all: hidden files, editor backups and lock files.
func Ignored(name string) bool {
	if strings.HasPrefix(name, ".") || strings.HasPrefix(name, "#") || strings.HasSuffix(name, "~") ||
		strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".swo") || strings.HasSuffix(name, ".bak") ||
		strings.HasSuffix(name, ".tmp") {
		return true
	}
	switch name {
	case "Thumbs.db", "desktop.ini", "_draft~":
		return true
	}
	return false
}

var langSuffixRE = regexp.MustCompile(`^[a-z]{2}(-[a-z0-9]{2,8})?$`)

// looksLikeLanguage tells whether a file name suffix is a language code
// (de, pt-br), so that index.de.md without [languages.de] is reported, while
// notes.old.md or v1.2.md are plain names.
func looksLikeLanguage(suffix string) bool {
	if !langSuffixRE.MatchString(suffix) {
		return false
	}
	_, err := language.ParseBase(suffix[:2])
	return err == nil
}

// splitLang cuts "index.fr.md" into ("index", "fr"). A suffix that looks
// like a language but is not configured is an error.
func (l *loader) splitLang(rel, name string) (base, lang string, ok bool) {
	stem := strings.TrimSuffix(name, path.Ext(name))
	if i := strings.LastIndexByte(stem, '.'); i > 0 {
		suffix := strings.ToLower(stem[i+1:])
		if _, known := l.site.Langs[suffix]; known {
			return stem[:i], suffix, true
		}
		if looksLikeLanguage(suffix) && l.site.Config.FromHugo() {
			// Hugo skips the files of a language it is not given.
			l.diags.Warnf(rel, 0, "language %q of the file name is not among the site's languages: the file is left out, as Hugo does", suffix)
			return "", "", false
		}
		if looksLikeLanguage(suffix) {
			l.diags.Errorf(rel, 0, "unknown language %q in the file name: add [languages.%s] to site.toml, or rename the file", suffix, suffix)
			return "", "", false
		}
	}
	return stem, l.defaultLang(), true
}

// defaultLang is the language of a file whose name tells none: its
// folder's, else the site's default.
func (l *loader) defaultLang() string {
	if l.root.lang != "" {
		return l.root.lang
	}
	return l.site.Config.DefaultLanguage
}

// isContent tells a page's file: Markdown, and in a Hugo site HTML with
// front matter too (content/about/_index.html); HTML without front matter
// is a file published as it is, as Hugo does.
func (l *loader) isContent(name, abs string) bool {
	if isMarkdown(name) {
		return true
	}
	ext := strings.ToLower(path.Ext(name))
	if !l.site.Config.FromHugo() || (ext != ".html" && ext != ".htm") {
		return false
	}
	f, err := os.Open(abs)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 512)
	n, _ := io.ReadFull(f, head)
	head = bytes.TrimLeft(bytes.TrimPrefix(head[:n], []byte("\xef\xbb\xbf")), " \t\r\n")
	return bytes.HasPrefix(head, []byte("---")) || bytes.HasPrefix(head, []byte("+++")) || bytes.HasPrefix(head, []byte("{"))
}

func isMarkdown(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return ext == ".md" || ext == ".markdown"
}

// contentRoot is a folder of pages: content/, or one language's own
// (Hugo's contentDir), whose files are in that language.
type contentRoot struct {
	abs    string
	prefix string // "content/", "content/fr/": what messages and Page.File start with
	lang   string // the folder's language, "" when the file names tell
}

// contentRoots are the folders of pages: content/ for the languages
// without a folder of their own, then each language's.
func (l *loader) contentRoots() []contentRoot {
	shared := "content"
	if d := l.site.Config.ContentDir; d != "" {
		shared = d
	}
	roots := []contentRoot{{abs: filepath.Join(l.site.SourceDir, filepath.FromSlash(shared)), prefix: shared + "/"}}
	sharing := false
	for _, lang := range l.site.Languages {
		lc := l.site.Config.Languages[lang.Code]
		if lc == nil || lc.ContentDir == "" || lc.ContentDir == shared {
			sharing = true
			continue
		}
		roots = append(roots, contentRoot{abs: filepath.Join(l.site.SourceDir, filepath.FromSlash(lc.ContentDir)), prefix: lc.ContentDir + "/", lang: lang.Code})
	}
	if !sharing {
		return roots[1:]
	}
	return roots
}

// walkContent finds the pages and resources of content/ (and of each
// language's folder).
func (l *loader) walkContent(ctx context.Context) error {
	roots := l.contentRoots()
	l.skip = map[string]bool{}
	for _, r := range roots {
		l.skip[r.abs] = true
	}
	for _, r := range roots {
		l.root = r
		st, err := os.Stat(r.abs)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) {
				if r.lang != "" {
					l.diags.Warnf(strings.TrimSuffix(r.prefix, "/"), 0, "no such folder: the language %s has no pages (contentDir)", r.lang)
				} else if len(roots) == 1 {
					l.diags.Warnf("content", 0, "no content/ folder: the site has no pages yet; run communs new article to write one")
				}
				continue
			}
			return fmt.Errorf("reading %s: %w", r.prefix, err)
		}
		if !st.IsDir() {
			return fmt.Errorf("%s is not a folder", strings.TrimSuffix(r.prefix, "/"))
		}
		if err := l.walkDir(ctx, r.abs, ""); err != nil {
			return err
		}
	}
	return nil
}

type dirEntry struct {
	name  string
	abs   string
	rel   string // relative to content/
	isDir bool
}

func (l *loader) readDir(absDir, relDir string) []dirEntry {
	ents, err := os.ReadDir(absDir)
	if err != nil {
		l.diags.Errorf(strings.TrimSuffix(l.root.prefix+relDir, "/"), 0, "cannot read folder: %v", err)
		return nil
	}
	var out []dirEntry
	for _, e := range ents {
		name := e.Name()
		if Ignored(name) {
			continue
		}
		abs := filepath.Join(absDir, name)
		rel := path.Join(relDir, name)
		isDir := e.IsDir()
		if e.Type()&fs.ModeSymlink != 0 {
			target, err := filepath.EvalSymlinks(abs)
			if err != nil {
				if strings.Contains(err.Error(), "too many links") || errors.Is(err, syscall.ELOOP) {
					l.diags.Errorf(l.root.prefix+rel, 0, "symbolic link in a cycle: it leads back to itself and to no file; replace it by the file itself")
				} else {
					l.diags.Errorf(l.root.prefix+rel, 0, "broken symbolic link: %v", err)
				}
				continue
			}
			contentRoot, _ := filepath.EvalSymlinks(l.root.abs)
			if !within(contentRoot, target) {
				l.diags.Errorf(l.root.prefix+rel, 0, "symbolic link to %s, outside the content tree: refused; copy the file into content/ instead", target)
				continue
			}
			st, err := os.Stat(target)
			if err != nil {
				l.diags.Errorf(l.root.prefix+rel, 0, "cannot read: %v", err)
				continue
			}
			if st.IsDir() {
				l.diags.Warnf(l.root.prefix+rel, 0, "symbolic link to a folder not followed (it could loop); move the folder here instead")
				continue
			}
		} else if !isDir && !e.Type().IsRegular() {
			l.diags.Warnf(l.root.prefix+rel, 0, "not a regular file: skipped")
			continue
		}
		out = append(out, dirEntry{name: name, abs: abs, rel: rel, isDir: isDir})
	}
	return out
}

func within(root, p string) bool {
	r, err := filepath.Rel(root, p)
	return err == nil && r != ".." && !strings.HasPrefix(r, "../") && !filepath.IsAbs(r)
}

func (l *loader) walkDir(ctx context.Context, absDir, relDir string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	ents := l.readDir(absDir, relDir)
	var leaf, branch bool
	for _, e := range ents {
		if e.isDir || !l.isContent(e.name, e.abs) {
			continue
		}
		base, _, _ := l.splitLangQuiet(e.name)
		switch base {
		case "index":
			leaf = true
		case "_index":
			branch = true
		}
	}
	if leaf && branch {
		l.diags.Errorf(l.root.prefix+relDir, 0, "folder holds both index.md (a page bundle) and _index.md (a section): keep one")
	}
	section := strings.SplitN(relDir, "/", 2)[0]
	bookSlug := ""
	parts := strings.Split(relDir, "/")
	if parts[0] == "books" && len(parts) >= 2 {
		bookSlug = parts[1]
	}
	switch {
	case leaf:
		// A bundle at the top of content/ is a top-level page (/about/),
		// like content/about.md, not a page of an "about" section.
		leafSection := section
		if !strings.Contains(relDir, "/") {
			leafSection = ""
		}
		kind := KindArticle
		if bookSlug != "" && len(parts) == 3 {
			kind = KindChapter
		}
		var resources []*Resource
		var bundled []*Page // the bundle's pages, one per language
		for _, e := range ents {
			if !e.isDir && l.isContent(e.name, e.abs) {
				base, _, ok := l.splitLangQuiet(e.name)
				if !ok {
					l.splitLang(l.root.prefix+e.rel, e.name) // reports the unknown language
					continue
				}
				if base == "index" {
					if p := l.addRaw(e, kind, leafSection, relDir, path.Base(relDir), absDir, bookSlug); p != nil {
						bundled = append(bundled, p)
					}
					continue
				}
				l.diags.Warnf(l.root.prefix+e.rel, 0, "not built: a page bundle has one page (index.md, index.<lang>.md); make this file its own page bundle")
				continue
			}
			resources = append(resources, l.collectResources(e, relDir)...)
		}
		// Only this walk sees these pages until parseAll: no lock.
		for _, p := range bundled {
			p.Resources = resources
		}
		return nil
	case relDir == "books" || (bookSlug != "" && len(parts) > 2):
		if relDir != "books" {
			l.diags.Errorf(l.root.prefix+relDir, 0, "a book's chapters sit directly in books/<slug>/ (or as chapter bundles books/<slug>/<chapter>/index.md); this folder is too deep")
			return nil
		}
	}
	isBook := bookSlug != "" && len(parts) == 2
	if isBook && !branch {
		l.diags.Errorf(l.root.prefix+relDir, 0, "a book needs a front page: create content/%s/_index.md with the book's title", relDir)
	}
	var resources []*Resource
	var bundled []*Page // the branch bundle's pages (_index.md per language)
	for _, e := range ents {
		if e.isDir {
			// A book's folder of images (books/<slug>/images/) holds
			// resources of the book, not chapters.
			if isBook && !l.holdsMarkdown(e.abs) {
				resources = append(resources, l.collectResources(e, relDir)...)
			}
			continue
		}
		if l.isContent(e.name, e.abs) {
			base, _, ok := l.splitLangQuiet(e.name)
			if !ok {
				l.splitLang(l.root.prefix+e.rel, e.name) // reports the unknown language
				continue
			}
			var p *Page
			switch {
			case base == "_index" && isBook:
				p = l.addRaw(e, KindBook, section, relDir, bookSlug, absDir, bookSlug)
			case base == "_index" && relDir == "":
				p = l.addRaw(e, KindSection, "", "", "home", absDir, "")
			case base == "_index":
				p = l.addRaw(e, KindSection, section, relDir, path.Base(relDir), absDir, "")
			case isBook:
				l.addRaw(e, KindChapter, section, relDir, base, "", bookSlug)
			default:
				l.addRaw(e, KindArticle, section, relDir, base, "", "")
			}
			if p != nil {
				bundled = append(bundled, p)
			}
			continue
		}
		if branch {
			resources = append(resources, l.collectResources(e, relDir)...)
		} else {
			// A file that belongs to no page is published where it is.
			out := e.rel
			if l.root.lang != "" {
				out = strings.TrimPrefix(l.site.Langs[l.root.lang].Language.Prefix+"/"+e.rel, "/")
			}
			l.claim("/"+out, l.root.prefix+e.rel)
			l.site.Static = append(l.site.Static, &StaticFile{Abs: e.abs, Path: out})
		}
	}
	if branch {
		for _, p := range bundled {
			p.Resources = resources
		}
	}
	for _, e := range ents {
		if e.isDir {
			if isBook && !l.holdsMarkdown(e.abs) {
				continue // collected above as the book's resources
			}
			if l.skip[e.abs] {
				continue // another language's folder, walked as its own
			}
			if err := l.walkDir(ctx, e.abs, e.rel); err != nil {
				return err
			}
		}
	}
	return nil
}

// holdsMarkdown tells whether a folder holds any Markdown file, at any depth.
func (l *loader) holdsMarkdown(dir string) bool {
	found := false
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && l.isContent(d.Name(), p) && !Ignored(d.Name()) {
			found = true
			return filepath.SkipAll
		}
		return nil
	})
	return found
}

// splitLangQuiet is splitLang without reporting: ok is false for an
// unknown language suffix.
func (l *loader) splitLangQuiet(name string) (string, string, bool) {
	stem := strings.TrimSuffix(name, path.Ext(name))
	if i := strings.LastIndexByte(stem, '.'); i > 0 {
		suffix := strings.ToLower(stem[i+1:])
		if _, known := l.site.Langs[suffix]; known {
			return stem[:i], suffix, true
		}
		if looksLikeLanguage(suffix) {
			return stem, "", false
		}
	}
	return stem, l.defaultLang(), true
}

func (l *loader) collectResources(e dirEntry, bundleRel string) []*Resource {
	if !e.isDir {
		st, err := os.Stat(e.abs)
		if err != nil {
			l.diags.Errorf(l.root.prefix+e.rel, 0, "cannot read: %v", err)
			return nil
		}
		name := strings.TrimPrefix(strings.TrimPrefix(e.rel, bundleRel), "/")
		return []*Resource{{Name: name, Abs: e.abs, File: l.root.prefix + e.rel, Size: st.Size()}}
	}
	var out []*Resource
	for _, c := range l.readDir(e.abs, e.rel) {
		out = append(out, l.collectResources(c, bundleRel)...)
	}
	return out
}

func (l *loader) addRaw(e dirEntry, kind Kind, section, relDir, baseName, bundleDir, bookSlug string) *Page {
	_, lang, ok := l.splitLang(l.root.prefix+e.rel, e.name)
	if !ok {
		return nil
	}
	p := &Page{Kind: kind, File: l.root.prefix + e.rel, root: l.root.prefix, Abs: e.abs, BundleDir: bundleDir, Lang: lang,
		Section: section, Dir: relDir, baseName: baseName}
	if relDir == "" {
		p.Section = ""
	}
	if bookSlug != "" {
		p.Book = &Book{Slug: bookSlug, Lang: lang} // placeholder, joined in assemble
	}
	l.mu.Lock()
	l.pages = append(l.pages, p)
	l.mu.Unlock()
	return p
}

// parseAll reads every page's file and front matter with a bounded pool.
func (l *loader) parseAll(ctx context.Context) error {
	work := make(chan *Page)
	var wg sync.WaitGroup
	for i := 0; i < runtime.GOMAXPROCS(0); i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for p := range work {
				l.parse(p)
			}
		}()
	}
	var err error
	for _, p := range l.pages {
		if err = ctx.Err(); err != nil {
			break
		}
		work <- p
	}
	close(work)
	wg.Wait()
	return err
}

func (l *loader) parse(p *Page) {
	data, err := fileio.ReadFile(p.Abs)
	if err != nil {
		l.diags.Errorf(p.File, 0, "cannot read: %v", err)
		p.FrontMatter = nil
		return
	}
	skipped := 0
	if l.site.Config.FromHugo() {
		// Hugo takes blank lines before the front matter.
		for len(data) > 0 {
			i := bytes.IndexByte(data, '\n')
			if i < 0 || len(bytes.TrimSpace(data[:i])) != 0 {
				break
			}
			data, skipped = data[i+1:], skipped+1
		}
	}
	format, fmText, body, bodyLine, err := SplitFrontMatter(data)
	bodyLine += skipped
	if err != nil && l.site.Config.FromHugo() && format == "" && body != nil {
		// Hugo takes a file without front matter: its title is its name's.
		format, fmText, bodyLine, err = "toml", nil, 1, nil
	}
	if err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			l.diags.Errorf(p.File, fe.Line, "%s", fe.Msg)
		} else {
			l.diags.Errorf(p.File, 0, "%v", err)
		}
		return
	}
	fm, errs := ParseFrontMatter(format, fmText, 2+skipped, l.site.Config.Location)
	for _, e := range errs {
		l.diags.Errorf(p.File, e.Line, "%s", e.Msg)
	}
	if fm == nil {
		return
	}
	p.FrontMatter = fm
	p.Body = body
	p.BodyLine = bodyLine
	p.Title = strings.TrimSpace(fm.Title)
	if p.Title == "" && l.site.Config.FromHugo() {
		if p.Title = titleFromName(p); p.Title == "" {
			p.Title = l.site.Config.Title
		}
	}
	if p.Title == "" {
		l.diags.Errorf(p.File, 1, "no title: add title = \"…\" to the front matter")
	}
	p.Subtitle = strings.TrimSpace(fm.Subtitle)
	p.Title, p.Subtitle = markdown.TitleText(p.Lang, p.Title), markdown.TitleText(p.Lang, p.Subtitle)
	// Dates are read in the site's zone, so that URLs, archives and
	// templates agree on the day whatever offset the author wrote.
	p.Date = inZone(fm.Date, l.site.Config.Location)
	p.Lastmod = inZone(fm.Lastmod, l.site.Config.Location)
	if p.Lastmod.IsZero() {
		p.Lastmod = p.Date
	}
	p.Draft = fm.Draft
	p.Weight = fm.Weight
	p.Slug = p.baseName
	if p.BundleDir != "" && p.Kind != KindBook && p.Kind != KindSection {
		p.Slug = path.Base(p.Dir)
	}
	if fm.Slug != "" {
		p.Slug = fm.Slug
	}
	if l.site.Config.FromHugo() {
		// Hugo's URLs: letters of every script kept; a permalink's :slug
		// is the slug, else the title.
		if fm.Slug != "" {
			p.permSlug = slug.Hugo(fm.Slug)
		} else {
			p.permSlug = slug.Hugo(p.Title)
		}
		p.titleSlug = slug.Hugo(p.Title)
	}
	if u := l.slugOf(p.Slug); u != "" {
		p.Slug = u
	} else {
		l.diags.Errorf(p.File, fm.Lines["slug"], "slug %q gives an empty URL segment; use letters or digits", p.Slug)
	}
	lic := fm.License
	if lic == "" {
		lic = l.site.Config.License
	}
	if known, ok := LookupLicense(lic); ok {
		p.License = known
	} else {
		p.License = unknownLicense(lic)
		l.diags.Warnf(p.File, fm.Lines["license"], "licence %q is not one communs knows by name; write an SPDX id such as CC-BY-SA-4.0", lic)
	}
}

// slugOf makes a URL segment: Hugo's way in a Hugo site.
func (l *loader) slugOf(s string) string {
	if l.site.Config.FromHugo() {
		return slug.Hugo(s)
	}
	return slug.Make(s)
}

// titleFromName is the title of a page without one: its file's (or its
// bundle's, its section's) name, words apart, the first capitalised.
func titleFromName(p *Page) string {
	name := p.baseName
	if p.BundleDir != "" || p.Kind == KindSection {
		name = path.Base(p.Dir)
	}
	if name == "" || name == "." || name == "home" && p.Dir == "" {
		return ""
	}
	name = strings.NewReplacer("-", " ", "_", " ").Replace(name)
	r, n := utf8.DecodeRuneInString(name)
	return string(unicode.ToUpper(r)) + name[n:]
}

func inZone(t time.Time, loc *time.Location) time.Time {
	if t.IsZero() || loc == nil {
		return t
	}
	return t.In(loc)
}
