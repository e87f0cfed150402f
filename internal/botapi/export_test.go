package botapi

// SetMaxBodyBytes lowers the request size cap, so a test can exceed it
// without sending 50 MB.
func (s *Server) SetMaxBodyBytes(n int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.maxBody = n
}
