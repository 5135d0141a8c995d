package main

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
)

// Machine describes where the figures were taken.
type Machine struct {
	GOOS          string `json:"goos"`
	GOARCH        string `json:"goarch"`
	NumCPU        int    `json:"num_cpu"`
	CPUModel      string `json:"cpu_model,omitempty"`
	MemoryKiB     int64  `json:"memory_kib,omitempty"`
	Kernel        string `json:"kernel,omitempty"`
	GoVersion     string `json:"go_version"`
	CommunsCommit string `json:"communs_commit,omitempty"`
	CommunsDirty  bool   `json:"communs_dirty,omitempty"` // uncommitted changes
	// LoadStart and LoadEnd are the load averages (1, 5, 15 min) when the
	// bench began and ended: other work on the machine lengthens wall
	// times.
	LoadStart []float64 `json:"load_start,omitempty"`
	LoadEnd   []float64 `json:"load_end,omitempty"`
	// HugoVersion and Peers are the first lines of the tools' versions.
	HugoVersion string            `json:"hugo_version,omitempty"`
	Peers       map[string]string `json:"peers,omitempty"`
	Gentium     bool              `json:"gentium_book_plus,omitempty"` // installed for xelatex
}

func describeMachine(repo string) Machine {
	m := Machine{
		GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, NumCPU: runtime.NumCPU(),
		GoVersion:     runtime.Version(),
		CommunsCommit: commandLine(repo, "git", "rev-parse", "--short", "HEAD"),
		CommunsDirty:  commandLine(repo, "git", "status", "--porcelain", "--untracked-files=no") != "",
		LoadStart:     loadAverage(),
	}
	if f, err := os.Open("/proc/cpuinfo"); err == nil {
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if k, v, ok := strings.Cut(sc.Text(), ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPUModel = strings.TrimSpace(v)
				break
			}
		}
		f.Close()
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				m.MemoryKiB, _ = strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			}
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	return m
}

// peers records the versions of the tools found.
func (m *Machine) peers(env *Env) {
	if env.hugo != "" {
		m.HugoVersion = commandLine("", env.hugo, "version")
	}
	m.Peers = map[string]string{}
	for t, p := range env.peers {
		m.Peers[t] = commandLine("", p, "--version")
	}
	m.Gentium = env.gentium
}

// loadAverage reads /proc/loadavg (nil elsewhere).
func loadAverage() []float64 {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return nil
	}
	var out []float64
	for _, f := range strings.Fields(string(b))[:3] {
		v, _ := strconv.ParseFloat(f, 64)
		out = append(out, v)
	}
	return out
}

func loadString(l []float64) string {
	if len(l) < 3 {
		return "unknown"
	}
	return fmt.Sprintf("%.2f %.2f %.2f", l[0], l[1], l[2])
}
