package domain

// AreaStats are the figures of a nagari, a kecamatan or the regency: what
// /rekap and /cakupan show.
type AreaStats struct {
	Code, Name            string
	Nagari, Participating int // nagari counted, and those that joined
	Quota                 int // funded places of participating nagari
	Registered, Verified  int
	Pending, Rejected     int
	Funded, Waiting       int // holding a funded quota place; on the waiting list
	// The BPJS membership of the verified: submitted (diajukan, no answer
	// yet), active (aktif: covered) and ended (berakhir). Only Active is
	// protection; Funded is a place in the budget.
	Submitted, Active, Ended int
	Reports                  int // open: neither done nor rejected
	Stages                   map[Stage]int
}

// Add adds b's figures to a's.
func (a *AreaStats) Add(b AreaStats) {
	a.Nagari += b.Nagari
	a.Participating += b.Participating
	a.Quota += b.Quota
	a.Registered += b.Registered
	a.Verified += b.Verified
	a.Pending += b.Pending
	a.Rejected += b.Rejected
	a.Funded += b.Funded
	a.Submitted += b.Submitted
	a.Active += b.Active
	a.Ended += b.Ended
	a.Waiting += b.Waiting
	a.Reports += b.Reports
	if a.Stages == nil {
		a.Stages = map[Stage]int{}
	}
	for k, v := range b.Stages {
		a.Stages[k] += v
	}
}

// Coverage is the regency's participation and use per kecamatan.
type Coverage struct {
	Kecamatan []AreaStats
	Total     AreaStats
}
