// Command testsum runs go test and ends with what a newcomer needs to
// trust the run: the packages that passed and failed, the tests skipped
// grouped by their reason (a checker not installed, the corpus absent),
// and the total time. The output of a failing test is printed as it
// fails, whole.
//
//	go run ./internal/testsum [-race] [go test flags] [packages]
//
// Every argument is passed to go test, which runs with -json. The exit
// status is go test's.
package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	start := time.Now()
	cmd := exec.CommandContext(ctx, "go", append([]string{"test", "-json"}, args...)...)
	cmd.Stderr = stderr // compiler errors, vet's findings
	out, err := cmd.StdoutPipe()
	if err != nil {
		fmt.Fprintf(stderr, "testsum: %v\n", err)
		return 2
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(stderr, "testsum: %v\n", err)
		return 2
	}
	s := newSummary(stdout)
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		s.line(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(stderr, "testsum: reading go test's output: %v\n", err)
	}
	err = cmd.Wait()
	s.print(time.Since(start))
	var ee *exec.ExitError
	switch {
	case err == nil:
		if s.anyFailed() {
			return 1
		}
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode()
	default:
		fmt.Fprintf(stderr, "testsum: %v\n", err)
		return 2
	}
}
