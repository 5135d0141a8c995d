// Package epub writes an EPUB 3 file for every book, and for every article
// whose front matter asks for one (formats = ["epub"]), beside its page:
// <slug>.epub, one per language.
//
// communs writes the EPUB container itself (archive/zip, encoding/xml
// escaping) rather than through go-epub. go-epub gives each book a random
// UUID and the clock's modification date, has no contributor roles or
// refinements (translators, proofreaders), no accessibility metadata, no
// landmarks and no control over file order or zip timestamps; closing those
// gaps would have meant patching its output. EPUB is a small, well-specified
// format: a stored mimetype entry, a container file, a package document
// (metadata, manifest, spine), a navigation document, XHTML documents, a
// stylesheet and images. Written directly, every byte is determined by the
// content and SOURCE_DATE_EPOCH, and every field a publisher needs is there.
//
// The XHTML comes from the site's own Markdown pipeline
// (markdown.NewXHTML): the same figures, highlighted code and French
// spacing, with footnotes as EPUB 3 notes for readers' pop-ups.
package epub
