"""Figures (matplotlib) fit for a paper: one step's time course, heat maps and percent-change
curves of sweeps, a training plan's weekly load, the validation against measured runners, what-if
comparisons (:func:`kneeload.plot.compare`) and personal calibrations
(:func:`kneeload.plot.calibration_fit`).

Every figure states its condition in its title (the settings held fixed: the gait, the runner,
the shoe; :func:`condition_text`), labels its axes with the quantities' long names and units
(the Dataset's ``long_name``/``units`` attributes, else the registry: :data:`kneeload.METRICS`,
:data:`kneeload.PARAMETERS`, :data:`kneeload.TIME_SERIES`), and draws stiffnesses in kN/m. Swept
axes are laid out by their values: evenly spaced numbers on a linear axis, a doubling (geometric)
series on a log axis, anything else as categories; heat-map cells are centred on the swept
values. A Dataset with more dimensions than a figure draws is an error naming the extra ones
(select a value of each), never a silent slice.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from .registry import CHOICES, METRICS, PARAMETERS, TIME_SERIES, similar_names, unread_parameters_allowed

if TYPE_CHECKING:
    import matplotlib.axes
    import matplotlib.figure
    import xarray

    from .step import StepResult
    from .validation import Validation

__all__ = [
    "axis_layout",
    "apply_layout",
    "calibration_fit",
    "compare",
    "condition_text",
    "describe",
    "heatmap",
    "label",
    "percent_change",
    "step",
    "sweep_condition",
    "training_load",
    "validation_curves",
    "validation_scatter",
]

#: One colour per foot strike in the validation figures.
_FOOT_STRIKE_COLOURS = {"rearfoot": "tab:blue", "midfoot": "tab:orange", "forefoot": "tab:green"}
#: Units drawn in a more readable multiple: stiffnesses in kN/m, as shoes (60-240 kN/m) and
#: surfaces (Kerdok et al. 2002: 75-946 kN/m) are reported.
DISPLAY_UNITS: dict[str, tuple[str, float]] = {"N/m": ("kN/m", 1e-3)}
#: Registry groups whose choices a title always states (the foot strike, the shoe's law); other
#: choices (contact-area curve, closure ...) are stated only when they differ from their default.
TITLE_CHOICE_GROUPS = ("foot_strike", "shoe")
#: The gait relation speed = cadence / 60 x step length (README, Gait) and its three quantities.
SPEED, CADENCE, STEP_LENGTH = "speed_m_per_s", "cadence_steps_per_min", "step_length_m"
#: A numeric axis whose successive ratios agree to this is a geometric (e.g. doubling) series.
_GEOMETRIC_TOLERANCE = 1e-6
#: More distinct values than this get every k-th tick only.
_MAX_TICKS = 12

assert {SPEED, CADENCE, STEP_LENGTH} <= set(PARAMETERS), "gait quantities renamed in the registry"
assert set(TITLE_CHOICE_GROUPS) <= {c.group for c in CHOICES.values()}, "choice groups renamed in the registry"


# ---------------------------------------------------------------- names, units and conditions


def _registry_entry(name: str) -> tuple[str, str] | None:
    """(description, unit) of a metric, parameter, time-series column or choice; None if unknown."""
    for table in (METRICS, PARAMETERS, TIME_SERIES):
        if name in table:
            return table[name].description, table[name].unit
    if name in CHOICES:
        return CHOICES[name].description, ""
    return None


def _short(description: str) -> str:
    """A long name without its parenthetical remarks and explanations after a colon."""
    text = re.sub(r"\s*\([^)]*\)", "", description).split(":")[0].strip()
    return text or description


def describe(name: str, attrs: Mapping[str, Any] | None = None) -> tuple[str, str, float]:
    """Long name, display unit and the factor from stored to display unit of a quantity.

    Parameters
    ----------
    name : str
        A variable name (metric, parameter, time-series column, choice, or any Dataset variable).
    attrs : mapping, optional
        Its ``long_name`` and ``units`` attributes, and optionally ``display_units``: the unit
        the values are drawn in when a figure rescales them (e.g. a force in BW). The long name
        takes precedence over the registry's; the unit is ``display_units`` if given, else the
        registry's for a registry quantity (the readable spelling: BW, steps/min, deg; files
        carry the UDUNITS spelling: 1, min-1, degree), else ``units``.

    Returns
    -------
    tuple of (str, str, float)
        Long name (parenthetical remarks removed), unit ("" for a choice) and scale factor.
    """
    attrs = attrs or {}
    entry = _registry_entry(name)
    long_name = attrs.get("long_name") or (entry[0] if entry else name.replace("_", " "))
    unit = attrs.get("display_units") or (entry[1] if entry else attrs.get("units", ""))
    unit, scale = DISPLAY_UNITS.get(unit, (unit, 1.0))
    return _short(str(long_name)), str(unit), scale


def label(name: str, attrs: Mapping[str, Any] | None = None, width: int = 45) -> str:
    """``long name [unit]`` of a quantity (see :func:`describe`), wrapped.

    Parameters
    ----------
    name : str
        A variable name (metric, parameter, time-series column, choice or Dataset variable).
    attrs : mapping, optional
        Its ``long_name`` and ``units`` attributes.
    width : int
        Line width to wrap at [characters].

    Returns
    -------
    str
        The axis label; no unit for a dimensionless quantity.
    """
    long_name, unit, _ = describe(name, attrs)
    text = f"{long_name} [{unit}]" if unit and unit != "1" else long_name
    return textwrap.fill(text, width)


def _number(value: float, digits: int = 4) -> str:
    """A value for a label (:func:`kneeload.comparison._short`: 23300, not 2.33e+04)."""
    from .comparison import _short

    return _short(value, digits)


def _setting_name(name: str) -> str:
    """A parameter's name for a title: its short command-line alias, else its name without the
    unit suffix (``heel_pad_stiffness_n_per_m`` -> "heel pad stiffness")."""
    spec = PARAMETERS[name]
    return spec.alias.replace("-", " ") if spec.alias else _stem(name, spec.unit)


def setting_text(name: str, value: Any) -> str:
    """One setting for a title: ``speed 3.3 m/s``, ``shoe stiffness 120 kN/m``, ``rearfoot``."""
    if name in CHOICES:
        return f"{name} {value}".replace("_", " ")
    if name not in PARAMETERS:
        return f"{name.replace('_', ' ')} {value}"
    _, unit, scale = describe(name)
    number = _number(float(value) * scale)
    return f"{_setting_name(name)} {number}" + (f" {unit}" if unit and unit != "1" and number != "∞" else "")


def _is_given(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def condition_text(settings: Mapping[str, Any], exclude: Iterable[str] = (), width: int = 90, stated: str = "") -> str:
    """The condition a figure shows, for its title.

    States every parameter with a short command-line alias (speed, cadence, step length, body
    mass, height, trunk flexion, shoe stiffness and wear, surface: the registry's headline
    settings), the foot strike and shoe law, and any other setting that differs from its default.

    Parameters
    ----------
    settings : mapping
        Parameter and choice values by registry name (a sweep's attributes, a step's inputs).
    exclude : iterable of str
        Names not to state (the figure's axes).
    width : int
        Line width to wrap at [characters]; lines break between settings, not inside one.
    stated : str
        Text the figure shows above the condition (a study's title): a setting it already states
        is left out, as a phrase it contains (``"preferred cadence"``) or as the same number with
        the same unit (``"at 3.0 m/s"`` states ``speed 3 m/s``).

    Returns
    -------
    str
        The condition, wrapped to ``width`` characters.
    """
    skip = set(exclude)
    parts = []
    for name, spec in CHOICES.items():
        value = settings.get(name)
        if name in skip or value is None:
            continue
        if spec.group in TITLE_CHOICE_GROUPS or value != spec.default:
            parts.append(setting_text(name, value))
    # A choice off its default sets its group's parameters (a forefoot strike its foot angles): those go
    # without saying.
    chosen = {spec.group for name, spec in CHOICES.items() if settings.get(name, spec.default) != spec.default}
    unread = _unread(settings)
    for name, spec in PARAMETERS.items():
        value = settings.get(name)
        if name in skip or name in unread or not _is_given(value) or isinstance(value, str):
            continue
        if not spec.alias and spec.group in chosen:
            continue
        if spec.alias or spec.default is None or not math.isclose(float(value), spec.default, rel_tol=1e-12):
            parts.append(setting_text(name, value))
    other_gait = [n for n, spec in PARAMETERS.items() if spec.group == PARAMETERS[SPEED].group and n != SPEED]
    if _is_given(settings.get(SPEED)) and not any(n in skip or _is_given(settings.get(n)) for n in other_gait):
        parts.append("preferred cadence")  # speed alone runs at the preferred cadence (README, Gait)
    kept = [part.replace(" ", _NO_BREAK) for part in parts if not _is_stated(part, stated)]
    return textwrap.fill(", ".join(kept), width).replace(_NO_BREAK, " ")


#: An intervention's colour in a comparison's figure: matplotlib's default cycle without its grey
#: (C7), which the black baseline curve hid under (the default list's eighth, a forefoot strike).
INTERVENTION_COLOURS = ("C0", "C1", "C2", "C3", "C4", "C5", "C6", "C8", "C9")

#: The narrowest range of changes a figure's axis spans [percentage points]: differences of
#: 1e-10 % (a parameter the options do not read, integration noise) stay flat at 0 instead of
#: being magnified to fill the axis with an offset a reader misses.
MIN_PERCENT_SPAN = 1.0


def _span_at_least(ax, span: float) -> None:
    """Widen the y axis's data limits about their middle to at least ``span`` (autoscaling stays
    on: a later curve on the same axes still fits), numbers without offset."""
    low, high = ax.dataLim.y0, ax.dataLim.y1
    if high - low < span:
        middle, x = 0.5 * (low + high), ax.dataLim.x0
        ax.update_datalim([(x, middle - 0.5 * span), (x, middle + 0.5 * span)])
        ax.autoscale_view()
    ax.ticklabel_format(axis="y", useOffset=False)


def _unread(settings: Mapping[str, Any]) -> set[str]:
    """The parameters the settings' options do not read (a barefoot runner's shoe stiffness and
    wear): a title does not state them."""
    options = {k: str(v) for k, v in settings.items() if k in CHOICES and isinstance(v, str)}
    try:
        condition = _core.Condition({}, options)
    except ValueError:
        return set()
    return {
        name
        for name, spec in PARAMETERS.items()
        if (spec.read_only_with or spec.read_conditionally) and condition.unread_reason(name)
    }


#: Joins the words of one setting while a condition is wrapped (textwrap breaks at ASCII spaces only).
_NO_BREAK = "\u00a0"
#: A number and the unit written after it: "3.3 m/s", "800 km" (not the "3" of "3.3").
_QUANTITY = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*([^\s\d,;()][^\s,;()]*)")


def _is_stated(phrase: str, text: str) -> bool:
    """Whether a text already states a setting's phrase: contains it (words whole, case and spacing
    aside), or gives its number with its unit (``"at 3.0 m/s"`` states ``speed 3 m/s``)."""
    if not text:
        return False
    words = " ".join(text.lower().split())
    if re.search(rf"(?<!\w){re.escape(' '.join(phrase.lower().split()))}(?!\w)", words):
        return True
    value = phrase.split(" ", 1)[-1]  # setting_text: "<name> <number> <unit>"
    quantity = _QUANTITY.search(value)
    if quantity is None or quantity.end() != len(value):
        return False  # no number with a unit ending the phrase (a choice, a dimensionless value)
    number, unit = float(quantity[1]), quantity[2]
    return any(math.isclose(float(n), number, rel_tol=1e-9) and u == unit for n, u in _QUANTITY.findall(text))


# ---------------------------------------------------------------- axes of swept values


@dataclass(frozen=True)
class AxisLayout:
    """How a swept axis is drawn: positions of its values, cell edges, scale and tick labels."""

    positions: np.ndarray  # where each value is drawn
    edges: np.ndarray  # heat-map cell edges, each value at the centre of its cell (in the axis scale)
    scale: str  # "linear", "log" or "categorical"
    tick_labels: list[str]
    label: str


def _is_geometric(values: np.ndarray) -> bool:
    if len(values) < 3 or np.any(values <= 0):
        return False
    ratios = values[1:] / values[:-1]
    return bool(np.all(np.abs(ratios / ratios[0] - 1.0) < _GEOMETRIC_TOLERANCE) and abs(ratios[0] - 1.0) > 0.05)


def _is_arithmetic(values: np.ndarray) -> bool:
    if len(values) < 3:
        return True
    steps = np.diff(values)
    return bool(np.all(np.abs(steps - steps[0]) <= 1e-9 * np.max(np.abs(values))))


def _midpoint_edges(values: np.ndarray) -> np.ndarray:
    if len(values) == 1:
        half = 0.5 * abs(values[0]) if values[0] != 0 else 0.5
        return np.array([values[0] - half, values[0] + half])
    middle = 0.5 * (values[1:] + values[:-1])
    return np.concatenate([[2 * values[0] - middle[0]], middle, [2 * values[-1] - middle[-1]]])


def axis_layout(coordinate: xarray.DataArray, cells: bool = False) -> AxisLayout:
    """Layout of a swept axis.

    Parameters
    ----------
    coordinate : xarray.DataArray
        The axis's values (numbers in their stored unit, or choice names).
    cells : bool
        For a heat map: unevenly spaced values that are no geometric series become categories
        (so that every cell is centred on its value).

    Returns
    -------
    AxisLayout
        Choices, or values with an infinity (a rigid surface), are categorical; an arithmetic
        series is linear; a geometric series (doublings) is logarithmic with cells between
        geometric midpoints; other positive values spanning more than a factor 4 are logarithmic.
    """
    name = str(coordinate.name)
    axis_label = label(name, coordinate.attrs)
    raw = coordinate.values
    if raw.dtype.kind in "OUS":
        return _categorical([str(v) for v in raw], axis_label)
    _, _, scale = describe(name, coordinate.attrs)
    values = raw.astype(float) * scale
    labels = [_number(v) for v in values]
    if not np.all(np.isfinite(values)):
        return _categorical(labels, axis_label)
    if _is_geometric(values) or (
        not _is_arithmetic(values) and np.all(values > 0) and values.max() / values.min() > 4.0
    ):
        log_edges = _midpoint_edges(np.log(values))
        return AxisLayout(values, np.exp(log_edges), "log", labels, axis_label)
    if cells and not _is_arithmetic(values):
        return _categorical(labels, axis_label)
    return AxisLayout(values, _midpoint_edges(values), "linear", labels, axis_label)


def _categorical(labels: list[str], axis_label: str) -> AxisLayout:
    positions = np.arange(len(labels), dtype=float)
    return AxisLayout(positions, _midpoint_edges(positions), "categorical", labels, axis_label)


def apply_layout(ax: matplotlib.axes.Axes, layout: AxisLayout, which: str) -> None:
    """Scale, ticks at the swept values (every k-th when many) and label of one axis.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to set up.
    layout : AxisLayout
        How the swept values are drawn (:func:`axis_layout`).
    which : str
        ``"x"`` or ``"y"``.
    """
    from matplotlib.ticker import NullLocator

    axis = ax.xaxis if which == "x" else ax.yaxis
    if layout.scale == "log":
        (ax.set_xscale if which == "x" else ax.set_yscale)("log")
    every = max(1, math.ceil(len(layout.positions) / _MAX_TICKS))
    axis.set_ticks(layout.positions[::every], layout.tick_labels[::every])
    axis.set_minor_locator(NullLocator())
    axis.set_label_text(layout.label)


def _variable(dataset: xarray.Dataset, metric: str) -> xarray.DataArray:
    """A metric of a sweep, NaN where the condition failed (sweep._ok_metric), or a ValueError
    naming it and the closest metrics the sweep holds."""
    from .sweep import _ok_metric

    if metric in dataset.data_vars:
        return _ok_metric(dataset, metric) if "status" in dataset.data_vars else dataset[metric]
    close = similar_names(metric, [str(v) for v in dataset.data_vars])
    hint = f"did you mean {' or '.join(close)}?" if close else "valid names are the sweep's metrics (kneeload.METRICS)"
    raise ValueError(f"invalid parameter 'metric' = {metric!r}: not a variable of the sweep; {hint}")


def _select(data: xarray.DataArray, drawn: Mapping[str, str], selection: Mapping[str, Any], caller: str):
    """``data`` at ``selection``, which must leave exactly the drawn dimensions (``drawn``: the
    caller's parameter -> the dimension it names)."""
    dims = [str(d) for d in data.dims]
    for parameter, name in drawn.items():
        if name not in dims:
            close = similar_names(name, dims)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise ValueError(
                f"invalid parameter '{parameter}' = {name!r}: valid values are the data's dimensions "
                f"({', '.join(dims)}){hint}"
            )
    drawn = list(drawn.values())
    for name, value in selection.items():
        if name not in data.dims:
            raise ValueError(
                f"invalid parameter '{name}' = {value!r}: not a dimension of the data (dimensions: "
                + ", ".join(map(str, data.dims))
                + ")"
            )
        if not _on_axis(data[name].values, value):
            raise ValueError(
                f"invalid parameter '{name}' = {value!r}: valid values are the swept ones, "
                + ", ".join(map(str, data[name].values))
            )
        data = data.sel({name: _axis_value(data[name].values, value)})
    extra = [d for d in data.dims if d not in drawn]
    if extra:
        listed = "; ".join(f"{d} ({', '.join(map(str, data[d].values[:6]))})" for d in extra)
        example = ", ".join(f"{d}={np.asarray(data[d].values[0]).item()!r}" for d in extra)
        raise ValueError(
            f"{caller} draws {', '.join(drawn)} but the data also vary over {listed}: "
            f"select one value of each, e.g. {caller}(..., {example})"
        )
    return data


def _on_axis(values: np.ndarray, value: Any) -> bool:
    if values.dtype.kind in "OUS":
        return str(value) in {str(v) for v in values}
    try:
        return bool(np.any(np.isclose(values.astype(float), float(value), rtol=1e-9, atol=0.0)))
    except (TypeError, ValueError):
        return False


def _axis_value(values: np.ndarray, value: Any) -> Any:
    """The stored axis value equal to ``value`` (numbers to 1e-9 relative)."""
    if values.dtype.kind in "OUS":
        return next(v for v in values if str(v) == str(value))
    return values[int(np.argmin(np.abs(values.astype(float) - float(value))))]


def sweep_condition(
    dataset: xarray.Dataset, drawn: Sequence[str], selection: Mapping[str, Any], stated: str = ""
) -> str:
    """The condition of a figure of a sweep: its fixed settings and the selected values of the
    dimensions not drawn (:func:`condition_text`).

    Parameters
    ----------
    dataset : xarray.Dataset
        The sweep (its attributes hold the fixed settings).
    drawn : sequence of str
        The dimensions the figure draws (not stated).
    selection : mapping
        The value selected of each other dimension.
    stated : str
        Text the figure shows above the condition, whose settings are not repeated
        (:func:`condition_text`).

    Returns
    -------
    str
        The condition text for the title.
    """
    settings = {k: v for k, v in dataset.attrs.items() if k in PARAMETERS or k in CHOICES}
    # A value chosen with .sel() stays as a scalar coordinate: the figure shows that condition.
    settings.update(
        {k: c.item() for k, c in dataset.coords.items() if c.ndim == 0 and (k in CHOICES or k in PARAMETERS)}
    )
    settings.update(selection)
    return condition_text(settings, exclude=drawn, stated=stated)


# ---------------------------------------------------------------- one step


def _unit_suffix(unit: str) -> str:
    """How a unit ends a registry name: "N/m" -> "n_per_m", "N m/kg" -> "n_m_per_kg"."""
    return unit.lower().replace("/", "_per_").replace(" ", "_")


def _stem(name: str, unit: str) -> str:
    """A registry name without its unit suffix, words spaced: ``impact_peak_bw`` -> "impact peak"."""
    suffix = "_" + _unit_suffix(unit)
    return (name[: -len(suffix)] if unit != "1" and name.endswith(suffix) else name).replace("_", " ")


def _event_label(name: str) -> str:
    """``touchdown (first contact)``: the event's name and, when short, its registry description."""
    from ._core import stance_events

    short = _short(dict(stance_events()).get(name, ""))
    spaced = name.replace("_", " ")
    return f"{spaced} ({short})" if short and len(short) <= 28 else spaced


def _step_events(result: StepResult) -> list[tuple[str, float]]:
    """(label, time [s]) of touchdown, impact peak (when there is one), lowest point, take-off."""
    events = [(_event_label(name), time) for name, time in result.events]
    impact = result.metrics.impact_peak_time_s
    if math.isfinite(impact):
        events.append((_stem("impact_peak_bw", METRICS["impact_peak_bw"].unit), impact))
    return sorted(events, key=lambda e: e[1])


def _differing_settings(results: Sequence[StepResult]) -> set[str]:
    names = set().union(*(r.inputs for r in results))
    return {n for n in names if len({str(r.inputs.get(n)) for r in results}) > 1}


def _overlay_label(inputs: Mapping[str, Any], differing: set[str]) -> str:
    """The settings in which one of several steps differs; parameters that a differing choice
    sets (a foot strike's angles) go without saying."""
    chosen_groups = {CHOICES[n].group for n in differing if n in CHOICES}
    shown = [n for n in CHOICES if n in differing] + [
        n for n in PARAMETERS if n in differing and PARAMETERS[n].group not in chosen_groups
    ]
    return ", ".join(setting_text(n, inputs[n]) for n in shown if n in inputs)


#: Marker of each event in the step figure, in the order of the events.
_EVENT_MARKERS = ("o", "D", "v", "s", "^", "P")


def step(
    result: StepResult | Sequence[StepResult],
    axes: Sequence[matplotlib.axes.Axes] | None = None,
    labels: Sequence[str] | None = None,
) -> matplotlib.figure.Figure:
    """Vertical GRF, knee flexion and PFJ stress over stance for one step or several overlaid.

    Parameters
    ----------
    result : StepResult or sequence of StepResult
        From :func:`kneeload.simulate_step` with ``time_series=True``; several are overlaid with
        a legend (labelled by the settings in which they differ unless ``labels`` are given).
    axes : three matplotlib Axes, optional
        Where to draw (a new figure otherwise).
    labels : sequence of str, optional
        Legend labels of the overlaid steps.

    Returns
    -------
    matplotlib.figure.Figure
        x in % of stance (time since touchdown in ms on the top axis for a single step); markers
        at touchdown, impact peak, the hip's lowest point and take-off (``StepResult.events``).
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    results = [result] if not isinstance(result, Sequence) else list(result)
    for r in results:
        if len(r.time_series) == 0:
            raise ValueError("result has no time series: simulate with time_series=True (and a periodic step)")
    if labels is not None and len(labels) != len(results):
        raise ValueError(f"invalid parameter 'labels': {len(labels)} labels for {len(results)} steps")
    if axes is None:
        fig, axes = plt.subplots(3, 1, sharex=True, figsize=(6.5, 7.5), constrained_layout=True)
    else:
        fig = axes[0].figure
    differing = _differing_settings(results)
    if labels is None:
        labels = [_overlay_label(r.inputs, differing) for r in results]
    event_names: list[str] = []
    for i, r in enumerate(results):
        colour = f"C{i}"
        _draw_step(axes, r, colour, labels[i] if len(results) > 1 else None, event_names)
    vgrf, flexion, stress = "vertical_grf_n", "knee_flexion_deg", "pfj_stress_mpa"
    axes[0].set_ylabel(label(vgrf, {"display_units": "BW", "long_name": TIME_SERIES[vgrf].description}, 30))
    axes[1].set_ylabel(label(flexion, width=30))
    axes[2].set_ylabel(label(stress, width=30))
    axes[2].set_xlabel("stance [% of contact time]")
    axes[2].set_xlim(0.0, 100.0)
    handles = [
        Line2D([], [], ls="none", marker=_EVENT_MARKERS[i % len(_EVENT_MARKERS)], color="k", label=name)
        for i, name in enumerate(event_names)
    ]
    if len(results) > 1:
        handles += [Line2D([], [], color=f"C{i}", label=text) for i, text in enumerate(labels)]
    constrained = type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"
    fig.legend(
        handles=handles, fontsize="small", loc="outside lower center" if constrained else "lower center", ncols=2
    )
    if len(results) == 1:
        _time_axis(axes[0], results[0].metrics.contact_time_s)
    common = {n: v for n, v in results[0].inputs.items() if n not in differing}
    cadences = {round(r.metrics.cadence_steps_per_min, 6) for r in results}
    if CADENCE not in common and len(cadences) == 1:  # the preferred cadence, when only the speed was given
        common[CADENCE] = results[0].metrics.cadence_steps_per_min
    what = "One running step" if len(results) == 1 else f"{len(results)} running steps"
    fig.suptitle(textwrap.fill(f"{what}: {condition_text(common, width=10_000)}", 75), fontsize="medium")
    return fig


def _draw_step(axes, r: StepResult, colour: str, line_label: str | None, event_names: list[str]) -> None:
    ts, m = r.time_series, r.metrics
    body_weight = m.peak_vgrf_n / m.peak_vgrf_bw
    pct = 100.0 * ts.time_s / m.contact_time_s
    columns = (ts.vertical_grf_n / body_weight, ts.knee_flexion_deg, ts.pfj_stress_mpa)
    for ax, values in zip(axes, columns, strict=False):
        ax.plot(pct, values, color=colour, label=line_label)
        for name, time in _step_events(r):
            if name not in event_names:
                event_names.append(name)
            marker = _EVENT_MARKERS[event_names.index(name) % len(_EVENT_MARKERS)]
            at = 100.0 * time / m.contact_time_s
            ax.plot([at], [np.interp(at, pct, values)], ls="none", marker=marker, color=colour, mec="k", zorder=3)
        ax.grid(alpha=0.3)


def _time_axis(ax: matplotlib.axes.Axes, contact_time_s: float) -> None:
    """Time since touchdown [ms] on the top of the first panel (one step only)."""
    ms_per_pct = 10.0 * contact_time_s
    top = ax.secondary_xaxis("top", functions=(lambda p: p * ms_per_pct, lambda t: t / ms_per_pct))
    top.set_xlabel("time since touchdown [ms]", fontsize="small")


# ---------------------------------------------------------------- sweeps


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
        One value of every other dimension (e.g. ``shoe_wear_km=0.0``); a value that is not on
        its axis, or a dimension left unselected, is a ValueError.

    Returns
    -------
    matplotlib.figure.Figure
        Cells centred on the swept values; failed conditions hatched. Over cadence and step
        length: lines of equal speed and the preferred cadence; with cadence and a fixed speed:
        the preferred cadence.
    """
    import matplotlib.pyplot as plt

    data = _select(_variable(dataset, metric), {"x": x, "y": y}, selection, "heatmap").transpose(y, x)
    own_figure = ax is None
    if own_figure:
        _, ax = plt.subplots(figsize=(6.5, 5.0), constrained_layout=True)
    x_layout, y_layout = axis_layout(dataset[x], cells=True), axis_layout(dataset[y], cells=True)
    _, _, scale = describe(metric, data.attrs)
    values = np.ma.masked_invalid(data.values.astype(float) * scale)
    mesh = ax.pcolormesh(x_layout.edges, y_layout.edges, values, shading="flat")
    colorbar = ax.figure.colorbar(mesh, ax=ax)
    colorbar.set_label(label(metric, data.attrs, 40))
    apply_layout(ax, x_layout, "x")
    apply_layout(ax, y_layout, "y")
    handles = _failed_cells(ax, x_layout, y_layout, values)
    handles += _gait_guides(ax, dataset, x, y, x_layout, y_layout, selection)
    if handles and own_figure:  # under the map, where it hides no cell or label
        ax.figure.legend(handles=handles, fontsize="x-small", loc="outside lower center", ncols=len(handles))
    elif handles:
        ax.legend(handles=handles, fontsize="x-small", loc="upper right", framealpha=0.8)
    condition = sweep_condition(dataset, (x, y), selection)
    ax.set_title(f"{describe(metric, data.attrs)[0]}\n{condition}", fontsize="small", loc="left")
    return ax.figure


def _failed_cells(ax, x_layout: AxisLayout, y_layout: AxisLayout, values: np.ma.MaskedArray) -> list:
    """Hatch behind the mesh, visible where a condition failed; its legend handle."""
    from matplotlib.patches import Patch, Rectangle

    if not np.ma.is_masked(values):
        return []
    x0, x1, y0, y1 = x_layout.edges[0], x_layout.edges[-1], y_layout.edges[0], y_layout.edges[-1]
    ax.add_patch(Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor="0.9", hatch="//", edgecolor="0.6", zorder=0))
    return [Patch(facecolor="0.9", hatch="//", edgecolor="0.6", label="no periodic step")]


def _fixed(dataset: xarray.Dataset, name: str, selection: Mapping[str, Any]) -> float | None:
    value = selection.get(name, dataset.attrs.get(name))
    return float(value) if _is_given(value) and not isinstance(value, str) else None


def _runner(dataset: xarray.Dataset) -> dict[str, Any]:
    """The runner settings of a sweep that the preferred cadence depends on (all but the gait)."""
    return {
        k: v for k, v in dataset.attrs.items() if k in PARAMETERS and PARAMETERS[k].group != PARAMETERS[SPEED].group
    }


def _gait_guides(ax, dataset, x: str, y: str, x_layout, y_layout, selection) -> list:
    """Iso-speed lines and the preferred cadence on maps over gait quantities; legend handles."""
    from matplotlib.lines import Line2D

    from .step import preferred_cadence

    axes_ = {x: "x", y: "y"}
    if CADENCE not in axes_ or any(layout.scale == "categorical" for layout in (x_layout, y_layout)):
        return []
    runner = _runner(dataset)
    handles = []
    if STEP_LENGTH in axes_:
        cadence = np.linspace(*_limits(x_layout if x == CADENCE else y_layout), 60)
        length = np.linspace(*_limits(x_layout if x == STEP_LENGTH else y_layout), 60)
        c_grid, l_grid = np.meshgrid(cadence, length)
        speed = c_grid / 60.0 * l_grid  # speed = cadence / 60 x step length
        grid = (c_grid, l_grid) if x == CADENCE else (l_grid, c_grid)
        lines = ax.contour(*grid, speed, levels=_round_levels(speed.min(), speed.max()), colors="w", linewidths=0.8)
        lines.set_linestyle("--")
        ax.clabel(lines, lines.levels, fmt=lambda v: f"{v:g} m/s", fontsize="x-small")
        handles.append(Line2D([], [], color="0.6", ls="--", lw=0.8, label="equal speed [m/s]"))
        speeds = np.linspace(speed.min(), speed.max(), 40)
        preferred = np.array([preferred_cadence(v, **runner) for v in speeds])
        curve = (preferred, 60.0 * speeds / preferred)  # (cadence, step length) at the preferred cadence
        ax.plot(*(curve if x == CADENCE else curve[::-1]), color="k", lw=1.5)
        ax.set_xlim(*_limits(x_layout))
        ax.set_ylim(*_limits(y_layout))
        handles.append(Line2D([], [], color="k", lw=1.5, label="preferred cadence"))
        return handles
    speed = _fixed(dataset, SPEED, selection)
    if speed is None:
        return []
    preferred = preferred_cadence(speed, **runner)
    line = ax.axvline if x == CADENCE else ax.axhline
    line(preferred, color="w", lw=1.5, ls="--")
    handles.append(Line2D([], [], color="0.6", lw=1.5, ls="--", label=f"preferred cadence {preferred:.0f} steps/min"))
    return handles


def _round_levels(low: float, high: float) -> np.ndarray:
    """At most 6 contour levels at a round step (0.1, 0.2, 0.25, 0.5, 1 or 2 m/s), away from the
    map's extreme corners (5 % of the range: a line there is too short to label), labelled as
    written (3.25 m/s, not "%.2g"'s 3.2)."""
    margin = 0.05 * (high - low)
    for step in (0.1, 0.2, 0.25, 0.5, 1.0, 2.0):
        levels = np.arange(np.ceil((low + margin) / step), np.floor((high - margin) / step) + 1) * step
        if len(levels) <= 6:
            break
    return np.round(levels, 6)


def _limits(layout: AxisLayout) -> tuple[float, float]:
    return float(layout.edges[0]), float(layout.edges[-1])


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
        Variables to draw (one line each, labelled with its long name).
    axis : str
        The dimension along which they change (numbers or a choice).
    baseline : float or str
        The axis value the changes are relative to; a ValueError if it is not one of the axis's
        values.
    ax : matplotlib Axes, optional
        Where to draw (a new figure otherwise).
    **selection
        One value of every other dimension.

    Returns
    -------
    matplotlib.figure.Figure
        The figure (not shown; save it with ``savefig``).
    """
    import matplotlib.pyplot as plt

    values = dataset[axis].values
    if not _on_axis(values, baseline):
        raise ValueError(
            f"invalid parameter 'baseline' = {baseline!r}: valid values are those of {axis}: "
            + ", ".join(map(str, values))
        )
    reference = _axis_value(values, baseline)
    if ax is None:
        _, ax = plt.subplots(figsize=(7.0, 4.5), constrained_layout=True)
    layout = axis_layout(dataset[axis])
    for metric in metrics:
        data = _select(_variable(dataset, metric), {"axis": axis}, selection, "percent_change")
        change = 100.0 * (data / data.sel({axis: reference}) - 1.0)
        ax.plot(layout.positions, change.values, marker="o", label=textwrap.fill(describe(metric, data.attrs)[0], 40))
    apply_layout(ax, layout, "x")
    _span_at_least(ax, MIN_PERCENT_SPAN)
    at = layout.positions[list(values).index(reference)]
    ax.axhline(0.0, color="0.6", linewidth=0.8)
    ax.axvline(at, color="0.4", linewidth=0.8, linestyle=":", label="baseline")
    ax.set_ylabel("change from the baseline [%]")
    ax.grid(alpha=0.3)
    ax.legend(fontsize="x-small")
    condition = sweep_condition(dataset, (axis,), selection)
    long_name, unit, _ = describe(axis, dataset[axis].attrs)
    baseline_text = f"{long_name} = {layout.tick_labels[list(values).index(reference)]}"
    if unit and unit != "1" and dataset[axis].dtype.kind not in "OUS":
        baseline_text += f" {unit}"
    ax.set_title(f"Change relative to {baseline_text}\n{condition}", fontsize="small", loc="left")
    return ax.figure


def training_load(load: xarray.Dataset, ax: matplotlib.axes.Axes | None = None) -> matplotlib.figure.Figure:
    """Weekly cumulative PFJ load of a plan (:func:`kneeload.training.weekly_load`), flagged weeks
    in red, with the week-over-week change above each bar.

    Parameters
    ----------
    load : xarray.Dataset
        From :func:`kneeload.training.weekly_load`.
    ax : matplotlib Axes, optional
        Where to draw (a new figure otherwise).

    Returns
    -------
    matplotlib.figure.Figure
        The figure (not shown; save it with ``savefig``).
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    if ax is None:
        _, ax = plt.subplots(figsize=(7.0, 4.0), constrained_layout=True)
    weekly = load["weekly_pfj_load_mpa_s"]
    flagged = load["flagged"].values.astype(bool)
    colours = np.where(flagged, "tab:red", "tab:blue")
    bars = ax.bar(load.week.values, np.nan_to_num(weekly.values), color=colours)
    for bar, change in zip(bars, load["change_pct"].values, strict=True):
        if np.isfinite(change):
            ax.annotate(
                f"{change:+.1f} %",  # +9.9 %, unflagged, is not "+10 %" beside "more than 10 %"
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontsize="x-small",
            )
    ax.set_xticks(load.week.values)
    if "shoe" in load:  # each week's shoe and its mean wear that week, under the week's number
        wear = load["shoe_wear_km"]
        ax.set_xticklabels(
            [
                f"{week}\n{shoe}\n{km:.0f} {wear.attrs.get('units', 'km')}"
                for week, shoe, km in zip(load.week.values, load["shoe"].values, wear.values, strict=True)
            ],
            fontsize="x-small",
        )
        ax.set_xlabel(label("week", load.week.attrs) + "; shoe and its mean wear that week")
    else:
        ax.set_xlabel(label("week", load.week.attrs))
    ax.set_ylabel(label("weekly_pfj_load_mpa_s", weekly.attrs, 40))
    ax.margins(y=0.3)
    ax.legend(
        handles=[
            Patch(color="tab:blue", label="within the threshold"),
            Patch(color="tab:red", label=load["flagged"].attrs.get("long_name", "flagged")),
        ],
        fontsize="x-small",
        loc="upper left",
    )
    settings = {k: v for k, v in load.attrs.items() if k in PARAMETERS or k in CHOICES}
    condition = condition_text(settings, exclude=[n for n in load.data_vars]) or "default runner and shoe"
    wear = "shoe wear accumulating" if load.attrs.get("shoe_wear_accumulates", 1) else "new shoes every week"
    ax.set_title(f"Weekly PFJ load of the plan ({wear})\n{condition}", fontsize="small", loc="left")
    return ax.figure


# ---------------------------------------------------------------- validation


def _mean_over_trials(values: np.ndarray) -> np.ndarray:
    """Mean over the rows where finite; NaN where no row is (the data's moment below 100 N)."""
    count = np.isfinite(values).sum(axis=0)
    total = np.nansum(values, axis=0)
    return np.divide(total, count, out=np.full(total.shape, np.nan), where=count > 0)


def _sd_over_trials(values: np.ndarray) -> np.ndarray:
    """Sample standard deviation over the finite rows (NaN with fewer than two)."""
    count = np.isfinite(values).sum(axis=0)
    mean = _mean_over_trials(values)
    squares = np.nansum((values - mean) ** 2, axis=0)
    return np.sqrt(np.divide(squares, count - 1, out=np.full(squares.shape, np.nan), where=count > 1))


def _validation_condition(validation: Validation) -> str:
    trials = validation.trials
    speeds = " / ".join(f"{v:g}" for v in sorted(trials.speed_m_per_s.unique()))
    return (
        f"{len(trials)} treadmill trials of {trials.subject.nunique()} runners at {speeds} m/s; model inputs per "
        f"trial: the runner's body mass, height, foot strike, speed and cadence; {validation.processing}"
    )


def _comparison_name(name: str) -> str:
    """Long name of a validation comparison: the registry's description of its measured or
    modelled quantity."""
    from .validation import MEAN_CURVE_PEAKS, _summarised

    comparison = _summarised()[name]
    of_mean_curve = " (of the mean curve)" if name in MEAN_CURVE_PEAKS else ""
    for candidate in (comparison.model, comparison.measured):  # the model's quantity is the lab's
        entry = _registry_entry(candidate)
        if entry:
            return _short(entry[0]) + of_mean_curve
    return name.replace("_", " ")


def validation_scatter(validation: Validation, quantities: Sequence[str] | None = None) -> matplotlib.figure.Figure:
    """Model against measured, one panel per quantity, coloured by foot strike, with the identity
    line.

    Parameters
    ----------
    validation : Validation
        From :func:`kneeload.validation.validate`.
    quantities : sequence of str, optional
        Keys of :data:`kneeload.validation.COMPARISONS` or :data:`kneeload.validation.MEAN_CURVE_PEAKS`
        (default: the comparisons).

    Returns
    -------
    matplotlib.figure.Figure
        The figure (not shown; save it with ``savefig``).
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from .validation import COMPARISONS, _summarised

    known = _summarised()
    names = list(COMPARISONS) if quantities is None else list(quantities)
    for name in names:
        if name not in known:
            raise ValueError(f"unknown validation quantity {name!r}: valid are {', '.join(known)}")
    cols = 4
    rows = -(-len(names) // cols)
    fig, axes = plt.subplots(rows, cols, figsize=(3.4 * cols, 3.2 * rows + 0.6), constrained_layout=True, squeeze=False)
    table = validation.trials
    for ax, name in zip(axes.flat, names, strict=False):
        unit = known[name].unit
        measured, model = table[f"{name}_measured"].to_numpy(float), table[f"{name}_model"].to_numpy(float)
        for foot_strike, colour in _FOOT_STRIKE_COLOURS.items():
            rows_of = (table.foot_strike == foot_strike).to_numpy()
            ax.scatter(measured[rows_of], model[rows_of], s=14, color=colour, label=foot_strike)
        finite = np.isfinite(measured) & np.isfinite(model)
        if finite.any():
            lo = min(measured[finite].min(), model[finite].min())
            hi = max(measured[finite].max(), model[finite].max())
            ax.plot([lo, hi], [lo, hi], color="0.4", lw=0.8)
        title = f"{_comparison_name(name)} (n = {int(finite.sum())})"
        if known[name].rearfoot_only:
            title += ", rearfoot on both sides"
        ax.set_title(textwrap.fill(title, 42), fontsize=8)
        ax.set_xlabel(f"measured [{unit}]", fontsize=8)
        ax.set_ylabel(f"model [{unit}]", fontsize=8)
        ax.tick_params(labelsize=7)
    for extra in list(axes.flat)[len(names) :]:
        extra.remove()
    handles, _ = axes.flat[0].get_legend_handles_labels()
    handles.append(Line2D([], [], color="0.4", lw=0.8, label="model = measured"))
    axes.flat[0].legend(handles=handles, fontsize=7)
    fig.suptitle(
        "Model against measured runners (Fukuchi et al. 2017)\n"
        + textwrap.fill(_validation_condition(validation), 110),
        fontsize=9,
    )
    return fig


def _curve_spec(model_curve: str) -> tuple[str, str]:
    """Long name and unit of a model curve of the validation (e.g. ``vertical_grf_bw``): the
    time-series column of the same quantity (the lab-convention knee moment for the moment) and
    the unit the curve's name ends with (the registry's metric units)."""
    from .validation import KNEE_MOMENT_COLUMN

    units = {_unit_suffix(m.unit): m.unit for m in METRICS.values()}
    suffix = max((s for s in units if model_curve.endswith("_" + s)), key=len, default="")
    stem = model_curve[: -len(suffix) - 1] if suffix else model_curve
    columns = [c for c in TIME_SERIES if c.startswith(stem + "_") or c == stem]
    column = KNEE_MOMENT_COLUMN if KNEE_MOMENT_COLUMN in columns else (columns[0] if columns else None)
    long_name = _short(TIME_SERIES[column].description) if column else stem.replace("_", " ")
    return long_name, units.get(suffix, "")


def validation_curves(validation: Validation) -> matplotlib.figure.Figure:
    """Measured and model stance curves, one column per curve and one row per foot strike: the
    mean over the trials (lines) and ± 1 SD across trials (bands).

    Parameters
    ----------
    validation : kneeload.validation.Validation
        The result of :func:`kneeload.validation.validate`.

    Returns
    -------
    matplotlib.figure.Figure
        The figure (not shown; save it with ``savefig``).
    """
    import matplotlib.pyplot as plt

    from .validation import CURVES

    curves = validation.curves
    foot_strike = validation.trials.set_index(["subject", "speed_m_per_s"]).foot_strike
    strikes = [f for f in _FOOT_STRIKE_COLOURS if (foot_strike == f).any()]
    fig, axes = plt.subplots(
        len(strikes),
        len(CURVES),
        figsize=(4.0 * len(CURVES), 2.7 * len(strikes) + 0.6),
        squeeze=False,
        constrained_layout=True,
        sharex=True,
    )
    pct = curves.stance_pct.values
    of_trial = [foot_strike[(s, v)] for s, v in zip(curves.subject.values, curves.speed_m_per_s.values, strict=True)]
    for row, strike in enumerate(strikes):
        chosen = np.array([f == strike for f in of_trial])
        for col, (name, model_curve) in enumerate(CURVES.items()):
            ax = axes[row, col]
            for side, colour in (("measured", "k"), ("model", _FOOT_STRIKE_COLOURS[strike])):
                values = curves[f"{name}_{side}"].values[chosen]
                mean, sd = _mean_over_trials(values), _sd_over_trials(values)
                ax.fill_between(pct, mean - sd, mean + sd, color=colour, alpha=0.18, lw=0)
                ax.plot(pct, mean, color=colour, lw=1.8, label=f"{side}: mean ± 1 SD")
            long_name, unit = _curve_spec(model_curve)
            ax.set_title(f"{strike} (n = {int(chosen.sum())} trials)", fontsize=8)
            ax.set_ylabel(textwrap.fill(f"{long_name} [{unit}]", 32), fontsize=8)
            ax.tick_params(labelsize=7)
            ax.grid(alpha=0.3)
        axes[row, 0].legend(fontsize=7)
    for ax in axes[-1]:
        ax.set_xlabel("stance [% of contact time]", fontsize=8)
    fig.suptitle(
        "Stance curves, model against measured runners (Fukuchi et al. 2017)\n"
        + textwrap.fill(_validation_condition(validation), 110),
        fontsize=9,
    )
    return fig


# ---------------------------------------------------------------- comparisons

#: Curves over stance that :func:`compare` overlays: (time-series column, per body weight or kg,
#: display unit). The knee moment is the lab convention the PFJ chain uses (README, Knee).
COMPARE_CURVES: tuple[tuple[str, str, str], ...] = (
    ("vertical_grf_n", "weight", "BW"),
    ("knee_flexion_deg", "", "deg"),
    ("knee_extensor_moment_lab_n_m", "mass", "N m/kg"),
    ("pfj_stress_mpa", "", "MPa"),
)
#: At most this many effect panels (metrics) in one figure.
_MAX_EFFECT_PANELS = 4


def compare(
    comparison: xarray.Dataset,
    metrics: Sequence[str] | None = None,
    curves: bool | Sequence[str] = True,
    **selection: Any,
) -> matplotlib.figure.Figure:
    """Effects of interventions (:func:`kneeload.compare`) with their uncertainty intervals, and
    the baseline and intervention curves over stance.

    Parameters
    ----------
    comparison : xarray.Dataset
        From :func:`kneeload.compare`.
    metrics : sequence of str, optional
        Metrics to draw the effects of (at most four panels); default the PFJ stress per step and
        per km of :data:`kneeload.comparison.HEADLINE_METRICS` that the comparison holds.
    curves : bool or sequence of str
        Overlay vertical GRF, knee flexion, knee extensor moment and PFJ stress over stance of the
        baseline and every intervention (True), of the interventions named, or none (False). The
        steps are simulated again from the comparison's ``condition`` settings.
    **selection
        One value of ``runner`` and of ``speed_m_per_s`` when the comparison has several.

    Returns
    -------
    matplotlib.figure.Figure
        Top: % change from the baseline per intervention (point: the model's default parameters;
        bar: the 5-95 % range over the uncertainty sample). Bottom: the curves, one colour per
        intervention, the baseline in black, with a legend.
    """
    import matplotlib.pyplot as plt

    from .comparison import HEADLINE_METRICS

    chosen = _comparison_metrics(comparison, metrics, HEADLINE_METRICS)
    data = comparison
    for dim in ("runner", "speed_m_per_s"):
        data = _select_one(data, dim, selection)
    labels = [str(v) for v in data.intervention.values]
    wanted = labels if curves is True else ([] if curves is False else [str(c) for c in curves])
    unknown = [c for c in wanted if c not in labels]
    if unknown:
        raise ValueError(f"invalid parameter 'curves' = {unknown!r}: valid values are the interventions {labels}")
    colours = {label_: INTERVENTION_COLOURS[i % len(INTERVENTION_COLOURS)] for i, label_ in enumerate(labels)}
    # The effects above, the curves below, each in a subfigure of its own, so that the effects'
    # long intervention labels and the curves' axes do not share one grid's columns.
    shown = [_wrapped_intervention(name) for name in labels]
    label_lines = sum(name.count("\n") + 1 for name in shown)
    effects_height = 1.6 + 0.3 * max(label_lines, 2)
    curves_height = 4.2 if wanted else 0.0
    fig = plt.figure(figsize=(max(10.5, 3.2 * len(chosen) + 3.0), effects_height + curves_height + 0.8))
    fig.set_layout_engine("constrained")
    top, bottom = (
        fig.subfigures(2, 1, height_ratios=[effects_height, curves_height]) if wanted else (fig.subfigures(1, 1), None)
    )
    effect_axes = top.subplots(1, len(chosen), squeeze=False)[0]
    for i, (ax, metric) in enumerate(zip(effect_axes, chosen, strict=True)):
        _draw_effects(ax, data.sel(metric=metric), labels, colours, shown if i == 0 else None)
    if bottom is not None:
        curve_axes = list(bottom.subplots(1, len(COMPARE_CURVES)))
        _draw_compare_curves(curve_axes, data, wanted, colours)
        bottom.supxlabel("stance [% of contact time]", fontsize="small")
        handles, names = curve_axes[0].get_legend_handles_labels()
        fig.legend(
            handles,
            [_wrapped_intervention(n) for n in names],
            loc="outside lower center",
            ncols=min(4, len(names)),
            fontsize="small",
        )
    fig.suptitle(_comparison_title(data), fontsize="medium")
    return fig


def _wrapped_intervention(name: str) -> str:
    """An intervention's label on lines of at most ~26 characters, broken after its commas (a
    combined intervention: ``cadence+10%,trunk-flexion+10,shoe-stiffness-40%``)."""
    return textwrap.fill(name.replace(",", ", "), 26, break_on_hyphens=False)


def _comparison_metrics(comparison, metrics, default) -> list[str]:
    available = [str(m) for m in comparison.metric.values]
    chosen = [m for m in default if m in available] if metrics is None else list(metrics)
    if not chosen:
        chosen = available[:1]
    unknown = [m for m in chosen if m not in available]
    if unknown:
        raise ValueError(
            f"invalid parameter 'metrics' = {unknown!r}: valid values are the compared metrics {available}"
        )
    if len(chosen) > _MAX_EFFECT_PANELS:
        raise ValueError(
            f"invalid parameter 'metrics': {len(chosen)} metrics; a figure draws at most {_MAX_EFFECT_PANELS}"
        )
    return chosen


def _select_one(data, dim: str, selection: Mapping[str, Any]):
    """``data`` at one value of ``dim``: the selected one, or its only one; else an error naming
    the values to choose from."""
    values = data[dim].values
    if dim in selection:
        if not _on_axis(values, selection[dim]):
            raise ValueError(
                f"invalid parameter '{dim}' = {selection[dim]!r}: valid values are " + ", ".join(map(str, values))
            )
        return data.sel({dim: _axis_value(values, selection[dim])})
    if len(values) > 1:
        raise ValueError(
            f"compare draws one {dim} but the comparison has {len(values)} ("
            + ", ".join(map(str, values[:6]))
            + f"): select one, e.g. compare(..., {dim}={np.asarray(values[0]).item()!r})"
        )
    return data.isel({dim: 0})


def _draw_effects(ax, data, labels: list[str], colours: Mapping[str, str], shown: list[str] | None) -> None:
    """% change per intervention: the point at the default parameters, the 5-95 % bar, failed
    conditions named; the interventions' labels as ``shown`` (None: on another panel)."""
    y = np.arange(len(labels))[::-1]
    for position, name in zip(y, labels, strict=True):
        row = data.sel(intervention=name)
        value, low, high = (float(row[v]) for v in ("change_pct", "change_pct_low", "change_pct_high"))
        if not math.isfinite(value):
            ax.annotate("no result", (0.0, position), fontsize="x-small", va="center", color="0.4")
            continue
        if math.isfinite(low) and math.isfinite(high):
            ax.plot([low, high], [position, position], color=colours[name], lw=3.0, alpha=0.45, solid_capstyle="butt")
        ax.plot([value], [position], "o", color=colours[name], mec="k", mew=0.5, zorder=3)
    ax.axvline(0.0, color="0.4", lw=0.8)
    ax.set_yticks(y, shown if shown is not None else [""] * len(labels), fontsize="small")
    ax.set_ylim(-0.7, len(labels) - 0.3)
    ax.grid(axis="x", alpha=0.3)
    per = str(data["per"].item())
    ax.set_title(textwrap.fill(f"{_short(str(data['long_name'].item()))} (per {per})", 36), fontsize="small")
    baseline = float(data["baseline_value"])
    ax.set_xlabel(
        textwrap.fill(f"change from baseline {_number(baseline, 3)} {data['unit'].item()} [%]", 40), fontsize="small"
    )


@unread_parameters_allowed()
def _draw_compare_curves(axes, data, wanted: Sequence[str], colours: Mapping[str, str]) -> None:
    import json

    from .step import simulate_step

    steps = [("baseline", "k", data["baseline_condition"].item(), int(data["baseline_status"]))]
    for name in wanted:
        row = data.sel(intervention=name)
        steps.append((name, colours[name], row["condition"].item(), int(row["status"])))
    for name, colour, settings, status in steps:
        if status != 0:
            continue
        result = simulate_step(**json.loads(settings))
        if not result.ok:
            continue
        ts, m = result.time_series, result.metrics
        mass = float(result.inputs["body_mass_kg"])
        weight = m.peak_vgrf_n / m.peak_vgrf_bw
        pct = 100.0 * ts.time_s / m.contact_time_s
        for ax, (column, per, _) in zip(axes, COMPARE_CURVES, strict=True):
            values = getattr(ts, column) / (weight if per == "weight" else mass if per == "mass" else 1.0)
            ax.plot(pct, values, color=colour, lw=2.0 if name == "baseline" else 1.2, label=name)
    for ax, (column, _, unit) in zip(axes, COMPARE_CURVES, strict=True):
        ax.set_ylabel(label(column, {"display_units": unit}, 28), fontsize="small")
        ax.set_xlim(0.0, 100.0)
        ax.grid(alpha=0.3)


def _comparison_title(data) -> str:
    import json

    settings = json.loads(data["baseline_condition"].item())
    runner = str(data["runner"].item())
    text = condition_text({k: v for k, v in settings.items() if k != "cadence_ratio"}, width=10_000)
    from .comparison import interval_samples_text

    samples = int(data.attrs.get("uncertainty_samples", 0))
    interval = (
        f", bars: 5-95 % over {interval_samples_text(data)} of the uncertain parameters"
        if samples
        else " (no uncertainty bars)"
    )
    return textwrap.fill(f"Effects on {runner}: {text} (baseline); points: default model{interval}", 110)


# ---------------------------------------------------------------- personal calibration


def calibration_fit(calibration: Any) -> matplotlib.figure.Figure:
    """Model against measured for a personal calibration (:func:`kneeload.calibrate`,
    :func:`kneeload.calibration.calibrate_curve`).

    Parameters
    ----------
    calibration : kneeload.calibration.Calibration
        The result of a trial or curve calibration.

    Returns
    -------
    matplotlib.figure.Figure
        A curve calibration: the measured curves over stance (black) with the model's before
        (default parameters, dashed) and after calibration. A trial calibration: each measured
        quantity's error before and after, with its tolerance shaded.
    """
    import matplotlib.pyplot as plt

    fitted = ", ".join(f"{setting_text(n, v)}" for n, v in calibration.fitted.items())
    if calibration.curves:
        names = [n[: -len("_measured")] for n in calibration.curves if n.endswith("_measured")]
        fig, axes = plt.subplots(1, len(names), figsize=(5.0 * len(names), 4.2), squeeze=False, constrained_layout=True)
        pct = np.linspace(0.0, 100.0, len(calibration.curves[f"{names[0]}_measured"]))
        units = {"vertical_grf_bw": "BW", "knee_flexion_deg": "deg"}
        for ax, name in zip(axes[0], names, strict=True):
            ax.plot(pct, calibration.curves[f"{name}_measured"], color="k", lw=2.0, label="measured")
            ax.plot(pct, calibration.curves[f"{name}_before"], color="0.5", ls="--", label="model, default parameters")
            ax.plot(pct, calibration.curves[f"{name}_after"], color="tab:red", label="model, calibrated")
            column = "vertical_grf_n" if name == "vertical_grf_bw" else name
            ax.set_ylabel(label(column, {"display_units": units.get(name, "")}, 30))
            ax.set_xlabel("stance [% of contact time, force > 50 N]")
            ax.set_xlim(0.0, 100.0)
            ax.grid(alpha=0.3)
        axes[0, 0].legend(fontsize="small")
    else:
        table = calibration.residuals
        fig, ax = plt.subplots(figsize=(7.5, 0.55 * len(table) + 1.8), constrained_layout=True)
        y = np.arange(len(table))[::-1]
        relative = table.tolerance.to_numpy(float)
        before = table.error_before.to_numpy(float) / relative
        after = table.error_after.to_numpy(float) / relative
        ax.axvspan(-1.0, 1.0, color="tab:green", alpha=0.12, label="within the tolerance")
        ax.plot(before, y, "o", color="0.5", mfc="none", label="model, default parameters")
        ax.plot(after, y, "o", color="tab:red", label="model, calibrated")
        for position, row in zip(y, table.itertuples(), strict=True):
            ax.annotate(
                f"{row.measured_value:.3g} {row.unit}",
                (1.05, position),
                xycoords=("axes fraction", "data"),
                fontsize="x-small",
                va="center",
            )
        ax.set_yticks(
            y, [f"{r.measured} (± {r.tolerance:g} {r.error_unit})" for r in table.itertuples()], fontsize="small"
        )
        ax.annotate("measured", (1.05, 1.0), xycoords="axes fraction", fontsize="x-small", va="bottom")
        ax.axvline(0.0, color="0.4", lw=0.8)
        ax.set_xlabel("model - measured [tolerances]")
        ax.grid(axis="x", alpha=0.3)
        ax.legend(fontsize="x-small", loc="lower right")
    trial = calibration.trial
    condition = condition_text({k: v for k, v in trial.items() if k in PARAMETERS or k in CHOICES}, width=10_000)
    fig.suptitle(textwrap.fill(f"Personal calibration: {condition}; fitted: {fitted}", 110), fontsize="small")
    return fig
