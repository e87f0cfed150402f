package postgres

import (
	"context"
	"fmt"
	"time"
)

// Backlog is how much the outbox still has to deliver: deliveries not yet
// sent (pending or being sent) and notices not yet fanned out to their
// recipients, and the age of the oldest of them (the sender's lag).
func (o *Outbox) Backlog(ctx context.Context, now time.Time) (waiting int, lag time.Duration, err error) {
	var oldest *time.Time
	err = o.pool.QueryRow(ctx, `
		select
			(select count(*) from outbox_delivery where state in ('pending', 'sending')) +
			(select count(*) from outbox where fanned_at is null and not_before <= $1),
			least(
				(select min(created_at) from outbox_delivery where state in ('pending', 'sending')),
				(select min(not_before) from outbox where fanned_at is null and not_before <= $1))`,
		now).Scan(&waiting, &oldest)
	if err != nil {
		return 0, 0, fmt.Errorf("outbox backlog: %w", err)
	}
	if oldest != nil {
		lag = now.Sub(*oldest)
	}
	return waiting, lag, nil
}
