package wordpress

import (
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sync/atomic"

	"github.com/communs/communs/internal/fileio"
)

// Write writes the plan's new and changed files (changed ones only with
// force), each atomically: a file is whole or not there. It refuses, before
// writing anything, when a file differs and force is not set.
func (p *Plan) Write(dir string, force bool) (written int, err error) {
	if len(p.Report.changed) > 0 && !force {
		return 0, fmt.Errorf("%d files exist and differ from what the import writes (first: %s): nothing written; move them away, or give --force to replace them", len(p.Report.changed), p.Report.changed[0])
	}
	// Folders first, in order, then the files on every core.
	for _, f := range p.Files {
		if f.State != "same" {
			if err := os.MkdirAll(filepath.Join(dir, filepath.FromSlash(path.Dir(f.Path))), 0o755); err != nil {
				return 0, err
			}
		}
	}
	var n atomic.Int64
	err = forEach(len(p.Files), func(i int) error {
		f := p.Files[i]
		if f.State == "same" {
			return nil
		}
		dst := filepath.Join(dir, filepath.FromSlash(f.Path))
		var err error
		if f.From != "" {
			err = copyAtomic(f.From, dst)
		} else {
			err = fileio.WriteAtomic(dst, func(w io.Writer) error { _, err := w.Write(f.Data); return err })
		}
		if err != nil {
			return fmt.Errorf("writing %s: %w", f.Path, err)
		}
		n.Add(1)
		return nil
	})
	return int(n.Load()), err
}

func copyAtomic(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	return fileio.WriteAtomic(dst, func(w io.Writer) error { _, err := io.Copy(w, in); return err })
}
