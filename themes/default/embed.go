// Package defaulttheme embeds communs' default theme: HTML templates in
// layouts/ and assets in static/. A site overrides any file by name in its
// own layouts/ and static/ (or themes/<name>/).
package defaulttheme

import "embed"

// Files holds layouts/ and static/.
//
//go:embed layouts static
var Files embed.FS
