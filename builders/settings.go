package builders

// Number reads a number from a settings table of site.toml or front
// matter ([pdf], [booklet]): TOML gives int64 or float64, YAML int or
// float64.
func Number(v any) (float64, bool) {
	switch n := v.(type) {
	case int64:
		return float64(n), true
	case int:
		return float64(n), true
	case float64:
		return n, true
	case uint64:
		return float64(n), true
	}
	return 0, false
}
