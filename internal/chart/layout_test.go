package chart

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// echo is Words that writes each message as its ID and the data it was
// given, and records the IDs asked for.
type echo struct{ asked []string }

func (e *echo) words(msg string, data map[string]any) (string, error) {
	e.asked = append(e.asked, msg)
	if msg == "chart.recap.title" || msg == "chart.coverage.subtitle" {
		return fmt.Sprintf("%s %v", msg, data), nil
	}
	return msg, nil
}

func (e *echo) take() []string {
	out := slices.Compact(slices.Sorted(slices.Values(e.asked)))
	e.asked = nil
	return out
}

var today = time.Date(2026, 5, 12, 0, 0, 0, 0, time.UTC)

func area(name string, nagari, joined, quota, covered, registered, verified, pending, rejected int) domain.AreaStats {
	return domain.AreaStats{Name: name, Nagari: nagari, Participating: joined, Quota: quota, Funded: covered,
		Registered: registered, Verified: verified, Pending: pending, Rejected: rejected}
}

var stackWords = []string{"chart.members", "chart.members.active", "chart.members.ended", "chart.members.none", "chart.members.submitted",
	"chart.quota", "chart.quota.free", "chart.quota.none", "chart.quota.used",
	"chart.registered", "chart.registered.none", "chart.registered.pending", "chart.registered.rejected", "chart.registered.verified"}

func TestRecapLayout(t *testing.T) {
	t.Parallel()
	e := &echo{}
	one := area("Alahan Panjang", 1, 1, 100, 87, 131, 95, 30, 6)
	one.Submitted, one.Active, one.Ended = 20, 60, 3
	c, err := layout("chart.recap", one, "nagari", nil, today, e.words, quotaStack, memberStack, registeredStack)
	if err != nil {
		t.Fatal(err)
	}
	want := Chart{
		Title:    "chart.recap.title map[Area:Alahan Panjang Date:2026-05-12 00:00:00 +0000 UTC Nagari:1 Participating:1]",
		Subtitle: "chart.recap.subtitle",
		Stacks: []Stack{
			{Heading: "chart.quota", Figure: "87/100 · 87%", Max: 100, Empty: "chart.quota.none", Parts: []Part{
				{Label: "chart.quota.used", Value: 87, Kind: Used}, {Label: "chart.quota.free", Value: 13, Kind: Free}}},
			{Heading: "chart.members", Figure: "60/95 · 63%", Max: 95, Empty: "chart.members.none", Parts: []Part{
				{Label: "chart.members.active", Value: 60, Kind: Active}, {Label: "chart.members.submitted", Value: 20, Kind: Submitted},
				{Label: "chart.members.ended", Value: 3, Kind: Ended}}},
			{Heading: "chart.registered", Figure: "131", Max: 131, Empty: "chart.registered.none", Parts: []Part{
				{Label: "chart.registered.verified", Value: 95, Kind: Verified}, {Label: "chart.registered.pending", Value: 30, Kind: Pending},
				{Label: "chart.registered.rejected", Value: 6, Kind: Rejected}}},
		},
	}
	if diff := cmp.Diff(want, c); diff != "" {
		t.Errorf("one nagari's recap (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(slices.Sorted(slices.Values(append([]string{"chart.recap.subtitle", "chart.recap.title"}, stackWords...))), e.take()); diff != "" {
		t.Errorf("one nagari's recap asked for (-want +got):\n%s", diff)
	}

	// A regency: a row per kecamatan, one of them not joined; more quota
	// used than there is leaves no negative "left".
	rows := []domain.AreaStats{area("Lembah Gumanti", 4, 1, 100, 120, 0, 0, 0, 0), area("Tigo Lurah", 3, 0, 0, 0, 0, 0, 0, 0)}
	c, err = layout("chart.recap", area("Kabupaten Solok", 7, 1, 100, 120, 0, 0, 0, 0), "kecamatan", rows, today, e.words, quotaStack, registeredStack)
	if err != nil {
		t.Fatal(err)
	}
	if c.RowsTitle != "chart.rows.kecamatan" || c.NotJoined != "chart.rows.kecamatan.not_joined" {
		t.Errorf("rows titled %q, %q", c.RowsTitle, c.NotJoined)
	}
	wantRows := []Row{{Label: "Lembah Gumanti", Joined: true, Value: 120, Max: 100}, {Label: "Tigo Lurah"}}
	if diff := cmp.Diff(wantRows, c.Rows); diff != "" {
		t.Errorf("regency rows (-want +got):\n%s", diff)
	}
	if free := c.Stacks[0].Parts[1].Value; free != 0 {
		t.Errorf("quota left %d, want 0", free)
	}
}

func TestCoverageLayout(t *testing.T) {
	t.Parallel()
	e := &echo{}
	cov := domain.Coverage{Total: area("Kabupaten Solok", 74, 11, 1100, 131, 0, 0, 0, 0),
		Kecamatan: []domain.AreaStats{area("Lembah Gumanti", 4, 2, 300, 87, 0, 0, 0, 0)}}
	c, err := layout("chart.coverage", cov.Total, "kecamatan", cov.Kecamatan, today, e.words, quotaStack, memberStack)
	if err != nil {
		t.Fatal(err)
	}
	if want := "chart.coverage.subtitle map[Area:Kabupaten Solok Date:2026-05-12 00:00:00 +0000 UTC Nagari:74 Participating:11]"; c.Subtitle != want {
		t.Errorf("subtitle %q, want %q", c.Subtitle, want)
	}
	if len(c.Stacks) != 2 || c.Stacks[0].Heading != "chart.quota" || c.Stacks[1].Heading != "chart.members" {
		t.Errorf("coverage stacks = %+v, want the quota and the members", c.Stacks)
	}
	want := []string{"chart.coverage.subtitle", "chart.coverage.title",
		"chart.members", "chart.members.active", "chart.members.ended", "chart.members.none", "chart.members.submitted",
		"chart.quota", "chart.quota.free", "chart.quota.none", "chart.quota.used", "chart.rows.kecamatan", "chart.rows.kecamatan.not_joined"}
	if diff := cmp.Diff(want, e.take()); diff != "" {
		t.Errorf("coverage asked for (-want +got):\n%s", diff)
	}
	png, err := Coverage(cov, today, e.words)
	if err != nil || len(png) == 0 {
		t.Errorf("Coverage: %d bytes, %v", len(png), err)
	}
}

func TestChartsFailWithoutTheirWords(t *testing.T) {
	t.Parallel()
	missing := errors.New("message not found")
	words := func(msg string, _ map[string]any) (string, error) {
		if msg == "chart.quota.free" {
			return "", missing
		}
		return msg, nil
	}
	if _, err := Recap(area("Alahan Panjang", 1, 1, 100, 1, 1, 1, 0, 0), nil, false, today, words); !errors.Is(err, missing) {
		t.Errorf("Recap with a missing word: %v, want %v", err, missing)
	}
	if _, err := Coverage(domain.Coverage{}, today, words); !errors.Is(err, missing) {
		t.Errorf("Coverage with a missing word: %v, want %v", err, missing)
	}
}
