package epub

import (
	"bytes"
	"fmt"
	"github.com/communs/communs/internal/imagefmt"
	"image"
	_ "image/gif" // sizes of GIF images
	_ "image/jpeg"
	"image/png"
	"os"
	"path"
	"strings"

	_ "golang.org/x/image/bmp" // converted to PNG
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"
)

// picture is an image file made ready for the package: read, sniffed and,
// when EPUB readers would not show its format, converted to PNG. Pictures
// are cached by source path for the whole build.
type picture struct {
	data      []byte
	mediaType string
	ext       string // with the dot, of the packaged file
	w, h      int
	problem   string // why it cannot be packaged, as the end of a sentence
}

func loadPicture(abs string) *picture {
	data, err := os.ReadFile(abs)
	if err != nil {
		return &picture{problem: fmt.Sprintf("cannot be read for the EPUB: %v", err)}
	}
	pic := &picture{data: data}
	format := imagefmt.Sniff(data, abs)
	if format == "svg" && !bytes.Contains(data, []byte("<svg")) {
		format = "" // an .svg file that is not SVG text
	}
	switch format {
	case "png", "jpeg", "gif":
		pic.mediaType, pic.ext = "image/"+format, "."+format
		if format == "jpeg" {
			pic.ext = ".jpg"
		}
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			// A damaged file would make the EPUB invalid: left out.
			return &picture{problem: fmt.Sprintf("is a %s image that cannot be decoded (%v): the EPUB shows its description instead; export the image again", strings.ToUpper(format), err)}
		}
		pic.w, pic.h = cfg.Width, cfg.Height
	case "svg":
		pic.mediaType, pic.ext = "image/svg+xml", ".svg"
	case "webp", "bmp", "tiff":
		// Decoding holds every pixel: a small file can claim billions.
		if w, h, big := imagefmt.TooLargeToConvert(data); big {
			return &picture{problem: fmt.Sprintf("is a %s image of %d × %d pixels, too large to convert for the EPUB (at most %d million pixels): the EPUB shows its description instead; save it smaller, as PNG or JPEG", strings.ToUpper(format), w, h, imagefmt.MaxConvertPixels/1000000)}
		}
		img, _, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			return &picture{problem: fmt.Sprintf("is a %s image that cannot be decoded for the EPUB (%v): the EPUB shows its description instead; save it as PNG or JPEG", strings.ToUpper(format), err)}
		}
		var b bytes.Buffer
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		if err := enc.Encode(&b, img); err != nil {
			return &picture{problem: fmt.Sprintf("cannot be converted to PNG for the EPUB: %v", err)}
		}
		pic.data, pic.mediaType, pic.ext = b.Bytes(), "image/png", ".png"
		pic.w, pic.h = img.Bounds().Dx(), img.Bounds().Dy()
	case "avif", "heic":
		return &picture{problem: fmt.Sprintf("is an %s image, which EPUB readers do not show and communs cannot convert (it has no %s decoder): the EPUB shows its description instead; save it as PNG or JPEG too and use that file", strings.ToUpper(format), strings.ToUpper(format))}
	default:
		return &picture{problem: "is not in an image format EPUB readers show (PNG, JPEG, GIF, SVG, or WebP, BMP and TIFF, which communs converts): the EPUB shows its description instead"}
	}
	return pic
}

// packedImage is an image inside one EPUB.
type packedImage struct {
	id, href string
	pic      *picture
	cover    bool
}

// imageSet is the images of one EPUB, in the order first referenced.
type imageSet struct {
	byAbs map[string]*packedImage
	names map[string]bool
	list  []*packedImage
}

func newImageSet() *imageSet {
	return &imageSet{byAbs: map[string]*packedImage{}, names: map[string]bool{}}
}

// add puts a picture in the package under a readable, unique name.
func (s *imageSet) add(abs string, pic *picture) *packedImage {
	if im, ok := s.byAbs[abs]; ok {
		return im
	}
	base := safeName(strings.TrimSuffix(path.Base(strings.ReplaceAll(abs, "\\", "/")), path.Ext(abs)))
	name := "images/" + base + pic.ext
	for i := 2; s.names[name]; i++ {
		name = fmt.Sprintf("images/%s-%d%s", base, i, pic.ext)
	}
	s.names[name] = true
	im := &packedImage{id: fmt.Sprintf("img-%d", len(s.list)+1), href: name, pic: pic}
	s.byAbs[abs] = im
	s.list = append(s.list, im)
	return im
}

// safeName keeps the letters, digits, '-' and '_' of an ASCII file name,
// so that package paths need no escaping.
func safeName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	out := strings.Trim(b.String(), "-")
	if out == "" {
		out = "image"
	}
	return out
}
