package translate

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/tomlkeys"
)

// fmFile is a content file cut for editing its front matter line by line:
// everything but the lines of the keys edited stays byte for byte.
type fmFile struct {
	format string   // "toml" or "yaml"
	head   []byte   // byte order mark and opening delimiter line, with its line end
	lines  []string // front matter lines, without line ends
	tail   []byte   // closing delimiter line and the body, as they are
	nl     string   // the file's line end: "\n" or "\r\n"
}

// parseFM cuts data into an editable front matter and the rest.
func parseFM(data []byte) (*fmFile, error) {
	f := &fmFile{nl: "\n"}
	rest := data
	if bytes.HasPrefix(rest, []byte("\xef\xbb\xbf")) {
		rest = rest[3:]
	}
	var delim string
	switch {
	case bytes.HasPrefix(rest, []byte("+++")):
		f.format, delim = "toml", "+++"
	case bytes.HasPrefix(rest, []byte("---")):
		f.format, delim = "yaml", "---"
	default:
		return nil, fmt.Errorf("no front matter: the file does not start with +++ or ---")
	}
	i := bytes.IndexByte(rest, '\n')
	if i < 0 || strings.TrimRight(string(rest[:i]), " \t\r") != delim {
		return nil, fmt.Errorf("the front matter's opening line is not %s alone", delim)
	}
	if i > 0 && rest[i-1] == '\r' {
		f.nl = "\r\n"
	}
	headLen := len(data) - len(rest) + i + 1
	f.head = data[:headLen]
	off := headLen
	for off <= len(data) {
		end := bytes.IndexByte(data[off:], '\n')
		var line string
		if end < 0 {
			line = string(data[off:])
		} else {
			line = string(data[off : off+end])
		}
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimRight(line, " \t") == delim {
			f.tail = data[off:]
			return f, nil
		}
		f.lines = append(f.lines, line)
		if end < 0 {
			break
		}
		off += end + 1
	}
	return nil, fmt.Errorf("the front matter is never closed by a line %s", delim)
}

// parsed reads the edited front matter back as the site's loader does:
// an edit that would leave it unreadable is refused rather than written.
func (f *fmFile) parsed() (*site.FrontMatter, error) {
	format, text, _, _, err := site.SplitFrontMatter(f.bytes())
	if err != nil {
		return nil, err
	}
	fm, errs := site.ParseFrontMatter(format, text, 2, time.UTC)
	if len(errs) > 0 {
		return nil, fmt.Errorf("editing the front matter would break it (line %d: %s): set the key by hand", errs[0].Line, errs[0].Msg)
	}
	return fm, nil
}

// bytes joins the file back.
func (f *fmFile) bytes() []byte {
	var b bytes.Buffer
	b.Write(f.head)
	for _, l := range f.lines {
		b.WriteString(l)
		b.WriteString(f.nl)
	}
	b.Write(f.tail)
	return b.Bytes()
}

// body returns what follows the closing delimiter line.
func (f *fmFile) body() []byte {
	if i := bytes.IndexByte(f.tail, '\n'); i >= 0 {
		return f.tail[i+1:]
	}
	return nil
}

// setBody replaces what follows the closing delimiter line, keeping one
// blank line between them as content files have.
func (f *fmFile) setBody(body string) {
	closing := f.tail
	if i := bytes.IndexByte(f.tail, '\n'); i >= 0 {
		closing = f.tail[:i+1]
	} else {
		closing = append(append([]byte(nil), f.tail...), f.nl...)
	}
	if f.nl != "\n" {
		body = strings.ReplaceAll(body, "\n", f.nl)
	}
	f.tail = append(append(append([]byte(nil), closing...), f.nl...), body...)
}

// span is the lines [start, end) of one top-level entry of the front matter.
type span struct {
	key        string
	start, end int
	table      bool // a TOML [table] section, not a key = value line
}

// entries lists the top-level keys and, for TOML, the [tables].
func (f *fmFile) entries() []span {
	if f.format == "yaml" {
		return yamlEntries(f.lines)
	}
	return tomlEntries(f.lines)
}

func (f *fmFile) find(key string) (span, bool) {
	for _, e := range f.entries() {
		if e.key == key {
			return e, true
		}
	}
	return span{}, false
}

// has tells whether the front matter sets key at its top level.
func (f *fmFile) has(key string) bool {
	_, ok := f.find(key)
	return ok
}

// remove deletes a top-level key (or TOML table, or dotted keys below
// it: source.language = "fr") and its value.
func (f *fmFile) remove(key string) bool {
	entries := f.entries()
	removed := false
	for i := len(entries) - 1; i >= 0; i-- {
		e := entries[i]
		if e.key != key && !strings.HasPrefix(e.key, key+".") {
			continue
		}
		if e.table {
			// A table takes the blank lines that separated it along.
			for e.start > 0 && strings.TrimSpace(f.lines[e.start-1]) == "" {
				e.start--
			}
		}
		f.lines = append(f.lines[:e.start:e.start], f.lines[e.end:]...)
		removed = true
	}
	return removed
}

// value encodes a string, a list of strings or a boolean for the format.
func (f *fmFile) value(v any) string {
	switch v := v.(type) {
	case string:
		return tomlString(v)
	case bool:
		if v {
			return "true"
		}
		return "false"
	case []string:
		parts := make([]string, len(v))
		for i, s := range v {
			parts[i] = tomlString(s)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	}
	panic(fmt.Sprintf("front matter value of type %T", v))
}

func (f *fmFile) line(key string, v any) string {
	if f.format == "yaml" {
		return key + ": " + f.value(v)
	}
	return key + " = " + f.value(v)
}

// set gives a top-level key a value: its line is replaced where it is,
// or added after the last top-level key (before TOML tables).
func (f *fmFile) set(key string, v any) {
	line := f.line(key, v)
	if e, ok := f.find(key); ok && !e.table {
		f.lines = append(f.lines[:e.start], append([]string{line}, f.lines[e.end:]...)...)
		return
	}
	at := f.insertPoint()
	f.lines = append(f.lines[:at], append([]string{line}, f.lines[at:]...)...)
}

// insertPoint is where a new top-level key goes: after the last line of
// the last top-level entry (so before TOML tables and trailing blanks).
func (f *fmFile) insertPoint() int {
	at := 0
	for _, e := range f.entries() {
		if e.table {
			break
		}
		at = e.end
	}
	for at > 0 && strings.TrimSpace(f.lines[at-1]) == "" {
		at--
	}
	return at
}

// setTable replaces a table of string values ([source] in TOML, source:
// with indented keys in YAML), written after everything else.
func (f *fmFile) setTable(key string, kv [][2]string) {
	f.remove(key)
	for len(f.lines) > 0 && strings.TrimSpace(f.lines[len(f.lines)-1]) == "" {
		f.lines = f.lines[:len(f.lines)-1]
	}
	if f.format == "yaml" {
		f.lines = append(f.lines, key+":")
		for _, p := range kv {
			f.lines = append(f.lines, "  "+p[0]+": "+tomlString(p[1]))
		}
		return
	}
	f.lines = append(f.lines, "", "["+key+"]")
	for _, p := range kv {
		f.lines = append(f.lines, p[0]+" = "+tomlString(p[1]))
	}
}

// yamlEntries finds the top-level keys of YAML front matter: a line at
// column 0 holding "key:", and the lines after it that are indented or
// items of a block sequence ("- a").
func yamlEntries(lines []string) []span {
	var out []span
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if l == "" || l[0] == ' ' || l[0] == '\t' || l[0] == '#' || l[0] == '-' {
			continue
		}
		key, _, ok := strings.Cut(l, ":")
		if !ok {
			continue
		}
		key = strings.Trim(strings.TrimSpace(key), `"'`)
		j := i + 1
		for j < len(lines) {
			n := lines[j]
			if n != "" && (n[0] == ' ' || n[0] == '\t' || strings.HasPrefix(n, "- ") || n == "-") {
				j++
				continue
			}
			break
		}
		out = append(out, span{key: key, start: i, end: j})
		i = j - 1
	}
	return out
}

// tomlEntries finds the top-level keys of TOML front matter, with the
// lines of their values (arrays and strings may span lines), and the
// tables: a [header] and the lines up to the next header.
func tomlEntries(lines []string) []span {
	// A scan that stops short leaves the keys after it unseen: an edit that
	// then repeats one is caught by parsed, which refuses to write it.
	entries, _ := tomlkeys.Scan(strings.Join(lines, "\n"))
	var out []span
	var table *span
	for _, e := range entries {
		switch e.Kind {
		case tomlkeys.Table, tomlkeys.ArrayTable:
			if table != nil {
				table.end = e.Line - 1
				out = append(out, *table)
			}
			table = &span{key: strings.Join(e.Path, "."), start: e.Line - 1, table: true}
		case tomlkeys.Pair:
			if table == nil {
				// The entry ends with its value's line (a comment after it included).
				out = append(out, span{key: strings.Join(e.Path, "."), start: e.Line - 1, end: e.EndLine})
			}
		}
	}
	if table != nil {
		table.end = len(lines)
		out = append(out, *table)
	}
	return out
}
