#!/usr/bin/env python3
"""Score the extractor against a gold file: precision, recall and accuracy per field.

Usage:
    python scripts/score_gold.py tests/fixtures/gold/reports.json                 # extract in-process
    python scripts/score_gold.py tests/fixtures/gold/sentences.jsonl
    harmledger extract ../shared/seeds/*.txt --json > pred.jsonl
    python scripts/score_gold.py ../shared/seeds/gold.json --pred pred.jsonl  # score saved output

GOLD is a reports file in the layout of ../shared/seeds/gold.json or a sentences file
(JSON Lines, see tests/fixtures/gold/README.md). Predictions given with --pred are matched to
documents by their article id: the report's file stem, or ``sN`` for line N of a
sentences file. How claims are matched and counted: harmledger.extract.evaluate.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from harmledger.extract.evaluate import FIELDS, load_gold, load_predictions, predict, score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("gold", type=Path, help="gold.json (reports) or sentences.jsonl")
    parser.add_argument("--pred", type=Path, help="extract --json output; default: run the extractor in-process")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only the totals")
    args = parser.parse_args(argv)
    result = score(load_gold(args.gold), load_predictions(args.pred) if args.pred else predict)
    if not args.quiet:
        print("\n".join(result.lines))
    print(f"precision {result.precision:.3f} ({result.matched}/{result.predicted} predicted claims match gold)")
    print(f"recall    {result.recall:.3f} ({result.found}/{result.gold} gold claims found)")
    for name in FIELDS:
        right, total = result.fields[name]
        if total:
            print(f"  {name:<15} {right:>4}/{total:<4} {right / total:.3f}")
    print(
        f"gold claims found {result.found}/{result.gold}, "
        f"fields right {result.fields_right}/{result.fields_total}, false alarms {result.alarms}"
    )
    return 0 if result.found == result.gold and result.fields_right == result.fields_total and not result.alarms else 1


if __name__ == "__main__":
    sys.exit(main())
