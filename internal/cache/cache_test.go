package cache

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestPutGet(t *testing.T) {
	s, err := open(t.TempDir(), "0123456789abcdef01234567")
	if err != nil {
		t.Fatal(err)
	}
	k := NewKey("page").String("content/a.md").Bytes([]byte("texte")).Sum()
	if _, ok := s.Get("page", k); ok {
		t.Fatal("found in an empty cache")
	}
	s.Put("page", k, []byte("<p>texte</p>"))
	got, ok := s.Get("page", k)
	if !ok || string(got) != "<p>texte</p>" {
		t.Fatalf("got %q, %v", got, ok)
	}
	if _, ok := s.Get("pdf", k); ok {
		t.Error("an entry of one kind found as another")
	}
	if h, m, w := s.Stats(); h != 1 || m != 2 || w != 1 {
		t.Errorf("stats %d %d %d, want 1 2 1", h, m, w)
	}
	if s.Err() != nil {
		t.Error(s.Err())
	}
}

// A damaged entry (a copy cut short, a flipped bit) is a miss, and is
// removed; the next Put writes it again.
func TestDamagedEntries(t *testing.T) {
	s, err := open(t.TempDir(), "0123456789abcdef01234567")
	if err != nil {
		t.Fatal(err)
	}
	data := bytes.Repeat([]byte("une page "), 100)
	for name, damage := range map[string]func([]byte) []byte{
		"cut":     func(b []byte) []byte { return b[:len(b)/2] },
		"flipped": func(b []byte) []byte { b[len(b)-10] ^= 1; return b },
		"empty":   func(b []byte) []byte { return nil },
		"other":   func(b []byte) []byte { return []byte("something else entirely, not an entry") },
	} {
		k := NewKey("page").String(name).Sum()
		s.Put("page", k, data)
		p := s.path("page", k)
		raw, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, damage(raw), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, ok := s.Get("page", k); ok {
			t.Errorf("%s: a damaged entry was read", name)
		}
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s: the damaged entry is still there", name)
		}
		s.Put("page", k, data)
		if got, ok := s.Get("page", k); !ok || !bytes.Equal(got, data) {
			t.Errorf("%s: not written again", name)
		}
	}
}

func TestNilStore(t *testing.T) {
	var s *Store
	s.Put("page", Key{}, []byte("x"))
	if _, ok := s.Get("page", Key{}); ok {
		t.Error("a nil store found something")
	}
	if s.Err() != nil {
		t.Error(s.Err())
	}
}

// A cache that cannot be written does not fail: Err says why.
func TestUnwritable(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes in read-only folders")
	}
	dir := t.TempDir()
	s, err := open(dir, "0123456789abcdef01234567")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(s.Dir(), 0o555); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(s.Dir(), 0o755)
	s.Put("page", Key{1}, []byte("x"))
	if s.Err() == nil {
		t.Error("no error for a read-only cache")
	}
}

func TestPruneOtherPrograms(t *testing.T) {
	root := t.TempDir()
	old := filepath.Join(root, "aaaaaaaaaaaaaaaaaaaaaaaa")
	recent := filepath.Join(root, "bbbbbbbbbbbbbbbbbbbbbbbb")
	mine := filepath.Join(root, "cccccccccccccccccccccccc")
	other := filepath.Join(root, "not-a-program")
	for _, d := range []string{old, recent, mine, other} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	long := time.Now().Add(-2 * unusedFor)
	for _, d := range []string{old, mine, other} {
		os.Chtimes(d, long, long)
	}
	if _, err := open(root, "cccccccccccccccccccccccc"); err != nil {
		t.Fatal(err)
	}
	for d, want := range map[string]bool{old: false, recent: true, mine: true, other: true} {
		if _, err := os.Stat(d); (err == nil) != want {
			t.Errorf("%s kept: %v, want %v", filepath.Base(d), err == nil, want)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "CACHEDIR.TAG")); err != nil {
		t.Error("no CACHEDIR.TAG")
	}
}

// The program is named by the Go build ID, the one `go tool buildid`
// reads.
func TestProgramID(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	id, ok := goBuildID(exe)
	if !ok {
		t.Skip("the test program has no Go build ID note (not ELF?)")
	}
	if out, err := exec.Command("go", "tool", "buildid", exe).Output(); err == nil {
		if strings.TrimSpace(string(out)) != string(id) {
			t.Errorf("build ID %q, go tool buildid says %q", id, out)
		}
	}
	p1, err := programID()
	if err != nil || len(p1) != 2*programIDLen {
		t.Fatalf("programID: %q, %v", p1, err)
	}
}

type para struct {
	Text string
	Size float64
}
type rule struct{}
type toc struct{}
type block interface{}

type doc struct {
	Blocks []block
	Meta   map[string]int
	Note   *para
	Again  *para
	hidden int
}

func valueKey(t *testing.T, v any) Key {
	t.Helper()
	k := NewKey("test")
	if err := k.Value(v); err != nil {
		t.Fatal(err)
	}
	return k.Sum()
}

// Values that differ in anything, even an unexported field or the type
// of an empty block, have different keys; equal values the same key,
// whatever the order of their maps.
func TestValueKeys(t *testing.T) {
	n := &para{Text: "note"}
	base := func() doc {
		return doc{Blocks: []block{&para{"un", 10}, &rule{}}, Meta: map[string]int{"a": 1, "b": 2, "c": 3}, Note: n, Again: n}
	}
	k0 := valueKey(t, base())
	for i := 0; i < 20; i++ {
		if valueKey(t, base()) != k0 {
			t.Fatal("the same value gives different keys")
		}
	}
	variants := map[string]func(*doc){
		"text":         func(d *doc) { d.Blocks[0].(*para).Text = "deux" },
		"size":         func(d *doc) { d.Blocks[0].(*para).Size = 10.5 },
		"block type":   func(d *doc) { d.Blocks[1] = &toc{} },
		"nil block":    func(d *doc) { d.Blocks[1] = nil },
		"map value":    func(d *doc) { d.Meta["b"] = 3 },
		"map key":      func(d *doc) { delete(d.Meta, "c"); d.Meta["d"] = 3 },
		"nil map":      func(d *doc) { d.Meta = nil },
		"unexported":   func(d *doc) { d.hidden = 1 },
		"not shared":   func(d *doc) { d.Again = &para{Text: "note"} },
		"nil pointer":  func(d *doc) { d.Again = nil },
		"moved string": func(d *doc) { d.Blocks = []block{&para{"u", 10}, &para{"n", 10}} },
	}
	for name, change := range variants {
		d := base()
		change(&d)
		if valueKey(t, d) == k0 {
			t.Errorf("%s: same key", name)
		}
	}
	if err := NewKey("test").Value(struct{ F func() }{}); err == nil {
		t.Error("a function was hashed")
	}
	// A cycle ends.
	type node struct{ Next *node }
	a := &node{}
	a.Next = a
	valueKey(t, a)
}
