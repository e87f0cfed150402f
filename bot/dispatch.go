package bot

import (
	"context"
	"sync"
)

// dispatcher runs updates of one chat one at a time and in order, while
// different chats proceed in parallel: each chat always lands on the same
// lane, and each lane is one goroutine.
type dispatcher struct {
	lanes []chan func()
	wg    sync.WaitGroup
}

// laneDepth bounds the updates waiting per lane; a full lane makes the
// caller wait, which slows polling down instead of growing memory.
const laneDepth = 64

func newDispatcher(n int) *dispatcher {
	d := &dispatcher{lanes: make([]chan func(), n)}
	for i := range d.lanes {
		ch := make(chan func(), laneDepth)
		d.lanes[i] = ch
		d.wg.Go(func() {
			for job := range ch {
				job()
			}
		})
	}
	return d
}

// dispatch queues job on chat's lane. It returns false if ctx ended first.
func (d *dispatcher) dispatch(ctx context.Context, chatID int64, job func()) bool {
	lane := d.lanes[uint64(chatID)%uint64(len(d.lanes))]
	select {
	case lane <- job:
		return true
	case <-ctx.Done():
		return false
	}
}

// close lets queued jobs finish and waits for them.
func (d *dispatcher) close() {
	for _, ch := range d.lanes {
		close(ch)
	}
	d.wg.Wait()
}
