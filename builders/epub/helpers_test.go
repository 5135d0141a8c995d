package epub_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
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
// builders.
func load(t testing.TB, src, dest string) *builders.Context {
	t.Helper()
	return loadAt(t, src, dest, fixedNow, 4)
}

// loadAt is load with the build's time and number of workers.
func loadAt(t testing.TB, src, dest string, now time.Time, workers int) *builders.Context {
	t.Helper()
	diags := &diag.List{}
	s, err := site.Load(context.Background(), src, site.Options{Now: now}, diags)
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
	t.Setenv("SOURCE_DATE_EPOCH", fmt.Sprint(fixedNow.Unix()))
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
func (b *built) pubFile(pub *epub.Publication) string {
	return b.c.OutPath(b.c.PagePath(pub.Page) + pub.FileName())
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

// epubcheckJar finds EPUBCheck: the epubcheck command, which Debian
// installs as a jar (run with java when binfmt_misc does not run it).
// jar is "" when the command is something else, such as a wrapper script.
var epubcheckJar = sync.OnceValues(func() (cmd []string, jar string) {
	p, err := exec.LookPath("epubcheck")
	if err != nil {
		return nil, ""
	}
	if real, err := filepath.EvalSymlinks(p); err == nil {
		if f, err := os.Open(real); err == nil {
			head := make([]byte, 2)
			_, _ = io.ReadFull(f, head)
			f.Close()
			if string(head) == "PK" {
				java, err := exec.LookPath("java")
				if err != nil {
					return nil, ""
				}
				return []string{java, "-jar", real}, real
			}
		}
	}
	return []string{p}, ""
})

func epubcheckCmd() []string {
	cmd, _ := epubcheckJar()
	return cmd
}

func needEPUBCheck(t testing.TB) {
	t.Helper()
	if epubcheckCmd() == nil {
		t.Skip("skipped: epubcheck is not installed (apt-get install epubcheck; sh .ci/tools --install)")
	}
}

// jvmFlags make a short-lived JVM start faster.
var jvmFlags = []string{"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"}

// checkResult is EPUBCheck's verdict on one file.
type checkResult struct {
	Fatal, Errors, Warnings int
	Messages                []string
}

// epubcheck runs EPUBCheck on a file and counts its messages by severity.
func epubcheck(t testing.TB, file string) checkResult {
	t.Helper()
	base, jar := epubcheckJar()
	var args []string
	if jar != "" {
		args = append(append([]string{base[0]}, jvmFlags...), "-jar", jar)
	} else {
		args = append(args, base...)
	}
	args = append(args, file, "--json", "-", "-q")
	cmd := exec.Command(args[0], args[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	_ = cmd.Run() // exit status 1 when there are errors: the report says which
	return parseReport(t, file, stdout.Bytes(), stderr.Bytes())
}

// parseReport reads EPUBCheck's JSON report and counts its messages.
func parseReport(t testing.TB, file string, out, stderr []byte) checkResult {
	t.Helper()
	var stdout bytes.Buffer
	stdout.Write(out)
	if i := bytes.IndexByte(out, '{'); i > 0 {
		out = out[i:]
	}
	var rep struct {
		Messages []struct {
			ID        string `json:"ID"`
			Severity  string `json:"severity"`
			Message   string `json:"message"`
			Locations []struct {
				Path   string `json:"path"`
				Line   int    `json:"line"`
				Column int    `json:"column"`
			} `json:"locations"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(out, &rep); err != nil {
		t.Fatalf("epubcheck %s: unreadable report (%v)\nstdout: %.2000s\nstderr: %.2000s", file, err, stdout.String(), stderr)
	}
	var r checkResult
	for _, m := range rep.Messages {
		switch m.Severity {
		case "FATAL":
			r.Fatal++
		case "ERROR":
			r.Errors++
		case "WARNING":
			r.Warnings++
		default:
			continue
		}
		where := ""
		if len(m.Locations) > 0 {
			l := m.Locations[0]
			where = fmt.Sprintf("%s:%d:%d: ", l.Path, l.Line, l.Column)
		}
		r.Messages = append(r.Messages, fmt.Sprintf("%s %s %s%s", m.Severity, m.ID, where, m.Message))
	}
	return r
}

// batchSource checks several EPUBs in one JVM: EPUBCheck's own command
// line, called once per file (the JVM's start-up is most of a run).
const batchSource = `public class Batch {
  public static void main(String[] a) {
    for (int i = 0; i + 1 < a.length; i += 2) {
      try {
        new com.adobe.epubcheck.tool.EpubChecker().run(new String[] {a[i], "--json", a[i + 1], "-q"});
      } catch (Throwable e) {
        System.err.println(a[i] + ": " + e);
      }
    }
  }
}
`

// epubcheckAll runs EPUBCheck on files: in one JVM per processor when the
// JDK can run a Java source file, else one run per file, as many at a
// time as there are processors.
func epubcheckAll(t testing.TB, files []string) []checkResult {
	t.Helper()
	results := make([]checkResult, len(files))
	done := make([]bool, len(files))
	workers := max(2, runtime.NumCPU())
	if base, jar := epubcheckJar(); jar != "" && len(files) > 1 {
		dir := t.TempDir()
		src := filepath.Join(dir, "Batch.java")
		if err := os.WriteFile(src, []byte(batchSource), 0o644); err != nil {
			t.Fatal(err)
		}
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			args := append(append([]string{}, jvmFlags...), "-cp", jar, src)
			var mine []int
			for i := w; i < len(files); i += workers {
				mine = append(mine, i)
				args = append(args, files[i], filepath.Join(dir, fmt.Sprintf("%d.json", i)))
			}
			if len(mine) == 0 {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Without a JDK (a JRE alone cannot run source files), no
				// report is written: the files are checked one by one below.
				_ = exec.Command(base[0], args...).Run()
			}()
		}
		wg.Wait()
		for i, f := range files {
			if out, err := os.ReadFile(filepath.Join(dir, fmt.Sprintf("%d.json", i))); err == nil && len(out) > 0 {
				results[i], done[i] = parseReport(t, f, out, nil), true
			}
		}
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, workers)
	for i := range files {
		if done[i] {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = epubcheck(t, files[i])
		}()
	}
	wg.Wait()
	return results
}

func (r checkResult) clean() bool { return r.Fatal == 0 && r.Errors == 0 && r.Warnings == 0 }

func (r checkResult) String() string {
	return fmt.Sprintf("%d fatal, %d errors, %d warnings\n  %s", r.Fatal, r.Errors, r.Warnings, strings.Join(r.Messages, "\n  "))
}
