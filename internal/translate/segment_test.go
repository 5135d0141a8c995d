package translate

import (
	"reflect"
	"testing"
)

func TestShapes(t *testing.T) {
	for _, tc := range []struct {
		text string
		segs []string
	}{
		{"Un paragraphe\nsur deux lignes.", []string{"Un paragraphe\nsur deux lignes."}},
		{"## Un titre", []string{"Un titre"}},
		{"### Un titre ###", []string{"Un titre"}},
		{"#hashtag", []string{"#hashtag"}},
		{"- un\n- deux\n  suite\n  - imbriqué", []string{"un", "deux\n  suite", "imbriqué"}},
		{"1. un\n2) deux", []string{"un", "deux"}},
		{"> cité\n> encore\n>\n> fin", []string{"cité\nencore", "fin"}},
		{"| a | b |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |", []string{"| a | b |", "| 1 | 2 |", "| 3 | 4 |"}},
		{"[^1]: La note,\n    longue.", []string{"La note,\n    longue."}},
		{"```go\nfunc main() {}\n```", []string{"```go\nfunc main() {}\n```"}},
		{">cité sans espace", []string{">cité sans espace"}}, // written back otherwise: whole
		{"![Une colline au soleil](colline.png)", []string{"Une colline au soleil"}},
		{"![Une colline](colline.png \"La colline, en été\")", []string{"Une colline", "La colline, en été"}},
		{"![](vide.png)", []string{"![](vide.png)"}},
	} {
		s := shapeOf(tc.text)
		if !reflect.DeepEqual(s.segs, tc.segs) {
			t.Errorf("%q: pieces %q, want %q", tc.text, s.segs, tc.segs)
		}
		if got := s.join(s.segs); got != tc.text {
			t.Errorf("%q: joined back as %q", tc.text, got)
		}
	}
	// Translated pieces go back into the original's markup.
	if got := shapeOf("- un\n- deux").join([]string{"one", "two"}); got != "- one\n- two" {
		t.Errorf("list: %q", got)
	}
	if got := shapeOf("> cité\n> encore").join([]string{"quoted\nagain"}); got != "> quoted\n> again" {
		t.Errorf("quote: %q", got)
	}
}
