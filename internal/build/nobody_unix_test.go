//go:build unix

package build

import (
	"os"
	"syscall"
)

// asNobody runs a command as the user nobody, for whom a file with mode
// 000 is unreadable: root reads every file. nil when not root.
func asNobody() *syscall.SysProcAttr {
	if os.Geteuid() != 0 {
		return nil
	}
	return &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
}

// readsEverything tells whether this process reads files whatever their mode.
func readsEverything() bool { return os.Geteuid() == 0 }
