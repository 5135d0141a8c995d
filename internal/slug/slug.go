// Package slug makes readable URL segments and HTML ids from titles.
package slug

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Make turns a title, a tag or a file name into a readable URL segment:
// « S’émanciper de la basse-cour » → semanciper-de-la-basse-cour. Accents
// are folded to ASCII so links survive being pasted in mails and forums.
func Make(s string) string {
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

// Hugo makes a path segment as Hugo's urlize does: lower case, letters,
// digits and marks of every script kept as they are (méthodologie,
// অবকাঠামো), white space as a hyphen unless one was just written, and of
// the rest of the punctuation only - _ . ~ + @ # % / (CI/CD is ci/cd).
func Hugo(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	hyphen := false
	for _, r := range strings.TrimSpace(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || strings.ContainsRune("-_.~+@#%/", r):
			hyphen = r == '-'
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsSpace(r) && !hyphen:
			b.WriteByte('-')
			hyphen = true
		}
	}
	return b.String()
}
