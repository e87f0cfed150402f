package botapi

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

// User is a simulated Telegram user: the other side of a chat with the bot.
type User struct {
	ID        int64
	FirstName string
	LastName  string
	Username  string
	// Phone is what ShareContact sends as phone_number, exactly as written
	// here: Telegram clients send it with or without the leading "+".
	Phone        string
	LanguageCode string
}

func (u *User) wire() models.User {
	return models.User{
		ID: u.ID, FirstName: u.FirstName, LastName: u.LastName,
		Username: u.Username, LanguageCode: u.LanguageCode,
	}
}

// The location a request_location keyboard button shares: Padang, West Sumatra.
const (
	defaultLatitude  = -0.9492
	defaultLongitude = 100.3543
)

// AddUser adds a simulated user, or updates one with the same ID, with a
// private chat whose ID is the user's ID. The user counts as having started
// the bot, so the bot may write first.
func (s *Server) AddUser(u User) error {
	if u.ID <= 0 || strings.TrimSpace(u.FirstName) == "" {
		return fmt.Errorf("add user %d: a positive ID and a first name are required: %w", u.ID, ErrInvalidInput)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.users[u.ID] = &u
	info := models.Chat{ID: u.ID, Type: models.ChatTypePrivate, FirstName: u.FirstName, LastName: u.LastName, Username: u.Username}
	if c := s.chats[u.ID]; c != nil {
		c.info = info
	} else {
		s.chats[u.ID] = newChat(info)
	}
	return nil
}

// AddGroup adds a group chat with the bot in it. Group IDs are negative;
// IDs from -1000000000000 down are supergroups, as on Telegram.
func (s *Server) AddGroup(id int64, title string) error {
	if id >= 0 || strings.TrimSpace(title) == "" {
		return fmt.Errorf("add group %d: a negative ID and a title are required: %w", id, ErrInvalidInput)
	}
	typ := models.ChatTypeGroup
	if id <= -1_000_000_000_000 {
		typ = models.ChatTypeSupergroup
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	info := models.Chat{ID: id, Type: typ, Title: title}
	if c := s.chats[id]; c != nil {
		c.info = info
	} else {
		s.chats[id] = newChat(info)
	}
	return nil
}

// AddMember puts a user in a group, as if they had always been there: no
// service message or update is produced.
func (s *Server) AddMember(groupID, userID int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.chats[groupID]
	if c == nil || c.private() {
		return fmt.Errorf("add user %d to group %d: %w", userID, groupID, ErrUnknownChat)
	}
	if s.users[userID] == nil {
		return fmt.Errorf("add user %d to group %d: %w", userID, groupID, ErrUnknownUser)
	}
	c.members[userID] = true
	return nil
}

// BlockBy makes the user block the bot: from now on everything the bot
// sends to their chat is answered 403 "Forbidden: bot was blocked by the
// user", and the bot gets the my_chat_member update Telegram sends.
func (s *Server) BlockBy(userID int64) error {
	return s.setBlocked(userID, true)
}

// Unblock makes the user unblock the bot (Telegram's "Restart"), with the
// matching my_chat_member update.
func (s *Server) Unblock(userID int64) error {
	return s.setBlocked(userID, false)
}

func (s *Server) setBlocked(userID int64, blocked bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, c, err := s.privateChat(userID, false)
	if err != nil {
		return fmt.Errorf("set blocked for user %d: %w", userID, err)
	}
	if c.blocked == blocked {
		return nil
	}
	c.blocked = blocked
	bot := s.botRef()
	member := models.ChatMember{Type: models.ChatMemberTypeMember, Member: &models.ChatMemberMember{User: &bot}}
	banned := models.ChatMember{Type: models.ChatMemberTypeBanned, Banned: &models.ChatMemberBanned{User: &bot}}
	upd := &models.Update{MyChatMember: &models.ChatMemberUpdated{
		Chat: c.info, From: u.wire(), Date: int(s.now().Unix()),
		OldChatMember: member, NewChatMember: banned,
	}}
	if !blocked {
		upd.MyChatMember.OldChatMember, upd.MyChatMember.NewChatMember = banned, member
	}
	s.enqueue(upd, "my_chat_member", c.info.ID)
	s.bump()
	return nil
}

// privateChat finds a user and their chat with the bot. The caller holds s.mu.
func (s *Server) privateChat(userID int64, mustBeUnblocked bool) (*User, *chat, error) {
	if s.closed {
		return nil, nil, ErrClosed
	}
	u := s.users[userID]
	if u == nil {
		return nil, nil, ErrUnknownUser
	}
	c := s.chats[userID]
	if mustBeUnblocked && c.blocked {
		return nil, nil, ErrBlocked
	}
	return u, c, nil
}

// groupChat finds a group and a member of it. The caller holds s.mu.
func (s *Server) groupChat(groupID, userID int64) (*User, *chat, error) {
	if s.closed {
		return nil, nil, ErrClosed
	}
	c := s.chats[groupID]
	if c == nil || c.private() {
		return nil, nil, ErrUnknownChat
	}
	u := s.users[userID]
	if u == nil {
		return nil, nil, ErrUnknownUser
	}
	if !c.members[userID] {
		return nil, nil, ErrNotMember
	}
	return u, c, nil
}

// newUserMessage starts the next message from u in c.
func (s *Server) newUserMessage(c *chat, u *User) *Message {
	from := u.wire()
	return &Message{Message: models.Message{
		ID:   c.nextID(),
		From: &from,
		Chat: c.info,
		Date: int(s.now().Unix()),
	}}
}

// post adds a user's message to the transcript and, if the bot can see
// it, queues the update that brings it to the bot. The caller holds s.mu.
func (s *Server) post(c *chat, m *Message, visible bool) models.Update {
	upd := models.Update{}
	if visible {
		wire := cloneWire(m.Message)
		upd.Message = &wire
		s.enqueue(&upd, "message", c.info.ID)
		m.UpdateID = upd.ID
	}
	s.addMessage(c, m)
	return cloneUpdate(upd)
}

// cloneUpdate copies an update so the caller cannot reach queued state.
func cloneUpdate(u models.Update) models.Update {
	if u.Message != nil {
		m := cloneWire(*u.Message)
		u.Message = &m
	}
	if u.EditedMessage != nil {
		m := cloneWire(*u.EditedMessage)
		u.EditedMessage = &m
	}
	if u.CallbackQuery != nil {
		cq := *u.CallbackQuery
		if cq.Message.Message != nil {
			m := cloneWire(*cq.Message.Message)
			cq.Message.Message = &m
		}
		u.CallbackQuery = &cq
	}
	return u
}

// userText checks text a user types, as the Telegram app would.
func userText(text string) (string, []models.MessageEntity, error) {
	if !utf8.ValidString(text) {
		return "", nil, fmt.Errorf("text is not UTF-8: %w", ErrInvalidInput)
	}
	t := trimText(text)
	if t == "" {
		return "", nil, fmt.Errorf("text is empty: %w", ErrInvalidInput)
	}
	if utf16Len(t) > maxTextLen {
		return "", nil, fmt.Errorf("text is longer than %d characters: %w", maxTextLen, ErrInvalidInput)
	}
	return t, detectEntities(t), nil
}

// SendText makes the user send text to the bot in their private chat. The
// update carries the entities Telegram adds: bot_command for "/start",
// links, mentions, hashtags.
func (s *Server) SendText(userID int64, text string) (models.Update, error) {
	t, ents, err := userText(text)
	if err != nil {
		return models.Update{}, fmt.Errorf("send text from user %d: %w", userID, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, c, err := s.privateChat(userID, true)
	if err != nil {
		return models.Update{}, fmt.Errorf("send text from user %d: %w", userID, err)
	}
	m := s.newUserMessage(c, u)
	m.Text, m.Entities = t, ents
	return s.post(c, m, true), nil
}

// SendCommand makes the user send a command, with or without the leading
// slash: SendCommand(id, "start") sends "/start".
func (s *Server) SendCommand(userID int64, command string) (models.Update, error) {
	if !strings.HasPrefix(command, "/") {
		command = "/" + command
	}
	return s.SendText(userID, command)
}

// SendTextInGroup makes a member send text to a group. In privacy mode
// (the default) the bot only gets commands and messages mentioning it;
// otherwise the message only enters the transcript and the returned
// update has ID 0.
func (s *Server) SendTextInGroup(groupID, userID int64, text string) (models.Update, error) {
	t, ents, err := userText(text)
	if err != nil {
		return models.Update{}, fmt.Errorf("send text from user %d in group %d: %w", userID, groupID, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, c, err := s.groupChat(groupID, userID)
	if err != nil {
		return models.Update{}, fmt.Errorf("send text from user %d in group %d: %w", userID, groupID, err)
	}
	m := s.newUserMessage(c, u)
	m.Text, m.Entities = t, ents
	return s.post(c, m, !s.privacy || s.addressesBot(t, ents)), nil
}

// addressesBot reports whether a group message reaches a bot in privacy
// mode: a command for all bots or for this one, or a mention of it.
func (s *Server) addressesBot(text string, ents []models.MessageEntity) bool {
	for _, e := range ents {
		word := utf16Slice(text, e.Offset, e.Length)
		switch e.Type {
		case models.MessageEntityTypeBotCommand:
			_, target, found := strings.Cut(word, "@")
			if !found || strings.EqualFold(target, s.bot.Username) {
				return true
			}
		case models.MessageEntityTypeMention:
			if strings.EqualFold(strings.TrimPrefix(word, "@"), s.bot.Username) {
				return true
			}
		}
	}
	return false
}

// utf16Slice returns the part of s an entity covers.
func utf16Slice(s string, offset, length int) string {
	start, end, n := -1, len(s), 0
	for i, r := range s {
		if n == offset {
			start = i
		}
		if n == offset+length {
			end = i
			break
		}
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	if start < 0 {
		return ""
	}
	return s[start:end]
}

// PressButton makes the user press the inline button with this
// callback_data under a message the bot sent to their private chat. It
// fails, as the Telegram app could not do it, if the message is not the
// bot's, is deleted, or has no such button now.
func (s *Server) PressButton(userID int64, messageID int, callbackData string) (models.Update, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, c, err := s.privateChat(userID, true)
	if err != nil {
		return models.Update{}, fmt.Errorf("press button %q from user %d: %w", callbackData, userID, err)
	}
	return s.press(c, u, messageID, callbackData)
}

// PressButtonInGroup makes a member press an inline button under a bot
// message in a group.
func (s *Server) PressButtonInGroup(groupID, userID int64, messageID int, callbackData string) (models.Update, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, c, err := s.groupChat(groupID, userID)
	if err != nil {
		return models.Update{}, fmt.Errorf("press button %q from user %d in group %d: %w", callbackData, userID, groupID, err)
	}
	return s.press(c, u, messageID, callbackData)
}

func (s *Server) press(c *chat, u *User, messageID int, data string) (models.Update, error) {
	m := c.msg(messageID)
	if m == nil || m.Deleted || !m.FromBot {
		return models.Update{}, fmt.Errorf("press button %q on message %d in chat %d: %w", data, messageID, c.info.ID, ErrNoSuchMessage)
	}
	if !hasCallback(m.ReplyMarkup, data) {
		return models.Update{}, fmt.Errorf("press button %q on message %d in chat %d: %w", data, messageID, c.info.ID, ErrNoSuchButton)
	}
	s.callbackID++
	id := strconv.FormatInt(5_000_000_000_000_000_000+s.callbackID, 10)
	wire := cloneWire(m.Message)
	upd := models.Update{CallbackQuery: &models.CallbackQuery{
		ID:           id,
		From:         u.wire(),
		Message:      models.MaybeInaccessibleMessage{Type: models.MaybeInaccessibleMessageTypeMessage, Message: &wire},
		ChatInstance: c.instance,
		Data:         data,
	}}
	cb := &Callback{ID: id, ChatID: c.info.ID, MessageID: messageID, UserID: u.ID, Data: data}
	s.callbacks[id] = cb
	ev := *cb
	s.emit(Event{Kind: EventCallback, ChatID: c.info.ID, Callback: &ev})
	s.enqueue(&upd, "callback_query", c.info.ID)
	return cloneUpdate(upd), nil
}

// PressKeyboardButton makes the user tap a button of the reply keyboard
// on their screen (see Keyboard). A plain button sends its text; a
// request_contact button shares the user's contact; a request_location
// button shares a fixed location in Padang (use SendLocation for another).
func (s *Server) PressKeyboardButton(userID int64, text string) (models.Update, error) {
	s.mu.Lock()
	c := s.chats[userID]
	var btn *models.KeyboardButton
	if c != nil && c.keyboard != nil {
		for _, row := range c.keyboard.Keyboard {
			for i := range row {
				if row[i].Text == text {
					b := row[i]
					btn = &b
				}
			}
		}
	}
	s.mu.Unlock()
	switch {
	case btn == nil:
		return models.Update{}, fmt.Errorf("press keyboard button %q from user %d: %w", text, userID, ErrNoSuchButton)
	case btn.RequestContact:
		return s.ShareContact(userID)
	case btn.RequestLocation:
		return s.SendLocation(userID, defaultLatitude, defaultLongitude)
	}
	return s.SendText(userID, text)
}

// ShareContact makes the user share their own contact, as the
// request_contact button does: phone_number is User.Phone and user_id the
// user's ID.
func (s *Server) ShareContact(userID int64) (models.Update, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, c, err := s.privateChat(userID, true)
	if err != nil {
		return models.Update{}, fmt.Errorf("share contact of user %d: %w", userID, err)
	}
	if u.Phone == "" {
		return models.Update{}, fmt.Errorf("share contact of user %d: user has no phone: %w", userID, ErrInvalidInput)
	}
	m := s.newUserMessage(c, u)
	m.Contact = &models.Contact{PhoneNumber: u.Phone, FirstName: u.FirstName, LastName: u.LastName, UserID: u.ID}
	return s.post(c, m, true), nil
}

// ShareContactOf makes the user send the contact card of user other from
// their address book, as a client's "attach contact" does: phone_number
// and user_id are the other user's, not the sender's.
func (s *Server) ShareContactOf(userID, other int64) (models.Update, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.users[other]
	if !ok || o.Phone == "" {
		return models.Update{}, fmt.Errorf("share contact of user %d: no such user with a phone: %w", other, ErrInvalidInput)
	}
	u, c, err := s.privateChat(userID, true)
	if err != nil {
		return models.Update{}, fmt.Errorf("share contact of user %d: %w", other, err)
	}
	m := s.newUserMessage(c, u)
	m.Contact = &models.Contact{PhoneNumber: o.Phone, FirstName: o.FirstName, LastName: o.LastName, UserID: o.ID}
	return s.post(c, m, true), nil
}

// SendLocation makes the user share a location.
func (s *Server) SendLocation(userID int64, lat, lon float64) (models.Update, error) {
	if lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return models.Update{}, fmt.Errorf("send location from user %d: %v,%v is off the globe: %w", userID, lat, lon, ErrInvalidInput)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, c, err := s.privateChat(userID, true)
	if err != nil {
		return models.Update{}, fmt.Errorf("send location from user %d: %w", userID, err)
	}
	m := s.newUserMessage(c, u)
	m.Location = &models.Location{Latitude: lat, Longitude: lon}
	return s.post(c, m, true), nil
}

// userPhoto stores a new photo a user sends: a real 640x480 PNG, so the bot
// can download and decode it.
func (s *Server) userPhoto() []models.PhotoSize {
	return s.storePhoto(placeholder(), "image/png", 640, 480, "")
}

// SendPhoto makes the user send a photo with a caption (may be empty).
// Every call makes new file_ids, and getFile serves the image.
func (s *Server) SendPhoto(userID int64, caption string) (models.Update, error) {
	if utf16Len(caption) > maxCaptionLen {
		return models.Update{}, fmt.Errorf("send photo from user %d: caption too long: %w", userID, ErrInvalidInput)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, c, err := s.privateChat(userID, true)
	if err != nil {
		return models.Update{}, fmt.Errorf("send photo from user %d: %w", userID, err)
	}
	m := s.newUserMessage(c, u)
	m.Photo = s.userPhoto()
	if t := trimText(caption); t != "" {
		m.Caption, m.CaptionEntities = t, detectEntities(t)
	}
	return s.post(c, m, true), nil
}

// SendAlbum makes the user send n photos (2 to 10) as one album: n
// messages and n updates sharing a media_group_id, as Telegram delivers them.
func (s *Server) SendAlbum(userID int64, n int) ([]models.Update, error) {
	if n < 2 || n > 10 {
		return nil, fmt.Errorf("send album of %d from user %d: an album has 2 to 10 items: %w", n, userID, ErrInvalidInput)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, c, err := s.privateChat(userID, true)
	if err != nil {
		return nil, fmt.Errorf("send album from user %d: %w", userID, err)
	}
	s.mediaGroup++
	group := strconv.FormatInt(13_000_000_000_000_000+s.mediaGroup, 10)
	out := make([]models.Update, n)
	for i := range n {
		m := s.newUserMessage(c, u)
		m.Photo = s.userPhoto()
		m.MediaGroupID = group
		out[i] = s.post(c, m, true)
	}
	return out, nil
}

// SendSticker makes the user send a sticker (a 512x512 "👍").
func (s *Server) SendSticker(userID int64) (models.Update, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, c, err := s.privateChat(userID, true)
	if err != nil {
		return models.Update{}, fmt.Errorf("send sticker from user %d: %w", userID, err)
	}
	f := s.storeFile(kindSticker, "sticker.png", "image/png", placeholder(), "")
	m := s.newUserMessage(c, u)
	m.Sticker = &models.Sticker{
		FileID: f.id, FileUniqueID: f.uniqueID, Type: "regular", Width: 512, Height: 512,
		Emoji: "👍", SetName: "JagaNagariSimulator", FileSize: int(f.size),
	}
	return s.post(c, m, true), nil
}

// voiceNote is a stand-in Ogg file; the bot sees an audio/ogg voice note.
var voiceNote = []byte("OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00simulated voice note")

// SendVoice makes the user send a three-second voice note.
func (s *Server) SendVoice(userID int64) (models.Update, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	u, c, err := s.privateChat(userID, true)
	if err != nil {
		return models.Update{}, fmt.Errorf("send voice from user %d: %w", userID, err)
	}
	f := s.storeFile(kindVoice, "voice.ogg", "audio/ogg", voiceNote, "")
	m := s.newUserMessage(c, u)
	m.Voice = &models.Voice{FileID: f.id, FileUniqueID: f.uniqueID, Duration: 3, MimeType: f.mime, FileSize: f.size}
	return s.post(c, m, true), nil
}

// SendDocument makes the user send a file; getFile and the /file/ path
// serve its bytes back.
func (s *Server) SendDocument(userID int64, name string, data []byte) (models.Update, error) {
	return s.SendCaptionedDocument(userID, name, data, "")
}

// SendCaptionedDocument is SendDocument with a caption (may be empty).
func (s *Server) SendCaptionedDocument(userID int64, name string, data []byte, caption string) (models.Update, error) {
	if len(data) == 0 || name == "" {
		return models.Update{}, fmt.Errorf("send document from user %d: name and data are required: %w", userID, ErrInvalidInput)
	}
	if utf16Len(caption) > maxCaptionLen {
		return models.Update{}, fmt.Errorf("send document from user %d: caption too long: %w", userID, ErrInvalidInput)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u, c, err := s.privateChat(userID, true)
	if err != nil {
		return models.Update{}, fmt.Errorf("send document from user %d: %w", userID, err)
	}
	f := s.storeFile(kindDocument, name, mimeFor(name, ""), append([]byte(nil), data...), "")
	m := s.newUserMessage(c, u)
	m.Document = documentOf(f)
	if t := trimText(caption); t != "" {
		m.Caption, m.CaptionEntities = t, detectEntities(t)
	}
	return s.post(c, m, true), nil
}

// EditText makes the user edit a text message of theirs in the private
// chat; the bot gets an edited_message update.
func (s *Server) EditText(userID int64, messageID int, newText string) (models.Update, error) {
	t, ents, err := userText(newText)
	if err != nil {
		return models.Update{}, fmt.Errorf("edit message %d of user %d: %w", messageID, userID, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, c, err := s.privateChat(userID, true)
	if err != nil {
		return models.Update{}, fmt.Errorf("edit message %d of user %d: %w", messageID, userID, err)
	}
	m := c.msg(messageID)
	if m == nil || m.Deleted || m.FromBot || m.Text == "" {
		return models.Update{}, fmt.Errorf("edit message %d of user %d: not a text message of theirs: %w", messageID, userID, ErrNoSuchMessage)
	}
	if m.Text == t {
		return models.Update{}, fmt.Errorf("edit message %d of user %d: %w", messageID, userID, ErrNotModified)
	}
	n := m.clone()
	n.Text, n.Entities = t, ents
	n.EditDate = int(s.now().Unix())
	wire := cloneWire(n.Message)
	upd := models.Update{EditedMessage: &wire}
	s.enqueue(&upd, "edited_message", c.info.ID)
	s.replaceMessage(c, &n, EventEdit)
	return cloneUpdate(upd), nil
}
