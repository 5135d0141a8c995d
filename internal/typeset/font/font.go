// Package font gives the typesetter the metrics of its embedded fonts
// (third_party/fonts) and chooses, character by character, the font of a
// fallback chain that has a glyph for it.
//
// Widths and kerns are in thousandths of an em, truncated the way gopdf
// writes them in a PDF (the /W array and the TJ adjustments), so what the
// line breaker measures is exactly what a PDF viewer draws.
package font

import (
	"fmt"
	"sync"
	"sync/atomic"
	"unicode"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/communs/communs/third_party/fonts"
)

// Font is one TrueType font.
type Font struct {
	// Name is the font's PostScript-like name, used as its family name in
	// the PDF ("GentiumBookPlus-Regular").
	Name string
	Data []byte
	// UnitsPerEm, Ascent and Descent (positive, below the baseline) are in
	// font units.
	UnitsPerEm      int
	Ascent, Descent int

	sf *sfnt.Font

	// Lock-free caches of the glyphs and kerning pairs of the runes below
	// denseRunes (Latin, Greek, Cyrillic: the text of most books), filled
	// as they are met; the maps hold the others.
	dense     [denseRunes]atomic.Uint64 // glyphKnown | gid<<16 | uint16(width)
	kernsOnce sync.Once
	denseKern []atomic.Uint32 // kernKnown | uint16(kern), by a*denseKernRunes+b

	mu     sync.RWMutex
	glyphs map[rune]glyph
	kerns  map[[2]rune]int16
}

const (
	denseRunes     = 0x530
	denseKernRunes = 0x180 // Latin-1 and Latin Extended-A
	glyphKnown     = 1 << 63
	kernKnown      = 1 << 31
)

type glyph struct {
	gid   sfnt.GlyphIndex
	width int16 // thousandths of an em; -1 when the font lacks the character
}

// Parse reads a TrueType font.
func Parse(name string, data []byte) (*Font, error) {
	sf, err := sfnt.Parse(data)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", name, err)
	}
	f := &Font{Name: name, Data: data, sf: sf, UnitsPerEm: int(sf.UnitsPerEm()), glyphs: map[rune]glyph{}, kerns: map[[2]rune]int16{}}
	var b sfnt.Buffer
	m, err := sf.Metrics(&b, fixed.I(f.UnitsPerEm), xfont.HintingNone)
	if err != nil {
		return nil, fmt.Errorf("font %s: %w", name, err)
	}
	f.Ascent, f.Descent = m.Ascent.Round(), m.Descent.Round()
	return f, nil
}

func (f *Font) glyph(r rune) glyph {
	if r >= 0 && r < denseRunes {
		if v := f.dense[r].Load(); v&glyphKnown != 0 {
			return glyph{gid: sfnt.GlyphIndex(v >> 16), width: int16(uint16(v))}
		}
		g := f.lookup(r)
		f.dense[r].Store(glyphKnown | uint64(g.gid)<<16 | uint64(uint16(g.width)))
		return g
	}
	f.mu.RLock()
	g, ok := f.glyphs[r]
	f.mu.RUnlock()
	if ok {
		return g
	}
	g = f.lookup(r)
	f.mu.Lock()
	f.glyphs[r] = g
	f.mu.Unlock()
	return g
}

// lookup reads a glyph's index and width from the font.
func (f *Font) lookup(r rune) glyph {
	var b sfnt.Buffer
	g := glyph{width: -1}
	if gid, err := f.sf.GlyphIndex(&b, r); err == nil && gid != 0 {
		if adv, err := f.sf.GlyphAdvance(&b, gid, fixed.I(f.UnitsPerEm), xfont.HintingNone); err == nil {
			g = glyph{gid: gid, width: int16(pdfUnits(adv.Round(), f.UnitsPerEm))}
		}
	}
	return g
}

// Has tells whether the font has a glyph for r.
func (f *Font) Has(r rune) bool { return f.glyph(r).width >= 0 }

// Advance is the width of r in thousandths of an em (0 when missing).
func (f *Font) Advance(r rune) int {
	w := f.glyph(r).width
	if w < 0 {
		return 0
	}
	return int(w)
}

// Kern is the kerning between a and b in thousandths of an em (negative
// brings them closer), from the font's GPOS or kern table.
func (f *Font) Kern(a, b rune) int {
	if a >= 0 && a < denseKernRunes && b >= 0 && b < denseKernRunes {
		f.kernsOnce.Do(func() { f.denseKern = make([]atomic.Uint32, denseKernRunes*denseKernRunes) })
		e := &f.denseKern[a*denseKernRunes+b]
		if v := e.Load(); v&kernKnown != 0 {
			return int(int16(uint16(v)))
		}
		v := f.kern(a, b)
		e.Store(kernKnown | uint32(uint16(v)))
		return int(v)
	}
	k := [2]rune{a, b}
	f.mu.RLock()
	v, ok := f.kerns[k]
	f.mu.RUnlock()
	if ok {
		return int(v)
	}
	v = f.kern(a, b)
	f.mu.Lock()
	f.kerns[k] = v
	f.mu.Unlock()
	return int(v)
}

// kern reads the kerning of a pair from the font.
func (f *Font) kern(a, b rune) int16 {
	ga, gb := f.glyph(a), f.glyph(b)
	if ga.width < 0 || gb.width < 0 {
		return 0
	}
	var buf sfnt.Buffer
	if kv, err := f.sf.Kern(&buf, ga.gid, gb.gid, fixed.I(f.UnitsPerEm), xfont.HintingNone); err == nil {
		return int16(pdfUnits(kv.Round(), f.UnitsPerEm))
	}
	return 0
}

// KernUnits is Kern in font units as gopdf's kerning hook expects them:
// converting them back gives Kern exactly.
func (f *Font) KernUnits(a, b rune) int16 {
	k := f.Kern(a, b)
	if k == 0 {
		return 0
	}
	// Smallest number of font units whose truncated conversion is k.
	u := k * f.UnitsPerEm / 1000
	for pdfUnits(u, f.UnitsPerEm) != k {
		if pdfUnits(u, f.UnitsPerEm) < k {
			u++
		} else {
			u--
		}
	}
	return int16(u)
}

// pdfUnits converts font units to thousandths of an em as gopdf does
// (truncating toward zero).
func pdfUnits(n, upem int) int {
	if n < 0 {
		return -((-1000 * n) / upem)
	}
	return (n/upem)*1000 + ((n%upem)*1000)/upem
}

// Style is a text style of the book family.
type Style uint8

const (
	Regular Style = 0
	Italic  Style = 1
	Bold    Style = 2
	// BoldItalic is Bold|Italic.
	BoldItalic Style = 3
)

// Set is the fonts of a document: the book family, the monospace and the
// fallbacks. It is safe for concurrent use.
type Set struct {
	Serif     [4]*Font // by Style
	Mono      *Font
	Fallbacks []*Font // tried in order after the style's own font

	chainOnce sync.Once
	chains    [4][]*Font
	monoChain []*Font
}

var (
	defaultOnce sync.Once
	defaultSet  *Set
	defaultErr  error
)

// Default returns the embedded fonts, parsed once.
func Default() (*Set, error) {
	defaultOnce.Do(func() {
		s := &Set{}
		load := func(name string, data []byte) *Font {
			if defaultErr != nil {
				return nil
			}
			f, err := Parse(name, data)
			if err != nil {
				defaultErr = err
			}
			return f
		}
		s.Serif[Regular] = load("GentiumBookPlus-Regular", fonts.SerifRegular)
		s.Serif[Italic] = load("GentiumBookPlus-Italic", fonts.SerifItalic)
		s.Serif[Bold] = load("GentiumBookPlus-Bold", fonts.SerifBold)
		s.Serif[BoldItalic] = load("GentiumBookPlus-BoldItalic", fonts.SerifBoldItalic)
		s.Mono = load("DejaVuSansMono", fonts.Mono)
		s.Fallbacks = []*Font{load("Symbola-symbols", fonts.Symbols), load("DroidSansFallback-kana", fonts.Kana)}
		defaultSet = s
	})
	return defaultSet, defaultErr
}

// Chain lists the fonts tried for text of a style, in order. The slice
// is shared: do not modify it.
func (s *Set) Chain(st Style, mono bool) []*Font {
	s.chainOnce.Do(func() {
		for i := range s.chains {
			s.chains[i] = append([]*Font{s.Serif[i]}, append(append([]*Font(nil), s.Fallbacks...), s.Mono)...)
		}
		s.monoChain = append([]*Font{s.Mono, s.Serif[Regular]}, s.Fallbacks...)
	})
	if mono {
		return s.monoChain
	}
	return s.chains[st&BoldItalic]
}

// Pick returns the first font of chain with a glyph for r, or nil.
func Pick(chain []*Font, r rune) *Font {
	for _, f := range chain {
		if f.Has(r) {
			return f
		}
	}
	return nil
}

// PickAdvance is Pick, with the width of r in the font chosen.
func PickAdvance(chain []*Font, r rune) (*Font, int) {
	for _, f := range chain {
		if g := f.glyph(r); g.width >= 0 {
			return f, int(g.width)
		}
	}
	return nil, 0
}

// Ignorable tells whether r is drawn as nothing and needs no glyph:
// variation selectors, joiners, other format characters.
func Ignorable(r rune) bool {
	switch {
	case r == '\u00ad': // soft hyphen: a hyphenation point
		return true
	case r >= 0xFE00 && r <= 0xFE0F, r >= 0xE0100 && r <= 0xE01EF:
		return true
	case r == '\u200b', r == '\u200c', r == '\u200d', r == '\u2060', r == '\ufeff':
		return true
	}
	return unicode.Is(unicode.Cf, r)
}
