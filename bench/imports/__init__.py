"""Import and export benchmark: ``python -m bench.imports`` (see docs/BENCHMARKS.md)."""
