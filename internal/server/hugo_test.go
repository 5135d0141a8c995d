package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/communs/communs/internal/testutil"
)

// TestServeHugoSite: communs serve runs in a Hugo site's folder (no
// site.toml), and an edit of hugo.toml rebuilds the site.
func TestServeHugoSite(t *testing.T) {
	src := testutil.Files(t, map[string]string{
		"hugo.toml":              "baseURL = \"https://example.org/\"\ntitle = \"First title\"\nlicense = \"CC0-1.0\"\n",
		"content/_index.md":      "---\ntitle: Home\n---\n",
		"content/docs/a.md":      "---\ntitle: Page A\n---\n{{% alert %}}Inside a box.{{% /alert %}}\n",
		"content/docs/_index.md": "---\ntitle: Docs\n---\n",
	})
	r := start(t, src, nil)
	code, _, body := get(t, r.url+"docs/a/", "")
	if code != 200 || !strings.Contains(body, `class="shortcode-alert">Inside a box.`) || !strings.Contains(body, "First title") {
		t.Fatalf("GET /docs/a/: %d\n%s", code, body)
	}
	before := len(r.waitBuilds(t, 0, time.Second))
	if err := os.WriteFile(filepath.Join(src, "hugo.toml"), []byte("baseURL = \"https://example.org/\"\ntitle = \"Second title\"\nlicense = \"CC0-1.0\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		r.waitBuilds(t, before+1, time.Until(deadline))
		if _, _, body = get(t, r.url+"docs/a/", ""); strings.Contains(body, "Second title") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("hugo.toml's new title is not served:\n%s", body)
		}
		before++
	}
}
