package redis

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
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

// SessionStore loads and saves engine.Session values, one key per chat. It
// is safe for concurrent use.
//
// Two updates of the same chat handled at once would race (last Save
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
// example "jn:") with the given TTL, refreshed by every Save. A ttl of zero
// or less means DefaultTTL: a session is never stored without expiry,
// because its answers hold personal data.
func NewSessionStore(c goredis.UniversalClient, prefix string, ttl time.Duration) *SessionStore {
	if ttl <= 0 {
		ttl = DefaultTTL
	}
	return &SessionStore{c: c, prefix: prefix, ttl: ttl, owner: newToken()}
}

// Load returns the chat's session with one GET. ok is false when the chat
// has none: a new chat, an expired session, or a flushed Redis.
//
// A stored value that does not decode (corrupted, or written by an
// incompatible deploy) also gives ok false and a nil error, so the chat
// starts afresh instead of being stuck behind an error on every message.
// Each such value is counted in Undecodable; the next Save overwrites it.
// A session that decodes but has another engine.SchemaVersion is returned
// as is: engine.Advance resets it politely.
//
// err is set only when Redis could not answer (down, timed out, ctx done).
func (s *SessionStore) Load(ctx context.Context, chatID int64) (sess engine.Session, ok bool, err error) {
	b, err := s.c.Get(ctx, s.key(chatID)).Bytes()
	if errors.Is(err, goredis.Nil) {
		return engine.Session{}, false, nil
	}
	if isWrongType(err) {
		// Something else wrote another type at our key; Save's SET
		// replaces it. Treat it like an undecodable value.
		s.undecodable.Add(1)
		return engine.Session{}, false, nil
	}
	if err != nil {
		return engine.Session{}, false, fmt.Errorf("load session: %w", err)
	}
	sess, err = s.decode(chatID, b)
	if err != nil {
		s.undecodable.Add(1)
		return engine.Session{}, false, nil
	}
	return sess, true, nil
}

// Save stores the chat's session with one SET that also sets the TTL.
func (s *SessionStore) Save(ctx context.Context, chatID int64, sess engine.Session) error {
	b, err := s.encode(chatID, sess)
	if err != nil {
		return fmt.Errorf("encode session: %w", err)
	}
	if err := s.c.Set(ctx, s.key(chatID), b, s.ttl).Err(); err != nil {
		return fmt.Errorf("save session: %w", err)
	}
	return nil
}

// Delete forgets the chat's session, for example when the user asks for
// their data to be erased. Deleting a missing session is not an error.
func (s *SessionStore) Delete(ctx context.Context, chatID int64) error {
	keys := []string{s.key(chatID), s.recentKey(chatID), s.rateKey(chatID), s.legacyLastKey(chatID)}
	if err := s.c.Del(ctx, keys...).Err(); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// Undecodable counts the stored sessions Load has discarded because they did
// not decode, since the store was made. A rise after a deploy means the
// session format changed without raising engine.SchemaVersion; export it as
// a metric (a prometheus CounterFunc) rather than logging each one.
func (s *SessionStore) Undecodable() uint64 { return s.undecodable.Load() }

// isWrongType reports Redis's WRONGTYPE reply (GET on a hash, say).
func isWrongType(err error) bool {
	var re goredis.Error
	return errors.As(err, &re) && strings.HasPrefix(re.Error(), "WRONGTYPE")
}

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
