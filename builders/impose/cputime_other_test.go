//go:build !unix

package impose

import "time"

func cpuTime() time.Duration { return 0 }
