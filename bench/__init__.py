"""Benchmarks that print figures next to a floor measured in the same run (never timed unit tests)."""
