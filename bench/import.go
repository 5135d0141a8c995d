package main

// The import bench: a WordPress export of N posts made of the corpus's
// articles (their HTML as a blog holds it, their images in uploads/),
// imported by `communs import wordpress`, then imported again (nothing
// changed: every file is compared, none written).

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/communs/communs/internal/wordpress"
)

// ImportResult is the import bench's figures.
type ImportResult struct {
	Posts      int         `json:"posts"`
	Media      int         `json:"media_files"`
	ExportMiB  float64     `json:"export_mib"`
	First      Measurement `json:"first"` // into an empty site
	Again      Measurement `json:"again"` // the same export again: nothing to write
	PostsPerS  float64     `json:"posts_per_second"`
	TargetS    float64     `json:"target_s"`
	OK         bool        `json:"ok"`
	Error      string      `json:"error,omitempty"`
	ExportFile string      `json:"-"`
}

var markdownImage = regexp.MustCompile(`!\[[^\]]*\]\(([^)\s]+)`)

// runImport writes the export and measures the imports.
func runImport(env *Env, o *options) *ImportResult {
	r := &ImportResult{Posts: o.importPosts, TargetS: 10}
	fail := func(err error) *ImportResult {
		r.Error = err.Error()
		return r
	}
	if env.communsErr != nil {
		return fail(fmt.Errorf("no communs binary: %v", env.communsErr))
	}
	dir := filepath.Join(env.WorkDir, "import")
	media := filepath.Join(dir, "uploads")
	site := filepath.Join(dir, "site")
	if err := os.MkdirAll(site, 0o755); err != nil {
		return fail(err)
	}
	arts, err := filepath.Glob(filepath.Join(o.corpus, "content", "articles", "*", "index.fr.md"))
	if err != nil || len(arts) == 0 {
		return fail(fmt.Errorf("no French articles in %s", o.corpus))
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote))
	type article struct {
		title, html string
	}
	var articles []article
	for i, file := range arts {
		data, err := os.ReadFile(file)
		if err != nil {
			return fail(err)
		}
		text := string(data)
		title := "Article"
		if _, rest, ok := strings.Cut(text, "+++\n"); ok {
			front, body, _ := strings.Cut(rest, "\n+++\n")
			text = body
			for _, l := range strings.Split(front, "\n") {
				if v, ok := strings.CutPrefix(l, "title = "); ok {
					title = strings.Trim(v, `"`)
				}
			}
		}
		// Its images, uploaded in a month of their own.
		month := fmt.Sprintf("2020/%02d", i%12+1)
		for _, m := range markdownImage.FindAllStringSubmatch(text, -1) {
			name := m[1]
			if strings.Contains(name, "/") {
				continue
			}
			src := filepath.Join(filepath.Dir(file), name)
			dst := filepath.Join(media, filepath.FromSlash(month), name)
			if err := copyFile(src, dst); err != nil {
				continue
			}
			r.Media++
			text = strings.ReplaceAll(text, "("+name, "(https://blog.example.fr/wp-content/uploads/"+month+"/"+name)
		}
		var b bytes.Buffer
		if err := md.Convert([]byte(text), &b); err != nil {
			return fail(err)
		}
		articles = append(articles, article{title, b.String()})
	}
	ch := wordpress.ExportChannel{Title: "Le blog", Link: "https://blog.example.fr", Language: "fr-FR",
		Authors: []wordpress.Author{{Login: "redaction", DisplayName: "La rédaction"}}}
	posts := make([]wordpress.ExportPost, 0, o.importPosts)
	start := time.Date(2010, 1, 1, 9, 0, 0, 0, time.UTC)
	for i := 0; i < o.importPosts; i++ {
		a := articles[i%len(articles)]
		d := start.Add(time.Duration(i) * 13 * time.Hour)
		slug := fmt.Sprintf("billet-%d", i+1)
		posts = append(posts, wordpress.ExportPost{ID: i + 1, Title: fmt.Sprintf("%s (%d)", a.title, i+1), Name: slug,
			Link: "https://blog.example.fr" + d.Format("/2006/01/02/") + slug + "/", Date: d.Format("2006-01-02 15:04:05"),
			DateGMT: d.Format("2006-01-02 15:04:05"), Author: "redaction", Content: a.html,
			Tags: [][2]string{{"libre", "libre"}, {fmt.Sprintf("t%d", i%40), fmt.Sprintf("thème %d", i%40)}}})
	}
	export := filepath.Join(dir, "export.xml")
	var b bytes.Buffer
	if err := wordpress.WriteWXR(&b, ch, posts); err != nil {
		return fail(err)
	}
	if err := os.WriteFile(export, b.Bytes(), 0o644); err != nil {
		return fail(err)
	}
	r.ExportMiB = float64(b.Len()) / (1 << 20)
	r.First, err = measure(exec.Command(env.communs, "import", "wordpress", "--source", site, "--media", media, export))
	if err != nil {
		return fail(err)
	}
	r.Again, err = measure(exec.Command(env.communs, "import", "wordpress", "--source", site, "--media", media, export))
	if err != nil {
		return fail(err)
	}
	r.PostsPerS = float64(r.Posts) / r.First.WallSeconds
	r.OK = true
	return r
}

func copyFile(src, dst string) error {
	data, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	return os.WriteFile(dst, data, 0o644)
}

func printImport(r *ImportResult) {
	fmt.Printf("\nImport of a WordPress export (communs import wordpress)\n")
	if !r.OK {
		fmt.Printf("  FAILED: %s\n", r.Error)
		return
	}
	fmt.Printf("  %s posts from the corpus's articles, %d media files, export %.1f MiB\n", thousands(int64(r.Posts)), r.Media, r.ExportMiB)
	fmt.Printf("  into an empty site:   %6.2f s wall, %6.2f s cpu, %6.0f MiB peak, %s posts/s\n", r.First.WallSeconds, r.First.CPUSeconds, mib(r.First.PeakRSSKiB), thousands(int64(r.PostsPerS)))
	fmt.Printf("  again, nothing new:   %6.2f s wall, %6.2f s cpu, %6.0f MiB peak\n", r.Again.WallSeconds, r.Again.CPUSeconds, mib(r.Again.PeakRSSKiB))
}
