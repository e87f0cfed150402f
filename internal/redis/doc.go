// Package redis keeps each chat's engine.Session in Redis between updates.
//
// Handling one update costs two round trips, each one Lua script: Begin,
// before the engine runs, claims the chat's lock, drops an update already
// handled, counts the chat's updates for the rate limit and reads the
// session; Finish, after the records are written, saves the session with
// its TTL and lets the chat go. A chat's keys are <prefix>s:<chatID> (the
// session, compact JSON), l: (the lock), d: (the last handled update ids)
// and r: (the rate counter).
//
// Redis is a cache of conversations, not a record: losing it (a flush, an
// eviction, a restart without persistence) only means a chat starts afresh,
// and the records themselves live in Postgres.
//
// A store made SealWith keys seals each session (AES-256-GCM, bound to its
// chat) before it leaves the process: an unfinished form holds personal
// data, and Redis may write it to disk.
//
// redis imports internal/engine, internal/seal and go-redis (as goredis).
// Its tests need a real Redis; see package redistest.
package redis
