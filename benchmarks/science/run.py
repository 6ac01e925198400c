"""Science benchmark: how cadence, step length, foot strike, shoes, surfaces and speed change knee
load in the model, set beside published studies (kneeload.literature: STUDIES and FINDINGS).

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

import kneeload  # noqa: E402
from kneeload.literature import (  # noqa: E402
    FINDINGS,
    SIZE_TOLERANCE,
    STUDIES,
    VALUE_TOLERANCE,
    Study,
    judge,
    model_effect,
)

sys.path.insert(0, str(Path(__file__).resolve().parent))


def sweep_study(study: Study):
    """The study's sweep (one dataset over its axis)."""
    return kneeload.sweep({study.axis: list(study.values)}, fixed=study.fixed, progress=False)


def figure(name, study: Study, ds, out):
    metrics = study.metrics
    cols = 3
    rows = math.ceil(len(metrics) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4 * cols, 2.8 * rows), constrained_layout=True, squeeze=False)
    x = ds[study.axis].values
    numeric = not isinstance(x[0], str)
    positions = x if numeric else np.arange(len(x))
    for axis_plot, metric in zip(axes.flat, metrics, strict=False):
        y = ds[metric].values.astype(float)
        if numeric:
            finite = np.isfinite(positions)
            axis_plot.plot(positions[finite], y[finite], marker="o")
        else:
            axis_plot.bar(positions, np.nan_to_num(y))
            axis_plot.set_xticks(positions, x)
        axis_plot.set_title(f"{metric} [{ds[metric].attrs.get('units', '')}]", fontsize=8)
        axis_plot.set_xlabel(
            f"{study.axis} [{ds[study.axis].attrs.get('units', '1')}]" if numeric else study.axis, fontsize=8
        )
        axis_plot.tick_params(labelsize=7)
        if numeric and study.axis.endswith("n_per_m") and np.nanmax(x[np.isfinite(x)]) / np.nanmin(x) > 20:
            axis_plot.set_xscale("log")
    for extra in list(axes.flat)[len(metrics) :]:
        extra.remove()
    fig.suptitle(study.title, fontsize=10)
    path = out / f"{name}.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path.name


def findings_table(name, study, ds):
    """Markdown rows comparing each finding of the study, the notes on disagreements, and the
    (name, metric, direction, size) summary."""
    lines = ["| metric | conditions | published | model | direction | size | source |", "|---|---|---|---|---|---|---|"]
    notes, summary = [], []
    mark = {True: "agrees", False: "**disagrees**", None: "-"}
    for f in (f for f in FINDINGS if f.study == name):
        model = model_effect(f)
        direction, size = judge(f, model)
        unit = {"percent": "%", "ratio": "x"}.get(f.change, ds[f.metric].attrs.get("units", ""))
        if f.published is None:
            published = "increase" if f.direction > 0 else "decrease"
        else:
            published = f"{f.published:.3g} {unit}" if f.change == "value" else f"{f.published:+.3g} {unit}"
        conditions = " -> ".join(f"{c:.3g}" if isinstance(c, float) else str(c) for c in f.conditions)
        lines.append(
            f"| {f.metric} | {study.axis} {conditions} | {published} | {model:+.3g} {unit} | "
            f"{mark[direction]} | {mark[size]} | {f.citation}; {f.note} |"
        )
        summary.append((name, f.metric, direction, size))
        if (direction is False or size is False) and f.explanation:
            notes.append(f"- *{f.metric}*: {f.explanation}")
    return lines, notes, summary


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default="results/science")
    parser.add_argument("--skip-sensitivity", action="store_true")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    lines = [
        "# kneeload science benchmark",
        "",
        f"kneeload {kneeload.__version__}; default runner (70 kg, 1.75 m, rearfoot, cushioned shoe), empirical "
        "closure unless stated. Regenerate with `make science`.",
        "",
        f"A model effect agrees in **direction** when it has the published sign, and in **size** when it lies "
        f"within ±{SIZE_TOLERANCE:.0%} of the published effect (±{VALUE_TOLERANCE:.0%} for magnitudes).",
        "",
    ]
    summary = []
    for name, study in STUDIES.items():
        ds = sweep_study(study)
        ds[list(study.metrics) + ["status"]].to_dataframe().to_csv(out / f"{name}.csv")
        picture = figure(name, study, ds, out)
        lines += [f"## {study.title}", "", f"![{name}]({picture})", "", f"Table: [{name}.csv]({name}.csv)", ""]
        if any(f.study == name for f in FINDINGS):
            rows, notes, found = findings_table(name, study, ds)
            summary += found
            lines += rows + [""] + (["Why the model differs:", ""] + notes + [""] if notes else [])
    import validation_section

    lines += validation_section.section(out)
    if not args.skip_sensitivity:
        import sensitivity

        lines += sensitivity.section(out)
    agree = sum(1 for _, _, d, s in summary if d is not False and s is not False)
    lines += [
        "## Summary",
        "",
        f"{agree} of {len(summary)} published effects reproduced in direction and size; "
        "the others are listed with the model assumption that causes the difference.",
        "",
        f"Run time: {time.perf_counter() - start:.1f} s.",
        "",
    ]
    (out / "report.md").write_text("\n".join(lines))
    print(f"report written to {out / 'report.md'} ({agree} of {len(summary)} effects agree)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
