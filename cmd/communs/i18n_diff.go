package main

// communs i18n diff: what changed in a translation's original, word by word.

import (
	"context"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/communs/communs/internal/translate"
)

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
