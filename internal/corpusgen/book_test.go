package corpusgen

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// writeBookCorpus is the fake corpus plus a longer article with notes and
// a code block holding a blank line, and a sample book.
func writeBookCorpus(t *testing.T) (corpus, sample string) {
	t.Helper()
	corpus = writeFakeCorpus(t)
	var long strings.Builder
	long.WriteString("+++\ntitle = \"Delta \\\"long\\\"\"\ndate = 2021-02-02\n+++\n\nPremier paragraphe avec une note[^a].\n\n")
	for i := 0; i < 20; i++ {
		long.WriteString("Un paragraphe de dix mots pour allonger le texte ici.\n\n")
		if i == 2 {
			long.WriteString("```\ncode ligne un\n\ncode ligne trois\n```\n\n")
		}
	}
	long.WriteString("[^a]: La note de l'article.\n")
	sample = filepath.Join(t.TempDir(), "guide")
	files := map[string]string{
		filepath.Join(corpus, "content/articles/delta/index.fr.md"): long.String(),
		filepath.Join(corpus, "content/articles/delta/fig.png"):     "\x89PNG delta",
		filepath.Join(sample, "_index.md"):                          "+++\ntitle = \"Guide\"\ncover = \"cover.png\"\n+++\n\nIntro.\n",
		filepath.Join(sample, "b.md"):                               "+++\ntitle = \"Premier\"\nweight = 1\n+++\n\nUn deux.\n",
		filepath.Join(sample, "a.md"):                               "+++\ntitle = 'Second'\nweight = 2\n+++\n\nTrois quatre cinq.\n",
		filepath.Join(sample, "cover.png"):                          "\x89PNG cover",
		filepath.Join(sample, "images", "x.png"):                    "\x89PNG x",
	}
	for p, body := range files {
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return corpus, sample
}

var weightLine = regexp.MustCompile(`(?m)^weight = (\d+)$`)

func TestGenerateBook(t *testing.T) {
	corpus, sample := writeBookCorpus(t)
	const words = 400
	out := filepath.Join(t.TempDir(), "site")
	b, err := GenerateBook(corpus, out, BookOptions{Words: words, Sample: sample})
	if err != nil {
		t.Fatal(err)
	}
	if b.Slug != "guide" || b.Lang != "fr" || b.Dir != filepath.Join(out, "content", "books", "guide") {
		t.Errorf("book %+v", b)
	}
	for _, f := range []string{"site.toml", "content/books/guide/_index.md", "content/books/guide/cover.png", "content/books/guide/images/x.png"} {
		if _, err := os.Stat(filepath.Join(out, f)); err != nil {
			t.Error(err)
		}
	}
	// The sample's chapters by weight, then the articles in lexical order,
	// cycled: alpha, beta, delta, gamma, alpha …
	want := []string{"Premier", "Second", "Alpha", "Bêta", `Delta "long"`, "Gamma", "Alpha"}
	if len(b.Chapters) < len(want) {
		t.Fatalf("%d chapters: %+v", len(b.Chapters), b.Chapters)
	}
	var sum int64
	lastWeight := 0
	for i, ch := range b.Chapters {
		if i < len(want) && ch.Title != want[i] {
			t.Errorf("chapter %d is %q, want %q", i, ch.Title, want[i])
		}
		src, err := os.ReadFile(filepath.Join(b.Dir, filepath.FromSlash(ch.File)))
		if err != nil {
			t.Fatal(err)
		}
		m := weightLine.FindSubmatch(src)
		if m == nil {
			t.Fatalf("%s: no weight", ch.File)
		}
		w, _ := strconv.Atoi(string(m[1]))
		if w <= lastWeight {
			t.Errorf("%s: weight %d after %d", ch.File, w, lastWeight)
		}
		lastWeight = w
		if got := countWords(body(src)); got != ch.Words {
			t.Errorf("%s: %d words, reported %d", ch.File, got, ch.Words)
		}
		if ch.Source != "" && tomlString(frontMatterValue(src, "title")) != ch.Title {
			t.Errorf("%s: title %s", ch.File, frontMatterValue(src, "title"))
		}
		sum += ch.Words
	}
	if sum != b.Words || b.Words < words || b.Words > words+20 {
		t.Errorf("%d words (chapters: %d), want %d or a paragraph more", b.Words, sum, words)
	}
	last := b.Chapters[len(b.Chapters)-1]
	if !last.Cut {
		t.Errorf("the last chapter %+v is whole", last)
	}
	// Images beside their chapter, notes kept when cut.
	for _, ch := range b.Chapters {
		if ch.Source == "delta" {
			if _, err := os.Stat(filepath.Join(b.Dir, filepath.Dir(ch.File), "fig.png")); err != nil {
				t.Error(err)
			}
			src, _ := os.ReadFile(filepath.Join(b.Dir, filepath.FromSlash(ch.File)))
			if !bytes.Contains(src, []byte("[^a]: La note")) {
				t.Errorf("%s lost its note:\n%s", ch.File, src)
			}
			if bytes.Contains(src, []byte("code ligne un")) != bytes.Contains(src, []byte("code ligne trois")) {
				t.Errorf("%s: a code block was cut:\n%s", ch.File, src)
			}
		}
	}

	// Deterministic.
	out2 := filepath.Join(t.TempDir(), "site")
	if _, err := GenerateBook(corpus, out2, BookOptions{Words: words, Sample: sample}); err != nil {
		t.Fatal(err)
	}
	if treeDigest(t, out) != treeDigest(t, out2) {
		t.Error("two books differ")
	}
	// Not over an existing tree.
	if _, err := GenerateBook(corpus, out, BookOptions{Words: words, Sample: sample}); err == nil {
		t.Error("no error writing into a non-empty folder")
	}
}

func TestGenerateBookNoSample(t *testing.T) {
	corpus, _ := writeBookCorpus(t)
	b, err := GenerateBook(corpus, filepath.Join(t.TempDir(), "site"), BookOptions{Words: 5})
	if err != nil {
		t.Fatal(err)
	}
	if b.Slug != "livre" || len(b.Chapters) != 1 || b.Chapters[0].Title != "Alpha" || b.Words < 5 {
		t.Errorf("book %+v", b)
	}
	if _, err := os.Stat(filepath.Join(b.Dir, "_index.md")); err != nil {
		t.Error(err)
	}
}

func TestCutBody(t *testing.T) {
	src := []byte("Un deux trois[^1].\n\n```\na\n\nb\n```\n\nQuatre cinq.\n\n[^1]: Note un.\n\nSix sept huit.\n")
	got, n := cutBody(src, 4)
	want := "Un deux trois[^1].\n\n```\na\n\nb\n```\n\n[^1]: Note un.\n"
	if string(got) != want || n != countWords([]byte(want)) {
		t.Errorf("cutBody = %q, %d words; want %q", got, n, want)
	}
}

// TestGenerateBookRealCorpus grows the repository's sample book with the
// shared corpus when it is there.
func TestGenerateBookRealCorpus(t *testing.T) {
	corpus := filepath.Join("..", "..", "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(corpus, "site.toml")); err != nil {
		t.Skipf("skipped: shared corpus not found at %s (%v)", corpus, err)
	}
	sample := filepath.Join("..", "..", "content", "books", "petit-guide")
	b, err := GenerateBook(corpus, filepath.Join(t.TempDir(), "site"), BookOptions{Words: 12000, Sample: sample})
	if err != nil {
		t.Fatal(err)
	}
	if b.Words < 12000 || b.Words > 13000 || len(b.Chapters) < 5 {
		t.Errorf("%d words in %d chapters", b.Words, len(b.Chapters))
	}
	image := regexp.MustCompile(`!\[[^\]]*\]\(([^)\s]+)`)
	for _, ch := range b.Chapters {
		src, err := os.ReadFile(filepath.Join(b.Dir, filepath.FromSlash(ch.File)))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range image.FindAllSubmatch(src, -1) {
			if _, err := os.Stat(filepath.Join(b.Dir, filepath.Dir(filepath.FromSlash(ch.File)), string(m[1]))); err != nil {
				t.Errorf("%s: %v", ch.File, err)
			}
		}
	}
}
