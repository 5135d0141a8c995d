package main

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// A stream as go test -json writes it (Go 1.26), cut to what matters.
const stream = `{"Action":"start","Package":"github.com/communs/communs/builders/epub"}
{"Action":"run","Package":"github.com/communs/communs/builders/epub","Test":"TestSampleSite"}
{"Action":"output","Package":"github.com/communs/communs/builders/epub","Test":"TestSampleSite","Output":"=== RUN   TestSampleSite\n"}
{"Action":"output","Package":"github.com/communs/communs/builders/epub","Test":"TestSampleSite","Output":"    epub_test.go:139: skipped: epubcheck is not installed (apt-get install epubcheck; sh .ci/tools --install)\n"}
{"Action":"output","Package":"github.com/communs/communs/builders/epub","Test":"TestSampleSite","Output":"--- SKIP: TestSampleSite (0.00s)\n"}
{"Action":"skip","Package":"github.com/communs/communs/builders/epub","Test":"TestSampleSite","Elapsed":0}
{"Action":"output","Package":"github.com/communs/communs/builders/epub","Test":"TestCorpus","Output":"    helpers.go:25: skipped: the shared corpus is not at /x/shared/corpus (it sits beside the repository as ../shared/corpus)\n"}
{"Action":"skip","Package":"github.com/communs/communs/builders/epub","Test":"TestCorpus","Elapsed":0}
{"Action":"output","Package":"github.com/communs/communs/builders/epub","Test":"TestFont","Output":"    font_test.go:53: skipped: epubcheck is not installed (apt-get install epubcheck; sh .ci/tools --install)\n"}
{"Action":"skip","Package":"github.com/communs/communs/builders/epub","Test":"TestFont","Elapsed":0}
{"Action":"output","Package":"github.com/communs/communs/builders/epub","Test":"TestOdd","Output":"    odd_test.go:9: no symbolic links here:\n"}
{"Action":"output","Package":"github.com/communs/communs/builders/epub","Test":"TestOdd","Output":"        operation not permitted\n"}
{"Action":"skip","Package":"github.com/communs/communs/builders/epub","Test":"TestOdd","Elapsed":0}
{"Action":"pass","Package":"github.com/communs/communs/builders/epub","Test":"TestReproducible","Elapsed":0.07}
{"Action":"pass","Package":"github.com/communs/communs/builders/epub","Elapsed":12.5}
{"Action":"output","Package":"github.com/communs/communs/internal/server","Test":"TestRebuild","Output":"=== RUN   TestRebuild\n"}
{"Action":"output","Package":"github.com/communs/communs/internal/server","Test":"TestRebuild","Output":"    server_test.go:433: no rebuild recorded\n"}
{"Action":"output","Package":"github.com/communs/communs/internal/server","Test":"TestRebuild","Output":"--- FAIL: TestRebuild (0.46s)\n"}
{"Action":"fail","Package":"github.com/communs/communs/internal/server","Test":"TestRebuild","Elapsed":0.46}
{"Action":"output","Package":"github.com/communs/communs/internal/server","Output":"FAIL\n"}
{"Action":"fail","Package":"github.com/communs/communs/internal/server","Elapsed":3.1}
{"ImportPath":"github.com/communs/communs/internal/site [github.com/communs/communs/internal/site.test]","Action":"build-output","Output":"internal/site/load.go:12:2: undefined: x\n"}
{"Action":"output","Package":"github.com/communs/communs/internal/diag","Output":"?   \tgithub.com/communs/communs/internal/diag\t[no test files]\n"}
{"Action":"skip","Package":"github.com/communs/communs/internal/diag","Elapsed":0}
not JSON: go's own line
`

func TestSummary(t *testing.T) {
	var out bytes.Buffer
	s := newSummary(&out)
	for _, l := range strings.Split(strings.TrimSuffix(stream, "\n"), "\n") {
		s.line([]byte(l))
	}
	s.print(83 * time.Second)
	got := out.String()
	for _, want := range []string{
		"ok    builders/epub",
		"--- FAIL: internal/server TestRebuild (0.46s)\n    server_test.go:433: no rebuild recorded\n",
		"FAIL  internal/server",
		"internal/site/load.go:12:2: undefined: x\n",
		"not JSON: go's own line\n",
		"Skipped (4), by reason:\n",
		"  missing checker, 2 test(s): epubcheck is not installed (apt-get install epubcheck; sh .ci/tools --install)\n      builders/epub TestFont, builders/epub TestSampleSite\n",
		"  missing corpus, 1 test(s): the shared corpus is not at /x/shared/corpus",
		"  other, 1 test(s): no symbolic links here: operation not permitted\n",
		"FAIL: 1 packages passed, 1 failed (1 without tests); slowest: builders/epub 12s, internal/server 3s\n",
		"failed: internal/server\n",
		"tests: 1 passed, 1 failed, 4 skipped\n",
		"total time: 1m23s\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the summary lacks %q:\n%s", want, got)
		}
	}
	if !s.anyFailed() {
		t.Error("a failed package not seen")
	}
	if strings.Contains(got, "=== RUN") {
		t.Errorf("the run lines are printed:\n%s", got)
	}
}

func TestSkipReason(t *testing.T) {
	for _, tc := range []struct {
		out  []string
		want string
	}{
		{[]string{"=== RUN   T\n", "    a_test.go:3: skipped: qpdf is not installed\n", "--- SKIP: T (0.00s)\n"}, "qpdf is not installed"},
		{[]string{"--- SKIP: T/sub (0.00s)\n"}, "no reason given"},
		{[]string{"    a_test.go:3: first\n", "    a_test.go:4: skipped EPUBCheck: why\n"}, "EPUBCheck: why"},
	} {
		if got := skipReason(tc.out); got != tc.want {
			t.Errorf("skipReason(%q) = %q, want %q", tc.out, got, tc.want)
		}
	}
}

func TestSplitPackages(t *testing.T) {
	for _, tc := range []struct {
		args, flags, pkgs []string
	}{
		{[]string{"./..."}, []string{}, []string{"./..."}},
		{[]string{"-count=1", "-timeout", "30m", "./internal/site", "./builders/..."}, []string{"-count=1", "-timeout", "30m"}, []string{"./internal/site", "./builders/..."}},
		{[]string{"-run", "./x"}, []string{"-run", "./x"}, []string{"."}},
		{nil, nil, []string{"."}},
	} {
		flags, pkgs := splitPackages(tc.args)
		if strings.Join(flags, " ") != strings.Join(tc.flags, " ") || strings.Join(pkgs, " ") != strings.Join(tc.pkgs, " ") {
			t.Errorf("splitPackages(%q) = %q, %q; want %q, %q", tc.args, flags, pkgs, tc.flags, tc.pkgs)
		}
	}
}
