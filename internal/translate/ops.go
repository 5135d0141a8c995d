package translate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/communs/communs/internal/diag"
	"github.com/communs/communs/internal/site"
)

// LoadSite reads the site in dir as the translation commands see it:
// drafts and pages dated in the future included, since translators work
// ahead of publication.
func LoadSite(ctx context.Context, dir string) (*site.Site, *diag.List, error) {
	diags := &diag.List{}
	s, err := site.Load(ctx, dir, site.Options{Drafts: true, Future: true}, diags)
	return s, diags, err
}

// FindPage returns the page whose file is file: a path relative to the
// current folder, absolute, or relative to the site's folder.
func FindPage(s *site.Site, file string) (*site.Page, error) {
	var candidates []string
	if filepath.IsAbs(file) {
		candidates = []string{filepath.Clean(file)}
	} else {
		if abs, err := filepath.Abs(file); err == nil {
			candidates = append(candidates, abs)
		}
		candidates = append(candidates, filepath.Join(s.SourceDir, filepath.FromSlash(file)))
	}
	for i, c := range candidates {
		if r, err := filepath.EvalSymlinks(c); err == nil {
			candidates[i] = r
		}
	}
	for _, l := range s.Languages {
		for _, p := range s.Langs[l.Code].All {
			abs := p.Abs
			if r, err := filepath.EvalSymlinks(abs); err == nil {
				abs = r
			}
			for _, c := range candidates {
				if c == abs {
					return p, nil
				}
			}
		}
	}
	if s.Unpublished != nil {
		rel := filepath.ToSlash(file)
		if why, ok := s.Unpublished[rel]; ok {
			return nil, fmt.Errorf("%s is left out of the site: %s", file, why)
		}
	}
	for _, c := range candidates {
		if _, err := os.Stat(c); err == nil {
			return nil, fmt.Errorf("%s is no page of the site in %s (a page is content/…/index.<lang>.md or content/…/<name>.<lang>.md, with a valid front matter)", file, s.SourceDir)
		}
	}
	return nil, fmt.Errorf("%s: no such file", file)
}

// Ack records that the translation t matches its original as it is now:
// it sets translatedFrom in t's front matter (the rest of the file stays
// byte for byte) and writes the sidecar record beside it.
func Ack(s *site.Site, t *site.Page) (*Record, error) {
	orig, _ := Original(s, t.Group)
	if orig == nil || orig == t {
		return nil, fmt.Errorf("%s is the original of its group, not a translation: acknowledge its translations instead", t.File)
	}
	rec := NewRecord(orig.File, orig.Body)
	if err := setFrontMatterKey(t.Abs, "translatedFrom", rec.TranslatedFrom); err != nil {
		return nil, fmt.Errorf("%s: %w", t.File, err)
	}
	if err := rec.Write(RecordPath(t.Abs)); err != nil {
		return nil, err
	}
	return rec, nil
}

// setFrontMatterKey sets a top-level string key of a content file's front
// matter, leaving every other byte as it was.
func setFrontMatterKey(file, key, value string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	f, err := parseFM(data)
	if err != nil {
		return err
	}
	f.set(key, value)
	fm, err := f.parsed()
	if err != nil {
		return err
	}
	if v, _ := fm.Params[key].(string); v != value {
		return fmt.Errorf("could not set %s in the front matter: write %s = %q in it by hand", key, key, value)
	}
	out := f.bytes()
	if string(out) == string(data) {
		return nil
	}
	return writeFileAtomic(file, out)
}

// NewTranslation starts the translation of original into lang: a copy of
// the original beside it (index.fr.md → index.en.md) whose front matter
// says it is a translation — translators and reviewers empty, a [source]
// table naming the original's title, authors and language, draft = true
// until the translation is done, translatedFrom recording the original's
// version, no aliases (they are the original's URLs) — and its sidecar
// record. Every other line of the front matter, and the body, are the
// original's, to be translated in place. It returns the new file,
// relative to the site's folder.
func NewTranslation(s *site.Site, original *site.Page, lang string) (string, error) {
	if _, ok := s.Langs[lang]; !ok {
		var codes []string
		for _, l := range s.Languages {
			codes = append(codes, l.Code)
		}
		return "", fmt.Errorf("language %q is not one of the site's (%s): add [languages.%s] to site.toml first", lang, strings.Join(codes, ", "), lang)
	}
	if lang == original.Lang {
		return "", fmt.Errorf("%s is already in %s", original.File, lang)
	}
	if t := original.Group.Pages[lang]; t != nil {
		return "", fmt.Errorf("%s already has a translation in %s: %s", original.File, lang, t.File)
	}
	rel := TranslationFile(s, original, lang)
	abs := filepath.Join(s.SourceDir, filepath.FromSlash(rel))
	data, err := os.ReadFile(original.Abs)
	if err != nil {
		return "", err
	}
	f, err := parseFM(data)
	if err != nil {
		return "", fmt.Errorf("%s: %w", original.File, err)
	}
	rec := NewRecord(original.File, original.Body)
	adaptFrontMatter(f, original, rec.TranslatedFrom)
	if _, err := f.parsed(); err != nil {
		return "", fmt.Errorf("%s: %w", original.File, err)
	}
	if err := createFile(abs, f.bytes()); err != nil {
		return "", err
	}
	if err := rec.Write(RecordPath(abs)); err != nil {
		os.Remove(abs)
		return "", err
	}
	return rel, nil
}

// adaptFrontMatter turns a copy of the original's front matter into a
// translation's.
func adaptFrontMatter(f *fmFile, original *site.Page, translatedFrom string) {
	fm := original.FrontMatter
	f.remove("aliases")
	f.set("translators", []string{})
	f.set("reviewers", []string{})
	if !fm.Draft {
		f.set("draft", true)
	}
	f.set("translatedFrom", translatedFrom)
	src := [][2]string{{"title", fm.Title}}
	if len(fm.Authors) > 0 {
		src = append(src, [2]string{"author", strings.Join(fm.Authors, ", ")})
	}
	src = append(src, [2]string{"language", original.Lang})
	f.setTable("source", src)
}

// createFile writes a new file, refusing to replace one.
func createFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("%s already exists: not replaced", path)
		}
		return err
	}
	if _, err := out.Write(data); err != nil {
		out.Close()
		os.Remove(path)
		return err
	}
	return out.Close()
}
