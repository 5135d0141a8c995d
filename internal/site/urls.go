package site

import (
	"fmt"
	"github.com/communs/communs/internal/slug"
	"regexp"
	"strconv"
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
	// By hand rather than with permalinkToken: every page of a site is
	// expanded on each build and each rebuild of the preview.
	d := p.Date
	var b strings.Builder
	b.Grow(len(pattern) + len(p.Slug) + len(p.Section) + 16)
	digits := func(n, width int) {
		var buf [8]byte
		s := strconv.AppendInt(buf[:0], int64(n), 10)
		for i := len(s); i < width; i++ {
			b.WriteByte('0')
		}
		b.Write(s)
	}
	for i := 0; i < len(pattern); {
		c := pattern[i]
		j := i + 1
		for c == ':' && j < len(pattern) && pattern[j] >= 'a' && pattern[j] <= 'z' {
			j++
		}
		if c != ':' || j == i+1 {
			b.WriteByte(c)
			i++
			continue
		}
		switch pattern[i:j] {
		case ":year":
			digits(d.Year(), 4)
		case ":month":
			digits(int(d.Month()), 2)
		case ":day":
			digits(d.Day(), 2)
		case ":slug":
			b.WriteString(p.Slug)
		case ":section":
			b.WriteString(p.Section)
		case ":title":
			b.WriteString(slug.Make(p.Title))
		case ":filename":
			b.WriteString(p.baseName)
		case ":book":
			if p.Book != nil {
				b.WriteString(p.Book.Slug)
			}
		}
		i = j
	}
	out := b.String()
	if strings.Contains(out, "//") {
		out = strings.ReplaceAll(out, "//", "/")
	}
	if !strings.HasSuffix(out, "/") && !strings.HasSuffix(out, ".html") {
		out += "/"
	}
	return out
}
