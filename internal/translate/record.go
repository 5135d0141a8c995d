package translate

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/BurntSushi/toml"

	"github.com/communs/communs/internal/fileio"
)

// Record is the sidecar file of a translation: the original's text as it
// was when the translation was made or last acknowledged, paragraph by
// paragraph. It is what tells which paragraphs changed since.
type Record struct {
	// Original is the original's file, relative to the site's folder.
	Original string `toml:"original"`
	// TranslatedFrom is the digest of the original's body the record
	// describes: the translation's translatedFrom when they agree.
	TranslatedFrom string            `toml:"translatedFrom"`
	Paragraphs     []RecordParagraph `toml:"paragraph"`
}

// RecordParagraph is one paragraph of the original as it was.
type RecordParagraph struct {
	// Digest is the digest of the paragraph's words (see Digest); communs
	// writes it for readers of the diff and recomputes it from Text.
	Digest string `toml:"digest"`
	Text   string `toml:"text"`
	// Review: the translation of this paragraph was imported as needing
	// review (fuzzy), and is exported so again until acknowledged.
	Review bool `toml:"review,omitempty"`
	// Untranslated: the translation holds this paragraph in the
	// original's words, as an import left it.
	Untranslated bool `toml:"untranslated,omitempty"`
}

// RecordSuffix ends the name of every sidecar file.
const RecordSuffix = ".translated-from.toml"

// RecordPath is the sidecar file of a translation: beside it, named after
// it with a leading dot, so that the site's loader ignores it
// (content/articles/x/index.en.md → content/articles/x/.index.en.translated-from.toml).
func RecordPath(translation string) string {
	dir, name := filepath.Split(translation)
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	return filepath.Join(dir, "."+stem+RecordSuffix)
}

// NewRecord describes an original's body as it is now.
func NewRecord(originalFile string, body []byte) *Record {
	paras := Paragraphs(body)
	texts := make([]string, len(paras))
	for i, p := range paras {
		texts[i] = p.Text
	}
	return recordOf(originalFile, texts)
}

func recordOf(originalFile string, texts []string) *Record {
	r := &Record{Original: originalFile, TranslatedFrom: paragraphsDigest(texts)}
	for _, t := range texts {
		r.Paragraphs = append(r.Paragraphs, RecordParagraph{Digest: Digest(t), Text: t})
	}
	return r
}

// ReadRecord reads a sidecar file; the error wraps os.ErrNotExist when
// there is none.
func ReadRecord(path string) (*Record, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Record
	if _, err := toml.Decode(string(data), &r); err != nil {
		return nil, fmt.Errorf("%s: %v (this file is written by communs i18n ack: run it again rather than editing the file)", path, err)
	}
	for i := range r.Paragraphs {
		r.Paragraphs[i].Text = strings.TrimSuffix(r.Paragraphs[i].Text, "\n")
	}
	return &r, nil
}

// Texts lists the record's paragraphs.
func (r *Record) Texts() []string {
	out := make([]string, len(r.Paragraphs))
	for i, p := range r.Paragraphs {
		out[i] = p.Text
	}
	return out
}

// Marshal writes the record as TOML laid out for a readable repository
// diff: one [[paragraph]] table per paragraph, its text as written in
// the original, between ”' lines, so that a changed paragraph shows as
// its changed lines.
func (r *Record) Marshal() []byte {
	var b bytes.Buffer
	b.WriteString("# The original's text this translation was made from, paragraph by paragraph:\n")
	b.WriteString("# communs compares it with the original to tell what changed since.\n")
	b.WriteString("# Written by `communs i18n ack` and `communs new translation`: commit it\n")
	b.WriteString("# with the translation, never edit it by hand.\n")
	fmt.Fprintf(&b, "original = %s\n", tomlString(r.Original))
	fmt.Fprintf(&b, "translatedFrom = %s\n", tomlString(r.TranslatedFrom))
	for _, p := range r.Paragraphs {
		b.WriteString("\n[[paragraph]]\n")
		fmt.Fprintf(&b, "digest = %s\n", tomlString(p.Digest))
		if p.Review {
			b.WriteString("review = true\n")
		}
		if p.Untranslated {
			b.WriteString("untranslated = true\n")
		}
		b.WriteString("text = ")
		b.WriteString(tomlMultiline(p.Text))
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// Write writes the record at path, replacing the previous one.
func (r *Record) Write(path string) error {
	return writeFileAtomic(path, r.Marshal())
}

// tomlString is s as a TOML (and YAML) double-quoted string.
func tomlString(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	out := strings.TrimSuffix(b.String(), "\n")
	// JSON escapes U+2028 and U+2029 as \u2028, which TOML and YAML read too.
	return out
}

// tomlMultiline is s as a TOML multi-line literal string, starting and
// ending on a line of its own, when it can be one; else a basic string.
func tomlMultiline(s string) string {
	literal := !strings.Contains(s, "'''")
	for _, r := range s {
		if (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f {
			literal = false
			break
		}
	}
	if literal {
		return "'''\n" + s + "\n'''"
	}
	return tomlString(s)
}

// writeFileAtomic writes data to a temporary file beside path and renames
// it over path: an interrupted write leaves the previous file whole.
func writeFileAtomic(path string, data []byte) error {
	return fileio.WriteAtomic(path, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
