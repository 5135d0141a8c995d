// Package translate holds the interface strings of the site and their
// translations.
package translate

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"text/template"
	"time"

	"github.com/BurntSushi/toml"
	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"

	"github.com/communs/communs/internal/tomlkeys"
)

// Catalog holds the interface strings of every language, loaded from TOML
// files in the go-i18n / Hugo format:
//
//	read_more = "Lire la suite"      # a plain string: the "other" form
//
//	[reading_time]                   # a table of CLDR plural forms
//	one   = "{{ .Count }} minute de lecture"
//	other = "{{ .Count }} minutes de lecture"
//	description = "ignored, as are hash keys"
//
// Values are text/template strings; they are compiled once, by Add.
//
// A Catalog is filled with Add and then read with T, Keys, Has, Origin and
// Languages. All methods are safe for concurrent use; readers never block one
// another (each Add publishes a new immutable snapshot).
type Catalog struct {
	defaultLang string

	addMu sync.Mutex // serialises Add
	state atomic.Pointer[catalogState]

	// foreign are the languages communs has no built-in strings for: a
	// string missing there is said once per language, not per key.
	foreign sync.Map // lang → true

	seen     sync.Map // dedup key of recorded warnings -> struct{}
	warnMu   sync.Mutex
	warnings []string
}

// catalogState is an immutable snapshot of the catalogue.
type catalogState struct {
	langs map[string]*langTable
}

type langTable struct {
	tag     language.Tag
	origin  string // the last file added for the language
	entries map[string]*entry
}

// entry is one key of one language.
type entry struct {
	origin string
	line   int
	forms  [numForms]*message // indexed by plural.Form
	// def is the form used when the chosen one is missing: "other", else
	// the first present of zero, one, two, few, many.
	def    *message
	plural bool // whether any form other than "other" is defined
}

// message is one form of an entry.
type message struct {
	name  string // template name: key, or key.form in a plural table
	label string // for messages: "key", or "key" (form)
	line  int
	text  string
	tmpl  *template.Template // nil when text has no template action
}

const numForms = int(plural.Many) + 1

var formNames = [numForms]string{
	plural.Other: "other",
	plural.Zero:  "zero",
	plural.One:   "one",
	plural.Two:   "two",
	plural.Few:   "few",
	plural.Many:  "many",
}

// formOrder is the order in which a replacement for a missing "other" form
// is looked for.
var formOrder = [...]plural.Form{plural.Zero, plural.One, plural.Two, plural.Few, plural.Many}

func formByName(name string) (plural.Form, bool) {
	for f, n := range formNames {
		if n == name {
			return plural.Form(f), true
		}
	}
	return 0, false
}

// NewCatalog returns an empty catalogue whose fallback language is
// defaultLang.
func NewCatalog(defaultLang string) *Catalog {
	c := &Catalog{defaultLang: defaultLang}
	c.state.Store(&catalogState{langs: map[string]*langTable{}})
	return c
}

// Add loads one TOML file of strings for lang. Keys it defines replace the
// keys of earlier files for the same language (whole keys: a plural table
// is not merged form by form); other keys stay. origin names the file in
// messages. On error nothing of the file is added; the error lists every
// problem as "origin:line: ...".
func (c *Catalog) Add(lang, origin string, data []byte) error {
	tag, err := language.Parse(lang)
	if err != nil {
		return fmt.Errorf("%s: language %q: %v", origin, lang, err)
	}
	var raw map[string]any
	if _, err := toml.Decode(string(data), &raw); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			if pe.Position.Col > 0 {
				return fmt.Errorf("%s:%d:%d: %s", origin, pe.Position.Line, pe.Position.Col, pe.Message)
			}
			return fmt.Errorf("%s:%d: %s", origin, pe.Position.Line, pe.Message)
		}
		return fmt.Errorf("%s: %v", origin, err)
	}
	lines := scanKeyLines(string(data))

	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)

	var errs []lineError
	var warns []string
	var used map[plural.Form]int // the language's forms, once a table needs them
	entries := make(map[string]*entry, len(raw))
	for _, key := range keys {
		if now, ok := RenamedKeys[key]; ok {
			warns = append(warns, fmt.Sprintf("%s: %q is no longer read: communs says this with %q now; rename the key, or this wording is not shown", at(origin, lines[key]), key, now))
		}
		e, es, warn := parseEntry(origin, key, raw[key], lines)
		errs = append(errs, es...)
		if warn != "" {
			warns = append(warns, warn)
		}
		if t, table := raw[key].(map[string]any); table && e != nil && (e.plural || countsSomething(t)) {
			if used == nil {
				used = usedForms(tag)
			}
			if w := missingForms(used, tag, origin, key, e); w != "" {
				warns = append(warns, w)
			}
		}
		if e != nil {
			entries[key] = e
		}
	}
	if len(errs) > 0 {
		sort.SliceStable(errs, func(i, j int) bool { return errs[i].line < errs[j].line })
		list := make([]error, len(errs))
		for i, e := range errs {
			list[i] = errors.New(e.msg)
		}
		return errors.Join(list...)
	}

	c.addMu.Lock()
	old := c.state.Load()
	next := &catalogState{langs: make(map[string]*langTable, len(old.langs)+1)}
	for l, t := range old.langs {
		next.langs[l] = t
	}
	lt := &langTable{tag: tag, origin: origin, entries: map[string]*entry{}}
	if prev := old.langs[lang]; prev != nil {
		lt.entries = make(map[string]*entry, len(prev.entries)+len(entries))
		for k, e := range prev.entries {
			lt.entries[k] = e
		}
	}
	for k, e := range entries {
		lt.entries[k] = e
	}
	next.langs[lang] = lt
	c.state.Store(next)
	c.addMu.Unlock()

	for _, w := range warns {
		c.warn(w, w)
	}
	return nil
}

type lineError struct {
	line int
	msg  string
}

// countsSomething tells a table of plural forms from a message with a
// description (go-i18n's tables, "other" alone): one of its texts shows
// .Count.
func countsSomething(table map[string]any) bool {
	for k, v := range table {
		if s, ok := v.(string); ok && k != "description" && k != "hash" && strings.Contains(s, ".Count") {
			return true
		}
	}
	return false
}

// usedForms are the plural forms a language uses for whole numbers up to
// a thousand (CLDR's rules), each with the first number that takes it.
func usedForms(tag language.Tag) map[plural.Form]int {
	examples := map[plural.Form]int{}
	for n := 0; n <= 1000; n++ {
		f := plural.Cardinal.MatchPlural(tag, n, 0, 0, 0, 0)
		if _, seen := examples[f]; !seen {
			examples[f] = n
		}
	}
	return examples
}

// missingForms says which of the forms the language uses (examples, from
// usedForms) a table lacks: without them, "1 billets".
func missingForms(examples map[plural.Form]int, tag language.Tag, origin, key string, e *entry) string {
	var lacking []string
	for _, f := range formOrder { // (a missing "other" has a warning of its own)
		if n, used := examples[f]; used && e.forms[f] == nil {
			lacking = append(lacking, fmt.Sprintf("%s (as for %d)", formNames[f], n))
		}
	}
	if len(lacking) == 0 {
		return ""
	}
	return fmt.Sprintf("%s: %q lacks the plural form(s) %s that %s needs: add them to the table", at(origin, e.line), key, strings.Join(lacking, ", "), tag)
}

func at(origin string, line int) string {
	if line > 0 {
		return origin + ":" + strconv.Itoa(line)
	}
	return origin
}

// parseEntry checks and compiles the value of one top-level key.
func parseEntry(origin, key string, v any, lines map[string]int) (*entry, []lineError, string) {
	line := lines[key]
	e := &entry{origin: origin, line: line}
	switch v := v.(type) {
	case string:
		m, err := compile(key, strconv.Quote(key), line, v)
		if err != nil {
			return nil, []lineError{{line, fmt.Sprintf("%s: %q: %v", at(origin, line), key, err)}}, ""
		}
		e.forms[plural.Other] = m
		e.def = m
		return e, nil, ""
	case map[string]any:
		names := make([]string, 0, len(v))
		for n := range v {
			names = append(names, n)
		}
		sort.Strings(names)
		var errs []lineError
		for _, n := range names {
			fline := line
			if l, ok := lines[key+"\x00"+n]; ok {
				fline = l
			}
			if n == "description" || n == "hash" {
				continue
			}
			form, ok := formByName(n)
			if !ok {
				errs = append(errs, lineError{fline, fmt.Sprintf("%s: %q: unknown plural category %q (want zero, one, two, few, many or other)", at(origin, fline), key, n)})
				continue
			}
			s, ok := v[n].(string)
			if !ok {
				errs = append(errs, lineError{fline, fmt.Sprintf("%s: %q: plural form %q is %s, want a string", at(origin, fline), key, n, describe(v[n]))})
				continue
			}
			m, err := compile(key+"."+n, fmt.Sprintf("%q (%s)", key, n), fline, s)
			if err != nil {
				errs = append(errs, lineError{fline, fmt.Sprintf("%s: %q (%s): %v", at(origin, fline), key, n, err)})
				continue
			}
			e.forms[form] = m
		}
		if len(errs) > 0 {
			return nil, errs, ""
		}
		var warn string
		if e.def = e.forms[plural.Other]; e.def == nil {
			for _, f := range formOrder {
				if e.forms[f] != nil {
					e.def = e.forms[f]
					warn = fmt.Sprintf("%s: %q has no \"other\" form; using %q instead", at(origin, line), key, formNames[f])
					break
				}
			}
		}
		if e.def == nil {
			return nil, []lineError{{line, fmt.Sprintf("%s: %q: table has no plural form (zero, one, two, few, many or other)", at(origin, line), key)}}, ""
		}
		for f, m := range e.forms {
			if m != nil && plural.Form(f) != plural.Other {
				e.plural = true
			}
		}
		return e, nil, warn
	default:
		return nil, []lineError{{line, fmt.Sprintf("%s: %q is %s, want a string or a table of plural forms", at(origin, line), key, describe(v))}}, ""
	}
}

func describe(v any) string {
	switch v.(type) {
	case int64:
		return "an integer"
	case float64:
		return "a float"
	case bool:
		return "a boolean"
	case time.Time:
		return "a date/time"
	case []map[string]any:
		return "an array of tables"
	case []any:
		return "an array"
	case map[string]any:
		return "a table"
	case string:
		return "a string"
	}
	return fmt.Sprintf("a %T", v)
}

func compile(name, label string, line int, text string) (*message, error) {
	m := &message{name: name, label: label, line: line, text: text}
	if !strings.Contains(text, "{{") {
		return m, nil
	}
	t, err := template.New(name).Option("missingkey=error").Parse(text)
	if err != nil {
		return nil, err
	}
	m.tmpl = t
	return m, nil
}

// Foreign records that communs has no built-in strings in lang.
func (c *Catalog) Foreign(lang string) { c.foreign.Store(lang, true) }

// T returns the string for key in lang (the default language when lang is
// empty). For a table of plural forms, the form is chosen with the CLDR
// cardinal rules of the language of the string from count, which may be nil
// ("other"), any integer or float type, or a decimal string such as "1.50"
// (whose trailing zeros count, as in CLDR). A missing form falls back to
// "other", a missing "other" to the first of zero, one, two, few, many.
//
// The template gets data (a map with string keys, a struct or a pointer to
// one, whose exported fields are copied; any other value is available as
// .Data) with .Count set to count when count is not nil.
//
// When lang lacks the key, the default language's string is used and a
// warning is recorded once per (lang, key); when the default language lacks
// it too, the key itself is returned and a warning recorded once per key.
// When the template fails, a warning is recorded and the raw template text
// returned.
func (c *Catalog) T(lang, key string, count any, data any) string {
	if lang == "" {
		lang = c.defaultLang
	}
	st := c.state.Load()
	var e *entry
	used := st.langs[lang]
	if used != nil {
		e = used.entries[key]
	}
	if e == nil {
		used = nil
		if lang != c.defaultLang {
			if dt := st.langs[c.defaultLang]; dt != nil {
				if e = dt.entries[key]; e != nil {
					used = dt
					if _, foreign := c.foreign.Load(lang); foreign {
						c.warnf("fallback-foreign\x00"+lang, "i18n/%s.toml: communs has no interface strings in %s, so the theme shows those of %s where this file has none (%q first); add them to it to have them in %s", lang, lang, c.defaultLang, key, lang)
					} else {
						c.warnf("fallback\x00"+lang+"\x00"+key, "%s: no string %q for %s; using %s", st.file(lang), key, lang, c.defaultLang)
					}
				}
			}
		}
		if e == nil && lang != "en" {
			// A language communs has no strings for (a blog imported
			// in German): English rather than the keys.
			if en := st.langs["en"]; en != nil {
				if e = en.entries[key]; e != nil {
					used = en
					c.warnf("fallback-en\x00"+lang, "i18n/%s.toml: communs has no interface strings in %s, so the theme shows the English ones; write this file (a copy of the English strings, translated) to have them in %s", lang, lang, lang)
				}
			}
		}
		if e == nil {
			c.warnMissing(st, key)
			return key
		}
	}

	m := e.def
	if e.plural && count != nil {
		form, ok := pluralForm(used.tag, count)
		if !ok {
			c.warnCount(e, key, count)
		}
		if f := e.forms[form]; f != nil {
			m = f
		}
	}
	if m.tmpl == nil {
		return m.text
	}
	return c.execute(e, m, count, data)
}

func (c *Catalog) execute(e *entry, m *message, count, data any) (s string) {
	defer func() {
		if r := recover(); r != nil {
			c.warnExec(e, m, fmt.Errorf("panic: %v", r))
			s = m.text
		}
	}()
	var b strings.Builder
	if err := m.tmpl.Execute(&b, templateData(count, data)); err != nil {
		c.warnExec(e, m, err)
		return m.text
	}
	return b.String()
}

func (c *Catalog) warnCount(e *entry, key string, count any) {
	what := fmt.Sprintf("a count of type %T", count)
	if s, ok := count.(string); ok {
		what = fmt.Sprintf("count %q", s)
	}
	dedup := fmt.Sprintf("count\x00%s\x00%s", key, what)
	c.warn(dedup, fmt.Sprintf("%s: %q: %s is not a number; using the \"other\" form", at(e.origin, e.line), key, what))
}

func (c *Catalog) warnExec(e *entry, m *message, err error) {
	msg := fmt.Sprintf("%s: cannot render %s: %v; using the raw text", at(e.origin, m.line), m.label, err)
	c.warn(msg, msg)
}

func (c *Catalog) warnMissing(st *catalogState, key string) {
	dedup := "missing\x00" + key
	if _, ok := c.seen.Load(dedup); ok {
		return
	}
	var others []string
	for l, t := range st.langs {
		if t.entries[key] != nil {
			others = append(others, l)
		}
	}
	file := st.file(c.defaultLang)
	var msg string
	if len(others) == 0 {
		msg = fmt.Sprintf("%s: no string %q in any language; using the key itself", file, key)
	} else {
		sort.Strings(others)
		msg = fmt.Sprintf("%s: no string %q for %s, the default language (only for %s); using the key itself", file, key, c.defaultLang, strings.Join(others, ", "))
	}
	c.warn(dedup, msg)
}

// file names the file where strings of lang belong.
func (st *catalogState) file(lang string) string {
	if t := st.langs[lang]; t != nil && t.origin != "" {
		return t.origin
	}
	return "i18n/" + lang + ".toml"
}

// warnf is warn with a message formatted only when it is recorded.
func (c *Catalog) warnf(dedup, format string, args ...any) {
	if _, ok := c.seen.Load(dedup); ok {
		return
	}
	c.warn(dedup, fmt.Sprintf(format, args...))
}

// warn records msg unless a warning with the same dedup key was recorded.
func (c *Catalog) warn(dedup, msg string) {
	if _, ok := c.seen.Load(dedup); ok {
		return
	}
	if _, loaded := c.seen.LoadOrStore(dedup, struct{}{}); loaded {
		return
	}
	c.warnMu.Lock()
	c.warnings = append(c.warnings, msg)
	c.warnMu.Unlock()
}

// Warnings returns the warnings recorded so far, sorted.
func (c *Catalog) Warnings() []string {
	c.warnMu.Lock()
	w := append([]string(nil), c.warnings...)
	c.warnMu.Unlock()
	sort.Strings(w)
	return w
}

// Keys returns the keys defined for lang, sorted.
func (c *Catalog) Keys(lang string) []string {
	t := c.state.Load().langs[lang]
	if t == nil {
		return nil
	}
	keys := make([]string, 0, len(t.entries))
	for k := range t.entries {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Has reports whether lang itself defines key.
func (c *Catalog) Has(lang, key string) bool {
	t := c.state.Load().langs[lang]
	return t != nil && t.entries[key] != nil
}

// Origin returns the file and line of the definition of key for lang (the
// line is 0 if it could not be found).
func (c *Catalog) Origin(lang, key string) (file string, line int, ok bool) {
	t := c.state.Load().langs[lang]
	if t == nil {
		return "", 0, false
	}
	e := t.entries[key]
	if e == nil {
		return "", 0, false
	}
	return e.origin, e.line, true
}

// Languages returns the languages for which a file was added, sorted.
func (c *Catalog) Languages() []string {
	st := c.state.Load()
	langs := make([]string, 0, len(st.langs))
	for l := range st.langs {
		langs = append(langs, l)
	}
	sort.Strings(langs)
	return langs
}

// templateData builds the value a template is executed with.
func templateData(count, data any) any {
	switch d := data.(type) {
	case nil:
		if count == nil {
			return map[string]any{}
		}
		return map[string]any{"Count": count}
	case map[string]any:
		if count == nil {
			return d // templates only read it
		}
		m := make(map[string]any, len(d)+1)
		for k, v := range d {
			m[k] = v
		}
		m["Count"] = count
		return m
	}
	m := map[string]any{}
	rv := reflect.ValueOf(data)
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			break
		}
		rv = rv.Elem()
	}
	switch {
	case rv.Kind() == reflect.Map && rv.Type().Key().Kind() == reflect.String:
		iter := rv.MapRange()
		for iter.Next() {
			m[iter.Key().String()] = iter.Value().Interface()
		}
	case rv.Kind() == reflect.Struct:
		for _, f := range structFields(rv.Type()) {
			fv, err := rv.FieldByIndexErr(f.index)
			if err == nil && fv.CanInterface() {
				m[f.name] = fv.Interface()
			}
		}
	case rv.Kind() == reflect.Pointer: // nil pointer
	default:
		m["Data"] = data
	}
	if count != nil {
		m["Count"] = count
	}
	return m
}

type structField struct {
	name  string
	index []int
}

var structFieldCache sync.Map // reflect.Type -> []structField

func structFields(t reflect.Type) []structField {
	if fs, ok := structFieldCache.Load(t); ok {
		return fs.([]structField)
	}
	var fs []structField
	for _, f := range reflect.VisibleFields(t) {
		if f.IsExported() {
			fs = append(fs, structField{f.Name, f.Index})
		}
	}
	structFieldCache.Store(t, fs)
	return fs
}

// pluralForm returns the CLDR cardinal plural form of count in the language
// tag; ok is false (and the form "other") for a count that is not a number.
func pluralForm(tag language.Tag, count any) (form plural.Form, ok bool) {
	switch n := count.(type) {
	case int:
		return intForm(tag, int64(n)), true
	case int64:
		return intForm(tag, n), true
	case float64:
		return floatForm(tag, n, 64), true
	}
	rv := reflect.ValueOf(count)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return intForm(tag, rv.Int()), true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return plural.Cardinal.MatchPlural(tag, capInt(rv.Uint()), 0, 0, 0, 0), true
	case reflect.Float32:
		return floatForm(tag, rv.Float(), 32), true
	case reflect.Float64:
		return floatForm(tag, rv.Float(), 64), true
	case reflect.String:
		return decimalForm(tag, rv.String())
	}
	return plural.Other, false
}

func intForm(tag language.Tag, n int64) plural.Form {
	var u uint64
	if n < 0 {
		u = uint64(-(n + 1)) + 1 // no overflow for math.MinInt64
	} else {
		u = uint64(n)
	}
	return plural.Cardinal.MatchPlural(tag, capInt(u), 0, 0, 0, 0)
}

// capInt returns u when it fits an int, else a large number equal to u
// modulo 10⁹, which is all plural rules look at.
func capInt(u uint64) int {
	if u <= uint64(math.MaxInt) {
		return int(u)
	}
	return int(u%1e9 + 1e9)
}

func floatForm(tag language.Tag, x float64, bits int) plural.Form {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return plural.Other
	}
	// The shortest decimal that reads back as x: 1.5 -> "1.5", 2 -> "2".
	f, _ := decimalForm(tag, strconv.FormatFloat(math.Abs(x), 'f', -1, bits))
	return f
}

// decimalForm computes the CLDR operands of a decimal number written
// [+-]digits[.digits] and matches them.
func decimalForm(tag language.Tag, s string) (plural.Form, bool) {
	s = strings.TrimSpace(s)
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	ip, fp, dot := strings.Cut(s, ".")
	if (ip == "" && fp == "") || !allDigits(ip) || !allDigits(fp) || (dot && fp == "") {
		return plural.Other, false
	}
	tp := strings.TrimRight(fp, "0")
	i := digitsInt(ip)
	v, f := len(fp), digitsInt(fp)
	w, t := len(tp), digitsInt(tp)
	return plural.Cardinal.MatchPlural(tag, i, v, w, f, t), true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// digitsInt is the value of a string of decimal digits, capped like capInt.
func digitsInt(s string) int {
	s = strings.TrimLeft(s, "0")
	if len(s) <= 9 {
		n, _ := strconv.Atoi(s) // "" gives 0
		return n
	}
	n, _ := strconv.Atoi(s[len(s)-9:])
	return n + 1e9
}

// scanKeyLines finds the line of every key of a TOML document that the
// TOML parser accepted: the map goes from the key path, segments joined by
// "\x00", to the line where the key (or a table header naming it) first
// appears. Keys inside arrays are not recorded.
func scanKeyLines(src string) map[string]int {
	// A scan that stops short leaves the keys after it without a line: the
	// decoder has accepted the file, and messages then name the file alone.
	entries, _ := tomlkeys.Scan(src)
	lines := map[string]int{}
	for _, e := range entries {
		for i := 1; i <= len(e.Path); i++ {
			k := strings.Join(e.Path[:i], "\x00")
			if _, ok := lines[k]; !ok {
				lines[k] = e.Line
			}
		}
	}
	return lines
}
