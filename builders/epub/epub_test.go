package epub_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/binary"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/builders/epub"
	"github.com/communs/communs/builders/html"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/testutil"
)

// TestSampleSite builds the repository's own site: its book and the
// article that asks for an EPUB.
func TestSampleSite(t *testing.T) {
	b := buildEPUBs(t, testutil.RepoRoot())
	if errs, _ := b.c.Diags.Count(); errs > 0 {
		t.Fatalf("the sample site has errors:\n%s", diagText(b.c.Diags))
	}
	pubs := epub.Publications(b.c.Site)
	var names []string
	for _, pub := range pubs {
		names = append(names, b.c.PagePath(pub.Page)+epub.FileName(pub))
	}
	want := []string{"/books/petit-guide/petit-guide.epub", "/2026/11/16/publier-un-livre/publier-un-livre.epub"}
	for _, w := range want {
		if !slices.Contains(names, w) {
			t.Errorf("no EPUB %s; made %v", w, names)
		}
	}
	for _, pub := range pubs {
		file := b.pubFile(pub)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		name := epub.FileName(pub)
		t.Run(name, func(t *testing.T) {
			dl := b.c.Downloads.For(pub.Page)
			if len(dl) != 1 || dl[0].Kind != "epub" || dl[0].URL != pub.Page.RelPermalink+name || dl[0].Size != int64(len(data)) {
				t.Errorf("downloads of %s = %+v; want the EPUB at %s, %d bytes", pub.Page.File, dl, pub.Page.RelPermalink+name, len(data))
			}
			checkContainer(t, data)
			u := unpack(t, data)
			u.wellFormed(t, name)
			checkDocuments(t, u, pub.Page.Lang)
			checkWords(t, u, sourceHTML(pub))
			checkNotes(t, u)
		})
	}

	t.Run("book metadata", func(t *testing.T) {
		data, err := os.ReadFile(filepath.Join(b.dest, "books/petit-guide/petit-guide.epub"))
		if err != nil {
			t.Fatal(err)
		}
		u := unpack(t, data)
		o := u.opf(t)
		md := o.Metadata
		if len(md.Identifier) != 1 || !strings.HasPrefix(md.Identifier[0].Value, "urn:uuid:") || md.Identifier[0].Value[23] != '5' {
			t.Errorf("identifier = %+v; want a version 5 urn:uuid", md.Identifier)
		}
		if len(md.Titles) != 2 || md.Titles[0].Value != "Petit guide du libre" || md.Titles[1].Value != "Trois chapitres pour partager un texte" {
			t.Errorf("titles = %+v", md.Titles)
		}
		if got := o.meta("title-type", "#subtitle"); len(got) != 1 || got[0] != "subtitle" {
			t.Errorf("subtitle refinement = %v", got)
		}
		roles := o.roles()
		if roles["Camille Martin"] != "aut" || roles["Dominique Petit"] != "pfr" {
			t.Errorf("roles = %v; want Camille Martin aut, Dominique Petit pfr", roles)
		}
		if md.Language != "fr" || !strings.Contains(md.Rights, "Creative Commons") || !strings.Contains(md.Rights, "https://creativecommons.org/licenses/by-sa/4.0/") {
			t.Errorf("language %q, rights %q", md.Language, md.Rights)
		}
		if got := o.meta("dcterms:modified", ""); len(got) != 1 || got[0] != fixedNow.Format("2006-01-02T15:04:05Z") {
			t.Errorf("dcterms:modified = %v; want SOURCE_DATE_EPOCH, %s", got, fixedNow.Format("2006-01-02T15:04:05Z"))
		}
		if !slices.Equal(md.Subjects, []string{"livres"}) {
			t.Errorf("subjects = %v", md.Subjects)
		}
		for _, p := range []string{"schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityFeature", "schema:accessibilityHazard", "schema:accessibilitySummary"} {
			if len(o.meta(p, "")) == 0 {
				t.Errorf("no %s", p)
			}
		}
		if f := o.meta("schema:accessibilityFeature", ""); !slices.Contains(f, "alternativeText") || !slices.Contains(f, "tableOfContents") {
			t.Errorf("accessibility features = %v", f)
		}
		cover := ""
		for _, it := range o.Manifest {
			if it.Props == "cover-image" {
				cover = it.Href
			}
		}
		if cover != "images/couverture.png" {
			t.Errorf("cover image = %q; want the book's couverture.png", cover)
		}
		nav := string(u.files["EPUB/nav.xhtml"])
		for _, s := range []string{"Table des matières", `href="chapter-01.xhtml#attribution-et-partage-a-lidentique"`, `epub:type="landmarks"`, `epub:type="bodymatter"`, `epub:type="copyright-page"`} {
			if !strings.Contains(nav, s) {
				t.Errorf("nav.xhtml lacks %s", s)
			}
		}
		if !strings.Contains(string(u.files["EPUB/toc.ncx"]), md.Identifier[0].Value) {
			t.Error("toc.ncx does not carry the package's identifier")
		}
	})

	t.Run("html downloads", func(t *testing.T) {
		// The HTML builder, run after this one, links the files.
		if err := (html.Builder{}).Build(context.Background(), b.c); err != nil {
			t.Fatal(err)
		}
		for _, pub := range pubs {
			page, err := os.ReadFile(b.c.OutPath(b.c.PagePath(pub.Page) + "index.html"))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(page), `href="`+pub.Page.RelPermalink+epub.FileName(pub)+`"`) {
				t.Errorf("%s does not link %s", pub.Page.RelPermalink, epub.FileName(pub))
			}
		}
	})

	t.Run("epubcheck", func(t *testing.T) {
		testutil.NeedEPUBCheck(t)
		var files []string
		for _, pub := range pubs {
			files = append(files, b.pubFile(pub))
		}
		for i, r := range testutil.EPUBCheck(t, files...) {
			if !r.Clean() {
				t.Errorf("%s: %s", epub.FileName(pubs[i]), r)
			} else {
				t.Logf("epubcheck %s: %s", epub.FileName(pubs[i]), r)
			}
		}
	})
}

// TestReproducible: two builds give byte-identical EPUBs, whatever the
// number of workers; without SOURCE_DATE_EPOCH, whatever the clock too (the
// modification date is then the content's).
func TestReproducible(t *testing.T) {
	build := func(now, sourceDate time.Time, workers int) map[string][]byte {
		c := loadAt(t, testutil.RepoRoot(), t.TempDir(), now, sourceDate, workers)
		pubs := epub.Publications(c.Site)
		if err := epub.Write(context.Background(), c, pubs); err != nil {
			t.Fatal(err)
		}
		out := map[string][]byte{}
		for _, pub := range pubs {
			rel := c.PagePath(pub.Page) + epub.FileName(pub)
			data, err := os.ReadFile(c.OutPath(rel))
			if err != nil {
				t.Fatal(err)
			}
			out[rel] = data
		}
		return out
	}
	compare := func(label string, a, b map[string][]byte) {
		t.Helper()
		if len(a) == 0 || len(a) != len(b) {
			t.Fatalf("%s: %d and %d EPUBs", label, len(a), len(b))
		}
		for rel, x := range a {
			if !bytes.Equal(x, b[rel]) {
				t.Errorf("%s: %s differs between two builds", label, rel)
			}
		}
	}

	a := build(fixedNow, fixedNow, 4)
	b := build(fixedNow, fixedNow, 1)
	compare("SOURCE_DATE_EPOCH", a, b)

	x := build(fixedNow, time.Time{}, 4)
	y := build(fixedNow.Add(36*time.Hour), time.Time{}, 2)
	compare("without SOURCE_DATE_EPOCH", x, y)
	// The book's date is its modification date.
	u := unpack(t, x["/books/petit-guide/petit-guide.epub"])
	if got := u.opf(t).meta("dcterms:modified", ""); len(got) != 1 || got[0] != "2026-11-19T23:00:00Z" {
		t.Errorf("dcterms:modified without SOURCE_DATE_EPOCH = %v; want the book's date, 2026-11-20 in Paris", got)
	}
}

// checkContainer reads the zip's raw headers: mimetype first and stored,
// no extra fields, no data descriptors, every entry at the same time.
func checkContainer(t *testing.T, data []byte) {
	t.Helper()
	if len(data) < 58 || string(data[:4]) != "PK\x03\x04" {
		t.Fatal("not a zip file")
	}
	method := binary.LittleEndian.Uint16(data[8:])
	nameLen := binary.LittleEndian.Uint16(data[26:])
	extraLen := binary.LittleEndian.Uint16(data[28:])
	if method != 0 || nameLen != 8 || extraLen != 0 || string(data[30:38]) != "mimetype" || string(data[38:58]) != "application/epub+zip" {
		t.Errorf("the first entry is not a stored mimetype without extra field: method %d, name %q, extra %d", method, data[30:30+nameLen], extraLen)
	}
	u := unpack(t, data)
	if u.order[0] != "mimetype" {
		t.Errorf("first entry %q", u.order[0])
	}
	first := u.zr.File[0]
	for _, f := range u.zr.File {
		if len(f.Extra) != 0 {
			t.Errorf("%s has an extra field", f.Name)
		}
		if f.Flags&0x8 != 0 {
			t.Errorf("%s has a data descriptor", f.Name)
		}
		if f.ModifiedDate != first.ModifiedDate || f.ModifiedTime != first.ModifiedTime {
			t.Errorf("%s has its own time", f.Name)
		}
	}
}

// checkDocuments checks what every content document must have: lang and
// xml:lang on the root, a title, the stylesheet.
func checkDocuments(t *testing.T, u *unpacked, lang string) {
	t.Helper()
	for _, name := range u.order {
		if !strings.HasSuffix(name, ".xhtml") {
			continue
		}
		d := xml.NewDecoder(bytes.NewReader(u.files[name]))
		for {
			tok, err := d.Token()
			if err != nil {
				t.Errorf("%s: no root element: %v", name, err)
				break
			}
			se, ok := tok.(xml.StartElement)
			if !ok {
				continue
			}
			var l, xl string
			for _, a := range se.Attr {
				switch {
				case a.Name.Local == "lang" && a.Name.Space == "":
					l = a.Value
				case a.Name.Local == "lang" && a.Name.Space == "http://www.w3.org/XML/1998/namespace":
					xl = a.Value
				}
			}
			if se.Name.Local != "html" || l != lang || xl != lang {
				t.Errorf("%s: root <%s lang=%q xml:lang=%q>; want html with both %q", name, se.Name.Local, l, xl, lang)
			}
			break
		}
	}
}

// sourceHTML is the site's HTML of a publication's pages (the render
// stage's), whose words the EPUB must all hold.
func sourceHTML(pub *builders.Publication) []byte {
	var b bytes.Buffer
	for _, p := range append([]*site.Page{pub.Page}, pub.Chapters...) {
		if p.Rendered != nil {
			b.WriteString(p.Rendered.Content)
			b.WriteString("\n")
		}
		b.WriteString(p.Title + " " + p.Subtitle + "\n")
	}
	return b.Bytes()
}

// checkWords: every word of the source is in the spine documents, as
// many times at least.
func checkWords(t *testing.T, u *unpacked, source []byte) {
	t.Helper()
	count := func(text string) map[string]int {
		m := map[string]int{}
		for _, w := range testutil.Words(text) {
			m[strings.ToLower(w)]++
		}
		return m
	}
	want := count(testutil.HTMLText(source))
	var spine bytes.Buffer
	for _, d := range u.spineDocs(t) {
		spine.Write(u.files[d])
		spine.WriteString("\n")
	}
	got := count(testutil.HTMLText(spine.Bytes()))
	var missing []string
	for w, n := range want {
		if got[w] < n {
			missing = append(missing, w)
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("%d words of the source are missing from the spine (or fewer times): %.600v", len(missing), missing)
	}
	if len(want) == 0 {
		t.Error("the source has no words")
	}
}

// checkNotes: every noteref points to an aside footnote of its document
// that links back to it.
func checkNotes(t *testing.T, u *unpacked) {
	t.Helper()
	for _, name := range u.order {
		if !strings.HasSuffix(name, ".xhtml") {
			continue
		}
		type elem struct {
			name, id, href, typ string
			inAside             string
		}
		var refs, backs []elem
		asides := map[string]bool{}
		ids := map[string]string{}
		d := xml.NewDecoder(bytes.NewReader(u.files[name]))
		var stack []elem
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			switch tok := tok.(type) {
			case xml.StartElement:
				e := elem{name: tok.Name.Local}
				for _, a := range tok.Attr {
					switch {
					case a.Name.Local == "id":
						e.id = a.Value
					case a.Name.Local == "href":
						e.href = a.Value
					case a.Name.Local == "type" && a.Name.Space == "http://www.idpf.org/2007/ops":
						e.typ = a.Value
					}
				}
				for i := len(stack) - 1; i >= 0; i-- {
					if stack[i].name == "aside" && stack[i].typ == "footnote" {
						e.inAside = stack[i].id
						break
					}
				}
				if e.id != "" {
					ids[e.id] = e.name
				}
				switch {
				case e.name == "a" && e.typ == "noteref":
					refs = append(refs, e)
				case e.name == "aside" && e.typ == "footnote":
					asides[e.id] = true
				case e.name == "a" && e.inAside != "":
					backs = append(backs, e)
				}
				stack = append(stack, e)
			case xml.EndElement:
				stack = stack[:len(stack)-1]
			}
		}
		for _, r := range refs {
			target := strings.TrimPrefix(r.href, "#")
			if !asides[target] {
				t.Errorf("%s: noteref %q points to %q, which is no <aside epub:type=\"footnote\">", name, r.id, r.href)
			}
			back := false
			for _, bl := range backs {
				if bl.inAside == target && bl.href == "#"+r.id {
					back = true
				}
			}
			if !back {
				t.Errorf("%s: note %q has no link back to its call %q", name, target, r.id)
			}
		}
		if len(asides) != 0 && len(refs) == 0 {
			t.Errorf("%s: notes without calls", name)
		}
	}
}

// TestCorpus makes an EPUB of every article of the shared corpus, whatever
// its formats, and has EPUBCheck read them all.
func TestCorpus(t *testing.T) {
	dir := testutil.Corpus(t)
	dest := t.TempDir()
	c := loadAt(t, dir, dest, fixedNow, time.Unix(1700000000, 0).UTC(), 4)
	var pubs []*builders.Publication
	for _, l := range c.Site.Languages {
		ls := c.Site.Langs[l.Code]
		for _, p := range ls.Pages {
			pubs = append(pubs, builders.NewPublication(c.Site, p))
		}
		for _, bk := range ls.Books {
			pubs = append(pubs, builders.NewPublication(c.Site, bk.Index))
		}
	}
	if len(pubs) == 0 {
		t.Fatal("the corpus has no articles")
	}
	before := len(c.Diags.Items())
	if err := epub.Write(context.Background(), c, pubs); err != nil {
		t.Fatal(err)
	}
	if after := c.Diags.Items(); len(after) != before {
		t.Errorf("the EPUBs added %d diagnostics to the render stage's:\n%s", len(after)-before, diagText(c.Diags))
	}
	files := make([]string, len(pubs))
	for i, pub := range pubs {
		files[i] = c.OutPath(c.PagePath(pub.Page) + epub.FileName(pub))
		data, err := os.ReadFile(files[i])
		if err != nil {
			t.Fatal(err)
		}
		u := unpack(t, data)
		label := pub.Page.File
		t.Run(label, func(t *testing.T) {
			u.wellFormed(t, label)
			checkDocuments(t, u, pub.Page.Lang)
			checkWords(t, u, sourceHTML(pub))
			checkNotes(t, u)
		})
	}
	t.Logf("%d corpus EPUBs made", len(pubs))

	testutil.NeedEPUBCheck(t)
	results := testutil.EPUBCheck(t, files...)
	clean := 0
	for i, r := range results {
		if r.Clean() {
			clean++
			continue
		}
		t.Errorf("epubcheck %s: %s", pubs[i].Page.File, r)
	}
	t.Logf("epubcheck: %d of %d corpus EPUBs with 0 fatal, 0 errors, 0 warnings", clean, len(results))
}

// TestEPUBCheckHarness: the batch runs of EPUBCheck tell a broken EPUB
// from sound ones around it (a check that passes everything checks nothing).
func TestEPUBCheckHarness(t *testing.T) {
	testutil.NeedEPUBCheck(t)
	b := buildEPUBs(t, testutil.RepoRoot())
	good := filepath.Join(b.dest, "books/petit-guide/petit-guide.epub")
	data, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	u := unpack(t, data)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, f := range u.zr.File {
		if f.Name == "EPUB/css/book.css" {
			continue // referenced by every document, now missing
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: f.Method})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(u.files[f.Name])
	}
	zw.Close()
	broken := filepath.Join(t.TempDir(), "broken.epub")
	if err := os.WriteFile(broken, out.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	r := testutil.EPUBCheck(t, good, broken, good)
	if !r[0].Clean() || !r[2].Clean() || r[1].Errors == 0 {
		t.Errorf("EPUBCheck results: good %s; broken %s; good again %s", r[0], r[1], r[2])
	}
}
