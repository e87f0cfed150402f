// Package simulator is the local stand-in for the Telegram app: a web page
// with simulated phones side by side, each a chat with the bot, over the
// in-process Bot API of internal/botapi. The page, its CSS and its
// JavaScript are embedded, so the simulator works offline.
//
// Simulator is an http.Handler serving the page and a small JSON API:
//
//	GET  /api/phones                  the phones, in order
//	POST /api/phones                  add a phone {"name", "phone", "role"}
//	GET  /api/phones/{id}/chat        the transcript and the reply keyboard
//	POST /api/phones/{id}/text        type and send {"text"}
//	POST /api/phones/{id}/press       press an inline button {"message_id", "data"}
//	POST /api/phones/{id}/key         tap a reply-keyboard button {"text"}
//	POST /api/phones/{id}/contact     share the phone's own number
//	POST /api/phones/{id}/photo       send a photo (multipart: photo, caption)
//	POST /api/phones/{id}/location    share a location {"latitude", "longitude"}
//	GET  /api/files/{file_id}         download a file (photos, the XLSX export)
//	GET  /events                      server-sent events: every change, live
//
// Messages travel in the Bot API's own JSON (botapi.Message), so the page
// reads exactly what the bot sent.
//
// simulator imports internal/botapi, go-telegram/bot/models and the
// standard library.
package simulator
