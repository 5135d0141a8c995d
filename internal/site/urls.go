package site

import (
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Urlize turns a title, a tag or a file name into a readable URL segment:
// « S’émanciper de la basse-cour » → semanciper-de-la-basse-cour. Accents
// are folded to ASCII so links survive being pasted in mails and forums.
func Urlize(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == '\'' || r == '’' || r == 'ʼ':
			continue // l’équipe → lequipe, as French slugs usually are
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
			dash = false
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
			dash = false
		case r == 'ß':
			b.WriteString("ss")
			dash = false
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(unicode.ToLower(r))
			dash = false
		case r == '_' || r == '.':
			b.WriteRune(r)
			dash = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			// Letters outside Latin script are kept: a Greek or Japanese tag is
			// better as itself than as nothing.
			b.WriteRune(unicode.ToLower(r))
			dash = false
		default:
			if !dash && b.Len() > 0 {
				b.WriteByte('-')
				dash = true
			}
		}
	}
	return strings.Trim(b.String(), "-.")
}

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
			return Urlize(p.Title)
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
