package main

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// What the bench prints: a table per bench, then the targets.

func itoa(n int) string { return strconv.Itoa(n) }

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// thousands writes n with commas: 20,000.
func thousands(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func mib(kib int64) float64 { return float64(kib) / 1024 }

func duration(s float64) string {
	d := int(math.Round(s))
	if d < 60 {
		return fmt.Sprintf("%d s", d)
	}
	return fmt.Sprintf("%d min %02d s", d/60, d%60)
}

func printMachine(m Machine, env *Env) {
	fmt.Printf("\ncommuns bench · %d CPUs", m.NumCPU)
	if m.CPUModel != "" {
		fmt.Printf(" (%s)", m.CPUModel)
	}
	if m.MemoryKiB > 0 {
		fmt.Printf(" · %.1f GiB", float64(m.MemoryKiB)/(1<<20))
	}
	fmt.Printf(" · %s/%s %s · %s · communs %s", m.GOOS, m.GOARCH, m.Kernel, m.GoVersion, m.CommunsCommit)
	if m.CommunsDirty {
		fmt.Print(" with uncommitted changes")
	}
	fmt.Println()
	if len(m.LoadStart) == 3 {
		fmt.Printf("load average %s", loadString(m.LoadStart))
		if m.LoadStart[0] > float64(m.NumCPU)/2 {
			fmt.Printf(": the machine is busy, wall times are longer than on an idle one (CPU times less so)")
		}
		fmt.Println()
	}
	ver := func(name, v string) string {
		if why := env.missing[name]; why != "" {
			return name + " " + why
		}
		if v == "" {
			return name
		}
		return v
	}
	peers := []string{
		ver("hugo", m.HugoVersion),
		ver("pandoc", m.Peers["pandoc"]),
		ver("xelatex", m.Peers["xelatex"]),
		ver("pdfjam", "pdfjam "+m.Peers["pdfjam"]),
	}
	fmt.Printf("peers: %s\n", strings.Join(peers, " · "))
	if env.peers["xelatex"] != "" {
		if env.gentium {
			fmt.Printf("font for xelatex: %s (as communs' PDFs)\n", gentium)
		} else {
			fmt.Printf("font for xelatex: %s not installed (apt-get install fonts-sil-gentiumplus): xelatex's default\n", gentium)
		}
	}
}

// Site.

func printSiteHeader(o *options) {
	runs := "1 run"
	if o.runs > 1 {
		runs = fmt.Sprintf("median of %d runs", o.runs)
	}
	if o.warmup > 0 {
		runs += fmt.Sprintf(" after %s unmeasured", plural(o.warmup, "run"))
	}
	fmt.Printf("\nSite: HTML and feeds of the corpus copied to N page bundles, cold builds (%s)\n", runs)
	if o.wanted["communs"] {
		fmt.Printf("  then communs with --cache DIR: into an empty cache, again with nothing changed, then after a paragraph\n" +
			"  appended to one article (Hugo keeps no built pages between builds: cold builds only)\n")
	}
	fmt.Printf("  %7s  %-*s %7s %8s %8s %8s %9s %8s\n", "bundles", toolWidth, "tool", "pages", "wall s", "pages/s", "cpu s", "peak MiB", "out MiB")
}

// toolWidth is that of the site table's tool column: its longest label.
const toolWidth = 39

// label names the row of r in the site table.
func (r Result) label() string {
	if r.Cache != "" {
		return cacheLabels[r.Cache].site
	}
	return r.Tool
}

func printGenerated(g Generated) {
	fmt.Printf("  %7s  %-*s %7s  (%s Markdown pages, %.1f M words, %s images; generated in %.1f s)\n",
		thousands(int64(g.Bundles)), toolWidth, "input", "", thousands(int64(g.Stats.Pages)), float64(g.Stats.Words)/1e6,
		thousands(int64(g.Stats.Images)), g.Seconds)
}

func printResult(r Result) {
	head := fmt.Sprintf("  %7s  %-*s", thousands(int64(r.Bundles)), toolWidth, r.label())
	switch {
	case r.Skipped:
		fmt.Printf("%s skipped: %s\n", head, r.Error)
	case !r.OK:
		fmt.Printf("%s FAILED: %s\n", head, r.Error)
	default:
		redirects := ""
		if r.Redirects > 0 {
			redirects = fmt.Sprintf("  (%s of the pages are redirects)", thousands(int64(r.Redirects)))
		}
		fmt.Printf("%s %7s %8.2f %8s %8.2f %9.0f %8.1f%s\n", head, thousands(int64(r.Pages)), r.WallSeconds,
			thousands(int64(math.Round(r.PagesPerSecond))), r.CPUSeconds, mib(r.PeakRSSKiB), float64(r.OutputBytes)/(1<<20), redirects)
	}
}

func printRatio(ra Ratio) {
	fmt.Printf("  %7s  %-8s communs/%s (cold builds): wall %.2f×, cpu %.2f×, peak memory %.2f×\n",
		thousands(int64(ra.Bundles)), "ratio", ra.Against, ra.Wall, ra.CPU, ra.Memory)
}

// linearity compares, for each tool, the largest size with the one
// before it, cold builds only.
func linearity(results []Result) []Linearity {
	byTool := map[string][]Result{}
	var tools []string
	for _, r := range results {
		if !r.OK || r.Bench != "site" || r.Cache != "" {
			continue
		}
		if byTool[r.Tool] == nil {
			tools = append(tools, r.Tool)
		}
		byTool[r.Tool] = append(byTool[r.Tool], r)
	}
	var out []Linearity
	for _, t := range tools {
		rs := byTool[t]
		if len(rs) < 2 {
			continue
		}
		sort.Slice(rs, func(i, j int) bool { return rs[i].Bundles < rs[j].Bundles })
		a, b := rs[len(rs)-2], rs[len(rs)-1]
		per := func(v float64, n int) float64 { return v / float64(n) }
		l := Linearity{Tool: t, From: a.Bundles, To: b.Bundles,
			FromMsPerBundle: per(a.WallSeconds*1000, a.Bundles), ToMsPerBundle: per(b.WallSeconds*1000, b.Bundles),
			FromCPUMsBundle: per(a.CPUSeconds*1000, a.Bundles), ToCPUMsBundle: per(b.CPUSeconds*1000, b.Bundles),
			FromKiBPerBundle: per(float64(a.PeakRSSKiB), a.Bundles), ToKiBPerBundle: per(float64(b.PeakRSSKiB), b.Bundles)}
		l.Time = div(l.ToMsPerBundle, l.FromMsPerBundle)
		l.CPU = div(l.ToCPUMsBundle, l.FromCPUMsBundle)
		l.Memory = div(l.ToKiBPerBundle, l.FromKiBPerBundle)
		out = append(out, l)
	}
	return out
}

func printLinearity(ls []Linearity) {
	if len(ls) == 0 {
		return
	}
	fmt.Printf("\nLinearity, %s → %s bundles: cost per bundle at the larger size over the smaller (1.00× is linear growth; the target is ≤ 1.00×)\n",
		thousands(int64(ls[0].From)), thousands(int64(ls[0].To)))
	for _, l := range ls {
		fmt.Printf("  %-8s wall %.3f → %.3f ms/bundle (%.2f×)   cpu %.3f → %.3f ms/bundle (%.2f×)   peak memory %.0f → %.0f KiB/bundle (%.2f×)\n",
			l.Tool, l.FromMsPerBundle, l.ToMsPerBundle, l.Time, l.FromCPUMsBundle, l.ToCPUMsBundle, l.CPU,
			l.FromKiBPerBundle, l.ToKiBPerBundle, l.Memory)
	}
}

// Preview.

func printPreview(p *PreviewResult, o *options) {
	fmt.Printf("\nPreview: save → reload at %s bundles (server.MeasureEdits: %d atomic saves of each kind of edit of %s)\n",
		thousands(int64(p.Bundles)), o.saves, p.File)
	if !p.OK {
		fmt.Printf("  FAILED: %s\n", p.Error)
		return
	}
	hugo := map[string]PeerEdit{}
	for _, h := range p.Hugo {
		hugo[h.Edit] = h
	}
	fmt.Printf("  %-6s %-36s %-10s %-26s %s\n", "edit", "save → reload event", "→ served", "the rebuild itself", "hugo server: → served")
	for _, r := range p.Edits {
		kinds := map[string]int{}
		for _, m := range r.Modes {
			kinds[m]++
		}
		var ks []string
		for k, n := range kinds {
			ks = append(ks, fmt.Sprintf("%s ×%d", k, n))
		}
		sort.Strings(ks)
		served, peer := "–", "–"
		if r.ServedMedianMS > 0 {
			served = fmt.Sprintf("%.1f ms", r.ServedMedianMS)
		}
		if h, ok := hugo[r.Edit]; ok {
			peer = fmt.Sprintf("median %.1f ms, max %.1f ms", h.ServedMedianMS, h.ServedMaxMS)
		}
		fmt.Printf("  %-6s %-36s %-10s %-26s %s\n", r.Edit,
			fmt.Sprintf("median %.1f, p90 %.1f, max %.1f ms", r.MedianMS, r.P90MS, r.MaxMS), served,
			fmt.Sprintf("%.1f ms (%s)", r.BuildMS, strings.Join(ks, ", ")), peer)
	}
	if p.HugoError != "" {
		fmt.Printf("  hugo server: %s\n", p.HugoError)
	}
	r := p.Reload
	fmt.Printf("  first build %s ms (%s pages); the serving process: %.1f s cpu in all, %.0f MiB peak\n",
		thousands(int64(math.Round(r.FirstBuildMS))), thousands(int64(r.Pages)), p.Process.CPUSeconds, mib(p.Process.PeakRSSKiB))
	slowest := slowestEdit(p)
	fmt.Printf("  targets: a title edit under %d ms: %s; any edit under %d ms: %s (the slowest, %s: %.1f ms)\n",
		previewTargetMS, status(r.MedianMS < previewTargetMS), editTargetMS, status(slowest.MedianMS < editTargetMS), slowest.Edit, slowest.MedianMS)
}

// slowestEdit is the kind of edit whose median reload is the longest.
func slowestEdit(p *PreviewResult) ReloadOutput {
	var s ReloadOutput
	for _, e := range p.Edits {
		if e.MedianMS >= s.MedianMS {
			s = e
		}
	}
	return s
}

// Books.

func printBooksHeader(o *options) {
	sample := "a front page of the generator's"
	if o.sample != "" {
		sample = "the sample book " + o.sampleAs
	}
	fmt.Printf("\nBooks: %s grown with the corpus's articles (chapter bundles); a build makes its EPUB, reading PDF (A5) and A4 and Letter booklets\n", sample)
	fmt.Printf("  median of %s of communs and %s of each peer, on the same chapters\n", plural(o.bookRuns, "run"), plural(o.peerRuns, "run"))
}

var stageNames = []struct {
	names []string
	label string
}{
	{[]string{"load", "render"}, "load + render Markdown (shared)"},
	{[]string{"epub"}, "EPUB"},
	{[]string{"pdf"}, "reading PDF (A5)"},
	{[]string{"impose"}, "booklets (A4 and Letter, each typeset)"},
	{[]string{"html", "feed"}, "HTML + feeds"},
}

func printBook(r BookResult, o *options) {
	fmt.Printf("\n  %s: %s words, %d chapters, %d images", r.Label, thousands(r.Words), r.Chapters, r.Images)
	if r.PeerPages > 0 {
		fmt.Printf("; pandoc + xelatex's PDF: %d pages", r.PeerPages)
	}
	fmt.Println()
	fmt.Printf("    %-46s %8s %8s %9s   %s\n", "tool / step", "wall s", "cpu s", "peak MiB", "output")
	row := func(what string, m Measurement, out string) {
		mem := ""
		if m.PeakRSSKiB > 0 {
			mem = fmt.Sprintf("%.0f", mib(m.PeakRSSKiB))
		}
		fmt.Printf("    %-46s %8.2f %8.2f %9s   %s\n", what, m.WallSeconds, m.CPUSeconds, mem, out)
	}
	if r.CommunsError != "" {
		fmt.Printf("    communs build FAILED: %s\n", r.CommunsError)
	} else {
		var outs []string
		for _, f := range r.Outputs {
			outs = append(outs, fmt.Sprintf("%s %s KiB", f.Kind, thousands(f.Bytes>>10)))
		}
		row("communs build (whole command)", r.Communs, strings.Join(outs, ", "))
	}
	if r.StagesError != "" {
		fmt.Printf("    builder by builder FAILED: %s\n", r.StagesError)
	} else if len(r.Stages) > 0 {
		var books Measurement
		for _, s := range stageNames {
			st, ok := stage(r.Stages, s.names...)
			if !ok {
				continue
			}
			row("  · "+s.label, Measurement{WallSeconds: st.WallSeconds, CPUSeconds: st.CPUSeconds}, "")
			if s.names[0] == "epub" || s.names[0] == "pdf" || s.names[0] == "impose" {
				books.WallSeconds += st.WallSeconds
				books.CPUSeconds += st.CPUSeconds
			}
		}
		row("  = EPUB + PDF + booklets (the three builders)", books, "")
		row("  in one process, builder by builder (total)", r.StagesRun, "")
	}
	if c := r.Cache; c != nil {
		for _, mode := range cacheModes {
			m, ok := c.Median[mode]
			if !ok {
				continue
			}
			out := ""
			if mode == "edit" {
				out = "a paragraph appended to " + c.EditedFile
			}
			row(cacheLabels[mode].book, m, out)
		}
		if c.Error != "" {
			fmt.Printf("    communs build with --cache FAILED: %s\n", c.Error)
		}
	}
	var peers Measurement
	allPeers := true
	labels := map[string]string{"epub": "pandoc → EPUB", "pdf": "pandoc + xelatex → A5 PDF", "a4-booklet": "pdfjam → A4 booklet of that PDF", "letter-booklet": "pdfjam → Letter booklet of that PDF"}
	for _, p := range r.Peers {
		label := labels[p.Output]
		switch {
		case p.Skipped:
			fmt.Printf("    %-46s %s\n", label, p.Error)
			allPeers = false
		case !p.OK:
			fmt.Printf("    %-46s FAILED: %s\n", label, firstLines(p.Error, 12))
			allPeers = false
		default:
			note := fmt.Sprintf("%s KiB", thousands(p.Bytes>>10))
			if p.Note != "" {
				note += "; " + p.Note
			}
			row(label, p.Run, note)
			peers.WallSeconds += p.Run.WallSeconds
			peers.CPUSeconds += p.Run.CPUSeconds
			peers.PeakRSSKiB = max(peers.PeakRSSKiB, p.Run.PeakRSSKiB)
		}
	}
	if allPeers && len(r.Peers) > 0 {
		row("peers together", peers, "")
	}
	var parts []string
	for _, ra := range r.Ratios {
		name := map[string]string{"epub": "EPUB", "pdf": "PDF", "booklets": "booklets", "all": "all (whole command)"}[ra.Output]
		parts = append(parts, fmt.Sprintf("%s %.3f× (%.0f× faster, %.0f× less cpu)", name, ra.Wall, ra.TimesFaster, ra.CPUTimesLess))
	}
	if len(parts) > 0 {
		fmt.Printf("    communs/peer, wall: %s\n", strings.Join(parts, " · "))
	} else {
		fmt.Printf("    communs/peer: no ratio (a peer is missing or failed)\n")
	}
}

func firstLines(s string, n int) string {
	lines := strings.Split(s, "\n")
	if len(lines) > n {
		lines = append(lines[:n], "    …")
	}
	return strings.Join(lines, "\n")
}

// Targets.

func status(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT MET"
}

// targets checks the goals against the report.
func targets(r *Report) []Target {
	var out []Target
	add := func(what string, v float64, unit, goal string, ok, measured bool, why string) {
		t := Target{What: what, Measured: v, Unit: unit, Goal: goal, Status: status(ok)}
		if !measured {
			t.Status = "not measured (" + why + ")"
		}
		out = append(out, t)
	}
	note := func(format string, args ...any) { out[len(out)-1].Note = fmt.Sprintf(format, args...) }
	// The site at 5,000 bundles against Hugo.
	var site *Ratio
	for i, ra := range r.Ratios {
		if ra.Bench == "site" && ra.Bundles == 5000 && ra.Against == "hugo" {
			site = &r.Ratios[i]
		}
	}
	if site != nil {
		add("site, 5,000 bundles: wall time, communs/Hugo", site.Wall, "×", "≤ 0.50×", site.Wall <= 0.5, true, "")
		note("cpu %.2f×", site.CPU)
		add("site, 5,000 bundles: peak memory, communs/Hugo", site.Memory, "×", "≤ 0.50×", site.Memory <= 0.5, true, "")
	} else {
		add("site, 5,000 bundles: wall time, communs/Hugo", 0, "×", "≤ 0.50×", false, false, "needs -sizes with 5000, and hugo")
		add("site, 5,000 bundles: peak memory, communs/Hugo", 0, "×", "≤ 0.50×", false, false, "needs -sizes with 5000, and hugo")
	}
	// The Hugo docs site against Hugo, when that bench ran (issue 8's
	// bounds, on a site Hugo reads as it is).
	if hd := r.HugoDocs; hd != nil {
		var ra *Ratio
		for i := range r.Ratios {
			if r.Ratios[i].Bench == "hugodocs" && r.Ratios[i].Against == "hugo" {
				ra = &r.Ratios[i]
			}
		}
		what := fmt.Sprintf("Hugo docs site, %s pages", thousands(int64(hd.Pages)))
		if ra != nil {
			add(what+": wall time, communs/Hugo", ra.Wall, "×", "≤ 0.50×", ra.Wall <= 0.5, true, "")
			note("cpu %.2f×", ra.CPU)
			add(what+": peak memory, communs/Hugo", ra.Memory, "×", "≤ 0.50×", ra.Memory <= 0.5, true, "")
		} else {
			add(what+": communs/Hugo", 0, "×", "≤ 0.50×", false, false, "needs hugo, and both builds to succeed")
		}
	}
	// Linear growth.
	var lin *Linearity
	for i, l := range r.Linearity {
		if l.Tool == "communs" {
			lin = &r.Linearity[i]
		}
	}
	if lin != nil {
		span := fmt.Sprintf("%s vs %s bundles", thousands(int64(lin.To)), thousands(int64(lin.From)))
		add(span+": wall time per bundle", lin.Time, "×", "≤ 1.00×", lin.Time <= 1, true, "")
		note("cpu %.2f×", lin.CPU)
		add(span+": peak memory per bundle", lin.Memory, "×", "≤ 1.00×", lin.Memory <= 1, true, "")
	} else {
		add("20,000 vs 5,000 bundles: time and memory per bundle", 0, "×", "≤ 1.00×", false, false, "needs two sizes, e.g. -sizes 5000,20000")
	}
	// The longest book.
	var book *BookResult
	for i := range r.Books {
		if book == nil || r.Books[i].Words > book.Words {
			book = &r.Books[i]
		}
	}
	if book != nil && book.CommunsError == "" && book.Communs.WallSeconds > 0 {
		add(fmt.Sprintf("book of %s: EPUB + PDF + both booklets (whole build)", book.Label), book.Communs.WallSeconds, "s", "< 1 s", book.Communs.WallSeconds < 1, true, "")
		note("cpu %.2f s", book.Communs.CPUSeconds)
		if st, ok := stage(book.Stages, "epub", "pdf", "impose"); ok {
			note("cpu %.2f s; the three builders alone %.2f s wall, %.2f s cpu", book.Communs.CPUSeconds, st.WallSeconds, st.CPUSeconds)
		}
		if book.Pages > 0 && book.Pages < 300 {
			note("%s; the target is for a 400-page book", out[len(out)-1].Note)
		}
		var all *BookRatio
		for i, ra := range book.Ratios {
			if ra.Output == "all" {
				all = &book.Ratios[i]
			}
		}
		if all != nil {
			add(fmt.Sprintf("book of %s: times faster than pandoc + xelatex + pdfjam", book.Label), all.TimesFaster, "×", "≥ 30×", all.TimesFaster >= 30, true, "")
			note("%.1f s against %.2f s; cpu %.0f× less", all.PeerWall, all.CommunsWall, all.CPUTimesLess)
			if book.Pages > 0 && book.Pages < 300 {
				note("%s; the target is for a 400-page book", out[len(out)-1].Note)
			}
		} else {
			add("book: times faster than pandoc + xelatex + pdfjam", 0, "×", "≥ 30×", false, false, "a peer is missing or failed")
		}
	} else {
		add("400-page book: EPUB + PDF + both booklets", 0, "s", "< 1 s", false, false, "no book measured")
	}
	// The preview.
	if p := r.Preview; p != nil && p.OK {
		add(fmt.Sprintf("preview, %s bundles: save → reload (median)", thousands(int64(p.Bundles))), p.Reload.MedianMS, "ms", "< 100 ms", p.Reload.MedianMS < previewTargetMS, true, "")
		note("a title edit; p90 %.1f ms, max %.1f ms", p.Reload.P90MS, p.Reload.MaxMS)
		s := slowestEdit(p)
		add(fmt.Sprintf("preview, %s bundles: slowest edit, save → reload (issue 17)", thousands(int64(p.Bundles))), s.MedianMS, "ms", "< 150 ms", s.MedianMS < editTargetMS, true, "")
		note("a %s edit, of body, title, tags, date, image; p90 %.1f ms", s.Edit, s.P90MS)
	} else {
		why := "not run"
		if p != nil {
			why = "failed"
		}
		add("preview: save → reload (median)", 0, "ms", "< 100 ms", false, false, why)
	}
	// The WordPress import (issue 18: seconds, not minutes).
	if im := r.Import; im != nil && im.OK {
		add(fmt.Sprintf("import of a WordPress export of %s posts", thousands(int64(im.Posts))), im.First.WallSeconds, "s", "< 10 s", im.First.WallSeconds < im.TargetS, true, "")
		note("cpu %.2f s, %.0f MiB peak, %d media files; the same import again %.2f s", im.First.CPUSeconds, mib(im.First.PeakRSSKiB), im.Media, im.Again.WallSeconds)
	} else {
		why := "not run"
		if im != nil {
			why = "failed"
		}
		add("import of a WordPress export", 0, "s", "< 10 s", false, false, why)
	}
	return out
}

func printTargets(ts []Target, notes []string) {
	fmt.Printf("\nTargets of issue 8\n")
	for _, t := range ts {
		v := ""
		if !strings.HasPrefix(t.Status, "not measured") {
			switch t.Unit {
			case "×":
				if t.Measured >= 10 {
					v = fmt.Sprintf("%.1f×", t.Measured)
				} else {
					v = fmt.Sprintf("%.2f×", t.Measured)
				}
			case "s":
				v = fmt.Sprintf("%.2f s", t.Measured)
			case "ms":
				v = fmt.Sprintf("%.1f ms", t.Measured)
			}
		}
		line := fmt.Sprintf("  %-66s %9s   %-9s %-7s", t.What, v, t.Goal, t.Status)
		if t.Note != "" {
			line += "  (" + t.Note + ")"
		}
		fmt.Println(strings.TrimRight(line, " "))
	}
	for _, n := range notes {
		fmt.Println("  " + n)
	}
}
