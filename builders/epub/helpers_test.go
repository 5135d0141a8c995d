package epub_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/builders/epub"
	"github.com/communs/communs/internal/build"
	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/site"
)

// fixedNow is the build time of the tests; SOURCE_DATE_EPOCH is set to it.
var fixedNow = time.Date(2027, 3, 14, 15, 9, 26, 0, time.UTC)

// built is a site loaded and rendered, with its EPUBs written into Dest.
type built struct {
	c    *builders.Context
	dest string
}

// load reads a site and runs the render stage, as a build does before its
// builders, with fixedNow as SOURCE_DATE_EPOCH.
func load(t testing.TB, src, dest string) *builders.Context {
	t.Helper()
	return loadAt(t, src, dest, fixedNow, fixedNow, 4)
}

// loadAt is load with the build's time, its SOURCE_DATE_EPOCH (zero for
// none) and number of workers.
func loadAt(t testing.TB, src, dest string, now, sourceDate time.Time, workers int) *builders.Context {
	t.Helper()
	diags := &diag.List{}
	s, err := site.Load(context.Background(), src, site.Options{Now: now, SourceDate: sourceDate}, diags)
	if err != nil {
		t.Fatalf("loading %s: %v\n%s", src, err, diagText(diags))
	}
	cat := build.LoadStrings(s, diags)
	c := &builders.Context{Site: s, Dest: dest, Diags: diags, Strings: cat, Workers: workers, Downloads: &builders.Downloads{}}
	if err := builders.RenderPages(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

// buildEPUBs loads src and runs the EPUB builder into a fresh folder.
func buildEPUBs(t testing.TB, src string) *built {
	t.Helper()
	dest := t.TempDir()
	c := load(t, src, dest)
	if err := (epub.Builder{}).Build(context.Background(), c); err != nil {
		t.Fatalf("EPUB builder: %v", err)
	}
	return &built{c: c, dest: dest}
}

func diagText(l *diag.List) string {
	var b strings.Builder
	for _, d := range l.Items() {
		b.WriteString(d.String() + "\n")
	}
	return b.String()
}

// pubFile is where a publication's EPUB was written.
func (b *built) pubFile(pub *builders.Publication) string {
	return b.c.OutPath(b.c.PagePath(pub.Page) + epub.FileName(pub))
}

// unpacked is an EPUB read back.
type unpacked struct {
	zr    *zip.Reader
	files map[string][]byte
	order []string
}

func unpack(t testing.TB, data []byte) *unpacked {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	u := &unpacked{zr: zr, files: map[string][]byte{}}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		u.files[f.Name] = b
		u.order = append(u.order, f.Name)
	}
	return u
}

// opf is the part of the package document the tests read.
type opf struct {
	Metadata struct {
		Identifier []struct {
			ID    string `xml:"id,attr"`
			Value string `xml:",chardata"`
		} `xml:"identifier"`
		Titles []struct {
			ID    string `xml:"id,attr"`
			Value string `xml:",chardata"`
		} `xml:"title"`
		Creators []person `xml:"creator"`
		Contrib  []person `xml:"contributor"`
		Language string   `xml:"language"`
		Rights   string   `xml:"rights"`
		Source   string   `xml:"source"`
		Subjects []string `xml:"subject"`
		Meta     []struct {
			Property string `xml:"property,attr"`
			Refines  string `xml:"refines,attr"`
			Scheme   string `xml:"scheme,attr"`
			Value    string `xml:",chardata"`
		} `xml:"meta"`
	} `xml:"metadata"`
	Manifest []struct {
		ID    string `xml:"id,attr"`
		Href  string `xml:"href,attr"`
		Type  string `xml:"media-type,attr"`
		Props string `xml:"properties,attr"`
	} `xml:"manifest>item"`
	Spine []struct {
		IDRef string `xml:"idref,attr"`
	} `xml:"spine>itemref"`
}

type person struct {
	ID   string `xml:"id,attr"`
	Name string `xml:",chardata"`
}

func (u *unpacked) opf(t testing.TB) *opf {
	t.Helper()
	var o opf
	if err := xml.Unmarshal(u.files["EPUB/package.opf"], &o); err != nil {
		t.Fatalf("package.opf: %v", err)
	}
	return &o
}

// meta returns the values of a property, refining id when given.
func (o *opf) meta(property, refines string) []string {
	var out []string
	for _, m := range o.Metadata.Meta {
		if m.Property == property && m.Refines == refines {
			out = append(out, m.Value)
		}
	}
	return out
}

// roles maps each contributor's name to its MARC role.
func (o *opf) roles() map[string]string {
	out := map[string]string{}
	for _, p := range append(append([]person(nil), o.Metadata.Creators...), o.Metadata.Contrib...) {
		for _, r := range o.meta("role", "#"+p.ID) {
			out[p.Name] = r
		}
	}
	return out
}

// spineDocs are the spine's documents, in reading order.
func (u *unpacked) spineDocs(t testing.TB) []string {
	o := u.opf(t)
	href := map[string]string{}
	for _, it := range o.Manifest {
		href[it.ID] = "EPUB/" + it.Href
	}
	var out []string
	for _, it := range o.Spine {
		out = append(out, href[it.IDRef])
	}
	return out
}

// wellFormed parses every XML file of the package.
func (u *unpacked) wellFormed(t testing.TB, label string) {
	t.Helper()
	for _, name := range u.order {
		switch filepath.Ext(name) {
		case ".xhtml", ".opf", ".ncx", ".xml", ".svg":
		default:
			continue
		}
		d := xml.NewDecoder(bytes.NewReader(u.files[name]))
		d.Strict = true
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Errorf("%s: %s is not well-formed XML: %v", label, name, err)
				break
			}
		}
	}
}
