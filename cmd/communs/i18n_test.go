package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/communs/communs/i18n"
	"github.com/communs/communs/internal/build"
	"github.com/communs/communs/internal/testutil"
	"github.com/communs/communs/internal/translate"
)

// copyTree copies a folder (the shared corpus) into a new temporary one.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "site")
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func writeFiles(t *testing.T, dir string, files map[string]string) string {
	t.Helper()
	if dir == "" {
		return testutil.Files(t, files)
	}
	testutil.WriteFiles(t, dir, files)
	return dir
}

type jsonPage struct {
	Key      string `json:"key"`
	Original string `json:"original"`
	Language string `json:"language"`
	Path     string `json:"path"`
	Status   string `json:"status"`
	Changed  []struct {
		Before string `json:"before"`
		After  string `json:"after"`
	} `json:"changed"`
}

type jsonString struct {
	Language string `json:"language"`
	Key      string `json:"key"`
	Status   string `json:"status"`
}

type jsonStatus struct {
	Pages   []jsonPage   `json:"pages"`
	Strings []jsonString `json:"strings"`
}

// statusJSON runs communs i18n status --json and checks that its output
// has exactly the schema: {"pages": [{"key", "original",
// "language", "path", "status", "changed": [{"before", "after"}]}],
// "strings": [{"language", "key", "status"}]}.
func statusJSON(t *testing.T, dir string, extra ...string) (jsonStatus, int) {
	t.Helper()
	code, out, errs := runCLI(t, append([]string{"i18n", "status", "--json", "--source", dir}, extra...)...)
	if code != 0 && code != 1 {
		t.Fatalf("i18n status: exit %d\n%s", code, errs)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	keysOf := func(m map[string]any) []string {
		var ks []string
		for k := range m {
			ks = append(ks, k)
		}
		sort.Strings(ks)
		return ks
	}
	if got := keysOf(raw); !reflect.DeepEqual(got, []string{"pages", "strings"}) {
		t.Fatalf("top-level keys %v", got)
	}
	pageStatuses := map[string]bool{"missing": true, "untracked": true, "current": true, "draft": true, "outdated": true}
	for _, p := range raw["pages"].([]any) {
		m := p.(map[string]any)
		if got := keysOf(m); !reflect.DeepEqual(got, []string{"changed", "key", "language", "original", "path", "status"}) {
			t.Fatalf("page keys %v", got)
		}
		for _, k := range []string{"key", "original", "language", "path", "status"} {
			if _, ok := m[k].(string); !ok {
				t.Fatalf("page %s is not a string: %v", k, m[k])
			}
		}
		if !pageStatuses[m["status"].(string)] {
			t.Fatalf("page status %v", m["status"])
		}
		changed, ok := m["changed"].([]any)
		if !ok {
			t.Fatalf("changed is not a list: %v", m["changed"])
		}
		for _, c := range changed {
			cm := c.(map[string]any)
			if got := keysOf(cm); !reflect.DeepEqual(got, []string{"after", "before"}) {
				t.Fatalf("change keys %v", got)
			}
		}
	}
	stringStatuses := map[string]bool{"missing": true, "current": true, "unused": true}
	for _, s := range raw["strings"].([]any) {
		m := s.(map[string]any)
		if got := keysOf(m); !reflect.DeepEqual(got, []string{"key", "language", "status"}) {
			t.Fatalf("string keys %v", got)
		}
		if !stringStatuses[m["status"].(string)] {
			t.Fatalf("string status %v", m["status"])
		}
	}
	var st jsonStatus
	if err := json.Unmarshal([]byte(out), &st); err != nil {
		t.Fatal(err)
	}
	return st, code
}

func (st jsonStatus) page(t *testing.T, key, lang string) jsonPage {
	t.Helper()
	for _, p := range st.Pages {
		if p.Key == key && p.Language == lang {
			return p
		}
	}
	t.Fatalf("no page %s in %s", key, lang)
	return jsonPage{}
}

func (st jsonStatus) str(lang, key string) string {
	for _, s := range st.Strings {
		if s.Language == lang && s.Key == key {
			return s.Status
		}
	}
	return ""
}

// paragraphOf returns the paragraph of a file's body holding text.
func paragraphOf(t *testing.T, file, text string) string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range strings.Split(string(data), "\n\n") {
		if strings.Contains(p, text) {
			return strings.Trim(p, "\n")
		}
	}
	t.Fatalf("no paragraph with %q in %s", text, file)
	return ""
}

func replaceIn(t *testing.T, file, old, new string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%q not in %s", old, file)
	}
	if err := os.WriteFile(file, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestTranslationTrackingCorpus runs the checks on a copy of the
// shared corpus.
func TestTranslationTrackingCorpus(t *testing.T) {
	dir := copyTree(t, testutil.Corpus(t))
	const key = "articles/framaspace-premiere-annee"
	enFile := "content/articles/framaspace-premiere-annee/index.en.md"
	frFile := filepath.Join(dir, "content/articles/framaspace-premiere-annee/index.fr.md")

	// Before any ack: French originals have missing English pages, the
	// Framaspace pair is untracked.
	st, _ := statusJSON(t, dir)
	originals, _ := filepath.Glob(filepath.Join(dir, "content/articles/*/index.fr.md"))
	checked := 0
	for _, o := range originals {
		slugDir := filepath.Dir(o)
		if _, err := os.Stat(filepath.Join(slugDir, "index.en.md")); err == nil {
			continue
		}
		data, _ := os.ReadFile(o)
		if strings.Contains(string(data), "[source]") {
			continue // translated from an English text published elsewhere: English is not missing
		}
		k := "articles/" + filepath.Base(slugDir)
		p := st.page(t, k, "en")
		if p.Status != "missing" || p.Original != "content/"+k+"/index.fr.md" || p.Path != "content/"+k+"/index.en.md" || len(p.Changed) != 0 {
			t.Errorf("%s: %+v", k, p)
		}
		checked++
	}
	if checked < 10 {
		t.Errorf("only %d French originals checked", checked)
	}
	if p := st.page(t, key, "en"); p.Status != "untracked" || p.Path != enFile || p.Original != "content/"+key+"/index.fr.md" {
		t.Errorf("Framaspace before ack: %+v", p)
	}
	for _, p := range st.Pages {
		if p.Language == "fr" {
			t.Errorf("a French page is reported although every English page translates a French text: %+v", p)
		}
	}

	// After ack: current.
	if code, out, errs := runCLI(t, "i18n", "ack", "--source", dir, enFile); code != 0 || !strings.Contains(out, "translated from") {
		t.Fatalf("ack: exit %d\n%s%s", code, out, errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/articles/framaspace-premiere-annee/.index.en.translated-from.toml")); err != nil {
		t.Errorf("no sidecar record: %v", err)
	}
	st, _ = statusJSON(t, dir)
	if p := st.page(t, key, "en"); p.Status != "current" || len(p.Changed) != 0 {
		t.Errorf("after ack: %+v", p)
	}

	// A word of the French original changes: outdated, and changed holds
	// exactly that paragraph, before and after.
	before := paragraphOf(t, frFile, "ne tourne pas très rond")
	after := strings.Replace(before, "très rond", "très droit", 1)
	replaceIn(t, frFile, before, after)
	st, _ = statusJSON(t, dir)
	p := st.page(t, key, "en")
	if p.Status != "outdated" || len(p.Changed) != 1 || p.Changed[0].Before != before || p.Changed[0].After != after {
		t.Fatalf("after a word change: %+v\nwant before %q\nafter %q", p, before, after)
	}
	code, out, _ := runCLI(t, "i18n", "diff", "--source", dir, enFile)
	if code != 0 || !strings.Contains(out, "[-rond-]{+droit+}") || strings.Contains(out, "\x1b[") {
		t.Errorf("diff: exit %d\n%s", code, out)
	}
	if _, out, _ := runCLI(t, "i18n", "diff", "--color", "always", "--source", dir, enFile); !strings.Contains(out, "\x1b[32mdroit\x1b[0m") {
		t.Errorf("diff in colour:\n%s", out)
	}

	// The build with the outdated translation shows the notice on that
	// page and on no other.
	dest := filepath.Join(t.TempDir(), "public")
	res, err := build.Run(context.Background(), build.Options{Source: dir, Dest: dest, Now: time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		var b bytes.Buffer
		res.Diags.Print(&b)
		t.Fatalf("build: %v\n%s", err, b.String())
	}
	var with []string
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			data, _ := os.ReadFile(p)
			if strings.Contains(string(data), "translation-outdated") || strings.Contains(string(data), "earlier version of the original") {
				rel, _ := filepath.Rel(dest, p)
				with = append(with, filepath.ToSlash(rel))
			}
		}
		return nil
	})
	if want := []string{"en/2023/11/21/framaspace-premiere-annee/index.html"}; !reflect.DeepEqual(with, want) {
		t.Errorf("the notice is on %v, want %v", with, want)
	} else {
		page, _ := os.ReadFile(filepath.Join(dest, with[0]))
		if !strings.Contains(string(page), `<a href="/2023/11/21/framaspace-premiere-annee/" hreflang="fr">Read the original (Français)</a>`) {
			t.Errorf("the notice does not link to the original:\n%s", page)
		}
	}

	// Acknowledged again, then only spacing changes: current.
	runCLI(t, "i18n", "ack", "--source", dir, enFile)
	spaced := paragraphOf(t, frFile, "Il devient de plus en plus difficile")
	respaced := strings.Replace(strings.Replace(spaced, ", ", " ,\n", 3), " : ", "\u00a0: ", -1)
	respaced = strings.Replace(respaced, "« ", "«\u202f", -1)
	replaceIn(t, frFile, spaced, respaced)
	st, _ = statusJSON(t, dir)
	if p := st.page(t, key, "en"); p.Status != "current" || len(p.Changed) != 0 {
		t.Errorf("after a change of spacing only: %+v", p)
	}
	if _, out, _ := runCLI(t, "i18n", "status", "--source", dir, "--lang", "en"); !strings.Contains(out, "punctuation, spacing or typography only") {
		t.Errorf("no note of the cosmetic change:\n%s", out)
	}

	// A paragraph is added: changed holds it with an empty before.
	anchor := paragraphOf(t, frFile, "Le premier, c’est que")
	added := "Un paragraphe ajouté après coup, pour voir."
	replaceIn(t, frFile, anchor, anchor+"\n\n"+added)
	st, code = statusJSON(t, dir)
	p = st.page(t, key, "en")
	if p.Status != "outdated" || len(p.Changed) != 1 || p.Changed[0].Before != "" || p.Changed[0].After != added {
		t.Errorf("after a paragraph is added: %+v", p)
	}
	if code != 0 {
		t.Errorf("status without --strict: exit %d", code)
	}
	if _, code := statusJSON(t, dir, "--strict"); code != 1 {
		t.Errorf("--strict with outdated and missing pages: exit %d, want 1", code)
	}

	// A string removed from i18n/en.toml is missing for en.
	builtin, _ := i18n.Files.ReadFile("en.toml")
	writeFiles(t, dir, map[string]string{"i18n/en.toml": removeLine(t, string(builtin), "read_more = ")})
	st, _ = statusJSON(t, dir)
	if got := st.str("en", "read_more"); got != "missing" {
		t.Errorf("read_more removed from i18n/en.toml: %q", got)
	}
	if got := st.str("en", "home"); got != "current" {
		t.Errorf("home in i18n/en.toml: %q", got)
	}
}

func removeLine(t *testing.T, text, prefix string) string {
	t.Helper()
	var out []string
	found := false
	for _, l := range strings.Split(text, "\n") {
		if strings.HasPrefix(l, prefix) {
			found = true
			continue
		}
		out = append(out, l)
	}
	if !found {
		t.Fatalf("no line %q", prefix)
	}
	return strings.Join(out, "\n")
}

const twoLangs = "title = \"T\"\nbaseURL = \"https://t.example/\"\ndefaultLanguage = \"fr\"\n[languages.fr]\ntitle = \"T\"\n[languages.en]\ntitle = \"T (en)\"\n"

func TestI18nStringsAndStrict(t *testing.T) {
	builtin, _ := i18n.Files.ReadFile("en.toml")
	dir := writeFiles(t, "", map[string]string{
		"site.toml":                   twoLangs,
		"content/articles/a/index.md": "+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\n\nUn.\n",
		"i18n/en.toml":                removeLine(t, string(builtin), "read_more = "),
	})
	// Translate the page so that only the string is missing.
	if code, out, errs := runCLI(t, "new", "translation", filepath.Join(dir, "content/articles/a/index.md"), "--lang", "en"); code != 0 {
		t.Fatalf("new translation: exit %d\n%s%s", code, out, errs)
	}
	st, code := statusJSON(t, dir, "--strict")
	if got := st.str("en", "read_more"); got != "missing" || code != 1 {
		t.Errorf("read_more: %q, --strict exit %d", got, code)
	}
	if p := st.page(t, "articles/a", "en"); p.Status != "draft" {
		t.Errorf("new translation: %+v", p)
	}
	_, out, _ := runCLI(t, "i18n", "status", "--source", dir)
	if !strings.Contains(out, "read_more") || !strings.Contains(out, "built-in") {
		t.Errorf("status text:\n%s", out)
	}
	// With the whole file, nothing is missing: --strict passes.
	writeFiles(t, dir, map[string]string{"i18n/en.toml": string(builtin) + "\n[extra_unused]\nother = \"x\"\n"})
	st, code = statusJSON(t, dir, "--strict")
	if code != 0 {
		t.Errorf("--strict with nothing missing: exit %d: %+v", code, st)
	}
	if got := st.str("en", "extra_unused"); got != "unused" {
		t.Errorf("a key nothing uses: %q", got)
	}
	if got := st.str("en", "read_more"); got != "current" {
		t.Errorf("read_more back: %q", got)
	}
	// --lang keeps one language.
	st, _ = statusJSON(t, dir, "--lang", "fr")
	for _, p := range st.Pages {
		t.Errorf("--lang fr lists %+v", p)
	}
	for _, s := range st.Strings {
		if s.Language != "fr" {
			t.Errorf("--lang fr lists %+v", s)
		}
	}
	// A template key the default language lacks is missing for it.
	writeFiles(t, dir, map[string]string{"layouts/partials/switcher.html": `<p>{{ T "site_motto" }}</p>`})
	st, _ = statusJSON(t, dir)
	if got := st.str("fr", "site_motto"); got != "missing" {
		t.Errorf("site_motto: %q", got)
	}
	if got := st.str("fr", "translation_missing"); got != "unused" {
		t.Errorf("translation_missing, no longer used once switcher.html is replaced: %q", got)
	}
}

func TestI18nCommandErrors(t *testing.T) {
	dir := writeFiles(t, "", map[string]string{
		"site.toml":                   twoLangs,
		"content/articles/a/index.md": "+++\ntitle = \"A\"\ndate = 2024-01-01\n+++\n\nUn.\n",
	})
	a := filepath.Join(dir, "content/articles/a/index.md")
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"i18n"}, 2, "Usage"},
		{[]string{"i18n", "frob"}, 2, "unknown command"},
		{[]string{"i18n", "ack", a}, 1, "original of its group"},
		{[]string{"i18n", "ack", filepath.Join(dir, "nope.md")}, 1, "no such file"},
		{[]string{"i18n", "diff", a}, 1, "original of its group"},
		{[]string{"i18n", "status", "--source", dir, "--lang", "de"}, 2, "no language"},
		{[]string{"new", "translation", a}, 2, "Usage"},
		{[]string{"new", "translation", a, "--lang", "de"}, 1, "not one of the site's"},
		{[]string{"new", "poem"}, 2, "unknown kind"}, // (new article is a kind now)
		{[]string{"i18n", "export", a}, 1, "--lang"},
		{[]string{"i18n", "export", "--format", "docx", a}, 2, "--format"},
	} {
		code, out, errs := runCLI(t, c.args...)
		if code != c.code || !strings.Contains(out+errs, c.msg) {
			t.Errorf("%v: exit %d, want %d with %q\n%s%s", c.args, code, c.code, c.msg, out, errs)
		}
	}
	if code, _, errs := runCLI(t, "new", "translation", a, "--lang", "en"); code != 0 {
		t.Fatal(errs)
	}
	if code, _, errs := runCLI(t, "new", "translation", a, "--lang", "en"); code != 1 || !strings.Contains(errs, "already has a translation") {
		t.Errorf("second new translation: exit %d %s", code, errs)
	}
	// A translation given for an original: its group's original is copied.
	if code, out, errs := runCLI(t, "i18n", "diff", filepath.Join(dir, "content/articles/a/index.en.md")); code != 0 || !strings.Contains(out, "draft, made from") {
		t.Errorf("diff of a new translation: exit %d\n%s%s", code, out, errs)
	}
}

func TestExportImport(t *testing.T) {
	dir := writeFiles(t, "", map[string]string{
		"site.toml": twoLangs,
		"content/articles/a/index.md": "+++\ntitle = \"Le titre\"\ndate = 2024-01-01\n+++\n\nUn *premier* paragraphe\nsur deux lignes.  \nAvec un saut.\n\n## Un titre\n\n" +
			"```sh\necho \"deux\"\n\necho 'lignes'\n```\n\n- [un lien](https://a.example/ \"titre\")\n- un autre\n\n* * *\n\n* * *\n",
	})
	src := filepath.Join(dir, "content/articles/a/index.md")
	po := filepath.Join(t.TempDir(), "a.en.po")
	if code, _, errs := runCLI(t, "i18n", "export", "--lang", "en", "-o", po, src); code != 0 {
		t.Fatalf("export: %s", errs)
	}
	data, _ := os.ReadFile(po)
	if msgfmt, err := exec.LookPath("msgfmt"); err == nil {
		if out, err := exec.Command(msgfmt, "--check", "--check-header", "-o", os.DevNull, po).CombinedOutput(); err != nil || len(out) > 0 {
			t.Errorf("msgfmt --check: %v\n%s\n%s", err, out, data)
		}
	}
	ex, err := translate.ReadPO(data)
	if err != nil {
		t.Fatal(err)
	}
	// The heading without its #, the list item by item, without markers.
	if len(ex.Units) != 8 || ex.Units[0].ID != "title" || ex.Units[1].Source != "Un *premier* paragraphe\nsur deux lignes.  \nAvec un saut." ||
		ex.Units[2].Source != "Un titre" || ex.Units[3].Source != "```sh\necho \"deux\"\n\necho 'lignes'\n```" ||
		ex.Units[4].Source != "[un lien](https://a.example/ \"titre\")" || ex.Units[5].Source != "un autre" || ex.Units[7].Source != "* * *" {
		t.Fatalf("units read back: %+v", ex.Units)
	}
	// A translator fills every entry: "EN" before each text, the Markdown
	// kept; code and rules stay as they are.
	for i, u := range ex.Units {
		if strings.HasPrefix(u.Source, "```") || u.Source == "* * *" {
			ex.Units[i].Target = u.Source
		} else {
			ex.Units[i].Target = "EN " + u.Source
		}
	}
	filled := filepath.Join(t.TempDir(), "filled.xlf")
	os.WriteFile(filled, translate.WriteXLIFF(ex), 0o644)
	if xmllint, err := exec.LookPath("xmllint"); err == nil {
		if out, err := exec.Command(xmllint, "--noout", filled).CombinedOutput(); err != nil {
			t.Errorf("xmllint: %v\n%s", err, out)
		}
	}
	en := filepath.Join(dir, "content/articles/a/index.en.md")
	code, out, errs := runCLI(t, "i18n", "import", en, filled)
	if code != 0 || !strings.Contains(out, "created") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	got, _ := os.ReadFile(en)
	wantBody := "\nEN Un *premier* paragraphe\nsur deux lignes.  \nAvec un saut.\n\n## EN Un titre\n\n```sh\necho \"deux\"\n\necho 'lignes'\n```\n\n" +
		"- EN [un lien](https://a.example/ \"titre\")\n- EN un autre\n\n* * *\n\n* * *\n"
	if !strings.HasSuffix(string(got), "+++\n"+wantBody) || !strings.Contains(string(got), "title = \"EN Le titre\"\n") || !strings.Contains(string(got), "[source]\ntitle = \"Le titre\"\nlanguage = \"fr\"\n") {
		t.Errorf("imported translation:\n%s", got)
	}
	st, _ := statusJSON(t, dir)
	// Every paragraph translated, the page still draft = true, as a new
	// translation starts.
	if p := st.page(t, "articles/a", "en"); p.Status != "draft" {
		t.Errorf("after import: %+v", p)
	}

	// Export the translation and import it back as it is: nothing changes.
	po2 := filepath.Join(t.TempDir(), "a2.po")
	if code, _, errs := runCLI(t, "i18n", "export", "-o", po2, en); code != 0 {
		t.Fatal(errs)
	}
	data, _ = os.ReadFile(po2)
	if strings.Contains(string(data), "fuzzy") || !strings.Contains(string(data), "msgid \"Un titre\"\nmsgstr \"EN Un titre\"") || !strings.Contains(string(data), "msgctxt \"paragraph 6\"") {
		t.Errorf("export of a current translation:\n%s", data)
	}
	if code, out, errs := runCLI(t, "i18n", "import", en, po2); code != 0 || !strings.Contains(out, "recorded") {
		t.Fatalf("import back: exit %d\n%s%s", code, out, errs)
	}
	if again, _ := os.ReadFile(en); string(again) != string(got) {
		t.Errorf("a round trip changed the translation:\n%s\nwas\n%s", again, got)
	}

	// The original changes a word: its item is fuzzy, with the previous
	// original, the other as it was; importing it unreviewed does not
	// record the version.
	replaceIn(t, src, "- un autre", "- un second")
	code, out, _ = runCLI(t, "i18n", "export", "--format", "po", en)
	if code != 0 || strings.Count(out, "#, fuzzy") != 1 || !strings.Contains(out, "#, fuzzy\n#| msgid \"un autre\"\nmsgctxt") && !strings.Contains(out, "#, fuzzy\n#| msgid \"un autre\"\nmsgid \"un second\"\nmsgstr \"EN un autre\"") {
		t.Errorf("export of an outdated translation:\n%s", out)
	}
	xlf := filepath.Join(t.TempDir(), "a3.xliff")
	runCLI(t, "i18n", "export", "-o", xlf, en)
	data, _ = os.ReadFile(xlf)
	if !strings.Contains(string(data), "<source>un second</source>\n<target state=\"needs-review-translation\">EN un autre</target>") {
		t.Errorf("XLIFF of an outdated translation:\n%s", data)
	}
	code, out, _ = runCLI(t, "i18n", "import", en, xlf)
	if code != 0 || !strings.Contains(out, "1 to review") || !strings.Contains(out, "not recorded") {
		t.Errorf("import with a fuzzy unit: exit %d\n%s", code, out)
	}
	// Made from the original as it is now, one paragraph to review: a
	// draft, and the next export says that paragraph is fuzzy still.
	st, _ = statusJSON(t, dir)
	if p := st.page(t, "articles/a", "en"); p.Status != "draft" {
		t.Errorf("after importing a fuzzy translation: %+v", p)
	}
	code, out, _ = runCLI(t, "i18n", "export", "--format", "po", en)
	// (The review is kept for the paragraph: both its items.)
	if code != 0 || strings.Count(out, "#, fuzzy") != 2 || !strings.Contains(out, "#, fuzzy\nmsgid \"un second\"\nmsgstr \"EN un autre\"") {
		t.Errorf("export after a fuzzy import: the review is lost:\n%s", out)
	}
}

// TestImportWithTranslatorsTools: the files that gettext and
// translate-toolkit write back import without losing a word: a new
// translation's export counts nothing as translated (msgfmt
// --statistics), and PO → XLIFF → PO (po2xliff, xliff2po), which drops
// the entries' msgctxt, comes back into the right places.
func TestImportWithTranslatorsTools(t *testing.T) {
	msgfmt, err1 := exec.LookPath("msgfmt")
	po2xliff, err2 := exec.LookPath("po2xliff")
	xliff2po, err3 := exec.LookPath("xliff2po")
	if err1 != nil || err2 != nil || err3 != nil {
		t.Skip("skipped: gettext or translate-toolkit is not installed (apt-get install gettext translate-toolkit; sh .ci/tools --install)")
	}
	dir := writeFiles(t, "", map[string]string{
		"site.toml":                   twoLangs,
		"content/articles/a/index.md": "+++\ntitle = \"Le titre\"\ndate = 2024-01-01\n+++\n\nUn **premier** paragraphe[^1].\n\nUn deuxième.\n\nUn deuxième.\n\n[^1]: La note.\n",
	})
	src := filepath.Join(dir, "content/articles/a/index.md")
	en := filepath.Join(dir, "content/articles/a/index.en.md")
	if code, _, errs := runCLI(t, "new", "translation", src, "--lang", "en"); code != 0 {
		t.Fatal(errs)
	}
	tmp := t.TempDir()
	po := filepath.Join(tmp, "new.po")
	if code, _, errs := runCLI(t, "i18n", "export", "-o", po, en); code != 0 {
		t.Fatal(errs)
	}
	out, err := exec.Command(msgfmt, "--check", "--statistics", "-o", os.DevNull, po).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "0 translated messages") {
		t.Errorf("msgfmt --statistics on a new translation: %v\n%s", err, out)
	}
	// translate-toolkit's checks find nothing to say of a fresh export
	// but that it is untranslated (pofilter writes no file then).
	if pofilter, err := exec.LookPath("pofilter"); err == nil {
		report := filepath.Join(tmp, "pofilter.po")
		if out, err := exec.Command(pofilter, "--excludefilter=untranslated", po, report).CombinedOutput(); err != nil {
			t.Errorf("pofilter: %v\n%s", err, out)
		}
		if data, err := os.ReadFile(report); err == nil && bytes.Contains(data, []byte("(pofilter)")) {
			t.Errorf("pofilter finds problems in a fresh export:\n%s", data)
		}
	}
	// The translator fills every entry, as a tool writes the file.
	data, _ := os.ReadFile(po)
	filled := strings.NewReplacer(
		"msgid \"Le titre\"\nmsgstr \"\"", "msgid \"Le titre\"\nmsgstr \"The title\"",
		"msgid \"Un **premier** paragraphe[^1].\"\nmsgstr \"\"", "msgid \"Un **premier** paragraphe[^1].\"\nmsgstr \"A **first** paragraph[^1].\"",
		"msgid \"Un deuxième.\"\nmsgstr \"\"", "msgid \"Un deuxième.\"\nmsgstr \"A second.\"",
		"msgid \"La note.\"\nmsgstr \"\"", "msgid \"La note.\"\nmsgstr \"The note.\"",
	).Replace(string(data))
	os.WriteFile(po, []byte(filled), 0o644)
	xlf, back := filepath.Join(tmp, "new.xlf"), filepath.Join(tmp, "back.po")
	steps := [][]string{{po2xliff, po, xlf}, {xliff2po, xlf, back}}
	if pomerge, err := exec.LookPath("pomerge"); err == nil {
		// pomerge: the translations merged into the fresh export, the
		// way translate-toolkit updates a template.
		fresh, merged := filepath.Join(tmp, "fresh.po"), filepath.Join(tmp, "pomerged.po")
		if code, _, errs := runCLI(t, "i18n", "export", "-o", fresh, en); code != 0 {
			t.Fatal(errs)
		}
		steps = [][]string{{pomerge, "-t", fresh, "-i", po, "-o", merged}, {po2xliff, merged, xlf}, {xliff2po, xlf, back}}
	}
	for _, c := range steps {
		if out, err := exec.Command(c[0], c[1:]...).CombinedOutput(); err != nil {
			t.Fatalf("%v: %v\n%s", c, err, out)
		}
	}
	code, stdout, errs := runCLI(t, "i18n", "import", en, back)
	if code != 0 {
		backData, _ := os.ReadFile(back)
		t.Fatalf("import of the PO back from translate-toolkit: exit %d\n%s%s\n%s", code, stdout, errs, backData)
	}
	got, _ := os.ReadFile(en)
	if !strings.Contains(string(got), "title = \"The title\"") ||
		!strings.HasSuffix(string(got), "+++\n\nA **first** paragraph[^1].\n\nA second.\n\nA second.\n\n[^1]: The note.\n") {
		t.Errorf("after the round trip through translate-toolkit:\n%s", got)
	}
	// The XLIFF of the translation, read by translate-toolkit: every unit
	// translated and approved, none fuzzy.
	xlf2, po2 := filepath.Join(tmp, "done.xlf"), filepath.Join(tmp, "done.po")
	if code, _, errs := runCLI(t, "i18n", "export", "-o", xlf2, en); code != 0 {
		t.Fatal(errs)
	}
	if out, err := exec.Command(xliff2po, xlf2, po2).CombinedOutput(); err != nil {
		t.Fatalf("xliff2po: %v\n%s", err, out)
	}
	data, _ = os.ReadFile(po2)
	if n := strings.Count(string(data), "#, fuzzy\n") - strings.Count(string(data), "#, fuzzy\nmsgid \"\"\nmsgstr \"\"\n"); n != 0 || !strings.Contains(string(data), "msgstr \"A second.\"") {
		t.Errorf("translate-toolkit reads %d unit(s) of the XLIFF as fuzzy:\n%s", n, data)
	}

	// gettext's own tools: msgcat rewraps the file; msgmerge carries the
	// translations over to the export of an original that changed, the
	// changed paragraph fuzzy with its previous source.
	msgcat, _ := exec.LookPath("msgcat")
	msgmerge, _ := exec.LookPath("msgmerge")
	if msgcat != "" && msgmerge != "" {
		catted := filepath.Join(tmp, "cat.po")
		if out, err := exec.Command(msgcat, "-w", "20", "-o", catted, back).CombinedOutput(); err != nil {
			t.Fatalf("msgcat: %v\n%s", err, out)
		}
		before, _ := os.ReadFile(en)
		if code, out, errs := runCLI(t, "i18n", "import", en, catted); code != 0 {
			t.Fatalf("import after msgcat: exit %d\n%s%s", code, out, errs)
		}
		if after, _ := os.ReadFile(en); string(after) != string(before) {
			t.Errorf("msgcat's rewrapped file changed the translation:\n%s", after)
		}
		replaceIn(t, src, "Un deuxième.\n\n[^1]", "Un troisième, nouveau.\n\n[^1]")
		fresh := filepath.Join(tmp, "fresh.po")
		if code, _, errs := runCLI(t, "i18n", "export", "-o", fresh, en); code != 0 {
			t.Fatal(errs)
		}
		merged := filepath.Join(tmp, "merged.po")
		if out, err := exec.Command(msgmerge, "--previous", "-q", "-o", merged, catted, fresh).CombinedOutput(); err != nil {
			t.Fatalf("msgmerge: %v\n%s", err, out)
		}
		code, out, errs := runCLI(t, "i18n", "import", en, merged)
		got, _ := os.ReadFile(en)
		if code != 0 || !strings.Contains(string(got), "A **first** paragraph[^1].\n\nA second.\n\n") || !strings.Contains(string(got), "[^1]: The note.") {
			t.Errorf("import after msgmerge: exit %d\n%s%s\n%s", code, out, errs, got)
		}
	}
}

// TestCorpusRoundTripsKeepEveryWord exports every translation of the
// corpus, whatever its state (untracked, paragraphs that cannot be
// paired), imports the file as it is, and finds the translation's body
// as it was, then after ack once more.
func TestCorpusRoundTripsKeepEveryWord(t *testing.T) {
	dir := copyTree(t, testutil.Corpus(t))
	var translations []string
	matches, _ := filepath.Glob(filepath.Join(dir, "content/articles/*/index.en.md"))
	for _, m := range matches {
		if fr := strings.TrimSuffix(m, ".en.md") + ".fr.md"; fileExists(fr) {
			translations = append(translations, m)
		}
	}
	if len(translations) == 0 {
		t.Fatal("no translation pair in the corpus")
	}
	bodyOf := func(file string) string {
		data, _ := os.ReadFile(file)
		parts := strings.SplitN(string(data), "+++\n", 3)
		return strings.TrimLeft(parts[len(parts)-1], "\n")
	}
	for _, en := range translations {
		for _, round := range []string{"as found", "after ack"} {
			if round == "after ack" {
				if code, _, errs := runCLI(t, "i18n", "ack", en); code != 0 {
					t.Fatalf("ack %s: %s", en, errs)
				}
			}
			before := bodyOf(en)
			po := filepath.Join(t.TempDir(), "x.po")
			if code, _, errs := runCLI(t, "i18n", "export", "-o", po, en); code != 0 {
				t.Fatalf("export %s: %s", en, errs)
			}
			code, out, errs := runCLI(t, "i18n", "import", en, po)
			if code != 0 {
				t.Errorf("%s, %s: import of its own export: exit %d\n%s%s", en, round, code, out, errs)
				continue
			}
			if after := bodyOf(en); after != before {
				t.Errorf("%s, %s: the round trip changed the body:\n%s", en, round, translate.LineDiff([]byte(before), []byte(after)))
			}
		}
	}
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// xliffSchemas are the XLIFF 1.2 strict and 2.0 schemas that Debian's
// php-symfony-translation installs, made to read xml.xsd from beside them
// (never from the network); "" when they are not installed.
func xliffSchemas(t *testing.T) (v12, v20 string) {
	t.Helper()
	dir := "/usr/share/php/Symfony/Component/Translation/Resources/schemas"
	xmlXSD := filepath.Join(dir, "xml.xsd")
	if _, err := os.Stat(xmlXSD); err != nil {
		return "", ""
	}
	tmp := t.TempDir()
	for name, out := range map[string]*string{"xliff-core-1.2-strict.xsd": &v12, "xliff-core-2.0.xsd": &v20} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return "", ""
		}
		data = bytes.ReplaceAll(data, []byte("http://www.w3.org/2001/xml.xsd"), []byte(xmlXSD))
		data = bytes.ReplaceAll(data, []byte("informativeCopiesOf3rdPartySchemas/w3c/xml.xsd"), []byte(xmlXSD))
		*out = filepath.Join(tmp, name)
		os.WriteFile(*out, data, 0o644)
	}
	return v12, v20
}

// TestXLIFFValidAndRoundTrips: the XLIFF 1.2 and 2.0 of a translation in
// every state (translated, to review, untranslated, with notes and inline
// codes) are valid for their schemas, and import back without a change.
func TestXLIFFValidAndRoundTrips(t *testing.T) {
	xmllint, err := exec.LookPath("xmllint")
	v12, v20 := xliffSchemas(t)
	if err != nil || v12 == "" {
		t.Skip("skipped: xmllint or the XLIFF schemas are not installed (apt-get install libxml2-utils php-symfony-translation; sh .ci/tools --install)")
	}
	dir := writeFiles(t, "", map[string]string{
		"site.toml":                      twoLangs,
		"content/articles/a/index.fr.md": "+++\ntitle = \"Le titre\"\ndate = 2024-01-01\ntags = [\"libre\"]\n+++\n\nUn **premier** paragraphe[^1], [un lien](https://a.example/).\n\n- un\n- deux\n\nUn troisième.\n\n[^1]: La note.\n",
		"content/articles/a/index.en.md": "+++\ntitle = \"The title\"\ndate = 2024-01-01\ntags = [\"free\"]\n+++\n\nA **first** paragraph[^1], [a link](https://a.example/).\n\n- one\n- two\n\nUn troisième.\n\n[^1]: The note.\n",
	})
	en := filepath.Join(dir, "content/articles/a/index.en.md")
	if code, _, errs := runCLI(t, "i18n", "ack", en); code != 0 {
		t.Fatal(errs)
	}
	// An edit of the original: a piece to review.
	replaceIn(t, filepath.Join(dir, "content/articles/a/index.fr.md"), "- deux", "- deux et demi")
	before, _ := os.ReadFile(en)
	record := filepath.Join(dir, "content/articles/a/.index.en.translated-from.toml")
	recordBefore, _ := os.ReadFile(record)
	bodyOf := func(data []byte) string { return string(data[bytes.LastIndex(data, []byte("+++\n")):]) }
	for _, c := range []struct{ format, schema string }{{"xliff", v12}, {"xliff2", v20}} {
		file := filepath.Join(t.TempDir(), c.format+".xlf") // the import tells 2.0 by its namespace
		if code, _, errs := runCLI(t, "i18n", "export", "--format", c.format, "-o", file, en); code != 0 {
			t.Fatal(errs)
		}
		data, _ := os.ReadFile(file)
		if out, err := exec.Command(xmllint, "--noout", "--nonet", "--schema", c.schema, file).CombinedOutput(); err != nil {
			t.Errorf("%s is not valid for its schema: %v\n%s\n%s", c.format, err, out, data)
		}
		if !strings.Contains(string(data), "<ph ") {
			t.Errorf("%s: no inline codes:\n%s", c.format, data)
		}
		// Imported back as it is: the words as they were (the record
		// now knows the piece to review is made from the new original).
		code, out, errs := runCLI(t, "i18n", "import", en, file)
		after, _ := os.ReadFile(en)
		if code != 0 || bodyOf(after) != bodyOf(before) || !strings.Contains(out, "1 to review") {
			t.Errorf("%s imported back: exit %d\n%s%s\n%s", c.format, code, out, errs, after)
		}
		os.WriteFile(en, before, 0o644) // as it was, for the other format
		os.WriteFile(record, recordBefore, 0o644)
	}
}
