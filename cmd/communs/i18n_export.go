package main

// communs i18n export: a page's paragraphs in a file for translation tools.

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/translate"
)

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
