package bot_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/bot"
	"github.com/jaganagari/jaganagari/internal/engine"
	"github.com/jaganagari/jaganagari/internal/redis"
)

// gatedSessions holds one chat's updates at Begin until released, the way
// a process that dies mid-update never gets past it.
type gatedSessions struct {
	bot.Sessions
	chat    int64
	entered chan struct{} // closed when the chat's first update arrives
	release chan struct{}
}

func (g *gatedSessions) Begin(ctx context.Context, chatID, updateID int64) (redis.Turn, error) {
	if chatID == g.chat {
		select {
		case <-g.entered:
		default:
			close(g.entered)
		}
		<-g.release
	}
	return g.Sessions.Begin(ctx, chatID, updateID)
}

func (g *gatedSessions) Finish(ctx context.Context, chatID int64, t redis.Turn, s *engine.Session) error {
	return g.Sessions.Finish(ctx, chatID, t, s)
}

// TestPollLeavesAnUpdateInHandForTheNextProcess: a bot fetches a worker's
// update and hangs before handling it; other chats are still served, the
// update stays unconfirmed at Telegram, and the next bot process gets and
// answers it. (go-telegram/bot's own polling loop confirms an update as
// soon as it is queued, so the next process never saw it.)
func TestPollLeavesAnUpdateInHandForTheNextProcess(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	h.stop() // the harness's bot; this test runs its own first
	stuck, other := h.user(7_100_400_001), h.user(7_100_400_002)

	gate := &gatedSessions{Sessions: h.sessions, chat: stuck, entered: make(chan struct{}), release: make(chan struct{})}
	first := h.direct(bot.Options{Sessions: gate, Logger: slog.New(slog.NewTextHandler(h.logs, nil))})
	ctx, cancel := context.WithCancel(context.Background())
	polled := make(chan struct{})
	go func() { defer close(polled); first.Poll(ctx) }()
	t.Cleanup(func() {
		close(gate.release) // the hung handler goes on and finds its update handled
		cancel()
		<-polled
	})

	if _, err := h.api.SendText(stuck, "/start"); err != nil {
		t.Fatal(err)
	}
	select {
	case <-gate.entered:
	case <-time.After(20 * time.Second):
		t.Fatalf("the first bot never fetched the update (pending %d, polling %v):\n%s", h.api.Pending(), h.api.Polling(), h.logs.String())
	}
	if _, err := h.api.SendText(other, "/start"); err != nil {
		t.Fatal(err)
	}
	h.expect(other, "welcome") // one hung chat holds up no other
	if n := h.api.Pending(); n != 2 {
		t.Fatalf("%d updates unconfirmed at Telegram, want 2: the one in hand and the one after it", n)
	}

	// The first process is dead to the world (it will never answer), and
	// a new one starts: it is given the update and answers it.
	cancel()
	h.start()
	h.expect(stuck, "welcome")
	h.expect(stuck, "menu.ask")
}

// TestPollConfirmsWhatItHandled: after a clean stop nothing is left
// unconfirmed, so a restart fetches nothing twice.
func TestPollConfirmsWhatItHandled(t *testing.T) {
	t.Parallel()
	h := newHarness(t)
	user := h.user(7_100_400_011)
	h.say(user, "/start")
	h.expect(user, "welcome")
	h.expect(user, "menu.ask")
	h.stop()
	if n := h.api.Pending(); n != 0 {
		t.Fatalf("%d updates left unconfirmed after a clean stop", n)
	}
}
