package wordpress

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// The expected outputs below are WordPress's: the cases of its PHPUnit
// suite (tests/phpunit/tests/formatting/Functions_WpAutop_Test.php and
// tests/phpunit/tests/shortcode.php in wordpress-develop) with their own
// expected values, and further cases, Theme Unit Test posts among them,
// whose expected values are what wpautop() and shortcode_unautop() of
// WordPress 6.9 return for them.

// autopTrim is PHP's trim(), which most WordPress tests apply to the output.
func autopTrim(s string) string {
	return strings.Trim(s, " \t\n\r\x00\x0B")
}

type autopCase struct {
	name, in, want string
	trim           bool // compare trim(wpautop(in))
	noBR           bool // wpautop(in, false)
}

func (tc autopCase) run(t *testing.T) {
	t.Helper()
	got := wpautop(tc.in, !tc.noBR)
	if tc.trim {
		got = autopTrim(got)
	}
	if got != tc.want {
		t.Errorf("%s:\n in: %q\ngot: %q\nwant: %q", tc.name, tc.in, got, tc.want)
	}
}

// TestAutopWordPress runs the cases of Functions_WpAutop_Test.php that
// take one input. sizzle.js, the test's <pre> content, is a file of the
// suite's data; a short htmlentities()'d script stands in for it.
func TestAutopWordPress(t *testing.T) {
	for _, tc := range autopWordPressCases {
		tc.run(t)
	}
}

// TestAutopEdgeCases covers each step of wpautop, and the places where a
// port to RE2 could go wrong: \s with \v, PCRE's $, the lookbehind on
// <br />, case-sensitive tags, the [^>]* after $allblocks that makes
// <param> a block, placeholders for <pre>, comments and CDATA.
func TestAutopEdgeCases(t *testing.T) {
	for _, tc := range autopEdgeCases {
		tc.run(t)
	}
}

var autopBlockNames = []string{"table", "thead", "tfoot", "caption", "col", "colgroup", "tbody", "tr", "td", "th",
	"div", "dl", "dd", "dt", "ul", "ol", "li", "pre", "form", "map", "area", "address", "style", "p",
	"h1", "h2", "h3", "h4", "h5", "h6", "fieldset", "legend", "section", "article", "aside", "hgroup",
	"header", "footer", "nav", "figure", "details", "menu", "summary"}

// TestAutopBlockElements is test_that_wpautop_treats_block_level_elements_as_blocks
// (ticket 27268).
func TestAutopBlockElements(t *testing.T) {
	var content []string
	for _, b := range autopBlockNames {
		content = append(content, "<"+b+">foo</"+b+">")
	}
	want := strings.Join(content, "\n")
	for _, sep := range []string{"\n\n", ""} {
		if got := autopTrim(autop(strings.Join(content, sep))); got != want {
			t.Errorf("blocks joined by %q:\ngot:  %q\nwant: %q", sep, got, want)
		}
	}

	content = content[:0]
	for _, b := range autopBlockNames {
		content = append(content, "<"+b+"/>")
	}
	if got, want := autopTrim(autop(strings.Join(content, ""))), strings.Join(content, "\n"); got != want {
		t.Errorf("self-closing blocks:\ngot:  %q\nwant: %q", got, want)
	}

	content = content[:0]
	for _, b := range autopBlockNames {
		content = append(content, "<"+b+" attr='value'>foo</"+b+">")
	}
	if got, want := autopTrim(autop(strings.Join(content, ""))), strings.Join(content, "\n"); got != want {
		t.Errorf("blocks with attributes:\ngot:  %q\nwant: %q", got, want)
	}
}

// TestAutopInlineElements is test_that_wpautop_treats_inline_elements_as_inline
// (ticket 27268).
func TestAutopInlineElements(t *testing.T) {
	var content, want []string
	for _, e := range []string{"a", "em", "strong", "small", "s", "cite", "q", "dfn", "abbr", "data", "time", "code",
		"var", "samp", "kbd", "sub", "sup", "i", "b", "u", "mark", "span", "del", "ins", "noscript", "select"} {
		content = append(content, "<"+e+">foo</"+e+">")
		want = append(want, "<p><"+e+">foo</"+e+"></p>")
	}
	if got := autopTrim(autop(strings.Join(content, "\n\n"))); got != strings.Join(want, "\n") {
		t.Errorf("got:  %q\nwant: %q", got, strings.Join(want, "\n"))
	}
}

// TestAutopNewlinePreservation runs the preg_replace_callback() cases of
// tests/phpunit/tests/formatting/AutopNewlinePreservationHelper.php
// (ticket 42058) on the scanner that replaces that call.
func TestAutopNewlinePreservation(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"a script element", "<script>\nvar a = 1;\n</script>", "<script><WPPreserveNewline />var a = 1;<WPPreserveNewline /></script>"},
		{"a style element", "<style>\n.wp { color: red; }\n</style>", "<style><WPPreserveNewline />.wp { color: red; }<WPPreserveNewline /></style>"},
		{"an svg element", "<svg>\n<path d=\"M0 0\" />\n</svg>", "<svg><WPPreserveNewline /><path d=\"M0 0\" /><WPPreserveNewline /></svg>"},
		{"a math element", "<math>\n<mi>a</mi>\n</math>", "<math><WPPreserveNewline /><mi>a</mi><WPPreserveNewline /></math>"},
		{"an element with attributes", "<script type=\"text/javascript\">\nvar a = 1;\n</script>", "<script type=\"text/javascript\"><WPPreserveNewline />var a = 1;<WPPreserveNewline /></script>"},
		{"newlines outside of an element", "Line one.\n<script>var a = 1;</script>\nLine two.", "Line one.\n<script>var a = 1;</script>\nLine two."},
		{"multiple elements", "<style>\n.wp {}\n</style>\n\n<script>\nvar a = 1;\n</script>", "<style><WPPreserveNewline />.wp {}<WPPreserveNewline /></style>\n\n<script><WPPreserveNewline />var a = 1;<WPPreserveNewline /></script>"},
		{"text with no matching elements", "Line one.\nLine two.", "Line one.\nLine two."},
		{"an unclosed element", "<script>\nvar a = 1;", "<script>\nvar a = 1;"},
		{"an element with no newlines", "<script>var a = 1;</script>", "<script>var a = 1;</script>"},
		// Not in the WordPress suite: what the backreference implies.
		{"the closing tag must be of the same name", "<style>\na</script>\nb</style>\nc", "<style><WPPreserveNewline />a</script><WPPreserveNewline />b</style>\nc"},
		{"an unclosed element does not stop a later one", "<svg>\n<script>\nx</script>\n", "<svg>\n<script><WPPreserveNewline />x</script>\n"},
		{"the name needs nothing after it", "<scripts>\nx</script>", "<scripts><WPPreserveNewline />x</script>"},
		{"names are case-sensitive", "<SCRIPT>\nx</SCRIPT>", "<SCRIPT>\nx</SCRIPT>"},
	} {
		if got := autopPreserveNewlines(tc.in); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}

// TestAutopHTMLSplit runs Functions_WpHtmlSplit_Test.php's cases on the
// element scanner that stands for wp_html_split().
func TestAutopHTMLSplit(t *testing.T) {
	split := func(s string) []string {
		var parts []string
		last := 0
		for i := 0; ; {
			k := strings.IndexByte(s[i:], '<')
			if k < 0 {
				break
			}
			end := autopElementEnd(s, i+k)
			parts = append(parts, s[last:i+k], s[i+k:end])
			last, i = end, end
		}
		return append(parts, s[last:])
	}
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"abcd efgh", []string{"abcd efgh"}},
		{"abcd <html> efgh", []string{"abcd ", "<html>", " efgh"}},
		{"abcd <!-- <html> --> efgh", []string{"abcd ", "<!-- <html> -->", " efgh"}},
		{"abcd <![CDATA[ <html> ]]> efgh", []string{"abcd ", "<![CDATA[ <html> ]]>", " efgh"}},
		// Not in the WordPress suite: unclosed and odd elements.
		{"a <b c", []string{"a ", "<b c", ""}},
		{"a <!-- b", []string{"a ", "<!-- b", ""}},
		{"<!-->x", []string{"", "<!-->", "x"}},
		{"<!-- a --->b", []string{"", "<!-- a --->", "b"}},
		{"<![CDATA[ ]] ]]>x", []string{"", "<![CDATA[ ]] ]]>", "x"}},
		{"<a <b>c", []string{"", "<a <b>", "c"}},
	} {
		got := split(tc.in)
		if strings.Join(got, "|") != strings.Join(tc.want, "|") || len(got) != len(tc.want) {
			t.Errorf("split %q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestAutopReplaceInTags runs Functions_WpReplaceInHtmlTags_Test.php's
// cases.
func TestAutopReplaceInTags(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"Hello \n World", "Hello \n World"},
		{"<Hello \n World>", "<Hello   World>"},
		{"<!-- Hello \n World -->", "<!-- Hello   World -->"},
		{"<!-- Hello <\n> World -->", "<!-- Hello < > World -->"},
	} {
		if got := autopReplaceInTags(tc.in, "\n", " "); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestAutopPrePlaceholders: a post may itself contain the text of a
// placeholder. WordPress restores placeholders one after the other, so
// there the first <pre> below would come back as the second; here each
// comes back as it was written.
func TestAutopPrePlaceholders(t *testing.T) {
	in := "<pre wp-pre-tag-1></pre>\n\n<pre>x\n\ny</pre>"
	want := "<pre wp-pre-tag-1></pre>\n<pre>x\n\ny</pre>\n"
	if got := autop(in); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

type autopUnautopCase struct {
	name     string
	names    []string
	in, want string
	autop    bool // shortcode_unautop(wpautop(in))
}

// TestAutopShortcodeUnautop: test_shortcode_unautop (ticket 14050) and
// test_spaces_around_shortcodes (ticket 22692) of shortcode.php, then
// cases for each branch of shortcode_unautop's pattern.
func TestAutopShortcodeUnautop(t *testing.T) {
	if got := shortcodeUnautop(autop("[footag]\n"), []string{"footag"}); got != "[footag]\n" {
		t.Errorf("ticket 14050: got %q", got)
	}
	for _, in := range []string{
		`<p>[gallery ids="37,15,11"]</p>`,
		`<p> [gallery ids="37,15,11"] </p>`,
		"<p> \u00a0[gallery ids=\"37,15,11\"] \u00a0</p>",
		`<p> &nbsp;[gallery ids="37,15,11"] &nbsp;</p>`,
	} {
		if got := shortcodeUnautop(in, []string{"caption", "gallery"}); got != `[gallery ids="37,15,11"]` {
			t.Errorf("ticket 22692: %q: got %q", in, got)
		}
	}
	for _, tc := range autopUnautopCases {
		in := tc.in
		if tc.autop {
			in = autop(in)
		}
		if got := shortcodeUnautop(in, tc.names); got != tc.want {
			t.Errorf("%s:\n in: %q\ngot: %q\nwant: %q", tc.name, in, got, tc.want)
		}
	}
}

// TestAutopThemeUnitTest runs Theme Unit Test posts through the filters
// as the_content does.
func TestAutopThemeUnitTest(t *testing.T) {
	if got := autop(autopThemeTagsIn); got != autopThemeTagsOut {
		t.Errorf("Markup: HTML Tags and Formatting:\n%s", autopDiff(got, autopThemeTagsOut))
	}
	if got := shortcodeUnautop(autop(autopThemeCaptionsIn), []string{"caption"}); got != autopThemeCaptionsOut {
		t.Errorf("Markup: Image Alignment:\n%s", autopDiff(got, autopThemeCaptionsOut))
	}
}

// autopDiff shows the first line where got and want differ.
func autopDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		if i >= len(g) || i >= len(w) || g[i] != w[i] {
			var gl, wl string
			if i < len(g) {
				gl = g[i]
			}
			if i < len(w) {
				wl = w[i]
			}
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return "(same lines)"
}

// TestAutopLargeInput runs a post of more than 1 MB, of many paragraphs
// and tags, and a few that would make a backtracking engine crawl. The
// filters must run through them; a paragraph of the post is the same
// wherever it stands, so the output is checked against one unit's.
func TestAutopLargeInput(t *testing.T) {
	unit := "Paragraph with <em>emphasis</em>\nand a second line.\n\n" +
		"<div class=\"box\">\n<p>Inside</p>\n</div>\n\n[gallery ids=\"1,2\"]\n\n" +
		"<pre>code\n\n  line</pre>\n\n<ul>\n<li>item\n<!-- note\n -->\n</li>\n</ul>\n<script>\nvar a;\n</script>\n\n"
	n := (1<<20)/len(unit) + 1
	post := strings.Repeat(unit, n)
	names := []string{"caption", "gallery"}
	if got, want := autop(post), strings.Repeat(autop(unit), n); got != want {
		t.Fatalf("autop of %d bytes differs from %d times one unit's:\n%s", len(post), n, autopDiff(got, want))
	}
	if got, want := shortcodeUnautop(autop(post), names), strings.Repeat(shortcodeUnautop(autop(unit), names), n); got != want {
		t.Fatalf("shortcodeUnautop of %d bytes differs from %d times one unit's", len(post), n)
	}

	for _, tc := range []struct{ name, in, want string }{
		{"unclosed svg", strings.Repeat("<svg", 1<<18), "<p>" + strings.Repeat("<svg", 1<<18) + "\n</p>\n"},
		{"unclosed tags", strings.Repeat("<", 1<<20), "<p>" + strings.Repeat("<", 1<<20) + "\n</p>\n"},
		{"unclosed comments", strings.Repeat("<!--", 1<<18), "<p>" + strings.Repeat("<!--", 1<<18) + "\n</p>\n"},
		{"white space", strings.Repeat(" \t", 1<<19) + "x", "<p>" + strings.Repeat(" \t", 1<<19) + "x</p>\n"},
		{"unclosed shortcodes", strings.Repeat("<p>[gallery ", 1<<16), strings.Repeat("<p>[gallery </p>\n", 1<<16)},
		{"unclosed enclosing shortcodes", strings.Repeat("<p>[caption]x</p>", 1<<16), strings.Repeat("<p>[caption]x</p>\n", 1<<16)},
		{"tag soup", strings.Repeat("<div <div >", 1<<16), strings.Repeat("<div \n\n<div >\n", 1<<16)},
		{"nested tags", strings.Repeat("<p ", 1<<17) + ">", strings.Repeat("<p \n\n", 1<<17-1) + "<p >\n"},
	} {
		if got := shortcodeUnautop(autop(tc.in), names); got != tc.want {
			t.Errorf("%s: %d bytes in, %d out, want %d", tc.name, len(tc.in), len(got), len(tc.want))
		}
	}
}

var autopWordPressCases = []autopCase{
	{
		name: "first post (ticket 11008)",
		in: "\n" +
			"Welcome to WordPress!  This post contains important information.  After you read it, you can make it private to hide it from visitors but still have the information handy for future reference.\n" +
			"\n" +
			"First things first:\n" +
			"<ul>\n" +
			"<li><a href=\"%1$s\" title=\"Subscribe to the WordPress mailing list for Release Notifications\">Subscribe to the WordPress mailing list for release notifications</a></li>\n" +
			"</ul>\n" +
			"As a subscriber, you will receive an email every time an update is available (and only then).  This will make it easier to keep your site up to date, and secure from evildoers.\n" +
			"When a new version is released, <a href=\"%2$s\" title=\"If you are already logged in, this will take you directly to the Dashboard\">log in to the Dashboard</a> and follow the instructions.\n" +
			"Upgrading is a couple of clicks!\n" +
			"\n" +
			"Then you can start enjoying the WordPress experience:\n" +
			"<ul>\n" +
			"<li>Edit your personal information at <a href=\"%3$s\" title=\"Edit settings like your password, your display name and your contact information\">Users &#8250; Profile</a></li>\n" +
			"<li>Start publishing at <a href=\"%4$s\" title=\"Create a new post\">Posts &#8250; Add New</a> and at <a href=\"%5$s\" title=\"Create a new page\">Pages &#8250; Add New</a></li>\n" +
			"<li>Browse and install plugins at <a href=\"%6$s\" title=\"Browse and install plugins at the official WordPress repository directly from your Dashboard\">Plugins &#8250; Add New</a></li>\n" +
			"<li>Browse and install themes at <a href=\"%7$s\" title=\"Browse and install themes at the official WordPress repository directly from your Dashboard\">Appearance &#8250; Add New Themes</a></li>\n" +
			"<li>Modify and prettify your website&#8217;s links at <a href=\"%8$s\" title=\"For example, select a link structure like: http://example.com/1999/12/post-name\">Settings &#8250; Permalinks</a></li>\n" +
			"<li>Import content from another system or WordPress site at <a href=\"%9$s\" title=\"WordPress comes with importers for the most common publishing systems\">Tools &#8250; Import</a></li>\n" +
			"<li>Find answers to your questions at the <a href=\"%10$s\" title=\"The official WordPress documentation, maintained by the WordPress community\">WordPress Codex</a></li>\n" +
			"</ul>\n" +
			"To keep this post for reference, <a href=\"%11$s\" title=\"Click to edit the content and settings of this post\">click to edit it</a>, go to the Publish box and change its Visibility from Public to Private.\n" +
			"\n" +
			"Thank you for selecting WordPress.  We wish you happy publishing!\n" +
			"\n" +
			"PS.  Not yet subscribed for update notifications?  <a href=\"%1$s\" title=\"Subscribe to the WordPress mailing list for Release Notifications\">Do it now!</a>\n",
		want: "<p>Welcome to WordPress!  This post contains important information.  After you read it, you can make it private to hide it from visitors but still have the information handy for future reference.</p>\n" +
			"<p>First things first:</p>\n" +
			"<ul>\n" +
			"<li><a href=\"%1$s\" title=\"Subscribe to the WordPress mailing list for Release Notifications\">Subscribe to the WordPress mailing list for release notifications</a></li>\n" +
			"</ul>\n" +
			"<p>As a subscriber, you will receive an email every time an update is available (and only then).  This will make it easier to keep your site up to date, and secure from evildoers.<br />\n" +
			"When a new version is released, <a href=\"%2$s\" title=\"If you are already logged in, this will take you directly to the Dashboard\">log in to the Dashboard</a> and follow the instructions.<br />\n" +
			"Upgrading is a couple of clicks!</p>\n" +
			"<p>Then you can start enjoying the WordPress experience:</p>\n" +
			"<ul>\n" +
			"<li>Edit your personal information at <a href=\"%3$s\" title=\"Edit settings like your password, your display name and your contact information\">Users &#8250; Profile</a></li>\n" +
			"<li>Start publishing at <a href=\"%4$s\" title=\"Create a new post\">Posts &#8250; Add New</a> and at <a href=\"%5$s\" title=\"Create a new page\">Pages &#8250; Add New</a></li>\n" +
			"<li>Browse and install plugins at <a href=\"%6$s\" title=\"Browse and install plugins at the official WordPress repository directly from your Dashboard\">Plugins &#8250; Add New</a></li>\n" +
			"<li>Browse and install themes at <a href=\"%7$s\" title=\"Browse and install themes at the official WordPress repository directly from your Dashboard\">Appearance &#8250; Add New Themes</a></li>\n" +
			"<li>Modify and prettify your website&#8217;s links at <a href=\"%8$s\" title=\"For example, select a link structure like: http://example.com/1999/12/post-name\">Settings &#8250; Permalinks</a></li>\n" +
			"<li>Import content from another system or WordPress site at <a href=\"%9$s\" title=\"WordPress comes with importers for the most common publishing systems\">Tools &#8250; Import</a></li>\n" +
			"<li>Find answers to your questions at the <a href=\"%10$s\" title=\"The official WordPress documentation, maintained by the WordPress community\">WordPress Codex</a></li>\n" +
			"</ul>\n" +
			"<p>To keep this post for reference, <a href=\"%11$s\" title=\"Click to edit the content and settings of this post\">click to edit it</a>, go to the Publish box and change its Visibility from Public to Private.</p>\n" +
			"<p>Thank you for selecting WordPress.  We wish you happy publishing!</p>\n" +
			"<p>PS.  Not yet subscribed for update notifications?  <a href=\"%1$s\" title=\"Subscribe to the WordPress mailing list for Release Notifications\">Do it now!</a></p>\n",
	},
	{
		name: "pre alone is not wrapped (ticket 19855)",
		in: "<pre>(function( window, undefined ) {\n" +
			"\n" +
			"var i,\n" +
			"\tcachedruns,\n" +
			"\n" +
			"\t// Regex\n" +
			"\twhitespace = &quot;[\\\\x20\\\\t\\\\r\\\\n\\\\f]&quot;,\n" +
			"\trcombinators = new RegExp( &quot;^&quot; + whitespace + &quot;*([\\\\x20\\\\t\\\\r\\\\n\\\\f&gt;+~])&quot; + whitespace + &quot;*&quot; );\n" +
			"\n" +
			"\tif ( a &amp;&amp; b &lt; c ) {\n" +
			"\t\treturn &#039;x&#039;;\n" +
			"\t}\n" +
			"\n" +
			"\n" +
			"})( window );\n" +
			"</pre>",
		want: "<pre>(function( window, undefined ) {\n" +
			"\n" +
			"var i,\n" +
			"\tcachedruns,\n" +
			"\n" +
			"\t// Regex\n" +
			"\twhitespace = &quot;[\\\\x20\\\\t\\\\r\\\\n\\\\f]&quot;,\n" +
			"\trcombinators = new RegExp( &quot;^&quot; + whitespace + &quot;*([\\\\x20\\\\t\\\\r\\\\n\\\\f&gt;+~])&quot; + whitespace + &quot;*&quot; );\n" +
			"\n" +
			"\tif ( a &amp;&amp; b &lt; c ) {\n" +
			"\t\treturn &#039;x&#039;;\n" +
			"\t}\n" +
			"\n" +
			"\n" +
			"})( window );\n" +
			"</pre>",
		trim: true,
	},
	{
		name: "text around pre is wrapped (ticket 19855)",
		in: "Look at this code\n" +
			"\n" +
			"<pre>(function( window, undefined ) {\n" +
			"\n" +
			"var i,\n" +
			"\tcachedruns,\n" +
			"\n" +
			"\t// Regex\n" +
			"\twhitespace = &quot;[\\\\x20\\\\t\\\\r\\\\n\\\\f]&quot;,\n" +
			"\trcombinators = new RegExp( &quot;^&quot; + whitespace + &quot;*([\\\\x20\\\\t\\\\r\\\\n\\\\f&gt;+~])&quot; + whitespace + &quot;*&quot; );\n" +
			"\n" +
			"\tif ( a &amp;&amp; b &lt; c ) {\n" +
			"\t\treturn &#039;x&#039;;\n" +
			"\t}\n" +
			"\n" +
			"\n" +
			"})( window );\n" +
			"</pre>\n" +
			"\n" +
			"Isn't that cool?",
		want: "<p>Look at this code</p>\n" +
			"<pre>(function( window, undefined ) {\n" +
			"\n" +
			"var i,\n" +
			"\tcachedruns,\n" +
			"\n" +
			"\t// Regex\n" +
			"\twhitespace = &quot;[\\\\x20\\\\t\\\\r\\\\n\\\\f]&quot;,\n" +
			"\trcombinators = new RegExp( &quot;^&quot; + whitespace + &quot;*([\\\\x20\\\\t\\\\r\\\\n\\\\f&gt;+~])&quot; + whitespace + &quot;*&quot; );\n" +
			"\n" +
			"\tif ( a &amp;&amp; b &lt; c ) {\n" +
			"\t\treturn &#039;x&#039;;\n" +
			"\t}\n" +
			"\n" +
			"\n" +
			"})( window );\n" +
			"</pre>\n" +
			"<p>Isn't that cool?</p>",
		trim: true,
	},
	{
		name: "br inside pre is kept (ticket 19855)",
		in: "Look at this code\n" +
			"\n" +
			"<pre>Line1<br />Line2<br>Line3<br/>Line4\n" +
			"Actual Line 2\n" +
			"Actual Line 3</pre>\n" +
			"\n" +
			"Cool, huh?",
		want: "<p>Look at this code</p>\n" +
			"<pre>Line1<br />Line2<br>Line3<br/>Line4\n" +
			"Actual Line 2\n" +
			"Actual Line 3</pre>\n" +
			"<p>Cool, huh?</p>",
		trim: true,
	},
	{
		name: "input elements (ticket 16456)",
		in:   "Username: <input type=\"text\" id=\"username\" name=\"username\" /><br />Password: <input type=\"password\" id=\"password1\" name=\"password1\" />",
		want: "<p>Username: <input type=\"text\" id=\"username\" name=\"username\" /><br />Password: <input type=\"password\" id=\"password1\" name=\"password1\" /></p>",
		trim: true,
	},
	{
		name: "inline math is wrapped (ticket 13340)",
		in:   "<math><mrow><msup><mi>a</mi><mn>2</mn></msup><mo>+</mo><msup><mi>b</mi><mn>2</mn></msup><mo>=</mo><msup><mi>c</mi><mn>2</mn></msup></mrow></math>",
		want: "<p><math><mrow><msup><mi>a</mi><mn>2</mn></msup><mo>+</mo><msup><mi>b</mi><mn>2</mn></msup><mo>=</mo><msup><mi>c</mi><mn>2</mn></msup></mrow></math></p>",
		trim: true,
	},
	{
		name: "no br inside block math (ticket 13340)",
		in: "<math display=\"block\">\n" +
			"\t<mtable>\n" +
			"\t\t<mtr>\n" +
			"\t\t\t<mtd>\n" +
			"\t\t\t\t<msup><mrow><mo>(</mo><mi>a</mi><mo>+</mo><mi>b</mi><mo>)</mo></mrow><mn>2</mn></msup>\n" +
			"\t\t\t</mtd>\n" +
			"\t\t\t<mtd>\n" +
			"\t\t\t\t<mo>=</mo>\n" +
			"\t\t\t</mtd>\n" +
			"\t\t\t<mtd>\n" +
			"\t\t\t\t<msup><mi>c</mi><mn>2</mn></msup>\n" +
			"\t\t\t\t<mo>+</mo><mn>4</mn><mo>⋅</mo>\n" +
			"\t\t\t\t<mo>(</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><mi>a</mi><mi>b</mi><mo>)</mo>\n" +
			"\t\t\t</mtd>\n" +
			"\t\t</mtr>\n" +
			"\t\t<mtr>\n" +
			"\t\t\t<mtd>\n" +
			"\t\t\t\t<msup><mi>a</mi><mn>2</mn></msup>\n" +
			"\t\t\t\t<mo>+</mo><mn>2</mn><mi>a</mi><mi>b</mi><mo>+</mo>\n" +
			"\t\t\t\t<msup><mi>b</mi><mn>2</mn></msup>\n" +
			"\t\t\t</mtd>\n" +
			"\t\t\t<mtd>\n" +
			"\t\t\t\t<mo>=</mo>\n" +
			"\t\t\t</mtd>\n" +
			"\t\t\t<mtd>\n" +
			"\t\t\t\t<msup><mi>c</mi><mn>2</mn></msup>\n" +
			"\t\t\t\t<mo>+</mo><mn>2</mn><mi>a</mi><mi>b</mi>\n" +
			"\t\t\t</mtd>\n" +
			"\t\t</mtr>\n" +
			"\t\t<mtr>\n" +
			"\t\t\t<mtd><msup><mi>a</mi><mn>2</mn></msup><mo>+</mo><msup><mi>b</mi><mn>2</mn></msup></mtd>\n" +
			"\t\t\t<mtd><mo>=</mo></mtd>\n" +
			"\t\t\t<mtd><msup><mi>c</mi><mn>2</mn></msup></mtd>\n" +
			"\t\t</mtr>\n" +
			"\t</mtable>\n" +
			"</math>",
		want: "<p><math display=\"block\">\n" +
			"\t<mtable>\n" +
			"\t\t<mtr>\n" +
			"\t\t\t<mtd>\n" +
			"\t\t\t\t<msup><mrow><mo>(</mo><mi>a</mi><mo>+</mo><mi>b</mi><mo>)</mo></mrow><mn>2</mn></msup>\n" +
			"\t\t\t</mtd>\n" +
			"\t\t\t<mtd>\n" +
			"\t\t\t\t<mo>=</mo>\n" +
			"\t\t\t</mtd>\n" +
			"\t\t\t<mtd>\n" +
			"\t\t\t\t<msup><mi>c</mi><mn>2</mn></msup>\n" +
			"\t\t\t\t<mo>+</mo><mn>4</mn><mo>⋅</mo>\n" +
			"\t\t\t\t<mo>(</mo><mfrac><mn>1</mn><mn>2</mn></mfrac><mi>a</mi><mi>b</mi><mo>)</mo>\n" +
			"\t\t\t</mtd>\n" +
			"\t\t</mtr>\n" +
			"\t\t<mtr>\n" +
			"\t\t\t<mtd>\n" +
			"\t\t\t\t<msup><mi>a</mi><mn>2</mn></msup>\n" +
			"\t\t\t\t<mo>+</mo><mn>2</mn><mi>a</mi><mi>b</mi><mo>+</mo>\n" +
			"\t\t\t\t<msup><mi>b</mi><mn>2</mn></msup>\n" +
			"\t\t\t</mtd>\n" +
			"\t\t\t<mtd>\n" +
			"\t\t\t\t<mo>=</mo>\n" +
			"\t\t\t</mtd>\n" +
			"\t\t\t<mtd>\n" +
			"\t\t\t\t<msup><mi>c</mi><mn>2</mn></msup>\n" +
			"\t\t\t\t<mo>+</mo><mn>2</mn><mi>a</mi><mi>b</mi>\n" +
			"\t\t\t</mtd>\n" +
			"\t\t</mtr>\n" +
			"\t\t<mtr>\n" +
			"\t\t\t<mtd><msup><mi>a</mi><mn>2</mn></msup><mo>+</mo><msup><mi>b</mi><mn>2</mn></msup></mtd>\n" +
			"\t\t\t<mtd><mo>=</mo></mtd>\n" +
			"\t\t\t<mtd><msup><mi>c</mi><mn>2</mn></msup></mtd>\n" +
			"\t\t</mtr>\n" +
			"\t</mtable>\n" +
			"</math></p>",
		trim: true,
	},
	{
		name: "source and track in video (ticket 26864)",
		in: "Paragraph one.\n" +
			"\n" +
			"<video class=\"wp-video-shortcode\" id=\"video-0-1\" width=\"640\" height=\"360\" preload=\"metadata\" controls=\"controls\">\n" +
			"\t\t\t\t<source type=\"video/mp4\" src=\"http://domain.tld/wp-content/uploads/2013/12/xyz.mp4\" />\n" +
			"\t\t\t\t<!-- WebM/VP8 for Firefox4, Opera, and Chrome -->\n" +
			"\t\t\t\t<source type=\"video/webm\" src=\"myvideo.webm\" />\n" +
			"\t\t\t\t<!-- Ogg/Vorbis for older Firefox and Opera versions -->\n" +
			"\t\t\t\t<source type=\"video/ogg\" src=\"myvideo.ogv\" />\n" +
			"\t\t\t\t<!-- Optional: Add subtitles for each language -->\n" +
			"\t\t\t\t<track kind=\"subtitles\" src=\"subtitles.srt\" srclang=\"en\" />\n" +
			"\t\t\t\t<!-- Optional: Add chapters -->\n" +
			"\t\t\t\t<track kind=\"chapters\" src=\"chapters.srt\" srclang=\"en\" />\n" +
			"\t\t\t\t<a href=\"http://domain.tld/wp-content/uploads/2013/12/xyz.mp4\">http://domain.tld/wp-content/uploads/2013/12/xyz.mp4</a>\n" +
			"\t\t\t</video>\n" +
			"\n" +
			"Paragraph two.",
		want: "<p>Paragraph one.</p>\n" +
			"<p><video class=\"wp-video-shortcode\" id=\"video-0-1\" width=\"640\" height=\"360\" preload=\"metadata\" controls=\"controls\"><source type=\"video/mp4\" src=\"http://domain.tld/wp-content/uploads/2013/12/xyz.mp4\" /><!-- WebM/VP8 for Firefox4, Opera, and Chrome --><source type=\"video/webm\" src=\"myvideo.webm\" /><!-- Ogg/Vorbis for older Firefox and Opera versions --><source type=\"video/ogg\" src=\"myvideo.ogv\" /><!-- Optional: Add subtitles for each language --><track kind=\"subtitles\" src=\"subtitles.srt\" srclang=\"en\" /><!-- Optional: Add chapters --><track kind=\"chapters\" src=\"chapters.srt\" srclang=\"en\" /><a href=\"http://domain.tld/wp-content/uploads/2013/12/xyz.mp4\">http://domain.tld/wp-content/uploads/2013/12/xyz.mp4</a></video></p>\n" +
			"<p>Paragraph two.</p>",
		trim: true,
	},
	{
		name: "source and track in video, blank lines (ticket 26864)",
		in: "Paragraph one.\n" +
			"\n" +
			"<video class=\"wp-video-shortcode\" id=\"video-0-1\" width=\"640\" height=\"360\" preload=\"metadata\" controls=\"controls\">\n" +
			"\n" +
			"\t\t\t<source type=\"video/mp4\" src=\"http://domain.tld/wp-content/uploads/2013/12/xyz.mp4\" />\n" +
			"\n" +
			"\t\t\t<!-- WebM/VP8 for Firefox4, Opera, and Chrome -->\n" +
			"\t\t\t<source type=\"video/webm\" src=\"myvideo.webm\" />\n" +
			"\n" +
			"\t\t\t<!-- Ogg/Vorbis for older Firefox and Opera versions -->\n" +
			"\t\t\t<source type=\"video/ogg\" src=\"myvideo.ogv\" />\n" +
			"\n" +
			"\t\t\t<!-- Optional: Add subtitles for each language -->\n" +
			"\t\t\t<track kind=\"subtitles\" src=\"subtitles.srt\" srclang=\"en\" />\n" +
			"\n" +
			"\t\t\t<!-- Optional: Add chapters -->\n" +
			"\t\t\t<track kind=\"chapters\" src=\"chapters.srt\" srclang=\"en\" />\n" +
			"\n" +
			"\t\t\t<a href=\"http://domain.tld/wp-content/uploads/2013/12/xyz.mp4\">http://domain.tld/wp-content/uploads/2013/12/xyz.mp4</a>\n" +
			"\n" +
			"\t\t\t</video>\n" +
			"\n" +
			"Paragraph two.",
		want: "<p>Paragraph one.</p>\n" +
			"<p><video class=\"wp-video-shortcode\" id=\"video-0-1\" width=\"640\" height=\"360\" preload=\"metadata\" controls=\"controls\"><source type=\"video/mp4\" src=\"http://domain.tld/wp-content/uploads/2013/12/xyz.mp4\" /><!-- WebM/VP8 for Firefox4, Opera, and Chrome --><source type=\"video/webm\" src=\"myvideo.webm\" /><!-- Ogg/Vorbis for older Firefox and Opera versions --><source type=\"video/ogg\" src=\"myvideo.ogv\" /><!-- Optional: Add subtitles for each language --><track kind=\"subtitles\" src=\"subtitles.srt\" srclang=\"en\" /><!-- Optional: Add chapters --><track kind=\"chapters\" src=\"chapters.srt\" srclang=\"en\" /><a href=\"http://domain.tld/wp-content/uploads/2013/12/xyz.mp4\">http://domain.tld/wp-content/uploads/2013/12/xyz.mp4</a></video></p>\n" +
			"<p>Paragraph two.</p>",
		trim: true,
	},
	{
		name: "source and track in video shortcode (ticket 26864)",
		in: "Paragraph one.\n" +
			"\n" +
			"[video width=\"720\" height=\"480\" mp4=\"http://domain.tld/wp-content/uploads/2013/12/xyz.mp4\"]\n" +
			"\t\t\t<!-- WebM/VP8 for Firefox4, Opera, and Chrome -->\n" +
			"\t\t\t<source type=\"video/webm\" src=\"myvideo.webm\" />\n" +
			"\t\t\t<!-- Ogg/Vorbis for older Firefox and Opera versions -->\n" +
			"\t\t\t<source type=\"video/ogg\" src=\"myvideo.ogv\" />\n" +
			"\t\t\t<!-- Optional: Add subtitles for each language -->\n" +
			"\t\t\t<track kind=\"subtitles\" src=\"subtitles.srt\" srclang=\"en\" />\n" +
			"\t\t\t<!-- Optional: Add chapters -->\n" +
			"\t\t\t<track kind=\"chapters\" src=\"chapters.srt\" srclang=\"en\" />\n" +
			"\t\t\t[/video]\n" +
			"\n" +
			"Paragraph two.",
		want: "<p>Paragraph one.</p>\n" +
			"<p>[video width=\"720\" height=\"480\" mp4=\"http://domain.tld/wp-content/uploads/2013/12/xyz.mp4\"]<!-- WebM/VP8 for Firefox4, Opera, and Chrome --><source type=\"video/webm\" src=\"myvideo.webm\" /><!-- Ogg/Vorbis for older Firefox and Opera versions --><source type=\"video/ogg\" src=\"myvideo.ogv\" /><!-- Optional: Add subtitles for each language --><track kind=\"subtitles\" src=\"subtitles.srt\" srclang=\"en\" /><!-- Optional: Add chapters --><track kind=\"chapters\" src=\"chapters.srt\" srclang=\"en\" />[/video]</p>\n" +
			"<p>Paragraph two.</p>",
		trim: true,
	},
	{
		name: "param and embed in object (ticket 26864)",
		in: "\n" +
			"Paragraph one.\n" +
			"\n" +
			"<object width=\"400\" height=\"224\" classid=\"clsid:d27cdb6e-ae6d-11cf-96b8-444553540000\" codebase=\"http://download.macromedia.com/pub/shockwave/cabs/flash/swflash.cab#version=6,0,40,0\">\n" +
			"\t<param name=\"src\" value=\"http://domain.tld/wp-content/uploads/2013/12/xyz.swf\" />\n" +
			"\t<param name=\"allowfullscreen\" value=\"true\" />\n" +
			"\t<param name=\"allowscriptaccess\" value=\"always\" />\n" +
			"\t<param name=\"overstretch\" value=\"true\" />\n" +
			"\t<param name=\"flashvars\" value=\"isDynamicSeeking=true\" />\n" +
			"\n" +
			"\t<embed width=\"400\" height=\"224\" type=\"application/x-shockwave-flash\" src=\"http://domain.tld/wp-content/uploads/2013/12/xyz.swf\" wmode=\"direct\" seamlesstabbing=\"true\" allowfullscreen=\"true\" overstretch=\"true\" flashvars=\"isDynamicSeeking=true\" />\n" +
			"</object>\n" +
			"\n" +
			"Paragraph two.",
		want: "<p>Paragraph one.</p>\n" +
			"<p><object width=\"400\" height=\"224\" classid=\"clsid:d27cdb6e-ae6d-11cf-96b8-444553540000\" codebase=\"http://download.macromedia.com/pub/shockwave/cabs/flash/swflash.cab#version=6,0,40,0\"><param name=\"src\" value=\"http://domain.tld/wp-content/uploads/2013/12/xyz.swf\" /><param name=\"allowfullscreen\" value=\"true\" /><param name=\"allowscriptaccess\" value=\"always\" /><param name=\"overstretch\" value=\"true\" /><param name=\"flashvars\" value=\"isDynamicSeeking=true\" /><embed width=\"400\" height=\"224\" type=\"application/x-shockwave-flash\" src=\"http://domain.tld/wp-content/uploads/2013/12/xyz.swf\" wmode=\"direct\" seamlesstabbing=\"true\" allowfullscreen=\"true\" overstretch=\"true\" flashvars=\"isDynamicSeeking=true\" /></object></p>\n" +
			"<p>Paragraph two.</p>",
		trim: true,
	},
	{
		name: "param and embed in nested objects (ticket 26864)",
		in: "\n" +
			"Paragraph one.\n" +
			"\n" +
			"<div class=\"video-player\" id=\"x-video-0\">\n" +
			"<object classid=\"clsid:D27CDB6E-AE6D-11cf-96B8-444553540000\" width=\"640\" height=\"360\" id=\"video-0\" standby=\"Standby text\">\n" +
			"  <param name=\"movie\" value=\"http://domain.tld/wp-content/uploads/2013/12/xyz.swf\" />\n" +
			"  <param name=\"quality\" value=\"best\" />\n" +
			"\n" +
			"  <param name=\"seamlesstabbing\" value=\"true\" />\n" +
			"  <param name=\"allowfullscreen\" value=\"true\" />\n" +
			"  <param name=\"allowscriptaccess\" value=\"always\" />\n" +
			"  <param name=\"overstretch\" value=\"true\" />\n" +
			"\n" +
			"  <!--[if !IE]--><object type=\"application/x-shockwave-flash\" data=\"http://domain.tld/wp-content/uploads/2013/12/xyz.swf\" width=\"640\" height=\"360\" standby=\"Standby text\">\n" +
			"    <param name=\"quality\" value=\"best\" />\n" +
			"\n" +
			"    <param name=\"seamlesstabbing\" value=\"true\" />\n" +
			"    <param name=\"allowfullscreen\" value=\"true\" />\n" +
			"    <param name=\"allowscriptaccess\" value=\"always\" />\n" +
			"    <param name=\"overstretch\" value=\"true\" />\n" +
			"  </object><!--<![endif]-->\n" +
			"</object></div>\n" +
			"\n" +
			"Paragraph two.",
		want: "<p>Paragraph one.</p>\n" +
			"<div class=\"video-player\" id=\"x-video-0\">\n" +
			"<object classid=\"clsid:D27CDB6E-AE6D-11cf-96B8-444553540000\" width=\"640\" height=\"360\" id=\"video-0\" standby=\"Standby text\"><param name=\"movie\" value=\"http://domain.tld/wp-content/uploads/2013/12/xyz.swf\" /><param name=\"quality\" value=\"best\" /><param name=\"seamlesstabbing\" value=\"true\" /><param name=\"allowfullscreen\" value=\"true\" /><param name=\"allowscriptaccess\" value=\"always\" /><param name=\"overstretch\" value=\"true\" /><!--[if !IE]--><object type=\"application/x-shockwave-flash\" data=\"http://domain.tld/wp-content/uploads/2013/12/xyz.swf\" width=\"640\" height=\"360\" standby=\"Standby text\"><param name=\"quality\" value=\"best\" /><param name=\"seamlesstabbing\" value=\"true\" /><param name=\"allowfullscreen\" value=\"true\" /><param name=\"allowscriptaccess\" value=\"always\" /><param name=\"overstretch\" value=\"true\" /></object><!--<![endif]--></object></div>\n" +
			"<p>Paragraph two.</p>",
		trim: true,
	},
	{
		name: "select and option (ticket 22230)",
		in:   "Country: <select id=\"state\" name=\"state\"><option value=\"1\">Alabama</option><option value=\"2\">Alaska</option><option value=\"3\">Arizona</option><option value=\"4\">Arkansas</option><option value=\"5\">California</option></select>",
		want: "<p>Country: <select id=\"state\" name=\"state\"><option value=\"1\">Alabama</option><option value=\"2\">Alaska</option><option value=\"3\">Arizona</option><option value=\"4\">Arkansas</option><option value=\"5\">California</option></select></p>",
		trim: true,
	},
	{
		name: "blockquote contents are autop-ed (ticket 27268)",
		in:   "<blockquote>foo</blockquote>",
		want: "<blockquote><p>foo</p></blockquote>",
		trim: true,
	},
	{
		name: "element sanity 1 (ticket 33106)",
		in: "Hello <a\n" +
			"href='world'>",
		want: "<p>Hello <a\n" +
			"href='world'></p>\n",
	},
	{
		name: "element sanity 2 (ticket 33106)",
		in: "Hello <!-- a\n" +
			"href='world' -->",
		want: "<p>Hello <!-- a\n" +
			"href='world' --></p>\n",
	},
	{
		name: "element sanity 3 (ticket 33106)",
		in: "Hello <!-- <object>\n" +
			"<param>\n" +
			"<param>\n" +
			"<embed>\n" +
			"</embed>\n" +
			"</object>\n" +
			" -->",
		want: "<p>Hello <!-- <object>\n" +
			"<param>\n" +
			"<param>\n" +
			"<embed>\n" +
			"</embed>\n" +
			"</object>\n" +
			" --></p>\n",
	},
	{
		name: "element sanity 4 (ticket 33106)",
		in: "Hello <!-- <object>\n" +
			"<param/>\n" +
			"<param/>\n" +
			"<embed>\n" +
			"</embed>\n" +
			"</object>\n" +
			" -->",
		want: "<p>Hello <!-- <object>\n" +
			"<param/>\n" +
			"<param/>\n" +
			"<embed>\n" +
			"</embed>\n" +
			"</object>\n" +
			" --></p>\n",
	},
	{
		name: "element sanity 5 (ticket 33106)",
		in: "Hello <![CDATA[ a\n" +
			"https://youtu.be/jgz0uSaOZbE\n" +
			" ]]>",
		want: "<p>Hello <![CDATA[ a\n" +
			"https://youtu.be/jgz0uSaOZbE\n" +
			" ]]></p>\n",
	},
	{
		name: "element sanity 6 (ticket 33106)",
		in: "Hello <![CDATA[ <!-- a\n" +
			"https://youtu.be/jgz0uSaOZbE\n" +
			" a\n" +
			"9 ]]> -->",
		want: "<p>Hello <![CDATA[ <!-- a\n" +
			"https://youtu.be/jgz0uSaOZbE\n" +
			" a\n" +
			"9 ]]> --></p>\n",
	},
	{
		name: "element sanity 7 (ticket 33106)",
		in: "Hello <![CDATA[ <!-- a\n" +
			"https://youtu.be/jgz0uSaOZbE\n" +
			" a\n" +
			"9 --> a\n" +
			"9 ]]>",
		want: "<p>Hello <![CDATA[ <!-- a\n" +
			"https://youtu.be/jgz0uSaOZbE\n" +
			" a\n" +
			"9 --> a\n" +
			"9 ]]></p>\n",
	},
	{
		name: "no second br after br (ticket 33377)",
		in: "\n" +
			"line 1<br>\n" +
			"line 2<br/>\n" +
			"line 3<br />\n" +
			"line 4\n" +
			"line 5\n",
		want: "<p>line 1<br />\n" +
			"line 2<br />\n" +
			"line 3<br />\n" +
			"line 4<br />\n" +
			"line 5</p>",
		trim: true,
	},
	{
		name: "multiple br make a paragraph (ticket 33377)",
		in: "\n" +
			"line 1<br>\n" +
			"<br/>\n" +
			"line 2<br/>\n" +
			"<br />\n",
		want: "<p>line 1</p>\n" +
			"<p>line 2</p>",
		trim: true,
	},
	{
		name: "text before blocks is wrapped (ticket 4857)",
		in:   "a<div>b</div>",
		want: "<p>a</p>\n" +
			"<div>b</div>",
		trim: true,
	},
	{
		name: "no extra closing p in figure (ticket 39307)",
		in:   "<figure><img src=\"example.jpg\" /><figcaption>Caption</figcaption></figure>",
		want: "<figure><img src=\"example.jpg\" /><figcaption>Caption</figcaption></figure>",
		trim: true,
	},
	{
		name: "no extra closing p in figure with newlines (ticket 39307)",
		in: "<figure>\n" +
			"<img src=\"example.jpg\" />\n" +
			"<figcaption>Caption</figcaption>\n" +
			"</figure>",
		want: "<figure>\n" +
			"<img src=\"example.jpg\" /><figcaption>Caption</figcaption></figure>",
		trim: true,
	},
	{
		name: "hr is not wrapped (ticket 14674)",
		in:   "paragraph1<hr>paragraph2",
		want: "<p>paragraph1</p>\n" +
			"<hr>\n" +
			"<p>paragraph2</p>",
		trim: true,
	},
	{
		name: "inline svg keeps its lines (ticket 9437)",
		in: "<svg xmlns=\"http://www.w3.org/2000/svg\">\n" +
			"\t\t\t\t<circle cx=\"50\" cy=\"50\" r=\"30\" fill=\"blue\">\n" +
			"\t\t\t\t\t<animateTransform attributeName=\"transform\" type=\"scale\" to=\"1.5\" dur=\"2s\" fill=\"freeze\"/>\n" +
			"\t\t\t\t</circle>\n" +
			"\t\t\t</svg>",
		want: "<p><svg xmlns=\"http://www.w3.org/2000/svg\">\n" +
			"\t\t\t\t<circle cx=\"50\" cy=\"50\" r=\"30\" fill=\"blue\">\n" +
			"\t\t\t\t\t<animateTransform attributeName=\"transform\" type=\"scale\" to=\"1.5\" dur=\"2s\" fill=\"freeze\"/>\n" +
			"\t\t\t\t</circle>\n" +
			"\t\t\t</svg></p>",
		trim: true,
	},
	{
		name: "inline script keeps its lines (ticket 9437)",
		in: "<script type=\"text/javascript\">\n" +
			"\t\t\t\tvar dummy = 1;\n" +
			"\t\t\t</script>",
		want: "<p><script type=\"text/javascript\">\n" +
			"\t\t\t\tvar dummy = 1;\n" +
			"\t\t\t</script></p>",
		trim: true,
	},
}

var autopEdgeCases = []autopCase{
	{
		name: "empty",
		in:   "",
		want: "",
	},
	{
		name: "only trim whitespace",
		in: " \n" +
			"\t\r\u000b\u0000",
		want: "",
	},
	{
		name: "form feed is not trimmed but is PCRE white space",
		in:   "\f",
		want: "<br />\n",
	},
	{
		name: "single line",
		in:   "Hello",
		want: "<p>Hello</p>\n",
	},
	{
		name: "line break and paragraph",
		in: "one\n" +
			"two\n" +
			"\n" +
			"three",
		want: "<p>one<br />\n" +
			"two</p>\n" +
			"<p>three</p>\n",
	},
	{
		name: "CRLF line endings",
		in: "one\r\n" +
			"two\r\n" +
			"\r\n" +
			"three\r\n",
		want: "<p>one<br />\n" +
			"two</p>\n" +
			"<p>three</p>\n",
	},
	{
		name: "lone CR line endings",
		in:   "one\rtwo\r\rthree",
		want: "<p>one<br />\n" +
			"two</p>\n" +
			"<p>three</p>\n",
	},
	{
		name: "vertical tab counts as white space between paragraphs",
		in: "one\n" +
			"\u000b\n" +
			"two",
		want: "<p>one</p>\n" +
			"<p>two</p>\n",
	},
	{
		name: "many blank lines",
		in: "one\n" +
			"\n" +
			"\n" +
			"\n" +
			"\n" +
			"two\n" +
			" \n" +
			"\t\n" +
			"three",
		want: "<p>one</p>\n" +
			"<p>two</p>\n" +
			"<p>three</p>\n",
	},
	{
		name: "br after which a newline is kept",
		in: "one<br />\n" +
			"two",
		want: "<p>one<br />\n" +
			"two</p>\n",
	},
	{
		name: "br then space then newline",
		in: "one<br /> \n" +
			"two",
		want: "<p>one<br /> <br />\n" +
			"two</p>\n",
	},
	{
		name: "br then newline then tab",
		in: "one<br />\n" +
			"\ttwo",
		want: "<p>one<br />\n" +
			"\ttwo</p>\n",
	},
	{
		name: "double br makes a paragraph",
		in: "one<br><br/>two<br />\n" +
			"<BR>three<br\t/>  <br >four",
		want: "<p>one</p>\n" +
			"<p>two<br />\n" +
			"<BR>three</p>\n" +
			"<p>four</p>\n",
	},
	{
		name: "trailing newline before the last closing p",
		in: "one\n" +
			"<br />",
		want: "<p>one<br /></p>\n",
	},
	{
		name: "trailing br in figcaption",
		in: "<figcaption>\n" +
			"<br />\n",
		want: "<figcaption></p>\n",
	},
	{
		name: "pre keeps its blank lines and CRLF",
		in: "Code:\n" +
			"<pre class=\"php\">a\r\n" +
			"\r\n" +
			"  b\n" +
			"\n" +
			"\tc</pre>\n" +
			"After",
		want: "<p>Code:</p>\n" +
			"<pre class=\"php\">a\r\n" +
			"\r\n" +
			"  b\n" +
			"\n" +
			"\tc</pre>\n" +
			"<p>After</p>\n",
	},
	{
		name: "two pre elements",
		in: "<pre>1\n" +
			"\n" +
			"2</pre>\n" +
			"text\n" +
			"<pre>3\n" +
			"4</pre>",
		want: "<pre>1\n" +
			"\n" +
			"2</pre>\n" +
			"<p>text</p>\n" +
			"<pre>3\n" +
			"4</pre>\n",
	},
	{
		name: "closing pre without opening one is dropped",
		in: "one</pre>two\n" +
			"\n" +
			"three",
		want: "<p>one</pre>\n" +
			"<p>two</p>\n" +
			"<p>three</p>\n",
	},
	{
		name: "unclosed pre is not protected",
		in: "one\n" +
			"<pre>two\n" +
			"\n" +
			"three",
		want: "<p>one</p>\n" +
			"<pre>two</p>\n" +
			"<p>three</p>\n",
	},
	{
		name: "pre inside a div",
		in: "<div>\n" +
			"<pre><code>x\n" +
			"\n" +
			"y</code></pre>\n" +
			"</div>",
		want: "<div>\n" +
			"<pre><code>x\n" +
			"\n" +
			"y</code></pre>\n" +
			"</div>\n",
	},
	{
		name: "newline inside a tag",
		in: "<a\n" +
			"href=\"x\"\n" +
			"title=\"y\">link</a>\n" +
			"text",
		want: "<p><a\n" +
			"href=\"x\"\n" +
			"title=\"y\">link</a><br />\n" +
			"text</p>\n",
	},
	{
		name: "comment with newlines",
		in: "before\n" +
			"<!-- a\n" +
			"\n" +
			"b -->\n" +
			"after",
		want: "<p>before<br />\n" +
			"<!-- a\n" +
			"\n" +
			"b --><br />\n" +
			"after</p>\n",
	},
	{
		name: "unclosed comment runs to the end",
		in: "a\n" +
			"<!-- b\n" +
			"\n" +
			"c",
		want: "<p>a<br />\n" +
			"<!-- b\n" +
			"\n" +
			"c\n" +
			"</p>\n",
	},
	{
		name: "CDATA with newlines",
		in: "a <![CDATA[ x\n" +
			"\n" +
			"y ]]> b",
		want: "<p>a <![CDATA[ x\n" +
			"\n" +
			"y ]]> b</p>\n",
	},
	{
		name: "style is a block and keeps its newlines",
		in: "text\n" +
			"<style>\n" +
			"p { color: red; }\n" +
			"\n" +
			"div { }\n" +
			"</style>\n" +
			"more",
		want: "<p>text</p>\n" +
			"<style>\n" +
			"p { color: red; }</p>\n" +
			"<p>div { }\n" +
			"</style>\n" +
			"<p>more</p>\n",
	},
	{
		name: "script keeps its newlines",
		in: "a\n" +
			"<script>\n" +
			"var x = 1;\n" +
			"var y = 2;\n" +
			"</script>\n" +
			"b",
		want: "<p>a<br />\n" +
			"<script>\n" +
			"var x = 1;\n" +
			"var y = 2;\n" +
			"</script><br />\n" +
			"b</p>\n",
	},
	{
		name: "unclosed script gets br",
		in: "a\n" +
			"<script>\n" +
			"var x = 1;\n" +
			"b",
		want: "<p>a<br />\n" +
			"<script><br />\n" +
			"var x = 1;<br />\n" +
			"b</p>\n",
	},
	{
		name: "stylesheet opens a style for newline preservation",
		in: "x <stylesheet>\n" +
			"y</style>\n" +
			"z",
		want: "<p>x <stylesheet>\n" +
			"y</style>\n" +
			"<p>z</p>\n",
	},
	{
		name: "math keeps its newlines",
		in: "x <math>\n" +
			"<mi>a</mi>\n" +
			"</math> y",
		want: "<p>x <math>\n" +
			"<mi>a</mi>\n" +
			"</math> y</p>\n",
	},
	{
		name: "param counts as a block through p",
		in:   "<param name=\"a\" value=\"b\">",
		want: "<param name=\"a\" value=\"b\">\n",
	},
	{
		name: "picture counts as a block through p",
		in: "text\n" +
			"<picture>\n" +
			"<img src=\"a.jpg\">\n" +
			"</picture>",
		want: "<p>text\n" +
			"<picture>\n" +
			"<img src=\"a.jpg\">\n" +
			"</picture>\n",
	},
	{
		name: "colgroup and col",
		in: "<table><colgroup><col span=\"2\"></colgroup><tr><td>a\n" +
			"b</td></tr></table>",
		want: "<table>\n" +
			"<colgroup>\n" +
			"<col span=\"2\"></colgroup>\n" +
			"<tr>\n" +
			"<td>a<br />\n" +
			"b</td>\n" +
			"</tr>\n" +
			"</table>\n",
	},
	{
		name: "h7 is not a heading",
		in: "<h7>x</h7>\n" +
			"<h6>y</h6>",
		want: "<p><h7>x</h7></p>\n" +
			"<h6>y</h6>\n",
	},
	{
		name: "uppercase block tags are inline",
		in: "<DIV>x</DIV>\n" +
			"\n" +
			"<P>y</P>",
		want: "<p><DIV>x</DIV></p>\n" +
			"<p><P>y</P></p>\n",
	},
	{
		name: "uppercase blockquote",
		in:   "<BLOCKQUOTE cite=\"x\">quote</BLOCKQUOTE>",
		want: "<blockquote cite=\"x\"><p>quote</BLOCKQUOTE></p>\n",
	},
	{
		name: "Kelvin sign is not k",
		in:   "<bloc\u212aquote>x",
		want: "<p><bloc\u212aquote>x</p>\n",
	},
	{
		name: "blockquote with paragraphs",
		in: "<blockquote>one\n" +
			"\n" +
			"two\n" +
			"three</blockquote>",
		want: "<blockquote><p>one</p>\n" +
			"<p>two<br />\n" +
			"three</p></blockquote>\n",
	},
	{
		name: "div without paragraph",
		in:   "<div>text</div>",
		want: "<div>text</div>\n",
	},
	{
		name: "address keeps lines",
		in: "<address>1 Infinite Loop\n" +
			"Cupertino</address>",
		want: "<address>1 Infinite Loop<br />\n" +
			"Cupertino</address>\n",
	},
	{
		name: "list items on lines",
		in: "<ul>\n" +
			"<li>a\n" +
			"b</li>\n" +
			"<li>c</li>\n" +
			"</ul>",
		want: "<ul>\n" +
			"<li>a<br />\n" +
			"b</li>\n" +
			"<li>c</li>\n" +
			"</ul>\n",
	},
	{
		name: "li with text after",
		in:   "<li>one</li> and text",
		want: "<li>one</li>\n" +
			"<p> and text</p>\n",
	},
	{
		name: "hr variants",
		in:   "a<hr/>b<hr />c<hr class=\"x\">d",
		want: "<p>a</p>\n" +
			"<hr/>\n" +
			"<p>b</p>\n" +
			"<hr />\n" +
			"<p>c</p>\n" +
			"<hr class=\"x\">d</p>\n",
	},
	{
		name: "select with options on lines",
		in: "Pick: <select>\n" +
			"<option>a</option>\n" +
			"\n" +
			"<option>b</option>\n" +
			"</select> done",
		want: "<p>Pick: <select><option>a</option><option>b</option></select> done</p>\n",
	},
	{
		name: "object with params",
		in: "<object data=\"x\">\n" +
			"<param name=\"a\">\n" +
			"\n" +
			"<embed src=\"y\">\n" +
			"</object>",
		want: "<p><object data=\"x\"><param name=\"a\"><embed src=\"y\"></object></p>\n",
	},
	{
		name: "audio shortcode with sources",
		in: "[audio src=\"a.mp3\"]\n" +
			"<source src=\"a.ogg\" type=\"audio/ogg\">\n" +
			"[/audio]",
		want: "<p>[audio src=\"a.mp3\"]<source src=\"a.ogg\" type=\"audio/ogg\">[/audio]</p>\n",
	},
	{
		name: "figure with figcaption",
		in: "<figure>\n" +
			"<img src=\"a.jpg\">\n" +
			"\n" +
			"<figcaption>Cap\n" +
			"tion</figcaption>\n" +
			"</figure>",
		want: "<figure>\n" +
			"<img src=\"a.jpg\"><figcaption>Cap<br />\n" +
			"tion</figcaption></figure>\n",
	},
	{
		name: "caption shortcode",
		in: "[caption id=\"attachment_1\" align=\"alignleft\" width=\"150\"]<img src=\"a.jpg\" width=\"150\" /> A caption[/caption]\n" +
			"\n" +
			"Text after.",
		want: "<p>[caption id=\"attachment_1\" align=\"alignleft\" width=\"150\"]<img src=\"a.jpg\" width=\"150\" /> A caption[/caption]</p>\n" +
			"<p>Text after.</p>\n",
	},
	{
		name: "gallery shortcode alone",
		in: "Intro\n" +
			"\n" +
			"[gallery ids=\"1,2,3\"]\n" +
			"\n" +
			"Outro",
		want: "<p>Intro</p>\n" +
			"<p>[gallery ids=\"1,2,3\"]</p>\n" +
			"<p>Outro</p>\n",
	},
	{
		name: "no-break space paragraph",
		in: "a\n" +
			"\n" +
			"\u00a0\n" +
			"\n" +
			"b",
		want: "<p>a</p>\n" +
			"<p>\u00a0</p>\n" +
			"<p>b</p>\n",
	},
	{
		name: "nbsp entity paragraph",
		in: "a\n" +
			"\n" +
			"&nbsp;\n" +
			"\n" +
			"b",
		want: "<p>a</p>\n" +
			"<p>&nbsp;</p>\n" +
			"<p>b</p>\n",
	},
	{
		name: "br false keeps newlines",
		in: "one\n" +
			"two\n" +
			"\n" +
			"three<br>four\n" +
			"<div>x\n" +
			"y</div>",
		want: "<p>one\n" +
			"two</p>\n" +
			"<p>three<br>four</p>\n" +
			"<div>x\n" +
			"y</div>\n",
		noBR: true,
	},
	{
		name: "br false with pre",
		in: "<pre>a\n" +
			"\n" +
			"b</pre>\n" +
			"c\n" +
			"d",
		want: "<pre>a\n" +
			"\n" +
			"b</pre>\n" +
			"<p>c\n" +
			"d</p>\n",
		noBR: true,
	},
	{
		name: "block inside a comment (WordPress's known failure, ticket 33106)",
		in: "Hello <!-- <hr> a\n" +
			"href='world' -->",
		want: "<p>Hello <!-- \n" +
			"\n" +
			"<hr>\n" +
			"\n" +
			" a\n" +
			"href='world' --></p>\n",
	},
	{
		name: "block inside CDATA (WordPress's known failure, ticket 33106)",
		in: "Hello <![CDATA[ <hr> a\n" +
			"https://youtu.be/jgz0uSaOZbE\n" +
			" ]]>",
		want: "<p>Hello <![CDATA[ \n" +
			"\n" +
			"<hr>\n" +
			"\n" +
			" a\n" +
			"https://youtu.be/jgz0uSaOZbE\n" +
			" ]]></p>\n",
	},
	{
		name: "closing pre before a pre is dropped",
		in: "one</pre>two\n" +
			"\n" +
			"<pre>x\n" +
			"\n" +
			"y</pre>",
		want: "<p>onetwo</p>\n" +
			"<pre>x\n" +
			"\n" +
			"y</pre>\n",
	},
	{
		name: "spaces before a closing block tag",
		in: "<div>\n" +
			"a\n" +
			"\n" +
			"  </div>",
		want: "<div>\n" +
			"a</p></div>\n",
	},
	{
		name: "vertical tab after a block name",
		in:   "a<div\u000bclass=\"x\">b</div>",
		want: "<p>a</p>\n" +
			"<div\u000bclass=\"x\">b</div>\n",
	},
}

var autopUnautopCases = []autopUnautopCase{
	{
		name:  "unautop gallery",
		names: []string{"gallery"},
		in:    "<p>[gallery]</p>\n",
		want:  "[gallery]\n",
	},
	{
		name:  "unautop self-closing",
		names: []string{"gallery"},
		in: "<p>[gallery ids=\"1,2\" /]</p>\n" +
			"<p>[gallery/]</p>\n",
		want: "[gallery ids=\"1,2\" /]\n" +
			"[gallery/]\n",
	},
	{
		name:  "unautop enclosing caption",
		names: []string{"caption"},
		in:    "<p>[caption id=\"x\" width=\"300\"]<img src=\"a.jpg\" /> Text[/caption]</p>\n",
		want:  "[caption id=\"x\" width=\"300\"]<img src=\"a.jpg\" /> Text[/caption]\n",
	},
	{
		name:  "unautop enclosing across paragraphs",
		names: []string{"caption"},
		in: "<p>[caption]a</p>\n" +
			"<p>b[/caption]</p>\n",
		want: "[caption]a</p>\n" +
			"<p>b[/caption]\n",
	},
	{
		name:  "unautop text after shortcode stays",
		names: []string{"gallery"},
		in: "<p>[gallery] and text</p>\n" +
			"<p>text and [gallery]</p>\n",
		want: "<p>[gallery] and text</p>\n" +
			"<p>text and [gallery]</p>\n",
	},
	{
		name:  "unautop unregistered and longer names stay",
		names: []string{"gallery"},
		in: "<p>[galleryx]</p>\n" +
			"<p>[gallery-x]</p>\n" +
			"<p>[gallery_x]</p>\n" +
			"<p>[unknown]</p>\n",
		want: "<p>[galleryx]</p>\n" +
			"<p>[gallery-x]</p>\n" +
			"<p>[gallery_x]</p>\n" +
			"<p>[unknown]</p>\n",
	},
	{
		name:  "unautop closing tag alone stays",
		names: []string{"gallery"},
		in: "<p>[/gallery]</p>\n" +
			"<p>[[gallery]]</p>\n",
		want: "<p>[/gallery]</p>\n" +
			"<p>[[gallery]]</p>\n",
	},
	{
		name:  "unautop spaces around",
		names: []string{"gallery"},
		in: "<p>\n" +
			"\t [gallery] &nbsp;\u00a0\r</p>\n" +
			"<p>\u00a0\u00a0[gallery]</p>\n",
		want: "[gallery]\n" +
			"[gallery]\n",
	},
	{
		name:  "unautop slash inside attributes",
		names: []string{"embed"},
		in: "<p>[embed src=\"http://x/y\"]</p>\n" +
			"<p>[embed]http://x/y[/embed]</p>\n",
		want: "[embed src=\"http://x/y\"]</p>\n" +
			"<p>[embed]http://x/y[/embed]\n",
	},
	{
		name:  "unautop name order",
		names: []string{"a", "a!"},
		in: "<p>[a!]x[/a!]</p>\n" +
			"<p>[a x]y[/a]</p>\n",
		want: "[a!]x[/a!]</p>\n" +
			"<p>[a x]y[/a]\n",
	},
	{
		name:  "unautop enclosing without closing tag",
		names: []string{"caption"},
		in: "<p>[caption]no end</p>\n" +
			"<p>[caption]</p>\n",
		want: "<p>[caption]no end</p>\n" +
			"[caption]\n",
	},
	{
		name:  "unautop no names",
		names: []string{},
		in:    "<p>[gallery]</p>\n",
		want:  "<p>[gallery]</p>\n",
	},
	{
		name:  "unautop after autop",
		names: []string{"gallery", "caption", "video"},
		in: "Intro\n" +
			"\n" +
			"[gallery ids=\"1\"]\n" +
			"\n" +
			"[caption id=\"c\"]<img src=\"a.jpg\" /> Cap[/caption]\n" +
			"\n" +
			"[video src=\"v.mp4\"]\n" +
			"\n" +
			"Text [gallery] inline.\n",
		want: "<p>Intro</p>\n" +
			"[gallery ids=\"1\"]\n" +
			"[caption id=\"c\"]<img src=\"a.jpg\" /> Cap[/caption]\n" +
			"[video src=\"v.mp4\"]\n" +
			"<p>Text [gallery] inline.</p>\n",
		autop: true,
	},
	{
		name:  "unautop enclosing falls back to the opening tag",
		names: []string{"caption"},
		in: "<p>[caption]</p>\n" +
			"<p>x[/caption] y</p>\n",
		want: "[caption]\n" +
			"<p>x[/caption] y</p>\n",
	},
	{
		name:  "unautop self-closing does not enclose",
		names: []string{"gallery"},
		in: "<p>[gallery /]</p>\n" +
			"<p>x[/gallery]</p>\n",
		want: "[gallery /]\n" +
			"<p>x[/gallery]</p>\n",
	},
}

// autopThemeTagsIn is the content of the Theme Unit Test post
// "Markup: HTML Tags and Formatting", as WXR gives it.
const autopThemeTagsIn = "<strong>Headings</strong>\n" +
	"<h1>Header one</h1>\n" +
	"<h2>Header two</h2>\n" +
	"<h3>Header three</h3>\n" +
	"<h4>Header four</h4>\n" +
	"<h5>Header five</h5>\n" +
	"<h6>Header six</h6>\n" +
	"<h2>Blockquotes</h2>\n" +
	"Single line blockquote:\n" +
	"<blockquote>Stay hungry. Stay foolish.</blockquote>\n" +
	"Multi line blockquote with a cite reference:\n" +
	"<blockquote cite=\"https://developer.mozilla.org/en-US/docs/Web/HTML/Element/blockquote\"><p>The <strong>HTML <code>&lt;blockquote&gt;</code> Element</strong> (or <em>HTML Block Quotation Element</em>) indicates that the enclosed text is an extended quotation. Usually, this is rendered visually by indentation (see <a href=\"https://developer.mozilla.org/en-US/docs/HTML/Element/blockquote#Notes\">Notes</a> for how to change it). A URL for the source of the quotation may be given using the <strong>cite</strong> attribute, while a text representation of the source can be given using the <a href=\"https://developer.mozilla.org/en-US/docs/Web/HTML/Element/cite\" title=\"The HTML Citation Element &lt;cite&gt; represents a reference to a creative work. It must include the title of a work or a URL reference, which may be in an abbreviated form according to the conventions used for the addition of citation metadata.\"><code>&lt;cite&gt;</code></a> element.</p></blockquote>\n" +
	"<cite>multiple contributors</cite> - MDN HTML element reference - blockquote\n" +
	"<h2>Tables</h2>\n" +
	"<table>\n" +
	"<thead>\n" +
	"<tr>\n" +
	"<th>Employee</th>\n" +
	"<th>Salary</th>\n" +
	"<th></th>\n" +
	"</tr>\n" +
	"</thead>\n" +
	"<tbody>\n" +
	"<tr>\n" +
	"<th><a href=\"http://example.org/\">John Doe</a></th>\n" +
	"<td>$1</td>\n" +
	"<td>Because that's all Steve Jobs needed for a salary.</td>\n" +
	"</tr>\n" +
	"<tr>\n" +
	"<th><a href=\"http://example.org/\">Jane Doe</a></th>\n" +
	"<td>$100K</td>\n" +
	"<td>For all the blogging she does.</td>\n" +
	"</tr>\n" +
	"<tr>\n" +
	"<th><a href=\"http://example.org/\">Fred Bloggs</a></th>\n" +
	"<td>$100M</td>\n" +
	"<td>Pictures are worth a thousand words, right? So Jane x 1,000.</td>\n" +
	"</tr>\n" +
	"<tr>\n" +
	"<th><a href=\"http://example.org/\">Jane Bloggs</a></th>\n" +
	"<td>$100B</td>\n" +
	"<td>With hair like that?! Enough said...</td>\n" +
	"</tr>\n" +
	"</tbody>\n" +
	"</table>\n" +
	"<h2>Definition Lists</h2>\n" +
	"<dl><dt>Definition List Title</dt><dd>Definition list division.</dd><dt>Startup</dt><dd>A startup company or startup is a company or temporary organization designed to search for a repeatable and scalable business model.</dd><dt>#dowork</dt><dd>Coined by Rob Dyrdek and his personal body guard Christopher \"Big Black\" Boykins, \"Do Work\" works as a self motivator, to motivating your friends.</dd><dt>Do It Live</dt><dd>I'll let Bill O'Reilly will <a title=\"We'll Do It Live\" href=\"https://www.youtube.com/watch?v=O_HyZ5aW76c\">explain</a> this one.</dd></dl>\n" +
	"<h2>Unordered Lists (Nested)</h2>\n" +
	"<ul>\n" +
	"\t<li>List item one\n" +
	"<ul>\n" +
	"\t<li>List item one\n" +
	"<ul>\n" +
	"\t<li>List item one</li>\n" +
	"\t<li>List item two</li>\n" +
	"\t<li>List item three</li>\n" +
	"\t<li>List item four</li>\n" +
	"</ul>\n" +
	"</li>\n" +
	"\t<li>List item two</li>\n" +
	"\t<li>List item three</li>\n" +
	"\t<li>List item four</li>\n" +
	"</ul>\n" +
	"</li>\n" +
	"\t<li>List item two</li>\n" +
	"\t<li>List item three</li>\n" +
	"\t<li>List item four</li>\n" +
	"</ul>\n" +
	"<h2>Ordered List (Nested)</h2>\n" +
	"<ol start=\"8\">\n" +
	" \t<li>List item one -start at 8\n" +
	"<ol>\n" +
	" \t<li>List item one\n" +
	"<ol reversed=\"reversed\">\n" +
	" \t<li>List item one -reversed attribute</li>\n" +
	"\t<li>List item two</li>\n" +
	"\t<li>List item three</li>\n" +
	"\t<li>List item four</li>\n" +
	"</ol>\n" +
	"</li>\n" +
	"\t<li>List item two</li>\n" +
	"\t<li>List item three</li>\n" +
	"\t<li>List item four</li>\n" +
	"</ol>\n" +
	"</li>\n" +
	"\t<li>List item two</li>\n" +
	"\t<li>List item three</li>\n" +
	"\t<li>List item four</li>\n" +
	"</ol>\n" +
	"<h2>HTML Tags</h2>\n" +
	"These supported tags come from the WordPress.com code <a title=\"Code\" href=\"https://en.support.wordpress.com/code/\">FAQ</a>.\n" +
	"\n" +
	"<strong>Address Tag</strong>\n" +
	"\n" +
	"<address>1 Infinite Loop\n" +
	"Cupertino, CA 95014\n" +
	"United States</address><strong>Anchor Tag (aka. Link)</strong>\n" +
	"\n" +
	"This is an example of a <a title=\"WordPress Foundation\" href=\"https://wordpressfoundation.org/\">link</a>.\n" +
	"\n" +
	"<strong>Abbreviation Tag</strong>\n" +
	"\n" +
	"The abbreviation <abbr title=\"Seriously\">srsly</abbr> stands for \"seriously\".\n" +
	"\n" +
	"<strong>Acronym Tag (<em>deprecated in HTML5</em>)</strong>\n" +
	"\n" +
	"The acronym <acronym title=\"For The Win\">ftw</acronym> stands for \"for the win\".\n" +
	"\n" +
	"<strong>Big Tag</strong> (<em>deprecated in HTML5</em>)\n" +
	"\n" +
	"These tests are a <big>big</big> deal, but this tag is no longer supported in HTML5.\n" +
	"\n" +
	"<strong>Cite Tag</strong>\n" +
	"\n" +
	"\"Code is poetry.\" --<cite>Automattic</cite>\n" +
	"\n" +
	"<strong>Code Tag</strong>\n" +
	"\n" +
	"This tag styles blocks of code.\n" +
	"<code>.post-title {\n" +
	"\tmargin: 0 0 5px;\n" +
	"\tfont-weight: bold;\n" +
	"\tfont-size: 38px;\n" +
	"\tline-height: 1.2;\n" +
	"\tand here's a line of some really, really, really, really long text, just to see how it is handled and to find out how it overflows;\n" +
	"}</code>\n" +
	"You will learn later on in these tests that <code>word-wrap: break-word;</code> will be your best friend.\n" +
	"\n" +
	"<strong>Delete Tag</strong>\n" +
	"\n" +
	"This tag will let you <del cite=\"deleted it\">strike out text</del>, but this tag is <em>recommended</em> supported in HTML5 (use the <code>&lt;s&gt;</code> instead).\n" +
	"\n" +
	"<strong>Emphasize Tag</strong>\n" +
	"\n" +
	"The emphasize tag should <em>italicize</em> <i>text</i>.\n" +
	"\n" +
	"<strong>Horizontal Rule Tag</strong>\n" +
	"\n" +
	"<hr />\n" +
	"\n" +
	"This sentence is following a <code>&lt;hr /&gt;</code> tag.\n" +
	"\n" +
	"<strong>Insert Tag</strong>\n" +
	"\n" +
	"This tag should denote <ins cite=\"inserted it\">inserted</ins> text.\n" +
	"\n" +
	"<strong>Keyboard Tag</strong>\n" +
	"\n" +
	"This scarcely known tag emulates <kbd>keyboard text</kbd>, which is usually styled like the <code>&lt;code&gt;</code> tag.\n" +
	"\n" +
	"<strong>Preformatted Tag</strong>\n" +
	"\n" +
	"This tag is for preserving whitespace as typed, such as in poetry or ASCII art.\n" +
	"<h2>The Road Not Taken</h2>\n" +
	"<pre>\n" +
	"<cite>Robert Frost</cite>\n" +
	"\n" +
	"\n" +
	"\tTwo roads diverged in a yellow wood,\n" +
	"\tAnd sorry I could not travel both          (\\_/)\n" +
	"\tAnd be one traveler, long I stood         (='.'=)\n" +
	"\tAnd looked down one as far as I could     (\")_(\")\n" +
	"\tTo where it bent in the undergrowth;\n" +
	"\n" +
	"\tThen took the other, as just as fair,\n" +
	"\tAnd having perhaps the better claim,          |\\_/|\n" +
	"\tBecause it was grassy and wanted wear;       / @ @ \\\n" +
	"\tThough as for that the passing there        ( &gt; º &lt; )\n" +
	"\tHad worn them really about the same,         `&gt;&gt;x&lt;&lt;´\n" +
	"\t /  O  \\\n" +
	"\tAnd both that morning equally lay\n" +
	"\tIn leaves no step had trodden black.\n" +
	"\tOh, I kept the first for another day!\n" +
	"\tYet knowing how way leads on to way,\n" +
	"\tI doubted if I should ever come back.\n" +
	"\n" +
	"\tI shall be telling this with a sigh\n" +
	"\tSomewhere ages and ages hence:\n" +
	"\tTwo roads diverged in a wood, and I\u2014\n" +
	"\tI took the one less traveled by,\n" +
	"\tAnd that has made all the difference.\n" +
	"\n" +
	"\n" +
	"\tand here's a line of some really, really, really, really long text, just to see how it is handled and to find out how it overflows;\n" +
	"</pre>\n" +
	"<strong>Quote Tag</strong> for short, inline quotes\n" +
	"\n" +
	"<q>Developers, developers, developers...</q> --Steve Ballmer\n" +
	"\n" +
	"<strong>Strike Tag</strong> (<em>deprecated in HTML5</em>) and <strong>S Tag</strong>\n" +
	"\n" +
	"This tag shows <strike>strike-through</strike> <s>text</s>.\n" +
	"\n" +
	"<strong>Small Tag</strong>\n" +
	"\n" +
	"This tag shows <small>smaller<small> text.</small></small>\n" +
	"\n" +
	"<strong>Strong Tag</strong>\n" +
	"\n" +
	"This tag shows <strong>bold<strong> text.</strong></strong>\n" +
	"\n" +
	"<strong>Subscript Tag</strong>\n" +
	"\n" +
	"Getting our science styling on with H<sub>2</sub>O, which should push the \"2\" down.\n" +
	"\n" +
	"<strong>Superscript Tag</strong>\n" +
	"\n" +
	"Still sticking with science and Albert Einstein's E = MC<sup>2</sup>, which should lift the 2 up.\n" +
	"\n" +
	"<strong>Teletype Tag </strong>(<em>obsolete in HTML5</em>)\n" +
	"\n" +
	"This rarely used tag emulates <tt>teletype text</tt>, which is usually styled like the <code>&lt;code&gt;</code> tag.\n" +
	"\n" +
	"<strong>Underline Tag</strong> <em>deprecated in HTML 4, re-introduced in HTML5 with other semantics</em>\n" +
	"\n" +
	"This tag shows <u>underlined text</u>.\n" +
	"\n" +
	"<strong>Variable Tag</strong>\n" +
	"\n" +
	"This allows you to denote <var>variables</var>."

// autopThemeTagsOut is what wpautop() makes of it.
const autopThemeTagsOut = "<p><strong>Headings</strong></p>\n" +
	"<h1>Header one</h1>\n" +
	"<h2>Header two</h2>\n" +
	"<h3>Header three</h3>\n" +
	"<h4>Header four</h4>\n" +
	"<h5>Header five</h5>\n" +
	"<h6>Header six</h6>\n" +
	"<h2>Blockquotes</h2>\n" +
	"<p>Single line blockquote:</p>\n" +
	"<blockquote><p>Stay hungry. Stay foolish.</p></blockquote>\n" +
	"<p>Multi line blockquote with a cite reference:</p>\n" +
	"<blockquote cite=\"https://developer.mozilla.org/en-US/docs/Web/HTML/Element/blockquote\">\n" +
	"<p>The <strong>HTML <code>&lt;blockquote&gt;</code> Element</strong> (or <em>HTML Block Quotation Element</em>) indicates that the enclosed text is an extended quotation. Usually, this is rendered visually by indentation (see <a href=\"https://developer.mozilla.org/en-US/docs/HTML/Element/blockquote#Notes\">Notes</a> for how to change it). A URL for the source of the quotation may be given using the <strong>cite</strong> attribute, while a text representation of the source can be given using the <a href=\"https://developer.mozilla.org/en-US/docs/Web/HTML/Element/cite\" title=\"The HTML Citation Element &lt;cite&gt; represents a reference to a creative work. It must include the title of a work or a URL reference, which may be in an abbreviated form according to the conventions used for the addition of citation metadata.\"><code>&lt;cite&gt;</code></a> element.</p>\n" +
	"</blockquote>\n" +
	"<p><cite>multiple contributors</cite> - MDN HTML element reference - blockquote</p>\n" +
	"<h2>Tables</h2>\n" +
	"<table>\n" +
	"<thead>\n" +
	"<tr>\n" +
	"<th>Employee</th>\n" +
	"<th>Salary</th>\n" +
	"<th></th>\n" +
	"</tr>\n" +
	"</thead>\n" +
	"<tbody>\n" +
	"<tr>\n" +
	"<th><a href=\"http://example.org/\">John Doe</a></th>\n" +
	"<td>$1</td>\n" +
	"<td>Because that's all Steve Jobs needed for a salary.</td>\n" +
	"</tr>\n" +
	"<tr>\n" +
	"<th><a href=\"http://example.org/\">Jane Doe</a></th>\n" +
	"<td>$100K</td>\n" +
	"<td>For all the blogging she does.</td>\n" +
	"</tr>\n" +
	"<tr>\n" +
	"<th><a href=\"http://example.org/\">Fred Bloggs</a></th>\n" +
	"<td>$100M</td>\n" +
	"<td>Pictures are worth a thousand words, right? So Jane x 1,000.</td>\n" +
	"</tr>\n" +
	"<tr>\n" +
	"<th><a href=\"http://example.org/\">Jane Bloggs</a></th>\n" +
	"<td>$100B</td>\n" +
	"<td>With hair like that?! Enough said...</td>\n" +
	"</tr>\n" +
	"</tbody>\n" +
	"</table>\n" +
	"<h2>Definition Lists</h2>\n" +
	"<dl>\n" +
	"<dt>Definition List Title</dt>\n" +
	"<dd>Definition list division.</dd>\n" +
	"<dt>Startup</dt>\n" +
	"<dd>A startup company or startup is a company or temporary organization designed to search for a repeatable and scalable business model.</dd>\n" +
	"<dt>#dowork</dt>\n" +
	"<dd>Coined by Rob Dyrdek and his personal body guard Christopher \"Big Black\" Boykins, \"Do Work\" works as a self motivator, to motivating your friends.</dd>\n" +
	"<dt>Do It Live</dt>\n" +
	"<dd>I'll let Bill O'Reilly will <a title=\"We'll Do It Live\" href=\"https://www.youtube.com/watch?v=O_HyZ5aW76c\">explain</a> this one.</dd>\n" +
	"</dl>\n" +
	"<h2>Unordered Lists (Nested)</h2>\n" +
	"<ul>\n" +
	"<li>List item one\n" +
	"<ul>\n" +
	"<li>List item one\n" +
	"<ul>\n" +
	"<li>List item one</li>\n" +
	"<li>List item two</li>\n" +
	"<li>List item three</li>\n" +
	"<li>List item four</li>\n" +
	"</ul>\n" +
	"</li>\n" +
	"<li>List item two</li>\n" +
	"<li>List item three</li>\n" +
	"<li>List item four</li>\n" +
	"</ul>\n" +
	"</li>\n" +
	"<li>List item two</li>\n" +
	"<li>List item three</li>\n" +
	"<li>List item four</li>\n" +
	"</ul>\n" +
	"<h2>Ordered List (Nested)</h2>\n" +
	"<ol start=\"8\">\n" +
	"<li>List item one -start at 8\n" +
	"<ol>\n" +
	"<li>List item one\n" +
	"<ol reversed=\"reversed\">\n" +
	"<li>List item one -reversed attribute</li>\n" +
	"<li>List item two</li>\n" +
	"<li>List item three</li>\n" +
	"<li>List item four</li>\n" +
	"</ol>\n" +
	"</li>\n" +
	"<li>List item two</li>\n" +
	"<li>List item three</li>\n" +
	"<li>List item four</li>\n" +
	"</ol>\n" +
	"</li>\n" +
	"<li>List item two</li>\n" +
	"<li>List item three</li>\n" +
	"<li>List item four</li>\n" +
	"</ol>\n" +
	"<h2>HTML Tags</h2>\n" +
	"<p>These supported tags come from the WordPress.com code <a title=\"Code\" href=\"https://en.support.wordpress.com/code/\">FAQ</a>.</p>\n" +
	"<p><strong>Address Tag</strong></p>\n" +
	"<address>1 Infinite Loop<br />\n" +
	"Cupertino, CA 95014<br />\n" +
	"United States</address>\n" +
	"<p><strong>Anchor Tag (aka. Link)</strong></p>\n" +
	"<p>This is an example of a <a title=\"WordPress Foundation\" href=\"https://wordpressfoundation.org/\">link</a>.</p>\n" +
	"<p><strong>Abbreviation Tag</strong></p>\n" +
	"<p>The abbreviation <abbr title=\"Seriously\">srsly</abbr> stands for \"seriously\".</p>\n" +
	"<p><strong>Acronym Tag (<em>deprecated in HTML5</em>)</strong></p>\n" +
	"<p>The acronym <acronym title=\"For The Win\">ftw</acronym> stands for \"for the win\".</p>\n" +
	"<p><strong>Big Tag</strong> (<em>deprecated in HTML5</em>)</p>\n" +
	"<p>These tests are a <big>big</big> deal, but this tag is no longer supported in HTML5.</p>\n" +
	"<p><strong>Cite Tag</strong></p>\n" +
	"<p>\"Code is poetry.\" --<cite>Automattic</cite></p>\n" +
	"<p><strong>Code Tag</strong></p>\n" +
	"<p>This tag styles blocks of code.<br />\n" +
	"<code>.post-title {<br />\n" +
	"\tmargin: 0 0 5px;<br />\n" +
	"\tfont-weight: bold;<br />\n" +
	"\tfont-size: 38px;<br />\n" +
	"\tline-height: 1.2;<br />\n" +
	"\tand here's a line of some really, really, really, really long text, just to see how it is handled and to find out how it overflows;<br />\n" +
	"}</code><br />\n" +
	"You will learn later on in these tests that <code>word-wrap: break-word;</code> will be your best friend.</p>\n" +
	"<p><strong>Delete Tag</strong></p>\n" +
	"<p>This tag will let you <del cite=\"deleted it\">strike out text</del>, but this tag is <em>recommended</em> supported in HTML5 (use the <code>&lt;s&gt;</code> instead).</p>\n" +
	"<p><strong>Emphasize Tag</strong></p>\n" +
	"<p>The emphasize tag should <em>italicize</em> <i>text</i>.</p>\n" +
	"<p><strong>Horizontal Rule Tag</strong></p>\n" +
	"<hr />\n" +
	"<p>This sentence is following a <code>&lt;hr /&gt;</code> tag.</p>\n" +
	"<p><strong>Insert Tag</strong></p>\n" +
	"<p>This tag should denote <ins cite=\"inserted it\">inserted</ins> text.</p>\n" +
	"<p><strong>Keyboard Tag</strong></p>\n" +
	"<p>This scarcely known tag emulates <kbd>keyboard text</kbd>, which is usually styled like the <code>&lt;code&gt;</code> tag.</p>\n" +
	"<p><strong>Preformatted Tag</strong></p>\n" +
	"<p>This tag is for preserving whitespace as typed, such as in poetry or ASCII art.</p>\n" +
	"<h2>The Road Not Taken</h2>\n" +
	"<pre>\n" +
	"<cite>Robert Frost</cite>\n" +
	"\n" +
	"\n" +
	"\tTwo roads diverged in a yellow wood,\n" +
	"\tAnd sorry I could not travel both          (\\_/)\n" +
	"\tAnd be one traveler, long I stood         (='.'=)\n" +
	"\tAnd looked down one as far as I could     (\")_(\")\n" +
	"\tTo where it bent in the undergrowth;\n" +
	"\n" +
	"\tThen took the other, as just as fair,\n" +
	"\tAnd having perhaps the better claim,          |\\_/|\n" +
	"\tBecause it was grassy and wanted wear;       / @ @ \\\n" +
	"\tThough as for that the passing there        ( &gt; º &lt; )\n" +
	"\tHad worn them really about the same,         `&gt;&gt;x&lt;&lt;´\n" +
	"\t /  O  \\\n" +
	"\tAnd both that morning equally lay\n" +
	"\tIn leaves no step had trodden black.\n" +
	"\tOh, I kept the first for another day!\n" +
	"\tYet knowing how way leads on to way,\n" +
	"\tI doubted if I should ever come back.\n" +
	"\n" +
	"\tI shall be telling this with a sigh\n" +
	"\tSomewhere ages and ages hence:\n" +
	"\tTwo roads diverged in a wood, and I\u2014\n" +
	"\tI took the one less traveled by,\n" +
	"\tAnd that has made all the difference.\n" +
	"\n" +
	"\n" +
	"\tand here's a line of some really, really, really, really long text, just to see how it is handled and to find out how it overflows;\n" +
	"</pre>\n" +
	"<p><strong>Quote Tag</strong> for short, inline quotes</p>\n" +
	"<p><q>Developers, developers, developers...</q> --Steve Ballmer</p>\n" +
	"<p><strong>Strike Tag</strong> (<em>deprecated in HTML5</em>) and <strong>S Tag</strong></p>\n" +
	"<p>This tag shows <strike>strike-through</strike> <s>text</s>.</p>\n" +
	"<p><strong>Small Tag</strong></p>\n" +
	"<p>This tag shows <small>smaller<small> text.</small></small></p>\n" +
	"<p><strong>Strong Tag</strong></p>\n" +
	"<p>This tag shows <strong>bold<strong> text.</strong></strong></p>\n" +
	"<p><strong>Subscript Tag</strong></p>\n" +
	"<p>Getting our science styling on with H<sub>2</sub>O, which should push the \"2\" down.</p>\n" +
	"<p><strong>Superscript Tag</strong></p>\n" +
	"<p>Still sticking with science and Albert Einstein's E = MC<sup>2</sup>, which should lift the 2 up.</p>\n" +
	"<p><strong>Teletype Tag </strong>(<em>obsolete in HTML5</em>)</p>\n" +
	"<p>This rarely used tag emulates <tt>teletype text</tt>, which is usually styled like the <code>&lt;code&gt;</code> tag.</p>\n" +
	"<p><strong>Underline Tag</strong> <em>deprecated in HTML 4, re-introduced in HTML5 with other semantics</em></p>\n" +
	"<p>This tag shows <u>underlined text</u>.</p>\n" +
	"<p><strong>Variable Tag</strong></p>\n" +
	"<p>This allows you to denote <var>variables</var>.</p>\n"

// autopThemeCaptionsIn is the second half of the Theme Unit Test post
// "Markup: Image Alignment", the images with [caption].
const autopThemeCaptionsIn = "And just when you thought we were done, we're going to do them all over again with captions!\n" +
	"\n" +
	"[caption id=\"attachment_906\" align=\"aligncenter\" width=\"580\"]<img class=\"size-full wp-image-906  \" title=\"Image Alignment 580x300\" alt=\"Image Alignment 580x300\" src=\"https://wpthemetestdata.files.wordpress.com/2013/03/image-alignment-580x300.jpg\" width=\"580\" height=\"300\" /> Look at 580x300 getting some <a title=\"Image Settings\" href=\"https://en.support.wordpress.com/images/image-settings/\">caption</a> love.[/caption]\n" +
	"\n" +
	"The image above happens to be <em><strong>centered</strong></em>. The caption also has a link in it, just to see if it does anything funky.\n" +
	"\n" +
	"[caption id=\"attachment_904\" align=\"alignleft\" width=\"150\"]<img class=\"size-full wp-image-904  \" title=\"Image Alignment 150x150\" alt=\"Image Alignment 150x150\" src=\"https://wpthemetestdata.files.wordpress.com/2013/03/image-alignment-150x150.jpg\" width=\"150\" height=\"150\" /> Bigger caption than the image usually is.[/caption]\n" +
	"\n" +
	"The rest of this paragraph is filler for the sake of seeing the text wrap around the 150x150 image, which is <em><strong>left aligned</strong></em>. \n" +
	"\n" +
	"As you can see the should be some space above, below, and to the right of the image. The text should not be creeping on the image. Creeping is just not right. Images need breathing room too. Let them speak like you words. Let them do their jobs without any hassle from the text. In about one more sentence here, we'll see that the text moves from the right of the image down below the image in seamless transition. Again, letting the do it's thang. Mission accomplished!\n" +
	"\n" +
	"And now for a <em><strong>massively large image</strong></em>. It also has <em><strong>no alignment</strong></em>.\n" +
	"\n" +
	"[caption id=\"attachment_907\" align=\"alignnone\" width=\"1200\"]<img class=\" wp-image-907\" title=\"Image Alignment 1200x400\" alt=\"Image Alignment 1200x400\" src=\"https://wpthemetestdata.files.wordpress.com/2013/03/image-alignment-1200x4002.jpg\" width=\"1200\" height=\"400\" /> Comment for massive image for your eyeballs.[/caption]\n" +
	"\n" +
	"The image above, though 1200px wide, should not overflow the content area. It should remain contained with no visible disruption to the flow of content.\n" +
	"[caption id=\"attachment_907\" align=\"aligncenter\" width=\"1200\"]<img class=\" wp-image-907\" title=\"Image Alignment 1200x400\" alt=\"Image Alignment 1200x400\" src=\"https://wpthemetestdata.files.wordpress.com/2013/03/image-alignment-1200x4002.jpg\" width=\"1200\" height=\"400\" /> This massive image is centered.[/caption]\n" +
	"\n" +
	"And again with the big image centered. The image above, though 1200px wide, should not overflow the content area. It should remain contained with no visible disruption to the flow of content.\n" +
	"\n" +
	"[caption id=\"attachment_905\" align=\"alignright\" width=\"300\"]<img class=\"size-full wp-image-905 \" title=\"Image Alignment 300x200\" alt=\"Image Alignment 300x200\" src=\"https://wpthemetestdata.files.wordpress.com/2013/03/image-alignment-300x200.jpg\" width=\"300\" height=\"200\" /> Feels good to be right all the time.[/caption]\n" +
	"\n" +
	"And now we're going to shift things to the <em><strong>right align</strong></em>. Again, there should be plenty of room above, below, and to the left of the image. Just look at him there... Hey guy! Way to rock that right side. I don't care what the left aligned image says, you look great. Don't let anyone else tell you differently.\n" +
	"\n" +
	"In just a bit here, you should see the text start to wrap below the right aligned image and settle in nicely. There should still be plenty of room and everything should be sitting pretty. Yeah... Just like that. It never felt so good to be right.\n" +
	"\n" +
	"And that's a wrap, yo! You survived the tumultuous waters of alignment. Image alignment achievement unlocked! One last thing: The last item in this post's content is a thumbnail floated right. Make sure any elements after the content are clearing properly.\n" +
	"\n" +
	"<img class=\"alignright size-thumbnail wp-image-827\" title=\"Camera\" src=\"https://wpthemetestdata.files.wordpress.com/2010/08/manhattansummer.jpg\" alt=\"\" width=\"160\" />"

// autopThemeCaptionsOut is shortcode_unautop(wpautop()) of it, with
// caption registered.
const autopThemeCaptionsOut = "<p>And just when you thought we were done, we're going to do them all over again with captions!</p>\n" +
	"[caption id=\"attachment_906\" align=\"aligncenter\" width=\"580\"]<img class=\"size-full wp-image-906  \" title=\"Image Alignment 580x300\" alt=\"Image Alignment 580x300\" src=\"https://wpthemetestdata.files.wordpress.com/2013/03/image-alignment-580x300.jpg\" width=\"580\" height=\"300\" /> Look at 580x300 getting some <a title=\"Image Settings\" href=\"https://en.support.wordpress.com/images/image-settings/\">caption</a> love.[/caption]\n" +
	"<p>The image above happens to be <em><strong>centered</strong></em>. The caption also has a link in it, just to see if it does anything funky.</p>\n" +
	"[caption id=\"attachment_904\" align=\"alignleft\" width=\"150\"]<img class=\"size-full wp-image-904  \" title=\"Image Alignment 150x150\" alt=\"Image Alignment 150x150\" src=\"https://wpthemetestdata.files.wordpress.com/2013/03/image-alignment-150x150.jpg\" width=\"150\" height=\"150\" /> Bigger caption than the image usually is.[/caption]\n" +
	"<p>The rest of this paragraph is filler for the sake of seeing the text wrap around the 150x150 image, which is <em><strong>left aligned</strong></em>. </p>\n" +
	"<p>As you can see the should be some space above, below, and to the right of the image. The text should not be creeping on the image. Creeping is just not right. Images need breathing room too. Let them speak like you words. Let them do their jobs without any hassle from the text. In about one more sentence here, we'll see that the text moves from the right of the image down below the image in seamless transition. Again, letting the do it's thang. Mission accomplished!</p>\n" +
	"<p>And now for a <em><strong>massively large image</strong></em>. It also has <em><strong>no alignment</strong></em>.</p>\n" +
	"[caption id=\"attachment_907\" align=\"alignnone\" width=\"1200\"]<img class=\" wp-image-907\" title=\"Image Alignment 1200x400\" alt=\"Image Alignment 1200x400\" src=\"https://wpthemetestdata.files.wordpress.com/2013/03/image-alignment-1200x4002.jpg\" width=\"1200\" height=\"400\" /> Comment for massive image for your eyeballs.[/caption]\n" +
	"<p>The image above, though 1200px wide, should not overflow the content area. It should remain contained with no visible disruption to the flow of content.<br />\n" +
	"[caption id=\"attachment_907\" align=\"aligncenter\" width=\"1200\"]<img class=\" wp-image-907\" title=\"Image Alignment 1200x400\" alt=\"Image Alignment 1200x400\" src=\"https://wpthemetestdata.files.wordpress.com/2013/03/image-alignment-1200x4002.jpg\" width=\"1200\" height=\"400\" /> This massive image is centered.[/caption]</p>\n" +
	"<p>And again with the big image centered. The image above, though 1200px wide, should not overflow the content area. It should remain contained with no visible disruption to the flow of content.</p>\n" +
	"[caption id=\"attachment_905\" align=\"alignright\" width=\"300\"]<img class=\"size-full wp-image-905 \" title=\"Image Alignment 300x200\" alt=\"Image Alignment 300x200\" src=\"https://wpthemetestdata.files.wordpress.com/2013/03/image-alignment-300x200.jpg\" width=\"300\" height=\"200\" /> Feels good to be right all the time.[/caption]\n" +
	"<p>And now we're going to shift things to the <em><strong>right align</strong></em>. Again, there should be plenty of room above, below, and to the left of the image. Just look at him there... Hey guy! Way to rock that right side. I don't care what the left aligned image says, you look great. Don't let anyone else tell you differently.</p>\n" +
	"<p>In just a bit here, you should see the text start to wrap below the right aligned image and settle in nicely. There should still be plenty of room and everything should be sitting pretty. Yeah... Just like that. It never felt so good to be right.</p>\n" +
	"<p>And that's a wrap, yo! You survived the tumultuous waters of alignment. Image alignment achievement unlocked! One last thing: The last item in this post's content is a thumbnail floated right. Make sure any elements after the content are clearing properly.</p>\n" +
	"<p><img class=\"alignright size-thumbnail wp-image-827\" title=\"Camera\" src=\"https://wpthemetestdata.files.wordpress.com/2010/08/manhattansummer.jpg\" alt=\"\" width=\"160\" /></p>\n"

// TestAutopCloseUnclosedP checks the hand-written scan against the
// regexp it replaces, on random texts made of its pieces.
func TestAutopCloseUnclosedP(t *testing.T) {
	pieces := []string{"<p>", "</div>", "</address>", "</form>", "<", "a", " ", "\n", "<p", "</p>", "</DIV>", "<div>", "p>", "</form"}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 20000; n++ {
		var b strings.Builder
		for k := rng.IntN(12); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		in := b.String()
		want := autopUnclosedP.ReplaceAllString(in, "<p>${1}</p></${2}>")
		if got := autopCloseUnclosedP(in); got != want {
			t.Fatalf("autopCloseUnclosedP(%q) = %q, want %q", in, got, want)
		}
	}
}
