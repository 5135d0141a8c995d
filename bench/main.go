// Command bench measures communs against the tools it replaces, on content
// generated from the shared test corpus, and prints everything issue 8
// asks in one run. Run it from the repository root (make bench):
//
//	go run ./bench [-quick] [-sizes 1000,5000,20000] [-books 12000,95000]
//	               [-preview 5000] [-saves 10] [-benches site,preview,book,import,hugodocs] [-import 5000]
//	               [-hugodocs 5000]
//	               [-runs 1] [-warmup 1] [-book-runs 5] [-peer-runs 3] [-tools communs,hugo,pandoc,xelatex,pdfjam]
//	               [-corpus ../shared/corpus] [-sample content/books/petit-guide]
//	               [-out bench/out/results.json] [-keep] [-workdir DIR] [-seed 1]
//	               [-communs path/to/prebuilt/communs]
//
// Site: for each size it generates a site of that many page bundles
// (internal/corpusgen.Generate, translation pairs kept), builds it cold
// with `communs build` and, if hugo is on PATH, with Hugo (an equivalent
// config and a minimal theme), and measures each child process: wall time,
// user+sys CPU time, peak RSS (the child's rusage), pages written
// (index.html files) and pages per second; then the ratios communs/Hugo,
// and how time and memory per bundle grow from the next-to-largest size to
// the largest (5,000 → 20,000 by default). After communs' cold build come
// three rows of `communs build --cache DIR` (cache.go): "cold, filling the
// cache" (an empty cache: what filling it costs), "warm cache (nothing
// changed)" and "warm cache, one article edited" (a paragraph appended to
// one article, restored at the end). The cold builds never use a cache,
// and only they enter the ratios to Hugo (which keeps no built pages
// between builds) and the linearity.
//
// Preview: at 5,000 bundles (-preview), the time from saving one article
// to the reload event its page receives, and to its URL serving the
// edit, by server.MeasureEdits (-saves atomic saves of each kind of edit:
// a paragraph added, the title, a new tag, the date; in a child process),
// against the targets of 100 ms (a title edit) and 150 ms (any edit); the
// same saves on `hugo server` when hugo is installed, timed until the
// page's URL serves them.
//
// Books: the sample book grown with the corpus's articles to about 50 and
// 400 A5 pages (-books, in words; internal/corpusgen.GenerateBook: with
// their images, headings and tables, 12,000 words of these articles fill
// some 54 pages of communs' A5 PDF and 95,000 some 403, where 15,000 and
// 120,000 would fill 64 and 528), built
// by `communs build` (EPUB, reading PDF and both booklets: what a build
// makes of a book) as a whole command, and builder by builder in a child
// process; the whole command again with --cache DIR: "filling the cache",
// "warm cache" and "warm cache, one chapter edited" (the chapter in the
// middle of the book); then, where installed, pandoc to EPUB, pandoc +
// xelatex to an A5 PDF in Gentium Book Plus, and pdfjam to the A4 and the
// Letter booklets of that PDF (the files communs writes), on the same
// chapters; and the ratios (cold builds).
//
// Hugo docs (hugodocs.go): a Hugo documentation site of -hugodocs pages
// generated as a Hugo site (hugo.toml, nested sections with _index.md,
// YAML and TOML front matter, the corpus's prose, and in every page ref
// and relref links, an alert box, a highlight, a figure, the site's own
// note shortcode and param), built as it is by `communs build` and by
// Hugo, cold; each output's sample pages are checked (no shortcode call
// left as text outside <pre> and <code>), and the ratios communs/Hugo.
//
// It prints tables and the targets with their status, then what
// the cache gives at each size and on each book (not targets), and writes
// every figure, with the machine's description, to -out as JSON (the
// cache's site rows are results with "cache": "fill", "warm" or "edit", a
// book's are its "communs_cache").
//
// Everything is generated and built in a work folder on the RAM disk
// /dev/shm when it has room (-workdir to choose): on a disk, and above all
// a virtual one with throttled writes, the flushing of earlier runs'
// outputs makes later runs' system time grow, whichever tool they run.
//
// Adding a site bench: write a function returning []Case (see siteCases)
// and add it to allCases; a Case says how to prepare its input once per
// size (and before each run), the command of one run, and the figures are
// taken by measure and scanTree.
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
	// peers are the book tools found ("pandoc", "xelatex", "pdfjam" →
	// path), gentium whether xelatex can have Gentium Book Plus.
	peers   map[string]string
	gentium bool
	// missing says why a peer ("hugo", "pandoc" …) is not measured.
	missing map[string]string
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
	// Cache is "" for a cold build, else the mode of a build with
	// communs' --cache: "fill", "warm" or "edit" (see cache.go).
	Cache string
	// Setup prepares the input of the case, once per size (optional).
	Setup func(*Env, *Input) error
	// Before prepares run number run (from 0); After, called once the runs
	// are over (ok: all succeeded), undoes what they changed in the input.
	// Neither is measured (both optional).
	Before func(e *Env, in *Input, run int) error
	After  func(e *Env, in *Input, ok bool)
	// Command is one run writing into the empty directory dest; scratch is an
	// empty directory of its own (caches …), removed after the run.
	Command func(e *Env, in *Input, dest, scratch string) *exec.Cmd
	// Check, when set, looks at the output of each run that succeeded
	// (dest, and the tail of what the command printed); an error fails
	// the case.
	Check func(e *Env, in *Input, dest, printed string) error
}

// allCases lists every site bench, in the order they run: communs' builds
// with a cache right after its cold build.
func allCases() []Case {
	var cases []Case
	for _, c := range siteCases() {
		cases = append(cases, c)
		if c.Tool == "communs" {
			cases = append(cases, siteCacheCases()...)
		}
	}
	return cases
}

// Result is the figures of one case at one size.
type Result struct {
	Bench          string        `json:"bench"`
	Tool           string        `json:"tool"`
	Cache          string        `json:"cache,omitempty"` // Case.Cache: "" for a cold build
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

// Linearity compares the cost per bundle of one tool at two sizes: 1 is
// linear growth, below it better.
type Linearity struct {
	Tool             string  `json:"tool"`
	From             int     `json:"from_bundles"`
	To               int     `json:"to_bundles"`
	FromMsPerBundle  float64 `json:"from_ms_per_bundle"` // wall
	ToMsPerBundle    float64 `json:"to_ms_per_bundle"`
	Time             float64 `json:"time"` // to / from, per bundle
	FromCPUMsBundle  float64 `json:"from_cpu_ms_per_bundle"`
	ToCPUMsBundle    float64 `json:"to_cpu_ms_per_bundle"`
	CPU              float64 `json:"cpu"`
	FromKiBPerBundle float64 `json:"from_kib_per_bundle"` // peak RSS
	ToKiBPerBundle   float64 `json:"to_kib_per_bundle"`
	Memory           float64 `json:"memory"`
}

// Generated describes the site generated for one size.
type Generated struct {
	Bundles int             `json:"bundles"`
	Seconds float64         `json:"seconds"`
	Stats   corpusgen.Stats `json:"stats"`
}

// PreviewResult is the save → reload latency of communs serve.
type PreviewResult struct {
	Bundles int    `json:"bundles"`
	File    string `json:"file"` // the article saved, relative to the site
	OK      bool   `json:"ok"`
	Error   string `json:"error,omitempty"`
	// Reload is for the title edits; Edits for each kind of edit
	// (previewEdits), the title's included.
	Reload   ReloadOutput   `json:"reload"`
	Edits    []ReloadOutput `json:"edits"`
	Process  Measurement    `json:"process"` // the child serving the site
	TargetMS float64        `json:"target_ms"`
	// EditTargetMS is issue 17's bound for any one-article edit.
	EditTargetMS float64 `json:"edit_target_ms"`
	// Hugo is `hugo server` on the same site and edits, when installed;
	// HugoError why it is not there.
	Hugo      []PeerEdit `json:"hugo,omitempty"`
	HugoError string     `json:"hugo_error,omitempty"`
}

// Target is one of the goals and where the bench found it.
type Target struct {
	What     string  `json:"what"`
	Measured float64 `json:"measured"`
	Unit     string  `json:"unit"` // "×", "s", "ms"
	Goal     string  `json:"goal"` // "≤ 0.50×"
	Status   string  `json:"status"`
	Note     string  `json:"note,omitempty"` // CPU figures and the like
}

// Report is the JSON written to -out.
type Report struct {
	Timestamp string         `json:"timestamp"`
	Seconds   float64        `json:"bench_seconds"` // the whole bench
	Machine   Machine        `json:"machine"`
	Corpus    string         `json:"corpus"`
	Sample    string         `json:"sample_book"`
	Seed      int64          `json:"seed"`
	WorkDir   string         `json:"work_dir"` // where sources and outputs were written, and why
	WorkWhy   string         `json:"work_dir_why"`
	Runs      int            `json:"runs"`
	Warmup    int            `json:"warmup_runs"` // unmeasured, before each cold site build's runs
	BookRuns  int            `json:"book_runs"`
	PeerRuns  int            `json:"peer_runs"`
	Sizes     []int          `json:"sizes"`
	Generated []Generated    `json:"generated"`
	Results   []Result       `json:"results"`
	Ratios    []Ratio        `json:"ratios"`
	Linearity []Linearity    `json:"linearity,omitempty"`
	Preview   *PreviewResult `json:"preview,omitempty"`
	Books     []BookResult   `json:"books,omitempty"`
	Import    *ImportResult  `json:"import,omitempty"`
	HugoDocs  *HugoDocsInfo  `json:"hugodocs,omitempty"` // the generated Hugo docs site (its results are those of bench "hugodocs")
	Targets   []Target       `json:"targets"`
}

// options are the command line's.
type options struct {
	sizes    []int
	books    []int
	preview  int
	saves    int
	benches  map[string]bool
	corpus   string
	sample   string // absolute; "" when there is no sample book
	sampleAs string // as given
	outPath  string
	runs     int
	warmup   int
	bookRuns int
	peerRuns int
	keep     bool
	wanted   map[string]bool
	seed     int64
	communs  string
	// importPosts is the size of the WordPress export imported.
	importPosts int
	// hugoDocs is the pages of the Hugo docs site generated.
	hugoDocs int
}

func main() {
	os.Exit(run())
}

func run() int {
	var (
		quick     = flag.Bool("quick", false, "1,000 bundles, the shorter book, the preview at 1,000 bundles: about a minute")
		sizesFlag = flag.String("sizes", "1000,5000,20000", "site sizes, in page bundles, comma-separated")
		booksFlag = flag.String("books", "12000,95000", "book lengths, in words, comma-separated (about 50 and 400 A5 pages); \"none\" for none")
		preview   = flag.Int("preview", 5000, "site size (bundles) at which to measure the preview's reload; 0: none")
		saves     = flag.Int("saves", 10, "saves of the preview measure")
		benches   = flag.String("benches", "site,preview,book,import,hugodocs", "benches to run, comma-separated")
		imports   = flag.Int("import", 5000, "posts in the WordPress export the import bench imports")
		hugoDocs  = flag.Int("hugodocs", 5000, "pages of the Hugo docs site the hugodocs bench generates")
		corpus    = flag.String("corpus", "../shared/corpus", "test corpus (site.toml, content/articles/<slug>/)")
		sample    = flag.String("sample", "content/books/petit-guide", "the sample book, grown into the bench's books")
		outPath   = flag.String("out", "bench/out/results.json", "JSON results file")
		runs      = flag.Int("runs", 1, "runs of each site build (the median is reported)")
		warmup    = flag.Int("warmup", 1, "unmeasured runs of each cold site build before the measured ones")
		bookRuns  = flag.Int("book-runs", 5, "runs of communs on each book (the median is reported)")
		peerRuns  = flag.Int("peer-runs", 3, "runs of each peer tool on each book (the median is reported)")
		keep      = flag.Bool("keep", false, "keep the generated sites and outputs")
		workdir   = flag.String("workdir", "", "folder for the generated sites and outputs (default: the RAM disk /dev/shm when it has room, else $TMPDIR)")
		tools     = flag.String("tools", "communs,hugo,pandoc,xelatex,pdfjam", "tools to measure, comma-separated")
		seed      = flag.Int64("seed", 1, "seed of the site generator")
		communs   = flag.String("communs", "", "communs binary to measure, instead of building ./cmd/communs")
		child     = flag.String("child", "", "internal: run one measure in this process (see child.go)")
	)
	flag.Parse()
	if *child != "" {
		return runChild(*child, flag.Args())
	}
	began := time.Now()
	set := map[string]bool{}
	flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
	if *quick {
		if !set["sizes"] {
			*sizesFlag = "1000"
		}
		if !set["books"] {
			*booksFlag, _, _ = strings.Cut(*booksFlag, ",")
		}
		if !set["preview"] {
			*preview = 1000
		}
	}
	o := &options{preview: *preview, saves: *saves, corpus: *corpus, sample: *sample, outPath: *outPath,
		runs: *runs, warmup: *warmup, bookRuns: *bookRuns, peerRuns: *peerRuns, keep: *keep, seed: *seed, communs: *communs,
		benches: set2map(*benches), wanted: set2map(*tools), importPosts: *imports, hugoDocs: *hugoDocs}
	var err error
	o.sizes, err = parseSizes(*sizesFlag)
	if err == nil && *booksFlag != "none" && *booksFlag != "" {
		o.books, err = parseSizes(*booksFlag)
	}
	if *quick && !set["import"] {
		o.importPosts = 1000
	}
	if *quick && !set["hugodocs"] {
		o.hugoDocs = 1000
	}
	if err != nil || o.importPosts < 1 || o.hugoDocs < 1 || o.runs < 1 || o.warmup < 0 || o.bookRuns < 1 || o.peerRuns < 1 || o.saves < 1 {
		why := "runs are counted from 1, warm-up runs from 0"
		if err != nil {
			why = err.Error()
		}
		fmt.Fprintf(os.Stderr, "bench: bad -sizes %q, -books %q, -runs %d, -warmup %d, -book-runs %d, -peer-runs %d, -saves %d, -import %d or -hugodocs %d: %s\n",
			*sizesFlag, *booksFlag, o.runs, o.warmup, o.bookRuns, o.peerRuns, o.saves, o.importPosts, o.hugoDocs, why)
		return 2
	}
	if _, err := os.Stat(filepath.Join(o.corpus, "site.toml")); err != nil {
		fmt.Printf("skipped: %s not found\n", o.corpus)
		return 0
	}

	parent, why := workParent(*workdir, o)
	work, err := os.MkdirTemp(parent, "communs-bench-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	fmt.Printf("work folder: %s (%s)\n", work, why)
	if o.keep {
		fmt.Printf("keeping %s\n", work)
	} else {
		defer os.RemoveAll(work)
	}
	env := &Env{WorkDir: work, RepoDir: repoDir(), peers: map[string]string{}}
	o.sampleAs = o.sample
	if !filepath.IsAbs(o.sample) {
		o.sample = filepath.Join(env.RepoDir, o.sample)
	}
	if _, err := os.Stat(filepath.Join(o.sample, "_index.md")); err != nil {
		o.sample, o.sampleAs = "", "" // a front page of the generator's own
	}
	report := &Report{
		Timestamp: timestamp(),
		Corpus:    o.corpus,
		Sample:    o.sampleAs,
		Seed:      o.seed,
		WorkDir:   work,
		WorkWhy:   why,
		Runs:      o.runs,
		Warmup:    o.warmup,
		BookRuns:  o.bookRuns,
		PeerRuns:  o.peerRuns,
		Sizes:     o.sizes,
		Machine:   describeMachine(env.RepoDir),
	}
	switch {
	case o.wanted["communs"] && o.communs != "":
		env.communs, env.communsErr = filepath.Abs(o.communs)
	case o.wanted["communs"]:
		env.communs, env.communsErr = buildCommuns(env)
		if env.communsErr != nil {
			fmt.Printf("communs: build failed: %v\n", env.communsErr)
		}
	default:
		env.communsErr = errors.New("not asked for (-tools)")
	}
	env.missing = map[string]string{}
	for _, t := range []string{"hugo", "pandoc", "xelatex", "pdfjam"} {
		p, err := exec.LookPath(t)
		switch {
		case !o.wanted[t]:
			env.missing[t] = "not asked for (-tools)"
		case err != nil:
			env.missing[t] = "not installed (apt-get install " + debianPackage[t] + ")"
		case t == "hugo":
			env.hugo = p
		default:
			env.peers[t] = p
		}
	}
	env.gentium = env.peers["xelatex"] != "" && fontInstalled(gentium)
	report.Machine.peers(env)
	printMachine(report.Machine, env)

	failed := false
	if o.benches["site"] || o.benches["preview"] {
		if runSites(env, o, report) {
			failed = true
		}
	}
	if o.benches["hugodocs"] {
		if runHugoDocs(env, o, report) {
			failed = true
		}
	}
	if o.benches["book"] && len(o.books) > 0 {
		printBooksHeader(o)
		for _, words := range o.books {
			r := runBook(env, o, words)
			printBook(r, o)
			if r.CommunsError != "" || r.StagesError != "" || (r.Cache != nil && r.Cache.Error != "") {
				failed = true
			}
			report.Books = append(report.Books, r)
		}
	}
	if o.benches["import"] {
		report.Import = runImport(env, o)
		printImport(report.Import)
		if !report.Import.OK {
			failed = true
		}
	}
	report.Targets = targets(report)
	printTargets(report.Targets, cacheNotes(report))

	report.Machine.LoadEnd = loadAverage()
	report.Seconds = time.Since(began).Seconds()
	if err := writeReport(o.outPath, report); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		return 1
	}
	fmt.Printf("\nThe bench took %s; load average %s at the start, %s at the end. Results written to %s\n",
		duration(report.Seconds), loadString(report.Machine.LoadStart), loadString(report.Machine.LoadEnd), o.outPath)
	if env.communsErr != nil && o.wanted["communs"] {
		fmt.Fprintf(os.Stderr, "bench: communs could not be built (go build ./cmd/communs failed): no communs figures\n")
		return 1
	}
	if failed {
		fmt.Fprintln(os.Stderr, "bench: some measurements failed (see above)")
		return 1
	}
	return 0
}

// ramDisk is where the bench writes by default: sources and outputs in
// memory, so that the figures are those of the tools, not of the disk.
// On a virtual disk with throttled writes and discards, the system time
// of identical builds was seen to grow from 2 s to 19 s over a bench
// run as earlier runs' writes and deletions were flushed.
const ramDisk = "/dev/shm"

// workParent chooses the folder for the bench's work folder, and says why.
func workParent(flagValue string, o *options) (string, string) {
	if flagValue != "" {
		return flagValue, "-workdir"
	}
	largest := 0
	for _, n := range o.sizes {
		largest = max(largest, n)
	}
	// A generated site and communs' and Hugo's outputs of it take about
	// 150 KiB a bundle; the books are small beside them.
	need := int64(largest)*150<<10 + 1<<30
	if o.benches["hugodocs"] {
		need = max(need, int64(o.hugoDocs)*100<<10+1<<30)
	}
	if st, err := os.Stat(ramDisk); err == nil && st.IsDir() {
		free := freeBytes(ramDisk)
		if free >= need {
			return ramDisk, "a RAM disk: the figures are the tools', not the disk's; -workdir DIR for another folder"
		}
		return os.TempDir(), fmt.Sprintf("%s has %d MiB free, %d needed; -workdir DIR for another folder", ramDisk, free>>20, need>>20)
	}
	return os.TempDir(), "-workdir DIR for another folder"
}

// debianPackage is the package of each peer.
var debianPackage = map[string]string{
	"hugo": "hugo", "pandoc": "pandoc", "xelatex": "texlive-xetex texlive-lang-french texlive-fonts-recommended", "pdfjam": "texlive-extra-utils",
}

func set2map(list string) map[string]bool {
	m := map[string]bool{}
	for _, t := range strings.Split(list, ",") {
		if t = strings.TrimSpace(t); t != "" {
			m[t] = true
		}
	}
	return m
}

// runSites runs the site bench at each size, and the preview's at its
// size; it returns whether a measure failed.
func runSites(env *Env, o *options, report *Report) (failed bool) {
	pv := previewSize(o)
	if o.benches["site"] {
		printSiteHeader(o)
	}
	for _, size := range o.sizes {
		if !o.benches["site"] && size != pv {
			continue
		}
		in, gen, err := generate(env, o.corpus, size, o.seed)
		if err != nil {
			fmt.Fprintf(os.Stderr, "bench: generating %d bundles: %v\n", size, err)
			failed = true
			continue
		}
		report.Generated = append(report.Generated, gen)
		if o.benches["site"] {
			printGenerated(gen)
			if runCases(env, in, allCases(), o, report) {
				failed = true
			}
		}
		if size == pv {
			report.Preview = runPreview(env, o, in)
			if !report.Preview.OK {
				failed = true
			}
		}
		if !o.keep {
			os.RemoveAll(in.SiteDir)
			os.RemoveAll(in.WorkDir) // the Hugo project, communs' cache
		}
	}
	if o.benches["site"] {
		report.Linearity = linearity(report.Results)
		printLinearity(report.Linearity)
	}
	if report.Preview != nil {
		printPreview(report.Preview, o)
	}
	return failed
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
// reports the median run (by wall time). A cold build runs warmup times
// first, unmeasured: the first run of a size is the first to touch that
// much memory and that many files, which on a virtual machine can cost a
// quarter more system time than the runs after it, whichever the tool.
func runCase(env *Env, in *Input, c Case, runs, warmup int, keep bool) Result {
	r := Result{Bench: c.Bench, Tool: c.Tool, Cache: c.Cache, Bundles: in.Bundles}
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
	if c.After != nil {
		defer func() { c.After(env, in, r.OK) }()
	}
	name := c.Tool
	if c.Cache != "" {
		name += "-cache-" + c.Cache
	}
	type one struct {
		m  Measurement
		ts TreeStats
	}
	if c.Cache != "" {
		warmup = 0 // each run's cache is prepared by Before
	}
	for i := 0; i < warmup; i++ {
		dir := filepath.Join(env.WorkDir, fmt.Sprintf("%s-%s-%d-warmup%d", c.Bench, name, in.Bundles, i+1))
		dest, scratch := filepath.Join(dir, "public"), filepath.Join(dir, "scratch")
		err := os.MkdirAll(dest, 0o755)
		if err == nil {
			err = os.MkdirAll(scratch, 0o755)
		}
		if err == nil {
			_, err = measure(c.Command(env, in, dest, scratch))
		}
		os.RemoveAll(dir)
		if err != nil {
			r.Error = "warm-up run: " + err.Error()
			return r
		}
	}
	var all []one
	for i := 0; i < runs; i++ {
		dir := filepath.Join(env.WorkDir, fmt.Sprintf("%s-%s-%d-run%d", c.Bench, name, in.Bundles, i+1))
		dest, scratch := filepath.Join(dir, "public"), filepath.Join(dir, "scratch")
		if err := os.MkdirAll(dest, 0o755); err != nil {
			r.Error = err.Error()
			return r
		}
		if err := os.MkdirAll(scratch, 0o755); err != nil {
			r.Error = err.Error()
			return r
		}
		if c.Before != nil {
			if err := c.Before(env, in, i); err != nil {
				r.Error = err.Error()
				return r
			}
		}
		m, printed, err := measureOutput(c.Command(env, in, dest, scratch))
		r.Runs = append(r.Runs, m)
		if err != nil {
			r.Error = err.Error()
			return r
		}
		if c.Check != nil {
			if err := c.Check(env, in, dest, printed); err != nil {
				r.Error = "checking the output: " + err.Error()
				return r
			}
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

// ratios compares communs with each other tool of the same bench and size,
// cold builds only.
func ratios(results []Result) []Ratio {
	var out []Ratio
	for _, c := range results {
		if c.Tool != "communs" || c.Cache != "" || !c.OK {
			continue
		}
		for _, o := range results {
			if o.Tool == "communs" || o.Cache != "" || o.Bench != c.Bench || o.Bundles != c.Bundles || !o.OK {
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

// runCases runs the cases of the tools asked for on one input, prints
// each result and the ratios, and adds them to the report; failed tells
// that a case that ran failed.
func runCases(env *Env, in *Input, cases []Case, o *options, report *Report) (failed bool) {
	var results []Result
	for _, c := range cases {
		if !o.wanted[c.Tool] {
			continue
		}
		r := runCase(env, in, c, o.runs, o.warmup, o.keep)
		if !r.OK && !r.Skipped {
			failed = true
		}
		printResult(r)
		results = append(results, r)
	}
	for _, ra := range ratios(results) {
		printRatio(ra)
		report.Ratios = append(report.Ratios, ra)
	}
	report.Results = append(report.Results, results...)
	return failed
}
