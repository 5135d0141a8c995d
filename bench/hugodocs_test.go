package main

import (
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func writeProseCorpus(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	art := filepath.Join(dir, "content", "articles", "un")
	if err := os.MkdirAll(art, 0o755); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("des mots de prose simple ", 6)
	md := "+++\ntitle = \"Un\"\n+++\n\n" +
		"Premier paragraphe : " + long + "\\\nsuite.\n\n" +
		"## Un titre de section assez long pour compter quinze mots ou presque dans ce test\n\n" +
		"![image](a.png)\n\n" +
		"Un lien [ici](https://example.org) parmi " + long + "\n\n" +
		"- une liste " + long + "\n\n" +
		"> une citation " + long + "\n\n" +
		"Trop court.\n\n" +
		"Deuxième paragraphe, " + long + "\n"
	if err := os.WriteFile(filepath.Join(art, "index.fr.md"), []byte(md), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestLoadProse(t *testing.T) {
	prose, err := loadProse(writeProseCorpus(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(prose) != 2 || !strings.HasPrefix(prose[0], "Premier paragraphe") || !strings.HasSuffix(prose[0], "simple suite.") ||
		!strings.HasPrefix(prose[1], "Deuxième") {
		t.Fatalf("prose %q", prose)
	}
	if _, err := loadProse(t.TempDir()); err == nil {
		t.Error("no error for a corpus without prose")
	}
}

var refCall = regexp.MustCompile(`\{\{< (?:rel)?ref "([^"]+)" >\}\}`)

// TestGenerateHugoDocs checks the tree: its files, both kinds of front
// matter, the shortcodes of every page, and that every ref names a page
// that exists (as Hugo looks it up), so that Hugo builds it without an
// error.
func TestGenerateHugoDocs(t *testing.T) {
	prose, err := loadProse(writeProseCorpus(t))
	if err != nil {
		t.Fatal(err)
	}
	const n = 120 // 3 subsections of the first section
	dir := filepath.Join(t.TempDir(), "site")
	info, pages, err := generateHugoDocs(dir, n, prose, 1)
	if err != nil {
		t.Fatal(err)
	}
	if info.Pages != n || len(pages) != n || info.Sections != 2+1+3 || info.Refs != n*6+info.Sections || info.Words < n*docsWordsPerPage {
		t.Errorf("info %+v", info)
	}
	for _, f := range []string{"hugo.toml", "layouts/_default/baseof.html", "layouts/_default/single.html", "layouts/_default/list.html",
		"layouts/shortcodes/alert.html", "layouts/shortcodes/note.html", "static/images/diagram.png",
		"content/_index.md", "content/docs/_index.md", "content/docs/getting-started/_index.md", "content/docs/getting-started/organization/_index.md"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	cfg, _ := os.ReadFile(filepath.Join(dir, "hugo.toml"))
	for _, want := range []string{"baseURL = ", "title = ", "languageCode = ", "defaultContentLanguage = ", "\n[params]\nversion = ", "[[menus.main]]"} {
		if !strings.Contains(string(cfg), want) {
			t.Errorf("hugo.toml has no %q", want)
		}
	}
	exists := func(p string) bool {
		_, err := os.Stat(filepath.Join(dir, "content", filepath.FromSlash(p)))
		return err == nil
	}
	yaml, toml, files := 0, 0, 0
	err = filepath.WalkDir(filepath.Join(dir, "content"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		s := string(data)
		rel, _ := filepath.Rel(filepath.Join(dir, "content"), p)
		rel = filepath.ToSlash(rel)
		switch {
		case strings.HasPrefix(s, "---\ntitle: "):
			yaml++
		case strings.HasPrefix(s, "+++\ntitle = "):
			toml++
		default:
			t.Errorf("%s: no front matter", rel)
		}
		for _, m := range refCall.FindAllStringSubmatch(s, -1) {
			target, _, _ := strings.Cut(m[1], "#")
			var ok bool
			if strings.HasPrefix(target, "/") {
				ok = exists(target) || exists(target+"/_index.md")
			} else {
				ok = exists(path.Join(path.Dir(rel), target))
			}
			if !ok {
				t.Errorf("%s: ref %q names no page", rel, m[1])
			}
		}
		if path.Base(rel) == "_index.md" {
			return nil
		}
		for _, want := range []string{`{{% alert title="Note" color="warning" %}}`, "{{% /alert %}}", "{{< highlight go >}}", "{{< /highlight >}}",
			`{{< figure src="/images/diagram.png" alt=`, "{{< note >}}", "{{< /note >}}", `{{< param "version" >}}`, `{{< relref "/docs/`,
			"{#" + docsFragment + "}", "{{</* note */>}}"} {
			if !strings.Contains(s, want) {
				t.Errorf("%s: no %q", rel, want)
			}
		}
		if c := strings.Count(s, "{{< ref "); c < 3 {
			t.Errorf("%s: %d refs", rel, c)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files != n+info.Sections || yaml == 0 || toml == 0 {
		t.Errorf("%d files, %d with YAML and %d with TOML front matter", files, yaml, toml)
	}
	// Deterministic.
	again := filepath.Join(t.TempDir(), "site")
	if _, _, err := generateHugoDocs(again, n, prose, 1); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"hugo.toml", "content" + pages[7].content(), "content/docs/getting-started/_index.md"} {
		a, _ := os.ReadFile(filepath.Join(dir, f))
		b, _ := os.ReadFile(filepath.Join(again, f))
		if string(a) != string(b) {
			t.Errorf("%s differs between two runs of the same seed", f)
		}
	}
	if _, _, err := generateHugoDocs(dir, n, prose, 1); err == nil {
		t.Error("no error writing into a site that is not empty")
	}
	s := docsSample(pages)
	if len(s) != docsSampleMax || s[0] != pages[0].url()+"index.html" || s[len(s)-1] != pages[n-1].url()+"index.html" {
		t.Errorf("sample of %d pages: %v…", len(s), s[:2])
	}
}

func TestCheckDocsPage(t *testing.T) {
	good := `<h1>T</h1><div class="alert alert-warning" role="alert">x</div><pre><code>{{&lt; note &gt;}}</code></pre>
<figure><img src="/images/diagram.png"></figure><div class="note">` + docsVersion + `</div><span>Println</span><code>{{% x %}}</code>`
	if err := checkDocsPage([]byte(good)); err != nil {
		t.Errorf("good page: %v", err)
	}
	for name, bad := range map[string]string{
		"leaked":         good + `<p>{{< ref "a.md" >}}</p>`,
		"leaked escaped": good + `<p>{{&lt; note &gt;}}</p>`,
		"leaked percent": good + `<p>{{% alert %}}</p>`,
		"unknown":        good + `<div class="shortcode-alert">`,
		"no note":        strings.Replace(good, `class="note"`, "", 1),
	} {
		if err := checkDocsPage([]byte(bad)); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	printed := "content/docs/a.md:18: warning: ref \"nope.md\": no page\nhugo.toml: warning: Hugo's key rsslimit is not used\nlayouts: warning: Hugo templates"
	if ps := contentProblems(printed); len(ps) != 1 || !strings.HasPrefix(ps[0], "content/docs/a.md:18") {
		t.Errorf("contentProblems: %q", ps)
	}
}
