package translate

import (
	"strings"
)

// Paragraph is one block of a Markdown body: the unit translation is
// tracked, compared and exported by.
type Paragraph struct {
	// Line is the block's first line, counted from 1 at the body's start.
	Line int
	// Text is the block as written: its lines, joined by "\n", with the
	// indentation and trailing spaces (a hard line break) of each kept, and
	// no blank line.
	Text string
}

// Paragraphs cuts a Markdown body into blocks separated by blank lines, as
// a translator reads it: a paragraph, a heading, a list written without
// blank lines, a quotation, a table, an image. A fenced code block is one
// block, blank lines included. Line ends are "\n" (a body from
// site.SplitFrontMatter) or "\r\n".
func Paragraphs(body []byte) []Paragraph {
	var out []Paragraph
	var cur []string
	start := 0
	var fence string // the opening fence's marker (``` or ~~~~), when in one
	flush := func() {
		if len(cur) > 0 {
			out = append(out, Paragraph{Line: start, Text: strings.Join(cur, "\n")})
			cur = cur[:0]
		}
	}
	for i, line := range strings.Split(string(body), "\n") {
		line = strings.TrimSuffix(line, "\r")
		if fence != "" {
			cur = append(cur, line)
			if closesFence(line, fence) {
				fence = ""
			}
			continue
		}
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if len(cur) == 0 {
			start = i + 1
		}
		cur = append(cur, line)
		if f := openingFence(line); f != "" {
			fence = f
		}
	}
	flush()
	return out
}

// openingFence returns the marker of a code fence opened on line (up to
// three spaces, then ``` or ~~~ or longer), or "".
func openingFence(line string) string {
	s := strings.TrimLeft(line, " ")
	if len(line)-len(s) > 3 || len(s) < 3 || (s[0] != '`' && s[0] != '~') {
		return ""
	}
	c := s[0]
	n := 0
	for n < len(s) && s[n] == c {
		n++
	}
	if n < 3 {
		return ""
	}
	if c == '`' && strings.ContainsRune(s[n:], '`') {
		return "" // ``` followed by a backtick is inline code, not a fence
	}
	return s[:n]
}

// closesFence tells whether line closes a fence opened with marker.
func closesFence(line, marker string) bool {
	s := strings.TrimLeft(line, " ")
	if len(line)-len(s) > 3 {
		return false
	}
	n := 0
	for n < len(s) && s[n] == marker[0] {
		n++
	}
	return n >= len(marker) && strings.TrimSpace(s[n:]) == ""
}

// joinParagraphs writes blocks back as a body: separated by a blank line,
// ending with a line end.
func joinParagraphs(texts []string) string {
	if len(texts) == 0 {
		return ""
	}
	return strings.Join(texts, "\n\n") + "\n"
}
