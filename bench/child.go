package main

// The bench runs some measures in a child process of its own (the bench
// binary started again with -child), so that each starts cold, as the
// real command does, and its CPU time and peak memory are its own:
//
//	bench -child stages SRC DEST      the build of SRC into DEST, builder
//	                                  by builder, in process
//	bench -child edits SRC FILE N K   server.MeasureEdits: N saves of FILE
//	                                  for each kind of edit of K ("body,title");
//	                                  with COMMUNS_BENCH_CPUPROFILE=FILE, a CPU
//	                                  profile of the edits is written to FILE
//
// The child prints its figures as one JSON object on stdout.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/build"
	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/server"
	"github.com/communs/communs/internal/site"
)

// Stage is one step of a build measured in process.
type Stage struct {
	Name        string  `json:"name"` // "load", "render", then the builders' names
	WallSeconds float64 `json:"wall_s"`
	CPUSeconds  float64 `json:"cpu_s"` // the process's, all threads
}

// StagesOutput is what `-child stages` prints.
type StagesOutput struct {
	Stages   []Stage `json:"stages"`
	Errors   int     `json:"errors"`
	Warnings int     `json:"warnings"`
}

// ReloadOutput is what `-child edits` prints for each kind of edit.
type ReloadOutput struct {
	Edit         string    `json:"edit,omitempty"` // "title", "body"…
	Saves        int       `json:"saves"`
	Pages        int       `json:"pages"`
	FirstBuildMS float64   `json:"first_build_ms"`
	MedianMS     float64   `json:"median_ms"`
	P90MS        float64   `json:"p90_ms"`
	MaxMS        float64   `json:"max_ms"`
	BuildMS      float64   `json:"rebuild_median_ms"` // the rebuilds' own time
	SaveToEvent  []float64 `json:"save_to_event_ms"`
	// ServedMedianMS is the median time from a save to the page's URL
	// serving the edit (none for a date edit, which moves the page).
	ServedMedianMS float64   `json:"served_median_ms,omitempty"`
	SaveToServed   []float64 `json:"save_to_served_ms,omitempty"`
	Modes          []string  `json:"modes"`
}

// runChild runs a child mode and returns the exit code.
func runChild(mode string, args []string) int {
	var out any
	var err error
	switch {
	case mode == "stages" && len(args) == 2:
		out, err = childStages(args[0], args[1])
	case mode == "edits" && len(args) == 4:
		n, perr := strconv.Atoi(args[2])
		if perr != nil {
			err = perr
			break
		}
		out, err = childEdits(args[0], args[1], n, args[3])
	default:
		err = fmt.Errorf("unknown child mode %q %q", mode, args)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench child:", err)
		return 1
	}
	if err := json.NewEncoder(os.Stdout).Encode(out); err != nil {
		fmt.Fprintln(os.Stderr, "bench child:", err)
		return 1
	}
	return 0
}

// childStages builds src into dest as internal/build.Run does (load the
// site, render every page once, run build.Builders in their order) and
// times each step; the output is not swapped in place of anything.
func childStages(src, dest string) (*StagesOutput, error) {
	ctx := context.Background()
	out := &StagesOutput{}
	step := func(name string, f func() error) error {
		c0, t0 := processCPU(), time.Now()
		err := f()
		out.Stages = append(out.Stages, Stage{Name: name, WallSeconds: time.Since(t0).Seconds(), CPUSeconds: processCPU() - c0})
		return err
	}
	now, err := build.Now()
	if err != nil {
		return nil, err
	}
	sourceDate, _ := build.SourceDate() // as Now read it
	diags := &diag.List{}
	var s *site.Site
	var c *builders.Context
	err = step("load", func() error {
		var err error
		if s, err = site.Load(ctx, src, site.Options{Now: now, SourceDate: sourceDate}, diags); err != nil {
			return err
		}
		c = &builders.Context{Site: s, Dest: dest, Diags: diags, Strings: build.LoadStrings(s, diags),
			Workers: runtime.GOMAXPROCS(0), Downloads: &builders.Downloads{}}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dest, 0o755); err != nil {
		return nil, err
	}
	if err := step("render", func() error { return builders.RenderPages(ctx, c) }); err != nil {
		return nil, err
	}
	for _, b := range build.Builders() {
		if err := step(b.Name(), func() error { return b.Build(ctx, c) }); err != nil {
			return nil, fmt.Errorf("%s: %w", b.Name(), err)
		}
	}
	out.Errors, out.Warnings = diags.Count()
	if diags.HasErrors(false) {
		diags.PrintLimited(os.Stderr, 0)
		return nil, errors.New("the build has errors")
	}
	return out, nil
}

// childEdits measures save → reload for each kind of edit, on one server.
func childEdits(src, file string, saves int, kinds string) ([]*ReloadOutput, error) {
	var edits []server.Edit
	for _, k := range strings.Split(kinds, ",") {
		edits = append(edits, server.Edit(k))
	}
	var o server.EditOptions
	if path := os.Getenv("COMMUNS_BENCH_CPUPROFILE"); path != "" {
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		o.CPUProfile = f
	}
	ls, err := server.MeasureEdits(context.Background(), src, file, edits, saves, o)
	if err != nil {
		return nil, err
	}
	var out []*ReloadOutput
	for _, l := range ls {
		out = append(out, reloadOutput(l))
	}
	return out, nil
}

func reloadOutput(l *server.Latency) *ReloadOutput {
	out := &ReloadOutput{
		Edit: string(l.Edit), Saves: l.Saves, Pages: l.Pages, FirstBuildMS: msOf(l.FirstBuild),
		MedianMS: msOf(l.Median()), P90MS: msOf(l.P90()), MaxMS: msOf(l.Max()), BuildMS: msOf(l.BuildMedian()),
		ServedMedianMS: msOf(l.ServedMedian()), Modes: l.Modes,
	}
	for _, d := range l.SaveToEvent {
		out.SaveToEvent = append(out.SaveToEvent, msOf(d))
	}
	for _, d := range l.SaveToServed {
		out.SaveToServed = append(out.SaveToServed, msOf(d))
	}
	return out
}

func msOf(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

// childCommand is the bench binary started again in a child mode.
func childCommand(mode string, args ...string) (*exec.Cmd, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	return exec.Command(self, append([]string{"-child", mode}, args...)...), nil
}

// runChildJSON runs a child mode, measures it, and decodes its output
// into v.
func runChildJSON(v any, mode string, args ...string) (Measurement, error) {
	cmd, err := childCommand(mode, args...)
	if err != nil {
		return Measurement{}, err
	}
	var stdout tailBuffer
	stdout.max = 1 << 20
	cmd.Stdout = &stdout
	m, err := measure(cmd)
	if err != nil {
		return m, err
	}
	if err := json.Unmarshal([]byte(stdout.String()), v); err != nil {
		return m, fmt.Errorf("%s: reading its output: %v", filepath.Base(cmd.Path), err)
	}
	return m, nil
}
