"""Registry search and list benchmark: ``python -m bench.registry`` (see docs/BENCHMARKS.md)."""
