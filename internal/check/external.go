package check

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"
)

// HTTPOptions make the external check polite: few requests at once, and
// fewer to one host, a User-Agent saying who asks, timeouts, and a cache
// so that the same link is not asked again for a while.
type HTTPOptions struct {
	Client    *http.Client  // nil: one with Timeout
	UserAgent string        // default DefaultUserAgent
	Timeout   time.Duration // per request; default 15 s
	Workers   int           // requests at once; default 8
	PerHost   int           // requests at once to one host; default 2
	// CacheFile keeps results between runs: "" is DefaultCacheFile(),
	// "-" keeps none.
	CacheFile string
	// TTL is how long a working link is trusted (default 7 days); a
	// broken one is asked again after a day.
	TTL time.Duration
	Now func() time.Time
}

// DefaultUserAgent names the checker to the sites it asks.
const DefaultUserAgent = "communs-check/1 (link checker of a static site; +https://github.com/communs/communs)"

// DefaultCacheFile is the cache of external results under the user's
// cache folder ($XDG_CACHE_HOME/communs/links.json on Linux).
func DefaultCacheFile() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "communs", "links.json")
}

// result is what asking for a URL gave.
type result struct {
	Status  int       `json:"status,omitempty"`
	Err     string    `json:"error,omitempty"`
	Checked time.Time `json:"checked"`
	broken  bool
	unsure  bool // could not tell: a refusal, a server error, a timeout
}

// verdict classifies a result: broken (an error), unsure (a warning), or fine.
func (r *result) verdict() {
	r.broken, r.unsure = false, false
	switch {
	case r.Err != "":
		if strings.Contains(r.Err, "timeout") || strings.Contains(r.Err, "deadline") || strings.Contains(r.Err, "temporary") {
			r.unsure = true
		} else {
			r.broken = true
		}
	case r.Status == http.StatusNotFound || r.Status == http.StatusGone:
		r.broken = true
	case r.Status >= 400:
		// 401, 403, 429, 5xx: the link may well work for a reader.
		r.unsure = true
	}
}

func (r *result) describe() string {
	if r.Err != "" {
		return r.Err
	}
	return fmt.Sprintf("%d %s", r.Status, http.StatusText(r.Status))
}

// extRef is an occurrence of an external URL.
type extRef struct {
	doc *document
	r   ref
	u   *url.URL
}

func (c *checker) addExternal(doc *document, r ref, u *url.URL) {
	v := *u
	v.Fragment, v.RawFragment = "", ""
	key := v.String()
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ext == nil {
		c.ext = map[string][]extRef{}
	}
	c.ext[key] = append(c.ext[key], extRef{doc: doc, r: r, u: u})
}

// checkExternal asks for every external URL once.
func (c *checker) checkExternal(ctx context.Context) error {
	o := c.opts.HTTP
	if o.Timeout <= 0 {
		o.Timeout = 15 * time.Second
	}
	if o.Workers <= 0 {
		o.Workers = 8
	}
	if o.PerHost <= 0 {
		o.PerHost = 2
	}
	if o.UserAgent == "" {
		o.UserAgent = DefaultUserAgent
	}
	if o.TTL <= 0 {
		o.TTL = 7 * 24 * time.Hour
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	client := o.Client
	if client == nil {
		client = &http.Client{Timeout: o.Timeout}
	}
	cacheFile := o.CacheFile
	if cacheFile == "" {
		cacheFile = DefaultCacheFile()
	}
	cache := loadCache(cacheFile)
	urls := make([]string, 0, len(c.ext))
	for u := range c.ext {
		urls = append(urls, u)
	}
	sort.Strings(urls)
	c.external = len(urls)

	results := make(map[string]*result, len(urls))
	var mu sync.Mutex
	hostSem := map[string]chan struct{}{}
	sem := make(chan struct{}, o.Workers)
	var wg sync.WaitGroup
	now := o.Now()
	for _, raw := range urls {
		if r, ok := cache.fresh(raw, now, o.TTL); ok {
			mu.Lock() // the requests already started write results too
			results[raw] = r
			mu.Unlock()
			continue
		}
		u, _ := url.Parse(raw)
		host := strings.ToLower(u.Host)
		hs, ok := hostSem[host]
		if !ok {
			hs = make(chan struct{}, o.PerHost)
			hostSem[host] = hs
		}
		select {
		case <-ctx.Done():
			wg.Wait()
			return ctx.Err()
		case sem <- struct{}{}:
		}
		wg.Add(1)
		go func(raw string, hs chan struct{}) {
			defer wg.Done()
			defer func() { <-sem }()
			select {
			case hs <- struct{}{}:
			case <-ctx.Done():
				return
			}
			r := fetch(ctx, client, o.UserAgent, raw)
			<-hs
			r.Checked = o.Now()
			mu.Lock()
			results[raw] = r
			mu.Unlock()
		}(raw, hs)
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, raw := range urls {
		r := results[raw]
		if r == nil {
			continue
		}
		r.verdict()
		if !r.unsure {
			cache.put(raw, r)
		}
		for _, e := range c.ext[raw] {
			why := r.describe()
			switch {
			case r.broken:
				c.add(e.doc, e.r, e.u, "error", KindExternal, func(name string) string { return fmt.Sprintf("link %q is broken: %s", name, why) })
			case r.unsure:
				c.add(e.doc, e.r, e.u, "warning", KindExternal, func(name string) string { return fmt.Sprintf("link %q could not be verified: %s", name, why) })
			}
		}
	}
	return cache.save(cacheFile)
}

// fetch asks for a URL: HEAD, then GET when the server will not answer
// HEAD properly.
func fetch(ctx context.Context, client *http.Client, ua, raw string) *result {
	do := func(method string) (*http.Response, error) {
		req, err := http.NewRequestWithContext(ctx, method, raw, nil)
		if err != nil {
			return nil, err
		}
		req.Header.Set("User-Agent", ua)
		req.Header.Set("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
		return client.Do(req)
	}
	resp, err := do(http.MethodHead)
	if err == nil {
		resp.Body.Close()
		switch resp.StatusCode {
		case http.StatusMethodNotAllowed, http.StatusNotImplemented, http.StatusForbidden, http.StatusNotFound, http.StatusBadRequest:
			// Some servers refuse HEAD, or answer it wrongly: ask again.
		default:
			return &result{Status: resp.StatusCode}
		}
	}
	resp, err = do(http.MethodGet)
	if err != nil {
		return &result{Err: netError(err)}
	}
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	resp.Body.Close()
	return &result{Status: resp.StatusCode}
}

// netError says what went wrong in a few words.
func netError(err error) string {
	var dns *net.DNSError
	var ue *url.Error
	switch {
	case errors.As(err, &dns):
		if dns.IsNotFound {
			return "no such host " + dns.Name
		}
		return "temporary DNS failure for " + dns.Name
	case errors.As(err, &ue) && ue.Timeout():
		return "timeout"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Err != nil {
		return op.Err.Error()
	}
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// linkCache is the cache file's content.
type linkCache struct {
	mu      sync.Mutex
	Entries map[string]*result `json:"entries"`
	dirty   bool
}

func loadCache(file string) *linkCache {
	c := &linkCache{Entries: map[string]*result{}}
	if file == "" || file == "-" {
		return c
	}
	if data, err := os.ReadFile(file); err == nil {
		_ = json.Unmarshal(data, c)
		if c.Entries == nil {
			c.Entries = map[string]*result{}
		}
	}
	return c
}

// fresh returns a cached result still to be trusted: a working link for
// ttl, a broken one for a day.
func (c *linkCache) fresh(u string, now time.Time, ttl time.Duration) (*result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.Entries[u]
	if !ok {
		return nil, false
	}
	r.verdict()
	life := ttl
	if r.broken {
		life = 24 * time.Hour
	}
	if r.unsure || now.Sub(r.Checked) > life || r.Checked.After(now) {
		return nil, false
	}
	cp := *r
	return &cp, true
}

func (c *linkCache) put(u string, r *result) {
	c.mu.Lock()
	defer c.mu.Unlock()
	cp := *r
	c.Entries[u] = &cp
	c.dirty = true
}

func (c *linkCache) save(file string) error {
	if file == "" || file == "-" || !c.dirty {
		return nil
	}
	c.mu.Lock()
	data, err := json.MarshalIndent(c, "", " ")
	c.mu.Unlock()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return fmt.Errorf("link cache: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(file), ".links-*")
	if err != nil {
		return fmt.Errorf("link cache: %w", err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("link cache: %w", err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("link cache: %w", err)
	}
	if err := os.Rename(tmp.Name(), file); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("link cache: %w", err)
	}
	return nil
}
