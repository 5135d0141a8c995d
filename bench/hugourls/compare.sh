#!/usr/bin/env bash
# compare.sh – how many of the page URLs Hugo writes communs writes too.
#
#   compare.sh HUGO COMMUNS      compare two outputs
#   compare.sh --list DIR        print the sorted URL list of one output
#
# HUGO and COMMUNS are output folders (public/) or files listing one URL path
# a line (such as testdata/hugo/<site>/hugo-urls.txt). A folder's URLs are its
# HTML files: a/b/index.html is /a/b/, a/b/x.html is /a/b/x.html. CSS, JS,
# images, feeds and sitemaps are not counted.
#
# Prints the Hugo URLs communs writes too (matched/total and percent), then
# the Hugo URLs communs lacks, then the count of URLs only communs writes.
# With COMPARE_EXTRA=1 the communs-only URLs are listed as well.
# Exit status: 0 when every Hugo URL is matched, 1 otherwise, 2 on misuse.
set -euo pipefail
export LC_ALL=C

urls() {
	if [ -d "$1" ]; then
		(cd "$1" && find . -type f -name '*.html' | sed -e 's|^\.||' -e 's|/index\.html$|/|' | sort -u)
	elif [ -f "$1" ]; then
		grep -v '^[[:space:]]*\(#\|$\)' "$1" | sort -u
	else
		echo "compare.sh: no such folder or file: $1" >&2
		exit 2
	fi
}

if [ "${1:-}" = "--list" ] && [ $# -eq 2 ]; then
	urls "$2"
	exit 0
fi
if [ $# -ne 2 ]; then
	sed -n '2,16s/^# \{0,1\}//p' "$0" >&2
	exit 2
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
urls "$1" >"$tmp/hugo"
urls "$2" >"$tmp/communs"

total=$(wc -l <"$tmp/hugo")
comm -12 "$tmp/hugo" "$tmp/communs" >"$tmp/matched"
comm -23 "$tmp/hugo" "$tmp/communs" >"$tmp/missing"
comm -13 "$tmp/hugo" "$tmp/communs" >"$tmp/extra"
matched=$(wc -l <"$tmp/matched")
pct=$(awk -v m="$matched" -v t="$total" 'BEGIN { if (t == 0) print "0.0"; else printf "%.1f", 100 * m / t }')

echo "matched: $matched/$total ($pct%)"
echo "communs only: $(wc -l <"$tmp/extra")"
if [ -s "$tmp/missing" ]; then
	echo
	echo "Hugo URLs communs does not write:"
	sed 's/^/  /' "$tmp/missing"
fi
if [ "${COMPARE_EXTRA:-0}" = 1 ] && [ -s "$tmp/extra" ]; then
	echo
	echo "URLs only communs writes:"
	sed 's/^/  /' "$tmp/extra"
fi
[ "$matched" -eq "$total" ]
