package builders

import (
	"encoding/binary"
	"errors"

	"github.com/communs/communs/internal/cache"
	"github.com/communs/communs/internal/markdown"
	"github.com/communs/communs/internal/site"
)

// converterVersion names what a page's conversion depends on besides its
// key and the program (which the cache keys already): change it when the
// converter starts reading site settings.
const converterVersion = "html 2"

// diskKey is the cache key of a page's conversion: its text and what
// renderKey holds, but no hash seed (it outlives the process).
func diskKey(c *Context, p *site.Page) cache.Key {
	k := cache.NewKey("page").String(converterVersion).String(p.File).String(p.Lang).
		Int(int64(p.BodyLine)).Int(int64(c.Site.Config.SummaryWords))
	summary := ""
	if p.FrontMatter != nil {
		summary = p.FrontMatter.Summary
	}
	outputs := ""
	if inEPUB(p) {
		outputs += "epub "
	}
	if inPDF(p) {
		outputs += "pdf"
	}
	return k.String(summary).String(outputs).Bytes(p.Body).Sum()
}

// loadEntry reads a page's conversion from the build's cache; it holds
// when its links still lead where they led.
func (rc *RenderCache) loadEntry(c *Context, p *site.Page, resolve func(string, bool) (markdown.Target, bool)) (*renderEntry, cache.Key, bool) {
	key := diskKey(c, p)
	data, ok := c.Cache.Get("page", key)
	if !ok {
		return nil, key, false
	}
	e, err := decodeEntry(data)
	if err != nil || !linksHold(e.links, resolve) {
		return nil, key, false
	}
	return e, key, true
}

// The encoding of an entry: every string with its length, every number
// as a varint, in the order of encodeEntry.

func encodeEntry(e *renderEntry) []byte {
	r := e.rendered
	var b []byte
	str := func(s string) { b = binary.AppendUvarint(b, uint64(len(s))); b = append(b, s...) }
	num := func(n int) { b = binary.AppendVarint(b, int64(n)) }
	flag := func(v bool) {
		if v {
			b = append(b, 1)
		} else {
			b = append(b, 0)
		}
	}
	str(r.Content)
	str(r.Summary)
	num(r.Words)
	num(r.ReadingTime)
	flag(r.Truncated)
	num(len(r.TOC))
	for _, h := range r.TOC {
		num(h.Level)
		str(h.ID)
		str(h.Text)
	}
	num(len(e.links))
	for _, l := range e.links {
		str(l.dest)
		flag(l.img)
		flag(l.ok)
		str(l.t.URL)
		num(l.t.Width)
		num(l.t.Height)
		str(l.t.Problem)
		str(l.t.Damaged)
		str(l.t.File)
		str(l.t.Page)
	}
	num(len(e.reports))
	for _, d := range e.reports {
		num(d.line)
		flag(d.isErr)
		str(d.msg)
	}
	return b
}

var errDamaged = errors.New("damaged cache entry")

func decodeEntry(b []byte) (*renderEntry, error) {
	var err error
	num := func() int {
		v, n := binary.Varint(b)
		if n <= 0 {
			err = errDamaged
			return 0
		}
		b = b[n:]
		return int(v)
	}
	str := func() string {
		v, n := binary.Uvarint(b)
		if n <= 0 || uint64(len(b)-n) < v {
			err = errDamaged
			b = nil
			return ""
		}
		s := string(b[n : n+int(v)])
		b = b[n+int(v):]
		return s
	}
	flag := func() bool {
		if len(b) == 0 {
			err = errDamaged
			return false
		}
		v := b[0] == 1
		b = b[1:]
		return v
	}
	count := func() int {
		n := num()
		if n < 0 || n > len(b) { // each element takes a byte at least
			err = errDamaged
			return 0
		}
		return n
	}
	r := &site.Rendered{Content: str(), Summary: str(), Words: num(), ReadingTime: num(), Truncated: flag()}
	for i, n := 0, count(); i < n && err == nil; i++ {
		r.TOC = append(r.TOC, site.Heading{Level: num(), ID: str(), Text: str()})
	}
	e := &renderEntry{rendered: r}
	for i, n := 0, count(); i < n && err == nil; i++ {
		l := linkUse{dest: str(), img: flag(), ok: flag()}
		l.t = markdown.Target{URL: str(), Width: num(), Height: num(), Problem: str(), Damaged: str(), File: str(), Page: str()}
		e.links = append(e.links, l)
	}
	for i, n := 0, count(); i < n && err == nil; i++ {
		e.reports = append(e.reports, report{line: num(), isErr: flag(), msg: str()})
	}
	if err == nil && len(b) != 0 {
		err = errDamaged
	}
	if err != nil {
		return nil, err
	}
	return e, nil
}
