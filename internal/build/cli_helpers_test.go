package build

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/communs/communs/internal/testutil"
)

// The tests of this file's neighbours run the communs command itself, as
// CI and authors do: its exit status, its messages, its signals.

var (
	cliOnce sync.Once
	cliDir  string
	cliPath string
	cliErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if cliDir != "" {
		os.RemoveAll(cliDir)
	}
	os.Exit(code)
}

// communsBinary builds cmd/communs once for the test run.
func communsBinary(t testing.TB) string {
	t.Helper()
	cliOnce.Do(func() {
		goTool, err := exec.LookPath("go")
		if err != nil {
			goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
		}
		cliDir, cliErr = os.MkdirTemp("", "communs-cli-")
		if cliErr != nil {
			return
		}
		// Readable by all: a case runs it as another user.
		os.Chmod(cliDir, 0o755)
		cliPath = filepath.Join(cliDir, "communs")
		if runtime.GOOS == "windows" {
			cliPath += ".exe"
		}
		cmd := exec.Command(goTool, "build", "-o", cliPath, "./cmd/communs")
		cmd.Dir = testutil.RepoRoot()
		if out, err := cmd.CombinedOutput(); err != nil {
			cliErr = errors.New(err.Error() + "\n" + string(out))
		}
	})
	if cliErr != nil {
		t.Fatalf("building cmd/communs: %v", cliErr)
	}
	return cliPath
}

// cliResult is what one run of the command gave.
type cliResult struct {
	code           int
	stdout, stderr string
	timedOut       bool
	elapsed        time.Duration
}

// runCLI runs communs with args, SOURCE_DATE_EPOCH fixed, killing it after
// timeout. cred, when set, runs it as another user.
func runCLI(t testing.TB, timeout time.Duration, cred *syscall.SysProcAttr, args ...string) cliResult {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, communsBinary(t), args...)
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1800000000")
	cmd.SysProcAttr = cred
	cmd.WaitDelay = 5 * time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	res := cliResult{stdout: out.String(), stderr: errb.String(), elapsed: time.Since(start)}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		res.timedOut, res.code = true, -1
	case errors.As(err, &ee):
		res.code = ee.ExitCode()
	case err != nil && cred != nil:
		t.Skipf("skipped: cannot run the command as another user here (%v), and root reads every file", err)
	case err != nil:
		t.Fatalf("running communs: %v", err)
	}
	return res
}

// panicked tells whether a run's messages show a Go panic or fatal error.
func (r cliResult) panicked() bool {
	for _, s := range []string{"panic:", "fatal error:", "goroutine "} {
		if strings.Contains(r.stderr, s) {
			return true
		}
	}
	return r.code == 2 && strings.Contains(r.stderr, ".go:")
}

// copyTree copies a folder, symbolic links as links.
func copyTree(t testing.TB, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(dst, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, dst)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(dst)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
}

// tempSiblings lists the temporary folders builds left beside dest.
func tempSiblings(dest string) []string {
	left, _ := filepath.Glob(filepath.Join(filepath.Dir(dest), "."+filepath.Base(dest)+tempMark+"*"))
	return left
}
