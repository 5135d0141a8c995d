package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

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

type statusReport struct {
	Pages   []*translate.PageStatus  `json:"pages"`
	Strings []translate.StringStatus `json:"strings"`
}

func i18nStatus(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, source := flagSet("i18n status", stdout, stderr)
	lang := fs.String("lang", "", "only this language")
	asJSON := fs.Bool("json", false, "print one JSON object: {\"pages\": […], \"strings\": […]}")
	strict := fs.Bool("strict", false, "exit with 1 when a page or string is outdated or missing")
	if exit, parsed := fs.parseOnly(args, "use --source DIR"); !parsed {
		return exit
	}
	s, ok := loadSite(ctx, *source, stderr)
	if !ok {
		return 1
	}
	if *lang != "" && s.Langs[*lang] == nil {
		fmt.Fprintf(stderr, "communs i18n status: the site has no language %q\n", *lang)
		return 2
	}
	rep := statusReport{Pages: []*translate.PageStatus{}, Strings: []translate.StringStatus{}}
	for _, ps := range translate.PageStatuses(s) {
		if *lang == "" || ps.Language == *lang {
			rep.Pages = append(rep.Pages, ps)
		}
	}
	strs, err := translate.StringStatuses(s)
	if err != nil {
		fmt.Fprintf(stderr, "communs: %v\n", err)
		return 1
	}
	for _, st := range strs {
		if *lang == "" || st.Language == *lang {
			rep.Strings = append(rep.Strings, st)
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(stderr, "communs: %v\n", err)
			return 1
		}
	} else {
		printStatus(stdout, s, rep, *lang)
	}
	if *strict {
		bad := 0
		for _, ps := range rep.Pages {
			if ps.Status == translate.Outdated || ps.Status == translate.Missing {
				bad++
			}
		}
		for _, st := range rep.Strings {
			if st.Status == translate.Missing {
				bad++
			}
		}
		if bad > 0 {
			fmt.Fprintf(stderr, "communs i18n status: %d page(s) or string(s) outdated or missing (--strict)\n", bad)
			return 1
		}
	}
	return 0
}

var pageOrder = []translate.Status{translate.Current, translate.Draft, translate.Outdated, translate.Untracked, translate.Missing}

func printStatus(w io.Writer, s *site.Site, rep statusReport, only string) {
	var langs []string
	for _, l := range s.Languages {
		if only == "" || l.Code == only {
			langs = append(langs, l.Code)
		}
	}
	if len(s.Languages) < 2 {
		fmt.Fprintln(w, "The site has one language: there is nothing to translate.")
	}
	counts := map[string]map[translate.Status]int{}
	for _, ps := range rep.Pages {
		if counts[ps.Language] == nil {
			counts[ps.Language] = map[translate.Status]int{}
		}
		counts[ps.Language][ps.Status]++
	}
	fmt.Fprintln(w, "Pages")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  language\tcurrent\tdraft\toutdated\tuntracked\tmissing\ttotal") // pageOrder
	for _, l := range langs {
		c := counts[l]
		total := 0
		for _, st := range pageOrder {
			total += c[st]
		}
		if total == 0 && only == "" {
			continue // nothing is translated into l: its originals are published elsewhere
		}
		fmt.Fprintf(tw, "  %s", l)
		for _, st := range pageOrder {
			fmt.Fprintf(tw, "\t%s", percent(c[st], total))
		}
		fmt.Fprintf(tw, "\t%d\n", total)
	}
	tw.Flush()

	var work, notes []*translate.PageStatus
	for _, ps := range rep.Pages {
		if ps.Status != translate.Current {
			work = append(work, ps)
		} else if ps.Note != "" {
			notes = append(notes, ps)
		}
	}
	if len(work) > 0 {
		rank := map[translate.Status]int{translate.Outdated: 0, translate.Untracked: 1, translate.Draft: 2, translate.Missing: 3}
		sort.SliceStable(work, func(i, j int) bool {
			a, b := work[i], work[j]
			if a.Language != b.Language {
				return langIndex(s, a.Language) < langIndex(s, b.Language)
			}
			return rank[a.Status] < rank[b.Status]
		})
		fmt.Fprintln(w, "\nTo work on")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		present := map[translate.Status]bool{}
		for _, ps := range work {
			present[ps.Status] = true
			var what string
			switch ps.Status {
			case translate.Outdated:
				if n := len(ps.Changed); n > 0 {
					what = fmt.Sprintf("%d paragraph(s) of the original changed", n)
				} else {
					what = "the original changed (no paragraph record)"
				}
			case translate.Missing:
				what = "from " + ps.Original
			case translate.Untracked:
				what = "no record of the original's version it translates"
			case translate.Draft:
				what = ps.Note
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", ps.Language, ps.Status, ps.Path, what)
		}
		tw.Flush()
		fmt.Fprintln(w)
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		if present[translate.Outdated] {
			fmt.Fprintln(tw, "  communs i18n diff PATH\tshows what changed in the original, word by word")
		}
		if present[translate.Outdated] || present[translate.Untracked] {
			fmt.Fprintln(tw, "  communs i18n ack PATH\trecords that the translation matches its original now")
		}
		if present[translate.Missing] {
			fmt.Fprintln(tw, "  communs new translation ORIGINAL --lang L\tstarts a translation")
		}
		tw.Flush()
	}
	if len(notes) > 0 {
		fmt.Fprintln(w, "\nNotes")
		for _, ps := range notes {
			fmt.Fprintf(w, "  %s  %s: %s\n", ps.Language, ps.Path, ps.Note)
		}
	}

	// Interface strings.
	sc := map[string]map[translate.Status]int{}
	var missing []translate.StringStatus
	unused := map[string][]string{}
	for _, st := range rep.Strings {
		if sc[st.Language] == nil {
			sc[st.Language] = map[translate.Status]int{}
		}
		sc[st.Language][st.Status]++
		switch st.Status {
		case translate.Missing:
			missing = append(missing, st)
		case translate.Unused:
			unused[st.Language] = append(unused[st.Language], st.Key)
		}
	}
	fmt.Fprintf(w, "\nInterface strings (the templates' and builders' keys, checked against %s)\n", s.Config.DefaultLanguage)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  language\tcurrent\tmissing\tunused")
	for _, l := range langs {
		c := sc[l]
		total := c[translate.Current] + c[translate.Missing]
		if l == s.Config.DefaultLanguage {
			fmt.Fprintf(tw, "  %s\t(reference)\t%d\t%d\n", l, c[translate.Missing], c[translate.Unused])
			continue
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%d\n", l, percent(c[translate.Current], total), percent(c[translate.Missing], total), c[translate.Unused])
	}
	tw.Flush()
	if len(missing) > 0 {
		fmt.Fprintln(w, "\nMissing strings")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, st := range missing {
			what := "add it to " + st.File
			if st.Fallback != "" {
				what += fmt.Sprintf(" (a build shows the built-in %q meanwhile)", st.Fallback)
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\n", st.Language, st.Key, what)
		}
		tw.Flush()
	}
	if len(unused) > 0 {
		fmt.Fprintln(w, "\nUnused strings (no template or builder uses them)")
		for _, l := range langs {
			if keys := unused[l]; len(keys) > 0 {
				fmt.Fprintf(w, "  %s: %s\n", l, strings.Join(keys, ", "))
			}
		}
	}
}

func langIndex(s *site.Site, code string) int {
	for i, l := range s.Languages {
		if l.Code == code {
			return i
		}
	}
	return len(s.Languages)
}

func percent(n, total int) string {
	if total == 0 {
		return "0"
	}
	return fmt.Sprintf("%d (%d %%)", n, (n*100+total/2)/total)
}

// colourOut tells whether to colour what goes to w: --color always or
// never, else only a terminal, and not when NO_COLOR is set.
func colourOut(mode string, w io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func i18nDiff(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, source := flagSet("i18n diff", stdout, stderr)
	colorMode := fs.String("color", "auto", "colour the diff: auto (on a terminal), always, never")
	pos, exit, parsed := fs.parse(args)
	if !parsed {
		return exit
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "usage: communs i18n diff [--source DIR] PATH (a translation)")
		return 2
	}
	s, ok := loadSite(ctx, siteDir(*source, isSet(fs, "source"), pos[0]), stderr)
	if !ok {
		return 1
	}
	p, err := translate.FindPage(s, pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "communs i18n diff: %v\n", err)
		return 1
	}
	ps := translate.PageStatusOf(s, p)
	if ps == nil {
		fmt.Fprintf(stderr, "communs i18n diff: %s is the original of its group; name one of its translations\n", p.File)
		return 1
	}
	colour := colourOut(*colorMode, stdout)
	bold := func(t string) string {
		if colour {
			return "\x1b[1m" + t + "\x1b[0m"
		}
		return t
	}
	switch ps.Status {
	case translate.Untracked:
		fmt.Fprintf(stdout, "%s: untracked: %s\n", p.File, ps.Note)
		return 0
	case translate.Draft:
		fmt.Fprintf(stdout, "%s: draft, made from %s as it is: %s\n", p.File, ps.Original, ps.Note)
		return 0
	case translate.Current:
		if len(ps.Cosmetic) == 0 {
			fmt.Fprintf(stdout, "%s: current: the words of %s did not change since the translation\n", p.File, ps.Original)
			return 0
		}
		fmt.Fprintf(stdout, "%s: current: %s changed in punctuation, spacing or typography only\n", p.File, ps.Original)
	case translate.Outdated:
		if len(ps.Changed) == 0 {
			fmt.Fprintf(stdout, "%s: outdated: %s\n", p.File, ps.Note)
			return 0
		}
		fmt.Fprintf(stdout, "%s: outdated: %d paragraph(s) of %s changed since the translation\n", p.File, len(ps.Changed), ps.Original)
	}
	changes := append(append([]translate.Change(nil), ps.Changed...), ps.Cosmetic...)
	sort.SliceStable(changes, func(i, j int) bool { return changes[i].Line < changes[j].Line })
	for _, c := range changes {
		var head string
		switch {
		case c.Before == "":
			head = fmt.Sprintf("added paragraph %d, line %d", c.AfterIndex, c.Line)
		case c.After == "":
			head = fmt.Sprintf("removed paragraph %d (it was before line %d)", c.BeforeIndex, c.Line)
		case c.Cosmetic:
			head = fmt.Sprintf("paragraph %d, line %d (punctuation, spacing or typography only)", c.AfterIndex, c.Line)
		default:
			head = fmt.Sprintf("paragraph %d, line %d", c.AfterIndex, c.Line)
		}
		fmt.Fprintf(stdout, "\n%s\n%s\n", bold("@@ "+ps.Original+": "+head), translate.FormatDiff(translate.WordDiff(c.Before, c.After), colour))
	}
	fmt.Fprintf(stdout, "\nOnce %s is updated: communs i18n ack %s\n", p.File, p.File)
	return 0
}

func i18nAck(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, source := flagSet("i18n ack", stdout, stderr)
	pos, exit, parsed := fs.parse(args)
	if !parsed {
		return exit
	}
	if len(pos) == 0 {
		fmt.Fprintln(stderr, "usage: communs i18n ack [--source DIR] PATH… (translations)")
		return 2
	}
	s, ok := loadSite(ctx, siteDir(*source, isSet(fs, "source"), pos[0]), stderr)
	if !ok {
		return 1
	}
	code := 0
	for _, path := range pos {
		p, err := translate.FindPage(s, path)
		if err == nil {
			var rec *translate.Record
			if rec, err = translate.Ack(s, p); err == nil {
				fmt.Fprintf(stdout, "%s: translated from %s as it is now (%s, %d paragraphs recorded in %s)\n",
					p.File, rec.Original, rec.TranslatedFrom, len(rec.Paragraphs), filepath.Base(translate.RecordPath(p.File)))
				continue
			}
		}
		fmt.Fprintf(stderr, "communs i18n ack: %v\n", err)
		code = 1
	}
	return code
}

// exportTarget resolves PATH and --lang: a translation, or an original
// and the language to translate it into.
func exportTarget(s *site.Site, path, lang string) (*site.Page, string, error) {
	p, err := translate.FindPage(s, path)
	if err != nil {
		// A translation not written yet: the original's file with another language.
		for _, l := range s.Languages {
			for _, q := range s.Langs[l.Code].All {
				orig, _ := translate.Original(s, q.Group)
				if orig == q {
					for _, t := range s.Languages {
						if t.Code != q.Lang && translate.TranslationFile(s, q, t.Code) == relToSite(s, path) {
							return q, t.Code, nil
						}
					}
				}
			}
		}
		return nil, "", err
	}
	orig, _ := translate.Original(s, p.Group)
	if orig == nil {
		return nil, "", fmt.Errorf("%s has no original", p.File)
	}
	if orig != p {
		if lang != "" && lang != p.Lang {
			return nil, "", fmt.Errorf("%s is in %s, not %s", p.File, p.Lang, lang)
		}
		return orig, p.Lang, nil
	}
	if lang == "" {
		return nil, "", fmt.Errorf("%s is an original: name the language to translate it into with --lang", p.File)
	}
	return orig, lang, nil
}

// relToSite is path relative to the site's folder when it is inside it
// (relative to the current folder or absolute), else path as written,
// taken as relative to the site's folder.
func relToSite(s *site.Site, path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		if r, err := filepath.Rel(s.SourceDir, abs); err == nil && r != ".." && !strings.HasPrefix(r, ".."+string(filepath.Separator)) {
			return filepath.ToSlash(r)
		}
	}
	return filepath.ToSlash(path)
}

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

func i18nExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, source := flagSet("i18n export", stdout, stderr)
	format := fs.String("format", "", "po, xliff (1.2) or xliff2 (2.0) (default: from -o's extension, else po)")
	lang := fs.String("lang", "", "the language to translate into, when PATH is the original")
	out := fs.String("o", "", "write to this file rather than to standard output")
	pos, exit, parsed := fs.parse(args)
	if !parsed {
		return exit
	}
	if len(pos) != 1 {
		fmt.Fprintln(stderr, "usage: communs i18n export [--format po|xliff] [--lang L] [-o FILE] PATH")
		return 2
	}
	f, err := formatOf(*format, *out)
	if err != nil {
		fmt.Fprintf(stderr, "communs i18n export: %v\n", err)
		return 2
	}
	s, ok := loadSite(ctx, siteDir(*source, isSet(fs, "source"), pos[0]), stderr)
	if !ok {
		return 1
	}
	orig, target, err := exportTarget(s, pos[0], *lang)
	if err != nil {
		fmt.Fprintf(stderr, "communs i18n export: %v\n", err)
		return 1
	}
	ex, err := translate.Export(s, orig, target)
	if err != nil {
		fmt.Fprintf(stderr, "communs i18n export: %v\n", err)
		return 1
	}
	var data []byte
	switch f {
	case "xliff":
		data = translate.WriteXLIFF(ex)
	case "xliff2":
		data = translate.WriteXLIFF2(ex)
	default:
		data = translate.WritePO(ex)
	}
	if *out == "" {
		_, err = stdout.Write(data)
	} else {
		err = os.WriteFile(*out, data, 0o644)
	}
	if err != nil {
		fmt.Fprintf(stderr, "communs i18n export: %v\n", err)
		return 1
	}
	return 0
}

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
