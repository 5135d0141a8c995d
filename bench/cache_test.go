package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestWithEdit(t *testing.T) {
	orig := []byte("+++\ntitle = \"A\"\n+++\n\nText[^1].\n\n[^1]: Note.\n")
	one := withEdit(orig, 1)
	if want := string(orig) + editMark + "1.\n"; string(one) != want {
		t.Errorf("edit 1:\n%q, want\n%q", one, want)
	}
	two := withEdit(one, 2)
	if want := string(orig) + editMark + "2.\n"; string(two) != want {
		t.Errorf("edit 2:\n%q, want\n%q", two, want)
	}
	if back := withEdit(two, 0); string(back) != string(orig) {
		t.Errorf("edit 0 gives %q, want the original", back)
	}
	if string(orig) != "+++\ntitle = \"A\"\n+++\n\nText[^1].\n\n[^1]: Note.\n" {
		t.Errorf("the original was changed")
	}
}

// TestEditFileLink checks that editing a file hard-linked to another
// (the corpus's, the sample book's) leaves that one as it was.
func TestEditFileLink(t *testing.T) {
	dir := t.TempDir()
	src, dst := filepath.Join(dir, "corpus.md"), filepath.Join(dir, "copy.md")
	if err := os.WriteFile(src, []byte("Text.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Link(src, dst); err != nil {
		t.Skip("no hard links here:", err)
	}
	if err := editFile(dst, 3); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(src); string(b) != "Text.\n" {
		t.Errorf("the linked file became %q", b)
	}
	if b, _ := os.ReadFile(dst); !strings.HasSuffix(string(b), editMark+"3.\n") {
		t.Errorf("the edited file is %q", b)
	}
}

func TestCacheNotes(t *testing.T) {
	r := &Report{
		Results: []Result{
			{Bench: "site", Tool: "communs", Bundles: 5000, OK: true, WallSeconds: 4},
			{Bench: "site", Tool: "communs", Cache: "fill", Bundles: 5000, OK: true, WallSeconds: 4.5},
			{Bench: "site", Tool: "communs", Cache: "warm", Bundles: 5000, OK: true, WallSeconds: 1},
			{Bench: "site", Tool: "communs", Cache: "edit", Bundles: 5000, OK: true, WallSeconds: 1.25},
			{Bench: "site", Tool: "hugo", Bundles: 5000, OK: true, WallSeconds: 3},
			{Bench: "site", Tool: "communs", Bundles: 1000, OK: true, WallSeconds: 1},
			{Bench: "site", Tool: "communs", Cache: "warm", Bundles: 1000, OK: true, WallSeconds: 0.5},
			{Bench: "site", Tool: "communs", Cache: "edit", Bundles: 1000, Error: "failed"},
		},
		Books: []BookResult{{Label: "403 pages", Communs: Measurement{WallSeconds: 2},
			Cache: &BookCache{Median: map[string]Measurement{"fill": {WallSeconds: 2.5}, "warm": {WallSeconds: 0.5}, "edit": {WallSeconds: 1.5}}}}},
	}
	got := cacheNotes(r)
	want := []string{
		"with --cache: 5,000 bundles rebuilt after one edit in 1.25 s, with nothing changed in 1.00 s (cold 4.00 s, filling the cache 4.50 s)",
		"with --cache: book of 403 pages rebuilt after one chapter edited in 1.50 s, with nothing changed in 0.50 s (cold 2.00 s, filling the cache 2.50 s)",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("cacheNotes:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestColdRatiosOnly(t *testing.T) {
	results := []Result{
		{Bench: "site", Tool: "communs", Bundles: 1000, OK: true, WallSeconds: 1},
		{Bench: "site", Tool: "communs", Cache: "warm", Bundles: 1000, OK: true, WallSeconds: 0.1},
		{Bench: "site", Tool: "hugo", Bundles: 1000, OK: true, WallSeconds: 2},
		{Bench: "site", Tool: "communs", Bundles: 2000, OK: true, WallSeconds: 2},
		{Bench: "site", Tool: "communs", Cache: "edit", Bundles: 2000, OK: true, WallSeconds: 0.1},
	}
	ra := ratios(results)
	if len(ra) != 1 || ra[0].Wall != 0.5 {
		t.Errorf("ratios %+v, want communs/hugo 0.5× only", ra)
	}
	lin := linearity(results)
	if len(lin) != 1 || lin[0].Tool != "communs" || lin[0].Time != 1 {
		t.Errorf("linearity %+v, want the cold builds' only", lin)
	}
}
