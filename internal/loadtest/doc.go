// Package loadtest drives simulated workers through whole registrations
// against a bot's webhook over real HTTP, and measures what they feel.
//
// A Phase has N virtual workers. Each posts one update, waits for the bot's
// replies to reach a botapi.Sink (matched to the update by chat), reads
// them as a person would, and only then posts the next update: so N is
// also the number of updates in flight. The same script drives the real bot
// and a bare go-telegram/bot handler that answers every update with one
// message, which makes the result a ratio that holds on a noisy machine.
//
// loadtest knows the registration flow only from the outside: the updates
// a person sends and the buttons (callback data "<step>|<value>") the bot
// shows. It imports the standard library, go-telegram/bot/models (the JSON
// types) and internal/botapi (the sink's message type). Starting the bots,
// Redis and Postgres is cmd/jaganagari's job.
package loadtest
