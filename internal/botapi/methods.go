package botapi

import (
	"context"
	"encoding/json"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/go-telegram/bot/models"
)

// methods are the Bot API methods the server implements, by lower-case
// name: Telegram matches method names case-insensitively.
var methods = map[string]struct {
	name string
	fn   methodFunc
}{}

func init() {
	for name, fn := range map[string]methodFunc{
		"getMe":                  (*Server).getMe,
		"getUpdates":             (*Server).getUpdates,
		"setWebhook":             (*Server).setWebhook,
		"deleteWebhook":          (*Server).deleteWebhook,
		"getWebhookInfo":         (*Server).getWebhookInfo,
		"sendMessage":            (*Server).sendMessage,
		"editMessageText":        (*Server).editMessageText,
		"editMessageReplyMarkup": (*Server).editMessageReplyMarkup,
		"deleteMessage":          (*Server).deleteMessage,
		"answerCallbackQuery":    (*Server).answerCallbackQuery,
		"sendPhoto":              (*Server).sendPhoto,
		"sendMediaGroup":         (*Server).sendMediaGroup,
		"sendDocument":           (*Server).sendDocument,
		"sendLocation":           (*Server).sendLocation,
		"sendChatAction":         (*Server).sendChatAction,
		"getFile":                (*Server).getFile,
		"setMyCommands":          (*Server).setMyCommands,
		"getMyCommands":          (*Server).getMyCommands,
		"deleteMyCommands":       (*Server).deleteMyCommands,
		"getChat":                (*Server).getChat,
	} {
		methods[strings.ToLower(name)] = struct {
			name string
			fn   methodFunc
		}{name, fn}
	}
}

// lookupMethod returns the documented spelling of a method and its
// implementation; fn is nil for a method the server does not know.
func lookupMethod(method string) (string, methodFunc) {
	m, ok := methods[strings.ToLower(method)]
	if !ok {
		return method, nil
	}
	return m.name, m.fn
}

func (s *Server) getMe(context.Context, *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.botUser(), nil
}

// targetChat resolves chat_id. Only numeric IDs are known here: the
// simulated chats have no public @username. The caller holds s.mu.
func (s *Server) targetChat(p *params) (*chat, *apiError) {
	raw := strings.TrimSpace(p.str("chat_id"))
	if raw == "" {
		return nil, badRequest("chat_id is empty")
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return nil, errChatNotFound
	}
	c := s.chats[id]
	if c == nil {
		return nil, errChatNotFound
	}
	return c, nil
}

// sendChat resolves chat_id for a method that writes to the chat, which
// fails with 403 once the user has blocked the bot.
func (s *Server) sendChat(p *params) (*chat, *apiError) {
	c, e := s.targetChat(p)
	if e != nil {
		return nil, e
	}
	if c.blocked {
		return nil, errBlockedByUser
	}
	return c, nil
}

// newBotMessage starts the next message from the bot in c.
func (s *Server) newBotMessage(c *chat) *Message {
	bot := s.botRef()
	return &Message{
		FromBot: true,
		Message: models.Message{
			ID:   c.nextID(),
			From: &bot,
			Chat: c.info,
			Date: int(s.now().Unix()),
		},
	}
}

// applyMarkup puts reply_markup on a new bot message and updates the reply
// keyboard the user sees.
func applyMarkup(c *chat, m *Message, mk markup) {
	switch {
	case mk.inline != nil:
		m.ReplyMarkup = mk.inline
	case mk.keyboard != nil:
		m.Keyboard = mk.keyboard
		c.keyboard = mk.keyboard
	case mk.remove != nil:
		m.RemoveKeyboard = true
		c.keyboard = nil
	case mk.forceReply != nil:
		m.ForceReply = mk.forceReply
	}
}

// replyTarget resolves reply_parameters (or the older reply_to_message_id).
func (s *Server) replyTarget(c *chat, p *params) (*models.Message, *apiError) {
	var rp models.ReplyParameters
	if raw := p.str("reply_parameters"); raw != "" {
		if err := jsonUnmarshalString(raw, &rp); err != nil {
			return nil, badRequest("can't parse reply parameters JSON object")
		}
	} else {
		id, e := p.int("reply_to_message_id")
		if e != nil {
			return nil, e
		}
		rp.MessageID = id
		rp.AllowSendingWithoutReply = p.bool("allow_sending_without_reply")
	}
	if rp.MessageID == 0 {
		return nil, nil
	}
	target := c.msg(rp.MessageID)
	if target == nil || target.Deleted {
		if rp.AllowSendingWithoutReply {
			return nil, nil
		}
		return nil, badRequest("message to be replied not found")
	}
	w := cloneWire(target.Message)
	w.ReplyToMessage = nil // Telegram does not nest replies further
	return &w, nil
}

// prepareSend does what every send method does first: find the chat, check
// the reply target and the markup. The caller holds s.mu.
func (s *Server) prepareSend(p *params) (*chat, *Message, markup, *apiError) {
	c, e := s.sendChat(p)
	if e != nil {
		return nil, nil, markup{}, e
	}
	reply, e := s.replyTarget(c, p)
	if e != nil {
		return nil, nil, markup{}, e
	}
	mk, e := parseMarkup(p.str("reply_markup"), c.private())
	if e != nil {
		return nil, nil, markup{}, e
	}
	m := s.newBotMessage(c)
	m.ReplyToMessage = reply
	m.HasProtectedContent = p.bool("protect_content")
	return c, m, mk, nil
}

// finishSend stores a new bot message and returns it as the API answers.
func (s *Server) finishSend(c *chat, m *Message, mk markup) models.Message {
	applyMarkup(c, m, mk)
	s.addMessage(c, m)
	return cloneWire(m.Message)
}

func (s *Server) sendMessage(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, mk, e := s.prepareSend(p)
	if e != nil {
		return nil, e
	}
	text, ents, e := formatText(p.str("text"), p.str("parse_mode"), p.str("entities"), "text")
	if e != nil {
		return nil, e
	}
	m.Text, m.Entities = text, ents
	if raw := p.str("link_preview_options"); raw != "" {
		var lpo models.LinkPreviewOptions
		if err := jsonUnmarshalString(raw, &lpo); err != nil {
			return nil, badRequest("can't parse link preview options JSON object")
		}
		m.LinkPreviewOptions = &lpo
	}
	return s.finishSend(c, m, mk), nil
}

// editTarget finds the bot message an edit method names. The caller holds s.mu.
func (s *Server) editTarget(p *params) (*chat, *Message, *apiError) {
	if p.str("inline_message_id") != "" {
		// Inline mode is not simulated, so no inline message exists.
		return nil, nil, badRequest("MESSAGE_ID_INVALID")
	}
	c, e := s.sendChat(p)
	if e != nil {
		return nil, nil, e
	}
	id, e := p.int("message_id")
	if e != nil {
		return nil, nil, e
	}
	if id == 0 {
		return nil, nil, badRequest("message identifier is not specified")
	}
	m := c.msg(id)
	if m == nil || m.Deleted {
		return nil, nil, badRequest("message to edit not found")
	}
	if !m.FromBot {
		return nil, nil, badRequest("message can't be edited")
	}
	return c, m, nil
}

// editMarkup reads reply_markup for an edit, which only takes an inline
// keyboard. Leaving it out removes the keyboard, as on Telegram.
func editMarkup(p *params) (*models.InlineKeyboardMarkup, *apiError) {
	mk, e := parseMarkup(p.str("reply_markup"), true)
	if e != nil {
		return nil, e
	}
	if mk.keyboard != nil || mk.remove != nil || mk.forceReply != nil {
		return nil, badRequest("inline keyboard expected")
	}
	return mk.inline, nil
}

func (s *Server) editMessageText(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, e := s.editTarget(p)
	if e != nil {
		return nil, e
	}
	if m.Text == "" {
		return nil, badRequest("there is no text in the message to edit")
	}
	text, ents, e := formatText(p.str("text"), p.str("parse_mode"), p.str("entities"), "text")
	if e != nil {
		return nil, e
	}
	kb, e := editMarkup(p)
	if e != nil {
		return nil, e
	}
	if text == m.Text && sameEntities(ents, m.Entities) && sameInline(kb, m.ReplyMarkup) {
		return nil, errNotModified
	}
	n := m.clone()
	n.Text, n.Entities, n.ReplyMarkup = text, ents, kb
	n.EditDate = int(s.now().Unix())
	s.replaceMessage(c, &n, EventEdit)
	return cloneWire(n.Message), nil
}

func (s *Server) editMessageReplyMarkup(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, e := s.editTarget(p)
	if e != nil {
		return nil, e
	}
	kb, e := editMarkup(p)
	if e != nil {
		return nil, e
	}
	if sameInline(kb, m.ReplyMarkup) {
		return nil, errNotModified
	}
	n := m.clone()
	n.ReplyMarkup = kb
	n.EditDate = int(s.now().Unix())
	s.replaceMessage(c, &n, EventEdit)
	return cloneWire(n.Message), nil
}

func sameEntities(a, b []models.MessageEntity) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.Type != y.Type || x.Offset != y.Offset || x.Length != y.Length || x.URL != y.URL ||
			x.Language != y.Language || x.CustomEmojiID != y.CustomEmojiID {
			return false
		}
	}
	return true
}

func (s *Server) deleteMessage(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, e := s.targetChat(p)
	if e != nil {
		return nil, e
	}
	id, e := p.int("message_id")
	if e != nil {
		return nil, e
	}
	m := c.msg(id)
	if m == nil || m.Deleted {
		return nil, badRequest("message to delete not found")
	}
	// In groups a bot without admin rights deletes only its own messages.
	if !c.private() && !m.FromBot {
		return nil, badRequest("message can't be deleted")
	}
	n := m.clone()
	n.Deleted = true
	s.replaceMessage(c, &n, EventDelete)
	return true, nil
}

func (s *Server) answerCallbackQuery(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := p.str("callback_query_id")
	cb := s.callbacks[id]
	if cb == nil || cb.Answered {
		return nil, badRequest("query is too old and response timeout expired or query ID is invalid")
	}
	if utf16Len(p.str("text")) > 200 {
		return nil, badRequest("MESSAGE_TOO_LONG")
	}
	cb.Answered = true
	cb.Text = p.str("text")
	cb.ShowAlert = p.bool("show_alert")
	cb.URL = p.str("url")
	ev := *cb
	s.emit(Event{Kind: EventCallbackAnswer, ChatID: cb.ChatID, Callback: &ev})
	s.bump()
	return true, nil
}

// captionOf parses caption, parse_mode and caption_entities.
func captionOf(p *params) (string, []models.MessageEntity, *apiError) {
	return formatText(p.str("caption"), p.str("parse_mode"), p.str("caption_entities"), "caption")
}

// photoFrom turns a resolved input file into photo sizes.
func (s *Server) photoFrom(up *Upload, f *storedFile, link string) ([]models.PhotoSize, *apiError) {
	switch {
	case up != nil:
		cfg, mimeType, e := photoConfig(up.Data)
		if e != nil {
			return nil, e
		}
		return s.storePhoto(up.Data, mimeType, cfg.Width, cfg.Height, ""), nil
	case f != nil:
		if set := s.photoSets[f.id]; set != nil {
			return set, nil
		}
		return []models.PhotoSize{{FileID: f.id, FileUniqueID: f.uniqueID, FileSize: int(f.size)}}, nil
	default:
		return s.storePhoto(nil, "image/jpeg", 800, 600, link), nil
	}
}

// fileFrom turns a resolved input file into a stored file of a kind.
func (s *Server) fileFrom(kind fileKind, up *Upload, f *storedFile, link string) (*storedFile, *apiError) {
	switch {
	case up != nil:
		if len(up.Data) == 0 {
			return nil, badRequest("file must be non-empty")
		}
		name := up.Name
		if name == "" {
			name = string(kind)
		}
		return s.storeFile(kind, name, mimeFor(name, up.ContentType), up.Data, ""), nil
	case f != nil:
		return f, nil
	default:
		name := "file"
		if u, err := url.Parse(link); err == nil && path.Base(u.Path) != "/" && path.Base(u.Path) != "." {
			name = path.Base(u.Path)
		}
		return s.storeFile(kind, name, mimeFor(name, ""), nil, link), nil
	}
}

func documentOf(f *storedFile) *models.Document {
	return &models.Document{FileID: f.id, FileUniqueID: f.uniqueID, FileName: f.name, MimeType: f.mime, FileSize: f.size}
}

func (s *Server) sendPhoto(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, mk, e := s.prepareSend(p)
	if e != nil {
		return nil, e
	}
	caption, ents, e := captionOf(p)
	if e != nil {
		return nil, e
	}
	up, f, link, e := s.inputFile(p, "photo", kindPhoto)
	if e != nil {
		return nil, e
	}
	sizes, e := s.photoFrom(up, f, link)
	if e != nil {
		return nil, e
	}
	m.Photo, m.Caption, m.CaptionEntities = sizes, caption, ents
	m.HasMediaSpoiler = p.bool("has_spoiler")
	return s.finishSend(c, m, mk), nil
}

func (s *Server) sendDocument(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, mk, e := s.prepareSend(p)
	if e != nil {
		return nil, e
	}
	caption, ents, e := captionOf(p)
	if e != nil {
		return nil, e
	}
	up, f, link, e := s.inputFile(p, "document", kindDocument)
	if e != nil {
		return nil, e
	}
	doc, e := s.fileFrom(kindDocument, up, f, link)
	if e != nil {
		return nil, e
	}
	m.Document, m.Caption, m.CaptionEntities = documentOf(doc), caption, ents
	return s.finishSend(c, m, mk), nil
}

// inputMedia is one element of sendMediaGroup's media array.
type inputMedia struct {
	Type            string                 `json:"type"`
	Media           string                 `json:"media"`
	Caption         string                 `json:"caption"`
	ParseMode       string                 `json:"parse_mode"`
	CaptionEntities []models.MessageEntity `json:"caption_entities"`
	HasSpoiler      bool                   `json:"has_spoiler"`
	Width           int                    `json:"width"`
	Height          int                    `json:"height"`
	Duration        int                    `json:"duration"`
	Title           string                 `json:"title"`
	Performer       string                 `json:"performer"`
}

func (s *Server) sendMediaGroup(_ context.Context, p *params) (any, *apiError) {
	var items []inputMedia
	if err := jsonUnmarshalString(p.str("media"), &items); err != nil {
		return nil, badRequest("can't parse media JSON object")
	}
	if len(items) < 2 || len(items) > 10 {
		return nil, badRequest("wrong number of media in the group: must be 2-10")
	}
	kinds := map[string]bool{}
	for _, it := range items {
		switch it.Type {
		case "photo", "video", "document", "audio":
			kinds[it.Type] = true
		default:
			return nil, badRequest("unsupported media type %q in the media group", it.Type)
		}
	}
	if (kinds["document"] || kinds["audio"]) && len(kinds) > 1 {
		return nil, badRequest("documents and audio can't be mixed with other media types")
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	c, first, _, e := s.prepareSend(p)
	if e != nil {
		return nil, e
	}
	s.mediaGroup++
	groupID := strconv.FormatInt(13_000_000_000_000_000+s.mediaGroup, 10)

	// Build every message first, so a bad item sends nothing.
	var msgs []*Message
	for i, it := range items {
		m := s.newBotMessage(c)
		m.ID = c.nextID() + i
		m.MediaGroupID = groupID
		if i == 0 {
			m.ReplyToMessage = first.ReplyToMessage
		}
		m.HasProtectedContent = first.HasProtectedContent
		var ents string
		if len(it.CaptionEntities) > 0 {
			ents = string(mustJSON(it.CaptionEntities))
		}
		caption, capEnts, e := formatText(it.Caption, it.ParseMode, ents, "caption")
		if e != nil {
			return nil, e
		}
		m.Caption, m.CaptionEntities = caption, capEnts
		up, ref := p.attachment(it.Media)
		q := &params{values: map[string]string{it.Type: ref}}
		if up != nil {
			q.files = map[string]Upload{it.Type: *up}
		}
		kind := fileKind(it.Type)
		up, f, link, e := s.inputFile(q, it.Type, kind)
		if e != nil {
			return nil, e
		}
		switch kind {
		case kindPhoto:
			sizes, e := s.photoFrom(up, f, link)
			if e != nil {
				return nil, e
			}
			m.Photo = sizes
			m.HasMediaSpoiler = it.HasSpoiler
		default:
			sf, e := s.fileFrom(kind, up, f, link)
			if e != nil {
				return nil, e
			}
			switch kind {
			case kindVideo:
				m.Video = &models.Video{FileID: sf.id, FileUniqueID: sf.uniqueID, Width: it.Width, Height: it.Height, Duration: it.Duration, FileName: sf.name, MimeType: sf.mime, FileSize: sf.size}
			case kindAudio:
				m.Audio = &models.Audio{FileID: sf.id, FileUniqueID: sf.uniqueID, Duration: it.Duration, Title: it.Title, Performer: it.Performer, FileName: sf.name, MimeType: sf.mime, FileSize: sf.size}
			case kindDocument:
				m.Document = documentOf(sf)
			}
		}
		msgs = append(msgs, m)
	}
	out := make([]models.Message, len(msgs))
	for i, m := range msgs {
		s.addMessage(c, m)
		out[i] = cloneWire(m.Message)
	}
	return out, nil
}

func (s *Server) sendLocation(_ context.Context, p *params) (any, *apiError) {
	lat, okLat, e := p.float("latitude")
	if e != nil {
		return nil, e
	}
	lon, okLon, e := p.float("longitude")
	if e != nil {
		return nil, e
	}
	if !okLat || !okLon || lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return nil, badRequest("wrong latitude or longitude specified")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, m, mk, e := s.prepareSend(p)
	if e != nil {
		return nil, e
	}
	acc, _, e := p.float("horizontal_accuracy")
	if e != nil {
		return nil, e
	}
	live, e := p.int("live_period")
	if e != nil {
		return nil, e
	}
	m.Location = &models.Location{Latitude: lat, Longitude: lon, HorizontalAccuracy: acc, LivePeriod: live}
	return s.finishSend(c, m, mk), nil
}

var chatActions = []string{
	"typing", "upload_photo", "record_video", "upload_video", "record_voice", "upload_voice",
	"upload_document", "choose_sticker", "find_location", "record_video_note", "upload_video_note",
}

func (s *Server) sendChatAction(_ context.Context, p *params) (any, *apiError) {
	action := p.str("action")
	if action == "" {
		return nil, badRequest("action is empty")
	}
	if !slices.Contains(chatActions, action) {
		return nil, badRequest("wrong parameter action in request")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	c, e := s.sendChat(p)
	if e != nil {
		return nil, e
	}
	s.emit(Event{Kind: EventChatAction, ChatID: c.info.ID, Action: action})
	s.bump()
	return true, nil
}

func (s *Server) getChat(_ context.Context, p *params) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, e := s.targetChat(p)
	if e != nil {
		return nil, e
	}
	return models.ChatFullInfo{
		ID:                c.info.ID,
		Type:              c.info.Type,
		Title:             c.info.Title,
		Username:          c.info.Username,
		FirstName:         c.info.FirstName,
		LastName:          c.info.LastName,
		MaxReactionCount:  11,
		AcceptedGiftTypes: models.AcceptedGiftTypes{UnlimitedGifts: true, LimitedGifts: true, UniqueGifts: true},
	}, nil
}

var (
	reCommandName = regexp.MustCompile(`^[a-z0-9_]{1,32}$`)
	reLanguage    = regexp.MustCompile(`^([a-z]{2})?$`)
)

// commandsKey names a command list by scope and language, as Telegram
// keeps one list per pair.
func (s *Server) commandsKey(p *params) (string, *apiError) {
	lang := p.str("language_code")
	if !reLanguage.MatchString(lang) {
		return "", badRequest("invalid language code specified")
	}
	scope := struct {
		Type   string          `json:"type"`
		ChatID json.RawMessage `json:"chat_id"`
		UserID json.RawMessage `json:"user_id"`
	}{Type: "default"}
	if raw := p.str("scope"); raw != "" {
		if err := jsonUnmarshalString(raw, &scope); err != nil || scope.Type == "" {
			return "", badRequest("can't parse BotCommandScope JSON object")
		}
	}
	chat := ""
	switch scope.Type {
	case "default", "all_private_chats", "all_group_chats", "all_chat_administrators":
	case "chat", "chat_administrators", "chat_member":
		// chat_id may be a number or a string holding one, as elsewhere.
		id, err := strconv.ParseInt(strings.Trim(string(scope.ChatID), `"`), 10, 64)
		if err != nil {
			return "", badRequest("chat not found")
		}
		s.mu.Lock()
		_, known := s.chats[id]
		s.mu.Unlock()
		if !known {
			return "", badRequest("chat not found")
		}
		chat = strconv.FormatInt(id, 10)
	default:
		return "", badRequest("wrong BotCommandScope type specified")
	}
	return commandsKeyOf(scope.Type, chat, string(scope.UserID), lang), nil
}

// commandsKeyOf is the key of the command list of a scope type, chat,
// user and language.
func commandsKeyOf(scope, chat, user, lang string) string {
	return scope + "|" + chat + "|" + user + "|" + lang
}

func (s *Server) setMyCommands(_ context.Context, p *params) (any, *apiError) {
	var cmds []models.BotCommand
	if err := jsonUnmarshalString(p.str("commands"), &cmds); err != nil {
		return nil, badRequest("can't parse commands JSON object")
	}
	if len(cmds) > 100 {
		return nil, badRequest("too many commands specified")
	}
	for _, c := range cmds {
		if !reCommandName.MatchString(c.Command) {
			return nil, badRequest("BOT_COMMAND_INVALID")
		}
		if n := utf16Len(strings.TrimSpace(c.Description)); n == 0 || n > 256 {
			return nil, badRequest("BOT_COMMAND_DESCRIPTION_INVALID")
		}
	}
	key, e := s.commandsKey(p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(cmds) == 0 {
		delete(s.commands, key)
	} else {
		s.commands[key] = cmds
	}
	return true, nil
}

func (s *Server) getMyCommands(_ context.Context, p *params) (any, *apiError) {
	key, e := s.commandsKey(p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]models.BotCommand{}, s.commands[key]...), nil
}

func (s *Server) deleteMyCommands(_ context.Context, p *params) (any, *apiError) {
	key, e := s.commandsKey(p)
	if e != nil {
		return nil, e
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.commands, key)
	return true, nil
}

// Commands returns the bot's command menu for the default scope in a
// language: the list set for that language code, or else the one set
// without a language, as Telegram clients choose.
func (s *Server) Commands(languageCode string) []models.BotCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	if cmds, ok := s.commands["default|||"+languageCode]; ok {
		return append([]models.BotCommand(nil), cmds...)
	}
	return append([]models.BotCommand(nil), s.commands["default|||"]...)
}

// ChatCommands returns the command list set for one chat's scope
// (BotCommandScopeChat) in a language, exactly as set: ok is false when the
// chat has no list of its own there, and its users see the default one.
func (s *Server) ChatCommands(chatID int64, languageCode string) (cmds []models.BotCommand, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	cmds, ok = s.commands[commandsKeyOf("chat", strconv.FormatInt(chatID, 10), "", languageCode)]
	return append([]models.BotCommand(nil), cmds...), ok
}
