package pdf

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/communs/communs/builders"
	"github.com/communs/communs/internal/typeset"
)

// imageSite writes a site with one article (formats = ["pdf"]) showing
// images in every way: an icon in the text, a photo in the text, WebP
// figures (lossy and with transparency), a GIF, an SVG.
func imageSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	write := func(name string, data []byte) {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("site.toml", []byte("title = \"Images\"\nbaseURL = \"https://example.org/\"\ndefaultLanguage = \"fr\"\nlicense = \"CC-BY-SA-4.0\"\n[languages.fr]\ntitle = \"Images\"\n"))
	bundle := "content/articles/images/"
	write(bundle+"index.md", []byte(`+++
title = "Des images"
date = 2026-01-01
formats = ["pdf"]
+++

Un paragraphe avec une icône ![icône](icon.png) au milieu du texte, puis la suite du texte qui continue encore un peu.

Une photo dans le texte ![Une photo](photo.webp) devient une figure après son paragraphe.

![Gopher](gopher.webp)

![Animation](anim.gif "Une animation")

![Un schéma du réseau](schema.svg)

Fin.
`))
	// A 32 × 16 icon.
	icon := image.NewNRGBA(image.Rect(0, 0, 32, 16))
	for i := range icon.Pix {
		icon.Pix[i] = 0x80
	}
	var b bytes.Buffer
	if err := png.Encode(&b, icon); err != nil {
		t.Fatal(err)
	}
	write(bundle+"icon.png", b.Bytes())
	for name, src := range map[string]string{"photo.webp": "blue-purple-pink.lossy.webp", "gopher.webp": "gopher-doc.with-alpha.lossless.webp"} {
		data, err := os.ReadFile(filepath.Join("testdata", src))
		if err != nil {
			t.Fatal(err)
		}
		write(bundle+name, data)
	}
	// A two-frame GIF with a transparent colour.
	pal := color.Palette{color.Transparent, color.RGBA{0xc0, 0x20, 0x20, 0xff}}
	var frames []*image.Paletted
	for k := 0; k < 2; k++ {
		f := image.NewPaletted(image.Rect(0, 0, 40, 30), pal)
		for y := 0; y < 30; y++ {
			for x := 0; x < 40; x++ {
				if (x+y+k)%3 == 0 {
					f.SetColorIndex(x, y, 1)
				}
			}
		}
		frames = append(frames, f)
	}
	b.Reset()
	if err := gif.EncodeAll(&b, &gif.GIF{Image: frames, Delay: []int{10, 10}}); err != nil {
		t.Fatal(err)
	}
	write(bundle+"anim.gif", b.Bytes())
	write(bundle+"schema.svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>`))
	return dir
}

func TestImages(t *testing.T) {
	c := load(t, imageSite(t))
	var p = c.Site.Langs["fr"].Pages[0]
	for _, q := range c.Site.Langs["fr"].Pages {
		if q.Title == "Des images" {
			p = q
		}
	}
	l, _, err := Layout(c, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	type placed struct {
		page int
		it   typeset.Item
	}
	images := map[string]placed{}
	var texts []placed
	for i, pg := range l.Pages {
		for _, it := range pg.Items {
			switch it.Kind {
			case typeset.ImageItem:
				images[it.Text] = placed{i, it}
			case typeset.TextItem:
				texts = append(texts, placed{i, it})
			}
		}
	}
	if len(images) != 4 {
		t.Errorf("%d images drawn, want 4: %v", len(images), images)
	}
	find := func(s string) (placed, bool) {
		for _, x := range texts {
			if strings.Contains(x.it.Text, s) {
				return x, true
			}
		}
		return placed{}, false
	}
	opts, _ := Settings(c, p)
	// The icon: in the line, as tall as the type.
	if ic, ok := images["icône"]; !ok || filepath.Base(ic.it.Image) != "icon.png" || ic.it.H > opts.FontSize+0.01 || ic.it.W > 2*opts.FontSize+0.01 {
		t.Errorf("icon: %+v", ic.it)
	} else if before, ok := find("[icône]"); ok {
		t.Errorf("the icon is shown as its description: %q", before.it.Text)
	}
	// The photo: a figure after its paragraph, converted to JPEG.
	ph, ok := images["Une photo"]
	if !ok {
		t.Fatal("the photo is not drawn")
	}
	checkConverted(t, ph.it.Image, "jpeg", 150, 100)
	if ph.it.H < 3*opts.FontSize {
		t.Errorf("the photo is %.1f pt high: set in the line?", ph.it.H)
	}
	if last, ok := find("paragraphe."); !ok || last.page > ph.page || last.page == ph.page && last.it.Y > ph.it.Y {
		t.Errorf("the photo is not after its paragraph: %+v, %+v", last, ph)
	}
	// WebP with transparency, GIF: PNG.
	if g, ok := images["Gopher"]; ok {
		checkConverted(t, g.it.Image, "png", 75, 100)
	} else {
		t.Error("the transparent WebP is not drawn")
	}
	if g, ok := images["Animation"]; ok {
		checkConverted(t, g.it.Image, "png", 40, 30)
	} else {
		t.Error("the GIF is not drawn")
	}
	// SVG: its description in a frame, and a warning at its line (15).
	if _, ok := find("schéma"); !ok {
		t.Error("the SVG's description is not shown")
	}
	warned := false
	for _, d := range c.Diags.Items() {
		if strings.Contains(d.Error(), "schema.svg") && strings.Contains(d.Error(), "SVG") && strings.Contains(d.Error(), "index.md:15:") {
			warned = true
		}
	}
	if !warned {
		t.Errorf("no warning at line 15 for the SVG image: %v", c.Diags.Items())
	}
	// gopdf embeds them all.
	data, err := Render(c, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	file := writeTemp(t, "images.pdf", data)
	if _, err := exec.LookPath("qpdf"); err == nil {
		run(t, "qpdf", "--check", file)
	}
	if _, err := exec.LookPath("pdfimages"); err == nil {
		out := run(t, "pdfimages", "-list", file)
		n := 0
		for _, line := range strings.Split(out, "\n") {
			if f := strings.Fields(line); len(f) > 2 && f[2] == "image" {
				n++
			}
		}
		if n != 4 {
			t.Errorf("%d images in the PDF, want 4:\n%s", n, out)
		}
	}
}

// checkConverted checks that an image for the PDF is a file of the given
// format and size.
func checkConverted(t *testing.T, path, format string, w, h int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Errorf("converted image: %v", err)
		return
	}
	defer f.Close()
	cfg, got, err := image.DecodeConfig(f)
	if err != nil || got != format || cfg.Width != w || cfg.Height != h {
		t.Errorf("%s: %s %d × %d (%v), want %s %d × %d", path, got, cfg.Width, cfg.Height, err, format, w, h)
	}
}

// TestFrontMatterStrings: the colophon's and the table of contents'
// wording comes from the interface strings, which a site may override.
func TestFrontMatterStrings(t *testing.T) {
	dir := imageSite(t)
	text := func(c *builders.Context) string {
		var p = c.Site.Langs["fr"].Pages[0]
		for _, q := range c.Site.Langs["fr"].Pages {
			if q.Title == "Des images" {
				p = q
			}
		}
		l, _, err := Layout(c, p, nil)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, pg := range l.Pages {
			for _, it := range pg.Items {
				if it.Kind == typeset.TextItem {
					b.WriteString(it.Text + " ")
				}
			}
		}
		return b.String()
	}
	got := text(load(t, dir))
	for _, want := range []string{"Composé", "Gentium", "licence", "En ligne"} {
		if !strings.Contains(got, want) {
			t.Errorf("no %q in the colophon: %s", want, got)
		}
	}
	// A build of its own: a build's context keeps the documents it set.
	c := load(t, dir)
	if err := c.Strings.Add("fr", "i18n/fr.toml", []byte("pdf_typeset = \"Mis en pages à la main.\"\nlicense_notice = \"Droits : {{ .License }}\"\n")); err != nil {
		t.Fatal(err)
	}
	got = text(c)
	for _, want := range []string{"main.", "Droits"} {
		if !strings.Contains(got, want) {
			t.Errorf("the site's strings are not used: no %q in %s", want, got)
		}
	}
}
