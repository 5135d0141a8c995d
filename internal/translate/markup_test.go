package translate

import (
	"strings"
	"testing"
)

func TestMarkupProblems(t *testing.T) {
	src := "Un **dernier mot** ? Voir [la page](../autre/index.fr.md), le `code` et la note[^1]. <em>Oui</em>"
	for _, tc := range []struct {
		target string
		want   string // a piece of the problem, "" for none
	}{
		{"A **last word**? See [the page](../autre/index.fr.md), the `code` and the note[^1]. <em>Yes</em>", ""},
		{"A **last word? See [the page](../autre/index.fr.md), the `code` and the note[^1]. <em>Yes</em>", "strong emphasis"},
		{"A **last word**? See [the page](../autre/index.fr.md), the `code` and the note. <em>Yes</em>", `footnotes: the translation lacks "1"`},
		{"A **last word**? See [the page](../autre/index.fr.md), the `code` and the note[^2]. <em>Yes</em>", `adds "2"`},
		{"A **last word**? See [the page](../other.md), the `code` and the note[^1]. <em>Yes</em>", `links: the translation lacks "../autre/index.fr.md"`},
		{"A **last word**? See the page, the `code` and the note[^1]. <em>Yes</em>", "links"},
		{"A **last word**? See [the page](../autre/index.fr.md), the `code and the note[^1]. <em>Yes</em>", "inline code"},
		{"A **last word**? See [the page](../autre/index.fr.md), the `code` and the note[^1]. <em>Yes", `inline HTML: the translation lacks "/em"`},
	} {
		got := strings.Join(MarkupProblems(src, tc.target, nil), "\n")
		if tc.want == "" && got != "" || tc.want != "" && !strings.Contains(got, tc.want) {
			t.Errorf("%q:\n got %q\nwant %q", tc.target, got, tc.want)
		}
	}
	// A link changed for one that resolves (the translated page) is fine.
	ok := func(d string) bool { return d == "../autre/index.en.md" }
	if p := MarkupProblems("[a](../autre/index.fr.md)", "[b](../autre/index.en.md)", ok); len(p) != 0 {
		t.Errorf("a resolving link refused: %v", p)
	}
	// A footnote definition keeps its label.
	if p := MarkupProblems("[^1]: Une note.", "[^un]: A note.", nil); len(p) == 0 {
		t.Error("a renamed footnote definition is accepted")
	}
}

func TestLanguageNameIn(t *testing.T) {
	for _, c := range [][3]string{{"fr", "en", "French"}, {"en", "fr", "anglais"}, {"de", "fr", "allemand"}, {"fr", "xx", ""}, {"fr", "fr", "français"}} {
		if got := LanguageNameIn(c[0], c[1]); got != c[2] {
			t.Errorf("LanguageNameIn(%q, %q) = %q, want %q", c[0], c[1], got, c[2])
		}
	}
}

func TestMarkupSpans(t *testing.T) {
	text := "## Un **titre** avec `du code`, [un lien](https://a.example/ \"t\") et ![une image](i.png)[^1] <em>oui</em> snake_case \\*pas\\*"
	parts := markupSpans(text)
	if strings.Join(parts, "") != text {
		t.Fatalf("the spans do not make the text again: %q", parts)
	}
	var marks []string
	for i := 1; i < len(parts); i += 2 {
		if parts[i] != "" {
			marks = append(marks, parts[i])
		}
	}
	want := []string{"## ", "**", "**", "`du code`", "[", "](https://a.example/ \"t\")", "![", "](i.png)", "[^1]", "<em>", "</em>"}
	if strings.Join(marks, "|") != strings.Join(want, "|") {
		t.Errorf("markup:\n got %q\nwant %q", marks, want)
	}
}
