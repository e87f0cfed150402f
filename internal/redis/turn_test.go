package redis_test

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/redis"
	"github.com/jaganagari/jaganagari/internal/redis/redistest"
)

func TestBeginFinish(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, prefix := redistest.New(t)
	s := redis.NewSessionStore(c, prefix, time.Hour)
	const chat = 42

	turn, err := s.Begin(ctx, chat, 100)
	if err != nil || turn.Found || turn.Duplicate || turn.Recent != 1 {
		t.Fatalf("first turn = %+v, %v", turn, err)
	}
	other := redis.NewSessionStore(c, prefix, time.Hour) // another process
	if _, err := other.Begin(ctx, chat, 101); !errors.Is(err, redis.Busy) {
		t.Fatalf("another process's Begin while the first holds the chat: %v, want Busy", err)
	}
	sess := engine.Session{V: engine.SchemaVersion, Step: "reg.nik", Touched: time.Unix(1, 0).UTC()}
	if err := s.Finish(ctx, chat, turn, &sess); err != nil {
		t.Fatal(err)
	}

	turn, err = s.Begin(ctx, chat, 101)
	if err != nil || !turn.Found || turn.Session.Step != "reg.nik" || turn.Recent != 2 {
		t.Fatalf("next turn = %+v, %v", turn, err)
	}
	if err := s.Finish(ctx, chat, turn, nil); err != nil { // release without saving
		t.Fatal(err)
	}

	for _, id := range []int64{101, 100} {
		turn, err = s.Begin(ctx, chat, id)
		if err != nil || !turn.Duplicate {
			t.Fatalf("update %d again = %+v, %v; want duplicate", id, turn, err)
		}
	}
	// A duplicate leaves the chat free.
	turn, err = s.Begin(ctx, chat, 102)
	if err != nil || turn.Duplicate {
		t.Fatalf("update 102 = %+v, %v", turn, err)
	}
	if err := s.Finish(ctx, chat, turn, nil); err != nil {
		t.Fatal(err)
	}
}

func TestBeginOneChatAtATime(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, prefix := redistest.New(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	won := 0
	for i := range 20 {
		s := redis.NewSessionStore(c, prefix, time.Hour) // 20 processes
		wg.Go(func() {
			if _, err := s.Begin(ctx, 7, int64(1000+i)); err == nil {
				mu.Lock()
				won++
				mu.Unlock()
			} else if !errors.Is(err, redis.Busy) {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if won != 1 {
		t.Fatalf("%d processes hold the chat at once, want 1", won)
	}
	ttl, err := c.PTTL(ctx, prefix+"l:7").Result()
	if err != nil || ttl <= 0 || ttl > 10*time.Second {
		t.Fatalf("lock ttl %v, %v: a crashed holder must not keep the chat forever", ttl, err)
	}
}

func TestFinishDoesNotReleaseAnotherHoldersLock(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, prefix := redistest.New(t)
	first := redis.NewSessionStore(c, prefix, time.Hour)
	second := redis.NewSessionStore(c, prefix, time.Hour)
	stale, err := first.Begin(ctx, 9, 1)
	if err != nil {
		t.Fatal(err)
	}
	// The first process's lock expired and another process took the chat.
	if err := c.Del(ctx, prefix+"l:9").Err(); err != nil {
		t.Fatal(err)
	}
	current, err := second.Begin(ctx, 9, 2)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Finish(ctx, 9, stale, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := first.Begin(ctx, 9, 3); !errors.Is(err, redis.Busy) {
		t.Fatalf("stale Finish released the current holder's lock: %v", err)
	}
	if err := second.Finish(ctx, 9, current, nil); err != nil {
		t.Fatal(err)
	}
}

func TestOwnLeftoverLockIsTakenOver(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, prefix := redistest.New(t)
	s := redis.NewSessionStore(c, prefix, time.Hour)
	if _, err := s.Begin(ctx, 11, 1); err != nil {
		t.Fatal(err)
	}
	// Finish never ran (Redis was down): the same process goes on at once.
	turn, err := s.Begin(ctx, 11, 2)
	if err != nil || turn.Duplicate {
		t.Fatalf("own leftover lock blocked the chat: %+v, %v", turn, err)
	}
}

func TestBeginCountsCorruptSessionsAsMissing(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, prefix := redistest.New(t)
	s := redis.NewSessionStore(c, prefix, time.Hour)
	if err := c.Set(ctx, prefix+"s:5", "{not json", 0).Err(); err != nil {
		t.Fatal(err)
	}
	turn, err := s.Begin(ctx, 5, 1)
	if err != nil || turn.Found || s.Undecodable() != 1 {
		t.Fatalf("turn %+v err %v undecodable %d", turn, err, s.Undecodable())
	}
}

// Telegram numbers a bot's updates anew, at random, after a week without
// any, and the simulator once started again from 1 after a restart: an
// update far below the ones a chat had is new, not a repeat.
func TestBeginAcceptsANewIDFarBelowTheLast(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, prefix := redistest.New(t)
	s := redis.NewSessionStore(c, prefix, time.Hour)
	const chat = 43
	handle := func(id int64) redis.Turn {
		t.Helper()
		turn, err := s.Begin(ctx, chat, id)
		if err != nil {
			t.Fatalf("update %d: %v", id, err)
		}
		if !turn.Duplicate {
			if err := s.Finish(ctx, chat, turn, nil); err != nil {
				t.Fatal(err)
			}
		}
		return turn
	}
	for _, id := range []int64{900_000_000, 900_000_001} {
		if handle(id).Duplicate {
			t.Fatalf("first delivery of update %d dropped as a repeat", id)
		}
	}
	for _, id := range []int64{1, 2} {
		if handle(id).Duplicate {
			t.Fatalf("update %d, new but below the chat's earlier ones, dropped as a repeat", id)
		}
	}
	for _, id := range []int64{900_000_000, 900_000_001, 1, 2} {
		if !handle(id).Duplicate {
			t.Errorf("update %d delivered again was handled again", id)
		}
	}
}

// A chat remembers its last RecentUpdates ids, which covers every update
// that can come back: Telegram redelivers only what was not confirmed, and
// the polling loop keeps at most a getUpdates batch (100) unconfirmed.
func TestBeginRemembersTheRecentUpdatesForLessThanAWeek(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, prefix := redistest.New(t)
	s := redis.NewSessionStore(c, prefix, redis.DefaultTTL)
	const chat = 44
	const n = redis.RecentUpdates + 50
	for id := int64(1); id <= n; id++ {
		turn, err := s.Begin(ctx, chat, id)
		if err != nil || turn.Duplicate {
			t.Fatalf("update %d = %+v, %v", id, turn, err)
		}
		if err := s.Finish(ctx, chat, turn, nil); err != nil {
			t.Fatal(err)
		}
	}
	for id := int64(n - redis.RecentUpdates + 1); id <= n; id++ {
		turn, err := s.Begin(ctx, chat, id)
		if err != nil || !turn.Duplicate {
			t.Fatalf("update %d, one of the last %d, delivered again = %+v, %v; want duplicate", id, redis.RecentUpdates, turn, err)
		}
	}
	key := prefix + "d:44"
	if size, err := c.LLen(ctx, key).Result(); err != nil || size != redis.RecentUpdates {
		t.Errorf("%d ids kept (%v), want %d: memory per chat must stay bounded", size, err, redis.RecentUpdates)
	}
	// Telegram only reuses ids after a week without updates: by then the
	// chat must have forgotten its ids, however long its session lives.
	ttl, err := c.TTL(ctx, key).Result()
	if err != nil || ttl <= 24*time.Hour || ttl > 3*24*time.Hour {
		t.Errorf("handled ids kept for %v (%v), want more than Telegram's 24 hours of redelivery and well under a week", ttl, err)
	}
}

// countCalls counts the commands a client sends to Redis, each a round trip.
type countCalls struct{ n atomic.Int64 }

func (h *countCalls) DialHook(next goredis.DialHook) goredis.DialHook { return next }

func (h *countCalls) ProcessHook(next goredis.ProcessHook) goredis.ProcessHook {
	return func(ctx context.Context, cmd goredis.Cmder) error {
		h.n.Add(1)
		return next(ctx, cmd)
	}
}

func (h *countCalls) ProcessPipelineHook(next goredis.ProcessPipelineHook) goredis.ProcessPipelineHook {
	return func(ctx context.Context, cmds []goredis.Cmder) error {
		h.n.Add(1)
		return next(ctx, cmds)
	}
}

func TestAnUpdateTakesTwoRoundTrips(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	c, prefix := redistest.New(t)
	calls := &countCalls{}
	c.AddHook(calls)
	s := redis.NewSessionStore(c, prefix, time.Hour)
	const chat = 45
	sess := engine.Session{V: engine.SchemaVersion, Step: "reg.nik"}
	update := func(id int64) (redis.Turn, int64) {
		t.Helper()
		before := calls.n.Load()
		turn, err := s.Begin(ctx, chat, id)
		if err != nil {
			t.Fatal(err)
		}
		if !turn.Duplicate {
			if err := s.Finish(ctx, chat, turn, &sess); err != nil {
				t.Fatal(err)
			}
		}
		return turn, calls.n.Load() - before
	}
	update(1000) // loads the scripts into Redis's cache (EVALSHA, then EVAL once)
	for _, id := range []int64{1001, 5, 6} {
		if _, n := update(id); n != 2 {
			t.Errorf("update %d took %d round trips, want 2 (Begin and Finish)", id, n)
		}
	}
	if turn, n := update(5); !turn.Duplicate || n != 1 {
		t.Errorf("a repeat took %d round trips (duplicate %v), want 1", n, turn.Duplicate)
	}
}
