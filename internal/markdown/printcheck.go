package markdown

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/yuin/goldmark/ast"
)

// TypesetTags are the raw HTML elements within text that the PDF renders
// (as styles, or a line break); of the others it keeps the text only.
var TypesetTags = map[string]bool{
	"br": true, "sup": true, "sub": true, "em": true, "i": true, "strong": true,
	"b": true, "code": true, "s": true, "del": true, "small": true,
}

// packageless are the raw HTML elements that name files or pages no
// EPUB holds (an image, a frame, a video) or run code: the EPUB writer
// leaves them out, and the PDF has no text of theirs to keep.
var packageless = map[string]bool{
	"img": true, "iframe": true, "video": true, "audio": true, "embed": true,
	"object": true, "source": true, "track": true, "picture": true,
	"canvas": true, "script": true, "style": true,
}

// unprintable are the other raw HTML elements with no text of their own
// to keep: the PDF leaves them out whole (the EPUB renders them).
var unprintable = map[string]bool{
	"svg": true, "math": true, "form": true, "input": true, "button": true,
	"select": true, "textarea": true,
}

var (
	htmlCommentRE = regexp.MustCompile(`(?s)<!--.*?-->`)
	openTagRE     = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)`)
	// codeRE is a script or a style with its content.
	codeRE = regexp.MustCompile(`(?is)<(?:script|style)\b[^>]*>.*?</(?:script|style)\s*>`)
	// tagRE is a comment, or a start or end tag with its name.
	tagRE = regexp.MustCompile(`(?s)<!--.*?-->|</?([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*>`)
)

// withoutPackageless is raw HTML without the elements the EPUB leaves
// out (their tags; a script's or a style's content too).
func withoutPackageless(raw []byte) []byte {
	raw = codeRE.ReplaceAll(raw, nil)
	return tagRE.ReplaceAllFunc(raw, func(m []byte) []byte {
		if sub := tagRE.FindSubmatch(m); len(sub) > 1 && packageless[strings.ToLower(string(sub[1]))] {
			return nil
		}
		return m
	})
}

// checkPrinted reports the raw HTML the EPUB or the PDF cannot render,
// once per element and page: the elements the EPUB leaves out (an image,
// a frame, a video), and for the PDF the other elements with no text of
// their own (an SVG drawing, a form). Comments are not read.
func checkPrinted(root ast.Node, src []byte, doc *Doc) {
	if doc.Report == nil || (!doc.EPUB && !doc.PDF) {
		return
	}
	seen := map[string]bool{}
	tags := func(n ast.Node, raw []byte) {
		for _, m := range openTagRE.FindAllSubmatch(htmlCommentRE.ReplaceAll(raw, nil), -1) {
			tag := strings.ToLower(string(m[1]))
			if seen[tag] {
				continue
			}
			var msg string
			switch {
			case tag == "img":
				msg = fmt.Sprintf("an image written in HTML, <img>, is left out of the %s, which cannot hold its file: write it in Markdown, ![description](file.png)", printedOutputs(doc.EPUB, doc.PDF))
			case packageless[tag]:
				msg = fmt.Sprintf("raw HTML <%s> is left out of the %s: say in the text what it shows, or link to it", tag, printedOutputs(doc.EPUB, doc.PDF))
			case unprintable[tag] && doc.PDF:
				msg = fmt.Sprintf("raw HTML <%s> cannot be printed: the PDF leaves it out; say in the text what it shows", tag)
			default:
				continue
			}
			seen[tag] = true
			doc.Report(lineOf(n, src, doc), false, msg)
		}
	}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML:
			tags(n, rawSegments(n, src))
		case *ast.HTMLBlock:
			tags(n, htmlBlockText(n, src))
		}
		return ast.WalkContinue, nil
	})
}

// rawSegments is the text of inline raw HTML.
func rawSegments(n *ast.RawHTML, src []byte) []byte {
	var b []byte
	for i := 0; i < n.Segments.Len(); i++ {
		seg := n.Segments.At(i)
		b = append(b, seg.Value(src)...)
	}
	return b
}

// htmlBlockText is the text of a raw HTML block, with its closing line.
func htmlBlockText(n *ast.HTMLBlock, src []byte) []byte {
	b := blockText(n, src)
	if n.HasClosure() {
		b = append(b, n.ClosureLine.Value(src)...)
	}
	return b
}

func printedOutputs(epub, pdf bool) string {
	switch {
	case epub && pdf:
		return "EPUB and the PDF"
	case epub:
		return "EPUB"
	}
	return "PDF"
}
