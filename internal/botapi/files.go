package botapi

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	_ "image/gif" // photo uploads may be GIF, JPEG or PNG
	_ "image/jpeg"
	"image/png"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/go-telegram/bot/models"
)

// fileKind is the kind of a stored file: it picks the file_id prefix, the
// folder in file_path, and which methods may reuse the file_id.
type fileKind string

const (
	kindPhoto    fileKind = "photo"
	kindDocument fileKind = "document"
	kindSticker  fileKind = "sticker"
	kindVoice    fileKind = "voice"
	kindVideo    fileKind = "video"
	kindAudio    fileKind = "audio"
)

// fileIDPrefix imitates the start of real file_ids, which encode the kind.
var fileIDPrefix = map[fileKind]string{
	kindPhoto:    "AgACAgUAAxkBAAI",
	kindDocument: "BQACAgUAAxkBAAI",
	kindSticker:  "CAACAgUAAxkBAAI",
	kindVoice:    "AwACAgUAAxkBAAI",
	kindVideo:    "BAACAgUAAxkBAAI",
	kindAudio:    "CQACAgUAAxkBAAI",
}

var fileFolder = map[fileKind]string{
	kindPhoto: "photos", kindDocument: "documents", kindSticker: "stickers",
	kindVoice: "voice", kindVideo: "videos", kindAudio: "music",
}

// storedFile is a file the server knows by file_id. data is nil for files
// sent by URL, which the server cannot fetch.
type storedFile struct {
	id, uniqueID string
	kind         fileKind
	path         string
	name, mime   string
	data         []byte
	size         int64
	sourceURL    string
}

// storeFile registers a file under a fresh file_id. The IDs are
// deterministic, so transcripts of a test run repeat exactly. The caller
// holds s.mu.
func (s *Server) storeFile(kind fileKind, name, mimeType string, data []byte, sourceURL string) *storedFile {
	s.fileSeq++
	n := s.fileSeq
	ext := path.Ext(name)
	if ext == "" {
		if exts, _ := mime.ExtensionsByType(mimeType); len(exts) > 0 {
			ext = exts[0]
		}
	}
	f := &storedFile{
		id:        fmt.Sprintf("%s%08d", fileIDPrefix[kind], n),
		uniqueID:  fmt.Sprintf("AQAD%08d", n),
		kind:      kind,
		path:      fmt.Sprintf("%s/file_%d%s", fileFolder[kind], n, ext),
		name:      name,
		mime:      mimeType,
		data:      data,
		size:      int64(len(data)),
		sourceURL: sourceURL,
	}
	s.files[f.id] = f
	s.filePaths[f.path] = f
	return f
}

// photoSizeSteps are the longest sides Telegram scales photos to.
var photoSizeSteps = []int{90, 320, 800, 1280}

// storePhoto registers an image as a photo: one PhotoSize per size step
// below the original, plus the original (at most 1280 px), each with its
// own file_id. All sizes serve the original bytes.
func (s *Server) storePhoto(data []byte, mimeType string, width, height int, sourceURL string) []models.PhotoSize {
	var sizes []models.PhotoSize
	for _, step := range photoSizeSteps {
		w, h := width, height
		last := max(w, h) <= step
		if !last {
			w, h = scale(w, h, step)
		}
		f := s.storeFile(kindPhoto, "", mimeType, data, sourceURL)
		sizes = append(sizes, models.PhotoSize{FileID: f.id, FileUniqueID: f.uniqueID, Width: w, Height: h, FileSize: len(data)})
		if last {
			break
		}
	}
	for _, ps := range sizes {
		s.photoSets[ps.FileID] = sizes
	}
	return sizes
}

func scale(w, h, longest int) (int, int) {
	if w >= h {
		return longest, max(1, h*longest/w)
	}
	return max(1, w*longest/h), longest
}

// photoConfig checks an uploaded photo the way Telegram does: it must be an
// image, with sides summing to at most 10000 and a ratio of at most 20.
func photoConfig(data []byte) (cfg image.Config, mimeType string, e *apiError) {
	if len(data) == 0 {
		return cfg, "", badRequest("file must be non-empty")
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return cfg, "", badRequest("IMAGE_PROCESS_FAILED")
	}
	w, h := cfg.Width, cfg.Height
	if w <= 0 || h <= 0 || w+h > 10000 || max(w, h) > 20*min(w, h) {
		return cfg, "", badRequest("PHOTO_INVALID_DIMENSIONS")
	}
	return cfg, "image/" + format, nil
}

var placeholder = sync.OnceValue(func() []byte {
	// A small real PNG, so a bot can download and decode what users send.
	img := image.NewRGBA(image.Rect(0, 0, 640, 480))
	for y := range 480 {
		for x := range 640 {
			img.Set(x, y, color.RGBA{R: uint8(40 + x/8), G: uint8(120 + y/8), B: 90, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		panic(fmt.Sprintf("botapi: encode placeholder photo: %v", err))
	}
	return buf.Bytes()
})

func (s *Server) getFile(_ context.Context, p *params) (any, *apiError) {
	id := p.str("file_id")
	if id == "" {
		return nil, badRequest("file_id not specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.files[id]
	if f == nil {
		return nil, badRequest("invalid file_id")
	}
	if f.size > maxDownloadBytes {
		return nil, badRequest("file is too big")
	}
	return models.File{FileID: f.id, FileUniqueID: f.uniqueID, FileSize: f.size, FilePath: f.path}, nil
}

// serveFile answers /file/bot<token>/<file_path> with the stored bytes.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request, rest string) {
	token, filePath, _ := strings.Cut(rest, "/")
	if token != s.token {
		writeAnswer(w, errorAnswer(errUnauthorized))
		return
	}
	s.mu.Lock()
	f := s.filePaths[filePath]
	s.mu.Unlock()
	if f == nil || f.data == nil {
		writeAnswer(w, errorAnswer(errNotFound))
		return
	}
	ctype := f.mime
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	w.Header().Set("Content-Type", ctype)
	http.ServeContent(w, r, path.Base(f.path), time.Time{}, bytes.NewReader(f.data))
}

// inputFile resolves the file of a send method: an upload, "attach://", a
// file_id of the right kind, or an http(s) URL, which becomes a file
// without bytes (the simulator runs offline). what names the field in
// errors, as in "there is no photo in the request".
func (s *Server) inputFile(p *params, field string, want fileKind) (*Upload, *storedFile, string, *apiError) {
	up, ref := p.file(field)
	if up != nil {
		return up, nil, "", nil
	}
	if ref == "" {
		return nil, nil, "", badRequest("there is no %s in the request", field)
	}
	if strings.HasPrefix(ref, "attach://") {
		return nil, nil, "", badRequest("wrong file identifier/HTTP URL specified")
	}
	if strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://") {
		return nil, nil, ref, nil
	}
	f := s.files[ref]
	if f == nil {
		return nil, nil, "", badRequest("wrong file identifier/HTTP URL specified")
	}
	if f.kind != want {
		return nil, nil, "", badRequest("can't use file of type %s as %s", titleKind(f.kind), titleKind(want))
	}
	return nil, f, "", nil
}

func titleKind(k fileKind) string {
	s := string(k)
	return strings.ToUpper(s[:1]) + s[1:]
}

// mimeFor guesses a MIME type from the file name, then from the part.
func mimeFor(name, partType string) string {
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		t, _, _ = strings.Cut(t, ";")
		return t
	}
	if partType != "" && partType != "application/octet-stream" {
		return partType
	}
	return "application/octet-stream"
}
