// Package progress counts the work of a long build and draws it as one
// status line on a terminal:
//
//	building: 3,412/8,210 pages · 5/8 book files · 2.1 s, about 3 s left
//
// Builders count from many goroutines at once, so counting is an atomic
// add; only a ticker goroutine reads the counters and draws. Every method
// works on a nil *Meter and does nothing, so that code can count without
// asking whether anyone is watching.
package progress

import (
	"context"
	"io"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// Kind is a kind of work the line counts.
type Kind int

const (
	Pages     Kind = iota // HTML pages
	BookFiles             // EPUB and PDF files of books and articles
	numKinds
)

var labels = [numKinds]string{Pages: "pages", BookFiles: "book files"}

const (
	// DefaultDelay: builds shorter than this draw nothing, so that a small
	// site does not flicker a line that is erased at once.
	DefaultDelay = 500 * time.Millisecond
	// DefaultInterval between drawings: often enough to look alive, rarely
	// enough to cost nothing.
	DefaultInterval = 150 * time.Millisecond
	// minMeasure is how long a kind of work must have been under way for
	// its rate to give an estimate: the first pages written say little.
	minMeasure = 500 * time.Millisecond
	// clearLine erases from the cursor to the end of the line (ANSI EL).
	clearLine = "\x1b[K"
)

// Options tune a Meter; the zero value is what communs build uses.
type Options struct {
	Delay    time.Duration // nothing is drawn before; 0 means DefaultDelay
	Interval time.Duration // between drawings; 0 means DefaultInterval
	// Now is the clock; nil means time.Now. Ticks, when set, replaces the
	// ticker: each time received is the moment to draw at. Both are for
	// tests, which draw at the moments they choose.
	Now   func() time.Time
	Ticks <-chan time.Time
}

// counter is one kind's work. begin is when the kind's work began, in
// nanoseconds on the meter's clock since its start, plus one so that zero
// means "not begun".
type counter struct {
	done, total, begin atomic.Int64
}

// Meter counts work and draws the status line until stopped.
type Meter struct {
	w      io.Writer
	now    func() time.Time
	start  time.Time
	delay  time.Duration
	counts [numKinds]counter
	cancel context.CancelFunc
	done   chan struct{}
}

// Start starts drawing on w (stderr) and returns the meter. The line is
// erased, and drawing ends, at Stop or when ctx is done (an interrupted
// build), whichever comes first.
func Start(ctx context.Context, w io.Writer, o Options) *Meter {
	if o.Delay <= 0 {
		o.Delay = DefaultDelay
	}
	if o.Interval <= 0 {
		o.Interval = DefaultInterval
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	m := &Meter{w: w, now: o.Now, start: o.Now(), delay: o.Delay, done: make(chan struct{})}
	ctx, m.cancel = context.WithCancel(ctx)
	ticks := o.Ticks
	var stopTicker func()
	if ticks == nil {
		t := time.NewTicker(o.Interval)
		ticks, stopTicker = t.C, t.Stop
	}
	go func() {
		defer close(m.done)
		if stopTicker != nil {
			defer stopTicker()
		}
		m.draw(ctx, ticks)
	}()
	return m
}

// Stop erases the line, if one was drawn, and returns once the drawing
// goroutine has ended: what the caller prints next starts on a clean line.
// It may be called more than once.
func (m *Meter) Stop() {
	if m == nil {
		return
	}
	m.cancel()
	<-m.done
}

// Expect announces n more units of work of kind k, to be counted by Add.
// Until the first unit is counted, it also marks the kind's work as
// beginning now, for the estimate of time left: call it where that work
// starts.
func (m *Meter) Expect(k Kind, n int) {
	if m == nil || k < 0 || k >= numKinds || n <= 0 {
		return
	}
	c := &m.counts[k]
	c.total.Add(int64(n))
	if c.done.Load() == 0 {
		c.begin.Store(int64(m.now().Sub(m.start)) + 1)
	}
}

// Add counts n units of kind k done. It is an atomic add: no lock, no
// allocation.
func (m *Meter) Add(k Kind, n int) {
	if m == nil || k < 0 || k >= numKinds {
		return
	}
	m.counts[k].done.Add(int64(n))
}

// CountFile counts an output file by its name: an .html file is a page,
// an .epub or .pdf a book file; other files are not counted.
func (m *Meter) CountFile(name string) {
	if m == nil {
		return
	}
	switch {
	case strings.HasSuffix(name, ".html"):
		m.Add(Pages, 1)
	case strings.HasSuffix(name, ".epub"), strings.HasSuffix(name, ".pdf"):
		m.Add(BookFiles, 1)
	}
}

// Count tells how much of kind k is done, and how much was announced.
func (m *Meter) Count(k Kind) (done, total int) {
	if m == nil || k < 0 || k >= numKinds {
		return 0, 0
	}
	return int(m.counts[k].done.Load()), int(m.counts[k].total.Load())
}

// IsTerminal tells whether the line can be drawn on w: w is a character
// device (a terminal, or /dev/null where drawing is harmless) and the
// terminal type term (the TERM variable) is not "dumb", which cannot move
// the cursor back. Pipes and files, such as CI logs, get no line.
func IsTerminal(w io.Writer, term string) bool {
	f, ok := w.(*os.File)
	if !ok || term == "dumb" {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&fs.ModeCharDevice != 0
}

// draw redraws the line at each tick until ctx is done, then erases it.
func (m *Meter) draw(ctx context.Context, ticks <-chan time.Time) {
	drawn, broken := false, false
	var buf []byte
	for {
		select {
		case <-ctx.Done():
			if drawn && !broken {
				io.WriteString(m.w, "\r"+clearLine)
			}
			return
		case now := <-ticks:
			if broken || now.Sub(m.start) < m.delay {
				continue
			}
			buf = append(buf[:0], '\r')
			buf = appendLine(buf, m.snapshot(now))
			buf = append(buf, clearLine...)
			// A stderr that cannot be written to gets no more lines; the
			// build goes on.
			if _, err := m.w.Write(buf); err != nil {
				broken = true
			}
			drawn = true
		}
	}
}

// state is what one drawing shows.
type state struct {
	elapsed time.Duration
	kinds   [numKinds]kindState
}

type kindState struct {
	done, total int64
	active      time.Duration // how long the kind has been under way; 0 before
}

func (m *Meter) snapshot(now time.Time) state {
	s := state{elapsed: now.Sub(m.start)}
	for k := range m.counts {
		c := &m.counts[k]
		ks := kindState{done: c.done.Load(), total: c.total.Load()}
		if b := c.begin.Load(); b > 0 {
			ks.active = s.elapsed - time.Duration(b-1)
		}
		s.kinds[k] = ks
	}
	return s
}

// timeLeft estimates the time the announced work still takes: for each
// kind, its remaining units at the rate of those done since it began. Kinds
// run one after the other (the books, then the pages), each at its own
// pace, so one overall rate would mislead. No estimate while a kind with
// work left has not been measured long enough.
func timeLeft(s state) (time.Duration, bool) {
	var left float64
	known := false
	for _, k := range s.kinds {
		remaining := k.total - k.done
		if remaining <= 0 {
			continue
		}
		if k.done == 0 || k.active < minMeasure {
			return 0, false
		}
		left += float64(k.active) * float64(remaining) / float64(k.done)
		known = true
	}
	return time.Duration(left), known
}

// appendLine appends the status line without its control characters.
func appendLine(b []byte, s state) []byte {
	b = append(b, "building: "...)
	for k, ks := range s.kinds {
		if ks.total == 0 && ks.done == 0 {
			continue
		}
		// Files nobody announced (a theme's .html asset) are counted all
		// the same: never show more done than expected.
		total := max(ks.total, ks.done)
		b = appendGrouped(b, ks.done)
		b = append(b, '/')
		b = appendGrouped(b, total)
		b = append(b, ' ')
		b = append(b, labels[k]...)
		b = append(b, " · "...)
	}
	b = appendElapsed(b, s.elapsed)
	if left, ok := timeLeft(s); ok {
		b = append(b, ", about "...)
		b = appendLeft(b, left)
		b = append(b, " left"...)
	}
	return b
}

// appendGrouped appends n with thousands separated by commas: 8,210.
func appendGrouped(b []byte, n int64) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	var digits [20]byte
	d := strconv.AppendInt(digits[:0], n, 10)
	for i, c := range d {
		if i > 0 && (len(d)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, c)
	}
	return b
}

// appendElapsed appends a time taken: 2.1 s, then 1 min 05 s.
func appendElapsed(b []byte, d time.Duration) []byte {
	if d < time.Minute {
		b = strconv.AppendFloat(b, d.Seconds(), 'f', 1, 64)
		return append(b, " s"...)
	}
	return appendMinutes(b, int64(d/time.Second))
}

// appendLeft appends a time left, rounded up to the second: an estimate
// has no tenths, and "0 s left" would be a lie while work remains.
func appendLeft(b []byte, d time.Duration) []byte {
	secs := int64((d + time.Second - 1) / time.Second)
	if secs < 60 {
		b = strconv.AppendInt(b, secs, 10)
		return append(b, " s"...)
	}
	return appendMinutes(b, secs)
}

func appendMinutes(b []byte, secs int64) []byte {
	b = strconv.AppendInt(b, secs/60, 10)
	b = append(b, " min "...)
	if secs%60 < 10 {
		b = append(b, '0')
	}
	b = strconv.AppendInt(b, secs%60, 10)
	return append(b, " s"...)
}
