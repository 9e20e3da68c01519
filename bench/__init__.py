"""Benchmarks (not timed tests): ``python -m bench`` runs every ``bench/bench_*.py`` script.

See ``bench/README.md`` for what each one measures and prints.
"""
