// Package testutil holds helpers shared by communs' tests: finding the
// shared corpus, and reading built HTML back as text.
package testutil

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
)

// RepoRoot is the repository's root folder.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Clean(filepath.Join(filepath.Dir(file), "..", ".."))
}

// Corpus returns ../shared/corpus beside the repository, or skips the test
// with a clear message when it is absent (a fresh clone has no shared/).
func Corpus(t testing.TB) string {
	t.Helper()
	dir := filepath.Join(RepoRoot(), "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(dir, "site.toml")); err != nil {
		t.Skipf("skipped: the shared corpus is not at %s (it sits beside the repository as ../shared/corpus)", dir)
	}
	return dir
}

// Words splits text into words: runs of letters and digits.
func Words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// HTMLText returns the text a reader gets from an HTML document: text
// nodes, plus alt and title attributes, outside <script>, <style> and
// <head>. Entities are decoded.
func HTMLText(doc []byte) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(string(doc)))
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken, html.SelfClosingTagToken:
			b.WriteByte(' ') // a tag separates words: générales<sup>6</sup>
			name, hasAttr := z.TagName()
			switch string(name) {
			case "script", "style", "head":
				if tt == html.StartTagToken {
					skip++
				}
			}
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				if string(k) == "alt" || string(k) == "title" {
					b.WriteByte(' ')
					b.Write(v)
					b.WriteByte(' ')
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head":
				skip--
			}
			b.WriteByte(' ')
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		}
	}
}

// ProseText returns the text of an HTML document outside code, pre,
// script, style and head: what typography rules apply to.
func ProseText(doc []byte) string {
	var b strings.Builder
	z := html.NewTokenizer(strings.NewReader(string(doc)))
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head", "code", "pre", "kbd", "samp":
				skip++
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "script", "style", "head", "code", "pre", "kbd", "samp":
				skip--
			}
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		}
	}
}
