package epub_test

import (
	"os"
	"strings"
	"testing"

	"github.com/communs/communs/builders/epub"
	"github.com/communs/communs/internal/testutil"
)

// TestEmbeddedFont: with [epub] embedFont = true the four styles of the
// body font are in the package, declared in the stylesheet and the
// manifest, and EPUBCheck stays clean; without it, no font is embedded.
func TestEmbeddedFont(t *testing.T) {
	for _, embed := range []bool{false, true} {
		site := "title = \"T\"\nbaseURL = \"https://t.example/\"\n"
		if embed {
			site += "[epub]\nembedFont = true\n"
		}
		src := testutil.Files(t, map[string]string{
			"site.toml":                     site,
			"content/books/livre/_index.md": "+++\ntitle = \"Livre\"\ndate = 2025-01-01\n+++\n",
			"content/books/livre/01-un.md":  "+++\ntitle = \"Un\"\n+++\n\nDu texte *en italique* et **en gras**.\n",
		})
		b := buildEPUBs(t, src)
		pubs := epub.Publications(b.c.Site)
		if len(pubs) != 1 {
			t.Fatalf("%d publications", len(pubs))
		}
		file := b.pubFile(pubs[0])
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		u := unpack(t, data)
		fonts := 0
		for name := range u.files {
			if strings.HasSuffix(name, ".ttf") {
				fonts++
			}
		}
		css := string(u.files["EPUB/css/book.css"])
		opf := string(u.files["EPUB/package.opf"])
		if !embed {
			if fonts != 0 || strings.Contains(css, "@font-face") {
				t.Errorf("a font is embedded though site.toml does not ask for it")
			}
			continue
		}
		if fonts != 4 || strings.Count(css, "@font-face") != 4 || strings.Count(opf, `media-type="font/ttf"`) != 4 {
			t.Errorf("embedFont: %d font files, %d @font-face rules, %d manifest entries; want 4 each", fonts, strings.Count(css, "@font-face"), strings.Count(opf, `media-type="font/ttf"`))
		}
		testutil.NeedEPUBCheck(t)
		if r := testutil.EPUBCheck(t, file)[0]; !r.Clean() {
			t.Errorf("EPUBCheck with an embedded font: %s", r)
		}
	}
}
