package fileio

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	for _, size := range []int{0, 1, 4095, 4096, 1 << 20} {
		data := bytes.Repeat([]byte("aé\n"), size/4+1)[:size]
		p := filepath.Join(dir, "f")
		if err := WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		got, err := ReadFile(p)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("size %d: read %d bytes, %v", size, len(got), err)
		}
		r, err := Open(p)
		if err != nil {
			t.Fatal(err)
		}
		got, err = io.ReadAll(r)
		if err != nil || !bytes.Equal(got, data) {
			t.Fatalf("size %d: Open read %d bytes, %v", size, len(got), err)
		}
		if err := r.Close(); err != nil {
			t.Fatal(err)
		}
		if err := r.Close(); !errors.Is(err, fs.ErrClosed) {
			t.Errorf("second Close: %v, want fs.ErrClosed", err)
		}
	}
	// Truncated when written again, with the permissions asked.
	p := filepath.Join(dir, "g")
	WriteFile(p, []byte("long contents"), 0o600)
	WriteFile(p, []byte("short"), 0o600)
	if got, _ := ReadFile(p); string(got) != "short" {
		t.Errorf("rewritten file holds %q", got)
	}
	if st, err := os.Stat(p); err != nil || st.Mode().Perm()&0o077 != 0 {
		t.Errorf("mode %v, %v; want 0600", st.Mode(), err)
	}
}

func TestErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing")
	if _, err := ReadFile(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile of a missing file: %v", err)
	}
	if _, err := Open(missing); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open of a missing file: %v", err)
	}
	var pe *fs.PathError
	if _, err := ReadFile(dir); !errors.As(err, &pe) || pe.Path != dir {
		t.Errorf("ReadFile of a folder: %v", err)
	}
	if err := WriteFile(filepath.Join(missing, "f"), nil, 0o644); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("WriteFile into a missing folder: %v", err)
	}
}

func TestWriteAtomic(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "f.txt")
	write := func(text string) error {
		return WriteAtomic(name, func(w io.Writer) error { _, err := io.WriteString(w, text); return err })
	}
	if err := write("un"); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(name, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := write("deux"); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(name); string(got) != "deux" || st.Mode().Perm() != 0o600 {
		t.Errorf("after a second write: %q, %v; want \"deux\", -rw-------", got, st.Mode().Perm())
	}
	// A failed fill leaves the file as it was, and no temporary file.
	if err := WriteAtomic(name, func(w io.Writer) error { io.WriteString(w, "trois"); return io.ErrShortWrite }); err == nil {
		t.Fatal("the error of fill is lost")
	}
	if got, _ := os.ReadFile(name); string(got) != "deux" {
		t.Errorf("a failed write changed the file: %q", got)
	}
	if ents, _ := os.ReadDir(dir); len(ents) != 1 {
		t.Errorf("%d files in the folder, want 1", len(ents))
	}
}
