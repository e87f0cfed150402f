package botapi

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"

	"github.com/go-telegram/bot/models"
)

const (
	maxCallbackData    = 64 // bytes
	maxKeyboardButtons = 100
)

// markup is a parsed reply_markup: at most one of the fields is set.
type markup struct {
	inline     *models.InlineKeyboardMarkup
	keyboard   *models.ReplyKeyboardMarkup
	remove     *models.ReplyKeyboardRemove
	forceReply *models.ForceReply
}

func jsonUnmarshalString(s string, v any) error { return json.Unmarshal([]byte(s), v) }

// parseMarkup reads and validates a reply_markup field. private tells
// whether the chat is private: only there may buttons ask for a phone
// number or a location.
func parseMarkup(raw string, private bool) (markup, *apiError) {
	var mk markup
	if raw == "" {
		return mk, nil
	}
	var fields map[string]json.RawMessage
	if err := jsonUnmarshalString(raw, &fields); err != nil {
		return mk, badRequest("can't parse reply keyboard markup JSON object")
	}
	switch {
	case fields["inline_keyboard"] != nil:
		var kb models.InlineKeyboardMarkup
		if err := jsonUnmarshalString(raw, &kb); err != nil {
			return mk, badRequest("field \"inline_keyboard\" of the InlineKeyboardMarkup should be an Array of Arrays")
		}
		if e := checkInline(&kb); e != nil {
			return mk, e
		}
		if countInline(&kb) > 0 {
			mk.inline = &kb
		}
	case fields["keyboard"] != nil:
		var kb models.ReplyKeyboardMarkup
		if err := jsonUnmarshalString(raw, &kb); err != nil {
			return mk, badRequest("field \"keyboard\" of the ReplyKeyboardMarkup should be an Array of Arrays")
		}
		if e := checkKeyboard(&kb, private); e != nil {
			return mk, e
		}
		mk.keyboard = &kb
	case fields["remove_keyboard"] != nil:
		var rk models.ReplyKeyboardRemove
		if err := jsonUnmarshalString(raw, &rk); err != nil || !rk.RemoveKeyboard {
			return mk, badRequest("can't parse reply keyboard markup JSON object")
		}
		mk.remove = &rk
	case fields["force_reply"] != nil:
		var fr models.ForceReply
		if err := jsonUnmarshalString(raw, &fr); err != nil || !fr.ForceReply {
			return mk, badRequest("can't parse reply keyboard markup JSON object")
		}
		mk.forceReply = &fr
	case len(fields) == 0:
	default:
		return mk, badRequest("can't parse reply keyboard markup JSON object")
	}
	return mk, nil
}

func countInline(kb *models.InlineKeyboardMarkup) int {
	n := 0
	for _, row := range kb.InlineKeyboard {
		n += len(row)
	}
	return n
}

func checkInline(kb *models.InlineKeyboardMarkup) *apiError {
	if countInline(kb) > maxKeyboardButtons {
		return badRequest("reply markup is too long")
	}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if b.Text == "" {
				return badRequest("can't parse inline keyboard button: Text must be non-empty")
			}
			if !utf8.ValidString(b.Text) || !utf8.ValidString(b.CallbackData) {
				return badRequest("inline keyboard button text must be encoded in UTF-8")
			}
			if len(b.CallbackData) > maxCallbackData {
				return badRequest("BUTTON_DATA_INVALID")
			}
			actions := 0
			for _, set := range []bool{
				b.URL != "", b.CallbackData != "", b.WebApp != nil, b.LoginURL != nil,
				b.SwitchInlineQuery != "", b.SwitchInlineQueryCurrentChat != "",
				b.SwitchInlineQueryChosenChat != nil, b.CopyText.Text != "",
				b.CallbackGame != nil, b.Pay,
			} {
				if set {
					actions++
				}
			}
			if actions == 0 {
				return badRequest("text buttons are unallowed in the inline keyboard")
			}
			if b.URL != "" {
				if _, ok := checkedURL(b.URL); !ok {
					return badRequest("inline keyboard button URL '%s' is invalid: Wrong HTTP URL", b.URL)
				}
			}
		}
	}
	return nil
}

func checkKeyboard(kb *models.ReplyKeyboardMarkup, private bool) *apiError {
	n := 0
	for _, row := range kb.Keyboard {
		for _, b := range row {
			n++
			if b.Text == "" {
				return badRequest("keyboard button text must be non-empty")
			}
			if !private && b.RequestContact {
				return badRequest("phone number can be requested in private chats only")
			}
			if !private && b.RequestLocation {
				return badRequest("location can be requested in private chats only")
			}
		}
	}
	if n > maxKeyboardButtons {
		return badRequest("reply markup is too long")
	}
	return nil
}

// sameInline reports whether two inline keyboards show the same buttons.
func sameInline(a, b *models.InlineKeyboardMarkup) bool {
	if a == nil || b == nil {
		return a == b
	}
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return bytes.Equal(ja, jb)
}

// hasCallback reports whether the keyboard has a button with this data.
func hasCallback(kb *models.InlineKeyboardMarkup, data string) bool {
	if kb == nil {
		return false
	}
	for _, row := range kb.InlineKeyboard {
		for _, b := range row {
			if b.CallbackData != "" && b.CallbackData == data {
				return true
			}
		}
	}
	return false
}
