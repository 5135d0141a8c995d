package feed

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"

	"github.com/communs/communs/internal/testutil"
)

// TestFeedsInARealParser reads every feed of the corpus with gofeed, a
// feed reader's parser, not only with encoding/xml: what readers' apps
// would see.
func TestFeedsInARealParser(t *testing.T) {
	src := testutil.Corpus(t)
	c := load(t, src, "")
	out := build(t, c)
	parser := gofeed.NewParser()
	feeds := 0
	err := filepath.Walk(out, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() || (info.Name() != "index.xml" && info.Name() != "atom.xml") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		f, err := parser.Parse(bytes.NewReader(data))
		if err != nil {
			t.Errorf("%s: gofeed cannot parse it: %v", p, err)
			return nil
		}
		feeds++
		wantType := "rss"
		if info.Name() == "atom.xml" {
			wantType = "atom"
		}
		if f.FeedType != wantType || f.Title == "" || f.Link == "" || len(f.Items) == 0 {
			t.Errorf("%s: type %q, title %q, link %q, %d items", p, f.FeedType, f.Title, f.Link, len(f.Items))
		}
		for _, it := range f.Items {
			if it.PublishedParsed == nil || it.Link == "" || len(it.Content) < 100 || !strings.HasPrefix(it.Link, "https://example.org/") {
				t.Errorf("%s: item %q: date %v, link %q, %d bytes of content", p, it.Title, it.PublishedParsed, it.Link, len(it.Content))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if feeds < 100 {
		t.Errorf("only %d feeds parsed", feeds)
	}
}
