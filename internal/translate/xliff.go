package translate

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

const xliffNS = "urn:oasis:names:tc:xliff:document:1.2"

// WriteXLIFF writes an exchange as an XLIFF 1.2 document: one
// <trans-unit> per front matter text (id: the key) and per paragraph (id:
// p1, p2, …), its Markdown as the text of <source> and <target>, white
// space preserved, the inline markup in <ph> codes (see inline.go). A
// target needing review has state "needs-review-translation" and the
// previous original in a note.
func WriteXLIFF(ex *Exchange) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<xliff version="1.2" xmlns="` + xliffNS + `">` + "\n")
	fmt.Fprintf(&b, `<file original="%s" source-language="%s" target-language="%s" datatype="x-markdown">`+"\n",
		xmlAttr(ex.Original), xmlAttr(ex.SourceLang), xmlAttr(ex.TargetLang))
	b.WriteString("<header>\n")
	b.WriteString(`<tool tool-id="communs" tool-name="communs"/>` + "\n")
	b.WriteString("<note>" + xmlText(fileNote(ex, "xliff")) + "</note>\n")
	b.WriteString("</header>\n<body>\n")
	for _, u := range ex.Units {
		approved := ""
		if u.Target != "" && !u.Fuzzy {
			// Without it, translate-toolkit reads every unit as fuzzy.
			approved = ` approved="yes"`
		}
		fmt.Fprintf(&b, `<trans-unit id="%s" resname="%s"%s xml:space="preserve">`+"\n", xmlAttr(u.ID), xmlAttr(u.ID), approved)
		var codes codeIDs
		var src strings.Builder
		codes.writeCodes(&src, u.Source, true)
		b.WriteString("<source>" + src.String() + "</source>\n")
		if u.Target != "" {
			state := "translated"
			if u.Fuzzy {
				state = "needs-review-translation"
			}
			var tgt strings.Builder
			codes.writeCodes(&tgt, u.Target, false)
			fmt.Fprintf(&b, `<target state="%s">%s</target>`+"\n", state, tgt.String())
		}
		if u.Line > 0 {
			fmt.Fprintf(&b, `<context-group purpose="location"><context context-type="sourcefile">%s</context><context context-type="linenumber">%d</context></context-group>`+"\n", xmlText(ex.Original), u.Line)
		}
		if u.Fuzzy && u.Previous != "" {
			b.WriteString(`<note from="communs">` + xmlText("The original was: "+u.Previous) + "</note>\n")
		}
		for _, n := range u.Notes {
			b.WriteString(`<note from="communs">` + xmlText(n) + "</note>\n")
		}
		b.WriteString("</trans-unit>\n")
	}
	b.WriteString("</body>\n</file>\n</xliff>\n")
	return b.Bytes()
}

func xmlText(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	// EscapeText writes line ends as &#xA;: keep them as they are for reading.
	return strings.ReplaceAll(b.String(), "&#xA;", "\n")
}

func xmlAttr(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

type xliffDoc struct {
	XMLName xml.Name    `xml:"xliff"`
	Version string      `xml:"version,attr"`
	Files   []xliffFile `xml:"file"`
}

type xliffFile struct {
	Original   string      `xml:"original,attr"`
	SourceLang string      `xml:"source-language,attr"`
	TargetLang string      `xml:"target-language,attr"`
	Units      []xliffUnit `xml:"body>trans-unit"`
	Groups     []xliffGrp  `xml:"body>group"`
}

type xliffGrp struct {
	Units  []xliffUnit `xml:"trans-unit"`
	Groups []xliffGrp  `xml:"group"`
}

type xliffUnit struct {
	ID     string     `xml:"id,attr"`
	Source xliffText  `xml:"source"`
	Target *xliffText `xml:"target"`
}

// xliffText is the text of a <source> or <target>, inline markup a tool
// may have added (<g>, <mrk>) read through for its text.
type xliffText struct {
	State string `xml:"state,attr"`
	Text  string
}

func (t *xliffText) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	for _, a := range start.Attr {
		if a.Name.Local == "state" {
			t.State = a.Value
		}
	}
	var b strings.Builder
	depth := 1
	for depth > 0 {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		case xml.CharData:
			b.Write(tk)
		}
	}
	t.Text = b.String()
	return nil
}

// ReadXLIFF reads an XLIFF 1.2 document written by WriteXLIFF and filled
// by a translator or a tool. A target whose state starts with "needs-" or
// is "new" needs review.
func ReadXLIFF(data []byte) (*Exchange, error) {
	var doc xliffDoc
	if looksLikePO(data) {
		return nil, fmt.Errorf("this is a PO file, not XLIFF: import it with --format po")
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not an XLIFF document: %v", err)
	}
	if doc.XMLName.Space != xliffNS && doc.XMLName.Space != "" {
		return nil, fmt.Errorf("XLIFF namespace %q: communs reads XLIFF 1.2 (%s)", doc.XMLName.Space, xliffNS)
	}
	if len(doc.Files) != 1 {
		return nil, fmt.Errorf("the XLIFF document holds %d <file> elements: communs reads one, as communs i18n export writes it", len(doc.Files))
	}
	f := doc.Files[0]
	ex := &Exchange{Original: f.Original, SourceLang: f.SourceLang, TargetLang: f.TargetLang}
	if ex.Original == "" || ex.TargetLang == "" {
		return nil, fmt.Errorf("the XLIFF <file> has no original or target-language: this is not a file communs i18n export wrote")
	}
	units := flattenGroups(f.Units, f.Groups, func(g xliffGrp) ([]xliffUnit, []xliffGrp) { return g.Units, g.Groups })
	p := 0
	for _, xu := range units {
		u := Unit{ID: xu.ID, Source: xu.Source.Text, Where: "trans-unit " + xu.ID}
		if n, ok := strings.CutPrefix(xu.ID, "p"); ok {
			u.Hint, u.HintPiece = parseHint(n)
		}
		if xu.Target != nil {
			u.Target = xu.Target.Text
			st := xu.Target.State
			u.Fuzzy = strings.HasPrefix(st, "needs-") || st == "new"
		}
		if !isFrontMatterText(u.ID) {
			p++
			u.ID = "p" + strconv.Itoa(p)
		}
		ex.Units = append(ex.Units, u)
	}
	return ex, nil
}

// fileNote is the note of an XLIFF file for the translator: what it
// translates, how to bring it back, how its translations were found.
func fileNote(ex *Exchange, format string) string {
	note := "Translation of " + ex.Original + " into " + ex.TargetLang + ", for " + ex.Translation +
		". One unit per paragraph or piece of one, its Markdown markup as codes: keep them. Import it back with: communs i18n import --format " + format + " " + ex.Translation + " FILE"
	if ex.Note != "" {
		note += "\n" + ex.Note
	}
	return note
}

// flattenGroups lists the units of a <file> and of its groups, in
// document order (groups after the file's own units, as read).
func flattenGroups[U, G any](units []U, groups []G, inner func(G) ([]U, []G)) []U {
	out := append([]U(nil), units...)
	for _, g := range groups {
		us, gs := inner(g)
		out = append(out, flattenGroups(us, gs, inner)...)
	}
	return out
}

func isFrontMatterText(id string) bool {
	if tagIndex(id) >= 0 {
		return true
	}
	for _, k := range frontMatterTexts {
		if id == k {
			return true
		}
	}
	return false
}
