package shortcode

import (
	"fmt"
	htmltemplate "html/template"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/communs/communs/internal/testutil"
)

type fakeHost struct{}

func (fakeHost) Markdownify(s string) string { return "<em>" + s + "</em>" }
func (fakeHost) RefURL(target string, rel bool) (string, error) {
	return "/ref/" + target + "/", nil
}
func (fakeHost) RelURL(p string) string { return "/base" + p }
func (fakeHost) AbsURL(p string) string { return "https://x.org/base" + p }
func (fakeHost) T(key string) string    { return "T:" + key }
func (fakeHost) SiteData() any          { return map[string]any{"Title": "The site"} }

type page struct{ title string }

func (p page) Title() string { return p.title }

func TestTemplates(t *testing.T) {
	dir := testutil.Files(t, map[string]string{
		"layouts/shortcodes/note.html":           `<aside class="{{ .Get "kind" | default "info" }}" data-n="{{ .Ordinal }}">{{ .Inner | markdownify }} {{ strings.ToUpper .Page.Title }} {{ relref . "x.md" }}</aside>`,
		"layouts/shortcodes/tab.html":            `<b>{{ .Parent.Get 0 }}/{{ .Get 0 }}</b>{{ if .Get "partial" }}{{ partial "x.html" . }}{{ end }}`,
		"layouts/shortcodes/odd.html":            `{{ resources.Get "x" }}`,
		"layouts/shortcodes/broken.html":         `{{ if }}`,
		"layouts/shortcodes/md.md":               `**{{ .Get 0 }}**`,
		"themes/t/layouts/shortcodes/note.html":  `theme's`,
		"themes/t/layouts/shortcodes/extra.html": `extra {{ T "home" }} {{ relURL "/a" }} {{ site.Title }} {{ transform.Plainify "<b>x</b>" }}`,
	})
	tpl, err := Load(Dirs(dir, "t"), func(abs string) string { r, _ := filepath.Rel(dir, abs); return filepath.ToSlash(r) })
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tpl.Names(), " "); got != "broken extra md note odd tab" {
		t.Fatalf("names %q", got)
	}
	src := []byte(`{{< note kind="warn" >}}a < b{{< /note >}}{{< tabs "T" >}}{{< tab "A" >}}{{< tab "B" partial=true >}}{{< /tabs >}}`)
	calls, _ := Parse(src)
	run := func(c *Call, inner string) (string, bool, error) {
		ctx := NewContext(c, page{"Titre"}, nil, "x.md")
		ctx.Inner = htmltemplate.HTML(inner)
		return tpl.Execute(c.Name, ctx, fakeHost{})
	}
	out, ok, err := run(calls[0], "a < b")
	if !ok || err != nil || out != `<aside class="warn" data-n="0"><em>a < b</em> TITRE /ref/x.md/</aside>` {
		t.Errorf("note: %q %v %v", out, ok, err)
	}
	tabs := calls[1]
	out, _, err = run(tabs.Children[0], "")
	if err != nil || out != "<b>T/A</b>" {
		t.Errorf("tab A: %q %v", out, err)
	}
	// A function communs lacks fails the call that uses it, not the parse.
	if _, _, err = run(tabs.Children[1], ""); err == nil || !strings.Contains(err.Error(), "partial") {
		t.Errorf("tab B: %v", err)
	}
	if _, _, err = tpl.Execute("odd", NewContext(&Call{Name: "odd"}, nil, nil, ""), fakeHost{}); err == nil || !strings.Contains(err.Error(), "resources") {
		t.Errorf("odd: %v", err)
	}
	if _, ok, err = tpl.Execute("broken", NewContext(&Call{Name: "broken"}, nil, nil, ""), fakeHost{}); !ok || err == nil || !strings.Contains(err.Error(), "layouts/shortcodes/broken.html") {
		t.Errorf("broken: %v %v", ok, err)
	}
	out, _, _ = tpl.Execute("md", NewContext(&Call{Name: "md", Positional: []any{"<x>"}}, nil, nil, ""), fakeHost{})
	if out != "**<x>**" {
		t.Errorf("md (text/template, no escaping): %q", out)
	}
	out, _, _ = tpl.Execute("extra", NewContext(&Call{Name: "extra"}, nil, nil, ""), fakeHost{})
	if out != "extra T:home /base/a The site x" {
		t.Errorf("extra: %q", out)
	}
	if _, ok, _ := tpl.Execute("none", NewContext(&Call{Name: "none"}, nil, nil, ""), fakeHost{}); ok {
		t.Error("none is not defined")
	}
}

func TestLoadRefusesSymlinks(t *testing.T) {
	dir := testutil.Files(t, map[string]string{"secret.txt": "x"})
	sc := filepath.Join(dir, "layouts", "shortcodes")
	if err := os.MkdirAll(sc, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "secret.txt"), filepath.Join(sc, "leak.html")); err != nil {
		t.Skip("no symbolic links here")
	}
	if _, err := Load(Dirs(dir, ""), func(s string) string { return s }); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("err %v", err)
	}
}

type namedHost struct {
	fakeHost
	name string
}

func (h namedHost) T(key string) string { return h.name }

// TestTemplatesConcurrent: pages run one template at once, each with its
// own host: no call sees another's.
func TestTemplatesConcurrent(t *testing.T) {
	dir := testutil.Files(t, map[string]string{"layouts/shortcodes/who.html": `{{ T "x" }}/{{ .Get 0 }}`})
	tpl, err := Load(Dirs(dir, ""), func(s string) string { return s })
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				name := fmt.Sprintf("h%d", g)
				arg := fmt.Sprint(i)
				out, _, err := tpl.Execute("who", NewContext(&Call{Name: "who", Positional: []any{arg}}, nil, nil, ""), namedHost{name: name})
				if want := name + "/" + arg; err != nil || out != want {
					errs <- fmt.Sprintf("got %q (%v), want %q", out, err, want)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
