package corpusgen

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"

	"github.com/communs/communs/internal/tomlkeys"
)

// BookOptions say what book GenerateBook writes.
type BookOptions struct {
	// Words is the length of the book's text, chapters' bodies only: the
	// corpus articles are added whole, one a chapter, until the last one,
	// cut at a block boundary so that the book has this many words (give
	// or take a paragraph).
	Words int
	// Sample is a book folder (the sample site's content/books/<slug>/)
	// whose front page (_index*.md), own chapters (*.md) and other files
	// (cover …) open the book; its slug is the book's. Empty: a front page
	// of its own, slug "livre".
	Sample string
	// Lang is the language of the articles taken (index.<lang>.md, or
	// index.md); empty means the corpus's default language.
	Lang string
}

// Book describes a generated book.
type Book struct {
	Slug     string        `json:"slug"`
	Dir      string        `json:"dir"` // content/books/<slug>, absolute
	Lang     string        `json:"lang"`
	Words    int64         `json:"words"` // all chapters' bodies
	Images   int           `json:"images"`
	Chapters []BookChapter `json:"chapters"`
}

// BookChapter is one chapter of a generated book, in reading order.
type BookChapter struct {
	Title string `json:"title"`
	// File is the chapter's Markdown, relative to the book's folder:
	// NN-name.md (the sample's own chapters) or c<NNN>-<slug>/index.<lang>.md
	// (a chapter bundle holding the article's images).
	File  string `json:"file"`
	Words int64  `json:"words"`
	// Source is the corpus article it was made from ("" for the sample's).
	Source string `json:"source,omitempty"`
	// Cut tells that the article was cut short to end the book.
	Cut bool `json:"cut,omitempty"`
}

// GenerateBook writes into outDir (absent or empty) a site holding one
// book of about o.Words words: site.toml from the corpus, then
// content/books/<slug>/ with the sample book's front page, chapters and
// files, followed by the corpus's articles in lexical order (cycled when
// the corpus is too short), each a chapter bundle
// c<NNN>-<article>/index.<lang>.md beside the article's images (hard
// links, or copies). A chapter's front matter is its title and weight;
// its body is the article's, byte for byte, the last one cut at a block
// boundary (its footnote definitions kept). The same corpus, sample and
// options give the same tree.
func GenerateBook(corpusDir, outDir string, o BookOptions) (*Book, error) {
	if o.Words <= 0 {
		return nil, fmt.Errorf("corpusgen: a book of %d words", o.Words)
	}
	site, err := os.ReadFile(filepath.Join(corpusDir, "site.toml"))
	if err != nil {
		return nil, fmt.Errorf("corpusgen: %w", err)
	}
	lang := o.Lang
	if lang == "" {
		lang = defaultLanguage(site)
	}
	articles, err := loadArticles(filepath.Join(corpusDir, "content", Section), lang)
	if err != nil {
		return nil, err
	}
	if len(articles) == 0 {
		return nil, fmt.Errorf("corpusgen: no %s article in %s", lang, filepath.Join(corpusDir, "content", Section))
	}
	if err := prepareOut(outDir); err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(outDir, "site.toml"), site, 0o644); err != nil {
		return nil, err
	}
	slug := "livre"
	if o.Sample != "" {
		slug = filepath.Base(filepath.Clean(o.Sample))
	}
	dir, err := filepath.Abs(filepath.Join(outDir, "content", "books", slug))
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	b := &Book{Slug: slug, Dir: dir, Lang: lang}
	var noLink atomic.Bool
	weight := 0
	if o.Sample != "" {
		if weight, err = copySample(o.Sample, dir, b, &noLink); err != nil {
			return nil, err
		}
	} else {
		front := "+++\ntitle = \"Un livre d’articles\"\nsubtitle = \"Généré pour le banc d’essai\"\ndate = 2024-01-01\nauthors = [\"Collectif\"]\n+++\n\nLes articles du corpus, mis bout à bout.\n"
		if err := os.WriteFile(filepath.Join(dir, "_index.md"), []byte(front), 0o644); err != nil {
			return nil, err
		}
	}
	for n := 0; b.Words < int64(o.Words); n++ {
		a := &articles[n%len(articles)]
		body, words, cut := a.body, a.words, false
		if rest := int64(o.Words) - b.Words; words > rest {
			body, words = cutBody(body, rest)
			cut = true
		}
		weight++
		name := fmt.Sprintf("c%03d-%s", n+1, a.slug)
		chDir := filepath.Join(dir, name)
		if err := os.Mkdir(chDir, 0o755); err != nil {
			return nil, err
		}
		file := a.file
		var out bytes.Buffer
		fmt.Fprintf(&out, "+++\ntitle = %s\nweight = %d\n+++\n\n", tomlkeys.Quote(a.title), weight)
		out.Write(body)
		if err := os.WriteFile(filepath.Join(chDir, file), out.Bytes(), 0o644); err != nil {
			return nil, err
		}
		for _, r := range a.resources {
			if err := linkOrCopy(r.path, filepath.Join(chDir, r.name), &noLink); err != nil {
				return nil, err
			}
			b.Images++
		}
		b.Words += words
		b.Chapters = append(b.Chapters, BookChapter{Title: a.title, File: name + "/" + file, Words: words, Source: a.slug, Cut: cut})
	}
	return b, nil
}

func linkOrCopy(src, dst string, noLink *atomic.Bool) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if !noLink.Load() {
		if err := os.Link(src, dst); err == nil {
			return nil
		}
		noLink.Store(true)
	}
	return copyFile(src, dst)
}

// copySample copies the sample book's front page, chapters and files into
// dir, and returns the highest weight of its chapters.
func copySample(sample, dir string, b *Book, noLink *atomic.Bool) (int, error) {
	ents, err := os.ReadDir(sample)
	if err != nil {
		return 0, fmt.Errorf("corpusgen: %w", err)
	}
	type chapter struct {
		name   string
		title  string
		weight int
		words  int64
	}
	var chapters []chapter
	front := false
	for _, e := range ents {
		name := e.Name()
		if ignored(name) {
			continue
		}
		src := filepath.Join(sample, name)
		if e.IsDir() {
			if err := copyTree(src, filepath.Join(dir, name), noLink, &b.Images); err != nil {
				return 0, err
			}
			continue
		}
		if !strings.HasSuffix(name, ".md") {
			if err := linkOrCopy(src, filepath.Join(dir, name), noLink); err != nil {
				return 0, err
			}
			b.Images++
			continue
		}
		data, err := os.ReadFile(src)
		if err != nil {
			return 0, err
		}
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			return 0, err
		}
		if strings.HasPrefix(name, "_index") {
			front = true
			continue
		}
		if stem := strings.TrimSuffix(name, ".md"); strings.Contains(stem, ".") && !strings.HasSuffix(stem, "."+b.Lang) {
			continue // a translation of a chapter
		}
		w, _ := strconv.Atoi(frontMatterValue(data, "weight"))
		chapters = append(chapters, chapter{name: name, title: tomlString(frontMatterValue(data, "title")), weight: w, words: countWords(body(data))})
	}
	if !front {
		return 0, fmt.Errorf("corpusgen: the sample book %s has no _index.md", sample)
	}
	sort.SliceStable(chapters, func(i, j int) bool {
		if chapters[i].weight != chapters[j].weight {
			return chapters[i].weight < chapters[j].weight
		}
		return chapters[i].name < chapters[j].name
	})
	top := 0
	for _, c := range chapters {
		b.Chapters = append(b.Chapters, BookChapter{Title: c.title, File: c.name, Words: c.words})
		b.Words += c.words
		top = max(top, c.weight)
	}
	return top, nil
}

func copyTree(src, dst string, noLink *atomic.Bool, count *int) error {
	return filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if ignored(d.Name()) && p != src {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		*count++
		return linkOrCopy(p, filepath.Join(dst, rel), noLink)
	})
}

// article is a corpus article in one language, for a book.
type article struct {
	slug      string
	file      string // index.<lang>.md or index.md
	title     string
	body      []byte // without the front matter
	words     int64
	resources []resource
}

// loadArticles reads the articles of secDir in lang, in lexical order.
func loadArticles(secDir, lang string) ([]article, error) {
	ents, err := os.ReadDir(secDir)
	if err != nil {
		return nil, fmt.Errorf("corpusgen: %w", err)
	}
	var out []article
	for _, e := range ents {
		if !e.IsDir() || ignored(e.Name()) {
			continue
		}
		bdl, err := loadBundle(filepath.Join(secDir, e.Name()), e.Name())
		if err != nil {
			return nil, err
		}
		for _, name := range []string{"index." + lang + ".md", "index.md"} {
			data, err := os.ReadFile(filepath.Join(secDir, e.Name(), name))
			if errors.Is(err, os.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, err
			}
			title := tomlString(frontMatterValue(data, "title"))
			if title == "" {
				title = e.Name()
			}
			bd := body(data)
			out = append(out, article{slug: e.Name(), file: name, title: title, body: bd, words: countWords(bd), resources: bdl.resources})
			break
		}
	}
	return out, nil
}

// cutBody keeps the first blocks of a Markdown body (blank-line separated,
// a fenced code block being one) until they hold words words, and its
// footnote definitions; it returns the kept text and its words.
func cutBody(src []byte, words int64) ([]byte, int64) {
	var kept, notes [][]byte
	var n int64
	full := false
	for _, blk := range blocks(src) {
		if bytes.HasPrefix(bytes.TrimSpace(blk), []byte("[^")) && bytes.Contains(blk, []byte("]:")) {
			notes = append(notes, blk)
			continue
		}
		if full {
			continue
		}
		kept = append(kept, blk)
		n += countWords(blk)
		full = n >= words
	}
	for _, blk := range notes {
		n += countWords(blk)
	}
	out := bytes.Join(append(kept, notes...), []byte("\n\n"))
	return append(bytes.TrimRight(out, "\n"), '\n'), n
}

// blocks splits a Markdown body at blank lines outside fenced code.
func blocks(src []byte) [][]byte {
	var out [][]byte
	var cur []byte
	fence := ""
	flush := func() {
		if len(bytes.TrimSpace(cur)) > 0 {
			out = append(out, bytes.TrimRight(cur, "\n"))
		}
		cur = nil
	}
	for len(src) > 0 {
		line, rest, _ := bytes.Cut(src, []byte("\n"))
		src = rest
		t := strings.TrimSpace(string(line))
		switch {
		case fence != "" && strings.HasPrefix(t, fence):
			fence = ""
		case fence == "" && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")):
			fence = t[:3]
		case fence == "" && t == "":
			flush()
			continue
		}
		cur = append(append(cur, line...), '\n')
	}
	flush()
	return out
}

// frontMatterValue is the raw value of a top-level key of src's TOML
// front matter, or "".
func frontMatterValue(src []byte, key string) string {
	start, end, ok := frontMatter(src)
	if !ok {
		return ""
	}
	for _, line := range strings.Split(string(src[start:end]), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "[") {
			break
		}
		k, v, found := strings.Cut(t, "=")
		if found && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// defaultLanguage reads defaultLanguage from site.toml ("fr" if absent).
func defaultLanguage(site []byte) string {
	for _, line := range strings.Split(string(site), "\n") {
		k, v, found := strings.Cut(strings.TrimSpace(line), "=")
		if found && strings.HasPrefix(strings.TrimSpace(line), "[") {
			break
		}
		if k = strings.TrimSpace(k); found && (k == "defaultLanguage" || k == "defaultContentLanguage") {
			return tomlString(strings.TrimSpace(v))
		}
	}
	return "fr"
}

// tomlString unquotes a TOML basic or literal string on one line; other
// values are returned as they are.
func tomlString(v string) string {
	switch {
	case strings.HasPrefix(v, `"`):
		if end := strings.LastIndex(v, `"`); end > 0 {
			if s, err := strconv.Unquote(v[:end+1]); err == nil {
				return s
			}
			return v[1:end]
		}
	case strings.HasPrefix(v, `'`):
		if end := strings.LastIndex(v, `'`); end > 0 {
			return v[1:end]
		}
	}
	return v
}
