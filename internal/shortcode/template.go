package shortcode

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	htmltemplate "html/template"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	texttemplate "text/template"
	"time"
	"unicode"
	"unicode/utf8"
)

// Templates are the shortcodes a site defines: layouts/shortcodes/NAME.html
// (html/template) or NAME.md (text/template, Markdown out), the site's
// over its theme's. They run with the functions of Hugo's that make sense
// without Hugo's site model (see Funcs); a function communs lacks makes
// the call fail, not the parse, so that a template whose other branches
// are used still works.
type Templates struct {
	byName map[string]*template
}

type template struct {
	file string
	// instances are parsed copies, each with its own slot for the host
	// of the page it runs for: Go binds functions at parse time, and
	// pages run concurrently.
	instances sync.Pool
	// err is why the template cannot run (it does not parse).
	err error
}

type instance struct {
	exec func(w *bytes.Buffer, data any) error
	slot *hostSlot
}

// hostSlot is where an instance's functions find the host.
type hostSlot struct{ h Host }

// Host gives templates what lies beyond the call: Markdown rendering,
// links to pages, interface strings.
type Host interface {
	Markdownify(s string) string
	RefURL(target string, rel bool) (string, error)
	RelURL(p string) string
	AbsURL(p string) string
	T(key string) string
	// SiteData is the template's .Site, for Hugo's site function.
	SiteData() any
}

// Context is a template's dot: Hugo's shortcode context.
type Context struct {
	call *Call
	// Inner is the call's inner content, its own calls done.
	Inner htmltemplate.HTML
	// Page and Site are what the page and the site show templates.
	Page, Site any
	// Parent is the context of the call this call is in, nil at the top.
	Parent  *Context
	Name    string
	Ordinal int
	// Position is where the call is, file:line, for messages.
	Position string
	scratch  *Scratch
}

// NewContext is the dot of a call.
func NewContext(c *Call, page, site any, position string) *Context {
	ctx := &Context{call: c, Page: page, Site: site, Name: c.Name, Ordinal: c.Ordinal, Position: position}
	if c.Parent != nil {
		ctx.Parent = NewContext(c.Parent, page, site, position)
	}
	return ctx
}

// Get is an argument by position or name, nil when absent (Hugo's .Get).
func (c *Context) Get(key any) any { return c.call.Get(key) }

// IsNamedParams tells named arguments.
func (c *Context) IsNamedParams() bool { return c.call.IsNamed() }

// Params are the arguments: a map when named, else a list.
func (c *Context) Params() any {
	if c.call.IsNamed() {
		return c.call.Named
	}
	return c.call.Positional
}

// InnerDeindent is Inner without its common indentation.
func (c *Context) InnerDeindent() htmltemplate.HTML {
	return htmltemplate.HTML(deindent(string(c.Inner)))
}

// Scratch and Store are the call's scratch pad.
func (c *Context) Scratch() *Scratch {
	if c.scratch == nil {
		c.scratch = &Scratch{m: map[string]any{}}
	}
	return c.scratch
}
func (c *Context) Store() *Scratch { return c.Scratch() }

// Scratch is Hugo's .Scratch: values set and read by a template.
type Scratch struct{ m map[string]any }

func (s *Scratch) Set(k string, v any) string { s.m[k] = v; return "" }
func (s *Scratch) Get(k string) any           { return s.m[k] }
func (s *Scratch) Add(k string, v any) (string, error) {
	old, ok := s.m[k]
	if !ok {
		s.m[k] = v
		return "", nil
	}
	if l, ok := old.([]any); ok {
		s.m[k] = append(l, v)
		return "", nil
	}
	sum, err := arith('+', old, v)
	if err != nil {
		if a, ok := old.(string); ok {
			s.m[k] = a + fmt.Sprint(v)
			return "", nil
		}
		return "", err
	}
	s.m[k] = sum
	return "", nil
}
func (s *Scratch) SetInMap(k, mk string, v any) string {
	m, _ := s.m[k].(map[string]any)
	if m == nil {
		m = map[string]any{}
		s.m[k] = m
	}
	m[mk] = v
	return ""
}
func (s *Scratch) Delete(k string) string { delete(s.m, k); return "" }

func deindent(s string) string {
	lines := strings.Split(s, "\n")
	indent := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if indent < 0 || n < indent {
			indent = n
		}
	}
	if indent <= 0 {
		return s
	}
	for i, l := range lines {
		if len(l) >= indent {
			lines[i] = l[indent:]
		} else {
			lines[i] = strings.TrimLeft(l, " \t")
		}
	}
	return strings.Join(lines, "\n")
}

// Dirs are the folders templates are read from, for a site's source
// folder and theme: the site's first.
func Dirs(sourceDir, theme string) []string {
	dirs := []string{filepath.Join(sourceDir, "layouts", "shortcodes"), filepath.Join(sourceDir, "layouts", "_shortcodes")}
	if theme != "" {
		t := filepath.Join(sourceDir, "themes", theme, "layouts")
		dirs = append(dirs, filepath.Join(t, "shortcodes"), filepath.Join(t, "_shortcodes"))
	}
	return dirs
}

// Load reads the templates of dirs, the first folder's over the others';
// rel makes a file's name for messages. A folder that does not exist is
// no error; a symbolic link is not followed.
func Load(dirs []string, rel func(abs string) string) (*Templates, error) {
	t := &Templates{byName: map[string]*template{}}
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) {
					return nil
				}
				return err
			}
			if d.Type()&fs.ModeSymlink != 0 {
				return fmt.Errorf("%s: a symbolic link; communs reads no shortcode through one: copy the file", rel(p))
			}
			if d.IsDir() {
				return nil
			}
			ext := path.Ext(d.Name())
			if ext != ".html" && ext != ".md" {
				return nil
			}
			r, _ := filepath.Rel(dir, p)
			name := strings.TrimSuffix(filepath.ToSlash(r), ext)
			if strings.Contains(path.Base(name), ".") {
				return nil // an output format's variant (x.amp.html, x.rss.xml)
			}
			if old, ok := t.byName[name]; ok && (old.file != "" && (path.Ext(old.file) == ".html" || ext == ".md")) {
				return nil // an earlier folder's, or the .html beside a .md
			}
			text, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			t.byName[name] = parseTemplate(name, rel(p), string(text), ext == ".md")
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return t, nil
}

// Has tells whether the site defines a shortcode.
func (t *Templates) Has(name string) bool {
	if t == nil {
		return false
	}
	_, ok := t.byName[name]
	return ok
}

// File is the file of a shortcode's template.
func (t *Templates) File(name string) string {
	if tp, ok := t.byName[name]; ok {
		return tp.file
	}
	return ""
}

// Names are the shortcodes defined, sorted.
func (t *Templates) Names() []string {
	var out []string
	for n := range t.byName {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

var undefinedFunc = regexp.MustCompile(`function "([^"]+)" not defined`)

// parseTemplate parses a template, standing in for the functions it
// calls that communs lacks: they fail when called.
func parseTemplate(name, file, text string, markdown bool) *template {
	t := &template{file: file}
	missing := map[string]bool{}
	parse := func() (*instance, error) {
		slot := &hostSlot{}
		funcs := Funcs(slot)
		for f := range missing {
			funcs[f] = lacking(f)
		}
		if markdown {
			tt, err := texttemplate.New(name).Funcs(texttemplate.FuncMap(funcs)).Parse(text)
			if err != nil {
				return nil, err
			}
			return &instance{slot: slot, exec: func(w *bytes.Buffer, data any) error { return tt.Execute(w, data) }}, nil
		}
		ht, err := htmltemplate.New(name).Funcs(funcs).Parse(text)
		if err != nil {
			return nil, err
		}
		return &instance{slot: slot, exec: func(w *bytes.Buffer, data any) error { return ht.Execute(w, data) }}, nil
	}
	for range 50 {
		first, err := parse()
		if err == nil {
			t.instances.Put(first)
			t.instances.New = func() any {
				in, _ := parse()
				return in
			}
			return t
		}
		m := undefinedFunc.FindStringSubmatch(err.Error())
		if m == nil || missing[m[1]] {
			t.err = err
			return t
		}
		missing[m[1]] = true
	}
	t.err = fmt.Errorf("too many functions communs lacks")
	return t
}

func lacking(name string) func(...any) (string, error) {
	return func(...any) (string, error) {
		return "", fmt.Errorf("the template calls %s, a function of Hugo's that communs does not have", name)
	}
}

// Execute runs a shortcode's template; ok is false when the site defines
// none.
func (t *Templates) Execute(name string, ctx *Context, host Host) (out string, ok bool, err error) {
	if t == nil {
		return "", false, nil
	}
	tp, ok := t.byName[name]
	if !ok {
		return "", false, nil
	}
	if tp.err != nil {
		return "", true, fmt.Errorf("%s: %v", tp.file, tp.err)
	}
	in := tp.instances.Get().(*instance)
	defer tp.instances.Put(in)
	in.slot.h = host
	defer func() { in.slot.h = nil }()
	var b bytes.Buffer
	if err := in.exec(&b, &dot{Context: ctx, host: host}); err != nil {
		return "", true, fmt.Errorf("%s: %v", tp.file, cleanExecError(err))
	}
	return b.String(), true, nil
}

func cleanExecError(err error) error {
	s := err.Error()
	if i := strings.LastIndex(s, ": error calling "); i >= 0 {
		s = s[i+2:]
	}
	return errors.New(s)
}

// dot is a Context with the host, for RenderString.
type dot struct {
	*Context
	host Host
}

// RenderString renders Markdown (Hugo's .Page.RenderString, reached as
// $.RenderString too).
func (d *dot) RenderString(args ...any) htmltemplate.HTML {
	if len(args) == 0 || d.host == nil {
		return ""
	}
	return htmltemplate.HTML(d.host.Markdownify(fmt.Sprint(args[len(args)-1])))
}

// Funcs are the template functions: Hugo's that need no site model.
// Those that need the page (markdownify, ref, relURL, T) find it in slot
// when called.
func Funcs(slot *hostSlot) htmltemplate.FuncMap {
	str := func(v any) string {
		switch v := v.(type) {
		case nil:
			return ""
		case string:
			return v
		case htmltemplate.HTML:
			return string(v)
		}
		return fmt.Sprint(v)
	}
	m := htmltemplate.FuncMap{
		"safeHTML":     func(v any) htmltemplate.HTML { return htmltemplate.HTML(str(v)) },
		"safeHTMLAttr": func(v any) htmltemplate.HTMLAttr { return htmltemplate.HTMLAttr(str(v)) },
		"safeCSS":      func(v any) htmltemplate.CSS { return htmltemplate.CSS(str(v)) },
		"safeJS":       func(v any) htmltemplate.JS { return htmltemplate.JS(str(v)) },
		"safeURL":      func(v any) htmltemplate.URL { return htmltemplate.URL(str(v)) },
		"htmlEscape":   func(v any) string { return htmltemplate.HTMLEscapeString(str(v)) },
		"htmlUnescape": func(v any) string { return htmlUnescape(str(v)) },
		"plainify":     func(v any) string { return plainify(str(v)) },
		"markdownify": func(v any) htmltemplate.HTML {
			return htmltemplate.HTML(hostCall(slot, func(h Host) string { return h.Markdownify(str(v)) }, str(v)))
		},
		"emojify": func(v any) string { return str(v) },
		"default": func(def any, given ...any) any {
			if len(given) == 0 || !truth(given[0]) {
				return def
			}
			return given[0]
		},
		"cond": func(c bool, a, b any) any {
			if c {
				return a
			}
			return b
		},
		"isset": func(c any, key any) bool {
			v := reflect.ValueOf(c)
			switch v.Kind() {
			case reflect.Map:
				return v.MapIndex(reflect.ValueOf(key)).IsValid()
			case reflect.Slice, reflect.Array:
				i, ok := toInt(key)
				return ok && i >= 0 && i < v.Len()
			}
			return false
		},
		"in":        in,
		"first":     func(n any, l any) (any, error) { return sliceOf(l, 0, n) },
		"last":      func(n any, l any) (any, error) { return lastOf(l, n) },
		"after":     func(n any, l any) (any, error) { return afterOf(l, n) },
		"slice":     func(v ...any) []any { return v },
		"dict":      dict,
		"seq":       seq,
		"delimit":   delimit,
		"split":     func(s any, sep string) []string { return strings.Split(str(s), sep) },
		"print":     fmt.Sprint,
		"println":   fmt.Sprintln,
		"lower":     func(v any) string { return strings.ToLower(str(v)) },
		"upper":     func(v any) string { return strings.ToUpper(str(v)) },
		"title":     func(v any) string { return titleCase(str(v)) },
		"humanize":  func(v any) string { return humanize(str(v)) },
		"trim":      func(v any, cut string) string { return strings.Trim(str(v), cut) },
		"chomp":     func(v any) string { return strings.TrimRight(str(v), "\r\n") },
		"replace":   func(v any, old, new string) string { return strings.ReplaceAll(str(v), old, new) },
		"replaceRE": replaceRE,
		"findRE":    findRE,
		"substr":    substr,
		"truncate":  truncate,
		"urlize":    func(v any) string { return anchorize(str(v)) },
		"anchorize": func(v any) string { return anchorize(str(v)) },
		"hasPrefix": func(v any, p string) bool { return strings.HasPrefix(str(v), p) },
		"hasSuffix": func(v any, p string) bool { return strings.HasSuffix(str(v), p) },
		"add":       func(a, b any) (any, error) { return arith('+', a, b) },
		"sub":       func(a, b any) (any, error) { return arith('-', a, b) },
		"mul":       func(a, b any) (any, error) { return arith('*', a, b) },
		"div":       func(a, b any) (any, error) { return arith('/', a, b) },
		"mod": func(a, b any) (int, error) {
			x, _ := toInt(a)
			y, _ := toInt(b)
			if y == 0 {
				return 0, fmt.Errorf("mod by zero")
			}
			return x % y, nil
		},
		"int": func(v any) (int, error) {
			if i, ok := toInt(v); ok {
				return i, nil
			}
			return strconv.Atoi(strings.TrimSpace(str(v)))
		},
		"float": func(v any) (float64, error) {
			if f, ok := toFloat(v); ok {
				return f, nil
			}
			return strconv.ParseFloat(strings.TrimSpace(str(v)), 64)
		},
		"string":       str,
		"jsonify":      func(v any) (htmltemplate.HTML, error) { b, err := json.Marshal(v); return htmltemplate.HTML(b), err },
		"base64Encode": func(v any) string { return base64.StdEncoding.EncodeToString([]byte(str(v))) },
		"base64Decode": func(v any) (string, error) { b, err := base64.StdEncoding.DecodeString(str(v)); return string(b), err },
		"md5":          func(v any) string { s := md5.Sum([]byte(str(v))); return hex.EncodeToString(s[:]) },
		"sha1":         func(v any) string { s := sha1.Sum([]byte(str(v))); return hex.EncodeToString(s[:]) },
		"sha256":       func(v any) string { s := sha256.Sum256([]byte(str(v))); return hex.EncodeToString(s[:]) },
		"now":          func() time.Time { return time.Unix(0, 0).UTC() },
		"relURL":       func(v any) string { return hostCall(slot, func(h Host) string { return h.RelURL(str(v)) }, str(v)) },
		"absURL":       func(v any) string { return hostCall(slot, func(h Host) string { return h.AbsURL(str(v)) }, str(v)) },
		"relLangURL":   func(v any) string { return hostCall(slot, func(h Host) string { return h.RelURL(str(v)) }, str(v)) },
		"absLangURL":   func(v any) string { return hostCall(slot, func(h Host) string { return h.AbsURL(str(v)) }, str(v)) },
		"ref":          func(_ any, v any) (string, error) { return hostRef(slot, v, false) },
		"relref":       func(_ any, v any) (string, error) { return hostRef(slot, v, true) },
		"T":            func(k string, _ ...any) string { return hostCall(slot, func(h Host) string { return h.T(k) }, k) },
		"i18n":         func(k string, _ ...any) string { return hostCall(slot, func(h Host) string { return h.T(k) }, k) },
		"errorf":       func(f string, a ...any) (string, error) { return "", fmt.Errorf(f, a...) },
		"warnf":        func(string, ...any) string { return "" },
		"partial": func(name string, _ ...any) (string, error) {
			return "", fmt.Errorf("partial %q: communs does not run a theme's Hugo partials", name)
		},
		"site": func() any {
			if slot == nil || slot.h == nil {
				return nil
			}
			return slot.h.SiteData()
		},
		"transform": func() transformNS { return transformNS{slot} },
		"strings":   func() stringsNS { return stringsNS{} },
		"path":      func() pathNS { return pathNS{} },
		"math":      func() mathNS { return mathNS{} },
	}
	m["partialCached"] = m["partial"]
	return m
}

// hostCall calls f with the slot's host, or gives def without one.
func hostCall(slot *hostSlot, f func(Host) string, def string) string {
	if slot == nil || slot.h == nil {
		return def
	}
	return f(slot.h)
}

func hostRef(slot *hostSlot, v any, rel bool) (string, error) {
	target := ""
	switch v := v.(type) {
	case string:
		target = v
	case map[string]any:
		target, _ = v["path"].(string)
	}
	if slot == nil || slot.h == nil {
		return target, nil
	}
	return slot.h.RefURL(target, rel)
}

// transformNS is Hugo's transform namespace, the functions that need no
// site model.
type transformNS struct{ slot *hostSlot }

func (t transformNS) Markdownify(s any) htmltemplate.HTML {
	text := fmt.Sprint(s)
	return htmltemplate.HTML(hostCall(t.slot, func(h Host) string { return h.Markdownify(text) }, text))
}
func (transformNS) HTMLEscape(s any) string   { return htmltemplate.HTMLEscapeString(fmt.Sprint(s)) }
func (transformNS) HTMLUnescape(s any) string { return htmlUnescape(fmt.Sprint(s)) }
func (transformNS) Plainify(s any) string     { return plainify(fmt.Sprint(s)) }
func (transformNS) Emojify(s any) string      { return fmt.Sprint(s) }

type stringsNS struct{}

func (stringsNS) TrimPrefix(p string, s any) string { return strings.TrimPrefix(fmt.Sprint(s), p) }
func (stringsNS) TrimSuffix(p string, s any) string { return strings.TrimSuffix(fmt.Sprint(s), p) }
func (stringsNS) TrimLeft(c string, s any) string   { return strings.TrimLeft(fmt.Sprint(s), c) }
func (stringsNS) TrimRight(c string, s any) string  { return strings.TrimRight(fmt.Sprint(s), c) }
func (stringsNS) Trim(s any, c string) string       { return strings.Trim(fmt.Sprint(s), c) }
func (stringsNS) TrimSpace(s any) string            { return strings.TrimSpace(fmt.Sprint(s)) }
func (stringsNS) Contains(s any, sub string) bool   { return strings.Contains(fmt.Sprint(s), sub) }
func (stringsNS) ContainsAny(s any, c string) bool  { return strings.ContainsAny(fmt.Sprint(s), c) }
func (stringsNS) HasPrefix(s any, p string) bool    { return strings.HasPrefix(fmt.Sprint(s), p) }
func (stringsNS) HasSuffix(s any, p string) bool    { return strings.HasSuffix(fmt.Sprint(s), p) }
func (stringsNS) ToLower(s any) string              { return strings.ToLower(fmt.Sprint(s)) }
func (stringsNS) ToUpper(s any) string              { return strings.ToUpper(fmt.Sprint(s)) }
func (stringsNS) Title(s any) string                { return titleCase(fmt.Sprint(s)) }
func (stringsNS) FirstUpper(s any) string {
	t := fmt.Sprint(s)
	r, n := utf8.DecodeRuneInString(t)
	return string(unicode.ToUpper(r)) + t[n:]
}
func (stringsNS) Replace(s any, old, new string) string {
	return strings.ReplaceAll(fmt.Sprint(s), old, new)
}
func (stringsNS) Split(s any, sep string) []string { return strings.Split(fmt.Sprint(s), sep) }
func (stringsNS) Repeat(n int, s any) string       { return strings.Repeat(fmt.Sprint(s), max(n, 0)) }
func (stringsNS) Count(sub string, s any) int      { return strings.Count(fmt.Sprint(s), sub) }
func (stringsNS) RuneCount(s any) int              { return utf8.RuneCountInString(fmt.Sprint(s)) }

type pathNS struct{}

func (pathNS) Base(p any) string  { return path.Base(fmt.Sprint(p)) }
func (pathNS) Dir(p any) string   { return path.Dir(fmt.Sprint(p)) }
func (pathNS) Ext(p any) string   { return path.Ext(fmt.Sprint(p)) }
func (pathNS) Clean(p any) string { return path.Clean(fmt.Sprint(p)) }
func (pathNS) Join(p ...any) string {
	s := make([]string, len(p))
	for i, v := range p {
		s[i] = fmt.Sprint(v)
	}
	return path.Join(s...)
}

type mathNS struct{}

func (mathNS) Round(v any) float64 { f, _ := toFloat(v); return math.Round(f) }
func (mathNS) Floor(v any) float64 { f, _ := toFloat(v); return math.Floor(f) }
func (mathNS) Ceil(v any) float64  { f, _ := toFloat(v); return math.Ceil(f) }
func (mathNS) Max(a, b any) float64 {
	x, _ := toFloat(a)
	y, _ := toFloat(b)
	return math.Max(x, y)
}
func (mathNS) Min(a, b any) float64 {
	x, _ := toFloat(a)
	y, _ := toFloat(b)
	return math.Min(x, y)
}

func truth(v any) bool {
	if v == nil {
		return false
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String, reflect.Slice, reflect.Map, reflect.Array:
		return rv.Len() > 0
	case reflect.Bool:
		return rv.Bool()
	case reflect.Int, reflect.Int64, reflect.Int32:
		return rv.Int() != 0
	case reflect.Float64, reflect.Float32:
		return rv.Float() != 0
	case reflect.Pointer, reflect.Interface:
		return !rv.IsNil()
	}
	return true
}

func toInt(v any) (int, bool) {
	switch v := v.(type) {
	case int:
		return v, true
	case int64:
		return int(v), true
	case float64:
		return int(v), true
	case string:
		n, err := strconv.Atoi(strings.TrimSpace(v))
		return n, err == nil
	}
	return 0, false
}

func toFloat(v any) (float64, bool) {
	switch v := v.(type) {
	case int:
		return float64(v), true
	case int64:
		return float64(v), true
	case float64:
		return v, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil
	}
	return 0, false
}

func arith(op byte, a, b any) (any, error) {
	ai, aok := a.(int)
	bi, bok := b.(int)
	if aok && bok {
		switch op {
		case '+':
			return ai + bi, nil
		case '-':
			return ai - bi, nil
		case '*':
			return ai * bi, nil
		case '/':
			if bi == 0 {
				return nil, fmt.Errorf("division by zero")
			}
			return ai / bi, nil
		}
	}
	if as, ok := a.(string); ok && op == '+' {
		if bs, ok := b.(string); ok {
			return as + bs, nil
		}
	}
	x, ok1 := toFloat(a)
	y, ok2 := toFloat(b)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("cannot compute with %v and %v", a, b)
	}
	switch op {
	case '+':
		return x + y, nil
	case '-':
		return x - y, nil
	case '*':
		return x * y, nil
	}
	if y == 0 {
		return nil, fmt.Errorf("division by zero")
	}
	return x / y, nil
}

func in(set any, v any) bool {
	if s, ok := set.(string); ok {
		return strings.Contains(s, fmt.Sprint(v))
	}
	rv := reflect.ValueOf(set)
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return false
	}
	for i := 0; i < rv.Len(); i++ {
		if fmt.Sprint(rv.Index(i).Interface()) == fmt.Sprint(v) {
			return true
		}
	}
	return false
}

func listOf(l any) ([]any, error) {
	rv := reflect.ValueOf(l)
	if rv.Kind() == reflect.String {
		var out []any
		for _, r := range rv.String() {
			out = append(out, string(r))
		}
		return out, nil
	}
	if rv.Kind() != reflect.Slice && rv.Kind() != reflect.Array {
		return nil, fmt.Errorf("%T is not a list", l)
	}
	out := make([]any, rv.Len())
	for i := range out {
		out[i] = rv.Index(i).Interface()
	}
	return out, nil
}

func sliceOf(l any, from int, n any) (any, error) {
	items, err := listOf(l)
	if err != nil {
		return nil, err
	}
	k, _ := toInt(n)
	return items[from:min(max(k, 0), len(items))], nil
}

func lastOf(l any, n any) (any, error) {
	items, err := listOf(l)
	if err != nil {
		return nil, err
	}
	k, _ := toInt(n)
	return items[max(len(items)-k, 0):], nil
}

func afterOf(l any, n any) (any, error) {
	items, err := listOf(l)
	if err != nil {
		return nil, err
	}
	k, _ := toInt(n)
	return items[min(max(k, 0), len(items)):], nil
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict needs key, value pairs")
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		m[fmt.Sprint(kv[i])] = kv[i+1]
	}
	return m, nil
}

func seq(args ...any) ([]int, error) {
	var n []int
	for _, a := range args {
		i, ok := toInt(a)
		if !ok {
			return nil, fmt.Errorf("seq: %v is not a number", a)
		}
		n = append(n, i)
	}
	first, step, last := 1, 1, 0
	switch len(n) {
	case 1:
		last = n[0]
	case 2:
		first, last = n[0], n[1]
	case 3:
		first, step, last = n[0], n[1], n[2]
	default:
		return nil, fmt.Errorf("seq takes 1 to 3 numbers")
	}
	if step == 0 || (last-first)/step > 10000 {
		return nil, fmt.Errorf("seq: too long")
	}
	var out []int
	for i := first; (step > 0 && i <= last) || (step < 0 && i >= last); i += step {
		out = append(out, i)
	}
	return out, nil
}

func delimit(l any, sep string, last ...string) (string, error) {
	items, err := listOf(l)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	for i, it := range items {
		if i > 0 {
			if i == len(items)-1 && len(last) > 0 {
				b.WriteString(last[0])
			} else {
				b.WriteString(sep)
			}
		}
		b.WriteString(fmt.Sprint(it))
	}
	return b.String(), nil
}

func replaceRE(pattern, repl string, s any) (string, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return "", err
	}
	return re.ReplaceAllString(fmt.Sprint(s), repl), nil
}

func findRE(pattern string, s any, limit ...int) ([]string, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	n := -1
	if len(limit) > 0 {
		n = limit[0]
	}
	return re.FindAllString(fmt.Sprint(s), n), nil
}

func substr(s any, start int, length ...int) string {
	r := []rune(fmt.Sprint(s))
	if start < 0 {
		start = max(len(r)+start, 0)
	}
	start = min(start, len(r))
	end := len(r)
	if len(length) > 0 {
		if length[0] < 0 {
			end = max(len(r)+length[0], start)
		} else {
			end = min(start+length[0], len(r))
		}
	}
	return string(r[start:end])
}

func truncate(n int, args ...any) string {
	if len(args) == 0 {
		return ""
	}
	s := fmt.Sprint(args[len(args)-1])
	ellipsis := " …"
	if len(args) == 2 {
		ellipsis = fmt.Sprint(args[0])
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimRightFunc(string(r[:n]), unicode.IsSpace) + ellipsis
}

func titleCase(s string) string {
	prev := ' '
	return strings.Map(func(r rune) rune {
		defer func() { prev = r }()
		if unicode.IsSpace(prev) || prev == '-' {
			return unicode.ToTitle(r)
		}
		return r
	}, s)
}

func humanize(s string) string {
	s = strings.NewReplacer("-", " ", "_", " ").Replace(s)
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

var anchorDrop = regexp.MustCompile(`[^\p{L}\p{N}_\- ]+`)

func anchorize(s string) string {
	s = anchorDrop.ReplaceAllString(strings.ToLower(strings.TrimSpace(s)), "")
	return strings.ReplaceAll(s, " ", "-")
}

var tags = regexp.MustCompile(`(?s)<[^>]*>`)

func plainify(s string) string { return tags.ReplaceAllString(s, "") }

func htmlUnescape(s string) string {
	r := strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'", "&#34;", `"`)
	return r.Replace(s)
}
