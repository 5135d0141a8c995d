package slug

import "testing"

func TestMake(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain ASCII", "Hello World", "hello-world"},
		{"already a slug", "collectivisons-internet", "collectivisons-internet"},
		{"accents folded", "Été à Noël, où ça ?", "ete-a-noel-ou-ca"},
		{"capital accents folded", "ÉCOLE ÇA ÀÎÔÛ", "ecole-ca-aiou"},
		{"typographic apostrophe dropped", "l’équipe", "lequipe"},
		{"straight apostrophe dropped", "l'équipe d'Alice", "lequipe-dalice"},
		{"modifier apostrophe dropped", "lʼéquipe", "lequipe"},
		{"guillemets and apostrophe", "« S’émanciper de la basse-cour »", "semanciper-de-la-basse-cour"},
		{"oe ligature", "Œuvre du cœur", "oeuvre-du-coeur"},
		{"ae ligature", "Ælfred et Cæsar", "aelfred-et-caesar"},
		{"sharp s", "Straße", "strasse"},
		{"Greek kept, accent folded", "Ελληνικά", "ελληνικα"},
		{"Cyrillic kept and lowercased", "Привет Мир", "привет-мир"},
		{"Japanese kept", "日本語 テスト", "日本語-テスト"},
		{"Arabic kept", "مرحبا", "مرحبا"},
		{"punctuation collapsed", "Frama, c'est pas que… !!! (vraiment)", "frama-cest-pas-que-vraiment"},
		{"spaces collapsed", "a   \t  b", "a-b"},
		{"no-break spaces are separators", "a\u00a0b\u202fc", "a-b-c"},
		{"leading and trailing dashes trimmed", "--- Bonjour ! ---", "bonjour"},
		{"leading and trailing dots trimmed", "...points...", "points"},
		{"dots and underscores kept inside", "version_2.0 notes", "version_2.0-notes"},
		{"digits kept", "2023 : bilan", "2023-bilan"},
		{"slash is a separator", "GNU/Linux", "gnu-linux"},
		{"symbols only", "?!…", ""},
		{"empty", "", ""},
		{"combining accents from NFD input", "e\u0301te\u0301", "ete"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Make(tt.in); got != tt.want {
				t.Errorf("Make(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestMakeIsIdempotent(t *testing.T) {
	for _, in := range []string{"Été à Noël", "l’équipe", "Œuvre", "GNU/Linux", "日本語 テスト", "version_2.0 notes", "--x--"} {
		once := Make(in)
		if twice := Make(once); twice != once {
			t.Errorf("Make(Make(%q)) = %q, want %q", in, twice, once)
		}
	}
}

func TestHugo(t *testing.T) {
	for in, want := range map[string]string{
		"Méthodologie":          "méthodologie",
		"অবকাঠামো":              "অবকাঠামো",
		"Leaving the Basement!": "leaving-the-basement",
		"a - b":                 "a--b",
		"Hugo 0.1 (new)":        "hugo-0.1-new",
		"Privatsphäre":          "privatsphäre",
		"  two  spaces ":        "two-spaces",
		"CI/CD":                 "ci/cd",
	} {
		if got := Hugo(in); got != want {
			t.Errorf("Hugo(%q) = %q, want %q", in, got, want)
		}
	}
}
