package botapi

import (
	"errors"
	"fmt"
	"net/http"
)

// Errors returned by the simulated-user methods (SendText, PressButton, ...)
// and by the waiting helpers. They are wrapped with what was being done, so
// check them with errors.Is.
var (
	ErrClosed        = errors.New("bot api server closed")
	ErrUnknownUser   = errors.New("unknown user")
	ErrUnknownChat   = errors.New("unknown chat")
	ErrNotMember     = errors.New("user is not a member of the group")
	ErrBlocked       = errors.New("user has blocked the bot")
	ErrNoSuchMessage = errors.New("no such message")
	ErrNoSuchButton  = errors.New("message has no such button")
	ErrInvalidInput  = errors.New("invalid input")
	ErrNotModified   = errors.New("message is not modified")
)

// apiError is an error answer of the Bot API. Its description is exactly what
// Telegram writes, e.g. "Bad Request: chat not found".
type apiError struct {
	code        int
	description string
	retryAfter  int
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s", e.code, e.description) }

func badRequest(format string, args ...any) *apiError {
	return &apiError{code: http.StatusBadRequest, description: "Bad Request: " + fmt.Sprintf(format, args...)}
}

var (
	errUnauthorized  = &apiError{code: http.StatusUnauthorized, description: "Unauthorized"}
	errNotFound      = &apiError{code: http.StatusNotFound, description: "Not Found"}
	errBlockedByUser = &apiError{code: http.StatusForbidden, description: "Forbidden: bot was blocked by the user"}
	errChatNotFound  = badRequest("chat not found")
	errServerClosed  = &apiError{code: http.StatusInternalServerError, description: "Internal Server Error: server is shutting down"}
	errTooLarge      = &apiError{code: http.StatusRequestEntityTooLarge, description: "Request Entity Too Large"}
	errNotModified   = badRequest("message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
)

// faultError builds the answer FailNext injects. The descriptions are the ones
// Telegram sends for these codes, so retry logic sees realistic errors.
func faultError(code, retryAfter int) *apiError {
	e := &apiError{code: code}
	switch code {
	case http.StatusTooManyRequests:
		e.description = fmt.Sprintf("Too Many Requests: retry after %d", retryAfter)
		e.retryAfter = retryAfter
	case http.StatusForbidden:
		e.description = errBlockedByUser.description
	case http.StatusBadRequest:
		e.description = "Bad Request: injected failure"
	case http.StatusUnauthorized:
		e.description = "Unauthorized"
	case http.StatusNotFound:
		e.description = "Not Found"
	case http.StatusConflict:
		e.description = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
	default:
		text := http.StatusText(code)
		if text == "" {
			text = "Error"
		}
		e.description = text
		if retryAfter > 0 {
			e.retryAfter = retryAfter
		}
	}
	return e
}
