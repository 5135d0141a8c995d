package typesetdoc

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"

	xhtml "golang.org/x/net/html"

	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/typeset"
)

// everyConstruct is one page with every construct the writers render.
const everyConstruct = `Un paragraphe avec une note[^a] et une autre[^b], puis la première encore[^a].

## Des figures

![Une colline au soleil](colline.png "La colline, le matin")

[![Un plan](plan.png "Le plan, en grand")](plan.png)

![Une image distante](https://example.org/d.png "Sur un autre site")

![Une icône](icone.png) dans le texte, et une image absente ![Rien](absente.png "Pas de fichier").

### Un tableau

| Nom | Valeur |
|:----|-------:|
| a   | 1      |

### Du code

` + "```go\nfunc main() {}\n```" + `

Terme
: Définition.

- une liste
  - imbriquée

> Une citation.

{{< figure src="plan.png" alt="Le plan encore" caption="Par un shortcode" >}}

{{% alert title="Attention" %}}
#### Dans une boîte

Un texte {{< badge >}}en ligne{{< /badge >}}, une [référence]({{< relref "/x.md" >}}).
{{% /alert %}}

{{< youtube abc >}}

[^a]: La première note.
[^b]: - une liste
    - dans la note
`

// structure is what the three outputs must agree on.
type structure struct {
	Figures  []string // captions, "" for none
	Notes    int
	Calls    int
	Headings []string // level:id
}

// resolve is a site of three images; absente.png names nothing.
func resolve(dest string, img bool) (markdown.Target, bool) {
	switch dest {
	case "colline.png", "plan.png":
		return markdown.Target{URL: "/p/" + dest, Width: 800, Height: 600, File: "/files/" + dest}, true
	case "icone.png":
		return markdown.Target{URL: "/p/" + dest, Width: 16, Height: 16, File: "/files/" + dest}, true
	}
	return markdown.Target{}, false
}

func images(file string) (typeset.ImageFile, bool) {
	h := 600
	if strings.HasSuffix(file, "icone.png") {
		h = 16
	}
	return typeset.ImageFile{Path: file, Width: 800, Height: h}, true
}

// htmlStructure reads figures, notes and headings from HTML or XHTML.
func htmlStructure(t *testing.T, page []byte) structure {
	t.Helper()
	root, err := xhtml.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var s structure
	var walk func(n *xhtml.Node)
	attr := func(n *xhtml.Node, name string) string {
		for _, a := range n.Attr {
			if a.Key == name {
				return a.Val
			}
		}
		return ""
	}
	text := func(n *xhtml.Node) string {
		var b strings.Builder
		var f func(*xhtml.Node)
		f = func(n *xhtml.Node) {
			if n.Type == xhtml.TextNode {
				b.WriteString(n.Data)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				f(c)
			}
		}
		f(n)
		return strings.TrimSpace(b.String())
	}
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			switch n.Data {
			case "figure":
				caption := ""
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == xhtml.ElementNode && c.Data == "figcaption" {
						caption = text(c)
					}
				}
				s.Figures = append(s.Figures, caption)
			case "h2", "h3", "h4":
				s.Headings = append(s.Headings, n.Data[1:]+":"+attr(n, "id"))
			case "li":
				if strings.HasPrefix(attr(n, "id"), "fn:") {
					s.Notes++
				}
			case "aside":
				if attr(n, "epub:type") == "footnote" {
					s.Notes++
				}
			case "a":
				if c := attr(n, "class"); c == "footnote-ref" || attr(n, "epub:type") == "noteref" {
					s.Calls++
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return s
}

// blocksStructure reads the same from the typesetter's blocks.
func blocksStructure(bs []typeset.Block) structure {
	var s structure
	notes := map[*typeset.Note]bool{}
	var blocks func([]typeset.Block)
	inlines := func(in []typeset.Inline) {
		for _, i := range in {
			if i.Note != nil {
				s.Calls++
				if !notes[i.Note] {
					notes[i.Note] = true
					s.Notes++
				}
			}
		}
	}
	blocks = func(bs []typeset.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *typeset.Paragraph:
				inlines(b.Inlines)
			case *typeset.Heading:
				s.Headings = append(s.Headings, fmt.Sprintf("%d:%s", b.Level, b.ID))
				inlines(b.Inlines)
			case *typeset.Figure:
				caption := ""
				for _, c := range b.Caption {
					caption += c.Text
				}
				s.Figures = append(s.Figures, caption)
			case *typeset.List:
				for _, it := range b.Items {
					blocks(it)
				}
			case *typeset.Quote:
				blocks(b.Blocks)
			case *typeset.DefList:
				for _, it := range b.Items {
					inlines(it.Term)
					for _, d := range it.Defs {
						blocks(d)
					}
				}
			case *typeset.Table:
				for _, c := range b.Header {
					inlines(c.Inlines)
				}
				for _, r := range b.Rows {
					for _, c := range r {
						inlines(c.Inlines)
					}
				}
			}
		}
	}
	blocks(bs)
	return s
}

// TestOneDocumentThreeWriters reads a page once and renders it as HTML,
// EPUB XHTML and typeset blocks: the three show the same figures, notes
// and headings, and the problems are the reader's, each once.
func TestOneDocumentThreeWriters(t *testing.T) {
	conv := markdown.New(markdown.Options{Lang: "fr"})
	var problems []string
	doc := conv.Reader().Read([]byte(everyConstruct), &markdown.Doc{
		File: "page.md", FirstLine: 5, Resolve: resolve,
		Report: func(line int, isErr bool, msg string) { problems = append(problems, fmt.Sprintf("%d: %s", line, msg)) },
	})
	if n := conv.Reader().Reads(); n != 1 {
		t.Fatalf("%d reads, want 1", n)
	}
	if len(problems) != 1 || !strings.HasPrefix(problems[0], "15: ") || !strings.Contains(problems[0], "absente.png") {
		t.Errorf("problems: %q, want the missing image once, at line 15", problems)
	}
	html, err := conv.HTML(doc)
	if err != nil {
		t.Fatal(err)
	}
	epub, err := markdown.NewXHTMLWriter("fr").Render(doc, markdown.XHTMLOptions{
		Image: func(img markdown.ImageRef) (string, int, int, bool) {
			if img.Link == nil {
				return "", 0, 0, false
			}
			return "images/" + img.Link.Written, 0, 0, true
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	var warnings []string
	blocks := Blocks(doc, Options{Prefix: "a-", Image: images, Warn: func(line int, msg string) { warnings = append(warnings, msg) }})

	want := structure{
		// The image of no file is its description in every output.
		Figures:  []string{"La colline, le matin", "Le plan, en grand", "Sur un autre site", "Par un shortcode"},
		Notes:    2,
		Calls:    3,
		Headings: []string{"2:des-figures", "3:un-tableau", "3:du-code", "4:dans-une-boite"},
	}
	got := map[string]structure{"HTML": htmlStructure(t, html), "EPUB": htmlStructure(t, epub.HTML), "PDF": blocksStructure(blocks)}
	pdf := got["PDF"]
	for i, h := range pdf.Headings {
		pdf.Headings[i] = strings.Replace(h, ":a-", ":", 1) // the book's prefix
	}
	for name, s := range got {
		if !reflect.DeepEqual(s, want) {
			t.Errorf("%s: %+v, want %+v", name, s, want)
		}
	}
	if len(warnings) != 0 {
		t.Errorf("the PDF writer reported %q: every problem is the reader's", warnings)
	}
	// The writers only read the document: rendering it again gives the same.
	again, err := conv.HTML(doc)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(html, again) {
		t.Errorf("a second rendering differs: the writers changed the document\n%s\n---\n%s", html, again)
	}
}

// TestWritersRenderAtOnce: the three writers render one document at the
// same time, as a book's EPUB and PDFs do (go test -race tells whether a
// writer wrote into the tree), and each gives what it gives alone.
func TestWritersRenderAtOnce(t *testing.T) {
	conv := markdown.New(markdown.Options{Lang: "fr"})
	read := func() *markdown.Document {
		return conv.Reader().Read([]byte(everyConstruct), &markdown.Doc{File: "page.md", FirstLine: 1, Resolve: resolve})
	}
	xo := markdown.XHTMLOptions{Image: func(img markdown.ImageRef) (string, int, int, bool) { return "i.png", 1, 1, img.Link != nil }}
	render := func(d *markdown.Document) string {
		html, err := conv.HTML(d)
		if err != nil {
			t.Error(err)
		}
		x, err := markdown.NewXHTMLWriter("fr").Render(d, xo)
		if err != nil {
			t.Error(err)
		}
		return string(html) + string(x.HTML) + fmt.Sprint(blocksStructure(Blocks(d, Options{Image: images})))
	}
	want := render(read())
	d := read()
	var wg sync.WaitGroup
	got := make([]string, 6)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = render(d)
		}()
	}
	wg.Wait()
	for i, g := range got {
		if g != want {
			t.Errorf("rendering %d at the same time as others differs from one alone", i)
		}
	}
}
