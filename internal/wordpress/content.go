package wordpress

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/JohannesKaufmann/dom"
	htmltomarkdown "github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/communs/communs/internal/slug"
)

// knownShortcodes are the shortcodes of WordPress and WordPress.com that
// the import turns into Markdown; shortcodeUnautop keeps them out of
// paragraphs as WordPress does.
var knownShortcodes = []string{"caption", "wp_caption", "gallery", "embed", "video", "audio", "playlist",
	"youtube", "vimeo", "dailymotion", "soundcloud", "tweet", "twitter", "instagram", "slideshare", "googlemaps", "spotify"}

// rawElements stay HTML in the Markdown: Markdown has no such thing.
var rawElements = []string{"iframe", "video", "audio", "object", "embed", "details", "form", "math", "svg"}

// inlineElements stay HTML tags around their converted content: Markdown
// has no exponent, underline, abbreviation or key.
var inlineElements = []string{"sup", "sub", "mark", "u", "ins", "kbd", "abbr", "small", "cite", "q", "var", "samp"}

// converter turns a post's content into Markdown: one per goroutine.
type converter struct {
	md *htmltomarkdown.Converter
}

func newConverter() *converter {
	md := htmltomarkdown.NewConverter(htmltomarkdown.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(commonmark.WithBulletListMarker("-"), commonmark.WithEmDelimiter("*"),
			commonmark.WithLinkEmptyHrefBehavior(commonmark.LinkBehaviorSkip)),
		strikethrough.NewStrikethroughPlugin(),
		table.NewTablePlugin(table.WithSpanCellBehavior(table.SpanBehaviorEmpty)),
	))
	for _, name := range rawElements {
		md.Register.RendererFor(name, htmltomarkdown.TagTypeBlock, renderRaw, htmltomarkdown.PriorityEarly)
	}
	for _, name := range inlineElements {
		md.Register.RendererFor(name, htmltomarkdown.TagTypeInline, renderInline, htmltomarkdown.PriorityEarly)
	}
	md.Register.Renderer(renderSpecial, htmltomarkdown.PriorityEarly)
	md.Register.RendererFor("figure", htmltomarkdown.TagTypeBlock, renderFigure, htmltomarkdown.PriorityEarly)
	md.Register.RendererFor("dl", htmltomarkdown.TagTypeBlock, renderDefinitions, htmltomarkdown.PriorityEarly)
	return &converter{md: md}
}

// post is what converting one item needs and finds.
type post struct {
	item *Item
	exp  *index
	// media rewrites the URL of an image, a link or a source; nil keeps them.
	media func(raw string) string
	// own is the blog's host: links to it become paths on the new site.
	own string
	// blogBase is the blog's base path ("/blog"), prefix the language's
	// on the new site ("/en").
	blogBase, prefix string

	unknown map[string]int // shortcodes left as text, by name
	dynamic map[string]int // blocks with no saved HTML, by name
	scripts int            // <script> and <style> elements, event handlers and javascript: links left out
}

const moreMarker = "COMMUNSMOREMARKER"

var (
	blockComment = regexp.MustCompile(`<!--\s+(/?)wp:([a-z][a-z0-9_-]*(?:/[a-z][a-z0-9_-]*)?)(\s+\{.*?\})?\s*(/?)-->`)
	moreComment  = regexp.MustCompile(`<!--more(.*?)?-->`)
	nextPage     = regexp.MustCompile(`<!--nextpage-->`)
	sizeSuffix   = regexp.MustCompile(`-\d+x\d+(\.[A-Za-z0-9]+)$`)
)

// toMarkdown converts p's content: WordPress's own filters first (blocks,
// automatic paragraphs, shortcodes), then the HTML to Markdown.
func (c *converter) toMarkdown(p *post) (string, error) {
	content := strings.ReplaceAll(p.item.Content, "\r\n", "\n")
	content = p.htmlContent(content, 0)
	content = moreComment.ReplaceAllString(content, "\n<p>"+moreMarker+"</p>\n")
	content = nextPage.ReplaceAllString(content, "\n")

	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(content), body)
	if err != nil {
		return "", fmt.Errorf("reading its HTML: %w", err)
	}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	footnotes := p.prepare(body)
	out, err := c.md.ConvertNode(body)
	if err != nil {
		return "", fmt.Errorf("converting its HTML to Markdown: %w", err)
	}
	md := tightenLists(strings.TrimSpace(string(out)))
	md = strings.ReplaceAll(md, moreMarker, "<!--more-->")
	for i := range footnotes {
		md = strings.ReplaceAll(md, footnoteMarker(i+1), "[^"+strconv.Itoa(i+1)+"]")
	}
	if len(footnotes) > 0 {
		var b strings.Builder
		b.WriteString(md)
		b.WriteString("\n")
		for i, f := range footnotes {
			text, err := c.md.ConvertString(f)
			if err != nil {
				return "", fmt.Errorf("converting a footnote: %w", err)
			}
			fmt.Fprintf(&b, "\n[^%d]: %s", i+1, strings.ReplaceAll(strings.TrimSpace(text), "\n", "\n    "))
		}
		md = b.String()
	}
	return md + "\n", nil
}

var listMarker = regexp.MustCompile(`^( +)([-*+]|\d{1,9}[.)])( |$)`)

// tightenLists drops the blank line html-to-markdown writes before a
// nested list: it makes the outer list loose, its items spaced apart,
// where WordPress's were not. Fenced code is left alone.
func tightenLists(md string) string {
	lines := strings.Split(md, "\n")
	out := lines[:0]
	fence := ""
	for i, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case fence != "":
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
		case strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~"):
			fence = t[:3]
		case t == "" && i > 0 && i+1 < len(lines) && listMarker.MatchString(lines[i+1]) && strings.TrimSpace(lines[i-1]) != "":
			prev := lines[i-1]
			if listMarker.MatchString(prev) || listMarker.MatchString(" "+prev) || strings.HasPrefix(prev, " ") {
				continue
			}
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// htmlContent runs WordPress's content filters, in its order: blocks
// (do_blocks), automatic paragraphs for classic content (wpautop and
// shortcode_unautop, skipped when the post has blocks), then shortcodes.
func (p *post) htmlContent(content string, depth int) string {
	if strings.Contains(content, "<!-- wp:") {
		content = p.flattenBlocks(content, depth)
	} else {
		content = autop(content)
		content = shortcodeUnautop(content, knownShortcodes)
	}
	return expandShortcodes(content, p.expand, func(name string) { p.unknown[name]++ }, "<code>", "</code>")
}

// flattenBlocks drops the block editor's comments, keeping the HTML each
// block saved. A reusable block (wp:block {"ref":N}) takes the content of
// the wp_block item N; a block that saved nothing (latest posts, a site
// logo: WordPress draws them on each request) is counted in p.dynamic.
func (p *post) flattenBlocks(content string, depth int) string {
	return blockComment.ReplaceAllStringFunc(content, func(m string) string {
		sub := blockComment.FindStringSubmatch(m)
		closing, name, attrs, self := sub[1] == "/", sub[2], sub[3], sub[4] == "/"
		if closing {
			return "\n"
		}
		switch name {
		case "more":
			return ""
		case "block":
			var ref struct {
				Ref int `json:"ref"`
			}
			if json.Unmarshal([]byte(strings.TrimSpace(attrs)), &ref) == nil && ref.Ref > 0 && depth < 5 {
				if it := p.exp.byID[ref.Ref]; it != nil {
					return "\n" + p.htmlContent(strings.ReplaceAll(it.Content, "\r\n", "\n"), depth+1) + "\n"
				}
			}
			p.dynamic["block (a reusable block missing from the export)"]++
			return "\n"
		case "footnotes", "spacer", "separator":
			return "\n"
		}
		if self {
			p.dynamic[name]++
		}
		return "\n"
	})
}

// expand renders the shortcodes the import knows as HTML.
func (p *post) expand(sc *shortcode) (string, bool) {
	switch sc.Name {
	case "caption", "wp_caption":
		return p.caption(sc), true
	case "gallery":
		return p.gallery(sc), true
	case "embed":
		u := strings.TrimSpace(sc.Content)
		if u == "" {
			u = sc.attr("src")
		}
		return linkParagraph(u, ""), true
	case "video", "audio":
		return p.mediaElement(sc), true
	case "playlist":
		var b strings.Builder
		b.WriteString("\n<ul>\n")
		for _, a := range p.attachments(sc) {
			fmt.Fprintf(&b, "<li><a href=\"%s\">%s</a></li>\n", html.EscapeString(a.URL), html.EscapeString(firstNonEmpty(a.Title, path.Base(a.URL))))
		}
		b.WriteString("</ul>\n")
		return b.String(), true
	case "youtube", "vimeo", "dailymotion", "soundcloud", "tweet", "twitter", "instagram", "slideshare", "googlemaps", "spotify":
		u := firstNonEmpty(sc.attr("url"), sc.attr("src"), sc.attr("id"))
		if u == "" && len(sc.Args) > 0 {
			u = sc.Args[0]
		}
		if u == "" {
			u = strings.TrimSpace(sc.Content)
		}
		if u == "" {
			return "", false
		}
		if sc.Name == "youtube" && !strings.Contains(u, "/") {
			u = "https://www.youtube.com/watch?v=" + u
		}
		return linkParagraph(u, ""), true
	}
	return "", false
}

// caption is [caption id="attachment_N" caption="…"]<img>Caption text[/caption]
// as a figure: the image (in its link) and the caption.
func (p *post) caption(sc *shortcode) string {
	inner := strings.TrimSpace(sc.Content)
	text := sc.attr("caption")
	if text == "" {
		inner, text = splitCaption(inner)
	}
	return "\n<figure class=\"wp-caption\">" + inner + "<figcaption>" + strings.TrimSpace(text) + "</figcaption></figure>\n"
}

// splitCaption cuts a caption shortcode's content after its image, or
// after the link that holds the image: what follows is the caption, links
// and all ("Photo by <a>Someone</a>").
func splitCaption(inner string) (image, caption string) {
	lower := asciiLower(inner) // same length: its indexes are inner's

	img := strings.Index(lower, "<img")
	if img < 0 {
		return inner, ""
	}
	end := strings.IndexByte(lower[img:], '>')
	if end < 0 {
		return inner, ""
	}
	end += img + 1
	// The image in a link: the caption starts after the link's end.
	if open := strings.LastIndex(lower[:img], "<a"); open >= 0 && !strings.Contains(lower[open:img], "</a>") {
		if k := strings.Index(lower[end:], "</a>"); k >= 0 {
			end += k + len("</a>")
		}
	}
	return inner[:end], inner[end:]
}

// asciiLower lowers A–Z only, so that the result's indexes are s's
// (strings.ToLower changes the length of some letters: İ).
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// gallery is [gallery ids="1,2"] (or the post's attached images) as one
// figure per image.
func (p *post) gallery(sc *shortcode) string {
	var b strings.Builder
	b.WriteString("\n<div class=\"gallery\">\n")
	for _, a := range p.attachments(sc) {
		if !isImage(a.URL) {
			continue
		}
		fmt.Fprintf(&b, "<figure><img src=\"%s\" alt=\"%s\"><figcaption>%s</figcaption></figure>\n",
			html.EscapeString(a.URL), html.EscapeString(firstNonEmpty(a.Meta["_wp_attachment_image_alt"], a.Title)), html.EscapeString(plainText(a.Excerpt)))
	}
	b.WriteString("</div>\n")
	return b.String()
}

// attachments are the items a gallery or playlist shows: its ids, else
// the post's own attachments, by menu order.
func (p *post) attachments(sc *shortcode) []*Item {
	var out []*Item
	ids := firstNonEmpty(sc.attr("ids"), sc.attr("include"))
	if ids != "" {
		for _, s := range strings.Split(ids, ",") {
			if a := p.exp.byID[atoi(s)]; a != nil && a.Type == "attachment" {
				out = append(out, a)
			}
		}
		return out
	}
	exclude := map[int]bool{}
	for _, s := range strings.Split(sc.attr("exclude"), ",") {
		exclude[atoi(s)] = true
	}
	for _, a := range p.exp.children[p.item.ID] {
		if a.Type == "attachment" && !exclude[a.ID] {
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].MenuOrder != out[j].MenuOrder {
			return out[i].MenuOrder < out[j].MenuOrder
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// mediaElement is [video] or [audio] as an HTML5 player.
func (p *post) mediaElement(sc *shortcode) string {
	src := sc.attr("src")
	for _, k := range []string{"mp4", "m4v", "webm", "ogv", "wmv", "flv", "mp3", "ogg", "m4a", "wav"} {
		if src == "" {
			src = sc.attr(k)
		}
	}
	if src == "" {
		src = strings.TrimSpace(sc.Content)
	}
	if src == "" {
		for _, a := range p.exp.children[p.item.ID] {
			if a.Type == "attachment" && strings.HasPrefix(a.Meta["_wp_attached_file_mime"], sc.Name) || hasMediaExt(a.URL, sc.Name) {
				src = a.URL
				break
			}
		}
	}
	if src == "" {
		return ""
	}
	e := html.EscapeString(src)
	return fmt.Sprintf("\n<%s controls preload=\"metadata\" src=\"%s\"><a href=\"%s\">%s</a></%s>\n", sc.Name, e, e, html.EscapeString(path.Base(src)), sc.Name)
}

func linkParagraph(u, text string) string {
	if u == "" {
		return ""
	}
	if text == "" {
		text = u
	}
	return fmt.Sprintf("\n<p><a href=\"%s\">%s</a></p>\n", html.EscapeString(u), html.EscapeString(text))
}

func hasMediaExt(u, kind string) bool {
	ext := strings.ToLower(path.Ext(strings.SplitN(u, "?", 2)[0]))
	switch kind {
	case "video":
		return ext == ".mp4" || ext == ".m4v" || ext == ".webm" || ext == ".ogv" || ext == ".mov"
	case "audio":
		return ext == ".mp3" || ext == ".ogg" || ext == ".m4a" || ext == ".wav" || ext == ".oga" || ext == ".flac"
	}
	return false
}

func isImage(u string) bool {
	switch strings.ToLower(path.Ext(strings.SplitN(u, "?", 2)[0])) {
	case ".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".avif", ".tif", ".tiff", ".bmp":
		return true
	}
	return false
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// prepare rewrites the parsed content before it is converted: media and
// links to their new places, embeds as links, the block editor's
// footnotes as markers. It returns the footnotes' HTML, in call order.
func (p *post) prepare(body *html.Node) []string {
	var notes []string
	noteText := map[string]string{}
	if raw := p.item.Meta["footnotes"]; raw != "" {
		var fns []struct {
			ID      string `json:"id"`
			Content string `json:"content"`
		}
		if json.Unmarshal([]byte(raw), &fns) == nil {
			for _, f := range fns {
				noteText[f.ID] = f.Content
			}
		}
	}
	var remove []*html.Node
	byID := map[string]*html.Node{}
	var index func(n *html.Node)
	index = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if id := attrOf(n, "id"); id != "" {
				byID[id] = n
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			index(c)
		}
	}
	index(body)
	used := map[*html.Node]bool{} // footnote definitions taken
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if scriptingElement(n) {
				p.scripts++
				remove = append(remove, n)
				return
			}
			p.scripts += dropScripting(n)
			switch n.DataAtom {
			case atom.Script, atom.Style:
				p.scripts++
				remove = append(remove, n)
				return
			case atom.Img:
				p.rewriteAttr(n, "src")
				removeAttr(n, "srcset")
				removeAttr(n, "sizes")
				// WordPress fills title with the file's name; a title would
				// make the image a figure with that caption.
				removeAttr(n, "title")
			case atom.A:
				p.rewriteAttr(n, "href")
			case atom.Video, atom.Audio, atom.Source, atom.Track, atom.Iframe:
				p.rewriteAttr(n, "src")
				p.rewriteAttr(n, "poster")
			case atom.Sup:
				if def := noteDefinition(n, byID); def != nil && !used[def] {
					used[def] = true
					notes = append(notes, definitionHTML(def, n))
					marker := &html.Node{Type: html.TextNode, Data: footnoteMarker(len(notes))}
					n.Parent.InsertBefore(marker, n)
					remove = append(remove, n)
					return
				}
				if id := attrOf(n, "data-fn"); id != "" {
					if text, ok := noteText[id]; ok {
						notes = append(notes, text)
						marker := &html.Node{Type: html.TextNode, Data: footnoteMarker(len(notes))}
						n.Parent.InsertBefore(marker, n)
						remove = append(remove, n)
						return
					}
				}
			case atom.Div:
				if dom.HasClass(n, "wp-block-embed__wrapper") {
					if u := strings.TrimSpace(dom.CollectText(n)); strings.HasPrefix(u, "http") && !strings.ContainsAny(u, " \n") {
						for c := n.FirstChild; c != nil; {
							next := c.NextSibling
							n.RemoveChild(c)
							c = next
						}
						para, _ := html.ParseFragment(strings.NewReader(linkParagraph(u, "")), n)
						for _, c := range para {
							n.AppendChild(c)
						}
						return
					}
				}
			case atom.Ol:
				if dom.HasClass(n, "wp-block-footnotes") {
					remove = append(remove, n)
					return
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(body)
	// The lists that held the definitions go, with the rule before them.
	for def := range used {
		list := def.Parent
		if list == nil || (list.DataAtom != atom.Ol && list.DataAtom != atom.Ul) {
			remove = append(remove, def)
			continue
		}
		remove = append(remove, list)
		if box := list.Parent; box != nil && box.DataAtom != atom.Body && (dom.HasClass(box, "footnotes") || attrOf(box, "role") == "doc-endnotes") {
			remove = append(remove, box)
		} else if prev := prevElement(list); prev != nil && prev.DataAtom == atom.Hr {
			remove = append(remove, prev)
		}
	}
	for _, n := range remove {
		if n.Parent != nil {
			n.Parent.RemoveChild(n)
		}
	}
	return notes
}

// noteDefinition is the element a footnote call points at: a <sup> that
// holds only a link to #id, where id is a list item or paragraph of the
// post (goldmark's, pandoc's and most footnote plugins' markup).
func noteDefinition(sup *html.Node, byID map[string]*html.Node) *html.Node {
	var link *html.Node
	for c := sup.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.ElementNode && c.DataAtom == atom.A && link == nil:
			link = c
		case c.Type == html.TextNode && strings.TrimSpace(c.Data) == "":
		default:
			return nil
		}
	}
	if link == nil {
		return nil
	}
	href := attrOf(link, "href")
	if !strings.HasPrefix(href, "#") || len(href) < 2 {
		return nil
	}
	def := byID[href[1:]]
	if def == nil || (def.DataAtom != atom.Li && def.DataAtom != atom.P && def.DataAtom != atom.Div) {
		return nil
	}
	return def
}

// definitionHTML is a footnote's text without its links back to the call.
func definitionHTML(def, call *html.Node) string {
	back := map[string]bool{"#" + attrOf(call, "id"): true}
	for c := call.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			back["#"+attrOf(c, "id")] = true
		}
	}
	var drop func(n *html.Node)
	drop = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode && c.DataAtom == atom.A && (back[attrOf(c, "href")] || dom.HasClass(c, "footnote-backref")) {
				n.RemoveChild(c)
			} else {
				drop(c)
			}
			c = next
		}
	}
	drop(def)
	var b bytes.Buffer
	for c := def.FirstChild; c != nil; c = c.NextSibling {
		_ = html.Render(&b, c)
	}
	return strings.TrimSpace(strings.TrimRight(b.String(), " \u00a0"))
}

func prevElement(n *html.Node) *html.Node {
	for p := n.PrevSibling; p != nil; p = p.PrevSibling {
		if p.Type == html.ElementNode {
			return p
		}
	}
	return nil
}

// dropScripting removes an element's event handlers (onload=…) and
// javascript: URLs, and says how many.
func dropScripting(n *html.Node) int {
	dropped := 0
	out := n.Attr[:0]
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		if strings.HasPrefix(key, "on") || key == "srcdoc" || ((key == "href" || key == "src" || key == "action" || key == "formaction" || key == "xlink:href" || key == "data") && scriptURL(a.Val)) {
			dropped++
			continue
		}
		out = append(out, a)
	}
	n.Attr = out
	return dropped
}

// scriptURL tells a URL that runs a script (javascript:, vbscript:),
// spaces and case aside, as browsers read it.
func scriptURL(u string) bool {
	v := strings.ToLower(strings.Join(strings.Fields(u), ""))
	return strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:")
}

// scriptingElement tells an SVG animation that sets a link (to
// javascript:, most likely): <animate attributeName="href" values=…>.
func scriptingElement(n *html.Node) bool {
	switch strings.ToLower(n.Data) {
	case "animate", "set", "animatemotion", "animatetransform", "discard":
		a := strings.ToLower(attrOf(n, "attributename"))
		return a == "href" || a == "xlink:href" || strings.HasPrefix(a, "on") || n.Data == "discard"
	}
	return false
}

func footnoteMarker(n int) string { return "COMMUNSNOTE" + strconv.Itoa(n) + "X" }

func (p *post) rewriteAttr(n *html.Node, key string) {
	for i, a := range n.Attr {
		if a.Key != key || a.Namespace != "" {
			continue
		}
		v := strings.TrimSpace(a.Val)
		if base := p.item.Link; base != "" && v != "" && !strings.HasPrefix(v, "#") && !strings.Contains(v, ":") && !strings.HasPrefix(v, "/") {
			// Relative to the post on the old blog, as browsers read it
			// there: in the bundle it would name no file.
			if b, err := url.Parse(base); err == nil {
				if r, err := b.Parse(v); err == nil {
					v = r.String()
					n.Attr[i].Val = v
				}
			}
		}
		if key == "href" {
			// A link to an image's attachment page (WordPress's "link
			// to: attachment page"): communs has none, the file is it.
			if att := p.exp.attachmentPages[linkKey(v)]; att != nil && att.URL != "" {
				v = att.URL
				n.Attr[i].Val = v
			}
		}
		if p.media != nil {
			if nv := p.media(v); nv != v {
				n.Attr[i].Val = nv
				continue
			}
		}
		if p.own != "" && !strings.Contains(v, "/wp-content/uploads/") {
			// An upload not found stays on the old site, where it is.
			n.Attr[i].Val = p.sitePath(v)
		}
	}
}

// sitePath is a link to the old blog as a path on the new site: the
// blog's base path kept (the new site's baseURL has it), lists mapped to
// communs' in the post's language. A link to the blog's host outside the
// blog's folder stays as it is.
func (p *post) sitePath(v string) string {
	own := ownPath(v, p.own)
	if own == v {
		return v
	}
	inner, ok := belowBase(own, p.blogBase)
	if !ok {
		return v
	}
	if mapped := p.exp.archivePath(inner); mapped != inner {
		inner = p.prefix + mapped
	}
	return p.blogBase + inner
}

// linkKey is a link's host and path, decoded, without scheme, query or
// final slash: how an attachment page is found from a link to it.
func linkKey(u string) string {
	for _, scheme := range []string{"https://", "http://", "//"} {
		if rest, ok := strings.CutPrefix(u, scheme); ok {
			rest, _, _ = strings.Cut(rest, "#")
			rest, _, _ = strings.Cut(rest, "?")
			if d, err := url.PathUnescape(rest); err == nil {
				rest = d
			}
			return strings.TrimPrefix(strings.ToLower(strings.TrimSuffix(rest, "/")), "www.")
		}
	}
	return ""
}

// ownPath is u as a path on this site when it points at the old blog's
// host: posts keep their URLs, so the link keeps working on the new host.
func ownPath(u, host string) string {
	for _, scheme := range []string{"https://", "http://", "//"} {
		if rest, ok := strings.CutPrefix(u, scheme); ok {
			h, p, _ := strings.Cut(rest, "/")
			if strings.EqualFold(h, host) || strings.EqualFold(h, "www."+host) {
				return "/" + p
			}
			return u
		}
	}
	return u
}

// archivePath is a path to one of WordPress's lists as the same list on
// communs: /category/a/b/ → /categories/b/, /tag/x/ → /tags/x/, /2021/ and
// /2021/03/ → /archives/2021/, a feed → the list's index.xml. Other paths
// are returned as they are.
func (x *index) archivePath(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") {
		return p
	}
	rest, frag := p, ""
	if k := strings.IndexAny(rest, "?#"); k >= 0 {
		rest, frag = rest[:k], rest[k:]
		if strings.HasPrefix(frag, "?") {
			return p // a query (?p=12, ?cat=3): an alias or nothing
		}
	}
	segs := strings.Split(strings.Trim(rest, "/"), "/")
	feed := len(segs) > 0 && segs[len(segs)-1] == "feed"
	if feed {
		segs = segs[:len(segs)-1]
	}
	list := ""
	switch {
	case len(segs) >= 2 && segs[0] == "category":
		name := segs[len(segs)-1]
		if c, ok := x.cats[name]; ok {
			name = c.Name
		}
		list = "/categories/" + slug.Make(name) + "/"
	case len(segs) == 2 && segs[0] == "tag":
		name := segs[1]
		if t, ok := x.tags[name]; ok {
			name = t.Name
		}
		list = "/tags/" + slug.Make(name) + "/"
	case len(segs) >= 1 && len(segs) <= 2 && isYear(segs[0]) && (len(segs) == 1 || isMonth(segs[1])):
		list = "/archives/" + segs[0] + "/"
	case len(segs) == 0 && feed:
		list = "/"
	}
	switch {
	case list == "" && feed && len(segs) > 0:
		return p // a post's comment feed: nothing on communs
	case list == "":
		return p
	case feed:
		return list + "index.xml"
	}
	return list + frag
}

func isYear(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && len(s) == 4 && n > 1990
}

func isMonth(s string) bool {
	n, err := strconv.Atoi(s)
	return err == nil && len(s) == 2 && n >= 1 && n <= 12
}

// attrOf is n's attribute key, or "".
func attrOf(n *html.Node, key string) string { return dom.GetAttributeOr(n, key, "") }

func removeAttr(n *html.Node, key string) {
	out := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Key != key {
			out = append(out, a)
		}
	}
	n.Attr = out
}

// renderRaw writes an element Markdown cannot express as HTML, inside a
// <div> so that it is one HTML block, with no blank line to end it early.
func renderRaw(ctx htmltomarkdown.Context, w htmltomarkdown.Writer, n *html.Node) htmltomarkdown.RenderStatus {
	var b bytes.Buffer
	if err := html.Render(&b, n); err != nil {
		return htmltomarkdown.RenderTryNext
	}
	s := blankLines.ReplaceAllString(b.String(), "\n")
	w.WriteString("\n\n")
	if n.DataAtom == atom.Details || n.DataAtom == atom.Form || n.DataAtom == atom.Iframe {
		w.WriteString(s) // already the start of an HTML block
	} else {
		w.WriteString("<div class=\"wp-" + n.Data + "\">" + s + "</div>")
	}
	w.WriteString("\n\n")
	return htmltomarkdown.RenderSuccess
}

// renderInline writes an inline element Markdown lacks as its tags
// (with the attributes worth keeping) around its converted content.
func renderInline(ctx htmltomarkdown.Context, w htmltomarkdown.Writer, n *html.Node) htmltomarkdown.RenderStatus {
	var b bytes.Buffer
	ctx.RenderChildNodes(ctx, &b, n)
	// A line break at either end would end the HTML tag's line, and the
	// Markdown after it would be read as an HTML block.
	inner := strings.TrimRight(strings.TrimLeft(b.String(), " \\\n"), " \\\n")
	if strings.TrimSpace(inner) == "" {
		w.WriteString(inner)
		return htmltomarkdown.RenderSuccess
	}
	w.WriteString("<" + n.Data)
	for _, k := range []string{"title", "lang", "cite"} {
		if v := attrOf(n, k); v != "" {
			w.WriteString(" " + k + "=\"" + html.EscapeString(v) + "\"")
		}
	}
	w.WriteString(">" + inner + "</" + n.Data + ">")
	return htmltomarkdown.RenderSuccess
}

var blankLines = regexp.MustCompile(`\n[ \t]*\n+`)

// renderSpecial keeps tables with merged cells as HTML, and writes verse
// (a <pre> of poetry) as lines with hard breaks rather than code.
func renderSpecial(ctx htmltomarkdown.Context, w htmltomarkdown.Writer, n *html.Node) htmltomarkdown.RenderStatus {
	if n.Type != html.ElementNode {
		return htmltomarkdown.RenderTryNext
	}
	switch {
	case n.DataAtom == atom.Table && (hasSpans(n) || !hasHeader(n)):
		// Markdown has no merged cells, and no table without a header
		// row: an empty one would show.
		return renderRaw(ctx, w, n)
	case n.DataAtom == atom.Pre && dom.HasClass(n, "wp-block-verse"):
		lines := strings.Split(strings.Trim(dom.CollectText(n), "\n"), "\n")
		w.WriteString("\n\n")
		for i, l := range lines {
			esc := string(ctx.EscapeContent([]byte(l)))
			if strings.TrimSpace(l) == "" {
				esc = "&nbsp;"
			}
			w.WriteString(esc)
			if i < len(lines)-1 {
				w.WriteString("\\\n")
			}
		}
		w.WriteString("\n\n")
		return htmltomarkdown.RenderSuccess
	}
	return htmltomarkdown.RenderTryNext
}

// renderDefinitions writes <dl> as a definition list: a term on its line,
// then ": " and its definition.
func renderDefinitions(ctx htmltomarkdown.Context, w htmltomarkdown.Writer, n *html.Node) htmltomarkdown.RenderStatus {
	w.WriteString("\n\n")
	first := true
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode {
			continue
		}
		var b bytes.Buffer
		ctx.RenderChildNodes(ctx, &b, c)
		text := strings.TrimSpace(b.String())
		switch c.DataAtom {
		case atom.Dt:
			if !first {
				w.WriteString("\n")
			}
			first = false
			w.WriteString(strings.Join(strings.Fields(text), " ") + "\n")
		case atom.Dd:
			w.WriteString(": " + strings.ReplaceAll(text, "\n", "\n  ") + "\n")
		}
	}
	w.WriteString("\n\n")
	return htmltomarkdown.RenderSuccess
}

func hasHeader(n *html.Node) bool {
	return dom.FindFirstNode(n, func(c *html.Node) bool {
		return c.Type == html.ElementNode && (c.DataAtom == atom.Th || c.DataAtom == atom.Thead)
	}) != nil
}

func hasSpans(n *html.Node) bool {
	found := false
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		if c.Type == html.ElementNode && (c.DataAtom == atom.Td || c.DataAtom == atom.Th) {
			for _, k := range []string{"colspan", "rowspan"} {
				if v := attrOf(c, k); v != "" && v != "1" {
					found = true
				}
			}
		}
		for k := c.FirstChild; k != nil && !found; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	return found
}

// renderFigure writes a figure with one image as communs' figure (an image
// alone in its paragraph, its caption as title); any other figure (a
// gallery, a table, a quote, an embed) as its content then its caption.
func renderFigure(ctx htmltomarkdown.Context, w htmltomarkdown.Writer, n *html.Node) htmltomarkdown.RenderStatus {
	var imgs []*html.Node
	var caption *html.Node
	var walk func(*html.Node)
	walk = func(c *html.Node) {
		if c.Type == html.ElementNode {
			switch c.DataAtom {
			case atom.Img:
				imgs = append(imgs, c)
			case atom.Figcaption:
				if c.Parent == n {
					caption = c
				}
				return
			case atom.Figure:
				if c != n {
					imgs = append(imgs, nil, nil) // a gallery: not one image
				}
			}
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			walk(k)
		}
	}
	walk(n)
	captionText := ""
	if caption != nil {
		captionText = strings.Join(strings.Fields(dom.CollectText(caption)), " ")
	}
	if len(imgs) != 1 {
		w.WriteString("\n\n")
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c == caption {
				continue
			}
			ctx.RenderNodes(ctx, w, c)
		}
		if captionText != "" {
			w.WriteString("\n\n*" + string(ctx.EscapeContent([]byte(captionText))) + "*\n\n")
		}
		w.WriteString("\n\n")
		return htmltomarkdown.RenderSuccess
	}
	img := imgs[0]
	src := attrOf(img, "src")
	alt := strings.Join(strings.Fields(attrOf(img, "alt")), " ")
	image := "![" + escapeBrackets(alt) + "](" + markdownURL(src)
	if captionText != "" {
		image += " \"" + strings.ReplaceAll(strings.ReplaceAll(captionText, `\`, `\\`), `"`, `\"`) + "\""
	}
	image += ")"
	if a := enclosingLink(img, n); a != nil && attrOf(a, "href") != "" {
		image = "[" + image + "](" + markdownURL(attrOf(a, "href")) + ")"
	}
	w.WriteString("\n\n" + image + "\n\n")
	return htmltomarkdown.RenderSuccess
}

func enclosingLink(n, stop *html.Node) *html.Node {
	for p := n.Parent; p != nil && p != stop; p = p.Parent {
		if p.DataAtom == atom.A {
			return p
		}
	}
	return nil
}

func escapeBrackets(s string) string {
	return strings.NewReplacer(`\`, `\\`, `[`, `\[`, `]`, `\]`).Replace(s)
}

// markdownURL writes a link destination, in <…> when it holds a space or
// parenthesis.
func markdownURL(u string) string {
	if strings.ContainsAny(u, " ()<>") {
		return "<" + strings.NewReplacer("<", "%3C", ">", "%3E").Replace(u) + ">"
	}
	return u
}

// plainText is a fragment of HTML (a title, an excerpt) as text.
func plainText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.Join(strings.Fields(s), " ")
	}
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	if err != nil {
		return s
	}
	var b strings.Builder
	for _, n := range nodes {
		b.WriteString(dom.CollectText(n))
		b.WriteByte(' ')
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
