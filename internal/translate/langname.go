package translate

import (
	"strings"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// languageNames are the dictionaries of language names communs carries,
// by the language they are written in: the site's usual languages, not
// CLDR's hundred (their tables would weigh on the binary).
var languageNames = map[string]*display.Dictionary{
	"fr": display.French, "en": display.English, "de": display.German, "es": display.Spanish,
	"it": display.Italian, "pt": display.Portuguese, "nl": display.Dutch, "ca": display.Catalan,
	"pl": display.Polish, "ru": display.Russian, "ja": display.Japanese, "zh": display.Chinese,
}

// LanguageNameIn is the name of the language code written in the language
// in ("fr" in "en": "French"; "en" in "fr": "anglais"), or "" when
// communs does not know it.
func LanguageNameIn(code, in string) string {
	base, _, _ := strings.Cut(strings.ToLower(in), "-")
	d := languageNames[base]
	if d == nil {
		return ""
	}
	tag, err := language.Parse(code)
	if err != nil {
		return ""
	}
	return d.Languages().Name(tag)
}
