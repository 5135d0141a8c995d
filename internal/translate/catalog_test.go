package translate

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
)

// load adds testdata/catalog/<file> for lang, under the origin name.
func load(t *testing.T, c *Catalog, lang, file, origin string) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "catalog", file))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Add(lang, origin, data); err != nil {
		t.Fatalf("Add(%s, %s): %v", lang, file, err)
	}
}

// newTestCatalog loads fr (default), en and pl as the site's i18n files.
func newTestCatalog(t *testing.T) *Catalog {
	t.Helper()
	c := NewCatalog("fr")
	for _, lang := range []string{"fr", "en", "pl"} {
		load(t, c, lang, lang+".toml", "i18n/"+lang+".toml")
	}
	return c
}

type author struct{ Name string }

func TestT(t *testing.T) {
	c := newTestCatalog(t)
	names := map[string]any{"Names": "Ada et Alan"}
	tests := []struct {
		lang, key string
		count     any
		data      any
		want      string
	}{
		// A plain string is the "other" form, whatever the count.
		{"fr", "read_more", nil, nil, "Lire la suite"},
		{"fr", "read_more", 1, nil, "Lire la suite"},
		{"en", "read_more", 5, nil, "Read more"},
		{"fr", "home", nil, nil, "Accueil"},
		{"fr", "quoted key", nil, nil, "Clé entre guillemets"},
		{"", "read_more", nil, nil, "Lire la suite"}, // "" is the default language

		// French: one covers 0, 1 and 1.5 (i = 0 or 1).
		{"fr", "reading_time", 0, nil, "0 minute de lecture"},
		{"fr", "reading_time", 1, nil, "1 minute de lecture"},
		{"fr", "reading_time", 1.5, nil, "1.5 minute de lecture"},
		{"fr", "reading_time", 2, nil, "2 minutes de lecture"},
		{"fr", "reading_time", int64(2), nil, "2 minutes de lecture"},
		{"fr", "reading_time", 2.5, nil, "2.5 minutes de lecture"},
		{"fr", "reading_time", -1, nil, "-1 minute de lecture"},
		// "zero" is defined but is no French category: 0 is "one".
		{"fr", "comments", 0, nil, "0 commentaire"},
		{"fr", "comments", 7, nil, "7 commentaires"},

		// English: one is 1 only, and not 1.5 nor "1.0" (v = 1).
		{"en", "reading_time", 0, nil, "0 minutes read"},
		{"en", "reading_time", 1, nil, "1 minute read"},
		{"en", "reading_time", 2, nil, "2 minutes read"},
		{"en", "reading_time", 1.5, nil, "1.5 minutes read"},
		{"en", "reading_time", "1.0", nil, "1.0 minutes read"},
		{"en", "reading_time", int32(1), nil, "1 minute read"},
		{"en", "reading_time", uint8(1), nil, "1 minute read"},
		{"en", "reading_time", float32(1), nil, "1 minute read"},
		{"en", "reading_time", nil, map[string]any{"Count": 3}, "3 minutes read"}, // nil count: "other"

		// Polish: one, few (2-4, 22-24...), many (0, 5-21, 25...), other (fractions).
		{"pl", "comments", 1, nil, "1 komentarz"},
		{"pl", "comments", 2, nil, "2 komentarze"},
		{"pl", "comments", 4, nil, "4 komentarze"},
		{"pl", "comments", 5, nil, "5 komentarzy"},
		{"pl", "comments", 0, nil, "0 komentarzy"},
		{"pl", "comments", 12, nil, "12 komentarzy"},
		{"pl", "comments", 22, nil, "22 komentarze"},
		{"pl", "comments", 1.5, nil, "1.5 komentarza"},
		// A missing form falls back to "other".
		{"pl", "reading_time", 3, nil, "3 minut(y)"},
		{"pl", "reading_time", 1, nil, "1 minuta"},

		// Data: maps, structs, pointers; .Count is added to any of them.
		{"fr", "translated_by", nil, names, "Traduction : Ada et Alan"},
		{"en", "translated_by", nil, map[string]string{"Names": "Ada"}, "Translated by Ada"},
		{"en", "translated_by", nil, struct{ Names string }{"Ada"}, "Translated by Ada"},
		{"en", "translated_by", nil, &struct{ Names []string }{[]string{"Ada"}}, "Translated by [Ada]"},
		{"fr", "posted", nil, struct {
			Date   string
			Author author
		}{"1er mai", author{"Ada"}}, "Publié le 1er mai par Ada"},
		{"fr", "posted", nil, map[string]any{"Date": "1er mai", "Author": &author{"Alan"}}, "Publié le 1er mai par Alan"},
		{"en", "reading_time", 1, struct{ Count int }{7}, "1 minute read"}, // count wins over data's Count
		{"en", "reading_time", 1, map[string]any{"Count": 7}, "1 minute read"},

		// Fallback to the default language, with its plural rules.
		{"en", "home", nil, nil, "Accueil"},
		{"de", "reading_time", 0, nil, "0 minute de lecture"},
		{"pl", "translated_by", nil, names, "Traduction : Ada et Alan"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%s/%v", tt.lang, tt.key, tt.count), func(t *testing.T) {
			if got := c.T(tt.lang, tt.key, tt.count, tt.data); got != tt.want {
				t.Errorf("T(%q, %q, %#v, %#v) = %q, want %q", tt.lang, tt.key, tt.count, tt.data, got, tt.want)
			}
		})
	}
}

func TestTDoesNotModifyData(t *testing.T) {
	c := newTestCatalog(t)
	data := map[string]any{"Count": 9}
	if got := c.T("en", "reading_time", 1, data); got != "1 minute read" {
		t.Errorf("got %q", got)
	}
	if data["Count"] != 9 || len(data) != 1 {
		t.Errorf("data modified: %v", data)
	}
}

func TestPluralOperands(t *testing.T) {
	c := NewCatalog("fr")
	for _, lang := range []string{"fr", "en", "pl", "ar"} {
		if err := c.Add(lang, lang, []byte(`
[n]
zero = "zero"
one = "one"
two = "two"
few = "few"
many = "many"
other = "other"
`)); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		lang  string
		count any
		want  string
	}{
		{"fr", 0, "one"}, {"fr", 1, "one"}, {"fr", 1.5, "one"}, {"fr", 2, "other"},
		{"fr", 0.5, "one"}, {"fr", 1.99, "one"}, {"fr", 2.0, "other"}, {"fr", "1.50", "one"},
		{"fr", 1000000, "other"},
		{"en", 0, "other"}, {"en", 1, "one"}, {"en", 2, "other"}, {"en", "1.0", "other"}, {"en", "1", "one"},
		{"en", 1.0, "one"}, // a float64 1.0 has no visible fraction digits: it is 1
		{"en", -1, "one"},
		{"pl", 1, "one"}, {"pl", 2, "few"}, {"pl", 5, "many"}, {"pl", 12, "many"}, {"pl", 22, "few"},
		{"pl", 102, "few"}, {"pl", 112, "many"}, {"pl", 0, "many"}, {"pl", 0.5, "other"},
		{"ar", 0, "zero"}, {"ar", 1, "one"}, {"ar", 2, "two"}, {"ar", 3, "few"}, {"ar", 11, "many"},
		{"ar", 100, "other"}, {"ar", 103, "few"},
		// Large and odd counts.
		{"pl", uint64(1<<64 - 1), "many"}, // ...615: i % 10 = 5
		{"pl", int64(-1 << 63), "many"},   // ...808
		{"pl", "12345678901234567892", "few"},
		{"en", 1e21, "other"},
		{"en", nil, "other"},
		{"en", true, "other"},   // not a number: "other", with a warning
		{"en", "lots", "other"}, // idem
		{"en", "1.", "other"},   // idem
		{"en", "+1", "one"},     // a sign is fine
		{"en", " 1 ", "one"},    // and spaces around
		{"en", "0001", "one"},   // leading zeros do not make it large
		{"fr", "1.000", "one"},  // f = 0, v = 3
		{"fr", ".5", "one"},     // i = 0
		{"ar", "1.0", "one"},    // Arabic one is n = 1, whatever v
		{"ar", "3.00", "few"},   // n % 100 = 3..10
		{"ar", "3.10", "other"}, // not an integer n
		{"fr", float32(1.5), "one"},
	}
	for _, tt := range tests {
		if got := c.T(tt.lang, "n", tt.count, nil); got != tt.want {
			t.Errorf("%s: count %#v: got %q, want %q", tt.lang, tt.count, got, tt.want)
		}
	}
	want := []string{
		`en:2: "n": a count of type bool is not a number; using the "other" form`,
		`en:2: "n": count "1." is not a number; using the "other" form`,
		`en:2: "n": count "lots" is not a number; using the "other" form`,
	}
	if got := c.Warnings(); !reflect.DeepEqual(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFormFallback(t *testing.T) {
	c := NewCatalog("en")
	err := c.Add("en", "i18n/en.toml", []byte(`
[files]
few = "few files"
one = "{{ .Count }} file"
`))
	if err != nil {
		t.Fatal(err)
	}
	// No "other": the first present of zero, one, two, few, many, always.
	for _, count := range []any{nil, 0, 1, 5} {
		want := fmt.Sprintf("%v file", count)
		if count == nil {
			want = "<no value> file" // .Count is not set, data is a map: missingkey
		}
		got := c.T("en", "files", count, map[string]any{"Count": count})
		if got != want {
			t.Errorf("count %v: got %q, want %q", count, got, want)
		}
	}
	want := []string{`i18n/en.toml:2: "files" has no "other" form; using "one" instead`}
	if got := c.Warnings(); !reflect.DeepEqual(got, want) {
		t.Errorf("warnings: %q, want %q", got, want)
	}
}

func TestFallbackWarnings(t *testing.T) {
	c := newTestCatalog(t)
	if err := c.Add("pl", "i18n/pl.toml", []byte(`pl_only = "tylko po polsku"`)); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 3; i++ {
		if got := c.T("en", "home", nil, nil); got != "Accueil" {
			t.Errorf("en home = %q", got)
		}
		if got := c.T("de", "home", nil, nil); got != "Accueil" {
			t.Errorf("de home = %q", got)
		}
		if got := c.T("en", "nowhere", 2, nil); got != "nowhere" {
			t.Errorf("en nowhere = %q", got)
		}
		if got := c.T("fr", "nowhere", nil, nil); got != "nowhere" {
			t.Errorf("fr nowhere = %q", got)
		}
		if got := c.T("fr", "pl_only", nil, nil); got != "pl_only" {
			t.Errorf("fr pl_only = %q", got)
		}
		// Strings present everywhere record nothing.
		c.T("en", "read_more", nil, nil)
		c.T("fr", "read_more", nil, nil)
	}
	c.T("en", "pl_only", nil, nil) // no further warning for the key
	want := []string{
		`i18n/de.toml: no string "home" for de; using fr`,
		`i18n/en.toml: no string "home" for en; using fr`,
		`i18n/fr.toml: no string "nowhere" in any language; using the key itself`,
		`i18n/fr.toml: no string "pl_only" for fr, the default language (only for pl); using the key itself`,
		`i18n/pl.toml:10: "reading_time" lacks the plural form(s) few (as for 2), many (as for 0) that pl needs: add them to the table`,
	}
	if got := c.Warnings(); !reflect.DeepEqual(got, want) {
		t.Errorf("warnings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFallbackNamesLastOrigin(t *testing.T) {
	c := NewCatalog("fr")
	load(t, c, "fr", "fr.toml", "i18n/fr.toml")
	load(t, c, "en", "theme/en.toml", "themes/communs/i18n/en.toml")
	load(t, c, "en", "site/en.toml", "i18n/en.toml")
	load(t, c, "pl", "pl.toml", "themes/communs/i18n/pl.toml")
	c.T("en", "home", nil, nil)
	c.T("pl", "home", nil, nil)
	want := []string{
		`i18n/en.toml: no string "home" for en; using fr`,
		`themes/communs/i18n/pl.toml: no string "home" for pl; using fr`,
		`themes/communs/i18n/pl.toml:10: "reading_time" lacks the plural form(s) few (as for 2), many (as for 0) that pl needs: add them to the table`,
	}
	if got := c.Warnings(); !reflect.DeepEqual(got, want) {
		t.Errorf("warnings: %q, want %q", got, want)
	}
}

func TestExecuteError(t *testing.T) {
	c := newTestCatalog(t)
	for i := 0; i < 2; i++ {
		if got, want := c.T("fr", "translated_by", nil, nil), "Traduction : {{ .Names }}"; got != want {
			t.Errorf("got %q, want the raw template %q", got, want)
		}
		if got, want := c.T("fr", "posted", nil, map[string]any{"Date": "hier", "Author": 3}), "Publié le {{ .Date }} par {{ .Author.Name }}"; got != want {
			t.Errorf("got %q, want the raw template %q", got, want)
		}
	}
	var got []string
	for _, w := range c.Warnings() {
		if !strings.Contains(w, "lacks the plural form") { // the Polish table's
			got = append(got, w)
		}
	}
	if len(got) != 2 {
		t.Fatalf("want 2 warnings, got %q", got)
	}
	for i, prefix := range []string{
		`i18n/fr.toml:12: cannot render "translated_by" (other): `,
		`i18n/fr.toml:23: cannot render "posted" (other): `,
	} {
		if !strings.HasPrefix(got[i], prefix) || !strings.HasSuffix(got[i], "; using the raw text") {
			t.Errorf("warning %q, want prefix %q", got[i], prefix)
		}
	}
	if !strings.Contains(got[0], `map has no entry for key "Names"`) {
		t.Errorf("warning %q does not name the missing field", got[0])
	}
}

func TestOverride(t *testing.T) {
	c := NewCatalog("fr")
	load(t, c, "fr", "fr.toml", "i18n/fr.toml")
	load(t, c, "en", "theme/en.toml", "theme/i18n/en.toml")
	before := c.T("en", "read_more", nil, nil)
	load(t, c, "en", "site/en.toml", "i18n/en.toml")

	if before != "Continue reading" {
		t.Errorf("before override: %q", before)
	}
	tests := []struct {
		key   string
		count any
		want  string
		file  string
		line  int
	}{
		{"read_more", nil, "Read on", "i18n/en.toml", 3},
		// A whole key is replaced: the plain string serves every count.
		{"reading_time", 1, "1 min", "i18n/en.toml", 4},
		{"reading_time", 3, "3 min", "i18n/en.toml", 4},
		// Keys the site does not define stay.
		{"newer", nil, "Newer posts", "theme/i18n/en.toml", 3},
	}
	for _, tt := range tests {
		if got := c.T("en", tt.key, tt.count, nil); got != tt.want {
			t.Errorf("T(en, %s, %v) = %q, want %q", tt.key, tt.count, got, tt.want)
		}
		file, line, ok := c.Origin("en", tt.key)
		if !ok || file != tt.file || line != tt.line {
			t.Errorf("Origin(en, %s) = %q, %d, %v; want %q, %d", tt.key, file, line, ok, tt.file, tt.line)
		}
	}
	if got, want := c.Keys("en"), []string{"newer", "read_more", "reading_time"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Keys(en) = %q, want %q", got, want)
	}
	if w := c.Warnings(); len(w) != 0 {
		t.Errorf("unexpected warnings %q", w)
	}
}

func TestIntrospection(t *testing.T) {
	c := newTestCatalog(t)
	if got, want := c.Languages(), []string{"en", "fr", "pl"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Languages() = %q, want %q", got, want)
	}
	if got, want := c.Keys("fr"), []string{"comments", "home", "posted", "quoted key", "read_more", "reading_time", "translated_by"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Keys(fr) = %q, want %q", got, want)
	}
	if got := c.Keys("de"); got != nil {
		t.Errorf("Keys(de) = %q, want nil", got)
	}
	for _, tt := range []struct {
		lang, key string
		want      bool
	}{
		{"fr", "home", true}, {"en", "home", false}, {"en", "read_more", true}, {"de", "read_more", false}, {"fr", "description", false},
	} {
		if got := c.Has(tt.lang, tt.key); got != tt.want {
			t.Errorf("Has(%s, %s) = %v", tt.lang, tt.key, got)
		}
	}
	for _, tt := range []struct {
		lang, key string
		line      int
	}{
		{"fr", "read_more", 2}, {"fr", "home", 3}, {"fr", "quoted key", 4}, {"fr", "reading_time", 6},
		{"fr", "translated_by", 11}, {"fr", "comments", 16}, {"fr", "posted", 22},
		{"en", "read_more", 2}, {"en", "reading_time", 4}, {"pl", "reading_time", 10},
	} {
		file, line, ok := c.Origin(tt.lang, tt.key)
		if !ok || file != "i18n/"+tt.lang+".toml" || line != tt.line {
			t.Errorf("Origin(%s, %s) = %q, %d, %v; want line %d", tt.lang, tt.key, file, line, ok, tt.line)
		}
	}
	if _, _, ok := c.Origin("en", "home"); ok {
		t.Error("Origin(en, home) found")
	}
	if _, _, ok := c.Origin("de", "home"); ok {
		t.Error("Origin(de, home) found")
	}
}

func TestOriginLines(t *testing.T) {
	src := "\ufeff# comment = \"no\"\r\n" + // 1
		"a = \"\"\"\r\n" + // 2
		"b = \"inside a string\"\r\n" + // 3: not a key
		"[c]\r\n" + // 4: not a table
		"\"\"\"\r\n" + // 5
		"'lit.key' = '''x''' # c = 1\r\n" + // 6
		"d = { one = \"a\", other = \"b\" }\r\n" + // 7
		"e = {\r\n" + // 8 (TOML 1.1 multi-line inline table)
		"  one = \"x\",\r\n" + // 9
		"  other = \"y\", # comment\r\n" + // 10
		"}\r\n" + // 11
		"f.one = \"dotted\"\r\n" + // 12
		"f.other = \"dotted\"\r\n" + // 13
		"[ g ]  # table\r\n" + // 14
		"when = 1979-05-27 07:32:00Z\r\n" + // 15
		"list = [\r\n" + // 16
		"  { other = 1 },\r\n" + // 17
		"  \"x = y\",\r\n" + // 18
		"]\r\n" + // 19
		"other = \"\"\"q\"\"\"\"\r\n" + // 20
		"[\"h.i\"]\r\n" + // 21
		"one = 'x'\r\n" // 22
	got := scanKeyLines(src)
	want := map[string]int{
		"a": 2, "lit.key": 6, "d": 7, "d\x00one": 7, "d\x00other": 7,
		"e": 8, "e\x00one": 9, "e\x00other": 10, "f": 12, "f\x00one": 12, "f\x00other": 13,
		"g": 14, "g\x00when": 15, "g\x00list": 16, "g\x00other": 20, "h.i": 21, "h.i\x00one": 22,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("scanKeyLines:\n got %v\nwant %v", got, want)
	}

	// The same lines through Add and Origin, for the keys that are valid.
	c := NewCatalog("en")
	err := c.Add("en", "x.toml", []byte(src[:strings.Index(src, "[ g ]")]))
	if err != nil {
		t.Fatal(err)
	}
	for key, line := range map[string]int{"a": 2, "lit.key": 6, "d": 7, "e": 8, "f": 12} {
		if _, l, ok := c.Origin("en", key); !ok || l != line {
			t.Errorf("Origin(%s) = %d, %v; want %d", key, l, ok, line)
		}
	}
	if got := c.T("en", "e", 1, nil); got != "x" {
		t.Errorf("e = %q", got)
	}
	if got := c.T("en", "f", 2, nil); got != "dotted" {
		t.Errorf("f = %q", got)
	}
}

func TestAddErrors(t *testing.T) {
	tests := []struct {
		file string
		want []string // each line of the error: exact, or a prefix when ending in "…"
	}{
		{"bad/syntax.toml", []string{"i18n/fr.toml:3:…"}},
		{"bad/type.toml", []string{`i18n/fr.toml:2: "tags" is an array, want a string or a table of plural forms`}},
		{"bad/category.toml", []string{`i18n/fr.toml:5: "reading_time": unknown plural category "plenty" (want zero, one, two, few, many or other)`}},
		{"bad/template.toml", []string{`i18n/fr.toml:5: "reading_time" (other): template: reading_time.other:1: unexpected {{end}}`}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			c := NewCatalog("fr")
			data, err := os.ReadFile(filepath.Join("testdata", "catalog", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			err = c.Add("fr", "i18n/fr.toml", data)
			if err == nil {
				t.Fatal("no error")
			}
			got := strings.Split(err.Error(), "\n")
			if len(got) != len(tt.want) {
				t.Fatalf("error %q, want %d lines", err, len(tt.want))
			}
			for i, w := range tt.want {
				if p, ok := strings.CutSuffix(w, "…"); ok {
					if !strings.HasPrefix(got[i], p) || len(got[i]) == len(p) {
						t.Errorf("error %q, want prefix %q", got[i], p)
					}
				} else if got[i] != w {
					t.Errorf("error\n %q\nwant\n %q", got[i], w)
				}
			}
			// Nothing of a bad file is added.
			if keys := c.Keys("fr"); len(keys) != 0 {
				t.Errorf("keys %q added from a bad file", keys)
			}
		})
	}
}

func TestAddErrorsInline(t *testing.T) {
	tests := []struct {
		name, src string
		want      string
	}{
		{"int", "a = \"x\"\nn = 3", `f.toml:2: "n" is an integer, want a string or a table of plural forms`},
		{"bool in table", "[t]\none = true", `f.toml:2: "t": plural form "one" is a boolean, want a string`},
		{"nested table", "[t.one]\nx = 'y'", `f.toml:1: "t": plural form "one" is a table, want a string`},
		{"array of tables", "[[t]]\nother = 'y'", `f.toml:1: "t" is an array of tables, want a string or a table of plural forms`},
		{"empty table", "[t]\ndescription = 'only'", `f.toml:1: "t": table has no plural form (zero, one, two, few, many or other)`},
		{"date", "\n\nd = 2024-01-01", `f.toml:3: "d" is a date/time, want a string or a table of plural forms`},
		{"inline category", "t = { one = 'a',\n  lots = 'b' }", `f.toml:2: "t": unknown plural category "lots" (want zero, one, two, few, many or other)`},
		{"capitalised category", "[t]\nOther = 'a'", `f.toml:2: "t": unknown plural category "Other" (want zero, one, two, few, many or other)`},
		{"plain template", "a = '{{ .X'", `f.toml:1: "a": template: a:1: unclosed action`},
		{"several, by line", "[b]\nx = 'x'\n[a]\nother = 1", `f.toml:2: "b": unknown plural category "x" (want zero, one, two, few, many or other)` + "\n" +
			`f.toml:4: "a": plural form "other" is an integer, want a string`},
		{"duplicate key", "a = 'x'\na = 'y'", "f.toml:2:…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := NewCatalog("fr").Add("fr", "f.toml", []byte(tt.src))
			switch {
			case err == nil:
				t.Errorf("no error, want %q", tt.want)
			case strings.HasSuffix(tt.want, "…"):
				if !strings.HasPrefix(err.Error(), strings.TrimSuffix(tt.want, "…")) {
					t.Errorf("error %q, want prefix %q", err, tt.want)
				}
			case err.Error() != tt.want:
				t.Errorf("error\n %q\nwant\n %q", err, tt.want)
			}
		})
	}
	if err := NewCatalog("fr").Add("not a tag!", "f.toml", nil); err == nil || !strings.HasPrefix(err.Error(), `f.toml: language "not a tag!": `) {
		t.Errorf("bad language: %v", err)
	}
}

func TestConcurrentT(t *testing.T) {
	c := newTestCatalog(t)
	type call struct {
		lang, key string
		count     any
		data      any
		want      string
	}
	calls := []call{
		{"fr", "reading_time", 1, nil, "1 minute de lecture"},
		{"en", "reading_time", 2, nil, "2 minutes read"},
		{"pl", "comments", 22, nil, "22 komentarze"},
		{"en", "home", nil, nil, "Accueil"},
		{"en", "nowhere", nil, nil, "nowhere"},
		{"fr", "translated_by", nil, map[string]any{"Names": "Ada"}, "Traduction : Ada"},
		{"fr", "translated_by", nil, nil, "Traduction : {{ .Names }}"},
		{"en", "read_more", nil, nil, "Read more"},
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 32; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 500; i++ {
				cl := calls[(g+i)%len(calls)]
				if got := c.T(cl.lang, cl.key, cl.count, cl.data); got != cl.want {
					select {
					case errs <- fmt.Sprintf("T(%s, %s) = %q, want %q", cl.lang, cl.key, got, cl.want):
					default:
					}
				}
			}
		}()
	}
	// Adding while reading is safe too.
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 20; i++ {
			if err := c.Add("de", "i18n/de.toml", []byte(fmt.Sprintf("read_more = 'Weiterlesen %d'", i))); err != nil {
				errs <- err.Error()
			}
			c.Warnings()
			c.Keys("de")
		}
	}()
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	// (The Polish table lacks the forms few and many.)
	if got := c.Warnings(); len(got) != 4 {
		t.Errorf("want 4 warnings (fallback, missing, template, plural forms), got %q", got)
	}
}

// TestIncompletePluralTable: an override whose table lacks a form the
// language needs is a warning at its line, not "1 billets" in silence.
func TestIncompletePluralTable(t *testing.T) {
	c := NewCatalog("fr")
	if err := c.Add("fr", "i18n/fr.toml", []byte("read_more = \"Lire\"\n\n[posts]\nother = \"{{ .Count }} billets\"\n\n[note]\ndescription = \"a message, not a count\"\nother = \"Une note\"\n")); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(c.Warnings(), "\n")
	if !strings.Contains(got, `i18n/fr.toml:3: "posts" lacks the plural form(s) one (as for 0) that fr needs`) {
		t.Errorf("no warning for the table without one: %q", got)
	}
	if strings.Contains(got, `"note"`) {
		t.Errorf("a message with a description taken for a plural: %q", got)
	}
}

func BenchmarkT(b *testing.B) {
	c := NewCatalog("fr")
	for _, lang := range []string{"fr", "en"} {
		data, err := os.ReadFile(filepath.Join("testdata", "catalog", lang+".toml"))
		if err != nil {
			b.Fatal(err)
		}
		if err := c.Add(lang, lang, data); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("plain", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				c.T("en", "read_more", nil, nil)
			}
		})
	})
	b.Run("plural", func(b *testing.B) {
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				c.T("fr", "reading_time", 3, nil)
			}
		})
	})
}

// TestRenamedKeysWarn: a site's file that still sets a key communs
// renamed is told which key reads its wording now, with the line.
func TestRenamedKeysWarn(t *testing.T) {
	c := NewCatalog("fr")
	if err := c.Add("fr", "i18n/fr.toml", []byte("read_more = \"Lire\"\n\npdf_text_by = \"Écrit par {{ .Names }}\"\n")); err != nil {
		t.Fatal(err)
	}
	w := c.Warnings()
	if len(w) != 1 || !strings.HasPrefix(w[0], `i18n/fr.toml:3: "pdf_text_by" is no longer read`) || !strings.Contains(w[0], `"by"`) {
		t.Errorf("warnings %q, want pdf_text_by's renaming at line 3", w)
	}
	used, _, err := TemplateKeys(t.TempDir(), "")
	if err != nil {
		t.Fatal(err)
	}
	for old, now := range RenamedKeys {
		if !slices.Contains(CodeKeys, now) && !used[now] {
			t.Errorf("%s was renamed %s, which communs does not read", old, now)
		}
		if slices.Contains(CodeKeys, old) || used[old] {
			t.Errorf("%s is said to be renamed, but communs still reads it", old)
		}
	}
}

// TestTFallsBackToEnglish: a site in a language communs has no strings
// for shows the English ones, with one warning, not the keys.
func TestTFallsBackToEnglish(t *testing.T) {
	c := NewCatalog("de")
	if err := c.Add("en", "en.toml", []byte("home = \"Home\"\n[comments]\none = \"{{ .Count }} comment\"\nother = \"{{ .Count }} comments\"\n")); err != nil {
		t.Fatal(err)
	}
	if got := c.T("de", "home", nil, nil); got != "Home" {
		t.Errorf("T(de, home) = %q, want the English string", got)
	}
	if got := c.T("de", "comments", 1, nil); got != "1 comment" {
		t.Errorf("T(de, comments, 1) = %q", got)
	}
	if w := c.Warnings(); len(w) != 1 || !strings.Contains(w[0], "i18n/de.toml") {
		t.Errorf("warnings = %q, want one naming i18n/de.toml", w)
	}
}
