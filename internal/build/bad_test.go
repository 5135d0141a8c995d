package build

import (
	"archive/zip"
	"bytes"
	"compress/zlib"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/testutil"
)

// The catalogue of bad inputs: each case is a small site under
// testdata/bad/<case>/ (at the repository's root), completed by the test
// when its input is huge or binary. The command must end with exit status
// 1 and messages naming the file (and line) of each problem, or build
// correctly, and never panic nor hang.

// badCase is one entry of the catalogue.
type badCase struct {
	name string
	// gen writes what testdata cannot hold well (huge, binary, links,
	// modes) into the copy of the case's site.
	gen func(t testing.TB, src string)
	// dest is the output folder; default: a fresh folder beside the site.
	dest func(src string) string
	exit int
	// want are pieces of the messages (standard error): file:line:
	// severity: the key phrase.
	want    []string
	wantNot []string
	// after checks the output of a successful build, or more.
	after   func(t *testing.T, src, dest string, r cliResult)
	timeout time.Duration
	// nobody runs the command as the user nobody when the tests run as
	// root (who reads every file).
	nobody bool
	// skip names a known problem of another package that makes the case
	// fail for now.
	skip string
	// large cases (megabytes, thousands of levels) are not run in the
	// process under -race: TestBadInputs runs them through the command,
	// and there the detector would add minutes, not checks.
	large bool
}

func badCases() []badCase {
	const fmLines = "+++\ntitle = %q\ndate = 2024-01-02\n+++\n"
	return []badCase{
		{name: "fm-not-closed", exit: 1, want: []string{
			"content/articles/ouverte/index.md:1: error: the front matter opened on line 1 is never closed: add a line +++ after it",
		}},
		{name: "toml-invalid", exit: 1, want: []string{
			// The list opened on line 4 is found unclosed on line 5.
			"content/articles/auteurs/index.md:5: error: invalid TOML front matter: expected a comma (',') or array terminator (']')",
		}},
		{name: "yaml-invalid", exit: 1, want: []string{
			"content/articles/etiquettes/index.md:4: error: invalid YAML front matter: did not find expected ',' or ']'",
		}},
		{name: "yaml-aliases", exit: 1, want: []string{
			// Found by FuzzFrontMatter: this overflowed the stack.
			"content/articles/boucle/index.md:3: error: invalid YAML front matter: the alias *moi is inside its own anchor &moi: it would never end",
		}},
		{name: "wrong-types", exit: 1, want: []string{
			`content/articles/semaine/index.md:3: error: date "next week" is not a date; write date = 2023-11-21`,
			`content/articles/trois/index.md:4: error: tags must be a list of strings, not a number`,
		}},
		{name: "utf8-invalid", exit: 1, gen: func(t testing.TB, src string) {
			// Latin-1, as old editors save it: é is the byte 0xE9.
			write(t, src, "content/articles/latin1/index.md", "+++\ntitle = \"Latin-1\"\ndate = 2024-01-02\n+++\n\nCaf\xe9 cr\xe8me.\n")
		}, want: []string{
			"content/articles/latin1/index.md:6: error: the file is not valid UTF-8; save it as UTF-8",
		}},
		{name: "bom", gen: func(t testing.TB, src string) {
			write(t, src, "content/articles/toml/index.md", "\ufeff+++\ntitle = \"Avec une marque d’ordre\"\ndate = 2024-01-02\n+++\n\nLe texte, après la marque.\n")
			write(t, src, "content/articles/yaml/index.md", "\ufeff---\ntitle: En YAML avec une marque\ndate: 2024-01-03\n---\n\nLe texte YAML.\n")
		}, after: func(t *testing.T, src, dest string, r cliResult) {
			for page, want := range map[string]string{
				"2024/01/02/toml/index.html": "Avec une marque d’ordre",
				"2024/01/03/yaml/index.html": "En YAML avec une marque",
			} {
				html := readFile(t, filepath.Join(dest, page))
				if !bytes.Contains(html, []byte(want)) || bytes.Contains(html, []byte("\ufeff")) {
					t.Errorf("%s: title %q not read, or the BOM kept", page, want)
				}
			}
		}},
		{name: "crlf", gen: func(t testing.TB, src string) {
			crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
			body := "\nPremier paragraphe,\nsur deux lignes.\n\n## Un titre\n\n- un\n- deux\n\n```go\nfunc main() {}\n```\n"
			write(t, src, "content/articles/toml/index.md", crlf(fmt.Sprintf(fmLines, "Fins de ligne Windows")+body))
			write(t, src, "content/articles/yaml/index.md", crlf("---\ntitle: YAML et CRLF\ndate: 2024-01-03\ntags:\n  - windows\n---\n"+body))
		}, after: func(t *testing.T, src, dest string, r cliResult) {
			for _, page := range []string{"2024/01/02/toml/index.html", "2024/01/03/yaml/index.html"} {
				html := string(readFile(t, filepath.Join(dest, page)))
				for _, want := range []string{"<p>Premier paragraphe,\nsur deux lignes.</p>", `<h2 id="un-titre">`, "<li>un</li>"} {
					if !strings.Contains(html, want) {
						t.Errorf("%s lacks %q", page, want)
					}
				}
				if strings.Contains(html, "\r") {
					t.Errorf("%s has carriage returns", page)
				}
			}
			if _, err := os.Stat(filepath.Join(dest, "tags/windows/index.html")); err != nil {
				t.Errorf("the YAML list of tags was not read: %v", err)
			}
		}},
		{name: "crlf-errors", exit: 1, gen: func(t testing.TB, src string) {
			write(t, src, "content/articles/crlf/index.md", "+++\r\ntitle = \"CRLF\"\r\ndate = \"next week\"\r\n+++\r\n\r\nTexte.\r\n\r\n![Une image](absente.png)\r\n")
		}, want: []string{
			`content/articles/crlf/index.md:3: error: date "next week" is not a date`,
			`content/articles/crlf/index.md:8: error: image "absente.png" points to no file of the page bundle nor page of the site`,
		}},
		{name: "unknown-language", exit: 1, want: []string{
			`content/articles/bonjour/index.de.md: error: unknown language "de" in the file name: add [languages.de] to site.toml, or rename the file`,
		}},
		{name: "same-url", exit: 1, want: []string{
			"content/articles/b/index.md: error: writes the same URL /2024/01/02/meme-adresse/ as content/articles/a/index.md",
		}},
		{name: "missing-image", exit: 1, want: []string{
			`content/articles/photo/index.md:8: error: image "colline.png" points to no file of the page bundle nor page of the site`,
		}},
		{name: "outside-tree", exit: 1, want: []string{
			`content/articles/fuite/index.md:9: error: image "../../../../etc/passwd" points to no file`,
			`content/articles/fuite/index.md:11: error: link "../../../../../etc/passwd" points to no file`,
			`content/articles/fuite/index.md:13: error: image "img/../../../../../etc/passwd" points to no file`,
		}},
		{name: "absolute-paths", want: []string{
			// A path from the site's root is a URL, never a file read:
			// the build warns, communs check fails (below).
			`content/articles/absolu/index.md:9: warning: image "/etc/passwd" is written from the site's root, and no file of content/ or static/ is published there`,
		}, after: func(t *testing.T, src, dest string, r cliResult) {
			noLeak(t, dest, "root:x:0:0")
			c := runCLI(t, time.Minute, nil, "check", "--source", src, "--dest", dest)
			if c.code != 1 {
				t.Errorf("communs check: exit %d, want 1\n%s%s", c.code, c.stdout, c.stderr)
			}
			for _, want := range []string{
				`content/articles/absolu/index.md:9: error: image "/etc/passwd" goes to /etc/passwd, which is not in the built site`,
				`content/articles/absolu/index.md:11: error: link "/etc/passwd" goes to /etc/passwd, which is not in the built site`,
			} {
				if !strings.Contains(c.stdout, want) {
					t.Errorf("communs check does not say %q:\n%s", want, c.stdout)
				}
			}
		}},
		{name: "file-url", exit: 1, want: []string{
			`content/articles/fichier/index.md:6: error: image "file:///home/camille/photo.png" is a file of this computer, which readers cannot open`,
			`content/articles/fichier/index.md:8: error: link "FILE:///etc/passwd" is a file of this computer`,
		}},
		{name: "symlink-out", exit: 1, gen: func(t testing.TB, src string) {
			secret := filepath.Join(filepath.Dir(src), "secret.png")
			os.WriteFile(secret, secretPNG(t), 0o644)
			symlink(t, secret, filepath.Join(src, "content/articles/a/secret.png"))
			symlink(t, filepath.Dir(src), filepath.Join(src, "content/articles/a/dehors"))
		}, want: []string{
			"content/articles/a/secret.png: error: symbolic link to ",
			"outside the content tree: refused; copy the file into content/ instead",
			"content/articles/a/dehors: error: symbolic link to ",
			`content/articles/a/index.md:6: error: image "secret.png" points to no file`,
		}},
		{name: "symlink-cycle", exit: 1, gen: func(t testing.TB, src string) {
			symlink(t, ".", filepath.Join(src, "content/articles/a/boucle"))
			symlink(t, "../articles", filepath.Join(src, "content/articles/retour"))
			symlink(t, "y.md", filepath.Join(src, "content/articles/x.md"))
			symlink(t, "x.md", filepath.Join(src, "content/articles/y.md"))
		}, want: []string{
			"content/articles/a/boucle: warning: symbolic link to a folder not followed (it could loop)",
			"content/articles/retour: warning: symbolic link to a folder not followed (it could loop)",
			"content/articles/x.md: error: symbolic link in a cycle: it leads back to itself and to no file",
			"content/articles/y.md: error: symbolic link in a cycle",
		}},
		{name: "unreadable-file", exit: 1, nobody: true, gen: func(t testing.TB, src string) {
			p := write(t, src, "content/articles/secret/index.md", fmt.Sprintf(fmLines, "Secret")+"\nTexte.\n")
			if err := os.Chmod(p, 0); err != nil {
				t.Fatal(err)
			}
		}, want: []string{
			"content/articles/secret/index.md: error: cannot read: ",
			"permission denied",
		}},
		{name: "corrupt-image", exit: 1, want: []string{
			`content/articles/abimee/index.md:8: error: image "abimee.png" cannot be read as a PNG image`,
		}},
		{name: "zero-byte-image", exit: 1, want: []string{
			`content/articles/vide/index.md:8: error: image "vide.jpg" is an empty file (0 bytes)`,
		}},
		{name: "huge-image", large: true, timeout: 2 * time.Minute, gen: func(t testing.TB, src string) {
			img := hugePNG20000()
			os.WriteFile(filepath.Join(src, "content/books/livre/immense.png"), img, 0o644)
			os.WriteFile(filepath.Join(src, "content/articles/immense/immense.png"), img, 0o644)
		}, after: func(t *testing.T, src, dest string, r cliResult) {
			html := string(readFile(t, filepath.Join(dest, "books/livre/01-image/index.html")))
			if !strings.Contains(html, `width="20000" height="20000"`) {
				t.Errorf("the image's size is not in the chapter's page")
			}
			wantBooks(t, dest, "books/livre/livre", "2024/01/02/immense/immense")
		}},
		{name: "huge-tiff", large: true, timeout: 2 * time.Minute, gen: func(t testing.TB, src string) {
			os.WriteFile(filepath.Join(src, "content/books/livre/immense.tiff"), hugeTIFF20000(), 0o644)
		}, want: []string{
			// 48 KB that decode to 400 million pixels: neither the EPUB
			// nor the PDF converts them.
			`content/books/livre/01-tiff.md:8: warning: "immense.tiff" is a TIFF image of 20000 × 20000 pixels, too large to convert for the EPUB (at most 50 million pixels)`,
			`content/books/livre/01-tiff.md:8: warning: PDF: the image immense.tiff is a TIFF image of 20000 × 20000 pixels, too large to convert (at most 50 million pixels)`,
		}, after: func(t *testing.T, src, dest string, r cliResult) {
			wantBooks(t, dest, "books/livre/livre")
		}},
		{name: "huge-markdown", large: true, timeout: 2 * time.Minute, gen: func(t testing.TB, src string) {
			var b strings.Builder
			b.WriteString(fmt.Sprintf(fmLines, "Vingt mégaoctets"))
			words := strings.Fields("le la les un une des communs libre texte licence partage auteur traduction livre page site flux")
			for n := 0; b.Len() < 20<<20; n++ {
				if n%50 == 0 {
					fmt.Fprintf(&b, "\n## Partie %d\n", n/50)
				}
				b.WriteString("\n")
				for i := 0; i < 120; i++ {
					b.WriteString(words[(n*7+i*3)%len(words)])
					b.WriteByte(' ')
				}
				b.WriteString("; vraiment ? oui !\n")
			}
			write(t, src, "content/articles/enorme/index.md", b.String())
		}, after: func(t *testing.T, src, dest string, r cliResult) {
			st, err := os.Stat(filepath.Join(dest, "2024/01/02/enorme/index.html"))
			if err != nil || st.Size() < 20<<20 {
				t.Errorf("the page of 20 MB of Markdown is missing or short: %v", err)
			}
		}},
		{name: "nested-quotes", large: true, timeout: time.Minute, gen: func(t testing.TB, src string) {
			write(t, src, "content/articles/citations/index.md", fmt.Sprintf(fmLines, "Citations")+"\n"+strings.Repeat("> ", 10000)+"Au fond.\n")
		}, after: func(t *testing.T, src, dest string, r cliResult) {
			html := readFile(t, filepath.Join(dest, "2024/01/02/citations/index.html"))
			if n := bytes.Count(html, []byte("<blockquote>")); n != 10000 {
				t.Errorf("%d block quotes, want 10000", n)
			}
		}},
		{name: "nested-lists", large: true, timeout: time.Minute, gen: func(t testing.TB, src string) {
			write(t, src, "content/articles/listes/index.md", fmt.Sprintf(fmLines, "Listes")+"\n"+strings.Repeat("- ", 10000)+"Au fond.\n")
		}, after: func(t *testing.T, src, dest string, r cliResult) {
			html := readFile(t, filepath.Join(dest, "2024/01/02/listes/index.html"))
			// (The menus are lists too.)
			if n := bytes.Count(html, []byte("<ul>")); n < 10000 || n > 10010 {
				t.Errorf("%d lists, want 10000 and the menus'", n)
			}
		}},
		{name: "nested-quotes-book", large: true, timeout: time.Minute, gen: func(t testing.TB, src string) {
			write(t, src, "content/books/livre/01-citations.md", "+++\ntitle = \"Citations\"\nweight = 1\n+++\n\n"+strings.Repeat("> ", 10000)+"Au fond.\n")
		}, after: func(t *testing.T, src, dest string, r cliResult) {
			wantBooks(t, dest, "books/livre/livre")
		}},
		{name: "nested-lists-book", large: true, timeout: time.Minute, gen: func(t testing.TB, src string) {
			write(t, src, "content/books/livre/01-listes.md", "+++\ntitle = \"Listes\"\nweight = 1\n+++\n\n"+strings.Repeat("- ", 10000)+"Au fond.\n")
		}, after: func(t *testing.T, src, dest string, r cliResult) {
			wantBooks(t, dest, "books/livre/livre")
		}},
		{name: "book-long-word", after: func(t *testing.T, src, dest string, r cliResult) {
			wantBooks(t, dest, "books/livre/livre")
			if !strings.Contains(epubText(t, filepath.Join(dest, "books/livre/livre.epub")), strings.Repeat("anticonstitutionnellement", 200)) {
				t.Errorf("the EPUB lost the word of 5,000 letters")
			}
		}},
		{name: "book-wide-table", after: func(t *testing.T, src, dest string, r cliResult) {
			wantBooks(t, dest, "books/livre/livre")
			text := epubText(t, filepath.Join(dest, "books/livre/livre.epub"))
			if !strings.Contains(text, "r2c60") {
				t.Errorf("the EPUB lost the table's last column")
			}
		}},
		{name: "book-empty-chapter", after: func(t *testing.T, src, dest string, r cliResult) {
			wantBooks(t, dest, "books/livre/livre")
			for _, p := range []string{"books/livre/01-vide/index.html", "books/livre/02-plein/index.html"} {
				if _, err := os.Stat(filepath.Join(dest, p)); err != nil {
					t.Error(err)
				}
			}
		}},
		{name: "book-no-chapters", want: []string{
			"content/books/livre/_index.md: warning: book with no chapters: add chapter files beside _index.md",
		}, after: func(t *testing.T, src, dest string, r cliResult) {
			wantBooks(t, dest, "books/livre/livre")
		}},
		{name: "cover-outside", want: []string{
			// Never read: the EPUB and PDF get a typographic cover, the
			// page none.
			`content/books/livre/_index.md:4: warning: cover "../../../../etc/passwd" is no file of the page's folder; the EPUB and the PDF get a typographic cover`,
			`content/articles/a/index.md:4: warning: cover "/etc/passwd" is no file of the page's folder: the page shows no cover`,
		}, after: func(t *testing.T, src, dest string, r cliResult) {
			wantBooks(t, dest, "books/livre/livre")
			noLeak(t, dest, "root:x:0:0")
			for _, p := range []string{"books/livre/index.html", "2024/01/02/a/index.html"} {
				if html := readFile(t, filepath.Join(dest, p)); bytes.Contains(html, []byte("passwd")) {
					t.Errorf("%s names the cover outside the content tree", p)
				}
			}
		}},
		{name: "dest-inside-content", exit: 1, dest: func(src string) string { return filepath.Join(src, "content", "public") }, want: []string{
			"is inside the site's content/ folder: its files would become content; choose a folder outside it",
		}, after: func(t *testing.T, src, dest string, r cliResult) {
			if _, err := os.Stat(dest); err == nil {
				t.Errorf("a refused --dest was created")
			}
		}},
	}
}

// TestBadCatalogueComplete: every folder of testdata/bad is a case.
func TestBadCatalogueComplete(t *testing.T) {
	dirs, err := os.ReadDir(filepath.Join(testutil.RepoRoot(), "testdata", "bad"))
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, bc := range badCases() {
		if known[bc.name] {
			t.Errorf("case %s twice", bc.name)
		}
		known[bc.name] = true
	}
	for _, d := range dirs {
		if d.IsDir() && !known[d.Name()] {
			t.Errorf("testdata/bad/%s has no case in badCases", d.Name())
		}
		delete(known, d.Name())
	}
	for name := range known {
		t.Errorf("case %s has no folder testdata/bad/%s", name, name)
	}
}

// prepare copies a case's site into a fresh folder and completes it.
func (bc badCase) prepare(t testing.TB) (src, dest string) {
	t.Helper()
	root := t.TempDir()
	src = filepath.Join(root, "site")
	copyTree(t, filepath.Join(testutil.RepoRoot(), "testdata", "bad", bc.name), src)
	if bc.gen != nil {
		bc.gen(t, src)
	}
	dest = filepath.Join(root, "out", "public")
	if bc.dest != nil {
		dest = bc.dest(src)
	}
	return src, dest
}

func TestBadInputs(t *testing.T) {
	for _, bc := range badCases() {
		t.Run(bc.name, func(t *testing.T) {
			t.Parallel()
			if bc.skip != "" {
				t.Skip(bc.skip)
			}
			src, dest := bc.prepare(t)
			var cred = asNobody()
			if bc.nobody && cred != nil {
				// The user nobody must read the site and write the output.
				os.MkdirAll(filepath.Dir(dest), 0o777)
				for _, d := range []string{filepath.Dir(filepath.Dir(src)), filepath.Dir(src), filepath.Dir(dest)} {
					os.Chmod(d, 0o777)
				}
			} else {
				cred = nil
			}
			timeout := bc.timeout
			if timeout == 0 {
				timeout = time.Minute
			}
			r := runCLI(t, timeout, cred, "build", "--source", src, "--dest", dest)
			if bc.nobody && cred != nil && strings.Contains(r.stderr, "operation not permitted") {
				t.Skipf("skipped: cannot run the command as the user nobody here, and root reads every file: %s", r.stderr)
			}
			switch {
			case r.timedOut:
				t.Fatalf("the build did not end in %v:\n%s", timeout, r.stderr)
			case r.panicked():
				t.Fatalf("the build panicked:\n%s", r.stderr)
			case r.code != bc.exit:
				t.Fatalf("exit status %d, want %d\n%s%s", r.code, bc.exit, r.stdout, r.stderr)
			}
			for _, want := range bc.want {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("the messages lack %q:\n%s", want, r.stderr)
				}
			}
			for _, not := range bc.wantNot {
				if strings.Contains(r.stderr, not) {
					t.Errorf("the messages say %q:\n%s", not, r.stderr)
				}
			}
			if bc.exit != 0 {
				if !strings.Contains(r.stderr, "build failed") && !strings.Contains(r.stderr, "--dest") {
					t.Errorf("no closing line saying the build failed:\n%s", r.stderr)
				}
				if _, err := os.Stat(dest); err == nil {
					t.Errorf("a failed build wrote %s", dest)
				}
			} else if !strings.Contains(r.stdout, "communs: built") {
				t.Errorf("no summary line: %q", r.stdout)
			}
			if left := tempSiblings(dest); len(left) > 0 {
				t.Errorf("temporary folders left: %v", left)
			}
			if bc.after != nil {
				bc.after(t, src, dest, r)
			}
		})
	}
}

// TestBadInputsNeverPanic runs every case in the process, where a panic
// would show its stack: none may panic or outlast its time.
func TestBadInputsNeverPanic(t *testing.T) {
	t.Parallel() // the heavy tests of the package run side by side
	for _, bc := range badCases() {
		t.Run(bc.name, func(t *testing.T) {
			if bc.skip != "" {
				t.Skip(bc.skip)
			}
			if bc.large && raceDetector {
				t.Skip("skipped under -race: a large input, which TestBadInputs builds through the command")
			}
			if bc.nobody && readsEverything() {
				t.Skip("skipped: the tests run as root, who reads every file (TestBadInputs runs this case as nobody)")
			}
			src, dest := bc.prepare(t)
			timeout := bc.timeout
			if timeout == 0 {
				timeout = time.Minute
			}
			ctx, cancel := context.WithTimeout(context.Background(), timeout)
			defer cancel()
			type outcome struct {
				err   error
				panic any
				stack []byte
			}
			done := make(chan outcome, 1)
			go func() {
				defer func() {
					if p := recover(); p != nil {
						done <- outcome{panic: p, stack: debug.Stack()}
					}
				}()
				_, err := Run(ctx, Options{Source: src, Dest: dest, Now: time.Unix(1800000000, 0)})
				done <- outcome{err: err}
			}()
			select {
			case o := <-done:
				if o.panic != nil {
					t.Fatalf("panic: %v\n%s", o.panic, o.stack)
				}
				if ctx.Err() != nil {
					t.Fatalf("the build did not end in %v", timeout)
				}
				if (o.err != nil) != (bc.exit != 0) {
					t.Errorf("error %v, want exit status %d", o.err, bc.exit)
				}
			case <-time.After(timeout + 30*time.Second):
				t.Fatalf("the build did not stop %v after it was cancelled", 30*time.Second)
			}
		})
	}
}

// TestOutsideTreeNeverEmbedded builds a site whose pages point at an
// image outside content/ in every way, even past the errors that stop a
// build, and checks that no output holds or names it.
func TestOutsideTreeNeverEmbedded(t *testing.T) {
	root := t.TempDir()
	src := filepath.Join(root, "site")
	secret := secretPNG(t)
	outside := filepath.Join(root, "secret.png")
	os.WriteFile(outside, secret, 0o644)
	write(t, src, "secret.png", string(secret)) // in the site, outside content/
	write(t, src, "site.toml", "title = \"Fuites\"\nbaseURL = \"https://fuites.example/\"\n")
	refs := "![a](../../../secret.png)\n\n![b](../../../../secret.png)\n\n![c](" + filepath.ToSlash(outside) + ")\n\n" +
		"![d](file://" + filepath.ToSlash(outside) + ")\n\n![e](lien.png)\n\n![f](sub/../../../../secret.png)\n\n[g](../../../secret.png)\n"
	write(t, src, "content/articles/a/index.md", "+++\ntitle = \"A\"\ndate = 2024-01-02\nformats = [\"epub\", \"pdf\"]\ncover = \"../../../secret.png\"\n+++\n\n"+refs)
	symlink(t, outside, filepath.Join(src, "content/articles/a/lien.png"))
	write(t, src, "content/books/livre/_index.md", "+++\ntitle = \"Livre\"\ndate = 2024-01-02\ncover = \""+filepath.ToSlash(outside)+"\"\n+++\n\n"+refs)
	write(t, src, "content/books/livre/01-un.md", "+++\ntitle = \"Un\"\nweight = 1\n+++\n\n"+refs)
	symlink(t, outside, filepath.Join(src, "content/books/livre/lien.png"))

	dest := filepath.Join(root, "out")
	os.MkdirAll(dest, 0o755)
	diags := buildAnyway(t, src, dest)
	var report strings.Builder
	diags.Print(&report)
	for _, want := range []string{"content/articles/a/lien.png: error: symbolic link to", "content/articles/a/index.md:8: error: image \"../../../secret.png\" points to no file"} {
		if !strings.Contains(report.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, report.String())
		}
	}
	for _, f := range []string{"2024/01/02/a/a.epub", "2024/01/02/a/a.pdf", "books/livre/livre.epub", "books/livre/livre.pdf"} {
		if _, err := os.Stat(filepath.Join(dest, f)); err != nil {
			t.Errorf("%s was not written: the test checks nothing", f)
		}
	}
	// 317 × 211: the secret image's size, as a PNG header, a PDF image or
	// an HTML attribute.
	ihdr := []byte("IHDR\x00\x00\x01\x3d\x00\x00\x00\xd3")
	pdfImage := regexp.MustCompile(`/Width\s+317\b`)
	check := func(name string, data []byte) {
		switch {
		case bytes.Contains(data, ihdr):
			t.Errorf("%s holds the image from outside the content tree", name)
		case pdfImage.Match(data):
			t.Errorf("%s embeds the image from outside the content tree", name)
		case bytes.Contains(data, []byte(`width="317"`)):
			t.Errorf("%s shows the image from outside the content tree", name)
		}
	}
	walkOutput(t, dest, check)
}

// buildAnyway runs every builder into dest even when the input has
// errors, which Run would not swap in.
func buildAnyway(t *testing.T, src, dest string) *diag.List {
	t.Helper()
	ctx := context.Background()
	c := loadContext(t, src, dest)
	diags := c.Diags
	for _, b := range Builders() {
		if err := b.Build(ctx, c); err != nil {
			t.Fatalf("%s: %v", b.Name(), err)
		}
	}
	return diags
}

// walkOutput calls fn on every output file, and on every file inside an
// EPUB, and on the inflated streams of a PDF.
func walkOutput(t *testing.T, dest string, fn func(name string, data []byte)) {
	t.Helper()
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data := readFile(t, p)
		rel, _ := filepath.Rel(dest, p)
		fn(rel, data)
		switch filepath.Ext(p) {
		case ".epub":
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Errorf("%s: %v", rel, err)
				return nil
			}
			for _, f := range zr.File {
				rc, err := f.Open()
				if err != nil {
					t.Errorf("%s: %v", rel, err)
					continue
				}
				b, _ := io.ReadAll(rc)
				rc.Close()
				fn(rel+"!"+f.Name, b)
			}
		case ".pdf":
			for i, s := range pdfStreams(data) {
				fn(fmt.Sprintf("%s!stream%d", rel, i), s)
			}
		}
		return nil
	})
}

var pdfStream = regexp.MustCompile(`stream\r?\n`)

// pdfStreams inflates the Flate streams of a PDF, as well as it can.
func pdfStreams(data []byte) [][]byte {
	var out [][]byte
	for _, loc := range pdfStream.FindAllIndex(data, -1) {
		start := loc[1]
		end := bytes.Index(data[start:], []byte("endstream"))
		if end < 0 {
			continue
		}
		zr, err := zlib.NewReader(bytes.NewReader(data[start : start+end]))
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(io.LimitReader(zr, 64<<20))
		out = append(out, b)
	}
	return out
}

// noLeak checks that no output file (nor EPUB member, nor PDF stream)
// holds marker.
func noLeak(t *testing.T, dest, marker string) {
	t.Helper()
	walkOutput(t, dest, func(name string, data []byte) {
		if bytes.Contains(data, []byte(marker)) {
			t.Errorf("%s holds %q: a file from outside the content tree leaked", name, marker)
		}
	})
}

// wantBooks checks that each base (without extension) has an EPUB and a
// PDF, valid for EPUBCheck and qpdf when they are installed.
func wantBooks(t *testing.T, dest string, bases ...string) {
	t.Helper()
	for _, b := range bases {
		pdf, err := os.ReadFile(filepath.Join(dest, b+".pdf"))
		if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) || !bytes.Contains(pdf[max(len(pdf)-1024, 0):], []byte("%%EOF")) {
			t.Errorf("%s.pdf missing or not a PDF: %v", b, err)
		}
		epubText(t, filepath.Join(dest, b+".epub"))
		if qpdf, err := exec.LookPath("qpdf"); err == nil {
			if out, err := exec.Command(qpdf, "--check", filepath.Join(dest, b+".pdf")).CombinedOutput(); err != nil {
				t.Errorf("qpdf --check %s.pdf: %v\n%s", b, err, out)
			}
		} else {
			t.Log("qpdf is not installed: the PDF is not checked (sh .ci/tools --install)")
		}
		if testutil.HaveEPUBCheck() {
			if r := testutil.EPUBCheck(t, filepath.Join(dest, b+".epub"))[0]; r.Fatal+r.Errors > 0 {
				t.Errorf("EPUBCheck %s.epub: %s", b, r)
			}
		} else {
			t.Log("epubcheck is not installed: the EPUB is not checked (sh .ci/tools --install)")
		}
	}
}

// epubText is the text of an EPUB's XHTML files.
func epubText(t *testing.T, p string) string {
	t.Helper()
	zr, err := zip.OpenReader(p)
	if err != nil {
		t.Errorf("%s: %v", p, err)
		return ""
	}
	defer zr.Close()
	var b strings.Builder
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, ".xhtml") {
			rc, err := f.Open()
			if err != nil {
				t.Errorf("%s: %v", p, err)
				continue
			}
			data, _ := io.ReadAll(rc)
			rc.Close()
			b.WriteString(testutil.HTMLText(data))
		}
	}
	return b.String()
}

// write writes a file of the site, making its folders.
func write(t testing.TB, root, rel, text string) string {
	t.Helper()
	p := filepath.Join(root, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func symlink(t testing.TB, target, link string) {
	t.Helper()
	os.MkdirAll(filepath.Dir(link), 0o755)
	if err := os.Symlink(target, link); err != nil {
		t.Skipf("skipped: no symbolic links here: %v", err)
	}
}

// secretPNG is a small image of a size found nowhere else: 317 × 211.
func secretPNG(t testing.TB) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 317, 211))
	for y := 0; y < 211; y++ {
		for x := 0; x < 317; x++ {
			img.Set(x, y, color.NRGBA{uint8(x), uint8(y), 99, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The huge images are made once per test process: compressing their
// 50 MB of pixels is most of a case's time, twice over under -race.
var (
	hugePNG20000  = sync.OnceValue(func() []byte { return hugePNG(20000, 20000) })
	hugeTIFF20000 = sync.OnceValue(func() []byte { return hugeTIFF(20000, 20000) })
)

// hugePNG writes a valid white PNG of w × h pixels, one bit each, without
// holding its pixels: a few tens of kilobytes for 20,000 × 20,000.
func hugePNG(w, h int) []byte {
	var b bytes.Buffer
	chunk := func(typ string, data []byte) {
		binary.Write(&b, binary.BigEndian, uint32(len(data)))
		b.WriteString(typ)
		b.Write(data)
		c := crc32.NewIEEE()
		c.Write([]byte(typ))
		c.Write(data)
		binary.Write(&b, binary.BigEndian, c.Sum32())
	}
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8] = 1 // bit depth; colour type 0: grey
	chunk("IHDR", ihdr)
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	row := bytes.Repeat([]byte{0xff}, 1+(w+7)/8)
	row[0] = 0 // filter: none
	for y := 0; y < h; y++ {
		zw.Write(row)
	}
	zw.Close()
	chunk("IDAT", z.Bytes())
	chunk("IEND", nil)
	return b.Bytes()
}

// hugeTIFF writes a white TIFF of w × h pixels, one bit each, compressed
// with Deflate: a few tens of kilobytes that decode to w × h bytes or more.
func hugeTIFF(w, h int) []byte {
	var z bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&z, zlib.BestCompression)
	row := bytes.Repeat([]byte{0xff}, (w+7)/8)
	for y := 0; y < h; y++ {
		zw.Write(row)
	}
	zw.Close()
	const entries = 9
	dataAt := 8 + 2 + entries*12 + 4
	var b bytes.Buffer
	b.WriteString("II*\x00")
	binary.Write(&b, binary.LittleEndian, uint32(8))
	binary.Write(&b, binary.LittleEndian, uint16(entries))
	entry := func(tag, typ uint16, value uint32) {
		binary.Write(&b, binary.LittleEndian, tag)
		binary.Write(&b, binary.LittleEndian, typ)
		binary.Write(&b, binary.LittleEndian, uint32(1))
		if typ == 3 { // SHORT, left-justified in the field
			binary.Write(&b, binary.LittleEndian, uint16(value))
			binary.Write(&b, binary.LittleEndian, uint16(0))
		} else {
			binary.Write(&b, binary.LittleEndian, value)
		}
	}
	entry(256, 4, uint32(w))       // ImageWidth
	entry(257, 4, uint32(h))       // ImageLength
	entry(258, 3, 1)               // BitsPerSample
	entry(259, 3, 8)               // Compression: Deflate
	entry(262, 3, 1)               // Photometric: black is zero
	entry(273, 4, uint32(dataAt))  // StripOffsets
	entry(277, 3, 1)               // SamplesPerPixel
	entry(278, 4, uint32(h))       // RowsPerStrip
	entry(279, 4, uint32(z.Len())) // StripByteCounts
	binary.Write(&b, binary.LittleEndian, uint32(0))
	b.Write(z.Bytes())
	return b.Bytes()
}
