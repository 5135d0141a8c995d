package main

// communs i18n import: a translation tool's file back into the page.

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/communs/communs/internal/translate"
)

func i18nImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, source := flagSet("i18n import", stdout, stderr)
	format := fs.String("format", "", "po, xliff (1.2) or xliff2 (2.0) (default: from FILE's extension and content, else po)")
	dryRun := fs.Bool("dry-run", false, "say what the import would do, and show the change, without writing")
	pos, exit, parsed := fs.parse(args)
	if !parsed {
		return exit
	}
	if len(pos) < 1 || len(pos) > 2 {
		fmt.Fprintln(stderr, "usage: communs i18n import [--format po|xliff] PATH [FILE]")
		return 2
	}
	file := "-"
	if len(pos) == 2 {
		file = pos[1]
	}
	f, err := formatOf(*format, file)
	if err != nil {
		fmt.Fprintf(stderr, "communs i18n import: %v\n", err)
		return 2
	}
	var data []byte
	if file == "-" {
		data, err = io.ReadAll(os.Stdin)
	} else {
		data, err = os.ReadFile(file)
	}
	if err != nil {
		fmt.Fprintf(stderr, "communs i18n import: %v\n", err)
		return 1
	}
	if f == "xliff" && *format == "" && bytes.Contains(data[:min(len(data), 512)], []byte("urn:oasis:names:tc:xliff:document:2.0")) {
		f = "xliff2" // a .xlf file of XLIFF 2.0
	}
	var ex *translate.Exchange
	switch f {
	case "xliff":
		ex, err = translate.ReadXLIFF(data)
	case "xliff2":
		ex, err = translate.ReadXLIFF2(data)
	default:
		ex, err = translate.ReadPO(data)
	}
	if err != nil {
		fmt.Fprintf(stderr, "communs i18n import: %s: %v\n", file, err)
		return 1
	}
	s, ok := loadSite(ctx, siteDir(*source, isSet(fs, "source"), pos[0]), stderr)
	if !ok {
		return 1
	}
	res, err := translate.Import(s, ex, pos[0], translate.ImportOptions{DryRun: *dryRun})
	if err != nil {
		fmt.Fprintf(stderr, "communs i18n import: %v\n", err)
		return 1
	}
	// file:line: error: … (XLIFF: file: unit p7: …), as compilers say it.
	where := func(p translate.ImportProblem) string {
		switch {
		case p.Where == "":
			return file
		case strings.HasPrefix(p.Where, "line "):
			return file + ":" + strings.TrimPrefix(p.Where, "line ")
		}
		return file + ": " + p.Where
	}
	for _, p := range res.Refused {
		fmt.Fprintf(stderr, "%s: error: %s\n", where(p), p.Msg)
	}
	for _, p := range append(res.Stale, res.Glossary...) {
		fmt.Fprintf(stderr, "%s: warning: %s\n", where(p), p.Msg)
	}
	would := ""
	if len(res.Refused) > 0 || *dryRun {
		would = "would be " // nothing is written
	}
	fmt.Fprintf(stdout, "%s: %d paragraph(s): %d %stranslated from %s, %d kept as they were, %d left in the original's language, %d to review; %d entr(ies) not applied, %d refused\n",
		res.File, res.Paragraphs, res.Applied, would, file, res.Kept, res.Untranslated, res.Fuzzy, len(res.Stale), len(res.Refused))
	switch {
	case len(res.Refused) > 0:
		fmt.Fprintf(stderr, "communs i18n import: %d entr(ies) refused: %s left as it was; correct the file and import it again\n", len(res.Refused), res.File)
		return 1
	case *dryRun:
		if d := translate.LineDiff(res.Before, res.After); d != "" {
			fmt.Fprintf(stdout, "--dry-run: %s would change so:\n%s", res.File, d)
		} else {
			fmt.Fprintf(stdout, "--dry-run: %s would not change\n", res.File)
		}
	case res.Created:
		fmt.Fprintf(stdout, "%s: created\n", res.File)
	case res.Recorded:
		fmt.Fprintf(stdout, "recorded as translated from %s as it is (%s)\n", ex.Original, res.TranslatedFrom)
	default:
		fmt.Fprintf(stdout, "not recorded as up to date: finish it, then communs i18n ack %s\n", res.File)
	}
	return 0
}
