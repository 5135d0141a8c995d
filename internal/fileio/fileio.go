// Package fileio reads and writes whole files with as few system calls as
// the system allows. A build reads and writes tens of thousands of small
// files; on Linux each os.File also costs a registration with the
// runtime's poller (which regular files refuse), flag changes and a
// cleanup for the garbage collector: some five system calls more per
// file than the open, read or write, and close themselves.
package fileio

import (
	"crypto/rand"
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
	mode, keep := fs.FileMode(0o644), false
	if st, err := os.Stat(name); err == nil {
		mode, keep = st.Mode().Perm(), true
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	// Created with mode, so that the umask applies, as to a new file.
	var f *os.File
	var tmp string
	for i := 0; ; i++ {
		tmp = filepath.Join(filepath.Dir(name), "."+filepath.Base(name)+".tmp-"+rand.Text()[:12])
		var err error
		f, err = os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, mode)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) || i == 100 {
			return err
		}
	}
	if err := fill(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if keep {
		// The file's own permissions, whatever the umask.
		if err := os.Chmod(tmp, mode); err != nil {
			os.Remove(tmp)
			return err
		}
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}
