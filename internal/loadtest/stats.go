package loadtest

import (
	"slices"
	"time"
)

// Summary is the distribution of a set of durations.
type Summary struct {
	N    int           `json:"n"`
	Mean time.Duration `json:"mean_ns"`
	P50  time.Duration `json:"p50_ns"`
	P95  time.Duration `json:"p95_ns"`
	P99  time.Duration `json:"p99_ns"`
	Max  time.Duration `json:"max_ns"`
}

// Summarize sorts ds in place and returns its summary. Percentiles are by
// nearest rank: P99 is the smallest value that at least 99% of the samples
// do not exceed.
func Summarize(ds []time.Duration) Summary {
	if len(ds) == 0 {
		return Summary{}
	}
	slices.Sort(ds)
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	return Summary{
		N:    len(ds),
		Mean: sum / time.Duration(len(ds)),
		P50:  Percentile(ds, 50),
		P95:  Percentile(ds, 95),
		P99:  Percentile(ds, 99),
		Max:  ds[len(ds)-1],
	}
}

// Percentile returns the p-th percentile (0 < p ≤ 100) of sorted by
// nearest rank, or 0 for no samples.
func Percentile(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	// rank = ceil(p/100 × n), computed in integers where p is whole so
	// that 99% of 100 samples is exactly the 99th.
	rank := int(p * float64(n) / 100)
	if float64(rank)*100 < p*float64(n) {
		rank++
	}
	rank = min(max(rank, 1), n)
	return sorted[rank-1]
}

// Ratio is a/b, or 0 when b is 0.
func Ratio(a, b float64) float64 {
	if b == 0 {
		return 0
	}
	return a / b
}
