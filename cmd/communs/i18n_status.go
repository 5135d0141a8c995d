package main

// communs i18n status: how far each language is, page by page and for
// the interface strings.

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/translate"
)

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
