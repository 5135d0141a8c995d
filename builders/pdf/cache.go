package pdf

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"io"
	"os"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/cache"
	"github.com/communs/communs/internal/site"
	"github.com/communs/communs/internal/typeset"
	"github.com/communs/communs/internal/typeset/pdfout"
)

// Cached typesets a page's PDF of the given kind ("pdf", "a4-booklet"…)
// and turns its layout into a file with write; or, when the build has a
// cache, takes the file from it if the same document, settings, images
// and extra (a booklet's own settings) made it before. What typesetting
// reported is kept with the file and reported again.
func Cached(c *builders.Context, p *site.Page, kind string, adjust func(*typeset.Options), extra any,
	write func(*typeset.Layout, pdfout.Meta) ([]byte, error)) ([]byte, error) {
	j, err := prepare(c, p, adjust)
	if err != nil {
		return nil, err
	}
	var key cache.Key
	keyed := false
	if c.Cache != nil {
		if key, err = j.key(kind, extra); err == nil {
			keyed = true
			if data, ok := c.Cache.Get("pdf", key); ok {
				var e entry
				if gob.NewDecoder(bytes.NewReader(data)).Decode(&e) == nil {
					report(c, e.Missing, e.Warnings)
					return e.File, nil
				}
			}
		}
	}
	l, err := j.typeset()
	if err != nil {
		return nil, err
	}
	report(c, l.Missing, l.Warnings)
	data, err := write(l, j.meta)
	if err != nil {
		return nil, err
	}
	if keyed {
		var b bytes.Buffer
		if gob.NewEncoder(&b).Encode(entry{File: data, Missing: l.Missing, Warnings: l.Warnings}) == nil {
			c.Cache.Put("pdf", key, b.Bytes())
		}
	}
	return data, nil
}

// entry is a typeset file in the cache.
type entry struct {
	File     []byte
	Missing  []typeset.Missing
	Warnings []typeset.Warning
}

// key is the hash of all a typeset file is made from: the document, the
// contents of its images, the settings, the metadata and extra. The
// program is in the cache's own key: its fonts, hyphenation patterns
// and code.
func (j *job) key(kind string, extra any) (cache.Key, error) {
	sd := j.shared
	sd.keyOnce.Do(func() { sd.key, sd.keyErr = documentKey(sd.doc) })
	if sd.keyErr != nil {
		return cache.Key{}, sd.keyErr
	}
	opts := j.opts
	opts.Fonts, opts.Shared = nil, nil
	k := cache.NewKey(kind).Key(sd.key)
	for _, v := range []any{opts, j.meta, extra} {
		if err := k.Value(v); err != nil {
			return cache.Key{}, err
		}
	}
	return k.Sum(), nil
}

func documentKey(d *typeset.Document) (cache.Key, error) {
	k := cache.NewKey("document")
	if err := k.Value(d); err != nil {
		return cache.Key{}, err
	}
	for _, path := range d.Images() {
		f, err := os.Open(path)
		if err != nil {
			// Drawn as missing, or an error when written: not cached.
			return cache.Key{}, fmt.Errorf("image %s: %w", path, err)
		}
		content := cache.NewKey("file")
		_, err = io.Copy(content.Writer(), f)
		f.Close()
		if err != nil {
			return cache.Key{}, fmt.Errorf("image %s: %w", path, err)
		}
		k.String(path).Key(content.Sum())
	}
	return k.Sum(), nil
}
