"""harmledger's benchmarks: ``make bench`` runs every ``bench_*.py`` module here.

Each module has ``run(quick: bool) -> str`` returning a Markdown section with its measured
figures; :mod:`benchmarks.run` puts the sections together with the machine's details
into ``docs/benchmarks.md``. Speed and memory targets live here, never in timed tests.
"""
