// Package notice composes the messages the outbox carries to staff and
// workers: a new registration or report for a nagari's staff, a status
// change for a worker, a reminder before the accident deadline. Each
// builder is a pure function of the record just written, so the flows'
// tests can see exactly what a notice says and which buttons it offers,
// and the store only stores the value it is given, in the record's own
// transaction.
//
// It also owns the encoding of a notice button's callback ("step|value")
// and the values of the flows' Anytime steps that notice buttons open,
// so a notice and the step that reads its button agree by construction.
//
// notice imports internal/domain and the standard library only; it does
// no I/O and reads no clock.
package notice
