package main

import (
	"context"
	"testing"
	"time"

	"github.com/jaganagari/jaganagari/internal/botapi"
)

// The simulator keeps no chats of its own across a restart, but Redis and
// Postgres remember them: the demo worker writing again after a restart is
// a known chat, and must be answered at once.
func TestSimulatorRestartAnswersKnownChatsAtOnce(t *testing.T) {
	t.Parallel()
	a := newSimulationApp(t)
	var ids []int64
	for run := 1; run <= 2; run++ {
		s, err := startSimulation(t.Context(), a, "127.0.0.1:0", true)
		if err != nil {
			t.Fatal(err)
		}
		u, err := s.api.SendCommand(demoWorker.ID, "start")
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
		ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
		_, err = s.api.WaitMessage(ctx, demoWorker.ID, func(botapi.Message) bool { return true })
		cancel()
		if err != nil {
			t.Errorf("run %d: the worker's /start (update %d) went unanswered: %v", run, u.ID, err)
		}
		if err := s.close(); err != nil {
			t.Fatalf("stop run %d: %v", run, err)
		}
	}
	if ids[1] <= ids[0] {
		t.Errorf("update ids %v: the restarted simulator numbered its updates again from the start", ids)
	}
}
