package typeset

import (
	"sync"

	"github.com/communs/communs/internal/typeset/font"
)

// Shared holds the lines of documents set once, for other typesettings
// of the same Document with the same type and text block (see
// Options.Shared). The zero value is ready; it is safe for concurrent
// use. Keep one for as long as its documents are not changed.
type Shared struct {
	mu      sync.Mutex
	entries map[metrics]*sharedEntry
}

// metrics is what a section's vertical list depends on besides its
// blocks: the paper and the Print layout only place it on pages.
type metrics struct {
	doc                          *Document
	width, height, size, leading float64
	hyphenate                    bool
	fonts                        *font.Set
}

type sharedEntry struct {
	mu    sync.Mutex // held by the typesetting using cache
	cache *passCache
}

func (s *Shared) entry(d *Document, o *Options) *sharedEntry {
	k := metrics{doc: d, width: o.textWidth(), height: o.textHeight(), size: o.FontSize, leading: o.Leading, hyphenate: o.Hyphenate, fonts: o.Fonts}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.entries == nil {
		s.entries = map[metrics]*sharedEntry{}
	}
	e := s.entries[k]
	if e == nil {
		e = &sharedEntry{cache: newPassCache()}
		s.entries[k] = e
	}
	return e
}
