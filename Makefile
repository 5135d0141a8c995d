# communs – common tasks. `make help` lists them.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

# Fuzz targets, as package:Target. `make fuzz` runs each for FUZZTIME;
# CI runs them briefly (.ci/run). A crash is saved under the package's
# testdata/fuzz/ and replayed by every `go test` from then on.
FUZZTIME ?= 2m
FUZZ_TARGETS := \
	internal/site:FuzzFrontMatter \
	internal/markdown:FuzzConvert \
	internal/markdown:FuzzXHTML \
	internal/shortcode:FuzzParse \
	internal/check:FuzzMarkdownLinks \
	internal/check:FuzzParseOutput \
	internal/slug:FuzzMake \
	internal/wordpress:FuzzContent \
	internal/wordpress:FuzzParse

# The packages with concurrency (the preview server, the build and its
# builders, the WordPress import, which run in parallel) are tested under the race detector;
# the others without it, in the same run. PKGS narrows the run, such as
# make test PKGS=./builders/epub; TESTFLAGS adds go test flags, such as
# TESTFLAGS="-run TestCorpus -v".
PKGS      ?= ./...
RACE_PKGS ?= ./internal/server,./internal/build,./builders/...,./internal/markdown/...,./internal/wordpress,./internal/shortcode
TESTFLAGS ?=

.PHONY: help build install test vet bench serve tools clean fuzz

help:
	@echo "make build   build communs and the sample site (into public/)"
	@echo "make test    vet and run every test, with a summary (PKGS=./builders/epub for one package; make tools: what the tests use)"
	@echo "make bench   measure site, preview and book builds against Hugo, pandoc, xelatex and pdfjam when installed (BENCH_FLAGS=-quick)"
	@echo "make serve   preview the sample site at http://127.0.0.1:1313/, rebuilt as you edit (SERVE_FLAGS=\"--drafts --port N\")"
	@echo "make tools   say which external checkers the tests can use"
	@echo "make fuzz    fuzz front matter, Markdown, EPUB XHTML, links, slugs and WordPress imports, FUZZTIME each (default 2m)"

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o communs ./cmd/communs
	./communs build

install:
	$(GO) install -ldflags "$(LDFLAGS)" ./cmd/communs

test: tools vet
	@$(GO) run ./internal/testsum -race-pkgs '$(RACE_PKGS)' -timeout 30m $(TESTFLAGS) $(PKGS)

vet:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))" || { echo "gofmt would change:"; gofmt -l .; exit 1; }
	$(GO) vet ./...

tools:
	@sh .ci/tools --report

fuzz:
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz: $$name in $$pkg for $(FUZZTIME)"; \
		$(GO) test ./$$pkg -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZTIME) || exit 1; \
	done

bench:
	$(GO) run ./bench $(BENCH_FLAGS)

serve:
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/communs serve $(SERVE_FLAGS)

clean:
	rm -rf public communs bench/out
