//go:build unix

package impose

import (
	"syscall"
	"time"
)

// cpuTime is the process's processor time, user and system: what a
// benchmark costs whatever else the machine is doing.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
