"""Regenerate the synthetic demo municipality in ``data/demo/``.

    python scripts/make_demo_data.py --out data/demo

The output is byte-identical on every run with the same seed (see wijk_core.sectors.demo).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from wijk_core.sectors.demo import SEED, write_demo  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("data/demo"),
                        help="folder to write the five demo files to (default: data/demo)")
    parser.add_argument("--seed", type=int, default=SEED,
                        help=f"generator seed (default {SEED}, the committed files)")
    args = parser.parse_args(argv)
    for path in write_demo(args.out, args.seed).values():
        print(f"{path}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
