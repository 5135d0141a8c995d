package main

// communs import wordpress: a WordPress export into the content tree.

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"

	"github.com/communs/communs/internal/wordpress"
)

func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || strings.HasPrefix(args[0], "-") && args[0] != "--help" && args[0] != "-h" {
		fmt.Fprint(stderr, groupUsage("import"))
		return 2
	}
	switch args[0] {
	case "wordpress":
		return importWordPress(ctx, args[1:], stdout, stderr)
	case "--help", "-h", "help":
		fmt.Fprint(stdout, groupUsage("import"))
		return 0
	}
	return unknownCommand(stderr, "import", args[0])
}

func importWordPress(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("import wordpress", importHelp, stdout, stderr)
	source := fs.String("source", ".", "the site's folder (site.toml, content/); a site.toml is written when it has none")
	section := fs.String("section", "articles", "the folder of content/ that receives the posts")
	media := fs.String("media", "", "a copy of the blog's wp-content/uploads/: the images and files the posts use are taken from it")
	dryRun := fs.Bool("dry-run", false, "print what would be written, and write nothing")
	force := fs.Bool("force", false, "replace files that exist and differ from what the import writes")
	cpuProfile := fs.String("cpuprofile", "", "write a CPU profile (pprof) to this file")
	pos, exit, parsed := fs.parse(args)
	if !parsed {
		return exit
	}
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err != nil {
			fmt.Fprintf(stderr, "communs import wordpress: %v\n", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintf(stderr, "communs import wordpress: %v\n", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "usage: communs import wordpress EXPORT.xml [--source DIR] [--section articles] [--media DIR] [--dry-run] [--force]")
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "communs import wordpress: %v\n", err)
		return 1
	}
	f, err := os.Open(pos[0])
	if err != nil {
		return fail(err)
	}
	exp, err := wordpress.Parse(f)
	f.Close()
	var se *wordpress.SyntaxError
	if err != nil {
		if errors.As(err, &se) {
			fmt.Fprintf(stderr, "%s:%d: error: %s\nNothing was written.\n", pos[0], se.Line, se.Msg)
			return 1
		}
		return fail(fmt.Errorf("%s: %w", pos[0], err))
	}
	plan, err := wordpress.Build(ctx, exp, wordpress.Options{SourceDir: *source, Section: *section, MediaDir: *media, Force: *force})
	if errors.As(err, &se) {
		fmt.Fprintf(stderr, "%s:%d: error: %s\nNothing was written.\n", pos[0], se.Line, se.Msg)
		return 1
	}
	if err != nil {
		fmt.Fprintf(stderr, "communs import wordpress: %v\nNothing was written.\n", err)
		return 1
	}
	counts := map[string]int{}
	for _, f := range plan.Files {
		counts[f.State]++
		if *dryRun && f.State != "same" {
			verb := "write"
			if f.State == "changed" {
				verb = "replace"
				if !*force {
					verb = "differs (kept; --force replaces it)"
				}
			}
			fmt.Fprintf(stdout, "%s %s\n", verb, f.Path)
		}
	}
	header := "Imported:"
	if *dryRun || (len(plan.Changed()) > 0 && !*force) {
		header = "Would import:"
	}
	plan.Report.Print(stdout, header)
	if exp.StrippedControls > 0 {
		fmt.Fprintf(stdout, "Replaced by spaces %d control characters that XML does not allow (pasted into posts).\n", exp.StrippedControls)
	}
	if *dryRun {
		fmt.Fprintf(stdout, "Dry run: %s to write, %s to replace, %s already the same; nothing written.\n", files(counts["new"]), files(counts["changed"]), files(counts["same"]))
		if counts["changed"] > 0 && !*force {
			fmt.Fprintln(stderr, "communs import wordpress: files that differ would stop the import: give --force to replace them")
			return 1
		}
		return 0
	}
	if changed := plan.Changed(); len(changed) > 0 && !*force {
		fmt.Fprintf(stderr, "communs import wordpress: %d files exist and differ from what the import writes:\n", len(changed))
		for i, c := range changed {
			if i == 20 {
				fmt.Fprintf(stderr, "  … and %d more\n", len(changed)-20)
				break
			}
			fmt.Fprintf(stderr, "  %s\n", c)
		}
		fmt.Fprintln(stderr, "Nothing was written: move them away, or import again with --force to replace them.")
		return 1
	}
	n, err := plan.Write(*source, *force)
	if err != nil {
		return fail(fmt.Errorf("%v (%d files written before it)", err, n))
	}
	fmt.Fprintf(stdout, "Wrote %s (%d already the same). Next: communs build --source %s\n", files(n), counts["same"], *source)
	return 0
}

func files(n int) string {
	if n == 1 {
		return "1 file"
	}
	return fmt.Sprintf("%d files", n)
}

const importHelp = `Imports a WordPress export (Tools → Export, a WXR file) into the site:
each post and page becomes a page bundle with its images, categories, tags,
authors, comments and old URLs (kept, or redirected). Nothing is downloaded.`
