package main

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/go-telegram/bot/models"

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

// TestSimulatorSetsTheCommandMenus: simulate, like run, sets the workers'
// menu for everyone and the demo staff phones' own menus at start, and its
// built-in Bot API keeps them per scope.
func TestSimulatorSetsTheCommandMenus(t *testing.T) {
	t.Parallel()
	a := newSimulationApp(t)
	s, err := startSimulation(t.Context(), a, "127.0.0.1:0", true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.close()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	for _, chat := range []int64{0, demoOfficer.ID, demoAdmin.ID} {
		_, err := s.api.WaitCall(ctx, func(c botapi.Call) bool {
			var scope struct {
				ChatID int64 `json:"chat_id"`
			}
			_ = c.Decode("scope", &scope)
			return c.Method == "setMyCommands" && c.OK() && c.Params["language_code"] == "en" && scope.ChatID == chat
		})
		if err != nil {
			t.Fatalf("no command menu for chat %d: %v", chat, err)
		}
	}
	if cmds := s.api.Commands(""); len(cmds) == 0 || cmds[0].Command != "start" {
		t.Errorf("default menu %+v", cmds)
	}
	if cmds, ok := s.api.ChatCommands(demoAdmin.ID, ""); !ok || !slices.ContainsFunc(cmds, func(c models.BotCommand) bool { return c.Command == "staf" }) {
		t.Errorf("the admin's menu %+v", cmds)
	}
	if _, ok := s.api.ChatCommands(demoWorker.ID, ""); ok {
		t.Error("the worker got a menu of their own")
	}
}

// Pak Datuak, the demo petugas nagari, reaches registration with help
// from his phone: /daftarkan starts it in his nagari, with the consent to
// read out.
func TestSimulatorOfficerStartsAnAssistedRegistration(t *testing.T) {
	t.Parallel()
	a := newSimulationApp(t)
	s, err := startSimulation(t.Context(), a, "127.0.0.1:0", true)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if err := s.close(); err != nil {
			t.Error(err)
		}
	}()
	if _, err := s.api.SendCommand(demoOfficer.ID, "daftarkan"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	m, err := s.api.WaitMessage(ctx, demoOfficer.ID, func(m botapi.Message) bool { return m.FromBot })
	if err != nil {
		t.Fatalf("/daftarkan went unanswered: %v", err)
	}
	if !strings.Contains(m.Text, "Alahan Panjang") || !strings.Contains(m.Text, "saksi") {
		t.Errorf("the officer's /daftarkan answered %q, want the assisted registration of Alahan Panjang", m.Text)
	}
}
