package main

import (
	"net"
	"strconv"
	"strings"
	"testing"

	"github.com/communs/communs/internal/testutil"
)

func TestServeCLIErrors(t *testing.T) {
	if code, _, errs := runCLI(t, "serve", "--source", t.TempDir()); code != 1 || !strings.Contains(errs, "no site.toml") {
		t.Errorf("no site: exit %d, %q", code, errs)
	}
	if code, _, errs := runCLI(t, "serve", "extra"); code != 2 || !strings.Contains(errs, "unexpected argument") {
		t.Errorf("argument: exit %d, %q", code, errs)
	}
	if code, _, errs := runCLI(t, "serve", "--port", "70000"); code != 2 || !strings.Contains(errs, "--port") {
		t.Errorf("bad port: exit %d, %q", code, errs)
	}
	if code, _, errs := runCLI(t, "serve", "--source", testutil.RepoRoot(), "--bind", "example.org"); code != 1 || !strings.Contains(errs, "--bind") {
		t.Errorf("bad bind: exit %d, %q", code, errs)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	code, _, errs := runCLI(t, "serve", "--source", testutil.RepoRoot(), "--port", port)
	if code != 1 || !strings.Contains(errs, "port "+port) || !strings.Contains(errs, "in use") {
		t.Errorf("port in use: exit %d, %q", code, errs)
	}
	if code, out, _ := runCLI(t, "help"); code != 0 || !strings.Contains(out, "communs serve") {
		t.Error("help does not list serve")
	}
}
