package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"net/http"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/communs/communs/internal/build"
	"github.com/communs/communs/internal/site"
)

// Edit is a kind of edit of a page's Markdown, as MeasureEdits makes them.
type Edit string

const (
	EditTitle Edit = "title" // another title
	EditBody  Edit = "body"  // a paragraph added at the end
	EditTags  Edit = "tags"  // a new tag: a new term page, the page moves in lists
	EditDate  Edit = "date"  // another day: the page moves to another URL
	// EditImage saves another picture over the first image the page
	// shows, of another width: the page is served again with it.
	EditImage Edit = "image"
)

// Latency is what MeasureReload found, for one kind of edit.
type Latency struct {
	Edit  Edit
	Saves int
	// SaveToEvent are the times from a save (the rename of the new file
	// over the old one) to the reload event read by a page, in order.
	SaveToEvent []time.Duration
	// SaveToServed are the times from a save to the first answer of the
	// page's URL that shows the edit, polled over HTTP; none for a date
	// edit, which moves the page.
	SaveToServed []time.Duration
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

// ServedMedian is the median of SaveToServed.
func (l *Latency) ServedMedian() time.Duration { return quantile(l.SaveToServed, 0.5) }

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
	return fmt.Sprintf("%d pages, first build %d ms; %d %s edits: save→reload event median %.1f ms, p90 %.1f ms, max %.1f ms; save→served median %.1f ms (rebuild itself median %.1f ms; kinds %v)",
		l.Pages, l.FirstBuild.Milliseconds(), l.Saves, l.Edit, ms(l.Median()), ms(l.P90()), ms(l.Max()), ms(l.ServedMedian()), ms(l.BuildMedian()), modes)
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

var (
	titleLine = regexp.MustCompile(`(?m)^(title\s*[=:]\s*"?)`)
	tagsLine  = regexp.MustCompile(`(?m)^(tags\s*[=:]\s*\[)`)
	dateLine  = regexp.MustCompile(`(?m)^(date\s*[=:]\s*"?)(\d{4}-\d{2}-\d{2})`)
)

// EditText is the Markdown text orig after the n-th edit of a kind, and
// a word the page shows once it is rebuilt ("" for a date edit).
func EditText(orig []byte, kind Edit, n int) ([]byte, string, error) {
	switch kind {
	case EditTitle:
		if !titleLine.Match(orig) {
			return nil, "", errors.New("no title line")
		}
		mark := fmt.Sprintf("Edition%d", n)
		return titleLine.ReplaceAll(orig, []byte("${1}"+mark+" ")), mark, nil
	case EditBody:
		mark := fmt.Sprintf("Paragraphe%d", n)
		text := bytes.TrimRight(orig, "\n")
		return fmt.Appendf(text, "\n\n%s, ajouté par le banc d’essai.\n", mark), mark, nil
	case EditTags:
		mark := fmt.Sprintf("Essai%d", n)
		if tagsLine.Match(orig) {
			return tagsLine.ReplaceAll(orig, []byte(`${1}"`+mark+`", `)), mark, nil
		}
		loc := titleLine.FindIndex(orig)
		if loc == nil || !bytes.HasPrefix(orig, []byte("+++")) {
			return nil, "", errors.New("no tags line, and no TOML front matter to add one to")
		}
		eol := bytes.IndexByte(orig[loc[1]:], '\n')
		if eol < 0 {
			return nil, "", errors.New("a front matter of one line")
		}
		at := loc[1] + eol + 1
		return append(append(append([]byte(nil), orig[:at]...), `tags = ["`+mark+`"]`+"\n"...), orig[at:]...), mark, nil
	case EditDate:
		m := dateLine.FindSubmatchIndex(orig)
		if m == nil {
			return nil, "", errors.New("no date line")
		}
		d, err := time.Parse("2006-01-02", string(orig[m[4]:m[5]]))
		if err != nil {
			return nil, "", err
		}
		day := d.AddDate(0, 0, -n).Format("2006-01-02")
		return append(append(append([]byte(nil), orig[:m[4]]...), day...), orig[m[5]:]...), "", nil
	}
	return nil, "", fmt.Errorf("unknown edit %q", kind)
}

// EditOptions are MeasureEdits' knobs.
type EditOptions struct {
	// InPlace saves by writing into the file itself rather than renaming
	// a new file over it.
	InPlace bool
	// CPUProfile, when set, receives a CPU profile (pprof) of the edits,
	// the first build left out.
	CPUProfile io.Writer
}

// shownImage is the file of the first PNG or JPEG image of p's bundle
// that its text shows, "" when none.
func shownImage(p *site.Page) string {
	for _, r := range p.Resources {
		switch strings.ToLower(path.Ext(r.Name)) {
		case ".png", ".jpg", ".jpeg":
			if bytes.Contains(p.Body, []byte("("+r.Name)) {
				return r.Abs
			}
		}
	}
	return ""
}

// EditPicture is the n-th picture saved over the image file name (a PNG,
// or a JPEG by its extension): 1000+n pixels wide, one high; and the
// attribute the page shows once it is rebuilt with it.
func EditPicture(name string, n int) ([]byte, string, error) {
	w := 1000 + n
	img := image.NewGray(image.Rect(0, 0, w, 1))
	var buf bytes.Buffer
	var err error
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jpg", ".jpeg":
		err = jpeg.Encode(&buf, img, nil)
	default:
		err = png.Encode(&buf, img)
	}
	return buf.Bytes(), fmt.Sprintf(`width="%d"`, w), err
}

// MeasureReload serves the site in src (which it edits: give it a copy),
// listens to the reload events as a page does, and saves file (a page's
// Markdown) saves times, each time with another title; it measures the
// time from each save to the reload event. Each save waits for the
// previous event. A save is an editor's atomic one (a temporary file
// renamed over the page), or with inPlace a write into the file itself,
// which the watcher gives more time to end (Options.Debounce).
func MeasureReload(ctx context.Context, src, file string, saves int, inPlace bool) (*Latency, error) {
	ls, err := MeasureEdits(ctx, src, file, []Edit{EditTitle}, saves, EditOptions{InPlace: inPlace})
	if err != nil {
		return nil, err
	}
	return ls[0], nil
}

// MeasureEdits is MeasureReload for each kind of edit in turn, on one
// server: saves edits of each kind, the file put back as it was between
// kinds and at the end. Besides the reload event, it times when the
// page's URL first serves the edit.
func MeasureEdits(ctx context.Context, src, file string, edits []Edit, saves int, o EditOptions) ([]*Latency, error) {
	inPlace := o.InPlace
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ready := make(chan string, 1)
	type built struct {
		u    *build.Update
		sent time.Time
	}
	builds := make(chan built, 16)
	var first time.Duration
	var srv *server
	startT := time.Now()
	so := Options{Source: src, Port: 0, PortSet: true,
		Ready: func(u string) { first = time.Since(startT); ready <- u },
		Rebuilt: func(_ []string, u *build.Update, sent time.Time) {
			select {
			case builds <- built{u, sent}:
			default:
			}
		},
		hook: func(s *server) { srv = s },
	}
	done := make(chan error, 1)
	go func() { done <- Run(ctx, so) }()
	var url string
	select {
	case url = <-ready:
	case err := <-done:
		return nil, fmt.Errorf("serve: %v", err)
	}
	defer func() { cancel(); <-done }()
	// The page's address, read before any edit: nothing rebuilds yet.
	abs, _ := filepath.Abs(file)
	pageURL := ""
	var page *site.Page
	if s := srv.sess.Site(); s != nil {
		for _, l := range s.Languages {
			for _, p := range s.Langs[l.Code].All {
				if p.Abs == abs {
					pageURL = strings.TrimSuffix(url, srv.basePath()) + p.RelPermalink
					page = p
				}
			}
		}
	}
	if pageURL == "" {
		return nil, fmt.Errorf("%s is no page of the site", file)
	}
	picture := ""
	if slices.Contains(edits, EditImage) {
		if picture = shownImage(page); picture == "" {
			return nil, fmt.Errorf("%s shows no PNG or JPEG image of its bundle: no image edit", file)
		}
	}

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
	var origPicture []byte
	if picture != "" {
		if origPicture, err = os.ReadFile(picture); err != nil {
			return nil, err
		}
		defer os.WriteFile(picture, origPicture, 0o644)
	}
	saveTo := func(file string, data []byte) (time.Time, error) {
		if inPlace {
			t0 := time.Now()
			return t0, os.WriteFile(file, data, 0o644)
		}
		tmp := filepath.Join(filepath.Dir(file), "."+filepath.Base(file)+".tmp")
		if err := os.WriteFile(tmp, data, 0o644); err != nil {
			return time.Time{}, err
		}
		t0 := time.Now()
		return t0, os.Rename(tmp, file)
	}
	save := func(data []byte) (time.Time, error) { return saveTo(file, data) }
	if o.CPUProfile != nil {
		// After the first build: the profile is the edits'.
		if err := pprof.StartCPUProfile(o.CPUProfile); err != nil {
			return nil, err
		}
		defer pprof.StopCPUProfile()
	}
	var out []*Latency
	for k, kind := range edits {
		if k > 0 {
			// The file as it was, before the next kind.
			restore := func() (time.Time, error) { return save(orig) }
			if edits[k-1] == EditImage {
				restore = func() (time.Time, error) { return saveTo(picture, origPicture) }
			}
			if _, err := restore(); err != nil {
				return nil, err
			}
			if _, _, err := next("reload", 2*time.Minute); err != nil {
				return nil, err
			}
			select { // its rebuild's record, sent after the event
			case <-builds:
			case <-time.After(time.Second):
			}
		}
		l := &Latency{Edit: kind, FirstBuild: first}
		for i := 0; i < saves; i++ {
			var t0 time.Time
			var mark string
			if kind == EditImage {
				var data []byte
				data, mark, err = EditPicture(picture, i+1)
				if err == nil {
					t0, err = saveTo(picture, data)
				}
			} else {
				var data []byte
				data, mark, err = EditText(orig, kind, i+1)
				if err != nil {
					return nil, fmt.Errorf("%s: %s edit: %v", file, kind, err)
				}
				t0, err = save(data)
			}
			if err != nil {
				return nil, err
			}
			served := make(chan time.Time, 1)
			if mark != "" {
				go func() { served <- WaitServed(ctx, pageURL, mark, 2*time.Minute) }()
			}
			_, at, err := next("reload", 2*time.Minute)
			if err != nil {
				return nil, err
			}
			l.SaveToEvent = append(l.SaveToEvent, at.Sub(t0))
			if mark != "" {
				st := <-served
				if st.IsZero() {
					return nil, fmt.Errorf("%s never served the %s edit %q", pageURL, kind, mark)
				}
				l.SaveToServed = append(l.SaveToServed, st.Sub(t0))
			}
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
		out = append(out, l)
	}
	return out, nil
}

// WaitServed polls url until its answer holds mark, and returns when it
// first did; zero when it did not within timeout.
func WaitServed(ctx context.Context, url, mark string, timeout time.Duration) time.Time {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) && ctx.Err() == nil {
		if req, err := http.NewRequestWithContext(ctx, "GET", url, nil); err == nil {
			if resp, err := http.DefaultClient.Do(req); err == nil {
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if bytes.Contains(body, []byte(mark)) {
					return time.Now()
				}
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	return time.Time{}
}
