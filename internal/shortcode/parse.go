// Package shortcode reads Hugo's shortcodes ({{< name args >}} and
// {{% name args %}}, with inner content, nesting and {{</* escapes */>}})
// out of a page's text, and runs the shortcodes a site defines in
// layouts/shortcodes/. What a call becomes in the document is the
// Markdown reader's business (internal/markdown): this package only reads
// calls and executes templates.
package shortcode

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Call is one shortcode in a text.
type Call struct {
	Name string
	// Markdown tells the {{% %}} form, whose output is Markdown.
	Markdown bool
	// Positional and Named hold the arguments: Hugo takes one kind or the
	// other. Unquoted true, false and numbers are typed, as in Hugo.
	Positional []any
	Named      map[string]any
	// Start and End are the byte offsets of the whole call in the text,
	// closing tag included.
	Start, End int
	// OpenEnd is the end of the opening tag; CloseStart the start of the
	// closing tag (End when there is none).
	OpenEnd, CloseStart int
	// Closed tells that the call has a closing tag (inner content, maybe
	// empty).
	Closed   bool
	Children []*Call
	Parent   *Call
	// Ordinal is the call's rank among its parent's calls (the page's,
	// for a call at the top), from 0, as Hugo's .Ordinal.
	Ordinal int
	Line    int // 1-based line of the opening tag in the text
	// Literal, for an escaped call ({{</* x */>}}), is the text it stands
	// for ({{< x >}}); Name is then empty.
	Literal string
}

// Inner is the call's raw inner content.
func (c *Call) Inner(src []byte) []byte {
	if !c.Closed {
		return nil
	}
	return src[c.OpenEnd:c.CloseStart]
}

// IsNamed tells whether the call's arguments are named.
func (c *Call) IsNamed() bool { return len(c.Named) > 0 }

// Get is an argument by position (an int) or by name (a string), nil
// when there is none.
func (c *Call) Get(key any) any {
	switch k := key.(type) {
	case int:
		if k >= 0 && k < len(c.Positional) {
			return c.Positional[k]
		}
	case int64:
		return c.Get(int(k))
	case string:
		if v, ok := c.Named[k]; ok {
			return v
		}
		if n, err := strconv.Atoi(k); err == nil {
			return c.Get(n)
		}
	}
	return nil
}

// String is an argument as a string ("" when absent), the first of the
// names given that is set, else the position.
func (c *Call) String(pos int, names ...string) string {
	for _, n := range names {
		if v, ok := c.Named[n]; ok {
			return fmt.Sprint(v)
		}
	}
	if pos >= 0 {
		if v := c.Get(pos); v != nil {
			return fmt.Sprint(v)
		}
	}
	return ""
}

// Problem is a malformed shortcode, as a warning with its line.
type Problem struct {
	Line int
	Msg  string
}

// tag is one {{< … >}} or {{% … %}} of the text.
type tag struct {
	start, end int
	name       string
	markdown   bool
	closing    bool // {{< /name >}}
	selfClosed bool // {{< name />}}
	positional []any
	named      map[string]any
	literal    string
	line       int
}

// Has tells whether a text may hold a shortcode: the cheap test before
// Parse.
func Has(src []byte) bool {
	return bytes.Contains(src, []byte("{{<")) || bytes.Contains(src, []byte("{{%"))
}

// Parse reads the shortcodes of a text: the calls at its top, each with
// the calls nested in it. A tag that is not a shortcode is left as text;
// a closing tag that closes nothing is reported.
func Parse(src []byte) ([]*Call, []Problem) {
	var tags []tag
	var problems []Problem
	line, lineAt := 1, 0
	for i := 0; i < len(src); {
		j := bytes.Index(src[i:], []byte("{{"))
		if j < 0 {
			break
		}
		at := i + j
		if at+2 >= len(src) || (src[at+2] != '<' && src[at+2] != '%') {
			i = at + 2
			continue
		}
		line += bytes.Count(src[lineAt:at], []byte("\n"))
		lineAt = at
		t, ok := readTag(src, at)
		if !ok {
			if looksLikeCall(src[at+3:]) {
				problems = append(problems, Problem{line, fmt.Sprintf("%q is not a whole shortcode (a quote left open, or no %s}} on its line): it is shown as text", firstLine(src[at:]), string(src[at+2]))})
			}
			i = at + 3
			continue
		}
		t.line = line
		tags = append(tags, t)
		i = t.end
	}
	if len(tags) == 0 {
		return nil, nil
	}
	// Pair each closing tag with the nearest open call of its name; the
	// calls it passes over have no inner content.
	closeOf := make([]int, len(tags))
	for i := range closeOf {
		closeOf[i] = -1
	}
	var open []int
	dropped := map[int]bool{}
	for i, t := range tags {
		switch {
		case t.literal != "" || t.selfClosed:
		case t.closing:
			k := len(open) - 1
			for k >= 0 && tags[open[k]].name != t.name {
				k--
			}
			if k < 0 {
				problems = append(problems, Problem{t.line, fmt.Sprintf("closing shortcode {{< /%s >}} closes nothing: it is left out", t.name)})
				dropped[i] = true
				continue
			}
			closeOf[open[k]] = i
			open = open[:k]
		default:
			open = append(open, i)
		}
	}
	// Build the tree from the spans.
	var top []*Call
	var stack []*Call
	for i, t := range tags {
		if t.closing {
			continue
		}
		c := &Call{Name: t.name, Markdown: t.markdown, Positional: t.positional, Named: t.named,
			Start: t.start, End: t.end, OpenEnd: t.end, CloseStart: t.end, Line: t.line, Literal: t.literal}
		if k := closeOf[i]; k >= 0 {
			c.Closed, c.CloseStart, c.End = true, tags[k].start, tags[k].end
		}
		for len(stack) > 0 && stack[len(stack)-1].CloseStart <= c.Start {
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 {
			p := stack[len(stack)-1]
			c.Parent, c.Ordinal = p, len(p.Children)
			p.Children = append(p.Children, c)
		} else {
			c.Ordinal = len(top)
			top = append(top, c)
		}
		if c.Closed {
			stack = append(stack, c)
		}
	}
	if len(dropped) > 0 {
		// A stray closing tag is cut from the text by its parent's span:
		// record it as an empty literal so that the text skips it.
		for i := range dropped {
			t := tags[i]
			lit := &Call{Start: t.start, End: t.end, OpenEnd: t.end, CloseStart: t.end, Line: t.line}
			insertCall(&top, lit)
		}
	}
	return top, problems
}

// insertCall places a call that nests nothing in the tree by its span.
func insertCall(list *[]*Call, c *Call) {
	for _, p := range *list {
		if p.Closed && p.OpenEnd <= c.Start && c.End <= p.CloseStart {
			c.Parent = p
			insertCall(&p.Children, c)
			return
		}
	}
	i, _ := slices.BinarySearchFunc(*list, c.Start, func(x *Call, s int) int { return x.Start - s })
	*list = slices.Insert(*list, i, c)
}

// looksLikeCall tells whether what follows {{< starts a shortcode's name.
func looksLikeCall(b []byte) bool {
	b = bytes.TrimLeft(b, " \t")
	if len(b) > 0 && b[0] == '/' {
		b = bytes.TrimLeft(b[1:], " \t")
	}
	return len(b) > 0 && isNameByte(b[0]) && b[0] != '/' && b[0] != '.'
}

func firstLine(b []byte) string {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	if len(b) > 60 {
		b = append(b[:57:57], "..."...)
	}
	return string(b)
}

// readTag reads the tag at src[at:], which starts with {{< or {{%.
func readTag(src []byte, at int) (tag, bool) {
	t := tag{start: at, markdown: src[at+2] == '%'}
	closer := []byte(">}}")
	if t.markdown {
		closer = []byte("%}}")
	}
	p := at + 3
	skip := func() {
		for p < len(src) && isSpace(src[p]) {
			p++
		}
	}
	skip()
	// {{</* … */>}}: the call written as text.
	if p+1 < len(src) && src[p] == '/' && src[p+1] == '*' {
		endComment := append([]byte("*/"), closer...)
		k := bytes.Index(src[p+2:], endComment)
		if k < 0 {
			return t, false
		}
		inside := strings.TrimSpace(string(src[p+2 : p+2+k]))
		open := "{{<"
		if t.markdown {
			open = "{{%"
		}
		t.literal = open + " " + inside + " " + string(closer)
		t.end = p + 2 + k + len(endComment)
		return t, true
	}
	if p < len(src) && src[p] == '/' {
		t.closing = true
		p++
		skip()
	}
	n := p
	for p < len(src) && isNameByte(src[p]) {
		p++
	}
	if p == n {
		return t, false
	}
	t.name = string(src[n:p])
	for {
		skip()
		if p >= len(src) {
			return t, false
		}
		if bytes.HasPrefix(src[p:], closer) {
			t.end = p + len(closer)
			return t, true
		}
		if src[p] == '/' && bytes.HasPrefix(src[p+1:], closer) {
			t.selfClosed = true
			t.end = p + 1 + len(closer)
			return t, true
		}
		if t.closing {
			return t, false
		}
		// An argument: name=value or a value.
		key := ""
		if k := argName(src[p:]); k > 0 {
			key = string(src[p : p+k])
			p += k + 1
			skip()
		}
		v, next, ok := readValue(src, p, closer)
		if !ok {
			return t, false
		}
		p = next
		if key != "" {
			if t.named == nil {
				t.named = map[string]any{}
			}
			t.named[key] = v
		} else {
			t.positional = append(t.positional, v)
		}
	}
}

// argName is the length of a "name=" at the start of b, 0 when none.
func argName(b []byte) int {
	i := 0
	for i < len(b) && isNameByte(b[i]) && b[i] != '/' {
		i++
	}
	if i > 0 && i < len(b) && b[i] == '=' {
		return i
	}
	return 0
}

// readValue reads a quoted, raw (`…`) or bare value.
func readValue(src []byte, p int, closer []byte) (any, int, bool) {
	if p >= len(src) {
		return nil, p, false
	}
	switch src[p] {
	case '"':
		var b strings.Builder
		for i := p + 1; i < len(src); i++ {
			switch src[i] {
			case '\\':
				if i+1 < len(src) && (src[i+1] == '"' || src[i+1] == '\\') {
					b.WriteByte(src[i+1])
					i++
					continue
				}
				b.WriteByte('\\')
			case '"':
				return b.String(), i + 1, true
			case '\n':
				return nil, p, false
			default:
				b.WriteByte(src[i])
			}
		}
		return nil, p, false
	case '`':
		k := bytes.IndexByte(src[p+1:], '`')
		if k < 0 {
			return nil, p, false
		}
		return string(src[p+1 : p+1+k]), p + 2 + k, true
	}
	i := p
	for i < len(src) && !isSpace(src[i]) && !bytes.HasPrefix(src[i:], closer) &&
		!(src[i] == '/' && bytes.HasPrefix(src[i+1:], closer)) {
		if src[i] == '\n' {
			break
		}
		i++
	}
	if i == p {
		return nil, p, false
	}
	return typed(string(src[p:i])), i, true
}

// typed gives a bare value Hugo's type: bool, int, float or string.
func typed(s string) any {
	switch s {
	case "true":
		return true
	case "false":
		return false
	}
	if n, err := strconv.Atoi(s); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && strings.ContainsAny(s, ".") {
		return f
	}
	return s
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

func isNameByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '_' || c == '-' || c == '/' || c == '.'
}
