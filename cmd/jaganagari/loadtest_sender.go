package main

// jaganagari loadtest -sender: the outbox sender delivering notices to
// staff chats at Telegram's limits, measured at the Bot API sink. See
// PERFORMANCE.md, "Outbox sender".

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"runtime"
	"strconv"
	"sync"
	"time"

	tgbot "github.com/go-telegram/bot"
	"github.com/go-telegram/bot/models"
	"github.com/jackc/pgx/v5"
	"golang.org/x/time/rate"

	"github.com/jaganagari/jaganagari/bot"
	"github.com/jaganagari/jaganagari/internal/botapi"
	"github.com/jaganagari/jaganagari/internal/domain"
	"github.com/jaganagari/jaganagari/internal/loadtest"
	"github.com/jaganagari/jaganagari/internal/notice"
	"github.com/jaganagari/jaganagari/internal/notify"
	"github.com/jaganagari/jaganagari/internal/postgres"
	"github.com/jaganagari/jaganagari/internal/render"
	"github.com/jaganagari/jaganagari/internal/seal"
	"github.com/jaganagari/jaganagari/locales"
)

const (
	// senderChatBase is the first staff chat ID of a sender run.
	senderChatBase = 7_000_000_000
	// senderSlack is how far under ChatGap a measured gap may fall: the
	// sink's timestamps are taken in another goroutine than the sender's,
	// and timers on a busy 2-core machine fire a few milliseconds late or
	// early relative to each other. The claim itself keeps the gap from
	// the previous response, so real gaps are longer than ChatGap.
	senderSlack = 5 * time.Millisecond
	// senderBurst is how many calls notify.Sender may make at once: its
	// pacer holds Rate tokens, each reusable a second after its call ended,
	// so at most Rate calls fall in any second at the receiving end.
	senderBurst = notify.DefaultRate
)

// senderFlags are loadtest's -sender options.
type senderFlags struct {
	on         bool
	deliveries int
	chats      int
	rate       float64
	chatGap    time.Duration
}

func (sf *senderFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&sf.on, "sender", false, "measure the outbox sender instead of the bot (takes about 3 minutes at the defaults)")
	fs.IntVar(&sf.deliveries, "sender-notices", 5000, "with -sender: messages to deliver, an equal number to every chat")
	fs.IntVar(&sf.chats, "sender-chats", 500, "with -sender: staff chats, spread over the nagari")
	fs.Float64Var(&sf.rate, "sender-rate", notify.DefaultRate, "with -sender: the sender's messages per second (tests scale it)")
	fs.DurationVar(&sf.chatGap, "sender-chat-gap", notify.DefaultChatGap, "with -sender: the sender's gap per chat (tests scale it)")
}

// senderReport is what loadtest -sender prints.
type senderReport struct {
	CPUs      int    `json:"cpus"`
	Go        string `json:"go"`
	LoadStart string `json:"loadavg_start"`
	LoadEnd   string `json:"loadavg_end"`

	Nagari     int           `json:"nagari"`
	Notices    int           `json:"outbox_notices"`
	Deliveries int           `json:"deliveries_expected"`
	Rate       float64       `json:"rate"`
	Burst      int           `json:"burst"`
	ChatGap    time.Duration `json:"chat_gap_ns"`

	// Stats are of the messages as they reached the sink; AtSender of the
	// sendMessage calls as the sender made them.
	Stats    loadtest.SendStats `json:"stats"`
	AtSender loadtest.SendStats `json:"at_sender"`
	// Total is from starting the sender to the last message at the sink,
	// fan-out included.
	Total time.Duration `json:"total_ns"`
	// Floor is the least time the limits allow (loadtest.SendFloor).
	Floor time.Duration `json:"floor_ns"`
	Ratio float64       `json:"ratio_to_floor"`
	// Missing counts (chat, notice) pairs that never reached the sink.
	Missing int `json:"missing"`
	// Sent is the deliveries Postgres has marked sent.
	Sent    int      `json:"sent_in_postgres"`
	Targets []target `json:"targets"`
}

var noticeKey = regexp.MustCompile(`LT-[0-9]+`)

// timedAPI notes when the sender calls sendMessage, before the request
// is built: with the sink's arrival times it tells the pacing of the
// sender from the delays on the way.
type timedAPI struct {
	notify.API
	mu    sync.Mutex
	calls []loadtest.Arrival
}

func (a *timedAPI) SendMessage(ctx context.Context, p *tgbot.SendMessageParams) (*models.Message, error) {
	at := time.Now()
	chat, _ := p.ChatID.(int64)
	a.mu.Lock()
	a.calls = append(a.calls, loadtest.Arrival{At: at, Chat: chat, Key: noticeKey.FindString(p.Text)})
	a.mu.Unlock()
	return a.API.SendMessage(ctx, p)
}

func runSender(ctx context.Context, sf senderFlags, getenv func(string) string, stdout, stderr io.Writer, jsonOut bool) error {
	if sf.chats <= 0 || sf.deliveries <= 0 || sf.deliveries%sf.chats != 0 || sf.rate <= 0 || sf.chatGap <= 0 {
		return errors.New("-sender-notices must be a positive multiple of -sender-chats; -sender-rate and -sender-chat-gap positive")
	}
	cfg, err := loadConfig(getenv)
	if err != nil {
		return err
	}
	rep := &senderReport{CPUs: runtime.NumCPU(), Go: runtime.Version(), LoadStart: loadavg(),
		Deliveries: sf.deliveries, Rate: sf.rate, Burst: senderBurst, ChatGap: sf.chatGap}

	_, _, dbURL, drop, err := newLoadDatabase(ctx, cfg.DatabaseURL, randomSuffix(), stderr)
	if err != nil {
		return err
	}
	defer drop()
	pool, err := postgres.Connect(ctx, dbURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	if err := migrate(ctx, pool, seal.Dev()); err != nil { // a throwaway database
		return err
	}

	// The staff: chat i is a petugas_nagari of nagari i mod n. Every notice
	// of a nagari goes to all its staff (the real fan-out), so k notices per
	// nagari give every chat exactly k messages.
	perChat := sf.deliveries / sf.chats
	var codes []string
	rows, err := pool.Query(ctx, `select code from nagari order by code limit $1`, sf.chats)
	if err == nil {
		codes, err = pgx.CollectRows(rows, pgx.RowTo[string])
	}
	if err != nil || len(codes) == 0 {
		return fmt.Errorf("list nagari: %v", err)
	}
	rep.Nagari = len(codes)
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		chats := make([]int64, sf.chats)
		nagari := make([]string, sf.chats)
		for i := range chats {
			chats[i] = senderChatBase + int64(i)
			nagari[i] = codes[i%len(codes)]
		}
		if _, err := tx.Exec(ctx, `insert into staff (chat_id, name, role, nagari_code)
			select c, 'Petugas ' || c, 'petugas_nagari', n from unnest($1::bigint[], $2::text[]) as s(c, n)`, chats, nagari); err != nil {
			return fmt.Errorf("insert staff: %w", err)
		}
		// A registration notice, as the store writes it, numbered so that
		// the sink can tell the notices apart.
		serial := 0
		for k := range perChat {
			for _, code := range codes {
				serial++
				err := postgres.Enqueue(ctx, tx, notice.RegistrationSubmitted(domain.RegistrationRecord{
					Registration: domain.Registration{NIK: "1302000000000001", Name: "Pekerja " + strconv.Itoa(k), NagariCode: code},
					ID:           int64(serial),
					Number:       fmt.Sprintf("LT-%06d", serial),
				}))
				if err != nil {
					return err
				}
			}
		}
		rep.Notices = serial
		return nil
	})
	if err != nil {
		return err
	}

	// The sink records every sendMessage as it arrives.
	var mu sync.Mutex
	arrivals := make([]loadtest.Arrival, 0, sf.deliveries)
	keys := map[string]bool{}
	all := make(chan struct{})
	sink := botapi.NewSink(loadToken, func(m botapi.SinkMessage) {
		mu.Lock()
		defer mu.Unlock()
		a := loadtest.Arrival{At: m.At, Chat: m.ChatID, Key: noticeKey.FindString(m.Text)}
		arrivals = append(arrivals, a)
		k := strconv.FormatInt(a.Chat, 10) + "/" + a.Key
		if !keys[k] {
			keys[k] = true
			if len(keys) == sf.deliveries {
				close(all)
			}
		}
	})
	sinkURL, stopSink, err := serveOn("127.0.0.1:0", sink)
	if err != nil {
		return err
	}
	defer stopSink()
	api, err := tgbot.New(loadToken, tgbot.WithServerURL(sinkURL), tgbot.WithSkipGetMe())
	if err != nil {
		return fmt.Errorf("bot api client: %w", err)
	}
	r8, err := render.New(locales.FS)
	if err != nil {
		return err
	}
	signer := bot.NewSigner([]byte(loadSecret))
	timed := &timedAPI{API: api}
	s, err := notify.New(notify.Options{
		API:      timed,
		Signer:   &signer,
		Queue:    postgres.NewOutbox(pool),
		Renderer: r8,
		Logger:   slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn})),
		Rate:     rate.Limit(sf.rate),
		ChatGap:  sf.chatGap,
	})
	if err != nil {
		return err
	}

	runCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	start := time.Now()
	go func() {
		defer close(done)
		s.Run(runCtx)
	}()
	select {
	case <-all:
		// A duplicate would come late: give it a moment to show.
		time.Sleep(max(2*sf.chatGap, 500*time.Millisecond))
	case <-ctx.Done():
	}
	stop()
	<-done
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("sender did not deliver everything in time (%d of %d): %w", len(keys), sf.deliveries, err)
	}

	mu.Lock()
	rep.Stats = loadtest.SendStatsOf(arrivals, time.Second, int(sf.rate))
	rep.Missing = sf.deliveries - len(keys)
	mu.Unlock()
	rep.AtSender = loadtest.SendStatsOf(timed.calls, time.Second, int(sf.rate))
	rep.Total = rep.Stats.Last.Sub(start)
	rep.Floor = loadtest.SendFloor(sf.deliveries, perChat, sf.rate, sf.chatGap)
	rep.Ratio = loadtest.Ratio(rep.Total.Seconds(), rep.Floor.Seconds())
	if err := pool.QueryRow(ctx, `select count(*) from outbox_delivery where state = 'sent'`).Scan(&rep.Sent); err != nil {
		return fmt.Errorf("count sent deliveries: %w", err)
	}
	rep.LoadEnd = loadavg()
	rep.judge(sf.deliveries, sf.chats)
	if jsonOut {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	rep.print(stdout)
	return nil
}

// judge sets the target for the sender against the figures. The
// targets are named with the run's own limits and counts, so every size
// is judged against what it set out to do; a run that delivered nothing
// measured nothing.
func (r *senderReport) judge(deliveries, chats int) {
	add := func(name, got string, v verdict) { r.Targets = append(r.Targets, target{name, got, v}) }
	sent := r.Stats.Messages > 0
	add(fmt.Sprintf("<= %.0f messages in any 1 s window", r.Rate), fmt.Sprintf("%d (burst %d; %d in a row took >= %v)", r.Stats.MaxInWindow, r.Burst, int(r.Rate)+1, r.Stats.MinSpan.Round(time.Millisecond)),
		judgeAt(sent, r.Stats.MaxInWindow <= int(r.Rate)))
	add(fmt.Sprintf("per chat gap >= %v (-%v slack)", r.ChatGap, senderSlack), fmt.Sprintf("min %v", r.Stats.MinChatGap.Round(time.Millisecond)),
		judgeAt(r.Stats.MaxPerChat > 1, r.Stats.MinChatGap >= r.ChatGap-senderSlack)) // a gap needs two messages to a chat
	add("done within 10% of the limits' floor", fmt.Sprintf("%.1f s vs %.1f s: %.3f", r.Total.Seconds(), r.Floor.Seconds(), r.Ratio),
		judgeAt(sent && r.Ratio > 0, r.Ratio <= 1.10))
	add(fmt.Sprintf("%d notices to %d chats, each once", deliveries, chats),
		fmt.Sprintf("%d received, %d duplicates, %d missing; %d sent in pg", r.Stats.Messages, r.Stats.Duplicates, r.Missing, r.Sent),
		judgeAt(true, r.Stats.Messages == deliveries && r.Stats.Duplicates == 0 && r.Missing == 0 && r.Stats.Chats == chats && r.Sent == deliveries))
}

func (r *senderReport) print(w io.Writer) {
	fmt.Fprintf(w, "machine: %d CPUs, %s, load average %s at start, %s at end\n", r.CPUs, r.Go, r.LoadStart, r.LoadEnd)
	fmt.Fprintf(w, "outbox: %d notices over %d nagari, fanned out to %d deliveries to %d chats (%d per chat)\n",
		r.Notices, r.Nagari, r.Deliveries, r.Stats.Chats, r.Stats.MaxPerChat)
	fmt.Fprintf(w, "sender: rate %.0f/s, burst %d, chat gap %v (notify.Sender, in this process, over HTTP to the sink)\n", r.Rate, r.Burst, r.ChatGap)
	fmt.Fprintf(w, "total %.2f s from start to the last message; floor %.2f s; ratio %.3f\n", r.Total.Seconds(), r.Floor.Seconds(), r.Ratio)
	fmt.Fprintf(w, "most in a 1 s window: %d (the fastest %d in a row took %v); smallest gap in one chat: %v; overall %.2f messages/s\n",
		r.Stats.MaxInWindow, int(r.Rate)+1, r.Stats.MinSpan.Round(time.Microsecond), r.Stats.MinChatGap.Round(time.Microsecond),
		loadtest.Ratio(float64(r.Stats.Messages), r.Total.Seconds()))
	fmt.Fprintf(w, "at the sender (sendMessage called): most in a 1 s window %d, the fastest %d in a row took %v\n",
		r.AtSender.MaxInWindow, int(r.Rate)+1, r.AtSender.MinSpan.Round(time.Microsecond))
	printTargets(w, r.Targets)
}
