package testutil

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Site writes a site given as a text archive into a new temporary folder
// and returns the folder: a test's whole input in one string, read top to
// bottom. The archive is the txtar format of the Go tools: an optional
// comment, then files, each introduced by a line "-- path --" and holding
// the lines up to the next such line. A file's content may name binary
// files with Site's fill: "{{png}}" is a 1×1 PNG image.
//
//	-- site.toml --
//	title = "Essai"
//	-- content/articles/a/index.md --
//	+++
//	title = "A"
//	+++
//	Text.
//	-- content/articles/a/image.png --
//	{{png}}
func Site(t testing.TB, archive string) string {
	t.Helper()
	dir := t.TempDir()
	files, err := ParseTxtar(archive)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		data := f.Data
		if strings.TrimSpace(string(data)) == "{{png}}" {
			data = PNG1x1
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// Files writes files given by slash-separated path into a new temporary
// folder and returns the folder.
func Files(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	WriteFiles(t, dir, files)
	return dir
}

// WriteFiles writes files given by slash-separated path below dir.
func WriteFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for rel, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TxtarFile is a file of a text archive.
type TxtarFile struct {
	Name string
	Data []byte
}

// ParseTxtar reads a text archive (see Site); names must be relative
// paths that stay inside the archive.
func ParseTxtar(archive string) ([]TxtarFile, error) {
	var files []TxtarFile
	var cur *TxtarFile
	for i, line := range strings.SplitAfter(archive, "\n") {
		trimmed := strings.TrimRight(line, "\r\n")
		if name, ok := strings.CutPrefix(trimmed, "-- "); ok && strings.HasSuffix(name, " --") {
			name = strings.TrimSpace(strings.TrimSuffix(name, " --"))
			clean := filepath.ToSlash(filepath.Clean(filepath.FromSlash(name)))
			if name == "" || filepath.IsAbs(name) || clean == ".." || strings.HasPrefix(clean, "../") {
				return nil, fmt.Errorf("line %d: %q is not a relative path inside the archive", i+1, name)
			}
			files = append(files, TxtarFile{Name: clean})
			cur = &files[len(files)-1]
			continue
		}
		if cur != nil {
			cur.Data = append(cur.Data, line...)
		}
	}
	return files, nil
}

// PNG1x1 is a 1×1 grey PNG image.
var PNG1x1 = []byte{
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b,
	0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x68, 0x00, 0x00, 0x00,
	0x82, 0x00, 0x81, 0x77, 0xcd, 0x72, 0xb6, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
	0x42, 0x60, 0x82,
}
