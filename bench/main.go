// Command bench measures communs against the tools it replaces, on sites
// generated from the shared test corpus. Run it from the repository root:
//
//	go run ./bench [-sizes 1000,5000] [-corpus ../shared/corpus] [-runs 1]
//	               [-out bench/out/results.json] [-keep] [-tools communs,hugo]
//	               [-seed 1] [-communs path/to/prebuilt/communs]
//
// For each size it generates a site of that many page bundles
// (internal/corpusgen), builds it cold with `communs build` and, if hugo is on
// PATH, with Hugo (an equivalent config and a minimal theme), and measures
// each child process: wall time, user+sys CPU time, peak RSS, pages written
// (index.html files), pages per second and output size. It prints a table and
// writes the figures as JSON.
//
// Adding a bench: write a function returning []Case (see siteCases) and add
// it to allCases; a Case says how to prepare its input once per size, the
// command of one run, and the figures are taken by measure and scanTree.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/communs/communs/internal/corpusgen"
)

// Env is what the cases share for the whole bench.
type Env struct {
	RepoDir    string
	WorkDir    string // temporary directory holding everything generated
	communs    string // path of the communs binary built for the bench
	communsErr error  // why it could not be built
	hugo       string // path of hugo, or ""
}

// Input is one size: a generated site.
type Input struct {
	Bundles int
	SiteDir string // the generated site tree (site.toml, content/)
	WorkDir string // a directory for this size's setup files
	Stats   corpusgen.Stats
}

// Case is one tool measured by one bench.
type Case struct {
	Bench string // "site"
	Tool  string // "communs", "hugo"
	Unit  string // what is counted in the output: "pages"
	// Available returns why the case cannot run, or nil.
	Available func(*Env) error
	// Setup prepares the input of the case, once per size (optional).
	Setup func(*Env, *Input) error
	// Command is one run writing into the empty directory dest; scratch is an
	// empty directory of its own (caches …), removed after the run.
	Command func(e *Env, in *Input, dest, scratch string) *exec.Cmd
}

// allCases lists every bench; later ones (EPUB, PDF, imposition, preview
// reload) go here.
func allCases() []Case {
	return siteCases()
}

// Result is the figures of one case at one size.
type Result struct {
	Bench          string        `json:"bench"`
	Tool           string        `json:"tool"`
	Bundles        int           `json:"bundles"`
	OK             bool          `json:"ok"`
	Skipped        bool          `json:"skipped,omitempty"`
	Error          string        `json:"error,omitempty"`
	Pages          int           `json:"pages"`
	Redirects      int           `json:"redirects"`
	OutputFiles    int           `json:"output_files"`
	OutputBytes    int64         `json:"output_bytes"`
	WallSeconds    float64       `json:"wall_s"`
	CPUSeconds     float64       `json:"cpu_s"`
	UserSeconds    float64       `json:"user_s"`
	SysSeconds     float64       `json:"sys_s"`
	PeakRSSKiB     int64         `json:"peak_rss_kib"`
	PagesPerSecond float64       `json:"pages_per_s"`
	Runs           []Measurement `json:"runs,omitempty"`
}

// Ratio compares communs with another tool at one size.
type Ratio struct {
	Bench        string  `json:"bench"`
	Bundles      int     `json:"bundles"`
	Against      string  `json:"against"`
	Wall         float64 `json:"wall"`   // communs / other
	CPU          float64 `json:"cpu"`    // communs / other
	Memory       float64 `json:"memory"` // communs / other, peak RSS
	CommunsPages int     `json:"communs_pages"`
	OtherPages   int     `json:"other_pages"`
}

// Generated describes the site generated for one size.
type Generated struct {
	Bundles int             `json:"bundles"`
	Seconds float64         `json:"seconds"`
	Stats   corpusgen.Stats `json:"stats"`
}

// Report is the JSON written to -out.
type Report struct {
	Timestamp string      `json:"timestamp"`
	Machine   Machine     `json:"machine"`
	Corpus    string      `json:"corpus"`
	Seed      int64       `json:"seed"`
	Runs      int         `json:"runs"`
	Sizes     []int       `json:"sizes"`
	Generated []Generated `json:"generated"`
	Results   []Result    `json:"results"`
	Ratios    []Ratio     `json:"ratios"`
}

// Machine describes where the figures were taken.
type Machine struct {
	GOOS          string `json:"goos"`
	GOARCH        string `json:"goarch"`
	NumCPU        int    `json:"num_cpu"`
	GoVersion     string `json:"go_version"`
	HugoVersion   string `json:"hugo_version,omitempty"`
	CommunsCommit string `json:"communs_commit,omitempty"`
}

func main() {
	os.Exit(run())
}

func run() int {
	var (
		sizesFlag = flag.String("sizes", "1000,5000", "site sizes, in page bundles, comma-separated")
		corpus    = flag.String("corpus", "../shared/corpus", "test corpus (site.toml, content/articles/<slug>/)")
		outPath   = flag.String("out", "bench/out/results.json", "JSON results file")
		runs      = flag.Int("runs", 1, "runs of each build (the median is reported)")
		keep      = flag.Bool("keep", false, "keep the generated sites and outputs")
		tools     = flag.String("tools", "communs,hugo", "tools to measure, comma-separated")
		seed      = flag.Int64("seed", 1, "seed of the site generator")
		communs   = flag.String("communs", "", "communs binary to measure, instead of building ./cmd/communs")
	)
	flag.Parse()
	sizes, err := parseSizes(*sizesFlag)
	if err != nil || *runs < 1 {
		fmt.Fprintf(os.Stderr, "bench: bad -sizes %q or -runs %d: %v\n", *sizesFlag, *runs, err)
		return 2
	}
	if _, err := os.Stat(filepath.Join(*corpus, "site.toml")); err != nil {
		fmt.Printf("skipped: %s not found\n", *corpus)
		return 0
	}
	wanted := map[string]bool{}
	for _, t := range strings.Split(*tools, ",") {
		wanted[strings.TrimSpace(t)] = true
	}

	work, err := os.MkdirTemp("", "communs-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	if *keep {
		fmt.Printf("keeping %s\n", work)
	} else {
		defer os.RemoveAll(work)
	}
	env := &Env{WorkDir: work, RepoDir: repoDir()}
	report := &Report{
		Timestamp: timestamp(),
		Corpus:    *corpus,
		Seed:      *seed,
		Runs:      *runs,
		Sizes:     sizes,
		Machine: Machine{
			GOOS: runtime.GOOS, GOARCH: runtime.GOARCH, NumCPU: runtime.NumCPU(),
			GoVersion:     runtime.Version(),
			CommunsCommit: commandLine(env.RepoDir, "git", "rev-parse", "--short", "HEAD"),
		},
	}
	switch {
	case wanted["communs"] && *communs != "":
		env.communs, env.communsErr = filepath.Abs(*communs)
	case wanted["communs"]:
		env.communs, env.communsErr = buildCommuns(env)
		if env.communsErr != nil {
			fmt.Printf("communs: build failed: %v\n", env.communsErr)
		}
	default:
		env.communsErr = errors.New("not asked for (-tools)")
	}
	if p, err := exec.LookPath("hugo"); err == nil && wanted["hugo"] {
		env.hugo = p
		report.Machine.HugoVersion = commandLine("", p, "version")
	}

	failed := false
	for _, size := range sizes {
		in, gen, err := generate(env, *corpus, size, *seed)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench: generating %d bundles: %v\n", size, err)
			failed = true
			continue
		}
		report.Generated = append(report.Generated, gen)
		fmt.Printf("%-8s %5d bundles  %5d pages  %.1f M words  %d images  generated in %.2f s\n",
			"site", size, gen.Stats.Pages, float64(gen.Stats.Words)/1e6, gen.Stats.Images, gen.Seconds)
		var results []Result
		for _, c := range allCases() {
			if !wanted[c.Tool] {
				continue
			}
			r := runCase(env, in, c, *runs, *keep)
			if !r.OK && !r.Skipped {
				failed = true
			}
			printResult(r)
			results = append(results, r)
		}
		for _, ra := range ratios(results) {
			fmt.Printf("%-8s %5d bundles  wall %.2f×  cpu %.2f×  memory %.2f×  (pages: communs %d, %s %d)\n",
				"ratio", ra.Bundles, ra.Wall, ra.CPU, ra.Memory, ra.CommunsPages, ra.Against, ra.OtherPages)
			report.Ratios = append(report.Ratios, ra)
		}
		report.Results = append(report.Results, results...)
		if !*keep {
			os.RemoveAll(in.SiteDir)
		}
	}

	if err := writeReport(*outPath, report); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	fmt.Printf("results written to %s\n", *outPath)
	if env.communsErr != nil && wanted["communs"] {
		fmt.Fprintf(os.Stderr, "bench: communs could not be built (go build ./cmd/communs failed): no communs figures\n")
		return 1
	}
	if failed {
		fmt.Fprintln(os.Stderr, "bench: some measurements failed (see above)")
		return 1
	}
	return 0
}

func parseSizes(s string) ([]int, error) {
	var sizes []int
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		n, err := strconv.Atoi(f)
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("bad size %q", f)
		}
		sizes = append(sizes, n)
	}
	if len(sizes) == 0 {
		return nil, errors.New("no size")
	}
	return sizes, nil
}

// timestamp is SOURCE_DATE_EPOCH when set, else now, in RFC 3339.
func timestamp() string {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.Unix(n, 0).UTC().Format(time.RFC3339)
		}
	}
	return time.Now().UTC().Format(time.RFC3339)
}

// repoDir is the module root (where go.mod is), or the working directory.
func repoDir() string {
	if gomod := commandLine("", "go", "env", "GOMOD"); gomod != "" && gomod != os.DevNull {
		return filepath.Dir(gomod)
	}
	wd, _ := os.Getwd()
	return wd
}

// commandLine runs a command and returns the first line of its output, or ""
// when it fails.
func commandLine(dir, name string, args ...string) string {
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
	return line
}

// buildCommuns builds ./cmd/communs into the work directory.
func buildCommuns(env *Env) (string, error) {
	bin := filepath.Join(env.WorkDir, "bin", "communs")
	if runtime.GOOS == "windows" {
		bin += ".exe"
	}
	cmd := exec.Command("go", "build", "-o", bin, "./cmd/communs")
	cmd.Dir = env.RepoDir
	start := time.Now()
	if out, err := cmd.CombinedOutput(); err != nil {
		msg := strings.TrimSpace(string(out))
		if msg == "" {
			return "", err
		}
		return "", fmt.Errorf("%v\n%s", err, indent(msg))
	}
	fmt.Printf("communs: built in %.1f s\n", time.Since(start).Seconds())
	return bin, nil
}

func generate(env *Env, corpus string, size int, seed int64) (*Input, Generated, error) {
	in := &Input{
		Bundles: size,
		SiteDir: filepath.Join(env.WorkDir, fmt.Sprintf("site-%d", size)),
		WorkDir: filepath.Join(env.WorkDir, fmt.Sprintf("setup-%d", size)),
	}
	start := time.Now()
	st, err := corpusgen.Generate(corpus, in.SiteDir, size, seed)
	gen := Generated{Bundles: size, Seconds: time.Since(start).Seconds(), Stats: st}
	if err != nil {
		return nil, gen, err
	}
	in.Stats = st
	return in, gen, os.MkdirAll(in.WorkDir, 0o755)
}

// runCase measures c on in, runs times, each into an empty destination, and
// reports the median run (by wall time).
func runCase(env *Env, in *Input, c Case, runs int, keep bool) Result {
	r := Result{Bench: c.Bench, Tool: c.Tool, Bundles: in.Bundles}
	if c.Available != nil {
		if err := c.Available(env); err != nil {
			r.Skipped, r.Error = true, err.Error()
			return r
		}
	}
	if c.Setup != nil {
		if err := c.Setup(env, in); err != nil {
			r.Error = "setup: " + err.Error()
			return r
		}
	}
	type one struct {
		m  Measurement
		ts TreeStats
	}
	var all []one
	for i := 0; i < runs; i++ {
		dir := filepath.Join(env.WorkDir, fmt.Sprintf("%s-%s-%d-run%d", c.Bench, c.Tool, in.Bundles, i+1))
		dest, scratch := filepath.Join(dir, "public"), filepath.Join(dir, "scratch")
		if err := os.MkdirAll(dest, 0o755); err != nil {
			r.Error = err.Error()
			return r
		}
		if err := os.MkdirAll(scratch, 0o755); err != nil {
			r.Error = err.Error()
			return r
		}
		m, err := measure(c.Command(env, in, dest, scratch))
		r.Runs = append(r.Runs, m)
		if err != nil {
			r.Error = err.Error()
			return r
		}
		ts, err := scanTree(dest)
		if err != nil {
			r.Error = "scanning output: " + err.Error()
			return r
		}
		all = append(all, one{m, ts})
		os.RemoveAll(scratch)
		if !keep || i < runs-1 {
			os.RemoveAll(dir)
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].m.WallSeconds < all[j].m.WallSeconds })
	med := all[(len(all)-1)/2]
	r.OK = true
	r.Pages, r.Redirects = med.ts.Pages, med.ts.Redirects
	r.OutputFiles, r.OutputBytes = med.ts.Files, med.ts.Bytes
	r.WallSeconds, r.CPUSeconds = med.m.WallSeconds, med.m.CPUSeconds
	r.UserSeconds, r.SysSeconds = med.m.UserSeconds, med.m.SysSeconds
	r.PeakRSSKiB = med.m.PeakRSSKiB
	if r.WallSeconds > 0 {
		r.PagesPerSecond = float64(r.Pages) / r.WallSeconds
	}
	return r
}

func printResult(r Result) {
	head := fmt.Sprintf("%-8s %5d bundles ", r.Tool, r.Bundles)
	switch {
	case r.Skipped:
		fmt.Printf("%s skipped: %s\n", head, r.Error)
	case !r.OK:
		fmt.Printf("%s FAILED: %s\n", head, r.Error)
	default:
		redirects := ""
		if r.Redirects > 0 {
			redirects = fmt.Sprintf(" (%d redirects)", r.Redirects)
		}
		fmt.Printf("%s %5d pages%s  %.2f s wall  %.2f s cpu  %.0f MiB peak  %.0f pages/s  %.1f MiB out in %d files\n",
			head, r.Pages, redirects, r.WallSeconds, r.CPUSeconds, float64(r.PeakRSSKiB)/1024,
			r.PagesPerSecond, float64(r.OutputBytes)/(1<<20), r.OutputFiles)
	}
}

// ratios compares communs with each other tool of the same bench and size.
func ratios(results []Result) []Ratio {
	var out []Ratio
	for _, c := range results {
		if c.Tool != "communs" || !c.OK {
			continue
		}
		for _, o := range results {
			if o.Tool == "communs" || o.Bench != c.Bench || o.Bundles != c.Bundles || !o.OK {
				continue
			}
			out = append(out, Ratio{
				Bench: c.Bench, Bundles: c.Bundles, Against: o.Tool,
				Wall:         div(c.WallSeconds, o.WallSeconds),
				CPU:          div(c.CPUSeconds, o.CPUSeconds),
				Memory:       div(float64(c.PeakRSSKiB), float64(o.PeakRSSKiB)),
				CommunsPages: c.Pages, OtherPages: o.Pages,
			})
		}
	}
	return out
}

func div(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}

func writeReport(path string, r *Report) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(b, '\n'), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
