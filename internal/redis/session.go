package redis

import (
	"bytes"
	"encoding/json"
	"errors"
	"strconv"
	"sync/atomic"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/seal"
)

// DefaultTTL is how long a chat's session outlives its last update. It is
// long because the session also remembers the chat's language; unfinished
// forms expire much sooner, in the engine (engine.FormTTL).
const DefaultTTL = 30 * 24 * time.Hour

// SessionStore loads and saves engine.Session values, one key per chat,
// through Begin and Finish (turn.go). It is safe for concurrent use.
//
// Two updates of the same chat handled at once would race (last Finish
// wins); the bot avoids that by handling a chat's updates in order within a
// process, and Begin's lock keeps processes apart. One store is one process:
// make a store per process, never two in one.
type SessionStore struct {
	c           goredis.UniversalClient
	prefix      string
	ttl         time.Duration
	undecodable atomic.Uint64
	// owner identifies this process in chat locks (see Begin).
	owner string
	// keys, when set, seal every session before it reaches Redis (see
	// SealWith).
	keys *seal.Keys
}

// SealWith makes the store seal sessions with keys before writing them, and
// returns it; call it once, before the store is used. An unfinished form
// holds a NIK, a phone number, an injury, and Redis may persist to disk, so
// a session is sealed like the records are. Sessions written before (plain
// JSON) still load, and are sealed by their next save; one sealed with a
// key that has left the ring loads as lost, so the chat starts afresh.
func (s *SessionStore) SealWith(keys *seal.Keys) *SessionStore {
	s.keys = keys
	return s
}

// NewSessionStore returns a store that keeps sessions under prefix (for
// example "jn:") with the given TTL, refreshed by every Finish that saves. A ttl of zero
// or less means DefaultTTL: a session is never stored without expiry,
// because its answers hold personal data.
func NewSessionStore(c goredis.UniversalClient, prefix string, ttl time.Duration) *SessionStore {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	return &SessionStore{c: c, prefix: prefix, ttl: ttl, owner: newToken()}
}

// Undecodable counts the stored sessions Begin has discarded because they
// did not decode, since the store was made. A rise after a deploy means the
// session format changed without raising engine.SchemaVersion; export it as
// a metric (a prometheus CounterFunc) rather than logging each one.
func (s *SessionStore) Undecodable() uint64 { return s.undecodable.Load() }

func (s *SessionStore) key(chatID int64) string {
	return s.prefix + "s:" + strconv.FormatInt(chatID, 10)
}

// sealedMark starts a sealed session: "~<key ID>~<sealed JSON>". JSON
// always starts with "{", so the two forms cannot be confused.
const sealedMark = '~'

// sessionField is what a chat's sealed session is bound to: a session
// copied to another chat's key does not open there.
func sessionField(chatID int64) string { return "redis.session:" + strconv.FormatInt(chatID, 10) }

// encode is the stored form of the chat's session: encodeSession, sealed
// when the store has keys.
func (s *SessionStore) encode(chatID int64, sess engine.Session) ([]byte, error) {
	b, err := encodeSession(sess)
	if err != nil || s.keys == nil {
		return b, err
	}
	id := s.keys.Current()
	sealed := s.keys.Seal(sessionField(chatID), string(b))
	out := make([]byte, 0, len(id)+2+len(sealed))
	out = append(out, sealedMark)
	out = append(out, id...)
	out = append(out, sealedMark)
	return append(out, sealed...), nil
}

// decode reads what encode wrote, sealed or not.
func (s *SessionStore) decode(chatID int64, b []byte) (engine.Session, error) {
	if len(b) == 0 || b[0] != sealedMark {
		return decodeSession(b)
	}
	id, sealed, ok := bytes.Cut(b[1:], []byte{sealedMark})
	if !ok || s.keys == nil {
		return engine.Session{}, errors.New("a sealed session and no keys to open it")
	}
	plain, err := s.keys.Open(string(id), sessionField(chatID), sealed)
	if err != nil {
		return engine.Session{}, err
	}
	return decodeSession([]byte(plain))
}

// encodeSession is the stored form of a session: the compact JSON given by
// engine.Session's short tags, with Touched in UTC (shorter, and free of the
// monotonic clock reading).
func encodeSession(s engine.Session) ([]byte, error) {
	s.Touched = s.Touched.UTC()
	return json.Marshal(s)
}

// decodeSession reads what encodeSession wrote. Unknown fields are ignored,
// so a rollback can read sessions written by a newer deploy.
func decodeSession(b []byte) (engine.Session, error) {
	var s engine.Session
	if err := json.Unmarshal(b, &s); err != nil {
		return engine.Session{}, err
	}
	return s, nil
}
