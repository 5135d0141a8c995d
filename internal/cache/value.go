package cache

import (
	"bytes"
	"fmt"
	"math"
	"reflect"
	"sort"
)

// Value adds a Go value, whole: every field, exported or not, what
// pointers lead to, the dynamic type of interfaces and maps in key
// order, so that values that differ in anything give different keys.
// A value holding a function or a channel cannot be a key's input:
// Value returns an error then.
func (k *KeyHash) Value(v any) error {
	w := valueWriter{k: k, seen: map[uintptr]int64{}}
	w.write(reflect.ValueOf(v))
	return w.err
}

type valueWriter struct {
	k    *KeyHash
	seen map[uintptr]int64 // pointers met, by order: a shared one is written once
	err  error
}

// Markers of what is written next, so that a nil never reads as a zero.
const (
	markNil int64 = -1 - iota
	markSeen
	markValue
)

func (w *valueWriter) write(v reflect.Value) {
	k := w.k
	switch v.Kind() {
	case reflect.Invalid:
		k.Int(markNil)
	case reflect.Bool:
		if v.Bool() {
			k.Int(1)
		} else {
			k.Int(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		k.Int(v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		k.Int(int64(v.Uint()))
	case reflect.Float32, reflect.Float64:
		k.Int(int64(math.Float64bits(v.Float())))
	case reflect.Complex64, reflect.Complex128:
		c := v.Complex()
		k.Int(int64(math.Float64bits(real(c))))
		k.Int(int64(math.Float64bits(imag(c))))
	case reflect.String:
		k.String(v.String())
	case reflect.Slice:
		if v.IsNil() {
			k.Int(markNil)
			return
		}
		if v.Type().Elem().Kind() == reflect.Uint8 {
			k.Bytes(v.Bytes())
			return
		}
		fallthrough
	case reflect.Array:
		n := v.Len()
		k.Int(int64(n))
		for i := 0; i < n; i++ {
			w.write(v.Index(i))
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			w.write(v.Field(i))
		}
	case reflect.Pointer:
		if v.IsNil() {
			k.Int(markNil)
			return
		}
		if n, ok := w.seen[v.Pointer()]; ok {
			k.Int(markSeen)
			k.Int(n)
			return
		}
		w.seen[v.Pointer()] = int64(len(w.seen))
		k.Int(markValue)
		w.write(v.Elem())
	case reflect.Interface:
		if v.IsNil() {
			k.Int(markNil)
			return
		}
		e := v.Elem()
		k.String(e.Type().PkgPath() + "." + e.Type().String())
		w.write(e)
	case reflect.Map:
		if v.IsNil() {
			k.Int(markNil)
			return
		}
		// Keys in the order of their own encodings.
		type pair struct {
			key []byte
			v   reflect.Value
		}
		var pairs []pair
		it := v.MapRange()
		for it.Next() {
			sub := NewKey("")
			sw := valueWriter{k: sub, seen: map[uintptr]int64{}}
			sw.write(it.Key())
			if sw.err != nil && w.err == nil {
				w.err = sw.err
			}
			s := sub.Sum()
			pairs = append(pairs, pair{s[:], it.Value()})
		}
		sort.Slice(pairs, func(i, j int) bool { return bytes.Compare(pairs[i].key, pairs[j].key) < 0 })
		k.Int(int64(len(pairs)))
		for _, p := range pairs {
			k.h.Write(p.key)
			w.write(p.v)
		}
	default:
		if w.err == nil {
			w.err = fmt.Errorf("cache: a %s cannot be part of a key", v.Type())
		}
	}
}
