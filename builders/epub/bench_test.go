package epub_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/builders/epub"
	"github.com/communs/communs/internal/testutil"
)

// longBookWords is the size of the benchmark's book: pandoc 2.17 takes
// 0.38 s for a French book of this length.
const longBookWords = 15000

// longBook writes a site holding one French book of about longBookWords
// words: the French articles of the shared corpus one after the other as
// chapters (with their images), else generated text with headings, notes
// and code.
func longBook(b *testing.B) (dir string, words int) {
	b.Helper()
	dir = b.TempDir()
	book := filepath.Join(dir, "content", "books", "long")
	if err := os.MkdirAll(book, 0o755); err != nil {
		b.Fatal(err)
	}
	write := func(rel string, data []byte) {
		if err := os.WriteFile(filepath.Join(dir, rel), data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	write("site.toml", []byte("title = \"Banc d'essai\"\nbaseURL = \"https://example.org/\"\ndefaultLanguage = \"fr\"\nlicense = \"CC-BY-SA-4.0\"\npublisher = \"Les Communs\"\n"))
	write("content/books/long/_index.md", []byte("+++\ntitle = \"Un long livre\"\nsubtitle = \"Pour mesurer\"\ndate = 2024-01-01\nauthors = [\"Collectif\"]\n+++\n\nUn livre fait d'articles mis bout à bout.\n"))
	n := 0
	addChapter := func(title string, body []byte) {
		n++
		fm := fmt.Sprintf("+++\ntitle = %q\nweight = %d\n+++\n\n", title, n)
		write(fmt.Sprintf("content/books/long/%03d.md", n), append([]byte(fm), body...))
		words += len(testutil.Words(string(body)))
	}
	if corpus := corpusDir(); corpus != "" {
		articles, _ := filepath.Glob(filepath.Join(corpus, "content", "articles", "*", "index.fr.md"))
		sort.Strings(articles)
		for _, a := range articles {
			if words >= longBookWords {
				break
			}
			data, err := os.ReadFile(a)
			if err != nil {
				b.Fatal(err)
			}
			parts := bytes.SplitN(data, []byte("+++\n"), 3)
			if len(parts) != 3 {
				continue
			}
			title := filepath.Base(filepath.Dir(a))
			for _, line := range strings.Split(string(parts[1]), "\n") {
				if v, ok := strings.CutPrefix(line, "title = "); ok {
					fmt.Sscanf(v, "%q", &title)
				}
			}
			addChapter(title, parts[2])
			imgs, _ := filepath.Glob(filepath.Join(filepath.Dir(a), "*.png"))
			for _, img := range imgs {
				dst := filepath.Join(book, filepath.Base(img))
				if _, err := os.Stat(dst); err == nil {
					continue
				}
				data, err := os.ReadFile(img)
				if err != nil {
					b.Fatal(err)
				}
				write(filepath.Join("content", "books", "long", filepath.Base(img)), data)
			}
		}
		return dir, words
	}
	para := "Une association qui publie des livres libres tient à ce que chacun puisse les lire, les copier et les partager : c'est « l'esprit du libre », disait-on déjà ; et ce n'est pas près de changer ! Les bénévoles relisent chaque chapitre, vérifient les notes[^%d] et les titres, puis comparent la traduction avec l'original."
	for c := 0; words < longBookWords; c++ {
		var body strings.Builder
		for s := 0; s < 4; s++ {
			fmt.Fprintf(&body, "## Section %d.%d : un titre\n\n", c+1, s+1)
			for p := 0; p < 5; p++ {
				fmt.Fprintf(&body, para+"\n\n", s*5+p+1)
			}
			if s == 2 {
				body.WriteString("```go\nfunc main() { fmt.Println(\"bonjour\") }\n```\n\n")
			}
		}
		for i := 1; i <= 20; i++ {
			fmt.Fprintf(&body, "[^%d]: Une note, avec du *texte* ; et un [lien](https://example.org/).\n", i)
		}
		addChapter(fmt.Sprintf("Chapitre %d", c+1), []byte(body.String()))
	}
	return dir, words
}

func corpusDir() string {
	dir := filepath.Join(testutil.RepoRoot(), "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(dir, "site.toml")); err != nil {
		return ""
	}
	return dir
}

// BenchmarkEPUBLongBook makes the EPUB of a 15,000-word French book: every
// chapter converted, images read, the package written and zipped (the
// site's own render stage, which the build runs anyway, is not counted).
func BenchmarkEPUBLongBook(b *testing.B) {
	dir, words := longBook(b)
	c := load(b, dir, b.TempDir())
	books := c.Site.Langs["fr"].Books
	if len(books) != 1 {
		b.Fatalf("%d books", len(books))
	}
	pub := builders.NewPublication(c.Site, books[0].Index)
	var size int
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		data, err := epub.NewMaker(c).Make(pub)
		if err != nil {
			b.Fatal(err)
		}
		size = len(data)
	}
	b.StopTimer()
	b.ReportMetric(float64(words), "words")
	b.ReportMetric(float64(len(pub.Chapters)), "chapters")
	b.ReportMetric(float64(size)/1024, "KiB")
	if errs, _ := c.Diags.Count(); errs > 0 {
		b.Fatalf("errors:\n%s", diagText(c.Diags))
	}
}
