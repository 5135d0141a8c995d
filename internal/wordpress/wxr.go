// Package wordpress reads a WordPress export (WXR, the "WordPress eXtended
// RSS" file of Tools → Export) and turns its posts, pages, terms, media and
// comments into communs page bundles.
package wordpress

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
	"time"
)

// Export is what a WXR file holds, in file order.
type Export struct {
	Title       string
	Link        string // the blog's address (channel <link>)
	Description string
	Language    string // as written: "fr-FR", "en-US", "en"
	Version     string // wxr_version: 1.0, 1.1, 1.2
	BaseSiteURL string
	BaseBlogURL string

	Authors    []Author
	Categories []Term
	Tags       []Term
	Items      []*Item

	// StrippedControls counts the control characters replaced by spaces
	// before parsing: WordPress exports them from pasted text, XML forbids
	// them.
	StrippedControls int
}

// Author is a wp:author of the channel.
type Author struct {
	Login       string `xml:"author_login"`
	Email       string `xml:"author_email"`
	DisplayName string `xml:"author_display_name"`
	FirstName   string `xml:"author_first_name"`
	LastName    string `xml:"author_last_name"`
}

// Term is a wp:category or wp:tag of the channel.
type Term struct {
	ID     int
	Slug   string // nicename
	Name   string
	Parent string // the parent's slug, for categories
}

// Item is a post, a page, an attachment, a menu item… of any type.
type Item struct {
	Line        int // where its <item> starts, for messages
	Title       string
	Link        string
	GUID        string
	Creator     string // the author's login
	Content     string
	Excerpt     string
	ID          int
	Date        string // post_date, local, "2006-01-02 15:04:05"
	DateGMT     string
	Modified    string
	ModifiedGMT string
	Name        string // post_name, percent-encoded as WordPress stores it
	Status      string
	Parent      int
	MenuOrder   int
	Type        string
	Password    string
	Sticky      bool
	CommentsOn  bool
	URL         string // attachment_url
	Terms       []ItemTerm
	Meta        map[string]string
	Comments    []Comment
}

// ItemTerm is a category, tag or other term an item is filed under.
type ItemTerm struct {
	Domain string // "category", "post_tag", "post_format"…
	Slug   string
	Name   string
}

// Comment is a wp:comment of an item.
type Comment struct {
	ID        int
	Author    string
	Email     string
	AuthorURL string
	Date      string
	DateGMT   string
	Content   string
	Approved  string // "1", "0", "spam", "trash"
	Type      string // "", "comment", "pingback", "trackback"
	Parent    int
}

// rawItem is an <item> as encoding/xml decodes it. Names without a
// namespace match any: WXR's wp namespace is http(s)://wordpress.org/export/1.x/.
type rawItem struct {
	Title       string       `xml:"title"`
	Link        string       `xml:"link"`
	GUID        string       `xml:"guid"`
	Creator     string       `xml:"creator"`
	Encoded     []nsText     `xml:"encoded"`
	ID          string       `xml:"post_id"`
	Date        string       `xml:"post_date"`
	DateGMT     string       `xml:"post_date_gmt"`
	Modified    string       `xml:"post_modified"`
	ModifiedGMT string       `xml:"post_modified_gmt"`
	Name        string       `xml:"post_name"`
	Status      string       `xml:"status"`
	Parent      string       `xml:"post_parent"`
	MenuOrder   string       `xml:"menu_order"`
	Type        string       `xml:"post_type"`
	Password    string       `xml:"post_password"`
	Sticky      string       `xml:"is_sticky"`
	CommentOpen string       `xml:"comment_status"`
	URL         string       `xml:"attachment_url"`
	Categories  []rawTerm    `xml:"category"`
	Meta        []rawMeta    `xml:"postmeta"`
	Comments    []rawComment `xml:"comment"`
}

type nsText struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
}

type rawTerm struct {
	Domain   string `xml:"domain,attr"`
	Nicename string `xml:"nicename,attr"`
	Name     string `xml:",chardata"`
}

type rawMeta struct {
	Key   string `xml:"meta_key"`
	Value string `xml:"meta_value"`
}

type rawComment struct {
	ID        string `xml:"comment_id"`
	Author    string `xml:"comment_author"`
	Email     string `xml:"comment_author_email"`
	AuthorURL string `xml:"comment_author_url"`
	Date      string `xml:"comment_date"`
	DateGMT   string `xml:"comment_date_gmt"`
	Content   string `xml:"comment_content"`
	Approved  string `xml:"comment_approved"`
	Type      string `xml:"comment_type"`
	Parent    string `xml:"comment_parent"`
}

type rawCategory struct {
	ID       string `xml:"term_id"`
	Nicename string `xml:"category_nicename"`
	Parent   string `xml:"category_parent"`
	Name     string `xml:"cat_name"`
}

type rawTag struct {
	ID   string `xml:"term_id"`
	Slug string `xml:"tag_slug"`
	Name string `xml:"tag_name"`
}

// SyntaxError is an export that is not well-formed XML, or not WXR.
type SyntaxError struct {
	Line int
	Msg  string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
}

// Parse reads a whole WXR file. A file that is not well-formed (truncated,
// a tag left open) is a *SyntaxError with its line.
func Parse(r io.Reader) (*Export, error) {
	clean := &controlStripper{r: bufio.NewReaderSize(r, 64<<10)}
	dec := xml.NewDecoder(clean)
	dec.Strict = true
	dec.CharsetReader = charsetReader
	exp := &Export{}
	var path []string // local names of the open elements
	sawRSS, sawChannel := false, false
	for {
		line, _ := dec.InputPos()
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, syntaxError(err, line)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := t.Name.Local
			inChannel := len(path) == 2 && path[0] == "rss" && path[1] == "channel"
			switch {
			case len(path) == 0:
				if name != "rss" {
					return nil, &SyntaxError{Line: line, Msg: fmt.Sprintf("<%s> is not a WordPress export: WXR files start with <rss>; export the site again with Tools → Export in WordPress", name)}
				}
				sawRSS = true
			case len(path) == 1 && name == "channel":
				sawChannel = true
			case inChannel && name == "item":
				var raw rawItem
				if err := dec.DecodeElement(&raw, &t); err != nil {
					return nil, syntaxError(err, line)
				}
				exp.Items = append(exp.Items, raw.item(line))
				continue
			case inChannel && isWP(t.Name) && name == "author":
				var a Author
				if err := dec.DecodeElement(&a, &t); err != nil {
					return nil, syntaxError(err, line)
				}
				a.Login, a.DisplayName = strings.TrimSpace(a.Login), strings.TrimSpace(a.DisplayName)
				exp.Authors = append(exp.Authors, a)
				continue
			case inChannel && isWP(t.Name) && name == "category":
				var c rawCategory
				if err := dec.DecodeElement(&c, &t); err != nil {
					return nil, syntaxError(err, line)
				}
				exp.Categories = append(exp.Categories, Term{ID: atoi(c.ID), Slug: strings.TrimSpace(c.Nicename), Name: termName(c.Name), Parent: strings.TrimSpace(c.Parent)})
				continue
			case inChannel && isWP(t.Name) && name == "tag":
				var c rawTag
				if err := dec.DecodeElement(&c, &t); err != nil {
					return nil, syntaxError(err, line)
				}
				exp.Tags = append(exp.Tags, Term{ID: atoi(c.ID), Slug: strings.TrimSpace(c.Slug), Name: termName(c.Name)})
				continue
			case inChannel:
				var s string
				if err := dec.DecodeElement(&s, &t); err != nil {
					return nil, syntaxError(err, line)
				}
				s = strings.TrimSpace(s)
				switch {
				case name == "title" && t.Name.Space == "":
					exp.Title = s
				case name == "link" && t.Name.Space == "":
					exp.Link = s
				case name == "description" && t.Name.Space == "":
					exp.Description = s
				case name == "language":
					exp.Language = s
				case name == "wxr_version":
					exp.Version = s
				case name == "base_site_url":
					exp.BaseSiteURL = s
				case name == "base_blog_url":
					exp.BaseBlogURL = s
				}
				continue
			}
			path = append(path, name)
		case xml.EndElement:
			if len(path) > 0 {
				path = path[:len(path)-1]
			}
		}
	}
	if !sawRSS || !sawChannel {
		line, _ := dec.InputPos()
		return nil, &SyntaxError{Line: line, Msg: "no <rss><channel>: this is not a WordPress export"}
	}
	if exp.Version == "" {
		line, _ := dec.InputPos()
		return nil, &SyntaxError{Line: line, Msg: "no <wp:wxr_version>: this RSS feed is not a WordPress export (Tools → Export writes one)"}
	}
	exp.StrippedControls = clean.stripped
	return exp, nil
}

func isWP(n xml.Name) bool {
	return strings.Contains(n.Space, "wordpress.org/export/")
}

// syntaxError gives err the line it happened on.
func syntaxError(err error, line int) error {
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg := se.Msg
		switch {
		case msg == "unexpected EOF":
			msg = "the file ends inside an element: the export is truncated (export it again, or check the download finished)"
		case strings.Contains(msg, "invalid UTF-8"):
			msg += ": the export is not UTF-8 throughout (old posts in another encoding?); fix the text at this line, or convert the file (iconv -f WINDOWS-1252 -t UTF-8 when it is all Latin-1)"
		}
		return &SyntaxError{Line: se.Line, Msg: msg}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return &SyntaxError{Line: line, Msg: "the file ends inside an element: the export is truncated"}
	}
	return &SyntaxError{Line: line, Msg: err.Error()}
}

func charsetReader(label string, r io.Reader) (io.Reader, error) {
	switch strings.ToLower(label) {
	case "utf-8", "utf8", "us-ascii", "ascii":
		return r, nil
	}
	return nil, fmt.Errorf("encoding %q: communs reads UTF-8 exports only (WordPress writes UTF-8 unless the blog's charset was changed; convert the file with iconv -f %s -t UTF-8)", label, label)
}

func (raw *rawItem) item(line int) *Item {
	it := &Item{
		Line:        line,
		Title:       strings.TrimSpace(raw.Title),
		Link:        strings.TrimSpace(raw.Link),
		GUID:        strings.TrimSpace(raw.GUID),
		Creator:     strings.TrimSpace(raw.Creator),
		ID:          atoi(raw.ID),
		Date:        strings.TrimSpace(raw.Date),
		DateGMT:     strings.TrimSpace(raw.DateGMT),
		Modified:    strings.TrimSpace(raw.Modified),
		ModifiedGMT: strings.TrimSpace(raw.ModifiedGMT),
		Name:        strings.TrimSpace(raw.Name),
		Status:      strings.TrimSpace(raw.Status),
		Parent:      atoi(raw.Parent),
		MenuOrder:   atoi(raw.MenuOrder),
		Type:        strings.TrimSpace(raw.Type),
		Password:    raw.Password,
		Sticky:      strings.TrimSpace(raw.Sticky) == "1",
		CommentsOn:  strings.TrimSpace(raw.CommentOpen) == "open",
		URL:         strings.TrimSpace(raw.URL),
		Meta:        map[string]string{},
	}
	for _, e := range raw.Encoded {
		switch {
		case strings.Contains(e.XMLName.Space, "excerpt"):
			it.Excerpt = e.Text
		default:
			it.Content = e.Text
		}
	}
	for _, c := range raw.Categories {
		it.Terms = append(it.Terms, ItemTerm{Domain: c.Domain, Slug: strings.TrimSpace(c.Nicename), Name: termName(c.Name)})
	}
	for _, m := range raw.Meta {
		it.Meta[strings.TrimSpace(m.Key)] = m.Value
	}
	for _, c := range raw.Comments {
		it.Comments = append(it.Comments, Comment{
			ID: atoi(c.ID), Author: strings.TrimSpace(c.Author), Email: strings.TrimSpace(c.Email),
			AuthorURL: strings.TrimSpace(c.AuthorURL), Date: strings.TrimSpace(c.Date), DateGMT: strings.TrimSpace(c.DateGMT),
			Content: c.Content, Approved: strings.TrimSpace(c.Approved), Type: strings.TrimSpace(c.Type), Parent: atoi(c.Parent),
		})
	}
	return it
}

// termName is a category or tag name as text: WordPress stores "&" as
// "&amp;" in them.
func termName(s string) string {
	return strings.TrimSpace(html.UnescapeString(s))
}

func atoi(s string) int {
	n, _ := strconv.Atoi(strings.TrimSpace(s))
	return n
}

// wpTime reads a WordPress date ("2006-01-02 15:04:05"); the zero date
// WordPress writes for drafts ("0000-00-00 00:00:00") is ok=false.
func wpTime(s string, loc *time.Location) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "0000-00-00") {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation("2006-01-02 15:04:05", s, loc)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// controlStripper replaces by spaces the C0 control characters XML 1.0 forbids (all
// but tab, newline and carriage return), which WordPress exports as they
// were pasted into posts, and which would stop the decoder.
type controlStripper struct {
	r        *bufio.Reader
	stripped int
}

func (c *controlStripper) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	w := 0
	for i := 0; i < n; i++ {
		b := p[i]
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' {
			// A space: "Pasted\vtext" keeps two words.
			c.stripped++
			b = ' '
		}
		p[w] = b
		w++
	}
	return w, err
}
