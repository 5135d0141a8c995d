package html

import (
	"fmt"
	"github.com/communs/communs/builders"
	"html"
	"html/template"
	"strings"
	"sync"
	"time"

	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/translate"
)

// placeholderFuncs names every function templates may call, for parsing;
// each language's clone binds the real ones.
func placeholderFuncs() template.FuncMap {
	return langFuncs(nil, "")
}

// langFuncs are the template functions of one language.
func langFuncs(c *builders.Context, lang string) template.FuncMap {
	var s *site.Site
	var cat *translate.Catalog
	if c != nil {
		s, cat = c.Site, c.Strings
	}
	french := markdown.IsFrench(lang)
	// T returns an interface string. Arguments: a count (number) and/or a
	// dict of values; plain string values are escaped, template.HTML kept.
	// Most calls are plain strings (T "home"): computed once per language.
	var plain sync.Map
	T := func(key string, args ...any) template.HTML {
		if len(args) == 0 {
			if v, ok := plain.Load(key); ok {
				return v.(template.HTML)
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
		if len(args) == 0 {
			plain.Store(key, template.HTML(out))
		}
		return template.HTML(out)
	}
	monthName := func(m time.Month) string {
		return string(T(fmt.Sprintf("month_%d", int(m))))
	}
	date := func(t time.Time) template.HTML {
		if s != nil {
			t = t.In(s.Config.Location)
		}
		return T("date_long", map[string]any{"Day": t.Day(), "Month": template.HTML(monthName(t.Month())), "Year": t.Year()})
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
		"join":    join,
		"size":    size,
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
		"quote": func(t string) string {
			if french {
				return "«\u202f" + t + "\u202f»"
			}
			return "“" + t + "”"
		},
	}
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
