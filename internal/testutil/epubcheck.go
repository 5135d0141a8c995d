package testutil

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// EPUBCheck, the reference validator, is a Java program: starting its JVM
// and warming it up costs seconds, checking one more EPUB in a running one
// a fraction of that. The tests of a package share a few JVMs that stay up
// for the whole test process, each checking the files it is sent one by
// one; they end when the process does (their standard input closes).

// EPUBReport is EPUBCheck's verdict on one file.
type EPUBReport struct {
	Fatal, Errors, Warnings int
	Messages                []string
}

// Clean tells whether EPUBCheck found nothing at all, not even a warning.
func (r EPUBReport) Clean() bool { return r.Fatal == 0 && r.Errors == 0 && r.Warnings == 0 }

func (r EPUBReport) String() string {
	return fmt.Sprintf("%d fatal, %d errors, %d warnings\n  %s", r.Fatal, r.Errors, r.Warnings, strings.Join(r.Messages, "\n  "))
}

// HaveEPUBCheck tells whether EPUBCheck is installed.
func HaveEPUBCheck() bool { return epubcheckCommand().cmd != nil }

// NeedEPUBCheck skips the test when EPUBCheck is not installed.
func NeedEPUBCheck(t testing.TB) {
	t.Helper()
	if !HaveEPUBCheck() {
		t.Skip("skipped: epubcheck is not installed (apt-get install epubcheck; sh .ci/tools --install)")
	}
}

// EPUBCheck checks files with EPUBCheck, as many at a time as there are
// processors, and returns their reports in order. EPUBCheck must be
// installed (NeedEPUBCheck).
func EPUBCheck(t testing.TB, files ...string) []EPUBReport {
	t.Helper()
	NeedEPUBCheck(t)
	dir := t.TempDir()
	reports := make([]EPUBReport, len(files))
	errs := make([]error, len(files))
	var wg sync.WaitGroup
	for i, f := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reports[i], errs[i] = checkers.check(f, filepath.Join(dir, fmt.Sprintf("%d.json", i)))
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("epubcheck %s: %v", files[i], err)
		}
	}
	return reports
}

// epubcheckCmd is how to run EPUBCheck here. Debian installs it as a jar,
// which java runs (binfmt_misc may not); jar is "" when the command is
// something else, such as a wrapper script.
type epubcheckCmd struct {
	cmd  []string // one run on one file: append FILE --json OUT -q
	java string
	jar  string
}

var epubcheckCommand = sync.OnceValue(func() epubcheckCmd {
	p, err := exec.LookPath("epubcheck")
	if err != nil {
		return epubcheckCmd{}
	}
	if real, err := filepath.EvalSymlinks(p); err == nil {
		if head, err := readHead(real, 2); err == nil && string(head) == "PK" {
			java, err := exec.LookPath("java")
			if err != nil {
				return epubcheckCmd{}
			}
			return epubcheckCmd{cmd: append([]string{java}, append(jvmFlags, "-jar", real)...), java: java, jar: real}
		}
	}
	return epubcheckCmd{cmd: []string{p}}
})

func readHead(path string, n int) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, n)
	_, err = io.ReadFull(f, head)
	return head, err
}

// jvmFlags make a JVM start and warm up sooner: the quick compiler only,
// and the simplest collector.
var jvmFlags = []string{"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"}

// serverSource is run by java as a source file (a JDK can; a JRE alone
// cannot, and then each file is checked by a JVM of its own). It reads
// "EPUB<tab>REPORT" lines and answers each with a line "done" once the
// JSON report is written; EPUBCheck's own output goes to standard error.
const serverSource = `public class EpubcheckServer {
  public static void main(String[] a) throws Exception {
    java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, "UTF-8"));
    java.io.PrintStream out = System.out;
    System.setOut(System.err);
    for (String line; (line = in.readLine()) != null; ) {
      int tab = line.indexOf('\t');
      try {
        new com.adobe.epubcheck.tool.EpubChecker().run(new String[] {line.substring(0, tab), "--json", line.substring(tab + 1), "-q"});
      } catch (Throwable e) {
        System.err.println(line + ": " + e);
      }
      out.println("done");
      out.flush();
    }
  }
}
`

// checkers is the test process's pool of running EPUBCheck JVMs.
var checkers = newPool(max(2, runtime.NumCPU()))

func newPool(n int) *pool {
	p := &pool{max: n}
	p.wait = sync.NewCond(&p.mu)
	return p
}

type pool struct {
	mu      sync.Mutex
	idle    []*server
	started int
	max     int
	broken  bool // the JVMs cannot be kept: one run per file
	wait    *sync.Cond
}

// server is one running JVM.
type server struct {
	cmd  *exec.Cmd
	in   io.WriteCloser
	out  *bufio.Reader
	errs *tailBuffer
}

// check writes the report of file to report and reads it.
func (p *pool) check(file, report string) (EPUBReport, error) {
	abs, err := filepath.Abs(file)
	if err != nil {
		return EPUBReport{}, err
	}
	if s := p.get(); s != nil {
		if _, err := fmt.Fprintf(s.in, "%s\t%s\n", abs, report); err == nil {
			if line, err := s.out.ReadString('\n'); err == nil && line == "done\n" {
				p.put(s)
				return readReport(file, report, s.errs.String())
			}
		}
		// The JVM died: the file is checked alone, and the pool shrinks.
		p.drop(s)
	}
	return runOnce(file, report)
}

// get takes an idle JVM, starting one when fewer than max run, or waits
// for one; nil when JVMs cannot be kept here.
func (p *pool) get() *server {
	p.mu.Lock()
	defer p.mu.Unlock()
	for {
		if p.broken {
			return nil
		}
		if n := len(p.idle); n > 0 {
			s := p.idle[n-1]
			p.idle = p.idle[:n-1]
			return s
		}
		if p.started < p.max {
			p.started++
			p.mu.Unlock()
			s, err := p.start()
			p.mu.Lock()
			if err != nil {
				p.started--
				p.broken = true
				p.wait.Broadcast()
				return nil
			}
			return s
		}
		p.wait.Wait()
	}
}

func (p *pool) put(s *server) {
	p.mu.Lock()
	p.idle = append(p.idle, s)
	p.mu.Unlock()
	p.wait.Signal()
}

func (p *pool) drop(s *server) {
	s.in.Close()
	_ = s.cmd.Process.Kill()
	_ = s.cmd.Wait()
	p.mu.Lock()
	p.started--
	if p.started == 0 {
		p.broken = true // the first died too: none will live
	}
	p.mu.Unlock()
	p.wait.Broadcast()
}

// start starts a JVM and checks that it answers: the java of a JRE
// cannot run a source file.
func (p *pool) start() (*server, error) {
	c := epubcheckCommand()
	if c.jar == "" {
		return nil, fmt.Errorf("epubcheck is not a jar")
	}
	// The source is compiled in memory when the JVM starts: its folder
	// goes once the JVM answered.
	dir, err := os.MkdirTemp("", "communs-epubcheck-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	src := filepath.Join(dir, "EpubcheckServer.java")
	if err := os.WriteFile(src, []byte(serverSource), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command(c.java, append(append([]string{}, jvmFlags...), "-cp", c.jar, src)...)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	errs := &tailBuffer{}
	cmd.Stderr = errs
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, in: in, out: bufio.NewReader(out), errs: errs}
	// An empty request: the JVM compiles the source and answers, or dies.
	if _, err := io.WriteString(in, "\t\n"); err == nil {
		if line, err := s.out.ReadString('\n'); err == nil && line == "done\n" {
			return s, nil
		}
	}
	in.Close()
	_ = cmd.Process.Kill()
	_ = cmd.Wait()
	return nil, fmt.Errorf("java cannot run EPUBCheck from a source file: %s", errs.String())
}

// runOnce checks one file with a JVM of its own.
func runOnce(file, report string) (EPUBReport, error) {
	c := epubcheckCommand()
	args := append(append([]string{}, c.cmd...), file, "--json", report, "-q")
	var stderr bytes.Buffer
	cmd := exec.Command(args[0], args[1:]...)
	cmd.Stderr = &stderr
	_ = cmd.Run() // exit status 1 when there are errors: the report says which
	return readReport(file, report, stderr.String())
}

// readReport reads EPUBCheck's JSON report and counts its messages.
func readReport(file, report, stderr string) (EPUBReport, error) {
	data, err := os.ReadFile(report)
	if err != nil || len(data) == 0 {
		return EPUBReport{}, fmt.Errorf("no report (%v)\nstderr: %.2000s", err, stderr)
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
	if err := json.Unmarshal(data, &rep); err != nil {
		return EPUBReport{}, fmt.Errorf("unreadable report (%v): %.2000s", err, data)
	}
	var r EPUBReport
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
	return r, nil
}

// tailBuffer keeps the last few kilobytes written to it: a JVM's standard
// error, for the message when it fails.
type tailBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > 8<<10 {
		t.b = append([]byte(nil), t.b[len(t.b)-4<<10:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(t.b)
}
