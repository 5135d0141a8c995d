package font

import "testing"

func TestCoverage(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	chain := s.Chain(Regular, false)
	for _, c := range []struct {
		r    rune
		font string
	}{
		{'é', "GentiumBookPlus-Regular"}, {'œ', "GentiumBookPlus-Regular"}, {'\u202f', "GentiumBookPlus-Regular"},
		{'«', "GentiumBookPlus-Regular"}, {'’', "GentiumBookPlus-Regular"}, {'€', "GentiumBookPlus-Regular"},
		{'🦆', "Symbola-symbols"}, {'💥', "Symbola-symbols"}, {'✅', "Symbola-symbols"}, {'⋅', "Symbola-symbols"},
		{'ツ', "DroidSansFallback-kana"},
	} {
		f := Pick(chain, c.r)
		if f == nil || f.Name != c.font {
			t.Errorf("%q: got %v, want %s", c.r, f, c.font)
		}
	}
	if Pick(chain, '\U0001D11E') != nil && Pick(chain, 0xE000) != nil {
		t.Error("a private-use character should have no font")
	}
	if !Ignorable('\ufe0f') || Ignorable('a') {
		t.Error("Ignorable")
	}
}

func TestMetrics(t *testing.T) {
	s, _ := Default()
	f := s.Serif[Regular]
	if f.UnitsPerEm != 2048 || f.Ascent <= 0 || f.Descent <= 0 {
		t.Fatalf("metrics: %d %d %d", f.UnitsPerEm, f.Ascent, f.Descent)
	}
	if w := f.Advance('m'); w < 600 || w > 1000 {
		t.Errorf("m is %d/1000 em wide", w)
	}
	if k := f.Kern('A', 'V'); k >= 0 {
		t.Errorf("AV should kern closer, got %d", k)
	}
	for _, p := range [][2]rune{{'A', 'V'}, {'T', 'o'}, {'V', 'a'}} {
		k := f.Kern(p[0], p[1])
		if got := pdfUnits(int(f.KernUnits(p[0], p[1])), f.UnitsPerEm); got != k {
			t.Errorf("KernUnits %q: %d, want %d", p, got, k)
		}
	}
}
