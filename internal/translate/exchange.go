package translate

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/communs/communs/internal/site"
)

// Exchange is a translation as translation tools take it: the original's
// front matter texts and paragraphs (Markdown markup intact), each with
// its translation when there is one. It is written as PO or XLIFF 1.2.
type Exchange struct {
	Original    string // the original's file, relative to the site's folder
	Translation string // the translation's file, existing or not
	SourceLang  string
	TargetLang  string
	Units       []Unit
	// Note tells how the targets were found, for the file's header.
	Note string
	// Revised is when the translation last changed (its lastmod, else
	// its date; the original's for a new one), Translators who made it:
	// for the PO header.
	Revised     time.Time
	Translators []string
}

// Unit is one thing to translate.
type Unit struct {
	// ID is the front matter key (title, subtitle, summary, description,
	// series, tag-N), or "p" and the paragraph's number from 1, followed by
	// "." and the piece's for a paragraph in pieces (see shapeOf): p3.2.
	ID     string
	Source string
	Target string
	// Fuzzy: Target needs review (the source changed since, or nothing
	// tells the translation was made from this source).
	Fuzzy bool
	// Previous is the source Target was translated from, when it changed.
	Previous string
	// Line is the source's line in the original's file.
	Line int
	// Notes for the translator: the terms of the glossary the source
	// holds, where a suggestion comes from ("from: content/…").
	Notes []string
	// Hint is the paragraph's number (from 1; 0: none) and HintPiece the
	// piece's in it (from 1; 0: the paragraph whole), as written or as
	// the file gives them; Where is the entry's place in the file ("line
	// 42", "trans-unit p7"), for messages.
	Hint, HintPiece int
	Where           string
}

// IsParagraph tells a paragraph from a front matter text.
func (u Unit) IsParagraph() bool {
	return len(u.ID) > 1 && u.ID[0] == 'p' && u.ID[1] >= '0' && u.ID[1] <= '9'
}

// frontMatterTexts are the front matter keys exported for translation;
// the tags are too, one entry each ("tag-1", "tag-2", …).
var frontMatterTexts = []string{"title", "subtitle", "summary", "description", "series"}

// tagID is the unit of the i-th tag, from 0.
func tagID(i int) string { return "tag-" + strconv.Itoa(i+1) }

// tagIndex is the tag a unit stands for, from 0, or -1.
func tagIndex(id string) int {
	n, ok := strings.CutPrefix(id, "tag-")
	if !ok {
		return -1
	}
	i, err := strconv.Atoi(n)
	if err != nil || i < 1 {
		return -1
	}
	return i - 1
}

func fmText(fm *site.FrontMatter, key string) string {
	if i := tagIndex(key); i >= 0 {
		if i < len(fm.Tags) {
			return fm.Tags[i]
		}
		return ""
	}
	switch key {
	case "series":
		return fm.Series
	case "title":
		return fm.Title
	case "subtitle":
		return fm.Subtitle
	case "summary":
		return fm.Summary
	case "description":
		return fm.Description
	}
	return ""
}

// Export prepares the translation of original into lang for translation
// tools. When the translation exists, each paragraph of the original gets
// the paragraph of the translation that translates it: by the sidecar
// record when there is one and the translation has as many paragraphs as
// the record (a paragraph whose original changed since gets its old
// translation, fuzzy, with the previous original), else by position when
// both have as many paragraphs (fuzzy unless the translation is current).
func Export(s *site.Site, original *site.Page, lang string) (*Exchange, error) {
	if _, ok := s.Langs[lang]; !ok {
		return nil, fmt.Errorf("language %q is not one of the site's", lang)
	}
	if lang == original.Lang {
		return nil, fmt.Errorf("%s is in %s already: name the language to translate into", original.File, lang)
	}
	ex := &Exchange{Original: original.File, SourceLang: original.Lang, TargetLang: lang,
		Translation: TranslationFile(s, original, lang)}
	t := original.Group.Pages[lang]
	ex.Revised = pageTime(original)
	if t != nil {
		ex.Translation = t.File
		ex.Revised = pageTime(t)
		ex.Translators = t.FrontMatter.Translators
	}
	for _, k := range frontMatterTexts {
		src := fmText(original.FrontMatter, k)
		if src == "" {
			continue
		}
		u := Unit{ID: k, Source: src, Line: original.FrontMatter.Lines[k]}
		if t != nil {
			u.Target = fmText(t.FrontMatter, k)
		}
		ex.Units = append(ex.Units, u)
	}
	for i, tag := range original.FrontMatter.Tags {
		u := Unit{ID: tagID(i), Source: tag, Line: original.FrontMatter.Lines["tags"]}
		if t != nil && len(t.FrontMatter.Tags) == len(original.FrontMatter.Tags) {
			u.Target = t.FrontMatter.Tags[i]
		}
		ex.Units = append(ex.Units, u)
	}
	paras := Paragraphs(original.Body)
	first := make([]int, len(paras)) // each paragraph's first unit
	shapes := make([]shape, len(paras))
	for i, p := range paras {
		first[i] = len(ex.Units)
		shapes[i] = shapeOf(p.Text)
		for k, seg := range shapes[i].segs {
			id, piece := fmt.Sprintf("p%d", i+1), 0
			if len(shapes[i].segs) > 1 {
				piece = k + 1
				id += fmt.Sprintf(".%d", piece)
			}
			line := original.BodyLine + p.Line - 1 + shapes[i].linesBefore(k)
			ex.Units = append(ex.Units, Unit{ID: id, Source: seg, Line: line, Hint: i + 1, HintPiece: piece})
		}
	}
	gl, err := ReadGlossary(s)
	if err != nil {
		return nil, err
	}
	for i := range ex.Units {
		for _, h := range gl.find(ex.Units[i].Source, original.Lang, lang) {
			ex.Units[i].Notes = append(ex.Units[i].Notes, h.String())
		}
	}
	ex.Note = "No translation yet."
	if t != nil {
		pairTargets(s, ex, original, t, paras, shapes, first)
	}
	for i := range ex.Units {
		if u := &ex.Units[i]; !u.IsParagraph() && u.Target == u.Source {
			u.Target = "" // a title still in the original's words
		}
	}
	// The paragraphs left empty get the memory's suggestions.
	suggest(s, ex, original, t, lang)
	return ex, nil
}

// pairTargets gives the units of the original's paragraphs (each
// paragraph's pieces from first[i]) the translation t's text for them.
func pairTargets(s *site.Site, ex *Exchange, original, t *site.Page, paras []Paragraph, shapes []shape, first []int) {
	pairs, note := pairExisting(s, original, t, paras)
	ex.Note = note
	for i, p := range pairs {
		if !p.ok {
			continue
		}
		// The translation's pieces, when it is cut as the original is.
		targets := pieces(shapes[i], p.text)
		var previous []string
		if p.previous != "" {
			previous = pieces(shapes[i], p.previous)
		}
		for k := range targets {
			u := &ex.Units[first[i]+k]
			u.Target, u.Fuzzy = targets[k], p.fuzzy
			if previous != nil {
				u.Previous = previous[k]
				if u.Previous == u.Source {
					// This piece did not change: only its neighbours did.
					u.Fuzzy, u.Previous = false, ""
				}
			}
			if u.Target == u.Source && translatable(u.Source) {
				// Still the original's words: not translated yet, whatever
				// a tool would count, nor a suggestion.
				u.Target, u.Fuzzy, u.Previous = "", false, ""
			}
		}
	}
}

// suggest fills the paragraphs left without translation from the
// translation memory: fuzzy, with where they come from.
func suggest(s *site.Site, ex *Exchange, original, t *site.Page, lang string) {
	var m memory
	for i := range ex.Units {
		u := &ex.Units[i]
		if u.Target != "" || !u.IsParagraph() || !translatable(u.Source) {
			continue
		}
		if m == nil {
			m = translationMemory(s, lang, t)
		}
		if e, ok := m[u.Source]; ok {
			u.Target, u.Fuzzy = e.text, true
			u.Notes = append(u.Notes, "from: "+e.from)
		}
	}
}

// pieces cuts a paragraph of the translation as the original's (sh):
// nil when it is not cut alike (a list of another length), then it is
// kept whole unless the file translates every piece.
func pieces(sh shape, text string) []string {
	t := shapeOf(text)
	switch {
	case sh.whole() && t.whole():
		return []string{text}
	case !sh.whole() && sameShape(sh, t):
		return t.segs
	case sh.whole():
		return []string{text} // a heading translated as a paragraph, say
	}
	return nil
}

func pageTime(p *site.Page) time.Time {
	if !p.Lastmod.IsZero() {
		return p.Lastmod
	}
	return p.Date
}

// existing is the paragraph of a translation paired with one of its
// original's.
type existing struct {
	ok       bool
	text     string // the translation's paragraph
	fuzzy    bool   // made from another text, or nothing tells which
	previous string // the original's text it was made from, when it changed
	source   string // the original's text it translates, as far as known
}

// has tells whether there is a translation of the paragraph to keep.
func (e existing) has() bool { return e.ok && strings.TrimSpace(e.text) != "" }

// from is the text of the original the translation was made from, as far
// as known: "" when it was paired by position alone.
func (e existing) from() string {
	if e.source != "" {
		return e.source
	}
	return e.previous
}

// pairExisting pairs each paragraph of the original with the paragraph
// of the translation t that translates it: by the sidecar record when
// there is one and the translation has as many paragraphs as the record
// (a paragraph whose original changed since gets its old translation,
// fuzzy, with the previous original), else by position when both have as
// many paragraphs (fuzzy unless the translation is current). None is
// paired when neither works; note says how it went.
func pairExisting(s *site.Site, orig, t *site.Page, paras []Paragraph) ([]existing, string) {
	out := make([]existing, len(paras))
	tParas := Paragraphs(t.Body)
	st := check(s, orig.Group, orig, t)
	var rec *Record
	if st.Status != Untracked {
		if r, err := ReadRecord(RecordPath(t.Abs)); err == nil && r.TranslatedFrom == strings.TrimSpace(t.FrontMatter.TranslatedFrom) {
			rec = r
		}
	}
	switch {
	case rec != nil && len(rec.Paragraphs) == len(tParas):
		before := rec.Texts()
		bk := make([]string, len(before))
		for i, b := range before {
			bk[i] = Digest(b)
		}
		ak := make([]string, len(paras))
		for i, p := range paras {
			ak[i] = Digest(p.Text)
		}
		bi, ai := 0, 0
		fill := func(bEnd, aEnd int) {
			for ; bi < bEnd && ai < aEnd; bi, ai = bi+1, ai+1 {
				if !rec.Paragraphs[bi].Untranslated {
					out[ai] = existing{ok: true, text: tParas[bi].Text, fuzzy: true, previous: before[bi], source: before[bi]}
				}
			}
			bi, ai = bEnd, aEnd
		}
		for _, p := range lcs(bk, ak) {
			fill(p[0], p[1])
			if !rec.Paragraphs[p[0]].Untranslated {
				out[p[1]] = existing{ok: true, text: tParas[p[0]].Text, source: paras[p[1]].Text, fuzzy: rec.Paragraphs[p[0]].Review}
			}
			bi, ai = p[0]+1, p[1]+1
		}
		fill(len(before), len(paras))
		return out, "Translations paired with the original's paragraphs by the record of the version translated (" + filepath.Base(RecordPath(t.File)) + ")."
	case len(tParas) == len(paras):
		note := "Translations paired with the original's paragraphs by position."
		for i := range paras {
			out[i] = existing{ok: true, text: tParas[i].Text, fuzzy: st.Status != Current && st.Status != Draft}
			if !out[i].fuzzy {
				out[i].source = paras[i].Text
			}
		}
		if st.Status != Current && st.Status != Draft {
			note += " Nothing tells which version of the original they translate: they are marked for review."
		}
		return out, note
	}
	return nil, fmt.Sprintf("The translation has %d paragraphs and the original %d: they could not be paired, the translations are left empty.", len(tParas), len(paras))
}

// ImportResult tells what an import did, or would do (DryRun).
type ImportResult struct {
	File    string // the translation, relative to the site's folder
	Created bool
	// Paragraphs of the original; of them, those whose translation the
	// file gave (Applied), those whose translation stays as it was (Kept:
	// no entry, an empty one, or one made from an older original), those
	// left in the original's language (Untranslated), and those whose
	// translation needs review (Fuzzy).
	Paragraphs, Applied, Kept, Untranslated, Fuzzy int
	// Stale are the entries made from another version of the original
	// than the current one: not applied. Refused are those that cannot be
	// merged: an entry for no text of the original, broken markup. When
	// any is refused, nothing is written.
	Stale, Refused []ImportProblem
	// Glossary: applied translations that do not use the glossary's
	// translation of a term their source holds (warnings).
	Glossary       []ImportProblem
	Recorded       bool
	TranslatedFrom string
	// Before and After are the translation's file before and after the
	// import (Before is empty for a new one).
	Before, After []byte
	Written       bool
}

// ImportProblem is an entry of the imported file that was not applied.
type ImportProblem struct {
	Where string // "line 42", "trans-unit p7"
	Msg   string
}

func (p ImportProblem) String() string {
	if p.Where == "" {
		return p.Msg
	}
	return p.Where + ": " + p.Msg
}

// ImportOptions change what Import does.
type ImportOptions struct {
	DryRun bool // compute the result, write nothing
}

// Import merges the translation an exchange file holds into the
// translation's file (target: a page of the site, or where the
// translation of the exchange's original goes). The file is never
// trusted for the original's text: each entry is matched to the
// paragraph of the current original that has its source text (the file's
// paragraph number tells repeated paragraphs apart), and its translation
// replaces that paragraph's. A paragraph without an entry, or with an
// empty one, keeps its translation; an entry made from an older version
// of a paragraph is not applied (Stale); an entry for no text of the
// original, or whose markup differs from its source's, is refused, and
// then nothing is written. Front matter texts (title, …) are matched by
// their key. A translation that did not exist starts as communs new
// translation makes it. The sidecar record then says, paragraph by
// paragraph, which text of the original each translates and which need
// review; when all translate the current original and none needs review,
// translatedFrom names it (as communs i18n ack does).
func Import(s *site.Site, ex *Exchange, target string, opts ImportOptions) (*ImportResult, error) {
	res := &ImportResult{}
	var orig, t *site.Page
	if p, err := FindPage(s, target); err == nil {
		t = p
		orig, _ = Original(s, t.Group)
		if orig == nil || orig == t {
			return nil, fmt.Errorf("%s is the original of its group: import into a translation", t.File)
		}
		if orig.File != ex.Original {
			return nil, fmt.Errorf("%s translates %s, and the file to import translates %s", t.File, orig.File, ex.Original)
		}
		if t.Lang != ex.TargetLang {
			return nil, fmt.Errorf("%s is in %s, and the file to import is a translation into %s", t.File, t.Lang, ex.TargetLang)
		}
	} else {
		o, oerr := FindPage(s, ex.Original)
		if oerr != nil {
			return nil, fmt.Errorf("the file to import translates %s: %v", ex.Original, oerr)
		}
		orig = o
		want := TranslationFile(s, orig, ex.TargetLang)
		abs, _ := filepath.Abs(target)
		if abs != filepath.Join(s.SourceDir, filepath.FromSlash(want)) && filepath.ToSlash(target) != want {
			return nil, fmt.Errorf("%s: %v; the translation of %s into %s goes to %s", target, err, orig.File, ex.TargetLang, want)
		}
		if _, ok := s.Langs[ex.TargetLang]; !ok {
			return nil, fmt.Errorf("language %q is not one of the site's", ex.TargetLang)
		}
		res.Created = true
		res.File = want
	}
	paras := Paragraphs(orig.Body)
	res.Paragraphs = len(paras)
	var pairs []existing
	if t != nil {
		pairs, _ = pairExisting(s, orig, t, paras)
	}
	// Which piece of which paragraph each entry translates.
	type at struct{ para, piece int }
	shapes := make([]shape, len(paras))
	byText := map[string][]at{}
	entry := make([][]*Unit, len(paras))
	for i, p := range paras {
		shapes[i] = shapeOf(p.Text)
		entry[i] = make([]*Unit, len(shapes[i].segs))
		for k, seg := range shapes[i].segs {
			byText[seg] = append(byText[seg], at{i, k})
		}
	}
	previous := map[string]bool{} // texts of the original a translation was made from
	addPrevious := func(text string) {
		previous[text] = true
		for _, seg := range shapeOf(text).segs {
			previous[seg] = true
		}
	}
	for _, p := range pairs {
		if p.previous != "" {
			addPrevious(p.previous)
		}
	}
	if t != nil {
		if r, err := ReadRecord(RecordPath(t.Abs)); err == nil {
			for _, txt := range r.Texts() {
				addPrevious(txt)
			}
		}
	}
	fmValues := map[string]string{}
	for k := range ex.Units {
		u := &ex.Units[k]
		source := strings.TrimRight(u.Source, "\n")
		if !u.IsParagraph() {
			cur := fmText(orig.FrontMatter, u.ID)
			switch {
			case strings.TrimSpace(u.Target) == "":
			case cur == "" && (t == nil || fmText(t.FrontMatter, u.ID) == ""):
				res.Refused = append(res.Refused, ImportProblem{u.Where, fmt.Sprintf("the original has no %s: an entry added? remove it", u.ID)})
			case cur == "":
				res.Stale = append(res.Stale, ImportProblem{u.Where, fmt.Sprintf("the original has no %s any more: its translation was not applied", u.ID)})
			case source != cur:
				res.Stale = append(res.Stale, ImportProblem{u.Where, fmt.Sprintf("the original's %s is now %q: its translation was not applied; export again", u.ID, cur)})
			case u.Fuzzy:
				// The front matter has no mark for review: the value waits.
				res.Stale = append(res.Stale, ImportProblem{u.Where, fmt.Sprintf("the translation of the %s is marked fuzzy: not applied; review it, then import again", u.ID)})
			default:
				v := strings.TrimSpace(u.Target)
				if probs := MarkupProblems(cur, v, nil); len(probs) > 0 {
					res.Refused = append(res.Refused, ImportProblem{u.Where, fmt.Sprintf("the %s: %s", u.ID, strings.Join(probs, "; "))})
				}
				fmValues[u.ID] = v
			}
			continue
		}
		places := byText[source]
		pick := -1
		for n, a := range places {
			if entry[a.para][a.piece] == nil && (pick < 0 || u.Hint == a.para+1 && (u.HintPiece == a.piece+1 || u.HintPiece == 0 && a.piece == 0)) {
				pick = n
			}
		}
		switch {
		case pick >= 0:
			entry[places[pick].para][places[pick].piece] = u
		case len(places) > 0:
			res.Refused = append(res.Refused, ImportProblem{u.Where, fmt.Sprintf("a second entry for paragraph %d (%s): remove one", places[0].para+1, excerpt(source))})
		case previous[source]:
			if strings.TrimSpace(u.Target) != "" {
				res.Stale = append(res.Stale, ImportProblem{u.Where, fmt.Sprintf("made from an older version of the original (%s), which changed since: not applied; export again to translate the new text", excerpt(source))})
			}
		default:
			res.Refused = append(res.Refused, ImportProblem{u.Where, fmt.Sprintf("its source (%s) is no paragraph of %s: an entry added, or a source edited; remove it, or export again", excerpt(source), orig.File)})
		}
	}
	dir := filepath.Dir(orig.Abs)
	if t != nil {
		dir = filepath.Dir(t.Abs)
	}
	resolves := func(dest string) bool {
		if strings.HasPrefix(dest, "http://") || strings.HasPrefix(dest, "https://") || strings.HasPrefix(dest, "mailto:") || strings.HasPrefix(dest, "#") {
			return true
		}
		d, _, _ := strings.Cut(dest, "#")
		_, err := os.Stat(filepath.Join(dir, filepath.FromSlash(d)))
		return err == nil
	}
	gl, err := ReadGlossary(s)
	if err != nil {
		return nil, err
	}
	texts := make([]string, len(paras))
	rec := &Record{Original: orig.File}
	applied := false
	// The new body, and its record: for each paragraph, the text of the
	// original it translates (the original's own for one left
	// untranslated, an older one for a translation kept from before the
	// original changed), and whether it needs review.
	for i, p := range paras {
		sh := shapes[i]
		var was existing // the translation's paragraph, when it has one
		if pairs != nil {
			was = pairs[i]
		}
		var kept []string // its pieces, when it is cut as the original
		if was.has() {
			kept = pieces(sh, was.text)
		}
		// The text of the original the kept translation was made from, and
		// its pieces: a kept piece made from another text than the
		// current one keeps the paragraph recorded as made from the old.
		oldSource := ""
		if kept != nil {
			oldSource = was.from()
		}
		var oldPieces []string
		if oldSource != "" && oldSource != p.Text {
			oldPieces = pieces(sh, oldSource)
		}
		staleKept := false
		out := make([]string, len(sh.segs))
		nApplied, nKept, nLeft, fuzzy := 0, 0, 0, false
		for k, seg := range sh.segs {
			u := entry[i][k]
			switch {
			case u != nil && strings.TrimSpace(u.Target) != "":
				tr := strings.TrimRight(u.Target, "\n")
				if probs := MarkupProblems(seg, tr, resolves); len(probs) > 0 {
					res.Refused = append(res.Refused, ImportProblem{u.Where, fmt.Sprintf("paragraph %d: %s", i+1, strings.Join(probs, "; "))})
				}
				for _, h := range gl.find(seg, orig.Lang, ex.TargetLang) {
					if !containsWord(strings.ToLower(tr), strings.ToLower(h.target)) {
						res.Glossary = append(res.Glossary, ImportProblem{u.Where, fmt.Sprintf("paragraph %d: the glossary translates %q as %q, which the translation does not use", i+1, h.source, h.target)})
					}
				}
				out[k], fuzzy = tr, fuzzy || u.Fuzzy
				nApplied++
			case kept != nil && strings.TrimSpace(kept[k]) != "":
				out[k] = kept[k]
				nKept++
				if oldSource != "" && oldSource != p.Text && (oldPieces == nil || oldPieces[k] != seg) {
					staleKept = true
				}
			default:
				out[k] = seg
				if translatable(seg) {
					nLeft++
				}
			}
		}
		if nApplied > 0 && nApplied+nKept < len(sh.segs) && kept == nil && was.has() {
			// Its translation is not cut as the original (a list of
			// another length): the pieces the file leaves out would
			// replace it in the original's words.
			res.Refused = append(res.Refused, ImportProblem{"", fmt.Sprintf("paragraph %d: its translation is not cut as the original's (%d pieces): translate every piece of it in the file, or none, so as not to lose its words", i+1, len(sh.segs))})
		}
		src, review, untranslated := p.Text, false, false
		switch {
		case nApplied > 0:
			texts[i], applied = sh.join(out), true
			// Kept pieces need review when their pairing is unsure (by
			// position) or was marked so, not when only their
			// neighbours changed.
			keptUnsure := was.fuzzy && (was.source == p.Text || was.from() == "")
			review = fuzzy || nLeft > 0 || nKept > 0 && keptUnsure && !staleKept
			if staleKept {
				// What changed in the original is not translated yet: the
				// record keeps the text it was made from, for the diff.
				src = oldSource
			}
			res.Applied++
		case was.has():
			texts[i] = was.text // as it is, whatever its pieces
			switch {
			case was.source != "":
				src = was.source
				review = was.fuzzy && src == p.Text
			case was.previous != "":
				src = was.previous
			default: // paired by position, nothing tells from what
				review = true
			}
			res.Kept++
		default:
			texts[i] = p.Text
			res.Untranslated++
			untranslated = translatable(p.Text)
		}
		if review || src != p.Text {
			res.Fuzzy++
		}
		rec.Paragraphs = append(rec.Paragraphs, RecordParagraph{Digest: Digest(src), Text: src, Review: review, Untranslated: untranslated})
	}
	srcs := rec.Texts()
	rec.TranslatedFrom = paragraphsDigest(srcs)
	if t != nil && pairs == nil && applied && res.Untranslated > 0 {
		res.Refused = append(res.Refused, ImportProblem{"", fmt.Sprintf("%s has %d paragraphs and the original %d, and no record pairs them: the translations of the file cannot be merged into it without losing some; translate every paragraph in the file, or make the paragraphs match the original's and run communs i18n ack %s", t.File, len(Paragraphs(t.Body)), len(paras), t.File)})
	}
	complete := res.Untranslated == 0 && res.Fuzzy == 0 && rec.TranslatedFrom == BodyDigest(orig.Body)
	var f *fmFile
	var path string
	if t != nil {
		path = t.Abs
		res.File = t.File
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		res.Before = data
		if f, err = parseFM(data); err != nil {
			return nil, fmt.Errorf("%s: %w", t.File, err)
		}
	} else {
		path = filepath.Join(s.SourceDir, filepath.FromSlash(res.File))
		data, err := os.ReadFile(orig.Abs)
		if err != nil {
			return nil, err
		}
		if f, err = parseFM(data); err != nil {
			return nil, fmt.Errorf("%s: %w", orig.File, err)
		}
		adaptFrontMatter(f, orig, rec.TranslatedFrom)
	}
	for _, k := range frontMatterTexts {
		if v, ok := fmValues[k]; ok {
			f.set(k, v)
		}
	}
	// The tags: those translated in the file, the others as the
	// translation has them (when it has as many), else the original's.
	if tags := orig.FrontMatter.Tags; len(tags) > 0 {
		out := append([]string(nil), tags...)
		if t != nil && len(t.FrontMatter.Tags) == len(tags) {
			copy(out, t.FrontMatter.Tags)
		}
		changed := false
		for i := range out {
			if v, ok := fmValues[tagID(i)]; ok {
				out[i], changed = v, true
			}
		}
		if changed {
			f.set("tags", out)
		}
	}
	// The body changes only when the file brought something: an import of
	// nothing new leaves a translation that could not be paired as it is.
	if applied || t == nil {
		f.setBody(joinParagraphs(texts))
		f.set("translatedFrom", rec.TranslatedFrom)
	}
	if _, err := f.parsed(); err != nil {
		return nil, fmt.Errorf("%s: %w", res.File, err)
	}
	res.After = f.bytes()
	res.TranslatedFrom = rec.TranslatedFrom
	if len(res.Refused) > 0 || opts.DryRun {
		return res, nil
	}
	if res.Created {
		if err := createFile(path, res.After); err != nil {
			return nil, err
		}
	} else if !bytes.Equal(res.Before, res.After) {
		if err := writeFileAtomic(path, res.After); err != nil {
			return nil, err
		}
	}
	res.Written = true
	if applied || t == nil {
		if err := rec.Write(RecordPath(path)); err != nil {
			return nil, err
		}
		res.Recorded = complete
	}
	return res, nil
}

// excerpt is the start of a text, quoted, for a message.
func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 60 {
		s = string(r[:57]) + "…"
	}
	return fmt.Sprintf("%q", s)
}
