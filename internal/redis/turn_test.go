package redis_test

import (
	"errors"
	"sync"
	"testing"
	"time"

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
