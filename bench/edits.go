package main

// The preview's edits: the same saves of one article measured on
// communs serve (in a child process, server.MeasureEdits) and on
// `hugo server` when it is installed, from the save to the page's URL
// serving the edit, polled over HTTP.

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/communs/communs/internal/server"
)

// previewEdits are the kinds of edit the preview is measured on.
var previewEdits = []server.Edit{server.EditBody, server.EditTitle, server.EditTags, server.EditDate, server.EditImage}

// PeerEdit is one kind of edit measured on a peer's preview server.
type PeerEdit struct {
	Tool  string `json:"tool"` // "hugo"
	Edit  string `json:"edit"`
	Saves int    `json:"saves"`
	// ServedMedianMS and ServedMaxMS are the times from a save to the
	// page's URL serving the edit.
	ServedMedianMS float64   `json:"served_median_ms"`
	ServedMaxMS    float64   `json:"served_max_ms"`
	SaveToServed   []float64 `json:"save_to_served_ms"`
}

// hugoEdits measures `hugo server` on the Hugo project of the site in
// (the same content): saves edits of each kind to file, each timed until
// the page's URL serves it; a date edit, which moves the page, and an
// image edit (its width, which communs' page shows) are not measured. The file is put back as it was.
func hugoEdits(env *Env, in *Input, file string, saves int) ([]PeerEdit, error) {
	project := filepath.Join(in.WorkDir, "hugo-project")
	if err := writeHugoProject(project, in.SiteDir); err != nil {
		return nil, err
	}
	cfg, err := readSiteConfig(filepath.Join(in.SiteDir, "site.toml"))
	if err != nil {
		return nil, err
	}
	orig, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	defer saveAtomically(file, orig)
	path, err := hugoPath(cfg, file, orig)
	if err != nil {
		return nil, err
	}
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, env.hugo, "server", "-s", project, "--bind", "127.0.0.1", "--port", strconv.Itoa(port),
		"--cacheDir", filepath.Join(in.WorkDir, "hugo-server-cache"))
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 10 * time.Second
	var out tailBuffer
	out.max = 1 << 16
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, err
	}
	defer func() {
		cancel() // stops the server (an interrupt, then a kill)
		cmd.Wait()
	}()
	url := fmt.Sprintf("http://127.0.0.1:%d%s", port, path)
	if !serving(url, 10*time.Minute) {
		return nil, fmt.Errorf("hugo server did not serve %s: %s", url, strings.TrimSpace(out.String()))
	}
	var res []PeerEdit
	for k, kind := range previewEdits {
		if kind == server.EditDate || kind == server.EditImage {
			continue // a page moved; a width Hugo's pages do not show
		}
		if k > 0 {
			if err := saveAtomically(file, orig); err != nil {
				return nil, err
			}
			time.Sleep(time.Second) // the file as it was, rebuilt
		}
		r := PeerEdit{Tool: "hugo", Edit: string(kind)}
		for i := 0; i < saves; i++ {
			data, mark, err := server.EditText(orig, kind, i+1)
			if err != nil {
				return nil, err
			}
			t0, err := saveAt(file, data)
			if err != nil {
				return nil, err
			}
			at := server.WaitServed(ctx, url, mark, 2*time.Minute)
			if at.IsZero() {
				return nil, fmt.Errorf("hugo server never served the %s edit %q at %s", kind, mark, url)
			}
			r.SaveToServed = append(r.SaveToServed, msOf(at.Sub(t0)))
			r.Saves++
			time.Sleep(20 * time.Millisecond)
		}
		r.ServedMedianMS, r.ServedMaxMS = medianMS(r.SaveToServed), maxMS(r.SaveToServed)
		res = append(res, r)
	}
	return res, nil
}

var hugoDate = regexp.MustCompile(`(?m)^date\s*[=:]\s*"?(\d{4})-(\d{2})-(\d{2})`)

// hugoPath is the URL path of an article in the Hugo project: its
// permalinks put articles at /:year/:month/:day/:filename/, languages
// other than the default under /<lang>.
func hugoPath(cfg siteConfig, file string, text []byte) (string, error) {
	m := hugoDate.FindSubmatch(text)
	if m == nil {
		return "", fmt.Errorf("%s has no date", file)
	}
	name := filepath.Base(file) // index.fr.md
	lang := strings.TrimSuffix(strings.TrimPrefix(name, "index."), filepath.Ext(name))
	prefix := ""
	if lang != cfg.DefaultLanguage && lang != "index" {
		prefix = "/" + lang
	}
	return fmt.Sprintf("%s/%s/%s/%s/%s/", prefix, m[1], m[2], m[3], filepath.Base(filepath.Dir(file))), nil
}

// saveAt saves data to file as an editor does, through a new file
// renamed over it, and returns the time of the rename.
func saveAt(file string, data []byte) (time.Time, error) {
	tmp := filepath.Join(filepath.Dir(file), "."+filepath.Base(file)+".tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return time.Time{}, err
	}
	t0 := time.Now()
	return t0, os.Rename(tmp, file)
}

func saveAtomically(file string, data []byte) error {
	_, err := saveAt(file, data)
	return err
}

// serving waits until url answers 200.
func serving(url string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return true
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return false
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	if a, ok := ln.Addr().(*net.TCPAddr); ok {
		return a.Port, nil
	}
	return 0, errors.New("no TCP port")
}

func medianMS(v []float64) float64 { return quantileMS(v, 0.5) }
func maxMS(v []float64) float64    { return quantileMS(v, 1) }

func quantileMS(v []float64, q float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	slices.Sort(s)
	return s[int(q*float64(len(s)-1)+0.5)]
}
