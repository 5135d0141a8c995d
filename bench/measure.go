package main

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Measurement is what one run of a child process cost.
type Measurement struct {
	WallSeconds float64 `json:"wall_s"`
	UserSeconds float64 `json:"user_s"`
	SysSeconds  float64 `json:"sys_s"`
	CPUSeconds  float64 `json:"cpu_s"` // user + sys
	PeakRSSKiB  int64   `json:"peak_rss_kib"`
	ExitCode    int     `json:"exit_code"`
}

// measure runs cmd to its end and measures it from the outside: wall time
// around the run, CPU time and peak resident set size from the child's
// rusage (ru_maxrss is in KiB on Linux). The child's stdout and stderr are
// kept in memory (their tail is returned in the error when it fails).
// Dirty pages of earlier runs are written out first (settle), so that
// their writeback does not land in this run's time.
func measure(cmd *exec.Cmd) (Measurement, error) {
	m, _, err := measureOutput(cmd)
	return m, err
}

// measureOutput is measure, and also returns the tail of what the child
// printed (when cmd's stdout and stderr are left to it).
func measureOutput(cmd *exec.Cmd) (Measurement, string, error) {
	var out tailBuffer
	if cmd.Stdout == nil {
		cmd.Stdout = &out
	}
	if cmd.Stderr == nil {
		cmd.Stderr = &out
	}
	settle()
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	var m Measurement
	m.WallSeconds = wall.Seconds()
	if ps := cmd.ProcessState; ps != nil {
		m.UserSeconds = ps.UserTime().Seconds()
		m.SysSeconds = ps.SystemTime().Seconds()
		m.CPUSeconds = m.UserSeconds + m.SysSeconds
		m.ExitCode = ps.ExitCode()
		m.PeakRSSKiB = peakRSSKiB(ps)
	}
	msg := strings.TrimSpace(out.String())
	if err != nil {
		if msg != "" {
			return m, msg, fmt.Errorf("%s: %v\n%s", strings.Join(cmd.Args, " "), err, indent(msg))
		}
		return m, msg, fmt.Errorf("%s: %v", strings.Join(cmd.Args, " "), err)
	}
	return m, msg, nil
}

// tailBuffer keeps the last max bytes written to it (8 KiB when max is 0).
type tailBuffer struct {
	b   []byte
	max int
}

const tailMax = 8 << 10

func (t *tailBuffer) limit() int {
	if t.max > 0 {
		return t.max
	}
	return tailMax
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if n := t.limit(); len(t.b) > 2*n {
		t.b = append(t.b[:0], t.b[len(t.b)-n:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	if n := t.limit(); len(t.b) > n {
		return "…" + string(t.b[len(t.b)-n:])
	}
	return string(t.b)
}

func indent(s string) string {
	lines := strings.Split(s, "\n")
	if len(lines) > 30 {
		lines = append([]string{"…"}, lines[len(lines)-30:]...)
	}
	return "    " + strings.Join(lines, "\n    ")
}

// TreeStats describes a built site.
type TreeStats struct {
	Pages     int   `json:"pages"`     // index.html files
	Redirects int   `json:"redirects"` // of which redirect stubs (meta refresh aliases)
	Files     int   `json:"files"`
	Bytes     int64 `json:"bytes"`
}

// scanTree counts the pages (index.html files) and sizes the files of dir.
func scanTree(dir string) (TreeStats, error) {
	var st TreeStats
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		st.Files++
		st.Bytes += info.Size()
		if d.Name() == "index.html" {
			st.Pages++
			if info.Size() < 2048 && isRedirect(path) {
				st.Redirects++
			}
		}
		return nil
	})
	return st, err
}

func isRedirect(path string) bool {
	b, err := os.ReadFile(path)
	if err != nil {
		return false
	}
	return bytes.Contains(bytes.ToLower(b), []byte(`http-equiv="refresh"`))
}
