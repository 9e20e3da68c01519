"""Run every ``bench/bench_*.py`` script in turn, each in a fresh interpreter.

Usage::

    python -m bench                 # all benchmarks
    python -m bench aggregate maps  # only those whose file name contains a word given

The exit status is non-zero when a benchmark script fails (e.g. its results disagree
with the reference implementation it is compared with).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if argv:
        scripts = [path for path in scripts if any(word in path.stem for word in argv)]
    if not scripts:
        print(f"no benchmark in {HERE} matches {argv}", file=sys.stderr)
        return 2
    failed = []
    for path in scripts:
        print(f"=== {path.name} ===", flush=True)
        started = time.perf_counter()
        code = subprocess.run([sys.executable, str(path)], cwd=HERE.parent).returncode
        print(f"=== {path.name}: {'ok' if code == 0 else f'FAILED (exit {code})'}, "
              f"{time.perf_counter() - started:.1f} s ===\n", flush=True)
        if code != 0:
            failed.append(path.name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
