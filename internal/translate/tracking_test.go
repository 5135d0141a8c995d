package translate

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/testutil"
)

func TestWordsIgnoreTypography(t *testing.T) {
	same := [][2]string{
		{"l'association « zéro déchet » : 20km", "l’association \"zéro déchet\"\u202f: 20\u00a0km"},
		{"Un *mot* et **deux** mots.", "Un _mot_ et __deux__ mots !"},
		{"Une ligne\ncoupée en deux", "Une ligne coupée en deux"},
		{"Fin.<!--more-->", "Fin."},
		{"A&nbsp;B &amp; C", "A B & C"},
		{"m²", "m2"},
		{"un — tiret – et... fin…", "un - tiret - et fin"},
	}
	for _, c := range same {
		if Digest(c[0]) != Digest(c[1]) {
			t.Errorf("%q and %q should have the same words: %q vs %q", c[0], c[1], Words(c[0]), Words(c[1]))
		}
	}
	differ := [][2]string{
		{"le monde ne tourne pas rond", "le monde ne tourne plus rond"},
		{"[lien](https://a.example/)", "[lien](https://b.example/)"},
		{"Framasoft", "framasoft"},
		{"20 km", "21 km"},
	}
	for _, c := range differ {
		if Digest(c[0]) == Digest(c[1]) {
			t.Errorf("%q and %q should differ", c[0], c[1])
		}
	}
	if got := Words("Déjà vu, c'est 2023 !"); !reflect.DeepEqual(got, []string{"Déjà", "vu", "c", "est", "2023"}) {
		t.Errorf("Words: %q", got)
	}
	// Decomposed accents are one letter with their base.
	if Digest("e\u0301te\u0301") != Digest("été") {
		t.Error("NFD and NFC spellings differ")
	}
}

func TestParagraphs(t *testing.T) {
	body := "Premier paragraphe\nsur deux lignes.\n\n## Titre\n\n```go\nfunc main() {\n\n}\n```\n\n- a\n- b\n\n\n> cité\n>\n> encore\nfin  \n"
	got := Paragraphs([]byte(body))
	want := []Paragraph{
		{1, "Premier paragraphe\nsur deux lignes."},
		{4, "## Titre"},
		{6, "```go\nfunc main() {\n\n}\n```"},
		{12, "- a\n- b"},
		{16, "> cité\n>\n> encore\nfin  "},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Paragraphs:\n got %+v\nwant %+v", got, want)
	}
	if p := Paragraphs([]byte("a\r\n\r\nb\r\n")); len(p) != 2 || p[0].Text != "a" || p[1].Text != "b" || p[1].Line != 3 {
		t.Errorf("CRLF: %+v", p)
	}
	if p := Paragraphs(nil); len(p) != 0 {
		t.Errorf("empty body: %+v", p)
	}
	// The body digest does not depend on wrapping or blank lines.
	a := BodyDigest([]byte("Un deux\ntrois.\n\n\n\nQuatre."))
	b := BodyDigest([]byte("Un deux trois.\n\nQuatre.\n"))
	if a != b || !IsDigest(a) {
		t.Errorf("BodyDigest %s vs %s", a, b)
	}
}

func TestCompareParagraphs(t *testing.T) {
	before := []string{"Un.", "Deux mots.", "Trois.", "Quatre."}
	after := func(texts ...string) []Paragraph {
		var out []Paragraph
		for i, s := range texts {
			out = append(out, Paragraph{Line: 1 + 2*i, Text: s})
		}
		return out
	}
	c := CompareParagraphs(before, after("Un.", "Deux autres mots.", "Trois.", "Quatre."))
	if len(c) != 1 || c[0].Before != "Deux mots." || c[0].After != "Deux autres mots." || c[0].Cosmetic || c[0].Line != 3 {
		t.Errorf("changed word: %+v", c)
	}
	c = CompareParagraphs(before, after("Un.", "Deux mots.", "Nouveau.", "Trois.", "Quatre."))
	if len(c) != 1 || c[0].Before != "" || c[0].After != "Nouveau." {
		t.Errorf("added: %+v", c)
	}
	c = CompareParagraphs(before, after("Un.", "Trois.", "Quatre."))
	if len(c) != 1 || c[0].Before != "Deux mots." || c[0].After != "" {
		t.Errorf("removed: %+v", c)
	}
	c = CompareParagraphs(before, after("Un.", "Deux  mots !", "Trois.", "Quatre."))
	if len(c) != 1 || !c[0].Cosmetic {
		t.Errorf("cosmetic: %+v", c)
	}
	c = CompareParagraphs(before, after("Un.", "Deux\nmots.", "Trois.", "Quatre."))
	if len(c) != 0 {
		t.Errorf("rewrapped: %+v", c)
	}
}

func TestFrontMatterEdits(t *testing.T) {
	toml := "+++\r\ntitle = \"T\"  # le titre\r\ntags = [\r\n  \"a\",\r\n  \"b\",\r\n]\r\ntranslatedFrom = \"old\"\r\n\r\n[source]\r\ntitle = \"S\"\r\n+++\r\n\r\nCorps\r\n"
	f, err := parseFM([]byte(toml))
	if err != nil {
		t.Fatal(err)
	}
	f.set("translatedFrom", "w1:0123456789abcdef")
	want := strings.Replace(toml, `translatedFrom = "old"`, `translatedFrom = "w1:0123456789abcdef"`, 1)
	if got := string(f.bytes()); got != want {
		t.Errorf("set in place:\n%q\nwant\n%q", got, want)
	}
	f.set("draft", true)
	f.remove("tags")
	f.setTable("source", [][2]string{{"language", "fr"}})
	got := string(f.bytes())
	wantAll := "+++\r\ntitle = \"T\"  # le titre\r\ntranslatedFrom = \"w1:0123456789abcdef\"\r\ndraft = true\r\n\r\n[source]\r\nlanguage = \"fr\"\r\n+++\r\n\r\nCorps\r\n"
	if got != wantAll {
		t.Errorf("edits:\n%q\nwant\n%q", got, wantAll)
	}
	fm, errs := parseBack(t, got)
	if len(errs) > 0 || fm.TranslatedFrom != "w1:0123456789abcdef" || !fm.Draft || fm.Source.Language != "fr" || len(fm.Tags) != 0 {
		t.Errorf("parsed back: %+v %v", fm, errs)
	}

	yaml := "---\ntitle: T\ntags:\n- a\n- b\nsource:\n  language: en\n# a comment\nslug: s\n---\nCorps\n"
	f, err = parseFM([]byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	f.set("translatedFrom", "w1:0123456789abcdef")
	got = string(f.bytes())
	if got != strings.Replace(yaml, "slug: s\n", "slug: s\ntranslatedFrom: \"w1:0123456789abcdef\"\n", 1) {
		t.Errorf("yaml add:\n%s", got)
	}
	f.set("tags", []string{})
	f.setTable("source", [][2]string{{"title", "Le « titre »"}, {"language", "fr"}})
	got = string(f.bytes())
	fm, errs = parseBack(t, got)
	if len(errs) > 0 || fm.TranslatedFrom != "w1:0123456789abcdef" || fm.Source == nil || fm.Source.Title != "Le « titre »" || len(fm.Tags) != 0 || fm.Slug != "s" {
		t.Errorf("yaml parsed back: %+v %v\n%s", fm, errs, got)
	}
}

func parseBack(t *testing.T, file string) (*site.FrontMatter, []*site.FieldError) {
	t.Helper()
	format, text, _, _, err := site.SplitFrontMatter([]byte(file))
	if err != nil {
		t.Fatal(err)
	}
	return site.ParseFrontMatter(format, text, 2, nil)
}

func TestRecordRoundTrip(t *testing.T) {
	body := []byte("Un paragraphe avec '' deux apostrophes.\n\n```\ncode ''' triple\n```\n\nFin\\ avec \"guillemets\" et\ttabulation.  \n")
	r := NewRecord("content/a/index.fr.md", body)
	p := filepath.Join(t.TempDir(), RecordSuffix)
	if err := r.Write(p); err != nil {
		t.Fatal(err)
	}
	back, err := ReadRecord(p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, r) {
		t.Errorf("round trip:\n%+v\n%+v", back, r)
	}
	data, _ := os.ReadFile(p)
	if !strings.Contains(string(data), "text = '''\nUn paragraphe avec '' deux apostrophes.\n'''") {
		t.Errorf("the record is not laid out for reading:\n%s", data)
	}
	if got := RecordPath("/s/content/a/index.en.md"); got != "/s/content/a/.index.en"+RecordSuffix {
		t.Errorf("RecordPath: %s", got)
	}
	if !site.Ignored(filepath.Base(RecordPath("x/index.en.md"))) {
		t.Error("the site loader would read the record")
	}
}

// writeTree writes files below a new temporary folder.
func loadSite(t *testing.T, dir string) *site.Site {
	t.Helper()
	s, diags, err := LoadSite(context.Background(), dir)
	if err != nil {
		var b strings.Builder
		diags.Print(&b)
		t.Fatalf("load: %v\n%s", err, b.String())
	}
	return s
}

func statusOf(t *testing.T, s *site.Site, file, lang string) *PageStatus {
	t.Helper()
	for _, ps := range PageStatuses(s) {
		if (ps.Path == file || ps.Original == file) && ps.Language == lang {
			return ps
		}
	}
	t.Fatalf("no status for %s in %s", file, lang)
	return nil
}

const smallSite = "title = \"T\"\nbaseURL = \"https://t.example/\"\ndefaultLanguage = \"fr\"\n[languages.fr]\ntitle = \"T\"\n[languages.en]\ntitle = \"T (en)\"\n[languages.de]\ntitle = \"T (de)\"\n"

func TestStatusesSmallSite(t *testing.T) {
	dir := testutil.Files(t, map[string]string{
		"site.toml":                      smallSite,
		"content/articles/a/index.md":    "+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\n\nPremier paragraphe.\n\nDeuxième paragraphe.\n",
		"content/articles/a/index.en.md": "+++\ntitle = \"A (en)\"\ndate = 2024-01-01\n+++\n\nFirst paragraph.\n\nSecond paragraph.\n",
		// An English original.
		"content/articles/b/index.en.md": "+++\ntitle = \"B\"\ndate = 2024-01-02\n+++\n\nEnglish text.\n",
		// A French translation of an external English text: English is not missing.
		"content/articles/c/index.md": "+++\ntitle = \"C\"\ndate = 2024-01-03\n[source]\nlanguage = \"en\"\n+++\n\nTraduit de l'anglais.\n",
		// source.language names the original even when it is not the default language.
		"content/articles/d/index.de.md": "+++\ntitle = \"D\"\ndate = 2024-01-04\n+++\n\nDeutsch.\n",
		"content/articles/d/index.md":    "+++\ntitle = \"D (fr)\"\ndate = 2024-01-04\n[source]\nlanguage = \"de\"\n+++\n\nFrançais.\n",
	})
	s := loadSite(t, dir)
	type row struct{ key, lang, path string }
	got := map[row]Status{}
	for _, ps := range PageStatuses(s) {
		got[row{ps.Key, ps.Language, ps.Path}] = ps.Status
	}
	want := map[row]Status{
		{"articles/a", "en", "content/articles/a/index.en.md"}: Untracked,
		{"articles/a", "de", "content/articles/a/index.de.md"}: Missing,
		{"articles/b", "fr", "content/articles/b/index.fr.md"}: Missing,
		{"articles/b", "de", "content/articles/b/index.de.md"}: Missing,
		{"articles/c", "de", "content/articles/c/index.de.md"}: Missing,
		{"articles/d", "fr", "content/articles/d/index.md"}:    Untracked,
		{"articles/d", "en", "content/articles/d/index.en.md"}: Missing,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("statuses:\n got %v\nwant %v", got, want)
	}

	en, err := FindPage(s, filepath.Join(dir, "content/articles/a/index.en.md"))
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(en.Abs)
	rec, err := Ack(s, en)
	if err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(en.Abs)
	wantFile := strings.Replace(string(before), "date = 2024-01-01\n", "date = 2024-01-01\ntranslatedFrom = \""+rec.TranslatedFrom+"\"\n", 1)
	if string(after) != wantFile {
		t.Errorf("ack rewrote more than translatedFrom:\n%s", after)
	}
	s = loadSite(t, dir)
	if ps := statusOf(t, s, "content/articles/a/index.en.md", "en"); ps.Status != Current {
		t.Errorf("after ack: %s %s", ps.Status, ps.Note)
	}
	// Ack twice changes nothing.
	en, _ = FindPage(s, "content/articles/a/index.en.md")
	if _, err := Ack(s, en); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(en.Abs); string(again) != string(after) {
		t.Error("a second ack changed the file")
	}
	// The original cannot be acknowledged.
	fr, _ := FindPage(s, "content/articles/a/index.md")
	if _, err := Ack(s, fr); err == nil {
		t.Error("ack of an original")
	}

	// Edit the original: a word, then the same words respaced.
	orig := filepath.Join(dir, "content/articles/a/index.md")
	os.WriteFile(orig, []byte("+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\n\nPremier   paragraphe !\n\nDeuxième paragraphe.\n"), 0o644)
	s = loadSite(t, dir)
	ps := statusOf(t, s, "content/articles/a/index.en.md", "en")
	if ps.Status != Current || len(ps.Cosmetic) != 1 || !strings.Contains(ps.Note, "punctuation") {
		t.Errorf("cosmetic change: %s %+v %q", ps.Status, ps.Cosmetic, ps.Note)
	}
	if OutdatedFrom(s, ps.Page) != nil {
		t.Error("OutdatedFrom after a cosmetic change")
	}
	os.WriteFile(orig, []byte("+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\n\nPremier paragraphe.\n\nDeuxième paragraphe, changé.\n"), 0o644)
	s = loadSite(t, dir)
	ps = statusOf(t, s, "content/articles/a/index.en.md", "en")
	want1 := []Change{{Before: "Deuxième paragraphe.", After: "Deuxième paragraphe, changé."}}
	if ps.Status != Outdated || !sameChanges(ps.Changed, want1) || ps.Changed[0].Line != 8 {
		t.Errorf("word change: %s %+v", ps.Status, ps.Changed)
	}
	if OutdatedFrom(s, ps.Page) == nil {
		t.Error("OutdatedFrom misses the change")
	}
	// Without the record, the status holds, the changes are unknown.
	os.Rename(RecordPath(ps.Page.Abs), RecordPath(ps.Page.Abs)+".away")
	s = loadSite(t, dir)
	ps = statusOf(t, s, "content/articles/a/index.en.md", "en")
	if ps.Status != Outdated || len(ps.Changed) != 0 || !strings.Contains(ps.Note, "no record") {
		t.Errorf("without record: %s %+v %q", ps.Status, ps.Changed, ps.Note)
	}
	data, _ := json.Marshal(ps)
	if !strings.Contains(string(data), `"changed":[]`) {
		t.Errorf("changed must be an empty list, not null: %s", data)
	}
}

func sameChanges(got, want []Change) bool {
	if len(got) != len(want) {
		return false
	}
	for i := range got {
		if got[i].Before != want[i].Before || got[i].After != want[i].After {
			return false
		}
	}
	return true
}

func TestNewTranslation(t *testing.T) {
	dir := testutil.Files(t, map[string]string{
		"site.toml":                   smallSite,
		"content/articles/a/index.md": "+++\n# Le titre\ntitle = \"A\"\ndate = 2024-01-01\nauthors = [\"Camille\"]\ntranslators = [\"X\"]\naliases = [\"/old/\"]\ntags = [\"t\"]\n\n[params]\nx = 1\n+++\n\nPremier paragraphe.\n",
		"content/about.md":            "---\ntitle: À propos\ndraft: false\n---\nTexte.\n",
	})
	s := loadSite(t, dir)
	a, _ := FindPage(s, "content/articles/a/index.md")
	rel, err := NewTranslation(s, a, "en")
	if err != nil {
		t.Fatal(err)
	}
	if rel != "content/articles/a/index.en.md" {
		t.Errorf("new file %s", rel)
	}
	data, _ := os.ReadFile(filepath.Join(dir, rel))
	digest := BodyDigest(a.Body)
	want := "+++\n# Le titre\ntitle = \"A\"\ndate = 2024-01-01\nauthors = [\"Camille\"]\ntranslators = []\ntags = [\"t\"]\nreviewers = []\ndraft = true\ntranslatedFrom = \"" + digest + "\"\n\n[params]\nx = 1\n\n[source]\ntitle = \"A\"\nauthor = \"Camille\"\nlanguage = \"fr\"\n+++\n\nPremier paragraphe.\n"
	if string(data) != want {
		t.Errorf("new translation:\n%s\nwant\n%s", data, want)
	}
	if _, err := NewTranslation(s, a, "en"); err == nil {
		t.Error("a second new translation into en")
	}
	s = loadSite(t, dir)
	// Made from the original as it is, still in its words: a draft.
	if ps := statusOf(t, s, "content/articles/a/index.en.md", "en"); ps.Status != Draft || !strings.Contains(ps.Note, "1 paragraph still in the original's words") {
		t.Errorf("new translation: %s %s", ps.Status, ps.Note)
	}
	ab, _ := FindPage(s, "content/about.md")
	rel, err = NewTranslation(s, ab, "de")
	if err != nil {
		t.Fatal(err)
	}
	data, _ = os.ReadFile(filepath.Join(dir, rel))
	if rel != "content/about.de.md" || !strings.HasPrefix(string(data), "---\ntitle: À propos\ndraft: true\ntranslators: []\nreviewers: []\ntranslatedFrom: \"w1:") ||
		!strings.HasSuffix(string(data), "source:\n  title: \"À propos\"\n  language: \"fr\"\n---\nTexte.\n") {
		t.Errorf("YAML new translation %s:\n%s", rel, data)
	}
	s = loadSite(t, dir)
	if ps := statusOf(t, s, "content/about.de.md", "de"); ps.Status != Draft {
		t.Errorf("YAML new translation: %s %s", ps.Status, ps.Note)
	}
	if _, err := NewTranslation(s, ab, "xx"); err == nil {
		t.Error("unknown language accepted")
	}
}
