package wordpress

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/slug"
)

// Options says where and how an export is imported.
type Options struct {
	SourceDir string // the site's folder (site.toml, content/)
	Section   string // where posts go: "articles"
	MediaDir  string // a copy of wp-content/uploads/, or ""
	Force     bool   // overwrite files that differ
}

// File is one file the import writes.
type File struct {
	Path string // relative to the site's folder, slash-separated
	Data []byte // its content, or nil for a copied medium
	From string // the medium copied, an absolute path
	// State is what writing it does: "new", "same" (already there, equal),
	// "changed" (there and different: written only with Force).
	State string
}

// Plan is everything an import would write, worked out before anything is.
type Plan struct {
	Files  []*File
	Report *Report
	// siteToml is true when the plan writes a site.toml of its own.
	siteToml bool
}

// index finds an export's items by id, parent and attachment URL.
type index struct {
	exp      *Export
	byID     map[int]*Item
	children map[int][]*Item
	authors  map[string]string // login → display name
	cats     map[string]Term   // slug → category
}

func newIndex(exp *Export) *index {
	x := &index{exp: exp, byID: map[int]*Item{}, children: map[int][]*Item{}, authors: map[string]string{}, cats: map[string]Term{}}
	for _, it := range exp.Items {
		if _, dup := x.byID[it.ID]; !dup {
			x.byID[it.ID] = it
		}
		if it.Parent != 0 {
			x.children[it.Parent] = append(x.children[it.Parent], it)
		}
	}
	for _, a := range exp.Authors {
		x.authors[a.Login] = firstNonEmpty(a.DisplayName, strings.TrimSpace(a.FirstName+" "+a.LastName), a.Login)
	}
	for _, c := range exp.Categories {
		x.cats[c.Slug] = c
	}
	return x
}

// Build works out what importing exp into opts.SourceDir writes. It reads
// the site and the media but writes nothing.
func Build(ctx context.Context, exp *Export, opts Options) (*Plan, error) {
	if opts.Section == "" {
		opts.Section = "articles"
	}
	if strings.Trim(opts.Section, "/") != opts.Section || strings.Contains(opts.Section, "..") || opts.Section == "books" {
		return nil, fmt.Errorf("--section %q: name a folder of content/, such as articles", opts.Section)
	}
	im := &importer{exp: exp, x: newIndex(exp), opts: opts, report: newReport(), folders: map[string]string{}, urls: map[string]string{}}
	if err := im.readSite(); err != nil {
		return nil, err
	}
	// URLs communs writes itself: no post may take them.
	for _, p := range []string{"/", "/tags/", "/categories/", "/series/", "/archives/", "/books/", "/" + opts.Section + "/"} {
		im.urls[p] = "communs' own list page " + p
	}
	for code := range im.cfg.Languages {
		if code != im.cfg.DefaultLanguage {
			im.urls["/"+code+"/"] = "the home page of " + code
		}
	}
	if opts.MediaDir != "" {
		if st, err := os.Stat(opts.MediaDir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("--media %s: not a folder; give a copy of the blog's wp-content/uploads/", opts.MediaDir)
		}
	}
	items := im.selectItems()
	pages, err := im.convertAll(ctx, items)
	if err != nil {
		return nil, err
	}
	plan := &Plan{Report: im.report}
	if im.newSite != nil {
		plan.Files = append(plan.Files, &File{Path: "site.toml", Data: im.newSite})
		plan.siteToml = true
	}
	for _, pg := range pages {
		plan.Files = append(plan.Files, pg.files...)
	}
	if err := plan.check(opts.SourceDir); err != nil {
		return nil, err
	}
	return plan, nil
}

type importer struct {
	exp    *Export
	x      *index
	opts   Options
	report *Report

	cfg     *site.Config
	newSite []byte // a site.toml to write, when the folder has none
	lang    string // the language the posts are written in
	own     string // the old blog's host

	mu      sync.Mutex
	folders map[string]string // content folder → the item that has it
	urls    map[string]string // URL path → the item that has it
}

// readSite reads site.toml, or plans one from the export when the folder
// has none: the blog's title, address, language, time zone and permalinks.
func (im *importer) readSite() error {
	blog := firstNonEmpty(im.exp.BaseBlogURL, im.exp.Link)
	if u, err := url.Parse(blog); err == nil {
		im.own = strings.TrimPrefix(strings.ToLower(u.Host), "www.")
	}
	lang := strings.ToLower(strings.SplitN(strings.ReplaceAll(im.exp.Language, "_", "-"), "-", 2)[0])
	if lang == "" {
		lang = "en"
	}
	if _, err := os.Stat(filepath.Join(im.opts.SourceDir, "site.toml")); err == nil {
		var diags diag.List
		cfg, err := site.LoadConfig(im.opts.SourceDir, &diags)
		if err != nil || diags.HasErrors(false) {
			var b strings.Builder
			diags.Print(&b)
			return fmt.Errorf("the site's configuration cannot be read; fix it first:\n%s", b.String())
		}
		im.cfg = cfg
		im.lang = cfg.DefaultLanguage
		if _, ok := cfg.Languages[lang]; ok {
			im.lang = lang
		} else if lang != cfg.DefaultLanguage {
			im.report.warn("", "the export is in %q, a language site.toml does not list: its posts are imported in %s, the site's default language", im.exp.Language, cfg.DefaultLanguage)
		}
		return nil
	}
	im.lang = lang
	zone := guessZone(im.exp.Items)
	pattern := im.guessPermalink(zone)
	title := firstNonEmpty(im.exp.Title, "Blog")
	base := strings.TrimSuffix(blog, "/") + "/"
	if !strings.HasPrefix(base, "http") {
		base = "https://example.org/"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Written by communs import wordpress from %s.\n", firstNonEmpty(im.exp.Title, "a WordPress export"))
	fmt.Fprintf(&b, "title           = %s\nbaseURL         = %s\ndefaultLanguage = %s\ntimeZone        = %s\n",
		tomlQuote(title), tomlQuote(base), tomlQuote(lang), tomlQuote(zone.String()))
	if im.exp.Description != "" {
		fmt.Fprintf(&b, "\n[params]\ndescription = %s\n", tomlQuote(plainText(im.exp.Description)))
	}
	fmt.Fprintf(&b, "\n[permalinks]\n%s = %s\n", im.opts.Section, tomlQuote(pattern))
	fmt.Fprintf(&b, "\n[languages.%s]\ntitle = %s\n", lang, tomlQuote(title))
	im.newSite = []byte(b.String())
	cfg := &site.Config{DefaultLanguage: lang, Permalinks: map[string]string{im.opts.Section: pattern}, Location: zone}
	im.cfg = cfg
	return nil
}

// candidateZones are the time zones a blog's offsets are matched against
// when the export says none (WXR does not).
var candidateZones = []string{"Europe/Paris", "UTC", "Europe/London", "Europe/Brussels", "Europe/Lisbon", "America/Montreal",
	"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Sao_Paulo",
	"Europe/Helsinki", "Europe/Moscow", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
	"Africa/Casablanca", "Africa/Dakar", "Indian/Reunion", "America/Martinique", "Pacific/Noumea"}

// guessZone is the first zone that gives every dated post the offset its
// local and GMT dates differ by.
func guessZone(items []*Item) *time.Location {
	type sample struct {
		gmt    time.Time
		offset int
	}
	var samples []sample
	for _, it := range items {
		local, ok1 := wpTime(it.Date, time.UTC)
		gmt, ok2 := wpTime(it.DateGMT, time.UTC)
		if ok1 && ok2 {
			samples = append(samples, sample{gmt, int(local.Sub(gmt).Seconds())})
		}
	}
	for _, name := range candidateZones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			continue
		}
		fits := true
		for _, s := range samples {
			if _, off := s.gmt.In(loc).Zone(); off != s.offset {
				fits = false
				break
			}
		}
		if fits {
			return loc
		}
	}
	if len(samples) > 0 {
		return time.FixedZone("UTC", 0)
	}
	loc, _ := time.LoadLocation("Europe/Paris")
	return loc
}

// guessPermalink is the pattern the most published posts' links follow.
func (im *importer) guessPermalink(zone *time.Location) string {
	patterns := []string{"/:year/:month/:day/:slug/", "/:year/:month/:slug/", "/:year/:slug/", "/:slug/", "/:section/:slug/"}
	counts := make([]int, len(patterns))
	for _, it := range im.exp.Items {
		if it.Type != "post" || it.Status != "publish" {
			continue
		}
		date := im.postDate(it).In(zone)
		linkPath := decodedPath(it.Link)
		for i, pat := range patterns {
			cfg := &site.Config{Permalinks: map[string]string{im.opts.Section: pat}, Location: zone}
			if cfg.PagePath(im.opts.Section, decodeSlug(it.Name), "", "", date) == linkPath {
				counts[i]++
			}
		}
	}
	best := 0
	for i := range counts {
		if counts[i] > counts[best] {
			best = i
		}
	}
	return patterns[best]
}

// selectItems are the posts and pages to import, counting the others.
func (im *importer) selectItems() []*Item {
	var out []*Item
	for _, it := range im.exp.Items {
		switch it.Type {
		case "post", "page":
		case "attachment":
			im.report.count("attachment", it.Status)
			continue
		default:
			im.report.skipType(it.Type)
			continue
		}
		switch it.Status {
		case "trash", "auto-draft", "inherit":
			im.report.count(it.Type, it.Status+" (skipped)")
			continue
		}
		out = append(out, it)
	}
	return out
}

// page is one post or page, converted.
type page struct {
	item  *Item
	files []*File
}

// convertAll converts the items on every core; folders and URLs are then
// given out in file order so that the same export gives the same tree.
func (im *importer) convertAll(ctx context.Context, items []*Item) ([]*page, error) {
	out := make([]*page, len(items))
	bodies := make([]*converted, len(items))
	errs := make([]error, len(items))
	var wg sync.WaitGroup
	next := make(chan int)
	workers := runtime.GOMAXPROCS(0)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// A converter of its own: html-to-markdown takes a lock of the
			// converter for each character it escapes, which goroutines
			// sharing one fight over.
			conv := newConverter()
			for i := range next {
				bodies[i], errs[i] = im.convert(conv, items[i])
			}
		}()
	}
	for i := range items {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	for i, it := range items {
		if errs[i] != nil {
			return nil, fmt.Errorf("line %d: %s %d (%q): %w", it.Line, it.Type, it.ID, it.Title, errs[i])
		}
	}
	for i, it := range items {
		pg, err := im.place(it, bodies[i])
		if err != nil {
			return nil, err
		}
		out[i] = pg
	}
	return out, nil
}

// converted is an item's Markdown and the media it uses.
type converted struct {
	markdown string
	media    []mediaUse
	post     *post
}

type mediaUse struct {
	url   string // as written in the post
	found string // the file in --media, or ""
	name  string // its name in the bundle
}

// convert turns an item's content into Markdown, finding its media.
func (im *importer) convert(conv *converter, it *Item) (*converted, error) {
	c := &converted{}
	names := map[string]string{} // name in the bundle → media file
	byFile := map[string]string{}
	p := &post{item: it, exp: im.x, own: im.own, unknown: map[string]int{}, dynamic: map[string]int{}}
	p.media = func(raw string) string {
		rel, ok := im.uploadPath(raw)
		if !ok {
			return raw
		}
		file := im.findMedia(rel)
		if file == "" {
			c.media = append(c.media, mediaUse{url: raw})
			return raw
		}
		name, seen := byFile[file]
		if !seen {
			name = path.Base(filepath.ToSlash(file))
			for n := 2; names[name] != "" && names[name] != file; n++ {
				ext := path.Ext(name)
				name = strings.TrimSuffix(path.Base(filepath.ToSlash(file)), ext) + "-" + strconv.Itoa(n) + ext
			}
			names[name] = file
			byFile[file] = name
			c.media = append(c.media, mediaUse{url: raw, found: file, name: name})
		}
		return name
	}
	md, err := conv.toMarkdown(p)
	if err != nil {
		return nil, err
	}
	c.markdown = md
	c.post = p
	return c, nil
}

// uploadPath is the path under wp-content/uploads/ of an upload's URL:
// https://blog/wp-content/uploads/2020/11/x-300x200.png → 2020/11/x-300x200.png;
// on WordPress.com, https://blog.files.wordpress.com/2020/11/x.png?w=300.
func (im *importer) uploadPath(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Path == "" {
		return "", false
	}
	p, err := url.PathUnescape(u.EscapedPath())
	if err != nil {
		p = u.Path
	}
	if _, rest, ok := strings.Cut(p, "/wp-content/uploads/"); ok {
		return rest, rest != ""
	}
	if strings.HasSuffix(strings.ToLower(u.Host), ".files.wordpress.com") || strings.HasSuffix(strings.ToLower(u.Host), ".wp.com") && strings.Contains(u.Host, "files") {
		return strings.TrimPrefix(p, "/"), len(p) > 1
	}
	return "", false
}

// findMedia is the file of --media an upload path names: the file itself,
// else the original of a smaller size (x-300x200.png → x.png), of a scaled
// one (x-scaled.jpg), of an edited one (x-e1600000000.jpg).
func (im *importer) findMedia(rel string) string {
	if im.opts.MediaDir == "" {
		return ""
	}
	clean := path.Clean("/" + rel)[1:]
	if clean == "" || strings.HasPrefix(clean, "..") {
		return ""
	}
	try := []string{clean}
	if m := sizeSuffix.FindStringSubmatchIndex(clean); m != nil {
		try = append(try, clean[:m[0]]+clean[m[2]:m[3]])
	}
	for _, t := range append([]string(nil), try...) {
		ext := path.Ext(t)
		stem := strings.TrimSuffix(t, ext)
		try = append(try, stem+"-scaled"+ext)
		if k := strings.LastIndex(stem, "-e1"); k > 0 && len(stem)-k >= 11 {
			try = append(try, stem[:k]+ext)
		}
	}
	for _, t := range try {
		f := filepath.Join(im.opts.MediaDir, filepath.FromSlash(t))
		if st, err := os.Lstat(f); err == nil && st.Mode().IsRegular() {
			return f
		}
	}
	return ""
}

// place gives a converted item its folder and front matter, and lists
// its files.
func (im *importer) place(it *Item, c *converted) (*page, error) {
	r := im.report
	kind := it.Type
	status := it.Status
	draft := false
	switch status {
	case "publish", "future":
	case "draft", "pending", "private":
		draft = true
	default:
		draft = true
		r.warn(itemName(it), "status %q is not a WordPress status communs knows: imported as a draft", status)
	}
	if it.Password != "" {
		draft = true
		r.warn(itemName(it), "is password-protected in WordPress; communs has no passwords: imported as a draft, publish it by removing draft = true")
	}
	r.count(kind, status)

	date := im.postDate(it)
	pageSlug := decodeSlug(it.Name)
	title := plainText(it.Title)
	if pageSlug == "" {
		pageSlug = slug.Make(title)
	}
	if pageSlug == "" {
		pageSlug = kind + "-" + strconv.Itoa(it.ID)
	}
	section := im.opts.Section
	if kind == "page" {
		section = ""
	}
	folderName := slug.Make(pageSlug)
	if folderName == "" {
		folderName = kind + "-" + strconv.Itoa(it.ID)
	}
	linkPath := decodedPath(it.Link)
	if linkPath != "" && !cleanPath(linkPath) {
		r.warn(itemName(it), "its link %q is no clean path on this site: not kept", it.Link)
		linkPath = ""
	}
	var urlKey string
	if kind == "page" && strings.Count(strings.Trim(linkPath, "/"), "/") > 0 && it.Parent != 0 && it.Status == "publish" {
		// A child page: its path holds its parents' (/about/team/). Only
		// url = keeps it.
		urlKey = linkPath
	}
	communsPath := im.cfg.PagePath(section, slug.Make(pageSlug), title, "index", date)
	if urlKey == "" && communsPath != linkPath && !draft && linkPath != "" {
		// The link follows the site's pattern, but with the post's day on
		// the blog's clock (its zone was not the site's, or changed over
		// the years), or with a slug communs would write in ASCII
		// (l’été): url = keeps it as it is.
		local, ok := im.localDate(it)
		if !ok {
			local = date
		}
		cfg := *im.cfg
		cfg.Location = local.Location()
		if cfg.PagePath(section, pageSlug, title, "index", local) == linkPath {
			urlKey = linkPath
			r.pinned++
		}
	}
	if urlKey != "" {
		communsPath = urlKey
	}
	dir := path.Join("content", section, folderName)
	im.mu.Lock()
	for n := 2; im.folders[dir] != "" || im.reserved(section, folderName); n++ {
		// Two posts with one slug (on different dates): both survive, the
		// second in a folder of its own, on its own dated URL.
		folderName = slug.Make(pageSlug) + "-" + strconv.Itoa(n)
		if !date.IsZero() && n == 2 {
			folderName = slug.Make(pageSlug) + "-" + date.Format("2006-01-02")
		}
		dir = path.Join("content", section, folderName)
	}
	im.folders[dir] = itemName(it)
	if !draft && im.urls[communsPath] != "" {
		// Two posts on one URL (one slug, and a pattern without dates):
		// the second takes its own link's path if that is free, else the
		// next free slug, as WordPress's wp_unique_post_slug does.
		other := im.urls[communsPath]
		switch {
		case linkPath != "" && !strings.Contains(linkPath, "?") && im.urls[linkPath] == "":
			urlKey = linkPath
			communsPath = linkPath
		default:
			base := pageSlug
			for n := 2; im.urls[communsPath] != ""; n++ {
				pageSlug = base + "-" + strconv.Itoa(n)
				communsPath = im.cfg.PagePath(section, slug.Make(pageSlug), title, "index", date)
			}
		}
		r.warn(itemName(it), "has the URL of %s in communs; it gets %s", other, communsPath)
	}
	if !draft {
		im.urls[communsPath] = itemName(it)
	}
	im.mu.Unlock()

	fm := frontMatter{
		Title:   title,
		Slug:    pageSlug,
		Date:    im.dateValue(it.Date, it.DateGMT),
		Lastmod: im.dateValue(it.Modified, it.ModifiedGMT),
		Draft:   draft,
		URL:     urlKey,
		Weight:  it.MenuOrder,
	}
	if fm.Lastmod == fm.Date {
		fm.Lastmod = nil
	}
	if title == "" {
		fm.Title = untitled(it, im.lang)
		r.warn(itemName(it), "has no title: imported as %q", fm.Title)
	}
	if a := im.x.authors[it.Creator]; a != "" {
		fm.Authors = []string{a}
	} else if it.Creator != "" {
		fm.Authors = []string{it.Creator}
	}
	for _, t := range it.Terms {
		switch t.Domain {
		case "category":
			for _, name := range im.categoryPath(t) {
				if !contains(fm.Categories, name) {
					fm.Categories = append(fm.Categories, name)
				}
			}
		case "post_tag":
			if !contains(fm.Tags, t.Name) {
				fm.Tags = append(fm.Tags, t.Name)
			}
		case "post_format":
			fm.WordPress.Format = strings.TrimPrefix(t.Slug, "post-format-")
		}
	}
	if kind == "post" && len(fm.Categories) == 1 && im.uncategorized(it) {
		fm.Categories = nil
	}
	fm.Description = plainText(it.Excerpt)
	if it.Sticky {
		fm.Sticky = true
	}
	// Old URLs: the link's path when communs' URL differs, and ?p=ID.
	if linkPath != "" && linkPath != communsPath && !strings.Contains(linkPath, "?") {
		im.mu.Lock()
		holder := im.urls[linkPath]
		if holder == "" {
			im.urls[linkPath] = "an alias of " + itemName(it)
		}
		im.mu.Unlock()
		switch {
		case holder == "":
			fm.Aliases = append(fm.Aliases, linkPath)
			if !draft {
				r.moved(itemName(it), linkPath, communsPath)
			}
		case !draft:
			r.moved(itemName(it), linkPath, communsPath+" (no redirect: "+linkPath+" is "+holder+")")
		}
	}
	if it.ID > 0 {
		if kind == "page" {
			fm.Aliases = append(fm.Aliases, "/?page_id="+strconv.Itoa(it.ID))
		} else {
			fm.Aliases = append(fm.Aliases, "/?p="+strconv.Itoa(it.ID))
		}
	}
	fm.WordPress.ID = it.ID
	fm.WordPress.Type = kind
	fm.WordPress.Status = status
	fm.WordPress.Link = it.Link
	if kind == "page" && it.Parent != 0 {
		fm.WordPress.Parent = it.Parent
	}
	if th := atoi(it.Meta["_thumbnail_id"]); th > 0 {
		if a := im.x.byID[th]; a != nil && a.URL != "" {
			fm.WordPress.FeaturedImage = a.URL
		}
	}
	fm.Comments = im.comments(it)
	if len(fm.Comments) > 0 || it.CommentsOn {
		closed := true
		fm.WordPress.CommentsClosed = &closed
	}

	pg := &page{item: it}
	// Media: copied into the bundle; the featured image too, as cover.
	seen := map[string]bool{}
	for _, m := range c.media {
		if m.found == "" {
			r.missing(itemName(it), m.url, im.opts.MediaDir != "")
			continue
		}
		if seen[m.name] {
			continue
		}
		seen[m.name] = true
		pg.files = append(pg.files, &File{Path: path.Join(dir, m.name), From: m.found})
	}
	if fi := fm.WordPress.FeaturedImage; fi != "" {
		if rel, ok := im.uploadPath(fi); ok {
			if f := im.findMedia(rel); f != "" {
				name := path.Base(filepath.ToSlash(f))
				if !seen[name] {
					seen[name] = true
					pg.files = append(pg.files, &File{Path: path.Join(dir, name), From: f})
				}
				fm.Images = []string{name}
			}
		}
	}
	for name, n := range c.post.unknown {
		r.unknownShortcode(itemName(it), name, n)
	}
	for name, n := range c.post.dynamic {
		r.dynamicBlock(itemName(it), name, n)
	}
	if c.post.scripts > 0 {
		r.warn(itemName(it), "%d <script> or <style> elements left out: communs pages carry no scripts of their own", c.post.scripts)
	}
	file := "index.md"
	if im.cfg.DefaultLanguage != "" && im.lang != im.cfg.DefaultLanguage {
		file = "index." + im.lang + ".md"
	}
	data, err := fm.encode(c.markdown)
	if err != nil {
		return nil, fmt.Errorf("line %d: %s: writing its front matter: %w", it.Line, itemName(it), err)
	}
	pg.files = append([]*File{{Path: path.Join(dir, file), Data: data}}, pg.files...)
	return pg, nil
}

// reserved is true for a top-level folder a page cannot take: a section
// of the site or of this import, or a folder communs lists itself.
func (im *importer) reserved(section, folder string) bool {
	if section != "" {
		return false
	}
	switch folder {
	case im.opts.Section, "books", "tags", "categories", "series", "archives", "en", "fr", "page", "search":
		return true
	}
	if _, ok := im.cfg.Languages[folder]; ok {
		return true
	}
	st, err := os.Stat(filepath.Join(im.opts.SourceDir, "content", folder))
	if err != nil || !st.IsDir() {
		return false
	}
	_, errIndex := os.Stat(filepath.Join(im.opts.SourceDir, "content", folder, "index.md"))
	_, errLang := os.Stat(filepath.Join(im.opts.SourceDir, "content", folder, "index."+im.lang+".md"))
	return errIndex != nil && errLang != nil // a section, not a bundle of ours
}

func (im *importer) uncategorized(it *Item) bool {
	for _, t := range it.Terms {
		if t.Domain == "category" {
			return t.Slug == "uncategorized" || t.Slug == "non-classe"
		}
	}
	return false
}

// categoryPath is a category's ancestors then itself: a post filed under
// a child category is listed under its parents too, as WordPress's
// category archives list it.
func (im *importer) categoryPath(t ItemTerm) []string {
	var chain []string
	seen := map[string]bool{}
	cur, ok := im.x.cats[t.Slug]
	if !ok {
		return []string{firstNonEmpty(t.Name, t.Slug)}
	}
	for ok && !seen[cur.Slug] {
		seen[cur.Slug] = true
		chain = append([]string{firstNonEmpty(cur.Name, cur.Slug)}, chain...)
		if cur.Parent == "" {
			break
		}
		cur, ok = im.x.cats[cur.Parent]
	}
	return chain
}

// postDate is when an item was published, in absolute time.
func (im *importer) postDate(it *Item) time.Time {
	if t, ok := wpTime(it.DateGMT, time.UTC); ok {
		return t
	}
	loc := time.UTC
	if im.cfg != nil && im.cfg.Location != nil {
		loc = im.cfg.Location
	}
	t, _ := wpTime(it.Date, loc)
	return t
}

// localDate is an item's date on the blog's clock, with its offset.
func (im *importer) localDate(it *Item) (time.Time, bool) {
	t, ok := im.dateValue(it.Date, it.DateGMT).(time.Time)
	return t, ok
}

// dateValue is a TOML date of the local date with the offset it has from
// the GMT one; the GMT one when the local one is missing; the local one
// alone (read in the site's zone) when the GMT one is missing, as it is
// for drafts.
func (im *importer) dateValue(local, gmt string) any {
	l, okL := wpTime(local, time.UTC)
	g, okG := wpTime(gmt, time.UTC)
	switch {
	case okL && okG:
		off := int(l.Sub(g).Seconds())
		off = (off + 30*sign(off)) / 60 * 60 // whole minutes
		return time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), l.Minute(), l.Second(), 0, time.FixedZone("", off))
	case okG:
		return g
	case okL:
		return localDatetime(l.Format("2006-01-02T15:04:05"))
	}
	return nil
}

// localDatetime is a TOML local date-time (no offset): communs reads it
// in the site's time zone.
type localDatetime string

func (l localDatetime) MarshalTOML() ([]byte, error) { return []byte(l), nil }

func sign(n int) int {
	if n < 0 {
		return -1
	}
	return 1
}

// comments are an item's approved comments, oldest first.
func (im *importer) comments(it *Item) []comment {
	var out []comment
	for _, c := range it.Comments {
		if c.Approved != "1" {
			im.report.count("comment", map[string]string{"0": "pending (skipped)", "spam": "spam (skipped)", "trash": "trash (skipped)"}[c.Approved])
			continue
		}
		kind := "comment"
		if c.Type == "pingback" || c.Type == "trackback" {
			kind = c.Type
		}
		im.report.count("comment", "approved")
		out = append(out, comment{ID: c.ID, Parent: c.Parent, Author: c.Author, URL: c.AuthorURL,
			Date: im.dateValue(c.Date, c.DateGMT), Type: kind, Text: commentText(c.Content)})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	for i := range out {
		if out[i].Type == "comment" {
			out[i].Type = ""
		}
	}
	return out
}

// commentText is a comment's HTML as paragraphs of text: templates show it
// escaped, so no commenter's markup reaches a page.
func commentText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	paras := strings.Split(autop(s), "</p>")
	var out []string
	for _, p := range paras {
		if t := plainText(strings.ReplaceAll(p, "<br />", "\n")); t != "" {
			out = append(out, t)
		}
	}
	return strings.Join(out, "\n\n")
}

func untitled(it *Item, lang string) string {
	word := "untitled"
	if lang == "fr" {
		word = "sans titre"
	}
	if d, ok := wpTime(it.Date, time.UTC); ok {
		return "(" + word + ", " + d.Format("2006-01-02") + ")"
	}
	return "(" + word + " " + strconv.Itoa(it.ID) + ")"
}

func itemName(it *Item) string {
	t := plainText(it.Title)
	if t == "" {
		t = "(no title)"
	}
	return fmt.Sprintf("%s %d %q", it.Type, it.ID, t)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// decodeSlug is a post_name as text: WordPress stores é as %c3%a9.
func decodeSlug(s string) string {
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

// decodedPath is the path of a link, percent-decoded, with a final slash
// unless it names a file.
func decodedPath(link string) string {
	u, err := url.Parse(link)
	if err != nil || (u.Path == "" && u.RawQuery == "") {
		return ""
	}
	p, err := url.PathUnescape(u.EscapedPath())
	if err != nil {
		p = u.Path
	}
	if p == "" {
		p = "/"
	}
	if u.RawQuery != "" {
		return p + "?" + u.RawQuery
	}
	if !strings.HasSuffix(p, "/") && path.Ext(p) == "" {
		p += "/"
	}
	return p
}

// cleanPath tells a path that can be a page's URL or alias: absolute, with
// no "." or ".." segment, no doubled slash, no control character.
func cleanPath(p string) bool {
	pathPart, _, _ := strings.Cut(p, "?")
	if !strings.HasPrefix(pathPart, "/") || strings.ContainsAny(p, "\\\"<>#") {
		return false
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	clean := path.Clean(pathPart)
	if clean != "/" && strings.HasSuffix(pathPart, "/") {
		clean += "/"
	}
	return clean == pathPart
}

// check finds what each file's writing would do, and refuses, naming
// them, files that differ from what is there unless Force is set.
func (p *Plan) check(dir string) error {
	err := forEach(len(p.Files), func(i int) error {
		f := p.Files[i]
		dst := filepath.Join(dir, filepath.FromSlash(f.Path))
		st, err := os.Lstat(dst)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			f.State = "new"
			return nil
		case err != nil:
			return err
		case !st.Mode().IsRegular():
			return fmt.Errorf("%s is in the way (not a regular file): move it, then import again", f.Path)
		}
		same, err := sameContent(dst, f)
		if err != nil {
			return err
		}
		f.State = "changed"
		if same {
			f.State = "same"
		}
		return nil
	})
	if err != nil {
		return err
	}
	var changed []string
	for _, f := range p.Files {
		if f.State == "changed" {
			changed = append(changed, f.Path)
		}
	}
	p.Report.changed = changed
	return nil
}

// forEach runs fn(0) … fn(n-1) on every core and returns the error of the
// lowest index that failed; after a failure, no new call starts.
func forEach(n int, fn func(i int) error) error {
	errs := make([]error, n)
	var failed atomic.Bool
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if errs[i] = fn(i); errs[i] != nil {
					failed.Store(true)
				}
			}
		}()
	}
	for i := 0; i < n && !failed.Load(); i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func sameContent(dst string, f *File) (bool, error) {
	have, err := os.ReadFile(dst)
	if err != nil {
		return false, err
	}
	want := f.Data
	if f.From != "" {
		if want, err = os.ReadFile(f.From); err != nil {
			return false, fmt.Errorf("reading %s: %w", f.From, err)
		}
	}
	return bytes.Equal(have, want), nil
}

// Changed lists the files that exist and differ from what the import
// writes.
func (p *Plan) Changed() []string { return p.Report.changed }
