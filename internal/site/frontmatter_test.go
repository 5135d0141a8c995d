package site

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests must not depend on the machine's zoneinfo
)

// mustLoc loads a time zone; t may be nil for package-level values.
func mustLoc(t testing.TB, name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		if t == nil {
			panic(err)
		}
		t.Fatalf("LoadLocation(%q): %v", name, err)
	}
	return loc
}

// parseFile splits and parses src as Load does: the front matter text
// starts on line 2 of the file.
func parseFile(t *testing.T, src string, loc *time.Location) (*FrontMatter, []*FieldError) {
	t.Helper()
	format, fm, _, _, err := SplitFrontMatter([]byte(src))
	if err != nil {
		t.Fatalf("SplitFrontMatter: %v", err)
	}
	return ParseFrontMatter(format, fm, 2, loc)
}

func mustParse(t *testing.T, src string, loc *time.Location) *FrontMatter {
	t.Helper()
	fm, errs := parseFile(t, src, loc)
	for _, e := range errs {
		t.Errorf("unexpected error at line %d: %s", e.Line, e.Msg)
	}
	if fm == nil {
		t.Fatalf("ParseFrontMatter returned no front matter")
	}
	return fm
}

func containsAll(s string, phrases ...string) bool {
	for _, p := range phrases {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		format   string
		fm       string
		body     string
		bodyLine int
	}{
		{"toml", "+++\ntitle = \"x\"\n+++\nBody\n", "toml", "title = \"x\"\n", "Body\n", 4},
		{"yaml", "---\ntitle: x\ndate: 2023-01-10\n---\nBody\n", "yaml", "title: x\ndate: 2023-01-10\n", "Body\n", 5},
		{"BOM", "\xef\xbb\xbf+++\ntitle = \"x\"\n+++\nBody\n", "toml", "title = \"x\"\n", "Body\n", 4},
		{"CRLF", "+++\r\ntitle = \"x\"\r\ntags = [\"a\"]\r\n+++\r\nBody\r\nmore\r\n", "toml", "title = \"x\"\ntags = [\"a\"]\n", "Body\nmore\n", 5},
		{"BOM and CRLF yaml", "\xef\xbb\xbf---\r\ntitle: x\r\n---\r\nBody\r\n", "yaml", "title: x\n", "Body\n", 4},
		{"delimiters with trailing blanks", "+++  \ntitle = \"x\"\n+++ \t\nBody\n", "toml", "title = \"x\"\n", "Body\n", 4},
		{"empty front matter", "+++\n+++\nBody\n", "toml", "", "Body\n", 3},
		{"no body, no final newline", "+++\ntitle = \"x\"\n+++", "toml", "title = \"x\"\n", "", 4},
		{"body holds a thematic break", "---\ntitle: x\n---\nA\n\n---\n\nB\n", "yaml", "title: x\n", "A\n\n---\n\nB\n", 4},
		{"toml body holds +++ later", "+++\ntitle = \"x\"\n+++\nA\n+++\n", "toml", "title = \"x\"\n", "A\n+++\n", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			format, fm, body, bodyLine, err := SplitFrontMatter([]byte(tt.in))
			if err != nil {
				t.Fatalf("error: %v", err)
			}
			if format != tt.format {
				t.Errorf("format = %q, want %q", format, tt.format)
			}
			if string(fm) != tt.fm {
				t.Errorf("front matter = %q, want %q", fm, tt.fm)
			}
			if string(body) != tt.body {
				t.Errorf("body = %q, want %q", body, tt.body)
			}
			if bodyLine != tt.bodyLine {
				t.Errorf("bodyLine = %d, want %d", bodyLine, tt.bodyLine)
			}
		})
	}
}

func TestSplitFrontMatterErrors(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		line    int
		phrases []string
	}{
		{"no front matter", "# Titre\n\nTexte.\n", 1, []string{"no front matter", "+++"}},
		{"empty file", "", 1, []string{"no front matter"}},
		{"four plus signs", "++++\ntitle = \"x\"\n++++\n", 1, []string{"no front matter"}},
		{"front matter not at the top", "\n+++\ntitle = \"x\"\n+++\n", 1, []string{"no front matter"}},
		{"toml never closed", "+++\ntitle = \"x\"\n\nBody\n", 1, []string{"never closed", "add a line +++"}},
		{"yaml never closed", "---\ntitle: x\n\nBody\n", 1, []string{"never closed", "add a line ---"}},
		{"only the opening line", "+++", 1, []string{"never closed", "+++"}},
		{"only the opening line and newline", "+++\n", 1, []string{"never closed"}},
		{"invalid UTF-8 in front matter", "+++\ntitle = \"x\"\nsummary = \"caf\xe9\"\n+++\nBody\n", 3, []string{"not valid UTF-8", "save it as UTF-8"}},
		{"invalid UTF-8 in body", "+++\ntitle = \"x\"\n+++\nOne\nTwo \xff\n", 5, []string{"not valid UTF-8"}},
		{"invalid UTF-8 after BOM and CRLF", "\xef\xbb\xbf+++\r\ntitle = \"x\"\r\n+++\r\n\xc3\r\n", 4, []string{"not valid UTF-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, _, err := SplitFrontMatter([]byte(tt.in))
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a *FieldError", err)
			}
			if fe.Line != tt.line {
				t.Errorf("line = %d, want %d (%s)", fe.Line, tt.line, fe.Msg)
			}
			if !containsAll(fe.Msg, tt.phrases...) {
				t.Errorf("message %q lacks %q", fe.Msg, tt.phrases)
			}
		})
	}
}

func TestParseFrontMatterSyntaxErrors(t *testing.T) {
	loc := mustLoc(t, "Europe/Paris")
	tests := []struct {
		name    string
		in      string
		line    int
		phrases []string
	}{
		{"toml missing value", "+++\ntitle = \"x\"\n# comment\noops =\n+++\n", 4, []string{"invalid TOML"}},
		{"toml unterminated string", "+++\ntitle = \"x\"\n\nsummary = \"abc\n+++\n", 4, []string{"invalid TOML"}},
		{"toml duplicate key", "+++\ntitle = \"x\"\ndate = 2023-01-01\ntitle = \"y\"\n+++\n", 4, []string{"invalid TOML", "title"}},
		{"toml bad date", "+++\ntitle = \"x\"\ndate = 2023-13-01\n+++\n", 3, []string{"invalid TOML"}},
		{"toml error on first line", "+++\ntitle = \n+++\n", 2, []string{"invalid TOML"}},
		{"toml after CRLF and BOM", "\xef\xbb\xbf+++\r\ntitle = \"x\"\r\n\r\nbad = [1,\r\n+++\r\n", 4, []string{"invalid TOML"}},
		{"yaml scanner error", "---\ntitle: x\n# comment\nsummary: \"abc\n---\n", 4, []string{"invalid YAML"}},
		{"yaml bad indentation", "---\ntitle: x\n# comment\n  bad: indent: here\n---\n", 4, []string{"invalid YAML"}},
		{"yaml unclosed flow list", "---\ntitle: x\n# comment\ntags: [a, b\n---\n", 4, []string{"invalid YAML"}},
		{"yaml mapping value in plain scalar", "---\ntitle: x\ndate: 2023-01-01\nsummary: a: b\n---\n", 4, []string{"invalid YAML"}},
		{"yaml tab indentation", "---\ntitle: x\ntags:\n\t- a\n---\n", 4, []string{"invalid YAML"}},
		{"yaml list at the top", "---\n- a\n- b\n---\n", 2, []string{"invalid YAML", "mapping"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, errs := parseFile(t, tt.in, loc)
			if fm != nil {
				t.Errorf("front matter returned despite a syntax error")
			}
			if len(errs) != 1 {
				t.Fatalf("got %d errors, want 1: %v", len(errs), errs)
			}
			if errs[0].Line != tt.line {
				t.Errorf("line = %d, want %d (%s)", errs[0].Line, tt.line, errs[0].Msg)
			}
			if !containsAll(errs[0].Msg, tt.phrases...) {
				t.Errorf("message %q lacks %q", errs[0].Msg, tt.phrases)
			}
		})
	}
}

func TestParseFrontMatterTypeErrors(t *testing.T) {
	loc := mustLoc(t, "Europe/Paris")
	// The key under test sits on line 4 of the file: line 1 is +++, line 3
	// a comment, so a line counted from the front matter would be off.
	tests := []struct {
		name    string
		format  string
		line4   string
		more    string
		phrases []string
	}{
		{"date not a date", "toml", `date = "next week"`, "", []string{`"next week" is not a date`, "date = 2023-11-21"}},
		{"date a bool", "toml", `date = true`, "", []string{"date must be a date", "2023-11-21"}},
		{"date a time of day", "toml", `date = 10:30:00`, "", []string{"date must be a date", "time of day", "date = 2023-11-21T10:30:00"}},
		{"lastmod not a date", "toml", `lastmod = "hier"`, "", []string{"lastmod", "not a date", "lastmod = 2023-11-21"}},
		{"tags a number", "toml", `tags = 3`, "", []string{"tags must be a list of strings", `tags = ["a", "b"]`}},
		{"tags holding a number", "toml", `tags = ["a", 3]`, "", []string{"tags must be a list of strings", `tags = [`}},
		{"authors a table", "toml", `authors = {name = "x"}`, "", []string{"authors must be a list of strings", "a table"}},
		{"draft a string", "toml", `draft = "yes"`, "", []string{"draft must be true or false", "draft = true"}},
		{"weight a decimal", "toml", `weight = 1.5`, "", []string{"weight must be a whole number", "weight = "}},
		{"weight a string", "toml", `weight = "first"`, "", []string{"weight must be a whole number", "a string"}},
		{"subtitle a bool", "toml", `subtitle = true`, "", []string{"subtitle must be a string", `subtitle = "…"`}},
		{"series two items", "toml", `series = ["a", "b"]`, "", []string{"series must be a string", `series = "…"`}},
		{"source not a table", "toml", `source = "https://example.com"`, "", []string{"source must be a table", "[source]"}},
		{"source field wrong type", "toml", `[source]`, "url = true\n", []string{"source: url must be a string"}},
		{"unknown format", "toml", `formats = ["mobi"]`, "", []string{`unknown format "mobi"`, `formats = ["epub", "pdf"]`}},
		{"formats a string", "toml", `formats = "pdf, epub"`, "", []string{`unknown format "pdf, epub"`, `formats = ["epub", "pdf"]`}},
		{"yaml tags a number", "yaml", `tags: 3`, "", []string{"tags must be a list of strings"}},
		{"yaml draft a string", "yaml", `draft: "yes"`, "", []string{"draft must be true or false"}},
		{"yaml date not a date", "yaml", `date: next week`, "", []string{"not a date"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			delim, first := "+++", `title = "Titre"`
			if tt.format == "yaml" {
				delim, first = "---", "title: Titre"
			}
			src := delim + "\n" + first + "\n# comment\n" + tt.line4 + "\n" + tt.more + delim + "\nBody\n"
			fm, errs := parseFile(t, src, loc)
			if fm == nil {
				t.Fatalf("no front matter returned for a type error")
			}
			if len(errs) != 1 {
				t.Fatalf("got %d errors, want 1: %v", len(errs), errs)
			}
			if errs[0].Line != 4 {
				t.Errorf("line = %d, want 4 (%s)", errs[0].Line, errs[0].Msg)
			}
			if !containsAll(errs[0].Msg, tt.phrases...) {
				t.Errorf("message %q lacks %q", errs[0].Msg, tt.phrases)
			}
		})
	}
}

func TestParseFrontMatterDates(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	ny := mustLoc(t, "America/New_York")
	minus5 := time.FixedZone("", -5*3600)
	plus2 := time.FixedZone("", 2*3600)
	tests := []struct {
		name   string
		src    string
		loc    *time.Location
		want   time.Time
		offset int // expected zone offset of the result, in seconds
	}{
		{"toml local date", "+++\ndate = 2023-01-10\n+++\n", paris, time.Date(2023, 1, 10, 0, 0, 0, 0, paris), 3600},
		{"toml local date in another zone", "+++\ndate = 2023-01-10\n+++\n", ny, time.Date(2023, 1, 10, 0, 0, 0, 0, ny), -5 * 3600},
		{"toml local datetime, summer", "+++\ndate = 2023-07-10T10:30:00\n+++\n", paris, time.Date(2023, 7, 10, 10, 30, 0, 0, paris), 7200},
		{"toml local datetime with space", "+++\ndate = 2023-07-10 10:30:00\n+++\n", paris, time.Date(2023, 7, 10, 10, 30, 0, 0, paris), 7200},
		{"toml offset datetime kept", "+++\ndate = 2023-01-10T10:30:00-05:00\n+++\n", paris, time.Date(2023, 1, 10, 10, 30, 0, 0, minus5), -5 * 3600},
		{"toml UTC datetime kept", "+++\ndate = 2023-01-10T23:30:00Z\n+++\n", paris, time.Date(2023, 1, 10, 23, 30, 0, 0, time.UTC), 0},
		{"string date", "+++\ndate = \"2023-01-10\"\n+++\n", paris, time.Date(2023, 1, 10, 0, 0, 0, 0, paris), 3600},
		{"string RFC 3339", "+++\ndate = \"2023-01-10T10:30:00+02:00\"\n+++\n", paris, time.Date(2023, 1, 10, 10, 30, 0, 0, plus2), 7200},
		{"string RFC 3339 fraction", "+++\ndate = \"2023-01-10T10:30:00.5Z\"\n+++\n", paris, time.Date(2023, 1, 10, 10, 30, 0, 5e8, time.UTC), 0},
		{"string local datetime", "+++\ndate = \"2023-01-10T10:30:00\"\n+++\n", paris, time.Date(2023, 1, 10, 10, 30, 0, 0, paris), 3600},
		{"string space datetime", "+++\ndate = \"2023-01-10 10:30:00\"\n+++\n", paris, time.Date(2023, 1, 10, 10, 30, 0, 0, paris), 3600},
		{"string space datetime offset", "+++\ndate = \"2023-01-10 10:30:00-05:00\"\n+++\n", paris, time.Date(2023, 1, 10, 10, 30, 0, 0, minus5), -5 * 3600},
		{"string minutes", "+++\ndate = \"2023-01-10T10:30\"\n+++\n", paris, time.Date(2023, 1, 10, 10, 30, 0, 0, paris), 3600},
		{"string space minutes", "+++\ndate = \" 2023-01-10 10:30 \"\n+++\n", paris, time.Date(2023, 1, 10, 10, 30, 0, 0, paris), 3600},
		{"yaml unquoted date in the location", "---\ndate: 2023-01-10\n---\n", paris, time.Date(2023, 1, 10, 0, 0, 0, 0, paris), 3600},
		{"yaml unquoted date in another location", "---\ndate: 2023-01-10\n---\n", ny, time.Date(2023, 1, 10, 0, 0, 0, 0, ny), -5 * 3600},
		{"yaml quoted date", "---\ndate: \"2023-01-10\"\n---\n", paris, time.Date(2023, 1, 10, 0, 0, 0, 0, paris), 3600},
		{"yaml local datetime", "---\ndate: 2023-07-10T10:30:00\n---\n", paris, time.Date(2023, 7, 10, 10, 30, 0, 0, paris), 7200},
		{"yaml offset datetime kept", "---\ndate: 2023-01-10T10:30:00+02:00\n---\n", paris, time.Date(2023, 1, 10, 10, 30, 0, 0, plus2), 7200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm := mustParse(t, tt.src, tt.loc)
			if !fm.Date.Equal(tt.want) {
				t.Errorf("Date = %v, want %v", fm.Date, tt.want)
			}
			if _, off := fm.Date.Zone(); off != tt.offset {
				t.Errorf("Date = %v: offset %d, want %d", fm.Date, off, tt.offset)
			}
			if y, m, d := fm.Date.Date(); y != tt.want.Year() || m != tt.want.Month() || d != tt.want.Day() {
				t.Errorf("Date = %v: calendar day differs from %v", fm.Date, tt.want)
			}
		})
	}
}

func TestParseFrontMatterLastmodAndSourceDate(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	fm := mustParse(t, "+++\ntitle = \"x\"\ndate = 2023-01-10\nlastmod = 2023-02-01T08:00:00\n[source]\ntitle = \"Original\"\nauthor = \"Jane\"\nurl = \"https://example.com/a\"\ndate = 2022-12-24\nlanguage = \"en\"\n+++\n", paris)
	if want := time.Date(2023, 2, 1, 8, 0, 0, 0, paris); !fm.Lastmod.Equal(want) {
		t.Errorf("Lastmod = %v, want %v", fm.Lastmod, want)
	}
	want := &Source{Title: "Original", Author: "Jane", URL: "https://example.com/a", Date: "2022-12-24", Language: "en"}
	if !reflect.DeepEqual(fm.Source, want) {
		t.Errorf("Source = %+v, want %+v", fm.Source, want)
	}
	if !fm.Date.Equal(time.Date(2023, 1, 10, 0, 0, 0, 0, paris)) {
		t.Errorf("top-level date = %v: the [source] date must not replace it", fm.Date)
	}
}

func TestParseFrontMatterFields(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	src := `+++
title = "Collectivisons Internet"
subtitle = "Un sous-titre"
description = "Résumé court"
date = 2022-10-15
draft = true
slug = "collectivisons"
summary = "Le résumé"
author = "Alice"
translators = ["Bob", "Carol"]
reviewers = ["Dan"]
license = "CC-BY-4.0"
tags = ["Logiciel libre", "  ", "Fédivers"]
categories = "Chroniques"
series = ["Frama, c'est pas que…"]
translationKey = "collectivisons"
translatedFrom = "sha256:abc"
formats = ["epub", "pdf"]
cover = "cover.jpg"
weight = 3
aliases = ["/old/", "ancien"]
mood = "joyeux"

[params]
color = "red"
+++
Body
`
	fm := mustParse(t, src, paris)
	checks := []struct {
		field string
		got   any
		want  any
	}{
		{"Title", fm.Title, "Collectivisons Internet"},
		{"Subtitle", fm.Subtitle, "Un sous-titre"},
		{"Description", fm.Description, "Résumé court"},
		{"Draft", fm.Draft, true},
		{"Slug", fm.Slug, "collectivisons"},
		{"Summary", fm.Summary, "Le résumé"},
		{"Authors", fm.Authors, []string{"Alice"}},
		{"Translators", fm.Translators, []string{"Bob", "Carol"}},
		{"Reviewers", fm.Reviewers, []string{"Dan"}},
		{"License", fm.License, "CC-BY-4.0"},
		{"Tags", fm.Tags, []string{"Logiciel libre", "Fédivers"}},
		{"Categories", fm.Categories, []string{"Chroniques"}},
		{"Series", fm.Series, "Frama, c'est pas que…"},
		{"TranslationKey", fm.TranslationKey, "collectivisons"},
		{"TranslatedFrom", fm.TranslatedFrom, "sha256:abc"},
		{"Formats", fm.Formats, []string{"epub", "pdf"}},
		{"Cover", fm.Cover, "cover.jpg"},
		{"Weight", fm.Weight, 3},
		{"Aliases", fm.Aliases, []string{"/old/", "ancien"}},
		{"Params[mood]", fm.Params["mood"], "joyeux"},
		{"Params[params]", fm.Params["params"], map[string]any{"color": "red"}},
		{"Params[title]", fm.Params["title"], "Collectivisons Internet"},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.field, c.got, c.want)
		}
	}
	wantLines := map[string]int{"title": 2, "date": 5, "draft": 6, "author": 9, "tags": 13, "series": 15, "formats": 18, "weight": 20, "aliases": 21, "mood": 22, "params": 24}
	for k, want := range wantLines {
		if got := fm.Lines[k]; got != want {
			t.Errorf("Lines[%q] = %d, want %d", k, got, want)
		}
	}
	if len(fm.Lines) != len(fm.Params) {
		t.Errorf("Lines has %d keys, Params %d: every key needs a line", len(fm.Lines), len(fm.Params))
	}
	keys := fm.SortedKeys()
	if len(keys) != len(fm.Params) || keys[0] != "aliases" || keys[len(keys)-1] != "weight" {
		t.Errorf("SortedKeys = %v", keys)
	}
}

func TestParseFrontMatterAuthorsAndSeries(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	tests := []struct {
		name    string
		src     string
		authors []string
		series  string
	}{
		{"author string", "+++\nauthor = \"Alice\"\n+++\n", []string{"Alice"}, ""},
		{"authors string", "+++\nauthors = \"Alice\"\n+++\n", []string{"Alice"}, ""},
		{"authors list wins over author", "+++\nauthor = \"Zoé\"\nauthors = [\"Alice\", \"Bob\"]\n+++\n", []string{"Alice", "Bob"}, ""},
		{"empty author", "+++\nauthor = \"\"\n+++\n", nil, ""},
		{"series string", "+++\nseries = \"Dégooglisons\"\n+++\n", nil, "Dégooglisons"},
		{"series one-item list", "+++\nseries = [\"Dégooglisons\"]\n+++\n", nil, "Dégooglisons"},
		{"yaml author", "---\nauthor: Alice\n---\n", []string{"Alice"}, ""},
		{"yaml authors list", "---\nauthors:\n  - Alice\n  - Bob\n---\n", []string{"Alice", "Bob"}, ""},
		{"yaml series one-item list", "---\nseries: [Dégooglisons]\n---\n", nil, "Dégooglisons"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm := mustParse(t, tt.src, paris)
			if !reflect.DeepEqual(fm.Authors, tt.authors) {
				t.Errorf("Authors = %#v, want %#v", fm.Authors, tt.authors)
			}
			if fm.Series != tt.series {
				t.Errorf("Series = %q, want %q", fm.Series, tt.series)
			}
		})
	}
}

func TestParseFrontMatterYAML(t *testing.T) {
	paris := mustLoc(t, "Europe/Paris")
	src := `---
title: Bonjour
# a comment
draft: false
weight: 2
tags: [Libre, Fédivers]
categories:
  - Chroniques
slug: 2023
mood: joyeux
nested:
  a: 1
  b: [x, y]
anchor: &a valeur
copy: *a
---
Body
`
	fm := mustParse(t, src, paris)
	if fm.Title != "Bonjour" || fm.Draft || fm.Weight != 2 || fm.Slug != "2023" {
		t.Errorf("Title %q Draft %v Weight %d Slug %q", fm.Title, fm.Draft, fm.Weight, fm.Slug)
	}
	if !reflect.DeepEqual(fm.Tags, []string{"Libre", "Fédivers"}) || !reflect.DeepEqual(fm.Categories, []string{"Chroniques"}) {
		t.Errorf("Tags %v Categories %v", fm.Tags, fm.Categories)
	}
	if fm.Params["mood"] != "joyeux" || fm.Params["copy"] != "valeur" {
		t.Errorf("Params = %v", fm.Params)
	}
	if want := map[string]any{"a": int64(1), "b": []any{"x", "y"}}; !reflect.DeepEqual(fm.Params["nested"], want) {
		t.Errorf("Params[nested] = %#v, want %#v", fm.Params["nested"], want)
	}
	for k, want := range map[string]int{"title": 2, "draft": 4, "weight": 5, "tags": 6, "categories": 7, "slug": 9, "nested": 11} {
		if fm.Lines[k] != want {
			t.Errorf("Lines[%q] = %d, want %d", k, fm.Lines[k], want)
		}
	}
}

func TestParseFrontMatterYAMLNestedKeyLines(t *testing.T) {
	// A nested key of the same name earlier in the file must not take the
	// top-level key's line.
	fm, errs := parseFile(t, "---\ntitle: x\nsource:\n  date: 2020-01-01\n  title: Original\ndate: demain\n---\n", mustLoc(t, "Europe/Paris"))
	if len(errs) != 1 || errs[0].Line != 6 || !strings.Contains(errs[0].Msg, `"demain" is not a date`) {
		t.Fatalf("errors = %v, want one at line 6", errs)
	}
	if fm.Lines["date"] != 6 || fm.Lines["title"] != 2 || fm.Lines["source"] != 3 {
		t.Errorf("Lines = %v", fm.Lines)
	}
	if fm.Source == nil || fm.Source.Date != "2020-01-01" || fm.Source.Title != "Original" {
		t.Errorf("Source = %+v", fm.Source)
	}
}

func TestParseFrontMatterYAMLEmptyValues(t *testing.T) {
	// Hugo archetypes leave keys empty (date:, tags:); an empty value is
	// no value, not a type error.
	fm := mustParse(t, "---\ntitle: Bonjour\ndate:\ntags:\ndraft:\nweight:\nsource:\n---\n", mustLoc(t, "Europe/Paris"))
	if !fm.Date.IsZero() || fm.Tags != nil || fm.Draft || fm.Weight != 0 || fm.Source != nil {
		t.Errorf("empty values gave %+v", fm)
	}
}

func TestParseFrontMatterEmpty(t *testing.T) {
	for _, src := range []string{"+++\n+++\nBody\n", "---\n---\nBody\n", "---\n# only a comment\n---\n"} {
		fm := mustParse(t, src, time.UTC)
		if fm.Title != "" || len(fm.Params) != 0 || fm.Params == nil || fm.Lines == nil {
			t.Errorf("%q: got %+v", src, fm)
		}
	}
}

func TestParseFrontMatterFirstLine(t *testing.T) {
	// Lines are counted from firstLine, whatever the caller gives.
	fm, errs := ParseFrontMatter("toml", []byte("title = \"x\"\n\ndraft = 1\n"), 10, time.UTC)
	if fm == nil || len(errs) != 1 {
		t.Fatalf("fm %v errs %v", fm, errs)
	}
	if errs[0].Line != 12 || fm.Lines["title"] != 10 {
		t.Errorf("error line %d, title line %d; want 12 and 10", errs[0].Line, fm.Lines["title"])
	}
}

func TestURLKeyMustBeAPath(t *testing.T) {
	for _, u := range []string{"a-propos/", "https://x.example/a/", "/a/../../b/"} {
		fm, errs := ParseFrontMatter("toml", []byte("title = \"x\"\nurl = \""+u+"\"\n"), 1, time.UTC)
		if len(errs) != 1 || errs[0].Line != 2 || fm.URL != "" {
			t.Errorf("url = %q: errors %v, URL %q; want one error on line 2", u, errs, fm.URL)
		}
	}
	if fm, errs := ParseFrontMatter("toml", []byte("title = \"x\"\nurl = \"/a/b/\"\n"), 1, time.UTC); len(errs) != 0 || fm.URL != "/a/b/" {
		t.Errorf("url = \"/a/b/\": %v, %q", errs, fm.URL)
	}
}
