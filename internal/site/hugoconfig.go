package site

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"go.yaml.in/yaml/v3"

	"github.com/communs/communs/internal/diag"
)

// A Hugo site has no site.toml: its configuration is hugo.toml (or .yaml,
// .json; config.* in older sites), and config/_default/ (hugo.toml,
// languages.toml, params.toml, menus.toml…). communs reads the keys it
// has an equivalent for and warns once for each other one.

// hugoRootFiles are the names Hugo looks for, in its order.
var hugoRootFiles = []string{"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json"}

// hugoIgnoredQuietly are keys that change nothing communs does (build
// settings of Hugo itself).
var hugoIgnoredQuietly = map[string]bool{
	"enablerobotstxt": true, "enablegitinfo": true, "enableemoji": true, "builddrafts": false, "module": true,
	"outputs": true, "outputformats": true, "mediatypes": true, "caches": true, "imaging": true, "minify": true,
	"security": true, "server": true, "deployment": true, "build": true, "privacy": true, "services": true,
	"related": true, "frontmatter": true, "sitemap": true, "cascade": true, "enableinlineshortcodes": true,
}

// IsConfigFile tells whether rel (slash-separated, from the site's
// folder) is a file of a site's configuration: site.toml, or a Hugo
// site's hugo.toml, config.toml, config/…
func IsConfigFile(rel string) bool {
	if rel == "site.toml" || strings.HasPrefix(rel, "config/") {
		return true
	}
	return slices.Contains(hugoRootFiles, rel)
}

// HasConfig tells whether dir holds a site's configuration, communs' or
// Hugo's.
func HasConfig(dir string) bool {
	for _, f := range append([]string{"site.toml", "config/_default"}, hugoRootFiles...) {
		if _, err := os.Stat(filepath.Join(dir, f)); err == nil {
			return true
		}
	}
	return false
}

// loadHugoConfig reads a Hugo site's configuration in dir; found is false
// when there is none.
func loadHugoConfig(dir string, diags *diag.List) (cfg *Config, found bool, err error) {
	merged := map[string]any{}
	var sources []string
	name, text := "", ""
	// config/_default/ first: the root file's keys override it.
	defaults := filepath.Join(dir, "config", "_default")
	if ents, err := os.ReadDir(defaults); err == nil {
		sort.Slice(ents, func(i, j int) bool { return ents[i].Name() < ents[j].Name() })
		for _, e := range ents {
			ext := filepath.Ext(e.Name())
			if e.IsDir() || (ext != ".toml" && ext != ".yaml" && ext != ".yml" && ext != ".json") {
				continue
			}
			rel := "config/_default/" + e.Name()
			m, data, err := decodeHugoFile(filepath.Join(defaults, e.Name()))
			if err != nil {
				diags.Errorf(rel, 0, "%v", err)
				return nil, true, fmt.Errorf("%s is not valid", rel)
			}
			key := strings.ToLower(strings.TrimSuffix(e.Name(), ext))
			switch {
			case key == "hugo" || key == "config":
				mergeInto(merged, m)
				if name == "" {
					name, text = rel, string(data)
				}
			case strings.HasPrefix(key, "languages."):
				// languages.fr.toml: one language's settings.
				lang := key[len("languages."):]
				mergeInto(merged, map[string]any{"languages": map[string]any{lang: m}})
			case strings.Count(key, ".") == 1:
				// menus.fr.toml, params.fr.toml: one language's menus,
				// parameters…
				k, lang, _ := strings.Cut(key, ".")
				if k == "menu" {
					k = "menus"
				}
				mergeInto(merged, map[string]any{"languages": map[string]any{lang: map[string]any{k: m}}})
			default:
				mergeInto(merged, map[string]any{key: m})
			}
			sources = append(sources, rel)
		}
	}
	for _, f := range hugoRootFiles {
		p := filepath.Join(dir, f)
		if _, err := os.Stat(p); err != nil {
			continue
		}
		m, data, err := decodeHugoFile(p)
		if err != nil {
			diags.Errorf(f, 0, "%v", err)
			return nil, true, fmt.Errorf("%s is not valid", f)
		}
		mergeInto(merged, m)
		name, text = f, string(data)
		sources = append(sources, f)
		break
	}
	if len(sources) == 0 {
		return nil, false, nil
	}
	if name == "" {
		name = sources[0]
	}
	cfg = hugoToConfig(lowerKeys(merged).(map[string]any), name, diags)
	hugoLayouts(dir, name, cfg, diags)
	if err := cfg.normalise(name, text, diags); err != nil {
		return nil, true, fmt.Errorf("%s has errors", name)
	}
	return cfg, true, nil
}

// hugoLayouts warns that a Hugo site's templates are not run: communs
// renders pages with its own theme, and runs only layouts/shortcodes/. A
// theme that is not in themes/ (a Hugo module) is left out.
func hugoLayouts(dir, name string, cfg *Config, diags *diag.List) {
	if cfg.Theme != "" {
		if st, err := os.Stat(filepath.Join(dir, "themes", cfg.Theme)); err != nil || !st.IsDir() {
			diags.Warnf(name, 0, "theme %q is not in themes/ (a Hugo module?): communs builds the site with its own theme, and the theme's shortcodes show their inner text", cfg.Theme)
			cfg.Theme = ""
		}
	}
	for _, d := range []string{"layouts", filepath.Join("themes", cfg.Theme, "layouts")} {
		if cfg.Theme == "" && d != "layouts" {
			continue
		}
		ents, err := os.ReadDir(filepath.Join(dir, d))
		if err != nil {
			continue
		}
		for _, e := range ents {
			if e.Name() != "shortcodes" && e.Name() != "_shortcodes" && !strings.HasPrefix(e.Name(), ".") {
				diags.Warnf(filepath.ToSlash(d), 0, "Hugo templates, which communs does not run: it builds the site with its own theme (see the README, Coming from Hugo); only %s/shortcodes/ is used", filepath.ToSlash(d))
				break
			}
		}
	}
}

// cleanDir is a folder of the site as a slash path without slashes at its
// ends, "" for none.
func cleanDir(d string) string {
	if d == "" {
		return ""
	}
	d = strings.Trim(filepath.ToSlash(filepath.Clean(d)), "/")
	if d == "." {
		return ""
	}
	return d
}

// FromHugo tells that the configuration is a Hugo site's (no site.toml).
func (c *Config) FromHugo() bool { return c.hugo }

func decodeHugoFile(p string) (map[string]any, []byte, error) {
	data, err := os.ReadFile(p)
	if err != nil {
		return nil, nil, err
	}
	m := map[string]any{}
	switch filepath.Ext(p) {
	case ".toml":
		_, err = toml.Decode(string(data), &m)
	case ".yaml", ".yml":
		err = yaml.Unmarshal(data, &m)
	case ".json":
		err = json.Unmarshal(data, &m)
	}
	if err != nil {
		return nil, nil, fmt.Errorf("not valid %s: %v", strings.TrimPrefix(filepath.Ext(p), "."), err)
	}
	return m, data, nil
}

// mergeInto adds src's keys to dst, tables merged key by key.
func mergeInto(dst, src map[string]any) {
	for k, v := range src {
		if sub, ok := v.(map[string]any); ok {
			if have, ok := dst[k].(map[string]any); ok {
				mergeInto(have, sub)
				continue
			}
		}
		dst[k] = v
	}
}

// lowerKeys lowers every table's keys, as Hugo reads them (baseURL and
// baseurl are one key), but not those of params, which templates read
// as written.
func lowerKeys(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, val := range t {
			lk := strings.ToLower(k)
			if lk == "params" {
				out[lk] = val
				continue
			}
			out[lk] = lowerKeys(val)
		}
		return out
	case []any:
		for i := range t {
			t[i] = lowerKeys(t[i])
		}
		return t
	case []map[string]any:
		out := make([]any, len(t))
		for i := range t {
			out[i] = lowerKeys(t[i])
		}
		return out
	}
	return v
}

// hugoToConfig maps the keys communs has an equivalent for; each other
// key is named once in a warning.
func hugoToConfig(m map[string]any, name string, diags *diag.List) *Config {
	c := &Config{Languages: map[string]*LanguageConfig{}, Permalinks: map[string]string{}, Extra: map[string]any{}, hugo: true}
	ignored := func(key string) {
		diags.Warnf(name, 0, "Hugo's key %s is not used by communs (ignored); see the README's list of the Hugo keys communs reads", key)
	}
	str := func(v any) string { s, _ := v.(string); return s }
	mountLangs := map[string]string{}
	defer func() {
		for lang, dir := range mountLangs {
			if lc := c.Languages[lang]; lc != nil && lc.ContentDir == "" {
				lc.ContentDir = dir
			}
		}
	}()
	for _, k := range slices.Sorted(maps.Keys(m)) {
		v := m[k]
		switch k {
		case "title":
			c.Title = str(v)
		case "baseurl":
			c.BaseURL = str(v)
		case "defaultcontentlanguage":
			c.DefaultLanguage = strings.ToLower(str(v))
		case "languagecode":
			if c.DefaultLanguage == "" {
				c.DefaultLanguage = strings.ToLower(strings.SplitN(str(v), "-", 2)[0])
			}
		case "timezone":
			c.TimeZone = str(v)
		case "theme":
			switch t := v.(type) {
			case string:
				c.Theme = t
			case []any:
				if len(t) > 0 {
					c.Theme = str(t[0])
				}
				if len(t) > 1 {
					diags.Warnf(name, 0, "theme lists %d themes: communs uses the first, %s", len(t), c.Theme)
				}
			}
		case "paginate":
			c.Paginate = intOf(v)
		case "pagination":
			if t, ok := v.(map[string]any); ok {
				c.Paginate = intOf(t["pagersize"])
			}
		case "summarylength":
			c.SummaryWords = intOf(v)
		case "params":
			c.Params, _ = v.(map[string]any)
		case "permalinks":
			if t, ok := v.(map[string]any); ok {
				for sec, p := range t {
					if pattern := str(p); pattern != "" {
						if err := checkPermalink(pattern); err != nil {
							diags.Warnf(name, 0, "permalinks.%s = %q: %v; the section keeps communs' default URLs", sec, pattern, err)
							continue
						}
						c.Permalinks[sec] = pattern
					}
				}
			}
		case "languages":
			langs, _ := v.(map[string]any)
			for code, lv := range langs {
				l, _ := lv.(map[string]any)
				lc := &LanguageConfig{Title: str(l["title"]), Name: str(l["languagename"]), Weight: intOf(l["weight"])}
				lc.Params, _ = l["params"].(map[string]any)
				if d := cleanDir(str(l["contentdir"])); d != "content" {
					lc.ContentDir = d
				}
				lc.Menu = hugoMenu(firstOf(l["menus"], l["menu"]))
				c.Languages[strings.ToLower(code)] = lc
			}
		case "menus", "menu":
			// Menus of the default language, placed once it is known.
			c.Extra["\x00menu"] = hugoMenu(v)
		case "copyright", "author":
			c.Extra[k] = v
		case "license":
			c.License = str(v)
		case "outputs":
			if t, ok := v.(map[string]any); ok {
				if l, ok := t["section"].([]any); ok {
					for _, f := range l {
						if s, _ := f.(string); strings.EqualFold(s, "print") {
							c.PrintSections = true
						}
					}
				}
			}
		case "disablealiases":
			c.DisableAliases, _ = v.(bool)
		case "contentdir":
			c.ContentDir = cleanDir(str(v))
		case "module":
			// Mounts of content folders (content/en as content/): the
			// site's folders of pages. Other mounts are Hugo's business.
			mod, _ := v.(map[string]any)
			mounts, _ := mod["mounts"].([]any)
			for _, m := range mounts {
				mt, _ := m.(map[string]any)
				if str(mt["target"]) != "content" {
					continue
				}
				src := cleanDir(str(mt["source"]))
				if lang := strings.ToLower(str(mt["lang"])); lang != "" {
					mountLangs[lang] = src
				} else if c.ContentDir == "" {
					c.ContentDir = src
				}
			}
		case "taxonomies":
			if t, ok := v.(map[string]any); ok {
				for single, plural := range t {
					if !(single == "tag" && plural == "tags" || single == "category" && plural == "categories" || single == "series" && plural == "series") {
						ignored("taxonomies." + single)
					}
				}
			}
		case "markup":
			// goldmark's settings: communs renders raw HTML already.
		case "defaultcontentlanguageinsubdir":
			c.DefaultLanguageInSubdir, _ = v.(bool)
		case "disablekinds", "uglyurls", "relativeurls", "canonifyurls":
			if b, ok := v.(bool); ok && !b {
				continue
			}
			if l, ok := v.([]any); ok && len(l) == 0 {
				continue
			}
			ignored(k)
		default:
			if !hugoIgnoredQuietly[k] {
				ignored(k)
			}
		}
	}
	if c.DefaultLanguage == "" {
		// Hugo's default.
		c.DefaultLanguage = "en"
	}
	if c.License == "" {
		if l, ok := c.Params["license"].(string); ok {
			c.License = l
		} else {
			diags.Warnf(name, 0, "no licence: communs shows one on every page, CC-BY-SA-4.0 unless you write license = \"<SPDX id>\" (or params.license) here")
		}
	}
	if menu, ok := c.Extra["\x00menu"].([]MenuEntry); ok {
		delete(c.Extra, "\x00menu")
		lc := c.Languages[c.DefaultLanguage]
		if lc == nil {
			lc = &LanguageConfig{Title: c.Title}
			c.Languages[c.DefaultLanguage] = lc
		}
		if len(lc.Menu) == 0 {
			lc.Menu = menu
		}
	}
	return c
}

// hugoMenu is the main menu of Hugo's [menus] (or [menu]) table.
func hugoMenu(v any) []MenuEntry {
	t, _ := v.(map[string]any)
	items, _ := t["main"].([]any)
	var out []MenuEntry
	for _, it := range items {
		e, _ := it.(map[string]any)
		name, _ := e["name"].(string)
		u, _ := firstOf(e["url"], e["pageref"]).(string)
		if name == "" || u == "" {
			continue
		}
		if !strings.Contains(u, "://") && !strings.HasPrefix(u, "/") {
			u = "/" + u
		}
		out = append(out, MenuEntry{Name: name, URL: u, Weight: intOf(e["weight"])})
	}
	return out
}

func firstOf(vs ...any) any {
	for _, v := range vs {
		if v != nil {
			return v
		}
	}
	return nil
}

func intOf(v any) int {
	switch n := v.(type) {
	case int:
		return n
	case int64:
		return int(n)
	case float64:
		return int(n)
	}
	return 0
}
