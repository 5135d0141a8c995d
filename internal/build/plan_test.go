package build

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/corpusgen"
	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/testutil"
)

// TestPlansAreWhatIsWritten builds sites with every builder: the files
// written must be those the builders plan, each planned by one builder,
// and a build limited to some planned files writes those.
func TestPlansAreWhatIsWritten(t *testing.T) {
	t.Parallel() // the heavy tests of the package run side by side
	sample := t.TempDir()
	copySample(t, sample)
	// A theme of the site's own, whose asset the site's static/ overrides,
	// and a stylesheet of static/ in place of the highlighting one.
	for name, text := range map[string]string{
		"themes/mine/static/css/communs.css": "body { color: red }\n",
		"themes/mine/static/img/logo.svg":    "<svg/>\n",
		"static/css/communs.css":             "body { color: blue }\n",
		"static/css/syntax.css":              "pre { }\n",
	} {
		p := filepath.Join(sample, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit(t, filepath.Join(sample, "site.toml"), "paginate        = 10", "paginate        = 2\ntheme = \"mine\"")
	sites := map[string]string{"sample": sample}
	if !testing.Short() {
		if corpus := filepath.Join(testutil.RepoRoot(), "..", "shared", "corpus"); dirExists(corpus) {
			src := filepath.Join(t.TempDir(), "site")
			if _, err := corpusgen.Generate(corpus, src, 40, 1); err != nil {
				t.Fatal(err)
			}
			sites["corpus"] = src
		}
	}
	for name, src := range sites {
		t.Run(name, func(t *testing.T) {
			c := loadContext(t, src, t.TempDir())
			planned := map[string]string{} // file → its builder
			var some []string
			downloads := 0
			for _, b := range Builders() {
				p, ok := b.(builders.Planner)
				if !ok {
					t.Fatalf("%s is no Planner", b.Name())
				}
				for i, o := range p.Plan(c) {
					if prev, dup := planned[o.Path]; dup {
						t.Errorf("%s is planned by %s and %s", o.Path, prev, b.Name())
					}
					planned[o.Path] = b.Name()
					if o.Path != cleanOut(o.Path) {
						t.Errorf("%s plans %q, not a clean path", b.Name(), o.Path)
					}
					if o.Download != "" {
						downloads++
						if o.Page == nil || !o.Deferred {
							t.Errorf("%s: a download with no page, or not deferred", o.Path)
						}
					}
					if i%3 == 0 {
						some = append(some, o.Path)
					}
				}
			}
			if name == "sample" && downloads != 8 {
				t.Errorf("%d downloads planned, want 8 (a book's and an article's EPUB, PDF and booklets)", downloads)
			}
			if err := RunBuilders(context.Background(), c, Builders()); err != nil {
				t.Fatal(err)
			}
			if c.Diags.HasErrors(false) {
				t.Fatalf("the build has errors: %v", c.Diags.Items())
			}
			sameFiles(t, "a whole build", c.Dest, planned)

			// A build of a third of the files writes those.
			c = loadContext(t, src, t.TempDir())
			want := map[string]string{}
			for _, f := range some {
				want[f] = planned[f]
			}
			c.Preview.Only = func(out string) bool { _, ok := want[cleanOut(out)]; return ok }
			if err := RunBuilders(context.Background(), c, Builders()); err != nil {
				t.Fatal(err)
			}
			sameFiles(t, "a build of some files", c.Dest, want)
		})
	}
}

// loadContext reads the site in src and renders its pages, for builders
// writing into dest.
func loadContext(t *testing.T, src, dest string) *builders.Context {
	t.Helper()
	ctx := context.Background()
	diags := &diag.List{}
	s, err := site.Load(ctx, src, site.Options{Now: fixedNow}, diags)
	if err != nil {
		t.Fatal(err)
	}
	c := &builders.Context{Site: s, Dest: dest, Diags: diags, Strings: LoadStrings(s, diags), Workers: 2, Downloads: &builders.Downloads{}}
	if err := builders.RenderPages(ctx, c); err != nil {
		t.Fatal(err)
	}
	return c
}

// sameFiles checks that the files below dir are those of want.
func sameFiles(t *testing.T, what, dir string, want map[string]string) {
	t.Helper()
	got, err := listFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range got {
		if _, ok := want[f]; !ok {
			t.Errorf("%s wrote %s, which no builder plans", what, f)
		}
	}
	for f, b := range want {
		if !slices.Contains(got, f) {
			t.Errorf("%s did not write %s, which %s plans", what, f, b)
		}
	}
}

func dirExists(p string) bool {
	st, err := os.Stat(p)
	return err == nil && st.IsDir()
}
