#!/usr/bin/env bash
# hugo-urls.sh – build a Hugo site with real Hugo and print the page URLs it writes.
#
#   hugo-urls.sh SITE [HUGO-ARGS…]
#
# Builds a copy of SITE (the site's folder is left untouched) into a
# temporary folder and prints its sorted page URLs, as compare.sh --list
# does: a/b/index.html is /a/b/, a/b/x.html is /a/b/x.html.
#
# With STUB_LAYOUTS=1 the site's own layouts/ are not used: Hugo gets a
# temporary --layoutDir holding only _default/single.html, list.html, 404.html
# and an empty template for every shortcode the content calls that Hugo
# 0.111 does not have built in (one that prints .Inner when the content
# closes it), so that Hugo writes the site's URLs without its theme. A theme
# named in the configuration must still be found (give --themesDir, or
# HUGO_MODULE_REPLACEMENTS for modules).
#
# HUGO (default: hugo) is the binary; HUGO_KEEP=DIR keeps the output in DIR;
# NODE_MODULES=DIR is linked as the copy's node_modules/ (PostCSS, Bootstrap…).
# Hugo runs in the copy: give HUGO-ARGS' paths (--themesDir…) as absolute
# paths. Example (the commands that made each fixture's hugo-urls.txt are in
# testdata/hugo/README.md):
#   HUGO_PAGINATE=15 bench/hugourls/hugo-urls.sh SITE --themesDir /abs/themes > urls.txt
set -euo pipefail
export LC_ALL=C

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
	sed -n '2,23s/^# \{0,1\}//p' "$0" >&2
	exit 2
fi
site=$(cd "$1" && pwd)
shift
hugo=${HUGO:-hugo}
here=$(cd "$(dirname "$0")" && pwd)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -a "$site" "$tmp/site"
if [ -n "${NODE_MODULES:-}" ]; then
	ln -s "$NODE_MODULES" "$tmp/site/node_modules"
fi
out=${HUGO_KEEP:-$tmp/public}
args=()

if [ "${STUB_LAYOUTS:-0}" = 1 ]; then
	l=$tmp/layouts
	mkdir -p "$l/_default" "$l/shortcodes"
	echo '<!doctype html><title>{{ .Title }}</title>{{ .Content }}' >"$l/_default/single.html"
	echo '<!doctype html><title>{{ .Title }}</title>{{ .Content }}{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}' >"$l/_default/list.html"
	echo '<!doctype html><title>404</title>' >"$l/404.html"
	# Shortcodes Hugo 0.111 has built in that need no network (param is
	# stubbed: 0.111 does not read front matter's params: table).
	builtin=' ref relref highlight figure youtube gist '
	# Names the content calls (after {{< or {{%, not inside {{</* */>}}).
	grep -rhoE '\{\{[<%] *[a-zA-Z0-9_][a-zA-Z0-9_/.-]*' "$tmp/site/content" 2>/dev/null |
		sed -E 's/^\{\{[<%] *//' | sort -u | while read -r name; do
		case "$builtin" in *" $name "*) continue ;; esac
		mkdir -p "$l/shortcodes/$(dirname "$name")"
		if grep -rqE "\{\{[<%] */ *$name *[%>]\}\}" "$tmp/site/content"; then
			echo '{{ .Inner }}' >"$l/shortcodes/$name.html"
		else
			: >"$l/shortcodes/$name.html"
		fi
	done
	args+=(--layoutDir "$l")
fi

(cd "$tmp/site" && "$hugo" --source . --destination "$out" "${args[@]}" "$@") >&2
"$here/compare.sh" --list "$out"
