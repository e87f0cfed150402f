package loadtest

import (
	"slices"
	"time"
)

// Arrival is one message as a Bot API sink received it.
type Arrival struct {
	At   time.Time
	Chat int64
	Key  string // which notice the message carries
}

// SendStats measures arrivals against Telegram's limits for a bot.
type SendStats struct {
	Messages int `json:"messages"`
	Chats    int `json:"chats"`
	// MaxPerChat is the most messages any one chat got.
	MaxPerChat  int       `json:"max_per_chat"`
	First, Last time.Time `json:"-"`
	// MaxInWindow is the most arrivals in any half-open window [t, t+w).
	MaxInWindow int `json:"max_in_window"`
	// MinSpan is the shortest time from the first to the last of limit+1
	// consecutive arrivals: at least w exactly when no window holds more
	// than limit, and by how much says how close pacing came. 0 when there
	// are no limit+1 arrivals.
	MinSpan time.Duration `json:"min_span_ns"`
	// MinChatGap is the smallest gap between two messages to one chat; 0
	// when no chat got two.
	MinChatGap time.Duration `json:"min_chat_gap_ns"`
	// Duplicates counts arrivals of a (chat, key) seen before.
	Duplicates int `json:"duplicates"`
}

// SendStatsOf computes the figures of arrivals, in any order, for windows
// of length w that may hold limit arrivals.
func SendStatsOf(arrivals []Arrival, w time.Duration, limit int) SendStats {
	s := SendStats{Messages: len(arrivals)}
	if len(arrivals) == 0 {
		return s
	}
	a := slices.Clone(arrivals)
	slices.SortFunc(a, func(x, y Arrival) int { return x.At.Compare(y.At) })
	s.First, s.Last = a[0].At, a[len(a)-1].At

	// Every fullest window can be slid right until it starts at an arrival,
	// so only windows starting at arrivals need counting.
	for i, j := 0, 0; i < len(a); i++ {
		for j < len(a) && a[j].At.Sub(a[i].At) < w {
			j++
		}
		s.MaxInWindow = max(s.MaxInWindow, j-i)
		if k := i + limit; limit > 0 && k < len(a) {
			if span := a[k].At.Sub(a[i].At); i == 0 || span < s.MinSpan {
				s.MinSpan = span
			}
		}
	}

	last := map[int64]time.Time{}
	count := map[int64]int{}
	type pair struct {
		chat int64
		key  string
	}
	seen := map[pair]bool{}
	s.MinChatGap = -1
	for _, m := range a {
		if prev, ok := last[m.Chat]; ok {
			if g := m.At.Sub(prev); s.MinChatGap < 0 || g < s.MinChatGap {
				s.MinChatGap = g
			}
		}
		last[m.Chat] = m.At
		count[m.Chat]++
		s.MaxPerChat = max(s.MaxPerChat, count[m.Chat])
		p := pair{m.Chat, m.Key}
		if seen[p] {
			s.Duplicates++
		}
		seen[p] = true
	}
	s.MinChatGap = max(s.MinChatGap, 0)
	s.Chats = len(count)
	return s
}

// SendFloor is the least time n messages can take from the first to the
// last, at most maxPerChat of them to one chat, under rate messages per
// second overall and gap between two messages to one chat.
func SendFloor(n, maxPerChat int, rate float64, gap time.Duration) time.Duration {
	if n == 0 {
		return 0
	}
	overall := time.Duration(float64(n-1) / rate * float64(time.Second))
	perChat := time.Duration(max(maxPerChat-1, 0)) * gap
	return max(overall, perChat)
}
