package wordpress

import (
	"html"
	"strings"
)

// shortcode is one [name attrs]…[/name] found in a post.
type shortcode struct {
	Name    string
	Attrs   map[string]string
	Args    []string // positional attributes, in order
	Content string   // between the tags; "" for a self-closing one
	Closed  bool     // it had a closing tag
}

// attr is the named attribute k, else "".
func (s *shortcode) attr(k string) string { return s.Attrs[k] }

// expandShortcodes replaces each shortcode of text that expand knows by
// what it returns (HTML); unknown ones stay as they are written, between
// open and close (<code>…</code>: visible, and kept from typography), and
// are passed to unknown. [[name]] is WordPress's escape for a shortcode
// shown as text: it becomes [name].
func expandShortcodes(text string, expand func(*shortcode) (string, bool), unknown func(name string), open, close string) string {
	if !strings.Contains(text, "[") {
		return text
	}
	var b strings.Builder
	closings := map[string]int{} // where each closing tag is next found, -1: nowhere
	i := 0
	for {
		j := strings.IndexByte(text[i:], '[')
		if j < 0 || !strings.Contains(text[i+j:], "]") {
			// No ']' after this '[' : no shortcode from here on.
			b.WriteString(text[i:])
			break
		}
		j += i
		b.WriteString(text[i:j])
		sc, end, escaped := scanShortcode(text, j, closings)
		if sc == nil {
			b.WriteByte('[')
			i = j + 1
			continue
		}
		if escaped {
			b.WriteString(text[j+1 : end-1])
			i = end
			continue
		}
		if out, ok := expand(sc); ok {
			b.WriteString(out)
		} else {
			if looksLikeShortcode(text[j:end], sc) {
				unknown(sc.Name)
				b.WriteString(open + html.EscapeString(html.UnescapeString(text[j:end])) + close)
			} else {
				b.WriteString(text[j:end])
			}
		}
		i = end
	}
	return b.String()
}

// looksLikeShortcode tells a plugin's shortcode ([contact-form-7 id="1"])
// from bracketed prose ([sic], […], [1]): it has attributes, a closing
// tag, or a name no word has.
func looksLikeShortcode(src string, sc *shortcode) bool {
	if len(sc.Attrs) > 0 || sc.Closed || strings.HasSuffix(src, "/]") {
		return true
	}
	return strings.ContainsAny(sc.Name, "_-") && len(sc.Args) == 0
}

// scanShortcode reads the shortcode starting at text[at] == '['. It
// returns nil when none starts there, the index just past it, and whether
// it was escaped ([[name]]).
//
// closings remembers where each closing tag was last found (-1: nowhere
// after), so that a post with many unclosed shortcodes is read in linear
// time; nil is allowed.
func scanShortcode(text string, at int, closings map[string]int) (*shortcode, int, bool) {
	i := at + 1
	escaped := false
	if i < len(text) && text[i] == '[' {
		escaped = true
		i++
	}
	start := i
	for i < len(text) && isNameByte(text[i]) {
		i++
	}
	if i == start || i >= len(text) {
		return nil, 0, false
	}
	name := text[start:i]
	if c := text[i]; c != ' ' && c != ']' && c != '/' && c != '\t' && c != '\n' && c != '\r' {
		return nil, 0, false
	}
	// Attributes run to the first ']' (WordPress allows none inside).
	close := strings.IndexByte(text[i:], ']')
	if close < 0 {
		return nil, 0, false
	}
	attrText := text[i : i+close]
	if strings.Contains(attrText, "[") {
		return nil, 0, false
	}
	end := i + close + 1
	sc := &shortcode{Name: name, Attrs: map[string]string{}}
	selfClosing := strings.HasSuffix(strings.TrimSpace(attrText), "/")
	if selfClosing {
		attrText = strings.TrimSuffix(strings.TrimSpace(attrText), "/")
	}
	sc.Attrs, sc.Args = parseAttrs(attrText)
	if !selfClosing {
		closing := "[/" + name + "]"
		k := -1
		if next, seen := closings[closing]; seen && (next < 0 || next >= end) {
			if next >= 0 {
				k = next - end
			}
		} else {
			k = strings.Index(text[end:], closing)
			if closings != nil {
				closings[closing] = -1
				if k >= 0 {
					closings[closing] = end + k
				}
			}
		}
		if k >= 0 {
			// The content stops at the first closing tag, and holds no
			// opening tag of the same name (WordPress does not nest them).
			inner := text[end : end+k]
			if !opensAgain(inner, name) {
				sc.Content = inner
				sc.Closed = true
				end += k + len(closing)
			}
		}
	}
	if escaped {
		if end < len(text) && text[end] == ']' {
			return sc, end + 1, true
		}
		// "[[name]" is a bracket and a shortcode.
		return nil, 0, false
	}
	return sc, end, false
}

func opensAgain(s, name string) bool {
	for k := 0; ; {
		j := strings.Index(s[k:], "["+name)
		if j < 0 {
			return false
		}
		j += k + 1 + len(name)
		if j >= len(s) || !isNameByte(s[j]) {
			return true
		}
		k = j
	}
}

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// parseAttrs reads shortcode attributes as WordPress's shortcode_parse_atts
// does: name="value", name='value', name=value, "value", value.
func parseAttrs(s string) (map[string]string, []string) {
	attrs := map[string]string{}
	var args []string
	s = strings.NewReplacer("\u00a0", " ", "\u200b", " ").Replace(s)
	i := 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			i++
		}
		if i >= len(s) {
			break
		}
		if s[i] == '"' || s[i] == '\'' {
			v, n := quoted(s[i:])
			args = append(args, v)
			i += n
			continue
		}
		start := i
		for i < len(s) && s[i] != '=' && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' {
			i++
		}
		key := s[start:i]
		if i < len(s) && s[i] == '=' {
			i++
			if i < len(s) && (s[i] == '"' || s[i] == '\'') {
				v, n := quoted(s[i:])
				attrs[strings.ToLower(key)] = v
				i += n
				continue
			}
			vs := i
			for i < len(s) && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' {
				i++
			}
			attrs[strings.ToLower(key)] = s[vs:i]
			continue
		}
		args = append(args, key)
	}
	return attrs, args
}

// quoted reads the quoted string s starts with and returns its value and
// length; an unclosed quote runs to the end.
func quoted(s string) (string, int) {
	q := s[0]
	k := strings.IndexByte(s[1:], q)
	if k < 0 {
		return s[1:], len(s)
	}
	return s[1 : 1+k], k + 2
}
