// Package seal encrypts personal values for storage: NIKs, phone numbers
// and the health details of accident reports (UU PDP Pasal 4: NIK is data
// that identifies a person, injuries are "data spesifik").
//
// A Keys holds a ring of AES-256-GCM keys, each with a short ID. New values
// are sealed with the first key; older values name the key they were sealed
// with (the caller stores the ID beside them) and are opened with that key
// for as long as it stays in the ring, which is what lets `jaganagari
// rotate-key` move every record to a new key while the bot keeps running.
//
// A sealed value is useless for finding a record, so a value that must be
// looked up (the duplicate-NIK check) also gets a blind index: an HMAC of
// the value under a separate key, equal for equal values and revealing
// nothing without that key.
//
// seal imports only the standard library.
package seal
