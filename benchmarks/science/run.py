"""Science benchmark: how cadence, step length, foot strike, shoes, surfaces and speed change
knee load in the model, set beside published studies (issue 4).

    .venv/bin/python benchmarks/science/run.py [--out results/science]

Writes <out>/report.md with PNG figures and CSV tables; runs in well under a minute.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from literature import FINDINGS  # noqa: E402

import kneeload  # noqa: E402

KNEE_METRICS = ["knee_flexion_touchdown_deg", "knee_flexion_peak_deg", "peak_knee_extensor_moment_n_m_per_kg",
                "peak_pfj_force_bw", "peak_pfj_stress_mpa", "pfj_stress_time_integral_mpa_s",
                "pfj_stress_time_integral_per_km_mpa_s", "impact_peak_bw", "average_loading_rate_bw_per_s"]
SHOE_METRICS = ["impact_peak_bw", "average_loading_rate_bw_per_s", "instantaneous_loading_rate_bw_per_s", "peak_vgrf_bw",
                "contact_time_s", "leg_stiffness_n_per_m", "peak_knee_extensor_moment_n_m_per_kg", "peak_pfj_force_bw",
                "peak_pfj_stress_mpa", "pfj_stress_time_integral_per_km_mpa_s"]
#: A model effect "agrees in size" when it is within this fraction of the published effect.
SIZE_TOLERANCE = 0.5


def studies():
    """(name, title, axis, dataset, metrics) for every comparison of the suite."""
    out = []
    ratios = [0.9, 0.95, 1.0, 1.05, 1.1]
    ds = kneeload.sweep({"cadence_ratio": ratios}, fixed={"speed_m_per_s": 3.3}, progress=False)
    out.append(("step_rate", "Step rate -10 ... +10 % of preferred at 3.3 m/s", "cadence_ratio", ds, KNEE_METRICS))
    speed = 3.7
    base = speed * 60.0 / kneeload.preferred_cadence(speed)
    factors = np.array([0.8, 0.9, 1.0, 1.1, 1.2])
    ds = kneeload.sweep({"step_length_m": base * factors}, fixed={"speed_m_per_s": speed}, progress=False)
    ds = ds.assign_coords(step_length_ratio=("step_length_m", factors)).swap_dims({"step_length_m": "step_length_ratio"})
    out.append(("step_length", "Step length -20 ... +20 % at 3.7 m/s (cadence follows)", "step_length_ratio", ds,
                KNEE_METRICS + ["steps_per_km"]))
    ds = kneeload.sweep({"foot_strike": ["rearfoot", "midfoot", "forefoot"]}, fixed={"speed_m_per_s": 3.3, "cadence_ratio": 1.0},
                        progress=False)
    out.append(("foot_strike", "Rearfoot, midfoot and forefoot strike at 3.3 m/s, preferred cadence", "foot_strike", ds,
                KNEE_METRICS + ["has_impact_peak"]))
    ds = kneeload.sweep({"shoe_stiffness_n_per_m": [50e3, 75e3, 100e3, 150e3, 200e3, 300e3, 400e3]},
                        fixed={"speed_m_per_s": 3.3, "cadence_ratio": 1.0}, progress=False)
    out.append(("shoe_stiffness", "Midsole stiffness from soft to hard (new shoe), 3.3 m/s", "shoe_stiffness_n_per_m", ds,
                SHOE_METRICS))
    ds = kneeload.sweep({"shoe_wear_km": [0.0, 100.0, 200.0, 322.0, 500.0, 800.0]},
                        fixed={"speed_m_per_s": 3.3, "cadence_ratio": 1.0}, progress=False)
    out.append(("shoe_wear", "Shoe wear from new to 800 km (Cook et al. 1985 curve), 3.3 m/s", "shoe_wear_km", ds, SHOE_METRICS))
    ds = kneeload.sweep({"surface_stiffness_n_per_m": [21.3e3, 75.4e3, 216.8e3, 533e3, 945.7e3, math.inf]},
                        fixed={"speed_m_per_s": 3.7, "cadence_ratio": 1.0}, progress=False)
    out.append(("surface", "Surface stiffness from soft track to concrete (inf = rigid), 3.7 m/s", "surface_stiffness_n_per_m",
                ds, SHOE_METRICS))
    ds = kneeload.sweep({"cadence_ratio": [0.74, 0.87, 1.0, 1.18, 1.36]}, fixed={"speed_m_per_s": 2.5}, progress=False)
    out.append(("stride_frequency", "Leg stiffness against stride frequency at 2.5 m/s", "cadence_ratio", ds,
                ["leg_stiffness_n_per_m", "morin_leg_stiffness_n_per_m", "leg_spring_stiffness_n_per_m", "contact_time_s",
                 "peak_vgrf_bw", "peak_pfj_stress_mpa"]))
    ds = kneeload.sweep({"speed_m_per_s": [2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5]}, fixed={"cadence_ratio": 1.0}, progress=False)
    out.append(("speed", "Speed from 2.5 to 5.5 m/s at preferred cadence", "speed_m_per_s", ds,
                ["cadence_steps_per_min", "contact_time_s", "peak_vgrf_bw"] + KNEE_METRICS))
    return out


def model_effect(ds, axis, finding):
    """The model's counterpart of a published effect."""
    metric, conditions = finding["metric"], finding["conditions"]
    values = ds[metric]

    def at(c):
        return float(values.sel({axis: c}, method="nearest") if not isinstance(c, str) else values.sel({axis: c}))

    kind = finding["change"]
    if kind == "value":
        return at(conditions[0])
    a, b = at(conditions[0]), at(conditions[1])
    return {"percent": 100.0 * (b / a - 1.0), "difference": b - a, "ratio": b / a}[kind]


def judge(finding, model):
    published, kind = finding["published"], finding["change"]
    if published is None:  # direction only
        direction = finding["direction"]
        model_direction = 0 if abs(model) < 0.5 else int(math.copysign(1, model))
        return model_direction == direction, None
    if kind == "value":
        if published == 0.0:
            return None, model == 0.0
        return None, abs(model / published - 1.0) <= 0.15
    reference = 1.0 if kind == "ratio" else 0.0
    direction = math.copysign(1, model - reference) == math.copysign(1, published - reference)
    size = abs((model - reference) - (published - reference)) <= SIZE_TOLERANCE * abs(published - reference)
    return direction, size


def figure(name, title, axis, ds, metrics, out):
    n = len(metrics)
    cols = 3
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 2.8 * rows), constrained_layout=True, squeeze=False)
    x = ds[axis].values
    numeric = not isinstance(x[0], str)
    positions = x if numeric else np.arange(len(x))
    for axis_plot, metric in zip(axes.flat, metrics):
        y = ds[metric].values.astype(float)
        if numeric:
            axis_plot.plot(positions[np.isfinite(positions)], y[np.isfinite(positions)], marker="o")
        else:
            axis_plot.bar(positions, np.nan_to_num(y))
            axis_plot.set_xticks(positions, x)
        axis_plot.set_title(f"{metric} [{ds[metric].attrs.get('units', '')}]", fontsize=8)
        axis_plot.set_xlabel(f"{axis} [{ds[axis].attrs.get('units', '1')}]" if numeric else axis, fontsize=8)
        axis_plot.tick_params(labelsize=7)
        if numeric and axis.endswith("n_per_m") and np.nanmax(x[np.isfinite(x)]) / np.nanmin(x) > 20:
            axis_plot.set_xscale("log")
    for extra in list(axes.flat)[n:]:
        extra.remove()
    fig.suptitle(title, fontsize=10)
    path = out / f"{name}.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path.name


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="results/science")
    parser.add_argument("--skip-sensitivity", action="store_true")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    lines = [f"# kneeload science benchmark", "",
             f"kneeload {kneeload.__version__}; default runner (70 kg, 1.75 m, rearfoot, cushioned shoe), empirical "
             "closure unless stated. Regenerate with `.venv/bin/python benchmarks/science/run.py`.", "",
             f"A model effect agrees in **direction** when it has the published sign, and in **size** when it lies "
             f"within ±{SIZE_TOLERANCE:.0%} of the published effect (±15 % for magnitudes).", ""]
    summary = []
    for name, title, axis, ds, metrics in studies():
        table = ds[metrics + ["status"]].to_dataframe()
        table.to_csv(out / f"{name}.csv")
        picture = figure(name, title, axis, ds, metrics, out)
        lines += [f"## {title}", "", f"![{name}]({picture})", "", f"Table: [{name}.csv]({name}.csv)", ""]
        findings = [f for f in FINDINGS if f["study"] == name]
        if findings:
            lines += ["| metric | conditions | published | model | direction | size | source |", "|---|---|---|---|---|---|---|"]
            notes = []
            for f in findings:
                model = model_effect(ds, axis, f)
                direction, size = judge(f, model)
                unit = {"percent": "%", "difference": ds[f["metric"]].attrs.get("units", ""), "ratio": "x",
                        "value": ds[f["metric"]].attrs.get("units", "")}[f["change"]]
                published = "increase" if f["published"] is None else f"{f['published']:+.3g} {unit}" \
                    if f["change"] != "value" else f"{f['published']:.3g} {unit}"
                mark = {True: "agrees", False: "**disagrees**", None: "-"}
                conditions = " -> ".join(str(c) for c in f["conditions"])
                lines.append(f"| {f['metric']} | {axis} {conditions} | {published} | {model:+.3g} {unit} | "
                             f"{mark[direction]} | {mark[size]} | {f['citation']}; {f['note']} |")
                summary.append((name, f["metric"], direction, size))
                if (direction is False or size is False) and f["explanation"]:
                    notes.append(f"- *{f['metric']}*: {f['explanation']}")
            lines += [""] + (["Why the model differs:", ""] + notes + [""] if notes else [])
    if not args.skip_sensitivity:
        import sensitivity

        lines += sensitivity.section(out)
    agree = sum(1 for _, _, d, s in summary if d is not False and s is not False)
    lines += ["## Summary", "", f"{agree} of {len(summary)} published effects reproduced in direction and size; "
              "the others are listed with the model assumption that causes the difference.", "",
              f"Run time: {time.perf_counter() - start:.1f} s.", ""]
    (out / "report.md").write_text("\n".join(lines))
    print(f"report written to {out / 'report.md'} ({agree} of {len(summary)} effects agree)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
