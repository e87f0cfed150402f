// Package botapi is an in-process Telegram Bot API: the subset JagaNagari's
// bot uses, speaking the real wire format, so that a bot pointed at it with
// bot.WithServerURL cannot tell it from Telegram. The integration tests use
// it as their fake Bot API, and the local simulator (simulated phones in a
// web page) runs on it, so it behaves as a faithful server, not a stub.
//
// # What it serves
//
// Server is an http.Handler for /bot<token>/<method> and
// /file/bot<token>/<file_path>. Requests may be multipart (what
// go-telegram/bot sends), urlencoded, JSON or query parameters. Answers are
// {"ok":true,"result":...} or {"ok":false,"error_code":N,"description":...}
// with Telegram's descriptions ("Bad Request: chat not found", "Forbidden:
// bot was blocked by the user", ...). The methods are getMe, getUpdates (long
// polling, offset confirmation, 409 for a second poller or an active
// webhook), setWebhook, deleteWebhook, getWebhookInfo, sendMessage,
// editMessageText, editMessageReplyMarkup, deleteMessage,
// answerCallbackQuery, sendPhoto, sendMediaGroup, sendDocument, sendLocation,
// sendChatAction, getFile, setMyCommands, getMyCommands, deleteMyCommands and
// getChat. Text is plain, as the bot sends it: trimmed, marked with the
// entities Telegram finds by itself (bot_command, url, email, mention,
// hashtag), and limited to 4096 UTF-16 code units; callback_data to 64
// bytes. Where this server departs from Telegram on purpose: formatted text
// (parse_mode, explicit entities) is refused, webhooks may be plain http on
// any port, photos sent by URL are not fetched, and users added with AddUser
// count as having started the bot.
//
// # The users' side
//
// AddUser, AddGroup and AddMember set up the people (a user's private chat
// has the user's ID; groups have negative IDs and, like on Telegram, the bot
// only sees commands and mentions there unless SetPrivacyMode(false)).
// SendText, SendCommand, PressButton, PressButtonInGroup,
// PressKeyboardButton, ShareContact, SendPhoto, SendAlbum, SendLocation,
// SendSticker, SendVoice, SendDocument, EditText and SendTextInGroup make
// them act: each queues the update Telegram would send and returns it. A
// button can only be pressed if the bot's message shows it now. BlockBy
// makes a user block the bot; FailNext injects API errors (429 with
// retry_after, 403, 500, ...) for retry tests. Update ids count from 1 in
// memory; NumberUpdatesWith takes them from a counter kept elsewhere, so
// that a server started again goes on numbering, as Telegram does.
//
// # Watching
//
// Calls records every request with its answer; Chat returns a transcript,
// both sides, current after edits; Keyboard the reply keyboard on a user's
// screen; Commands the default command menu and ChatCommands a chat scope's
// (setMyCommands with an unknown chat in its scope is "chat not found", as
// on Telegram). Subscribe streams every change without
// ever blocking the server (4096 events of buffer per subscriber, then
// drops, visible as gaps in Event.Seq). WaitMessage, WaitCall, WaitIdle and
// WaitPolling let tests wait without sleeping.
//
// # Sink
//
// Sink (sink.go) is a lighter server for load tests: it answers sendMessage
// and the button acknowledgements for any chat, hands each message to a
// callback and keeps nothing.
//
// # In tests
//
//	srv := botapi.New("123:abc")
//	ts := httptest.NewServer(srv)
//	t.Cleanup(func() { srv.Close(); ts.Close() })
//	b, err := bot.New("123:abc", bot.WithServerURL(ts.URL), bot.WithSkipGetMe())
//	...
//	go b.Start(ctx) // a ctx that ends before the cleanups run, e.g. t.Context()
//	err = srv.AddUser(botapi.User{ID: 42, FirstName: "Rina", Phone: "+6281234567890"})
//	_, err = srv.SendCommand(42, "start")
//	m, err := srv.WaitMessage(ctx, 42, func(m botapi.Message) bool { return m.Text != "" })
//
// Close the Server before the httptest.Server: Close ends waiting long
// polls, which httptest.Server.Close would otherwise wait for. With
// bot.WithNotAsyncHandlers, b.Start returns only after its handlers, so no
// handler outlives the test. Outside tests, Start(addr) serves on a real
// listener and returns the URL for bot.WithServerURL.
//
// botapi imports the standard library and go-telegram/bot/models only (the
// JSON types); its tests also use go-telegram/bot itself as the client.
package botapi
