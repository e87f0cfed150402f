package botapi

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
)

// params are a request's fields, whatever way they came: query string,
// urlencoded or multipart form, or a JSON object. Every value is text, the
// way the multipart form carries it: numbers and booleans as written,
// nested objects as JSON.
type params struct {
	values map[string]string
	files  map[string]Upload
}

// readParams reads the query string and the body. Like Telegram it accepts
// every encoding and lets body fields override query fields.
func readParams(w http.ResponseWriter, r *http.Request, limit int64) (*params, *apiError) {
	p := &params{values: map[string]string{}}
	for k, vs := range r.URL.Query() {
		if len(vs) > 0 {
			p.values[k] = vs[0]
		}
	}
	if r.Body == nil {
		return p, nil
	}
	body := http.MaxBytesReader(w, r.Body, limit)
	// Reading to EOF lets net/http notice a client that hangs up during a
	// long poll, which ends the request context.
	defer func() { _, _ = io.Copy(io.Discard, body) }()

	ctype, ctParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	var err error
	switch ctype {
	case "multipart/form-data":
		err = p.readMultipart(multipart.NewReader(body, ctParams["boundary"]))
	case "application/x-www-form-urlencoded":
		err = p.readURLEncoded(body)
	case "application/json":
		err = p.readJSON(body)
	}
	if err == nil {
		return p, nil
	}
	if _, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return nil, errTooLarge
	}
	return nil, badRequest("can't parse request body: %v", err)
}

func (p *params) readMultipart(mr *multipart.Reader) error {
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			// Also the case for an empty body: go-telegram/bot sends one,
			// with a multipart Content-Type, for methods without parameters.
			return nil
		}
		if err != nil {
			return err
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return err
		}
		name := part.FormName()
		if name == "" {
			continue
		}
		if isFilePart(part) {
			if p.files == nil {
				p.files = map[string]Upload{}
			}
			p.files[name] = Upload{Name: part.FileName(), ContentType: part.Header.Get("Content-Type"), Data: data}
			continue
		}
		p.values[name] = string(data)
	}
}

// isFilePart reports whether a part is an upload: it names a file, even an
// empty name, as a client with an unnamed upload sends.
func isFilePart(part *multipart.Part) bool {
	_, dp, err := mime.ParseMediaType(part.Header.Get("Content-Disposition"))
	if err != nil {
		return false
	}
	_, ok := dp["filename"]
	return ok
}

func (p *params) readURLEncoded(body io.Reader) error {
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	r, err := http.NewRequest(http.MethodPost, "/", bytes.NewReader(data))
	if err != nil {
		return err
	}
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := r.ParseForm(); err != nil {
		return err
	}
	for k, vs := range r.PostForm {
		if len(vs) > 0 {
			p.values[k] = vs[0]
		}
	}
	return nil
}

func (p *params) readJSON(body io.Reader) error {
	data, err := io.ReadAll(body)
	if err != nil {
		return err
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return err
	}
	for k, raw := range fields {
		switch {
		case bytes.Equal(raw, []byte("null")):
		case len(raw) > 0 && raw[0] == '"':
			var s string
			if err := json.Unmarshal(raw, &s); err != nil {
				return err
			}
			p.values[k] = s
		default:
			var buf bytes.Buffer
			if err := json.Compact(&buf, raw); err != nil {
				return err
			}
			p.values[k] = buf.String()
		}
	}
	return nil
}

func (p *params) str(key string) string { return p.values[key] }

func (p *params) has(key string) bool {
	_, ok := p.values[key]
	return ok
}

// int64 reads an integer field; a missing or empty field is 0.
func (p *params) int64(key string) (int64, *apiError) {
	v := strings.TrimSpace(p.values[key])
	if v == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, badRequest("field %q must be an Integer", key)
	}
	return n, nil
}

func (p *params) int(key string) (int, *apiError) {
	n, e := p.int64(key)
	return int(n), e
}

func (p *params) float(key string) (float64, bool, *apiError) {
	v := strings.TrimSpace(p.values[key])
	if v == "" {
		return 0, false, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, false, badRequest("field %q must be a Float", key)
	}
	return f, true, nil
}

func (p *params) bool(key string) bool {
	switch strings.ToLower(strings.TrimSpace(p.values[key])) {
	case "true", "1":
		return true
	}
	return false
}

// file resolves an InputFile field: an uploaded part under the field's own
// name, or a string that is "attach://<part>", a file_id or a URL.
func (p *params) file(key string) (up *Upload, ref string) {
	if u, ok := p.files[key]; ok {
		return &u, ""
	}
	return p.attachment(p.values[key])
}

// attachment resolves a media string as sendMediaGroup's "media" fields use.
func (p *params) attachment(ref string) (*Upload, string) {
	if name, ok := strings.CutPrefix(ref, "attach://"); ok {
		if u, ok := p.files[name]; ok {
			return &u, ""
		}
		return nil, ref
	}
	return nil, ref
}
