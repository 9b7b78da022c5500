"""Benchmarks: scripts that measure and write results to docs/, never timed assertions in tests."""
