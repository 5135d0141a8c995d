package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/communs/communs/internal/server"
)

const serveHelp = `Previews the site: builds it into a private temporary folder, serves it on
http://127.0.0.1:1313/ (or the next free port) and rebuilds it as its files
change, reloading the open pages. Errors are shown on every page, over the
last good build. Ctrl-C stops it.`

// cmdServe previews the site: it builds it into a private temporary
// folder, serves it on 127.0.0.1 and rebuilds it as its files change.
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newFlags("serve", serveHelp, stdout, stderr)
	var o server.Options
	fs.StringVar(&o.Source, "source", ".", "folder holding site.toml")
	fs.IntVar(&o.Port, "port", server.DefaultPort, "port to listen on (default: 1313, or the next free one)")
	fs.StringVar(&o.Bind, "bind", "127.0.0.1", "address to listen on; another than 127.0.0.1 lets other machines read the preview")
	fs.BoolVar(&o.Drafts, "drafts", false, "include pages with draft = true (shown with a badge)")
	fs.BoolVar(&o.Future, "future", false, "include pages dated in the future (or whose publishDate is)")
	fs.BoolVar(&o.Expired, "expired", false, "include pages whose expiryDate is past")
	fs.BoolVar(&o.NoReload, "no-reload", false, "do not inject the live reload script")
	fs.StringVar(&o.Cache, "cache", defaultCache(), "keep pages' HTML and books' PDFs in this folder between sessions (safe to delete)")
	noCache := fs.Bool("no-cache", false, "keep nothing between sessions")
	if code, ok := fs.parseOnly(args, "use --source DIR"); !ok {
		return code
	}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "port" {
			o.PortSet = true
		}
	})
	if o.Port < 0 || o.Port > 65535 {
		fmt.Fprintf(stderr, "communs serve: --port %d: give a port between 1 and 65535\n", o.Port)
		return 2
	}
	if *noCache {
		o.Cache = ""
	}
	o.Stdout, o.Stderr = stdout, stderr
	if err := server.Run(ctx, o); err != nil {
		fmt.Fprintf(stderr, "communs serve: %v\n", err)
		return 1
	}
	return 0
}

// defaultCache is the cache folder of communs serve: communs/ in the
// user's cache folder ($XDG_CACHE_HOME, ~/.cache), shared by all sites
// (entries are named by their content), or none when there is no such
// folder.
func defaultCache() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "communs")
}
