package translate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"text/template/parse"

	"github.com/communs/communs/i18n"
	"github.com/communs/communs/internal/site"
	defaulttheme "github.com/communs/communs/themes/default"
)

// StringStatus is the state of one interface string in one language.
type StringStatus struct {
	Language string `json:"language"`
	Key      string `json:"key"`
	Status   Status `json:"status"`

	// Fallback is the built-in string a build shows meanwhile, for a
	// string missing from a site's own file.
	Fallback string `json:"-"`
	// File is where the string belongs: i18n/<lang>.toml.
	File string `json:"-"`
}

// RenamedKeys are interface strings communs no longer reads, with the
// key that says the same now: a site's own file that still sets one is
// told, since its wording would silently be dropped.
var RenamedKeys = map[string]string{
	// The PDF's colophon says what the EPUB's says, with its keys.
	"pdf_text_by":      "by",
	"pdf_original":     "original_text",
	"pdf_source_title": "original_text",
	"pdf_license":      "license_notice",
	"pdf_online":       "online",
	"epub_online":      "online",
}

// CodeKeys are the interface strings communs' builders look up from Go
// code rather than from templates: they count as used. Keys ending in
// "_" are prefixes (month_ covers month_1 … month_12).
var CodeKeys = []string{
	// builders: names, credits, dates, sizes.
	"and", "translated_by", "reviewed_by", "date_long", "month_",
	"size_b", "size_kb", "size_mb",
	// html: menus, titles of list pages, feeds.
	"home", "archives", "archives_year", "not_found_title", "feed_rss", "feed_atom",
	"tag_title", "category_title", "series_title",
	// epub and pdf: the colophon both set (builders.Publication.Colophon),
	// and the EPUB's navigation.
	"by", "cover_of", "original_text", "original_by", "original_in", "published_on", "updated_on",
	"license_notice", "online", "made_with", "table_of_contents",
	"epub_cover", "epub_colophon", "epub_accessibility_summary", "epub_title_page",
	"epub_landmarks", "epub_start",
	// pdf: table of contents and the colophon's last line (pdf_contents,
	// pdf_typeset).
	"pdf_",
	// translations: the Atom feed of pages to translate.
	"translations_feed", "translations_feed_",
	"translations_changed", "translations_before", "translations_after",
}

// stringLayers are the interface strings of one language: the built-in
// file and the site's own.
type stringLayers struct {
	builtin map[string]string // key → text of the "other" form, or ""
	own     map[string]string // nil when the site has no i18n/<lang>.toml
}

// StringStatuses checks the interface strings of the site in s.SourceDir.
//
// The keys checked are those the effective templates (the built-in theme,
// themes/<theme>/layouts/ and the site's layouts/, each overriding the
// previous by file name) pass to T, and those communs' builders use
// (CodeKeys; section and taxonomy names), that the default language has
// (built-in or in the site's i18n/<default>.toml). Each other language
// has them (current) or not (missing): when the site has its own
// i18n/<lang>.toml, that file is the one the language's translators
// keep, and a key it lacks is missing even though a build would fall
// back to the built-in string; a language without a file of its own is
// checked against the built-in strings. A key the templates use that the
// default language lacks is missing for it. Keys a language defines that
// nothing uses are unused.
//
// Entries come by language in the site's order, then by key.
func StringStatuses(s *site.Site) ([]StringStatus, error) {
	used, prefixes, err := TemplateKeys(s.SourceDir, s.Config.Theme)
	if err != nil {
		return nil, err
	}
	for _, k := range CodeKeys {
		if strings.HasSuffix(k, "_") {
			prefixes = append(prefixes, k)
		} else {
			used[k] = true
		}
	}
	// Section and taxonomy names title their lists when the default
	// language has them, and are not required.
	optional := map[string]bool{}
	for _, l := range s.Languages {
		if ls := s.Langs[l.Code]; ls != nil {
			for _, sec := range ls.Sections {
				optional[sec.Name] = true
			}
			for _, t := range ls.Taxonomies {
				optional[t.Name] = true
			}
		}
	}
	isUsed := func(k string) bool {
		if used[k] || optional[k] {
			return true
		}
		for _, p := range prefixes {
			if strings.HasPrefix(k, p) {
				return true
			}
		}
		return false
	}
	layers := map[string]*stringLayers{}
	for _, l := range s.Languages {
		ly, err := loadLayers(s.SourceDir, l.Code)
		if err != nil {
			return nil, err
		}
		layers[l.Code] = ly
	}
	def := s.Config.DefaultLanguage
	dl := layers[def]
	has := func(ly *stringLayers, k string) bool {
		_, b := ly.builtin[k]
		_, o := ly.own[k]
		return b || o
	}
	// The reference: what the default language has and something uses.
	var ref []string
	for k := range union(dl.builtin, dl.own) {
		if isUsed(k) {
			ref = append(ref, k)
		}
	}
	sort.Strings(ref)
	var out []StringStatus
	for _, l := range s.Languages {
		ly := layers[l.Code]
		file := "i18n/" + l.Code + ".toml"
		var entries []StringStatus
		if l.Code == def {
			for k := range used {
				if !has(dl, k) {
					entries = append(entries, StringStatus{Language: l.Code, Key: k, Status: Missing, File: file})
				}
			}
		} else {
			for _, k := range ref {
				st := StringStatus{Language: l.Code, Key: k, Status: Current, File: file}
				if ly.own != nil {
					if _, ok := ly.own[k]; !ok {
						st.Status = Missing
						if text, ok := ly.builtin[k]; ok {
							st.Fallback = text
						}
					}
				} else if _, ok := ly.builtin[k]; !ok {
					st.Status = Missing
				}
				entries = append(entries, st)
			}
		}
		for k := range union(ly.builtin, ly.own) {
			if !isUsed(k) {
				entries = append(entries, StringStatus{Language: l.Code, Key: k, Status: Unused, File: file})
			}
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].Key < entries[j].Key })
		out = append(out, entries...)
	}
	return out, nil
}

func union(a, b map[string]string) map[string]bool {
	out := make(map[string]bool, len(a)+len(b))
	for k := range a {
		out[k] = true
	}
	for k := range b {
		out[k] = true
	}
	return out
}

// loadLayers reads the built-in strings of lang and the site's own file.
func loadLayers(sourceDir, lang string) (*stringLayers, error) {
	ly := &stringLayers{builtin: map[string]string{}}
	name := lang + ".toml"
	if data, err := i18n.Files.ReadFile(name); err == nil {
		m, err := stringKeys(lang, "i18n/"+name+" (built in)", data)
		if err != nil {
			return nil, err
		}
		ly.builtin = m
	}
	data, err := os.ReadFile(filepath.Join(sourceDir, "i18n", name))
	switch {
	case err == nil:
		m, err := stringKeys(lang, "i18n/"+name, data)
		if err != nil {
			return nil, err
		}
		ly.own = m
	case !errors.Is(err, os.ErrNotExist):
		return nil, err
	}
	return ly, nil
}

// stringKeys reads a file of strings: its keys and their plain text.
func stringKeys(lang, origin string, data []byte) (map[string]string, error) {
	c := NewCatalog(lang)
	if err := c.Add(lang, origin, data); err != nil {
		return nil, err
	}
	st := c.state.Load().langs[lang]
	out := map[string]string{}
	if st == nil {
		return out, nil
	}
	for k, e := range st.entries {
		out[k] = e.def.text
	}
	return out, nil
}

// TemplateKeys lists the interface string keys the site's effective
// templates pass to T: literal keys ({{ T "home" }}), and the prefixes of
// keys built in the template ({{ T (print "format_" .Label) }} gives
// "format_").
func TemplateKeys(sourceDir, theme string) (keys map[string]bool, prefixes []string, err error) {
	files, err := layoutFiles(sourceDir, theme)
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	keys = map[string]bool{}
	seenPrefix := map[string]bool{}
	for _, n := range names {
		if !strings.HasSuffix(n, ".html") {
			continue
		}
		text, err := files[n].read()
		if err != nil {
			return nil, nil, err
		}
		t := parse.New(n)
		t.Mode = parse.SkipFuncCheck | parse.ParseComments
		treeSet := map[string]*parse.Tree{}
		if _, err := t.Parse(string(text), "{{", "}}", treeSet); err != nil {
			return nil, nil, fmt.Errorf("%s: %v", files[n].origin, err)
		}
		for _, tree := range treeSet {
			walkT(tree.Root, func(key string, prefix bool) {
				if prefix {
					if !seenPrefix[key] {
						seenPrefix[key] = true
						prefixes = append(prefixes, key)
					}
				} else {
					keys[key] = true
				}
			})
		}
	}
	return keys, prefixes, nil
}

// walkT calls fn for the key of every call of T below node.
func walkT(node parse.Node, fn func(key string, prefix bool)) {
	switch n := node.(type) {
	case nil:
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walkT(c, fn)
		}
	case *parse.ActionNode:
		walkT(n.Pipe, fn)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			walkT(c, fn)
		}
	case *parse.CommandNode:
		if len(n.Args) >= 2 {
			if id, ok := n.Args[0].(*parse.IdentifierNode); ok && id.Ident == "T" {
				tKey(n.Args[1], fn)
			}
		}
		for _, a := range n.Args {
			walkT(a, fn)
		}
	case *parse.IfNode:
		walkT(n.Pipe, fn)
		walkT(n.List, fn)
		walkT(n.ElseList, fn)
	case *parse.RangeNode:
		walkT(n.Pipe, fn)
		walkT(n.List, fn)
		walkT(n.ElseList, fn)
	case *parse.WithNode:
		walkT(n.Pipe, fn)
		walkT(n.List, fn)
		walkT(n.ElseList, fn)
	case *parse.TemplateNode:
		walkT(n.Pipe, fn)
	}
}

// tKey reads the key argument of a call of T.
func tKey(arg parse.Node, fn func(string, bool)) {
	switch a := arg.(type) {
	case *parse.StringNode:
		fn(a.Text, false)
	case *parse.PipeNode:
		// (print "format_" .Label), (printf "month_%d" .N)
		if len(a.Cmds) == 1 && len(a.Cmds[0].Args) >= 2 {
			c := a.Cmds[0]
			if id, ok := c.Args[0].(*parse.IdentifierNode); ok {
				if s, ok := c.Args[1].(*parse.StringNode); ok {
					switch id.Ident {
					case "print":
						fn(s.Text, true)
					case "printf":
						if i := strings.IndexByte(s.Text, '%'); i > 0 {
							fn(s.Text[:i], true)
						}
					}
				}
			}
		}
	}
}

type layoutFile struct {
	fsys   fs.FS
	name   string
	origin string
}

func (f layoutFile) read() ([]byte, error) { return fs.ReadFile(f.fsys, f.name) }

// layoutFiles gathers the templates as the HTML builder does: the built-in
// theme, then themes/<theme>/layouts/, then the site's layouts/, each
// overriding the previous by file name.
func layoutFiles(sourceDir, theme string) (map[string]layoutFile, error) {
	files := map[string]layoutFile{}
	add := func(fsys fs.FS, origin string) error {
		return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || strings.HasPrefix(path.Base(p), ".") {
				return nil
			}
			files[p] = layoutFile{fsys: fsys, name: p, origin: origin + p}
			return nil
		})
	}
	sub, err := fs.Sub(defaulttheme.Files, "layouts")
	if err != nil {
		return nil, err
	}
	if err := add(sub, "themes/default/layouts/ (built in)"); err != nil {
		return nil, err
	}
	dirs := []struct{ dir, origin string }{{filepath.Join(sourceDir, "layouts"), "layouts/"}}
	if theme != "" {
		dirs = append([]struct{ dir, origin string }{{filepath.Join(sourceDir, "themes", theme, "layouts"), "themes/" + theme + "/layouts/"}}, dirs...)
	}
	for _, d := range dirs {
		if st, err := os.Stat(d.dir); err == nil && st.IsDir() {
			if err := add(os.DirFS(d.dir), d.origin); err != nil {
				return nil, err
			}
		}
	}
	return files, nil
}
