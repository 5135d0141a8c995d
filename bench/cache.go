package main

// What `communs build --cache DIR` gives: after the cold builds (which
// never use a cache, and stay the figures compared with the peers), the
// same build three times more with a cache folder of the bench's, in this
// order, each on the cache the one before left:
//
//	fill  into an empty cache (a cold build, and what the cache costs)
//	warm  nothing changed since the build that filled it
//	edit  one article (or chapter) edited since the last build: a
//	      paragraph appended to it, another at each run
//
// Hugo has no such cache (its --cacheDir holds processed images and
// modules, not pages), so it has cold rows only.

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	"github.com/communs/communs/internal/corpusgen"
)

// cacheModes are the builds with --cache, in the order they run.
var cacheModes = []string{"fill", "warm", "edit"}

// cacheLabels name the rows of each mode, on a site and on a book.
var cacheLabels = map[string]struct{ site, book string }{
	"fill": {"communs, cold, filling the cache", "communs build, filling the cache"},
	"warm": {"communs, warm cache (nothing changed)", "communs build, warm cache"},
	"edit": {"communs, warm cache, one article edited", "communs build, warm cache, one chapter edited"},
}

// siteCache is the cache folder of the site of in (outside the site, as
// --cache wants).
func siteCache(in *Input) string { return filepath.Join(in.WorkDir, "communs-cache") }

// siteCacheCases are the builds of a site with --cache, one Case a mode.
func siteCacheCases() []Case {
	var cases []Case
	for _, mode := range cacheModes {
		c := Case{
			Bench: "site", Tool: "communs", Cache: mode, Unit: "pages",
			Available: communsAvailable,
			Command: func(e *Env, in *Input, dest, scratch string) *exec.Cmd {
				return exec.Command(e.communs, "build", "--source", in.SiteDir, "--dest", dest, "--cache", siteCache(in), "--quiet")
			},
		}
		switch mode {
		case "fill":
			c.Before = func(e *Env, in *Input, run int) error { return os.RemoveAll(siteCache(in)) }
			c.After = func(e *Env, in *Input, ok bool) {
				if !ok { // what a failed build left is no start for the warm ones
					os.RemoveAll(siteCache(in))
				}
			}
		case "warm":
			c.Setup = needCache
		case "edit":
			c.Setup = needCache
			c.Before = func(e *Env, in *Input, run int) error { return editFile(middleArticle(in.SiteDir), run+1) }
			c.After = func(e *Env, in *Input, ok bool) { editFile(middleArticle(in.SiteDir), 0) }
		}
		cases = append(cases, c)
	}
	return cases
}

// needCache fails when the fill case left no cache (it failed or did not
// run).
func needCache(e *Env, in *Input) error {
	if _, err := os.Stat(siteCache(in)); err != nil {
		return errors.New("no cache to start from (the build filling it failed)")
	}
	return nil
}

// middleArticle is the article in the middle of a generated site (the
// one the preview saves too), or "" when there is none.
func middleArticle(siteDir string) string {
	files, _ := filepath.Glob(filepath.Join(siteDir, "content", "articles", "*", "index.*.md"))
	if len(files) == 0 {
		return ""
	}
	sort.Strings(files)
	return files[len(files)/2]
}

// editMark starts the paragraph the bench appends to what it edits.
const editMark = "\n\nUn paragraphe ajouté par le banc d’essai de communs : modification "

// withEdit is text without the bench's paragraph, then with that of edit n
// when n > 0: each edit differs from the one before, and edit 0 gives the
// text back as it was.
func withEdit(text []byte, n int) []byte {
	if i := bytes.Index(text, []byte(editMark)); i >= 0 {
		text = text[:i]
	}
	out := append([]byte(nil), text...)
	if n > 0 {
		out = fmt.Appendf(out, "%s%d.\n", editMark, n)
	}
	return out
}

// editFile rewrites the Markdown file path as withEdit(n), through a new
// file renamed into place: a file hard-linked to the corpus's or the
// sample book's stays as it is.
func editFile(path string, n int) error {
	if path == "" {
		return errors.New("no article to edit")
	}
	text, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	tmp := path + ".bench-edit"
	if err := os.WriteFile(tmp, withEdit(text, n), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// BookCache is the whole `communs build` of a book with --cache DIR, in
// each mode ("fill", "warm", "edit").
type BookCache struct {
	Median     map[string]Measurement   `json:"median"` // the median run of each mode, by wall time
	Runs       map[string][]Measurement `json:"runs"`
	EditedFile string                   `json:"edited_file"` // the chapter edited, relative to the book's folder
	Error      string                   `json:"error,omitempty"`
}

// runBookCache measures the build of the book's site with a cache, runs
// times in each mode, in dir (a folder for the cache and the outputs);
// the chapter edited is the one in the middle of the book.
func runBookCache(env *Env, b *corpusgen.Book, site, dir string, runs int) *BookCache {
	bc := &BookCache{Median: map[string]Measurement{}, Runs: map[string][]Measurement{}}
	if len(b.Chapters) == 0 {
		bc.Error = "no chapter to edit"
		return bc
	}
	bc.EditedFile = b.Chapters[len(b.Chapters)/2].File
	cache := filepath.Join(dir, "cache")
	chapter := filepath.Join(b.Dir, filepath.FromSlash(bc.EditedFile))
	defer editFile(chapter, 0)
	for _, mode := range cacheModes {
		var ms []Measurement
		for i := 0; i < runs; i++ {
			var err error
			switch mode {
			case "fill":
				err = os.RemoveAll(cache)
			case "edit":
				err = editFile(chapter, i+1)
			}
			if err != nil {
				bc.Error = mode + ": " + err.Error()
				return bc
			}
			dest := filepath.Join(dir, fmt.Sprintf("%s-%d", mode, i+1))
			m, err := measure(exec.Command(env.communs, "build", "--source", site, "--dest", dest, "--cache", cache, "--quiet"))
			os.RemoveAll(dest)
			if err != nil {
				bc.Error = mode + ": " + err.Error()
				return bc
			}
			ms = append(ms, m)
		}
		bc.Runs[mode], bc.Median[mode] = ms, median(ms)
	}
	return bc
}

// cacheNotes are the lines under the targets: what the cache gives at
// each site size and on each book.
func cacheNotes(r *Report) []string {
	var out []string
	rows := map[int]map[string]Result{}
	var sizes []int
	for _, res := range r.Results {
		if res.Bench != "site" || res.Tool != "communs" || !res.OK {
			continue
		}
		if rows[res.Bundles] == nil {
			rows[res.Bundles] = map[string]Result{}
			sizes = append(sizes, res.Bundles)
		}
		rows[res.Bundles][res.Cache] = res
	}
	for _, n := range sizes {
		warm, ok1 := rows[n]["warm"]
		edit, ok2 := rows[n]["edit"]
		if !ok1 || !ok2 {
			continue
		}
		line := fmt.Sprintf("with --cache: %s bundles rebuilt after one edit in %.2f s, with nothing changed in %.2f s",
			thousands(int64(n)), edit.WallSeconds, warm.WallSeconds)
		line += coldNote(rows[n][""].WallSeconds, rows[n]["fill"].WallSeconds)
		out = append(out, line)
	}
	for _, b := range r.Books {
		if c := b.Cache; c != nil && c.Error == "" {
			out = append(out, fmt.Sprintf("with --cache: book of %s rebuilt after one chapter edited in %.2f s, with nothing changed in %.2f s%s",
				b.Label, c.Median["edit"].WallSeconds, c.Median["warm"].WallSeconds,
				coldNote(b.Communs.WallSeconds, c.Median["fill"].WallSeconds)))
		}
	}
	return out
}

// coldNote gives the cold build's time and the cache filling one's.
func coldNote(cold, fill float64) string {
	var parts []string
	if cold > 0 {
		parts = append(parts, fmt.Sprintf("cold %.2f s", cold))
	}
	if fill > 0 {
		parts = append(parts, fmt.Sprintf("filling the cache %.2f s", fill))
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
