package epub

import (
	"fmt"
	"strings"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/third_party/fonts"
)

// The body font is embedded only when site.toml asks for it:
//
//	[epub]
//	embedFont = true
//
// Readers then see the books in Gentium Book Plus (OFL, the same family as
// the PDFs) instead of their own choice of font; it adds about 3.4 MB to
// each EPUB, so it is off by default.

// embeddedFont is one file of the embedded family.
type embeddedFont struct {
	id, href string
	data     []byte
	weight   string
	style    string
}

var bodyFonts = []embeddedFont{
	{"font-regular", "fonts/GentiumBookPlus-Regular.ttf", fonts.SerifRegular, "normal", "normal"},
	{"font-italic", "fonts/GentiumBookPlus-Italic.ttf", fonts.SerifItalic, "normal", "italic"},
	{"font-bold", "fonts/GentiumBookPlus-Bold.ttf", fonts.SerifBold, "bold", "normal"},
	{"font-bolditalic", "fonts/GentiumBookPlus-BoldItalic.ttf", fonts.SerifBoldItalic, "bold", "italic"},
}

// wantsFont reads [epub] embedFont from site.toml; a value that is not
// true or false is reported and taken as false.
func wantsFont(c *builders.Context) bool {
	t, ok := c.Site.Config.Extra["epub"].(map[string]any)
	if !ok {
		return false
	}
	v, ok := t["embedFont"]
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		c.Diags.Warnf("site.toml", 0, "[epub] embedFont must be true or false, not %v; the font is not embedded", v)
	}
	return b
}

// fontCSS declares the embedded family and sets the text in it; code keeps
// the reader's monospace.
func fontCSS() string {
	var b strings.Builder
	for _, f := range bodyFonts {
		fmt.Fprintf(&b, "@font-face { font-family: \"Gentium Book Plus\"; font-weight: %s; font-style: %s; src: url(\"../%s\"); }\n", f.weight, f.style, f.href)
	}
	b.WriteString("body { font-family: \"Gentium Book Plus\", serif; }\n")
	return b.String()
}
