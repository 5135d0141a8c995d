package testutil

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestSite(t *testing.T) {
	dir := Site(t, `A comment, ignored.
-- site.toml --
title = "Essai"
-- content/articles/a/index.md --
+++
title = "A"
+++
Text -- with dashes --
-- content/articles/a/image.png --
{{png}}
-- empty.md --
`)
	for name, want := range map[string]string{
		"site.toml":                   "title = \"Essai\"\n",
		"content/articles/a/index.md": "+++\ntitle = \"A\"\n+++\nText -- with dashes --\n",
		"empty.md":                    "",
	} {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil || string(got) != want {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want)
		}
	}
	img, err := os.ReadFile(filepath.Join(dir, "content/articles/a/image.png"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(img)); err != nil {
		t.Errorf("the {{png}} file is no PNG: %v", err)
	}
}

func TestTxtarRefusesPathsOutside(t *testing.T) {
	for _, name := range []string{"../x", "/etc/x", "a/../../x"} {
		if _, err := ParseTxtar("-- " + name + " --\nx\n"); err == nil {
			t.Errorf("%s accepted", name)
		}
	}
}
