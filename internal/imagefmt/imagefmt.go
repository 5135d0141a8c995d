// Package imagefmt names an image file's format from its first bytes,
// whatever its extension says, for the builders that convert images
// (EPUB, PDF).
package imagefmt

import (
	"bytes"
	"image"
	"path/filepath"
	"strings"
)

// MaxConvertPixels bounds the images the builders decode to convert them
// (WebP, TIFF, BMP, GIF): decoding holds every pixel, and a file of a few
// kilobytes can claim billions. 50 million pixels take 200 MB to hold.
const MaxConvertPixels = 50_000_000

// TooLargeToConvert tells, from its header alone, whether an image has
// more than MaxConvertPixels, and its size. The decoders of the formats
// are those the caller registered (image.RegisterFormat).
func TooLargeToConvert(data []byte) (w, h int, tooLarge bool) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return 0, 0, false // decoding says what is wrong
	}
	return cfg.Width, cfg.Height, int64(cfg.Width)*int64(cfg.Height) > MaxConvertPixels
}

// Sniff returns png, jpeg, gif, webp, bmp, tiff, avif, heic, svg (from the
// extension: SVG has no magic number), or "" when it cannot tell.
func Sniff(b []byte, name string) string {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return "png"
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		return "jpeg"
	case bytes.HasPrefix(b, []byte("GIF87a")), bytes.HasPrefix(b, []byte("GIF89a")):
		return "gif"
	case len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "webp"
	case bytes.HasPrefix(b, []byte("BM")):
		return "bmp"
	case bytes.HasPrefix(b, []byte("II*\x00")), bytes.HasPrefix(b, []byte("MM\x00*")):
		return "tiff"
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		switch string(b[8:12]) {
		case "avif", "avis":
			return "avif"
		case "heic", "heix", "mif1", "msf1":
			return "heic"
		}
	}
	switch strings.ToLower(filepath.Ext(name)) {
	case ".svg", ".svgz":
		return "svg"
	}
	return ""
}
