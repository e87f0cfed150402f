package main

import (
	"context"
	"time"

	tgbot "github.com/go-telegram/bot"

	"github.com/jaganagari/jaganagari/bot"
	"github.com/jaganagari/jaganagari/internal/notify"
	"github.com/jaganagari/jaganagari/internal/postgres"
)

// The outbox and the Bot API client satisfy what the sender asks of them.
var (
	_ notify.Queue       = (*postgres.Outbox)(nil)
	_ notify.SharedPacer = (*postgres.Outbox)(nil)
	_ notify.API         = (*tgbot.Bot)(nil)
)

// startSender delivers the outbox through api until ctx ends. The returned
// stop waits for the sender to finish the calls in hand and record them,
// so a shutdown leaves no delivery half-marked.
func (a *app) startSender(ctx context.Context, api notify.API, signer bot.Signer) (stop func()) {
	s, err := notify.New(notify.Options{
		API:      api,
		Signer:   &signer,
		Queue:    postgres.NewOutbox(a.pool),
		Renderer: a.renderer,
		Logger:   a.log.With("part", "notify"),
		Chores:   a.membershipChores,
	})
	if err != nil {
		// Only a wiring bug leaves a part nil; say so and run without.
		a.log.Error("notification sender not started", "err", err)
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		s.Run(ctx)
	}()
	return func() {
		cancel()
		<-done
	}
}

// membershipChores runs the store's time-driven membership rules and logs
// what they did (counts only).
func (a *app) membershipChores(ctx context.Context, now time.Time) error {
	c, err := a.store.MembershipChores(ctx, now)
	if err != nil {
		return err
	}
	if c != (postgres.Chores{}) {
		a.log.Info("membership chores", "warned", c.Warned, "lapsed", c.Lapsed, "reminded", c.Reminded,
			"years_closed", c.YearsClosed, "years_rolled", c.YearsRolled, "ended", c.Ended)
	}
	return nil
}
