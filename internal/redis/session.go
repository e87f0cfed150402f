package redis

import (
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
	sess, err = decodeSession(b)
	if err != nil {
		s.undecodable.Add(1)
		return engine.Session{}, false, nil
	}
	return sess, true, nil
}

// Save stores the chat's session with one SET that also sets the TTL.
func (s *SessionStore) Save(ctx context.Context, chatID int64, sess engine.Session) error {
	b, err := encodeSession(sess)
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
	keys := []string{s.key(chatID), s.lastKey(chatID), s.rateKey(chatID)}
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
