package progress

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a writer the drawing goroutine and the test may share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// fakeMeter is a meter on a fake clock whose drawings happen only when
// the test sends a tick; clock sets the time Expect reads.
func fakeMeter(t *testing.T) (m *Meter, out *syncBuffer, tick func(d time.Duration), clock *time.Time) {
	t.Helper()
	out = &syncBuffer{}
	ticks := make(chan time.Time)
	now := t0
	clock = &now
	m = Start(context.Background(), out, Options{Now: func() time.Time { return *clock }, Ticks: ticks})
	t.Cleanup(m.Stop)
	// The channel is unbuffered: a send returns once the meter took the
	// tick, but its drawing may still be under way, reading the counts
	// the test changes next. A second tick, at the start (inside the
	// delay: it draws nothing), is taken only once that drawing is done.
	tick = func(d time.Duration) {
		ticks <- t0.Add(d)
		ticks <- t0
	}
	return m, out, tick, clock
}

func TestNothingDrawnBeforeDelay(t *testing.T) {
	m, out, tick, _ := fakeMeter(t)
	m.Expect(Pages, 10)
	m.Add(Pages, 3)
	tick(100 * time.Millisecond)
	tick(400 * time.Millisecond)
	m.Stop()
	if got := out.String(); got != "" {
		t.Errorf("a build stopped within the delay drew %q, want nothing (not even an erase)", got)
	}
}

func TestLineDrawnThenErased(t *testing.T) {
	m, out, tick, clock := fakeMeter(t)
	m.Expect(BookFiles, 8)
	m.Add(BookFiles, 2)
	tick(time.Second)
	*clock = t0.Add(2 * time.Second) // the HTML builder starts
	m.Expect(Pages, 8210)
	m.Add(BookFiles, 6)
	m.Add(Pages, 3412)
	tick(3 * time.Second)
	m.Stop()
	m.Stop() // twice is harmless
	want := "\rbuilding: 2/8 book files · 1.0 s, about 3 s left\x1b[K" +
		"\rbuilding: 3,412/8,210 pages · 8/8 book files · 3.0 s, about 2 s left\x1b[K" +
		"\r\x1b[K"
	if got := out.String(); got != want {
		t.Errorf("drew\n%q\nwant\n%q", got, want)
	}
}

func TestContextEndsDrawing(t *testing.T) {
	out := &syncBuffer{}
	ticks := make(chan time.Time)
	ctx, cancel := context.WithCancel(context.Background())
	m := Start(ctx, out, Options{Now: func() time.Time { return t0 }, Ticks: ticks})
	m.Add(Pages, 1)
	ticks <- t0.Add(time.Second)
	cancel() // Ctrl-C: the line goes before the build has wound down
	<-m.done
	if got := out.String(); !strings.HasSuffix(got, "\r\x1b[K") || strings.Count(got, "building:") != 1 {
		t.Errorf("after cancel: %q, want one line then its erasure", got)
	}
	m.Stop()
}

func TestTimeLeft(t *testing.T) {
	sec := time.Second
	for _, tc := range []struct {
		name  string
		kinds [numKinds]kindState
		want  time.Duration
		known bool
	}{
		{"nothing announced", [numKinds]kindState{}, 0, false},
		{"half the pages in 2 s", [numKinds]kindState{Pages: {done: 50, total: 100, active: 2 * sec}}, 2 * sec, true},
		{"a quarter in 1 s", [numKinds]kindState{Pages: {done: 25, total: 100, active: sec}}, 3 * sec, true},
		{"nothing done yet", [numKinds]kindState{Pages: {done: 0, total: 100, active: 5 * sec}}, 0, false},
		{"measured too briefly", [numKinds]kindState{Pages: {done: 40, total: 100, active: 300 * time.Millisecond}}, 0, false},
		{"all done", [numKinds]kindState{Pages: {done: 100, total: 100, active: sec}}, 0, false},
		{"more done than announced", [numKinds]kindState{Pages: {done: 103, total: 100, active: sec}}, 0, false},
		{"books done, pages under way", [numKinds]kindState{
			BookFiles: {done: 8, total: 8, active: 20 * sec},
			Pages:     {done: 1000, total: 3000, active: sec}}, 2 * sec, true},
		{"both under way add up", [numKinds]kindState{
			BookFiles: {done: 2, total: 4, active: 10 * sec},
			Pages:     {done: 100, total: 200, active: sec}}, 11 * sec, true},
		{"a kind not yet measured hides the estimate", [numKinds]kindState{
			BookFiles: {done: 2, total: 4, active: 10 * sec},
			Pages:     {done: 0, total: 200, active: 0}}, 0, false},
	} {
		got, known := timeLeft(state{kinds: tc.kinds})
		if known != tc.known || got != tc.want {
			t.Errorf("%s: timeLeft = %v, %v; want %v, %v", tc.name, got, known, tc.want, tc.known)
		}
	}
}

func TestAppendLine(t *testing.T) {
	for _, tc := range []struct {
		s    state
		want string
	}{
		{state{elapsed: 700 * time.Millisecond}, "building: 0.7 s"},
		{state{elapsed: 2100 * time.Millisecond, kinds: [numKinds]kindState{
			Pages:     {done: 3412, total: 8210, active: 2 * time.Second},
			BookFiles: {done: 1, total: 2, active: 2 * time.Second}}},
			// pages: 2 s × 4,798/3,412 = 2.8 s; books: 2 s × 1/1 = 2 s.
			"building: 3,412/8,210 pages · 1/2 book files · 2.1 s, about 5 s left"},
		{state{elapsed: 95 * time.Second, kinds: [numKinds]kindState{
			Pages: {done: 1_234_567, total: 1_234_568, active: 95 * time.Second}}},
			"building: 1,234,567/1,234,568 pages · 1 min 35 s, about 1 s left"},
		{state{elapsed: 30 * time.Second, kinds: [numKinds]kindState{
			Pages: {done: 10, total: 100, active: 30 * time.Second}}},
			"building: 10/100 pages · 30.0 s, about 4 min 30 s left"},
		{state{elapsed: 3 * time.Second, kinds: [numKinds]kindState{
			Pages: {done: 12, total: 10, active: time.Second}}},
			"building: 12/12 pages · 3.0 s"},
	} {
		if got := string(appendLine(nil, tc.s)); got != tc.want {
			t.Errorf("line\n%q\nwant\n%q", got, tc.want)
		}
	}
}

func TestAppendGrouped(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 7: "7", 999: "999", 1000: "1,000", 8210: "8,210", 123456: "123,456", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := string(appendGrouped(nil, n)); got != want {
			t.Errorf("appendGrouped(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestCountFile(t *testing.T) {
	m, _, _, _ := fakeMeter(t)
	for _, name := range []string{"/index.html", "/en/tags/go/index.html", "/404.html", "/books/b/b.epub",
		"/books/b/b.pdf", "/books/b/b.a4-booklet.pdf", "/index.xml", "/sitemap.xml", "/css/communs.css", "/robots.txt"} {
		m.CountFile(name)
	}
	if done, _ := m.Count(Pages); done != 3 {
		t.Errorf("pages: %d, want 3", done)
	}
	if done, _ := m.Count(BookFiles); done != 3 {
		t.Errorf("book files: %d, want 3", done)
	}
}

func TestConcurrentAdd(t *testing.T) {
	out := &syncBuffer{}
	// A real ticker drawing fast, so that reads race with the adds.
	m := Start(context.Background(), out, Options{Delay: time.Nanosecond, Interval: time.Millisecond})
	const goroutines, each = 64, 2000
	m.Expect(Pages, goroutines*each)
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if g%2 == 0 {
					m.Add(Pages, 1)
				} else {
					m.CountFile("/p/" + "index.html")
				}
				if i%500 == 0 {
					time.Sleep(time.Millisecond)
				}
			}
		}()
	}
	wg.Wait()
	m.Stop()
	if done, total := m.Count(Pages); done != goroutines*each || total != goroutines*each {
		t.Errorf("counted %d/%d, want %d/%d", done, total, goroutines*each, goroutines*each)
	}
	if got := out.String(); got != "" && !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("the line was not erased at Stop: ends with %q", got[max(0, len(got)-40):])
	}
}

func TestAddAllocatesNothing(t *testing.T) {
	m, _, _, _ := fakeMeter(t)
	if n := testing.AllocsPerRun(1000, func() { m.Add(Pages, 1); m.CountFile("/a/index.html") }); n != 0 {
		t.Errorf("Add and CountFile allocate %v times, want 0", n)
	}
}

func TestNilMeter(t *testing.T) {
	var m *Meter
	m.Expect(Pages, 3)
	m.Add(Pages, 1)
	m.CountFile("/index.html")
	m.Stop()
	if done, total := m.Count(Pages); done != 0 || total != 0 {
		t.Errorf("nil meter counted %d/%d", done, total)
	}
}

func TestIsTerminal(t *testing.T) {
	if IsTerminal(&bytes.Buffer{}, "xterm") {
		t.Error("a buffer is no terminal")
	}
	f, err := os.Create(t.TempDir() + "/log")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if IsTerminal(f, "xterm") {
		t.Error("a regular file (a CI log) is no terminal")
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	defer w.Close()
	if IsTerminal(w, "xterm") {
		t.Error("a pipe is no terminal")
	}
	// /dev/null is a character device, as a terminal is: the one at hand
	// in a test.
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	defer null.Close()
	if !IsTerminal(null, "xterm-256color") {
		t.Error("a character device should get the line")
	}
	if IsTerminal(null, "dumb") {
		t.Error("TERM=dumb should get no line")
	}
}
