package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/url"
	"strings"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"

	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/render"
)

// maxRetryAfter caps how long one reply waits out Telegram's flood control;
// past that the chat is better served by the next update.
const maxRetryAfter = 30 * time.Second

// send renders and sends replies in order. A reply that cannot be rendered
// is replaced by error.internal, so the chat never goes silent. It returns
// the ID of the last message sent with a question's inline buttons (0 if
// none), for retireQuestion.
func (b *Bot) send(ctx context.Context, log *slog.Logger, chatID int64, lang string, replies []signedReply) (question int) {
	for _, r := range replies {
		asks := b.isQuestion(r.Reply) && r.File == nil
		params, err := b.message(chatID, lang, r)
		if err != nil {
			b.opts.Metrics.fail("render")
			log.Error("render reply", "msg", r.Msg, "err", err)
			params, err = b.message(chatID, lang, signedReply{Reply: engine.Say("error.internal", nil)})
			if err != nil {
				return question
			}
			asks = false
		}
		var id int
		if r.File != nil {
			err = b.sendFile(ctx, chatID, params, r.File)
		} else {
			id, err = b.sendMessage(ctx, params)
		}
		if err != nil {
			b.opts.Metrics.fail("send")
			if errors.Is(err, tgbot.ErrorForbidden) {
				log.Info("chat blocked the bot")
				return question
			}
			log.Error("send message", "msg", r.Msg, "err", err)
			return question
		}
		if asks {
			question = id
		}
	}
	return question
}

// sendMessage sends one message, waiting out a short flood control, and
// returns the message's ID.
func (b *Bot) sendMessage(ctx context.Context, p *tgbot.SendMessageParams) (int, error) {
	for {
		m, err := b.api.SendMessage(ctx, p)
		b.opts.Metrics.apiError(err)
		var flood *tgbot.TooManyRequestsError
		if !errors.As(err, &flood) {
			if err != nil {
				return 0, err
			}
			return m.ID, nil
		}
		wait := time.Duration(flood.RetryAfter) * time.Second
		if wait > maxRetryAfter {
			return 0, err
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// message renders one reply as sendMessage parameters.
func (b *Bot) message(chatID int64, lang string, r signedReply) (*tgbot.SendMessageParams, error) {
	r8 := b.opts.Renderer
	text, err := r8.Text(lang, r.Msg, r.Data)
	if err != nil {
		return nil, err
	}
	p := &tgbot.SendMessageParams{ChatID: chatID, Text: text}
	switch {
	case len(r.Buttons) > 0:
		kb := make([][]models.InlineKeyboardButton, 0, len(r.Buttons))
		for i, row := range r.Buttons {
			out := make([]models.InlineKeyboardButton, 0, len(row))
			for j, btn := range row {
				label, err := r8.Label(lang, btn)
				if err != nil {
					return nil, err
				}
				if btn.Share != nil {
					// A link to open, which answers nothing: no callback
					// data. One that cannot be built is left out: the
					// message and its other buttons matter more.
					u, err := b.shareURL(btn.Share)
					if err != nil {
						b.log.Warn("share button left out", "err", err)
						continue
					}
					out = append(out, models.InlineKeyboardButton{Text: label, URL: u})
					continue
				}
				out = append(out, models.InlineKeyboardButton{Text: label, CallbackData: r.data[i][j]})
			}
			if len(out) > 0 {
				kb = append(kb, out)
			}
		}
		if len(kb) > 0 {
			p.ReplyMarkup = models.InlineKeyboardMarkup{InlineKeyboard: kb}
		}
	case len(r.Keyboard) > 0:
		kb := make([][]models.KeyboardButton, len(r.Keyboard))
		for i, row := range r.Keyboard {
			kb[i] = make([]models.KeyboardButton, len(row))
			for j, btn := range row {
				label, err := r8.Label(lang, btn)
				if err != nil {
					return nil, err
				}
				kb[i][j] = models.KeyboardButton{Text: label, RequestContact: btn.Contact, RequestLocation: btn.Location}
			}
		}
		p.ReplyMarkup = models.ReplyKeyboardMarkup{Keyboard: kb, ResizeKeyboard: true}
	case r.RemoveKeyboard:
		p.ReplyMarkup = models.ReplyKeyboardRemove{RemoveKeyboard: true}
	}
	return p, nil
}

// sendFile sends a reply's file as a photo or a document, with the rendered
// message as its caption and the reply's buttons. Files are small (an
// export of a nagari, a chart), so they are uploaded from memory.
func (b *Bot) sendFile(ctx context.Context, chatID int64, p *tgbot.SendMessageParams, f *engine.File) error {
	upload := &models.InputFileUpload{Filename: f.Name, Data: bytes.NewReader(f.Data)}
	if f.Photo {
		_, err := b.api.SendPhoto(ctx, &tgbot.SendPhotoParams{ChatID: chatID, Photo: upload, Caption: p.Text, ReplyMarkup: p.ReplyMarkup})
		return err
	}
	_, err := b.api.SendDocument(ctx, &tgbot.SendDocumentParams{ChatID: chatID, Document: upload, Caption: p.Text, ReplyMarkup: p.ReplyMarkup})
	return err
}

// shareURL is the wa.me link that opens WhatsApp on a chat with the
// share's phone, its message written in: the default language, since the
// person's own is not known, and with the bot's start link when the share
// names a start parameter (only here is the bot's username known).
func (b *Bot) shareURL(sh *engine.Share) (string, error) {
	digits := strings.TrimPrefix(string(sh.Phone), "+")
	if digits == "" || strings.Trim(digits, "0123456789") != "" {
		return "", fmt.Errorf("share to a phone that is not in E.164 form")
	}
	data := make(map[string]any, len(sh.Data)+1)
	maps.Copy(data, sh.Data)
	data["Link"] = ""
	if sh.Start != "" {
		data["Link"] = domain.StartLink(b.username, sh.Start)
	}
	text, err := b.opts.Renderer.Text(render.DefaultLanguage, sh.Msg, data)
	if err != nil {
		return "", err
	}
	return "https://wa.me/" + digits + "?text=" + waEscape(text), nil
}

// waEscape escapes text for wa.me's text parameter, whose "+" WhatsApp
// does not read as a space: spaces are %20.
func waEscape(text string) string {
	return strings.ReplaceAll(url.QueryEscape(text), "+", "%20")
}
