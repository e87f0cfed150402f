// Package flows defines JagaNagari's conversations as engine values: the
// menu and its side trips (menu.go), the worker's registration
// (registration.go) and its correction (correct.go), the rights to see and
// erase one's data (privacy.go), accident and death reports (accident.go,
// death.go, and their shared parts in reports.go), and the staff's work
// (staff.go). Each file opens with its step order. Steps are data; their
// Handle functions are pure and only parse, store answers, choose the next
// step and name the effects for the adapter to carry out.
//
// flows imports engine, domain and notice, whose step IDs and button
// values the staff steps that notice buttons open share.
package flows
