package typeset

// Images lists the image files a document draws (figures and images in
// the text), each once, in the order they come: what a typeset file
// depends on besides the document itself.
func (d *Document) Images() []string {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		if p != "" && !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	var blocks func([]Block)
	inlines := func(inl []Inline) {
		for _, in := range inl {
			if in.Image != nil {
				add(in.Image.Path)
			}
			if in.Note != nil {
				blocks(in.Note.Blocks)
			}
		}
	}
	blocks = func(bs []Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *Paragraph:
				inlines(b.Inlines)
			case *Heading:
				inlines(b.Inlines)
			case *List:
				for _, it := range b.Items {
					blocks(it)
				}
			case *Quote:
				blocks(b.Blocks)
			case *Table:
				for _, c := range b.Header {
					inlines(c.Inlines)
				}
				for _, r := range b.Rows {
					for _, c := range r {
						inlines(c.Inlines)
					}
				}
			case *Figure:
				add(b.Path)
				inlines(b.Caption)
			case *DefList:
				for _, it := range b.Items {
					inlines(it.Term)
					for _, d := range it.Defs {
						blocks(d)
					}
				}
			}
		}
	}
	for _, s := range d.Sections {
		inlines(s.Heading)
		inlines(s.Subheading)
		blocks(s.Blocks)
	}
	return out
}

// ImageFile is an image file a document may draw, as the PDF builder
// finds it.
type ImageFile struct {
	Path          string // a PNG or JPEG file
	Width, Height int    // pixels
	// Problem, when not empty, says why the PDF cannot draw the image,
	// as the end of a sentence ("is an SVG image, which …"): it is shown
	// as its description, in a frame, and reported.
	Problem string
}
