package site

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/communs/communs/internal/slug"
)

var permalinkToken = regexp.MustCompile(`:[a-z]+`)

var permalinkTokens = map[string]bool{
	":year": true, ":month": true, ":day": true, ":slug": true, ":section": true,
	":title": true, ":filename": true, ":book": true, ":sections": true, ":name": true,
}

func checkPermalink(p string) error {
	if !strings.HasPrefix(p, "/") {
		return fmt.Errorf("%q must start with /", p)
	}
	for _, t := range permalinkToken.FindAllString(p, -1) {
		if !permalinkTokens[t] {
			return fmt.Errorf("%q uses %s; known parts are :year :month :day :slug :section :sections :title :filename", p, t)
		}
	}
	if !strings.Contains(p, ":slug") && !strings.Contains(p, ":title") && !strings.Contains(p, ":filename") {
		return fmt.Errorf("%q has none of :slug, :title, :filename: every page would get the same URL", p)
	}
	return nil
}

// permalinkPattern is the URL pattern of the pages of section: its
// permalinks entry, else a dated or a plain one.
func (c *Config) permalinkPattern(section string, dated bool) string {
	if pattern, ok := c.Permalinks[section]; ok {
		return pattern
	}
	switch {
	case section == "" && c.hugo:
		return "/:name/"
	case section == "":
		return "/:slug/"
	case c.hugo:
		return "/:sections/:name/" // Hugo's URLs follow the file's path
	case dated:
		return "/:year/:month/:day/:slug/"
	}
	return "/:section/:slug/"
}

// PagePath is the URL path, within its language, that a page of section
// with this slug, title, file name (without extension) and date gets when
// its front matter sets no url: what a build gives it.
func (c *Config) PagePath(section, pageSlug, title, filename string, date time.Time) string {
	if !date.IsZero() && c.Location != nil {
		date = date.In(c.Location)
	}
	p := &Page{Section: section, Slug: pageSlug, Title: title, baseName: filename, Date: date}
	return expandPermalink(c.permalinkPattern(section, !date.IsZero()), p)
}

// cleanURLPath is a url front matter value as a page path: clean, with a
// trailing slash unless it names a file.
func cleanURLPath(u string) string {
	p := path.Clean(u)
	if p != "/" && !strings.HasSuffix(p, ".html") {
		p += "/"
	}
	return p
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
			if p.permSlug != "" {
				b.WriteString(p.permSlug)
			} else {
				b.WriteString(p.Slug)
			}
		case ":name":
			// The file's name, or its slug: a Hugo page's default URL.
			b.WriteString(p.Slug)
		case ":section":
			b.WriteString(p.Section)
		case ":sections":
			// Every folder the page is in (docs/guide/install), as Hugo's.
			dir := p.Dir
			if p.BundleDir != "" {
				dir = path.Dir(dir)
			}
			if dir != "." {
				b.WriteString(dir)
			}
		case ":title":
			if p.titleSlug != "" {
				b.WriteString(p.titleSlug)
			} else {
				b.WriteString(slug.Make(p.Title))
			}
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
