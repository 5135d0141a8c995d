// Package hyph hyphenates words with TeX patterns (Frank Liang's
// algorithm, as TeX's \patterns and \hyphenation), reading the hyph-utf8
// files embedded in third_party/hyph.
//
// (github.com/speedata/hyphenation does the same, but the module proxy
// serves no version of it here; this is the same algorithm in 100 lines.)
package hyph

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/communs/communs/third_party/hyph"
)

// Patterns is a language's hyphenation patterns and exceptions.
type Patterns struct {
	pats   map[string][]uint8 // letters → values between them (len(letters)+1)
	maxLen int                // longest pattern, in runes
	exc    map[string][]int   // word → break points
	// Left and Right are the fewest letters kept before and after a break.
	Left, Right int

	mu    sync.RWMutex
	cache map[string][]int // ".word." → points
}

// Parse reads patterns (one a line, TeX syntax: "a1b", ".ab4c") and
// exceptions (one word a line with hyphens: "uni-ver-sity"). Lines
// starting with % are comments.
func Parse(patterns, exceptions string) *Patterns {
	p := &Patterns{pats: map[string][]uint8{}, exc: map[string][]int{}, Left: 2, Right: 3, cache: map[string][]int{}}
	for _, line := range strings.Fields(patterns) {
		if strings.HasPrefix(line, "%") {
			continue
		}
		var letters []rune
		vals := []uint8{0}
		for _, r := range line {
			if r >= '0' && r <= '9' {
				vals[len(vals)-1] = uint8(r - '0')
				continue
			}
			letters = append(letters, r)
			vals = append(vals, 0)
		}
		key := string(letters)
		p.pats[key] = vals
		if len(letters) > p.maxLen {
			p.maxLen = len(letters)
		}
	}
	for _, line := range strings.Fields(exceptions) {
		if strings.HasPrefix(line, "%") {
			continue
		}
		var pts []int
		n := 0
		for _, r := range line {
			if r == '-' {
				pts = append(pts, n)
				continue
			}
			n++
		}
		p.exc[strings.ReplaceAll(line, "-", "")] = pts
	}
	return p
}

var (
	mu    sync.Mutex
	cache = map[string]*Patterns{}
)

// For returns the embedded patterns of a language (fr, en and their
// regional variants), or nil when there are none: then words are not
// hyphenated.
func For(lang string) *Patterns {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	mu.Lock()
	defer mu.Unlock()
	if p, ok := cache[base]; ok {
		return p
	}
	var p *Patterns
	switch base {
	case "fr":
		p = Parse(hyph.FrenchPatterns, "")
	case "en":
		p = Parse(hyph.EnglishPatterns, hyph.EnglishExceptions)
	}
	cache[base] = p
	return p
}

// Points returns where word may be broken: each value i means "after the
// first i characters (runes)". Words holding anything but letters, and
// apostrophes, get none; so do words shorter than Left+Right.
func (p *Patterns) Points(word string) []int {
	if p == nil {
		return nil
	}
	return p.PointsRunes([]rune(word))
}

// PointsRunes is Points for a word as runes. The result is shared: do not
// modify it. Looking up a word already seen allocates nothing.
func (p *Patterns) PointsRunes(word []rune) []int {
	if p == nil {
		return nil
	}
	n := len(word)
	if n < p.Left+p.Right {
		return nil
	}
	// ".word.", lower case, as UTF-8: the cache's key.
	var buf [128]byte
	key := append(buf[:0], '.')
	for _, r := range word {
		if r == '’' {
			r = '\''
		}
		if !unicode.IsLetter(r) && r != '\'' {
			return nil
		}
		key = utf8.AppendRune(key, unicode.ToLower(r))
	}
	key = append(key, '.')
	if pts, ok := p.exc[string(key[1:len(key)-1])]; ok {
		return p.keep(pts, n)
	}
	p.mu.RLock()
	pts, ok := p.cache[string(key)]
	p.mu.RUnlock()
	if ok {
		return pts
	}
	lower := make([]rune, 0, n+2)
	for _, r := range string(key) {
		lower = append(lower, r)
	}
	k := string(key)
	pts = p.compute(lower, k, n)
	p.mu.Lock()
	if len(p.cache) > 100000 {
		p.cache = map[string][]int{}
	}
	p.cache[k] = pts
	p.mu.Unlock()
	return pts
}

// compute applies the patterns to ".word." (lower, also as the string key).
func (p *Patterns) compute(lower []rune, key string, n int) []int {
	// Byte offsets of the runes, to look substrings up without copying.
	offs := make([]int, len(lower)+1)
	o := 0
	for i, r := range lower {
		offs[i] = o
		o += utf8.RuneLen(r)
	}
	offs[len(lower)] = o
	vals := make([]uint8, len(lower)+1)
	for i := range lower {
		for l := 1; l <= p.maxLen && i+l <= len(lower); l++ {
			v, ok := p.pats[key[offs[i]:offs[i+l]]]
			if !ok {
				continue
			}
			for k, x := range v {
				if x > vals[i+k] {
					vals[i+k] = x
				}
			}
		}
	}
	var pts []int
	// vals[j] is between lower[j-1] and lower[j]; the break after the
	// first i letters of the word is vals[i+1].
	for i := 1; i < n; i++ {
		if vals[i+1]%2 == 1 {
			pts = append(pts, i)
		}
	}
	return p.keep(pts, n)
}

func (p *Patterns) keep(pts []int, n int) []int {
	out := pts[:0:0]
	for _, i := range pts {
		if i >= p.Left && n-i >= p.Right {
			out = append(out, i)
		}
	}
	return out
}

// Hyphenate returns word with hyphens at its break points, for tests and
// debugging: "hyphenation" → "hy-phen-ation".
func (p *Patterns) Hyphenate(word string) string {
	pts := p.Points(word)
	var b strings.Builder
	i := 0
	for _, r := range word {
		if len(pts) > 0 && pts[0] == i {
			b.WriteByte('-')
			pts = pts[1:]
		}
		b.WriteRune(r)
		i++
	}
	return b.String()
}
