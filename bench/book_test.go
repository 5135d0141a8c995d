package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/communs/communs/internal/corpusgen"
)

func TestPandocSource(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"_index.md":          "+++\ntitle = \"Un \\\"livre\\\"\"\nsubtitle = \"Sous-titre\"\nauthors = [\"A\", \"B\"]\ncover = \"c.png\"\n+++\n\nIntroduction.\n",
		"01-a.md":            "+++\ntitle = \"Un\"\nweight = 1\n+++\n\nTexte[^1].\n\n[^1]: Note.\n",
		"c002-b/index.fr.md": "+++\ntitle = \"Deux\"\nweight = 2\n+++\n\n![x](fig.png \"t\") ![y](https://example.org/y.png) ![z](<z.png>)\n\nAutre[^1].\n\n[^1]: Autre note.\n",
	}
	for name, s := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b := &corpusgen.Book{Slug: "livre", Dir: dir, Lang: "fr", Chapters: []corpusgen.BookChapter{
		{Title: "Un", File: "01-a.md"}, {Title: "Deux", File: "c002-b/index.fr.md"},
	}}
	md, front, err := pandocSource(b)
	if err != nil {
		t.Fatal(err)
	}
	if front.Cover != "c.png" || front.Title != `Un "livre"` {
		t.Errorf("front %+v", front)
	}
	got := string(md)
	for _, want := range []string{
		"---\ntitle: \"Un \\\"livre\\\"\"\nsubtitle: \"Sous-titre\"\nauthor:\n- \"A\"\n- \"B\"\nlang: fr\n---\n\nIntroduction.\n\n# Un\n\n",
		"Texte[^c1-1].\n\n[^c1-1]: Note.",
		"# Deux\n\n![x](c002-b/fig.png \"t\") ![y](https://example.org/y.png) ![z](<c002-b/z.png>)",
		"Autre[^c2-1].\n\n[^c2-1]: Autre note.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 20000: "20,000", 1234567: "1,234,567", -5000: "-5,000"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
