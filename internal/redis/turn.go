package redis

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/jaganagari/jaganagari/internal/engine"
)

// Turn is what Begin found for one update of a chat.
type Turn struct {
	// Session is the chat's session; Found is false for a new chat, an
	// expired session or a flushed Redis.
	Session engine.Session
	Found   bool
	// Duplicate is set when this update was already handled: Telegram
	// delivers at least once.
	Duplicate bool
	// Recent counts the chat's updates in the current rate window,
	// this one included.
	Recent int64
	// token proves this Turn holds the chat's lock.
	token string
}

// Busy is returned by Begin while another process handles the same chat.
var Busy = errors.New("chat is busy")

// Timings of the per-chat guard.
const (
	// lockTTL bounds how long a crashed process can hold a chat.
	lockTTL = 10 * time.Second
	// RateWindow is the window Recent counts updates in.
	RateWindow = time.Minute
	// RecentUpdates is how many of a chat's last update ids Begin
	// remembers. Telegram delivers again only what was not confirmed, and
	// the polling loop (bot/poll.go) never holds more than one getUpdates
	// batch (100 updates, of all chats) unconfirmed, so a repeat is always
	// among them.
	RecentUpdates = 128
	// RecentTTL is how long a chat's handled update ids outlive its last
	// update. A repeat comes within 24 hours, as Telegram keeps no update
	// longer; and Telegram numbers updates afresh, from a random id, only
	// after a week without any, when every chat has forgotten its ids, so
	// a new update is never taken for an old one.
	RecentTTL = 48 * time.Hour
)

// beginScript claims the chat's lock, rejects an update already seen, counts
// the update for rate limiting and reads the session: one round trip, and
// atomic, so two processes never both handle one chat's update. Another
// type at the session's key (a hash, say) reads as no session, flagged
// wrong; Finish's SET replaces it.
//
// An update is seen when its id is among the chat's RecentUpdates last
// handled ones, a capped list. Ids are not assumed to grow: one below the
// others but not among them is new (Telegram's fresh numbering after a quiet
// week, or a simulator started again from 1).
//
// The lock's token names the process, not the update. Within a process a
// chat's updates run one after another, so finding our own token means an
// earlier Finish failed (Redis was down) and left it behind: it is stale and
// taken over at once, rather than holding the chat until it expires.
//
// KEYS: lock, recent update ids, rate counter, session.
// ARGV: lock token, lock ttl ms, update id, rate window s, ids kept, ids ttl s.
var beginScript = goredis.NewScript(`
local holder = redis.call('GET', KEYS[1])
if holder and holder ~= ARGV[1] then
	return {'busy'}
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if tonumber(ARGV[3]) > 0 then
	if redis.call('LPOS', KEYS[2], ARGV[3]) then
		redis.call('DEL', KEYS[1])
		return {'dup'}
	end
	redis.call('LPUSH', KEYS[2], ARGV[3])
	redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[5]) - 1)
	redis.call('EXPIRE', KEYS[2], ARGV[6])
end
local n = redis.call('INCR', KEYS[3])
if n == 1 then
	redis.call('EXPIRE', KEYS[3], ARGV[4])
end
local s = redis.pcall('GET', KEYS[4])
local wrong = 0
if type(s) == 'table' then
	s, wrong = '', 1
elseif not s then
	s = ''
end
return {'ok', n, s, wrong}
`)

// finishScript saves the session (when one is given) and releases the lock
// if this process still holds it: one round trip.
//
// KEYS: lock, session. ARGV: lock token, session JSON or "", session ttl ms.
var finishScript = goredis.NewScript(`
if ARGV[2] ~= '' then
	redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[3])
end
if redis.call('GET', KEYS[1]) == ARGV[1] then
	redis.call('DEL', KEYS[1])
end
return 1
`)

// Begin starts handling update updateID of chatID. With Finish it is the
// whole of an update's Redis traffic: two round trips. updateID 0 skips the
// duplicate check (updates that did not come from Telegram).
//
// It returns Busy while another process holds the chat; the caller waits
// and tries again, which keeps one chat's updates one at a time across
// processes.
//
// A stored session that does not decode (corrupted, written by an
// incompatible deploy, or not a string at all) is not Found, and the chat
// starts afresh instead of being stuck behind an error on every message;
// each is counted in Undecodable, and the next Finish overwrites it. A
// session that decodes but has another engine.SchemaVersion is returned as
// is: engine.Advance resets it politely. err is set only when Redis could
// not answer (down, timed out, ctx done).
func (s *SessionStore) Begin(ctx context.Context, chatID, updateID int64) (Turn, error) {
	token := s.owner
	res, err := beginScript.Run(ctx, s.c,
		[]string{s.lockKey(chatID), s.recentKey(chatID), s.rateKey(chatID), s.key(chatID)},
		token, lockTTL.Milliseconds(), updateID, int(RateWindow.Seconds()), RecentUpdates, int(RecentTTL.Seconds()),
	).Slice()
	if err != nil {
		return Turn{}, fmt.Errorf("begin update: %w", err)
	}
	switch res[0] {
	case "busy":
		return Turn{}, Busy
	case "dup":
		return Turn{Duplicate: true}, nil
	}
	t := Turn{Recent: res[1].(int64), token: token}
	if wrong, _ := res[3].(int64); wrong == 1 {
		s.undecodable.Add(1)
	}
	if raw, _ := res[2].(string); raw != "" {
		sess, err := s.decode(chatID, []byte(raw))
		if err != nil {
			s.undecodable.Add(1)
		} else {
			t.Session, t.Found = sess, true
		}
	}
	return t, nil
}

// Finish saves sess (unless nil) and releases the chat taken by Begin.
func (s *SessionStore) Finish(ctx context.Context, chatID int64, t Turn, sess *engine.Session) error {
	var raw []byte
	if sess != nil {
		var err error
		if raw, err = s.encode(chatID, *sess); err != nil {
			return fmt.Errorf("encode session: %w", err)
		}
	}
	err := finishScript.Run(ctx, s.c, []string{s.lockKey(chatID), s.key(chatID)},
		t.token, string(raw), s.ttl.Milliseconds()).Err()
	if err != nil {
		return fmt.Errorf("finish update: %w", err)
	}
	return nil
}

func (s *SessionStore) lockKey(chatID int64) string {
	return s.prefix + "l:" + strconv.FormatInt(chatID, 10)
}

// recentKey holds the chat's last handled update ids.
func (s *SessionStore) recentKey(chatID int64) string {
	return s.prefix + "d:" + strconv.FormatInt(chatID, 10)
}

func (s *SessionStore) rateKey(chatID int64) string {
	return s.prefix + "r:" + strconv.FormatInt(chatID, 10)
}

func newToken() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
