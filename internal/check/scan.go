package check

import (
	"bytes"
	"encoding/xml"
	"image"
	_ "image/gif" // images are decoded to be checked
	_ "image/jpeg"
	_ "image/png"
	"net/url"
	"os"
	"path"
	"strings"

	_ "golang.org/x/image/webp"
	"golang.org/x/net/html"

	"github.com/communs/communs/internal/site"
)

// urlAttrs are the attributes holding a URL, by element.
var urlAttrs = map[string][]string{
	"a": {"href"}, "area": {"href"}, "link": {"href"},
	"img": {"src", "srcset"}, "source": {"src", "srcset"},
	"script": {"src"}, "iframe": {"src"}, "embed": {"src"}, "track": {"src"},
	"video": {"src", "poster"}, "audio": {"src"}, "object": {"data"},
}

// parseHTML reads the ids and URLs of an HTML file.
func (c *checker) parseHTML(rel string, data []byte) *document {
	doc := &document{rel: rel, ids: map[string]bool{}}
	base := c.pageURL(rel)
	c.scanHTML(doc, data, base, nil, true)
	return doc
}

// scanHTML adds the ids and URLs of an HTML text to doc; page, when set,
// is the source page the text comes from (a feed entry).
func (c *checker) scanHTML(doc *document, data []byte, base *url.URL, page *site.Page, ids bool) {
	z := html.NewTokenizer(bytes.NewReader(data))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, more := z.TagName()
		tag := string(name)
		attrs := map[string]string{}
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			if _, dup := attrs[string(k)]; !dup {
				attrs[string(k)] = string(v)
			}
		}
		if ids {
			if id, ok := attrs["id"]; ok && id != "" {
				doc.ids[id] = true
			}
			if n, ok := attrs["name"]; ok && tag == "a" && n != "" {
				doc.ids[n] = true
			}
		}
		switch tag {
		case "base":
			if h, ok := attrs["href"]; ok {
				if u, err := base.Parse(h); err == nil {
					base = u
				}
			}
			continue
		case "meta":
			// Open Graph URLs of the site itself.
			switch attrs["property"] {
			case "og:url", "og:image":
				kind := KindLink
				if attrs["property"] == "og:image" {
					kind = KindImage
				}
				doc.refs = append(doc.refs, ref{raw: attrs["content"], kind: kind, base: base, page: page})
			}
			continue
		}
		for _, a := range urlAttrs[tag] {
			v, ok := attrs[a]
			if !ok {
				continue
			}
			kind := KindLink
			if tag == "img" || tag == "source" || a == "poster" || (tag == "link" && strings.Contains(attrs["rel"], "icon")) {
				kind = KindImage
			}
			if a == "srcset" {
				for _, cand := range strings.Split(v, ",") {
					if f := strings.Fields(cand); len(f) > 0 {
						doc.refs = append(doc.refs, ref{raw: f[0], kind: kind, base: base, page: page})
					}
				}
				continue
			}
			if tag == "link" && attrs["rel"] == "preconnect" {
				continue
			}
			r := ref{raw: v, kind: kind, base: base, page: page}
			if tag == "img" && a == "src" {
				alt, has := attrs["alt"]
				r.noAlt = !has || strings.TrimSpace(alt) == ""
				if has && alt == "" && attrs["role"] == "presentation" {
					r.noAlt = false // marked decorative
				}
			}
			doc.refs = append(doc.refs, r)
		}
	}
}

const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsSitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"
	nsXHTML   = "http://www.w3.org/1999/xhtml"
	nsXML     = "http://www.w3.org/XML/1998/namespace"
)

// parseFeed reads the links of an RSS or Atom feed or a sitemap; other
// XML files give nil.
func (c *checker) parseFeed(rel string, data []byte) *document {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	doc := &document{rel: rel, isXML: true}
	type elem struct {
		name xml.Name
		base *url.URL
		text strings.Builder
		html bool // its text is HTML
		link bool // its text is a URL
	}
	var stack []*elem
	root := ""
	fileBase := c.pageURL(rel)
	// The entry being read: its page, and its texts to read once its link is known.
	var entryLink string
	var entryHTML []struct {
		text string
		base *url.URL
	}
	inEntry := false
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			b := fileBase
			if len(stack) > 0 {
				b = stack[len(stack)-1].base
			}
			for _, a := range t.Attr {
				if a.Name.Space == nsXML && a.Name.Local == "base" {
					if u, err := b.Parse(a.Value); err == nil {
						b = u
					}
				}
			}
			e := &elem{name: t.Name, base: b}
			if root == "" {
				root = t.Name.Local
				if root != "rss" && root != "feed" && root != "urlset" && root != "sitemapindex" && root != "RDF" {
					return nil
				}
			}
			attr := func(local string) (string, bool) {
				for _, a := range t.Attr {
					if a.Name.Local == local && (a.Name.Space == "" || a.Name.Space == t.Name.Space) {
						return a.Value, true
					}
				}
				return "", false
			}
			switch {
			case t.Name.Local == "entry" || t.Name.Local == "item":
				inEntry, entryLink, entryHTML = true, "", nil
			case t.Name.Local == "link" && (t.Name.Space == nsAtom || t.Name.Space == nsXHTML):
				if h, ok := attr("href"); ok {
					doc.refs = append(doc.refs, ref{raw: h, kind: KindFeed, base: b})
					if rl, _ := attr("rel"); inEntry && (rl == "" || rl == "alternate") {
						entryLink = h
					}
				}
			case t.Name.Local == "link" && t.Name.Space == "", t.Name.Local == "loc" && t.Name.Space == nsSitemap,
				t.Name.Local == "icon" || t.Name.Local == "logo" && t.Name.Space == nsAtom,
				t.Name.Local == "url" && len(stack) > 0 && stack[len(stack)-1].name.Local == "image":
				e.link = true
			case t.Name.Local == "guid":
				if v, _ := attr("isPermaLink"); v != "false" {
					e.link = true
				}
			case t.Name.Local == "enclosure":
				if u, ok := attr("url"); ok {
					doc.refs = append(doc.refs, ref{raw: u, kind: KindFeed, base: b})
				}
			case t.Name.Local == "encoded" && t.Name.Space == nsContent,
				t.Name.Local == "description" && inEntry:
				e.html = true
			case (t.Name.Local == "content" || t.Name.Local == "summary") && t.Name.Space == nsAtom:
				if ty, _ := attr("type"); ty == "html" {
					e.html = true
				}
			}
			stack = append(stack, e)
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				break
			}
			e := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			text := e.text.String()
			switch {
			case e.link:
				v := strings.TrimSpace(text)
				doc.refs = append(doc.refs, ref{raw: v, kind: KindFeed, base: e.base})
				if inEntry && e.name.Local == "link" {
					entryLink = v
				}
			case e.html:
				entryHTML = append(entryHTML, struct {
					text string
					base *url.URL
				}{text, e.base})
			}
			if e.name.Local == "entry" || e.name.Local == "item" {
				var page *site.Page
				if u, err := e.base.Parse(entryLink); err == nil && entryLink != "" {
					page = c.src.byURL(u)
				}
				for _, h := range entryHTML {
					b := h.base
					if b == e.base && entryLink != "" {
						if u, err := b.Parse(entryLink); err == nil {
							b = u
						}
					}
					sub := &document{rel: rel, ids: map[string]bool{}}
					c.scanHTML(sub, []byte(h.text), b, page, false)
					for _, r := range sub.refs {
						if page == nil {
							r.page = nil
						}
						doc.refs = append(doc.refs, r)
					}
				}
				inEntry = false
			}
		}
	}
	return doc
}

// imageProblem tells why an image file of the site would show broken.
func (c *checker) imageProblem(abs string) string {
	if v, ok := c.images.Load(abs); ok {
		return v.(string)
	}
	msg := ""
	f, err := os.Open(abs)
	if err != nil {
		msg = "cannot be read: " + err.Error()
	} else {
		if _, _, err := image.DecodeConfig(f); err != nil {
			if st, serr := f.Stat(); serr == nil && st.Size() == 0 {
				msg = "is an empty file (0 bytes)"
			} else {
				switch strings.ToLower(path.Ext(abs)) {
				case ".png", ".jpg", ".jpeg", ".gif", ".webp":
					msg = "cannot be decoded (" + err.Error() + "): the file is damaged"
				}
			}
		}
		f.Close()
	}
	c.images.Store(abs, msg)
	return msg
}
