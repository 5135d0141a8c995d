package main

// communs i18n: the dispatch to its subcommands, one file each
// (i18n_status.go, i18n_diff.go, i18n_ack.go, i18n_export.go,
// i18n_import.go), and what they share with communs new translation.

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/translate"
)

var i18nUsage = "communs i18n – what to translate, what changed, and the files for translation tools\n\n" + groupUsage("i18n") + `
Every command takes --source DIR, the folder holding site.toml (default: the
one above PATH, else the current folder). status exits with 1 under --strict
when a page or a string is outdated or missing.
`

func cmdI18n(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, i18nUsage)
		return 2
	}
	switch args[0] {
	case "status":
		return i18nStatus(ctx, args[1:], stdout, stderr)
	case "diff":
		return i18nDiff(ctx, args[1:], stdout, stderr)
	case "ack":
		return i18nAck(ctx, args[1:], stdout, stderr)
	case "export":
		return i18nExport(ctx, args[1:], stdout, stderr)
	case "import":
		return i18nImport(ctx, args[1:], stdout, stderr)
	case "help", "--help", "-h":
		fmt.Fprint(stdout, i18nUsage)
		return 0
	}
	return unknownCommand(stderr, "i18n", args[0])
}

// siteDir is --source when given, else the nearest folder above path
// holding site.toml, else the current folder.
func siteDir(source string, sourceSet bool, path string) string {
	if sourceSet || path == "" {
		return source
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return source
	}
	for dir := filepath.Dir(abs); ; dir = filepath.Dir(dir) {
		if st, err := os.Stat(filepath.Join(dir, "site.toml")); err == nil && !st.IsDir() {
			return dir
		}
		if parent := filepath.Dir(dir); parent == dir {
			return source
		}
	}
}

// flagSet starts the flags of a command that takes --source; its help
// is the command's summary.
func flagSet(name string, stdout, stderr io.Writer) (*flags, *string) {
	help := ""
	for _, c := range commands {
		if c.name == name {
			help = strings.ToUpper(c.summary[:1]) + c.summary[1:] + "."
		}
	}
	fs := newFlags(name, help, stdout, stderr)
	source := fs.String("source", ".", "folder holding site.toml (default: the one above PATH, else the current folder)")
	return fs, source
}

func isSet(fs *flags, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

// loadSite reads the site for a translation command; problems that keep
// pages out of the model are printed.
func loadSite(ctx context.Context, dir string, stderr io.Writer) (*site.Site, bool) {
	s, diags, err := translate.LoadSite(ctx, dir)
	printErrors(diags, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "communs: %v\n", err)
		return nil, false
	}
	return s, true
}

func printErrors(diags *diag.List, w io.Writer) {
	if diags == nil {
		return
	}
	n := 0
	for _, d := range diags.Items() {
		if d.Severity != diag.Error {
			continue
		}
		if n++; n <= 20 {
			fmt.Fprintln(w, d.String())
		}
	}
	if n > 20 {
		fmt.Fprintf(w, "… and %d more error(s): communs build lists them all\n", n-20)
	}
	if n > 0 {
		fmt.Fprintf(w, "communs: %d page(s) or setting(s) with errors are left out of what follows\n", n)
	}
}

// formatOf is the file format of export and import: --format, else the
// one the file's extension names, else PO.
func formatOf(format, file string) (string, error) {
	if format == "" {
		switch strings.ToLower(filepath.Ext(file)) {
		case ".xlf", ".xliff":
			format = "xliff"
		default:
			format = "po"
		}
	}
	switch format {
	case "po", "xliff", "xliff2":
		return format, nil
	}
	return "", fmt.Errorf("--format %q: write po, xliff (1.2) or xliff2 (2.0)", format)
}
