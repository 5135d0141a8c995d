package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path/filepath"

	"github.com/communs/communs/internal/build"
	"github.com/communs/communs/internal/check"
	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/site"
)

const checkHelp = `Checks the built site in public/ (or --dest DIR): every internal link,
anchor (#id) and image of its pages, the links of its feeds and sitemap,
and the alternative texts of its images. Each problem is reported at the
source file and line it comes from. With --external, links to other sites
are checked too: a few at a time, with a User-Agent naming communs, and
remembered for a week in the user's cache folder.

Exit status 1 when a link is broken; missing alternative texts and links
that could not be verified are warnings.
`

// checkClient, when set, asks for external links (tests: without the network).
var checkClient *http.Client

func cmdCheck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("check", checkHelp, stdout, stderr)
	source := fs.String("source", ".", "folder holding site.toml")
	dest := fs.String("dest", "", "the built site (default: public/ in the source folder)")
	external := fs.Bool("external", false, "check the links to other sites too")
	format := fs.String("format", "text", "text or json")
	drafts := fs.Bool("drafts", false, "the site was built with --drafts")
	future := fs.Bool("future", false, "the site was built with --future")
	baseURL := fs.String("base-url", "", "the site was built with --base-url URL")
	cacheFile := fs.String("cache", "", "`FILE` of external results (default: in the user's cache folder; - for none)")
	if code, ok := fs.parseOnly(args, "use --source DIR or --dest DIR"); !ok {
		return code
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "communs check: --format %q: write text or json\n", *format)
		return 2
	}
	src, err := filepath.Abs(*source)
	if err != nil {
		fmt.Fprintf(stderr, "communs check: %v\n", err)
		return 1
	}
	out := *dest
	if out == "" {
		out = filepath.Join(src, "public")
	}
	now, err := build.Now()
	if err != nil {
		fmt.Fprintf(stderr, "communs check: %v\n", err)
		return 1
	}
	// The model maps the built pages back to their sources.
	var diags diag.List
	s, err := site.Load(ctx, src, site.Options{Drafts: *drafts, Future: *future, Now: now, BaseURL: *baseURL}, &diags)
	if err != nil {
		diags.Print(stderr)
		fmt.Fprintf(stderr, "communs check: %v\n", err)
		return 1
	}
	if e, _ := diags.Count(); e > 0 {
		fmt.Fprintf(stderr, "communs check: the site has %d error(s) of its own (communs build lists them); checking the built site all the same\n", e)
	}
	rep, err := check.Run(ctx, check.Options{Dest: out, Site: s, External: *external, HTTP: check.HTTPOptions{CacheFile: *cacheFile, Client: checkClient}})
	if err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(stderr, "communs check: interrupted")
		} else {
			fmt.Fprintf(stderr, "communs check: %v\n", err)
		}
		return 1
	}
	if *format == "json" {
		if err := rep.WriteJSON(stdout); err != nil {
			fmt.Fprintf(stderr, "communs check: %v\n", err)
			return 1
		}
	} else {
		rep.WriteText(stdout)
	}
	if rep.Failed() {
		return 1
	}
	return 0
}
