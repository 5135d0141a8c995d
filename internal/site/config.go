package site

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/communs/communs/internal/diag"
)

// Config is site.toml. Keys follow Hugo's names where Hugo has one.
type Config struct {
	Title           string                     `toml:"title"`
	BaseURL         string                     `toml:"baseURL"`
	DefaultLanguage string                     `toml:"defaultLanguage"`
	License         string                     `toml:"license"`
	Publisher       string                     `toml:"publisher"`
	TimeZone        string                     `toml:"timeZone"`
	Theme           string                     `toml:"theme"`
	Paginate        int                        `toml:"paginate"`
	FeedLimit       int                        `toml:"feedLimit"`
	SummaryWords    int                        `toml:"summaryWords"`
	MainSections    []string                   `toml:"mainSections"`
	Permalinks      map[string]string          `toml:"permalinks"`
	BuildFuture     bool                       `toml:"buildFuture"`
	Languages       map[string]*LanguageConfig `toml:"languages"`
	Params          map[string]any             `toml:"params"`

	// Derived.
	Location *time.Location `toml:"-"`
	Base     *url.URL       `toml:"-"`
	// Extra holds keys communs does not know, for templates.
	Extra map[string]any `toml:"-"`
	// PrintSections writes, for each section, a page of all its text at
	// <section>/_print/ (Hugo's "print" output of sections, as in Docsy).
	PrintSections bool `toml:"printSections"`
	// DefaultLanguageInSubdir puts the default language's pages below
	// /<code>/ too, the root sending readers there (Hugo's
	// defaultContentLanguageInSubdir).
	DefaultLanguageInSubdir bool `toml:"defaultContentLanguageInSubdir"`
	// DisableAliases writes no redirect pages (Hugo's disableAliases).
	DisableAliases bool `toml:"disableAliases"`
	// ContentDir is the folder of pages of the languages without one of
	// their own (Hugo's contentDir), content/ when "".
	ContentDir string `toml:"contentDir"`
	// hugo is true when the configuration is a Hugo site's: pages follow
	// their path, as in Hugo, rather than communs' dated default.
	hugo bool
}

// LanguageConfig is one [languages.<code>] table.
type LanguageConfig struct {
	Title       string         `toml:"title"`
	Description string         `toml:"description"`
	Name        string         `toml:"languageName"`
	Weight      int            `toml:"weight"`
	Menu        []MenuEntry    `toml:"menu"`
	Params      map[string]any `toml:"params"`
	// ContentDir is the folder of the language's pages (Hugo's
	// contentDir: content/fr), whose files need no language in their
	// names; "" is content/, shared by languages.
	ContentDir string `toml:"contentDir"`
}

// MenuEntry is one link of a language's main menu.
type MenuEntry struct {
	Name   string `toml:"name"`
	URL    string `toml:"url"`
	Weight int    `toml:"weight"`
}

// Language is a configured language, in site order (default first).
type Language struct {
	Code        string
	Title       string
	Description string
	Name        string // its own name for itself: « Français », « English »
	Weight      int
	Menu        []MenuEntry
	Params      map[string]any
	IsDefault   bool
	// Prefix is "" for the default language and "/<code>" otherwise.
	Prefix string
}

var languageNames = map[string]string{
	"fr": "Français", "en": "English", "de": "Deutsch", "es": "Español",
	"it": "Italiano", "pt": "Português", "nl": "Nederlands", "ca": "Català",
	"eo": "Esperanto", "br": "Brezhoneg", "oc": "Occitan", "eu": "Euskara",
	"pl": "Polski", "ja": "日本語", "zh": "中文", "ar": "العربية", "ru": "Русский",
}

var tomlValueErrRE = regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): `)

// LoadConfig reads site.toml in dir. Problems are recorded in diags; the
// error is non-nil only when the file cannot be used at all.
func LoadConfig(dir string, diags *diag.List) (*Config, error) {
	const name = "site.toml"
	data, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			// A Hugo site, as it is: hugo.toml, config.toml, config/_default/.
			if cfg, found, err := loadHugoConfig(dir, diags); found {
				return cfg, err
			}
			return nil, fmt.Errorf("no site.toml in %s (nor Hugo's hugo.toml or config.toml): run communs in the folder that holds site.toml, or give --source DIR", dir)
		}
		return nil, fmt.Errorf("reading site.toml: %w", err)
	}
	var cfg Config
	md, err := toml.Decode(string(data), &cfg)
	if err != nil {
		line := 0
		var perr toml.ParseError
		if errors.As(err, &perr) {
			line = perr.Position.Line
			err = errors.New(perr.Message)
		} else if m := tomlValueErrRE.FindStringSubmatch(err.Error()); m != nil {
			// A value of the wrong type (paginate = "ten") is no ParseError:
			// its line is only in the text.
			line, _ = strconv.Atoi(m[1])
			err = fmt.Errorf("%s: %s", m[2], strings.TrimPrefix(err.Error(), m[0]))
		}
		diags.Errorf(name, line, "invalid TOML: %v", err)
		return nil, fmt.Errorf("site.toml is not valid")
	}
	var raw map[string]any
	_, _ = toml.Decode(string(data), &raw)
	cfg.Extra = make(map[string]any)
	for _, k := range md.Undecoded() {
		switch {
		case len(k) == 1:
			cfg.Extra[k[0]] = raw[k[0]]
		case k[0] == "languages" && len(k) == 3:
			// Most often a site-wide key written after a [languages.xx] header.
			diags.Warnf(name, keyLine(string(data), k[2]), "unknown key %s in [languages.%s]: if it is a site-wide setting, move it above the first [table] header", k[2], k[1])
		}
	}
	if err := cfg.normalise(name, string(data), diags); err != nil {
		return nil, err
	}
	return &cfg, nil
}

func (c *Config) normalise(name, text string, diags *diag.List) error {
	bad := false
	if c.BaseURL == "" {
		c.BaseURL = "http://localhost/"
		diags.Warnf(name, keyLine(text, "baseURL"), "no baseURL: feeds and canonical links use %s; set baseURL = \"https://your.site/\"", c.BaseURL)
	}
	u, err := url.Parse(c.BaseURL)
	if err != nil || u.Scheme == "" || u.Host == "" {
		diags.Errorf(name, keyLine(text, "baseURL"), "baseURL %q is not an absolute URL; write it as \"https://example.org/\"", c.BaseURL)
		bad = true
		u = &url.URL{Scheme: "http", Host: "localhost", Path: "/"}
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	c.Base = u
	if c.DefaultLanguage == "" {
		c.DefaultLanguage = "fr"
	}
	if c.Languages == nil {
		c.Languages = map[string]*LanguageConfig{}
	}
	if _, ok := c.Languages[c.DefaultLanguage]; !ok {
		c.Languages[c.DefaultLanguage] = &LanguageConfig{Title: c.Title}
	}
	for code := range c.Languages {
		if !validLangCode(code) {
			diags.Errorf(name, keyLine(text, "languages."+code), "language code %q is not a language tag like \"fr\" or \"pt-br\"", code)
			bad = true
		}
	}
	if c.TimeZone == "" {
		c.TimeZone = "Europe/Paris"
	}
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		diags.Errorf(name, keyLine(text, "timeZone"), "unknown timeZone %q; write an IANA name such as \"Europe/Paris\"", c.TimeZone)
		bad = true
		loc = time.UTC
	}
	c.Location = loc
	if c.Paginate <= 0 {
		c.Paginate = 10
	}
	if c.FeedLimit <= 0 {
		c.FeedLimit = 20
	}
	if c.SummaryWords <= 0 {
		c.SummaryWords = 70
	}
	if c.License == "" {
		c.License = "CC-BY-SA-4.0"
	}
	if c.Permalinks == nil {
		c.Permalinks = map[string]string{}
	}
	for sec, pattern := range c.Permalinks {
		if err := checkPermalink(pattern); err != nil {
			diags.Errorf(name, keyLine(text, sec), "permalink for %q: %v", sec, err)
			bad = true
		}
	}
	if bad {
		return fmt.Errorf("site.toml has errors")
	}
	return nil
}

// SortedLanguages returns the configured languages, default first, then by
// weight and code.
func (c *Config) SortedLanguages() []*Language {
	var out []*Language
	for code, lc := range c.Languages {
		l := &Language{Code: code, Title: lc.Title, Description: lc.Description, Name: lc.Name,
			Weight: lc.Weight, Menu: lc.Menu, Params: lc.Params, IsDefault: code == c.DefaultLanguage}
		if l.Title == "" {
			l.Title = c.Title
		}
		if l.Name == "" {
			l.Name = languageNames[code]
		}
		if l.Name == "" {
			l.Name = code
		}
		if !l.IsDefault || c.DefaultLanguageInSubdir {
			l.Prefix = "/" + code
		}
		sort.SliceStable(l.Menu, func(i, j int) bool { return l.Menu[i].Weight < l.Menu[j].Weight })
		out = append(out, l)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.IsDefault != b.IsDefault {
			return a.IsDefault
		}
		if a.Weight != b.Weight {
			return a.Weight < b.Weight
		}
		return a.Code < b.Code
	})
	return out
}

func validLangCode(s string) bool {
	if len(s) < 2 || len(s) > 12 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '-' || r >= '0' && r <= '9') {
			return false
		}
	}
	return s[0] != '-' && s[len(s)-1] != '-'
}

// keyLine finds the line where a TOML key (or the last part of a dotted
// key, or a table header) is set: good enough to point an author at it.
func keyLine(text, key string) int {
	last := key
	if i := strings.LastIndex(key, "."); i >= 0 {
		last = key[i+1:]
	}
	for i, line := range strings.Split(text, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") && strings.Contains(t, key) {
			return i + 1
		}
		for _, k := range []string{key, last, `"` + last + `"`} {
			if strings.HasPrefix(t, k) {
				rest := strings.TrimSpace(t[len(k):])
				if strings.HasPrefix(rest, "=") || strings.HasPrefix(rest, ":") {
					return i + 1
				}
			}
		}
	}
	return 0
}
