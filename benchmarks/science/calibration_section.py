"""Personal-calibration section of the science report: each shipped runner calibrated on his
3.5 m/s trial (kneeload.calibrate), his 2.5 and 4.5 m/s trials predicted, against the uncalibrated
model (kneeload.calibration.validate_transfer). Every number is computed here, not copied."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from kneeload import calibration

CALIBRATION_SPEED_M_PER_S = 3.5
#: The runner whose calibration the report draws (the first rearfoot striker of the table).
EXAMPLE_RUNNER = "RBDS003"


def _markdown(frame: pd.DataFrame) -> list[str]:
    columns = list(frame.columns)
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for row in frame.itertuples(index=False):
        lines.append("| " + " | ".join(f"{v:.3g}" if isinstance(v, float) else str(v) for v in row) + " |")
    return lines


def _parameters(transfer) -> pd.DataFrame:
    """Per fitted parameter: how many runners it was fitted for, its default and its range."""
    rows = []
    fitted = {s: c for s, c in transfer.calibrations.items() if not isinstance(c, str)}
    names = dict.fromkeys(n for c in fitted.values() for n in c.fitted)
    for name in names:
        values = pd.Series([c.fitted[name] for c in fitted.values() if name in c.fitted])
        rows.append(
            {
                "parameter": name,
                "runners": len(values),
                "min": values.min(),
                "median": values.median(),
                "max": values.max(),
            }
        )
    return pd.DataFrame(rows)


def section(out) -> list[str]:
    transfer = calibration.validate_transfer(CALIBRATION_SPEED_M_PER_S)
    transfer.trials.to_csv(out / "calibration_transfer_trials.csv", index=False)
    transfer.summary.to_csv(out / "calibration_transfer_summary.csv", index=False)
    parameters = _parameters(transfer)
    parameters.to_csv(out / "calibration_parameters.csv", index=False)
    fitted = {s: c for s, c in transfer.calibrations.items() if not isinstance(c, str)}
    failed = {s: c for s, c in transfer.calibrations.items() if isinstance(c, str)}
    within = sum(bool(c.residuals.met.all()) for c in fitted.values())
    example = fitted.get(EXAMPLE_RUNNER)
    if example is not None:
        fig = example.figure()
        fig.savefig(out / "calibration_example.png", dpi=110)
        plt.close(fig)
    summary = transfer.summary
    overall = summary[summary.speed_m_per_s == "all"].drop(columns="speed_m_per_s")
    per_speed = summary[summary.speed_m_per_s != "all"][
        ["speed_m_per_s", "quantity", "unit", "n_measured", "mae_uncalibrated", "mae_calibrated"]
    ]
    print("Personal calibration at 3.5 m/s, prediction at 2.5 and 4.5 m/s (kneeload.calibration.validate_transfer):")
    print(overall.to_string(index=False, float_format=lambda v: f"{v:.3g}"))
    print(f"{len(fitted)} of {len(transfer.calibrations)} runners calibrated; {within} match every measured value")
    lines = [
        "## Personal calibration: calibrate at 3.5 m/s, predict 2.5 and 4.5 m/s",
        "",
        "`kneeload.calibration.validate_transfer()`: each of the 13 runners of the shipped table is calibrated on his "
        f"{CALIBRATION_SPEED_M_PER_S:g} m/s trial with `kneeload.calibrate` (bounded least squares of "
        f"{', '.join(calibration.FITTED_BY)}, each from the measured values that move it most: "
        + "; ".join(f"{p} from {', '.join(c)}" for p, c in calibration.FITTED_BY.items())
        + "), then his 2.5 and 4.5 m/s trials are predicted with those parameters and each trial's measured speed "
        "and cadence, and processed like the lab (`kneeload.validation`). The uncalibrated model is the same "
        "validation with the default parameters. Errors in % for relative quantities, else in the unit; MAE: mean "
        "absolute error over the predicted trials, bias: mean error. n: trials with the measurement, and with the "
        "quantity in the model (a model step may show no distinct impact peak).",
        "",
        f"At {CALIBRATION_SPEED_M_PER_S:g} m/s, {len(fitted)} of {len(transfer.calibrations)} runners calibrate, and "
        f"{within} of them match every measured value within its tolerance (the validation's bias targets: contact "
        "time and peak force 6 %, knee angles 3 deg, knee moment 10 %, loading rate 30 %)"
        + (": " + "; ".join(f"{s}: {m}" for s, m in failed.items()) if failed else "")
        + ".",
        "",
        "Predicted trials (2.5 and 4.5 m/s):",
        "",
        *_markdown(overall),
        "",
        "Per speed:",
        "",
        *_markdown(per_speed),
        "",
        "Fitted parameters over the runners:",
        "",
        *_markdown(parameters),
        "",
    ]
    if example is not None:
        lines += [f"![calibration of {EXAMPLE_RUNNER} at 3.5 m/s](calibration_example.png)", ""]
    lines += [
        "Tables: [calibration_transfer_summary.csv](calibration_transfer_summary.csv), "
        "[calibration_transfer_trials.csv](calibration_transfer_trials.csv), "
        "[calibration_parameters.csv](calibration_parameters.csv).",
        "",
    ]
    return lines
