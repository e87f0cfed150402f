package simulator

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"

	"github.com/jaganagari/jaganagari/internal/botapi"
)

//go:embed web
var webFS embed.FS

const (
	// firstPhoneID is the Telegram user ID of the first phone added without
	// one; the IDs after it follow in order.
	firstPhoneID = 1001
	// maxPhotoBytes is Telegram's limit for a photo.
	maxPhotoBytes = 10 << 20
	// maxJSONBytes bounds the body of the small JSON requests.
	maxJSONBytes = 64 << 10
	// maxNameLen is the longest display name a phone may have, in runes.
	maxNameLen = 64
)

// Demo location shared by the location button: the kantor wali nagari of
// Alahan Panjang, Kecamatan Lembah Gumanti, Kabupaten Solok.
const (
	demoLatitude  = -1.0846
	demoLongitude = 100.7749
)

// Phone is one simulated person and their Telegram account: a user of the
// Bot API server whose private chat with the bot the page shows.
type Phone struct {
	// ID is the Telegram user ID, which is also the chat ID.
	ID int64 `json:"id"`
	// Name is the display name, also the Telegram first name.
	Name string `json:"name"`
	// Role is the label under the name, such as "pekerja" or "petugas
	// nagari Alahan Panjang"; it only labels the phone, the bot decides
	// what the user may do.
	Role string `json:"role"`
	// Phone is the number the share-contact button sends, in international
	// form (+62...).
	Phone string `json:"phone"`
}

// Simulator serves the simulated phones over a Bot API server. Build it
// with New; it is safe for concurrent use.
type Simulator struct {
	api    *botapi.Server
	log    *slog.Logger
	mux    *http.ServeMux
	static http.Handler

	mu      sync.Mutex
	phones  []Phone
	nextID  int64
	changed chan struct{} // closed and replaced when the phones change
	done    chan struct{} // closed by Close
	closed  bool
}

// New returns a simulator showing chats of api. Phones are added with
// AddPhone or from the page.
func New(api *botapi.Server, log *slog.Logger) *Simulator {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	web, err := fs.Sub(webFS, "web")
	if err != nil {
		panic(fmt.Sprintf("simulator: embedded web files: %v", err)) // cannot happen: web is embedded
	}
	s := &Simulator{
		api:     api,
		log:     log,
		mux:     http.NewServeMux(),
		static:  http.FileServerFS(web),
		nextID:  firstPhoneID,
		changed: make(chan struct{}),
		done:    make(chan struct{}),
	}
	s.mux.HandleFunc("GET /api/phones", s.listPhones)
	s.mux.HandleFunc("POST /api/phones", s.addPhone)
	s.mux.HandleFunc("GET /api/phones/{id}/chat", s.chat)
	s.mux.HandleFunc("POST /api/phones/{id}/text", s.sendText)
	s.mux.HandleFunc("POST /api/phones/{id}/press", s.press)
	s.mux.HandleFunc("POST /api/phones/{id}/key", s.key)
	s.mux.HandleFunc("POST /api/phones/{id}/contact", s.contact)
	s.mux.HandleFunc("POST /api/phones/{id}/photo", s.photo)
	s.mux.HandleFunc("POST /api/phones/{id}/location", s.location)
	s.mux.HandleFunc("GET /api/files/{file_id}", s.file)
	s.mux.HandleFunc("GET /events", s.events)
	s.mux.HandleFunc("GET /", s.page)
	return s
}

// ServeHTTP serves the page, the JSON API and the event stream.
func (s *Simulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// The API changes state, and a page from another site could post to a
	// loopback address: only the simulator's own page may.
	if o := r.Header.Get("Origin"); o != "" && r.Method != http.MethodGet {
		if u, err := url.Parse(o); err != nil || u.Host != r.Host {
			writeError(w, http.StatusForbidden, "cross-origin request refused")
			return
		}
	}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	s.mux.ServeHTTP(w, r)
}

// Close ends the open event streams, so that http.Server.Shutdown need not
// wait for them. The page reconnects when the simulator comes back.
func (s *Simulator) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.done)
	}
}

// phoneNumber is what a person may type as a phone number.
var phoneNumber = regexp.MustCompile(`^\+?[0-9][0-9 \-]{6,18}[0-9]$`)

// normalizePhone turns a typed Indonesian number into the international
// form the Telegram app shares: 0812... and 62812... become +62812....
func normalizePhone(s string) (string, error) {
	s = strings.TrimSpace(s)
	if !phoneNumber.MatchString(s) {
		return "", fmt.Errorf("phone number %q: use digits, for example 0812 3456 7890", s)
	}
	digits := strings.NewReplacer(" ", "", "-", "", "+", "").Replace(s)
	switch {
	case strings.HasPrefix(s, "+"):
		return "+" + digits, nil
	case strings.HasPrefix(digits, "0"):
		return "+62" + digits[1:], nil
	case strings.HasPrefix(digits, "62"):
		return "+" + digits, nil
	}
	return "+" + digits, nil
}

// AddPhone adds a phone and its Telegram user. An ID of 0 takes the next
// free one; Role defaults to "pekerja"; the number is normalized to +62....
// It returns the phone as added.
func (s *Simulator) AddPhone(p Phone) (Phone, error) {
	p.Name = strings.Join(strings.Fields(p.Name), " ")
	p.Role = strings.Join(strings.Fields(p.Role), " ")
	if p.Name == "" || utf8.RuneCountInString(p.Name) > maxNameLen || !utf8.ValidString(p.Name) {
		return Phone{}, fmt.Errorf("add phone: a name of 1 to %d characters is required", maxNameLen)
	}
	if utf8.RuneCountInString(p.Role) > maxNameLen || !utf8.ValidString(p.Role) {
		return Phone{}, fmt.Errorf("add phone: role longer than %d characters", maxNameLen)
	}
	if p.Role == "" {
		p.Role = "pekerja"
	}
	number, err := normalizePhone(p.Phone)
	if err != nil {
		return Phone{}, fmt.Errorf("add phone: %w", err)
	}
	p.Phone = number
	if p.ID < 0 {
		return Phone{}, errors.New("add phone: the ID must be positive")
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	if p.ID == 0 {
		p.ID = s.nextID
	}
	for _, q := range s.phones {
		if q.ID == p.ID {
			return Phone{}, fmt.Errorf("add phone %d: the ID is taken by %s", p.ID, q.Name)
		}
	}
	err = s.api.AddUser(botapi.User{ID: p.ID, FirstName: p.Name, Phone: p.Phone, LanguageCode: "id"})
	if err != nil {
		return Phone{}, fmt.Errorf("add phone %d: %w", p.ID, err)
	}
	s.phones = append(s.phones, p)
	s.nextID = max(s.nextID, p.ID+1)
	close(s.changed)
	s.changed = make(chan struct{})
	return p, nil
}

// Phones returns the phones in the order they were added.
func (s *Simulator) Phones() []Phone {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Phone(nil), s.phones...)
}

// phonesChanged returns the phones with a channel closed at their next change.
func (s *Simulator) phonesChanged() ([]Phone, <-chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Phone(nil), s.phones...), s.changed
}

func (s *Simulator) phone(r *http.Request) (Phone, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return Phone{}, false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.phones {
		if p.ID == id {
			return p, true
		}
	}
	return Phone{}, false
}

// chatView is a phone's screen: its chat and the reply keyboard shown.
type chatView struct {
	Phone    Phone                       `json:"phone"`
	Messages []botapi.Message            `json:"messages"`
	Keyboard *models.ReplyKeyboardMarkup `json:"keyboard"`
}

func (s *Simulator) view(p Phone) chatView {
	msgs := s.api.Chat(p.ID)
	if msgs == nil {
		msgs = []botapi.Message{}
	}
	return chatView{Phone: p, Messages: msgs, Keyboard: s.api.Keyboard(p.ID)}
}

func (s *Simulator) page(w http.ResponseWriter, r *http.Request) {
	// The files change with the binary: a reload must never show old ones.
	w.Header().Set("Cache-Control", "no-cache")
	s.static.ServeHTTP(w, r)
}

func (s *Simulator) listPhones(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, s.Phones())
}

func (s *Simulator) addPhone(w http.ResponseWriter, r *http.Request) {
	var p Phone
	if !readJSON(w, r, &p) {
		return
	}
	p.ID = 0 // the page never picks IDs
	added, err := s.AddPhone(p)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	writeJSON(w, http.StatusCreated, added)
}

func (s *Simulator) chat(w http.ResponseWriter, r *http.Request) {
	p, ok := s.phone(r)
	if !ok {
		writeError(w, http.StatusNotFound, "no such phone")
		return
	}
	writeJSON(w, http.StatusOK, s.view(p))
}

// act runs a user action of the phone named in the path and answers
// whether the Bot API server took it.
func (s *Simulator) act(w http.ResponseWriter, r *http.Request, do func(id int64) (models.Update, error)) {
	p, ok := s.phone(r)
	if !ok {
		writeError(w, http.StatusNotFound, "no such phone")
		return
	}
	if _, err := do(p.ID); err != nil {
		writeError(w, statusOf(err), err.Error())
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
}

func (s *Simulator) sendText(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Text string `json:"text"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	s.act(w, r, func(id int64) (models.Update, error) { return s.api.SendText(id, body.Text) })
}

func (s *Simulator) press(w http.ResponseWriter, r *http.Request) {
	var body struct {
		MessageID int    `json:"message_id"`
		Data      string `json:"data"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	s.act(w, r, func(id int64) (models.Update, error) { return s.api.PressButton(id, body.MessageID, body.Data) })
}

func (s *Simulator) key(w http.ResponseWriter, r *http.Request) {
	var body struct {
		Text string `json:"text"`
	}
	if !readJSON(w, r, &body) {
		return
	}
	s.act(w, r, func(id int64) (models.Update, error) { return s.api.PressKeyboardButton(id, body.Text) })
}

func (s *Simulator) contact(w http.ResponseWriter, r *http.Request) {
	s.act(w, r, s.api.ShareContact)
}

func (s *Simulator) photo(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxPhotoBytes+maxJSONBytes)
	if err := r.ParseMultipartForm(maxPhotoBytes); err != nil {
		writeError(w, http.StatusBadRequest, "photo upload: a multipart form with a photo of at most 10 MB is required")
		return
	}
	defer r.MultipartForm.RemoveAll()
	f, _, err := r.FormFile("photo")
	if err != nil {
		writeError(w, http.StatusBadRequest, "photo upload: no photo in the form")
		return
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		writeError(w, http.StatusBadRequest, "photo upload: the photo could not be read")
		return
	}
	caption := r.FormValue("caption")
	s.act(w, r, func(id int64) (models.Update, error) { return s.api.SendPhotoData(id, caption, data) })
}

func (s *Simulator) location(w http.ResponseWriter, r *http.Request) {
	body := struct {
		Latitude  *float64 `json:"latitude"`
		Longitude *float64 `json:"longitude"`
	}{}
	if r.ContentLength != 0 && !readJSON(w, r, &body) {
		return
	}
	lat, lon := demoLatitude, demoLongitude
	if body.Latitude != nil && body.Longitude != nil {
		lat, lon = *body.Latitude, *body.Longitude
	}
	s.act(w, r, func(id int64) (models.Update, error) { return s.api.SendLocation(id, lat, lon) })
}

// file serves a stored file through the Bot API's own /file/ endpoint, so
// the page downloads exactly what the bot would. With ?name= the browser
// saves it under that name.
func (s *Simulator) file(w http.ResponseWriter, r *http.Request) {
	p, err := s.api.FilePath(r.PathValue("file_id"))
	if err != nil {
		writeError(w, http.StatusNotFound, "no such file")
		return
	}
	if name := r.URL.Query().Get("name"); name != "" {
		w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	}
	req := r.Clone(r.Context())
	req.URL = &url.URL{Path: "/file/bot" + s.api.Token() + "/" + p}
	req.RequestURI = ""
	s.api.ServeHTTP(w, req)
}

// statusOf maps a Bot API server error to an HTTP status for the page.
func statusOf(err error) int {
	switch {
	case errors.Is(err, botapi.ErrUnknownUser), errors.Is(err, botapi.ErrUnknownChat):
		return http.StatusNotFound
	case errors.Is(err, botapi.ErrBlocked):
		return http.StatusConflict
	case errors.Is(err, botapi.ErrClosed):
		return http.StatusServiceUnavailable
	}
	return http.StatusBadRequest
}

func readJSON(w http.ResponseWriter, r *http.Request, v any) bool {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBytes))
	if err := dec.Decode(v); err != nil {
		writeError(w, http.StatusBadRequest, "the body must be a JSON object")
		return false
	}
	return true
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client is gone if this fails
}

func writeError(w http.ResponseWriter, status int, msg string) {
	writeJSON(w, status, map[string]string{"error": msg})
}
