package markdown

import (
	"strconv"
	"strings"
	"testing"
)

func TestRawHTMLTheBooksCannotRender(t *testing.T) {
	src := "Une vidéo :\n\n<iframe src=\"https://example.org/v\"></iframe>\n\n<video src=\"a.mp4\"></video> et encore <video src=\"b.mp4\"></video>\n\nUne image <img src=\"a.png\" alt=\"A\"> et du <sup>texte</sup> <span>gardé</span>.\n"
	for _, c := range []struct {
		epub, pdf bool
		want      []string
	}{
		{false, false, nil},
		{true, false, []string{"7: an image written in HTML, <img>, is left out of the EPUB,"}},
		{true, true, []string{"3: raw HTML <iframe> cannot be printed", "5: raw HTML <video> cannot be printed", "7: an image written in HTML, <img>, is left out of the EPUB and the PDF"}},
	} {
		var got []string
		NewReader("fr").Read([]byte(src), &Doc{File: "a.md", FirstLine: 1, EPUB: c.epub, PDF: c.pdf,
			Report: func(line int, isErr bool, msg string) { got = append(got, strconv.Itoa(line)+": "+msg) }})
		if len(got) != len(c.want) {
			t.Errorf("epub %v, pdf %v: %q, want %d reports", c.epub, c.pdf, got, len(c.want))
			continue
		}
		for i, w := range c.want {
			if !strings.HasPrefix(got[i], w) {
				t.Errorf("epub %v, pdf %v: %q, want %q", c.epub, c.pdf, got[i], w)
			}
		}
	}
}
