package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/communs/communs/internal/build"
	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/slug"
	"github.com/communs/communs/internal/tomlkeys"
	"github.com/communs/communs/internal/translate"
)

var newUsage = groupUsage("new") + `
Every command takes --source DIR, the folder holding site.toml (default: the
current folder). Articles and books are written with draft = true, dated now
in the site's time zone (or SOURCE_DATE_EPOCH), their slug made from the
title; an existing file is never overwritten.

The translation is a copy of the original beside it (index.fr.md →
index.en.md), to translate paragraph by paragraph in place: its front
matter names the original in [source], has empty translators and
reviewers, draft = true until it is done, and records the original's
version (translatedFrom, and the sidecar file .index.en.translated-from.toml
to commit with it). --source DIR names the folder holding site.toml
(default: the one above PATH).
`

func cmdNew(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, newUsage)
		return 2
	}
	switch args[0] {
	case "translation":
		return newTranslation(ctx, args[1:], stdout, stderr)
	case "article", "book", "chapter":
		return newContent(args[0], args[1:], stdout, stderr)
	case "help", "--help", "-h":
		fmt.Fprint(stdout, newUsage)
		return 0
	}
	return unknownCommand(stderr, "new", args[0])
}

// newContent scaffolds an article, a book or a chapter.
func newContent(kind string, args []string, stdout, stderr io.Writer) int {
	fs, source := flagSet("new "+kind, stdout, stderr)
	section := fs.String("section", "articles", "the section of the article (a folder of content/)")
	slugFlag := fs.String("slug", "", "the URL segment and folder name (default: from the title)")
	lang := fs.String("lang", "", "the page's language (default: the site's default language)")
	pos, exit, parsed := fs.parse(args)
	if !parsed {
		return exit
	}
	var book string
	if kind == "chapter" {
		if len(pos) < 2 {
			fmt.Fprint(stderr, newUsage)
			return 2
		}
		book, pos = filepath.Base(filepath.Clean(pos[0])), pos[1:]
	}
	title := strings.TrimSpace(strings.Join(pos, " "))
	if title == "" {
		fmt.Fprintf(stderr, "communs new %s: give the title, such as communs new %s \"Un titre\"\n", kind, kind)
		return 2
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "communs new %s: %s\n", kind, fmt.Sprintf(format, a...))
		return 1
	}
	dir, err := filepath.Abs(*source)
	if err != nil {
		return fail("%v", err)
	}
	var diags diag.List
	cfg, err := site.LoadConfig(dir, &diags)
	printErrors(&diags, stderr)
	if err != nil {
		return fail("%v", err)
	}
	if *lang == "" {
		*lang = cfg.DefaultLanguage
	}
	if _, ok := cfg.Languages[*lang]; !ok {
		return fail("--lang %s is not a language of the site: add [languages.%s] to site.toml", *lang, *lang)
	}
	name := *slugFlag
	if name == "" {
		name = title
	}
	sl := slug.Make(name)
	if sl == "" || sl == "." || sl == ".." || strings.Trim(sl, "._-") == "" {
		return fail("%q gives no usable URL segment: give one with --slug", name)
	}
	now, err := build.Now()
	if err != nil {
		return fail("%v", err)
	}
	now = now.In(cfg.Location).Truncate(time.Second)
	suffix := ".md"
	if *lang != cfg.DefaultLanguage {
		suffix = "." + *lang + ".md"
	}
	var rel, text, next string
	switch kind {
	case "article":
		sec := strings.Trim(filepath.ToSlash(filepath.Clean(*section)), "/")
		if sec == "" || sec == "." || strings.HasPrefix(sec, "..") || sec == "books" || strings.HasPrefix(sec, "books/") {
			return fail("--section %q: name a folder of content/ other than books/ (communs new book writes books)", *section)
		}
		rel = "content/" + sec + "/" + sl + "/index" + suffix
		text = frontMatter([][2]string{
			{"title", tomlkeys.Quote(title)},
			{"date", now.Format(time.RFC3339)},
			{"draft", "true"},
			{"authors", "[]"},
			{"tags", "[]"},
			{"categories", "[]"},
		}) + "\n<!-- The first paragraph is the article's summary. Put its images in this\nfolder, beside this file, and write ![What the image shows](image.png). -->\n"
		next = "write it, then remove draft = true"
	case "book":
		rel = "content/books/" + sl + "/_index" + suffix
		text = frontMatter([][2]string{
			{"title", tomlkeys.Quote(title)},
			{"subtitle", `""`},
			{"date", now.Format(time.RFC3339)},
			{"draft", "true"},
			{"authors", "[]"},
			{"# cover", `"cover.png"  # an image of this folder`},
		}) + "\n<!-- What the book is about: shown on its page, in its EPUB and its PDF. -->\n"
		next = fmt.Sprintf("add its chapters with communs new chapter %s TITLE, then remove draft = true", sl)
	case "chapter":
		bookDir := filepath.Join(dir, "content", "books", book)
		if _, err := os.Stat(filepath.Join(bookDir, "_index"+suffix)); err != nil {
			return fail("no book %q in %s: content/books/%s/_index%s does not exist; create it with communs new book", book, *lang, book, suffix)
		}
		weight := nextWeight(bookDir, cfg.Location)
		rel = fmt.Sprintf("content/books/%s/%02d-%s%s", book, weight, sl, suffix)
		text = frontMatter([][2]string{
			{"title", tomlkeys.Quote(title)},
			{"weight", strconv.Itoa(weight)},
		}) + "\n<!-- The chapter's text. Its images go in the book's folder (or in images/ there). -->\n"
		next = "write it; chapters are in the order of their weight"
	}
	abs := filepath.Join(dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return fail("%v", err)
	}
	// O_EXCL: never overwrite, even a file made at the same moment.
	f, err := os.OpenFile(abs, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fail("%s exists already: refusing to overwrite it; choose another title or --slug", rel)
		}
		return fail("%v", err)
	}
	if _, err := f.WriteString(text); err != nil {
		f.Close()
		os.Remove(abs)
		return fail("writing %s: %v", rel, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(abs)
		return fail("writing %s: %v", rel, err)
	}
	fmt.Fprintf(stdout, "%s: created; %s\n", rel, next)
	return 0
}

// frontMatter writes TOML front matter; values are TOML already.
func frontMatter(kv [][2]string) string {
	var b strings.Builder
	b.WriteString("+++\n")
	for _, e := range kv {
		fmt.Fprintf(&b, "%s = %s\n", e[0], e[1])
	}
	b.WriteString("+++\n")
	return b.String()
}

// nextWeight is one more than the largest weight of the book's chapters
// (their weight key, else the number their file name starts with).
func nextWeight(bookDir string, loc *time.Location) int {
	top := 0
	ents, _ := os.ReadDir(bookDir)
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() || !strings.HasSuffix(n, ".md") || strings.HasPrefix(n, "_index") || site.Ignored(n) {
			continue
		}
		w := 0
		if data, err := os.ReadFile(filepath.Join(bookDir, n)); err == nil {
			if format, fm, _, _, err := site.SplitFrontMatter(data); err == nil {
				if m, _ := site.ParseFrontMatter(format, fm, 2, loc); m != nil {
					w = m.Weight
				}
			}
		}
		if w == 0 {
			digits := len(n) - len(strings.TrimLeft(n, "0123456789"))
			w, _ = strconv.Atoi(n[:digits])
		}
		top = max(top, w)
	}
	return top + 1
}

func newTranslation(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, source := flagSet("new translation", stdout, stderr)
	lang := fs.String("lang", "", "the language to translate into")
	pos, exit, parsed := fs.parse(args)
	if !parsed {
		return exit
	}
	if len(pos) != 1 || *lang == "" {
		fmt.Fprint(stderr, newUsage)
		return 2
	}
	s, ok := loadSite(ctx, siteDir(*source, isSet(fs, "source"), pos[0]), stderr)
	if !ok {
		return 1
	}
	p, err := translate.FindPage(s, pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "communs new translation: %v\n", err)
		return 1
	}
	orig, _ := translate.Original(s, p.Group)
	if orig != p {
		fmt.Fprintf(stdout, "%s is a translation of %s: translating the original\n", p.File, orig.File)
	}
	rel, err := translate.NewTranslation(s, orig, *lang)
	if err != nil {
		fmt.Fprintf(stderr, "communs new translation: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "%s: created from %s, to translate in place (draft = true until it is done); commit it with %s\n",
		rel, orig.File, filepath.ToSlash(translate.RecordPath(rel)))
	return 0
}
