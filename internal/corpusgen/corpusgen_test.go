package corpusgen

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// writeFakeCorpus makes a tiny corpus: three bundles, one a translation pair
// with an image, one whose [source] table has a date of its own, one with a
// datetime and no image.
func writeFakeCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := map[string]string{
		"site.toml":                          "title = \"Test\"\nbaseURL = \"https://example.org/\"\ndefaultLanguage = \"fr\"\n\n[languages.fr]\ntitle = \"Test\"\n\n[languages.en]\ntitle = \"Test (English)\"\n",
		"content/articles/alpha/index.fr.md": "+++\ntitle = \"Alpha\"\ndate = 2022-10-15\ntags = [\"a\", \"b\"]\n+++\n\nUn deux trois.\n\n![img](pic.png \"légende\")\n",
		"content/articles/alpha/index.en.md": "+++\ntitle = \"Alpha (en)\"\ndate = 2023-01-10\ntranslators = [\"X\"]\n+++\n\nOne two three four.\n",
		"content/articles/alpha/pic.png":     "\x89PNG fake image bytes",
		"content/articles/beta/index.fr.md":  "+++\ntitle = \"Bêta\"\ndate = 2018-12-03\nseries = \"S\"\n\n[source]\nauthor = \"Someone\"\ndate = 2017-01-01\nlanguage = \"en\"\n+++\n\nCinq mots dans ce texte.\n",
		"content/articles/gamma/index.fr.md": "+++\r\ntitle = \"Gamma\"\r\ndate = 2020-03-03T10:30:00+01:00\r\n+++\r\n\r\nSept.\r\n",
		"content/articles/.hidden/index.md":  "+++\ntitle = \"ignored\"\n+++\n",
		"content/articles/alpha/notes.md~":   "editor backup, ignored",
	}
	for name, body := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// treeDigest hashes every file's path and content, in lexical order.
func treeDigest(t *testing.T, root string) string {
	t.Helper()
	h := sha256.New()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, path)
		fmt.Fprintf(h, "%s|%v\n", filepath.ToSlash(rel), d.IsDir())
		if !d.IsDir() {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			h.Write(b)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

var (
	keyLine   = regexp.MustCompile(`^[A-Za-z0-9_-]+\s*=\s*\S`)
	tableLine = regexp.MustCompile(`^\[[A-Za-z0-9_.-]+\]$`)
)

// parseFrontMatter checks that src opens with a +++ block of plausible TOML
// lines and returns its top-level date value.
func parseFrontMatter(t *testing.T, name string, src []byte) (date string) {
	t.Helper()
	sc := bufio.NewScanner(bytes.NewReader(src))
	if !sc.Scan() || strings.TrimRight(sc.Text(), "\r") != "+++" {
		t.Fatalf("%s: no opening +++ line", name)
	}
	top, closed := true, false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "+++" {
			closed = true
			break
		}
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case tableLine.MatchString(line):
			top = false
		case keyLine.MatchString(line):
			k, v, _ := strings.Cut(line, "=")
			if top && strings.TrimSpace(k) == "date" {
				if date != "" {
					t.Errorf("%s: two date keys", name)
				}
				date = strings.TrimSpace(v)
			}
		default:
			t.Errorf("%s: not a TOML line in front matter: %q", name, line)
		}
	}
	if !closed {
		t.Fatalf("%s: front matter not closed", name)
	}
	if date == "" {
		t.Fatalf("%s: no date", name)
	}
	return date
}

func TestGenerateFake(t *testing.T) {
	corpus := writeFakeCorpus(t)
	out1 := filepath.Join(t.TempDir(), "site")
	const n = 40
	st, err := Generate(corpus, out1, n, 42)
	if err != nil {
		t.Fatal(err)
	}
	// Cycling alpha, beta, gamma: alpha 14 times, beta 13, gamma 13.
	want := Stats{Bundles: 40, Pages: 14*2 + 13 + 13, Images: 14}
	if st.Bundles != want.Bundles || st.Pages != want.Pages || st.Images != want.Images {
		t.Errorf("stats = %+v, want bundles/pages/images %d/%d/%d", st, want.Bundles, want.Pages, want.Images)
	}
	// Words of the bodies: alpha fr 5 (Un deux trois. ![img](pic.png "légende")), en 4, beta 5, gamma 1.
	if wantWords := int64(14*(5+4) + 13*5 + 13*1); st.Words != wantWords {
		t.Errorf("words = %d, want %d", st.Words, wantWords)
	}

	if b, err := os.ReadFile(filepath.Join(out1, "site.toml")); err != nil || !bytes.Contains(b, []byte("[languages.en]")) {
		t.Errorf("site.toml not copied: %v", err)
	}

	ents, err := os.ReadDir(filepath.Join(out1, "content", "articles"))
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != n {
		t.Fatalf("%d bundles written, want %d", len(ents), n)
	}
	slugs := map[string]bool{}
	pairs := map[string]string{} // lang|date|slug base -> bundle
	days := map[string]string{}  // lang|date -> bundle
	pages, words, mdBytes, total := 0, int64(0), int64(0), int64(0)
	sourceDate := regexp.MustCompile(`(?m)^date = 2017-01-01$`)
	for _, e := range ents {
		slug := e.Name()
		if slugs[slug] {
			t.Errorf("slug %s twice", slug)
		}
		slugs[slug] = true
		base := slug[:strings.LastIndex(slug, "-")]
		files, _ := os.ReadDir(filepath.Join(out1, "content", "articles", slug))
		var bundleDate string
		for _, f := range files {
			p := filepath.Join(out1, "content", "articles", slug, f.Name())
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			total += int64(len(b))
			if !strings.HasSuffix(f.Name(), ".md") {
				if f.Name() != "pic.png" || string(b) != "\x89PNG fake image bytes" {
					t.Errorf("%s: unexpected resource %s %q", slug, f.Name(), b)
				}
				continue
			}
			pages++
			mdBytes += int64(len(b))
			words += countWords(body(b))
			date := parseFrontMatter(t, slug+"/"+f.Name(), b)
			day := date
			if len(day) > 10 {
				// gamma: the time of day and offset are kept.
				if !strings.HasSuffix(day, "T10:30:00+01:00") {
					t.Errorf("%s: time lost: %s", slug, day)
				}
				day = day[:10]
			}
			d, err := time.Parse("2006-01-02", day)
			if err != nil {
				t.Fatalf("%s/%s: date %q: %v", slug, f.Name(), date, err)
			}
			if d.Year() < 2006 || d.Year() > 2024 {
				t.Errorf("%s: date %s outside 2006–2024", slug, day)
			}
			if bundleDate == "" {
				bundleDate = day
			} else if bundleDate != day {
				t.Errorf("%s: pages of one bundle have different days %s %s", slug, bundleDate, day)
			}
			lang := "fr"
			if strings.HasSuffix(f.Name(), ".en.md") {
				lang = "en"
			}
			k := lang + "|" + day + "|" + base
			if other, dup := pairs[k]; dup {
				t.Errorf("(date, slug) pair %s shared by %s and %s", k, other, slug)
			}
			pairs[k] = slug
			if other, dup := days[lang+"|"+day]; dup {
				t.Errorf("day %s (%s) shared by %s and %s", day, lang, other, slug)
			}
			days[lang+"|"+day] = slug
			if base == "beta" && !sourceDate.Match(b) {
				t.Errorf("%s: the [source] date was changed:\n%s", slug, b)
			}
			if base == "alpha" && strings.HasSuffix(f.Name(), ".en.md") && !bytes.Contains(b, []byte("One two three four.")) {
				t.Errorf("%s: body changed:\n%s", slug, b)
			}
		}
	}
	if pages != st.Pages || words != st.Words || mdBytes != st.MarkdownBytes {
		t.Errorf("on disk: %d pages %d words %d md bytes; stats say %+v", pages, words, mdBytes, st)
	}
	siteTOML, _ := os.ReadFile(filepath.Join(out1, "site.toml"))
	if total+int64(len(siteTOML)) != st.Bytes {
		t.Errorf("on disk %d bytes, stats say %d", total+int64(len(siteTOML)), st.Bytes)
	}
	if _, err := os.Stat(filepath.Join(out1, "content", "articles", "alpha-1", "notes.md~")); err == nil {
		t.Error("editor backup copied")
	}

	// Determinism: a second run gives the same tree, another seed another one.
	out2 := filepath.Join(t.TempDir(), "site")
	st2, err := Generate(corpus, out2, n, 42)
	if err != nil {
		t.Fatal(err)
	}
	st.Linked, st2.Linked = 0, 0
	if st != st2 {
		t.Errorf("stats differ between runs: %+v %+v", st, st2)
	}
	if d1, d2 := treeDigest(t, out1), treeDigest(t, out2); d1 != d2 {
		t.Errorf("two runs with the same seed differ")
	}
	out3 := filepath.Join(t.TempDir(), "site")
	if _, err := Generate(corpus, out3, n, 43); err != nil {
		t.Fatal(err)
	}
	if treeDigest(t, out1) == treeDigest(t, out3) {
		t.Errorf("seeds 42 and 43 give the same tree")
	}

	// A non-empty output directory is refused.
	if _, err := Generate(corpus, out1, n, 42); err == nil {
		t.Error("Generate into a non-empty directory did not fail")
	}
}

func TestSplitDate(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"+++\ntitle = \"x\"\ndate = 2020-01-02\n+++\nbody\n", "+++\ntitle = \"x\"\ndate = 2011-11-11\n+++\nbody\n"},
		{"+++\ndate = \"2020-01-02\"\n+++\n", "+++\ndate = \"2011-11-11\"\n+++\n"},
		{"+++\ntitle = \"x\"\n[source]\ndate = 2020-01-02\n+++\n", "+++\ndate = 2011-11-11\ntitle = \"x\"\n[source]\ndate = 2020-01-02\n+++\n"},
		{"no front matter\n", "+++\ndate = 2011-11-11\n+++\nno front matter\n"},
		{"+++\ndate = soon\n+++\n", "+++\ndate = 2011-11-11\n+++\n"},
	} {
		head, tail, err := splitDate([]byte(tc.in))
		if err != nil {
			t.Fatal(err)
		}
		if got := string(head) + "2011-11-11" + string(tail); got != tc.want {
			t.Errorf("splitDate(%q) gives %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestGenerateRealCorpus uses the shared test corpus when it is there.
func TestGenerateRealCorpus(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(corpus, "site.toml")); err != nil {
		t.Skipf("skipped: shared corpus not found at %s (%v)", corpus, err)
	}
	srcs, err := filepath.Glob(filepath.Join(corpus, "content", "articles", "*", "*.md"))
	if err != nil || len(srcs) == 0 {
		t.Fatalf("no Markdown in the corpus: %v", err)
	}
	bundleDirs := map[string]int{}
	for _, s := range srcs {
		bundleDirs[filepath.Base(filepath.Dir(s))]++
	}
	nb := len(bundleDirs)
	n := 3*nb + 1 // every bundle three times, the first one four times
	out := filepath.Join(t.TempDir(), "site")
	start := time.Now()
	st, err := Generate(corpus, out, n, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d bundles in %v: %+v", n, time.Since(start), st)
	names := make([]string, 0, nb)
	for k := range bundleDirs {
		names = append(names, k)
	}
	sort.Strings(names)
	wantPages := 3*len(srcs) + bundleDirs[names[0]]
	if st.Bundles != n || st.Pages != wantPages {
		t.Errorf("stats %+v, want %d bundles %d pages", st, n, wantPages)
	}
	if st.Words < int64(n)*100 {
		t.Errorf("only %d words", st.Words)
	}
	got, _ := filepath.Glob(filepath.Join(out, "content", "articles", "*", "*.md"))
	if len(got) != wantPages {
		t.Errorf("%d Markdown files on disk, want %d", len(got), wantPages)
	}
	seen := map[string]string{}
	for _, p := range got {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		date := parseFrontMatter(t, p, b)
		k := filepath.Base(p) + "|" + date // language and day
		if other, dup := seen[k]; dup {
			t.Errorf("%s and %s share day %s", other, p, date)
		}
		seen[k] = p
	}
	// Every image of the corpus is in each of its copies.
	imgs, _ := filepath.Glob(filepath.Join(corpus, "content", "articles", "*", "*.png"))
	copies, _ := filepath.Glob(filepath.Join(out, "content", "articles", "*", "*.png"))
	firstImgs, _ := filepath.Glob(filepath.Join(corpus, "content", "articles", names[0], "*.png"))
	if len(copies) != 3*len(imgs)+len(firstImgs) || st.Images != len(copies) {
		t.Errorf("%d images written (stats %d), want %d", len(copies), st.Images, 3*len(imgs)+len(firstImgs))
	}
}

// TestCopyFallback writes a bundle with hard links refused: resources are
// copied, not linked.
func TestCopyFallback(t *testing.T) {
	c, err := load(writeFakeCorpus(t))
	if err != nil {
		t.Fatal(err)
	}
	var noLink atomic.Bool
	noLink.Store(true)
	dir := filepath.Join(t.TempDir(), "alpha-1")
	var buf []byte
	linked, err := writeBundle(&c.bundles[0], dir, "2010-10-10", &buf, &noLink)
	if err != nil || linked != 0 {
		t.Fatalf("writeBundle: %d linked, %v", linked, err)
	}
	src, _ := os.Stat(c.bundles[0].resources[0].path)
	dst, err := os.Stat(filepath.Join(dir, "pic.png"))
	if err != nil {
		t.Fatal(err)
	}
	if os.SameFile(src, dst) || dst.Size() != src.Size() {
		t.Errorf("pic.png not copied: same file %v, size %d", os.SameFile(src, dst), dst.Size())
	}
}
