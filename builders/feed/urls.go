package feed

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
)

// urlAttrs are the attributes whose values are URLs made absolute.
var urlAttrs = map[string]bool{"href": true, "src": true, "poster": true}

// Absolutize makes every href, src, poster and srcset URL of an HTML
// fragment absolute, resolving it against base (the page's permalink).
// URLs that already have a scheme (https:, mailto:, data:…) are kept.
// Everything but the tags it changes is copied byte for byte; a changed
// tag is written again with its attributes in order.
func Absolutize(s, base string) string {
	if s == "" || !strings.Contains(s, "=") {
		return s
	}
	bu, err := url.Parse(base)
	if err != nil || bu.Scheme == "" || bu.Host == "" {
		return s
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	b.Grow(len(s) + len(s)/8)
	type attr struct{ key, val string }
	var attrs []attr
	for {
		tt := z.Next()
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			b.Write(z.Raw())
			if tt == html.ErrorToken {
				break // the end, or input the tokenizer gave up on: kept as it is
			}
			continue
		}
		// TagName and TagAttr lower-case and unescape in place: copy first.
		raw := string(z.Raw())
		name, more := z.TagName()
		if !more {
			b.WriteString(raw)
			continue
		}
		attrs = attrs[:0]
		changed := false
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			a := attr{string(k), string(v)}
			switch {
			case urlAttrs[a.key]:
				if nv, ok := resolve(bu, a.val); ok {
					a.val, changed = nv, true
				}
			case a.key == "srcset":
				if nv, ok := resolveSrcset(bu, a.val); ok {
					a.val, changed = nv, true
				}
			}
			attrs = append(attrs, a)
		}
		if !changed {
			b.WriteString(raw)
			continue
		}
		b.WriteByte('<')
		b.Write(name)
		for _, a := range attrs {
			b.WriteByte(' ')
			b.WriteString(a.key)
			// The tokenizer does not tell alt="" from alt: both are written alt="".
			b.WriteString(`="`)
			b.WriteString(escapeAttr(a.val))
			b.WriteByte('"')
		}
		if tt == html.SelfClosingTagToken {
			b.WriteString(" /")
		}
		b.WriteByte('>')
	}
	return b.String()
}

var attrEscaper = strings.NewReplacer(`&`, "&amp;", `"`, "&quot;", "<", "&lt;", ">", "&gt;")

func escapeAttr(s string) string { return attrEscaper.Replace(s) }

// resolve makes one URL absolute; ok is false when it is kept as it is.
func resolve(base *url.URL, ref string) (string, bool) {
	v := strings.Trim(ref, " \t\n\f\r")
	if v == "" {
		return "", false
	}
	origin := base.Scheme + "://" + base.Host
	// The common forms keep their text: only a prefix is added.
	switch {
	case strings.HasPrefix(v, "//"):
		if _, err := url.Parse(v); err != nil {
			return "", false
		}
		return base.Scheme + ":" + v, true
	case v[0] == '/':
		if _, err := url.Parse(v); err != nil {
			return "", false
		}
		return origin + v, true
	case v[0] == '#':
		b := *base
		b.Fragment, b.RawFragment = "", ""
		return b.String() + v, true
	case v[0] == '?':
		b := *base
		b.RawQuery, b.ForceQuery, b.Fragment, b.RawFragment = "", false, "", ""
		return b.String() + v, true
	}
	u, err := url.Parse(v)
	if err != nil || u.Scheme != "" || u.Opaque != "" {
		return "", false // absolute (https:, mailto:, data:…) or not a URL
	}
	return base.ResolveReference(u).String(), true
}

// resolveSrcset makes the URLs of a srcset absolute, keeping the
// descriptors and separators as written.
func resolveSrcset(base *url.URL, s string) (string, bool) {
	var b strings.Builder
	changed := false
	i := 0
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
	for i < len(s) {
		// Separators: spaces and commas.
		j := i
		for j < len(s) && (isSpace(s[j]) || s[j] == ',') {
			j++
		}
		b.WriteString(s[i:j])
		i = j
		if i >= len(s) {
			break
		}
		// The URL: up to a space; trailing commas end the candidate.
		for j < len(s) && !isSpace(s[j]) {
			j++
		}
		u := s[i:j]
		trail := ""
		if k := strings.TrimRight(u, ","); len(k) < len(u) {
			u, trail = k, u[len(k):]
		}
		if nu, ok := resolve(base, u); ok {
			b.WriteString(nu)
			changed = true
		} else {
			b.WriteString(u)
		}
		b.WriteString(trail)
		i = j
		if trail != "" {
			continue
		}
		// Descriptors: up to a comma outside parentheses.
		depth := 0
		for j < len(s) {
			c := s[j]
			if c == '(' {
				depth++
			} else if c == ')' && depth > 0 {
				depth--
			} else if c == ',' && depth == 0 {
				break
			}
			j++
		}
		b.WriteString(s[i:j])
		i = j
	}
	if !changed {
		return "", false
	}
	return b.String(), true
}
