package site

import "strings"

// License is a licence known by its SPDX identifier.
type License struct {
	ID    string
	URL   string
	names map[string]string // by language; "en" always present
}

// Name returns the licence's name in lang, else in English.
func (l *License) Name(lang string) string {
	if n, ok := l.names[lang]; ok {
		return n
	}
	return l.names["en"]
}

// URLFor returns the licence's page, in lang where the licence has one.
func (l *License) URLFor(lang string) string {
	if strings.HasPrefix(l.URL, "https://creativecommons.org/") && lang != "" && lang != "en" {
		return l.URL + "deed." + lang
	}
	return l.URL
}

func cc(id, path, en, fr string) *License {
	return &License{ID: id, URL: "https://creativecommons.org/" + path, names: map[string]string{"en": en, "fr": fr}}
}

var licenses = map[string]*License{}

func init() {
	for _, l := range []*License{
		cc("CC-BY-SA-4.0", "licenses/by-sa/4.0/", "Creative Commons Attribution-ShareAlike 4.0 International", "Creative Commons Attribution – Partage dans les mêmes conditions 4.0 International"),
		cc("CC-BY-4.0", "licenses/by/4.0/", "Creative Commons Attribution 4.0 International", "Creative Commons Attribution 4.0 International"),
		cc("CC-BY-NC-SA-4.0", "licenses/by-nc-sa/4.0/", "Creative Commons Attribution-NonCommercial-ShareAlike 4.0 International", "Creative Commons Attribution – Pas d’utilisation commerciale – Partage dans les mêmes conditions 4.0 International"),
		cc("CC-BY-NC-4.0", "licenses/by-nc/4.0/", "Creative Commons Attribution-NonCommercial 4.0 International", "Creative Commons Attribution – Pas d’utilisation commerciale 4.0 International"),
		cc("CC-BY-ND-4.0", "licenses/by-nd/4.0/", "Creative Commons Attribution-NoDerivatives 4.0 International", "Creative Commons Attribution – Pas de modification 4.0 International"),
		cc("CC-BY-NC-ND-4.0", "licenses/by-nc-nd/4.0/", "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International", "Creative Commons Attribution – Pas d’utilisation commerciale – Pas de modification 4.0 International"),
		cc("CC-BY-SA-3.0", "licenses/by-sa/3.0/", "Creative Commons Attribution-ShareAlike 3.0 Unported", "Creative Commons Attribution – Partage dans les mêmes conditions 3.0 non transposé"),
		cc("CC-BY-3.0", "licenses/by/3.0/", "Creative Commons Attribution 3.0 Unported", "Creative Commons Attribution 3.0 non transposé"),
		cc("CC-BY-SA-2.0", "licenses/by-sa/2.0/", "Creative Commons Attribution-ShareAlike 2.0 Generic", "Creative Commons Attribution – Partage dans les mêmes conditions 2.0 générique"),
		cc("CC0-1.0", "publicdomain/zero/1.0/", "CC0 1.0 Universal (public domain dedication)", "CC0 1.0 universel (transfert dans le domaine public)"),
		{ID: "LAL-1.3", URL: "https://artlibre.org/licence/lal/", names: map[string]string{"en": "Free Art License 1.3", "fr": "Licence Art Libre 1.3"}},
		{ID: "GFDL-1.3-or-later", URL: "https://www.gnu.org/licenses/fdl-1.3.html", names: map[string]string{"en": "GNU Free Documentation License 1.3 or later", "fr": "Licence de documentation libre GNU 1.3 ou ultérieure"}},
		{ID: "GPL-3.0-or-later", URL: "https://www.gnu.org/licenses/gpl-3.0.html", names: map[string]string{"en": "GNU General Public License 3.0 or later", "fr": "Licence publique générale GNU 3.0 ou ultérieure"}},
		{ID: "AGPL-3.0-or-later", URL: "https://www.gnu.org/licenses/agpl-3.0.html", names: map[string]string{"en": "GNU Affero General Public License 3.0 or later", "fr": "Licence publique générale GNU Affero 3.0 ou ultérieure"}},
		{ID: "MIT", URL: "https://opensource.org/license/mit/", names: map[string]string{"en": "MIT License", "fr": "Licence MIT"}},
		{ID: "Unlicense", URL: "https://unlicense.org/", names: map[string]string{"en": "The Unlicense", "fr": "The Unlicense"}},
	} {
		licenses[strings.ToLower(l.ID)] = l
	}
}

// LookupLicense finds a licence by SPDX id, case-insensitively.
func LookupLicense(id string) (*License, bool) {
	l, ok := licenses[strings.ToLower(strings.TrimSpace(id))]
	return l, ok
}

// unknownLicense stands for an identifier communs has no entry for: the id
// is shown as it is, with a link to the SPDX list.
func unknownLicense(id string) *License {
	return &License{ID: id, URL: "https://spdx.org/licenses/" + id + ".html", names: map[string]string{"en": id}}
}
