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
// # Images
//
// An image alone in its paragraph is a figure, scaled to the text block
// and kept with its caption (the image's title). An image within running
// text is set in the line, as tall as the type, when it is at most 64
// pixels high (an icon, a badge); a taller one is set as a figure after
// its paragraph. PNG and JPEG files are embedded as they are; GIF (its
// first frame), WebP, BMP and TIFF images are decoded and embedded as PNG,
// or as JPEG for a lossy WebP (converted once, in the communs-pdf-images
// folder of the system's temporary directory, named by a hash of their
// content). An SVG image cannot be drawn: its description is set in a
// frame instead, with a warning at its line.
//
// # Tables and long words
//
// Tables break between rows, a row taller than a page between the lines
// of its cells, with the header row repeated at the top of each page. A
// table too wide for the text block is set in smaller type, down to 6 pt;
// when even that cannot hold its columns, it is set smaller still, its
// words broken inside the cells, with a warning. A word longer than a line
// (not an address: those break after / . - and the like) is broken where
// it must, with a warning.
//
// # Wording
//
// The table of contents' title and the colophon's wording are interface
// strings (pdf_contents, pdf_typeset, and those of the colophon's lines
// the EPUB sets too: by, original_text, translated_by, reviewed_by,
// published_on, license_notice, online in i18n/<lang>.toml), which a site
// overrides in its own i18n folder.
//
// A book is set as: cover (the front matter's cover image, else a
// typographic cover), title page, colophon (the EPUB's lines, from
// builders.Publication.Colophon: title, authors, source, translation and
// proofreading credits, dates, publisher, licence, address), the book's
// own introduction when its _index.md has a body, table of contents with
// page numbers, then one chapter per chapter page, a chapter with authors
// of its own naming them under its title. An article is set as one
// chapter followed by its colophon.
package pdf
