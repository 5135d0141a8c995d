package build

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/communs/communs/internal/corpusgen"
	"github.com/communs/communs/internal/testutil"
)

// copyTree copies the sample site's source (site.toml, content/, static/,
// i18n/ and layouts/ when present) into dst.
func copySample(t testing.TB, dst string) {
	t.Helper()
	root := testutil.RepoRoot()
	for _, name := range []string{"site.toml", "content", "static", "layouts"} {
		src := filepath.Join(root, name)
		if _, err := os.Stat(src); err != nil {
			continue
		}
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(root, p)
			out := filepath.Join(dst, rel)
			if d.IsDir() {
				return os.MkdirAll(out, 0o755)
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(out, data, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

// readTree reads every file below dir.
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameTree(t *testing.T, step, got, want string) {
	t.Helper()
	g, w := readTree(t, got), readTree(t, want)
	for k, wv := range w {
		gv, ok := g[k]
		switch {
		case !ok:
			t.Errorf("%s: %s missing from the incremental output", step, k)
		case !bytes.Equal(gv, wv):
			t.Errorf("%s: %s differs from a full build:\n%s", step, k, firstDiff(gv, wv))
		}
	}
	for k := range g {
		if _, ok := w[k]; !ok {
			t.Errorf("%s: %s left in the incremental output, not in a full build", step, k)
		}
	}
}

// bookFiles are the EPUB and PDF files an update wrote.
func bookFiles(u *Update) []string {
	var out []string
	if u != nil {
		for _, f := range u.Written {
			if strings.HasSuffix(f, ".epub") || strings.HasSuffix(f, ".pdf") {
				out = append(out, f)
			}
		}
	}
	slices.Sort(out)
	return out
}

func firstDiff(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-80)
	return "got:  …" + string(a[lo:min(len(a), i+80)]) + "…\nwant: …" + string(b[lo:min(len(b), i+80)]) + "…"
}

func edit(t *testing.T, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not contain %q", file, old)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestSessionMatchesFullBuild edits the sample site step by step; after
// each incremental update the served folder must hold exactly what a
// fresh build writes.
func TestSessionMatchesFullBuild(t *testing.T) {
	t.Parallel() // the heavy tests of the package run side by side
	src := t.TempDir()
	copySample(t, src)
	// Small pages, so that lists run over several pages.
	edit(t, filepath.Join(src, "site.toml"), "paginate        = 10", "paginate        = 2")
	// A chapter shows an image of its book's folder.
	edit(t, filepath.Join(src, "content/books/petit-guide/01-licences.md"), "+++\n\n", "+++\n\n![La couverture](couverture.png)\n\n")
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	s := NewSession(Options{Source: src, Now: now, Workers: 2}, t.TempDir())
	ctx := context.Background()
	u, err := s.Update(ctx, nil)
	if err != nil || u.Failed {
		t.Fatalf("first build: %v %v", err, u.Diags.Items())
	}
	if _, err := s.BuildRest(ctx); err != nil {
		t.Fatal(err)
	}
	var rest *Update // what the background builders did at the last step
	check := func(step string, wantMode string, files ...string) *Update {
		t.Helper()
		var abs []string
		for _, f := range files {
			abs = append(abs, filepath.Join(src, f))
		}
		u, err := s.Update(ctx, abs)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if u.Failed {
			t.Fatalf("%s: failed: %v", step, u.Diags.Items())
		}
		if wantMode != "" && u.Mode != wantMode {
			t.Errorf("%s: mode %s, want %s", step, u.Mode, wantMode)
		}
		// The other builders (PDF, EPUB), which serve runs in the background.
		r, err := s.BuildRest(ctx)
		if err != nil || r != nil && r.Failed {
			t.Fatalf("%s: other builders: %v %v", step, err, r.Diags.Items())
		}
		rest = r
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := Run(ctx, Options{Source: src, Dest: dest, Now: now, Workers: 2}); err != nil {
			t.Fatalf("%s: full build: %v", step, err)
		}
		sameTree(t, step, s.Root(), dest)
		t.Logf("%s: %s, %d written, %d removed, %v", step, u.Mode, len(u.Written), len(u.Removed), u.Elapsed)
		return u
	}
	check("nothing changed", "site")

	art := "content/articles/espaces-fines/index.fr.md"
	edit(t, filepath.Join(src, art), `title = "Les espaces fines`, `title = "Les espaces très fines`)
	u = check("title", "page", art)
	if len(u.Written) == 0 || len(u.Written) > 20 {
		t.Errorf("title edit wrote %d files: %v", len(u.Written), u.Written)
	}
	t.Logf("title edit wrote %v", u.Written)
	// No book uses the article: none is written again.
	noBook := func(step string) {
		t.Helper()
		if b := bookFiles(rest); len(b) > 0 {
			t.Errorf("%s of an article no book uses wrote the books %v", step, b)
		}
	}
	noBook("a title edit")
	edit(t, filepath.Join(src, art), "+++\n\n", "+++\n\nUn paragraphe ajouté au début.\n\n")
	check("body", "page", art)
	noBook("a body edit")
	edit(t, filepath.Join(src, art), `tags = ["typographie", "communs"]`, `tags = ["typographie", "nouvelle"]`)
	if u := check("tags", "site", art); !u.Reread {
		t.Error("a tags edit read the whole site again")
	}
	noBook("a tags edit")
	edit(t, filepath.Join(src, art), "date = 2026-11-09T08:00:00+01:00", "date = 2025-03-09T08:00:00+01:00")
	if u := check("date", "site", art); !u.Reread {
		t.Error("a date edit read the whole site again")
	}
	noBook("a date edit")

	ch := "content/books/petit-guide/02-traduire.md"
	data, _ := os.ReadFile(filepath.Join(src, ch))
	os.WriteFile(filepath.Join(src, ch), bytes.Replace(data, []byte("title = \""), []byte("title = \"Bien "), 1), 0o644)
	check("chapter title", "page", ch)
	// Its book's files, and only those (the article with an EPUB and a
	// PDF keeps its own).
	want := []string{"books/petit-guide/petit-guide.a4-booklet.pdf", "books/petit-guide/petit-guide.epub",
		"books/petit-guide/petit-guide.letter-booklet.pdf", "books/petit-guide/petit-guide.pdf"}
	if got := bookFiles(rest); !slices.Equal(got, want) {
		t.Errorf("a chapter edit wrote the books %v, want %v", got, want)
	}

	// The book moves: its chapters' images, the article linking it, its
	// files follow.
	book := "content/books/petit-guide/_index.md"
	edit(t, filepath.Join(src, book), "+++\n", "+++\nslug = \"guide\"\n")
	check("slug of a book", "site", book)
	edit(t, filepath.Join(src, book), "slug = \"guide\"\n", "")
	check("the book back", "site", book)

	// A new article, then its translation, then it is removed.
	nu := "content/articles/nouveau/index.fr.md"
	os.MkdirAll(filepath.Join(src, "content/articles/nouveau"), 0o755)
	os.WriteFile(filepath.Join(src, nu), []byte("+++\ntitle = \"Nouveau\"\ndate = 2026-11-18T10:00:00+01:00\ntags = [\"communs\"]\nseries = \"Découvrir communs\"\n+++\n\nUn nouvel article, qui renvoie à [l’autre](../espaces-fines/index.fr.md).\n"), 0o644)
	check("new article", "site", nu)
	os.WriteFile(filepath.Join(src, "content/articles/nouveau/index.en.md"), []byte("+++\ntitle = \"New\"\ndate = 2026-11-18T10:00:00+01:00\n+++\n\nA new article.\n"), 0o644)
	check("translation", "site", "content/articles/nouveau/index.en.md")
	// The linked page moves: the new article's link must follow.
	edit(t, filepath.Join(src, art), "+++\n", "+++\nslug = \"espaces\"\n")
	check("slug of a linked page", "site", art)
	edit(t, filepath.Join(src, nu), "+++\ntitle", "+++\ndraft = true\ntitle")
	check("draft", "site", nu)
	os.RemoveAll(filepath.Join(src, "content/articles/nouveau"))
	check("removed", "site", nu, "content/articles/nouveau/index.en.md")

	// A static file: new, then changed (copied in place), then removed.
	os.MkdirAll(filepath.Join(src, "static/css"), 0o755)
	os.WriteFile(filepath.Join(src, "static/css/extra.css"), []byte("a { color: red }\n"), 0o644)
	check("new static file", "site", "static/css/extra.css")
	os.WriteFile(filepath.Join(src, "static/css/extra.css"), []byte("a { color: blue }\n"), 0o644)
	check("static file", "assets", "static/css/extra.css")
	os.Remove(filepath.Join(src, "static/css/extra.css"))
	check("removed static file", "site", "static/css/extra.css")
	// An image of a bundle replaced by another of another size.
	img := "content/articles/bienvenue/colline.png"
	data, _ = os.ReadFile(filepath.Join(testutil.RepoRoot(), "content/books/petit-guide/couverture.png"))
	os.WriteFile(filepath.Join(src, img), data, 0o644)
	if u := check("image", "site", img); !u.Reread {
		t.Error("an image edit read the whole site again")
	}
	// A book's cover, which its EPUB and PDF show.
	cover := "content/books/petit-guide/couverture.png"
	hill, _ := os.ReadFile(filepath.Join(testutil.RepoRoot(), img))
	os.WriteFile(filepath.Join(src, cover), hill, 0o644)
	check("cover", "site", cover)

	// A template: a full build into a new folder.
	os.MkdirAll(filepath.Join(src, "layouts"), 0o755)
	os.WriteFile(filepath.Join(src, "layouts/404.html"), []byte(`{{ define "main" }}<h1>Perdu</h1>{{ end }}`), 0o644)
	u = check("template", "full", "layouts/404.html")
	if u.OldRoot == "" || u.OldRoot == u.Root {
		t.Errorf("a full build should make a new folder: %q → %q", u.OldRoot, u.Root)
	}
}

// TestSessionKeepsLastGoodBuild breaks a page, then fixes it.
func TestSessionKeepsLastGoodBuild(t *testing.T) {
	src := t.TempDir()
	copySample(t, src)
	s := NewSession(Options{Source: src, Workers: 2}, t.TempDir())
	ctx := context.Background()
	if u, err := s.Update(ctx, nil); err != nil || u.Failed {
		t.Fatalf("first build: %v", err)
	}
	art := filepath.Join(src, "content/articles/espaces-fines/index.fr.md")
	page := filepath.Join(s.Root(), "2026/11/09/espaces-fines/index.html")
	before, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	edit(t, art, "date = 2026-11-09T08:00:00+01:00", "date = \"mardi\"")
	u, err := s.Update(ctx, []string{art})
	if err != nil {
		t.Fatal(err)
	}
	if !u.Failed {
		t.Fatal("a broken date should fail the build")
	}
	found := false
	for _, d := range u.Diags.Items() {
		if d.File == "content/articles/espaces-fines/index.fr.md" && d.Line > 0 {
			found = true
		}
	}
	if !found {
		t.Errorf("no error with file and line: %v", u.Diags.Items())
	}
	if after, _ := os.ReadFile(page); !bytes.Equal(before, after) {
		t.Error("a failed build changed the served page")
	}
	// A missing image in a one-page rebuild fails too, and changes nothing.
	edit(t, art, "date = \"mardi\"", "date = 2026-11-09T08:00:00+01:00")
	if u, err := s.Update(ctx, []string{art}); err != nil || u.Failed {
		t.Fatalf("fixed: %v %v", err, u.Diags.Items())
	}
	edit(t, art, "+++\n\n", "+++\n\n![absente](absente.png)\n\n")
	u, err = s.Update(ctx, []string{art})
	if err != nil || !u.Failed || u.Mode != "page" {
		t.Fatalf("missing image: err %v, failed %v, mode %s", err, u.Failed, u.Mode)
	}
	edit(t, art, "![absente](absente.png)", "Corrigé.")
	u, err = s.Update(ctx, []string{art})
	if err != nil || u.Failed {
		t.Fatalf("fixed again: %v %v", err, u.Diags.Items())
	}
	if after, _ := os.ReadFile(page); !bytes.Contains(after, []byte("Corrigé.")) {
		t.Error("the fixed page was not written")
	}
}

// TestSessionRemembersFailedEdits: a file whose edit failed the build is
// read again by the next update, whatever file that one is for.
func TestSessionRemembersFailedEdits(t *testing.T) {
	t.Parallel() // the heavy tests of the package run side by side
	src := t.TempDir()
	copySample(t, src)
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	s := NewSession(Options{Source: src, Now: now, Workers: 2}, t.TempDir())
	ctx := context.Background()
	if u, err := s.Update(ctx, nil); err != nil || u.Failed {
		t.Fatalf("first build: %v", err)
	}
	a := filepath.Join(src, "content/articles/espaces-fines/index.fr.md")
	b := filepath.Join(src, "content/articles/publier-un-livre/index.fr.md")
	update := func(step string, file string, wantFailed bool) {
		t.Helper()
		u, err := s.Update(ctx, []string{file})
		if err != nil || u.Failed != wantFailed {
			t.Fatalf("%s: err %v, failed %v", step, err, u.Failed)
		}
	}
	edit(t, a, "date = 2026-11-09T08:00:00+01:00", `date = "mardi"`)
	update("a broken", a, true)
	edit(t, b, `title = "Publier`, `title = "Bien publier`)
	update("b's title, a still broken", b, true)
	edit(t, b, `tags = ["livres", "publication"]`, `tags = ["livres"]`)
	update("b's tags, a still broken", b, true)
	edit(t, a, `date = "mardi"`, "date = 2025-03-09T08:00:00+01:00")
	update("a fixed", a, false)
	if r, err := s.BuildRest(ctx); err != nil || r != nil && r.Failed {
		t.Fatalf("other builders: %v", err)
	}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Run(ctx, Options{Source: src, Dest: dest, Now: now, Workers: 2}); err != nil {
		t.Fatal(err)
	}
	sameTree(t, "a fixed", s.Root(), dest)
}

// TestSessionMatchesFullBuildCorpus does the same on a copy of the shared
// corpus: front matters written by many hands, images, long lists.
func TestSessionMatchesFullBuildCorpus(t *testing.T) {
	t.Parallel() // the heavy tests of the package run side by side
	if testing.Short() {
		t.Skip("skipped in -short mode")
	}
	corpus := testutil.Corpus(t)
	src := filepath.Join(t.TempDir(), "site")
	if _, err := corpusgen.Generate(corpus, src, 60, 1); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	s := NewSession(Options{Source: src, Now: now, Workers: 2}, t.TempDir())
	ctx := context.Background()
	if u, err := s.Update(ctx, nil); err != nil || u.Failed {
		t.Fatalf("first build: %v", err)
	}
	s.BuildRest(ctx)
	files, _ := filepath.Glob(filepath.Join(src, "content", corpusgen.Section, "*", "index.*.md"))
	if len(files) < 10 {
		t.Fatalf("only %d articles", len(files))
	}
	step := func(name, wantMode string, file string, change func(string) string) {
		t.Helper()
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		nd := change(string(data))
		if nd == string(data) {
			t.Fatalf("%s: no change to %s", name, file)
		}
		os.WriteFile(file, []byte(nd), 0o644)
		u, err := s.Update(ctx, []string{file})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if u.Failed {
			var b strings.Builder
			u.Diags.PrintLimited(&b, 0)
			t.Fatalf("%s: failed:\n%s", name, b.String())
		}
		if u.Mode != wantMode {
			t.Errorf("%s: mode %s, want %s", name, u.Mode, wantMode)
		}
		s.BuildRest(ctx)
		dest := filepath.Join(t.TempDir(), "public")
		if _, err := Run(ctx, Options{Source: src, Dest: dest, Now: now, Workers: 2}); err != nil {
			t.Fatalf("%s: full build: %v", name, err)
		}
		sameTree(t, name, s.Root(), dest)
		t.Logf("%s: %s, %d written, %d removed", name, u.Mode, len(u.Written), len(u.Removed))
	}
	title := func(s string) string {
		i := strings.Index(s, "title")
		j := i + strings.IndexAny(s[i:], `"'`) + 1
		return s[:j] + "Retouché : " + s[j:]
	}
	step("title", "page", files[3], title)
	step("body", "page", files[5], func(s string) string { return s + "\nUn paragraphe de plus, avec un [lien](https://example.org/).\n" })
	step("tags", "site", files[7], func(s string) string {
		if strings.Contains(s, "tags = [") {
			return strings.Replace(s, "tags = [", "tags = [\"Étiquette nouvelle\", ", 1)
		}
		return strings.Replace(s, "date", "tags = [\"Étiquette nouvelle\"]\ndate", 1)
	})
	step("summary", "page", files[9], func(s string) string {
		return strings.Replace(s, "date", "summary = \"Un résumé écrit à la main.\"\ndate", 1)
	})
}
