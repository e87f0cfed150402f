// Package redistest gives tests a real Redis of their own: a client and a
// key prefix no other test uses, deleted when the test ends. It never
// flushes, so it is safe against a shared instance.
//
// It is imported by tests only, and imports go-redis and internal/config.
package redistest
