package slug

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzMake: a slug is valid UTF-8 without spaces, slashes or dashes at its
// ends, and making the slug of a slug of valid text changes nothing.
func FuzzMake(f *testing.F) {
	for _, s := range []string{"S’émanciper de la basse-cour", "L'œuvre d'Ægir — 2023 !", "日本語のタグ", "a/b\\c", "  --  ", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Make(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Make(%q) = %q: not UTF-8", s, got)
		}
		if strings.ContainsAny(got, " /\\\t\n?#%\"<>") || strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") {
			t.Fatalf("Make(%q) = %q", s, got)
		}
		// (Titles, tags and names are valid UTF-8: files that are not are
		// refused. From invalid input, Make may give a slug that is not
		// in its normal form: testdata/fuzz/FuzzMake.)
		if again := Make(got); utf8.ValidString(s) && again != got {
			t.Fatalf("Make(%q) = %q, but Make(%q) = %q", s, got, got, again)
		}
	})
}
