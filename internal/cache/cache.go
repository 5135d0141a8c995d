// Package cache keeps what builds computed (a page's HTML, a book's PDF)
// in a folder, under the hash of everything it was computed from, so
// that the next build, the next CI run or the preview only redo what
// changed.
//
// Entries are content-addressed: a key is the SHA-256 of the inputs and
// of the communs program itself (its Go build ID), so an entry is never
// stale, only unused. Each entry carries its length and a checksum: a
// damaged or half-written entry is a miss, and the folder is safe to
// delete at any time.
//
// Layout: DIR/<program>/<kind>/<2 hex>/<62 hex>, where <program> names
// the communs binary; folders of other programs unused for a month are
// removed when a cache is opened.
package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/communs/communs/internal/fileio"
)

// Store is an opened cache folder. Its methods are safe for concurrent
// use; a nil *Store caches nothing.
type Store struct {
	dir     string // DIR/<program>
	program string

	hits, misses, writes atomic.Int64
	dirs                 sync.Map // folders made
	mu                   sync.Mutex
	err                  error // the first failed write
}

// Key is the hash of an entry's inputs.
type Key [sha256.Size]byte

// String is the key in hex.
func (k Key) String() string { return hex.EncodeToString(k[:]) }

// magic starts every entry; the number is the entry format's version.
var magic = []byte("communs-cache 1\n")

// unusedFor is how long the folder of another communs program is kept.
const unusedFor = 30 * 24 * time.Hour

// Open opens (creating it) the cache folder dir for this program.
func Open(dir string) (*Store, error) {
	program, err := programID()
	if err != nil {
		return nil, fmt.Errorf("cache %s: %w", dir, err)
	}
	return open(dir, program)
}

func open(dir, program string) (*Store, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("cache %s: %w", dir, err)
	}
	s := &Store{dir: filepath.Join(abs, program), program: program}
	if err := os.MkdirAll(s.dir, 0o755); err != nil {
		return nil, fmt.Errorf("cache: cannot create %s: %w; choose another folder with --cache, or remove the flag", abs, err)
	}
	// Tools that back up or archive folders leave this one out.
	tag := filepath.Join(abs, "CACHEDIR.TAG")
	if _, err := os.Stat(tag); errors.Is(err, os.ErrNotExist) {
		_ = os.WriteFile(tag, []byte("Signature: 8a477f597d28d172789f06886806bc55\n# This folder is a cache made by communs: it is safe to delete.\n"), 0o644)
	}
	now := time.Now()
	_ = os.Chtimes(s.dir, now, now) // in use
	s.prune(abs, now)
	return s, nil
}

// prune removes the folders of other programs unused for a month.
func (s *Store) prune(root string, now time.Time) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		if !e.IsDir() || e.Name() == s.program || !isProgramName(e.Name()) {
			continue
		}
		if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > unusedFor {
			os.RemoveAll(filepath.Join(root, e.Name()))
		}
	}
}

func isProgramName(name string) bool {
	if len(name) != 2*programIDLen {
		return false
	}
	_, err := hex.DecodeString(name)
	return err == nil
}

// Dir is the folder of this program's entries.
func (s *Store) Dir() string { return s.dir }

// NewKey starts a key of the given kind of entry ("page", "pdf"…).
func NewKey(kind string) *KeyHash {
	h := &KeyHash{h: sha256.New()}
	h.String(kind)
	return h
}

// KeyHash accumulates the inputs of an entry. Every value is written
// with its length or size, so that two lists of inputs never run into
// each other.
type KeyHash struct {
	h   hash.Hash
	buf [8]byte
}

// String adds a string.
func (k *KeyHash) String(s string) *KeyHash {
	k.Int(int64(len(s)))
	io.WriteString(k.h, s)
	return k
}

// Bytes adds bytes.
func (k *KeyHash) Bytes(b []byte) *KeyHash {
	k.Int(int64(len(b)))
	k.h.Write(b)
	return k
}

// Int adds an integer.
func (k *KeyHash) Int(n int64) *KeyHash {
	binary.LittleEndian.PutUint64(k.buf[:], uint64(n))
	k.h.Write(k.buf[:])
	return k
}

// Key adds another key.
func (k *KeyHash) Key(o Key) *KeyHash {
	k.h.Write(o[:])
	return k
}

// Writer is where larger inputs can be written (see Value).
func (k *KeyHash) Writer() io.Writer { return k.h }

// Sum is the key.
func (k *KeyHash) Sum() Key {
	var out Key
	k.h.Sum(out[:0])
	return out
}

func (s *Store) path(kind string, k Key) string {
	h := k.String()
	return filepath.Join(s.dir, kind, h[:2], h[2:])
}

// Get returns the entry of kind under k, if there is a sound one.
func (s *Store) Get(kind string, k Key) ([]byte, bool) {
	if s == nil {
		return nil, false
	}
	p := s.path(kind, k)
	data, err := fileio.ReadFile(p)
	if err != nil {
		s.misses.Add(1)
		return nil, false
	}
	payload, ok := unwrap(data)
	if !ok {
		// Damaged (a full disk, a copy cut short): built again.
		os.Remove(p)
		s.misses.Add(1)
		return nil, false
	}
	s.hits.Add(1)
	return payload, true
}

// Put stores data as the entry of kind under k. A cache that cannot be
// written does not fail the build: Err tells why, once.
func (s *Store) Put(kind string, k Key, data []byte) {
	if s == nil {
		return
	}
	p := s.path(kind, k)
	if err := s.write(p, wrap(data)); err != nil {
		s.mu.Lock()
		if s.err == nil {
			s.err = err
		}
		s.mu.Unlock()
		return
	}
	s.writes.Add(1)
}

// Err is the first write that failed, if any.
func (s *Store) Err() error {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Stats tells how many entries were found, missing and written.
func (s *Store) Stats() (hits, misses, writes int64) {
	if s == nil {
		return 0, 0, 0
	}
	return s.hits.Load(), s.misses.Load(), s.writes.Load()
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// wrap frames a payload: magic, length, CRC-32C, payload.
func wrap(payload []byte) []byte {
	out := make([]byte, 0, len(magic)+12+len(payload))
	out = append(out, magic...)
	out = binary.LittleEndian.AppendUint64(out, uint64(len(payload)))
	out = binary.LittleEndian.AppendUint32(out, crc32.Checksum(payload, castagnoli))
	return append(out, payload...)
}

func unwrap(data []byte) ([]byte, bool) {
	if !bytes.HasPrefix(data, magic) || len(data) < len(magic)+12 {
		return nil, false
	}
	rest := data[len(magic):]
	n := binary.LittleEndian.Uint64(rest)
	sum := binary.LittleEndian.Uint32(rest[8:])
	payload := rest[12:]
	if uint64(len(payload)) != n || crc32.Checksum(payload, castagnoli) != sum {
		return nil, false
	}
	return payload, true
}

// write writes a new entry. It is written in place, not renamed: an
// entry is checked when read, so one read while another process writes
// it, or cut short, is only a miss. A file already there is another
// writer's copy of the same entry.
func (s *Store) write(p string, data []byte) error {
	dir := filepath.Dir(p)
	if _, ok := s.dirs.Load(dir); !ok {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("cache: %w", err)
		}
		s.dirs.Store(dir, true)
	}
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("cache: %w", err)
	}
	_, werr := f.Write(data)
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(p)
		return fmt.Errorf("cache: writing %s: %w", p, werr)
	}
	return nil
}
