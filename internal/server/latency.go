package server

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/communs/communs/internal/build"
)

// Latency is what MeasureReload found.
type Latency struct {
	Saves int
	// SaveToEvent are the times from a save (the rename of the new file
	// over the old one) to the reload event read by a page, in order.
	SaveToEvent []time.Duration
	// Build are the rebuilds' own times (Update.Elapsed), and Modes their
	// kinds ("page", "site", "full").
	Build []time.Duration
	Modes []string
	// FirstBuild is the time of the first, full build.
	FirstBuild time.Duration
	Pages      int
}

// Median, P90 and Max sum up SaveToEvent.
func (l *Latency) Median() time.Duration { return quantile(l.SaveToEvent, 0.5) }
func (l *Latency) P90() time.Duration    { return quantile(l.SaveToEvent, 0.9) }
func (l *Latency) Max() time.Duration    { return quantile(l.SaveToEvent, 1) }

// BuildMedian is the median of the rebuilds' own times.
func (l *Latency) BuildMedian() time.Duration { return quantile(l.Build, 0.5) }

func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(q*float64(len(s)-1) + 0.5)
	return s[i]
}

func (l *Latency) String() string {
	modes := map[string]int{}
	for _, m := range l.Modes {
		modes[m]++
	}
	return fmt.Sprintf("%d pages, first build %d ms; %d saves: save→reload event median %.1f ms, p90 %.1f ms, max %.1f ms (rebuild itself median %.1f ms; kinds %v)",
		l.Pages, l.FirstBuild.Milliseconds(), l.Saves, ms(l.Median()), ms(l.P90()), ms(l.Max()), ms(l.BuildMedian()), modes)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

var titleLine = regexp.MustCompile(`(?m)^(title\s*[=:]\s*"?)`)

// MeasureReload serves the site in src (which it edits: give it a copy),
// listens to the reload events as a page does, and saves file (a page's
// Markdown) saves times, each time with another title; it measures the
// time from each save to the reload event. Each save waits for the
// previous event. A save is an editor's atomic one (a temporary file
// renamed over the page), or with inPlace a write into the file itself,
// which the watcher gives more time to end (Options.Debounce).
func MeasureReload(ctx context.Context, src, file string, saves int, inPlace bool) (*Latency, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ready := make(chan string, 1)
	type built struct {
		u    *build.Update
		sent time.Time
	}
	builds := make(chan built, 16)
	var first time.Duration
	startT := time.Now()
	o := Options{Source: src, Port: 0, PortSet: true,
		Ready: func(u string) { first = time.Since(startT); ready <- u },
		Rebuilt: func(_ []string, u *build.Update, sent time.Time) {
			select {
			case builds <- built{u, sent}:
			default:
			}
		},
	}
	done := make(chan error, 1)
	go func() { done <- Run(ctx, o) }()
	var url string
	select {
	case url = <-ready:
	case err := <-done:
		return nil, fmt.Errorf("serve: %v", err)
	}
	defer func() { cancel(); <-done }()

	req, _ := http.NewRequestWithContext(ctx, "GET", strings.TrimSuffix(url, "/")+eventsURL, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	events := make(chan [2]string, 64)
	go func() {
		defer close(events)
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 4<<20)
		name := ""
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = line[7:]
			case strings.HasPrefix(line, "data: "):
				events <- [2]string{name, line[6:]}
			}
		}
	}()
	next := func(want string, timeout time.Duration) (map[string]any, time.Time, error) {
		deadline := time.After(timeout)
		for {
			select {
			case ev, ok := <-events:
				if !ok {
					return nil, time.Time{}, errors.New("event stream closed")
				}
				at := time.Now()
				if ev[0] == "errors" {
					return nil, at, fmt.Errorf("the rebuild failed: %s", ev[1])
				}
				if ev[0] != want {
					continue
				}
				var m map[string]any
				json.Unmarshal([]byte(ev[1]), &m)
				return m, at, nil
			case <-deadline:
				return nil, time.Time{}, fmt.Errorf("no %s event in %v", want, timeout)
			}
		}
	}
	if _, _, err := next("hello", 30*time.Second); err != nil {
		return nil, err
	}
	orig, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	defer os.WriteFile(file, orig, 0o644)
	if !titleLine.Match(orig) {
		return nil, fmt.Errorf("%s has no title line", file)
	}
	l := &Latency{FirstBuild: first}
	for i := 0; i < saves; i++ {
		data := titleLine.ReplaceAll(orig, []byte(fmt.Sprintf("${1}Édition %d : ", i+1)))
		var t0 time.Time
		if inPlace {
			t0 = time.Now()
			if err := os.WriteFile(file, data, 0o644); err != nil {
				return nil, err
			}
		} else {
			tmp := filepath.Join(filepath.Dir(file), "."+filepath.Base(file)+".tmp")
			if err := os.WriteFile(tmp, data, 0o644); err != nil {
				return nil, err
			}
			t0 = time.Now()
			if err := os.Rename(tmp, file); err != nil {
				return nil, err
			}
		}
		_, at, err := next("reload", 2*time.Minute)
		if err != nil {
			return nil, err
		}
		l.SaveToEvent = append(l.SaveToEvent, at.Sub(t0))
		select {
		case b := <-builds:
			l.Build = append(l.Build, b.u.Elapsed)
			l.Modes = append(l.Modes, b.u.Mode)
			l.Pages = b.u.Pages
		case <-time.After(time.Second):
		}
		l.Saves++
		// Let the background builders, if any, start and be cancelled by
		// the next save as they would be by an author.
		time.Sleep(20 * time.Millisecond)
	}
	return l, nil
}
