package wordpress

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
)

// Report is what an import did and found, for the end of its output.
type Report struct {
	mu       sync.Mutex
	counts   map[string]map[string]int // kind → status → n
	skipped  map[string]int            // other post types → n
	unknown  map[string][]string       // shortcode → items
	dynamic  map[string][]string       // block → items
	lost     []missingMedia
	noMedia  int      // upload links kept because no --media was given
	pinned   []string // posts whose URL needed url = to stay the same
	moves    []move
	warnings []string
	notes    []string // what the import did beside the pages
	changed  []string
}

type missingMedia struct{ item, url string }
type move struct{ item, old, now string }

func newReport() *Report {
	return &Report{counts: map[string]map[string]int{}, skipped: map[string]int{}, unknown: map[string][]string{}, dynamic: map[string][]string{}}
}

func (r *Report) count(kind, status string) {
	if status == "" {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.counts[kind] == nil {
		r.counts[kind] = map[string]int{}
	}
	r.counts[kind][status]++
}

// Count is how many items of kind had status ("publish", "draft (skipped)"…).
func (r *Report) Count(kind, status string) int { return r.counts[kind][status] }

func (r *Report) skipType(t string) {
	r.mu.Lock()
	r.skipped[t]++
	r.mu.Unlock()
}

func (r *Report) warn(item, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if item != "" {
		msg = item + ": " + msg
	}
	r.mu.Lock()
	r.warnings = append(r.warnings, msg)
	r.mu.Unlock()
}

func (r *Report) note(msg string) {
	r.mu.Lock()
	r.notes = append(r.notes, msg)
	r.mu.Unlock()
}

func (r *Report) unknownShortcode(item, name string, n int) {
	r.mu.Lock()
	r.unknown[name] = append(r.unknown[name], item)
	r.mu.Unlock()
}

func (r *Report) dynamicBlock(item, name string, n int) {
	r.mu.Lock()
	r.dynamic[name] = append(r.dynamic[name], item)
	r.mu.Unlock()
}

func (r *Report) missing(item, url string, haveMedia bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !haveMedia {
		r.noMedia++
		return
	}
	r.lost = append(r.lost, missingMedia{item, url})
}

func (r *Report) pin(item, p string) {
	r.mu.Lock()
	r.pinned = append(r.pinned, p+" ("+item+")")
	r.mu.Unlock()
}

func (r *Report) moved(item, old, now string) {
	r.mu.Lock()
	r.moves = append(r.moves, move{item, old, now})
	r.mu.Unlock()
}

// UnknownShortcodes are the shortcodes left as text, by name.
func (r *Report) UnknownShortcodes() map[string][]string { return r.unknown }

// Missing are the uploads not found in --media, as "item: URL".
func (r *Report) Missing() []string {
	var out []string
	for _, m := range r.lost {
		out = append(out, m.item+": "+m.url)
	}
	return out
}

// Moved are the published items whose URL could not stay the same, as
// "old → new".
func (r *Report) Moved() []string {
	var out []string
	for _, m := range r.moves {
		out = append(out, m.old+" → "+m.now)
	}
	return out
}

// Warnings are the report's other warnings.
func (r *Report) Warnings() []string { return r.warnings }

// Print writes the report under header ("Imported:", "Would import:").
func (r *Report) Print(w io.Writer, header string) {
	fmt.Fprintln(w, header)
	kinds := slices.Sorted(maps.Keys(r.counts))
	for _, k := range kinds {
		var parts []string
		for _, s := range slices.Sorted(maps.Keys(r.counts[k])) {
			parts = append(parts, fmt.Sprintf("%d %s", r.counts[k][s], s))
		}
		fmt.Fprintf(w, "  %-11s %s\n", k+"s", strings.Join(parts, ", "))
	}
	if len(r.skipped) > 0 {
		var parts []string
		for _, t := range slices.Sorted(maps.Keys(r.skipped)) {
			parts = append(parts, fmt.Sprintf("%d %s", r.skipped[t], t))
		}
		fmt.Fprintf(w, "  not imported (other types): %s\n", strings.Join(parts, ", "))
	}
	for _, n := range r.notes {
		fmt.Fprintf(w, "  %s\n", n)
	}
	if len(r.unknown) > 0 {
		fmt.Fprintln(w, "Shortcodes communs does not know, left as text (edit these posts):")
		for _, name := range slices.Sorted(maps.Keys(r.unknown)) {
			fmt.Fprintf(w, "  [%s] in %d: %s\n", name, len(r.unknown[name]), listSome(r.unknown[name], 5))
		}
	}
	if len(r.dynamic) > 0 {
		fmt.Fprintln(w, "Blocks that WordPress draws on each request, not imported (they saved no content):")
		for _, name := range slices.Sorted(maps.Keys(r.dynamic)) {
			fmt.Fprintf(w, "  wp:%s in %d: %s\n", name, len(r.dynamic[name]), listSome(r.dynamic[name], 3))
		}
	}
	if len(r.lost) > 0 {
		fmt.Fprintf(w, "Media not found in --media (%d; their links still point at the old site):\n", len(r.lost))
		for _, m := range r.lost {
			fmt.Fprintf(w, "  %s: %s\n", m.item, m.url)
		}
	}
	if r.noMedia > 0 {
		fmt.Fprintf(w, "Media: %d links to wp-content/uploads keep their old URLs; give --media DIR (a copy of wp-content/uploads/) to bring the files into the bundles.\n", r.noMedia)
	}
	if len(r.pinned) > 0 {
		fmt.Fprintf(w, "URLs kept as they were with url = (%d): the day on the blog's clock is not the day in the site's time zone, or the slug has letters communs' slugs fold to ASCII:\n", len(r.pinned))
		for i, p := range r.pinned {
			if i == 10 {
				fmt.Fprintf(w, "  … and %d more\n", len(r.pinned)-10)
				break
			}
			fmt.Fprintf(w, "  %s\n", p)
		}
	}
	if len(r.moves) > 0 {
		fmt.Fprintf(w, "URLs that could not stay the same (%d; each old one redirects, an alias is written):\n", len(r.moves))
		for _, m := range r.moves {
			fmt.Fprintf(w, "  %s → %s (%s)\n", m.old, m.now, m.item)
		}
	}
	if len(r.warnings) > 0 {
		fmt.Fprintf(w, "Warnings (%d):\n", len(r.warnings))
		for _, m := range r.warnings {
			fmt.Fprintf(w, "  %s\n", m)
		}
	}
}

func listSome(items []string, n int) string {
	sort.Strings(items)
	if len(items) <= n {
		return strings.Join(items, ", ")
	}
	return strings.Join(items[:n], ", ") + fmt.Sprintf(" and %d more", len(items)-n)
}
