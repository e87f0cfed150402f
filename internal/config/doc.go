// Package config reads JagaNagari's settings from the environment, sets the
// local defaults and validates everything in one place.
//
// Load is the only reader of the environment in the project: it takes a
// getenv function (os.Getenv in main, a map in tests), so nothing else calls
// os.Getenv. Describe lists every variable with its default and meaning;
// the README mirrors that list.
//
// config imports only the standard library and internal/seal (itself
// standard library only), which checks the encryption keys' shape.
package config
