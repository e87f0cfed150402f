package loadtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jaganagari/jaganagari/internal/botapi"
)

// ChatBase is added to a registration's index to make its chat (and user)
// ID, far above the IDs tests and the simulator use.
const ChatBase = 7_000_000_000

// maxErrors is how many error messages a Result keeps; the rest are counted.
const maxErrors = 10

// Options describe one phase: which bot, how many workers, how many
// registrations.
type Options struct {
	Name   string // shown in the report: "bare", "bot", ...
	URL    string // the bot's webhook
	Secret string // X-Telegram-Bot-Api-Secret-Token
	// Workers is how many people use the bot at once; each waits for the
	// replies to one update before sending the next.
	Workers int
	// Registrations is how many complete registrations the phase makes;
	// each is a new person in a new chat.
	Registrations int
	// First is the index of the phase's first person, so that phases sharing
	// a database never repeat a NIK or a chat.
	First int
	// Rate caps the updates per second of all workers together; 0 means as
	// fast as the bot answers.
	Rate float64
	// Bare expects the bare bot: exactly one reply per update, whatever it
	// says. Otherwise every turn's replies are checked against the script.
	Bare bool
	// ReplyTimeout bounds the wait for one update's replies; a registration
	// that times out is abandoned and counted as failed (default 30 s).
	ReplyTimeout time.Duration
	// OnSummary, if set, is called when a registration reaches its summary
	// (the form is complete and its session at its largest), before Kirim.
	OnSummary func(ctx context.Context, chatID int64)
}

// Result is what a phase measured.
type Result struct {
	Name          string  `json:"name"`
	Workers       int     `json:"workers"`
	Rate          float64 `json:"rate_limit,omitempty"`
	Updates       int     `json:"updates"`
	Replies       int     `json:"replies"`
	Registrations int     `json:"registrations_completed"`
	Failed        int     `json:"registrations_failed"`
	// Stray counts replies for chats no worker of the phase was waiting on.
	Stray         int64         `json:"stray_replies"`
	Elapsed       time.Duration `json:"elapsed_ns"`
	UpdatesPerSec float64       `json:"updates_per_sec"`
	// EndToEnd is from starting to POST an update to the first reply to it
	// reaching the sink: what the person waits.
	EndToEnd Summary `json:"end_to_end"`
	// Webhook is from starting to POST an update to its HTTP response.
	Webhook Summary  `json:"webhook_response"`
	Errors  []string `json:"errors,omitempty"`
	Errored int      `json:"errors_total"`
}

// Driver posts updates to bots and receives their replies through Sink.
// One Driver runs its phases one after another.
type Driver struct {
	// Sink is the Bot API the bots under test must send to.
	Sink     *botapi.Sink
	client   *http.Client
	cur      atomic.Pointer[phase]
	updateID atomic.Int64
	stray    atomic.Int64
}

// NewDriver returns a driver whose sink accepts token.
func NewDriver(token string) *Driver {
	d := &Driver{client: &http.Client{
		Timeout: time.Minute,
		Transport: &http.Transport{
			// One kept-alive connection per worker: a real Telegram keeps
			// its connections to a webhook too, and reconnecting would
			// measure the TCP stack rather than the bot.
			MaxIdleConns:        0,
			MaxIdleConnsPerHost: 100_000,
			IdleConnTimeout:     time.Minute,
			DisableCompression:  true,
		},
	}}
	d.Sink = botapi.NewSink(token, d.deliver)
	return d
}

// Close closes the driver's idle connections.
func (d *Driver) Close() { d.client.CloseIdleConnections() }

func (d *Driver) deliver(m botapi.SinkMessage) {
	if ph := d.cur.Load(); ph != nil && ph.deliver(m) {
		return
	}
	d.stray.Add(1)
}

// phase is one Run in progress.
type phase struct {
	o       Options
	d       *Driver
	workers []*worker
	pace    *pacer

	mu      sync.Mutex
	errs    []string
	errored int
}

type worker struct {
	inbox   chan botapi.SinkMessage
	e2e     []time.Duration
	hook    []time.Duration
	updates int
	replies int
	done    int
	failed  int
}

// deliver hands m to the worker whose chat it is for.
func (ph *phase) deliver(m botapi.SinkMessage) bool {
	r := m.ChatID - ChatBase - int64(ph.o.First)
	if r < 0 || r >= int64(ph.o.Registrations) {
		return false
	}
	select {
	case ph.workers[r%int64(len(ph.workers))].inbox <- m:
		return true
	default: // far more replies than any turn expects: a bug the turn's check reports
		return false
	}
}

// Run drives one phase to its end: every registration done or failed, or
// ctx ended. It returns an error only for options it cannot run.
func (d *Driver) Run(ctx context.Context, o Options) (Result, error) {
	if o.Workers <= 0 || o.Registrations <= 0 || o.URL == "" {
		return Result{}, errors.New("loadtest: a phase needs workers, registrations and a url")
	}
	if o.First < 0 || o.First+o.Registrations > maxPeople {
		return Result{}, fmt.Errorf("loadtest: at most %d people", maxPeople)
	}
	o.Workers = min(o.Workers, o.Registrations)
	if o.ReplyTimeout <= 0 {
		o.ReplyTimeout = 30 * time.Second
	}
	ph := &phase{o: o, d: d, workers: make([]*worker, o.Workers)}
	for i := range ph.workers {
		ph.workers[i] = &worker{inbox: make(chan botapi.SinkMessage, 64)}
	}
	if o.Rate > 0 {
		ph.pace = &pacer{interval: time.Duration(float64(time.Second) / o.Rate)}
	}
	strayBefore := d.stray.Load()
	if !d.cur.CompareAndSwap(nil, ph) {
		return Result{}, errors.New("loadtest: another phase is running")
	}
	defer d.cur.Store(nil)

	start := time.Now()
	if ph.pace != nil {
		ph.pace.start = start
	}
	var wg sync.WaitGroup
	for i, w := range ph.workers {
		wg.Go(func() {
			for r := i; r < o.Registrations && ctx.Err() == nil; r += o.Workers {
				if err := ph.register(ctx, w, r); err != nil {
					w.failed++
					ph.fail(err)
				} else {
					w.done++
				}
			}
		})
	}
	wg.Wait()
	res := Result{Name: o.Name, Workers: o.Workers, Rate: o.Rate, Elapsed: time.Since(start)}
	var e2e, hook []time.Duration
	for _, w := range ph.workers {
		res.Updates += w.updates
		res.Replies += w.replies
		res.Registrations += w.done
		res.Failed += w.failed
		e2e = append(e2e, w.e2e...)
		hook = append(hook, w.hook...)
	}
	res.Failed += o.Registrations - res.Registrations - res.Failed // never started: ctx ended
	res.UpdatesPerSec = float64(res.Updates) / res.Elapsed.Seconds()
	res.EndToEnd, res.Webhook = Summarize(e2e), Summarize(hook)
	res.Stray = d.stray.Load() - strayBefore
	ph.mu.Lock()
	res.Errors, res.Errored = ph.errs, ph.errored
	ph.mu.Unlock()
	return res, nil
}

func (ph *phase) fail(err error) {
	ph.mu.Lock()
	defer ph.mu.Unlock()
	ph.errored++
	if len(ph.errs) < maxErrors {
		ph.errs = append(ph.errs, err.Error())
	}
}

// register walks person r of the phase through a whole registration.
func (ph *phase) register(ctx context.Context, w *worker, r int) error {
	o := ph.o
	idx := o.First + r
	// Every phase sends the same stream: the r-th person of each makes the
	// same answers and mistakes, with their own NIK, phone and chat.
	p, own := PersonAt(r), PersonAt(idx)
	p.NIK, p.Phone = own.NIK, own.Phone
	chat := ChatBase + int64(idx)
	var (
		buttons []shownButton // of the last reply
		lastID  int
	)
	for n, tn := range script(p) {
		a := action{act: tn.act, text: tn.text, buttonOn: lastID}
		if tn.act == actPress || tn.typeLabel {
			value, label := tn.value, "Lembah Gumanti"
			// Pressed as a phone does: the data of the button shown, MAC and all.
			a.data = tn.step + "|" + value
			if b, ok := findButton(buttons, tn.step, value); ok {
				a.data = b.data
			}
			if tn.pick {
				if b, ok := pickButton(buttons, tn.step, r); ok {
					a.data, label = b.data, b.text
				}
			}
			if tn.typeLabel {
				a.act, a.text = actText, label
			}
		}
		want := tn.replies
		if o.Bare {
			want = 1
		}
		body := updateJSON(ph.d.updateID.Add(1), chat, p.Name, time.Now().Unix(), a)
		if ph.pace != nil {
			if err := ph.pace.wait(ctx); err != nil {
				return err
			}
		}
		t0 := time.Now()
		if err := ph.post(ctx, body); err != nil {
			return fmt.Errorf("person %d turn %d: %w", idx, n, err)
		}
		w.hook = append(w.hook, time.Since(t0))
		w.updates++

		var first time.Time
		var last botapi.SinkMessage
		timer := time.NewTimer(o.ReplyTimeout)
		for got := 0; got < want; {
			select {
			case m := <-w.inbox:
				if m.ChatID != chat {
					ph.d.stray.Add(1) // a late reply to an abandoned registration
					continue
				}
				if got == 0 {
					first = m.At
				}
				got++
				w.replies++
				last = m
			case <-timer.C:
				return fmt.Errorf("person %d turn %d (want %s): %d of %d replies after %v", idx, n, tn.want, got, want, o.ReplyTimeout)
			case <-ctx.Done():
				timer.Stop()
				return fmt.Errorf("person %d turn %d: %w", idx, n, ctx.Err())
			}
		}
		timer.Stop()
		w.e2e = append(w.e2e, first.Sub(t0))
		if o.Bare {
			continue
		}
		var tag string
		tag, buttons = markupOf(last.ReplyMarkup)
		lastID = last.ID
		if tag != tn.want {
			return fmt.Errorf("person %d turn %d: last reply shows %q, want %q", idx, n, tag, tn.want)
		}
		if tn.want == "reg.summary" && o.OnSummary != nil {
			o.OnSummary(ctx, chat)
		}
	}
	return nil
}

func (ph *phase) post(ctx context.Context, body []byte) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, ph.o.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Telegram-Bot-Api-Secret-Token", ph.o.Secret)
	resp, err := ph.d.client.Do(req)
	if err != nil {
		return fmt.Errorf("post update: %w", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("post update: webhook answered %s", resp.Status)
	}
	return nil
}

// pacer spaces updates of all workers evenly at a fixed rate: the k-th
// update may leave at start + k×interval, however late the one before it
// was, so a slow answer does not lower the rate offered.
type pacer struct {
	start    time.Time
	interval time.Duration
	n        atomic.Int64
}

func (p *pacer) wait(ctx context.Context) error {
	at := p.start.Add(time.Duration(p.n.Add(1)-1) * p.interval)
	d := time.Until(at)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
