package main

import (
	"path/filepath"
	"strings"

	"github.com/communs/communs/internal/server"
)

// previewTargetMS is issue 8's goal for a title edit; editTargetMS
// issue 17's for any one-article edit.
const (
	previewTargetMS = 100
	editTargetMS    = 150
)

// previewSize is the site size the preview is measured at: -preview when
// it is one of the sizes, else the largest size below it, else the
// smallest; 0 when there is none.
func previewSize(o *options) int {
	if o.preview <= 0 || !o.benches["preview"] || len(o.sizes) == 0 {
		return 0
	}
	best := 0
	for _, s := range o.sizes {
		if s <= o.preview && s > best {
			best = s
		}
	}
	if best == 0 {
		best = o.sizes[0]
		for _, s := range o.sizes {
			best = min(best, s)
		}
	}
	return best
}

// runPreview measures save → reload on the generated site in (which the
// measure edits, restoring the file at the end): atomic saves of each
// kind of edit of the article in the middle of the site, in a child
// process serving the site; then the same on hugo server, if installed.
func runPreview(env *Env, o *options, in *Input) *PreviewResult {
	r := &PreviewResult{Bundles: in.Bundles, TargetMS: previewTargetMS, EditTargetMS: editTargetMS}
	file := middleArticle(in.SiteDir)
	if file == "" {
		r.Error = "no article in the generated site"
		return r
	}
	r.File, _ = filepath.Rel(in.SiteDir, file)
	kinds := make([]string, len(previewEdits))
	for i, k := range previewEdits {
		kinds[i] = string(k)
	}
	m, err := runChildJSON(&r.Edits, "edits", in.SiteDir, file, itoa(o.saves), strings.Join(kinds, ","))
	r.Process = m
	if err != nil {
		r.Error = err.Error()
		return r
	}
	for _, e := range r.Edits {
		if e.Edit == string(server.EditTitle) {
			r.Reload = e
		}
	}
	r.OK = true
	if env.hugo == "" {
		r.HugoError = env.missing["hugo"]
		return r
	}
	if r.Hugo, err = hugoEdits(env, in, file, o.saves); err != nil {
		r.HugoError = err.Error()
	}
	return r
}
