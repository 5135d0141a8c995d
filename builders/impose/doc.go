// Package impose writes the imposed booklets « Impression format A4
// imposé .PDF » and « Impression format Letter imposé .PDF »: for every
// book and every article whose front matter formats contain "pdf" (the
// pages package builders/pdf writes a PDF for), beside the page,
//
//	<slug>.a4-booklet.pdf      A5 pages, two on each side of an A4 sheet
//	                           turned landscape (841.89 × 595.28 pt)
//	<slug>.letter-booklet.pdf  half-Letter pages (5.5 × 8.5 in), two on
//	                           each side of a Letter sheet turned
//	                           landscape (792 × 612 pt)
//
// Print the file duplex, fold the stack of sheets in half, staple the
// spine: it is a book. Each booklet is typeset for its own page size by
// builders/pdf (pdf.Layout, with the [pdf] settings but for the paper)
// in its print layout: chapters open on right-hand pages, margins mirror,
// and a folio is printed on every page of text (the cover, title page,
// colophon and blank pages carry none, as in a printed book).
//
// # Order of the pages
//
// The n pages are padded with blank pages to a multiple of four, at the
// end, or just before the last page when it is a back cover (a layout
// marks its back cover with the anchor BackCoverID on its last page: a
// final typeset.Section with that ID). Counting sheets s = 0, 1, … from
// the outside of a booklet of N pages, the front side of sheet s holds
// pages N−2s (left) and 2s+1 (right), its back side pages 2s+2 (left) and
// N−2s−1 (right). The PDF gives the front then the back of each sheet in
// turn.
//
// Books longer than the threshold are cut into signatures: booklets of a
// fixed number of sheets (the last one may be thinner), each imposed as
// above and following each other in the file, to fold separately and
// stack for sewing or gluing.
//
// Each page is drawn on its sheet straight from the layout (its text,
// rules, images and links), at the scale asked, clipped to its half of
// the sheet: the cost is linear in the number of pages, nothing is
// imported from a PDF.
//
// # Settings
//
// A [booklet] table in site.toml sets every booklet of the site; a
// booklet table in a page's front matter (booklet = { signature = 5 },
// or [booklet] in TOML front matter) overrides it for that book or
// article. Keys:
//
//	signature  sheets per signature (default 4: 16 pages)
//	threshold  books of more pages than this are cut into signatures
//	           (default 64; 0 always cuts)
//	duplex     "short-edge" (default): the printer turns the sheet over
//	           its short edge, and back sides are printed as they are;
//	           "long-edge": for printers that only flip on the long
//	           edge, back sides are turned by 180°
//	creep      the paper's thickness in millimetres (default 0: none).
//	           The pages of the sheet s places from the outside of its
//	           signature move s × creep toward the spine, so that the
//	           margins at the fore-edge stay even once the folded sheets,
//	           which nest inside each other, are trimmed. 0.1 suits
//	           80 g/m² office paper
//	foldMarks  true: short lines mark the fold at the top and bottom
//	           edges of the back (inner) side of each sheet (default
//	           false)
//	cropMarks  true: marks at the corners of the pages' trim edges on the
//	           front side of each sheet, where the sheet leaves room
//	           around them: use a scale below 100 (default false; a
//	           warning says when there is no room)
//	scale      the pages' size in per cent, 25 to 100 (default 100), the
//	           spread centred on the sheet, its fold on the sheet's
//	           middle: 95 keeps clear of the edge most printers cannot
//	           print
//
// For example:
//
//	[booklet]
//	signature = 5
//	duplex    = "long-edge"
//	creep     = 0.1
//	foldMarks = true
package impose
