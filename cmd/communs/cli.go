package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
)

// command is one of communs' commands as `communs help` lists it.
type command struct {
	name     string // "build", "i18n status", "new translation"
	synopsis string // its arguments and flags, briefly
	summary  string // what it does, in one line
}

// commands are every command, in the order help lists them.
var commands = []command{
	{"build", "[--source DIR] [--dest DIR] [--drafts] [--future] [--base-url URL] [--strict] [--cache DIR] [--quiet] [--verbose] [--workers N]", "build the site, its feeds and its books into public/"},
	{"serve", "[--source DIR] [--port N] [--bind ADDR] [--drafts] [--future] [--no-reload] [--cache DIR | --no-cache]", "preview the site, rebuilt and reloaded as you edit"},
	{"check", "[--external] [--format text|json] [--source DIR] [--dest DIR]", "check the built site's links, anchors, images and alternative texts"},
	{"i18n status", "[--lang L] [--json] [--strict]", "pages and interface strings to translate or update"},
	{"i18n diff", "PATH", "what changed in the original of the translation PATH"},
	{"i18n ack", "PATH…", "record that the translation PATH matches its original now"},
	{"i18n export", "[--format po|xliff|xliff2] [--lang L] [-o FILE] PATH", "the translation PATH as a PO or XLIFF file for translation tools"},
	{"i18n import", "[--format po|xliff|xliff2] [--dry-run] PATH [FILE]", "write a PO or XLIFF file into the translation PATH"},
	{"new article", "TITLE [--section S] [--slug S] [--lang L]", "start an article: content/articles/<slug>/index.md"},
	{"new book", "TITLE [--slug S] [--lang L]", "start a book: content/books/<slug>/_index.md"},
	{"new chapter", "BOOK TITLE [--slug S] [--lang L]", "add the next chapter to the book BOOK"},
	{"new translation", "PATH --lang L", "start the translation of the page PATH into L"},
	{"import wordpress", "EXPORT.xml [--source DIR] [--section articles] [--media DIR] [--dry-run] [--force]", "import a WordPress export: posts, pages, media, comments, old URLs"},
	{"version", "", "print communs' version"},
	{"help", "[COMMAND]", "this list, or a command's help (also: communs COMMAND --help)"},
}

// usageText is the list of every command.
func usageText() string {
	var b strings.Builder
	b.WriteString("communs – one command from Markdown to a multilingual site, feeds and books\n\nUsage:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %s\n", strings.TrimSpace("communs "+c.name+" "+c.synopsis))
	}
	b.WriteString("\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-17s %s\n", c.name, c.summary)
	}
	b.WriteString(`
Run in the folder that holds site.toml, or name it with --source.
The site is written to public/ (or --dest DIR), replacing the previous
output only when the build succeeds. communs COMMAND --help lists a
command's flags.
`)
	return b.String()
}

// groupUsage lists the commands under a group ("i18n", "new").
func groupUsage(group string) string {
	var b strings.Builder
	b.WriteString("Usage:\n")
	for _, c := range commands {
		if strings.HasPrefix(c.name, group+" ") {
			fmt.Fprintf(&b, "  communs %s %s\n      %s\n", c.name, c.synopsis, c.summary)
		}
	}
	return b.String()
}

// unknownCommand says that word is no command of group ("" for the top
// level), naming the nearest one, and returns the exit status 2.
func unknownCommand(stderr io.Writer, group, word string) int {
	var names []string
	seen := map[string]bool{}
	for _, c := range commands {
		name := c.name
		if group != "" {
			if !strings.HasPrefix(name, group+" ") {
				continue
			}
			name = strings.TrimPrefix(name, group+" ")
		}
		name, _, _ = strings.Cut(name, " ")
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	prefix := "communs"
	if group != "" {
		prefix += " " + group
	}
	noun := "command"
	if group == "new" {
		noun = "kind" // communs new article: what to start
	}
	fmt.Fprintf(stderr, "%s: unknown %s %q", prefix, noun, word)
	if near := nearest(word, names); near != "" {
		fmt.Fprintf(stderr, "; did you mean %q?", near)
	}
	fmt.Fprintf(stderr, "\nThe %ss: %s (communs help lists what each does).\n", noun, strings.Join(names, ", "))
	return 2
}

// flags is the flag set of one command, with the help it prints.
type flags struct {
	*flag.FlagSet
	name           string // "build", "i18n export"
	help           string // what the command does, before the flags
	stdout, stderr io.Writer
}

// newFlags starts the flags of a command; help says what it does and is
// printed, with the flags, by --help.
func newFlags(name, help string, stdout, stderr io.Writer) *flags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	// parse prints what is wrong, with a suggestion; the flag package
	// would print every flag after the least typo.
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flags{FlagSet: fs, name: name, help: help, stdout: stdout, stderr: stderr}
}

// parse reads flags placed before, between or after the positional
// arguments (communs new translation PATH --lang en), which it returns.
// When it returns ok false, the command ends with code: 0 after --help,
// 2 for a flag that is not one, named with the nearest.
func (f *flags) parse(args []string) (pos []string, code int, ok bool) {
	for {
		if err := f.Parse(args); err != nil {
			return nil, f.parseError(err), false
		}
		args = f.Args()
		if len(args) == 0 {
			return pos, 0, true
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), 0, true
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// parseOnly is parse for a command that takes flags alone: an argument
// is refused, with hint (what to write instead).
func (f *flags) parseOnly(args []string, hint string) (code int, ok bool) {
	pos, code, ok := f.parse(args)
	if ok && len(pos) > 0 {
		fmt.Fprintf(f.stderr, "communs %s: unexpected argument %q (%s)\n", f.name, pos[0], hint)
		return 2, false
	}
	return code, ok
}

func (f *flags) parseError(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		io.WriteString(f.stdout, f.Usage())
		return 0
	}
	msg := err.Error()
	if name, found := strings.CutPrefix(msg, "flag provided but not defined: "); found {
		name = strings.TrimLeft(name, "-")
		fmt.Fprintf(f.stderr, "communs %s: unknown flag --%s", f.name, name)
		var names []string
		f.VisitAll(func(fl *flag.Flag) { names = append(names, fl.Name) })
		if near := nearest(name, names); near != "" {
			fmt.Fprintf(f.stderr, "; did you mean --%s?", near)
		}
		fmt.Fprintln(f.stderr)
	} else {
		// A value that is not one: invalid value "x" for flag -workers: …
		fmt.Fprintf(f.stderr, "communs %s: %s\n", f.name, strings.Replace(msg, " for flag -", " for --", 1))
	}
	fmt.Fprintf(f.stderr, "communs %s --help lists its flags.\n", f.name)
	return 2
}

// Usage is the command's help: the usage line, what it does, its flags.
func (f *flags) Usage() string {
	var b strings.Builder
	for _, c := range commands {
		if c.name == f.name {
			fmt.Fprintf(&b, "Usage: %s\n\n", strings.TrimSpace("communs "+c.name+" "+c.synopsis))
		}
	}
	if f.help != "" {
		b.WriteString(strings.TrimRight(f.help, "\n"))
		b.WriteString("\n\n")
	}
	b.WriteString("Flags:\n")
	f.VisitAll(func(fl *flag.Flag) {
		dash := "--"
		if len(fl.Name) == 1 {
			dash = "-"
		}
		arg, usage := flag.UnquoteUsage(fl)
		if m, ok := metavars[fl.Name]; ok && arg != "" && !strings.Contains(fl.Usage, "`") {
			arg = m
		} else if arg == "int" {
			arg = "N"
		}
		head := dash + fl.Name
		if arg != "" {
			head += " " + strings.ToUpper(arg)
		}
		fmt.Fprintf(&b, "  %-20s %s", head, usage)
		if def := fl.DefValue; def != "" && def != "false" && def != "0" && !strings.Contains(usage, "default") {
			fmt.Fprintf(&b, " (default: %s)", def)
		}
		b.WriteByte('\n')
	})
	return b.String()
}

// metavars name the values of the flags in the help.
var metavars = map[string]string{
	"source": "DIR", "dest": "DIR", "cache": "DIR", "cpuprofile": "FILE", "memprofile": "FILE", "o": "FILE",
	"base-url": "URL", "bind": "ADDR", "lang": "L", "section": "S", "slug": "S", "format": "FORMAT", "color": "WHEN",
}

// nearest is the candidate closest to word, when it is close enough to be
// what was meant (a letter wrong, missing, added or two swapped, per four
// letters), or a candidate that word alone begins; "" when none is.
func nearest(word string, candidates []string) string {
	word = strings.ToLower(word)
	best, bestDist := "", 0
	sorted := append([]string(nil), candidates...)
	sort.Strings(sorted)
	for _, c := range sorted {
		d := editDistance(word, strings.ToLower(c))
		if best == "" || d < bestDist {
			best, bestDist = c, d
		}
	}
	if best != "" && bestDist <= max(1, len([]rune(word))/4+1) && bestDist < len([]rune(word)) {
		return best
	}
	var prefixed []string
	for _, c := range sorted {
		if len(word) >= 2 && strings.HasPrefix(strings.ToLower(c), word) {
			prefixed = append(prefixed, c)
		}
	}
	if len(prefixed) == 1 {
		return prefixed[0]
	}
	return ""
}

// editDistance counts the letters to change, add, remove or swap with
// their neighbour to turn a into b (optimal string alignment).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
