// Package corpusgen makes large test sites out of a small corpus, for
// benchmarks: it cycles through the corpus page bundles and writes as many
// copies as asked, each under a unique slug and on its own day, the text
// otherwise untouched.
//
// The output is a site tree that `communs build --source` (and, with a config
// of its own, Hugo) can build:
//
//	outDir/site.toml                             copied from the corpus
//	outDir/content/articles/<slug>-<n>/index.<lang>.md
//	outDir/content/articles/<slug>-<n>/<image>    hard links (or copies)
//
// Generation is deterministic: the same corpus, count and seed give the same
// tree, byte for byte.
package corpusgen

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode"
	"unicode/utf8"
)

// Section is the content section whose bundles are cycled through.
const Section = "articles"

// The dates of the copies are spread over these years, one copy a day.
var (
	FirstDay = time.Date(2006, 1, 1, 0, 0, 0, 0, time.UTC)
	LastDay  = time.Date(2024, 12, 31, 0, 0, 0, 0, time.UTC)
)

// Days is the number of distinct days copies are spread over. Up to that many
// bundles, every copy has a day of its own; past it, days are reused (slugs
// stay unique all the same).
func Days() int { return int(LastDay.Sub(FirstDay).Hours()/24) + 1 }

// Stats describes a generated tree.
type Stats struct {
	Bundles       int   `json:"bundles"`
	Pages         int   `json:"pages"`  // Markdown files
	Images        int   `json:"images"` // other bundle files (resources)
	Words         int64 `json:"words"`  // words of the Markdown bodies (front matter excluded)
	MarkdownBytes int64 `json:"markdown_bytes"`
	Bytes         int64 `json:"bytes"`  // all files written, site.toml included
	Linked        int   `json:"linked"` // resources hard linked rather than copied
}

// page is one Markdown file of a corpus bundle, split around its date so that
// a copy is head + date + tail.
type page struct {
	name  string // path relative to the bundle, e.g. "index.fr.md"
	head  []byte
	tail  []byte
	words int64
}

type resource struct {
	name string // path relative to the bundle
	path string // absolute path in the corpus
	size int64
}

type bundle struct {
	slug      string
	dirs      []string // sub-directories to create, relative, sorted
	pages     []page
	resources []resource
}

type corpus struct {
	siteTOML []byte
	bundles  []bundle
}

// Generate writes a site of `bundles` page bundles into outDir (which must be
// absent or empty), made from the corpus at corpusDir (a site tree holding
// site.toml and content/articles/<slug>/ bundles).
//
// Bundle n is a copy of corpus bundle n mod len(corpus), in lexical order,
// named SlugOf(slug, n). All its pages (translations included) get one new
// top-level front-matter date, a day of 2006–2024 drawn without replacement
// from seed, so no two bundles share a day while bundles <= Days(); a time of
// day, if any, is kept. Everything else is copied byte for byte: Markdown,
// and resources hard linked (copied when links fail, e.g. across file
// systems). Only the articles section is copied, and only site.toml beside it.
func Generate(corpusDir, outDir string, bundles int, seed int64) (Stats, error) {
	var st Stats
	if bundles < 0 {
		return st, fmt.Errorf("corpusgen: negative bundle count %d", bundles)
	}
	c, err := load(corpusDir)
	if err != nil {
		return st, err
	}
	if bundles > 0 && len(c.bundles) == 0 {
		return st, fmt.Errorf("corpusgen: no page bundle in %s", filepath.Join(corpusDir, "content", Section))
	}
	if err := prepareOut(outDir); err != nil {
		return st, err
	}
	if err := os.WriteFile(filepath.Join(outDir, "site.toml"), c.siteTOML, 0o644); err != nil {
		return st, err
	}
	st.Bytes += int64(len(c.siteTOML))
	articles := filepath.Join(outDir, "content", Section)
	if err := os.MkdirAll(articles, 0o755); err != nil {
		return st, err
	}

	days := dayOrder(seed)

	// Statistics depend only on which corpus bundle each copy comes from.
	for n := 0; n < bundles; n++ {
		b := &c.bundles[n%len(c.bundles)]
		st.Bundles++
		for _, p := range b.pages {
			st.Pages++
			st.Words += p.words
			size := int64(len(p.head) + 10 + len(p.tail))
			st.MarkdownBytes += size
			st.Bytes += size
		}
		for _, r := range b.resources {
			st.Images++
			st.Bytes += r.size
		}
	}

	var (
		next    atomic.Int64
		linked  atomic.Int64
		noLink  atomic.Bool
		errOnce sync.Once
		firstEr error
		failed  atomic.Bool
		wg      sync.WaitGroup
	)
	workers := runtime.GOMAXPROCS(0) * 2
	if workers > bundles {
		workers = bundles
	}
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var buf []byte
			for !failed.Load() {
				n := int(next.Add(1) - 1)
				if n >= bundles {
					return
				}
				b := &c.bundles[n%len(c.bundles)]
				date := days[n%len(days)].Format("2006-01-02")
				dir := filepath.Join(articles, SlugOf(b.slug, n))
				l, err := writeBundle(b, dir, date, &buf, &noLink)
				linked.Add(int64(l))
				if err != nil {
					errOnce.Do(func() { firstEr = err })
					failed.Store(true)
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstEr != nil {
		return st, firstEr
	}
	st.Linked = int(linked.Load())
	return st, nil
}

// SlugOf is the directory name of bundle n (0-based) of the generated site,
// a copy of the corpus bundle base: base-<n+1>. The number alone makes it
// unique.
func SlugOf(base string, n int) string { return base + "-" + strconv.Itoa(n+1) }

// dayOrder returns every day of the range once, in an order drawn from seed.
func dayOrder(seed int64) []time.Time {
	r := rand.New(rand.NewPCG(uint64(seed), 0x636f6d6d756e73)) // "communs"
	perm := r.Perm(Days())
	out := make([]time.Time, len(perm))
	for i, d := range perm {
		out[i] = FirstDay.AddDate(0, 0, d)
	}
	return out
}

func prepareOut(outDir string) error {
	ents, err := os.ReadDir(outDir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return os.MkdirAll(outDir, 0o755)
	case err != nil:
		return err
	case len(ents) > 0:
		return fmt.Errorf("corpusgen: output directory %s is not empty", outDir)
	}
	return nil
}

func writeBundle(b *bundle, dir, date string, buf *[]byte, noLink *atomic.Bool) (linked int, err error) {
	if err := os.Mkdir(dir, 0o755); err != nil {
		return 0, err
	}
	for _, d := range b.dirs {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return 0, err
		}
	}
	for _, p := range b.pages {
		out := append((*buf)[:0], p.head...)
		out = append(out, date...)
		out = append(out, p.tail...)
		*buf = out
		if err := os.WriteFile(filepath.Join(dir, p.name), out, 0o644); err != nil {
			return linked, err
		}
	}
	for _, r := range b.resources {
		dst := filepath.Join(dir, r.name)
		if !noLink.Load() {
			if err := os.Link(r.path, dst); err == nil {
				linked++
				continue
			}
			// Another file system, or links refused: copy from now on.
			noLink.Store(true)
		}
		if err := copyFile(r.path, dst); err != nil {
			return linked, err
		}
	}
	return linked, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// load reads the corpus: site.toml and every bundle of content/articles, in
// lexical order.
func load(corpusDir string) (*corpus, error) {
	site, err := os.ReadFile(filepath.Join(corpusDir, "site.toml"))
	if err != nil {
		return nil, fmt.Errorf("corpusgen: %w", err)
	}
	c := &corpus{siteTOML: site}
	secDir := filepath.Join(corpusDir, "content", Section)
	ents, err := os.ReadDir(secDir) // sorted by name
	if err != nil {
		return nil, fmt.Errorf("corpusgen: %w", err)
	}
	for _, e := range ents {
		if !e.IsDir() || ignored(e.Name()) {
			continue
		}
		b, err := loadBundle(filepath.Join(secDir, e.Name()), e.Name())
		if err != nil {
			return nil, err
		}
		if len(b.pages) > 0 {
			c.bundles = append(c.bundles, b)
		}
	}
	return c, nil
}

// ignored tells files that are not content (hidden files, editor backups).
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasPrefix(name, "#") || strings.HasSuffix(name, ".swp")
}

func loadBundle(dir, slug string) (bundle, error) {
	b := bundle{slug: slug}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return b, err
	}
	err = filepath.WalkDir(abs, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if path == abs {
			return nil
		}
		if ignored(d.Name()) {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(abs, path)
		if err != nil {
			return err
		}
		if d.IsDir() {
			b.dirs = append(b.dirs, rel)
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if strings.HasSuffix(d.Name(), ".md") {
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			head, tail, err := splitDate(src)
			if err != nil {
				return fmt.Errorf("corpusgen: %s: %w", path, err)
			}
			b.pages = append(b.pages, page{name: rel, head: head, tail: tail, words: countWords(body(src))})
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		b.resources = append(b.resources, resource{name: rel, path: path, size: info.Size()})
		return nil
	})
	return b, err
}

// frontMatter locates the TOML front matter of src: the offsets of the first
// byte after the opening "+++" line and of the closing "+++" line. ok is false
// when src has no front matter.
func frontMatter(src []byte) (start, end int, ok bool) {
	s := bytes.TrimPrefix(src, []byte("\ufeff"))
	bom := len(src) - len(s)
	first, rest, found := bytes.Cut(s, []byte("\n"))
	if !found || string(bytes.TrimRight(first, " \t\r")) != "+++" {
		return 0, 0, false
	}
	start = bom + len(first) + 1
	off := start
	for len(rest) > 0 {
		line, r, _ := bytes.Cut(rest, []byte("\n"))
		if string(bytes.TrimRight(line, " \t\r")) == "+++" {
			return start, off, true
		}
		off += len(line) + 1
		rest = r
	}
	return 0, 0, false
}

// body is src without its front matter.
func body(src []byte) []byte {
	_, end, ok := frontMatter(src)
	if !ok {
		return src
	}
	rest := src[end:]
	if i := bytes.IndexByte(rest, '\n'); i >= 0 {
		return rest[i+1:]
	}
	return nil
}

// splitDate splits src around the 10 bytes of the YYYY-MM-DD of its top-level
// front-matter date, so that head + newDate + tail is the page with a new
// date (a time of day and offset, if any, are kept). A page without a date
// gets one as the first key of its front matter; a page without front matter
// gets a front matter holding only the date.
func splitDate(src []byte) (head, tail []byte, err error) {
	start, end, ok := frontMatter(src)
	if !ok {
		return []byte("+++\ndate = "), append([]byte("\n+++\n"), src...), nil
	}
	off := start
	for off < end {
		line := src[off:end]
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
		}
		trimmed := bytes.TrimSpace(line)
		if bytes.HasPrefix(trimmed, []byte("[")) {
			break // a table: the top-level keys are over
		}
		if key, val, found := bytes.Cut(trimmed, []byte("=")); found && string(bytes.TrimSpace(key)) == "date" {
			valOff := off + bytes.Index(line, val)
			if i := findISODate(val); i >= 0 {
				return src[: valOff+i : valOff+i], src[valOff+i+10:], nil
			}
			// Unreadable date: replace the whole value.
			v := bytes.TrimSpace(val)
			vOff := valOff + bytes.Index(val, v)
			return src[:vOff:vOff], src[vOff+len(v):], nil
		}
		off += len(line) + 1
	}
	head = append(append([]byte{}, src[:start]...), "date = "...)
	return head, append([]byte("\n"), src[start:]...), nil
}

// findISODate returns the offset of the first YYYY-MM-DD in v, or -1.
func findISODate(v []byte) int {
	digit := func(b byte) bool { return b >= '0' && b <= '9' }
	for i := 0; i+10 <= len(v); i++ {
		w := v[i : i+10]
		if digit(w[0]) && digit(w[1]) && digit(w[2]) && digit(w[3]) && w[4] == '-' &&
			digit(w[5]) && digit(w[6]) && w[7] == '-' && digit(w[8]) && digit(w[9]) {
			return i
		}
	}
	return -1
}

// countWords counts runs of non-space characters.
func countWords(b []byte) int64 {
	var n int64
	in := false
	for len(b) > 0 {
		r, size := rune(b[0]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b)
		}
		b = b[size:]
		if unicode.IsSpace(r) {
			in = false
		} else if !in {
			in = true
			n++
		}
	}
	return n
}
