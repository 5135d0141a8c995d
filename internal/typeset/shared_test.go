package typeset

import (
	"reflect"
	"sync"
	"testing"
)

// sharedDoc is a document of several chapters with footnotes, a table of
// contents and a character no font has.
func sharedDoc() *Document {
	d := &Document{Lang: "fr", Title: "Livre", Sections: []*Section{{Kind: TitlePage, Blocks: []Block{&Paragraph{Inlines: []Inline{{Text: "Livre"}}}}},
		{Kind: Chapter, Title: "Sommaire", Blocks: []Block{&TOC{}}}}}
	for i, name := range []string{"Un", "Deux", "Trois"} {
		d.Sections = append(d.Sections, &Section{Kind: Chapter, Title: name, ID: "c" + name, File: name + ".md",
			Heading: []Inline{{Text: name}},
			Blocks:  sharedBlocks(name+".md", string(rune('a'+i))+"-")})
	}
	return d
}

// sharedBlocks are twelve long paragraphs with a note call each, all to
// the same note, then a character no font has.
func sharedBlocks(file, prefix string) []Block {
	note := &Note{Label: "1", ID: prefix + "fn-1", CallID: prefix + "fnref-1"}
	note.Blocks = []Block{&Paragraph{Inlines: []Inline{{Text: "1.", Style: Style{Target: note.CallID}}, {Text: "\u00a0La note, en bas de page."}}}}
	var out []Block
	for i := 0; i < 12; i++ {
		out = append(out, &Paragraph{Line: 1 + 2*i, Inlines: []Inline{
			{Text: "Un paragraphe assez long pour tenir sur plusieurs lignes, avec une note", Line: 1 + 2*i},
			{Text: "1", Note: note, Style: Style{Super: true, Target: note.ID}},
			{Anchor: note.CallID},
			{Text: " et des mots à couper comme anticonstitutionnellement.", Line: 1 + 2*i},
		}})
	}
	return append(out, &Paragraph{Line: 25, Inlines: []Inline{{Text: "Un caractère privé \ue000 ici.", Line: 25}}})
}

// Typesettings sharing their lines give the layouts of typesettings on
// their own, whatever their order and however many run at once, and each
// reports what a document's characters lack.
func TestSharedLayoutsAreTheSame(t *testing.T) {
	d := sharedDoc()
	screen := DefaultOptions()
	print := screen
	print.Print = true
	narrow := screen
	narrow.PageWidth, narrow.PageHeight = Papers["half-letter"][0], Papers["half-letter"][1]
	all := []Options{screen, print, narrow, print}
	want := make([]*Layout, len(all))
	for i, o := range all {
		l, err := Typeset(d, o)
		if err != nil {
			t.Fatal(err)
		}
		want[i] = l
	}
	if reflect.DeepEqual(want[0].Pages, want[1].Pages) || reflect.DeepEqual(want[0].Pages, want[2].Pages) {
		t.Fatal("the test's options should give different layouts")
	}
	shared := &Shared{}
	got := make([]*Layout, len(all))
	var wg sync.WaitGroup
	for i, o := range all {
		wg.Add(1)
		go func() {
			defer wg.Done()
			o.Shared = shared
			l, err := Typeset(d, o)
			if err != nil {
				t.Error(err)
				return
			}
			got[i] = l
		}()
	}
	wg.Wait()
	for i := range all {
		if got[i] == nil {
			continue
		}
		if !reflect.DeepEqual(got[i].Pages, want[i].Pages) || !reflect.DeepEqual(got[i].Outline, want[i].Outline) || !reflect.DeepEqual(got[i].Anchors, want[i].Anchors) {
			t.Errorf("layout %d differs when its lines are shared", i)
		}
		if len(got[i].Missing) != 3 || !reflect.DeepEqual(got[i].Missing, want[i].Missing) {
			t.Errorf("layout %d reports %+v, want %+v", i, got[i].Missing, want[i].Missing)
		}
	}
	if n := len(shared.entries); n != 2 {
		t.Errorf("%d sets of lines, want 2 (A5 on screen and in print share theirs)", n)
	}
}
