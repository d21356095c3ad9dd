"""``python -m benchmarks [--scale N] [--repeat K] [--only NAME]``: generate and benchmark."""

from __future__ import annotations

import argparse
import json
import platform
from pathlib import Path

from benchmarks import suite
from benchmarks.generate import write_corpus


def main(argv: list[str] | None = None) -> None:
    """Generate the corpus (cached in ``--out``), run the benchmarks, print the table."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--scale", type=int, default=300_000, help="recommendations")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per side")
    parser.add_argument(
        "--only", action="append", choices=sorted(suite.BENCHMARKS), help="repeatable"
    )
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--out", type=Path, default=Path("/tmp/upr-bench"))
    parser.add_argument(
        "--small-sources", action="store_true", help="sample from tests/data slices only"
    )
    parser.add_argument(
        "--uhri-rows", type=int, help="rows of the UHRI XLSX (default: min(scale, 100000))"
    )
    parser.add_argument("--json", type=Path, help="also write the raw timings here")
    args = parser.parse_args(argv)
    corpus = write_corpus(
        args.out, args.scale, args.seed, args.small_sources, quiet=False, uhri_rows=args.uhri_rows
    )
    results = suite.run(corpus, args.repeat, args.only, echo=True)
    print(
        f"\n{corpus.recommendations:,} synthetic recommendations (seed {args.seed}), "
        f"repeat {args.repeat}, Python {platform.python_version()}, {platform.machine()}\n"
    )
    print(suite.table(results))
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in results], indent=1))


if __name__ == "__main__":
    main()
