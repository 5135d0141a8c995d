package build

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/testutil"
)

var fixedNow = time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)

func buildInto(t *testing.T, src, dest string) *Result {
	t.Helper()
	res, err := Run(context.Background(), Options{Source: src, Dest: dest, Now: fixedNow})
	if err != nil {
		t.Fatalf("build of %s failed: %v\n%s", src, err, diagsText(res))
	}
	return res
}

func readFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pageFile is the index.html a page was written to.
func pageFile(dest string, s *site.Site, p *site.Page) string {
	return filepath.Join(dest, filepath.FromSlash(s.Langs[p.Lang].Language.Prefix+p.Path), "index.html")
}

var (
	mdLinkDest   = regexp.MustCompile(`\]\([^)\s]*(\s+"[^"]*")?\)`)
	mdFootnote   = regexp.MustCompile(`\[\^[^\]]+\]:?`)
	mdFenceInfo  = regexp.MustCompile("(?m)^(```|~~~)[^\n]*$")
	mdHTMLTag    = regexp.MustCompile(`</?[a-zA-Z][^>]*>`)
	mdAttributes = regexp.MustCompile(`\{[#.][^}]*\}`)
)

// bodyWords are the words of a Markdown body a reader must find on the
// page: link destinations, footnote labels, fence info strings and raw
// tags are markup, not text.
func bodyWords(body []byte) []string {
	s := string(body)
	s = mdFenceInfo.ReplaceAllString(s, "")
	s = mdLinkDest.ReplaceAllStringFunc(s, func(m string) string {
		// Keep an image or link title: it is shown (as a caption or a tooltip).
		if i := strings.Index(m, `"`); i >= 0 {
			return "] " + m[i:]
		}
		return "]"
	})
	s = mdFootnote.ReplaceAllString(s, " ")
	s = mdHTMLTag.ReplaceAllString(s, " ")
	s = mdAttributes.ReplaceAllString(s, " ")
	return testutil.Words(s)
}

func wordSet(text string) map[string]bool {
	set := map[string]bool{}
	for _, w := range testutil.Words(text) {
		set[w] = true
	}
	return set
}

// frenchSpacingFaults finds plain spaces where French typography wants a
// no-break space: before ; ! ? : used as punctuation, inside « ». A ; or :
// before ) is a wink, not punctuation.
var frenchFault = regexp.MustCompile(`\S ([!?](\s|$|[»)\].,…])|;(\s|$|[»\].,…])|:(\s|$))|« | »`)

func frenchSpacingFaults(text string) []string {
	var out []string
	for _, m := range frenchFault.FindAllStringIndex(text, -1) {
		lo, hi := max(m[0]-30, 0), min(m[1]+30, len(text))
		out = append(out, strings.ReplaceAll(text[lo:hi], "\n", " "))
	}
	return out
}

func TestCorpusBuild(t *testing.T) {
	t.Parallel() // the heavy tests of the package run side by side
	corpus := testutil.Corpus(t)
	dest := filepath.Join(t.TempDir(), "public")
	res := buildInto(t, corpus, dest)
	s := res.Site
	if n := len(s.Langs["fr"].Pages) + len(s.Langs["en"].Pages); n < 30 {
		t.Fatalf("only %d articles loaded from the corpus", n)
	}
	mdFiles, _ := filepath.Glob(filepath.Join(corpus, "content", "articles", "*", "index.*.md"))
	pages := map[string]*site.Page{}
	for _, l := range s.Languages {
		for _, p := range s.Langs[l.Code].All {
			pages[p.Abs] = p
		}
	}
	for _, md := range mdFiles {
		p := pages[md]
		if p == nil {
			t.Errorf("%s: no page in the model", md)
			continue
		}
		out := pageFile(dest, s, p)
		html, err := os.ReadFile(out)
		if err != nil {
			t.Errorf("%s: page not written: %v", p.File, err)
			continue
		}
		if p.Lang == "en" && !strings.HasPrefix(p.RelPermalink, "/en/") {
			t.Errorf("%s: English page at %s, not under /en/", p.File, p.RelPermalink)
		}
		if p.Lang == "fr" && strings.HasPrefix(p.RelPermalink, "/en/") {
			t.Errorf("%s: French page under /en/", p.File)
		}
		have := wordSet(testutil.HTMLText(html))
		var missing []string
		for _, w := range bodyWords(p.Body) {
			if !have[w] {
				missing = append(missing, w)
			}
		}
		if len(missing) > 0 {
			t.Errorf("%s: %d words of the body missing from %s, e.g. %q", p.File, len(missing), out, missing[:min(len(missing), 10)])
		}
		if p.Lang == "fr" {
			if faults := frenchSpacingFaults(testutil.ProseText(html)); len(faults) > 0 {
				t.Errorf("%s: %d plain spaces where French wants a no-break space, e.g. %q", p.File, len(faults), faults[:min(len(faults), 5)])
			}
		}
		for _, tr := range p.Translations {
			if !bytes.Contains(html, []byte(`href="`+tr.RelPermalink+`"`)) {
				t.Errorf("%s: does not link its %s translation %s", p.File, tr.Lang, tr.RelPermalink)
			}
			if !bytes.Contains(html, []byte(`hreflang="`+tr.Lang+`" href="`+tr.Permalink+`"`)) {
				t.Errorf("%s: no <link rel=alternate hreflang=%s>", p.File, tr.Lang)
			}
		}
		if len(p.Translations) == 0 && !bytes.Contains(html, []byte(`class="missing"`)) {
			t.Errorf("%s: has no translation, and the switcher does not say so", p.File)
		}
		for _, r := range p.Resources {
			if _, err := os.Stat(filepath.Join(filepath.Dir(out), filepath.FromSlash(r.Name))); err != nil {
				t.Errorf("%s: resource %s not published beside the page", p.File, r.Name)
			}
		}
	}
	// The translation pair of the corpus, both ways.
	pair := filepath.Join(corpus, "content", "articles", "framaspace-premiere-annee")
	fr, en := pages[filepath.Join(pair, "index.fr.md")], pages[filepath.Join(pair, "index.en.md")]
	if fr == nil || en == nil || len(fr.Translations) != 1 || fr.Translations[0] != en {
		t.Fatalf("framaspace-premiere-annee: the French and English pages are not paired")
	}
	if e, w := res.Diags.Count(); e != 0 {
		t.Errorf("%d errors, %d warnings on the corpus", e, w)
	}
}

func TestSampleSiteBuild(t *testing.T) {
	root := testutil.RepoRoot()
	dest := filepath.Join(t.TempDir(), "public")
	res := buildInto(t, root, dest)
	if e, w := res.Diags.Count(); e+w != 0 {
		var b strings.Builder
		res.Diags.Print(&b)
		t.Errorf("the sample site builds with %d errors and %d warnings:\n%s", e, w, b.String())
	}
	must := []string{
		"index.html", "en/index.html", "404.html", "en/404.html", "sitemap.xml", "robots.txt",
		"css/communs.css", "css/syntax.css",
		"2026/11/02/bienvenue/index.html", "2026/11/02/bienvenue/colline.png",
		"en/2026/11/03/bienvenue/index.html", "en/2026/11/03/bienvenue/colline.png",
		"2026/11/bienvenue/index.html", // alias
		"tags/index.html", "tags/communs/index.html", "series/decouvrir-communs/index.html",
		"archives/index.html", "archives/2026/index.html",
		"books/petit-guide/index.html", "books/petit-guide/01-licences/index.html", "books/petit-guide/couverture.png",
		"a-propos/index.html",
	}
	for _, f := range must {
		if _, err := os.Stat(filepath.Join(dest, f)); err != nil {
			t.Errorf("missing %s", f)
		}
	}
	// The credit names the original's language in the page's.
	if en := string(readFile(t, filepath.Join(dest, "en/2026/11/03/bienvenue/index.html"))); !strings.Contains(en, "by Camille Martin in French</p>") {
		t.Errorf("the English credit does not say \"in French\"")
	}
	page := string(readFile(t, filepath.Join(dest, "2026/11/02/bienvenue/index.html")))
	for _, want := range []string{
		`<html lang="fr"`,
		"2\u00a0novembre 2026",     // localised date, the day kept with its month
		"Bienvenue sur communs",    // title
		`<figure>`, `<figcaption>`, // image with a title is a figure
		`width="960" height="540"`,          // image size read from the file
		`class="chroma"`,                    // highlighted code
		`class="footnotes"`,                 // footnotes
		`href="/en/2026/11/03/bienvenue/"`,  // translation switcher
		`hreflang="en"`,                     // alternate link
		`rel="license"`,                     // licence
		"Partage dans les mêmes conditions", // licence name in French
		`<link rel="canonical" href="https://communs.example.org/2026/11/02/bienvenue/">`,
		`property="og:title"`,
		`application/rss`, `application/atom`,
		"minute", // reading time
	} {
		if !strings.Contains(page, want) {
			t.Errorf("article page lacks %q", want)
		}
	}
	en := string(readFile(t, filepath.Join(dest, "en/2026/11/03/bienvenue/index.html")))
	for _, want := range []string{`<html lang="en"`, "November 3, 2026", "Translation Framalang: Alex and Sam", "Proofreading: Dominique", "Original text:", `href="/2026/11/02/bienvenue/"`} {
		if !strings.Contains(en, want) {
			t.Errorf("English page lacks %q", want)
		}
	}
	// A French page missing in English says so.
	typo := string(readFile(t, filepath.Join(dest, "2026/11/09/espaces-fines/index.html")))
	if !strings.Contains(typo, `class="missing"`) {
		t.Errorf("a page without translation does not say so in the switcher")
	}
	if faults := frenchSpacingFaults(testutil.ProseText([]byte(typo))); len(faults) > 0 {
		t.Errorf("French spacing faults: %q", faults)
	}
	// A link to a Markdown file becomes the page's URL.
	livre := string(readFile(t, filepath.Join(dest, "2026/11/16/publier-un-livre/index.html")))
	if !strings.Contains(livre, `href="/books/petit-guide/"`) {
		t.Errorf("the link to ../../books/petit-guide/_index.md was not resolved to the book's URL")
	}
	book := string(readFile(t, filepath.Join(dest, "books/petit-guide/index.html")))
	for _, want := range []string{"01-licences/", "02-traduire/", "03-imprimer/", "couverture.png", "3\u00a0chapitres"} {
		if !strings.Contains(book, want) && !strings.Contains(book, strings.ReplaceAll(want, "\u00a0", " ")) {
			t.Errorf("book page lacks %q", want)
		}
	}
	ch := string(readFile(t, filepath.Join(dest, "books/petit-guide/02-traduire/index.html")))
	if !strings.Contains(ch, `rel="prev"`) || !strings.Contains(ch, `rel="next"`) {
		t.Errorf("a middle chapter lacks previous/next links")
	}
}

func TestFailedBuildKeepsPreviousOutput(t *testing.T) {
	src := t.TempDir()
	write := func(rel, text string) {
		p := filepath.Join(src, rel)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site.toml", "title = \"T\"\nbaseURL = \"https://t.example/\"\n[languages.fr]\n[languages.en]\n")
	write("content/articles/a/index.md", "+++\ntitle = \"A\"\ndate = 2024-01-02\n+++\n\nTexte.\n")
	dest := filepath.Join(t.TempDir(), "out")
	buildInto(t, src, dest)
	before := readFile(t, filepath.Join(dest, "2024/01/02/a/index.html"))

	write("content/articles/b/index.md", "+++\ntitle = \"B\"\ndate = \"next week\"\n+++\n\nTexte.\n")
	write("content/articles/c/index.md", "+++\ntitle = \"C\"\ndate = 2024-01-03\n+++\n\n![x](absente.png)\n")
	res, err := Run(context.Background(), Options{Source: src, Dest: dest, Now: fixedNow})
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("a broken article must fail the build, got %v", err)
	}
	var report strings.Builder
	res.Diags.Print(&report)
	for _, want := range []string{"content/articles/b/index.md:3:", "next week", "content/articles/c/index.md:6:", "absente.png"} {
		if !strings.Contains(report.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, report.String())
		}
	}
	after := readFile(t, filepath.Join(dest, "2024/01/02/a/index.html"))
	if !bytes.Equal(before, after) {
		t.Errorf("the previous output changed after a failed build")
	}
	if _, err := os.Stat(filepath.Join(dest, "2024/01/03/c")); err == nil {
		t.Errorf("a failed build wrote into the output")
	}
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), ".out"+tempMark+"*"))
	if len(left) != 0 {
		t.Errorf("temporary folders left behind: %v", left)
	}
}

func TestDuplicateURLNamesBothFiles(t *testing.T) {
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "site.toml"), []byte("title = \"T\"\nbaseURL = \"https://t.example/\"\n"), 0o644)
	for _, d := range []string{"articles/a", "news/a"} {
		os.MkdirAll(filepath.Join(src, "content", d), 0o755)
		os.WriteFile(filepath.Join(src, "content", d, "index.md"), []byte("+++\ntitle = \"A\"\ndate = 2024-01-02\n+++\nx\n"), 0o644)
	}
	res, err := Run(context.Background(), Options{Source: src, Dest: filepath.Join(t.TempDir(), "o"), Now: fixedNow})
	if !errors.Is(err, ErrFailed) {
		t.Fatalf("want a failed build, got %v", err)
	}
	var b strings.Builder
	res.Diags.Print(&b)
	if !strings.Contains(b.String(), "content/articles/a/index.md") || !strings.Contains(b.String(), "content/news/a/index.md") {
		t.Errorf("the error must name both files:\n%s", b.String())
	}
}

// TestDeterministicOutput builds the sample site (its EPUBs and PDFs
// included) twice, once in this process with one worker and once by the
// command with many, and compares the two trees byte for byte; the same
// for the shared corpus when it is there.
func TestDeterministicOutput(t *testing.T) {
	t.Parallel()
	now := time.Unix(1800000000, 0).UTC() // runCLI's SOURCE_DATE_EPOCH
	trees := []string{testutil.RepoRoot()}
	if corpus := filepath.Join(testutil.RepoRoot(), "..", "shared", "corpus"); fileExists(filepath.Join(corpus, "site.toml")) {
		trees = append(trees, corpus)
	} else {
		t.Logf("the shared corpus is not at %s: only the sample site is compared", corpus)
	}
	for _, root := range trees {
		a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
		if res, err := Run(context.Background(), Options{Source: root, Dest: a, Now: now, SourceDate: now, Workers: 1}); err != nil {
			var msgs strings.Builder
			if res != nil {
				res.Diags.Print(&msgs)
			}
			t.Fatalf("build of %s: %v\n%s", root, err, msgs.String())
		}
		if r := runCLI(t, 5*time.Minute, nil, "build", "--quiet", "--workers", "8", "--source", root, "--dest", b); r.code != 0 {
			t.Fatalf("build of %s by the command: exit %d\n%s", root, r.code, r.stderr)
		}
		files, kinds := 0, map[string]int{}
		err := filepath.WalkDir(a, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(a, p)
			other, err := os.ReadFile(filepath.Join(b, rel))
			if err != nil {
				t.Errorf("%s missing from the second build", rel)
				return nil
			}
			if !bytes.Equal(readFile(t, p), other) {
				t.Errorf("%s differs between two builds", rel)
			}
			files++
			kinds[filepath.Ext(rel)]++
			return nil
		})
		if err != nil || files < 30 {
			t.Fatalf("%s: compared %d files: %v", root, files, err)
		}
		filepath.WalkDir(b, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(b, p)
				if !fileExists(filepath.Join(a, rel)) {
					t.Errorf("%s only in the second build", rel)
				}
			}
			return nil
		})
		if root == testutil.RepoRoot() && (kinds[".epub"] == 0 || kinds[".pdf"] == 0) {
			t.Errorf("the sample site gave %d EPUB and %d PDF files: none compared", kinds[".epub"], kinds[".pdf"])
		}
		t.Logf("%s: %d files identical (%d EPUB, %d PDF)", root, files, kinds[".epub"], kinds[".pdf"])
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func TestDestRefused(t *testing.T) {
	src := t.TempDir()
	os.WriteFile(filepath.Join(src, "site.toml"), []byte("title = \"T\"\n"), 0o644)
	for _, dest := range []string{src, "/", filepath.Join(src, "content", "out"), filepath.Dir(src)} {
		if _, err := Run(context.Background(), Options{Source: src, Dest: dest, Now: fixedNow}); err == nil || errors.Is(err, ErrFailed) {
			t.Errorf("--dest %s must be refused, got %v", dest, err)
		}
	}
}
