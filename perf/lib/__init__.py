"""Helpers of perf/run: one concept per module (see perf/README.md)."""
