package markdown

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/communs/communs/internal/shortcode"
)

// testHost defines one template per name of templates; ref knows
// "/docs/a.md".
type testHost struct {
	templates map[string]func(c *shortcode.Call, inner string) string
	unknown   []string
}

func (h *testHost) Execute(c *shortcode.Call, inner string) (string, bool, error) {
	f, ok := h.templates[c.Name]
	if !ok {
		return "", false, nil
	}
	if c.Name == "failing" {
		return "", true, errors.New("it fails")
	}
	return f(c, inner), true, nil
}

func (h *testHost) Ref(target, lang string, rel bool) (string, error) {
	if strings.TrimSuffix(target, "#x") == "/docs/a.md" {
		return "/docs/a/" + strings.TrimPrefix(target, "/docs/a.md"), nil
	}
	return "", fmt.Errorf("no page")
}

func (h *testHost) Param(key string) (any, bool) {
	if key == "version" {
		return "1.2", true
	}
	return nil, false
}

func (h *testHost) Defines(name string) bool {
	_, ok := h.templates[name]
	return ok
}

func (h *testHost) Unknown(name string, line int) {
	h.unknown = append(h.unknown, fmt.Sprintf("%s:%d", name, line))
}

func convertWith(t *testing.T, host *testHost, src string) (string, []string) {
	t.Helper()
	var reports []string
	res, err := New(Options{Lang: "en"}).Convert([]byte(src), &Doc{File: "t.md", FirstLine: 3, Shortcodes: host,
		Report: func(line int, isErr bool, msg string) { reports = append(reports, fmt.Sprintf("%d: %s", line, msg)) },
		Resolve: func(dest string, image bool) (Target, bool) {
			if dest == "ok.png" {
				return Target{URL: "/ok.png"}, true
			}
			return Target{}, false
		}})
	if err != nil {
		t.Fatal(err)
	}
	return string(res.HTML), reports
}

func TestShortcodesHTML(t *testing.T) {
	host := &testHost{templates: map[string]func(*shortcode.Call, string) string{
		"note":  func(c *shortcode.Call, inner string) string { return `<aside class="note">` + inner + `</aside>` },
		"url":   func(c *shortcode.Call, inner string) string { return "https://example.org/" + c.String(0) },
		"mdtpl": func(c *shortcode.Call, inner string) string { return "**" + strings.TrimSpace(inner) + "**\n\n\n" },
	}}
	src := `See [the guide]({{< ref "/docs/a.md#x" >}}) and [us]({{< url "about" >}}), version {{< param "version" >}}.

{{% alert title="Mind" %}}
Inner *Markdown*.

## A heading inside
{{% /alert %}}

Text {{< badge >}}new{{< /badge >}} here.

{{< youtube id="abc" title="A talk" >}}

{{< figure src="ok.png" alt="A hill" caption="The hill" >}}

{{< highlight go >}}
x := 1
{{< /highlight >}}

` + "```" + `
{{</* ref "x" */>}}
` + "```" + `

{{< note >}}a {{< badge >}}b{{< /badge >}}{{< /note >}}

{{% mdtpl %}}
bold
{{% /mdtpl %}}
[broken](nowhere.md)
`
	html, reports := convertWith(t, host, src)
	for _, want := range []string{
		`<a href="/docs/a/#x">the guide</a>`,
		`<a href="https://example.org/about">us</a>`,
		`version 1.2.`,
		`<div class="shortcode-alert"><p class="shortcode-title"><strong>Mind</strong></p>` + "\n<p>Inner <em>Markdown</em>.</p>\n" + `<h2 id="a-heading-inside">A heading inside</h2>` + "\n</div>",
		`Text <span class="shortcode-badge">new</span> here.`,
		`<iframe src="https://www.youtube-nocookie.com/embed/abc"`,
		`<figure>`, `<figcaption>The hill</figcaption>`,
		`<code class="language-go">`,
		`{{&lt; ref &quot;x&quot; &gt;}}`,
		`<aside class="note">a <div class="shortcode-badge">`,
		`<strong>bold</strong>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	if strings.Contains(html, "{{<") || strings.Contains(html, "{{%") || strings.Contains(html, "\ue000") {
		t.Errorf("shortcode text leaks:\n%s", html)
	}
	if got := strings.Join(host.unknown, " "); got != "alert:5 badge:11 badge:25" {
		t.Errorf("unknown %q", got)
	}
	// The broken link is on file line 30: the Markdown template gave two
	// more lines than its call had, and lines still match the file's.
	if len(reports) != 1 || !strings.HasPrefix(reports[0], "30: ") {
		t.Errorf("reports %q", reports)
	}
}

// TestShortcodesInRawHTML: calls between raw HTML tags, as themes' docs
// write them, leave no marker in the page.
func TestShortcodesInRawHTML(t *testing.T) {
	host := &testHost{templates: map[string]func(*shortcode.Call, string) string{
		"icon": func(c *shortcode.Call, inner string) string { return `<svg class="` + c.String(0) + `"></svg>` },
	}}
	html, _ := convertWith(t, host, "<div class=\"hero\">\n{{< icon \"a\" >}}\n<p>{{< icon \"b\" >}} text</p>\n</div>\n\n{{% pageinfo %}}\n<h5>Title</h5>\nText\n{{% /pageinfo %}}\n\nAfter.\n")
	for _, want := range []string{
		"<div class=\"hero\">\n",
		`<svg class="a"></svg>`,
		`<p><svg class="b"></svg> text</p>`,
		"<div class=\"shortcode-pageinfo\">\n<h5>Title</h5>\nText\n</div>",
		"<p>After.</p>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	if strings.Contains(html, markOpen) || strings.Contains(html, "<!--^") {
		t.Errorf("a marker is left:\n%s", html)
	}
}

// TestShortcodesInCode: in code (fenced, indented, a code span) a call is
// its text, as Hugo puts it there; no marker is left in the code.
func TestShortcodesInCode(t *testing.T) {
	host := &testHost{}
	src := "Text:\n\n    {{< youtube abc >}}\n    {{% box %}}in code{{% /box %}}\n\nA span `{{< youtube def >}}` and `{{</* x */>}}`.\n\n- item\n\n    {{< badge >}}in the list{{< /badge >}}\n"
	html, _ := convertWith(t, host, src)
	for _, want := range []string{
		"<pre><code>https://www.youtube.com/watch?v=abc\nin code\n</code></pre>",
		"<code>https://www.youtube.com/watch?v=def</code>",
		"<code>{{&lt; x &gt;}}</code>",
		`<span class="shortcode-badge">in the list</span>`,
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	if strings.Contains(html, markOpen) || strings.Contains(html, "\ue001") {
		t.Errorf("a marker is left:\n%s", html)
	}
}

// TestShortcodesPlacement: calls in list items, quotes, headings, tag
// attributes, on one line, keep the page's structure and words.
func TestShortcodesPlacement(t *testing.T) {
	host := &testHost{templates: map[string]func(*shortcode.Call, string) string{
		"note": func(c *shortcode.Call, inner string) string { return `<div class="note">` + inner + `</div>` },
		"q":    func(c *shortcode.Call, inner string) string { return `a&b` },
	}}
	src := "1. Install:\n\n   {{< highlight sh >}}\n   go install x\n   {{< /highlight >}}\n\n2. Run it.\n\n" +
		"> {{< highlight go >}}\n> x := 1\n> {{< /highlight >}}\n\n" +
		"{{% alert title=\"Warning\" %}}Back up first.{{% /alert %}}\n\n" +
		"{{< note >}}alone{{< /note >}}\n\n" +
		"## Note {{< badge >}}new{{< /badge >}} here\n\n" +
		"<span title=\"{{< q >}}\">t</span>\n\n" +
		"```js``` is code in a line, and then {{% alert title=\"After\" %}}a box{{% /alert %}}.\n\n" +
		"After the list, prose.\n"
	html, _ := convertWith(t, host, src)
	for _, want := range []string{
		"<li>\n<p>Run it.</p>\n</li>\n</ol>",
		"<blockquote>\n<pre class=\"chroma\" data-lang=\"go\">",
		`<span class="shortcode-alert"><strong class="shortcode-title">Warning</strong> Back up first.</span>`,
		"<div class=\"note\">alone</div>\n<h2",
		`<h2 id="note-new-here">`,
		`<span title="a&b">t</span>`,
		`<strong class="shortcode-title">After</strong> a box</span>`,
		"<p>After the list, prose.</p>",
	} {
		if !strings.Contains(html, want) {
			t.Errorf("missing %q in\n%s", want, html)
		}
	}
	if strings.Contains(html, markOpen) || strings.Contains(html, "\ue001") {
		t.Errorf("a marker is left:\n%s", html)
	}
	// The EPUB's XHTML of such HTML is well-formed.
	d := NewReader("en").Read([]byte("{{< details summary=\"S\" open=true >}}x<br>y{{< /details >}}\n\nA & B {{< youtube z >}}\n"), &Doc{Shortcodes: host})
	res, err := NewXHTMLWriter("en").Render(d, XHTMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := WellFormed(res.HTML); err != nil {
		t.Errorf("EPUB: %v\n%s", err, res.HTML)
	}
}

// TestShortcodesNestedLinear: nested boxes cost one expansion each.
func TestShortcodesNestedLinear(t *testing.T) {
	host := &testHost{}
	src := strings.Repeat("{{< box >}}", 200) + "deep" + strings.Repeat("{{< /box >}}", 200)
	html, _ := convertWith(t, host, src)
	if !strings.Contains(html, "deep") || strings.Count(html, `class="shortcode-box"`) != 200 {
		t.Errorf("html %.300s", html)
	}
	if len(host.unknown) != 200 {
		t.Errorf("%d calls of Unknown, want one per call", len(host.unknown))
	}
}

func TestShortcodeProblems(t *testing.T) {
	host := &testHost{templates: map[string]func(*shortcode.Call, string) string{"failing": nil}}
	html, reports := convertWith(t, host, "a {{< ref \"nope.md\" >}}\n\n{{< failing >}}inner{{< /failing >}}\n\n{{< /orphan >}}\n")
	want := []string{
		"7: closing shortcode {{< /orphan >}} closes nothing: it is left out",
		`3: ref "nope.md": no page`,
		"5: shortcode failing: it fails; its inner text is shown instead",
	}
	if strings.Join(reports, "\n") != strings.Join(want, "\n") {
		t.Errorf("reports\n%s\nwant\n%s", strings.Join(reports, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(html, "inner") || strings.Contains(html, "orphan") {
		t.Errorf("html %s", html)
	}
}

func TestShortcodesEPUBAndPDF(t *testing.T) {
	src := "{{< youtube abc >}}\n\n{{< details summary=\"More\" open=true >}}\nHidden<br>text.\n{{< /details >}}\n\nA {{< x \"https://x.org/\" >}} here.\n"
	d := NewReader("en").Read([]byte(src), &Doc{File: "t.md", FirstLine: 1})
	res, err := NewXHTMLWriter("en").Render(d, XHTMLOptions{})
	if err != nil {
		t.Fatal(err)
	}
	x := string(res.HTML)
	if err := WellFormed(res.HTML); err != nil {
		t.Errorf("not well-formed: %v\n%s", err, x)
	}
	for _, want := range []string{`<p><a href="https://www.youtube.com/watch?v=abc">YouTube: abc</a></p>`, `<details open=""><summary>More</summary>`, `<a href="https://x.com/i/web/status/https:%2F%2Fx.org%2F">`} {
		if !strings.Contains(x, want) {
			t.Errorf("EPUB: missing %q in\n%s", want, x)
		}
	}
	if strings.Contains(x, "<iframe") {
		t.Errorf("EPUB holds a player:\n%s", x)
	}
	var kinds []string
	for n := d.Root.FirstChild(); n != nil; n = n.NextSibling() {
		kinds = append(kinds, n.Kind().String())
	}
	if strings.Join(kinds, " ") != "Shortcode Shortcode Paragraph" {
		t.Errorf("tree %v", kinds)
	}
}
