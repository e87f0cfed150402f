// Package pgtest gives each test its own migrated Postgres schema: tests
// run in parallel, in many packages and processes at once, against one
// database without seeing each other's rows.
//
// It imports testing, internal/postgres and pgx; only _test.go files may
// import it.
package pgtest
