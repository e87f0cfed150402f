// Package redis keeps each chat's engine.Session in Redis between updates.
//
// A session is one key, <prefix>s:<chatID>, holding the session as compact
// JSON with a TTL. Handling one update costs at most two round trips: one
// GET in Load before engine.Advance, one SET (value and TTL together) in
// Save after the records are written. Nothing else touches Redis on the
// hot path.
//
// Redis is a cache of conversations, not a record: losing it (a flush, an
// eviction, a restart without persistence) only means a chat starts afresh,
// and the records themselves live in Postgres.
//
// A store made SealWith keys seals each session (AES-256-GCM, bound to its
// chat) before it leaves the process: an unfinished form holds personal
// data, and Redis may write it to disk.
//
// redis imports internal/engine, internal/seal and go-redis (as goredis). Its tests need a
// real Redis; see package redistest.
package redis
