package translate

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/communs/communs/internal/site"
)

// A site repeats itself: a campaign box, a call for donations, a licence
// notice come back from article to article. What was translated once is
// offered again, as a suggestion to review (fuzzy), naming where it
// comes from; the glossary tells the translator how the site translates
// its terms, and the import warns when a translation does not.

// memory is the site's translations into one language, by the original
// paragraph, or piece of one (see shapeOf), they translate: the units of
// an export.
type memory map[string]memoryEntry

type memoryEntry struct {
	text string // the translation
	from string // the translation's file
}

// translationMemory gathers the paragraphs of every translation into
// lang whose pairing with its original is sure (not to review), except
// those of skip.
func translationMemory(s *site.Site, lang string, skip *site.Page) memory {
	m := memory{}
	for _, g := range Groups(s) {
		orig, _ := Original(s, g)
		t := g.Pages[lang]
		if orig == nil || t == nil || t == orig || t == skip {
			continue
		}
		paras := Paragraphs(orig.Body)
		pairs, _ := pairExisting(s, orig, t, paras)
		for i, p := range pairs {
			if !p.ok || p.fuzzy {
				continue
			}
			sh := shapeOf(paras[i].Text)
			for k, tr := range pieces(sh, p.text) {
				src := sh.segs[k]
				if _, ok := m[src]; !ok && tr != src && translatable(src) {
					m[src] = memoryEntry{text: tr, from: t.File}
				}
			}
		}
	}
	return m
}

// GlossaryFile is the site's glossary, beside its interface strings.
const GlossaryFile = "i18n/glossary.toml"

// Glossary is how the site translates its terms: each term in each of
// its languages, with a note.
//
//	[[term]]
//	fr = "logiciel libre"
//	en = "free software"
//	note = "Not “open source”: the association's word."
type Glossary struct {
	Terms []map[string]string `toml:"term"`
}

// ReadGlossary reads the site's glossary; none is an empty one.
func ReadGlossary(s *site.Site) (*Glossary, error) {
	data, err := os.ReadFile(filepath.Join(s.SourceDir, filepath.FromSlash(GlossaryFile)))
	if os.IsNotExist(err) {
		return &Glossary{}, nil
	}
	if err != nil {
		return nil, err
	}
	var g Glossary
	if _, err := toml.Decode(string(data), &g); err != nil {
		return nil, fmt.Errorf("%s: %v", GlossaryFile, err)
	}
	return &g, nil
}

// glossaryHit is a term of the glossary found in a source text.
type glossaryHit struct {
	source, target, note string
}

// find lists the terms of the glossary that text (in lang from) holds
// and that it translates into lang to.
func (g *Glossary) find(text, from, to string) []glossaryHit {
	if g == nil {
		return nil
	}
	var out []glossaryHit
	low := strings.ToLower(text)
	for _, t := range g.Terms {
		src, dst := t[from], t[to]
		if src == "" || dst == "" || !containsWord(low, strings.ToLower(src)) {
			continue
		}
		out = append(out, glossaryHit{source: src, target: dst, note: t["note"]})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].source < out[j].source })
	return out
}

// containsWord tells whether term stands in text as whole words.
func containsWord(text, term string) bool {
	for i := 0; ; {
		k := strings.Index(text[i:], term)
		if k < 0 {
			return false
		}
		start, end := i+k, i+k+len(term)
		if (start == 0 || !isWordByte(text[start-1])) && (end == len(text) || !isWordByte(text[end])) {
			return true
		}
		i = start + 1
	}
}

// isWordByte: ASCII letters and digits, and the bytes of any other
// letter (UTF-8), continue a word.
func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b >= '0' && b <= '9' || b >= 0x80
}

func (h glossaryHit) String() string {
	s := fmt.Sprintf("glossary: %s → %s", h.source, h.target)
	if h.note != "" {
		s += " (" + h.note + ")"
	}
	return s
}
