// Package hyph embeds TeX hyphenation patterns from hyph-utf8 (TeX Live
// 2022), unmodified: French (hyph-fr, MIT licence) and British English
// (hyph-en-gb, MIT licence, with its exception list). The licence notices
// are the *.LICENSE.txt files beside them, the headers of the original
// .tex files.
package hyph

import _ "embed"

var (
	//go:embed hyph-fr.pat.txt
	FrenchPatterns string
	//go:embed hyph-en-gb.pat.txt
	EnglishPatterns string
	//go:embed hyph-en-gb.hyp.txt
	EnglishExceptions string
)
