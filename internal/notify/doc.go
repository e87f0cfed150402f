// Package notify delivers the outbox: the notices composed by
// internal/notice and written by internal/postgres in the same
// transaction as the record they are about
// (a registration, an accident or death report, a status change) reach
// nagari staff, their Telegram group and workers through a Sender.
//
// # Routing
//
// A nagari notice goes to every active, reachable petugas_nagari of the
// nagari, and a copy (text only) to the nagari's linked group. A nagari
// with no such staff escalates to the petugas_kecamatan of its kecamatan,
// then to the admin_kabupaten. A notice that finds nobody at all is held
// and looked at again every few minutes, logged as an error each time:
// nothing is dropped silently. A direct notice (a worker's status change)
// goes to its chat. Telegram's 403 (the chat blocked the bot) marks that
// staff chat blocked and, when no one else at its level has the notice,
// passes it to the next level; a chat that keeps failing is given up on
// after MaxAttempts the same way.
//
// # Pacing
//
// At most 30 API calls per second for the whole bot: each call takes a
// token of the sender's own pacer (pacer.go: a token comes back a span
// after its call ended, so 31 calls never fit in one second at Telegram)
// and one of the 30 send tokens in Postgres that every sender process
// shares (migration 012); a sender that cannot reach them paces itself
// alone. Per chat, one message per ChatGap (1 s) or GroupGap (3 s: 20 per
// minute) for groups. The per-chat gap is enforced in Postgres when
// deliveries are claimed (one delivery in flight per chat, none sooner
// than the gap after the last one was marked sent), so it holds across
// sender processes, and between the parts of one delivery (text, then
// photos) in the sender, measured from the previous response. A 429 is
// honoured with its retry_after for every pending delivery to that chat;
// other failures retry with exponential backoff.
//
// # Exactly once, and the crash window
//
// The idempotency key is (outbox row, chat): fan-out inserts one delivery
// row per chat with ON CONFLICT DO NOTHING, and a delivery is claimed by
// one sender at a time (claims are serialised with an advisory lock and
// rows taken FOR UPDATE SKIP LOCKED), marked 'sending' before the API call
// and 'sent' after it. Two senders on one database therefore never send
// the same delivery twice, and a stopped sender (context cancelled) first
// finishes the call in hand and records it: the API call and the marking
// run on a context that outlives the stop.
//
// What no design can give with the Bot API is exactly-once across a crash
// (kill -9, power loss) after Telegram accepted a message and before the
// 'sent' mark committed: Telegram has no idempotent send and no way to ask
// whether a message went out. Such a delivery stays 'sending'; after Lease
// (5 minutes) Reclaim returns it to pending and it is sent again. We chose
// at-least-once for this window, about one HTTP round trip per crash,
// because a lost accident notice can cost a worker the 2 × 24 hour claim
// deadline, while a duplicate costs a staff member one extra message that
// carries the same report number. parts_sent narrows the window further:
// a notice whose text went out before the crash resends only its photos.
//
// # Test hooks
//
// Options.Now is the clock for every database comparison (reminders at 24
// and 44 hours, backoff, leases), so tests move time without sleeping;
// OnDone reports each finished delivery, so tests wait on a channel.
//
// notify imports bot (for its Signer), internal/render, internal/postgres,
// go-telegram/bot and golang.org/x/time/rate.
package notify
