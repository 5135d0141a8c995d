package build

import (
	"archive/zip"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestImagesFromTheRoot: an image written from the site's root is checked
// against what the build publishes (static/, pages' files, the theme's
// assets), and an image of static/ written relatively has its size and its
// place in the EPUB.
func TestImagesFromTheRoot(t *testing.T) {
	src := t.TempDir()
	write(t, src, "site.toml", "title = \"T\"\nbaseURL = \"https://t.example/\"\n")
	write(t, src, "static/images/logo.png", string(secretPNG(t)))
	write(t, src, "content/articles/a/p.png", string(secretPNG(t)))
	write(t, src, "content/articles/a/index.md", `+++
title = "A"
date = 2024-01-02
formats = ["epub"]
+++

![Logo](/images/logo.png)

![Page](/2024/01/02/a/p.png)

![Thème](/css/communs.css)

![Nulle part](/nulle/part.png)

![Relatif](../../images/logo.png)
`)
	dest := filepath.Join(t.TempDir(), "public")
	res, err := Run(context.Background(), Options{Source: src, Dest: dest, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	res.Diags.Print(&b)
	if e, w := res.Diags.Count(); e != 0 || w != 1 || !strings.Contains(b.String(), `content/articles/a/index.md:13: warning: image "/nulle/part.png" is written from the site's root, and no file of content/ or static/ is published there`) {
		t.Errorf("%d errors, %d warnings, want the one of /nulle/part.png:\n%s", e, w, b.String())
	}
	html := string(readFile(t, filepath.Join(dest, "2024/01/02/a/index.html")))
	if !strings.Contains(html, `<img src="/images/logo.png" alt="Relatif" width="317" height="211"`) {
		t.Errorf("the image of static/ written relatively has no size:\n%s", html)
	}
	zr, err := zip.OpenReader(filepath.Join(dest, "2024/01/02/a/a.epub"))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if !slices.Contains(names, "EPUB/images/logo.png") {
		t.Errorf("the EPUB lacks the image of static/: %v", names)
	}
}
