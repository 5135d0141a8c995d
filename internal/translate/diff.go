package translate

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// DiffOp is one piece of a word diff.
type DiffOp struct {
	Kind byte // '=' kept, '-' removed, '+' added
	Text string
}

// WordDiff compares two texts word by word: runs of letters and digits,
// runs of spaces and single other characters are the units, so that a
// changed word or comma shows alone.
func WordDiff(before, after string) []DiffOp {
	a, b := diffTokens(before), diffTokens(after)
	pairs := lcs(a, b)
	var ops []DiffOp
	add := func(kind byte, text string) {
		if text == "" {
			return
		}
		if n := len(ops); n > 0 && ops[n-1].Kind == kind {
			ops[n-1].Text += text
			return
		}
		ops = append(ops, DiffOp{Kind: kind, Text: text})
	}
	i, j := 0, 0
	for _, p := range pairs {
		for ; i < p[0]; i++ {
			add('-', a[i])
		}
		for ; j < p[1]; j++ {
			add('+', b[j])
		}
		add('=', a[i])
		i, j = i+1, j+1
	}
	for ; i < len(a); i++ {
		add('-', a[i])
	}
	for ; j < len(b); j++ {
		add('+', b[j])
	}
	return ops
}

func diffTokens(s string) []string {
	var out []string
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		n := size
		class := tokenClass(r)
		if class != 0 {
			for n < len(s) {
				r2, sz := utf8.DecodeRuneInString(s[n:])
				if tokenClass(r2) != class {
					break
				}
				n += sz
			}
		}
		out = append(out, s[:n])
		s = s[n:]
	}
	return out
}

// tokenClass: 1 word characters, 2 spaces, 0 anything else (one by one).
func tokenClass(r rune) int {
	switch {
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		return 1
	case unicode.IsSpace(r):
		return 2
	}
	return 0
}

// FormatDiff writes a word diff as text: removed words [-so-] and added
// ones {+so+} as git diff --word-diff=plain does, or, with colour, in red
// and green for a terminal.
func FormatDiff(ops []DiffOp, colour bool) string {
	var b strings.Builder
	for _, op := range ops {
		switch op.Kind {
		case '=':
			b.WriteString(op.Text)
		case '-':
			if colour {
				b.WriteString("\x1b[31;9m" + op.Text + "\x1b[0m")
			} else {
				b.WriteString("[-" + op.Text + "-]")
			}
		case '+':
			if colour {
				b.WriteString("\x1b[32m" + op.Text + "\x1b[0m")
			} else {
				b.WriteString("{+" + op.Text + "+}")
			}
		}
	}
	return b.String()
}

// LineDiff shows how b differs from a, line by line: the lines removed
// with "-", the lines added with "+", and a line around each change.
func LineDiff(a, b []byte) string {
	al := strings.Split(string(a), "\n")
	bl := strings.Split(string(b), "\n")
	pairs := lcs(al, bl)
	var out strings.Builder
	ai, bi := 0, 0
	same := func(k int) {
		if k >= 0 && k < len(al) {
			out.WriteString("  " + al[k] + "\n")
		}
	}
	emit := func(aEnd, bEnd int) {
		if ai == aEnd && bi == bEnd {
			return
		}
		same(ai - 1)
		for ; ai < aEnd; ai++ {
			out.WriteString("- " + al[ai] + "\n")
		}
		for ; bi < bEnd; bi++ {
			out.WriteString("+ " + bl[bi] + "\n")
		}
		same(aEnd)
		out.WriteString("\n")
	}
	for _, p := range pairs {
		emit(p[0], p[1])
		ai, bi = p[0]+1, p[1]+1
	}
	emit(len(al), len(bl))
	return out.String()
}
