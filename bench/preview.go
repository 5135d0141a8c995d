package main

import "path/filepath"

// previewTargetMS is the goal for a one-article edit.
const previewTargetMS = 100

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
// measure edits, restoring the file at the end): atomic saves of the
// title of the article in the middle of the site, in a child process
// serving the site.
func runPreview(env *Env, o *options, in *Input) *PreviewResult {
	r := &PreviewResult{Bundles: in.Bundles, TargetMS: previewTargetMS}
	file := middleArticle(in.SiteDir)
	if file == "" {
		r.Error = "no article in the generated site"
		return r
	}
	r.File, _ = filepath.Rel(in.SiteDir, file)
	m, err := runChildJSON(&r.Reload, "reload", in.SiteDir, file, itoa(o.saves))
	r.Process = m
	if err != nil {
		r.Error = err.Error()
		return r
	}
	r.OK = true
	return r
}
