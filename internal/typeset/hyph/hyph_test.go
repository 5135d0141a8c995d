package hyph

import "testing"

func TestFrench(t *testing.T) {
	p := For("fr")
	for word, want := range map[string]string{
		"typographie":    "ty-po-gra-phie",
		"bibliothèque":   "bi-blio-thèque",
		"indépendamment": "in-dé-pen-dam-ment",
		"association":    "as-so-cia-tion",
		"Constitution":   "Consti-tu-tion",
		"libre":          "libre", // 3 letters at least after a break
		"a1b2":           "a1b2",  // numbers are never hyphenated
	} {
		if got := p.Hyphenate(word); got != want {
			t.Errorf("fr %q: got %q, want %q", word, got, want)
		}
	}
}

func TestEnglish(t *testing.T) {
	p := For("en-GB")
	for word, want := range map[string]string{
		"hyphenation":   "hy-phen-a-tion",
		"university":    "uni-ver-sity", // an exception
		"typesetting":   "type-set-ting",
		"communication": "com-mu-nic-a-tion", // British style
		"the":           "the",
	} {
		if got := p.Hyphenate(word); got != want {
			t.Errorf("en %q: got %q, want %q", word, got, want)
		}
	}
	if For("de") != nil {
		t.Error("no German patterns are embedded")
	}
}

func TestMinimums(t *testing.T) {
	p := Parse("1a1b1c1d1e1f1", "")
	if got := p.Hyphenate("abcdef"); got != "ab-c-def" {
		t.Errorf("got %q, want 2 letters before and 3 after a break", got)
	}
}
