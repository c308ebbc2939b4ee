"""Sound-alike name keys benchmark: ``python -m bench.soundalike`` (see docs/BENCHMARKS.md)."""
