package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/communs/communs/internal/translate"
)

const newUsage = `Usage:
  communs new translation PATH --lang L   start the translation of the page PATH into L

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
	case "help", "--help", "-h":
		fmt.Fprint(stdout, newUsage)
		return 0
	}
	fmt.Fprintf(stderr, "communs new: unknown kind %q\n\n%s", args[0], newUsage)
	return 2
}

func newTranslation(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs, source := flagSet("new translation", stderr)
	lang := fs.String("lang", "", "the language to translate into")
	pos, err := parseArgs(fs, args)
	if err != nil {
		return 2
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
