// Package bot is the Telegram adapter. It turns Telegram updates into
// engine inputs, runs the engine, has effects carried out by Records, saves
// the session and sends the replies, rendered from locales, back through the
// Bot API (go-telegram/bot).
//
// bot knows Telegram; nothing under internal/ does. It declares what it
// needs of storage as small interfaces (Sessions, Records) that
// internal/redis and internal/postgres satisfy without importing bot.
package bot
