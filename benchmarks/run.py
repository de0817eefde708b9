"""Run every benchmark and write docs/benchmarks.md (``make bench``; ``--quick`` for a smoke run)."""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
REPORT = HERE.parent / "docs" / "benchmarks.md"


def machine() -> str:
    """The facts a reader needs to compare these numbers with their own."""
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in cpuinfo.read_text().splitlines()
                if line.startswith("model name")
            ),
            cpu,
        )
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(meminfo.read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB memory"
    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; Python {platform.python_version()} on "
        f"{platform.system()} {platform.release()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the benchmarks run")
    parser.add_argument("only", nargs="*", help="names of benchmarks to run (default: all)")
    args = parser.parse_args()
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if args.only:
        names = [n for n in names if n.removeprefix("bench_") in args.only or n in args.only]
    sections = []
    for name in names:
        started = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr)
        module = importlib.import_module(f"benchmarks.{name}")
        sections.append(module.run(quick=args.quick).strip())
        print(f"  {name} took {time.perf_counter() - started:.0f} s", file=sys.stderr)
    header = (
        "# Benchmarks\n\nWritten by `make bench` (`python -m benchmarks.run`); do not edit by hand.\n\n"
        f"Machine: {machine()}.\n"
        + ("\n**Quick run: sizes reduced, figures indicative only.**\n" if args.quick else "")
    )
    REPORT.write_text(header + "\n" + "\n\n".join(sections) + "\n", encoding="utf-8")
    print(f"wrote {REPORT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
