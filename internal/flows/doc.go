// Package flows defines JagaNagari's conversations as engine values: the
// menu and side trips (menu.go) and the worker's registration
// (registration.go). Steps are data; their Handle functions are pure and
// only parse, store answers and choose the next step.
//
// flows imports engine and domain only.
package flows
