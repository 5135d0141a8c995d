package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/communs/communs/internal/wordpress"
)

func writeExport(t *testing.T, dir string) string {
	t.Helper()
	ch := wordpress.ExportChannel{Title: "Le blog", Link: "https://blog.example.fr", Language: "fr-FR"}
	posts := []wordpress.ExportPost{
		{ID: 1, Title: "Bonjour", Name: "bonjour", Link: "https://blog.example.fr/2020/03/01/bonjour/", Date: "2020-03-01 10:00:00", DateGMT: "2020-03-01 09:00:00",
			Content: "Premier billet, avec [contact-form-7 id=\"3\"] dedans."},
	}
	var b bytes.Buffer
	if err := wordpress.WriteWXR(&b, ch, posts); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "export.xml")
	if err := os.WriteFile(file, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func TestImportWordPressCommand(t *testing.T) {
	work := t.TempDir()
	export := writeExport(t, work)
	src := filepath.Join(work, "site")
	if err := os.Mkdir(src, 0o755); err != nil {
		t.Fatal(err)
	}

	// A dry run says what it would write, and writes nothing.
	code, out, errs := runCLI(t, "import", "wordpress", "--source", src, "--dry-run", export)
	if code != 0 || !strings.Contains(out, "write content/articles/bonjour/index.md") || !strings.Contains(out, "write site.toml") || !strings.Contains(out, "[contact-form-7] in 1") {
		t.Fatalf("dry run: exit %d\n%s%s", code, out, errs)
	}
	if ents, _ := os.ReadDir(src); len(ents) != 0 {
		t.Fatalf("the dry run wrote %d files", len(ents))
	}

	code, out, errs = runCLI(t, "import", "wordpress", "--source", src, export)
	if code != 0 || !strings.Contains(out, "Wrote 2 files") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	if code, out, errs := runCLI(t, "build", "--source", src, "--quiet"); code != 0 {
		t.Fatalf("build after the import: exit %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(src, "public", "2020", "03", "01", "bonjour", "index.html")); err != nil {
		t.Errorf("the post is not at its WordPress URL: %v", err)
	}

	// The same import again writes nothing; after an edit it refuses.
	if code, out, _ := runCLI(t, "import", "wordpress", "--source", src, export); code != 0 || !strings.Contains(out, "Wrote 0 files (1 already the same)") {
		t.Errorf("second import: exit %d\n%s", code, out)
	}
	post := filepath.Join(src, "content", "articles", "bonjour", "index.md")
	edited := readText(t, post) + "\nMa correction.\n"
	os.WriteFile(post, []byte(edited), 0o644)
	code, _, errs = runCLI(t, "import", "wordpress", "--source", src, export)
	if code != 1 || !strings.Contains(errs, "content/articles/bonjour/index.md") || !strings.Contains(errs, "Nothing was written") {
		t.Errorf("import over an edited post: exit %d\n%s", code, errs)
	}
	if readText(t, post) != edited {
		t.Errorf("the edited post was overwritten")
	}

	// A truncated export: its line, exit 1, nothing written.
	data, _ := os.ReadFile(export)
	truncated := filepath.Join(work, "truncated.xml")
	os.WriteFile(truncated, data[:len(data)-40], 0o644)
	other := filepath.Join(work, "other")
	os.Mkdir(other, 0o755)
	code, _, errs = runCLI(t, "import", "wordpress", "--source", other, truncated)
	if code != 1 || !strings.Contains(errs, "truncated.xml:") || !strings.Contains(errs, "truncated") || !strings.Contains(errs, "Nothing was written") {
		t.Errorf("truncated export: exit %d\n%s", code, errs)
	}
	if ents, _ := os.ReadDir(other); len(ents) != 0 {
		t.Errorf("a truncated export wrote %d files", len(ents))
	}

	if code, _, errs := runCLI(t, "import", "joomla", export); code != 2 || !strings.Contains(errs, "wordpress") {
		t.Errorf("unknown importer: exit %d, %q", code, errs)
	}
}
