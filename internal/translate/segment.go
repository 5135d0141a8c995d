package translate

import (
	"regexp"
	"strings"
)

// A block of Markdown is tracked whole (Paragraphs), but translated in the
// pieces a translator reads, as po4a cuts them: a heading without its #,
// each item of a list without its marker, a quotation without its >, each
// row of a table, a footnote without its label. The markup around the
// pieces is the original's, put back on import.

// shape is a block cut into pieces: fixed[0] segs[0] fixed[1] segs[1] …
// fixed[n] is the block; in a quotation (quote), each line of a piece is
// written after "> ".
type shape struct {
	fixed []string
	segs  []string
	quote bool
}

var (
	listItemRE    = regexp.MustCompile(`^( {0,12})([-+*]|\d{1,9}[.)])( +)(\[[ xX]\] +)?`) // with a task's box
	headingRE     = regexp.MustCompile(`^( {0,3}#{1,6} +)(.*?)( +#+ *)?$`)
	headingMarkRE = regexp.MustCompile(`^ {0,3}#{1,6} +`)
	footnoteRE    = regexp.MustCompile(`^\[\^[^\]\s]+\]: *`)
	tableSepRE    = regexp.MustCompile(`^ *\|? *:?-{2,}:? *(\| *:?-{2,}:? *)*\|? *$`)
	quoteLineRE   = regexp.MustCompile(`^ {0,3}> ?`)
	// ![alt](src "title"): 1 alt, 2 src, 3 the space before the title, 4 title
	imageRE         = regexp.MustCompile(`^!\[([^\]]*)\]\(([^ )"]+)( +)?(?:"([^"]*)")?\)$`)
	thematicBreakRE = regexp.MustCompile(`^ {0,3}(?:(?:\* *){3,}|(?:- *){3,}|(?:_ *){3,})$`)
)

// shapeOf cuts a block (a Paragraph's text) into its pieces; a block that
// is none of the kinds above is one piece.
func shapeOf(text string) shape {
	lines := strings.Split(text, "\n")
	first := lines[0]
	switch {
	case openingFence(first) != "" || strings.HasPrefix(first, "    "):
		return whole(text) // code: one piece (its comments may be translated)
	case len(lines) == 1 && headingRE.MatchString(first):
		m := headingRE.FindStringSubmatch(first)
		if strings.TrimSpace(m[2]) == "" {
			return whole(text)
		}
		return shape{fixed: []string{m[1], m[3]}, segs: []string{m[2]}}
	case footnoteRE.MatchString(first):
		pre := footnoteRE.FindString(first)
		return shape{fixed: []string{pre, ""}, segs: []string{text[len(pre):]}}
	case quoteLineRE.MatchString(first) && allMatch(lines, quoteLineRE):
		var segs []string
		var cur []string
		for _, l := range lines {
			inner := quoteLineRE.ReplaceAllString(l, "")
			if strings.TrimSpace(inner) == "" {
				if len(cur) > 0 {
					segs = append(segs, strings.Join(cur, "\n"))
					cur = nil
				}
				continue
			}
			cur = append(cur, inner)
		}
		if len(cur) > 0 {
			segs = append(segs, strings.Join(cur, "\n"))
		}
		if len(segs) == 0 {
			return whole(text)
		}
		s := shape{quote: true, segs: segs, fixed: make([]string, len(segs)+1)}
		for i := 1; i < len(segs); i++ {
			s.fixed[i] = "\n>\n"
		}
		// Only when written back as it was: else the block stays whole.
		if s.join(segs) != text {
			return whole(text)
		}
		return s
	case len(lines) == 1 && imageRE.MatchString(first):
		// An image alone (a figure): its alternative text, and its title
		// (the caption) when it has one.
		m := imageRE.FindStringSubmatch(first)
		if m[4] != "" {
			return shape{fixed: []string{"![", "](" + m[2] + m[3] + `"`, `")`}, segs: []string{m[1], m[4]}}
		}
		if m[1] == "" || m[3] != "" {
			return whole(text)
		}
		return shape{fixed: []string{"![", "](" + m[2] + ")"}, segs: []string{m[1]}}
	case len(lines) == 1 && thematicBreakRE.MatchString(first):
		return whole(text) // * * *, not a list
	case listItemRE.MatchString(first):
		s := shape{}
		var cur []string
		fixed := ""
		for i, l := range lines {
			if m := listItemRE.FindString(l); m != "" {
				if i > 0 {
					s.fixed = append(s.fixed, fixed)
					s.segs = append(s.segs, strings.Join(cur, "\n"))
					fixed = "\n"
				}
				fixed += m
				cur = []string{l[len(m):]}
				continue
			}
			cur = append(cur, l) // a continuation line, indentation kept
		}
		s.fixed = append(s.fixed, fixed, "")
		s.segs = append(s.segs, strings.Join(cur, "\n"))
		return s
	case len(lines) >= 2 && strings.Contains(first, "|") && tableSepRE.MatchString(lines[1]):
		return tableShape(lines)
	}
	return whole(text)
}

// tableShape: each row a piece, the separator row fixed.
func tableShape(lines []string) shape {
	s := shape{fixed: []string{""}, segs: []string{lines[0]}}
	sep := "\n" + lines[1]
	for _, l := range lines[2:] {
		s.fixed = append(s.fixed, sep+"\n")
		s.segs = append(s.segs, l)
		sep = ""
	}
	s.fixed = append(s.fixed, sep)
	return s
}

func whole(text string) shape { return shape{fixed: []string{"", ""}, segs: []string{text}} }

func allMatch(lines []string, re *regexp.Regexp) bool {
	for _, l := range lines {
		if !re.MatchString(l) {
			return false
		}
	}
	return true
}

// join writes the block back with these pieces in place of its own.
func (s shape) join(segs []string) string {
	var b strings.Builder
	for i, seg := range segs {
		b.WriteString(s.fixed[i])
		if s.quote {
			for k, l := range strings.Split(seg, "\n") {
				if k > 0 {
					b.WriteByte('\n')
				}
				b.WriteString("> " + l)
			}
			continue
		}
		b.WriteString(seg)
	}
	b.WriteString(s.fixed[len(segs)])
	return b.String()
}

// linesBefore counts the lines of the block before piece k.
func (s shape) linesBefore(k int) int {
	n := strings.Count(s.fixed[k], "\n")
	for j := 0; j < k; j++ {
		n += strings.Count(s.fixed[j], "\n") + strings.Count(s.segs[j], "\n")
	}
	return n
}

// whole tells a block that is one piece, without markup around it.
func (s shape) whole() bool {
	return len(s.segs) == 1 && !s.quote && s.fixed[0] == "" && s.fixed[1] == ""
}

// sameShape tells whether two blocks are cut alike: their pieces can be
// paired one by one.
func sameShape(a, b shape) bool {
	return len(a.segs) == len(b.segs) && a.quote == b.quote && a.whole() == b.whole()
}
