// Package pdf writes « Lecture simple .PDF »: <slug>.pdf beside each book
// and each article whose front matter formats contain "pdf", typeset by
// internal/typeset (Knuth–Plass line breaking, hyphenation, footnotes at
// the foot of the page, running heads, bookmarks) and drawn by
// internal/typeset/pdfout.
//
// # Settings
//
// A [pdf] table in site.toml sets every PDF of the site; a pdf table in a
// page's front matter (pdf = { paper = "a4" }, or [pdf] in TOML front
// matter) overrides it for that book or article. Keys:
//
//	paper      "a5" (default), "a4", "letter" or "half-letter"
//	fontSize   body type size in points (default 10.5)
//	leading    baseline-to-baseline distance in points (default fontSize × 1.28)
//	margins    { top, bottom, inner, outer } in millimetres
//	           (default 18, 22, 18, 15; inner is the spine side)
//	print      true: chapters open on right-hand pages, with a blank page
//	           before when needed, and margins mirror (default false: the
//	           PDF is read on screen, one page after another)
//	hyphenate  false turns hyphenation off (default true)
//	toc        false leaves the table of contents out of books (default true)
//
// For example:
//
//	[pdf]
//	paper    = "a5"
//	fontSize = 11
//	margins  = { top = 20, bottom = 24, inner = 20, outer = 16 }
//
// A book is set as: cover (the front matter's cover image, else a
// typographic cover), title page, colophon (licence, authors, translation
// and proofreading credits, source, date, address), the book's own
// introduction when its _index.md has a body, table of contents with page
// numbers, then one chapter per chapter page. An article is set as one
// chapter followed by its colophon.
package pdf
