// Package engine runs conversations as data: a Machine is a set of Steps,
// and Advance moves a Session one Input forward, returning the replies to
// show and the Effects (records to write, lookups to make) for the adapter
// to carry out. Run is the loop around Advance that every caller uses: it
// has a given Apply carry the effects out and feeds their Results back.
//
// Advance is pure: no I/O, no clock (time comes in as an argument), no
// randomness. That is what lets whole conversations be tested as transcripts
// and lets a session survive a restart as a few hundred bytes of JSON.
//
// engine imports only internal/domain and the standard library; a test
// fails if that changes.
package engine
