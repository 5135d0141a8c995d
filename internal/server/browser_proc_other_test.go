//go:build !unix

package server

import (
	"os/exec"
	"time"
)

func inOwnGroup(cmd *exec.Cmd)                       {}
func groupGone(cmd *exec.Cmd, timeout time.Duration) {}
