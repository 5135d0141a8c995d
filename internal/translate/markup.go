package translate

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// A translation tool shows Markdown as text: a translator, or the tool,
// can drop a ** or a footnote call without seeing it. Before an imported
// paragraph replaces anything, its markup is compared with its source's:
// the same emphases, code, links, images, footnotes and inline HTML, in
// number (the order may change with the language's).

// markupParser parses one paragraph alone: footnote calls and reference
// links have no definitions there, so they are counted from the text.
var markupParser = goldmark.New(goldmark.WithExtensions(extension.Strikethrough, extension.Table, extension.TaskList))

var (
	footnoteCallRE = regexp.MustCompile(`\[\^([^\]\s]+)\](:?)`)
	htmlTagRE      = regexp.MustCompile(`^<(/?)([A-Za-z][A-Za-z0-9-]*)`)
)

// markup is what a paragraph's Markdown holds, counted.
type markup struct {
	counts map[string]int // "strong emphasis (**…**)" → 2
	links  []string       // destinations, sorted
	images []string
	notes  []string // footnote calls, sorted; "label:" for a definition
	tags   []string // inline HTML tags: "em", "/em"
	// literal: delimiters left as text, unclosed ("**", "`").
	literal []string
}

func readMarkup(src string) markup {
	m := markup{counts: map[string]int{}}
	source := []byte(src)
	doc := markupParser.Parser().Parse(text.NewReader(source))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Emphasis:
			if n.Level == 2 {
				m.counts["strong emphasis (**…**)"]++
			} else {
				m.counts["emphasis (*…*)"]++
			}
		case *ast.CodeSpan:
			m.counts["inline code (`…`)"]++
		case *east.Strikethrough:
			m.counts["strikethrough (~~…~~)"]++
		case *east.TaskCheckBox:
			if n.IsChecked {
				m.counts["checked box ([x])"]++
			} else {
				m.counts["unchecked box ([ ])"]++
			}
		case *ast.Link:
			m.links = append(m.links, string(n.Destination))
		case *ast.AutoLink:
			m.links = append(m.links, string(n.URL(source)))
		case *ast.Image:
			m.images = append(m.images, string(n.Destination))
		case *ast.RawHTML:
			var b strings.Builder
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				b.Write(seg.Value(source))
			}
			if t := htmlTagRE.FindStringSubmatch(b.String()); t != nil {
				m.tags = append(m.tags, t[1]+strings.ToLower(t[2]))
			}
		case *ast.Text:
			seg := n.Segment.Value(source)
			for _, d := range []string{"**", "__", "~~", "`"} {
				if strings.Contains(string(seg), d) {
					m.literal = append(m.literal, d)
				}
			}
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for _, c := range footnoteCallRE.FindAllStringSubmatch(src, -1) {
		m.notes = append(m.notes, c[1]+c[2])
	}
	sort.Strings(m.links)
	sort.Strings(m.images)
	sort.Strings(m.notes)
	return m
}

// MarkupProblems compares the markup of a translated paragraph with its
// source's and says what differs, a sentence each; resolves, when set,
// accepts a link or image target that differs from the source's (the
// page's translation, say).
func MarkupProblems(source, target string, resolves func(dest string) bool) []string {
	s, t := readMarkup(source), readMarkup(target)
	var out []string
	kinds := map[string]bool{}
	for k := range s.counts {
		kinds[k] = true
	}
	for k := range t.counts {
		kinds[k] = true
	}
	var names []string
	for k := range kinds {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		if s.counts[k] != t.counts[k] {
			theirs := fmt.Sprint(t.counts[k])
			if t.counts[k] == 0 {
				theirs = "none"
			}
			out = append(out, fmt.Sprintf("the original has %s %s, the translation %s", count(s.counts[k]), k, theirs))
		}
	}
	for _, d := range t.literal {
		if !slices.Contains(s.literal, d) {
			out = append(out, fmt.Sprintf("a %s is left open in the translation: close it, or remove it", d))
		}
	}
	if d := differ(s.notes, t.notes, nil); d != "" {
		out = append(out, "footnotes: "+d)
	}
	if d := differ(s.links, t.links, resolves); d != "" {
		out = append(out, "links: "+d)
	}
	if d := differ(s.images, t.images, resolves); d != "" {
		out = append(out, "images: "+d)
	}
	if d := differ(sorted(s.tags), sorted(t.tags), nil); d != "" {
		out = append(out, "inline HTML: "+d)
	}
	return out
}

func count(n int) string {
	if n == 0 {
		return "no"
	}
	return fmt.Sprint(n)
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// differ compares two sorted lists; an item of b that is not in a is
// accepted when resolves says so and a has one left over to stand for.
func differ(a, b []string, resolves func(string) bool) string {
	left := map[string]int{}
	for _, x := range a {
		left[x]++
	}
	var added []string
	for _, x := range b {
		if left[x] > 0 {
			left[x]--
			continue
		}
		added = append(added, x)
	}
	var missing []string
	for _, x := range a {
		if left[x] > 0 {
			left[x]--
			missing = append(missing, x)
		}
	}
	// A target changed for one that resolves (the translated page).
	for len(added) > 0 && len(missing) > 0 && resolves != nil && resolves(added[0]) {
		added, missing = added[1:], missing[1:]
	}
	var parts []string
	if len(missing) > 0 {
		parts = append(parts, "the translation lacks "+quoteAll(missing))
	}
	if len(added) > 0 {
		parts = append(parts, "the translation adds "+quoteAll(added))
	}
	return strings.Join(parts, "; ")
}

func quoteAll(items []string) string {
	q := make([]string, len(items))
	for i, x := range items {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}
