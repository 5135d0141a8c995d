//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package fileio

import (
	"io"
	"io/fs"
	"os"
)

func writeFile(name string, data []byte, perm fs.FileMode) error {
	return os.WriteFile(name, data, perm)
}

func readFile(name string) ([]byte, error) { return os.ReadFile(name) }

func open(name string) (io.ReadCloser, error) { return os.Open(name) }
