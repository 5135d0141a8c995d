package wordpress

import (
	"bytes"

	"github.com/BurntSushi/toml"
)

// frontMatter is an imported page's TOML front matter, keys in the order
// written.
type frontMatter struct {
	Title       string    `toml:"title"`
	Slug        string    `toml:"slug"`
	Date        any       `toml:"date,omitempty"`
	Lastmod     any       `toml:"lastmod,omitempty"`
	Draft       bool      `toml:"draft,omitempty"`
	URL         string    `toml:"url,omitempty"`
	Authors     []string  `toml:"authors,omitempty"`
	Categories  []string  `toml:"categories,omitempty"`
	Tags        []string  `toml:"tags,omitempty"`
	Description string    `toml:"description,omitempty"`
	Sticky      bool      `toml:"sticky,omitempty"`
	Weight      int       `toml:"weight,omitzero"`
	Cover       string    `toml:"cover,omitempty"`
	Aliases     []string  `toml:"aliases,omitempty"`
	WordPress   wpRecord  `toml:"wordpress"`
	Comments    []comment `toml:"comments,omitempty"`
}

// wpRecord is where the page came from in WordPress.
type wpRecord struct {
	ID             int    `toml:"id"`
	Type           string `toml:"type"`
	Status         string `toml:"status"`
	Link           string `toml:"link,omitempty"`
	Parent         int    `toml:"parent,omitzero"`
	Format         string `toml:"format,omitempty"`
	FeaturedImage  string `toml:"featuredImage,omitempty"`
	CommentsClosed *bool  `toml:"commentsClosed,omitempty"`
}

// comment is an approved comment, kept as an archive under its post.
type comment struct {
	ID     int    `toml:"id"`
	Parent int    `toml:"parent,omitzero"`
	Author string `toml:"author"`
	URL    string `toml:"url,omitempty"`
	Date   any    `toml:"date,omitempty"`
	Type   string `toml:"type,omitempty"` // "pingback", "trackback"; "" for a comment
	Text   string `toml:"text"`
}

// encode writes the front matter between +++ lines, then the body.
func (fm *frontMatter) encode(body string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("+++\n")
	enc := toml.NewEncoder(&b)
	enc.Indent = ""
	if err := enc.Encode(fm); err != nil {
		return nil, err
	}
	b.WriteString("+++\n\n")
	b.WriteString(body)
	return b.Bytes(), nil
}
