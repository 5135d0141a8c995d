package translate

import (
	"regexp"
	"strconv"
	"strings"
)

// In XLIFF, Markdown's inline markup travels as inline codes: each
// delimiter, link target, code span, footnote call or HTML tag is a <ph>
// element holding it, which translation tools show as a placeholder the
// translator moves but cannot break. Reading takes their content back as
// it was (the reader keeps the text of every element), so a file that
// a tool returned without them reads as well.

// markupSpans cuts text into runs: plain text (even indexes) and markup
// (odd indexes), in order; joined, they are text.
func markupSpans(text string) []string {
	var out []string
	plain := 0 // start of the current run of plain text
	emit := func(start, end int) {
		out = append(out, text[plain:start], text[start:end])
		plain = end
	}
	lineStart := true
	for i := 0; i < len(text); {
		c := text[i]
		if lineStart {
			// Block markup at the start of a line: a heading, a list
			// item, a quotation.
			if n := blockMarker(text[i:]); n > 0 {
				emit(i, i+n)
				i += n
				lineStart = false
				continue
			}
		}
		lineStart = c == '\n'
		switch {
		case c == '\\' && i+1 < len(text) && text[i+1] != '\n':
			i += 2 // an escaped character is text
		case c == '`':
			n := run(text, i, '`')
			end := closingRun(text, i+n, n)
			if end < 0 {
				end = i + n
			}
			emit(i, end)
			i = end
		case c == '[' && strings.HasPrefix(text[i:], "[^"):
			end := strings.IndexByte(text[i:], ']')
			if end < 0 {
				i++
				continue
			}
			end += i + 1
			if end < len(text) && text[end] == ':' {
				end++
			}
			emit(i, end)
			i = end
		case c == '!' && strings.HasPrefix(text[i:], "!["):
			emit(i, i+2)
			i += 2
		case c == '[':
			emit(i, i+1)
			i++
		case c == ']' && strings.HasPrefix(text[i:], "]("):
			end := closeParen(text, i+2)
			emit(i, end)
			i = end
		case c == ']':
			emit(i, i+1)
			i++
		case c == '*' || c == '_' || c == '~':
			n := run(text, i, c)
			if c == '_' && i > 0 && isWordByte(text[i-1]) && i+n < len(text) && isWordByte(text[i+n]) {
				i += n // snake_case: a word
				continue
			}
			emit(i, i+n)
			i += n
		case c == '<':
			end := strings.IndexByte(text[i:], '>')
			if end > 0 && i+1 < len(text) && (isASCIILetter(text[i+1]) || text[i+1] == '/' || text[i+1] == '!') && !strings.ContainsAny(text[i:i+end], "\n") {
				emit(i, i+end+1)
				i += end + 1
				continue
			}
			i++
		default:
			i++
		}
	}
	out = append(out, text[plain:])
	return out
}

// blockMarker is the length of a heading's, list item's (with a task's
// box) or quotation's marker at the start of s, with the spaces after
// it, or 0: the markers that shapeOf keeps out of the pieces.
func blockMarker(s string) int {
	for _, re := range []*regexp.Regexp{headingMarkRE, listItemRE, quoteLineRE} {
		if m := re.FindString(s); m != "" {
			return len(m)
		}
	}
	return 0
}

func run(s string, i int, c byte) int {
	n := 0
	for i+n < len(s) && s[i+n] == c {
		n++
	}
	return n
}

// closingRun is the end of the next run of exactly n backticks from i, or -1.
func closingRun(s string, i, n int) int {
	for i < len(s) {
		k := strings.IndexByte(s[i:], '`')
		if k < 0 {
			return -1
		}
		k += i
		m := run(s, k, '`')
		if m == n {
			return k + m
		}
		i = k + m
	}
	return -1
}

// closeParen is the end of a link's target opened before i: past the
// parenthesis that closes it.
func closeParen(s string, i int) int {
	depth := 1
	for ; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '(':
			depth++
		case ')':
			if depth--; depth == 0 {
				return i + 1
			}
		case '\n':
			return i
		}
	}
	return len(s)
}

func isASCIILetter(b byte) bool { return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' }

// codeIDs numbers the markup codes of one unit: a source's in order, a
// target's after the same markup in the source (tools pair codes by id),
// the markup the source lacks next.
type codeIDs struct {
	next   int
	byText map[string][]int // the source's ids by markup
}

// assign gives each markup piece of parts (markupSpans' odd indexes) its
// id, 0 for the empty ones; isNew tells the ids given for the first time.
func (c *codeIDs) assign(parts []string, source bool) (ids []int, isNew []bool) {
	if c.byText == nil {
		c.byText = map[string][]int{}
	}
	ids, isNew = make([]int, len(parts)), make([]bool, len(parts))
	used := map[int]bool{}
	for k := 1; k < len(parts); k += 2 {
		part := parts[k]
		if part == "" {
			continue
		}
		id := 0
		if !source {
			for _, cand := range c.byText[part] {
				if !used[cand] {
					id = cand
					break
				}
			}
		}
		if id == 0 {
			c.next++
			id = c.next
			isNew[k] = true
			if source {
				c.byText[part] = append(c.byText[part], id)
			}
		}
		used[id] = true
		ids[k] = id
	}
	return ids, isNew
}

// writeCodes writes text as XLIFF 1.2 content, its markup in <ph>
// elements holding it.
func (c *codeIDs) writeCodes(b *strings.Builder, text string, source bool) {
	parts := markupSpans(text)
	ids, _ := c.assign(parts, source)
	for k, part := range parts {
		switch {
		case k%2 == 0:
			b.WriteString(xmlText(part))
		case ids[k] > 0:
			b.WriteString(`<ph id="` + strconv.Itoa(ids[k]) + `">` + xmlText(part) + `</ph>`)
		}
	}
}
