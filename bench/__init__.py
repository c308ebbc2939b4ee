"""Benchmarks: each measures against a floor taken in the same run (see docs/BENCHMARKS.md)."""
