// Command communs turns a content tree into a multilingual site, feeds,
// EPUB and PDF books.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"

	"github.com/communs/communs/internal/build"
	"github.com/communs/communs/internal/progress"
)

// version is set at link time (-ldflags "-X main.version=…").
var version = "dev"

const buildHelp = `Builds the site in the folder holding site.toml (or --source DIR) into
public/ (or --dest DIR): its pages, feeds, sitemap, and the EPUB, PDF and
booklets of its books. The build is made in a temporary folder and swapped
in only when it succeeded: a failed or interrupted build leaves the
previous output as it was. Exit status 1 when the site has errors (or,
with --strict, warnings).`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText())
		return 2
	}
	switch args[0] {
	case "build":
		return cmdBuild(ctx, args[1:], stdout, stderr)
	case "serve":
		return cmdServe(ctx, args[1:], stdout, stderr)
	case "check":
		return cmdCheck(ctx, args[1:], stdout, stderr)
	case "i18n":
		return cmdI18n(ctx, args[1:], stdout, stderr)
	case "new":
		return cmdNew(ctx, args[1:], stdout, stderr)
	case "import":
		return cmdImport(ctx, args[1:], stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintf(stdout, "communs %s\n", version)
		return 0
	case "help", "--help", "-h", "-help":
		if len(args) > 1 && args[1] != "help" {
			// communs help build: what communs build --help says.
			return run(ctx, append(args[1:], "--help"), stdout, stderr)
		}
		fmt.Fprint(stdout, usageText())
		return 0
	}
	return unknownCommand(stderr, "", args[0])
}

func cmdBuild(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("build", buildHelp, stdout, stderr)
	var opts build.Options
	var quiet bool
	fs.StringVar(&opts.Source, "source", ".", "folder holding site.toml")
	fs.StringVar(&opts.Dest, "dest", "", "output folder (default: public/ in the source folder)")
	fs.BoolVar(&opts.Drafts, "drafts", false, "include pages with draft = true")
	fs.BoolVar(&opts.Future, "future", false, "include pages dated in the future (or whose publishDate is)")
	fs.BoolVar(&opts.Expired, "expired", false, "include pages whose expiryDate is past")
	fs.StringVar(&opts.BaseURL, "base-url", "", "override site.toml's baseURL")
	fs.BoolVar(&opts.Strict, "strict", false, "treat warnings as errors")
	fs.BoolVar(&quiet, "quiet", false, "print only problems (and no progress line)")
	verbose := fs.Bool("verbose", false, "list every warning (by default the first 50) and how long each builder took")
	fs.IntVar(&opts.Workers, "workers", 0, "parallel workers (default: one per CPU)")
	fs.StringVar(&opts.Cache, "cache", "", "keep pages' HTML and books' PDFs in this folder between builds, to redo only what changed (safe to delete)")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (pprof) to this file")
	memProfile := fs.String("memprofile", "", "write a heap profile (pprof) to this file at the end")
	if code, ok := fs.parseOnly(args, "use --source DIR"); !ok {
		return code
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "communs: %v\n", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "communs: %v\n", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if *memProfile != "" {
		defer func() {
			if f, err := os.Create(*memProfile); err == nil {
				_ = pprof.WriteHeapProfile(f)
				f.Close()
			}
		}()
	}
	if os.Getenv("GOGC") == "" {
		// A build is short and most of its heap stays live until the end:
		// collecting half as often saves some 15 % of its CPU time for a
		// quarter more memory (make bench). GOGC=100 gives the default.
		debug.SetGCPercent(200)
	}
	opts.Progress = startProgress(ctx, stderr, quiet)
	res, err := build.Run(ctx, opts)
	opts.Progress.Stop() // erases the line: what follows starts on a clean one
	if res != nil && res.Diags != nil {
		limit := 50
		if *verbose {
			limit = -1
		}
		res.Diags.PrintLimited(stderr, limit)
	}
	if *verbose && res != nil {
		for _, t := range res.Timings {
			fmt.Fprintf(stderr, "communs: %s took %d ms\n", t.Name, t.Elapsed.Milliseconds())
		}
		if res.Cache != nil {
			hits, misses, writes := res.Cache.Stats()
			fmt.Fprintf(stderr, "communs: cache %s: %d reused, %d not found, %d written\n", res.Cache.Dir(), hits, misses, writes)
		}
	}
	if res != nil {
		if err := res.Cache.Err(); err != nil {
			// The build is whole; only the next one will not be faster.
			fmt.Fprintf(stderr, "communs: note: the cache could not be written (%v); the next build will redo that work\n", err)
		}
	}
	if err != nil {
		switch {
		case errors.Is(err, build.ErrFailed):
			e, w := res.Diags.Count()
			fmt.Fprintf(stderr, "communs: build failed: %d error(s), %d warning(s)%s; %s left as it was\n", e, w, strictNote(opts.Strict, w), res.Dest)
		case errors.Is(err, context.Canceled):
			fmt.Fprintf(stderr, "communs: build interrupted; %s left as it was\n", res.Dest)
		default:
			fmt.Fprintf(stderr, "communs: %v\n", err)
		}
		return 1
	}
	if !quiet {
		var parts []string
		total := 0
		langs := make([]string, 0, len(res.Pages))
		for l := range res.Pages {
			langs = append(langs, l)
		}
		sort.Strings(langs)
		for _, l := range langs {
			parts = append(parts, fmt.Sprintf("%s %d", l, res.Pages[l]))
			total += res.Pages[l]
		}
		_, w := res.Diags.Count()
		fmt.Fprintf(stdout, "communs: built %d pages (%s) in %d ms into %s", total, strings.Join(parts, ", "), res.Elapsed.Milliseconds(), res.Dest)
		if w > 0 {
			fmt.Fprintf(stdout, ", %d warning(s)", w)
		}
		fmt.Fprintln(stdout)
	}
	return 0
}

// startProgress starts the status line of a build when stderr is a
// terminal, for the person watching it; never into a log or a pipe, nor
// with --quiet. Nil means no line.
func startProgress(ctx context.Context, stderr io.Writer, quiet bool) *progress.Meter {
	if quiet || !progress.IsTerminal(stderr, os.Getenv("TERM")) {
		return nil
	}
	return progress.Start(ctx, stderr, progress.Options{})
}

func strictNote(strict bool, warnings int) string {
	if strict && warnings > 0 {
		return " (--strict: warnings count)"
	}
	return ""
}
