// Command testsum runs go test and ends with what a newcomer needs to
// trust the run: the packages that passed and failed, the tests skipped
// grouped by their reason (a checker not installed, the corpus absent),
// and the total time. The output of a failing test is printed as it
// fails, whole.
//
//	go run ./internal/testsum [-race-pkgs P,Q] [go test flags] [packages]
//
// The arguments go to go test, which runs with -json; the packages come
// last (./..., ./internal/site). -race-pkgs names packages (patterns,
// comma-separated) to test with the race detector in the same run: those
// of them among the packages run under go test -race, beside the others.
// The exit status is go test's.
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
	"slices"
	"strings"
	"sync"
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
	var racePatterns []string
	if len(args) >= 2 && args[0] == "-race-pkgs" {
		racePatterns = strings.Split(args[1], ",")
		args = args[2:]
		if out, err := exec.CommandContext(ctx, "go", "env", "CGO_ENABLED").Output(); err == nil && strings.TrimSpace(string(out)) != "1" {
			// The race detector needs cgo, hence a C compiler.
			fmt.Fprintln(stderr, "testsum: cgo is off (no C compiler?): the race detector cannot run; testing every package without -race (apt-get install gcc)")
			racePatterns = nil
		}
	}
	flags, patterns := splitPackages(args)
	runs := [][]string{append(append([]string{}, flags...), patterns...)}
	if len(racePatterns) > 0 {
		all, err := goList(ctx, patterns)
		if err != nil {
			fmt.Fprintf(stderr, "testsum: %v\n", err)
			return 2
		}
		race, err := goList(ctx, racePatterns)
		if err != nil {
			fmt.Fprintf(stderr, "testsum: %v\n", err)
			return 2
		}
		var plain, raced []string
		for _, p := range all {
			if slices.Contains(race, p) {
				raced = append(raced, p)
			} else {
				plain = append(plain, p)
			}
		}
		runs = nil
		if len(plain) > 0 {
			runs = append(runs, append(append([]string{}, flags...), plain...))
		}
		if len(raced) > 0 {
			runs = append(runs, append(append([]string{"-race"}, flags...), raced...))
		}
	}
	s := newSummary(stdout)
	var mu sync.Mutex // the runs' lines, one at a time
	codes := make([]int, len(runs))
	var wg sync.WaitGroup
	for i, r := range runs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			codes[i] = goTest(ctx, r, stderr, func(line []byte) {
				mu.Lock()
				s.line(line)
				mu.Unlock()
			})
		}()
	}
	wg.Wait()
	s.print(time.Since(start))
	code := 0
	for _, c := range codes {
		code = max(code, c)
	}
	if code == 0 && s.anyFailed() {
		code = 1
	}
	return code
}

// goTest runs go test -json with args, giving each line of its output
// to line, and returns its exit status.
func goTest(ctx context.Context, args []string, stderr io.Writer, line func([]byte)) int {
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
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		line(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		fmt.Fprintf(stderr, "testsum: reading go test's output: %v\n", err)
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.ExitCode()
	default:
		fmt.Fprintf(stderr, "testsum: %v\n", err)
		return 2
	}
}

// splitPackages separates the trailing package patterns from go test's
// flags: a pattern is a path (./x, ../x, x/...) or all.
func splitPackages(args []string) (flags, patterns []string) {
	i := len(args)
	for i > 0 && isPattern(args[i-1]) && (i < 2 || !takesValue(args[i-2])) {
		i--
	}
	if i == len(args) {
		return args, []string{"."}
	}
	return args[:i], args[i:]
}

func isPattern(a string) bool {
	return !strings.HasPrefix(a, "-") && (a == "." || a == "all" || strings.HasPrefix(a, "./") || strings.HasPrefix(a, "../") || strings.Contains(a, "..."))
}

// takesValue tells whether a go test flag written alone takes the next
// argument as its value (-run X): that argument is no package.
func takesValue(flag string) bool {
	if strings.Contains(flag, "=") || !strings.HasPrefix(flag, "-") {
		return false
	}
	switch strings.TrimLeft(flag, "-") {
	case "run", "skip", "count", "timeout", "p", "parallel", "cpu", "bench", "benchtime", "tags", "coverprofile", "cpuprofile", "memprofile", "o", "exec", "fuzz", "fuzztime", "shuffle", "list":
		return true
	}
	return false
}

// goList expands package patterns to import paths.
func goList(ctx context.Context, patterns []string) ([]string, error) {
	out, err := exec.CommandContext(ctx, "go", append([]string{"list"}, patterns...)...).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return nil, fmt.Errorf("go list %s: %v\n%s", strings.Join(patterns, " "), err, ee.Stderr)
		}
		return nil, fmt.Errorf("go list: %v", err)
	}
	return strings.Fields(string(out)), nil
}
