package main

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"
)

// event is one line of go test -json (cmd/test2json).
type event struct {
	Action     string
	Package    string
	ImportPath string // build-output, build-fail
	Test       string
	Elapsed    float64
	Output     string
}

// summary follows a go test -json stream and prints what matters.
type summary struct {
	w       io.Writer
	output  map[string][]string // per package and test, until it ends
	passed  []pkgResult
	failed  []pkgResult
	noTests int
	tests   struct{ passed, failed, skipped int }
	skips   map[string][]string // reason → "pkg Test"
	other   []string            // lines that are not JSON: go's own messages
}

type pkgResult struct {
	name    string
	elapsed float64
}

func newSummary(w io.Writer) *summary {
	return &summary{w: w, output: map[string][]string{}, skips: map[string][]string{}}
}

func key(pkg, test string) string { return pkg + "\x00" + test }

// line takes one line of the stream.
func (s *summary) line(b []byte) {
	var e event
	if len(b) == 0 || b[0] != '{' || json.Unmarshal(b, &e) != nil {
		fmt.Fprintf(s.w, "%s\n", b)
		return
	}
	switch e.Action {
	case "build-output":
		io.WriteString(s.w, e.Output)
	case "output":
		k := key(e.Package, e.Test)
		s.output[k] = append(s.output[k], e.Output)
	case "pass", "fail", "skip":
		k := key(e.Package, e.Test)
		out := s.output[k]
		delete(s.output, k)
		if e.Test == "" {
			s.packageDone(e, out)
			return
		}
		switch e.Action {
		case "pass":
			s.tests.passed++
		case "fail":
			s.tests.failed++
			fmt.Fprintf(s.w, "--- FAIL: %s %s (%.2fs)\n", short(e.Package), e.Test, e.Elapsed)
			for _, l := range out {
				if !strings.HasPrefix(l, "=== ") && !strings.HasPrefix(l, "--- FAIL") {
					io.WriteString(s.w, l)
				}
			}
		case "skip":
			s.tests.skipped++
			r := skipReason(out)
			s.skips[r] = append(s.skips[r], short(e.Package)+" "+e.Test)
		}
	}
}

// packageDone prints a package's line as it ends.
func (s *summary) packageDone(e event, out []string) {
	r := pkgResult{short(e.Package), e.Elapsed}
	switch {
	case e.Action == "skip":
		s.noTests++ // [no test files]
	case e.Action == "pass":
		s.passed = append(s.passed, r)
		fmt.Fprintf(s.w, "ok    %-32s %6.1fs\n", r.name, r.elapsed)
	default:
		s.failed = append(s.failed, r)
		// A panic, a timeout or a build failure is in the package's own
		// output, not a test's.
		for _, l := range out {
			if !strings.HasPrefix(l, "FAIL") && !strings.HasPrefix(l, "ok ") {
				io.WriteString(s.w, l)
			}
		}
		fmt.Fprintf(s.w, "FAIL  %-32s %6.1fs\n", r.name, r.elapsed)
	}
}

func (s *summary) anyFailed() bool { return len(s.failed) > 0 || s.tests.failed > 0 }

// print writes the closing summary.
func (s *summary) print(total time.Duration) {
	w := s.w
	fmt.Fprintln(w)
	if len(s.skips) > 0 {
		fmt.Fprintf(w, "Skipped (%d), by reason:\n", s.tests.skipped)
		type group struct {
			kind, reason string
			tests        []string
		}
		var groups []group
		for r, tests := range s.skips {
			groups = append(groups, group{skipKind(r), r, tests})
		}
		sort.Slice(groups, func(i, j int) bool {
			if groups[i].kind != groups[j].kind {
				return groups[i].kind < groups[j].kind
			}
			if len(groups[i].tests) != len(groups[j].tests) {
				return len(groups[i].tests) > len(groups[j].tests)
			}
			return groups[i].reason < groups[j].reason
		})
		for _, g := range groups {
			sort.Strings(g.tests)
			fmt.Fprintf(w, "  %s, %d test(s): %s\n", g.kind, len(g.tests), g.reason)
			fmt.Fprintf(w, "      %s\n", listSome(g.tests, 4))
		}
		fmt.Fprintln(w)
	}
	slowest := append([]pkgResult(nil), s.passed...)
	slowest = append(slowest, s.failed...)
	sort.Slice(slowest, func(i, j int) bool { return slowest[i].elapsed > slowest[j].elapsed })
	if len(slowest) > 3 {
		slowest = slowest[:3]
	}
	var slow []string
	for _, p := range slowest {
		slow = append(slow, fmt.Sprintf("%s %.0fs", p.name, p.elapsed))
	}
	status := "PASS"
	if s.anyFailed() {
		status = "FAIL"
	}
	fmt.Fprintf(w, "%s: %d packages passed, %d failed (%d without tests); slowest: %s\n",
		status, len(s.passed), len(s.failed), s.noTests, strings.Join(slow, ", "))
	if len(s.failed) > 0 {
		var names []string
		for _, p := range s.failed {
			names = append(names, p.name)
		}
		fmt.Fprintf(w, "failed: %s\n", strings.Join(names, ", "))
	}
	// The plain closing line that CI logs are read for.
	fmt.Fprintf(w, "tests: %d passed, %d failed, %d skipped\n", s.tests.passed, s.tests.failed, s.tests.skipped)
	fmt.Fprintf(w, "total time: %s\n", total.Round(100*time.Millisecond))
}

// skipLine is how t.Skip's message starts: the test file and line.
var skipLine = regexp.MustCompile(`^\s+\S+\.go:\d+: (.*)$`)

// skipReason is the message a skipped test gave, without its file and
// line; a subtest skipped because its parent was has none of its own.
func skipReason(out []string) string {
	var msg []string
	for _, l := range out {
		l = strings.TrimRight(l, "\n")
		if m := skipLine.FindStringSubmatch(l); m != nil {
			msg = []string{m[1]}
		} else if len(msg) > 0 && strings.HasPrefix(l, "        ") {
			msg = append(msg, strings.TrimSpace(l)) // the message's next lines
		}
	}
	if len(msg) == 0 {
		return "no reason given"
	}
	r := strings.Join(msg, " ")
	r = strings.TrimPrefix(r, "skipped: ")
	r = strings.TrimPrefix(r, "skipped ")
	return r
}

// skipKind sorts reasons into the few a reader acts on.
func skipKind(reason string) string {
	l := strings.ToLower(reason)
	switch {
	case strings.Contains(l, "corpus") || strings.Contains(l, "../shared"):
		return "missing corpus"
	case strings.Contains(l, "not installed") || strings.Contains(l, "apt-get install") || strings.Contains(l, "not found in $path"):
		return "missing checker"
	case strings.Contains(l, "-short") || strings.Contains(l, "testing.short"):
		return "short mode"
	}
	return "other"
}

func listSome(items []string, n int) string {
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + fmt.Sprintf(" and %d more", len(items)-n)
}

// short drops the module's path from a package's.
func short(pkg string) string {
	const module = "github.com/communs/communs/"
	if p := strings.TrimPrefix(pkg, module); p != pkg {
		return p
	}
	if pkg == strings.TrimSuffix(module, "/") {
		return "."
	}
	return pkg
}
