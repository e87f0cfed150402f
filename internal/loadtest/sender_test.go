package loadtest

import (
	"testing"
	"time"
)

func TestSendStats(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	arrivals := []Arrival{
		{at(1500), 2, "b"}, // out of order on purpose
		{at(0), 1, "a"},
		{at(400), 2, "a"},
		{at(999), 3, "a"},
		{at(1000), 1, "b"}, // exactly 1 s after the first: a new window
		{at(1400), 3, "a"}, // chat 3 gets notice a twice
	}
	s := SendStatsOf(arrivals, time.Second, 3)
	want := SendStats{Messages: 6, Chats: 3, MaxPerChat: 2, First: at(0), Last: at(1500),
		// [0, 1000) holds 3 (1000 is out), [999, 1999) holds 4: the fullest.
		MaxInWindow: 4, MinSpan: 501 * time.Millisecond, // 4 in a row: 999 to 1500
		MinChatGap: 401 * time.Millisecond, Duplicates: 1}
	if s != want {
		t.Errorf("got  %+v\nwant %+v", s, want)
	}
}

func TestSendStatsOfNothing(t *testing.T) {
	if s := SendStatsOf(nil, time.Second, 30); s.Messages != 0 || s.MaxInWindow != 0 || s.MinChatGap != 0 {
		t.Errorf("%+v", s)
	}
}

func TestSendFloor(t *testing.T) {
	full := 166633333333 * time.Nanosecond // 4999 / 30 s
	for _, c := range []struct {
		n, perChat int
		rate       float64
		gap, want  time.Duration
	}{
		{5000, 10, 30, time.Second, full},                             // the rate bounds it
		{40, 10, 200, 100 * time.Millisecond, 900 * time.Millisecond}, // one chat's gaps bound it
		{1, 1, 30, time.Second, 0},
	} {
		if got := SendFloor(c.n, c.perChat, c.rate, c.gap); got != c.want {
			t.Errorf("SendFloor(%d, %d, %v, %v) = %v, want %v", c.n, c.perChat, c.rate, c.gap, got, c.want)
		}
	}
}
