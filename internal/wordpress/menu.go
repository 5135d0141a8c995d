package wordpress

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/communs/communs/internal/slug"
	"github.com/communs/communs/internal/tomlkeys"
)

// menuEntry is a top-level item of a WordPress menu, resolved.
type menuEntry struct {
	order int
	name  string
	url   string
}

// menu is the blog's main menu as site.toml's [[languages.<lang>.menu]]
// entries: the menu with the most items, its top-level entries in their
// order, each pointing where its post, page, category, tag or link now is.
// It is written into a site.toml the import writes; into a site that has
// its own, it is only reported.
func (im *importer) menu() []byte {
	byMenu := map[string][]*Item{}
	names := map[string]string{}
	for _, it := range im.exp.Items {
		if it.Type != "nav_menu_item" {
			continue
		}
		for _, t := range it.Terms {
			if t.Domain == "nav_menu" {
				byMenu[t.Slug] = append(byMenu[t.Slug], it)
				names[t.Slug] = t.Name
			}
		}
	}
	if len(byMenu) == 0 {
		return nil
	}
	menus := slices.Sorted(maps.Keys(byMenu))
	// The menu with the most entries that lead somewhere.
	var entries []menuEntry
	chosen, nested, unlinked := "", 0, 0
	for _, m := range menus {
		var es []menuEntry
		n, u := 0, 0
		for _, it := range byMenu[m] {
			if atoi(it.Meta["_menu_item_menu_item_parent"]) != 0 {
				n++
				continue
			}
			e, ok := im.menuTarget(it)
			if !ok {
				u++
				continue
			}
			es = append(es, e)
		}
		if len(es) > len(entries) {
			entries, chosen, nested, unlinked = es, m, n, u
		}
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].order < entries[j].order })
	if len(entries) == 0 {
		im.report.note(fmt.Sprintf("menus: none of the %d menus has an entry that leads to an imported page: none imported", len(menus)))
		return nil
	}
	note := fmt.Sprintf("the menu %q: %d entries", firstNonEmpty(names[chosen], chosen), len(entries))
	if nested > 0 || unlinked > 0 {
		note += fmt.Sprintf(" (%d sub-entries and %d entries without a page left out: communs' menus have one level)", nested, unlinked)
	}
	if len(menus) > 1 {
		note += fmt.Sprintf("; %d other menus not imported", len(menus)-1)
	}
	var b strings.Builder
	for i, e := range entries {
		fmt.Fprintf(&b, "\n[[languages.%s.menu]]\nname   = %s\nurl    = %s\nweight = %d\n", im.lang, tomlkeys.Quote(e.name), tomlkeys.Quote(e.url), i+1)
	}
	if im.newSite == nil {
		if l := im.cfg.Languages[im.lang]; l != nil && len(l.Menu) > 0 {
			im.report.note("menu: site.toml has one for " + im.lang + ", kept as it is")
			return nil
		}
		im.report.warn("", "%s, not written into the site's own site.toml; add these to it if you want them:%s", note, strings.ReplaceAll(b.String(), "\n", "\n    "))
		return nil
	}
	im.report.note("site.toml: " + note)
	return []byte(b.String())
}

// menuTarget resolves a menu item: its name and where it points now.
func (im *importer) menuTarget(it *Item) (menuEntry, bool) {
	e := menuEntry{order: it.MenuOrder, name: plainText(it.Title)}
	objectID := atoi(it.Meta["_menu_item_object_id"])
	switch it.Meta["_menu_item_type"] {
	case "post_type":
		obj := im.x.byID[objectID]
		u, ok := im.published[objectID]
		if obj == nil || !ok {
			return e, false
		}
		e.url = strings.TrimPrefix(u, im.prefix)
		if e.name == "" {
			e.name = plainText(obj.Title)
		}
	case "taxonomy":
		list := map[string]string{"category": "categories", "post_tag": "tags"}[it.Meta["_menu_item_object"]]
		if list == "" {
			return e, false
		}
		var term *Term
		for _, terms := range [][]Term{im.exp.Categories, im.exp.Tags} {
			for i := range terms {
				if terms[i].ID == objectID {
					term = &terms[i]
				}
			}
		}
		if term == nil {
			return e, false
		}
		e.url = "/" + list + "/" + slug.Make(term.Name) + "/"
		if e.name == "" {
			e.name = term.Name
		}
	default: // "custom": a link
		u := strings.TrimSpace(it.Meta["_menu_item_url"])
		if u == "" || strings.HasPrefix(u, "#") || scriptURL(u) || strings.HasPrefix(strings.ToLower(strings.Join(strings.Fields(u), "")), "data:") {
			return e, false
		}
		if !strings.Contains(u, ":") && !strings.HasPrefix(u, "/") {
			u = "/" + u // relative to the blog's root, where menus are
		}
		// site.toml's menu URLs are within the language, without the
		// base path: communs adds both.
		e.url = u
		if own := ownPath(u, im.own); own != u || strings.HasPrefix(u, "/") {
			if inner, ok := belowBase(own, im.blogBase); ok {
				e.url = im.x.archivePath(inner)
			}
		}
		if e.name == "" {
			e.name = u
		}
	}
	return e, e.name != ""
}
