"""Science benchmark: how cadence, step length, foot strike, shoes, surfaces and speed change knee
load in the model, set beside published studies (kneeload.literature: STUDIES and FINDINGS).

    .venv/bin/python benchmarks/science/run.py [--out results/science]

Writes <out>/report.md with PNG figures and CSV tables; runs in well under a minute.
"""

from __future__ import annotations

import argparse
import math
import re
import sys
import textwrap
import time
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import kneeload  # noqa: E402
from kneeload import plot  # noqa: E402
from kneeload.literature import (  # noqa: E402
    FINDINGS,
    SIZE_TOLERANCE,
    STUDIES,
    VALUE_TOLERANCE,
    Study,
    judge,
    model_effect,
)
from kneeload.sweep import _ok_metric  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))


def sweep_study(study: Study):
    """The study's sweep (one dataset over its axis)."""
    with warnings.catch_warnings():  # a condition without a step is reported by its figure and table
        warnings.simplefilter("ignore", kneeload.FailedConditionsWarning)
        return kneeload.sweep({study.axis: list(study.values)}, fixed=study.fixed, progress=False)


#: A panel whose values vary by less than this (relative) over the study's axis is numerical noise
#: around a constant: it is not drawn, the report names it and its value. The empirical closure
#: holds the contact time whatever the shoe or surface; over those studies it varies by up to
#: 1.4e-5 (the integration's noise), within the 3e-4 accuracy the speed benchmark holds the
#: contact time to (README, Speed).
CONSTANT_RELATIVE_RANGE = 1e-4


def constant_metrics(study: Study, ds) -> dict[str, str]:
    """Metrics of the study that are undefined, defined in one condition only or near-constant over
    its axis -> what they are."""
    out = {}
    for metric in study.metrics:
        values = ds[metric].values.astype(float)
        finite = values[np.isfinite(values)]
        if finite.size == 0:
            out[metric] = "undefined (NaN) in every condition"
        elif finite.size == 1 and values.size > 1:
            # One value is no trend, and not a constant either.
            at = ds[study.axis].values[np.isfinite(values)][0]
            at_text = f"{at:g}" if isinstance(at, (int, float, np.number)) else str(at)
            out[metric] = f"defined in one condition only ({study.axis} = {at_text})"
        elif np.ptp(finite) <= CONSTANT_RELATIVE_RANGE * max(np.max(np.abs(finite)), 1e-300):
            unit = ds[metric].attrs.get("units", "")
            out[metric] = f"{np.mean(finite):.4g}{'' if unit in ('', '1') else ' ' + unit} in every condition"
    return out


def short_citation(citation: str) -> str:
    """First author (or source) and year: "Lenhart 2014", "Footwear Science 2010"."""
    match = re.match(r"^(.*?)\s*\((\d{4})\)", citation)
    if not match:
        return citation.split(":")[0][:30]
    authors, year = match.groups()
    first = authors.split(",")[0].split()[0] if ("," in authors or " et al" in authors) else authors
    return f"{first} {year}"


def _position(ds, axis: str, layout, value):
    values = list(ds[axis].values)
    index = next(i for i, v in enumerate(values) if (v == value if isinstance(v, str) else math.isclose(v, value)))
    return layout.positions[index], index


def draw_finding(ax, finding, axis: str, ds, layout, scale: float) -> None:
    """The published effect on the model's panel: a value at its condition, a change applied to the
    model's value at the baseline condition; with its published spread as an error bar."""
    y = ds[finding.metric].values.astype(float)
    x0, i0 = _position(ds, axis, layout, finding.conditions[0])
    base = y[i0]
    label = f"published, {short_citation(finding.citation)}"
    if finding.published is None:
        x1, _ = _position(ds, axis, layout, finding.conditions[1])
        word = "increase" if finding.direction > 0 else "decrease"
        marker = "^" if finding.direction > 0 else "v"
        ax.plot(
            [x1], [base * scale], ls="none", marker=marker, ms=9, color="C3", label=f"{label}: {word} (direction only)"
        )
        return
    apply = {
        "value": lambda p: p,
        "percent": lambda p: base * (1.0 + p / 100.0),
        "difference": lambda p: base + p,
        "ratio": lambda p: base * p,
    }[finding.change]
    x = x0 if finding.change == "value" else _position(ds, axis, layout, finding.conditions[1])[0]
    value = apply(finding.published) * scale
    error = None
    if finding.spread is not None:
        low, high = (apply(v) * scale for v in finding.spread)
        error = [[value - low], [high - value]]
    label += f", {finding.spread_kind}" if finding.spread is not None else ", no spread reported"
    if finding.change != "value":  # the published change, drawn from the model's baseline value
        ax.plot([x0, x], [base * scale, value], color="C3", lw=0.8, ls=":")
    ax.errorbar([x], [value], yerr=error, ls="none", marker="s", ms=6, color="C3", capsize=4, label=label)


#: What the published markers mean (figure note and report).
PUBLISHED_NOTE = (
    "Red: the published effect; a published change is drawn from the model's value at the study's baseline "
    "condition (dotted), a published magnitude at its condition; error bars: the published spread where the "
    "source gives one."
)


def figure(name, study: Study, ds, out, omitted: dict[str, str]):
    metrics = [m for m in study.metrics if m not in omitted]
    cols = 3
    rows = math.ceil(len(metrics) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.3 * cols, 3.1 * rows + 1.0), constrained_layout=True, squeeze=False)
    layout = plot.axis_layout(ds[study.axis])
    for axis_plot, metric in zip(axes.flat, metrics, strict=False):
        _, _, scale = plot.describe(metric, ds[metric].attrs)
        y = _ok_metric(ds, metric).values.astype(float) * scale  # failed: not drawn
        axis_plot.plot(layout.positions, y, marker="o", color="C0", label="model")
        for finding in (f for f in FINDINGS if f.study == name and f.metric == metric):
            draw_finding(axis_plot, finding, study.axis, ds, layout, scale)
            handles, labels = axis_plot.get_legend_handles_labels()
            unique = dict(zip(labels, handles, strict=True))  # one entry per source
            axis_plot.legend(unique.values(), unique.keys(), fontsize=6, loc="best")
        plot.apply_layout(axis_plot, layout, "x")
        axis_plot.xaxis.label.set_fontsize(8)
        axis_plot.set_ylabel(plot.label(metric, ds[metric].attrs, 32), fontsize=8)
        axis_plot.tick_params(labelsize=7)
        axis_plot.grid(alpha=0.3)
    for extra in list(axes.flat)[len(metrics) :]:
        extra.remove()
    condition = plot.sweep_condition(ds, (study.axis,), {}, stated=study.title)  # the title's settings not twice
    failed = [layout.tick_labels[i] for i, status in enumerate(ds["status"].values) if status != 0]
    if failed:
        condition += f"\nno periodic step (not drawn) at {study.axis} = {', '.join(failed)}"
    fig.suptitle(f"{study.title}\n{condition}", fontsize=10)
    if any(f.study == name for f in FINDINGS):
        fig.supxlabel(textwrap.fill(PUBLISHED_NOTE, 170), fontsize=7)
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


def default_runner_section() -> list[str]:
    """The default runner against the published values it is calibrated to (kneeload.literature.CALIBRATION,
    the values tests/python/test_calibration.py checks); printed and returned as report lines."""
    from kneeload.literature import CALIBRATION

    rows = ["| metric | settings | model | published range | within | source |", "|---|---|---|---|---|---|"]
    print("Default runner against its published calibration values (kneeload.literature.CALIBRATION):")
    for reference in CALIBRATION:
        value = kneeload.simulate_step(time_series=False, **reference.settings).metrics[reference.metric]
        within = reference.lower <= value <= reference.upper
        label = "yes" if within else ("known deviation" if reference.known_deviation else "**no**")
        band = f"[{reference.lower:.4g}, {reference.upper:.4g}]"
        print(f"  {reference.metric} {reference.settings}: {value:.4g} in {band}: {label}")
        rows.append(
            f"| {reference.metric} | {reference.settings} | {value:.4g} | {band} | {label} | {reference.citation} |"
        )
    return ["## Calibration of the default runner", "", *rows, ""]


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
        omitted = constant_metrics(study, ds)
        picture = figure(name, study, ds, out, omitted)
        lines += [f"## {study.title}", "", f"![{name}]({picture})", ""]
        if omitted:
            lines += ["Not drawn (no trend over the axis): " + "; ".join(f"{m} {v}" for m, v in omitted.items()), ""]
        lines += [f"Table: [{name}.csv]({name}.csv)", ""]
        if any(f.study == name for f in FINDINGS):
            rows, notes, found = findings_table(name, study, ds)
            summary += found
            lines += rows + [""] + (["Why the model differs:", ""] + notes + [""] if notes else [])
    lines += default_runner_section()
    import validation_section

    lines += validation_section.section(out)
    import calibration_section

    lines += calibration_section.section(out)
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
