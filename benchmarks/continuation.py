"""Accuracy of the sweep's continuation: a grid sweep solves each condition from its neighbour
along the last axis (warm start), a list sweep from the one before on a path through its entries
(sweep/chains.hpp); a single simulate_step solves it cold. All are periodic to the solver's
tolerance, so they differ by the integration's accuracy. Prints, per metric, the largest relative
difference between warm and cold over a 3 x 16 grid (speed x cadence ratio) and over a list of
128 entries (a scrambled Sobol sample over speed x cadence ratio x foot strike: two chains), and
of the grid's and the cold solves against a reference run at tolerances 1e-12 / 1e-13 (6
conditions).

    .venv/bin/python benchmarks/continuation.py
"""

from __future__ import annotations

import numpy as np

import kneeload

AXES = {"speed_m_per_s": [2.5, 3.5, 4.5], "cadence_ratio": list(np.linspace(0.85, 1.15, 16))}
FOOT_STRIKES = ("rearfoot", "midfoot", "forefoot")
REFERENCE = {"relative_tolerance": 1e-12, "absolute_tolerance": 1e-13}
SHOWN = [
    "contact_time_s",
    "peak_vgrf_bw",
    "impact_peak_bw",
    "average_loading_rate_bw_per_s",
    "knee_flexion_peak_deg",
    "peak_knee_extensor_moment_lab_n_m_per_kg",
    "peak_pfj_stress_mpa",
    "pfj_stress_time_integral_per_km_mpa_s",
]


def relative(a: float, b: float) -> float:
    if np.isnan(a) and np.isnan(b):
        return 0.0
    return abs(a - b) / max(abs(b), 1e-12)


def sobol_list(m: int) -> dict[str, list]:
    """2^m entries of a scrambled Sobol sample: speed 2.5-5 m/s, cadence ratio 0.9-1.1, foot strike."""
    from scipy.stats import qmc

    u = qmc.Sobol(d=3, scramble=True, seed=20240601).random_base2(m)
    return {
        "speed_m_per_s": list(2.5 + 2.5 * u[:, 0]),
        "cadence_ratio": list(0.9 + 0.2 * u[:, 1]),
        "foot_strike": [FOOT_STRIKES[min(2, int(3 * v))] for v in u[:, 2]],
    }


def list_differences(names: list[str]) -> dict[str, float]:
    """Largest relative difference per metric between a list sweep and cold single solves."""
    points = sobol_list(7)
    warm = kneeload.sweep(points=points, progress=False)
    diff = dict.fromkeys(names, 0.0)
    for i in range(warm.sizes["condition"]):
        settings = {name: column[i] for name, column in points.items()}
        cold = kneeload.simulate_step(time_series=False, **settings)
        assert cold.ok and int(warm["status"][i]) == 0, (i, settings)
        for m in names:
            diff[m] = max(diff[m], relative(float(warm[m][i]), cold.metrics[m]))
    return diff


def main() -> None:
    warm = kneeload.sweep(AXES, progress=False)
    names = [m for m in kneeload.METRICS if m not in AXES and m != "energy_balance_error_j"]
    cold_diff = dict.fromkeys(names, 0.0)
    warm_ref, cold_ref = dict.fromkeys(names, 0.0), dict.fromkeys(names, 0.0)
    ratios = AXES["cadence_ratio"]
    for speed in AXES["speed_m_per_s"]:
        for k, ratio in enumerate(ratios):
            cold = kneeload.simulate_step(speed, cadence_ratio=ratio, time_series=False)
            row = warm.isel(speed_m_per_s=AXES["speed_m_per_s"].index(speed), cadence_ratio=k)
            values = {m: float(row[m]) for m in names}
            for m in names:
                cold_diff[m] = max(cold_diff[m], relative(values[m], cold.metrics[m]))
            if speed in (2.5, 4.5) and k in (0, 8, 15):
                ref = kneeload.simulate_step(speed, cadence_ratio=ratio, time_series=False, **REFERENCE)
                for m in names:
                    warm_ref[m] = max(warm_ref[m], relative(values[m], ref.metrics[m]))
                    cold_ref[m] = max(cold_ref[m], relative(cold.metrics[m], ref.metrics[m]))
    list_diff = list_differences(names)
    print(f"{'metric':<45}{'grid vs cold':>14}{'list vs cold':>14}{'grid vs 1e-12':>15}{'cold vs 1e-12':>15}")
    for m in SHOWN:
        print(f"{m:<45}{cold_diff[m]:>14.1e}{list_diff[m]:>14.1e}{warm_ref[m]:>15.1e}{cold_ref[m]:>15.1e}")
    worst = max(cold_diff, key=cold_diff.get)
    print(f"largest grid vs cold over all {len(names)} metrics: {worst} {cold_diff[worst]:.1e}")
    worst_list = max(list_diff, key=list_diff.get)
    print(f"largest list vs cold over all {len(names)} metrics: {worst_list} {list_diff[worst_list]:.1e}")
    worst_ref = max(cold_ref, key=cold_ref.get)
    print(f"largest cold vs 1e-12 over all metrics: {worst_ref} {cold_ref[worst_ref]:.1e}")


if __name__ == "__main__":
    main()
