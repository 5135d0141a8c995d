package wordpress

import (
	"strings"
	"testing"
)

// convertItem converts content as the import does, with attachments.
func convertItem(t *testing.T, content string, meta map[string]string, others ...*Item) (string, *post) {
	t.Helper()
	it := &Item{ID: 10, Type: "post", Content: content, Meta: meta}
	exp := &Export{Items: append([]*Item{it}, others...)}
	p := &post{item: it, exp: newIndex(exp), own: "blog.example.fr", unknown: map[string]int{}, dynamic: map[string]int{}}
	md, err := newConverter().toMarkdown(p)
	if err != nil {
		t.Fatal(err)
	}
	return md, p
}

func TestContentToMarkdown(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []string // substrings of the Markdown
		not     []string
	}{
		{"classic paragraphs and line breaks",
			"Premier paragraphe,\nsur deux lignes.\n\nSecond <strong>paragraphe</strong>.",
			[]string{"Premier paragraphe,  \nsur deux lignes.\n\nSecond **paragraphe**."}, []string{"<p>", "<br"}},
		{"caption shortcode as a figure",
			`[caption id="attachment_7" align="aligncenter" width="300"]<a href="https://blog.example.fr/wp-content/uploads/2020/11/chat.png"><img class="size-medium wp-image-7" src="https://blog.example.fr/wp-content/uploads/2020/11/chat-300x200.png" alt="Un chat" width="300" height="200" /></a> Le chat du voisin[/caption]`,
			[]string{`[![Un chat](https://blog.example.fr/wp-content/uploads/2020/11/chat-300x200.png "Le chat du voisin")](https://blog.example.fr/wp-content/uploads/2020/11/chat.png)`},
			[]string{"[caption", "[/caption]"}},
		{"caption with links keeps all its words",
			`[caption id="attachment_2" width="300"]<a href="https://blog.example.fr/x.png"><img src="/x-300x200.png" alt="x" /></a> Photo de <a href="https://photo.example/">Quelqu’un</a>, CC-BY[/caption]`,
			[]string{`"Photo de Quelqu’un, CC-BY"`}, nil},
		{"caption after a linked image with a link in its text",
			`[caption]<a href="/big.jpg"><img src="/small.jpg" alt="a" /></a> Voyez la <a href="/legende/">légende</a> complète.[/caption]`,
			[]string{`[![a](/small.jpg "Voyez la légende complète.")](/big.jpg)`}, nil},
		{"image titles are no captions",
			`<p><img src="/x.jpg" alt="x" title="DSC_0042" /></p>`,
			[]string{`![x](/x.jpg)`}, []string{"DSC_0042"}},
		{"scripting left out",
			`<p><a href="javascript:alert(1)">clic</a> <img src="/x.png" alt="x" onerror="alert(2)" /></p><details ontoggle="alert(3)"><summary>s</summary>d</details>`,
			[]string{"clic", "<details><summary>s</summary>"}, []string{"alert", "javascript"}},
		{"a cite ending with a break",
			`<blockquote><p>Texte.</p><cite><br><em>Johannes Gutenberg</em></cite></blockquote>`,
			[]string{"<cite>*Johannes Gutenberg*</cite>"}, []string{"<cite>\\"}},
		{"caption given as an attribute",
			`[caption caption="Légende" width="300"]<img src="/x.png" alt="x" />[/caption]`,
			[]string{`![x](/x.png "Légende")`}, nil},
		{"embed shortcode and bare URL",
			"[embed]https://www.youtube.com/watch?v=abc[/embed]\n\nhttps://vimeo.com/123",
			[]string{"[https://www.youtube.com/watch?v=abc](https://www.youtube.com/watch?v=abc)", "https://vimeo.com/123"}, []string{"[embed"}},
		{"video shortcode as a player",
			`[video width="640" height="360" mp4="https://blog.example.fr/wp-content/uploads/2020/11/film.mp4"][/video]`,
			[]string{`<video controls="" preload="metadata" src="https://blog.example.fr/wp-content/uploads/2020/11/film.mp4">`}, []string{"[video"}},
		{"escaped shortcode stays as text",
			"Écrivez [[gallery]] pour une galerie.",
			[]string{`\[gallery]`}, nil},
		{"blocks: comments dropped, content kept",
			"<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">Titre</h2>\n<!-- /wp:heading -->\n\n<!-- wp:paragraph -->\n<p>Un <em>texte</em>.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:separator -->\n<hr class=\"wp-block-separator\"/>\n<!-- /wp:separator -->",
			[]string{"## Titre", "Un *texte*.", "* * *"}, []string{"wp:", "<!--"}},
		{"blocks: image with caption and link",
			`<!-- wp:image {"id":7,"sizeSlug":"large"} --><figure class="wp-block-image size-large"><img src="https://blog.example.fr/wp-content/uploads/2020/11/chat.png" alt="Un chat" class="wp-image-7"/><figcaption class="wp-element-caption">Le <em>chat</em></figcaption></figure><!-- /wp:image -->`,
			[]string{`![Un chat](https://blog.example.fr/wp-content/uploads/2020/11/chat.png "Le chat")`}, nil},
		{"blocks: embed as a link",
			"<!-- wp:embed {\"url\":\"https://www.youtube.com/watch?v=xyz\",\"type\":\"video\"} -->\n<figure class=\"wp-block-embed is-type-video\"><div class=\"wp-block-embed__wrapper\">\nhttps://www.youtube.com/watch?v=xyz\n</div><figcaption>Une vidéo</figcaption></figure>\n<!-- /wp:embed -->",
			[]string{"[https://www.youtube.com/watch?v=xyz](https://www.youtube.com/watch?v=xyz)", "*Une vidéo*"}, nil},
		{"blocks: code and verse",
			"<!-- wp:code -->\n<pre class=\"wp-block-code\"><code>x := 1\n&lt;!-- wp:not-a-block --></code></pre>\n<!-- /wp:code -->\n<!-- wp:verse -->\n<pre class=\"wp-block-verse\">Demain, dès l’aube,\nà l’heure où blanchit la campagne</pre>\n<!-- /wp:verse -->",
			[]string{"```\nx := 1\n<!-- wp:not-a-block -->\n```", "Demain, dès l’aube,\\\nà l’heure où blanchit la campagne"}, nil},
		{"blocks: buttons as links",
			`<!-- wp:buttons --><div class="wp-block-buttons"><!-- wp:button --><div class="wp-block-button"><a class="wp-block-button__link" href="https://soutenir.example.org/">Soutenir</a></div><!-- /wp:button --></div><!-- /wp:buttons -->`,
			[]string{"[Soutenir](https://soutenir.example.org/)"}, nil},
		{"table with merged cells stays HTML",
			"<table><tr><th colspan=\"2\">Deux</th></tr><tr><td>a</td><td>b</td></tr></table>",
			[]string{`<th colspan="2">Deux</th>`}, []string{"| a"}},
		{"table without a header row stays HTML",
			"<figure class=\"wp-block-table\"><table><tbody><tr><td>a</td><td>b</td></tr></tbody></table></figure>",
			[]string{"<td>a</td>"}, []string{"| a"}},
		{"plain table becomes a Markdown table",
			"<table><thead><tr><th>Nom</th><th>Rôle</th></tr></thead><tbody><tr><td>Ana</td><td>autrice</td></tr></tbody></table>",
			[]string{"| Nom", "| Ana"}, []string{"<table"}},
		{"iframe stays HTML",
			`<iframe src="https://peertube.example/videos/embed/1" width="560" height="315"></iframe>`,
			[]string{`<iframe src="https://peertube.example/videos/embed/1"`}, nil},
		{"more tag kept",
			"Le début.\n\n<!--more-->\n\nLa suite.",
			[]string{"Le début.\n\n<!--more-->\n\nLa suite."}, []string{moreMarker}},
		{"links to the old blog become paths",
			`Voir <a href="https://blog.example.fr/2020/11/03/autre/">l’autre</a> et <a href="https://ailleurs.example/">ailleurs</a>.`,
			[]string{"[l’autre](/2020/11/03/autre/)", "[ailleurs](https://ailleurs.example/)"}, nil},
		{"footnotes as goldmark and footnote plugins write them",
			"Texte<sup id=\"fnref:1\"><a href=\"#fn:1\" class=\"footnote-ref\" role=\"doc-noteref\">1</a></sup> et x<sup>2</sup>.\n<div class=\"footnotes\" role=\"doc-endnotes\">\n<hr>\n<ol>\n<li id=\"fn:1\"><p>La <em>note</em>.&#160;<a href=\"#fnref:1\" class=\"footnote-backref\" role=\"doc-backlink\">↩︎</a></p></li>\n</ol>\n</div>",
			[]string{"Texte[^1] et x<sup>2</sup>.", "[^1]: La *note*."}, []string{"↩", "fnref", "* * *"}},
		{"definition list",
			"<dl><dt>Libre</dt><dd>Qui respecte les libertés.</dd></dl>",
			[]string{"Libre\n: Qui respecte les libertés."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md, _ := convertItem(t, tt.content, nil)
			for _, w := range tt.want {
				if !strings.Contains(md, w) {
					t.Errorf("Markdown lacks %q:\n%s", w, md)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(md, n) {
					t.Errorf("Markdown still has %q:\n%s", n, md)
				}
			}
		})
	}
}

func TestUnknownShortcodesAreKeptAndReported(t *testing.T) {
	md, p := convertItem(t, "Écrivez-nous :\n\n[contact-form-7 id=\"12\" title=\"Contact\"]\n\nUn mot [sic] et des points […].", nil)
	if !strings.Contains(md, `contact-form-7 id="12"`) {
		t.Errorf("the unknown shortcode is not kept as text:\n%s", md)
	}
	if p.unknown["contact-form-7"] != 1 {
		t.Errorf("unknown = %v, want contact-form-7 once", p.unknown)
	}
	if len(p.unknown) != 1 {
		t.Errorf("bracketed prose taken for shortcodes: %v", p.unknown)
	}
}

func TestGalleryUsesAttachments(t *testing.T) {
	a1 := &Item{ID: 21, Type: "attachment", Parent: 10, MenuOrder: 2, Title: "Deux", URL: "https://blog.example.fr/wp-content/uploads/2020/11/b.jpg", Meta: map[string]string{"_wp_attachment_image_alt": "Image B"}}
	a2 := &Item{ID: 22, Type: "attachment", Parent: 10, MenuOrder: 1, Title: "Une", URL: "https://blog.example.fr/wp-content/uploads/2020/11/a.jpg", Excerpt: "La première", Meta: map[string]string{}}
	md, _ := convertItem(t, "[gallery columns=\"2\"]", nil, a1, a2)
	ia, ib := strings.Index(md, "a.jpg"), strings.Index(md, "b.jpg")
	if ia < 0 || ib < 0 || ia > ib {
		t.Fatalf("gallery should show a.jpg then b.jpg (menu order):\n%s", md)
	}
	if !strings.Contains(md, `![Une](https://blog.example.fr/wp-content/uploads/2020/11/a.jpg "La première")`) || !strings.Contains(md, "![Image B]") {
		t.Errorf("gallery images lack their alt or caption:\n%s", md)
	}
	md, _ = convertItem(t, `[gallery ids="21"]`, nil, a1, a2)
	if strings.Contains(md, "a.jpg") || !strings.Contains(md, "b.jpg") {
		t.Errorf("ids= should choose the images:\n%s", md)
	}
}

func TestBlockFootnotes(t *testing.T) {
	content := "<!-- wp:paragraph -->\n<p>Une affirmation<sup data-fn=\"abc\" class=\"fn\"><a href=\"#abc\" id=\"abc-link\">1</a></sup>.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:footnotes /-->"
	md, p := convertItem(t, content, map[string]string{"footnotes": `[{"content":"La <em>source</em>.","id":"abc"}]`})
	if !strings.Contains(md, "Une affirmation[^1].") || !strings.Contains(md, "[^1]: La *source*.") {
		t.Errorf("footnote not converted:\n%s", md)
	}
	if len(p.dynamic) != 0 {
		t.Errorf("the footnotes block is reported as not imported: %v", p.dynamic)
	}
}

func TestReusableBlockIsInlined(t *testing.T) {
	reusable := &Item{ID: 30, Type: "wp_block", Content: "<!-- wp:paragraph -->\n<p>Texte partagé.</p>\n<!-- /wp:paragraph -->"}
	md, p := convertItem(t, "<!-- wp:block {\"ref\":30} /-->\n<!-- wp:latest-posts /-->", nil, reusable)
	if !strings.Contains(md, "Texte partagé.") {
		t.Errorf("reusable block not inlined:\n%s", md)
	}
	if p.dynamic["latest-posts"] != 1 {
		t.Errorf("dynamic = %v, want latest-posts", p.dynamic)
	}
}

func TestScanShortcode(t *testing.T) {
	tests := []struct {
		in      string
		name    string
		attrs   map[string]string
		content string
	}{
		{`[caption id="a" width=300]x[/caption]`, "caption", map[string]string{"id": "a", "width": "300"}, "x"},
		{`[gallery ids='1,2' /]`, "gallery", map[string]string{"ids": "1,2"}, ""},
		{`[embed]https://x.example/[/embed]`, "embed", map[string]string{}, "https://x.example/"},
		{`[audio src="a.mp3"]`, "audio", map[string]string{"src": "a.mp3"}, ""},
	}
	for _, tt := range tests {
		sc, end, _ := scanShortcode(tt.in, 0, nil)
		if sc == nil {
			t.Errorf("%s: no shortcode", tt.in)
			continue
		}
		if sc.Name != tt.name || sc.Content != tt.content || end != len(tt.in) {
			t.Errorf("%s: got %q %q end %d", tt.in, sc.Name, sc.Content, end)
		}
		for k, v := range tt.attrs {
			if sc.Attrs[k] != v {
				t.Errorf("%s: %s = %q, want %q", tt.in, k, sc.Attrs[k], v)
			}
		}
	}
	if sc, _, _ := scanShortcode("[…]", 0, nil); sc != nil {
		t.Errorf("[…] read as a shortcode")
	}
}

func TestArchiveLinks(t *testing.T) {
	x := newIndex(&Export{Categories: []Term{{Slug: "arts", Name: "Arts & Crafts"}}, Tags: []Term{{Slug: "ete", Name: "été"}}})
	for in, want := range map[string]string{
		"/category/parent/arts/":   "/categories/arts-crafts/",
		"/category/arts/feed/":     "/categories/arts-crafts/index.xml",
		"/tag/ete/":                "/tags/ete/",
		"/2021/":                   "/archives/2021/",
		"/2021/03/":                "/archives/2021/",
		"/feed/":                   "/index.xml",
		"/2021/03/01/billet/":      "/2021/03/01/billet/",
		"/?p=12":                   "/?p=12",
		"/a-propos/#equipe":        "/a-propos/#equipe",
		"/2021/03/01/billet/feed/": "/2021/03/01/billet/feed/",
	} {
		if got := x.archivePath(in); got != want {
			t.Errorf("archivePath(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestAttachmentPageLinksGoToTheFile(t *testing.T) {
	att := &Item{ID: 7, Type: "attachment", Link: "https://blog.example.fr/2020/11/03/billet/chat/", URL: "https://blog.example.fr/wp-content/uploads/2020/11/chat.png"}
	md, _ := convertItem(t, `<a href="https://blog.example.fr/2020/11/03/billet/chat/"><img src="https://blog.example.fr/wp-content/uploads/2020/11/chat-300x200.png" alt="chat" /></a>`, nil, att)
	if !strings.Contains(md, "](https://blog.example.fr/wp-content/uploads/2020/11/chat.png)") {
		t.Errorf("the attachment page link does not go to the file:\n%s", md)
	}
}

func TestNestedListsStayTight(t *testing.T) {
	md, _ := convertItem(t, "<ol><li>un</li><li>deux<ul><li>a</li><li>b</li></ul></li><li>trois</li></ol>", nil)
	if !strings.Contains(md, "2. deux\n   - a\n   - b\n3. trois") {
		t.Errorf("the nested list makes the outer one loose:\n%s", md)
	}
}

func TestRelativeLinksReadAsOnTheOldBlog(t *testing.T) {
	it := &Item{ID: 1, Type: "post", Link: "https://blog.example.fr/2020/03/01/billet/", Content: `<img src="photo.jpg" alt="p" /> <a href="../autre/">autre</a> <a href="#note">note</a>`, Meta: map[string]string{}}
	p := &post{item: it, exp: newIndex(&Export{Items: []*Item{it}}), own: "blog.example.fr", unknown: map[string]int{}, dynamic: map[string]int{}}
	md, err := newConverter().toMarkdown(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"![p](/2020/03/01/billet/photo.jpg)", "[autre](/2020/03/01/autre/)", "[note](#note)"} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks %s:\n%s", want, md)
		}
	}
}
