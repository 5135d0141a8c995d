package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	yaml "go.yaml.in/yaml/v3"

	"github.com/communs/communs/internal/testutil"
)

// TestCIExamples: the CI configurations of docs/ are YAML, build, check
// and publish, and call communs with flags it has.
func TestCIExamples(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testutil.RepoRoot(), "docs", "ci", "*.yml"))
	if len(files) < 2 {
		t.Fatalf("no CI examples in docs/ci: %v", files)
	}
	call := regexp.MustCompile(`(?m)\bcommuns (build|check)([^\n;|&>}]*)`)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := yaml.Unmarshal(data, &doc); err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		text := string(data)
		for _, want := range []string{"communs build", "communs check", "communs check --external", "SOURCE_DATE_EPOCH"} {
			if !strings.Contains(text, want) {
				t.Errorf("%s does not run %q", f, want)
			}
		}
		if !strings.Contains(text, "pages") {
			t.Errorf("%s does not publish", f)
		}
		for _, m := range call.FindAllStringSubmatch(text, -1) {
			args := append([]string{m[1]}, strings.Fields(m[2])...)
			_, _, errs := runCLI(t, append(args, "-h")...)
			if strings.Contains(errs, "flag provided but not defined") {
				t.Errorf("%s: communs %s: %s", f, strings.Join(args, " "), errs)
			}
		}
	}
}
