package main

import (
	"bytes"
	"encoding/json"
	"os"
	"testing"
	"time"
)

// TestLoadtestSender runs loadtest -sender with tiny numbers and the limits
// scaled down (200/s, 100 ms per chat) against the real Postgres. It checks
// counts and the arithmetic of the report; of the timings only the
// per-chat gap, which the sender must keep on any machine.
func TestLoadtestSender(t *testing.T) {
	var out, errOut bytes.Buffer
	args := []string{"loadtest", "-sender", "-json", "-sender-notices", "40", "-sender-chats", "4",
		"-sender-rate", "200", "-sender-chat-gap", "100ms", "-timeout", "2m"}
	if code := realMain(t.Context(), args, os.Getenv, &out, &errOut); code != 0 {
		t.Fatalf("exit %d\nstderr:\n%s\nstdout:\n%s", code, errOut.String(), out.String())
	}
	var rep senderReport
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("report is not JSON: %v\n%s", err, out.String())
	}
	s := rep.Stats
	if rep.Nagari != 4 || rep.Notices != 40 || s.Messages != 40 || s.Chats != 4 || s.MaxPerChat != 10 ||
		s.Duplicates != 0 || rep.Missing != 0 || rep.Sent != 40 {
		t.Errorf("counts: %d nagari, %d notices, stats %+v, %d missing, %d sent in postgres; want 4, 40 (10 to each of 4 chats), 0, 40",
			rep.Nagari, rep.Notices, s, rep.Missing, rep.Sent)
	}
	if s.MinChatGap < 100*time.Millisecond-senderSlack {
		t.Errorf("two messages to one chat %v apart, under the 100 ms gap", s.MinChatGap)
	}
	if rep.Floor != 900*time.Millisecond { // 9 gaps of 100 ms outweigh 39/200 s
		t.Errorf("floor %v, want 900ms", rep.Floor)
	}
	if want := rep.Total.Seconds() / rep.Floor.Seconds(); rep.Ratio != want || rep.Total < rep.Floor {
		t.Errorf("total %v, floor %v, ratio %v (want %v, and no faster than the floor)", rep.Total, rep.Floor, rep.Ratio, want)
	}
	if s.MaxInWindow < 10 || s.MaxInWindow > 40 {
		t.Errorf("most in a window %d: impossible for 40 messages that take at least 0.9 s", s.MaxInWindow)
	}
	if len(rep.Targets) != 4 || rep.Targets[1].Verdict != verdictMet || rep.Targets[3].Verdict != verdictMet {
		t.Errorf("targets: %+v", rep.Targets)
	}
}
