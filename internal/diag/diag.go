// Package diag collects the errors and warnings of a build, each naming the
// file (and line where there is one), so that a build reports all its
// problems at once rather than stopping at the first.
package diag

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
)

// Severity tells an error, which fails the build, from a warning.
type Severity int

const (
	Warning Severity = iota
	Error
)

func (s Severity) String() string {
	if s == Error {
		return "error"
	}
	return "warning"
}

// Diagnostic is one problem found in the input.
type Diagnostic struct {
	Severity Severity `json:"-"`
	Level    string   `json:"severity"`
	File     string   `json:"file,omitempty"` // relative to the site's source folder
	Line     int      `json:"line,omitempty"`
	Message  string   `json:"message"`
}

func (d Diagnostic) String() string {
	var b strings.Builder
	if d.File != "" {
		b.WriteString(d.File)
		if d.Line > 0 {
			fmt.Fprintf(&b, ":%d", d.Line)
		}
		b.WriteString(": ")
	}
	b.WriteString(d.Severity.String())
	b.WriteString(": ")
	b.WriteString(d.Message)
	return b.String()
}

// Error lets a single diagnostic travel as an error value.
func (d Diagnostic) Error() string { return d.String() }

// List is a concurrency-safe collection of diagnostics.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
	seen  map[string]bool
}

// Add records d, once: the same message for the same place is kept once.
func (l *List) Add(d Diagnostic) {
	d.Level = d.Severity.String()
	l.mu.Lock()
	defer l.mu.Unlock()
	key := d.String()
	if l.seen == nil {
		l.seen = make(map[string]bool)
	}
	if l.seen[key] {
		return
	}
	l.seen[key] = true
	l.items = append(l.items, d)
}

// Errorf records an error at file:line (line 0 when unknown).
func (l *List) Errorf(file string, line int, format string, args ...any) {
	l.Add(Diagnostic{Severity: Error, File: file, Line: line, Message: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at file:line (line 0 when unknown).
func (l *List) Warnf(file string, line int, format string, args ...any) {
	l.Add(Diagnostic{Severity: Warning, File: file, Line: line, Message: fmt.Sprintf(format, args...)})
}

// Items returns the diagnostics sorted by file, line and message, so that
// reports are the same from one run to the next whatever the scheduling.
func (l *List) Items() []Diagnostic {
	l.mu.Lock()
	out := append([]Diagnostic(nil), l.items...)
	l.mu.Unlock()
	sort.SliceStable(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Message < b.Message
	})
	return out
}

// Count returns the number of errors and of warnings.
func (l *List) Count() (errors, warnings int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, d := range l.items {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return
}

// HasErrors tells whether the build must fail; with strict, warnings count.
func (l *List) HasErrors(strict bool) bool {
	e, w := l.Count()
	return e > 0 || (strict && w > 0)
}

// Print writes every diagnostic, one a line.
func (l *List) Print(w io.Writer) { l.PrintLimited(w, -1) }

// PrintLimited writes every error but at most maxWarnings warnings (all
// when negative), then how many warnings it left out.
func (l *List) PrintLimited(w io.Writer, maxWarnings int) {
	shown, hidden := 0, 0
	for _, d := range l.Items() {
		if d.Severity == Warning && maxWarnings >= 0 {
			if shown >= maxWarnings {
				hidden++
				continue
			}
			shown++
		}
		fmt.Fprintln(w, d.String())
	}
	if hidden > 0 {
		fmt.Fprintf(w, "… and %d more warning(s); --verbose lists them all\n", hidden)
	}
}
