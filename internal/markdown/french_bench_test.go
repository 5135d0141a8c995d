package markdown

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Benchmarks of French spacing on blog articles (testdata/french-bench.md:
// long paragraphs with « », : ? ! ;, emphasis, links, footnotes, quotes).
//
//	go test -run XXX -bench French -benchmem ./internal/markdown/

func frenchBenchSource(b *testing.B) []byte {
	b.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "french-bench.md"))
	if err != nil {
		b.Fatal(err)
	}
	return src
}

// frenchBenchGoldmark is the French pipeline's goldmark, with or without the
// transformer, so that the cost of the transformer is the difference.
func frenchBenchGoldmark(french bool) goldmark.Markdown {
	var opts []parser.Option
	opts = append(opts, parser.WithAutoHeadingID(), parser.WithAttribute())
	if french {
		opts = append(opts, parser.WithASTTransformers(util.Prioritized(FrenchSpacing(), 10000)))
	}
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
		goldmark.WithParserOptions(opts...),
	)
}

func BenchmarkFrenchSpacing(b *testing.B) {
	src := frenchBenchSource(b)
	parse := func(md goldmark.Markdown) (ast.Node, text.Reader, parser.Context) {
		reader := text.NewReader(src)
		pc := parser.NewContext()
		return md.Parser().Parse(reader, parser.WithContext(pc)), reader, pc
	}
	// goldmark alone: what the transformer adds to.
	b.Run("parse", func(b *testing.B) {
		md := frenchBenchGoldmark(false)
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			parse(md)
		}
	})
	// goldmark with the transformer, as a French page is parsed.
	b.Run("parse+french", func(b *testing.B) {
		md := frenchBenchGoldmark(true)
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			parse(md)
		}
	})
	// The transformer alone, on a freshly parsed tree each time.
	b.Run("transform", func(b *testing.B) {
		md := frenchBenchGoldmark(false)
		tr := FrenchSpacing()
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			b.StopTimer()
			doc, reader, pc := parse(md)
			b.StartTimer()
			tr.Transform(doc.(*ast.Document), reader, pc)
		}
	})
	// Parsing, transforming and rendering the whole page.
	b.Run("convert", func(b *testing.B) {
		md := frenchBenchGoldmark(true)
		var out bytes.Buffer
		b.SetBytes(int64(len(src)))
		b.ReportAllocs()
		for b.Loop() {
			out.Reset()
			if err := md.Convert(src, &out); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkFrenchText applies FrenchText to the headings (as titles are) and
// to the paragraphs of the benchmark article, one string at a time.
func BenchmarkFrenchText(b *testing.B) {
	src := frenchBenchSource(b)
	var titles, paragraphs []string
	for line := range strings.Lines(string(src)) {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, "#"):
			titles = append(titles, strings.TrimLeft(line, "# "))
		case line != "" && !strings.HasPrefix(line, "<!--"):
			paragraphs = append(paragraphs, line)
		}
	}
	for _, c := range []struct {
		name string
		in   []string
	}{{"titles", titles}, {"paragraphs", paragraphs}} {
		b.Run(c.name, func(b *testing.B) {
			size := 0
			for _, s := range c.in {
				size += len(s)
			}
			b.SetBytes(int64(size))
			b.ReportAllocs()
			for b.Loop() {
				for _, s := range c.in {
					FrenchText(s)
				}
			}
		})
	}
}

// TestFrenchRunRunes checks that the characters a rule looks for are never
// merged into a run of letters by decode (see frUnit).
func TestFrenchRunRunes(t *testing.T) {
	for _, r := range frSigns + frOpening + frClosing + "«»%#&\u00a0\u202f\u2009\u3000" {
		if r >= 0x80 && frRunRune(r) {
			t.Errorf("%q may be part of a run", r)
		}
		if r < 0x80 && frByteClass[r] == frLetter {
			t.Errorf("%q may be part of a run", r)
		}
	}
}
