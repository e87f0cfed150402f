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
//
// The store answers typed data only; the files some answers are shown with
// (the /rekap and /cakupan charts, the export's XLSX and CSV) are made here,
// by internal/chart and internal/export, after Records.Apply and before the
// flow puts them on replies (files.go).
package bot
