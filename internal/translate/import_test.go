package translate

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/communs/communs/internal/testutil"
)

// The faults a translator's round trips found in import, each one a case:
// no import may lose a translated paragraph.

const (
	origFile  = "content/articles/a/index.fr.md"
	transFile = "content/articles/a/index.en.md"
	frHead    = "+++\ntitle = \"Le titre\"\ndate = 2024-01-01\n+++\n\n"
	frBody    = "Premier **paragraphe** avec une note[^1].\n\nDeuxième paragraphe.\n\nTroisième, [un lien](https://a.example/).\n\n[^1]: La note.\n"
	enHead    = "+++\ntitle = \"The title\"\ndate = 2024-01-01\n+++\n\n"
	enBody    = "First **paragraph** with a note[^1].\n\nSecond paragraph.\n\nThird, [a link](https://a.example/).\n\n[^1]: The note.\n"
)

// translatedSite is a French original with its English translation,
// acknowledged: current, with its record.
func translatedSite(t *testing.T) string {
	t.Helper()
	dir := testutil.Files(t, map[string]string{
		"site.toml": smallSite,
		origFile:    frHead + frBody,
		transFile:   enHead + enBody,
	})
	s := loadSite(t, dir)
	tr, err := FindPage(s, transFile)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Ack(s, tr); err != nil {
		t.Fatal(err)
	}
	return dir
}

func exportPO(t *testing.T, dir string) []byte {
	t.Helper()
	s := loadSite(t, dir)
	tr, _ := FindPage(s, transFile)
	orig, _ := Original(s, tr.Group)
	ex, err := Export(s, orig, "en")
	if err != nil {
		t.Fatal(err)
	}
	return WritePO(ex)
}

func importPO(t *testing.T, dir string, po []byte, dry bool) *ImportResult {
	t.Helper()
	ex, err := ReadPO(po)
	if err != nil {
		t.Fatalf("%v\n%s", err, po)
	}
	res, err := Import(loadSite(t, dir), ex, transFile, ImportOptions{DryRun: dry})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func body(t *testing.T, dir, file string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, file))
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.SplitN(string(data), "+++\n", 3)
	return strings.TrimPrefix(parts[2], "\n")
}

func TestImportRoundTripChangesNothing(t *testing.T) {
	dir := translatedSite(t)
	before, _ := os.ReadFile(filepath.Join(dir, transFile))
	res := importPO(t, dir, exportPO(t, dir), false)
	after, _ := os.ReadFile(filepath.Join(dir, transFile))
	if string(after) != string(before) || len(res.Refused) > 0 {
		t.Errorf("an unchanged round trip changed the translation (%+v):\n%s", res, after)
	}
	if ps := statusOf(t, loadSite(t, dir), transFile, "en"); ps.Status != Current {
		t.Errorf("after the round trip: %s %s", ps.Status, ps.Note)
	}
}

// Fault 1: a translation whose paragraphs cannot be paired is exported
// with empty targets; importing that file as it is must keep it whole.
func TestImportUnpairedKeepsTranslation(t *testing.T) {
	dir := testutil.Files(t, map[string]string{
		"site.toml": smallSite,
		origFile:    frHead + frBody,
		// One paragraph more than the original, no record.
		transFile: enHead + "An opening line of the translator's.\n\n" + enBody,
	})
	po := exportPO(t, dir)
	res := importPO(t, dir, po, false)
	if got := body(t, dir, transFile); got != "An opening line of the translator's.\n\n"+enBody {
		t.Errorf("the translation was replaced (%+v):\n%s", res, got)
	}
	// A file that translates some paragraphs only cannot be merged into
	// it: refused, nothing written.
	partial := strings.Replace(string(po), "msgid \"Deuxième paragraphe.\"\nmsgstr \"\"", "msgid \"Deuxième paragraphe.\"\nmsgstr \"Second one.\"", 1)
	res = importPO(t, dir, []byte(partial), false)
	if len(res.Refused) == 0 || res.Written {
		t.Errorf("a partial import into an unpaired translation was not refused: %+v", res)
	}
	if got := body(t, dir, transFile); !strings.HasPrefix(got, "An opening line") {
		t.Errorf("the refused import wrote:\n%s", got)
	}
}

// Fault 2: a PO made before the original gained a paragraph, one missing
// entries, one with an extra entry.
func TestImportNeverTrustsTheFileForTheOriginal(t *testing.T) {
	dir := translatedSite(t)
	old := exportPO(t, dir)
	// The original gains a paragraph at its start.
	os.WriteFile(filepath.Join(dir, origFile), []byte(frHead+"Un nouveau début.\n\n"+frBody), 0o644)
	res := importPO(t, dir, old, false)
	got := body(t, dir, transFile)
	for _, p := range strings.Split(strings.TrimSpace(enBody), "\n\n") {
		if !strings.Contains(got, p) {
			t.Errorf("the old PO lost the translated paragraph %q:\n%s", p, got)
		}
	}
	if !strings.HasPrefix(got, "Un nouveau début.\n\nFirst **paragraph**") || res.Untranslated != 1 {
		t.Errorf("the new paragraph is not where the original has it, untranslated (%+v):\n%s", res, got)
	}
	if ps := statusOf(t, loadSite(t, dir), transFile, "en"); ps.Status == Current {
		t.Errorf("a translation lacking a paragraph is %s", ps.Status)
	}

	// Entries missing: their paragraphs keep their translation.
	dir = translatedSite(t)
	po := string(exportPO(t, dir))
	cut := strings.Index(po, "#. paragraph 2")
	end := strings.Index(po, "#. paragraph 4")
	missing := po[:cut] + po[end:]
	res = importPO(t, dir, []byte(missing), false)
	if got := body(t, dir, transFile); got != enBody || res.Kept != 2 {
		t.Errorf("missing entries changed the translation (%+v):\n%s", res, got)
	}

	// An extra entry: refused with its line, nothing written.
	extra := po + "\n#. paragraph 5\nmsgid \"Un paragraphe que l'original n'a pas.\"\nmsgstr \"A paragraph the original lacks.\"\n"
	before, _ := os.ReadFile(filepath.Join(dir, transFile))
	res = importPO(t, dir, []byte(extra), false)
	line := strings.Count(po, "\n") + 2
	if len(res.Refused) != 1 || res.Refused[0].Where != "line "+strconv.Itoa(line) || !strings.Contains(res.Refused[0].Msg, "no paragraph of") || res.Written {
		t.Errorf("extra entry: %+v, want one refusal at line %d", res.Refused, line)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, transFile)); string(after) != string(before) {
		t.Error("a refused import wrote the translation")
	}

	// An entry made from an older version of a paragraph: not applied
	// over the newer original, reported.
	os.WriteFile(filepath.Join(dir, origFile), []byte(frHead+strings.Replace(frBody, "Deuxième paragraphe.", "Deuxième paragraphe, réécrit.", 1)), 0o644)
	stale := strings.Replace(po, "msgstr \"Second paragraph.\"", "msgstr \"Second paragraph, revised by the translator.\"", 1)
	res = importPO(t, dir, []byte(stale), false)
	if len(res.Stale) != 1 || strings.Contains(body(t, dir, transFile), "revised by the translator") || !strings.Contains(body(t, dir, transFile), "Second paragraph.") {
		t.Errorf("an entry from an older original: %+v\n%s", res, body(t, dir, transFile))
	}
}

// Fault 3: translate-toolkit's PO → XLIFF → PO drops msgctxt; the title
// is known by its comment and never pasted into the body.
func TestImportFrontMatterWithoutContext(t *testing.T) {
	dir := translatedSite(t)
	po := string(exportPO(t, dir))
	po = strings.Replace(po, "msgctxt \"title\"\n", "", 1)
	po = strings.Replace(po, "msgstr \"The title\"", "msgstr \"The new title\"", 1)
	res := importPO(t, dir, []byte(po), false)
	data, _ := os.ReadFile(filepath.Join(dir, transFile))
	if !strings.Contains(string(data), "title = \"The new title\"") || body(t, dir, transFile) != enBody || len(res.Refused) > 0 {
		t.Errorf("the title without msgctxt (%+v):\n%s", res, data)
	}
}

// Fault 4: a new translation, a copy of the original, exports nothing as
// translated.
func TestExportNewTranslationUntranslated(t *testing.T) {
	dir := testutil.Files(t, map[string]string{"site.toml": smallSite, origFile: frHead + frBody})
	s := loadSite(t, dir)
	orig, _ := FindPage(s, origFile)
	if _, err := NewTranslation(s, orig, "en"); err != nil {
		t.Fatal(err)
	}
	ex, err := ReadPO(exportPO(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range ex.Units {
		if u.Target != "" {
			t.Errorf("%s is exported as translated: %q", u.ID, u.Target)
		}
	}
	if ps := statusOf(t, loadSite(t, dir), transFile, "en"); ps.Status != Draft {
		t.Errorf("a new translation is %s", ps.Status)
	}
}

// Fault 5: broken Markdown is refused, with the entry's line.
func TestImportRefusesBrokenMarkup(t *testing.T) {
	for _, tc := range []struct{ name, from, to, want string }{
		{"a ** dropped", `msgstr "First **paragraph** with a note[^1]."`, `msgstr "First **paragraph with a note[^1]."`, "strong emphasis"},
		{"a footnote call removed", `msgstr "First **paragraph** with a note[^1]."`, `msgstr "First **paragraph** with a note."`, "footnotes"},
		// The label is kept out of the entry (msgid "La note."): a
		// translator who types one in adds a footnote.
		{"a footnote definition renamed", `msgstr "The note."`, `msgstr "[^note]: The note."`, "footnotes"},
		{"a link lost", `msgstr "Third, [a link](https://a.example/)."`, `msgstr "Third, a link."`, "links"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := translatedSite(t)
			po := string(exportPO(t, dir))
			if !strings.Contains(po, tc.from) {
				t.Fatalf("the export lacks %q:\n%s", tc.from, po)
			}
			before, _ := os.ReadFile(filepath.Join(dir, transFile))
			res := importPO(t, dir, []byte(strings.Replace(po, tc.from, tc.to, 1)), false)
			if len(res.Refused) != 1 || !strings.Contains(res.Refused[0].Msg, tc.want) || !strings.HasPrefix(res.Refused[0].Where, "line ") {
				t.Errorf("refused: %+v, want one with %q", res.Refused, tc.want)
			}
			if after, _ := os.ReadFile(filepath.Join(dir, transFile)); string(after) != string(before) {
				t.Error("a refused import wrote the translation")
			}
		})
	}
}

// A fuzzy entry is applied and stays to review: the record says so, the
// next export marks it fuzzy again, the status is a draft.
func TestImportKeepsReviewState(t *testing.T) {
	dir := translatedSite(t)
	po := strings.Replace(string(exportPO(t, dir)), "#: content/articles/a/index.fr.md:8\nmsgid \"Deuxième paragraphe.\"\nmsgstr \"Second paragraph.\"",
		"#: content/articles/a/index.fr.md:8\n#, fuzzy\nmsgid \"Deuxième paragraphe.\"\nmsgstr \"Second paragraph, maybe.\"", 1)
	if !strings.Contains(po, "maybe") {
		t.Fatalf("no entry to make fuzzy:\n%s", po)
	}
	res := importPO(t, dir, []byte(po), false)
	if res.Fuzzy != 1 || !strings.Contains(body(t, dir, transFile), "Second paragraph, maybe.") {
		t.Fatalf("fuzzy import: %+v", res)
	}
	if ps := statusOf(t, loadSite(t, dir), transFile, "en"); ps.Status != Draft || !strings.Contains(ps.Note, "1 paragraph to review") {
		t.Errorf("after a fuzzy import: %s %s", ps.Status, ps.Note)
	}
	again := string(exportPO(t, dir))
	if !strings.Contains(again, "#, fuzzy\nmsgid \"Deuxième paragraphe.\"\nmsgstr \"Second paragraph, maybe.\"") {
		t.Errorf("the review state is lost on export:\n%s", again)
	}
}

// --dry-run computes all and writes nothing.
func TestImportDryRun(t *testing.T) {
	dir := translatedSite(t)
	po := strings.Replace(string(exportPO(t, dir)), "msgstr \"Second paragraph.\"", "msgstr \"The second paragraph.\"", 1)
	before, _ := os.ReadFile(filepath.Join(dir, transFile))
	res := importPO(t, dir, []byte(po), true)
	if after, _ := os.ReadFile(filepath.Join(dir, transFile)); string(after) != string(before) || res.Written {
		t.Error("--dry-run wrote the translation")
	}
	if d := LineDiff(res.Before, res.After); !strings.Contains(d, "- Second paragraph.\n") || !strings.Contains(d, "+ The second paragraph.\n") {
		t.Errorf("--dry-run's diff:\n%s", d)
	}
}

// A file given in the other format is named for what it is.
func TestWrongFormatSaysSo(t *testing.T) {
	dir := translatedSite(t)
	po := exportPO(t, dir)
	if _, err := ReadXLIFF(po); err == nil || !strings.Contains(err.Error(), "--format po") {
		t.Errorf("a PO read as XLIFF: %v", err)
	}
	s := loadSite(t, dir)
	tr, _ := FindPage(s, transFile)
	orig, _ := Original(s, tr.Group)
	ex, _ := Export(s, orig, "en")
	if _, err := ReadPO(WriteXLIFF(ex)); err == nil || !strings.Contains(err.Error(), "--format xliff") {
		t.Errorf("an XLIFF read as PO: %v", err)
	}
}

// A paragraph translated on another page (a campaign box) is offered as a
// suggestion to review, naming where it comes from; the glossary's terms
// are noted on the entries that hold them, and an import that does not
// use their translation warns.
func TestMemoryAndGlossary(t *testing.T) {
	box := "Soutenez le **logiciel libre** : faites un don."
	dir := testutil.Files(t, map[string]string{
		"site.toml":                      smallSite,
		"content/articles/b/index.fr.md": frHead + box + "\n\nAutre chose.\n",
		"content/articles/b/index.en.md": enHead + "Support **free software**: donate.\n\nSomething else.\n",
		origFile:                         frHead + "Un texte sur le logiciel libre.\n\n" + box + "\n",
		"i18n/glossary.toml":             "[[term]]\nfr = \"logiciel libre\"\nen = \"free software\"\nnote = \"jamais « open source »\"\n",
	})
	s := loadSite(t, dir)
	b, _ := FindPage(s, "content/articles/b/index.en.md")
	if _, err := Ack(s, b); err != nil {
		t.Fatal(err)
	}
	s = loadSite(t, dir)
	orig, _ := FindPage(s, origFile)
	ex, err := Export(s, orig, "en")
	if err != nil {
		t.Fatal(err)
	}
	po := string(WritePO(ex))
	for _, want := range []string{
		"#. glossary: logiciel libre → free software (jamais « open source »)\n#: content/articles/a/index.fr.md:6\nmsgid \"Un texte sur le logiciel libre.\"\nmsgstr \"\"",
		"#. from: content/articles/b/index.en.md\n#: content/articles/a/index.fr.md:8\n#, fuzzy\nmsgid \"Soutenez le **logiciel libre** : faites un don.\"\nmsgstr \"Support **free software**: donate.\"",
	} {
		if !strings.Contains(po, want) {
			t.Errorf("the export lacks\n%s\nin\n%s", want, po)
		}
	}
	filled := strings.Replace(po, "msgid \"Un texte sur le logiciel libre.\"\nmsgstr \"\"", "msgid \"Un texte sur le logiciel libre.\"\nmsgstr \"A text about open source.\"", 1)
	rex, err := ReadPO([]byte(filled))
	if err != nil {
		t.Fatal(err)
	}
	res, err := Import(s, rex, transFile, ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Glossary) != 1 || !strings.Contains(res.Glossary[0].Msg, `translates "logiciel libre" as "free software"`) || res.Fuzzy != 1 {
		t.Errorf("import: glossary %+v, %d to review", res.Glossary, res.Fuzzy)
	}
}

// Tags and series are entries too, and come back into the front matter.
func TestTagsAndSeriesExported(t *testing.T) {
	dir := testutil.Files(t, map[string]string{
		"site.toml": smallSite,
		origFile:    "+++\ntitle = \"Le titre\"\ndate = 2024-01-01\ntags = [\"logiciel libre\", \"communs\"]\nseries = \"Découvrir\"\n+++\n\nUn paragraphe.\n",
	})
	s := loadSite(t, dir)
	orig, _ := FindPage(s, origFile)
	ex, err := Export(s, orig, "en")
	if err != nil {
		t.Fatal(err)
	}
	po := string(WritePO(ex))
	for _, want := range []string{"msgctxt \"series\"\nmsgid \"Découvrir\"", "msgctxt \"tag-1\"\nmsgid \"logiciel libre\"", "msgctxt \"tag-2\"\nmsgid \"communs\""} {
		if !strings.Contains(po, want) {
			t.Errorf("the export lacks %q:\n%s", want, po)
		}
	}
	po = strings.NewReplacer("msgid \"Découvrir\"\nmsgstr \"\"", "msgid \"Découvrir\"\nmsgstr \"Discover\"",
		"msgid \"logiciel libre\"\nmsgstr \"\"", "msgid \"logiciel libre\"\nmsgstr \"free software\"",
		"msgid \"Un paragraphe.\"\nmsgstr \"\"", "msgid \"Un paragraphe.\"\nmsgstr \"A paragraph.\"").Replace(po)
	rex, err := ReadPO([]byte(po))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Import(s, rex, transFile, ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, transFile))
	if !strings.Contains(string(data), `tags = ["free software", "communs"]`) || !strings.Contains(string(data), `series = "Discover"`) || !strings.HasSuffix(string(data), "A paragraph.\n") {
		t.Errorf("tags and series not imported:\n%s", data)
	}
}

// In XLIFF the markup travels as <ph> codes: the file reads back as it
// was, and a tool that loses a code is caught on import.
func TestXLIFFInlineCodes(t *testing.T) {
	dir := translatedSite(t)
	s := loadSite(t, dir)
	tr, _ := FindPage(s, transFile)
	orig, _ := Original(s, tr.Group)
	ex, err := Export(s, orig, "en")
	if err != nil {
		t.Fatal(err)
	}
	x := string(WriteXLIFF(ex))
	if !strings.Contains(x, `<source>Premier <ph id="1">**</ph>paragraphe<ph id="2">**</ph> avec une note<ph id="3">[^1]</ph>.</source>`) ||
		!strings.Contains(x, `<target state="translated">First <ph id="1">**</ph>paragraph<ph id="2">**</ph> with a note<ph id="3">[^1]</ph>.</target>`) {
		t.Errorf("no inline codes:\n%s", x)
	}
	back, err := ReadXLIFF([]byte(x))
	if err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(dir, transFile))
	if res, err := Import(s, back, transFile, ImportOptions{}); err != nil || len(res.Refused) > 0 {
		t.Fatalf("import: %v %+v", err, res)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, transFile)); string(after) != string(before) {
		t.Errorf("the XLIFF round trip changed the translation:\n%s", after)
	}
	// A tool drops the closing code of the emphasis.
	lost := strings.Replace(x, `paragraph<ph id="2">**</ph> with`, `paragraph with`, 1)
	back, _ = ReadXLIFF([]byte(lost))
	res, err := Import(loadSite(t, dir), back, transFile, ImportOptions{})
	if err != nil || len(res.Refused) != 1 || res.Refused[0].Where != "trans-unit p1" {
		t.Errorf("a lost code: %v %+v", err, res)
	}
}

// Headings, list items, quotations, table rows and footnotes are entries
// of their own, without their markup, which comes back from the original.
func TestPiecesAsPo4aCutsThem(t *testing.T) {
	fr := frHead + "## Un titre\n\n- un\n- deux\n- trois\n\n> Une citation\n> sur deux lignes.\n\n| Mot | Sens |\n|-----|------|\n| libre | free |\n\n[^1]: Une note.\n"
	en := enHead + "## A title\n\n- one\n- two\n- three\n\n> A quotation\n> on two lines.\n\n| Word | Meaning |\n|-----|------|\n| libre | free |\n\n[^1]: A note.\n"
	dir := testutil.Files(t, map[string]string{"site.toml": smallSite, origFile: fr, transFile: en})
	s := loadSite(t, dir)
	tr, _ := FindPage(s, transFile)
	if _, err := Ack(s, tr); err != nil {
		t.Fatal(err)
	}
	po := string(exportPO(t, dir))
	for _, want := range []string{
		"msgid \"Un titre\"\nmsgstr \"A title\"",
		"#. paragraph 2.2\n#: content/articles/a/index.fr.md:9\nmsgid \"deux\"\nmsgstr \"two\"",
		"msgid \"\"\n\"Une citation\\n\"\n\"sur deux lignes.\"\nmsgstr \"\"\n\"A quotation\\n\"\n\"on two lines.\"",
		"msgid \"| Mot | Sens |\"\nmsgstr \"| Word | Meaning |\"",
		"msgid \"Une note.\"\nmsgstr \"A note.\"",
	} {
		if !strings.Contains(po, want) {
			t.Errorf("the export lacks\n%s\nin\n%s", want, po)
		}
	}
	// Only the second item translated anew: the others stay.
	i := strings.Index(po, "#. paragraph 2.2")
	j := strings.Index(po, "#. paragraph 2.3")
	k := strings.Index(po, "#. paragraph 3")
	partial := po[:strings.Index(po, "#. front matter")] + strings.Replace(po[i:j], "msgstr \"two\"", "msgstr \"second\"", 1) + po[k:]
	res := importPO(t, dir, []byte(partial), false)
	if len(res.Refused) > 0 {
		t.Fatalf("refused: %+v", res.Refused)
	}
	want := "## A title\n\n- one\n- second\n- three\n\n> A quotation\n> on two lines.\n\n| Word | Meaning |\n|-----|------|\n| libre | free |\n\n[^1]: A note.\n"
	if got := body(t, dir, transFile); got != want {
		t.Errorf("after importing one item:\n%s\nwant\n%s", got, want)
	}
}

// A list the translator made longer cannot take the translation of one
// item: the others would come back in the original's words.
func TestImportRefusesPartOfAListCutOtherwise(t *testing.T) {
	dir := testutil.Files(t, map[string]string{
		"site.toml": smallSite,
		origFile:    frHead + "- un\n- deux\n- trois\n",
		transFile:   enHead + "- one\n- two\n- three\n- and four\n",
	})
	s := loadSite(t, dir)
	tr, _ := FindPage(s, transFile)
	if _, err := Ack(s, tr); err != nil {
		t.Fatal(err)
	}
	po := strings.Replace(string(exportPO(t, dir)), "msgid \"deux\"\nmsgstr \"\"", "msgid \"deux\"\nmsgstr \"second\"", 1)
	res := importPO(t, dir, []byte(po), false)
	if len(res.Refused) != 1 || !strings.Contains(res.Refused[0].Msg, "not cut as the original's") {
		t.Errorf("refused: %+v", res.Refused)
	}
	if got := body(t, dir, transFile); got != "- one\n- two\n- three\n- and four\n" {
		t.Errorf("the translation changed:\n%s", got)
	}
}

// An entry reviewed (no longer fuzzy) clears the paragraph's review mark.
func TestReviewedEntryClearsReview(t *testing.T) {
	dir := translatedSite(t)
	os.WriteFile(filepath.Join(dir, origFile), []byte(frHead+strings.Replace(frBody, "Deuxième paragraphe.", "Deuxième paragraphe, réécrit.", 1)), 0o644)
	res := importPO(t, dir, exportPO(t, dir), false) // as it is: to review
	if res.Fuzzy != 1 {
		t.Fatalf("first import: %+v", res)
	}
	po := string(exportPO(t, dir))
	reviewed := strings.Replace(po, "#, fuzzy\nmsgid \"Deuxième paragraphe, réécrit.\"\nmsgstr \"Second paragraph.\"", "msgid \"Deuxième paragraphe, réécrit.\"\nmsgstr \"Second paragraph, rewritten.\"", 1)
	if reviewed == po {
		t.Fatalf("no fuzzy entry to review:\n%s", po)
	}
	res = importPO(t, dir, []byte(reviewed), false)
	if res.Fuzzy != 0 {
		t.Errorf("after review: %d to review (%+v)", res.Fuzzy, res)
	}
	if ps := statusOf(t, loadSite(t, dir), transFile, "en"); ps.Status != Current {
		t.Errorf("after review: %s %s", ps.Status, ps.Note)
	}
}

// An old PO imported after an item of a list changed: the other items are
// applied, the changed one is not, and the record still says what
// changed (status outdated, the diff names it).
func TestOldPOKeepsWhatChanged(t *testing.T) {
	dir := testutil.Files(t, map[string]string{
		"site.toml": smallSite,
		origFile:    frHead + "- un\n- deux\n- trois\n",
		transFile:   enHead + "- one\n- two\n- three\n",
	})
	s := loadSite(t, dir)
	tr, _ := FindPage(s, transFile)
	if _, err := Ack(s, tr); err != nil {
		t.Fatal(err)
	}
	old := exportPO(t, dir)
	os.WriteFile(filepath.Join(dir, origFile), []byte(frHead+"- un\n- deux et demi\n- trois\n"), 0o644)
	res := importPO(t, dir, old, false)
	if len(res.Stale) != 1 || len(res.Refused) != 0 {
		t.Fatalf("old PO: %+v", res)
	}
	ps := statusOf(t, loadSite(t, dir), transFile, "en")
	if ps.Status != Outdated || len(ps.Changed) != 1 || ps.Changed[0].After != "- un\n- deux et demi\n- trois" {
		t.Errorf("after the old PO: %s %+v", ps.Status, ps.Changed)
	}
	// The new export: the changed item fuzzy with its previous text.
	po := string(exportPO(t, dir))
	if !strings.Contains(po, "#, fuzzy\n#| msgid \"deux\"\nmsgid \"deux et demi\"\nmsgstr \"two\"") || strings.Count(po, "#, fuzzy") != 1 {
		t.Errorf("the export after an old PO:\n%s", po)
	}
}

// Task boxes are markup: outside the entries, and counted.
func TestTaskBoxes(t *testing.T) {
	if s := shapeOf("- [x] fait\n- [ ] à faire"); strings.Join(s.segs, "|") != "fait|à faire" {
		t.Errorf("task pieces: %q", s.segs)
	}
	if p := MarkupProblems("- [x] fait", "- ] done [x", nil); len(p) == 0 {
		t.Error("a broken task box is accepted")
	}
}

// A front matter entry the original never had is refused, as an invented
// paragraph is.
func TestInventedFrontMatterEntryRefused(t *testing.T) {
	dir := translatedSite(t)
	po := string(exportPO(t, dir)) + "\n#. front matter: tag-3\nmsgctxt \"tag-3\"\nmsgid \"inventé\"\nmsgstr \"invented\"\n"
	res := importPO(t, dir, []byte(po), false)
	if len(res.Refused) != 1 || !strings.Contains(res.Refused[0].Msg, "the original has no tag-3") || res.Written {
		t.Errorf("an invented tag: %+v", res)
	}
}

// The memory offers pieces too: a list item translated elsewhere.
func TestMemoryOffersPieces(t *testing.T) {
	dir := testutil.Files(t, map[string]string{
		"site.toml":                      smallSite,
		"content/articles/b/index.fr.md": frHead + "- Faites un don.\n- Partagez.\n",
		"content/articles/b/index.en.md": enHead + "- Donate.\n- Share.\n",
		origFile:                         frHead + "- Lisez.\n- Partagez.\n",
	})
	s := loadSite(t, dir)
	b, _ := FindPage(s, "content/articles/b/index.en.md")
	if _, err := Ack(s, b); err != nil {
		t.Fatal(err)
	}
	s = loadSite(t, dir)
	orig, _ := FindPage(s, origFile)
	ex, err := Export(s, orig, "en")
	if err != nil {
		t.Fatal(err)
	}
	po := string(WritePO(ex))
	if !strings.Contains(po, "#. from: content/articles/b/index.en.md\n#: content/articles/a/index.fr.md:7\n#, fuzzy\nmsgid \"Partagez.\"\nmsgstr \"Share.\"") {
		t.Errorf("no suggestion for the list item:\n%s", po)
	}
}
