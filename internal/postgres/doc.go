// Package postgres keeps JagaNagari's records in PostgreSQL: registrations,
// accident and death reports with their photos, the nagari reference list
// with participation and quotas, staff, invites and linked groups, the
// append-only audit trail, and each chat's language. Store carries out the
// engine's Effects (apply.go), each in one transaction with the notices it
// causes; Outbox is those notices and their deliveries, reminders and
// shared send tokens, for notify.Sender. Migrate applies the embedded
// migrations and seeds the nagari.
//
// Every statement names tables without a schema, so the schema is whatever
// the connection's search_path names: public in production, t_<random> in a
// test (see the pgtest subpackage). Values always travel as query
// parameters, never inside SQL text.
//
// NIKs, phone numbers and the account of an accident or death are sealed
// with internal/seal before they are written and opened after they are
// read (sealed.go); Postgres never holds them in the clear, and a NIK is
// found by its blind index. Each row's key_id names the key its sealed
// columns share, which RotateKeys moves to the newest key.
//
// The notices a write sends to staff or a worker are composed by
// internal/notice from the record just written; Enqueue stores the value it
// is given in the outbox, in the write's own transaction.
//
// Errors are wrapped with what was being done and never carry personal data
// (a NIK, name or phone number); a business outcome such as a NIK that is
// already registered is an engine.Result, not an error.
//
// The store answers typed data only: export rows and figures, never files.
// The spreadsheets and charts are made by bot with internal/export and
// internal/chart; TestStoreRendersNoFiles keeps them, and the image
// packages, out of this package's dependencies.
//
// postgres imports internal/domain, internal/engine, internal/notice,
// internal/seal, pgx and tern; nothing in the module but cmd/jaganagari,
// internal/notify and tests should import it.
package postgres
