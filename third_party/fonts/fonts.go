// Package fonts embeds the fonts communs typesets PDFs with. Each file's
// origin, version, licence and any change made to it are in README.md
// beside it; the licences are the LICENSE-*.txt and OFL-*.txt files.
package fonts

import _ "embed"

// Gentium Book Plus 6.101 (SIL International, OFL 1.1 with Reserved Font
// Names "Gentium" and "SIL"), unmodified: the serif book family.
var (
	//go:embed GentiumBookPlus-Regular.ttf
	SerifRegular []byte
	//go:embed GentiumBookPlus-Italic.ttf
	SerifItalic []byte
	//go:embed GentiumBookPlus-Bold.ttf
	SerifBold []byte
	//go:embed GentiumBookPlus-BoldItalic.ttf
	SerifBoldItalic []byte
)

// DejaVu Sans Mono 2.37 (Bitstream Vera licence, DejaVu changes in the
// public domain), unmodified: code.
//
//go:embed DejaVuSansMono.ttf
var Mono []byte

// Symbola 2.60 (George Douros, "free for any use"), subset to symbols and
// emoji (U+2000–2BFF, U+1F000–1FAFF) without hinting: the fallback for
// characters the text fonts lack (🦆 💥 ✅ ⋅ …).
//
//go:embed Symbola-symbols.ttf
var Symbols []byte

// Droid Sans Fallback (Google, Apache 2.0), subset to CJK punctuation,
// hiragana and katakana (U+3000–30FF) without hinting: the last fallback
// (ツ).
//
//go:embed DroidSansFallback-kana.ttf
var Kana []byte
