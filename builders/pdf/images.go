package pdf

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"github.com/communs/communs/internal/imagefmt"
	"image"
	"image/draw"
	_ "image/gif" // decoded and embedded as PNG
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync"

	_ "golang.org/x/image/bmp" // decoded and embedded as PNG
	_ "golang.org/x/image/tiff"
	_ "golang.org/x/image/webp"

	"github.com/communs/communs/internal/typeset"
)

// The PDF writer (gopdf) embeds PNG and JPEG files. Images in other
// formats it cannot read (WebP, GIF, BMP, TIFF) are decoded and written
// once as PNG, or as JPEG for a lossy WebP photo, in a folder of the
// system's temporary directory, named by a hash of their content (so two
// builds embed the same bytes); gopdf then reads that file.
// TODO(pdfout): with an Item field for image bytes (gopdf.ImageHolderByBytes)
// the converted images would need no file.

// imageCache is the converted images of the process, by source file
// (path, size and time).
var imageCache sync.Map // string → typeset.ImageFile

// imageDir is where converted images are written.
func imageDir() string { return filepath.Join(os.TempDir(), "communs-pdf-images") }

// imageFile reads an image of a page for the PDF: its size, and a PNG or
// JPEG file to embed; ok is false when there is no such file.
func imageFile(abs string) (typeset.ImageFile, bool) {
	st, err := os.Stat(abs)
	if err != nil || st.IsDir() {
		return typeset.ImageFile{}, false
	}
	key := fmt.Sprintf("%s\x00%d\x00%d", abs, st.Size(), st.ModTime().UnixNano())
	if v, ok := imageCache.Load(key); ok {
		fi := v.(typeset.ImageFile)
		if fi.Path == abs {
			return fi, true
		}
		if _, err := os.Stat(fi.Path); err == nil || fi.Path == "" {
			return fi, true
		}
		// The converted file was removed (a long-running communs serve):
		// convert again.
	}
	fi := loadImage(abs)
	imageCache.Store(key, fi)
	return fi, true
}

func loadImage(abs string) typeset.ImageFile {
	data, err := os.ReadFile(abs)
	if err != nil {
		return typeset.ImageFile{Problem: fmt.Sprintf("cannot be read (%v)", err)}
	}
	format := imagefmt.Sniff(data, abs)
	switch format {
	case "png", "jpeg":
		cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil {
			return typeset.ImageFile{Problem: fmt.Sprintf("cannot be decoded (%v)", err)}
		}
		return typeset.ImageFile{Path: abs, Width: cfg.Width, Height: cfg.Height}
	case "gif", "webp", "bmp", "tiff":
		if w, h, big := imagefmt.TooLargeToConvert(data); big {
			return typeset.ImageFile{Problem: fmt.Sprintf("is a %s image of %d × %d pixels, too large to convert (at most %d million pixels); save it smaller, as PNG or JPEG", strings.ToUpper(format), w, h, imagefmt.MaxConvertPixels/1000000)}
		}
		img, _, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			return typeset.ImageFile{Problem: fmt.Sprintf("is a %s image that cannot be decoded (%v); save it as PNG or JPEG", strings.ToUpper(format), err)}
		}
		path, err := convert(img, data)
		if err != nil {
			return typeset.ImageFile{Problem: fmt.Sprintf("is a %s image that cannot be converted for the PDF (%v)", strings.ToUpper(format), err)}
		}
		b := img.Bounds()
		return typeset.ImageFile{Path: path, Width: b.Dx(), Height: b.Dy()}
	case "svg":
		return typeset.ImageFile{Problem: "is an SVG image, which the PDF cannot draw (save it as PNG too and use that file)"}
	}
	return typeset.ImageFile{Problem: "is not in an image format the PDF can show (PNG, JPEG, or GIF, WebP, BMP and TIFF, which communs converts)"}
}

// convert writes a decoded image as JPEG (a lossy WebP: a photo, without
// transparency) or PNG, under a name made of a hash of the source bytes.
func convert(img image.Image, src []byte) (string, error) {
	sum := sha256.Sum256(src)
	ext := ".png"
	if _, ok := img.(*image.YCbCr); ok {
		ext = ".jpg"
	}
	path := filepath.Join(imageDir(), hex.EncodeToString(sum[:16])+ext)
	if _, err := os.Stat(path); err == nil {
		return path, nil
	}
	var b bytes.Buffer
	if ext == ".jpg" {
		if err := jpeg.Encode(&b, img, &jpeg.Options{Quality: 90}); err != nil {
			return "", err
		}
	} else {
		// Paletted images (GIF) become NRGBA: gopdf reads transparency
		// from an alpha channel, not from a palette.
		if _, ok := img.(*image.NRGBA); !ok {
			n := image.NewNRGBA(img.Bounds())
			draw.Draw(n, n.Bounds(), img, img.Bounds().Min, draw.Src)
			img = n
		}
		enc := png.Encoder{CompressionLevel: png.BestSpeed}
		if err := enc.Encode(&b, img); err != nil {
			return "", err
		}
	}
	if err := os.MkdirAll(imageDir(), 0o755); err != nil {
		return "", err
	}
	// Written aside, then renamed: builds in parallel may convert the
	// same image.
	tmp, err := os.CreateTemp(imageDir(), "tmp-*")
	if err != nil {
		return "", err
	}
	if _, err := tmp.Write(b.Bytes()); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	return path, nil
}
