"""Assessments of need, and coverage: delivered against need."""
