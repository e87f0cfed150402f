// Package bot is the Telegram adapter. It turns Telegram updates into
// engine inputs, runs the engine, has effects carried out by Records, saves
// the session and sends the replies, rendered from locales, back through the
// Bot API (go-telegram/bot).
//
// Updates arrive through the webhook (WebhookHandler) or by long polling
// (Poll, poll.go), whose offset never passes an update still in hand.
//
// bot knows Telegram; nothing under internal/ does. It declares what it
// needs of storage as small interfaces (Sessions, Records) that
// internal/redis and internal/postgres satisfy without importing bot.
package bot
