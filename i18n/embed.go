// Package i18n embeds the default interface strings, one TOML file per
// language; a site's own i18n/ files override them key by key.
package i18n

import "embed"

// Files holds fr.toml, en.toml, …
//
//go:embed *.toml
var Files embed.FS
