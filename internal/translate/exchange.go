package translate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

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
}

// Unit is one thing to translate.
type Unit struct {
	// ID is the front matter key (title, subtitle, summary, description)
	// or "p" and the paragraph's number from 1.
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
}

// IsParagraph tells a paragraph from a front matter text.
func (u Unit) IsParagraph() bool {
	return len(u.ID) > 1 && u.ID[0] == 'p' && u.ID[1] >= '0' && u.ID[1] <= '9'
}

// frontMatterTexts are the front matter keys exported for translation.
var frontMatterTexts = []string{"title", "subtitle", "summary", "description"}

func fmText(fm *site.FrontMatter, key string) string {
	switch key {
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
	if t != nil {
		ex.Translation = t.File
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
	paras := Paragraphs(original.Body)
	first := len(ex.Units)
	for i, p := range paras {
		ex.Units = append(ex.Units, Unit{ID: fmt.Sprintf("p%d", i+1), Source: p.Text, Line: original.BodyLine + p.Line - 1})
	}
	if t == nil {
		ex.Note = "No translation yet."
		return ex, nil
	}
	tParas := Paragraphs(t.Body)
	st := check(s, original.Group, original, t)
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
				u := &ex.Units[first+ai]
				u.Target, u.Fuzzy, u.Previous = tParas[bi].Text, true, before[bi]
			}
			bi, ai = bEnd, aEnd
		}
		for _, p := range lcs(bk, ak) {
			fill(p[0], p[1])
			ex.Units[first+p[1]].Target = tParas[p[0]].Text
			bi, ai = p[0]+1, p[1]+1
		}
		fill(len(before), len(paras))
		ex.Note = "Translations paired with the original's paragraphs by the record of the version translated (" + filepath.Base(RecordPath(t.File)) + ")."
	case len(tParas) == len(paras):
		for i := range paras {
			u := &ex.Units[first+i]
			u.Target = tParas[i].Text
			u.Fuzzy = st.Status != Current
		}
		ex.Note = "Translations paired with the original's paragraphs by position."
		if st.Status != Current {
			ex.Note += " Nothing tells which version of the original they translate: they are marked for review."
		}
	default:
		ex.Note = fmt.Sprintf("The translation has %d paragraphs and the original %d: they could not be paired, the translations are left empty.", len(tParas), len(paras))
	}
	return ex, nil
}

// ImportResult tells what an import wrote.
type ImportResult struct {
	File           string // the translation, relative to the site's folder
	Created        bool
	Paragraphs     int
	Untranslated   int // paragraphs left in the original's language
	Fuzzy          int // paragraphs whose translation needs review
	Recorded       bool
	TranslatedFrom string
}

// Import writes the translation an exchange file holds into the
// translation's file (target: a page of the site, or where the
// translation of the exchange's original goes): the paragraphs become its
// body, in order, a paragraph without translation staying in the
// original's language; translated front matter texts (title, …) replace
// the translation's; every other line of the front matter stays as it
// was. A translation that did not exist starts as communs new translation
// makes it. When every paragraph is translated and none needs review,
// the translation is recorded as made from the exported original
// (translatedFrom and the sidecar record, as communs i18n ack does).
func Import(s *site.Site, ex *Exchange, target string) (*ImportResult, error) {
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
	var sources, texts []string
	fmValues := map[string]string{}
	for _, u := range ex.Units {
		if !u.IsParagraph() {
			if u.Target != "" && !u.Fuzzy {
				fmValues[u.ID] = u.Target
			}
			continue
		}
		sources = append(sources, u.Source)
		res.Paragraphs++
		switch {
		case strings.TrimSpace(u.Target) == "":
			res.Untranslated++
			texts = append(texts, u.Source)
		default:
			if u.Fuzzy {
				res.Fuzzy++
			}
			texts = append(texts, strings.TrimRight(u.Target, "\n"))
		}
	}
	rec := recordOf(orig.File, sources)
	complete := res.Untranslated == 0 && res.Fuzzy == 0
	var f *fmFile
	var path string
	if t != nil {
		path = t.Abs
		res.File = t.File
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
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
	if complete {
		f.set("translatedFrom", rec.TranslatedFrom)
	}
	f.setBody(joinParagraphs(texts))
	if _, err := f.parsed(); err != nil {
		return nil, fmt.Errorf("%s: %w", res.File, err)
	}
	if res.Created {
		if err := createFile(path, f.bytes()); err != nil {
			return nil, err
		}
	} else if err := writeFileAtomic(path, f.bytes()); err != nil {
		return nil, err
	}
	if complete || res.Created {
		if err := rec.Write(RecordPath(path)); err != nil {
			return nil, err
		}
		res.Recorded = true
		res.TranslatedFrom = rec.TranslatedFrom
	}
	return res, nil
}
