package markdown

import (
	"strconv"
	"strings"
	"testing"
)

const rawHTMLPage = "Une vidéo :\n\n<iframe src=\"https://example.org/v\"></iframe>\n\n<video src=\"a.mp4\"></video> et encore <video src=\"b.mp4\"></video>\n\nUne image <img src=\"a.png\" alt=\"A\"> et du <sup>texte</sup> <span>gardé</span>.\n\n<svg viewBox=\"0 0 1 1\"><circle r=\"1\"/></svg>\n\n<!-- ancienne version : <iframe src=\"x\"></iframe> <img src=\"b.png\"> --> Et <!-- <audio> --> fin.\n"

func TestRawHTMLTheBooksCannotRender(t *testing.T) {
	for _, c := range []struct {
		epub, pdf bool
		want      []string
	}{
		{false, false, nil},
		{true, false, []string{
			"3: raw HTML <iframe> is left out of the EPUB:",
			"5: raw HTML <video> is left out of the EPUB:",
			"7: an image written in HTML, <img>, is left out of the EPUB,",
		}},
		{true, true, []string{
			"3: raw HTML <iframe> is left out of the EPUB and the PDF:",
			"5: raw HTML <video> is left out of the EPUB and the PDF:",
			"7: an image written in HTML, <img>, is left out of the EPUB and the PDF,",
			"9: raw HTML <svg> cannot be printed",
		}},
	} {
		var got []string
		NewReader("fr").Read([]byte(rawHTMLPage), &Doc{File: "a.md", FirstLine: 1, EPUB: c.epub, PDF: c.pdf,
			Report: func(line int, isErr bool, msg string) { got = append(got, strconv.Itoa(line)+": "+msg) }})
		if len(got) != len(c.want) {
			t.Errorf("epub %v, pdf %v: %q, want %d reports (none for comments)", c.epub, c.pdf, got, len(c.want))
			continue
		}
		for i, w := range c.want {
			if !strings.HasPrefix(got[i], w) {
				t.Errorf("epub %v, pdf %v: %q, want %q", c.epub, c.pdf, got[i], w)
			}
		}
	}
}

// TestXHTMLLeavesOutWhatNoEPUBHolds: the EPUB has no raw image, frame
// or video (files it does not hold), nor a link within a link.
func TestXHTMLLeavesOutWhatNoEPUBHolds(t *testing.T) {
	res, _ := xhtmlConvert(t, "fr", rawHTMLPage+"\n[![Logo distant](https://example.org/d.png)](https://example.org/)\n", nil)
	html := string(res.HTML)
	for _, bad := range []string{"<img", "<iframe", "<video", "</video>", `href="https://example.org/d.png"`} {
		if strings.Contains(htmlCommentRE.ReplaceAllString(html, ""), bad) {
			t.Errorf("the EPUB's text has %s:\n%s", bad, html)
		}
	}
	for _, want := range []string{"<sup>texte</sup>", "<span>gardé</span>", "<svg", "<!-- ancienne version", `<a href="https://example.org/">Logo distant</a>`} {
		if !strings.Contains(html, want) {
			t.Errorf("the EPUB's text lacks %s:\n%s", want, html)
		}
	}
}
