package check

import (
	"bytes"
	"net/url"
	"testing"
)

// FuzzMarkdownLinks finds the links of any text: never a panic, and each
// on a line of the text.
func FuzzMarkdownLinks(f *testing.F) {
	for _, s := range []string{
		"[a](b) ![c](d.png)\n\n<https://x.org/> <a href='e'>f</a>\n\n<div>\n<img src=\"g.png\">\n</div>\n",
		"```\n[no](x)\n```\n\n[ref]: /r/\n\n[ref] `[no](y)`\n",
		"> - [a](b\n> c)\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, l := range markdownLinks(src, 7) {
			if l.line < 7 || l.line > 7+lines {
				t.Fatalf("link %q on line %d of a text of %d lines starting on line 7", l.dest, l.line, lines)
			}
		}
	})
}

// FuzzParseOutput reads any HTML or feed as the check does: never a panic.
func FuzzParseOutput(f *testing.F) {
	for _, s := range []string{
		`<html><base href="/x/"><a href="../y/#z" id="a">y</a><img src="i.png" srcset="a.png 1x, b.png 2x"><meta property="og:image" content="/o.png"></html>`,
		`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://t.example/"><entry><link href="/a/"/><content type="html">&lt;a href="b/"&gt;b&lt;/a&gt;</content></entry></feed>`,
		`<rss xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><link>https://t.example/</link><item><link>/a/</link><guid>g</guid><content:encoded><![CDATA[<img src="x.png">]]></content:encoded></item></channel></rss>`,
		`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://t.example/a/</loc></url></urlset>`,
	} {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	base, _ := url.Parse("https://t.example/blog/")
	f.Fuzz(func(t *testing.T, data []byte, feed bool) {
		c := &checker{base: base, src: newSourceMap(nil), files: map[string]bool{}, dirs: map[string]bool{}, docs: map[string]*document{}}
		var doc *document
		if feed {
			doc = c.parseFeed("index.xml", data)
		} else {
			doc = c.parseHTML("a/index.html", data)
		}
		if doc != nil {
			c.docs[doc.rel] = doc
			c.checkInternal()
		}
	})
}
