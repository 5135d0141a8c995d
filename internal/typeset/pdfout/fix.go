package pdfout

import (
	"bytes"
	"compress/zlib"
	"crypto/md5"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf16"
)

// pdfObj is an object of gopdf's output: its number and the text between
// "N 0 obj" and "endobj".
type pdfObj struct {
	num  int
	body []byte
}

var (
	xrefRE    = regexp.MustCompile(`startxref\s+(\d+)\s+%%EOF\s*$`)
	objHeadRE = regexp.MustCompile(`^(\d+) 0 obj\s`)
	bfrangeRE = regexp.MustCompile(`<([0-9A-Fa-f]{4})><([0-9A-Fa-f]{4})><([0-9A-Fa-f]+)>`)
	kidsRE    = regexp.MustCompile(`/Kids\s*\[([^\]]*)\]`)
	refRE     = regexp.MustCompile(`(\d+) 0 R`)
	contentRE = regexp.MustCompile(`/Contents\s+(\d+) 0 R`)
)

// fix rewrites gopdf's output (see the package comment).
// own gives each page's own content stream, a compressed stream object
// (it waits for them): it follows gopdf's on the page, which is dropped
// when empty.
func fix(in []byte, meta Meta, outline []outlineItem, fontNames []string, own func() [][]byte) ([]byte, error) {
	objs, err := splitObjects(in)
	if err != nil {
		return nil, fmt.Errorf("reading gopdf's output: %w", err)
	}
	byNum := map[int]*pdfObj{}
	for i := range objs {
		byNum[objs[i].num] = &objs[i]
	}
	next := 0
	for _, o := range objs {
		next = max(next, o.num+1)
	}
	for i := range objs {
		if _, data, ok := bytes.Cut(objs[i].body, []byte("stream\n")); ok && bytes.HasPrefix(data, []byte("/CIDInit /ProcSet findresource")) {
			objs[i].body = fixToUnicode(objs[i].body)
		}
	}
	// Subset fonts are named with a tag (ABCDEF+Name), as PDF readers
	// expect; gopdf gives them the bare name. The tag is a hash of the
	// name and the glyphs used: the same input, the same tag.
	// Font names are in dictionaries, not in the streams that follow
	// them: only objects that name a font are looked at.
	var named []int
	for i := range objs {
		if d := dictPart(objs[i].body); bytes.Contains(d, []byte("/BaseFont /")) || bytes.Contains(d, []byte("/FontName /")) {
			named = append(named, i)
		}
	}
	for _, name := range fontNames {
		tag := subsetTag(name, objs, named)
		for _, i := range named {
			for _, key := range []string{"/BaseFont /", "/FontName /"} {
				if bytes.Contains(dictPart(objs[i].body), []byte(key+name+"\n")) {
					objs[i].body = bytes.ReplaceAll(objs[i].body, []byte(key+name+"\n"), []byte(key+tag+"+"+name+"\n"))
				}
			}
		}
	}
	// Pages in order, from the page tree (object 2).
	var pages []int
	if pt := byNum[2]; pt != nil {
		if m := kidsRE.FindSubmatch(pt.body); m != nil {
			for _, r := range refRE.FindAllSubmatch(m[1], -1) {
				n, _ := strconv.Atoi(string(r[1]))
				pages = append(pages, n)
			}
		}
	}
	var extra []pdfObj
	addBytes := func(body []byte) int {
		n := next
		next++
		extra = append(extra, pdfObj{num: n, body: body})
		return n
	}
	add := func(body string) int { return addBytes([]byte(body)) }
	// Page contents: gopdf's (images), then this package's.
	streams := own()
	if len(pages) != len(streams) {
		return nil, fmt.Errorf("%d pages in gopdf's output, %d drawn", len(pages), len(streams))
	}
	dropped := map[int]bool{}
	for i, num := range pages {
		pg := byNum[num]
		if pg == nil {
			return nil, fmt.Errorf("page %d: no object %d", i+1, num)
		}
		m := contentRE.FindSubmatchIndex(pg.body)
		if m == nil {
			return nil, fmt.Errorf("page %d has no content stream", i+1)
		}
		n, _ := strconv.Atoi(string(pg.body[m[2]:m[3]]))
		c := byNum[n]
		if c == nil {
			return nil, fmt.Errorf("page %d: no content object %d", i+1, n)
		}
		data, err := streamData(c.body)
		if err != nil {
			return nil, fmt.Errorf("page %d: %w", i+1, err)
		}
		mine := addBytes(streams[i])
		contents := fmt.Sprintf("/Contents %d 0 R", mine)
		if string(bytes.TrimSpace(data)) == "q\nQ" {
			dropped[n] = true // gopdf drew nothing
		} else {
			c.body = compressedStream(data)
			contents = fmt.Sprintf("/Contents [%d 0 R %d 0 R]", n, mine)
		}
		pg.body = append(append(append([]byte{}, pg.body[:m[0]]...), contents...), pg.body[m[1]:]...)
	}
	// Catalog.
	cat := byNum[1]
	if cat == nil || !bytes.Contains(cat.body, []byte("/Type /Catalog")) {
		return nil, errors.New("gopdf's output has no catalog as object 1")
	}
	var catAdd strings.Builder
	if meta.Lang != "" {
		fmt.Fprintf(&catAdd, "  /Lang %s\n", pdfString(meta.Lang))
	}
	catAdd.WriteString("  /ViewerPreferences << /DisplayDocTitle true >>\n")
	if len(outline) > 0 && len(pages) > 0 {
		set := func(num int, body string) {
			for i := range extra {
				if extra[i].num == num {
					extra[i].body = []byte(body)
				}
			}
		}
		root := writeOutline(outline, pages, add, set)
		fmt.Fprintf(&catAdd, "  /Outlines %d 0 R\n  /PageMode /UseOutlines\n", root)
	}
	end := bytes.LastIndex(cat.body, []byte(">>"))
	cat.body = append(append(append([]byte{}, cat.body[:end]...), catAdd.String()...), cat.body[end:]...)
	// Information dictionary.
	var info strings.Builder
	info.WriteString("<<\n")
	field := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&info, "/%s %s\n", k, pdfString(v))
		}
	}
	field("Title", meta.Title)
	field("Author", meta.Author)
	field("Subject", meta.Subject)
	field("Keywords", strings.Join(meta.Keywords, ", "))
	field("Creator", meta.Creator)
	field("Producer", meta.Producer)
	if !meta.Date.IsZero() {
		d := pdfDate(meta.Date)
		fmt.Fprintf(&info, "/CreationDate (%s)\n/ModDate (%s)\n", d, d)
	}
	info.WriteString(">>\n")
	infoNum := add(info.String())
	objs = append(objs, extra...)
	// Write it all again.
	var out bytes.Buffer
	size := 4096
	for _, o := range objs {
		size += len(o.body) + 32
	}
	out.Grow(size)
	out.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make(map[int]int, len(objs))
	for _, o := range objs {
		if dropped[o.num] {
			continue // a free entry in the cross-reference table
		}
		offsets[o.num] = out.Len()
		fmt.Fprintf(&out, "%d 0 obj\n", o.num)
		out.Write(o.body)
		if len(o.body) > 0 && o.body[len(o.body)-1] != '\n' {
			out.WriteByte('\n')
		}
		out.WriteString("endobj\n")
	}
	xref := out.Len()
	fmt.Fprintf(&out, "xref\n0 %d\n0000000000 65535 f \n", next)
	for n := 1; n < next; n++ {
		if off, ok := offsets[n]; ok {
			fmt.Fprintf(&out, "%010d 00000 n \n", off)
		} else {
			out.WriteString("0000000000 65535 f \n")
		}
	}
	sum := md5.Sum(out.Bytes())
	fmt.Fprintf(&out, "trailer\n<<\n/Size %d\n/Root 1 0 R\n/Info %d 0 R\n/ID [<%x> <%x>]\n>>\nstartxref\n%d\n%%%%EOF\n", next, infoNum, sum, sum, xref)
	return out.Bytes(), nil
}

// splitObjects reads gopdf's objects through its cross-reference table.
func splitObjects(in []byte) ([]pdfObj, error) {
	m := xrefRE.FindSubmatch(in)
	if m == nil {
		return nil, errors.New("no startxref")
	}
	xref, _ := strconv.Atoi(string(m[1]))
	if xref <= 0 || xref >= len(in) || !bytes.HasPrefix(in[xref:], []byte("xref")) {
		return nil, errors.New("bad startxref")
	}
	lines := strings.Split(string(in[xref:]), "\n")
	if len(lines) < 3 {
		return nil, errors.New("short xref")
	}
	var start, count int
	if _, err := fmt.Sscanf(lines[1], "%d %d", &start, &count); err != nil {
		return nil, fmt.Errorf("xref: %w", err)
	}
	var offs []int
	for i := 1; i < count; i++ {
		f := strings.Fields(lines[2+i])
		if len(f) < 3 {
			return nil, errors.New("bad xref line")
		}
		off, _ := strconv.Atoi(f[0])
		offs = append(offs, off)
	}
	var objs []pdfObj
	for i, off := range offs {
		end := xref
		if i+1 < len(offs) {
			end = offs[i+1]
		}
		if off >= end || end > len(in) {
			return nil, errors.New("objects out of order")
		}
		chunk := in[off:end]
		h := objHeadRE.FindSubmatch(chunk)
		if h == nil {
			return nil, fmt.Errorf("no object at offset %d", off)
		}
		num, _ := strconv.Atoi(string(h[1]))
		body := chunk[len(h[0]):]
		e := bytes.LastIndex(body, []byte("endobj"))
		if e < 0 {
			return nil, fmt.Errorf("object %d has no endobj", num)
		}
		objs = append(objs, pdfObj{num: num, body: body[:e]})
	}
	return objs, nil
}

// zlibWriters are BestSpeed compressors, reused: each takes about 1 MB.
var zlibWriters = sync.Pool{New: func() any {
	w, _ := zlib.NewWriterLevel(nil, zlib.BestSpeed)
	return w
}}

// streamData is the data of a stream gopdf wrote without a filter
// ("<<\n/Length N\n>>\nstream\n" and N bytes).
func streamData(body []byte) ([]byte, error) {
	const head = "<<\n/Length "
	if !bytes.HasPrefix(body, []byte(head)) {
		return nil, errors.New("unexpected content stream")
	}
	rest := body[len(head):]
	i := bytes.Index(rest, []byte("\n>>\nstream\n"))
	if i < 0 {
		return nil, errors.New("unexpected content stream")
	}
	n, err := strconv.Atoi(string(rest[:i]))
	data := rest[i+len("\n>>\nstream\n"):]
	if err != nil || n < 0 || n > len(data) {
		return nil, errors.New("bad content stream length")
	}
	return data[:n], nil
}

// compressedStream is a stream object of data, compressed with a pooled
// writer straight into the object, whose length is written once known
// (padded with spaces: no copy).
func compressedStream(data []byte) []byte {
	const (
		head  = "<<\n/Length           \n/Filter /FlateDecode\n>>\nstream\n"
		tail  = "\nendstream\n"
		digit = len("<<\n/Length ")
	)
	var b bytes.Buffer
	b.Grow(len(head) + len(data)/2 + len(tail) + 64)
	b.WriteString(head)
	w := zlibWriters.Get().(*zlib.Writer)
	w.Reset(&b)
	w.Write(data)
	w.Close()
	zlibWriters.Put(w)
	n := b.Len() - len(head)
	b.WriteString(tail)
	out := b.Bytes()
	copy(out[digit:], strconv.Itoa(n))
	return out
}

// fixToUnicode rewrites a ToUnicode CMap: UTF-16 (surrogate pairs beyond
// the BMP), bfchar blocks of at most 100 entries, compressed (at the
// fastest level: a new compressor at the best one cost a millisecond a
// font).
func fixToUnicode(body []byte) []byte {
	type pair struct {
		gid string
		u   string
	}
	var pairs []pair
	lowGID, highGID := "FFFF", "0000"
	for _, m := range bfrangeRE.FindAllSubmatch(body, -1) {
		lo, hi := string(m[1]), string(m[2])
		if lo != hi {
			continue // gopdf writes one glyph per range
		}
		cp, err := strconv.ParseUint(string(m[3]), 16, 32)
		if err != nil {
			continue
		}
		var u strings.Builder
		for _, c := range utf16.Encode([]rune{rune(cp)}) {
			fmt.Fprintf(&u, "%04X", c)
		}
		pairs = append(pairs, pair{strings.ToUpper(lo), u.String()})
		if strings.ToUpper(lo) < lowGID {
			lowGID = strings.ToUpper(lo)
		}
		if strings.ToUpper(lo) > highGID {
			highGID = strings.ToUpper(lo)
		}
	}
	var cm strings.Builder
	cm.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n")
	cm.WriteString("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for i := 0; i < len(pairs); i += 100 {
		j := min(i+100, len(pairs))
		fmt.Fprintf(&cm, "%d beginbfchar\n", j-i)
		for _, p := range pairs[i:j] {
			fmt.Fprintf(&cm, "<%s> <%s>\n", p.gid, p.u)
		}
		cm.WriteString("endbfchar\n")
	}
	cm.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n")
	var z bytes.Buffer
	w := zlibWriters.Get().(*zlib.Writer)
	w.Reset(&z)
	w.Write([]byte(cm.String()))
	w.Close()
	zlibWriters.Put(w)
	var out bytes.Buffer
	fmt.Fprintf(&out, "<<\n/Length %d\n/Filter /FlateDecode\n>>\nstream\n", z.Len())
	out.Write(z.Bytes())
	out.WriteString("\nendstream\n")
	return out.Bytes()
}

// writeOutline adds the outline's objects and returns its root's number.
func writeOutline(items []outlineItem, pages []int, add func(string) int, set func(int, string)) int {
	type node struct {
		it       outlineItem
		num      int
		parent   *node
		children []*node
	}
	root := &node{it: outlineItem{level: 0}}
	stack := []*node{root}
	var all []*node
	for _, it := range items {
		if it.page < 0 || it.page >= len(pages) {
			continue
		}
		for len(stack) > 1 && stack[len(stack)-1].it.level >= it.level {
			stack = stack[:len(stack)-1]
		}
		n := &node{it: it, parent: stack[len(stack)-1]}
		n.parent.children = append(n.parent.children, n)
		stack = append(stack, n)
		all = append(all, n)
	}
	// Object numbers are taken in a first pass so that nodes can refer to
	// each other; bodies are filled in the second.
	reserve := func() int { return add("") }
	root.num = reserve()
	for _, n := range all {
		n.num = reserve()
	}
	var count func(n *node) int
	count = func(n *node) int {
		c := len(n.children)
		for _, ch := range n.children {
			c += count(ch)
		}
		return c
	}
	bodies := map[int]string{}
	rb := fmt.Sprintf("<<\n/Type /Outlines\n/Count %d\n", count(root))
	if len(root.children) > 0 {
		rb += fmt.Sprintf("/First %d 0 R\n/Last %d 0 R\n", root.children[0].num, root.children[len(root.children)-1].num)
	}
	bodies[root.num] = rb + ">>\n"
	for _, n := range all {
		var b strings.Builder
		fmt.Fprintf(&b, "<<\n/Title %s\n/Parent %d 0 R\n", pdfString(n.it.title), n.parent.num)
		sib := n.parent.children
		for i, s := range sib {
			if s != n {
				continue
			}
			if i > 0 {
				fmt.Fprintf(&b, "/Prev %d 0 R\n", sib[i-1].num)
			}
			if i+1 < len(sib) {
				fmt.Fprintf(&b, "/Next %d 0 R\n", sib[i+1].num)
			}
		}
		if len(n.children) > 0 {
			// Chapters open, their sections folded.
			c := count(n)
			if n.it.level > 1 {
				c = -c
			}
			fmt.Fprintf(&b, "/First %d 0 R\n/Last %d 0 R\n/Count %d\n", n.children[0].num, n.children[len(n.children)-1].num, c)
		}
		fmt.Fprintf(&b, "/Dest [%d 0 R /XYZ null %.2f null]\n>>\n", pages[n.it.page], n.it.h-n.it.y)
		bodies[n.num] = b.String()
	}
	for num, b := range bodies {
		set(num, b)
	}
	return root.num
}

// pdfString encodes a text string: PDFDocEncoding-compatible ASCII as a
// literal, anything else as UTF-16BE with a byte order mark.
func pdfString(s string) string {
	ascii := true
	for _, r := range s {
		if r < 0x20 || r > 0x7e {
			ascii = false
			break
		}
	}
	if ascii {
		r := strings.NewReplacer(`\`, `\\`, `(`, `\(`, `)`, `\)`)
		return "(" + r.Replace(s) + ")"
	}
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, c := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", c)
	}
	b.WriteString(">")
	return b.String()
}

func pdfDate(t interface {
	Format(string) string
}) string {
	s := t.Format("20060102150405-07'00'")
	s = strings.Replace(s, "+00'00'", "Z", 1)
	s = strings.Replace(s, "-00'00'", "Z", 1)
	return "D:" + s
}

// dictPart is an object without its stream, if it has one (gopdf writes
// a stream's dictionary in its first lines).
func dictPart(body []byte) []byte {
	if i := bytes.Index(body[:min(len(body), 1024)], []byte("stream\n")); i >= 0 {
		return body[:i]
	}
	return body
}

// subsetTag makes the six capital letters of a subset font's name.
func subsetTag(name string, objs []pdfObj, named []int) string {
	h := md5.New()
	h.Write([]byte(name))
	for _, i := range named {
		o := objs[i]
		// The CID font, a dictionary: its widths list the glyphs.
		if d := dictPart(o.body); len(d) == len(o.body) && bytes.Contains(d, []byte("/BaseFont /"+name+"\n")) && bytes.Contains(d, []byte("/W [")) {
			h.Write(o.body)
		}
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag)
}
