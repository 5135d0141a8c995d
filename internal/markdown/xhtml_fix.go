package markdown

import (
	"bytes"
	"encoding/xml"
	"io"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// WellFormed tells whether an XHTML fragment (any number of top-level
// elements and text) is well-formed XML, without named entities other
// than XML's five.
func WellFormed(frag []byte) error {
	d := xml.NewDecoder(io.MultiReader(strings.NewReader("<r>"), bytes.NewReader(frag), strings.NewReader("</r>")))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// FixXHTML returns frag as it is when it is well-formed XML, else parsed
// as HTML (the way a browser reads it: <br>, &nbsp;, unclosed <p>) and
// written back as XHTML; repaired tells which.
func FixXHTML(frag []byte) (out []byte, repaired bool) {
	if WellFormed(frag) == nil {
		return frag, false
	}
	ctx := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(bytes.NewReader(frag), ctx)
	if err != nil {
		return frag, false
	}
	var b bytes.Buffer
	b.Grow(len(frag) + len(frag)/8)
	for _, n := range nodes {
		writeXHTML(&b, n)
	}
	return b.Bytes(), true
}

var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// writeXHTML serialises an HTML node as XML.
func writeXHTML(b *bytes.Buffer, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		b.WriteString(EscapeXML(xmlChars(n.Data)))
	case html.CommentNode:
		data := xmlChars(n.Data)
		for strings.Contains(data, "--") { // "---" leaves "- --" after one pass
			data = strings.ReplaceAll(data, "--", "- -")
		}
		if strings.HasSuffix(data, "-") {
			data += " "
		}
		b.WriteString("<!--" + data + "-->")
	case html.ElementNode:
		if !xmlName(n.Data) {
			// Not an element XML can hold: keep its content.
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				writeXHTML(b, c)
			}
			return
		}
		b.WriteByte('<')
		b.WriteString(n.Data)
		switch {
		case n.Namespace == "svg" && n.Data == "svg":
			b.WriteString(` xmlns="http://www.w3.org/2000/svg"`)
		case n.Namespace == "math" && n.Data == "math":
			b.WriteString(` xmlns="http://www.w3.org/1998/Math/MathML"`)
		}
		seen := map[string]bool{}
		for _, a := range n.Attr {
			key := a.Key
			if a.Namespace != "" {
				key = a.Namespace + ":" + a.Key
			}
			if !xmlName(key) || seen[key] || key == "xmlns" || strings.HasPrefix(key, "xmlns:") {
				continue
			}
			seen[key] = true
			b.WriteString(" " + key + `="` + EscapeXML(xmlChars(a.Val)) + `"`)
		}
		if n.FirstChild == nil && (voidElements[n.Data] || n.Namespace != "") {
			b.WriteString(" />")
			return
		}
		b.WriteByte('>')
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			writeXHTML(b, c)
		}
		b.WriteString("</" + n.Data + ">")
	default:
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			writeXHTML(b, c)
		}
	}
}

// xmlChars drops the characters XML 1.0 cannot hold (most C0 controls).
func xmlChars(s string) string {
	ok := true
	for _, r := range s {
		if !xmlChar(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	return strings.Map(func(r rune) rune {
		if xmlChar(r) {
			return r
		}
		return -1
	}, s)
}

func xmlChar(r rune) bool {
	return r == '\t' || r == '\n' || r == '\r' || r >= 0x20 && r <= 0xd7ff || r >= 0xe000 && r <= 0xfffd || r >= 0x10000 && r <= 0x10ffff
}

// xmlName tells whether s can name an XML element or attribute (ASCII
// names, the ones HTML uses, and a prefix).
func xmlName(s string) bool {
	if s == "" {
		return false
	}
	colon := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c == '_':
		case i > 0 && (c >= '0' && c <= '9' || c == '-' || c == '.'):
		case c == ':' && i > 0 && i < len(s)-1 && !colon:
			colon = true
		default:
			return false
		}
	}
	return true
}
