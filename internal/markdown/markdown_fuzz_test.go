package markdown

import (
	"bytes"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"# Titre {#id}\n\nUn « paragraphe » ; avec : ponctuation !\n\n> citation\n\n- a\n  - b\n\n1. un\n",
	"![alt](img.png \"titre\")\n\n[lien](../autre/index.md#ancre) [racine](/a/) <https://x.org/>\n",
	"Note[^1].\n\n[^1]: La note.\n\n| a | b |\n|:-|-:|\n| 1 | 2 |\n",
	"```go\nfunc main() {}\n```\n\n    code\n\nTerme\n: définition\n",
	"<div>brut <br> &nbsp; <img src=x></div>\n\n<!--more-->\n\nsuite\n",
	"\x00\x01\x0c\ufeff\u2028 ![](file:///etc/passwd) ![x](/etc/passwd) [l](FILE:x)\n",
	strings.Repeat("> ", 50) + "x\n" + strings.Repeat("- ", 50) + "y\n",
	"*a **b *c** d* e*\n\n~~barré~~ www.exemple.org\n",
	"{{% alert title=\"x\" %}}\n- a {{< badge >}}b{{< /badge >}}\n{{% /alert %}}\n\n[l]({{< relref \"img.png\" >}}) {{< youtube a >}}\n\n> {{< highlight go >}}\nx\n{{< /highlight >}}\n```\n{{</* x */>}}\n```\n",
}

// fuzzDoc resolves a few names, as a site would, and checks that every
// problem is reported on a line of the text.
func fuzzDoc(t *testing.T, src []byte) *Doc {
	lines := bytes.Count(src, []byte("\n")) + 1
	return &Doc{
		File:      "fuzz.md",
		FirstLine: 5,
		Resolve: func(dest string, image bool) (Target, bool) {
			switch {
			case strings.HasSuffix(dest, "img.png"):
				return Target{URL: "/p/img.png", Width: 10, Height: 10}, true
			case strings.HasSuffix(dest, "damaged.png"):
				return Target{URL: "/p/damaged.png", Damaged: "is damaged"}, true
			case strings.HasSuffix(dest, "draft.md"):
				return Target{Problem: "is a draft"}, true
			case strings.HasSuffix(dest, "index.md"):
				return Target{URL: "/autre/"}, true
			}
			return Target{}, false
		},
		SiteRootImages: true,
		Report: func(line int, isErr bool, msg string) {
			if line != 0 && (line < 5 || line > 5+lines) {
				t.Fatalf("%q reported on line %d of a text of %d lines starting on line 5", msg, line, lines)
			}
		},
	}
}

// FuzzConvert turns any text into HTML: never a panic, the TOC's ids
// unique, the summary plain.
func FuzzConvert(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), true)
	}
	fr, en := New(Options{Lang: "fr"}), New(Options{Lang: "en"})
	f.Fuzz(func(t *testing.T, src []byte, french bool) {
		c := en
		if french {
			c = fr
		}
		res, err := c.Convert(src, fuzzDoc(t, src))
		if err != nil {
			t.Fatal(err)
		}
		if utf8.Valid(src) && !utf8.Valid(res.HTML) {
			t.Fatalf("valid UTF-8 in, invalid out")
		}
		seen := map[string]bool{}
		for _, h := range res.TOC {
			if seen[h.ID] {
				t.Fatalf("two headings with the id %q", h.ID)
			}
			seen[h.ID] = true
		}
		if strings.Contains(res.Summary, "<") {
			t.Fatalf("markup in the summary: %q", res.Summary)
		}
	})
}

// FuzzXHTML turns any text into the XHTML of an EPUB: never a panic, and
// always well-formed XML, which EPUB readers require.
func FuzzXHTML(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add([]byte(s), true)
	}
	base, _ := url.Parse("https://example.org/blog/")
	fr, en := NewXHTML("fr", base), NewXHTML("en", base)
	f.Fuzz(func(t *testing.T, src []byte, french bool) {
		if !utf8.Valid(src) {
			return // refused before: content files are UTF-8
		}
		x := en
		if french {
			x = fr
		}
		res, err := x.Convert(src, fuzzDoc(t, src))
		if err != nil {
			t.Fatal(err)
		}
		if err := WellFormed(res.HTML); err != nil {
			t.Fatalf("not well-formed XML: %v\n%q\n→ %q", err, src, res.HTML)
		}
	})
}
