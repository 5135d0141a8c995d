package main

// communs i18n ack: record that translations match their originals now.

import (
	"context"
	"fmt"
	"io"
	"path/filepath"

	"github.com/communs/communs/internal/translate"
)

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
