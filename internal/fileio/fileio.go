// Package fileio reads and writes whole files with as few system calls as
// the system allows. A build reads and writes tens of thousands of small
// files; on Linux each os.File also costs a registration with the
// runtime's poller (which regular files refuse), flag changes and a
// cleanup for the garbage collector: some five system calls more per
// file than the open, read or write, and close themselves.
package fileio

import (
	"io"
	"io/fs"
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
