package markdown

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestPipelineGolden converts testdata/pipeline/NAME.LANG.md with the real
// pipeline and compares with NAME.LANG.html (go test -run Pipeline -update
// rewrites them). A fake site resolves colline.png and ../autre/index.md.
func TestPipelineGolden(t *testing.T) {
	files, _ := filepath.Glob("testdata/pipeline/*.md")
	if len(files) == 0 {
		t.Fatal("no golden inputs")
	}
	for _, in := range files {
		name := filepath.Base(in)
		lang := strings.Split(name, ".")[1]
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(in)
			if err != nil {
				t.Fatal(err)
			}
			var reports []string
			doc := &Doc{
				File:      name,
				FirstLine: 5,
				Resolve: func(dest string, image bool) (Target, bool) {
					switch dest {
					case "colline.png":
						return Target{URL: "/2026/11/02/page/colline.png", Width: 960, Height: 540}, true
					case "../autre/index.md":
						return Target{URL: "/2026/10/01/autre/"}, true
					case "../autre/":
						return Target{URL: dest}, true
					}
					return Target{}, false
				},
				Report: func(line int, isErr bool, msg string) {
					reports = append(reports, strings.Join([]string{strconv.Itoa(line), msg}, ": "))
				},
			}
			res, err := New(Options{Lang: lang}).Convert(src, doc)
			if err != nil {
				t.Fatal(err)
			}
			got := string(res.HTML) + "<!-- summary: " + res.Summary + " -->\n"
			for _, r := range reports {
				got += "<!-- report: " + r + " -->\n"
			}
			for _, h := range res.TOC {
				got += "<!-- toc: " + strconv.Itoa(h.Level) + " " + h.ID + " " + h.Text + " -->\n"
			}
			golden := strings.TrimSuffix(in, ".md") + ".html"
			if frenchUpdate() {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from %s:\n--- got\n%s\n--- want\n%s", name, golden, got, want)
			}
		})
	}
}

func TestTitleText(t *testing.T) {
	for _, c := range []struct{ lang, in, want string }{
		{"fr", "Ce qu'une licence permet : tout ?", "Ce qu’une licence permet\u00a0: tout\u202f?"},
		{"en", "Don't panic: it's fine!", "Don’t panic: it’s fine!"},
		{"fr", "'citation' seule", "'citation’ seule"},
	} {
		if got := TitleText(c.lang, c.in); got != c.want {
			t.Errorf("TitleText(%q, %q) = %q, want %q", c.lang, c.in, got, c.want)
		}
	}
}

func TestSummaryAndWords(t *testing.T) {
	src := []byte("Premier paragraphe avec cinq mots.\n\nSecond paragraphe.\n")
	res, err := New(Options{Lang: "fr"}).Convert(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Summary != "Premier paragraphe avec cinq mots." || !res.Truncated {
		t.Errorf("summary %q truncated=%v", res.Summary, res.Truncated)
	}
	if res.Words != 7 {
		t.Errorf("words = %d, want 7", res.Words)
	}
	more := []byte("Avant la coupure.\n\nToujours avant.\n\n<!--more-->\n\nAprès.\n")
	res, _ = New(Options{Lang: "fr"}).Convert(more, &Doc{})
	if res.Summary != "Avant la coupure. Toujours avant." {
		t.Errorf("summary before <!--more--> = %q", res.Summary)
	}
	long := []byte(strings.Repeat("mot ", 100))
	res, _ = New(Options{Lang: "fr"}).Convert(long, &Doc{SummaryWords: 10})
	if got := len(strings.Fields(res.Summary)); got != 10 || !strings.HasSuffix(res.Summary, "…") {
		t.Errorf("a long first paragraph is cut at 10 words with …: %q", res.Summary)
	}
}
