package build

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/communs/communs/internal/corpusgen"
	"github.com/communs/communs/internal/testutil"
)

// largeSite writes a site that takes a few seconds to build: copies of
// the shared corpus when it is there, else generated articles.
func largeSite(t *testing.T, dir string) {
	t.Helper()
	corpus := filepath.Join(testutil.RepoRoot(), "..", "shared", "corpus")
	if _, err := os.Stat(filepath.Join(corpus, "site.toml")); err == nil {
		if _, err := corpusgen.Generate(corpus, dir, 800, 1); err != nil {
			t.Fatal(err)
		}
		return
	}
	write(t, dir, "site.toml", "title = \"Grand\"\nbaseURL = \"https://grand.example/\"\n[languages.fr]\n[languages.en]\n")
	para := strings.Repeat("Un texte libre se partage, se traduit et se publie ; vraiment ? Oui ! ", 12)
	for i := 0; i < 3000; i++ {
		day := time.Date(2006, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i)
		write(t, dir, fmt.Sprintf("content/articles/a%04d/index.md", i), fmt.Sprintf(
			"+++\ntitle = \"Article %d\"\ndate = %s\ntags = [\"t%d\", \"commun\"]\n+++\n\n%s\n\n## Suite\n\n%s\n\n- un\n- deux\n",
			i, day.Format("2006-01-02"), i%40, para, para))
	}
}

// snapshot is a folder's files with a digest of each.
func snapshot(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = sha256.Sum256(readFile(t, p))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameSnapshot(t *testing.T, what string, a, b map[string][32]byte) {
	t.Helper()
	if len(a) != len(b) {
		t.Errorf("%s: %d files, want %d", what, len(b), len(a))
	}
	n := 0
	for f, h := range a {
		if g, ok := b[f]; !ok || g != h {
			if n++; n <= 5 {
				t.Errorf("%s: %s changed or went", what, f)
			}
		}
	}
}

// writing tells whether a build into dest has begun to write its output
// in its temporary folder.
func writing(dest string) bool {
	for _, tmp := range tempSiblings(dest) {
		if entries, err := os.ReadDir(tmp); err == nil && len(entries) > 0 {
			return true
		}
	}
	return false
}

// TestInterruptedBuild kills a build of a large site halfway, with
// SIGINT, SIGTERM and SIGKILL: the previous output stays as it was, and
// the next build leaves no temporary folder behind.
func TestInterruptedBuild(t *testing.T) {
	t.Parallel() // the heavy tests of the package run side by side
	if testing.Short() {
		t.Skip("skipped in -short mode: builds a large site several times")
	}
	if runtime.GOOS == "windows" {
		t.Skip("skipped: no SIGINT/SIGTERM to send on Windows")
	}
	root := t.TempDir()
	src := filepath.Join(root, "site")
	largeSite(t, src)
	dest := filepath.Join(root, "out", "public")
	first := runCLI(t, 5*time.Minute, nil, "build", "--quiet", "--source", src, "--dest", dest)
	if first.code != 0 {
		t.Fatalf("first build: exit %d\n%s", first.code, first.stderr)
	}
	previous := snapshot(t, dest)
	newPage := ""

	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGKILL} {
		t.Run(sig.String(), func(t *testing.T) {
			// The signal is sent once the build writes its output, in its
			// temporary folder. A build may still finish first, however
			// busy the machine: then its output must be whole, and the
			// next attempt has another article for the build to add.
			for attempt := 0; ; attempt++ {
				if attempt == 5 {
					t.Fatal("the build ended before it could be interrupted, 5 times: make largeSite larger")
				}
				slug := fmt.Sprintf("zz-%d-%d", int(sig), attempt)
				write(t, src, "content/articles/"+slug+"/index.md", "+++\ntitle = \"Un article nouveau\"\ndate = 2025-06-01\n+++\n\nIl arrive après les autres.\n")
				newPage = filepath.Join(dest, "2025/06/01/"+slug+"/index.html")
				cmd := exec.Command(communsBinary(t), "build", "--quiet", "--source", src, "--dest", dest)
				cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1800000000")
				var errb bytes.Buffer
				cmd.Stderr = &errb
				if err := cmd.Start(); err != nil {
					t.Fatal(err)
				}
				done := make(chan error, 1)
				go func() { done <- cmd.Wait() }()
				var err error
				ended := false
				for !ended && !writing(dest) {
					select {
					case err = <-done:
						ended = true
					case <-time.After(5 * time.Millisecond):
					}
				}
				if !ended {
					cmd.Process.Signal(sig)
					select {
					case err = <-done:
					case <-time.After(time.Minute):
						cmd.Process.Kill()
						t.Fatalf("the build did not stop within a minute of %v:\n%s", sig, errb.String())
					}
				}
				if _, serr := os.Stat(newPage); serr == nil {
					// Swapped in before the signal: the new output, whole.
					if err != nil && sig != syscall.SIGKILL {
						t.Errorf("a build that swapped its output in ended with %v:\n%s", err, errb.String())
					}
					if left := tempSiblings(dest); len(left) > 0 && sig != syscall.SIGKILL {
						t.Errorf("a finished build left temporary folders: %v", left)
					}
					t.Logf("attempt %d: the build finished before %v; again", attempt+1, sig)
					previous = snapshot(t, dest)
					continue
				}
				if sig != syscall.SIGKILL {
					var ee *exec.ExitError
					if !errors.As(err, &ee) || ee.ExitCode() != 1 || !strings.Contains(errb.String(), "build interrupted") {
						t.Errorf("after %v: %v, want exit status 1 and \"build interrupted\":\n%s", sig, err, errb.String())
					}
					if left := tempSiblings(dest); len(left) > 0 {
						t.Errorf("after %v: temporary folders left: %v", sig, left)
					}
				}
				break
			}
			sameSnapshot(t, "the previous output after "+sig.String(), previous, snapshot(t, dest))
		})
	}
	// SIGKILL left its temporary folder: the next build removes it.
	next := runCLI(t, 5*time.Minute, nil, "build", "--quiet", "--source", src, "--dest", dest)
	if next.code != 0 {
		t.Fatalf("next build: exit %d\n%s", next.code, next.stderr)
	}
	if left := tempSiblings(dest); len(left) > 0 {
		t.Errorf("the next build left temporary folders: %v", left)
	}
	if _, err := os.Stat(newPage); err != nil {
		t.Errorf("the next build did not replace the output: %v", err)
	}
}

// TestKilledDuringSwap: a build killed between the two renames of its
// swap leaves the previous output aside; the next run puts it back, even
// when that run fails on its input.
func TestKilledDuringSwap(t *testing.T) {
	src := t.TempDir()
	write(t, src, "site.toml", "title = \"T\"\nbaseURL = \"https://t.example/\"\n")
	write(t, src, "content/articles/a/index.md", "+++\ntitle = \"A\"\ndate = 2024-01-02\n+++\n\nTexte.\n")
	dest := filepath.Join(t.TempDir(), "public")
	buildInto(t, src, dest)
	previous := snapshot(t, dest)
	aside := filepath.Join(filepath.Dir(dest), ".public"+tempMark+"old-4242")
	if err := os.Rename(dest, aside); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(filepath.Dir(dest), ".public"+tempMark+"123456"), 0o755) // the killed build's new output
	write(t, src, "content/articles/b/index.md", "+++\ntitle = \"B\"\ndate = \"next week\"\n+++\n")
	if _, err := Run(t.Context(), Options{Source: src, Dest: dest, Now: fixedNow}); err == nil {
		t.Fatal("a broken article must fail the build")
	}
	sameSnapshot(t, "the previous output put back", previous, snapshot(t, dest))
	if left := tempSiblings(dest); len(left) > 0 {
		t.Errorf("temporary folders left: %v", left)
	}
}

// TestFullDisk builds onto a disk too small for the output: a clear
// error, the previous output as it was, no temporary folder. As root it
// mounts a tmpfs of 1 MB; elsewhere it limits the size of the files the
// command may write (ulimit -f), which fails a write as a full disk
// does, with another error (file too large).
func TestFullDisk(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("skipped: no tmpfs nor ulimit on Windows")
	}
	small := t.TempDir()
	write(t, small, "site.toml", "title = \"Petit\"\nbaseURL = \"https://petit.example/\"\n")
	write(t, small, "content/articles/a/index.md", "+++\ntitle = \"A\"\ndate = 2024-01-02\n+++\n\nTexte.\n")
	disk := filepath.Join(t.TempDir(), "disk")
	os.MkdirAll(disk, 0o755)
	mounted := false
	// COMMUNS_TEST_NO_TMPFS=1 tries the other way as root too.
	if os.Geteuid() == 0 && os.Getenv("COMMUNS_TEST_NO_TMPFS") == "" {
		if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", disk).CombinedOutput(); err == nil {
			mounted = true
			t.Cleanup(func() { exec.Command("umount", disk).Run() })
		} else {
			t.Logf("no tmpfs (%v: %s): limiting file sizes instead", err, bytes.TrimSpace(out))
		}
	}
	dest := filepath.Join(disk, "public")
	if r := runCLI(t, time.Minute, nil, "build", "--quiet", "--source", small, "--dest", dest); r.code != 0 {
		t.Fatalf("the small site does not build: exit %d\n%s", r.code, r.stderr)
	}
	previous := snapshot(t, dest)
	// A page of 2 MB does not fit (written, where a resource would be
	// linked when on the same disk).
	write(t, small, "content/articles/b/index.md", "+++\ntitle = \"B\"\ndate = 2024-01-03\n+++\n\n"+strings.Repeat("Un texte bien trop long pour ce disque. ", 50000))
	var r cliResult
	if mounted {
		r = runCLI(t, 2*time.Minute, nil, "build", "--quiet", "--source", small, "--dest", dest)
		if r.code != 1 || !strings.Contains(r.stderr, "is full") || !strings.Contains(r.stderr, "no space left on device") || !strings.Contains(r.stderr, "free some space") {
			t.Errorf("exit %d, want 1 and a message saying the disk is full:\n%s", r.code, r.stderr)
		}
	} else {
		sh, err := exec.LookPath("sh")
		if err != nil {
			t.Skip("skipped: no tmpfs and no sh for ulimit")
		}
		cmd := exec.Command(sh, "-c", `ulimit -f 64 && exec "$0" "$@"`, communsBinary(t), "build", "--quiet", "--source", small, "--dest", dest)
		cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1800000000")
		var errb bytes.Buffer
		cmd.Stderr = &errb
		err = cmd.Run()
		r.stderr = errb.String()
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			r.code = ee.ExitCode()
		}
		if r.code != 1 || !strings.Contains(r.stderr, "file too large") {
			t.Errorf("exit %d (%v), want 1 and the write error:\n%s", r.code, err, r.stderr)
		}
	}
	if r.panicked() {
		t.Errorf("panic:\n%s", r.stderr)
	}
	t.Logf("tmpfs %v: %s", mounted, r.stderr)
	sameSnapshot(t, "the previous output after a full disk", previous, snapshot(t, dest))
	if left := tempSiblings(dest); len(left) > 0 {
		t.Errorf("temporary folders left on the full disk: %v", left)
	}
}
