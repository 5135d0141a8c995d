package html

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"sort"
	"sync"

	"github.com/communs/communs/builders"
)

// partialCache is the partialCached function of one language's
// templates: {{ partialCached "partials/summary.html" . }} executes the
// partial once per page and build, where {{ template … }} executes it at
// each call. A page's summary is in its section's list, its tags', its
// year's, the home page's…: it is written once and copied.
//
// The partial must depend on its page and the language alone, as the
// built-in functions do. Its output is HTML, for element content (not an
// attribute). A context that is not a pointer is not kept: the partial
// is executed each time.
type partialCache struct {
	set *template.Template // the language's templates; nil while parsing
	mu  sync.Mutex
	m   map[partialKey]template.HTML
}

type partialKey struct {
	name string
	ctx  any // a pointer
}

func (pc *partialCache) call(name string, ctx any) (template.HTML, error) {
	if pc.set == nil {
		return "", fmt.Errorf("partialCached %q: no templates", name)
	}
	keep := ctx != nil && reflect.TypeOf(ctx).Kind() == reflect.Pointer
	k := partialKey{name, ctx}
	if keep {
		pc.mu.Lock()
		v, ok := pc.m[k]
		pc.mu.Unlock()
		if ok {
			return v, nil
		}
	}
	var b bytes.Buffer
	if err := pc.set.ExecuteTemplate(&b, name, ctx); err != nil {
		return "", err
	}
	v := template.HTML(b.String())
	if keep {
		pc.mu.Lock()
		if pc.m == nil {
			pc.m = map[partialKey]template.HTML{}
		}
		pc.m[k] = v
		pc.mu.Unlock()
	}
	return v, nil
}

// forLanguageOf is forLanguage with the functions of lang, partialCached
// bound to the language's own templates.
func (t *templates) forLanguageOf(c *builders.Context, lang string) (*templates, error) {
	pc := &partialCache{}
	out, err := t.forLanguage(langFuncs(c, lang, pc))
	if err != nil {
		return nil, err
	}
	// Any set holds every partial: the first by name, for the same
	// escaping whatever the map's order.
	names := make([]string, 0, len(out.byName))
	for n := range out.byName {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) > 0 {
		pc.set = out.byName[names[0]]
	}
	return out, nil
}
