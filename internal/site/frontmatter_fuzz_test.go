package site

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// laughs is the "billion laughs": nine levels of ten aliases each.
var laughs = func() string {
	var b strings.Builder
	b.WriteString("---\nl0: &l0 [lol]\n")
	for i := 1; i < 10; i++ {
		fmt.Fprintf(&b, "l%d: &l%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 10), ", "))
	}
	b.WriteString("title: rire\n---\n")
	return b.String()
}()

// TestYAMLAliases: found by FuzzFrontMatter, an alias inside its own
// anchor overflowed the stack (a crash, not a panic), and aliases of
// aliases grew without bound. Both are errors with their line now.
func TestYAMLAliases(t *testing.T) {
	for _, c := range []struct{ text, want string }{
		{"---\ntitle: A\na: &x [*x]\n---\n", "the alias *x is inside its own anchor &x"},
		{"---\ntitle: A\nb: &y {c: [*y]}\n---\n", "the alias *y is inside its own anchor &y"},
		{laughs, "aliases make the front matter more than 100000 values"},
	} {
		format, fm, _, _, err := SplitFrontMatter([]byte(c.text))
		if err != nil {
			t.Fatal(err)
		}
		// (The laughs end on the count of values, not on a clock: a
		// regression hangs until go test's -timeout says where.)
		got, errs := ParseFrontMatter(format, fm, 2, time.UTC)
		if got != nil || len(errs) != 1 || !strings.Contains(errs[0].Msg, c.want) || errs[0].Line < 2 {
			t.Errorf("%q: %v, want one error %q", c.text, errs, c.want)
		}
	}
	// Aliases used as they are meant still work.
	format, fm, _, _, _ := SplitFrontMatter([]byte("---\ntitle: A\nauthors: &a [Camille, Sam]\ntranslators: *a\n---\n"))
	got, errs := ParseFrontMatter(format, fm, 2, time.UTC)
	if len(errs) != 0 || got == nil || len(got.Translators) != 2 {
		t.Errorf("aliases: %v %v", got, errs)
	}
}

// FuzzFrontMatter splits and decodes any content file: never a panic, and
// every problem on a line of the file.
func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{
		"+++\ntitle = \"A\"\ndate = 2024-01-02\ntags = [\"a\", \"b\"]\n+++\n\nTexte.\n",
		"---\ntitle: A\ndate: 2024-01-02T10:30:00+01:00\nseries: [s]\nsource:\n  title: T\n  url: https://x/\n---\nx\n",
		"\ufeff+++\r\ntitle = \"BOM\"\r\n+++\r\n",
		"+++\ntitle = \"A\"\ndate = \"next week\"\ntags = 3\nweight = 1.5\ndraft = \"yes\"\n+++\n",
		"---\n- a\n- b\n---\n",
		"---\na: &x [*x]\n---\n",
		"---\na: &x {b: *x}\n---\n",
		laughs,
		"+++\n[source]\ndate = 10:30:00\n+++\n",
		"+++\ntitle = \"A\"\n",
		"Caf\xe9\n",
		"",
	} {
		f.Add([]byte(s))
	}
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		loc = time.UTC
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		format, fm, body, bodyLine, err := SplitFrontMatter(data)
		if err != nil {
			fe, ok := err.(*FieldError)
			if !ok {
				t.Fatalf("error %T %v, want a *FieldError", err, err)
			}
			if fe.Line < 1 || fe.Line > lines {
				t.Fatalf("error on line %d of a file of %d lines: %v", fe.Line, lines, fe)
			}
			return
		}
		if bodyLine < 1 || bodyLine > lines+1 {
			t.Fatalf("body on line %d of a file of %d lines", bodyLine, lines)
		}
		if len(fm)+len(body) > len(data) {
			t.Fatalf("front matter and body longer than the file")
		}
		got, errs := ParseFrontMatter(format, fm, 2, loc)
		for _, e := range errs {
			if e.Line < 1 || e.Line > lines+1 {
				t.Fatalf("problem on line %d of a file of %d lines: %s", e.Line, lines, e.Msg)
			}
			if e.Msg == "" {
				t.Fatalf("a problem without a message on line %d", e.Line)
			}
		}
		if got == nil && len(errs) == 0 {
			t.Fatalf("no front matter and no problem")
		}
		if got != nil {
			for k, l := range got.Lines {
				if l < 1 || l > lines+1 {
					t.Fatalf("key %q on line %d of a file of %d lines", k, l, lines)
				}
			}
		}
	})
}
