package botapi

import (
	"errors"
	"fmt"

	"github.com/go-telegram/bot/models"
)

// ErrNoSuchFile: no stored file has this file_id, or it has no bytes (a
// photo the bot sent by URL, which this server does not fetch).
var ErrNoSuchFile = errors.New("no such file")

// SendPhotoData makes the user send a photo of their own: data must be a
// GIF, JPEG or PNG image within Telegram's limits for photos. The bot gets
// the sizes Telegram would make, and getFile serves data back for each.
// The simulator's photo upload uses it; SendPhoto sends a stock image.
func (s *Server) SendPhotoData(userID int64, caption string, data []byte) (models.Update, error) {
	if utf16Len(caption) > maxCaptionLen {
		return models.Update{}, fmt.Errorf("send photo from user %d: caption too long: %w", userID, ErrInvalidInput)
	}
	cfg, mimeType, e := photoConfig(data)
	if e != nil {
		return models.Update{}, fmt.Errorf("send photo from user %d: %s: %w", userID, e.description, ErrInvalidInput)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, c, err := s.privateChat(userID, true)
	if err != nil {
		return models.Update{}, fmt.Errorf("send photo from user %d: %w", userID, err)
	}
	m := s.newUserMessage(c, u)
	m.Photo = s.storePhoto(append([]byte(nil), data...), mimeType, cfg.Width, cfg.Height, "")
	if t := trimText(caption); t != "" {
		m.Caption, m.CaptionEntities = t, detectEntities(t)
	}
	return s.post(c, m, true), nil
}

// FilePath returns the file_path of a stored file, as getFile answers it,
// for a download from /file/bot<token>/<file_path>. Unlike getFile it is not
// a Bot API call: it is not recorded and no event reports it, so a viewer
// such as the simulator can fetch files without showing up as the bot.
func (s *Server) FilePath(fileID string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.files[fileID]
	if f == nil || f.data == nil {
		return "", fmt.Errorf("file %q: %w", fileID, ErrNoSuchFile)
	}
	return f.path, nil
}

// Token returns the bot token the server accepts, for building
// /file/bot<token>/<file_path> addresses.
func (s *Server) Token() string { return s.token }
