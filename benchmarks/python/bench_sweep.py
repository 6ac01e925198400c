"""Speed and memory of sweeps, and an independent scipy reference of the stance model. Every
figure is set against its target in the same run.

    .venv/bin/python benchmarks/python/bench_sweep.py [--quick] [--build build]

--quick skips the 10^5-condition throughput and the 10^6-condition memory run.
Prints a table; exit code 0 whatever the figures (a benchmark reports, it does not gate).
"""

from __future__ import annotations

import argparse
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scipy_reference  # noqa: E402

import kneeload  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]


def grid(n):
    """The grid of kneeload_sweep_benchmark: speed 2.5..5 m/s x cadence ratio 0.9..1.1."""
    a = int(math.sqrt(n))
    b = n // a
    return {
        "speed_m_per_s": np.array([2.5 + 2.5 * i / max(1, a - 1) for i in range(a)]),
        "cadence_ratio": np.array([0.9 + 0.2 * j / max(1, b - 1) for j in range(b)]),
    }


def cpp_sweep(build, n, threads):
    out = subprocess.run(
        [str(build / "benchmarks" / "kneeload_sweep_benchmark"), str(n), str(threads)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    fields = dict(item.split("=") for item in out.split())
    return float(fields["seconds"]), int(fields["conditions"])


def python_sweep(n, threads):
    start = time.perf_counter()
    ds = kneeload.sweep(grid(n), threads=threads, progress=False)
    return time.perf_counter() - start, int(ds["status"].size)


def cpp_stance_median_us(build):
    """Median of the C++ stance benchmark: the summary line 'stance_dynamics <median us> ...'."""
    out = subprocess.run(
        [str(build / "benchmarks" / "kneeload_benchmarks"), "--benchmark_filter=stance_dynamics"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    for line in out.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[0] == "stance_dynamics":
            return float(fields[1])
    raise RuntimeError("no stance_dynamics summary in the C++ benchmark output")


def peak_memory_mb(n):
    """Peak resident memory of a child process that sweeps n conditions to HDF5 [MB]."""
    with tempfile.TemporaryDirectory() as tmp:
        code = (
            f"import numpy as np, kneeload, sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); "
            f"import bench_sweep as b; kneeload.sweep(b.grid({n}), progress=False, to={os.path.join(tmp, 'm.h5')!r})"
        )
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        seconds = time.perf_counter() - start
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0, seconds


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--build", default=str(ROOT / "build"))
    args = parser.parse_args()
    build = Path(args.build)
    rows = []

    def row(name, value, unit, target, ok):
        rows.append((name, value, unit, target, "meets target" if ok else "MISSES target"))
        print(f"{name:58s} {value:>12.4g} {unit:10s} target {target:14s} {rows[-1][-1]}", flush=True)

    # 1. Independent scipy reference: same answers, and the speed ratio per stance.
    speed = 3.3
    cadence = kneeload.preferred_cadence(speed)
    gait = kneeload.solve_gait(speed, cadence)
    control = {
        key: getattr(gait, key)
        for key in (
            "touchdown_leg_angle_rad",
            "hip_velocity_x_m_per_s",
            "hip_velocity_y_m_per_s",
            "leg_stiffness_n_per_m",
            "unloading_stiffness_ratio",
        )
    }
    control["speed_m_per_s"] = speed
    step = kneeload.simulate_step(speed, cadence, time_series=False)
    t_ref, peak_ref = scipy_reference.stance(control)
    row(
        "contact time, kneeload vs scipy reference (rel. diff.)",
        abs(step.metrics["contact_time_s"] / t_ref - 1) * 100,
        "%",
        "<= 0.5 %",
        abs(step.metrics["contact_time_s"] / t_ref - 1) <= 0.005,
    )
    row(
        "peak vertical force, kneeload vs scipy reference (rel. diff.)",
        abs(step.metrics["peak_vgrf_n"] / peak_ref - 1) * 100,
        "%",
        "<= 0.5 %",
        abs(step.metrics["peak_vgrf_n"] / peak_ref - 1) <= 0.005,
    )
    repeats = 5
    start = time.perf_counter()
    for _ in range(repeats):
        scipy_reference.stance_for_timing(control)
    scipy_us = (time.perf_counter() - start) / repeats * 1e6
    kneeload_us = cpp_stance_median_us(build)
    row("scipy solve_ivp stance (same tolerances)", scipy_us, "us", "-", True)
    row("kneeload stance (C++ median)", kneeload_us, "us", "-", True)
    row(
        "kneeload speed-up over scipy per stance",
        scipy_us / kneeload_us,
        "x",
        ">= 300 x",
        scipy_us / kneeload_us >= 300,
    )

    # 2. Throughput of the C++ engine, 1 and 2 threads.
    sizes = [10_000] if args.quick else [10_000, 100_000]
    for n in sizes:
        t1, count = cpp_sweep(build, n, 1)
        t2, _ = cpp_sweep(build, n, 2)
        row(f"C++ sweep throughput, {count} conditions, 1 thread", count / t1, "cond/s", "-", True)
        row(f"C++ sweep throughput, {count} conditions, 2 threads", count / t2, "cond/s", "-", True)
        row(f"speed-up on 2 threads ({count} conditions)", t1 / t2, "x", ">= 1.8 x", t1 / t2 >= 1.8)

    # 3. Python overhead over the C++ engine (same grid, 2 threads; best of 3 each, since
    #    run-to-run variation on this machine is ~5 %).
    t_cpp = min(cpp_sweep(build, 10_000, 2)[0] for _ in range(3))
    t_py = min(python_sweep(10_000, 2)[0] for _ in range(3))
    count = 10_000
    row(
        f"Python sweep overhead over the C++ engine ({count} conditions)",
        (t_py / t_cpp - 1) * 100,
        "%",
        "<= 10 %",
        t_py / t_cpp - 1 <= 0.10,
    )

    # 4. Memory of a 10^6-condition metrics-only sweep written to HDF5.
    if not args.quick:
        mb, seconds = peak_memory_mb(1_000_000)
        row(f"peak memory, 10^6-condition sweep to HDF5 ({seconds:.0f} s)", mb, "MB", "<= 500 MB", mb <= 500)
    return 0


if __name__ == "__main__":
    sys.exit(main())
