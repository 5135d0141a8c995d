//go:build unix

package server

import (
	"os/exec"
	"syscall"
	"time"
)

// inOwnGroup starts cmd in a process group of its own, which a cancel
// kills whole: a browser's helpers (renderers, crash handler) would
// otherwise outlive it and write into the test's folders as they are
// removed.
func inOwnGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}

// groupGone waits until no process of cmd's group is left (at most
// timeout), after it was killed.
func groupGone(cmd *exec.Cmd, timeout time.Duration) {
	if cmd.Process == nil {
		return
	}
	syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if err := syscall.Kill(-cmd.Process.Pid, 0); err == syscall.ESRCH {
			return
		}
	}
}
