"""Compare the core speed of two builds on a noisy machine.

Runs the two builds' `kneeload_benchmarks` alternately, several rounds, each round the median of
the binary's own repetitions, and prints per benchmark the best and the median round of each
build and their ratio (new / old). On a shared virtual machine one benchmark's time varies by up
to 2x between runs minutes apart; alternating exposes both builds to the same load, and the best
round is the least disturbed figure.

    .venv/bin/python benchmarks/compare_builds.py OLD_BINARY NEW_BINARY [--rounds 5] [--filter REGEX]

OLD_BINARY and NEW_BINARY are `<build>/benchmarks/kneeload_benchmarks` of the two builds, e.g. an
older commit built with
    git worktree add ../old <commit> && cmake -S ../old -B ../old/build -DCMAKE_BUILD_TYPE=Release
    cmake --build ../old/build --target kneeload_benchmarks
Exit code 0 whatever the figures (a benchmark reports, it does not gate).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import tempfile
from pathlib import Path

#: The grid benchmarks time a whole 16 x 16 sweep: reported per condition.
PER_CONDITION = {"grid_condition_warm": 1.0 / 256.0, "grid_condition_cold": 1.0 / 256.0}
UNIT_TO_US = {"ns": 1e-3, "us": 1.0, "ms": 1e3, "s": 1e6}


def medians_us(binary: Path, benchmark_filter: str) -> dict[str, float]:
    """One run of a benchmark binary: each benchmark's median over its repetitions [µs]."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run.json"
        subprocess.run(
            [str(binary), f"--benchmark_filter={benchmark_filter}", f"--benchmark_out={out}"]
            + ["--benchmark_out_format=json"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        runs = json.loads(out.read_text())["benchmarks"]
    result = {}
    for run in runs:
        if run.get("aggregate_name") != "median":
            continue
        name = run["run_name"].split("/")[0]
        result[name] = run["real_time"] * UNIT_TO_US[run["time_unit"]] * PER_CONDITION.get(name, 1.0)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="the reference build's kneeload_benchmarks")
    parser.add_argument("new", type=Path, help="the build to compare with it")
    parser.add_argument("--rounds", type=int, default=5, help="alternating rounds (default 5)")
    parser.add_argument("--filter", default=".", help="benchmark name regex (default: all)")
    args = parser.parse_args()
    rounds: dict[str, list[dict[str, float]]] = {"old": [], "new": []}
    for r in range(args.rounds):
        order = ("old", "new") if r % 2 == 0 else ("new", "old")  # neither always runs first
        for which in order:
            rounds[which].append(medians_us(getattr(args, which), args.filter))
    names = [n for n in rounds["old"][0] if n in rounds["new"][0]]
    print(f"{args.rounds} alternating rounds; per round the median of each binary's repetitions [µs]")
    columns = ("old best", "old median", "new best", "new median", "best new/old")
    print(f"{'benchmark':24s} " + " ".join(f"{c:>12s}" for c in columns))
    for name in names:
        old = [r[name] for r in rounds["old"]]
        new = [r[name] for r in rounds["new"]]
        print(
            f"{name:24s} {min(old):12.1f} {statistics.median(old):12.1f} {min(new):12.1f} "
            f"{statistics.median(new):12.1f} {min(new) / min(old):12.2f}"
        )


if __name__ == "__main__":
    main()
