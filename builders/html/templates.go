package html

import (
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	defaulttheme "github.com/communs/communs/themes/default"
)

// themeFiles gathers a theme layer's files of one folder ("layouts" or
// "static"): the embedded default, then themes/<name>/, then the site's
// own folder, each overriding the previous by file name.
func themeFiles(sourceDir, theme, folder string, hugo bool) (map[string]fileSource, error) {
	files := map[string]fileSource{}
	sub, err := fs.Sub(defaulttheme.Files, folder)
	if err != nil {
		return nil, err
	}
	if err := addLayer(files, sub, "themes/default/"+folder+"/ (built in)"); err != nil {
		return nil, err
	}
	if hugo && folder == "layouts" {
		// A Hugo site's layouts are Hugo's templates: communs renders
		// with its own (its shortcodes are run by the Markdown reader).
		return files, nil
	}
	if theme != "" {
		dir := filepath.Join(sourceDir, "themes", theme, folder)
		if _, err := os.Stat(filepath.Join(sourceDir, "themes", theme)); err != nil {
			return nil, fmt.Errorf("site.toml: theme %q: no folder themes/%s", theme, theme)
		}
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			if err := addLayer(files, os.DirFS(dir), "themes/"+theme+"/"+folder+"/"); err != nil {
				return nil, err
			}
		}
	}
	own := folder
	if folder == "layouts" {
		own = "layouts"
	} else {
		own = "" // the site's static/ is copied by the model (site.Static)
	}
	if own != "" {
		dir := filepath.Join(sourceDir, own)
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			if err := addLayer(files, os.DirFS(dir), own+"/"); err != nil {
				return nil, err
			}
		}
	}
	return files, nil
}

type fileSource struct {
	fsys   fs.FS
	name   string
	origin string // for messages: the file as the author knows it
}

func (f fileSource) read() ([]byte, error) { return fs.ReadFile(f.fsys, f.name) }

func addLayer(files map[string]fileSource, fsys fs.FS, origin string) error {
	return fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || strings.HasPrefix(path.Base(p), ".") {
			return nil
		}
		files[p] = fileSource{fsys: fsys, name: p, origin: origin + p}
		return nil
	})
}

// templates is the parsed theme: one template set per kind of page.
type templates struct {
	byName map[string]*template.Template // "single.html", "articles/single.html", …
}

// loadTemplates parses baseof.html and partials once, then each page
// template on a clone of them, so that each defines its own "main".
func loadTemplates(sourceDir, theme string, hugo bool, funcs template.FuncMap) (*templates, error) {
	files, err := themeFiles(sourceDir, theme, "layouts", hugo)
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	base := template.New("").Funcs(funcs)
	var kinds []string
	for _, n := range names {
		if !strings.HasSuffix(n, ".html") {
			continue
		}
		if n != "baseof.html" && !strings.HasPrefix(n, "partials/") {
			kinds = append(kinds, n)
			continue
		}
		text, err := files[n].read()
		if err != nil {
			return nil, err
		}
		if _, err := base.New(n).Parse(string(text)); err != nil {
			return nil, fmt.Errorf("%s: %w", files[n].origin, err)
		}
	}
	if base.Lookup("baseof.html") == nil {
		return nil, fmt.Errorf("layouts: no baseof.html")
	}
	t := &templates{byName: map[string]*template.Template{}}
	for _, n := range kinds {
		text, err := files[n].read()
		if err != nil {
			return nil, err
		}
		set, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := set.New(n).Parse(string(text)); err != nil {
			return nil, fmt.Errorf("%s: %w", files[n].origin, err)
		}
		t.byName[n] = set
	}
	return t, nil
}

// forLanguage clones every set with the functions of one language: each
// language gets its own T, date, … without passing the language around.
func (t *templates) forLanguage(funcs template.FuncMap) (*templates, error) {
	out := &templates{byName: map[string]*template.Template{}}
	for n, set := range t.byName {
		c, err := set.Clone()
		if err != nil {
			return nil, err
		}
		out.byName[n] = c.Funcs(funcs)
	}
	return out, nil
}

// lookup finds the template for a kind, a section's own first
// (articles/single.html), then the theme's (single.html).
func (t *templates) lookup(section, kind string) *template.Template {
	if section != "" {
		if s, ok := t.byName[section+"/"+kind+".html"]; ok {
			return s
		}
	}
	return t.byName[kind+".html"]
}
