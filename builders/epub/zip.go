package epub

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"sync"
	"time"
)

// file is one entry of the container, in the order written.
type file struct {
	name  string
	data  []byte
	store bool // no compression (mimetype, images already compressed)
}

var flatePool = sync.Pool{New: func() any {
	w, _ := flate.NewWriter(io.Discard, flate.BestSpeed)
	return w
}}

// writeZip writes the entries in order with fixed timestamps, no extra
// fields and no data descriptors: the same entries give the same bytes.
func writeZip(w io.Writer, files []file, mod time.Time) error {
	zw := zip.NewWriter(w)
	date, tm := dosTime(mod)
	var buf bytes.Buffer
	for _, f := range files {
		fh := &zip.FileHeader{
			Name:               f.name,
			Method:             zip.Deflate,
			CRC32:              crc32.ChecksumIEEE(f.data),
			UncompressedSize64: uint64(len(f.data)),
			ModifiedDate:       date,
			ModifiedTime:       tm,
			CreatorVersion:     20,
			ReaderVersion:      20,
		}
		body := f.data
		if !f.store {
			buf.Reset()
			fw := flatePool.Get().(*flate.Writer)
			fw.Reset(&buf)
			if _, err := fw.Write(f.data); err != nil {
				return err
			}
			if err := fw.Close(); err != nil {
				return err
			}
			flatePool.Put(fw)
			if buf.Len() < len(f.data) {
				body = buf.Bytes()
			} else {
				f.store = true
			}
		}
		if f.store {
			fh.Method = zip.Store
			body = f.data
		}
		fh.CompressedSize64 = uint64(len(body))
		out, err := zw.CreateRaw(fh)
		if err != nil {
			return err
		}
		if _, err := out.Write(body); err != nil {
			return err
		}
	}
	return zw.Close()
}

// dosTime is t in the MS-DOS format of zip headers (2-second steps,
// 1980–2107, no time zone: UTC is written).
func dosTime(t time.Time) (date, tm uint16) {
	t = t.UTC()
	switch {
	case t.Year() < 1980:
		t = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)
	case t.Year() > 2107:
		t = time.Date(2107, 12, 31, 23, 59, 58, 0, time.UTC)
	}
	date = uint16(t.Day() + int(t.Month())<<5 + (t.Year()-1980)<<9)
	tm = uint16(t.Second()/2 + t.Minute()<<5 + t.Hour()<<11)
	return date, tm
}
