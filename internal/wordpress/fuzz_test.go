package wordpress

import (
	"strings"
	"testing"
	"unicode"
)

// FuzzContent feeds post contents to WordPress's filters and the
// conversion to Markdown: whatever a post holds, no panic, no hang, and
// the words of plain text survive.
func FuzzContent(f *testing.F) {
	for _, s := range []string{
		"Un paragraphe.\n\nUn autre,\navec un saut.",
		`[caption id="attachment_1" width="300"]<img src="x-300x200.png" alt="x" /> Légende[/caption]`,
		`[gallery ids="1,2"] [[gallery]] [embed]https://x.example/[/embed] [video src="v.mp4"] [unknown-code a="1"]`,
		"<!-- wp:paragraph -->\n<p>Texte<sup data-fn=\"a\">1</sup></p>\n<!-- /wp:paragraph -->\n<!-- wp:block {\"ref\":1} /-->",
		"<table><tr><td colspan=2>a</td></tr></table><pre>code\n\n</pre><dl><dt>a</dt><dd>b</dd></dl>",
		"<figure><figure><img src=a></figure><figcaption>c</figcaption></figure>[caption]",
		"<!--more--> [a [b] c] [/x] [x]y[/x] <script>alert(1)</script>",
	} {
		f.Add(s)
	}
	conv := newConverter()
	f.Fuzz(func(t *testing.T, content string) {
		if len(content) > 1<<16 {
			return
		}
		it := &Item{ID: 1, Type: "post", Content: content, Meta: map[string]string{"footnotes": `[{"id":"a","content":"n"}]`}}
		reusable := &Item{ID: 2, Type: "wp_block", Content: content}
		p := &post{item: it, exp: newIndex(&Export{Items: []*Item{it, reusable}}), own: "x.example", unknown: map[string]int{}, dynamic: map[string]int{}}
		md, err := conv.toMarkdown(p)
		if err != nil {
			return
		}
		if onlyLetters(content) {
			for _, w := range strings.Fields(content) {
				if !strings.Contains(md, w) {
					t.Fatalf("the word %q of %q is lost: %q", w, content, md)
				}
			}
		}
	})
}

// onlyLetters tells text with nothing Markdown or HTML could read: letters
// and spaces.
func onlyLetters(s string) bool {
	if strings.TrimSpace(s) == "" {
		return false
	}
	for _, r := range s {
		if r != ' ' && !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// FuzzParse feeds exports to the WXR reader: an error or an export, never
// a panic.
func FuzzParse(f *testing.F) {
	f.Add(`<?xml version="1.0"?><rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version><item><title>x</title><wp:post_id>1</wp:post_id></item></channel></rss>`)
	f.Add(`<rss><channel><item>`)
	f.Fuzz(func(t *testing.T, doc string) {
		_, _ = Parse(strings.NewReader(doc))
	})
}
