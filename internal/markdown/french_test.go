package markdown

import (
	"bytes"
	"flag"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// The golden files of testdata/french are rewritten by
//
//	go test ./internal/markdown/ -run French -update
//
// The flag may also be defined by another test file of the package: define
// it only once (package-level variables are initialised before init runs).
func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files")
	}
}

func frenchUpdate() bool {
	f := flag.Lookup("update")
	if f == nil {
		return false
	}
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return false
	}
	v, _ := g.Get().(bool)
	return v
}

// frenchGoldmark builds goldmark like the real pipeline.
func frenchGoldmark() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.DefinitionList,
			extension.NewTypographer(extension.WithTypographicSubstitutions(map[extension.TypographicPunctuation][]byte{
				extension.LeftDoubleQuote:  []byte("«\u202f"),
				extension.RightDoubleQuote: []byte("\u202f»"),
			})),
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(FrenchSpacing(), 10000)),
		),
		goldmark.WithRendererOptions(html.WithUnsafe()),
	)
}

// frenchRender renders src; with twice, the transformer is applied a second
// time on the tree before rendering.
func frenchRender(t *testing.T, md goldmark.Markdown, src []byte, twice bool) string {
	t.Helper()
	reader := text.NewReader(src)
	pc := parser.NewContext()
	doc := md.Parser().Parse(reader, parser.WithContext(pc))
	if twice {
		FrenchSpacing().Transform(doc.(*ast.Document), reader, pc)
	}
	var out bytes.Buffer
	if err := md.Renderer().Render(&out, src, doc); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

func TestFrenchGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "french", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden files in testdata/french")
	}
	md := frenchGoldmark()
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".md")
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := frenchRender(t, md, src, false)
			golden := strings.TrimSuffix(file, ".md") + ".html"
			if frenchUpdate() {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("%s: got\n%s\nwant\n%s", name, frenchVisible(got), frenchVisible(string(want)))
			}
			if again := frenchRender(t, md, src, true); again != got {
				t.Errorf("%s: not idempotent: second pass gives\n%s\nfirst\n%s", name, frenchVisible(again), frenchVisible(got))
			}
		})
	}
}

// frenchVisible shows the no-break spaces of s.
func frenchVisible(s string) string {
	return strings.NewReplacer("\u202f", "[NNBSP]", "\u00a0", "[NBSP]", "\u2009", "[THIN]").Replace(s)
}

// The tests below write the spaces visibly: "_" is U+202F (narrow no-break
// space), "~" is U+00A0 (no-break space), "^" is U+2009 (thin space).
func frenchSpaces(s string) string {
	return strings.NewReplacer("_", "\u202f", "~", "\u00a0", "^", "\u2009").Replace(s)
}

var frenchTextCases = []struct{ in, want string }{
	// rule 1
	{"Vraiment ? Oui ! Bon ; alors", "Vraiment_? Oui_! Bon_; alors"},
	{"Vraiment? Oui! Bon; alors", "Vraiment_? Oui_! Bon_; alors"},
	{"Tab\t? et  deux   !", "Tab_? et  deux_!"},
	{"Chiffre 42! (oui)? [x]! « mot »? ”mot”! 🦆?", "Chiffre 42_! (oui)_? [x]_! «_mot_»_? ”mot”_! 🦆_?"},
	{"(celui-ci !) (celui-là!) [ceci?] (!) (?)", "(celui-ci_!) (celui-là_!) [ceci_?] (!) (?)"},
	{"? au début", "? au début"},
	// rule 2
	{"Note : suite", "Note~: suite"},
	{"Note: suite", "Note~: suite"},
	{"Bref :", "Bref~:"},
	{"Points… :", "Points…~:"},
	// rule 3
	{"« bonjour » et «au revoir»", "«_bonjour_» et «_au revoir_»"},
	{"« gauche» «droite »", "«_gauche_» «_droite_»"},
	{"vides «» et «   plusieurs   »", "vides «» et «_plusieurs_»"},
	// rule 4
	{"66 % et 100 %.", "66_% et 100_%."},
	{"66% collé", "66% collé"},
	{"mot % seul", "mot % seul"},
	// runs
	{"Quoi?! Non!!! Si ?! Vraiment ???", "Quoi_?! Non_!!! Si_?! Vraiment_???"},
	{"« Quoi?» « Quoi ?» « Quoi ? »", "«_Quoi_?_» «_Quoi_?_» «_Quoi_?_»"}, // a » after a sign keeps its own space
	// rule 5: left alone
	{"https://framasoft.org/a?b=1&c=d", "https://framasoft.org/a?b=1&c=d"},
	{"10:30 3:2 a;b ?x=1 !important std::vector", "10:30 3:2 a;b ?x=1 !important std::vector"},
	{":) ;) :-) ;-) :D :p :'( :( :/ :’(", ":) ;) :-) ;-) :D :p :'( :( :/ :’("},
	{"Collées:) aussi;) fin;-)", "Collées:) aussi;) fin;-)"},
	{"(vraiment ?) (celui-ci !)", "(vraiment_?) (celui-ci_!)"},
	// existing spaces kept
	{"Déjà~: fine_? «_x_» thin^; 66_%", "Déjà~: fine_? «_x_» thin^; 66_%"},
	{"Mélange~ : suite", "Mélange~: suite"},
	// line breaks
	{"Un mot\n: suite", "Un mot~: suite"},
	{"Une question\n? oui", "Une question_? oui"},
	{"«\nmot\n»", "«_mot_»"},
	{"reste\nailleurs", "reste\nailleurs"},
	// edge cases
	{"", ""},
	{"!", "!"},
	{"a !", "a_!"},
	{"«", "«"},
	{"»", "»"},
	{"« »", "«_»"},
	{"1 <2 & 3> : x", "1 <2 & 3>~: x"},
	{"\xff ?", "\xff_?"},
	{"x &amp; y ; &mot; ! &#8239;? &nbsp;:", "x &amp; y_; &mot;_! &#8239;? &nbsp;:"},
	{"Bref : il est grand temps de dégoogliser les contributopistes !", "Bref~: il est grand temps de dégoogliser les contributopistes_!"},
}

func TestFrenchText(t *testing.T) {
	for _, c := range frenchTextCases {
		in, want := frenchSpaces(c.in), frenchSpaces(c.want)
		got := FrenchText(in)
		if got != want {
			t.Errorf("FrenchText(%q)\n got %q\nwant %q", in, frenchVisible(got), frenchVisible(want))
		}
		if again := FrenchText(got); again != got {
			t.Errorf("FrenchText not idempotent on %q: %q then %q", in, frenchVisible(got), frenchVisible(again))
		}
	}
}

// TestFrenchTextMatchesTransformer renders each case as a markdown paragraph
// and checks that the transformer gives the same text as FrenchText.
func TestFrenchTextMatchesTransformer(t *testing.T) {
	md := frenchGoldmark()
	checked := 0
	for _, c := range frenchTextCases {
		in := frenchSpaces(c.in)
		if in == "" || strings.ContainsAny(in, "\"'\\[]`*_<>&\xff") || strings.HasPrefix(in, "!") ||
			strings.Contains(in, "--") || strings.Contains(in, "...") || !frenchUTF8Valid(in) ||
			strings.Contains(in, "\n:") {
			continue // markdown, typographer or definition list syntax: not a plain paragraph
		}
		checked++
		got := frenchRender(t, md, []byte(in), false)
		want := "<p>" + string(util.EscapeHTML([]byte(FrenchText(in)))) + "</p>\n"
		if got != want {
			t.Errorf("paragraph %q\n got %q\nwant %q", in, frenchVisible(got), frenchVisible(want))
		}
	}
	if checked < len(frenchTextCases)/2 {
		t.Errorf("only %d of %d cases compared", checked, len(frenchTextCases))
	}
	// Strings chosen to be plain markdown paragraphs.
	for _, in := range []string{
		"Vraiment ? Oui ! Bon ; alors : « fin » à 66 %.",
		"Collées:) aussi;) et 10:30 et a;b ?x=1 !",
		"Une question\n? et un\n« guillemet\n»",
		frenchSpaces("Déjà~: fait_? «_x_»"),
		"Quoi?! « Quoi?» (celui-ci !)",
	} {
		got := frenchRender(t, md, []byte(in), false)
		want := "<p>" + string(util.EscapeHTML([]byte(FrenchText(in)))) + "</p>\n"
		if got != want {
			t.Errorf("paragraph %q\n got %q\nwant %q", in, frenchVisible(got), frenchVisible(want))
		}
	}
}

// TestFrenchTextIdempotent applies FrenchText twice to many generated strings.
func TestFrenchTextIdempotent(t *testing.T) {
	alphabet := []string{"a", "é", "1", " ", " ", "\t", "\n", ";", ":", "!", "?", "«", "»", "%", "(", ")",
		"\u00a0", "\u202f", ".", "'", "&", "#", "x", "-", "🦆"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		in := b.String()
		once := FrenchText(in)
		if twice := FrenchText(once); twice != once {
			t.Fatalf("FrenchText not idempotent on %q: %q then %q", in, frenchVisible(once), frenchVisible(twice))
		}
	}
}

// TestFrenchSpacingIdempotent applies the transformer twice to many generated
// markdown snippets.
func TestFrenchSpacingIdempotent(t *testing.T) {
	md := frenchGoldmark()
	alphabet := []string{"mot", "1", " ", "  ", "\n", ";", ":", "!", "?", "«", "»", "%", "(", ")", "*", "**",
		"`", "\"", "'", "\\", "[", "](u)", "<b>", "&amp;", "&nbsp;", "\u202f", "...", "  \n", "\n> ", "\n- "}
	rng := rand.New(rand.NewPCG(3, 4))
	for range 3000 {
		var b strings.Builder
		for range 1 + rng.IntN(16) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		src := []byte(b.String())
		once := frenchRender(t, md, src, false)
		if twice := frenchRender(t, md, src, true); twice != once {
			t.Fatalf("not idempotent on %q:\n%q\nthen\n%q", src, frenchVisible(once), frenchVisible(twice))
		}
	}
}

func frenchUTF8Valid(s string) bool { return strings.ToValidUTF8(s, "\ufffd") == s }

// TestFrenchEscaping checks that text stays HTML-escaped once rewritten.
func TestFrenchEscaping(t *testing.T) {
	md := frenchGoldmark()
	got := frenchRender(t, md, []byte(`a < b & c > d : "e" \* &amp; &lt;x&gt; !`), false)
	want := frenchSpaces("<p>a &lt; b &amp; c &gt; d~: «_e_» * &amp; &lt;x&gt;_!</p>\n")
	if got != want {
		t.Errorf("got  %q\nwant %q", frenchVisible(got), frenchVisible(want))
	}
}

// TestFrenchLineBreaks checks soft line breaks without the definition list
// extension (with it, a line starting with ": " is a definition): a break
// before a sign becomes the no-break space, a kept break still renders as
// goldmark renders it (here also with the hard wraps option), and a hard line
// break is kept.
func TestFrenchLineBreaks(t *testing.T) {
	src := []byte("Une ligne?\nune autre\n: fin et\n« mot\n» puis  \n: ligne")
	for _, c := range []struct {
		opts []renderer.Option
		want string
	}{
		{nil, "<p>Une ligne_?\nune autre~: fin et\n«_mot_» puis<br>\n: ligne</p>\n"},
		{[]renderer.Option{html.WithHardWraps()}, "<p>Une ligne_?<br>\nune autre~: fin et<br>\n«_mot_» puis<br>\n: ligne</p>\n"},
	} {
		md := goldmark.New(
			goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(FrenchSpacing(), 10000))),
			goldmark.WithRendererOptions(c.opts...),
		)
		got := frenchRender(t, md, src, false)
		if want := frenchSpaces(c.want); got != want {
			t.Errorf("got  %q\nwant %q", frenchVisible(got), frenchVisible(want))
		}
		if again := frenchRender(t, md, src, true); again != got {
			t.Errorf("not idempotent: %q then %q", frenchVisible(got), frenchVisible(again))
		}
	}
}
