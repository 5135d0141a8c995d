package markdown

import (
	"bytes"
	"hash/maphash"
	"sync"
	"sync/atomic"

	"github.com/alecthomas/chroma/v2"
	"github.com/alecthomas/chroma/v2/lexers"
)

// Highlighter colours code blocks with chroma. It looks a fence's lexer
// up once per name (chroma's lookup may match every lexer's file names,
// milliseconds a time); and it keeps the HTML of the blocks
// it coloured twice, up to maxHighlighted bytes: a code block comes again
// in each translation of its page, and docs repeat their snippets, but
// most blocks come once, and keeping those would only cost memory. It is
// safe for concurrent use; one serves every language of a build.
type Highlighter struct {
	lexers  sync.Map // name as written → chroma.Lexer (nil: none)
	seed    maphash.Seed
	seen    sync.Map // hash of language and code → true: coloured once
	done    sync.Map // language + "\x00" + code → HTML, coloured twice
	doneLen atomic.Int64
}

// maxHighlighted bounds the HTML a Highlighter keeps.
const maxHighlighted = 64 << 20

// NewHighlighter makes a Highlighter.
func NewHighlighter() *Highlighter { return &Highlighter{seed: maphash.MakeSeed()} }

// Lexer is the lexer of a fence's language, nil when chroma has none:
// chroma's lookup by name, alias, then file name (CMakeLists.txt,
// nginx.conf), the last matching every lexer's file names: once per name.
func (h *Highlighter) Lexer(lang string) chroma.Lexer {
	if v, ok := h.lexers.Load(lang); ok {
		l, _ := v.(chroma.Lexer)
		return l
	}
	l := lexers.Get(lang)
	h.lexers.Store(lang, l)
	return l
}

// HTML is code coloured as the language; ok is false when chroma has no
// lexer for it (or fails), the code then to be written plain.
func (h *Highlighter) HTML(lang, code string) (string, bool) {
	key := lang + "\x00" + code
	if v, ok := h.done.Load(key); ok {
		return v.(string), true
	}
	lexer := h.Lexer(lang)
	if lexer == nil {
		return "", false
	}
	it, err := chroma.Coalesce(lexer).Tokenise(nil, code)
	if err != nil {
		return "", false
	}
	var b bytes.Buffer
	if codeFormatter.Format(&b, codeStyle, it) != nil {
		return "", false
	}
	out := b.String()
	if _, again := h.seen.LoadOrStore(maphash.String(h.seed, key), true); again && h.doneLen.Add(int64(len(key)+len(out))) <= maxHighlighted {
		h.done.Store(key, out)
	}
	return out, true
}
