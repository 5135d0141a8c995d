package wordpress

import (
	"regexp"
	"strconv"
	"strings"
)

// This file ports wpautop() and shortcode_unautop() of WordPress 6.x
// (wp-includes/formatting.php; their behaviour is the same from 6.2, when
// <math> stopped being a block, to 6.9): the filters that turn
// classic-editor content, where a blank line ends a paragraph and a single
// newline is a line break, into <p> and <br />.
//
// The PHP functions are a chain of PCRE replacements, each run over the
// whole text. Most are the same patterns in Go's RE2. Those that need a
// backreference, a lookbehind, possessive quantifiers or PCRE's $ are
// small scanners here, and so are the passes over block tags, which RE2
// runs slowly with $allblocks' alternation: each scanner gives what the
// PCRE pattern gives, and every pass stays linear in the length of the
// text. PCRE's limits (pcre.backtrack_limit), which make WordPress return
// an empty string for some very long posts, have no counterpart here.
//
// PCRE's \s, without the u flag, is [\t\n\v\f\r ]; RE2's \s lacks \v, so
// the patterns below spell the class out.

// autopSpace is PCRE's \s.
const autopSpace = `[\t\n\v\f\r ]`

// autopBlocks is wpautop's $allblocks, the elements it treats as blocks:
// (?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)
var autopBlocks = [...]string{"table", "thead", "tfoot", "caption", "col", "colgroup", "tbody", "tr", "td", "th",
	"div", "dl", "dd", "dt", "ul", "ol", "li", "pre", "form", "map", "area", "blockquote", "address", "style", "p",
	"h1", "h2", "h3", "h4", "h5", "h6", "hr", "fieldset", "legend", "section", "article", "aside", "hgroup",
	"header", "footer", "nav", "figure", "figcaption", "details", "menu", "summary"}

var (
	autopDoubleBr = regexp.MustCompile(`<br` + autopSpace + `*/?>` + autopSpace + `*<br` + autopSpace + `*/?>`)
	autopHr       = regexp.MustCompile(`(<hr` + autopSpace + `*?/?>)`)

	autopOptionOpen  = regexp.MustCompile(autopSpace + `*<option`)
	autopOptionClose = regexp.MustCompile(`</option>` + autopSpace + `*`)

	autopObjectOpen  = regexp.MustCompile(`(<object[^>]*>)` + autopSpace + `*`)
	autopObjectClose = regexp.MustCompile(autopSpace + `*</object>`)
	autopParamEmbed  = regexp.MustCompile(autopSpace + `*(</?(?:param|embed)[^>]*>)` + autopSpace + `*`)

	autopMediaOpen   = regexp.MustCompile(`([<\[](?:audio|video)[^>\]]*[>\]])` + autopSpace + `*`)
	autopMediaClose  = regexp.MustCompile(autopSpace + `*([<\[]/(?:audio|video)[>\]])`)
	autopSourceTrack = regexp.MustCompile(autopSpace + `*(<(?:source|track)[^>]*>)` + autopSpace + `*`)

	autopFigcaptionOpen  = regexp.MustCompile(autopSpace + `*(<figcaption[^>]*>)`)
	autopFigcaptionClose = regexp.MustCompile(`</figcaption>` + autopSpace + `*`)

	autopManyNewlines = regexp.MustCompile(`\n\n+`)
	autopParagraphSep = regexp.MustCompile(`\n` + autopSpace + `*\n`)

	autopEmptyP         = regexp.MustCompile(`<p>` + autopSpace + `*</p>`)
	autopUnclosedP      = regexp.MustCompile(`<p>([^<]+)</(div|address|form)>`)
	autopWrappedLi      = regexp.MustCompile(`<p>(<li.+?)</p>`)
	autopPBlockquote    = regexp.MustCompile(`<[pP]><[bB][lL][oO][cC][kK][qQ][uU][oO][tT][eE]([^>]*)>`)
	autopBrBeforeBlocks = regexp.MustCompile(`<br />(` + autopSpace + `*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)`)
)

// autop is wpautop($text): paragraphs and line breaks for classic content.
func autop(text string) string {
	return wpautop(text, true)
}

// wpautop is wpautop($text, $br); br false leaves single newlines as they
// are instead of making them <br />.
func wpautop(text string, br bool) string {
	if strings.Trim(text, " \t\n\r\x00\x0B") == "" {
		return ""
	}

	// Just to make things a little easier, pad the end.
	text += "\n"

	// <pre> elements are set aside and put back, untouched, at the end.
	var preTags []string
	if strings.Contains(text, "<pre") {
		text, preTags = autopHidePre(text)
	}

	text = autopDoubleBr.ReplaceAllString(text, "\n\n")
	text = autopSpaceBlocks(text)
	text = autopHr.ReplaceAllString(text, "${1}\n\n")

	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")

	// Newlines inside tags and comments must not make paragraphs.
	text = autopReplaceInTags(text, "\n", " <!-- wpnl --> ")

	if strings.Contains(text, "<option") {
		text = autopOptionOpen.ReplaceAllString(text, "<option")
		text = autopOptionClose.ReplaceAllString(text, "</option>")
	}
	if strings.Contains(text, "</object>") {
		text = autopObjectOpen.ReplaceAllString(text, "${1}")
		text = autopObjectClose.ReplaceAllString(text, "</object>")
		text = autopParamEmbed.ReplaceAllString(text, "${1}")
	}
	if strings.Contains(text, "<source") || strings.Contains(text, "<track") {
		text = autopMediaOpen.ReplaceAllString(text, "${1}")
		text = autopMediaClose.ReplaceAllString(text, "${1}")
		text = autopSourceTrack.ReplaceAllString(text, "${1}")
	}
	if strings.Contains(text, "<figcaption") {
		text = autopFigcaptionOpen.ReplaceAllString(text, "${1}")
		text = autopFigcaptionClose.ReplaceAllString(text, "</figcaption>")
	}

	text = autopManyNewlines.ReplaceAllString(text, "\n\n")

	// Each run of text between blank lines becomes a paragraph.
	var b strings.Builder
	b.Grow(len(text) + len(text)/8)
	last := 0
	for _, m := range autopParagraphSep.FindAllStringIndex(text, -1) {
		if m[0] > last {
			autopWrite(&b, text[last:m[0]])
		}
		last = m[1]
	}
	if last < len(text) {
		autopWrite(&b, text[last:])
	}
	text = b.String()

	text = autopEmptyP.ReplaceAllString(text, "")
	text = autopCloseUnclosedP(text)
	text = autopKeepBlockTag(text, "<p>", "</p>")
	text = autopWrappedLi.ReplaceAllString(text, "${1}")
	text = autopPBlockquote.ReplaceAllString(text, "<blockquote${1}><p>")
	text = strings.ReplaceAll(text, "</blockquote></p>", "</p></blockquote>")
	text = autopKeepBlockTag(text, "<p>", "")
	text = autopKeepBlockTag(text, "", "</p>")

	if br {
		text = autopPreserveNewlines(text)
		text = strings.ReplaceAll(text, "<br>", "<br />")
		text = strings.ReplaceAll(text, "<br/>", "<br />")
		text = autopLineBreaks(text)
		text = strings.ReplaceAll(text, "<WPPreserveNewline />", "\n")
	}

	text = autopKeepBlockTag(text, "", "<br />")
	text = autopBrBeforeBlocks.ReplaceAllString(text, "${1}")

	// PCRE's `\n</p>$`: $ also matches before a newline that ends the text.
	if strings.HasSuffix(text, "\n</p>\n") {
		text = text[:len(text)-len("\n</p>\n")] + "</p>\n"
	} else if strings.HasSuffix(text, "\n</p>") {
		text = text[:len(text)-len("\n</p>")] + "</p>"
	}

	if len(preTags) > 0 {
		text = autopRestorePre(text, preTags)
	}

	if strings.Contains(text, "<!-- wpnl -->") {
		text = strings.ReplaceAll(text, " <!-- wpnl --> ", "\n")
		text = strings.ReplaceAll(text, "<!-- wpnl -->", "\n")
	}
	return text
}

// autopBlockAt is the length of the block name at text[j:] that is
// followed by one of the bytes of after, or 0.
func autopBlockAt(text string, j int, after string) int {
	for _, name := range autopBlocks {
		if strings.HasPrefix(text[j:], name) && j+len(name) < len(text) &&
			strings.IndexByte(after, text[j+len(name)]) >= 0 {
			return len(name)
		}
	}
	return 0
}

// autopSpaceBlocks is, in one pass, the two replacements that put a blank
// line before each opening block tag and after each closing one:
//
//	preg_replace('!(<' . $allblocks . '[\s/>])!', "\n\n$1", $text)
//	preg_replace('!(</' . $allblocks . '>)!', "$1\n\n", $text)
//
// Their matches never overlap and neither adds text the other could match.
func autopSpaceBlocks(text string) string {
	var b strings.Builder
	last, i := 0, 0
	for {
		k := strings.IndexByte(text[i:], '<')
		if k < 0 {
			break
		}
		p := i + k
		i = p + 1
		if strings.HasPrefix(text[p+1:], "/") {
			if n := autopBlockAt(text, p+2, ">"); n > 0 {
				end := p + len("</>") + n
				if b.Len() == 0 {
					b.Grow(len(text) + len(text)/8)
				}
				b.WriteString(text[last:end])
				b.WriteString("\n\n")
				last, i = end, end
			}
		} else if n := autopBlockAt(text, p+1, "\t\n\v\f\r />"); n > 0 {
			if b.Len() == 0 {
				b.Grow(len(text) + len(text)/8)
			}
			b.WriteString(text[last:p])
			b.WriteString("\n\n")
			last, i = p, p+len("<>")+n
		}
	}
	if b.Len() == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// autopNext finds the next c in text, remembering its last answer so
// that asking again from a later place before that answer costs nothing.
type autopNext struct {
	text     string
	c        byte
	asked    bool
	from, at int // the first c at or after from is at at, -1 for none
}

func (n *autopNext) index(i int) int {
	if n.asked && i >= n.from && (n.at < 0 || n.at >= i) {
		return n.at
	}
	n.asked, n.from = true, i
	n.at = strings.IndexByte(n.text[i:], n.c)
	if n.at >= 0 {
		n.at += i
	}
	return n.at
}

// autopSkipSpace is the end of the run of PCRE white space at text[i].
func autopSkipSpace(text string, i int) int {
	for i < len(text) && autopIsSpace(text[i]) {
		i++
	}
	return i
}

// autopKeepBlockTag replaces lead, white space, a block tag, white space
// and trail by the tag alone: wpautop's
//
//	preg_replace('!<p>\s*(</?' . $allblocks . '[^>]*>)\s*</p>!', '$1', $text)   lead "<p>", trail "</p>"
//	preg_replace('!<p>\s*(</?' . $allblocks . '[^>]*>)!', '$1', $text)           lead "<p>", trail ""
//	preg_replace('!(</?' . $allblocks . '[^>]*>)\s*</p>!', '$1', $text)          lead "", trail "</p>"
//	preg_replace('!(</?' . $allblocks . '[^>]*>)\s*<br />!', '$1', $text)        lead "", trail "<br />"
//
// A block tag is "<" or "</", a name that starts with one of $allblocks
// ("<param" and "<picture" count, through "p"), and all up to the next ">".
func autopKeepBlockTag(text, lead, trail string) string {
	gt := autopNext{text: text, c: '>'}
	trailAt, trailEnd := -1, -1 // the last trail looked for
	var b strings.Builder
	last, i := 0, 0
	for {
		var k int
		if lead != "" {
			k = strings.Index(text[i:], lead)
		} else {
			k = strings.IndexByte(text[i:], '<')
		}
		if k < 0 {
			break
		}
		p := i + k
		i = p + 1
		t := p
		if lead != "" {
			t = autopSkipSpace(text, p+len(lead))
		}
		if !strings.HasPrefix(text[t:], "<") {
			continue
		}
		j := t + 1
		if strings.HasPrefix(text[j:], "/") {
			j++
		}
		if !autopBlockPrefix(text, j) {
			continue
		}
		e := gt.index(j)
		if e < 0 {
			continue
		}
		e++
		stop := e
		if trail != "" {
			if trailAt != e {
				trailAt, trailEnd = e, -1
				if s := autopSkipSpace(text, e); strings.HasPrefix(text[s:], trail) {
					trailEnd = s + len(trail)
				}
			}
			if trailEnd < 0 {
				continue
			}
			stop = trailEnd
		}
		if b.Len() == 0 {
			b.Grow(len(text))
		}
		b.WriteString(text[last:p])
		b.WriteString(text[t:e])
		last, i = stop, stop
	}
	if b.Len() == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// autopBlockPrefix reports whether a block name starts text[j:].
func autopBlockPrefix(text string, j int) bool {
	for _, name := range autopBlocks {
		if strings.HasPrefix(text[j:], name) {
			return true
		}
	}
	return false
}

// autopWrite appends one paragraph as wpautop builds it.
func autopWrite(b *strings.Builder, s string) {
	b.WriteString("<p>")
	b.WriteString(strings.Trim(s, "\n"))
	b.WriteString("</p>\n")
}

// autopPreKey is the start of the placeholder that stands for a <pre>
// element while wpautop works: <pre wp-pre-tag-N></pre>.
const autopPreKey = "<pre wp-pre-tag-"

// autopHidePre replaces each <pre>…</pre> of text by a placeholder and
// returns the elements, in order. As in WordPress, text is cut at each
// </pre>; a piece with no <pre> in it loses its </pre>.
func autopHidePre(text string) (string, []string) {
	parts := strings.Split(text, "</pre>")
	lastPart := parts[len(parts)-1]
	parts = parts[:len(parts)-1]
	var b strings.Builder
	b.Grow(len(text))
	var tags []string
	for _, part := range parts {
		start := strings.Index(part, "<pre")
		if start < 0 {
			b.WriteString(part)
			continue
		}
		b.WriteString(part[:start])
		b.WriteString(autopPreKey)
		b.WriteString(strconv.Itoa(len(tags)))
		b.WriteString("></pre>")
		tags = append(tags, part[start:]+"</pre>")
	}
	b.WriteString(lastPart)
	return b.String(), tags
}

// autopRestorePre puts the <pre> elements back in place of their
// placeholders, in one pass.
//
// WordPress calls str_replace() with every placeholder in turn, so a <pre>
// whose own text ends with a later placeholder (only possible when the
// post itself contains "<pre wp-pre-tag-N>") has that placeholder replaced
// as well; a chain of those grows the output quadratically. This pass
// leaves text restored from a <pre> as it is.
func autopRestorePre(text string, tags []string) string {
	var b strings.Builder
	b.Grow(len(text))
	last, i := 0, 0
	for {
		k := strings.Index(text[i:], autopPreKey)
		if k < 0 {
			break
		}
		p := i + k
		j := p + len(autopPreKey)
		d := j
		for d < len(text) && text[d] >= '0' && text[d] <= '9' {
			d++
		}
		if d > j && (text[j] != '0' || d == j+1) && strings.HasPrefix(text[d:], "></pre>") {
			if n, err := strconv.Atoi(text[j:d]); err == nil && n < len(tags) {
				b.WriteString(text[last:p])
				b.WriteString(tags[n])
				last = d + len("></pre>")
				i = last
				continue
			}
		}
		i = p + 1
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// autopElementEnd is where the element, comment or CDATA section that
// starts at text[i] == '<' ends, as get_html_split_regex() finds it: a
// comment runs to -->, a CDATA section to ]]>, anything else to the next
// >; each to the end of the text when it is not closed.
func autopElementEnd(text string, i int) int {
	j := i + 1
	switch {
	case strings.HasPrefix(text[j:], "!--"):
		j++
		for j < len(text) && text[j] == '-' && !strings.HasPrefix(text[j+1:], "->") {
			j++
			for j < len(text) && text[j] != '-' {
				j++
			}
		}
		if strings.HasPrefix(text[j:], "-->") {
			j += len("-->")
		}
		return j
	case strings.HasPrefix(text[j:], "![CDATA["):
		j += len("![CDATA[")
		for j < len(text) && text[j] != ']' {
			j++
		}
		for j < len(text) && text[j] == ']' && !strings.HasPrefix(text[j+1:], "]>") {
			j++
			for j < len(text) && text[j] != ']' {
				j++
			}
		}
		if strings.HasPrefix(text[j:], "]]>") {
			j += len("]]>")
		}
		return j
	}
	k := strings.IndexByte(text[j:], '>')
	if k < 0 {
		return len(text)
	}
	return j + k + 1
}

// autopReplaceInTags is wp_replace_in_html_tags() with one pair: needle
// becomes replace inside elements and comments (as wp_html_split() cuts
// them), never in the text between them.
func autopReplaceInTags(text, needle, replace string) string {
	var b strings.Builder
	last, i := 0, 0
	for {
		k := strings.IndexByte(text[i:], '<')
		if k < 0 {
			break
		}
		p := i + k
		end := autopElementEnd(text, p)
		if strings.Contains(text[p:end], needle) {
			if b.Len() == 0 {
				b.Grow(len(text) + len(text)/8)
			}
			b.WriteString(text[last:p])
			b.WriteString(strings.ReplaceAll(text[p:end], needle, replace))
			last = end
		}
		i = end
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// autopRawNames are the elements whose newlines wpautop keeps as they are.
var autopRawNames = [...]string{"script", "style", "svg", "math"}

// autopPreserveNewlines is
//
//	preg_replace_callback('/<(script|style|svg|math).*?<\/\1>/s', '_autop_newline_preservation_helper', $text)
//
// that is, from each "<script" (or the other names) to the first
// "</script>" after it, newlines become <WPPreserveNewline />. As in the
// pattern, nothing has to follow the name: "<stylesheet" opens a style.
func autopPreserveNewlines(text string) string {
	// Where the next closing tag of each name was found, from where: the
	// searches only move forward, so each name's text is searched once.
	var from, at [len(autopRawNames)]int
	for n := range from {
		from[n] = -1
	}
	closing := func(n, pos int) int {
		if from[n] >= 0 && pos >= from[n] && (at[n] < 0 || at[n] >= pos) {
			return at[n]
		}
		from[n] = pos
		at[n] = strings.Index(text[pos:], "</"+autopRawNames[n]+">")
		if at[n] >= 0 {
			at[n] += pos
		}
		return at[n]
	}

	var b strings.Builder
	last, i := 0, 0
	for {
		k := strings.IndexByte(text[i:], '<')
		if k < 0 {
			break
		}
		p := i + k
		i = p + 1
		for n, name := range autopRawNames {
			if !strings.HasPrefix(text[p+1:], name) {
				continue
			}
			c := closing(n, p+1+len(name))
			if c < 0 {
				continue
			}
			end := c + len("</>") + len(name)
			if strings.Contains(text[p:end], "\n") {
				b.WriteString(text[last:p])
				b.WriteString(strings.ReplaceAll(text[p:end], "\n", "<WPPreserveNewline />"))
				last = end
			}
			i = end
			break
		}
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// autopIsSpace is PCRE's \s, for bytes.
func autopIsSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// autopLineBreaks is preg_replace('|(?<!<br />)\s*\n|', "<br />\n", $text):
// a run of white space that holds a newline, up to its last newline,
// becomes "<br />\n", unless "<br />" is right before it; then the match
// starts one character later, so only the newlines after the first
// character count.
func autopLineBreaks(text string) string {
	var b strings.Builder
	b.Grow(len(text) + len(text)/4)
	last, i := 0, 0
	for i < len(text) {
		if !autopIsSpace(text[i]) {
			i++
			continue
		}
		a := i
		for i < len(text) && autopIsSpace(text[i]) {
			i++
		}
		nl := strings.LastIndexByte(text[a:i], '\n')
		if nl < 0 {
			continue
		}
		nl += a
		start := a
		if strings.HasSuffix(text[:a], "<br />") {
			start = a + 1
			if start > nl {
				continue
			}
		}
		b.WriteString(text[last:start])
		b.WriteString("<br />\n")
		last = nl + 1
	}
	b.WriteString(text[last:])
	return b.String()
}

// shortcodeUnautop is shortcode_unautop() with names as the registered
// shortcodes ($shortcode_tags): a paragraph that holds nothing but one
// shortcode, [name …], [name …/] or [name …]…[/name], with white space,
// no-break spaces or &nbsp; around it, is unwrapped. Names are tried in
// their order, as the PCRE alternation tries them.
func shortcodeUnautop(text string, names []string) string {
	if len(names) == 0 {
		return text
	}
	s := autopUnautop{text: text, bracket: autopNext{text: text, c: ']'}}
	var b strings.Builder
	last, i := 0, 0
	for {
		k := strings.Index(text[i:], "<p>")
		if k < 0 {
			break
		}
		p := i + k
		if start, end, stop, ok := s.match(p, names); ok {
			b.WriteString(text[last:p])
			b.WriteString(text[start:end])
			last = stop
			i = stop
			continue
		}
		i = p + 1
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// autopUnautop holds what shortcodeUnautop has already searched for, so
// that the scan stays linear when many paragraphs start like shortcodes.
type autopUnautop struct {
	text string

	bracket            autopNext      // the next ']'
	closeFrom, closeAt map[string]int // the next "[/name]" at or after closeFrom
	trailPos, trailEnd int            // trailing spaces and </p> after trailPos-1
}

// spaceLen is the length of wp_spaces_regexp() at text[i]:
// [\r\n\t ]|\xC2\xA0|&nbsp;, or 0.
func (s *autopUnautop) spaceLen(i int) int {
	t := s.text
	switch {
	case i >= len(t):
		return 0
	case t[i] == '\r' || t[i] == '\n' || t[i] == '\t' || t[i] == ' ':
		return 1
	case strings.HasPrefix(t[i:], "\xC2\xA0"):
		return 2
	case strings.HasPrefix(t[i:], "&nbsp;"):
		return len("&nbsp;")
	}
	return 0
}

// closer is the index of the first "[/name]" at or after i, or -1.
func (s *autopUnautop) closer(name string, i int) int {
	if s.closeFrom == nil {
		s.closeFrom, s.closeAt = map[string]int{}, map[string]int{}
	}
	if from, ok := s.closeFrom[name]; ok && i >= from {
		if at := s.closeAt[name]; at < 0 || at >= i {
			return at
		}
	}
	at := strings.Index(s.text[i:], "[/"+name+"]")
	if at >= 0 {
		at += i
	}
	s.closeFrom[name], s.closeAt[name] = i, at
	return at
}

// trail is the end of the spaces and </p> that close a paragraph at i,
// or -1.
func (s *autopUnautop) trail(i int) int {
	if s.trailPos == i+1 {
		return s.trailEnd
	}
	j := i
	for n := s.spaceLen(j); n > 0; n = s.spaceLen(j) {
		j += n
	}
	end := -1
	if strings.HasPrefix(s.text[j:], "</p>") {
		end = j + len("</p>")
	}
	s.trailPos, s.trailEnd = i+1, end
	return end
}

// match tries shortcode_unautop's pattern at the "<p>" at text[p]. It
// returns the shortcode, text[start:end], and where the match stops.
func (s *autopUnautop) match(p int, names []string) (start, end, stop int, ok bool) {
	t := s.text
	start = p + len("<p>")
	for n := s.spaceLen(start); n > 0; n = s.spaceLen(start) {
		start += n
	}
	if start >= len(t) || t[start] != '[' {
		return 0, 0, 0, false
	}
	for _, name := range names {
		q := start + 1
		if !strings.HasPrefix(t[q:], name) {
			continue
		}
		q += len(name)
		if q < len(t) && (autopIsWord(t[q]) || t[q] == '-') {
			continue
		}
		// The opening tag runs to the first ']'; "/]" closes it on its own.
		r := s.bracket.index(q)
		if r < 0 {
			continue
		}
		if r > q && t[r-1] == '/' {
			if stop := s.trail(r + 1); stop >= 0 {
				return start, r + 1, stop, true
			}
			continue
		}
		// Enclosing: up to the first [/name], if there is one, else the
		// opening tag alone.
		if c := s.closer(name, r+1); c >= 0 {
			e := c + len("[/]") + len(name)
			if stop := s.trail(e); stop >= 0 {
				return start, e, stop, true
			}
		}
		if stop := s.trail(r + 1); stop >= 0 {
			return start, r + 1, stop, true
		}
	}
	return 0, 0, 0, false
}

// autopIsWord is PCRE's \w, for bytes.
func autopIsWord(c byte) bool {
	return c == '_' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// autopCloseUnclosedP is autopUnclosedP's replacement (<p>text</div> →
// <p>text</p></div>) by hand: the regexp took half the import's time on
// posts of many paragraphs. A "<p>" cannot start inside the text it
// skips (no '<' there), so the scan resumes where that text ends.
func autopCloseUnclosedP(text string) string {
	if !strings.Contains(text, "<p>") {
		return text
	}
	var b strings.Builder
	last := 0
	for i := 0; ; {
		k := strings.Index(text[i:], "<p>")
		if k < 0 {
			break
		}
		j := i + k + 3
		lt := strings.IndexByte(text[j:], '<')
		if lt < 0 {
			break
		}
		lt += j
		i = lt
		if lt == j {
			continue // [^<]+ wants one character at least
		}
		for _, tag := range [...]string{"</div>", "</address>", "</form>"} {
			if strings.HasPrefix(text[lt:], tag) {
				b.WriteString(text[last:lt])
				b.WriteString("</p>")
				b.WriteString(tag)
				last = lt + len(tag)
				i = last
				break
			}
		}
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}
