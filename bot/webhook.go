package bot

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
)

// maxUpdateBytes caps a webhook body. Updates we act on are a few KB; the
// cap keeps a flood of junk from costing memory.
const maxUpdateBytes = 1 << 20

// WebhookHandler receives updates that Telegram posts. Requests without the
// secret Telegram was given in setWebhook are refused (compared in constant
// time), as are bodies that are too large or are not an update.
func (b *Bot) WebhookHandler(secret string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		got := r.Header.Get("X-Telegram-Bot-Api-Secret-Token")
		if subtle.ConstantTimeCompare([]byte(got), []byte(secret)) != 1 {
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		var u models.Update
		if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxUpdateBytes)).Decode(&u); err != nil {
			http.Error(w, "bad update", http.StatusBadRequest)
			return
		}
		b.Enqueue(r.Context(), &u)
		w.WriteHeader(http.StatusOK)
	})
}

// SetWebhook tells the Bot API to post updates to url with secret.
func (b *Bot) SetWebhook(ctx context.Context, url, secret string) error {
	_, err := b.api.SetWebhook(ctx, &tgbot.SetWebhookParams{
		URL:            url,
		SecretToken:    secret,
		AllowedUpdates: allowedUpdates, // as Poll asks: edits are answered too
	})
	if err != nil {
		return fmt.Errorf("set webhook: %w", err)
	}
	return nil
}
