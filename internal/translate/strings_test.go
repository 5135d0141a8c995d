package translate

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/communs/communs/internal/testutil"
)

func TestTemplateKeys(t *testing.T) {
	dir := testutil.Files(t, map[string]string{
		"layouts/single.html":          `{{ define "main" }}{{ T "own_key" }}{{ with .Page }}{{ T (printf "kind_%s" .Kind) }}{{ end }}{{ end }}`,
		"themes/t/layouts/home.html":   `{{ define "main" }}{{ if .List }}{{ range .List }}{{ T "theme_key" 3 }}{{ end }}{{ else }}{{ T "empty" (dict "A" 1) }}{{ end }}{{ end }}`,
		"layouts/partials/footer.html": `{{/* no strings */}}<footer></footer>`,
	})
	keys, prefixes, err := TemplateKeys(dir, "t")
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"own_key", "theme_key", "empty", "read_more", "downloads"} {
		if !keys[k] {
			t.Errorf("key %s not found", k)
		}
	}
	if keys["reading_time"] != true {
		t.Error("the built-in byline's reading_time not found")
	}
	if keys["made_with"] {
		t.Error("made_with comes from the built-in footer the site replaced")
	}
	if keys["book_chapter"] == false {
		t.Error("built-in chapter.html keys lost")
	}
	has := func(p string) bool {
		for _, q := range prefixes {
			if q == p {
				return true
			}
		}
		return false
	}
	if !has("kind_") || !has("format_") || !has("status_") {
		t.Errorf("prefixes %v", prefixes)
	}
	if _, _, err := TemplateKeys(testutil.Files(t, map[string]string{"layouts/x.html": "{{ T "}), ""); err == nil {
		t.Error("a broken template passed")
	}
}

// TestCodeKeysComplete checks that every interface string the builders
// look up from Go code is in CodeKeys (or used by a template): otherwise
// communs i18n status would call it unused.
func TestCodeKeysComplete(t *testing.T) {
	used, prefixes, err := TemplateKeys(t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, k := range CodeKeys {
		known[k] = true
	}
	call := regexp.MustCompile(`(?:\.Text\([^,()]+,\s*|\bT\(|\.text\(|\bstr\([^,()]+,\s*)"([a-z][a-z0-9_]*)"`)
	root := filepath.Join(testutil.RepoRoot(), "builders")
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range call.FindAllStringSubmatch(string(data), -1) {
			k := m[1]
			ok := known[k] || used[k]
			for _, pre := range append(prefixes, CodeKeys...) {
				if strings.HasSuffix(pre, "_") && strings.HasPrefix(k, pre) {
					ok = true
				}
			}
			if !ok {
				rel, _ := filepath.Rel(testutil.RepoRoot(), p)
				t.Errorf("%s looks up the interface string %q: add it to translate.CodeKeys", rel, k)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
