"""Validation section of the science report: the model on the shipped measured trials
(kneeload.validation), per foot strike, against the targets the model is held to."""

from __future__ import annotations

import matplotlib.pyplot as plt

from kneeload import plot, validation


def _markdown(frame, floats: str = "{:.3g}") -> list[str]:
    columns = list(frame.columns)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in frame.itertuples(index=False):
        cells = [floats.format(v) if isinstance(v, float) else str(v) for v in row]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def summary_table(result):
    """Per foot strike and quantity with data: n, means, bias and mean absolute error."""
    columns = [
        "foot_strike",
        "quantity",
        "unit",
        "n",
        "measured_mean",
        "model_mean",
        "bias",
        "mean_absolute_error",
        "error_unit",
    ]
    return result.summary[result.summary.n > 0][columns]


def lab_filter_lines(cutoffs_hz=(None, 8.0, validation.LAB_MOMENT_LOW_PASS_HZ, 12.0)) -> list[str]:
    """How the knee-moment comparisons depend on the filter assumed for the measured moments: the
    table states their 10 Hz cutoff, not the filter's order or extent (the targets above use the
    default, 10 Hz, 4th-order zero-lag); None: the model's moment unfiltered (its force still
    low-passed at the table's 50 Hz, and its curves cut on that force, as in every row)."""
    lab_hz = validation.LAB_MOMENT_LOW_PASS_HZ
    lines = [
        f"The measured moments were computed from signals low-passed at {lab_hz:g} Hz (order not stated); the "
        "targets compare the model's moment low-passed alike (4th-order zero-lag Butterworth over the periodic "
        "stride, the order the table states for its force). With other cutoffs (`validate(moment_low_pass_hz=...)`; "
        "the vertical force low-passed at the table's 50 Hz in every row):",
        "",
        "| cutoff [Hz] | median R^2 of the knee-moment curve | peak knee moment bias RF / MF / FF [%] "
        "| peak PFJ stress bias RF / MF / FF [%] |",
        "|---|---|---|---|",
    ]
    for cutoff in cutoffs_hz:
        t = validation.validate(moment_low_pass_hz=cutoff).targets.set_index(["target", "foot_strike"]).value
        moment = " / ".join(f"{t[('peak knee moment bias', fs)]:+.1f}" for fs in validation.FOOT_STRIKES)
        stress = " / ".join(f"{t[('peak PFJ stress bias', fs)]:+.1f}" for fs in validation.FOOT_STRIKES)
        r2 = t[("median R^2 of the knee moment curve", "all")]
        name = "unfiltered" if cutoff is None else f"{cutoff:g}"
        lines.append(f"| {name} | {r2:.3f} | {moment} | {stress} |")
    return lines


def section(out) -> list[str]:
    result = validation.validate()
    result.trials.to_csv(out / "validation_trials.csv", index=False)
    result.summary.to_csv(out / "validation_summary.csv", index=False)
    result.targets.to_csv(out / "validation_targets.csv", index=False)
    result.speed_change.to_csv(out / "validation_speed_change.csv", index=False)
    for name, fig in (
        ("validation_scatter.png", plot.validation_scatter(result)),
        ("validation_curves.png", plot.validation_curves(result)),
    ):
        fig.savefig(out / name, dpi=110)
        plt.close(fig)
    met = int(result.targets.met.sum())
    print("Validation against measured runners (kneeload.validation):")
    print(summary_table(result).to_string(index=False, float_format=lambda v: f"{v:.3g}"))
    print(result.targets.to_string(index=False, float_format=lambda v: f"{v:.3g}"))
    print(f"{met} of {len(result.targets)} targets met")
    filtered = lab_filter_lines()
    print("\n".join(filtered))
    summary = summary_table(result)
    return [
        "## Validation against measured runners",
        "",
        "`kneeload.validation.validate()`: the model run on the shipped table of 39 treadmill trials "
        "(13 runners x 2.5 / 3.5 / 4.5 m/s; Fukuchi, Fukuchi & Duarte 2017, PeerJ 5:e3298, CC BY 4.0) with each "
        "runner's body mass, height, foot strike (right foot), speed and measured cadence as its only inputs, "
        "processed like the lab processed the runners (stance above 50 N, curves over 101 points of stance, the "
        f"quasi-static ground-force-vector knee moment low-passed at {validation.LAB_MOMENT_LOW_PASS_HZ:g} Hz, the "
        f"vertical force at {validation.LAB_VGRF_LOW_PASS_HZ:g} Hz). Bias: mean error, % for relative quantities.",
        "",
        *_markdown(summary),
        "",
        f"Targets: {met} of {len(result.targets)} met.",
        "",
        *_markdown(result.targets),
        "",
        *filtered,
        "",
        "![model against measured](validation_scatter.png)",
        "",
        "![stance curves](validation_curves.png)",
        "",
        "Tables: [trials](validation_trials.csv), [summary](validation_summary.csv), "
        "[targets](validation_targets.csv), [2.5 -> 4.5 m/s change](validation_speed_change.csv).",
        "",
    ]
