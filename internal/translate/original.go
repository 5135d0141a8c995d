package translate

import (
	"path"
	"sort"
	"strings"

	"github.com/communs/communs/internal/site"
)

// Original returns the original of a translation group: the page in the
// language its translations name as source.language, else the page in
// the site's default language, else the group's first page in the site's
// order of languages.
//
// external is the language of a text the group translates that is not on
// the site: a source.language naming a language the group has no page
// in (a French page translated from an English article published
// elsewhere). That language needs no translation.
func Original(s *site.Site, g *site.Group) (orig *site.Page, external string) {
	if g == nil || len(g.Pages) == 0 {
		return nil, ""
	}
	var sourceLang string
	for _, l := range s.Languages {
		p := g.Pages[l.Code]
		if p == nil || p.FrontMatter == nil || p.FrontMatter.Source == nil {
			continue
		}
		sl := strings.ToLower(strings.TrimSpace(p.FrontMatter.Source.Language))
		if sl == "" || sl == p.Lang {
			continue
		}
		if q := g.Pages[sl]; q != nil {
			return q, ""
		}
		if sourceLang == "" {
			sourceLang = sl
		}
	}
	if p := g.Pages[s.Config.DefaultLanguage]; p != nil {
		return p, sourceLang
	}
	for _, l := range s.Languages {
		if p := g.Pages[l.Code]; p != nil {
			return p, sourceLang
		}
	}
	return nil, sourceLang
}

// GroupKey names a translation group for people: its translationKey, else
// its folder or file below content/ without language
// ("articles/framaspace-premiere-annee"), "/" for the home page.
func GroupKey(g *site.Group) string {
	k := g.Key
	for _, prefix := range []string{"key:", "dir:", "file:"} {
		if strings.HasPrefix(k, prefix) {
			k = k[len(prefix):]
			break
		}
	}
	if k == "" {
		return "/"
	}
	return k
}

// TranslationFile is where the translation of original into lang lives
// (or will): its file with the language in the name, slash-separated and
// relative to the site's folder (content/articles/x/index.fr.md →
// content/articles/x/index.en.md; content/about.md → content/about.en.md).
func TranslationFile(s *site.Site, original *site.Page, lang string) string {
	dir, name := path.Split(original.File)
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	if i := strings.LastIndexByte(stem, '.'); i > 0 {
		if _, ok := s.Langs[strings.ToLower(stem[i+1:])]; ok {
			stem = stem[:i]
		}
	}
	return dir + stem + "." + lang + ext
}

// Groups lists the site's translation groups, sorted by key.
func Groups(s *site.Site) []*site.Group {
	seen := map[*site.Group]bool{}
	var out []*site.Group
	for _, l := range s.Languages {
		ls := s.Langs[l.Code]
		if ls == nil {
			continue
		}
		for _, p := range ls.All {
			if p.Group != nil && !seen[p.Group] {
				seen[p.Group] = true
				out = append(out, p.Group)
			}
		}
	}
	sortGroups(out)
	return out
}

func sortGroups(gs []*site.Group) {
	keys := make(map[*site.Group]string, len(gs))
	for _, g := range gs {
		keys[g] = GroupKey(g)
	}
	sort.SliceStable(gs, func(i, j int) bool {
		a, b := gs[i], gs[j]
		if keys[a] != keys[b] {
			return keys[a] < keys[b]
		}
		return a.Key < b.Key
	})
}
