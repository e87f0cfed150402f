package postgres

import (
	"context"

	"github.com/jaganagari/jaganagari/internal/engine"
)

func (s *Store) loadReports(ctx context.Context, chatID int64, e engine.LoadReports) (engine.Result, error) {
	return engine.Result{}, nil
}
func (s *Store) loadReport(ctx context.Context, chatID int64, e engine.LoadReport) (engine.Result, error) {
	return engine.Result{}, nil
}
func (s *Store) setReportStage(ctx context.Context, chatID int64, e engine.SetReportStage) (engine.Result, error) {
	return engine.Result{}, nil
}
func (s *Store) loadRecap(ctx context.Context, chatID int64) (engine.Result, error) {
	return engine.Result{}, nil
}
func (s *Store) loadCoverage(ctx context.Context, chatID int64) (engine.Result, error) {
	return engine.Result{}, nil
}
func (s *Store) exportWorkers(ctx context.Context, chatID int64) (engine.Result, error) {
	return engine.Result{}, nil
}
func (s *Store) linkGroup(ctx context.Context, chatID int64, e engine.LinkGroup) (engine.Result, error) {
	return engine.Result{}, nil
}
