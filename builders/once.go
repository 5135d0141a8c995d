package builders

import "sync"

// onceValues computes values once per build, by key.
type onceValues struct {
	mu sync.Mutex
	m  map[any]*onceValue
}

type onceValue struct {
	once sync.Once
	v    any
}

// Once returns what make returns for key, calling make once per build
// however many builders ask, at the same time or not: a book's typeset
// document is the same for its reading PDF and its two booklets. Keys
// are compared with ==; use a type of the caller's own to keep them apart.
func (c *Context) Once(key any, make func() any) any {
	c.once.mu.Lock()
	if c.once.m == nil {
		c.once.m = map[any]*onceValue{}
	}
	e := c.once.m[key]
	if e == nil {
		e = &onceValue{}
		c.once.m[key] = e
	}
	c.once.mu.Unlock()
	e.once.Do(func() { e.v = make() })
	return e.v
}
