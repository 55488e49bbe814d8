"""Command line: ``python -m crmkit.synth [--seed N] [--out DIR] [--family NAME ...]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from crmkit.data import data_dir
from crmkit.synth import DEFAULT_SEED, write


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m crmkit.synth", description=__doc__)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"master seed (default {DEFAULT_SEED})")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: the datasets/ folder)")
    parser.add_argument("--family", action="append", default=None, help="only this table family (repeatable)")
    args = parser.parse_args(argv)
    out = args.out if args.out is not None else data_dir()
    for path in write(out, args.seed, args.family):
        print(path)


if __name__ == "__main__":
    main()
