"""Run every benchmark and write docs/benchmarks.md (``make bench``; ``--quick`` for a smoke run)."""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
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


def _run_isolated(name: str, *, quick: bool) -> str:
    """One benchmark in a fresh interpreter, so that its peak memory is its own, not its predecessors'."""
    code = f"import sys; from benchmarks.{name} import run; sys.stdout.write(run(quick={quick}))"
    # The code names only this folder's own bench_*.py modules: nothing untrusted reaches the shell-less call.
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=HERE.parent
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"{name} failed with exit code {done.returncode}")
    return done.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, to check the benchmarks run")
    parser.add_argument("only", nargs="*", help="names of benchmarks to run (default: all)")
    args = parser.parse_args()
    names = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if args.only:
        names = [n for n in names if n.removeprefix("bench_") in args.only or n in args.only]
    sections = _existing_sections() if args.only else {}
    for name in names:
        started = time.perf_counter()
        print(f"running {name} ...", file=sys.stderr)
        quick = " (quick run: sizes reduced, figures indicative only)" if args.quick else ""
        sections[name] = f"<!-- {name}: {time.strftime('%Y-%m-%d')}{quick} -->\n{_run_isolated(name, quick=args.quick)}"
        print(f"  {name} took {time.perf_counter() - started:.0f} s", file=sys.stderr)
    header = (
        "# Benchmarks\n\nWritten by `make bench` (`python -m benchmarks.run [NAME...]` reruns some sections and keeps "
        f"the others); do not edit by hand.\n\nMachine: {machine()}.\n"
    )
    body = "\n\n".join(sections[name] for name in sorted(sections))
    REPORT.write_text(f"{header}\n{body}\n", encoding="utf-8")
    print(f"wrote {REPORT}", file=sys.stderr)
    return 0


def _existing_sections() -> dict[str, str]:
    """The sections of the current report by benchmark name, so a partial run replaces only its own."""
    if not REPORT.exists():
        return {}
    parts = re.split(r"^(?=<!-- bench_\w+: )", REPORT.read_text(encoding="utf-8"), flags=re.MULTILINE)
    found = {}
    for part in parts[1:]:
        name = part.split(":", 1)[0].removeprefix("<!-- ")
        found[name] = part.strip()
    return found


if __name__ == "__main__":
    sys.exit(main())
