package html

import (
	"fmt"
	"html"
	"html/template"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/translate"
)

// placeholderFuncs names every function templates may call, for parsing;
// each language's clone binds the real ones.
func placeholderFuncs() template.FuncMap {
	return langFuncs(nil, "", &partialCache{})
}

// langFuncs are the template functions of one language.
func langFuncs(c *builders.Context, lang string, partials *partialCache) template.FuncMap {
	var s *site.Site
	var cat *translate.Catalog
	if c != nil {
		s, cat = c.Site, c.Strings
	}
	french := markdown.IsFrench(lang)
	// T returns an interface string. Arguments: a count (number) and/or a
	// dict of values; plain string values are escaped, template.HTML kept.
	// A string depends only on its key and arguments: each is computed
	// once per language and build (T "home"; T "reading_time" 4; the
	// date of many list items), when its arguments are plain values.
	var memo stringMemo
	T := func(key string, args ...any) template.HTML {
		mk, memoize := memoKey(key, args)
		if memoize {
			if v, ok := memo.load(mk); ok {
				return v
			}
		}
		var count any
		data := map[string]any{}
		for _, a := range args {
			switch a := a.(type) {
			case map[string]any:
				for k, v := range a {
					switch v := v.(type) {
					case string:
						data[k] = template.HTML(html.EscapeString(v))
					default:
						data[k] = v
					}
				}
			default:
				count = a
			}
		}
		out := cat.T(lang, key, count, data)
		if french {
			out = frenchHTML(out)
		}
		if memoize {
			memo.store(mk, template.HTML(out))
		}
		return template.HTML(out)
	}
	monthName := func(m time.Month) string {
		return string(T(fmt.Sprintf("month_%d", int(m))))
	}
	// Dates by day: list pages show the same ones again and again.
	var dates sync.Map
	date := func(t time.Time) template.HTML {
		if s != nil {
			t = t.In(s.Config.Location)
		}
		day := t.Year()*10000 + int(t.Month())*100 + t.Day()
		if v, ok := dates.Load(day); ok {
			return v.(template.HTML)
		}
		v := T("date_long", map[string]any{"Day": t.Day(), "Month": template.HTML(monthName(t.Month())), "Year": t.Year()})
		dates.Store(day, v)
		return v
	}
	join := func(names []string) string { return c.JoinNames(lang, names) }
	size := func(n int64) template.HTML {
		switch {
		case n >= 1<<20:
			v := float64(n) / (1 << 20)
			s := fmt.Sprintf("%.1f", v)
			if v >= 10 {
				s = fmt.Sprintf("%.0f", v)
			}
			if french {
				s = strings.Replace(s, ".", ",", 1)
			}
			return T("size_mb", map[string]any{"N": strings.TrimSuffix(strings.TrimSuffix(s, ",0"), ".0")})
		case n >= 1<<10:
			return T("size_kb", map[string]any{"N": fmt.Sprintf("%d", (n+512)>>10)})
		}
		return T("size_b", map[string]any{"N": fmt.Sprintf("%d", n)})
	}
	langName := func(code string) string {
		if s != nil {
			for _, l := range s.Languages {
				if l.Code == code {
					return l.Name
				}
			}
		}
		return code
	}
	return template.FuncMap{
		"T":    T,
		"date": date,
		"isodate": func(t time.Time) string {
			if s != nil {
				t = t.In(s.Config.Location)
			}
			return t.Format("2006-01-02")
		},
		"rfc3339": func(t time.Time) string { return t.Format(time.RFC3339) },
		// paragraphs splits plain text at its blank lines (imported comments).
		"paragraphs": func(s string) []string {
			var out []string
			for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
				if p = strings.TrimSpace(p); p != "" {
					out = append(out, p)
				}
			}
			return out
		},
		"join": join,
		"size": size,
		"dict": func(kv ...any) (map[string]any, error) {
			if len(kv)%2 != 0 {
				return nil, fmt.Errorf("dict needs key, value pairs")
			}
			m := make(map[string]any, len(kv)/2)
			for i := 0; i < len(kv); i += 2 {
				k, ok := kv[i].(string)
				if !ok {
					return nil, fmt.Errorf("dict keys must be strings")
				}
				m[k] = kv[i+1]
			}
			return m, nil
		},
		"safeHTML": func(s string) template.HTML { return template.HTML(s) },
		"relURL": func(p string) string {
			if s == nil {
				return p
			}
			return s.RelURL(p)
		},
		"absURL": func(p string) string {
			if s == nil {
				return p
			}
			return s.AbsURL(p)
		},
		"licenseURL": func(l *site.License) string { return l.URLFor(lang) },
		"licenseLink": func(l *site.License) template.HTML {
			return template.HTML(fmt.Sprintf(`<a rel="license" href="%s">%s</a>`, html.EscapeString(l.URLFor(lang)), html.EscapeString(l.Name(lang))))
		},
		"langName": langName,
		// langNameIn names a language in the page's ("in French" on an
		// English page), else as the language calls itself.
		"langNameIn": func(code string) string {
			if n := translate.LanguageNameIn(code, lang); n != "" {
				return n
			}
			return langName(code)
		},
		"partialCached": partials.call,
		"quote": func(t string) string {
			if french {
				return "«\u202f" + t + "\u202f»"
			}
			return "“" + t + "”"
		},
	}
}

// stringMemo keeps the interface strings T computed, up to maxMemo (a
// site's distinct calls are few, but a template may pass anything). A
// map under a read-write lock: sync.Map's loads cost several times more
// here, where nearly every call is a load.
type stringMemo struct {
	mu sync.RWMutex
	m  map[string]template.HTML
}

// maxMemo bounds the interface strings T keeps per language and build.
const maxMemo = 100000

func (sm *stringMemo) load(k string) (template.HTML, bool) {
	sm.mu.RLock()
	v, ok := sm.m[k]
	sm.mu.RUnlock()
	return v, ok
}

func (sm *stringMemo) store(k string, v template.HTML) {
	sm.mu.Lock()
	if sm.m == nil {
		sm.m = map[string]template.HTML{}
	}
	if len(sm.m) < maxMemo {
		sm.m[k] = v
	}
	sm.mu.Unlock()
}

// memoKey is the key under which T keeps the string of key with args,
// and whether it may: a count and dict values that are strings, HTML or
// numbers (anything else is computed at each call).
func memoKey(key string, args []any) (string, bool) {
	if len(args) == 0 {
		return key, true
	}
	var b strings.Builder
	str := func(tag byte, v string) {
		// Length-prefixed: no value can pass for another.
		b.WriteByte(tag)
		b.WriteString(strconv.Itoa(len(v)))
		b.WriteByte(':')
		b.WriteString(v)
	}
	value := func(v any) bool {
		switch v := v.(type) {
		case string:
			str('s', v)
		case template.HTML:
			str('h', string(v))
		case int:
			str('i', strconv.Itoa(v))
		case int64:
			str('j', strconv.FormatInt(v, 10))
		case float64:
			str('f', strconv.FormatFloat(v, 'g', -1, 64))
		default:
			return false
		}
		return true
	}
	str('k', key)
	for _, a := range args {
		m, ok := a.(map[string]any)
		if !ok {
			b.WriteByte('c')
			if !value(a) {
				return "", false
			}
			continue
		}
		keys := make([]string, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		b.WriteByte('d')
		b.WriteString(strconv.Itoa(len(keys)))
		for _, k := range keys {
			str('n', k)
			if !value(m[k]) {
				return "", false
			}
		}
	}
	return b.String(), true
}

// frenchHTML applies French spacing to the text between the tags of a
// short HTML string (an interface string with a link in it).
func frenchHTML(s string) string {
	if !strings.ContainsRune(s, '<') {
		return markdown.FrenchText(s)
	}
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(markdown.FrenchText(s))
			break
		}
		b.WriteString(markdown.FrenchText(s[:i]))
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			b.WriteString(s[i:])
			break
		}
		b.WriteString(s[i : i+j+1])
		s = s[i+j+1:]
	}
	return b.String()
}
