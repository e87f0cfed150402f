// Package flows defines JagaNagari's conversations as engine values: the
// menu and side trips (menu.go) and the worker's registration
// (registration.go). Steps are data; their Handle functions are pure and
// only parse, store answers and choose the next step.
//
// flows imports engine, domain and notice, whose step IDs and button
// values the staff steps that notice buttons open share.
package flows
