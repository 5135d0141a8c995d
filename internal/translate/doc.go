// Package translate holds the interface strings of the site and their
// translations (Catalog), and tracks the translations of pages: which are
// missing, which went stale because their original changed, and what
// exactly changed, paragraph by paragraph.
//
// # Groups and originals
//
// A translation group is the same page in several languages (same folder
// or file name, or the same translationKey: site.Group). Its original
// (Original) is the page in the language its translations name as
// source.language; else the page in the site's default language; else
// its first page in the site's order of languages. A source.language
// naming a language the group has no page in is a text published
// elsewhere (a French translation of an English article): that language
// is not reported missing. GroupKey names a group for people: its
// translationKey, else its folder below content/ ("articles/x").
//
// # Statuses
//
// Every page of a group but the original, and every language the group
// lacks, has a status (PageStatuses):
//
//   - missing: no page in the language;
//   - untracked: a translation without translatedFrom (or with a value
//     communs did not write);
//   - current: the original's words are those translatedFrom records;
//   - outdated: they are not.
//
// # What a translation records
//
// translatedFrom, in the translation's front matter, is the digest of the
// original's body: "w1:" and 16 hexadecimal digits of the SHA-256 of its
// words, in order (BodyDigest, Words). The words are read in Unicode
// compatibility form (NFKC), HTML entities decoded, HTML comments left
// out; a word is a run of letters (with their marks) or of digits, case
// kept. So line wrapping, spaces of every kind, punctuation, quotes,
// apostrophes, dashes, Markdown emphasis and markers do not count, while a
// changed word, number or link target does. A change that leaves the
// sequence of words as it was is cosmetic: the digest does not move and
// the translation stays current, with a note when the record shows the
// text differs (NormalText: NFC, white space collapsed).
//
// Beside the translation, a sidecar file records the original's text the
// translation was made from, paragraph by paragraph (Record, RecordPath):
// content/articles/x/index.en.md has
// content/articles/x/.index.en.translated-from.toml. Its name starts with
// a dot, so the site's loader ignores it (site.Ignored); it is TOML laid
// out for a readable repository diff:
//
//	# The original's text this translation was made from, …
//	original = "content/articles/x/index.fr.md"
//	translatedFrom = "w1:d5d86f4618054a7c"
//
//	[[paragraph]]
//	digest = "w1:598047fb786676ca"
//	text = '''
//	Ce long article vise à faire le bilan du projet Framaspace…
//	'''
//
// A paragraph (Paragraphs) is a block of the body between blank lines, a
// fenced code block being one block. Each [[paragraph]] holds the block as
// written and the digest of its words (informative: communs recomputes it
// from the text). translatedFrom is repeated so that a record that does
// not describe the version the front matter names is not trusted. The
// file is written by communs i18n ack, communs new translation and a
// complete communs i18n import, committed with the translation, and
// never edited by hand. Without it, statuses still hold (the digest is in
// the front matter) but the changed paragraphs are unknown.
//
// What changed (CompareParagraphs) aligns the recorded paragraphs with
// the original's paragraphs by their words (a longest common
// subsequence): a removed paragraph followed by an added one is one
// changed paragraph {before, after}; an added paragraph has an empty
// before, a removed one an empty after. Paragraphs with the same words
// written otherwise are cosmetic changes, listed by communs i18n diff
// only.
//
// # Editing content files
//
// Ack, NewTranslation and Import rewrite only the front matter keys they
// own, line by line, in TOML and YAML alike: every other byte of the file
// (comments, order, quoting, line ends, the body unless importing) stays
// as it was. Ack owns translatedFrom. NewTranslation copies the original
// beside it (index.fr.md → index.en.md) and owns translators and
// reviewers (empty lists), draft (true, until the translation is done),
// translatedFrom, aliases (dropped: they are the original's URLs) and the
// [source] table (the original's title, authors and language). Import
// owns the body, translatedFrom and the front matter texts it carries
// (title, subtitle, summary, description).
//
// # Interface strings
//
// StringStatuses checks the keys the effective templates pass to T (the
// built-in theme, themes/<theme>/layouts/ and the site's layouts/, each
// overriding the previous by file name; keys built with print or printf
// count as prefixes) and those communs' builders look up from Go
// (CodeKeys), that the default language has, in every other language.
// When the site has its own i18n/<lang>.toml, that file is the one the
// language's translators keep: a key it lacks is missing, even though a
// build falls back on the built-in string meanwhile (the status says
// which). A language without a file of its own is checked against the
// built-in strings. Keys nothing uses are unused.
//
// # Translation tools
//
// Export and Import carry a translation as PO (WritePO, ReadPO) or XLIFF
// 1.2 (WriteXLIFF, ReadXLIFF): one unit per front matter text and per
// paragraph, the paragraph's Markdown as it is. An existing translation's
// paragraphs are paired with the original's through the record (a
// paragraph whose original changed gets its old translation, fuzzy or
// needs-review-translation, with the previous original), else by position
// when both have as many paragraphs. Import writes the targets in order,
// leaving an untranslated paragraph in the original's language, and
// records the exported version only when nothing is untranslated or
// fuzzy.
package translate
