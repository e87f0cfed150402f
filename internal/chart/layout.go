package chart

import (
	"fmt"
	"strconv"
	"time"

	"github.com/jaganagari/jaganagari/internal/domain"
)

// Words renders a message of locales/ with data, in the chat's language
// (render.Renderer.Text with the language bound). Every word on a chart comes
// through it.
type Words func(msg string, data map[string]any) (string, error)

// Recap draws the /rekap chart of total, the chat's whole area: its quota
// and its BPJS members, then quota use per area of rows, which are nagari,
// or kecamatan when perKecamatan. One nagari's chart has no rows, and
// shows its registrations too; an area's leaves them to the message, so
// that 14 kecamatan stay within the photo Telegram keeps. today is
// the day the figures are of.
func Recap(total domain.AreaStats, rows []domain.AreaStats, perKecamatan bool, today time.Time, words Words) ([]byte, error) {
	kind := "nagari"
	if perKecamatan {
		kind = "kecamatan"
	}
	stacks := []stackOf{quotaStack, memberStack}
	if len(rows) == 0 {
		stacks = append(stacks, registeredStack)
	}
	c, err := layout("chart.recap", total, kind, rows, today, words, stacks...)
	if err != nil {
		return nil, err
	}
	return PNG(c)
}

// Coverage draws the /cakupan chart of the regency: the quota in use and
// the BPJS members, then quota use per kecamatan. How many nagari have
// joined is in its subtitle, and those that have not are listed apart.
func Coverage(cov domain.Coverage, today time.Time, words Words) ([]byte, error) {
	c, err := layout("chart.coverage", cov.Total, "kecamatan", cov.Kecamatan, today, words, quotaStack, memberStack)
	if err != nil {
		return nil, err
	}
	return PNG(c)
}

// stackOf makes one stacked bar of a chart from an area's figures.
type stackOf func(a domain.AreaStats, text func(string) string) Stack

// quotaStack is the budget: funded places taken and left. A funded place
// is not cover; memberStack shows that.
func quotaStack(a domain.AreaStats, text func(string) string) Stack {
	return Stack{
		Heading: text("chart.quota"), Figure: Share(a.Funded, a.Quota), Max: a.Quota,
		Parts: []Part{
			{Label: text("chart.quota.used"), Value: a.Funded, Kind: Used},
			{Label: text("chart.quota.free"), Value: max(a.Quota-a.Funded, 0), Kind: Free},
		},
		Empty: text("chart.quota.none"),
	}
}

// memberStack is the verified workers' standing with BPJS: covered
// (aktif), submitted and waiting, ended; the track left is the verified
// not (or no longer) submitted. Its figure is the share covered.
func memberStack(a domain.AreaStats, text func(string) string) Stack {
	return Stack{
		Heading: text("chart.members"), Figure: Share(a.Active, a.Verified), Max: a.Verified,
		Parts: []Part{
			{Label: text("chart.members.active"), Value: a.Active, Kind: Active},
			{Label: text("chart.members.submitted"), Value: a.Submitted, Kind: Submitted},
			{Label: text("chart.members.ended"), Value: a.Ended, Kind: Ended},
		},
		Empty: text("chart.members.none"),
	}
}

func registeredStack(a domain.AreaStats, text func(string) string) Stack {
	return Stack{
		Heading: text("chart.registered"), Figure: strconv.Itoa(a.Registered), Max: a.Registered,
		Parts: []Part{
			{Label: text("chart.registered.verified"), Value: a.Verified, Kind: Verified},
			{Label: text("chart.registered.pending"), Value: a.Pending, Kind: Pending},
			{Label: text("chart.registered.rejected"), Value: a.Rejected, Kind: Rejected},
		},
		Empty: text("chart.registered.none"),
	}
}

// layout lays out the chart of total with a row per area of areas (rows
// names them: "nagari" or "kecamatan"). Its words are the messages under
// prefix (prefix.title, prefix.subtitle) and chart.*.
func layout(prefix string, total domain.AreaStats, rows string, areas []domain.AreaStats, today time.Time, words Words, stacks ...stackOf) (Chart, error) {
	data := map[string]any{
		"Area": total.Name, "Date": today,
		"Participating": total.Participating, "Nagari": total.Nagari,
	}
	var failed error
	text := func(msg string) string {
		t, err := words(msg, data)
		if err != nil && failed == nil {
			failed = err
		}
		return t
	}
	c := Chart{Title: text(prefix + ".title"), Subtitle: text(prefix + ".subtitle")}
	for _, st := range stacks {
		c.Stacks = append(c.Stacks, st(total, text))
	}
	if len(areas) > 0 {
		c.RowsTitle = text("chart.rows." + rows)
		c.NotJoined = text("chart.rows." + rows + ".not_joined")
		for _, a := range areas {
			c.Rows = append(c.Rows, Row{Label: a.Name, Joined: a.Participating > 0, Value: a.Funded, Max: a.Quota})
		}
	}
	if failed != nil {
		return Chart{}, fmt.Errorf("draw chart: %w", failed)
	}
	return c, nil
}
