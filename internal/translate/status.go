package translate

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"

	"github.com/communs/communs/internal/site"
)

// Status is where a translation stands, or an interface string.
type Status string

const (
	// Missing: no translation in the language (pages), or no string for
	// a key the theme uses (interface strings).
	Missing Status = "missing"
	// Untracked: a translation with no record of the original's version
	// it was made from (no translatedFrom).
	Untracked Status = "untracked"
	// Current: the original's words did not change since the translation
	// was made (cosmetic changes aside).
	Current Status = "current"
	// Draft: made from the original as it is, but not done: paragraphs
	// still in the original's words, translations to review, or
	// draft = true.
	Draft Status = "draft"
	// Outdated: words of the original changed since.
	Outdated Status = "outdated"
	// Unused: an interface string no template and no builder uses.
	Unused Status = "unused"
)

// Change is a paragraph of the original as it was when the translation
// was made (Before) and as it is now (After); an added paragraph has an
// empty Before, a removed one an empty After.
type Change struct {
	Before string `json:"before"`
	After  string `json:"after"`
	// BeforeIndex and AfterIndex count paragraphs from 1 (0: none).
	BeforeIndex int `json:"-"`
	AfterIndex  int `json:"-"`
	// Line is the line of the original's file where After starts, or
	// where Before was removed.
	Line int `json:"-"`
	// Cosmetic: the same words, with other punctuation, spacing or typography.
	Cosmetic bool `json:"-"`
}

// PageStatus is the state of one page of a translation group in one
// language other than the original's.
type PageStatus struct {
	// Key names the group (GroupKey).
	Key string `json:"key"`
	// Original is the original's file, relative to the site's folder.
	Original string `json:"original"`
	Language string `json:"language"`
	// Path is the translation's file, or where it goes when missing.
	Path    string   `json:"path"`
	Status  Status   `json:"status"`
	Changed []Change `json:"changed"`

	// Note explains the status for people: a cosmetic change, a missing record.
	Note         string      `json:"-"`
	Group        *site.Group `json:"-"`
	OriginalPage *site.Page  `json:"-"`
	Page         *site.Page  `json:"-"` // nil when missing
	// Cosmetic lists the original's cosmetic changes since the
	// translation (only when a record tells them).
	Cosmetic []Change `json:"-"`
}

// PageStatuses lists the state of every translation of every group, by
// group key, then language in the site's order. A group's original has no
// entry; nor has the language of a text it translates from outside the
// site (see Original).
func PageStatuses(s *site.Site) []*PageStatus {
	var out []*PageStatus
	for _, g := range Groups(s) {
		orig, external := Original(s, g)
		if orig == nil {
			continue
		}
		for _, l := range s.Languages {
			if l.Code == orig.Lang {
				continue
			}
			if t := g.Pages[l.Code]; t != nil {
				out = append(out, check(s, g, orig, t))
				continue
			}
			if l.Code == external {
				continue
			}
			out = append(out, &PageStatus{Key: GroupKey(g), Original: orig.File, Language: l.Code,
				Path: TranslationFile(s, orig, l.Code), Status: Missing, Changed: []Change{},
				Group: g, OriginalPage: orig})
		}
	}
	return out
}

// PageStatusOf is the state of one page as a translation; nil when it is
// the original of its group.
func PageStatusOf(s *site.Site, p *site.Page) *PageStatus {
	orig, _ := Original(s, p.Group)
	if orig == nil || orig == p {
		return nil
	}
	return check(s, p.Group, orig, p)
}

// OutdatedFrom returns the original of p when p is a translation whose
// original's words changed since its translatedFrom, else nil. It reads
// no file: what a build needs for its notice.
func OutdatedFrom(s *site.Site, p *site.Page) *site.Page {
	if p == nil || p.FrontMatter == nil || p.Group == nil || !IsDigest(strings.TrimSpace(p.FrontMatter.TranslatedFrom)) {
		return nil
	}
	orig, _ := Original(s, p.Group)
	if orig == nil || orig == p {
		return nil
	}
	if BodyDigest(orig.Body) != strings.TrimSpace(p.FrontMatter.TranslatedFrom) {
		return orig
	}
	return nil
}

func check(s *site.Site, g *site.Group, orig, t *site.Page) *PageStatus {
	ps := &PageStatus{Key: GroupKey(g), Original: orig.File, Language: t.Lang, Path: t.File,
		Changed: []Change{}, Group: g, OriginalPage: orig, Page: t}
	var tf string
	if t.FrontMatter != nil {
		tf = strings.TrimSpace(t.FrontMatter.TranslatedFrom)
	}
	switch {
	case tf == "":
		ps.Status = Untracked
		ps.Note = "no translatedFrom: compare it with the original, then run communs i18n ack " + t.File
		return ps
	case !IsDigest(tf):
		ps.Status = Untracked
		ps.Note = fmt.Sprintf("translatedFrom %q was not written by communs: compare the translation with the original, then run communs i18n ack %s", tf, t.File)
		return ps
	}
	now := Paragraphs(orig.Body)
	nowTexts := make([]string, len(now))
	for i, p := range now {
		nowTexts[i] = p.Text
	}
	current := paragraphsDigest(nowTexts) == tf
	if current {
		ps.Status = Current
	} else {
		ps.Status = Outdated
	}
	recPath := RecordPath(t.Abs)
	rec, err := ReadRecord(recPath)
	if current {
		defer draftOf(ps, now, t, rec, tf)
	}
	recName := filepath.Base(recPath)
	switch {
	case errors.Is(err, os.ErrNotExist):
		if !current {
			ps.Note = "no record of the original's paragraphs (" + recName + ") to tell what changed: see the original's history, then run communs i18n ack " + t.File
		}
		return ps
	case err != nil:
		ps.Note = err.Error()
		return ps
	case rec.TranslatedFrom != tf:
		if !current {
			ps.Note = recName + " records another version of the original than translatedFrom names: see the original's history, then run communs i18n ack " + t.File
		}
		return ps
	}
	lineOffset := orig.BodyLine - 1
	for _, c := range CompareParagraphs(rec.Texts(), now) {
		c.Line += lineOffset
		if c.Cosmetic {
			ps.Cosmetic = append(ps.Cosmetic, c)
		} else if !current {
			ps.Changed = append(ps.Changed, c)
		}
	}
	if current && len(ps.Cosmetic) > 0 {
		ps.Note = fmt.Sprintf("the original changed since in punctuation, spacing or typography only (%s): communs i18n ack %s records it", countOf(len(ps.Cosmetic), "paragraph"), t.File)
	}
	return ps
}

// draftOf turns a current translation into a draft when it says it is not
// done: draft = true, or paragraphs an import left to review or to
// translate. Paragraphs still in the original's words (code, images and
// links alone aside) are counted in the note: a finished translation may
// keep some (a name, a quotation), so they alone make no draft.
func draftOf(ps *PageStatus, orig []Paragraph, t *site.Page, rec *Record, translatedFrom string) {
	if ps.Status != Current {
		return
	}
	same := 0
	tParas := Paragraphs(t.Body)
	if len(tParas) == len(orig) {
		for i, p := range tParas {
			if p.Text == orig[i].Text && translatable(p.Text) {
				same++
			}
		}
	}
	review, left := 0, 0
	if rec != nil && rec.TranslatedFrom == translatedFrom {
		for _, p := range rec.Paragraphs {
			if p.Review {
				review++
			}
			if p.Untranslated {
				left++
			}
		}
	}
	var why []string
	if t.FrontMatter != nil && t.FrontMatter.Draft {
		why = append(why, "draft = true")
	}
	if left > 0 {
		why = append(why, countOf(left, "paragraph")+" to translate")
		same = 0 // the same ones
	}
	if review > 0 {
		why = append(why, countOf(review, "paragraph")+" to review")
	}
	if len(why) == 0 {
		return
	}
	if same > 0 {
		why = append(why, countOf(same, "paragraph")+" still in the original's words")
	}
	ps.Status = Draft
	ps.Note = strings.Join(why, ", ") + ": translate, review, then communs i18n ack " + t.File
}

// translatable tells whether a paragraph has words to translate: not a
// code block, nor an image, a link or a URL alone.
func translatable(text string) bool {
	t := strings.TrimSpace(text)
	if openingFence(strings.SplitN(t, "\n", 2)[0]) != "" || strings.HasPrefix(text, "    ") {
		return false
	}
	t = inlineCodeRE.ReplaceAllString(t, " ")
	t = linkTargetRE.ReplaceAllString(t, " ")
	t = urlRE.ReplaceAllString(t, " ")
	letters := 0
	for _, r := range t {
		if unicode.IsLetter(r) {
			if letters++; letters >= 2 {
				return true
			}
		}
	}
	return false
}

var (
	inlineCodeRE = regexp.MustCompile("`+[^`]*`+")
	linkTargetRE = regexp.MustCompile(`\]\([^)]*\)|<[^>\s]+>`) // an image's alternative text stays
	urlRE        = regexp.MustCompile(`https?://\S+`)
)

func countOf(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// CompareParagraphs aligns the original's paragraphs as they were
// (before) with the paragraphs as they are (after) by their words, and
// lists what changed: paragraphs whose words changed (a removed paragraph
// followed by an added one are one change), added and removed paragraphs,
// and, marked Cosmetic, paragraphs with the same words written otherwise.
// Line is the line of after in the body.
func CompareParagraphs(before []string, after []Paragraph) []Change {
	bk := make([]string, len(before))
	for i, t := range before {
		bk[i] = Digest(t)
	}
	ak := make([]string, len(after))
	for i, p := range after {
		ak[i] = Digest(p.Text)
	}
	pairs := lcs(bk, ak)
	var out []Change
	lineAt := func(j int) int {
		if j < len(after) {
			return after[j].Line
		}
		if len(after) > 0 {
			return after[len(after)-1].Line
		}
		return 1
	}
	bi, ai := 0, 0
	emit := func(bEnd, aEnd int) {
		// The unmatched paragraphs between two matches: changed ones
		// pairwise, then the removed or the added rest.
		for bi < bEnd || ai < aEnd {
			c := Change{Line: lineAt(ai)}
			if bi < bEnd {
				c.Before, c.BeforeIndex = before[bi], bi+1
				bi++
			}
			if ai < aEnd {
				c.After, c.AfterIndex = after[ai].Text, ai+1
				ai++
			}
			out = append(out, c)
		}
	}
	for _, p := range pairs {
		emit(p[0], p[1])
		if NormalText(before[p[0]]) != NormalText(after[p[1]].Text) {
			out = append(out, Change{Before: before[p[0]], After: after[p[1]].Text, BeforeIndex: p[0] + 1, AfterIndex: p[1] + 1, Line: after[p[1]].Line, Cosmetic: true})
		}
		bi, ai = p[0]+1, p[1]+1
	}
	emit(len(before), len(after))
	return out
}

// lcs returns the index pairs of a longest common subsequence of a and b,
// in order.
func lcs[T comparable](a, b []T) [][2]int {
	// Common ends first: most edits touch a few items of long sequences.
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var out [][2]int
	for i := 0; i < pre; i++ {
		out = append(out, [2]int{i, i})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	n, m := len(ma), len(mb)
	if n > 0 && m > 0 {
		// table[i][j] is the length of an LCS of ma[i:] and mb[j:].
		table := make([]int32, (n+1)*(m+1))
		at := func(i, j int) *int32 { return &table[i*(m+1)+j] }
		for i := n - 1; i >= 0; i-- {
			for j := m - 1; j >= 0; j-- {
				switch {
				case ma[i] == mb[j]:
					*at(i, j) = *at(i+1, j+1) + 1
				case *at(i+1, j) >= *at(i, j+1):
					*at(i, j) = *at(i+1, j)
				default:
					*at(i, j) = *at(i, j+1)
				}
			}
		}
		for i, j := 0, 0; i < n && j < m; {
			switch {
			case ma[i] == mb[j]:
				out = append(out, [2]int{pre + i, pre + j})
				i++
				j++
			case *at(i+1, j) >= *at(i, j+1):
				i++
			default:
				j++
			}
		}
	}
	for k := suf; k > 0; k-- {
		out = append(out, [2]int{len(a) - k, len(b) - k})
	}
	return out
}
