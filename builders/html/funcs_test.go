package html

import (
	"html/template"
	"testing"
)

// T keeps strings under memoKey: two calls share a key only when they
// would give the same string.
func TestMemoKey(t *testing.T) {
	keys := map[string]string{}
	for name, args := range map[string][]any{
		"none":          nil,
		"count 1":       {1},
		"count 2":       {2},
		"count 1.0":     {1.0},
		"count int64":   {int64(1)},
		"string a":      {map[string]any{"Names": "a"}},
		"html a":        {map[string]any{"Names": template.HTML("a")}},
		"string b":      {map[string]any{"Names": "b"}},
		"other key":     {map[string]any{"Team": "a"}},
		"two values":    {map[string]any{"Names": "a", "Team": "b"}},
		"glued":         {map[string]any{"Names": "a1:sb", "Team": ""}},
		"count and map": {3, map[string]any{"Names": "a"}},
		"map and count": {map[string]any{"Names": "a"}, 3},
	} {
		k, ok := memoKey("by", args)
		if !ok {
			t.Errorf("%s: not kept", name)
			continue
		}
		if other, dup := keys[k]; dup {
			t.Errorf("%s and %s share the key %q", name, other, k)
		}
		keys[k] = name
	}
	a, _ := memoKey("by", []any{map[string]any{"Names": "x", "Team": "y"}})
	b, _ := memoKey("by", []any{map[string]any{"Team": "y", "Names": "x"}})
	if a != b {
		t.Errorf("the same dict gives two keys: %q, %q", a, b)
	}
	if k1, _ := memoKey("home", nil); k1 == keys["none"] {
		t.Errorf("two interface keys share %q", k1)
	}
	if _, ok := memoKey("by", []any{map[string]any{"Names": []string{"a"}}}); ok {
		t.Error("a list argument is kept: T must compute it at each call")
	}
}
