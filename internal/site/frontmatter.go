package site

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"
	yaml "go.yaml.in/yaml/v3"
)

// Source describes the external original of a translated text.
type Source struct {
	Title    string `json:"title,omitempty"`
	Author   string `json:"author,omitempty"`
	URL      string `json:"url,omitempty"`
	Date     string `json:"date,omitempty"`
	Language string `json:"language,omitempty"`
}

// FrontMatter holds the keys communs knows; Params holds every key as
// written, known or not, for templates.
type FrontMatter struct {
	Title          string
	Subtitle       string
	Description    string
	Date           time.Time
	Lastmod        time.Time
	Draft          bool
	Slug           string
	Summary        string
	Authors        []string
	Translators    []string
	Reviewers      []string
	License        string
	Tags           []string
	Categories     []string
	Series         string
	TranslationKey string
	Source         *Source
	TranslatedFrom string
	Formats        []string
	Cover          string
	Weight         int
	Aliases        []string
	// URL sets the page's path within its language, as Hugo's url key.
	URL string
	// PublishDate and ExpiryDate bound when the page is published
	// (Hugo's publishDate, expiryDate).
	PublishDate, ExpiryDate time.Time
	// Headless and Build are Hugo's: a page not written, or not listed
	// (Build.Render, Build.List "never"), or whose files are not published.
	Headless bool
	Build    BuildOptions
	// Cascade holds values the pages below a section's _index.md take
	// unless they set their own (Hugo's cascade; build options only).
	Cascade *BuildOptions
	Params  map[string]any
	// Lines tells on which line of the file each top-level key is set.
	Lines map[string]int
}

// BuildOptions are Hugo's build front matter: render and list are
// "always", "never", "local" or "link"; "" is unset.
type BuildOptions struct {
	Render, List     string
	PublishResources *bool
}

// FieldError is a problem with the front matter at a given line of the file.
type FieldError struct {
	Line int
	Msg  string
}

func (e *FieldError) Error() string { return e.Msg }

// SplitFrontMatter cuts a content file into its front matter and body. It
// accepts a UTF-8 byte order mark and CRLF line ends (the returned slices
// have LF ends). bodyLine is the file line where the body starts.
func SplitFrontMatter(data []byte) (format string, fm, body []byte, bodyLine int, err error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if bytes.IndexByte(data, '\r') >= 0 {
		data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	}
	if !utf8.Valid(data) {
		line := 1 + bytes.Count(data[:firstInvalidUTF8(data)], []byte("\n"))
		return "", nil, nil, 0, &FieldError{Line: line, Msg: "the file is not valid UTF-8; save it as UTF-8"}
	}
	var delim string
	switch {
	case hasDelimLine(data, "+++"):
		format, delim = "toml", "+++"
	case hasDelimLine(data, "---"):
		format, delim = "yaml", "---"
	case len(data) > 0 && data[0] == '{':
		// JSON front matter, as Hugo reads it: an object, then the body.
		dec := json.NewDecoder(bytes.NewReader(data))
		var obj map[string]any
		if err := dec.Decode(&obj); err != nil {
			return "", nil, nil, 0, &FieldError{Line: 1, Msg: "invalid JSON front matter: " + err.Error()}
		}
		end := int(dec.InputOffset())
		body := data[end:]
		if i := bytes.IndexByte(body, '\n'); i >= 0 && len(bytes.TrimSpace(body[:i])) == 0 {
			body = body[i+1:]
		}
		return "json", data[:end], body, 1 + bytes.Count(data[:len(data)-len(body)], []byte("\n")), nil
	default:
		return "", nil, data, 1, &FieldError{Line: 1, Msg: "no front matter: a content file starts with a line +++, then TOML such as title = \"…\", then a line +++"}
	}
	// The front matter starts after the opening line, which may end with
	// blanks ("+++  ") or be the whole file ("+++").
	var rest []byte
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		rest = data[i+1:]
	}
	line := 2
	for off := 0; off <= len(rest); {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		if end < 0 {
			l = rest[off:]
		} else {
			l = rest[off : off+end]
		}
		if string(bytes.TrimRight(l, " \t")) == delim {
			next := off + len(l) + 1
			if next > len(rest) {
				next = len(rest)
			}
			return format, rest[:off], rest[next:], line + 1, nil
		}
		if end < 0 {
			break
		}
		off += end + 1
		line++
	}
	return "", nil, nil, 0, &FieldError{Line: 1, Msg: fmt.Sprintf("the front matter opened on line 1 is never closed: add a line %s after it", delim)}
}

func hasDelimLine(data []byte, delim string) bool {
	if !bytes.HasPrefix(data, []byte(delim)) {
		return false
	}
	rest := data[len(delim):]
	rest = bytes.TrimLeft(rest, " \t")
	return len(rest) == 0 || rest[0] == '\n'
}

func firstInvalidUTF8(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// ParseFrontMatter decodes front matter text of the given format. firstLine
// is the file line of the first front matter line, so errors point into the
// file. loc is the time zone of dates written without one.
func ParseFrontMatter(format string, text []byte, firstLine int, loc *time.Location) (*FrontMatter, []*FieldError) {
	var raw map[string]any
	var yamlLines map[string]int // exact, where keyLine could be fooled by a nested key
	switch format {
	case "toml":
		if _, err := toml.Decode(string(text), &raw); err != nil {
			line := 0
			msg := err.Error()
			var perr toml.ParseError
			if errors.As(err, &perr) {
				line = perr.Position.Line
				msg = perr.Message
			}
			return nil, []*FieldError{{Line: firstLine + max(line, 1) - 1, Msg: "invalid TOML front matter: " + msg}}
		}
	case "json":
		if err := json.Unmarshal(text, &raw); err != nil {
			return nil, []*FieldError{{Line: firstLine, Msg: "invalid JSON front matter: " + err.Error()}}
		}
		firstLine-- // the object starts on the file's first line
	case "yaml":
		var err error
		raw, yamlLines, err = decodeYAML(text)
		if err != nil {
			line, msg := yamlErrorLine(err)
			return nil, []*FieldError{{Line: firstLine + max(line, 1) - 1, Msg: "invalid YAML front matter: " + msg}}
		}
	}
	if raw == nil {
		raw = map[string]any{}
	}
	fm := &FrontMatter{Params: raw, Lines: map[string]int{}}
	for k := range raw {
		if l := yamlLines[k]; l > 0 {
			fm.Lines[k] = firstLine + l - 1
		} else if l := keyLine(string(text), k); l > 0 {
			fm.Lines[k] = firstLine + l - 1
		} else {
			fm.Lines[k] = firstLine
		}
	}
	d := decoder{raw: raw, lines: fm.Lines, first: firstLine, loc: loc}
	fm.Title = d.str("title")
	fm.Subtitle = d.str("subtitle")
	fm.Description = d.str("description")
	fm.Date = d.date("date")
	fm.Lastmod = d.date("lastmod")
	fm.PublishDate = d.firstDate("publishDate", "pubdate", "published")
	fm.ExpiryDate = d.firstDate("expiryDate", "unpublishdate")
	if fm.Lastmod.IsZero() {
		fm.Lastmod = d.firstDate("modified")
	}
	if fm.Date.IsZero() {
		// Hugo's default: a page's date is its publishDate when it has no date.
		fm.Date = fm.PublishDate
	}
	fm.Headless = d.boolean("headless")
	fm.Build = d.buildOptions(firstKey(raw, "build", "_build"))
	if c, ok := d.get("cascade"); ok {
		var m map[string]any
		switch c := c.(type) {
		case map[string]any:
			m = c
		case []any:
			if len(c) > 0 {
				m, _ = c[0].(map[string]any)
			}
		}
		if m != nil {
			sub := decoder{raw: m, lines: d.lines, first: d.first, loc: d.loc}
			if b := sub.buildOptions(firstKey(m, "build", "_build")); b != (BuildOptions{}) {
				fm.Cascade = &b
			}
		}
	}
	fm.Draft = d.boolean("draft")
	fm.Slug = d.str("slug")
	fm.Summary = d.str("summary")
	fm.Authors = d.strs("authors")
	if a := d.str("author"); a != "" && len(fm.Authors) == 0 {
		fm.Authors = []string{a}
	}
	fm.Translators = d.strs("translators")
	fm.Reviewers = d.strs("reviewers")
	fm.License = d.str("license")
	fm.Tags = d.strs("tags")
	fm.Categories = d.strs("categories")
	fm.Series = d.seriesName("series")
	fm.TranslationKey = d.str("translationKey")
	fm.TranslatedFrom = d.str("translatedFrom")
	fm.Formats = d.strs("formats")
	fm.Cover = d.str("cover")
	fm.Weight = d.integer("weight")
	fm.Aliases = d.strs("aliases")
	fm.URL = d.str("url")
	if fm.URL != "" && (!strings.HasPrefix(fm.URL, "/") || strings.Contains(fm.URL, "://") || strings.Contains(fm.URL, "..")) {
		d.fail("url", fmt.Sprintf("url %q must be a path on this site starting with /, such as /about/team/", fm.URL))
		fm.URL = ""
	}
	fm.Source = d.source("source")
	for _, f := range fm.Formats {
		if f != "epub" && f != "pdf" {
			d.fail("formats", fmt.Sprintf("formats: unknown format %q; write formats = [\"epub\", \"pdf\"]", f))
		}
	}
	return fm, d.errs
}

type decoder struct {
	raw   map[string]any
	lines map[string]int
	first int
	loc   *time.Location
	errs  []*FieldError
}

// get returns the value of key; an empty YAML value (date:) is no value.
func (d *decoder) get(key string) (any, bool) {
	v, ok := d.raw[key]
	if !ok {
		// Hugo reads keys whatever their case: publishdate, PublishDate.
		for k, kv := range d.raw {
			if strings.EqualFold(k, key) {
				d.lines[key] = d.lines[k]
				return kv, kv != nil
			}
		}
	}
	return v, ok && v != nil
}

func (d *decoder) fail(key, msg string) {
	line := d.lines[key]
	if line == 0 {
		line = d.first
	}
	d.errs = append(d.errs, &FieldError{Line: line, Msg: msg})
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64, int, uint64:
		return "a number"
	case float64:
		return "a decimal number"
	case bool:
		return "true/false"
	case []any:
		return "a list"
	case map[string]any:
		return "a table"
	case time.Time:
		return "a date"
	}
	return fmt.Sprintf("%T", v)
}

func (d *decoder) str(key string) string {
	v, ok := d.get(key)
	if !ok {
		return ""
	}
	switch s := v.(type) {
	case string:
		return s
	case int64, float64:
		// A number where a string is expected (slug = 2023) is what the author meant.
		return fmt.Sprint(s)
	}
	d.fail(key, fmt.Sprintf("%s must be a string, not %s; write %s = \"…\"", key, typeName(v), key))
	return ""
}

func (d *decoder) seriesName(key string) string {
	if l, ok := d.raw[key].([]any); ok && len(l) == 1 {
		if s, ok := l[0].(string); ok {
			return s // Hugo's series is a taxonomy: accept a one-item list
		}
	}
	return d.str(key)
}

func (d *decoder) strs(key string) []string {
	v, ok := d.get(key)
	if !ok {
		return nil
	}
	switch l := v.(type) {
	case string:
		if l == "" {
			return nil
		}
		return []string{l}
	case []any:
		out := make([]string, 0, len(l))
		for _, item := range l {
			s, ok := item.(string)
			if !ok {
				d.fail(key, fmt.Sprintf("%s must be a list of strings, and holds %s; write %s = [\"a\", \"b\"]", key, typeName(item), key))
				return nil
			}
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
		return out
	case []string:
		return l
	}
	d.fail(key, fmt.Sprintf("%s must be a list of strings, not %s; write %s = [\"a\", \"b\"]", key, typeName(v), key))
	return nil
}

func (d *decoder) boolean(key string) bool {
	v, ok := d.get(key)
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		d.fail(key, fmt.Sprintf("%s must be true or false, not %s; write %s = true", key, typeName(v), key))
	}
	return b
}

func (d *decoder) integer(key string) int {
	v, ok := d.get(key)
	if !ok {
		return 0
	}
	switch n := v.(type) {
	case int64:
		return int(n)
	case int:
		return n
	case float64:
		if n == float64(int(n)) {
			return int(n)
		}
	case string:
		// weight = "2": Hugo reads the number.
		if i, err := strconv.Atoi(strings.TrimSpace(n)); err == nil {
			return i
		}
	}
	d.fail(key, fmt.Sprintf("%s must be a whole number, not %s; write %s = 1", key, typeName(v), key))
	return 0
}

// firstDate is the first of keys that is set.
func (d *decoder) firstDate(keys ...string) time.Time {
	for _, k := range keys {
		if _, ok := d.get(k); ok {
			return d.date(k)
		}
	}
	return time.Time{}
}

func firstKey(m map[string]any, keys ...string) string {
	for _, k := range keys {
		for mk := range m {
			if strings.EqualFold(mk, k) {
				return k
			}
		}
	}
	return keys[0]
}

// buildOptions reads Hugo's build table (render, list, publishResources;
// render = false and true as older sites write them).
func (d *decoder) buildOptions(key string) BuildOptions {
	v, ok := d.get(key)
	if !ok {
		return BuildOptions{}
	}
	m, ok := v.(map[string]any)
	if !ok {
		d.fail(key, fmt.Sprintf("%s must be a table with render, list and publishResources", key))
		return BuildOptions{}
	}
	sub := decoder{raw: m, lines: map[string]int{}, first: d.lines[key], loc: d.loc}
	word := func(k string) string {
		switch v, _ := sub.get(k); v := v.(type) {
		case bool:
			if v {
				return "always"
			}
			return "never"
		case string:
			switch v = strings.ToLower(v); v {
			case "always", "never", "local", "link":
				return v
			}
			d.fail(key, fmt.Sprintf("%s.%s = %q: write always, never, local or link", key, k, v))
		}
		return ""
	}
	b := BuildOptions{Render: word("render"), List: word("list")}
	if v, ok := sub.get("publishResources"); ok {
		if pb, ok := v.(bool); ok {
			b.PublishResources = &pb
		}
	}
	return b
}

func (d *decoder) source(key string) *Source {
	v, ok := d.get(key)
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		d.fail(key, fmt.Sprintf("%s must be a table such as [source] with title, author, url, date, language; not %s", key, typeName(v)))
		return nil
	}
	sub := decoder{raw: m, lines: d.lines, first: d.first, loc: d.loc}
	s := &Source{Title: sub.str("title"), Author: sub.str("author"), URL: sub.str("url"), Language: sub.str("language")}
	if dv, ok := m["date"]; ok {
		if t, ok := dv.(time.Time); ok {
			s.Date = t.Format("2006-01-02")
		} else {
			s.Date = fmt.Sprint(dv)
		}
	}
	for _, e := range sub.errs {
		d.errs = append(d.errs, &FieldError{Line: d.lines[key], Msg: "source: " + e.Msg})
	}
	return s
}

// dateLayouts are the ways Hugo's front matter writes dates.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02T15:04:05Z0700", // an offset without its colon
	"2006-01-02 15:04:05Z0700",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700 MST",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	"2006-01-02",
	time.RFC1123Z,
	time.RFC1123,
	time.RFC822Z,
	time.RFC822,
	"Jan 2, 2006",
	"January 2, 2006",
	"Jan 2 2006",
	"2 Jan 2006",
	"02 Jan 2006",
	"2 January 2006",
	"02 January 2006",
	"Mon Jan 2 15:04:05 MST 2006",
	"2006/01/02",
}

func (d *decoder) date(key string) time.Time {
	v, ok := d.get(key)
	if !ok {
		return time.Time{}
	}
	switch t := v.(type) {
	case time.Time:
		// BurntSushi/toml marks dates and times written without a zone
		// with its own locations: read them in the site's zone.
		switch t.Location().String() {
		case "time-local":
			// date = 10:30:00 has no day: it would give year 0 silently.
			d.fail(key, fmt.Sprintf("%s must be a date such as 2023-11-21, not a time of day; write %s = 2023-11-21T10:30:00", key, key))
			return time.Time{}
		case "date-local", "datetime-local":
			return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), d.loc)
		}
		return t
	case string:
		s := strings.TrimSpace(t)
		for _, layout := range dateLayouts {
			var p time.Time
			var err error
			if strings.Contains(layout, "Z07") || strings.Contains(layout, "-07") {
				p, err = time.Parse(layout, s)
			} else {
				p, err = time.ParseInLocation(layout, s, d.loc)
			}
			if err == nil {
				return p
			}
		}
		d.fail(key, fmt.Sprintf("%s %q is not a date; write %s = 2023-11-21 or %s = 2023-11-21T10:30:00+01:00", key, t, key, key))
		return time.Time{}
	}
	d.fail(key, fmt.Sprintf("%s must be a date such as 2023-11-21, not %s", key, typeName(v)))
	return time.Time{}
}

// decodeYAML turns YAML front matter into the same kind of map TOML gives,
// keeping timestamps as strings so that dates without a zone are read in
// the site's zone like TOML local dates.
// lines tells on which line of text each top-level key is.
func decodeYAML(text []byte) (raw map[string]any, lines map[string]int, err error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(text, &doc); err != nil {
		return nil, nil, err
	}
	if doc.Kind == 0 || len(doc.Content) == 0 {
		return map[string]any{}, nil, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, nil, fmt.Errorf("line %d: front matter must be a mapping of key: value lines", root.Line)
	}
	v, err := (&yamlExpander{active: map[*yaml.Node]bool{}}).value(root, 0)
	if err != nil {
		return nil, nil, err
	}
	lines = map[string]int{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		lines[root.Content[i].Value] = root.Content[i].Line
	}
	return v.(map[string]any), lines, nil
}

// Front matter is a few keys: these bound what YAML aliases may make of it
// (an alias of itself would never end, aliases of aliases grow
// exponentially: the "billion laughs").
const (
	yamlMaxDepth  = 100
	yamlMaxValues = 100000
)

// yamlExpander turns YAML nodes into values, aliases expanded.
type yamlExpander struct {
	active map[*yaml.Node]bool // anchors being expanded
	values int
}

func (x *yamlExpander) value(n *yaml.Node, depth int) (any, error) {
	if x.values++; x.values > yamlMaxValues {
		return nil, fmt.Errorf("line %d: aliases make the front matter more than %d values: write the values out", n.Line, yamlMaxValues)
	}
	if depth > yamlMaxDepth {
		return nil, fmt.Errorf("line %d: values nested more than %d levels deep", n.Line, yamlMaxDepth)
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			return nil, nil
		}
		if x.active[n.Alias] {
			return nil, fmt.Errorf("line %d: the alias *%s is inside its own anchor &%s: it would never end", n.Line, n.Value, n.Value)
		}
		x.active[n.Alias] = true
		defer delete(x.active, n.Alias)
		return x.value(n.Alias, depth+1)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := x.value(n.Content[i+1], depth+1)
			if err != nil {
				return nil, err
			}
			m[n.Content[i].Value] = v
		}
		return m, nil
	case yaml.SequenceNode:
		l := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := x.value(c, depth+1)
			if err != nil {
				return nil, err
			}
			l = append(l, v)
		}
		return l, nil
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!timestamp", "!!str":
			return n.Value, nil
		case "!!null":
			return nil, nil
		}
		var v any
		if err := n.Decode(&v); err != nil {
			return nil, fmt.Errorf("line %d: %v", n.Line, err)
		}
		if i, ok := v.(int); ok {
			return int64(i), nil
		}
		return v, nil
	}
	return nil, nil
}

var yamlLineRE = regexp.MustCompile(`line (\d+):?\s*`)

// yamlParserProblems are the messages of the YAML parser (as opposed to its
// scanner): yaml.v3 reports their line counting from 0.
var yamlParserProblems = []string{
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"did not find expected '-' indicator",
	"did not find expected <document start>",
	"did not find expected <stream-start>",
	"did not find expected key",
	"did not find expected node content",
	"found duplicate %TAG directive",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found undefined tag handle",
}

func yamlErrorLine(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLineRE.FindStringSubmatchIndex(msg); m != nil {
		n, _ := strconv.Atoi(msg[m[2]:m[3]])
		msg = strings.TrimSpace(msg[:m[0]] + msg[m[1]:])
		for _, p := range yamlParserProblems {
			if msg == p {
				n++
				break
			}
		}
		return n, msg
	}
	return 0, msg
}

// SortedKeys lists the front matter keys in order, for stable output.
func (fm *FrontMatter) SortedKeys() []string {
	keys := make([]string, 0, len(fm.Params))
	for k := range fm.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
