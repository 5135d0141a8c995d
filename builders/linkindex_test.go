package builders

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/testutil"
)

// TestLinkIndexFindsResources resolves the links of a page to the files
// the site publishes: its own images, another bundle's, a nested one, one
// written from the site's root (with and without the base path), a
// static file and a theme's asset.
func TestLinkIndexFindsResources(t *testing.T) {
	src := testutil.Site(t, `
-- site.toml --
title = "Essai"
baseURL = "https://example.org/blog/"
defaultLanguage = "fr"
[languages.fr]
[languages.en]
-- content/articles/un/index.fr.md --
+++
title = "Un"
date = 2024-01-02
translationKey = "un"
+++
-- content/articles/un/index.en.md --
+++
title = "One"
date = 2024-01-02
translationKey = "un"
+++
-- content/articles/un/a.png --
{{png}}
-- content/articles/un/images/b.png --
{{png}}
-- content/articles/deux/index.fr.md --
+++
title = "Deux"
date = 2024-01-03
+++
-- content/articles/deux/c.png --
{{png}}
-- static/logo.png --
{{png}}
`)
	diags := &diag.List{}
	s, err := site.Load(context.Background(), src, site.Options{Now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, diags)
	if err != nil {
		t.Fatalf("load: %v\n%v", err, diags.Items())
	}
	idx := newPageIndex(s)
	var un, deux, one *site.Page
	for _, p := range s.Langs["fr"].All {
		switch p.File {
		case "content/articles/un/index.fr.md":
			un = p
		case "content/articles/deux/index.fr.md":
			deux = p
		}
	}
	for _, p := range s.Langs["en"].All {
		if p.File == "content/articles/un/index.en.md" {
			one = p
		}
	}
	if un == nil || deux == nil || one == nil {
		t.Fatal("pages not loaded")
	}
	abs := func(rel string) string { return filepath.Join(src, filepath.FromSlash(rel)) }
	for _, c := range []struct {
		from      *site.Page
		dest      string
		url, file string // want; url "" when the link resolves to nothing
	}{
		{un, "a.png", un.RelPermalink + "a.png", abs("content/articles/un/a.png")},
		{un, "images/b.png", un.RelPermalink + "images/b.png", abs("content/articles/un/images/b.png")},
		{deux, "../un/images/b.png", un.RelPermalink + "images/b.png", abs("content/articles/un/images/b.png")},
		{one, "../deux/c.png", deux.RelPermalink + "c.png", abs("content/articles/deux/c.png")},
		{deux, "../un/absent.png", "", ""},
		{deux, "/" + trimSlash(un.Path) + "a.png", "/" + trimSlash(un.Path) + "a.png", abs("content/articles/un/a.png")},
		{deux, "/blog/" + trimSlash(un.Path) + "images/b.png", "/blog/" + trimSlash(un.Path) + "images/b.png", abs("content/articles/un/images/b.png")},
		{deux, "/en/" + trimSlash(one.Path) + "a.png", "/en/" + trimSlash(one.Path) + "a.png", abs("content/articles/un/a.png")},
		{deux, "/logo.png", "/logo.png", abs("static/logo.png")},
		{deux, "/css/communs.css", "/css/communs.css", ""},
		{deux, "/nulle-part.png", "", ""},
	} {
		isImage := filepath.Ext(c.dest) == ".png"
		got, ok := idx.resolve(c.from, c.dest, isImage)
		if c.url == "" {
			if ok && got.Problem == "" {
				t.Errorf("%s → %q resolved to %+v, want nothing", c.from.File, c.dest, got)
			}
			continue
		}
		if !ok || got.URL != c.url || got.File != c.file {
			t.Errorf("%s → %q = %+v (ok %v), want URL %q, file %q", c.from.File, c.dest, got, ok, c.url, c.file)
		}
	}
}

func trimSlash(p string) string {
	for len(p) > 0 && p[0] == '/' {
		p = p[1:]
	}
	return p
}
