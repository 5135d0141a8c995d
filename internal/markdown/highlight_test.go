package markdown

import (
	"strings"
	"testing"
)

func TestHighlighterLexers(t *testing.T) {
	h := NewHighlighter()
	for lang, want := range map[string]string{"go": "Go", "Go": "Go", "golang": "Go", "py": "Python", "sh": "Bash", "yml": "YAML", "rs": "Rust", "CMakeLists.txt": "CMake", "nginx.conf": "Nginx configuration file"} {
		l := h.Lexer(lang)
		if l == nil || l.Config().Name != want {
			t.Errorf("Lexer(%q) = %v, want %s", lang, l, want)
		}
	}
	// A name no lexer has is plain.
	for _, lang := range []string{"example", "text-console"} {
		if l := h.Lexer(lang); l != nil {
			t.Errorf("Lexer(%q) = %s, want none", lang, l.Config().Name)
		}
	}
}

func TestHighlighterKeepsRepeatedBlocks(t *testing.T) {
	h := NewHighlighter()
	once, ok := h.HTML("go", "x := 1\n")
	if !ok || !strings.Contains(once, `<span class="nx">x</span>`) {
		t.Fatalf("HTML = %q, %v", once, ok)
	}
	if _, kept := h.done.Load("go\x00x := 1\n"); kept {
		t.Error("a block seen once is kept")
	}
	again, _ := h.HTML("go", "x := 1\n")
	if _, kept := h.done.Load("go\x00x := 1\n"); !kept || again != once {
		t.Error("a block seen twice is not kept, or differs")
	}
	if _, ok := h.HTML("example", "x"); ok {
		t.Error("an unknown language is coloured")
	}
}
