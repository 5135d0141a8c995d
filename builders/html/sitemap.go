package html

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/site"
)

// sitemapLimit is the sitemaps protocol's bound on URLs per file.
const sitemapLimit = 50000

type sitemapURL struct {
	loc     string
	lastmod string
	alts    [][2]string // hreflang, href
}

// planSitemap plans the sitemap, listing every page with its
// translations as alternates; past 50,000 URLs, several files and an
// index.
func (r *run) planSitemap(fs *files) {
	urls := r.sitemapURLs()
	if len(urls) <= sitemapLimit {
		fs.add(builders.Output{Path: "sitemap.xml", Key: sitemapKey(urls)},
			maker{data: func() ([]byte, error) { return sitemapFile(urls), nil }})
		return
	}
	var index bytes.Buffer
	index.WriteString(xml.Header + `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">` + "\n")
	for i, n := 0, 1; i < len(urls); i, n = i+sitemapLimit, n+1 {
		name := fmt.Sprintf("sitemap-%d.xml", n)
		part := urls[i:min(i+sitemapLimit, len(urls))]
		fs.add(builders.Output{Path: name, Key: sitemapKey(part)},
			maker{data: func() ([]byte, error) { return sitemapFile(part), nil }})
		fmt.Fprintf(&index, "<sitemap><loc>%s</loc></sitemap>\n", xmlEscape(r.s.AbsURL("/"+name)))
	}
	index.WriteString("</sitemapindex>\n")
	data := index.Bytes()
	fs.add(builders.Output{Path: "sitemap.xml", Key: string(data)},
		maker{data: func() ([]byte, error) { return data, nil }})
}

// sitemapURLs are the URLs of the sitemap, in order.
func (r *run) sitemapURLs() []sitemapURL {
	var urls []sitemapURL
	for _, l := range r.s.Languages {
		ls := r.s.Langs[l.Code]
		urls = append(urls, sitemapURL{loc: r.s.AbsURL(l.Prefix + "/")})
		for _, p := range ls.All {
			if p.Kind == site.KindSection && p.Dir == "" || p.Unlisted {
				continue // the home, above; a page out of lists (build.list = never)
			}
			u := sitemapURL{loc: p.Permalink, lastmod: lastmod(p)}
			if len(p.Translations) > 0 {
				u.alts = append(u.alts, [2]string{p.Lang, p.Permalink})
				for _, t := range p.Translations {
					u.alts = append(u.alts, [2]string{t.Lang, t.Permalink})
				}
			}
			urls = append(urls, u)
		}
		for _, sec := range ls.Sections {
			if sec.Index == nil {
				urls = append(urls, sitemapURL{loc: sec.Permalink})
			}
		}
		for _, tax := range ls.Taxonomies {
			if len(tax.Terms) == 0 {
				continue
			}
			urls = append(urls, sitemapURL{loc: tax.Permalink})
			for _, t := range tax.Terms {
				urls = append(urls, sitemapURL{loc: t.Permalink})
			}
		}
		if len(ls.Years) > 0 {
			urls = append(urls, sitemapURL{loc: r.s.AbsURL(l.Prefix + "/archives/")})
			for _, y := range ls.Years {
				urls = append(urls, sitemapURL{loc: y.Permalink})
			}
		}
	}
	return urls
}

// sitemapKey is what a sitemap file lists.
func sitemapKey(urls []sitemapURL) string {
	var b strings.Builder
	for _, u := range urls {
		b.WriteString(u.loc)
		b.WriteByte(' ')
		b.WriteString(u.lastmod)
		for _, a := range u.alts {
			b.WriteString(" " + a[0] + " " + a[1])
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func sitemapFile(urls []sitemapURL) []byte {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString(`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">` + "\n")
	for _, u := range urls {
		b.WriteString("<url><loc>")
		b.WriteString(xmlEscape(u.loc))
		b.WriteString("</loc>")
		if u.lastmod != "" {
			b.WriteString("<lastmod>" + u.lastmod + "</lastmod>")
		}
		for _, a := range u.alts {
			fmt.Fprintf(&b, `<xhtml:link rel="alternate" hreflang="%s" href="%s"/>`, xmlEscape(a[0]), xmlEscape(a[1]))
		}
		b.WriteString("</url>\n")
	}
	b.WriteString("</urlset>\n")
	return b.Bytes()
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
