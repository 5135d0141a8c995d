package translate

import (
	"bufio"
	"bytes"
	"fmt"
	"strconv"
	"strings"
)

// WritePO writes an exchange as a gettext PO file: one entry per front
// matter text (msgctxt names the key) and per paragraph, in the
// original's order, the paragraph's Markdown as msgid. A paragraph that
// occurs again gets msgctxt "paragraph N" so that every entry is unique.
// Translations needing review are "fuzzy", with the previous original as
// "#| msgid", as msgmerge writes them.
func WritePO(ex *Exchange) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Translation of %s (%s) into %s, for %s.\n", ex.Original, ex.SourceLang, ex.TargetLang, ex.Translation)
	b.WriteString("# One entry per paragraph, Markdown markup intact: keep it as it is.\n")
	for _, l := range strings.Split(strings.TrimSpace(ex.Note), "\n") {
		if l != "" {
			b.WriteString("# " + l + "\n")
		}
	}
	b.WriteString("# Import it back with: communs i18n import --format po " + ex.Translation + " FILE\n")
	b.WriteString("#\n")
	b.WriteString("msgid \"\"\nmsgstr \"\"\n")
	revised := "YEAR-MO-DA HO:MI+ZONE"
	if !ex.Revised.IsZero() {
		revised = ex.Revised.Format("2006-01-02 15:04-0700")
	}
	translator := "none yet"
	if len(ex.Translators) > 0 {
		translator = strings.Join(ex.Translators, ", ")
	}
	header := []string{
		"Project-Id-Version: " + ex.Original,
		"PO-Revision-Date: " + revised,
		"Last-Translator: " + translator,
		"Language-Team: " + ex.TargetLang,
		"MIME-Version: 1.0",
		"Content-Type: text/plain; charset=UTF-8",
		"Content-Transfer-Encoding: 8bit",
		"Language: " + ex.TargetLang,
		// No entry has plural forms; gettext's checks want the header.
		"Plural-Forms: " + pluralForms(ex.TargetLang),
		"X-Source-Language: " + ex.SourceLang,
		"X-Generator: communs",
		"X-Communs-Original: " + ex.Original,
		"X-Communs-Translation: " + ex.Translation,
	}
	for _, h := range header {
		b.WriteString(poQuote(h+"\n") + "\n")
	}
	seen := map[string]bool{}
	for _, u := range ex.Units {
		b.WriteByte('\n')
		ctx := ""
		if u.IsParagraph() {
			b.WriteString("#. " + "paragraph " + strings.TrimPrefix(u.ID, "p") + "\n")
			if seen[u.Source] {
				ctx = "paragraph " + strings.TrimPrefix(u.ID, "p")
			}
			seen[u.Source] = true
		} else {
			b.WriteString("#. front matter: " + u.ID + "\n")
			ctx = u.ID
		}
		for _, n := range u.Notes {
			b.WriteString("#. " + strings.ReplaceAll(n, "\n", " ") + "\n")
		}
		if u.Line > 0 {
			fmt.Fprintf(&b, "#: %s:%d\n", ex.Original, u.Line)
		}
		if u.Fuzzy && u.Target != "" {
			b.WriteString("#, fuzzy\n")
			if u.Previous != "" {
				writePOString(&b, "#| msgid ", u.Previous)
			}
		}
		if ctx != "" {
			writePOString(&b, "msgctxt ", ctx)
		}
		writePOString(&b, "msgid ", u.Source)
		writePOString(&b, "msgstr ", u.Target)
	}
	return b.Bytes()
}

// pluralForms is gettext's plural rule for a language (from CLDR's, for
// the languages of gettext's own table), English's otherwise.
func pluralForms(lang string) string {
	base, _, _ := strings.Cut(strings.ToLower(lang), "-")
	switch base {
	case "fr", "pt", "oc", "br":
		return "nplurals=2; plural=(n > 1);"
	case "ja", "ko", "zh", "vi", "th", "id":
		return "nplurals=1; plural=0;"
	case "ru", "uk", "be", "sr", "hr", "bs":
		return "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
	case "pl":
		return "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
	case "cs", "sk":
		return "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;"
	}
	return "nplurals=2; plural=(n != 1);"
}

// writePOString writes a keyword and a string, cut after each line end as
// PO editors do.
func writePOString(b *bytes.Buffer, keyword, s string) {
	prefix := ""
	if strings.HasPrefix(keyword, "#|") {
		prefix = "#| "
	}
	if !strings.Contains(s, "\n") {
		b.WriteString(keyword + poQuote(s) + "\n")
		return
	}
	b.WriteString(keyword + "\"\"\n")
	for len(s) > 0 {
		i := strings.IndexByte(s, '\n')
		var part string
		if i < 0 {
			part, s = s, ""
		} else {
			part, s = s[:i+1], s[i+1:]
		}
		b.WriteString(prefix + poQuote(part) + "\n")
	}
}

func poQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '\\':
			b.WriteString(`\\`)
		case '"':
			b.WriteString(`\"`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\%03o`, r)
			} else {
				b.WriteRune(r)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}

// ReadPO reads a PO file written by WritePO and filled by a translator or
// a tool: its header tells the original and the languages; its entries,
// in order, are the units (entries marked obsolete, #~, are skipped).
func ReadPO(data []byte) (*Exchange, error) {
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	if t := bytes.TrimSpace(data); bytes.HasPrefix(t, []byte("<?xml")) || bytes.HasPrefix(t, []byte("<xliff")) {
		return nil, fmt.Errorf("this is an XLIFF file, not PO: import it with --format xliff")
	}
	type entry struct {
		ctx, id, str, prev string
		fuzzy              bool
		hasID, hasStr      bool
		line               int      // where the entry starts
		notes              []string // its #. comments
	}
	var entries []entry
	var cur entry
	var field *string // the string continuation lines add to
	flush := func() {
		if cur.hasID {
			entries = append(entries, cur)
		}
		cur = entry{}
		field = nil
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSpace(strings.TrimSuffix(sc.Text(), "\r"))
		fail := func(err error) error { return fmt.Errorf("line %d: %v", n, err) }
		if cur.hasStr && (strings.HasPrefix(line, "#") || strings.HasPrefix(line, "msgctxt ") || strings.HasPrefix(line, "msgid ")) {
			flush() // the next entry, without a blank line before it
		}
		if cur.line == 0 && line != "" {
			cur.line = n
		}
		switch {
		case line == "":
			if cur.hasID {
				flush()
			}
		case strings.HasPrefix(line, "#~"):
			// obsolete entry
		case strings.HasPrefix(line, "#,"):
			for _, flag := range strings.Split(line[2:], ",") {
				if strings.TrimSpace(flag) == "fuzzy" {
					cur.fuzzy = true
				}
			}
		case strings.HasPrefix(line, "#|"):
			rest := strings.TrimSpace(line[2:])
			switch {
			case strings.HasPrefix(rest, "msgid "):
				s, err := poUnquote(strings.TrimSpace(rest[len("msgid "):]))
				if err != nil {
					return nil, fail(err)
				}
				cur.prev = s
				field = &cur.prev
			case strings.HasPrefix(rest, `"`):
				s, err := poUnquote(rest)
				if err != nil {
					return nil, fail(err)
				}
				if field == &cur.prev {
					cur.prev += s
				}
			}
		case strings.HasPrefix(line, "#."):
			cur.notes = append(cur.notes, strings.TrimSpace(line[2:]))
		case strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "msgctxt "), strings.HasPrefix(line, "msgid "), strings.HasPrefix(line, "msgstr "), strings.HasPrefix(line, "msgstr[0] "):
			kw, rest, _ := strings.Cut(line, " ")
			s, err := poUnquote(strings.TrimSpace(rest))
			if err != nil {
				return nil, fail(err)
			}
			switch kw {
			case "msgctxt":
				cur.ctx, field = s, &cur.ctx
			case "msgid":
				cur.id, cur.hasID, field = s, true, &cur.id
			default:
				cur.str, cur.hasStr, field = s, true, &cur.str
			}
		case strings.HasPrefix(line, "msgid_plural "), strings.HasPrefix(line, "msgstr["):
			cur.hasStr, field = true, nil // plural forms have no place in a page
		case strings.HasPrefix(line, `"`):
			s, err := poUnquote(line)
			if err != nil {
				return nil, fail(err)
			}
			if field != nil {
				*field += s
			}
		default:
			return nil, fail(fmt.Errorf("cannot read %q", line))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	flush()
	if len(entries) == 0 || entries[0].id != "" {
		return nil, fmt.Errorf("no PO header (an entry with an empty msgid): this is not a file communs i18n export wrote")
	}
	ex := &Exchange{}
	for _, h := range strings.Split(entries[0].str, "\n") {
		k, v, ok := strings.Cut(h, ":")
		if !ok {
			continue
		}
		v = strings.TrimSpace(v)
		switch strings.TrimSpace(k) {
		case "Language":
			ex.TargetLang = v
		case "X-Source-Language":
			ex.SourceLang = v
		case "X-Communs-Original":
			ex.Original = v
		case "X-Communs-Translation":
			ex.Translation = v
		}
	}
	if ex.Original == "" || ex.TargetLang == "" {
		return nil, fmt.Errorf("the PO header has no X-Communs-Original or Language: this is not a file communs i18n export wrote")
	}
	p := 0
	for _, e := range entries[1:] {
		u := Unit{Source: e.id, Target: e.str, Fuzzy: e.fuzzy, Previous: e.prev, Where: "line " + strconv.Itoa(e.line)}
		// What the entry is: its msgctxt says, or its comment, which
		// tools that drop the context keep (#. front matter: title).
		key := ""
		if isFrontMatterText(e.ctx) {
			key = e.ctx
		}
		for _, c := range e.notes {
			if k, ok := strings.CutPrefix(c, "front matter: "); ok && key == "" && isFrontMatterText(k) {
				key = k
			}
			if n, ok := strings.CutPrefix(c, "paragraph "); ok {
				u.Hint, u.HintPiece = parseHint(n)
			}
		}
		if n, ok := strings.CutPrefix(e.ctx, "paragraph "); ok && u.Hint == 0 {
			u.Hint, u.HintPiece = parseHint(n)
		}
		if key != "" {
			u.ID = key
		} else {
			p++
			u.ID = "p" + strconv.Itoa(p)
		}
		ex.Units = append(ex.Units, u)
	}
	return ex, nil
}

// parseHint reads a paragraph's number, and its piece's: "3", "3.2".
func parseHint(s string) (paragraph, piece int) {
	a, b, _ := strings.Cut(strings.TrimSpace(s), ".")
	paragraph, _ = strconv.Atoi(a)
	piece, _ = strconv.Atoi(b)
	return paragraph, piece
}

// looksLikePO tells a PO file by its first line that is not blank: a
// comment or a keyword.
func looksLikePO(data []byte) bool {
	t := bytes.TrimSpace(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	return bytes.HasPrefix(t, []byte("#")) || bytes.HasPrefix(t, []byte("msgid ")) || bytes.HasPrefix(t, []byte("msgctxt "))
}

// poUnquote reads a C-style quoted PO string.
func poUnquote(s string) (string, error) {
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return "", fmt.Errorf("%s is not a quoted string", s)
	}
	s = s[1 : len(s)-1]
	if !strings.ContainsRune(s, '\\') {
		return s, nil
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c != '\\' || i+1 == len(s) {
			b.WriteByte(c)
			continue
		}
		i++
		switch e := s[i]; e {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'r':
			b.WriteByte('\r')
		case 'a':
			b.WriteByte('\a')
		case 'b':
			b.WriteByte('\b')
		case 'f':
			b.WriteByte('\f')
		case 'v':
			b.WriteByte('\v')
		case '0', '1', '2', '3', '4', '5', '6', '7':
			j := i
			for j < len(s) && j < i+3 && s[j] >= '0' && s[j] <= '7' {
				j++
			}
			v, _ := strconv.ParseUint(s[i:j], 8, 8)
			b.WriteByte(byte(v))
			i = j - 1
		default:
			b.WriteByte(e) // \" \\ and anything else: the character itself
		}
	}
	return b.String(), nil
}
