package main

// The book bench: the sample book grown to a given length with the
// corpus's articles (internal/corpusgen.GenerateBook), built by
// `communs build` (which writes the EPUB, the reading PDF and the A4 and
// Letter booklets of every book) as a whole command and builder by builder
// (a child process running the builders in process), and by the tools the
// publisher used on the same chapters: pandoc to EPUB, pandoc with xelatex
// to an A5 PDF, pdfjam to an A4 booklet of that PDF.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/communs/communs/internal/corpusgen"
)

// BookResult is the figures of one book.
type BookResult struct {
	Label       string  `json:"label"` // "~50 pages"
	TargetWords int     `json:"target_words"`
	Words       int64   `json:"words"`
	Chapters    int     `json:"chapters"`
	Images      int     `json:"images"`
	GenSeconds  float64 `json:"generated_s"`
	// Pages is the page count of communs' reading PDF, PeerPages that of
	// pandoc + xelatex's (0: unknown).
	Pages     int `json:"pages"`
	PeerPages int `json:"peer_pages,omitempty"`

	// Communs is the whole `communs build` of the book's site (median run
	// by wall time); Outputs its book files.
	Communs      Measurement   `json:"communs"`
	CommunsRuns  []Measurement `json:"communs_runs,omitempty"`
	CommunsError string        `json:"communs_error,omitempty"`
	Outputs      []OutputFile  `json:"outputs,omitempty"`
	// Stages is the same build step by step in one process (each stage's
	// median over the runs), StagesRun that process (median run).
	Stages      []Stage     `json:"stages,omitempty"`
	StagesRun   Measurement `json:"stages_process"`
	StagesError string      `json:"stages_error,omitempty"`
	// Cache is the whole command again with --cache DIR (cache.go).
	Cache *BookCache `json:"communs_cache,omitempty"`

	Peers  []PeerResult `json:"peers"`
	Ratios []BookRatio  `json:"ratios,omitempty"`
}

// OutputFile is a file communs wrote for the book.
type OutputFile struct {
	Kind  string `json:"kind"` // "epub", "pdf", "a4-booklet", "letter-booklet"
	Name  string `json:"name"`
	Bytes int64  `json:"bytes"`
}

// PeerResult is one peer tool's step on the book.
type PeerResult struct {
	Tool    string        `json:"tool"`   // "pandoc", "pandoc+xelatex", "pdfjam"
	Output  string        `json:"output"` // "epub", "pdf", "a4-booklet"
	Command string        `json:"command,omitempty"`
	OK      bool          `json:"ok"`
	Skipped bool          `json:"skipped,omitempty"`
	Error   string        `json:"error,omitempty"`
	Note    string        `json:"note,omitempty"`
	Run     Measurement   `json:"run"` // the median run, by wall time
	Runs    []Measurement `json:"runs,omitempty"`
	Bytes   int64         `json:"bytes,omitempty"`
}

// BookRatio compares communs with the peers on one output, or all.
type BookRatio struct {
	Output       string  `json:"output"` // "epub", "pdf", "booklets", "all"
	CommunsWall  float64 `json:"communs_wall_s"`
	PeerWall     float64 `json:"peer_wall_s"`
	Wall         float64 `json:"wall"` // communs / peer
	CommunsCPU   float64 `json:"communs_cpu_s"`
	PeerCPU      float64 `json:"peer_cpu_s"`
	CPU          float64 `json:"cpu"`
	CommunsWhat  string  `json:"communs_what"`
	PeerWhat     string  `json:"peer_what"`
	TimesFaster  float64 `json:"times_faster"` // peer / communs, wall
	CPUTimesLess float64 `json:"cpu_times_less"`
}

// bookLabel names a book by its page count.
func bookLabel(pages int, words int) string {
	if pages > 0 {
		return fmt.Sprintf("%d pages", pages)
	}
	return fmt.Sprintf("%d words", words)
}

// runBook generates and measures one book of about words words.
func runBook(env *Env, o *options, words int) BookResult {
	r := BookResult{TargetWords: words}
	dir := filepath.Join(env.WorkDir, fmt.Sprintf("book-%d", words))
	site := filepath.Join(dir, "site")
	start := time.Now()
	b, err := corpusgen.GenerateBook(o.corpus, site, corpusgen.BookOptions{Words: words, Sample: o.sample})
	r.GenSeconds = time.Since(start).Seconds()
	if err != nil {
		r.CommunsError = "generating the book: " + err.Error()
		return r
	}
	defer func() {
		if !o.keep {
			os.RemoveAll(dir)
		}
	}()
	r.Words, r.Chapters, r.Images = b.Words, len(b.Chapters), b.Images

	// communs: the whole command, then builder by builder.
	if env.communsErr != nil {
		r.CommunsError = "not built: " + env.communsErr.Error()
	} else {
		var runs []Measurement
		var stages [][]Stage
		var stageRuns []Measurement
		for i := 0; i < o.bookRuns; i++ {
			dest := filepath.Join(dir, fmt.Sprintf("communs-%d", i+1))
			m, err := measure(exec.Command(env.communs, "build", "--source", site, "--dest", dest, "--quiet"))
			if err != nil {
				r.CommunsError = err.Error()
				break
			}
			runs = append(runs, m)
			if i == 0 {
				r.Outputs = bookOutputs(dest, b.Slug)
				for _, f := range r.Outputs {
					if f.Kind == "pdf" {
						r.Pages = pdfPages(f.Name)
					}
				}
			}
			var so StagesOutput
			sdest := filepath.Join(dir, fmt.Sprintf("stages-%d", i+1))
			sm, err := runChildJSON(&so, "stages", site, sdest)
			os.RemoveAll(sdest)
			if err != nil {
				r.StagesError = err.Error()
				continue
			}
			stages = append(stages, so.Stages)
			stageRuns = append(stageRuns, sm)
		}
		if len(runs) > 0 {
			r.Communs, r.CommunsRuns = median(runs), runs
		}
		if len(stages) > 0 {
			r.Stages, r.StagesRun = medianStages(stages), median(stageRuns)
		}
		if r.CommunsError == "" {
			r.Cache = runBookCache(env, b, site, filepath.Join(dir, "with-cache"), o.bookRuns)
		}
	}
	r.Label = bookLabel(r.Pages, words)

	// The peers, on the same chapters.
	r.Peers = runPeers(env, o, b, filepath.Join(dir, "peers"), &r)
	r.Ratios = bookRatios(&r)
	return r
}

// median is the run of median wall time.
func median(ms []Measurement) Measurement {
	s := append([]Measurement(nil), ms...)
	sort.SliceStable(s, func(i, j int) bool { return s[i].WallSeconds < s[j].WallSeconds })
	return s[(len(s)-1)/2]
}

// medianStages takes each stage's median wall time (and the CPU time of
// that run) over the runs.
func medianStages(runs [][]Stage) []Stage {
	var out []Stage
	for i, st := range runs[0] {
		var all []Stage
		for _, r := range runs {
			if i < len(r) && r[i].Name == st.Name {
				all = append(all, r[i])
			}
		}
		sort.SliceStable(all, func(a, b int) bool { return all[a].WallSeconds < all[b].WallSeconds })
		out = append(out, all[(len(all)-1)/2])
	}
	return out
}

// bookOutputs finds the book's files in a built site.
func bookOutputs(dest, slug string) []OutputFile {
	kinds := map[string]string{
		slug + ".epub": "epub", slug + ".pdf": "pdf",
		slug + ".a4-booklet.pdf": "a4-booklet", slug + ".letter-booklet.pdf": "letter-booklet",
	}
	var out []OutputFile
	filepath.WalkDir(dest, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		if k, ok := kinds[d.Name()]; ok {
			info, _ := d.Info()
			out = append(out, OutputFile{Kind: k, Name: p, Bytes: info.Size()})
		}
		return nil
	})
	order := map[string]int{"epub": 0, "pdf": 1, "a4-booklet": 2, "letter-booklet": 3}
	sort.Slice(out, func(i, j int) bool { return order[out[i].Kind] < order[out[j].Kind] })
	return out
}

var pdfPageRE = regexp.MustCompile(`/Type\s*/Page[^s]`)

// pdfPages counts the pages of a PDF: pdfinfo's count when installed,
// else the page objects of an uncompressed file (communs' PDFs).
func pdfPages(path string) int {
	if out, err := exec.Command("pdfinfo", path).Output(); err == nil {
		for _, line := range strings.Split(string(out), "\n") {
			if v, ok := strings.CutPrefix(line, "Pages:"); ok {
				n, _ := strconv.Atoi(strings.TrimSpace(v))
				return n
			}
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	return len(pdfPageRE.FindAll(data, -1))
}

// bookFront is what the peers need of the book's front page.
type bookFront struct {
	Title    string   `toml:"title"`
	Subtitle string   `toml:"subtitle"`
	Authors  []string `toml:"authors"`
	Cover    string   `toml:"cover"`
	Body     []byte   `toml:"-"`
}

// splitFrontMatter parses a page's TOML front matter into v and returns
// the body.
func splitFrontMatter(src []byte, v any) ([]byte, error) {
	s := bytes.TrimPrefix(src, []byte("\ufeff"))
	s = bytes.ReplaceAll(s, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(s, []byte("+++\n")) {
		return s, nil
	}
	fm, body, ok := bytes.Cut(s[4:], []byte("\n+++\n"))
	if !ok {
		return nil, fmt.Errorf("unterminated front matter")
	}
	if _, err := toml.Decode(string(fm), v); err != nil {
		return nil, err
	}
	return body, nil
}

var (
	noteRE  = regexp.MustCompile(`\[\^([^\]\s]+)\]`)
	imageRE = regexp.MustCompile(`(!\[[^\]]*\]\()(<?)([^)\s>]+)`)
)

// pandocSource is the book as one Markdown file for pandoc: a YAML
// metadata block from the front page, its introduction, then each
// chapter as a level-1 heading followed by its body, its footnote labels
// made unique to it (pandoc reads all chapters as one document) and its
// images' paths made relative to the book's folder.
func pandocSource(b *corpusgen.Book) ([]byte, *bookFront, error) {
	var front bookFront
	src, err := os.ReadFile(filepath.Join(b.Dir, "_index.md"))
	if err != nil {
		if src, err = os.ReadFile(filepath.Join(b.Dir, "_index."+b.Lang+".md")); err != nil {
			return nil, nil, err
		}
	}
	if front.Body, err = splitFrontMatter(src, &front); err != nil {
		return nil, nil, fmt.Errorf("_index.md: %v", err)
	}
	var out bytes.Buffer
	q := func(s string) string { j, _ := json.Marshal(s); return string(j) } // JSON strings are YAML
	out.WriteString("---\n")
	fmt.Fprintf(&out, "title: %s\n", q(front.Title))
	if front.Subtitle != "" {
		fmt.Fprintf(&out, "subtitle: %s\n", q(front.Subtitle))
	}
	if len(front.Authors) > 0 {
		out.WriteString("author:\n")
		for _, a := range front.Authors {
			fmt.Fprintf(&out, "- %s\n", q(a))
		}
	}
	fmt.Fprintf(&out, "lang: %s\n---\n\n", b.Lang)
	if body := bytes.TrimSpace(front.Body); len(body) > 0 {
		out.Write(body)
		out.WriteString("\n\n")
	}
	for i, ch := range b.Chapters {
		src, err := os.ReadFile(filepath.Join(b.Dir, filepath.FromSlash(ch.File)))
		if err != nil {
			return nil, nil, err
		}
		var fm struct{}
		body, err := splitFrontMatter(src, &fm)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %v", ch.File, err)
		}
		prefix := fmt.Sprintf("c%d-", i+1)
		body = noteRE.ReplaceAll(body, []byte("[^"+prefix+"$1]"))
		if d := pathDir(ch.File); d != "" {
			body = imageRE.ReplaceAllFunc(body, func(m []byte) []byte {
				sub := imageRE.FindSubmatch(m)
				dest := string(sub[3])
				if strings.Contains(dest, ":") || strings.HasPrefix(dest, "/") || strings.HasPrefix(dest, "#") {
					return m
				}
				return []byte(string(sub[1]) + string(sub[2]) + d + "/" + dest)
			})
		}
		fmt.Fprintf(&out, "# %s\n\n", ch.Title)
		out.Write(bytes.TrimSpace(body))
		out.WriteString("\n\n")
	}
	return out.Bytes(), &front, nil
}

func pathDir(slashPath string) string {
	if i := strings.LastIndexByte(slashPath, '/'); i >= 0 {
		return slashPath[:i]
	}
	return ""
}

// gentium is the font communs embeds, for xelatex when it is installed.
const gentium = "Gentium Book Plus"

func fontInstalled(family string) bool {
	out, err := exec.Command("fc-list", ":family="+family, "family").Output()
	return err == nil && len(bytes.TrimSpace(out)) > 0
}

// runPeers runs pandoc (EPUB), pandoc + xelatex (A5 PDF) and pdfjam (A4
// and Letter booklets of that PDF: communs writes both) on the book, each
// -peer-runs times.
func runPeers(env *Env, o *options, b *corpusgen.Book, dir string, r *BookResult) []PeerResult {
	epubR := PeerResult{Tool: "pandoc", Output: "epub"}
	pdfR := PeerResult{Tool: "pandoc+xelatex", Output: "pdf"}
	jamR := PeerResult{Tool: "pdfjam", Output: "a4-booklet"}
	letterR := PeerResult{Tool: "pdfjam", Output: "letter-booklet"}
	fail := func(err error) []PeerResult {
		for _, p := range []*PeerResult{&epubR, &pdfR, &jamR, &letterR} {
			p.Error = err.Error()
		}
		return []PeerResult{epubR, pdfR, jamR, letterR}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fail(err)
	}
	md, front, err := pandocSource(b)
	if err != nil {
		return fail(fmt.Errorf("preparing pandoc's input: %v", err))
	}
	in := filepath.Join(dir, "book.md")
	if err := os.WriteFile(in, md, 0o644); err != nil {
		return fail(err)
	}
	run := func(p *PeerResult, out string, args ...string) {
		p.Command = shellLine(args)
		var runs []Measurement
		for i := 0; i < o.peerRuns; i++ {
			os.Remove(out)
			cmd := exec.Command(args[0], args[1:]...)
			cmd.Dir = b.Dir // the images' paths are relative to the book's folder
			m, err := measure(cmd)
			if err != nil {
				p.Run, p.Error = m, err.Error()
				return
			}
			runs = append(runs, m)
		}
		p.Run = median(runs)
		if len(runs) > 1 {
			p.Runs = runs
		}
		info, err := os.Stat(out)
		if err != nil {
			p.Error = "no output: " + err.Error()
			return
		}
		p.OK, p.Bytes = true, info.Size()
	}

	// pandoc → EPUB, with the cover and a table of contents, as communs'.
	epubOut := filepath.Join(dir, b.Slug+".epub")
	if env.peers["pandoc"] == "" {
		epubR.Skipped, epubR.Error = true, "pandoc "+env.missing["pandoc"]
	} else {
		args := []string{env.peers["pandoc"], in, "-f", "markdown", "-o", epubOut, "--toc", "--resource-path", b.Dir}
		if front.Cover != "" {
			args = append(args, "--epub-cover-image", front.Cover)
		}
		run(&epubR, epubOut, args...)
	}

	// pandoc + xelatex → an A5 PDF: chapters as in communs' book, a table
	// of contents, French typography (polyglossia), the same font.
	pdfOut := filepath.Join(dir, b.Slug+".pdf")
	switch {
	case env.peers["pandoc"] == "":
		pdfR.Skipped, pdfR.Error = true, "pandoc "+env.missing["pandoc"]
	case env.peers["xelatex"] == "":
		pdfR.Skipped, pdfR.Error = true, "xelatex "+env.missing["xelatex"]
	default:
		args := []string{env.peers["pandoc"], in, "-f", "markdown", "-o", pdfOut, "--pdf-engine", env.peers["xelatex"],
			"--toc", "--top-level-division=chapter", "--resource-path", b.Dir,
			"-V", "documentclass=book", "-V", "classoption=openany",
			"-V", "geometry:a5paper", "-V", "geometry:margin=15mm", "-V", "lang=" + b.Lang}
		if env.gentium {
			args = append(args, "-V", "mainfont="+gentium)
		} else {
			pdfR.Note = gentium + " not installed (apt-get install fonts-sil-gentiumplus): xelatex's default font"
		}
		run(&pdfR, pdfOut, args...)
		if pdfR.OK {
			r.PeerPages = pdfPages(pdfOut)
		}
	}

	// pdfjam → the A4 and the Letter booklets of that PDF (communs'
	// reading PDF when there is none), as communs writes both: pdfjam
	// scales the A5 pages to half-Letter, where communs sets the book
	// again for that page.
	jamIn := pdfOut
	if !pdfR.OK {
		jamIn = ""
		for _, f := range r.Outputs {
			if f.Kind == "pdf" {
				jamIn = f.Name
				jamR.Note = "imposing communs' reading PDF (no pandoc PDF)"
				letterR.Note = jamR.Note
			}
		}
	}
	for _, j := range []struct {
		r     *PeerResult
		paper string
	}{{&jamR, "--a4paper"}, {&letterR, "--letterpaper"}} {
		switch {
		case env.peers["pdfjam"] == "":
			j.r.Skipped, j.r.Error = true, "pdfjam "+env.missing["pdfjam"]
		case jamIn == "":
			j.r.Error = "no PDF to impose"
		default:
			out := filepath.Join(dir, b.Slug+"."+j.r.Output+".pdf")
			run(j.r, out, env.peers["pdfjam"], "--booklet", "true", "--landscape", j.paper, "--outfile", out, jamIn)
		}
	}
	if !o.keep {
		os.RemoveAll(dir)
	}
	return []PeerResult{epubR, pdfR, jamR, letterR}
}

// shellLine quotes a command for the JSON.
func shellLine(args []string) string {
	var b strings.Builder
	for i, a := range args {
		if i > 0 {
			b.WriteByte(' ')
		}
		if a == "" || strings.ContainsAny(a, " '\"$&;|<>()*?[]#~`\\") {
			b.WriteString("'" + strings.ReplaceAll(a, "'", `'\''`) + "'")
		} else {
			b.WriteString(a)
		}
	}
	return b.String()
}

// stage returns the stage named name.
func stage(stages []Stage, names ...string) (Stage, bool) {
	var s Stage
	found := false
	for _, st := range stages {
		for _, n := range names {
			if st.Name == n {
				s.Name = strings.Join(names, "+")
				s.WallSeconds += st.WallSeconds
				s.CPUSeconds += st.CPUSeconds
				found = true
			}
		}
	}
	return s, found
}

// bookRatios compares communs with the peers output by output (communs'
// builder alone, from the stages), and as a whole (the whole command
// against the three peers' steps together).
func bookRatios(r *BookResult) []BookRatio {
	var out []BookRatio
	add := func(output, cWhat, pWhat string, cw, cc, pw, pc float64) {
		out = append(out, BookRatio{Output: output, CommunsWall: cw, PeerWall: pw, CommunsCPU: cc, PeerCPU: pc,
			Wall: div(cw, pw), CPU: div(cc, pc), TimesFaster: div(pw, cw), CPUTimesLess: div(pc, cc),
			CommunsWhat: cWhat, PeerWhat: pWhat})
	}
	peer := map[string]PeerResult{}
	for _, p := range r.Peers {
		peer[p.Output] = p
	}
	// Both booklets, as communs' booklets builder writes them.
	if a4, letter := peer["a4-booklet"], peer["letter-booklet"]; a4.OK && letter.OK {
		both := PeerResult{Tool: "pdfjam ×2", OK: true}
		both.Run.WallSeconds = a4.Run.WallSeconds + letter.Run.WallSeconds
		both.Run.CPUSeconds = a4.Run.CPUSeconds + letter.Run.CPUSeconds
		peer["booklets"] = both
	}
	for _, c := range []struct{ output, stage, what, peer string }{
		{"epub", "epub", "EPUB builder", "epub"},
		{"pdf", "pdf", "reading-PDF builder", "pdf"},
		{"booklets", "impose", "booklets builder (A4 and Letter, each typeset)", "booklets"},
	} {
		st, ok := stage(r.Stages, c.stage)
		p := peer[c.peer]
		if ok && p.OK {
			add(c.output, c.what, p.Tool, st.WallSeconds, st.CPUSeconds, p.Run.WallSeconds, p.Run.CPUSeconds)
		}
	}
	if r.Communs.WallSeconds > 0 {
		var pw, pc float64
		var what []string
		for _, p := range r.Peers {
			if !p.OK {
				return out // all the steps or no total
			}
			pw += p.Run.WallSeconds
			pc += p.Run.CPUSeconds
			what = append(what, p.Tool)
		}
		add("all", "communs build (whole command)", strings.Join(what, " + "), r.Communs.WallSeconds, r.Communs.CPUSeconds, pw, pc)
	}
	return out
}
