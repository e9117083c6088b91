"""Benchmark mlops-lint on a large repository, as a user runs it (a fresh process each time).

usage: python scripts/bench.py [REPO] [--runs 5] [--files 100000] [-- extra mlops-lint args]

Without REPO, the deterministic 100,000-file repository of ../shared/bench/make-large-repo.py
is made once in /tmp/mlops-lint-bench and reused. Prints the wall time of each run and the
median; no timing assertion lives in the test suite.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKER = ROOT.parent / "shared" / "bench" / "make-large-repo.py"
DEFAULT = Path("/tmp/mlops-lint-bench")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("repo", nargs="?", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=100_000)
    argv = sys.argv[1:]
    extra = argv[argv.index("--") + 1 :] if "--" in argv else []  # passed to mlops-lint as they are
    args = parser.parse_args(argv[: argv.index("--")] if "--" in argv else argv)
    repo = args.repo or DEFAULT
    if args.repo is None and not (repo / ".git").exists():
        print(f"making {repo} with {MAKER.name} ({args.files} files)...", flush=True)
        subprocess.run([sys.executable, str(MAKER), str(repo), "--files", str(args.files)], check=True)
    # Time the tool as installed: compiled bytecode in place (with PYTHONDONTWRITEBYTECODE set, or
    # after an edit, every run would otherwise compile the package first, ~0.2 s).
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "mlops_lint")], check=True)
    command = [sys.executable, "-m", "mlops_lint", str(repo), "--format", "json", "-o", "/dev/null", *extra]
    print("$", " ".join(command))
    times = []
    for n in range(args.runs):
        start = time.perf_counter()
        done = subprocess.run(command, check=False, capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        print(f"run {n + 1}: {times[-1]:.3f} s (exit {done.returncode})", flush=True)
        if done.returncode not in {0, 1}:
            print(done.stderr, file=sys.stderr)
            return 1
    print(f"median {statistics.median(times):.3f} s, min {min(times):.3f} s over {args.runs} runs")
    print(f"machine reference: a 3,000,000-step Python loop takes {_reference_loop():.3f} s here")
    return 0


def _reference_loop() -> float:
    """How fast this machine runs plain Python, to compare figures taken on different machines."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for i in range(3_000_000):
            total += i
        best = min(best, time.perf_counter() - start)
    return best


if __name__ == "__main__":
    raise SystemExit(main())
