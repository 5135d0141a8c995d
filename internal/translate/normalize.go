package translate

import (
	"crypto/sha256"
	"encoding/hex"
	"html"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// digestPrefix names the normalisation a digest was computed with: a
// digest with another prefix was made by other rules and is not compared.
const digestPrefix = "w1:"

// Words returns the words of a piece of Markdown: what a translation
// depends on. The text is read with HTML entities decoded and in Unicode
// compatibility form (NFKC: no-break and thin spaces, ligatures and
// superscripts fold to their plain forms); a word is a run of letters
// (with their combining marks) or a run of digits. Everything else —
// spaces of every kind, line breaks, punctuation, quotes, apostrophes,
// dashes, Markdown markers (* _ # > ` [ ] ( ) |), HTML comments — separates
// words and does not count. Case counts.
//
// So « l’association » and "l'association", « 20 km » and "20km",
// *mot* and **mot**, a paragraph wrapped on one line or on five, have the
// same words, while a changed word, number or link target does not.
func Words(markdown string) []string {
	s := stripComments(markdown)
	if strings.ContainsRune(s, '&') {
		s = html.UnescapeString(s)
	}
	s = norm.NFKC.String(s)
	var words []string
	start, kind := -1, 0 // kind: 1 letters, 2 digits
	for i, r := range s {
		k := 0
		switch {
		case unicode.IsLetter(r):
			k = 1
		case unicode.IsMark(r):
			if kind == 1 {
				k = 1 // a combining accent stays with its letter
			}
		case unicode.IsDigit(r):
			k = 2
		}
		if k != kind {
			if kind != 0 {
				words = append(words, s[start:i])
			}
			start, kind = i, k
		}
	}
	if kind != 0 {
		words = append(words, s[start:])
	}
	return words
}

// stripComments removes HTML comments (<!--more-->): readers never see them.
func stripComments(s string) string {
	for {
		i := strings.Index(s, "<!--")
		if i < 0 {
			return s
		}
		j := strings.Index(s[i+4:], "-->")
		if j < 0 {
			return s[:i]
		}
		s = s[:i] + " " + s[i+4+j+3:]
	}
}

// digestWords is the digest of a sequence of words: "w1:" and the first 16
// hexadecimal digits of the SHA-256 of the words joined by spaces.
func digestWords(words ...[]string) string {
	h := sha256.New()
	first := true
	for _, ws := range words {
		for _, w := range ws {
			if !first {
				h.Write([]byte{' '})
			}
			first = false
			h.Write([]byte(w))
		}
	}
	return digestPrefix + hex.EncodeToString(h.Sum(nil))[:16]
}

// Digest is the digest of a piece of Markdown: equal for two texts with
// the same words (see Words), whatever their spacing, wrapping,
// punctuation or typography.
func Digest(markdown string) string { return digestWords(Words(markdown)) }

// BodyDigest is what translatedFrom records: the digest of an original's
// body, paragraph by paragraph, so that it is the digest of the words of
// all its paragraphs in order.
func BodyDigest(body []byte) string {
	paras := Paragraphs(body)
	all := make([][]string, len(paras))
	for i, p := range paras {
		all[i] = Words(p.Text)
	}
	return digestWords(all...)
}

// paragraphsDigest is BodyDigest of paragraphs already split.
func paragraphsDigest(texts []string) string {
	all := make([][]string, len(texts))
	for i, t := range texts {
		all[i] = Words(t)
	}
	return digestWords(all...)
}

// IsDigest tells whether s is a digest communs writes.
func IsDigest(s string) bool {
	if !strings.HasPrefix(s, digestPrefix) || len(s) != len(digestPrefix)+16 {
		return false
	}
	_, err := hex.DecodeString(s[len(digestPrefix):])
	return err == nil
}

// NormalText is a paragraph as compared for cosmetic changes: Unicode NFC,
// every run of white space (line breaks, no-break and thin spaces
// included) one space, no space at either end. Two paragraphs with the
// same words and different normal texts differ cosmetically.
func NormalText(s string) string {
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == '\u200b' || r == '\ufeff' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
