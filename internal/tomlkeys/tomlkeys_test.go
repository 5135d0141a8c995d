package tomlkeys

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// brief writes an entry as "kind path line-endline" for comparisons.
func brief(e Entry) string {
	return fmt.Sprintf("%s %s %d-%d", e.Kind, strings.Join(e.Path, "/"), e.Line, e.EndLine)
}

func briefs(entries []Entry) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = brief(e)
	}
	return out
}

func TestScan(t *testing.T) {
	src := "\ufeff# comment = 1\n" + // 1
		"title = \"Le \\\"titre\\\"\" # a = 2\n" + // 2
		"tags = [\n" + // 3
		"  \"a\", { inside = 1 },\n" + // 4: no key of its own
		"]\n" + // 5
		"body = '''\n" + // 6
		"[not] = 'a table'\n" + // 7
		"'''\n" + // 8
		"\"quoted.key\".sub = true\n" + // 9
		"d = { one = 1, two = { three = 3 } }\n" + // 10
		"when = 1979-05-27 07:32:00Z\n" + // 11
		"[ source ]\n" + // 12
		"language = \"fr\"\n" + // 13
		"[[ items . list ]]\n" + // 14
		"x = 1\n" // 15
	got, err := Scan(src)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"pair title 2-2",
		"pair tags 3-5",
		"pair body 6-8",
		"pair quoted.key/sub 9-9",
		"pair d 10-10",
		"inline pair d/one 10-10",
		"inline pair d/two 10-10",
		"inline pair d/two/three 10-10",
		"pair when 11-11",
		"table source 12-12",
		"pair source/language 13-13",
		"array table items/list 14-14",
		"pair items/list/x 15-15",
	}
	if g := briefs(got); !reflect.DeepEqual(g, want) {
		t.Errorf("Scan:\n got %q\nwant %q", g, want)
	}
	// Offsets count the byte order mark and end just after the value.
	if e := got[0]; src[e.Start:e.End] != `title = "Le \"titre\""` {
		t.Errorf("title spans %q", src[e.Start:e.End])
	}
	if e := got[9]; src[e.Start:e.End] != "[ source ]" {
		t.Errorf("header spans %q", src[e.Start:e.End])
	}
}

func TestScanCRLFAndMultilineInline(t *testing.T) {
	src := "e = {\r\n" + // 1 (TOML 1.1)
		"  one = \"x\",\r\n" + // 2
		"  other = \"\"\"y\"\"\"\"\r\n" + // 3: the content ends with a quote
		"}\r\n" + // 4
		"f = 2\r\n" // 5
	got, err := Scan(src)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"pair e 1-4", "inline pair e/one 2-2", "inline pair e/other 3-3", "pair f 5-5"}
	if g := briefs(got); !reflect.DeepEqual(g, want) {
		t.Errorf("Scan:\n got %q\nwant %q", g, want)
	}
}

// A scan that meets what it does not read stops there, with the entries
// read whole before it: not the pair it was in, nor that pair's keys.
func TestScanStops(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      []string
		line      int
	}{
		{"unclosed string", "a = 1\nb = { c = 2, d = \"x\n", []string{"pair a 1-1"}, 2},
		{"no equals", "a = 1\n[t]\nb 2\n", []string{"pair a 1-1", "table t 2-2"}, 3},
		{"unclosed header", "[t\n", nil, 1},
		{"no value", "a =\n", nil, 1},
		{"unicode bare key", "a = 1\nclé = 2\n", []string{"pair a 1-1"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Scan(tc.src)
			var stop *StopError
			if !errors.As(err, &stop) {
				t.Fatalf("err = %v, want a *StopError", err)
			}
			if stop.Line != tc.line {
				t.Errorf("stopped on line %d, want %d (%v)", stop.Line, tc.line, err)
			}
			if g := briefs(got); !reflect.DeepEqual(g, tc.want) && !(len(g) == 0 && len(tc.want) == 0) {
				t.Errorf("entries:\n got %q\nwant %q", g, tc.want)
			}
		})
	}
}

func TestScanEmpty(t *testing.T) {
	for _, src := range []string{"", "\ufeff", "# only a comment\n\n"} {
		if got, err := Scan(src); err != nil || len(got) != 0 {
			t.Errorf("Scan(%q) = %v, %v; want nothing", src, got, err)
		}
	}
}
