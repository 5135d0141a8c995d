package site

import (
	"fmt"
	"github.com/communs/communs/internal/slug"
	"regexp"
	"strings"
)

var permalinkToken = regexp.MustCompile(`:[a-z]+`)

var permalinkTokens = map[string]bool{
	":year": true, ":month": true, ":day": true, ":slug": true, ":section": true,
	":title": true, ":filename": true, ":book": true,
}

func checkPermalink(p string) error {
	if !strings.HasPrefix(p, "/") {
		return fmt.Errorf("%q must start with /", p)
	}
	for _, t := range permalinkToken.FindAllString(p, -1) {
		if !permalinkTokens[t] {
			return fmt.Errorf("%q uses %s; known parts are :year :month :day :slug :section :title :filename", p, t)
		}
	}
	if !strings.Contains(p, ":slug") && !strings.Contains(p, ":title") && !strings.Contains(p, ":filename") {
		return fmt.Errorf("%q has none of :slug, :title, :filename: every page would get the same URL", p)
	}
	return nil
}

// expandPermalink fills a pattern for page p. The result always starts and
// ends with a slash.
func expandPermalink(pattern string, p *Page) string {
	d := p.Date
	out := permalinkToken.ReplaceAllStringFunc(pattern, func(t string) string {
		switch t {
		case ":year":
			return fmt.Sprintf("%04d", d.Year())
		case ":month":
			return fmt.Sprintf("%02d", int(d.Month()))
		case ":day":
			return fmt.Sprintf("%02d", d.Day())
		case ":slug":
			return p.Slug
		case ":section":
			return p.Section
		case ":title":
			return slug.Make(p.Title)
		case ":filename":
			return p.baseName
		case ":book":
			if p.Book != nil {
				return p.Book.Slug
			}
		}
		return ""
	})
	out = strings.ReplaceAll(out, "//", "/")
	if !strings.HasSuffix(out, "/") && !strings.HasSuffix(out, ".html") {
		out += "/"
	}
	return out
}
