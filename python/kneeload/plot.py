"""Figures (matplotlib): one step's time course, heat maps and percent-change curves of sweeps,
and the validation against measured runners. Labels and units come from the variables' ``units``
attributes (the registry)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import matplotlib.axes
    import matplotlib.figure
    import xarray

    from .step import StepResult
    from .validation import Validation

__all__ = ["heatmap", "percent_change", "step", "validation_curves", "validation_scatter"]

#: One colour per foot strike in the validation figures.
_FOOT_STRIKE_COLOURS = {"rearfoot": "tab:blue", "midfoot": "tab:orange", "forefoot": "tab:green"}


def _label(name: str, units: str | None) -> str:
    return f"{name} [{units}]" if units else name


def _positions(coordinate: xarray.DataArray) -> tuple[np.ndarray, list[str] | None]:
    """Plot positions of a coordinate: its values, or 0, 1, ... with labels for a choice axis."""
    values = coordinate.values
    if values.dtype.kind in "OUS":
        return np.arange(len(values), dtype=float), [str(v) for v in values]
    return values.astype(float), None


def step(result: StepResult, axes: Sequence[matplotlib.axes.Axes] | None = None) -> matplotlib.figure.Figure:
    """Vertical GRF, knee flexion and PFJ stress against time for one step.

    Parameters
    ----------
    result : StepResult
        From :func:`kneeload.simulate_step` with ``time_series=True``.
    axes : three matplotlib Axes, optional
        Where to draw (a new figure otherwise).
    """
    import matplotlib.pyplot as plt

    if len(result.time_series) == 0:
        raise ValueError("result has no time series: simulate with time_series=True")
    ts = result.time_series
    if axes is None:
        fig, axes = plt.subplots(3, 1, sharex=True, figsize=(6, 7), constrained_layout=True)
    else:
        fig = axes[0].figure
    body_weight = result.metrics.peak_vgrf_n / result.metrics.peak_vgrf_bw
    t_ms = 1000.0 * ts.time_s
    axes[0].plot(t_ms, ts.vertical_grf_n / body_weight)
    axes[0].set_ylabel("vertical GRF [BW]")
    axes[1].plot(t_ms, ts.knee_flexion_deg)
    axes[1].set_ylabel("knee flexion [deg]")
    axes[2].plot(t_ms, ts.pfj_stress_mpa)
    axes[2].set_ylabel("PFJ stress [MPa]")
    axes[2].set_xlabel("time since touchdown [ms]")
    axes[0].set_title(f"one step ({result.inputs['contact_area_curve']} contact area)")
    return fig


def heatmap(
    dataset: xarray.Dataset, metric: str, x: str, y: str, ax: matplotlib.axes.Axes | None = None, **selection: Any
) -> matplotlib.figure.Figure:
    """Heat map of a metric over two swept axes.

    Parameters
    ----------
    dataset : xarray.Dataset
        A sweep (:func:`kneeload.sweep`).
    metric, x, y : str
        The variable drawn and the two dimensions it is drawn over (numbers or choices).
    ax : matplotlib Axes, optional
        Where to draw (a new figure otherwise).
    **selection
        Values of the other dimensions (e.g. ``speed_m_per_s=3.3``).

    Returns
    -------
    matplotlib.figure.Figure
        Failed conditions show blank.
    """
    import matplotlib.pyplot as plt

    data = dataset[metric]
    if selection:
        data = data.sel(**selection)
    data = data.transpose(y, x)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4.5), constrained_layout=True)
    (xs, x_labels), (ys, y_labels) = _positions(dataset[x]), _positions(dataset[y])
    mesh = ax.pcolormesh(xs, ys, np.ma.masked_invalid(data.values), shading="nearest")
    if x_labels:
        ax.set_xticks(xs, x_labels)
    if y_labels:
        ax.set_yticks(ys, y_labels)
    colorbar = ax.figure.colorbar(mesh, ax=ax)
    colorbar.set_label(_label(metric, data.attrs.get("units")))
    ax.set_xlabel(_label(x, dataset[x].attrs.get("units")))
    ax.set_ylabel(_label(y, dataset[y].attrs.get("units")))
    return ax.figure


def percent_change(
    dataset: xarray.Dataset,
    metrics: Sequence[str],
    axis: str,
    baseline: float | str,
    ax: matplotlib.axes.Axes | None = None,
    **selection: Any,
) -> matplotlib.figure.Figure:
    """Percent change of metrics along one axis, relative to a baseline condition.

    Parameters
    ----------
    dataset : xarray.Dataset
        A sweep (:func:`kneeload.sweep`).
    metrics : sequence of str
        Variables to draw.
    axis : str
        The dimension along which they change (numbers or a choice).
    baseline : float or str
        The axis value the changes are relative to (the nearest value of a numeric axis).
    ax : matplotlib Axes, optional
        Where to draw (a new figure otherwise).
    **selection
        Values of the other dimensions.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4), constrained_layout=True)
    positions, labels = _positions(dataset[axis])
    nearest = None if labels else "nearest"
    reference_value = dataset[axis].sel({axis: baseline}, method=nearest).item()
    for metric in metrics:
        data = dataset[metric]
        if selection:
            data = data.sel(**selection)
        change = 100.0 * (data / data.sel({axis: reference_value}) - 1.0)
        ax.plot(positions, change.values, marker="o", label=metric)
    ax.axhline(0.0, color="0.6", linewidth=0.8)
    ax.axvline(positions[list(dataset[axis].values).index(reference_value)], color="0.6", linewidth=0.8, linestyle=":")
    if labels:
        ax.set_xticks(positions, labels)
    ax.set_xlabel(_label(axis, dataset[axis].attrs.get("units")))
    ax.set_ylabel(f"change from {axis} = {reference_value} [%]")
    ax.legend(fontsize="small")
    return ax.figure


def _mean_over_trials(values: np.ndarray) -> np.ndarray:
    """Mean over the rows where finite; NaN where no row is (the data's moment below 100 N)."""
    count = np.isfinite(values).sum(axis=0)
    total = np.nansum(values, axis=0)
    return np.divide(total, count, out=np.full(total.shape, np.nan), where=count > 0)


def validation_scatter(validation: Validation, quantities: Sequence[str] | None = None) -> matplotlib.figure.Figure:
    """Model against measured, one panel per quantity, coloured by foot strike, with the identity
    line.

    Parameters
    ----------
    validation : Validation
        From :func:`kneeload.validation.validate`.
    quantities : sequence of str, optional
        Keys of :data:`kneeload.validation.COMPARISONS` (default: all).
    """
    import matplotlib.pyplot as plt

    from .validation import COMPARISONS

    names = list(COMPARISONS) if quantities is None else list(quantities)
    cols = 4
    rows = -(-len(names) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 3.0 * rows), constrained_layout=True, squeeze=False)
    table = validation.trials
    for ax, name in zip(axes.flat, names, strict=False):
        unit = COMPARISONS[name].unit
        measured, model = table[f"{name}_measured"].to_numpy(float), table[f"{name}_model"].to_numpy(float)
        for foot_strike, colour in _FOOT_STRIKE_COLOURS.items():
            rows_of = (table.foot_strike == foot_strike).to_numpy()
            ax.scatter(measured[rows_of], model[rows_of], s=14, color=colour, label=foot_strike)
        finite = np.isfinite(measured) & np.isfinite(model)
        if finite.any():
            lo = min(measured[finite].min(), model[finite].min())
            hi = max(measured[finite].max(), model[finite].max())
            ax.plot([lo, hi], [lo, hi], color="0.4", lw=0.8)
        ax.set_title(name.replace("_", " "), fontsize=9)
        ax.set_xlabel(_label("measured", unit), fontsize=8)
        ax.set_ylabel(_label("model", unit), fontsize=8)
        ax.tick_params(labelsize=7)
    for extra in list(axes.flat)[len(names) :]:
        extra.remove()
    axes.flat[0].legend(fontsize=7)
    return fig


def validation_curves(validation: Validation) -> matplotlib.figure.Figure:
    """Measured and model mean stance curves, one column per curve and one row per foot strike
    (thin lines: trials; thick: their mean)."""
    import matplotlib.pyplot as plt

    from .validation import CURVES

    curves = validation.curves
    foot_strike = validation.trials.set_index(["subject", "speed_m_per_s"]).foot_strike
    strikes = [f for f in _FOOT_STRIKE_COLOURS if (foot_strike == f).any()]
    fig, axes = plt.subplots(
        len(strikes),
        len(CURVES),
        figsize=(4.0 * len(CURVES), 2.6 * len(strikes)),
        squeeze=False,
        constrained_layout=True,
        sharex=True,
    )
    pct = curves.stance_pct.values
    of_trial = [foot_strike[(s, v)] for s, v in zip(curves.subject.values, curves.speed_m_per_s.values, strict=True)]
    for row, strike in enumerate(strikes):
        chosen = np.array([f == strike for f in of_trial])
        for col, name in enumerate(CURVES):
            ax = axes[row, col]
            for side, colour in (("measured", "k"), ("model", _FOOT_STRIKE_COLOURS[strike])):
                values = curves[f"{name}_{side}"].values[chosen]
                ax.plot(pct, values.T, color=colour, lw=0.4, alpha=0.4)
                ax.plot(pct, _mean_over_trials(values), color=colour, lw=2.0, label=side)
            ax.set_title(f"{strike}: {name}", fontsize=9)
            ax.tick_params(labelsize=7)
        axes[row, 0].legend(fontsize=7)
    for ax in axes[-1]:
        ax.set_xlabel("stance [%]", fontsize=8)
    return fig
