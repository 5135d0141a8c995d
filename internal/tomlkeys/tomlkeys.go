// Package tomlkeys finds where the keys and tables of a TOML document are
// written, which a TOML decoder does not say: the line of a key, for
// messages that point at it, and the lines of an entry, for editing a file
// in place without rewriting the rest of it.
//
// It is a scanner, not a parser: it reads just enough of the syntax (keys,
// headers, strings, inline tables and arrays) to step over values, and is
// meant for documents a TOML decoder has accepted or will check.
package tomlkeys

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Kind tells what an Entry is.
type Kind int

const (
	// Pair is a key = value line of the root table or of a [table].
	Pair Kind = iota
	// InlinePair is a key = value inside an inline table: a = { key = 1 }.
	InlinePair
	// Table is a [table] header.
	Table
	// ArrayTable is an [[array of tables]] header.
	ArrayTable
)

func (k Kind) String() string {
	switch k {
	case Pair:
		return "pair"
	case InlinePair:
		return "inline pair"
	case Table:
		return "table"
	case ArrayTable:
		return "array table"
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Entry is one key or table header of a document.
type Entry struct {
	Kind Kind
	// Path is the full path of the key, unquoted: for a pair, the path of
	// the table it is in followed by the segments of its (dotted) key; for
	// a header, the path of the table.
	Path []string
	// Start is the offset of the first byte of the key or of the header's
	// '['; End the offset just after the value or the header's last ']'.
	Start, End int
	// Line and EndLine are the lines, counted from 1, of Start and End: a
	// value that spans lines ends on EndLine.
	Line, EndLine int
}

// StopError says where Scan met something it does not understand.
type StopError struct {
	Offset, Line int
	What         string // what was expected
}

func (e *StopError) Error() string {
	return fmt.Sprintf("line %d: cannot read the TOML here: want %s", e.Line, e.What)
}

// Scan lists the pairs, inline pairs and headers of src in the order they
// are written. Keys inside arrays are not listed: they have no path of
// their own. A leading byte order mark is skipped; offsets count it.
//
// Should the scan meet something it does not understand, it stops and
// returns the entries read whole before that place, with a *StopError.
func Scan(src string) ([]Entry, error) {
	s := &scanner{src: src}
	s.pos = len(src) - len(strings.TrimPrefix(src, "\ufeff"))
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			s.newlines = append(s.newlines, i)
		}
	}
	if err := s.document(); err != nil {
		return s.entries, err
	}
	return s.entries, nil
}

type scanner struct {
	src      string
	pos      int
	newlines []int // offsets of the '\n' of src, to turn offsets into lines
	entries  []Entry
}

// document reads the statements of the document: headers and pairs.
func (s *scanner) document() error {
	var table []string
	for {
		s.skipBlank(true)
		if s.pos >= len(s.src) {
			return nil
		}
		start := s.pos
		if s.src[s.pos] == '[' {
			path, kind, err := s.header()
			if err != nil {
				return err
			}
			table = path
			s.add(Entry{Kind: kind, Path: path, Start: start, End: s.pos})
			continue
		}
		if err := s.pair(Pair, table); err != nil {
			return err
		}
	}
}

// header reads a [table] or [[array of tables]] header.
func (s *scanner) header() ([]string, Kind, error) {
	s.pos++ // '['
	kind := Table
	if s.peek() == '[' {
		s.pos++
		kind = ArrayTable
	}
	path, err := s.keyPath()
	if err != nil {
		return nil, kind, err
	}
	if err := s.consume(']'); err != nil {
		return nil, kind, err
	}
	if kind == ArrayTable {
		if err := s.consume(']'); err != nil {
			return nil, kind, err
		}
	}
	return path, kind, nil
}

// pair reads key = value. The pair is listed before the keys of its inline
// table, as it is written before them, once its value has been read whole;
// prefix is the path of the table it is in, nil inside an array (where
// nothing is listed).
func (s *scanner) pair(kind Kind, prefix []string) error {
	start := s.pos
	key, err := s.keyPath()
	if err != nil {
		return err
	}
	var path []string
	if prefix != nil || kind == Pair {
		path = append(append([]string(nil), prefix...), key...)
	}
	slot := len(s.entries)
	if path != nil {
		s.entries = append(s.entries, Entry{}) // filled once the value is read
	}
	if err := s.consume('='); err != nil {
		s.entries = s.entries[:slot]
		return err
	}
	if err := s.value(path); err != nil {
		s.entries = s.entries[:slot]
		return err
	}
	if path != nil {
		s.entries[slot] = s.entry(Entry{Kind: kind, Path: path, Start: start, End: s.pos})
	}
	return nil
}

func (s *scanner) add(e Entry) {
	s.entries = append(s.entries, s.entry(e))
}

// entry fills in the lines of e.
func (s *scanner) entry(e Entry) Entry {
	e.Line, e.EndLine = s.line(e.Start), s.line(e.End)
	return e
}

// line is the line, counted from 1, of the byte at off.
func (s *scanner) line(off int) int {
	return sort.SearchInts(s.newlines, off) + 1
}

func (s *scanner) stop(what string) error {
	return &StopError{Offset: s.pos, Line: s.line(s.pos), What: what}
}

func (s *scanner) peek() byte {
	if s.pos < len(s.src) {
		return s.src[s.pos]
	}
	return 0
}

// skipBlank skips spaces, tabs and comments, and newlines if nl.
func (s *scanner) skipBlank(nl bool) {
	for s.pos < len(s.src) {
		switch c := s.src[s.pos]; {
		case c == ' ' || c == '\t' || c == '\r':
			s.pos++
		case c == '\n' && nl:
			s.pos++
		case c == '#':
			for s.pos < len(s.src) && s.src[s.pos] != '\n' {
				s.pos++
			}
		default:
			return
		}
	}
}

// consume skips blanks on the line and the byte c.
func (s *scanner) consume(c byte) error {
	s.skipBlank(false)
	if s.peek() != c {
		return s.stop(strconv.QuoteRune(rune(c)))
	}
	s.pos++
	return nil
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// keyPath reads a possibly dotted key.
func (s *scanner) keyPath() ([]string, error) {
	var path []string
	for {
		s.skipBlank(false)
		var k string
		switch c := s.peek(); {
		case c == '"':
			end, err := s.basicEnd(s.pos + 1)
			if err != nil {
				return nil, err
			}
			q := s.src[s.pos:end]
			if u, err := strconv.Unquote(q); err == nil {
				k = u
			} else {
				k = q[1 : len(q)-1] // a TOML escape Go does not know: kept as written
			}
			s.pos = end
		case c == '\'':
			end := strings.IndexByte(s.src[s.pos+1:], '\'')
			if end < 0 {
				return nil, s.stop("the end of a literal key")
			}
			k = s.src[s.pos+1 : s.pos+1+end]
			s.pos += end + 2
		case isBare(c):
			start := s.pos
			for s.pos < len(s.src) && isBare(s.src[s.pos]) {
				s.pos++
			}
			k = s.src[start:s.pos]
		default:
			return nil, s.stop("a key")
		}
		path = append(path, k)
		s.skipBlank(false)
		if s.peek() != '.' {
			return path, nil
		}
		s.pos++
	}
}

// basicEnd returns the offset just after the closing quote of a basic
// string whose content starts at i.
func (s *scanner) basicEnd(i int) (int, error) {
	for ; i < len(s.src); i++ {
		switch s.src[i] {
		case '\\':
			i++
		case '"':
			return i + 1, nil
		case '\n':
			s.pos = i
			return 0, s.stop("the end of a string on its line")
		}
	}
	s.pos = len(s.src)
	return 0, s.stop("the end of a string")
}

// value skips the value of the key path (nil inside arrays), listing the
// keys of inline tables.
func (s *scanner) value(path []string) error {
	s.skipBlank(false)
	rest := s.src[s.pos:]
	switch {
	case strings.HasPrefix(rest, `"""`), strings.HasPrefix(rest, "'''"):
		return s.multiline(rest[:3])
	case rest == "":
		return s.stop("a value")
	case rest[0] == '"':
		end, err := s.basicEnd(s.pos + 1)
		if err != nil {
			return err
		}
		s.pos = end
		return nil
	case rest[0] == '\'':
		end := strings.IndexByte(rest[1:], '\'')
		if end < 0 {
			return s.stop("the end of a literal string")
		}
		s.pos += end + 2
		return nil
	case rest[0] == '{':
		return s.inlineTable(path)
	case rest[0] == '[':
		return s.array()
	default: // number, boolean, date and time
		start := s.pos
		s.bareValue()
		// A date and a time may be separated by a space.
		if tok := s.src[start:s.pos]; len(tok) == 10 && tok[4] == '-' && tok[7] == '-' &&
			s.pos+1 < len(s.src) && s.src[s.pos] == ' ' && s.src[s.pos+1] >= '0' && s.src[s.pos+1] <= '9' {
			s.pos++
			s.bareValue()
		}
		if s.pos == start {
			return s.stop("a value")
		}
		return nil
	}
}

// multiline skips a multi-line string opened by delim: three double or
// three single quotes.
func (s *scanner) multiline(delim string) error {
	rest := s.src[s.pos:]
	for i := 3; i < len(rest); {
		if delim[0] == '"' && rest[i] == '\\' {
			i += 2
			continue
		}
		if strings.HasPrefix(rest[i:], delim) {
			i += 3
			// Up to two quotes may end the content: """a""""
			for n := 0; n < 2 && i < len(rest) && rest[i] == delim[0]; n++ {
				i++
			}
			s.pos += i
			return nil
		}
		i++
	}
	return s.stop("the end of a multi-line string")
}

// inlineTable reads { key = value, ... }, listing its keys below path
// (nil inside an array). Newlines are allowed in it, as in TOML 1.1.
func (s *scanner) inlineTable(path []string) error {
	s.pos++ // '{'
	for {
		s.skipBlank(true)
		if s.peek() == '}' {
			s.pos++
			return nil
		}
		if err := s.pair(InlinePair, path); err != nil {
			return err
		}
		s.skipBlank(true)
		if s.peek() == ',' {
			s.pos++
		}
	}
}

// array reads [ value, ... ], whose inline tables have no keys to list.
func (s *scanner) array() error {
	s.pos++ // '['
	for {
		s.skipBlank(true)
		if s.peek() == ']' {
			s.pos++
			return nil
		}
		if err := s.value(nil); err != nil {
			return err
		}
		s.skipBlank(true)
		if s.peek() == ',' {
			s.pos++
		}
	}
}

func (s *scanner) bareValue() {
	for s.pos < len(s.src) && !strings.ContainsRune(" \t\r\n,]}#", rune(s.src[s.pos])) {
		s.pos++
	}
}

// Quote writes s as a TOML basic string, for the files communs writes
// (front matter, site.toml).
func Quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
