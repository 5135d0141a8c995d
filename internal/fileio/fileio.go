// Package fileio reads and writes whole files with as few system calls as
// the system allows. A build reads and writes tens of thousands of small
// files; on Linux each os.File also costs a registration with the
// runtime's poller (which regular files refuse), flag changes and a
// cleanup for the garbage collector: some five system calls more per
// file than the open, read or write, and close themselves.
package fileio

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// WriteFile writes data to the file name, created or truncated, with
// permissions perm (before the umask), like os.WriteFile.
func WriteFile(name string, data []byte, perm fs.FileMode) error {
	return writeFile(name, data, perm)
}

// ReadFile returns the contents of the file name, like os.ReadFile.
func ReadFile(name string) ([]byte, error) {
	return readFile(name)
}

// Open opens the file name for reading; the caller closes it.
func Open(name string) (io.ReadCloser, error) {
	return open(name)
}

// WriteAtomic writes name through a temporary file beside it, filled by
// fill and renamed over name: an interrupted write leaves the previous
// file whole, or no file. An existing file keeps its permissions; a new
// one gets 0644 (before the umask).
func WriteAtomic(name string, fill func(io.Writer) error) error {
	mode := fs.FileMode(0o644)
	if st, err := os.Stat(name); err == nil {
		mode = st.Mode().Perm()
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	if err := fill(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Chmod(tmp, mode); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
