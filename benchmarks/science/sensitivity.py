"""Global sensitivity (Sobol indices, SALib) of the main knee-load outputs to the uncertain
model parameters, so users see which conclusions are robust (issue 4, item 4).

Uncertain inputs and their ranges (uniform):
- contact-area curve: Kernozek cubic vs Doyle quartic (a 0/1 switch, rounded)
- knee share of leg compression: 0.40-0.60 (model choice, default 0.50)
- lower-limb mass fraction: 0.06-0.10 (Clark et al. 2017: 0.08)
- shoe Hunt-Crossley damping: 0.2-0.5 s/m (model choice, default 0.34)
- closure: empirical vs fixed contact time at the empirical value +10 % (0/1 switch)
Outputs: peak PFJ stress, PFJ stress-time integral per km, impact peak, and the % change of
peak PFJ stress for +10 % cadence; default runner at 3.3 m/s and preferred cadence.
Saltelli sampling, N = 128 (N (2D + 2) = 896 samples, each at 1.0 and 1.1 x preferred cadence).
"""

from __future__ import annotations

import numpy as np

import kneeload

PROBLEM = {
    "num_vars": 5,
    "names": ["contact_area_curve", "knee_share_of_leg_compression", "lower_limb_mass_fraction",
              "shoe_hunt_crossley_damping_s_per_m", "closure"],
    "bounds": [[0.0, 1.0], [0.40, 0.60], [0.06, 0.10], [0.2, 0.5], [0.0, 1.0]],
}
OUTPUTS = ["peak_pfj_stress_mpa", "pfj_stress_time_integral_per_km_mpa_s", "impact_peak_bw"]
#: A relative effect: % change of peak PFJ stress for +10 % cadence (is the conclusion robust?).
CADENCE_EFFECT = "peak_pfj_stress_change_at_plus_10_pct_cadence_pct"
BASE_SAMPLES = 128


def evaluate(samples: np.ndarray) -> dict[str, np.ndarray]:
    """Model outputs for each sample row (switches rounded to 0/1)."""
    speed = 3.3
    fixed = {"speed_m_per_s": speed, "cadence_ratio": 1.0}
    reference = kneeload.simulate_step(time_series=False, **fixed)
    contact_time = 1.1 * reference.metrics["contact_time_s"]
    results = {name: np.full(len(samples), np.nan) for name in OUTPUTS + [CADENCE_EFFECT]}
    for curve in (0, 1):
        for closure in (0, 1):
            rows = np.where((np.round(samples[:, 0]) == curve) & (np.round(samples[:, 4]) == closure))[0]
            if len(rows) == 0:
                continue
            choices = {"contact_area_curve": ["kernozek_cubic", "doyle_quartic"][curve],
                       "closure": ["empirical", "contact_time"][closure]}
            extra = {"closure_value": contact_time} if closure else {}
            ds = kneeload.sweep(PROBLEM["names"][1:4], points=samples[rows][:, 1:4], fixed={**fixed, **choices, **extra},
                                progress=False)
            faster = kneeload.sweep(PROBLEM["names"][1:4], points=samples[rows][:, 1:4],
                                    fixed={**fixed, **choices, **extra, "cadence_ratio": 1.1}, progress=False)
            for name in OUTPUTS:
                results[name][rows] = ds[name].values
            results[CADENCE_EFFECT][rows] = 100.0 * (faster["peak_pfj_stress_mpa"].values / ds["peak_pfj_stress_mpa"].values - 1)
    return results


def section(out) -> list[str]:
    from SALib.analyze import sobol
    from SALib.sample import sobol as sobol_sample

    samples = sobol_sample.sample(PROBLEM, BASE_SAMPLES, calc_second_order=False, seed=1)
    results = evaluate(samples)
    lines = ["## Sensitivity (Sobol indices)", "",
             f"Saltelli sampling with N = {BASE_SAMPLES} ({len(samples)} conditions) over: "
             + "; ".join(f"{n} {b[0]:g}-{b[1]:g}" for n, b in zip(PROBLEM["names"], PROBLEM["bounds"]))
             + " (switches: 0/1). Default runner, 3.3 m/s, preferred cadence.", "",
             "| output | " + " | ".join(f"S1 {n} | ST {n}" for n in PROBLEM["names"]) + " |",
             "|---|" + "---|---|" * PROBLEM["num_vars"]]
    rows = []
    failed = {}
    for name in OUTPUTS + [CADENCE_EFFECT]:
        y = results[name].copy()
        # Sobol estimators need every sample: a sample with no periodic step (or no impact
        # peak) is given the mean of the others, and the count is reported below.
        failed[name] = int(np.isnan(y).sum())
        y[np.isnan(y)] = np.nanmean(y)
        index = sobol.analyze(PROBLEM, y, calc_second_order=False, seed=1)
        rows.append((name, index["S1"], index["ST"]))
        cells = " | ".join(f"{s1:.2f} | {st:.2f}" for s1, st in zip(index["S1"], index["ST"]))
        lines.append(f"| {name} | {cells} |")
    import csv

    with open(out / "sensitivity.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["output", "parameter", "S1", "ST"])
        for name, s1, st in rows:
            for parameter, a, b in zip(PROBLEM["names"], s1, st):
                writer.writerow([name, parameter, a, b])
    spread = {name: (np.nanmin(results[name]), np.nanmax(results[name])) for name in OUTPUTS + [CADENCE_EFFECT]}
    lines += ["", "S1: first-order index (share of the output's variance from that input alone); ST: total index "
              "(including interactions). Table: [sensitivity.csv](sensitivity.csv).", "",
              "Samples without a value (no periodic step), given the mean: "
              + "; ".join(f"{name} {count} of {len(samples)}" for name, count in failed.items()) + ".", "",
              "Range of each output over the samples: "
              + "; ".join(f"{name} {lo:.3g} to {hi:.3g}" for name, (lo, hi) in spread.items()) + ".", ""]
    return lines
