package imagefmt

import "testing"

func TestSniff(t *testing.T) {
	for _, c := range []struct {
		data, name, want string
	}{
		{"\x89PNG\r\n\x1a\nrest", "a.jpg", "png"},
		{"\xff\xd8\xff\xe0", "a.png", "jpeg"},
		{"GIF89a", "a", "gif"},
		{"RIFF\x00\x00\x00\x00WEBPVP8 ", "a.png", "webp"},
		{"BM....", "a.bmp", "bmp"},
		{"II*\x00", "a.tif", "tiff"},
		{"\x00\x00\x00\x1cftypavif", "a.avif", "avif"},
		{"\x00\x00\x00\x1cftypheic", "a.heic", "heic"},
		{"<svg xmlns=…>", "dessin.SVG", "svg"},
		{"plain text", "notes.txt", ""},
	} {
		if got := Sniff([]byte(c.data), c.name); got != c.want {
			t.Errorf("Sniff(%q, %q) = %q, want %q", c.data, c.name, got, c.want)
		}
	}
}
