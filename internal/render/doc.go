// Package render turns the engine's message IDs into text in a chat's
// language, from the go-i18n message files in locales/. The bot renders
// every reply and the words on its charts with it, the outbox sender every
// notice, and the flows' transcript tests their golden conversations.
//
// render imports internal/engine, go-i18n and nothing of Telegram.
package render
