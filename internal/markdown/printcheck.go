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

// textless are the raw HTML elements with no text of their own to keep:
// the PDF leaves them out whole.
var textless = map[string]bool{
	"iframe": true, "video": true, "audio": true, "embed": true, "object": true,
	"canvas": true, "svg": true, "script": true, "style": true, "form": true,
	"input": true, "button": true, "select": true, "textarea": true,
	"picture": true, "math": true,
}

var openTagRE = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9-]*)`)

// checkPrinted reports the raw HTML the EPUB or the PDF cannot render,
// once per element and page: an <img> (no package holds its file), and
// for the PDF the elements with no text of their own (a video, a frame).
func checkPrinted(root ast.Node, src []byte, doc *Doc) {
	if doc.Report == nil || (!doc.EPUB && !doc.PDF) {
		return
	}
	seen := map[string]bool{}
	tags := func(n ast.Node, raw []byte) {
		for _, m := range openTagRE.FindAllSubmatch(raw, -1) {
			tag := strings.ToLower(string(m[1]))
			if seen[tag] {
				continue
			}
			var msg string
			switch {
			case tag == "img":
				msg = fmt.Sprintf("an image written in HTML, <img>, is left out of the %s, which cannot hold its file: write it in Markdown, ![description](file.png)", printedOutputs(doc.EPUB, doc.PDF))
			case textless[tag] && doc.PDF:
				msg = fmt.Sprintf("raw HTML <%s> cannot be printed: the PDF leaves it out; say in the text what it shows, or link to it", tag)
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
			var b []byte
			for i := 0; i < n.Segments.Len(); i++ {
				seg := n.Segments.At(i)
				b = append(b, seg.Value(src)...)
			}
			tags(n, b)
		case *ast.HTMLBlock:
			tags(n, blockText(n, src))
		}
		return ast.WalkContinue, nil
	})
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
