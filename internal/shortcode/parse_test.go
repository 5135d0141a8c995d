package shortcode

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseArguments(t *testing.T) {
	src := []byte(`a {{< figure src="a \"b\".png" width=300 ratio=1.5 open=true alt=` + "`raw\ntext`" + ` >}} b {{% note "x" 2 %}}`)
	calls, problems := Parse(src)
	if len(problems) != 0 || len(calls) != 2 {
		t.Fatalf("calls %v problems %v", calls, problems)
	}
	fig := calls[0]
	want := map[string]any{"src": `a "b".png`, "width": 300, "ratio": 1.5, "open": true, "alt": "raw\ntext"}
	if fig.Name != "figure" || fig.Markdown || !reflect.DeepEqual(fig.Named, want) || fig.Closed {
		t.Errorf("figure: %+v", fig)
	}
	if string(src[fig.Start:fig.End]) != strings.SplitN(string(src[2:]), " b ", 2)[0] {
		t.Errorf("span %q", src[fig.Start:fig.End])
	}
	note := calls[1]
	if note.Name != "note" || !note.Markdown || !reflect.DeepEqual(note.Positional, []any{"x", 2}) || note.Ordinal != 1 {
		t.Errorf("note: %+v", note)
	}
	if note.Get(0) != "x" || note.Get("1") != 2 || note.Get(5) != nil || fig.Get("width") != 300 {
		t.Error("Get")
	}
}

func TestParseNesting(t *testing.T) {
	src := []byte("{{< tabs >}}\n{{< tab \"A\" >}}one {{< icon x >}}{{< /tab >}}\n{{< tab \"B\" />}}\n{{< /tabs >}}\nafter {{< /stray >}}")
	calls, problems := Parse(src)
	if len(problems) != 1 || problems[0].Line != 5 || !strings.Contains(problems[0].Msg, "/stray") {
		t.Errorf("problems %v", problems)
	}
	// tabs, and the stray closing tag kept as an empty literal.
	if len(calls) != 2 || calls[0].Name != "tabs" || !calls[0].Closed || calls[1].Name != "" || calls[1].Literal != "" {
		t.Fatalf("calls %+v", calls)
	}
	tabs := calls[0]
	if len(tabs.Children) != 2 {
		t.Fatalf("tabs children %+v", tabs.Children)
	}
	a, b := tabs.Children[0], tabs.Children[1]
	if !a.Closed || string(a.Inner(src)) != "one {{< icon x >}}" || a.Parent != tabs || a.Ordinal != 0 || a.Line != 2 {
		t.Errorf("tab A %+v inner %q", a, a.Inner(src))
	}
	if len(a.Children) != 1 || a.Children[0].Name != "icon" || a.Children[0].Closed {
		t.Errorf("icon %+v", a.Children)
	}
	if b.Closed || b.Ordinal != 1 || b.Line != 3 {
		t.Errorf("tab B %+v", b)
	}
}

func TestParseEscapesAndText(t *testing.T) {
	src := []byte("{{</* ref \"x.md\" */>}} {{%/* note */%}} {{ .Title }} {{< not closed")
	calls, _ := Parse(src)
	if len(calls) != 2 || calls[0].Literal != `{{< ref "x.md" >}}` || calls[1].Literal != "{{% note %}}" {
		t.Fatalf("calls %+v", calls)
	}
}

func TestParseUnclosedIsStandalone(t *testing.T) {
	// An opening tag with no closing tag has no inner content, and does
	// not swallow the calls after it.
	src := []byte("{{< a >}} {{< b >}}x{{< /b >}}")
	calls, _ := Parse(src)
	if len(calls) != 2 || calls[0].Closed || !calls[1].Closed || len(calls[0].Children) != 0 {
		t.Fatalf("calls %+v", calls)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"{{< a b=\"c\" >}}x{{< /a >}}", "{{% x %}}{{< y />}}{{% /x %}}", "{{</* z */>}}", "{{< a `b` >}}"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		src := []byte(s)
		calls, _ := Parse(src)
		var check func(list []*Call, lo, hi int)
		check = func(list []*Call, lo, hi int) {
			prev := lo
			for _, c := range list {
				if c.Start < prev || c.End > hi || c.Start > c.OpenEnd || c.OpenEnd > c.CloseStart || c.CloseStart > c.End {
					t.Fatalf("bad span %+v in [%d,%d] of %q", c, lo, hi, s)
				}
				check(c.Children, c.OpenEnd, c.CloseStart)
				prev = c.End
			}
		}
		check(calls, 0, len(src))
	})
}
