package wordpress

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/slug"
	"github.com/communs/communs/internal/tomlkeys"
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
	// Owner is the item a page's file is ("host#id"): an existing file
	// that is not that item's is never replaced.
	Owner string
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
	tags     map[string]Term   // slug → tag
	// attachmentPages are the attachments by their page's address (linkKey).
	attachmentPages map[string]*Item
}

func newIndex(exp *Export) *index {
	x := &index{exp: exp, byID: map[int]*Item{}, children: map[int][]*Item{}, authors: map[string]string{}, cats: map[string]Term{}, tags: map[string]Term{}}
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
	for _, t := range exp.Tags {
		x.tags[t.Slug] = t
	}
	x.attachmentPages = map[string]*Item{}
	for _, it := range exp.Items {
		if it.Type == "attachment" && it.Link != "" {
			if k := linkKey(it.Link); k != "" && x.attachmentPages[k] == nil {
				x.attachmentPages[k] = it
			}
		}
	}
	return x
}

// Build works out what importing exp into opts.SourceDir writes. It reads
// the site and the media but writes nothing.
func Build(ctx context.Context, exp *Export, opts Options) (*Plan, error) {
	if opts.Section == "" {
		opts.Section = "articles"
	}
	switch {
	case slug.Make(opts.Section) != opts.Section:
		return nil, fmt.Errorf("--section %q: name one folder of content/, in lower-case letters, digits and hyphens, such as articles or blog", opts.Section)
	case reservedSection[opts.Section]:
		return nil, fmt.Errorf("--section %q: communs uses /%s/ itself; choose another, such as articles or blog", opts.Section, opts.Section)
	}
	im := &importer{exp: exp, x: newIndex(exp), opts: opts, report: newReport(), folders: map[string]string{}, urls: map[string]string{}, urlIDs: map[string]string{}, folderIDs: map[string]string{}, ownFiles: map[string]string{}, published: map[int]string{}}
	if err := im.readSite(ctx); err != nil {
		return nil, err
	}
	if _, ok := im.cfg.Languages[opts.Section]; ok {
		return nil, fmt.Errorf("--section %q is a language of the site (/%s/ is its home page): choose another, such as articles or blog", opts.Section, opts.Section)
	}
	// URLs and files communs writes itself: no post may take them.
	own := append(site.ListPaths(), "/", "/books/", "/"+opts.Section+"/",
		"/index.xml", "/atom.xml", "/sitemap.xml", "/robots.txt", "/404.html", "/"+site.QueryRedirectsFile, "/css/")
	for _, p := range own {
		im.urls[p] = "communs' own " + p
		if !strings.HasSuffix(p, "/") {
			im.urls[p+"/"] = "communs' own " + p
		}
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
	menu := im.menu()
	if im.newSite != nil {
		plan.Files = append(plan.Files, &File{Path: "site.toml", Data: append(im.newSite, menu...)})
		plan.siteToml = true
	}
	for _, pg := range pages {
		plan.Files = append(plan.Files, pg.files...)
	}
	plan.Files = append(plan.Files, im.listRedirects(items)...)
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

	prefix   string // the language's URL prefix: "" or "/en"
	blogBase string // the old blog's base path: "" or "/blog"

	mu      sync.Mutex
	folders map[string]string // content folder → the item or page that has it
	urls    map[string]string // URL path, with language prefix → the item or page that has it
	// urlIDs and folderIDs are the owners ("host#id", ownerKey) of the
	// site's pages that hold a URL or folder before the import ("": a page
	// of the site's own): an earlier import of the same item is no
	// collision. ownFiles is the page file each owner has now.
	urlIDs    map[string]string
	folderIDs map[string]string
	ownFiles  map[string]string
	// published is each published item's URL path, by id, for menus.
	published map[int]string
}

// reservedSection are folders of content/ that communs' own lists take.
var reservedSection = map[string]bool{"tags": true, "categories": true, "series": true, "archives": true, "books": true, "css": true, "page": true, "search": true}

// taken tells whether key (a full URL path, a folder) is another's than
// the item me's (ownerKey); it returns who has it.
func (im *importer) taken(key string, owners map[string]string, holders map[string]string, me string) string {
	h := holders[key]
	if h == "" {
		return ""
	}
	if owner := owners[key]; owner != "" && owner == me {
		return "" // this item, imported before
	}
	return h
}

// ownerKey names an item of a blog: WordPress ids are the blog's, two
// blogs imported into one site both have a post 1.
func ownerKey(host string, id int) string {
	if id <= 0 {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(host), "www.") + "#" + strconv.Itoa(id)
}

// owner is an item's ownerKey: the host of its link (what its front
// matter's [wordpress] link will say), else the blog's.
func (im *importer) owner(it *Item) string {
	if u, err := url.Parse(im.itemLink(it)); err == nil && u.Host != "" {
		return ownerKey(u.Host, it.ID)
	}
	return ownerKey(im.own, it.ID)
}

// itemLink is an item's link, or its short link on the blog when the
// export gives none: the [wordpress] link that says whose page it is.
func (im *importer) itemLink(it *Item) string {
	if it.Link != "" || im.own == "" {
		return it.Link
	}
	return "https://" + im.own + im.blogBase + "/?p=" + strconv.Itoa(it.ID)
}

// readSite reads site.toml and the site's pages, or plans a site.toml
// from the export when the folder has none: the blog's title, address,
// language, time zone and permalinks.
func (im *importer) readSite(ctx context.Context) error {
	blog := firstNonEmpty(im.exp.BaseBlogURL, im.exp.Link)
	if u, err := url.Parse(blog); err == nil {
		im.own = strings.TrimPrefix(strings.ToLower(u.Host), "www.")
		im.blogBase = strings.TrimSuffix(u.Path, "/")
	}
	if h := linksHost(im.exp.Items); h != "" {
		// The host the posts' links are on: a WordPress.com blog's own
		// domain, rather than its wordpress.com address.
		im.own = h
	}
	lang := strings.ToLower(strings.SplitN(strings.ReplaceAll(im.exp.Language, "_", "-"), "-", 2)[0])
	if lang == "" || !validLang(lang) {
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
		if im.lang != cfg.DefaultLanguage {
			im.prefix = "/" + im.lang
		}
		return im.readPages(ctx)
	}
	im.lang = lang
	if err := im.walkContent(); err != nil {
		return err
	}
	zone, fit, dated := guessZone(im.exp.Items)
	if dated > 0 && fit < dated {
		im.report.warn("", "timeZone = %q fits the dates of %d of the %d dated items (the blog's zone changed over the years?); the others keep their URLs with url =", zone.String(), fit, dated)
	}
	pattern := im.guessPermalink(zone)
	title := firstNonEmpty(im.exp.Title, "Blog")
	base := strings.TrimSuffix(blog, "/") + "/"
	if !strings.HasPrefix(base, "http") {
		base = "https://example.org/"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "# Written by communs import wordpress from %s.\n", firstNonEmpty(im.exp.Title, "a WordPress export"))
	fmt.Fprintf(&b, "title           = %s\nbaseURL         = %s\ndefaultLanguage = %s\ntimeZone        = %s\n",
		tomlkeys.Quote(title), tomlkeys.Quote(base), tomlkeys.Quote(lang), tomlkeys.Quote(zone.String()))
	b.WriteString("# WordPress exports no licence, and communs shows one on every page: this\n# is communs' default. Write the one your texts are under (an SPDX id:\n# CC-BY-4.0, CC-BY-SA-4.0, LAL-1.3…) before you publish.\nlicense         = \"CC-BY-SA-4.0\"\n")
	im.report.warn("", "site.toml: license = \"CC-BY-SA-4.0\" is communs' default, not a choice of yours (WordPress exports none): set your texts' licence before you publish")
	if im.exp.Description != "" {
		fmt.Fprintf(&b, "\n[params]\ndescription = %s\n", tomlkeys.Quote(plainText(im.exp.Description)))
	}
	fmt.Fprintf(&b, "\n[permalinks]\n%s = %s\n", tomlkeys.Quote(im.opts.Section), tomlkeys.Quote(pattern))
	fmt.Fprintf(&b, "\n[languages.%s]\ntitle = %s\n", lang, tomlkeys.Quote(title))
	im.newSite = []byte(b.String())
	cfg := &site.Config{DefaultLanguage: lang, Permalinks: map[string]string{im.opts.Section: pattern}, Location: zone}
	im.cfg = cfg
	return nil
}

func validLang(s string) bool {
	if len(s) < 2 || len(s) > 3 {
		return false
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// readPages records the URLs and folders of the site's pages, drafts
// included, so that no imported post takes them; a page imported before
// from the same item (its [wordpress] id) is that item's.
func (im *importer) readPages(ctx context.Context) error {
	if _, err := os.Stat(filepath.Join(im.opts.SourceDir, "content")); err != nil {
		return nil
	}
	if err := im.walkContent(); err != nil {
		return err
	}
	var diags diag.List
	s, err := site.Load(ctx, im.opts.SourceDir, site.Options{Drafts: true, Future: true}, &diags)
	if err != nil || s == nil {
		var b strings.Builder
		diags.PrintLimited(&b, 0)
		return fmt.Errorf("the site does not load, so the import cannot tell its pages from the posts (fix it first, or import into an empty folder):\n%s", b.String())
	}
	for _, l := range s.Languages {
		for _, p := range s.Langs[l.Code].All {
			full := l.Prefix + p.Path
			im.urls[full], im.urlIDs[full] = "the page "+p.File, pageOwner(p.FrontMatter)
		}
	}
	for _, a := range append(append([]*site.Alias(nil), s.Aliases...), s.QueryAliases...) {
		im.urls[a.Path], im.urlIDs[a.Path] = "an alias of "+a.Page.File, pageOwner(a.Page.FrontMatter)
	}
	return nil
}

// walkContent records the folder of every Markdown file of content/ and
// who it is (its front matter's [wordpress] id and link), parsed or not:
// a page whose front matter has an error is still the site's.
func (im *importer) walkContent() error {
	root := filepath.Join(im.opts.SourceDir, "content")
	if _, err := os.Stat(root); err != nil {
		return nil
	}
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !(strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".markdown")) {
			return nil
		}
		rel, err := filepath.Rel(im.opts.SourceDir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		name := path.Base(rel)
		dir := path.Dir(rel)
		if !strings.HasPrefix(name, "index.") && !strings.HasPrefix(name, "_index.") {
			// content/a-propos.md holds the folder content/a-propos too.
			base, _, _ := strings.Cut(name, ".")
			dir = path.Join(dir, base)
		}
		owner := fileOwner(p)
		if prev, ok := im.folders[dir]; !ok || prev == "" {
			im.folders[dir], im.folderIDs[dir] = "the page "+rel, owner
		} else if im.folderIDs[dir] != owner {
			im.folderIDs[dir] = "" // two owners: the site's
		}
		if owner != "" {
			im.ownFiles[owner] = rel
		}
		return nil
	})
}

// fileOwner is the owner of a page file written by an import: its
// [wordpress] id and the host of its link; "" for any other file, and for
// one whose front matter does not parse.
func fileOwner(file string) string {
	data, err := os.ReadFile(file)
	if err != nil {
		return ""
	}
	format, front, _, _, err := site.SplitFrontMatter(data)
	if err != nil || format == "" {
		return ""
	}
	fm, _ := site.ParseFrontMatter(format, front, 1, time.UTC)
	return pageOwner(fm)
}

// pageOwner is the owner a page's front matter names.
func pageOwner(fm *site.FrontMatter) string {
	if fm == nil {
		return ""
	}
	wp, _ := fm.Params["wordpress"].(map[string]any)
	link, _ := wp["link"].(string)
	u, err := url.Parse(link)
	if err != nil {
		return ""
	}
	switch id := wp["id"].(type) {
	case int64:
		return ownerKey(u.Host, int(id))
	case int:
		return ownerKey(u.Host, id)
	}
	return ""
}

// candidateZones are the time zones a blog's offsets are matched against
// when the export says none (WXR does not).
var candidateZones = []string{"Europe/Paris", "UTC", "Europe/London", "Europe/Brussels", "Europe/Lisbon", "America/Montreal",
	"America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "America/Sao_Paulo",
	"Europe/Helsinki", "Europe/Moscow", "Asia/Kolkata", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
	"Africa/Casablanca", "Africa/Dakar", "Indian/Reunion", "America/Martinique", "Pacific/Noumea"}

// guessZone is the zone that gives the most dated items the offset their
// local and GMT dates differ by (named zones first, then WordPress's
// "UTC+7" settings as Etc/GMT-7); it also returns how many fit, of how many.
func guessZone(items []*Item) (*time.Location, int, int) {
	type sample struct {
		gmt    time.Time
		offset int
	}
	var samples []sample
	for _, it := range items {
		local, ok1 := wpTime(it.Date, time.UTC)
		gmt, ok2 := wpTime(it.DateGMT, time.UTC)
		if ok1 && ok2 {
			samples = append(samples, sample{gmt, int(local.Sub(gmt).Round(time.Minute).Seconds())})
		}
	}
	names := append([]string(nil), candidateZones...)
	for h := -12; h <= 14; h++ {
		if h != 0 {
			names = append(names, fmt.Sprintf("Etc/GMT%+d", -h)) // Etc/GMT-7 is UTC+7
		}
	}
	var best *time.Location
	bestFit := -1
	for _, name := range names {
		loc, err := time.LoadLocation(name)
		if err != nil {
			continue
		}
		fit := 0
		for _, s := range samples {
			if _, off := s.gmt.In(loc).Zone(); off == s.offset {
				fit++
			}
		}
		if fit > bestFit {
			best, bestFit = loc, fit
		}
	}
	if best == nil || len(samples) == 0 {
		loc, err := time.LoadLocation("Europe/Paris")
		if err != nil {
			loc = time.UTC
		}
		return loc, 0, 0
	}
	return best, bestFit, len(samples)
}

// guessPermalink is the pattern the most published posts' links follow.
func (im *importer) guessPermalink(zone *time.Location) string {
	patterns := []string{"/:year/:month/:day/:slug/", "/:year/:month/:slug/", "/:year/:slug/", "/:slug/", "/:section/:slug/"}
	counts := make([]int, len(patterns))
	cfgs := make([]*site.Config, len(patterns))
	for i, pat := range patterns {
		cfgs[i] = &site.Config{Permalinks: map[string]string{im.opts.Section: pat}, Location: zone}
	}
	for _, it := range im.exp.Items {
		if it.Type != "post" || it.Status != "publish" {
			continue
		}
		date := im.postDate(it).In(zone)
		linkPath := im.oldPath(it.Link)
		name := decodeSlug(it.Name)
		for i, cfg := range cfgs {
			if cfg.PagePath(im.opts.Section, name, "", "", date) == linkPath {
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
	ids := map[int]*Item{}
	for _, it := range im.exp.Items {
		if it.Type == "post" || it.Type == "page" {
			if first := ids[it.ID]; first != nil && it.ID > 0 {
				im.report.warn(itemName(it), "has the id of %s (line %d): an export's ids are unique, this one is not imported", itemName(first), first.Line)
				continue
			}
			ids[it.ID] = it
		}
		switch it.Type {
		case "post", "page":
		case "attachment":
			im.report.count("attachment", it.Status)
			continue
		case "nav_menu_item":
			im.report.count("menu item", "read for the menu")
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
	err := forEachWorker(len(items), func() func(int) error {
		// A converter of its own: html-to-markdown takes a lock of the
		// converter for each character it escapes, which goroutines
		// sharing one fight over.
		conv := newConverter()
		return func(i int) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			var err error
			if bodies[i], err = im.convert(conv, items[i]); err != nil {
				return &SyntaxError{Line: items[i].Line, Msg: fmt.Sprintf("%s: %v", itemName(items[i]), err)}
			}
			return nil
		}
	})
	if ctxErr := ctx.Err(); ctxErr != nil {
		return nil, ctxErr
	}
	if err != nil {
		return nil, err
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
	// cover is the featured image's name in the bundle ("" when none or
	// not found); coverURL its URL; coverMissing why there is none.
	cover, coverURL, coverMissing string
	unconverted                   string // why the content stayed HTML
}

type mediaUse struct {
	url   string // as written in the post
	rel   string // its path below wp-content/uploads/
	found string // the file in --media, or ""
	name  string // its name in the bundle
}

// convert turns an item's content into Markdown, finding its media.
func (im *importer) convert(conv *converter, it *Item) (*converted, error) {
	c := &converted{}
	names := map[string]string{} // name in the bundle → media file
	byFile := map[string]string{}
	p := &post{item: it, exp: im.x, own: im.own, blogBase: im.blogBase, prefix: im.prefix, unknown: map[string]int{}, dynamic: map[string]int{}}
	p.media = func(raw string) string {
		rel, ok := im.uploadPath(raw)
		if !ok {
			return raw
		}
		file := im.findMedia(rel)
		if file == "" {
			c.media = append(c.media, mediaUse{url: raw, rel: rel})
			return raw
		}
		name, seen := byFile[file]
		if !seen {
			name = path.Base(filepath.ToSlash(file))
			if ext := strings.ToLower(path.Ext(name)); ext == ".md" || ext == ".markdown" {
				// A Markdown upload would be read as a page of the bundle.
				name += ".txt"
			}
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
		// Its HTML as it is, rather than nothing: the build passes it
		// through, and the report says so.
		c.unconverted = err.Error()
		md = "<div class=\"wp-unconverted\">\n" + blankLines.ReplaceAllString(strings.TrimSpace(it.Content), "\n") + "\n</div>\n"
	}
	c.markdown = md
	c.post = p
	// The featured image, as the page's cover, through the same names.
	if th := atoi(it.Meta["_thumbnail_id"]); th > 0 {
		a := im.x.byID[th]
		switch {
		case a == nil || a.URL == "":
			c.coverMissing = fmt.Sprintf("its featured image (attachment %d) is not in the export: no cover", th)
		default:
			c.coverURL = a.URL
			if name := p.media(a.URL); name != a.URL {
				c.cover = name
			}
		}
	}
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
	if !draft && status == "publish" {
		if _, ok := wpTime(it.Date, time.UTC); !ok {
			if _, ok := wpTime(it.DateGMT, time.UTC); !ok {
				draft = true
				status += ", no date: draft"
				r.warn(itemName(it), "is published with no date (0000-00-00): imported as a draft; give it its date, then remove draft = true")
			}
		}
	}
	if it.Password != "" {
		draft = true
		status += ", password-protected: draft"
		r.warn(itemName(it), "is password-protected in WordPress; communs has no passwords: imported as a draft, publish it by removing draft = true")
	}
	r.count(kind, status)

	me := im.owner(it)
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
	linkPath := im.oldPath(it.Link)
	if linkPath != "" && !cleanPath(linkPath) {
		r.warn(itemName(it), "its link %q is no clean path on this site: not kept", it.Link)
		linkPath = ""
	}
	// URLs are compared whole, with the language's prefix: a post of
	// another language than the site's first is at /en/…, and its old
	// URL redirects there.
	var urlKey string
	if im.prefix == "" && kind == "page" && strings.Count(strings.Trim(linkPath, "/"), "/") > 0 && it.Parent != 0 && it.Status == "publish" {
		// A child page: its path holds its parents' (/about/team/). Only
		// url = keeps it.
		urlKey = linkPath
	}
	communsPath := im.cfg.PagePath(section, slug.Make(pageSlug), title, "index", date)
	if urlKey == "" && im.prefix == "" && communsPath != linkPath && !draft && linkPath != "" && !strings.Contains(linkPath, "?") {
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
			r.pin(itemName(it), linkPath)
		}
	}
	if urlKey != "" {
		communsPath = urlKey
	}
	dir := path.Join("content", section, folderName)
	im.mu.Lock()
	ownFile := im.ownFiles[me]
	if ownFile != "" {
		// Imported before, perhaps moved since: the item stays where it is.
		dir = path.Dir(ownFile)
	}
	for n := 2; ownFile == "" && (im.taken(dir, im.folderIDs, im.folders, me) != "" || im.reserved(section, folderName)); n++ {
		// Two posts with one slug (on different dates), or a folder the
		// site has: both survive, the second in a folder of its own.
		folderName = slug.Make(pageSlug) + "-" + strconv.Itoa(n)
		if local, ok := im.localDate(it); ok && n == 2 {
			folderName = slug.Make(pageSlug) + "-" + local.Format("2006-01-02")
		}
		dir = path.Join("content", section, folderName)
	}
	im.folders[dir], im.folderIDs[dir] = itemName(it), me
	if other := im.taken(im.prefix+communsPath, im.urlIDs, im.urls, me); !draft && other != "" {
		// Two posts on one URL (one slug, and a pattern without dates),
		// or a URL the site or communs has: the second takes its own
		// link's path if that is free, else the next free slug, as
		// WordPress's wp_unique_post_slug does.
		switch {
		case im.prefix == "" && linkPath != "" && !strings.Contains(linkPath, "?") && im.taken(linkPath, im.urlIDs, im.urls, me) == "":
			urlKey = linkPath
			communsPath = linkPath
		default:
			urlKey = ""
			base := pageSlug
			for n := 2; im.taken(im.prefix+communsPath, im.urlIDs, im.urls, me) != ""; n++ {
				pageSlug = base + "-" + strconv.Itoa(n)
				communsPath = im.cfg.PagePath(section, slug.Make(pageSlug), title, "index", date)
			}
		}
		r.warn(itemName(it), "has the URL of %s; it gets %s", other, im.prefix+communsPath)
	}
	full := im.prefix + communsPath
	if !draft {
		im.urls[full] = itemName(it)
		im.published[it.ID] = full
		im.urlIDs[full] = me
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
	if sameDate(fm.Lastmod, fm.Date) {
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
				if !slices.Contains(fm.Categories, name) {
					fm.Categories = append(fm.Categories, name)
				}
			}
		case "post_tag":
			if !slices.Contains(fm.Tags, t.Name) {
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
	if linkPath != "" && linkPath != full && !strings.Contains(linkPath, "?") {
		im.mu.Lock()
		holder := im.taken(linkPath, im.urlIDs, im.urls, me)
		if holder == "" {
			im.urls[linkPath] = "an alias of " + itemName(it)
			im.urlIDs[linkPath] = me
		}
		im.mu.Unlock()
		switch {
		case holder == "":
			fm.Aliases = append(fm.Aliases, linkPath)
			if !draft {
				r.moved(itemName(it), linkPath, full)
			}
		case !draft:
			r.moved(itemName(it), linkPath, full+" (no redirect: "+linkPath+" is "+holder+")")
		}
	}
	if it.ID > 0 {
		short := "/?p=" + strconv.Itoa(it.ID)
		if kind == "page" {
			short = "/?page_id=" + strconv.Itoa(it.ID)
		}
		im.mu.Lock()
		holder := im.taken(short, im.urlIDs, im.urls, me)
		if holder == "" {
			im.urls[short], im.urlIDs[short] = "the short link of "+itemName(it), me
			fm.Aliases = append(fm.Aliases, short)
		}
		im.mu.Unlock()
		if holder != "" && !draft {
			r.warn(itemName(it), "its short link %s is %s already: not redirected", short, holder)
		}
	}
	fm.WordPress.ID = it.ID
	fm.WordPress.Type = kind
	fm.WordPress.Status = it.Status
	fm.WordPress.Link = im.itemLink(it)
	if kind == "page" && it.Parent != 0 {
		fm.WordPress.Parent = it.Parent
	}
	fm.WordPress.FeaturedImage = c.coverURL
	fm.Cover = c.cover
	if c.coverMissing != "" {
		r.warn(itemName(it), "%s", c.coverMissing)
	}
	if c.unconverted != "" {
		r.warn(itemName(it), "its content could not be read as HTML (%s): it is kept as HTML, unconverted; edit it by hand", c.unconverted)
	}
	fm.Comments = im.comments(it)
	if len(fm.Comments) > 0 || it.CommentsOn {
		closed := true
		fm.WordPress.CommentsClosed = &closed
	}

	pg := &page{item: it}
	// Media: copied into the bundle; the featured image too, as cover.
	seen := map[string]bool{}
	lost := map[string]bool{}
	for _, m := range c.media {
		if m.found == "" {
			if !lost[m.url] {
				lost[m.url] = true
				r.missing(itemName(it), m.url+" (no "+path.Clean("/" + m.rel)[1:]+" in --media, nor its original)", im.opts.MediaDir != "")
			}
			continue
		}
		if seen[m.name] {
			continue
		}
		seen[m.name] = true
		pg.files = append(pg.files, &File{Path: path.Join(dir, m.name), From: m.found})
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
	if ownFile != "" && path.Dir(ownFile) == dir {
		file = path.Base(ownFile)
	}
	data, err := fm.encode(c.markdown)
	if err != nil {
		return nil, &SyntaxError{Line: it.Line, Msg: fmt.Sprintf("%s: writing its front matter: %v", itemName(it), err)}
	}
	pg.files = append([]*File{{Path: path.Join(dir, file), Data: data, Owner: me}}, pg.files...)
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

// categoryChain is a category's ancestors then itself, by following
// their parents; a category the export does not list is alone, as written.
func (im *importer) categoryChain(t ItemTerm) []Term {
	cur, ok := im.x.cats[t.Slug]
	if !ok {
		return []Term{{Slug: t.Slug, Name: t.Name}}
	}
	var chain []Term
	seen := map[string]bool{}
	for ok && !seen[cur.Slug] {
		seen[cur.Slug] = true
		chain = append([]Term{cur}, chain...)
		if cur.Parent == "" {
			break
		}
		cur, ok = im.x.cats[cur.Parent]
	}
	return chain
}

// categoryPath is categoryChain's names: a post filed under a child
// category is listed under its parents too, as WordPress's category
// archives list it.
func (im *importer) categoryPath(t ItemTerm) []string {
	var names []string
	for _, c := range im.categoryChain(t) {
		names = append(names, firstNonEmpty(c.Name, c.Slug))
	}
	return names
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

// sameDate tells two dates dateValue gave that are one instant.
func sameDate(a, b any) bool {
	ta, okA := a.(time.Time)
	tb, okB := b.(time.Time)
	if okA && okB {
		return ta.Equal(tb)
	}
	return a == b
}

// linksHost is the host most posts' and pages' links are on.
func linksHost(items []*Item) string {
	count := map[string]int{}
	for _, it := range items {
		if it.Type != "post" && it.Type != "page" {
			continue
		}
		if u, err := url.Parse(it.Link); err == nil && u.Host != "" {
			count[strings.TrimPrefix(strings.ToLower(u.Host), "www.")]++
		}
	}
	best := ""
	for _, h := range slices.Sorted(maps.Keys(count)) {
		if count[h] > count[best] {
			best = h
		}
	}
	return best
}

// oldPath is a link's path on the old blog, below its base path
// (https://example.org/blog/2020/x/ → /2020/x/ when the blog is at /blog):
// the new site's baseURL holds that base path.
func (im *importer) oldPath(link string) string {
	if u, err := url.Parse(link); err == nil && u.Host != "" && im.own != "" && strings.TrimPrefix(strings.ToLower(u.Host), "www.") != im.own {
		return "" // a link to another site (an item imported from elsewhere): no old URL here
	}
	p := decodedPath(link)
	if rest, ok := belowBase(p, im.blogBase); ok {
		p = rest
	}
	return p
}

// belowBase is the path p (on the old blog's host) below the blog's base
// path ("/blog/2020/x/" → "/2020/x/" for the base "/blog"); ok is false
// when p is outside the blog. The base "" holds every path.
func belowBase(p, base string) (string, bool) {
	if base == "" {
		return p, true
	}
	rest, ok := strings.CutPrefix(p, base)
	if !ok || (rest != "" && rest[0] != '/' && rest[0] != '?' && rest[0] != '#') {
		return p, false
	}
	if rest == "" || rest[0] != '/' {
		rest = "/" + rest
	}
	return rest, true
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
		if n := len(commentImage.FindAllStringIndex(c.Content, -1)); n > 0 {
			im.report.warn(itemName(it), "comment %d shows %d image(s): comments keep their text only", c.ID, n)
		}
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
	// Each block (paragraph, item, quote, code) a paragraph of its own.
	paras := commentBlockEnd.Split(autop(s), -1)
	var out []string
	for _, p := range paras {
		if t := plainText(strings.ReplaceAll(p, "<br />", "\n")); t != "" {
			out = append(out, t)
		}
	}
	return strings.Join(out, "\n\n")
}

var (
	commentBlockEnd = regexp.MustCompile(`(?i)</(p|li|blockquote|pre|h[1-6]|div|dd|dt|tr|table|ul|ol|dl|address|figure)>`)
	commentImage    = regexp.MustCompile(`(?i)<img\b`)
)

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
		if !same && f.Owner == redirectOwner && !isOurRedirect(dst) {
			f.State = "foreign"
		} else if !same && f.Owner != "" && f.Owner != redirectOwner && fileOwner(dst) != f.Owner {
			// Not this item's page: never replaced, --force or not.
			f.State = "foreign"
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, f := range p.Files {
		if f.State == "foreign" {
			return fmt.Errorf("%s exists and is not the page this import wrote for the same post before (its [wordpress] id and link differ): move it away, then import again", f.Path)
		}
	}
	seen := map[string]bool{}
	for _, f := range p.Files {
		if seen[f.Path] {
			return fmt.Errorf("two files of the import are %s: please report this as a bug of communs", f.Path)
		}
		seen[f.Path] = true
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
	return forEachWorker(n, func() func(int) error { return fn })
}

// forEachWorker is forEach where each goroutine makes its own fn with
// worker, for state it keeps from one call to the next.
func forEachWorker(n int, worker func() func(i int) error) error {
	errs := make([]error, n)
	var failed atomic.Bool
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			fn := worker()
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
	if f.From == "" {
		have, err := os.ReadFile(dst)
		if err != nil {
			return false, err
		}
		return bytes.Equal(have, f.Data), nil
	}
	// A medium: sizes first, then both files read side by side, never
	// whole (a video of a gigabyte, on every core).
	a, err := os.Stat(dst)
	if err != nil {
		return false, err
	}
	b, err := os.Stat(f.From)
	if err != nil {
		return false, fmt.Errorf("reading %s: %w", f.From, err)
	}
	if a.Size() != b.Size() {
		return false, nil
	}
	fa, err := os.Open(dst)
	if err != nil {
		return false, err
	}
	defer fa.Close()
	fb, err := os.Open(f.From)
	if err != nil {
		return false, fmt.Errorf("reading %s: %w", f.From, err)
	}
	defer fb.Close()
	bufA, bufB := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		na, errA := io.ReadFull(fa, bufA)
		nb, errB := io.ReadFull(fb, bufB)
		if na != nb || !bytes.Equal(bufA[:na], bufB[:nb]) {
			return false, nil
		}
		if errA == io.EOF || errA == io.ErrUnexpectedEOF {
			return errB == io.EOF || errB == io.ErrUnexpectedEOF, nil
		}
		if errA != nil {
			return false, errA
		}
		if errB != nil {
			return false, errB
		}
	}
}

// Changed lists the files that exist and differ from what the import
// writes.
func (p *Plan) Changed() []string { return p.Report.changed }
