package cache

import (
	"crypto/sha256"
	"debug/elf"
	"encoding/hex"
	"fmt"
	"io"
	"os"
)

// programIDLen is the length of a program's name in the cache, bytes.
const programIDLen = 12

// programID names the running communs program: a hash of the build ID
// the Go linker writes in every executable (it changes with any change
// of the code), or of the whole file when it has none that can be read.
func programID() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("cannot find the communs program: %w", err)
	}
	h := sha256.New()
	if id, ok := goBuildID(exe); ok {
		h.Write(id)
	} else {
		f, err := os.Open(exe)
		if err != nil {
			return "", fmt.Errorf("cannot read the communs program: %w", err)
		}
		defer f.Close()
		if _, err := io.Copy(h, f); err != nil {
			return "", fmt.Errorf("cannot read the communs program: %w", err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)[:programIDLen]), nil
}

// goBuildID reads the Go build ID of an ELF executable: the note "Go"
// of type 4 in its .note.go.buildid section.
func goBuildID(exe string) ([]byte, bool) {
	f, err := elf.Open(exe)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	sec := f.Section(".note.go.buildid")
	if sec == nil {
		return nil, false
	}
	note, err := sec.Data()
	if err != nil || len(note) < 16 {
		return nil, false
	}
	order := f.ByteOrder
	nameSize, descSize, kind := order.Uint32(note), order.Uint32(note[4:]), order.Uint32(note[8:])
	nameEnd := 12 + (int(nameSize)+3)&^3
	if kind != 4 || nameSize < 3 || string(note[12:15]) != "Go\x00" || nameEnd+int(descSize) > len(note) || descSize == 0 {
		return nil, false
	}
	return note[nameEnd : nameEnd+int(descSize)], true
}
