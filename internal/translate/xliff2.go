package translate

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

const xliff2NS = "urn:oasis:names:tc:xliff:document:2.0"

// WriteXLIFF2 writes an exchange as an XLIFF 2.0 document: a <unit> per
// front matter text and per paragraph or piece (ids as in XLIFF 1.2), the
// inline markup as <ph> codes whose text is in the unit's
// <originalData>. A segment without translation is "initial", one to
// review "translated" (subState communs:fuzzy), the others "final".
func WriteXLIFF2(ex *Exchange) []byte {
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<xliff xmlns="%s" version="2.0" srcLang="%s" trgLang="%s">`+"\n", xliff2NS, xmlAttr(ex.SourceLang), xmlAttr(ex.TargetLang))
	fmt.Fprintf(&b, `<file id="f1" original="%s">`+"\n", xmlAttr(ex.Original))
	b.WriteString("<notes><note>" + xmlText(fileNote(ex, "xliff2")) + "</note></notes>\n")
	for _, u := range ex.Units {
		fmt.Fprintf(&b, `<unit id="%s" name="%s">`+"\n", xmlAttr(u.ID), xmlAttr(u.ID))
		var notes []string
		if u.Line > 0 {
			notes = append(notes, fmt.Sprintf("%s:%d", ex.Original, u.Line))
		}
		if u.Fuzzy && u.Previous != "" {
			notes = append(notes, "The original was: "+u.Previous)
		}
		notes = append(notes, u.Notes...)
		if len(notes) > 0 {
			b.WriteString("<notes>")
			for _, n := range notes {
				b.WriteString("<note>" + xmlText(n) + "</note>")
			}
			b.WriteString("</notes>\n")
		}
		var data []string // the markup of the codes, by id from 1
		var codes codeIDs
		src := codes2(&codes, u.Source, true, &data)
		tgt := ""
		if u.Target != "" {
			tgt = codes2(&codes, u.Target, false, &data)
		}
		if len(data) > 0 {
			b.WriteString("<originalData>")
			for i, d := range data {
				fmt.Fprintf(&b, `<data id="d%d">%s</data>`, i+1, xmlText(d))
			}
			b.WriteString("</originalData>\n")
		}
		state := `state="initial"`
		if u.Target != "" {
			state = `state="final"`
			if u.Fuzzy {
				state = `state="translated" subState="communs:fuzzy"`
			}
		}
		fmt.Fprintf(&b, "<segment %s>\n<source xml:space=\"preserve\">%s</source>\n", state, src)
		if u.Target != "" {
			fmt.Fprintf(&b, "<target xml:space=\"preserve\">%s</target>\n", tgt)
		}
		b.WriteString("</segment>\n</unit>\n")
	}
	b.WriteString("</file>\n</xliff>\n")
	return b.Bytes()
}

// codes2 writes text as XLIFF 2.0 content: its markup as <ph id dataRef>
// codes, the text of each new one added to data (its id is its place
// there, from 1).
func codes2(c *codeIDs, text string, source bool, data *[]string) string {
	parts := markupSpans(text)
	ids, isNew := c.assign(parts, source)
	var b strings.Builder
	for k, part := range parts {
		switch {
		case k%2 == 0:
			b.WriteString(xmlText(part))
		case ids[k] > 0:
			if isNew[k] {
				*data = append(*data, part)
			}
			fmt.Fprintf(&b, `<ph id="%d" dataRef="d%d"/>`, ids[k], ids[k])
		}
	}
	return b.String()
}

type xliff2Doc struct {
	XMLName xml.Name     `xml:"xliff"`
	SrcLang string       `xml:"srcLang,attr"`
	TrgLang string       `xml:"trgLang,attr"`
	Files   []xliff2File `xml:"file"`
}

type xliff2File struct {
	Original string       `xml:"original,attr"`
	Units    []xliff2Unit `xml:"unit"`
	Groups   []xliff2Grp  `xml:"group"`
}

type xliff2Grp struct {
	Units  []xliff2Unit `xml:"unit"`
	Groups []xliff2Grp  `xml:"group"`
}

type xliff2Unit struct {
	ID   string `xml:"id,attr"`
	Data []struct {
		ID   string `xml:"id,attr"`
		Text string `xml:",chardata"`
	} `xml:"originalData>data"`
	Segments []struct {
		State    string      `xml:"state,attr"`
		SubState string      `xml:"subState,attr"`
		Source   xliff2Text  `xml:"source"`
		Target   *xliff2Text `xml:"target"`
	} `xml:"segment"`
}

// xliff2Text keeps the content of a <source> or <target> as it is, codes
// included, to resolve them against the unit's data.
type xliff2Text struct {
	Inner string `xml:",innerxml"`
}

// ReadXLIFF2 reads an XLIFF 2.0 document written by WriteXLIFF2 and
// filled by a tool. The codes take their text back from <originalData>
// (or their equiv, or disp); a segment "initial", or "translated" with
// the subState communs:fuzzy, needs review.
func ReadXLIFF2(data []byte) (*Exchange, error) {
	if looksLikePO(data) {
		return nil, fmt.Errorf("this is a PO file, not XLIFF: import it with --format po")
	}
	var doc xliff2Doc
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("not an XLIFF document: %v", err)
	}
	if doc.XMLName.Space != xliff2NS {
		return nil, fmt.Errorf("XLIFF namespace %q: --format xliff2 reads XLIFF 2.0 (%s); --format xliff reads 1.2", doc.XMLName.Space, xliff2NS)
	}
	if len(doc.Files) != 1 {
		return nil, fmt.Errorf("the XLIFF document holds %d <file> elements: communs reads one, as communs i18n export writes it", len(doc.Files))
	}
	f := doc.Files[0]
	ex := &Exchange{Original: f.Original, SourceLang: doc.SrcLang, TargetLang: doc.TrgLang}
	if ex.Original == "" || ex.TargetLang == "" {
		return nil, fmt.Errorf("the XLIFF <file> has no original, or <xliff> no trgLang: this is not a file communs i18n export wrote")
	}
	units := flattenGroups(f.Units, f.Groups, func(g xliff2Grp) ([]xliff2Unit, []xliff2Grp) { return g.Units, g.Groups })
	p := 0
	for _, xu := range units {
		refs := map[string]string{}
		for _, d := range xu.Data {
			refs[d.ID] = d.Text
		}
		u := Unit{ID: xu.ID, Where: "unit " + xu.ID}
		if n, ok := strings.CutPrefix(xu.ID, "p"); ok {
			u.Hint, u.HintPiece = parseHint(n)
		}
		for _, sg := range xu.Segments { // segments of one unit: one text
			src, err := resolveCodes(sg.Source.Inner, refs)
			if err != nil {
				return nil, fmt.Errorf("unit %s: %v", xu.ID, err)
			}
			u.Source += src
			if sg.Target != nil {
				tgt, err := resolveCodes(sg.Target.Inner, refs)
				if err != nil {
					return nil, fmt.Errorf("unit %s: %v", xu.ID, err)
				}
				u.Target += tgt
				if sg.State == "initial" || sg.State == "translated" && strings.Contains(sg.SubState, "fuzzy") {
					u.Fuzzy = true
				}
			}
		}
		if !isFrontMatterText(u.ID) {
			p++
			u.ID = "p" + strconv.Itoa(p)
		}
		ex.Units = append(ex.Units, u)
	}
	return ex, nil
}

// resolveCodes turns the content of a <source> or <target> back into
// text: its characters, and for each code the text it stands for.
func resolveCodes(inner string, refs map[string]string) (string, error) {
	d := xml.NewDecoder(strings.NewReader("<x>" + inner + "</x>"))
	var b strings.Builder
	var ends []string // what each open element writes when it closes (<pc>)
	code := func(ref, equiv, disp string) string {
		switch {
		case refs[ref] != "":
			return refs[ref]
		case equiv != "":
			return equiv
		}
		return disp
	}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return b.String(), nil
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			a := map[string]string{}
			for _, at := range t.Attr {
				a[at.Name.Local] = at.Value
			}
			b.WriteString(code(a["dataRef"]+a["dataRefStart"], a["equiv"]+a["equivStart"], a["disp"]+a["dispStart"]))
			ends = append(ends, code(a["dataRefEnd"], a["equivEnd"], a["dispEnd"]))
		case xml.EndElement:
			if n := len(ends); n > 0 {
				b.WriteString(ends[n-1])
				ends = ends[:n-1]
			}
		}
	}
}
