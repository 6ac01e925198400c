"""What-if comparisons: runners x speeds x interventions against each runner's baseline.

:func:`kneeload.compare` answers "how much does a 10 % higher cadence, a 10 % shorter step, another
shoe, surface, foot strike or trunk posture change the knee load of my runners, per step and per
km?" in one call:

>>> import kneeload
>>> effects = kneeload.compare(["cadence+10%", "step-length-10%", "foot_strike=forefoot"], speeds_m_per_s=[3.0])
>>> effects["change_pct"].sel(intervention="cadence+10%", metric="peak_pfj_stress_mpa").item() < 0
True

The baseline of a runner at a speed is the runner's settings at that speed and the preferred
cadence (:func:`kneeload.preferred_cadence`); an intervention changes it
(:class:`kneeload.comparison.Intervention`).
Cadence and step length change at constant speed (step length -10 % = cadence x 1/0.9).

Every effect comes with an uncertainty interval: the 5-95 % range of the effect over a
Latin-hypercube sample of the model's uncertain parameters
(:data:`kneeload.sensitivity.DEFAULT_RANGES`: contact-area curve, swing-leg retraction, lower-limb
mass, shoe damping, closure).
It says how far the conclusion depends on model choices that the validation data do not pin
down; it is neither a confidence interval of a mean nor the spread between runners.

- :func:`kneeload.compare` -> ``xarray.Dataset`` over (runner, speed_m_per_s, intervention, metric)
- :func:`kneeload.comparison.effects_table`, :func:`kneeload.comparison.to_csv`,
  :func:`kneeload.comparison.to_markdown`: the effects as a table
- :class:`kneeload.comparison.Intervention`, :func:`kneeload.comparison.parse_intervention`: what an
  intervention changes
"""

from __future__ import annotations

import json
import math
import os
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from .registry import (
    CHOICES,
    METRICS,
    PARAMETERS,
    similar_names,
    split_settings,
    unread_parameters_allowed,
    warn_ignored,
    warn_unread,
)
from .runner import GAIT_SETTINGS, RUNNER_COLUMN, Runner, as_runners, choice_sets, run_conditions
from .step import preferred_cadence

if TYPE_CHECKING:
    import pandas
    import xarray

__all__ = [
    "DEFAULT_INTERVENTIONS",
    "DEFAULT_METRICS",
    "HEADLINE_METRICS",
    "Change",
    "Intervention",
    "compare",
    "effects_table",
    "interval_samples_text",
    "parse_intervention",
    "to_csv",
    "to_markdown",
]

#: The gait quantities' registry names (checked below against :data:`kneeload.runner.GAIT_SETTINGS`).
SPEED, CADENCE, STEP_LENGTH, CADENCE_RATIO = "speed_m_per_s", "cadence_steps_per_min", "step_length_m", "cadence_ratio"
assert {SPEED, CADENCE, STEP_LENGTH, CADENCE_RATIO} <= set(GAIT_SETTINGS), "gait quantities renamed in the registry"

#: The interventions of the headline question (``make run``): cadence and step length +-10 % at
#: constant speed, a stiffer (240 kN/m), a worn (800 km: Cook et al. 1985) and no shoe, a
#: forefoot strike, and a trunk flexed 10 deg more (Teng & Powers 2014 compared 7.3 and 17.8 deg).
DEFAULT_INTERVENTIONS: tuple[str, ...] = (
    "cadence+10%",
    "cadence-10%",
    "step-length+10%",
    "step-length-10%",
    "shoe-stiffness=240e3",
    "shoe-wear=800",
    "shoe_law=barefoot",
    "foot_strike=forefoot",
    "trunk-flexion+10",
)
#: Suffix of a derived per-km metric: a per-step metric x steps per km.
PER_KM_SUFFIX = "_per_km"
#: The metrics compared by default: PFJ stress and its stress-time integral per step and per km
#: (per km = per step x steps per km), PFJ force, knee moment and flexion, vertical force and its
#: loading rate, and the steps per km the per-km values follow from.
DEFAULT_METRICS: tuple[str, ...] = (
    "peak_pfj_stress_mpa",
    "peak_pfj_stress_mpa_per_km",
    "pfj_stress_time_integral_mpa_s",
    "pfj_stress_time_integral_per_km_mpa_s",
    "peak_pfj_force_bw",
    "peak_knee_extensor_moment_lab_n_m_per_kg",
    "knee_flexion_peak_deg",
    "peak_vgrf_bw",
    "average_loading_rate_bw_per_s",
    "steps_per_km",
)
#: What the command line prints: PFJ stress per step and per km.
HEADLINE_METRICS: tuple[str, ...] = DEFAULT_METRICS[:4]
#: Latin-hypercube samples of the uncertain parameters behind each effect's interval.
DEFAULT_UNCERTAINTY_SAMPLES = 32
#: The interval's percentiles [%].
INTERVAL_PERCENTILES = (5.0, 95.0)
#: The contact time the fixed-contact-time closure of the uncertainty sample imposes, relative to
#: the runner's empirical one (kneeload.sensitivity: "a contact time fixed 10 % above").
CLOSURE_SWITCH_CONTACT_TIME_RATIO = 1.1

#: The settings' names by their short command-line aliases (``cadence``, ``step-length``,
#: ``shoe-stiffness`` ...) and with dashes for underscores.
_ALIASES = {
    **{spec.alias: name for name, spec in PARAMETERS.items() if spec.alias},
    **{name.replace("_", "-"): name for name in [*PARAMETERS, *CHOICES]},
}


# ---------------------------------------------------------------- interventions


@dataclass(frozen=True)
class Change:
    """One change of a setting, part of an :class:`kneeload.comparison.Intervention`.

    Parameters
    ----------
    name : str
        The setting's registry name (:data:`kneeload.PARAMETERS`, :data:`kneeload.CHOICES`).
    operation : str
        ``"="`` sets the setting to ``value``; ``"+"`` adds ``value`` to it (a negative value
        subtracts); ``"%"`` changes it by ``value`` percent. Cadence and step length change at
        constant speed (:meth:`kneeload.comparison.Intervention.apply`).
    value : float or str
        The new value or the change: in the setting's unit for ``"="`` and ``"+"``, in % for
        ``"%"``; an option of the choice for a choice (``"="`` only).
    """

    name: str
    operation: str
    value: float | str


@dataclass(frozen=True)
class Intervention:
    """What an intervention changes relative to a runner's baseline.

    Parameters
    ----------
    label : str
        Its name in tables and figures (the ``intervention`` coordinate of
        :func:`kneeload.compare`).
    changes : tuple of kneeload.comparison.Change
        Applied in order to the baseline's settings.

    See Also
    --------
    kneeload.comparison.parse_intervention : An intervention from text such as ``"cadence+10%"``.

    Examples
    --------
    >>> from kneeload.comparison import Intervention
    >>> flat = Intervention.setting("racing flat", shoe_stiffness_n_per_m=300e3, shoe_wear_km=0)
    >>> [(change.name, change.operation, change.value) for change in flat.changes]
    [('shoe_stiffness_n_per_m', '=', 300000.0), ('shoe_wear_km', '=', 0)]
    """

    label: str
    changes: tuple[Change, ...]

    @classmethod
    def setting(cls, label: str, **settings: Any) -> Intervention:
        """An intervention that sets registry settings.

        Parameters
        ----------
        label : str
            Its name in tables and figures.
        **settings
            New values by registry name or command-line alias (``cadence``, ``mass`` ...): a
            number parameter of :data:`kneeload.PARAMETERS` in its unit (e.g.
            ``shoe_stiffness_n_per_m=300e3`` [N/m], ``shoe_wear_km=0`` [km]), or an option of a
            choice of :data:`kneeload.CHOICES` (``foot_strike="forefoot"``).

        Returns
        -------
        kneeload.comparison.Intervention
            One ``"="`` :class:`kneeload.comparison.Change` per setting, in the order given.

        Raises
        ------
        ValueError
            No setting; an unknown name or the speed (the comparison's own dimension); a choice
            given an option that does not exist, or a number parameter given no number.
        """
        if not settings:
            raise ValueError(f"invalid parameter 'settings' of intervention {label!r}: give at least one setting")
        return cls(label, tuple(_checked(Change(_resolve(n), "=", v)) for n, v in settings.items()))

    def apply(self, baseline: Mapping[str, Any]) -> dict[str, Any]:
        """The settings of the intervention condition, from those of the baseline.

        A change relative to the baseline (``"+"``, ``"%"``) applies to the baseline's value, given
        or default. A cadence or step-length change keeps the baseline's speed and sets the
        cadence ratio (speed = cadence / 60 x step length); a new foot strike replaces the
        baseline's landing angles by its own defaults (:func:`kneeload.runner.choice_sets`).

        Parameters
        ----------
        baseline : mapping of str to float or str
            The baseline's settings by registry name, each in its unit: ``speed_m_per_s`` [m/s]
            (needed by a cadence or step-length change), ``cadence_ratio`` (1, or missing: the
            preferred cadence), the runner's settings and any other.

        Returns
        -------
        dict of str to float or str
            A new dict of settings; the baseline is not modified.
        """
        settings = dict(baseline)
        for change in self.changes:
            if change.name in (CADENCE, STEP_LENGTH, CADENCE_RATIO):
                settings[CADENCE_RATIO] = _new_cadence_ratio(settings, change)
            elif change.name in CHOICES:
                for name in choice_sets(change.name, str(change.value)):
                    settings.pop(name, None)  # a new foot strike brings its own landing angles
                settings[change.name] = change.value
            else:
                settings[change.name] = _changed(_current(settings, change.name), change)
        return settings

    def __str__(self) -> str:
        return self.label


def _changed(value: float, change: Change) -> float:
    if change.operation == "=":
        return float(change.value)
    if change.operation == "+":
        return value + float(change.value)
    return value * (1.0 + float(change.value) / 100.0)


def _current(settings: Mapping[str, Any], name: str) -> float:
    """A numeric setting's value in a condition: given, else its default there."""
    if settings.get(name) is not None:
        return float(settings[name])
    numbers, options = split_settings({k: v for k, v in settings.items() if k not in GAIT_SETTINGS})
    return float(_core.Condition(numbers, options).number(name))


def _new_cadence_ratio(settings: Mapping[str, Any], change: Change) -> float:
    """The cadence ratio after a cadence or step-length change at the baseline's speed
    (speed = cadence / 60 x step length: README, Gait)."""
    speed = float(settings[SPEED])
    runner = {k: v for k, v in settings.items() if k not in GAIT_SETTINGS}
    preferred = preferred_cadence(speed, **runner)
    ratio = float(settings.get(CADENCE_RATIO) or 1.0)
    if change.name == CADENCE_RATIO:
        return _changed(ratio, change)
    cadence = preferred * ratio
    if change.name == CADENCE:
        return _changed(cadence, change) / preferred
    step_length = 60.0 * speed / cadence
    return 60.0 * speed / _changed(step_length, change) / preferred


#: ``name=value``: set; ``name+x`` / ``name-x``: add (the setting's unit); ``name+x%`` / ``name-x%``: relative.
_SET = re.compile(r"^\s*(?P<name>[A-Za-z][\w\-]*?)\s*=\s*(?P<value>\S+)\s*$")
_NUMBER = r"(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+\-]?\d+)?"
_ADD = re.compile(rf"^\s*(?P<name>[A-Za-z][\w\-]*?)\s*(?P<sign>[+\-])\s*(?P<value>{_NUMBER})\s*(?P<pct>%?)\s*$")


def parse_intervention(text: str) -> Intervention:
    """An intervention from text: one or more changes separated by commas.

    ``cadence+10%`` (cadence +10 % at constant speed), ``step-length-10%`` (step length -10 % at
    constant speed: cadence x 1/0.9), ``cadence=180``, ``shoe-stiffness=240e3`` (N/m),
    ``shoe-wear=800``, ``shoe_law=barefoot``, ``surface-stiffness=100e3``, ``foot_strike=forefoot``,
    ``trunk-flexion+10`` (deg), ``shoe-stiffness+100%``, ``shoe-stiffness=240e3,shoe-wear=0``.
    Names are registry names or their command-line aliases, with dashes or underscores.

    Parameters
    ----------
    text : str
        The intervention; it is also its label. Values are in the setting's unit (``+x``,
        ``-x``, ``=x``) or in % of the baseline's value (``+x%``, ``-x%``).

    Returns
    -------
    kneeload.comparison.Intervention
        Its changes in the order written, labelled with ``text`` (surrounding spaces removed).

    Raises
    ------
    ValueError
        Text that is no change, an unknown name, a speed change (speeds are the comparison's
        own dimension), a choice given a number or an option that does not exist.

    Examples
    --------
    >>> from kneeload.comparison import parse_intervention
    >>> parse_intervention("step-length-10%").changes
    (Change(name='step_length_m', operation='%', value=-10.0),)
    >>> [change.name for change in parse_intervention("shoe-stiffness=240e3,shoe-wear=0").changes]
    ['shoe_stiffness_n_per_m', 'shoe_wear_km']
    """
    if not isinstance(text, str) or not text.strip():
        raise ValueError(f"invalid parameter 'intervention' = {text!r}: valid interventions are e.g. 'cadence+10%'")
    changes = []
    for part in text.split(","):
        match_add, match_set = _ADD.match(part), _SET.match(part)
        if match_add:
            value = float(match_add["value"]) * (-1.0 if match_add["sign"] == "-" else 1.0)
            change = Change(_resolve(match_add["name"], text), "%" if match_add["pct"] else "+", value)
        elif match_set:
            name = _resolve(match_set["name"], text)
            raw = match_set["value"]
            change = Change(name, "=", raw if name in CHOICES else _number(name, raw, text))
        else:
            raise ValueError(
                f"invalid parameter 'intervention' = {text!r}: {part!r} is no change; valid changes are "
                "name=value, name+x, name-x, name+x% or name-x% (e.g. cadence+10%, shoe-stiffness=240e3)"
            )
        changes.append(_checked(change, text))
    return Intervention(text.strip(), tuple(changes))


def _resolve(name: str, text: str | None = None) -> str:
    if name in PARAMETERS or name in CHOICES:
        return name
    if name in _ALIASES:
        return _ALIASES[name]
    close = similar_names(name, [*PARAMETERS, *CHOICES, *_ALIASES])
    hint = f"did you mean {' or '.join(close)}? " if close else ""
    raise ValueError(
        f"invalid parameter 'intervention' = {text or name!r}: unknown setting {name!r}; {hint}valid names are the "
        "registry's parameters and choices (kneeload.PARAMETERS, kneeload.CHOICES) or their aliases "
        f"({', '.join(sorted(spec.alias for spec in PARAMETERS.values() if spec.alias))})"
    )


def _number(name: str, raw: str, text: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise ValueError(
            f"invalid parameter 'intervention' = {text!r}: {name} takes a number in {PARAMETERS[name].unit}, "
            f"valid range {PARAMETERS[name].valid_range}"
        ) from None


def _checked(change: Change, text: str | None = None) -> Change:
    where = text or f"{change.name}={change.value}"
    if change.name == SPEED:
        raise ValueError(
            f"invalid parameter 'intervention' = {where!r}: the speed is not an intervention; "
            "compare at several speeds with speeds_m_per_s"
        )
    if change.name in CHOICES:
        options = CHOICES[change.name].options
        if change.operation != "=" or change.value not in options:
            raise ValueError(
                f"invalid parameter 'intervention' = {where!r}: {change.name} takes one of {', '.join(options)}"
            )
    elif not isinstance(change.value, (int, float)) or isinstance(change.value, bool):
        raise ValueError(f"invalid parameter 'intervention' = {where!r}: {change.name} takes a number")
    return change


def _interventions(items: Sequence[str | Intervention] | Mapping[str, Mapping[str, Any]]) -> list[Intervention]:
    if isinstance(items, Mapping):
        listed = [Intervention.setting(label, **settings) for label, settings in items.items()]
    elif isinstance(items, (str, Intervention)):
        listed = [parse_intervention(items) if isinstance(items, str) else items]
    else:
        listed = [parse_intervention(i) if isinstance(i, str) else i for i in items]
    if not listed or not all(isinstance(i, Intervention) for i in listed):
        raise ValueError(
            f"invalid parameter 'interventions' = {items!r}: valid values are texts like 'cadence+10%' or Intervention"
        )
    labels = [i.label for i in listed]
    if len(set(labels)) != len(labels):
        raise ValueError(f"invalid parameter 'interventions': duplicate labels {labels}")
    return listed


# ---------------------------------------------------------------- metrics


def _metric_spec(name: str) -> tuple[str, str]:
    """(unit, long name) of a metric or a derived per-km metric."""
    if name in METRICS:
        return METRICS[name].unit, METRICS[name].description
    base = name[: -len(PER_KM_SUFFIX)] if name.endswith(PER_KM_SUFFIX) else None
    if base in METRICS and not METRICS[base].unit.endswith("/km"):
        return f"{METRICS[base].unit}/km", f"{METRICS[base].description}, summed over the steps of 1 km"
    raise ValueError(
        f"invalid parameter 'metrics' = {name!r}: valid names are kneeload.METRICS, or a per-step metric + "
        f"'{PER_KM_SUFFIX}' (x steps per km)"
    )


def _metric_values(flat: xarray.Dataset, name: str) -> np.ndarray:
    """A metric per condition, NaN where the condition failed (sweep._ok_metric)."""
    from .sweep import _ok_metric

    if name in METRICS:
        return _ok_metric(flat, name).values.astype(float)
    per_step = _ok_metric(flat, name[: -len(PER_KM_SUFFIX)]).values.astype(float)
    return per_step * flat["steps_per_km"].values.astype(float)


# ---------------------------------------------------------------- the comparison


def compare(
    interventions: Sequence[str | Intervention] | Mapping[str, Mapping[str, Any]] = DEFAULT_INTERVENTIONS,
    runners: Runner | Sequence[Runner] | str | os.PathLike[str] | pandas.DataFrame | None = None,
    speeds_m_per_s: float | Sequence[float] = 3.3,
    metrics: Sequence[str] = DEFAULT_METRICS,
    *,
    uncertainty_samples: int = DEFAULT_UNCERTAINTY_SAMPLES,
    uncertain_ranges: Mapping[str, tuple[float, float]] | None = None,
    seed: int = 1,
    threads: int | None = None,
    **settings: Any,
) -> xarray.Dataset:
    """Effects of interventions on the knee load of runners at speeds, with uncertainty intervals.

    Parameters
    ----------
    interventions : sequence of str or kneeload.comparison.Intervention, or mapping label -> settings
        What to compare with the baseline (:func:`kneeload.comparison.parse_intervention`:
        ``"cadence+10%"``, ``"step-length-10%"``, ``"shoe-stiffness=240e3"`` [N/m],
        ``"foot_strike=forefoot"``, ``"trunk-flexion+10"`` [deg] ...), or
        ``{label: {setting: value}}`` (values in the settings' units). Default:
        :data:`kneeload.comparison.DEFAULT_INTERVENTIONS`.
    runners : kneeload.Runner, list of kneeload.Runner, population CSV path or pandas.DataFrame, optional
        Who runs (:class:`kneeload.Runner`, :func:`kneeload.read_population`); default the default
        runner (70 kg, 1.75 m, rearfoot), named "runner" when ``**settings`` change it. A
        calibrated runner:
        ``kneeload.Runner("me", **kneeload.calibrate(trial))``.
    speeds_m_per_s : float or sequence of float
        Running speeds [m/s]; the baseline runs at each runner's preferred cadence.
    metrics : sequence of str
        Metrics of :data:`kneeload.METRICS` (per step, in their units), or a per-step metric +
        ``"_per_km"`` for its sum over 1 km (x ``steps_per_km``; unit: the metric's per km).
        Default: :data:`kneeload.comparison.DEFAULT_METRICS`.
    uncertainty_samples : int
        Latin-hypercube samples of ``uncertain_ranges`` for the intervals (0: no intervals).
    uncertain_ranges : mapping of str to (float, float), optional
        ``{parameter: (low, high)}`` in the parameter's unit, sampled uniformly; default
        :data:`kneeload.sensitivity.DEFAULT_RANGES` (``contact_area_curve`` and ``closure`` are
        0/1 switches as there: :data:`kneeload.sensitivity.SWITCHES`). A setting a runner or
        ``settings`` gives (a calibrated one) is not sampled.
    seed : int
        Seed of the sample.
    threads : int, optional
        C++ worker threads (default: all cores).
    **settings
        Settings for every runner and condition that no runner sets, by registry name in their
        units (e.g. ``surface_stiffness_n_per_m=100e3`` [N/m]); not the gait.

    Returns
    -------
    xarray.Dataset
        Dimensions ``runner`` (every setting a runner gives a coordinate over it),
        ``speed_m_per_s``, ``intervention``, ``metric`` (coordinates ``unit``, ``long_name`` and
        ``per``: "step" or "km"). Variables: ``baseline_value``,
        ``intervention_value``, ``change`` (intervention - baseline, in the metric's unit),
        ``change_pct``; ``change_low``/``change_high`` and ``change_pct_low``/``change_pct_high``:
        the 5-95 % interval of the effect over the uncertainty sample, and
        ``uncertainty_samples_ok``; ``status``/``reason`` of each intervention condition and
        ``baseline_status``/``baseline_reason`` (0 ok, 1 no periodic gait, 2 invalid input,
        3 implausible: values NaN, the reason says why); ``condition``/``baseline_condition``:
        each condition's settings as JSON (``kneeload.simulate_step(**json.loads(...))`` reruns
        it). ``to_dataframe()`` is the tidy table; :func:`kneeload.comparison.effects_table`,
        :func:`kneeload.comparison.to_csv` and :func:`kneeload.comparison.to_markdown` the effects
        table.

    Raises
    ------
    ValueError
        Unknown names, malformed interventions, runners or speeds, a gait setting in
        ``settings``, a setting outside its valid range (named, with the range) or a negative
        ``uncertainty_samples``, before any work; an unknown name or a range with low >= high in
        ``uncertain_ranges``.

    Warns
    -----
    kneeload.FailedConditionsWarning
        A baseline or intervention condition failed (its effects NaN), or an effect's interval
        rests on fewer samples than asked (``uncertainty_samples_ok``): counted by reason.

    Examples
    --------
    >>> import kneeload
    >>> effects = kneeload.compare(["cadence+10%"], uncertainty_samples=0)
    >>> effects["status"].values.ravel().tolist()  # 0: ok
    [0]
    >>> bool(effects["change_pct"].sel(metric="peak_pfj_stress_mpa").item() < 0)  # +10 % cadence lowers it
    True
    """
    from .sensitivity import DEFAULT_RANGES

    _refuse_misspelt_arguments(settings)
    # A runner given by settings of its own is not the default runner (the CLI's rule too).
    given = any(value is not None for value in settings.values())
    population = as_runners(Runner("runner") if runners is None and given else runners)
    chosen = _interventions(interventions)
    speeds = _speeds(speeds_m_per_s)
    metric_specs = {name: _metric_spec(name) for name in dict.fromkeys(metrics)}
    if not metric_specs:
        raise ValueError("invalid parameter 'metrics' = []: give at least one metric")
    if not isinstance(uncertainty_samples, int) or isinstance(uncertainty_samples, bool) or uncertainty_samples < 0:
        raise ValueError(
            f"invalid parameter 'uncertainty_samples' = {uncertainty_samples!r}: valid values are integers >= 0"
        )
    gait = [n for n in settings if n in GAIT_SETTINGS]
    if gait:
        raise ValueError(
            f"invalid parameter '{gait[0]}' = {settings[gait[0]]!r}: compare sets the gait itself "
            "(speeds_m_per_s; cadence and step length as interventions)"
        )
    # Unknown names, wrong types and values out of range, before any work (the speeds as given).
    numbers, options = split_settings(settings)
    for speed in speeds:
        _core.Condition({**numbers, SPEED: float(speed)}, options).validate()
    # The result's runner coordinates show the settings common to every runner too (a 60 kg
    # runner's body_mass_kg; a runner's own value wins). Built quietly: compare itself warns of
    # what its runners ignore.
    with unread_parameters_allowed():
        described = [Runner(r.name, **{**settings, **r.settings}) for r in population]
    ranges = dict(DEFAULT_RANGES if uncertain_ranges is None else uncertain_ranges)

    baselines = {
        (r.name, v): {**settings, **r.settings, SPEED: v, CADENCE_RATIO: 1.0} for r in population for v in speeds
    }
    (nominal,) = _run([baselines], chosen, threads)
    samples = _sample(ranges, uncertainty_samples, seed)
    _warn_of_no_effect(numbers, baselines, chosen)  # every input checked: never before a ValueError
    sampled = _run([_with_sample(baselines, population, sample, nominal) for sample in samples], chosen, threads)
    effects = _dataset(
        population, speeds, chosen, metric_specs, baselines, nominal, sampled, ranges, len(samples), described
    )
    _warn_of_failures(effects)
    return effects


def _warn_of_failures(effects: xarray.Dataset) -> None:
    """A :class:`~kneeload.FailedConditionsWarning` at compare's caller when a baseline or an
    intervention failed, or an interval rests on fewer samples than asked."""
    import xarray as xr

    from .sweep import _FAILURES_REPORTED, FailedConditionsWarning, _failure_counts, _failure_listing

    if _FAILURES_REPORTED.get():  # the caller reports them (the CLI's table)
        return
    conditions = xr.Dataset(
        {
            "status": ("c", np.concatenate([effects.status.values.ravel(), effects.baseline_status.values.ravel()])),
            "reason": ("c", np.concatenate([effects.reason.values.ravel(), effects.baseline_reason.values.ravel()])),
        }
    )
    conditions["status"].attrs = dict(effects["status"].attrs)
    failed, total, counts, _ = _failure_counts(conditions)
    parts = []
    if failed:
        parts.append(
            f"{failed} of {total} conditions (interventions and baselines) failed ({_failure_listing(counts)}): their "
            "effects are "
            "NaN; 'status', 'reason', 'baseline_status' and 'baseline_reason' say why"
        )
    asked, ok = _samples_of_effects(effects)
    short = int(((ok > 0) & (ok < asked)).sum())
    without = int((ok == 0).sum()) if asked else 0  # no samples asked: no intervals, none missing
    if short:
        effects_text = f"{short} effect's interval rests" if short == 1 else f"{short} effects' intervals rest"
        parts.append(
            f"{effects_text} on fewer than the {asked} samples asked ({int(ok[ok > 0].min())} at the least): some "
            "samples' conditions failed ('uncertainty_samples_ok')"
        )
    if without:
        parts.append(f"{without} effect{'s have' if without > 1 else ' has'} no interval: every sample failed")
    if parts:
        warnings.warn(FailedConditionsWarning("compare: " + "; ".join(parts)), stacklevel=3)


def _samples_of_effects(effects: xarray.Dataset) -> tuple[int, np.ndarray]:
    """The uncertainty samples asked, and the samples each effect's interval rests on, over the
    effects that exist (their intervention and its baseline ok; 0: no interval)."""
    asked = int(effects.attrs.get("uncertainty_samples", 0))
    exists = ((effects["status"] == 0) & (effects["baseline_status"] == 0)).values
    return asked, np.asarray(effects["uncertainty_samples_ok"].values)[exists]


def interval_samples_text(effects: xarray.Dataset) -> str:
    """How many samples the intervals rest on, for tables and figures: ``"16 samples"``, or
    ``"up to 16 samples (as few as 6 where some failed: uncertainty_samples_ok)"``.

    Parameters
    ----------
    effects : xarray.Dataset
        The result of :func:`kneeload.compare`.

    Returns
    -------
    str
        The text.
    """
    asked, ok = _samples_of_effects(effects)
    with_interval = ok[ok > 0]
    if asked and with_interval.size and with_interval.min() < asked:
        return f"up to {asked} samples (as few as {int(with_interval.min())} where some failed: uncertainty_samples_ok)"
    return f"{asked} samples"


def _speeds(speeds: float | Sequence[float]) -> list[float]:
    listed = [speeds] if np.isscalar(speeds) else list(speeds)
    if not listed or not all(isinstance(v, (int, float, np.floating)) and math.isfinite(v) for v in listed):
        raise ValueError(f"invalid parameter 'speeds_m_per_s' = {speeds!r}: valid values are numbers in m/s")
    if len(set(listed)) != len(listed):
        raise ValueError(f"invalid parameter 'speeds_m_per_s' = {speeds!r}: a speed is given twice")
    return [float(v) for v in listed]


@dataclass
class _Run:
    """Baseline and intervention conditions and their results, keyed (runner, speed[, label])."""

    conditions: dict[tuple, dict[str, Any]]
    results: xarray.Dataset
    index: dict[tuple, int]


def _warn_of_no_effect(given: Mapping[str, float], baselines: Mapping[tuple, dict], interventions) -> None:
    """An IgnoredParameterWarning for a setting of the call that no condition of the comparison
    reads, for an intervention that changes a parameter its runners' options do not read (its
    effect would read +0.0: a shoe stiffness for a barefoot runner), and for one that sets what a
    runner has already (a 240 kN/m shoe for a runner in one), naming the runners."""
    try:
        conditions = {
            key: _core.Condition(*split_settings(c)) for key, c in _conditions(baselines, interventions).items()
        }
    except ValueError:
        return  # a condition that fails is recorded with its reason
    for intervention in interventions:  # one that sets what a runner has already (given or default): effect 0
        same = [key[0] for key in baselines if _same(conditions[(*key, intervention.label)], conditions[key])]
        if same:
            runners = ", ".join(f"'{runner}'" for runner in dict.fromkeys(same))
            message = f"intervention '{intervention.label}' changes nothing for runner {runners}: it has that already"
            warn_ignored(message, stacklevel=3)
    warn_unread(given, conditions.values(), stacklevel=3, where=" in any condition of the comparison")
    for intervention in interventions:
        for change in intervention.changes:
            spec = PARAMETERS.get(change.name)
            if spec is None or (spec.read_only_with is None and not spec.read_conditionally):
                continue
            reasons = {
                key[0]: condition.unread_reason(change.name)
                for key, condition in conditions.items()
                if len(key) == 3 and key[2] == intervention.label
            }
            unread = {runner: reason for runner, reason in reasons.items() if reason}
            if unread:
                runners = ", ".join(f"'{runner}'" for runner in unread)
                message = (
                    f"intervention '{intervention.label}' has no effect for runner {runners}: it changes "
                    f"{change.name}, and {next(iter(unread.values()))}"
                )
                warn_ignored(message, stacklevel=3)


def _same(a: _core.Condition, b: _core.Condition) -> bool:
    """Whether two conditions set every parameter and choice alike (defaults included)."""
    numbers = all(
        a.number(n) == b.number(n) or (math.isnan(a.number(n)) and math.isnan(b.number(n))) for n in PARAMETERS
    )
    return numbers and all(a.option(c) == b.option(c) for c in CHOICES)


def _conditions(baselines: Mapping[tuple, dict], interventions: Sequence[Intervention]) -> dict[tuple, dict]:
    conditions: dict[tuple, dict[str, Any]] = {}
    for key, baseline in baselines.items():
        conditions[key] = baseline
        for intervention in interventions:
            conditions[(*key, intervention.label)] = intervention.apply(baseline)
    return conditions


def _run(baselines: Sequence[Mapping[tuple, dict]], interventions: Sequence[Intervention], threads) -> list[_Run]:
    """Every baseline set (the nominal one, or one per sample) with its interventions, run as one
    batch of conditions."""
    sets = [_conditions(b, interventions) for b in baselines]
    flat = [condition for conditions in sets for condition in conditions.values()]
    if not flat:
        return []
    results = run_conditions(flat, threads=threads)
    runs, offset = [], 0
    for conditions in sets:
        part = results.isel(condition=slice(offset, offset + len(conditions)))
        runs.append(_Run(conditions, part, {k: i for i, k in enumerate(conditions)}))
        offset += len(conditions)
    return runs


def _sample(ranges: Mapping[str, tuple[float, float]], count: int, seed: int) -> list[dict[str, Any]]:
    """A Latin-hypercube sample (SALib) of the uncertain parameters; switches as option names."""
    from SALib.sample import latin

    from .sensitivity import SWITCHES

    if count == 0 or not ranges:
        return []
    for name, (low, high) in ranges.items():
        if name not in SWITCHES and name not in PARAMETERS:
            raise ValueError(f"invalid parameter 'uncertain_ranges' = {name!r}: valid names are kneeload.PARAMETERS")
        if not low < high:
            raise ValueError(f"invalid parameter '{name}' = ({low}, {high}): valid ranges have low < high")
    names = list(ranges)
    problem = {"num_vars": len(names), "names": names, "bounds": [list(ranges[n]) for n in names]}
    rows = latin.sample(problem, count, seed=seed)
    sample = []
    for row in rows:
        values: dict[str, Any] = {}
        for name, value in zip(names, row, strict=True):
            values[name] = SWITCHES[name][int(round(value))] if name in SWITCHES else float(value)
        sample.append(values)
    return sample


def _with_sample(baselines, population, sample, nominal: _Run) -> dict[tuple, dict]:
    """The baselines with one sample of the uncertain parameters. What a runner or the caller sets
    (a calibrated value, a fixed setting) is not sampled; a runner with his own closure keeps it."""
    closure_group = CHOICES["closure"].group
    out = {}
    for key, baseline in baselines.items():
        given = set(baseline) - {SPEED, CADENCE_RATIO}
        keeps_closure = any(n == "closure" or _group(n) == closure_group for n in given)
        values = {n: v for n, v in sample.items() if n not in given}
        closure = values.pop("closure", None)
        if closure == "contact_time" and not keeps_closure:
            reference = float(nominal.results["contact_time_s"].values[nominal.index[key]])
            if math.isfinite(reference):  # else the baseline failed: nothing to fix the contact time to
                values["closure"] = "contact_time"
                values["target_contact_time_s"] = CLOSURE_SWITCH_CONTACT_TIME_RATIO * reference
        out[key] = {**baseline, **values}
    return out


def _group(name: str) -> str | None:
    return PARAMETERS[name].group if name in PARAMETERS else None


def _dataset(
    population, speeds, interventions, metric_specs, baselines, nominal, sampled, ranges, n_samples, described
):
    import xarray as xr

    labels = [i.label for i in interventions]
    names = list(metric_specs)
    n_r, n_v, n_i, n_m = len(population), len(speeds), len(labels), len(names)
    base = np.full((n_r, n_v, n_m), np.nan)
    after = np.full((n_r, n_v, n_i, n_m), np.nan)
    status = np.zeros((n_r, n_v, n_i), np.int32)
    base_status = np.zeros((n_r, n_v), np.int32)
    reason = np.empty((n_r, n_v, n_i), object)
    base_reason = np.empty((n_r, n_v), object)
    condition = np.empty((n_r, n_v, n_i), object)
    base_condition = np.empty((n_r, n_v), object)
    values = {name: _metric_values(nominal.results, name) for name in names}
    for a, runner in enumerate(population):
        for b, speed in enumerate(speeds):
            key = (runner.name, speed)
            i0 = nominal.index[key]
            base[a, b] = [values[m][i0] for m in names]
            base_status[a, b] = nominal.results["status"].values[i0]
            base_reason[a, b] = str(nominal.results["reason"].values[i0])
            base_condition[a, b] = json.dumps(nominal.conditions[key])
            for c, label in enumerate(labels):
                i1 = nominal.index[(*key, label)]
                after[a, b, c] = [values[m][i1] for m in names]
                status[a, b, c] = nominal.results["status"].values[i1]
                reason[a, b, c] = str(nominal.results["reason"].values[i1])
                condition[a, b, c] = json.dumps(nominal.conditions[(*key, label)])
    change = after - base[:, :, None, :]
    change_pct = 100.0 * (after / base[:, :, None, :] - 1.0)
    low, high, low_pct, high_pct, count = _intervals(sampled, population, speeds, labels, names, (n_r, n_v, n_i, n_m))
    dims4 = (RUNNER_COLUMN, SPEED, "intervention", "metric")
    dims3, dims2 = dims4[:3], dims4[:2]
    interval = f"{INTERVAL_PERCENTILES[0]:g}-{INTERVAL_PERCENTILES[1]:g} % range over the uncertainty sample"
    data = {
        "baseline_value": ((*dims2, "metric"), base, {"long_name": "value at the baseline (unit: the metric's)"}),
        "intervention_value": (dims4, after, {"long_name": "value with the intervention (unit: the metric's)"}),
        "change": (dims4, change, {"long_name": "intervention - baseline (unit: the metric's)"}),
        "change_pct": (dims4, change_pct, {"units": "%", "long_name": "change relative to the baseline"}),
        "change_low": (dims4, low, {"long_name": f"change, low end of the {interval}"}),
        "change_high": (dims4, high, {"long_name": f"change, high end of the {interval}"}),
        "change_pct_low": (dims4, low_pct, {"units": "%", "long_name": f"% change, low end of the {interval}"}),
        "change_pct_high": (dims4, high_pct, {"units": "%", "long_name": f"% change, high end of the {interval}"}),
        "uncertainty_samples_ok": (
            dims3,
            count,
            {"units": "1", "long_name": "samples in which both baseline and intervention were ok"},
        ),
        "status": (dims3, status, _status_attrs(nominal.results, "of the intervention condition")),
        "reason": (dims3, reason.astype(str), {"long_name": "why the intervention condition failed (empty when ok)"}),
        "baseline_status": (dims2, base_status, _status_attrs(nominal.results, "of the baseline condition")),
        "baseline_reason": (dims2, base_reason.astype(str), {"long_name": "why the baseline failed (empty when ok)"}),
        "condition": (dims3, condition.astype(str), {"long_name": "settings of the intervention condition (JSON)"}),
        "baseline_condition": (dims2, base_condition.astype(str), {"long_name": "settings of the baseline (JSON)"}),
    }
    coords = {
        RUNNER_COLUMN: (RUNNER_COLUMN, [r.name for r in population]),
        SPEED: (SPEED, np.array(speeds), {"units": PARAMETERS[SPEED].unit, "long_name": PARAMETERS[SPEED].description}),
        "intervention": ("intervention", labels),
        "metric": ("metric", names),
        "unit": ("metric", [metric_specs[m][0] for m in names]),
        "long_name": ("metric", [metric_specs[m][1] for m in names]),
        "per": ("metric", ["km" if metric_specs[m][0].endswith("/km") else "step" for m in names]),
        **_runner_coordinates(described),
    }
    attrs = {
        "title": "kneeload comparison",
        "kneeload_version": _core.__version__,
        "baseline": "each runner at each speed at his preferred cadence (kneeload.preferred_cadence, times his "
        "preferred_cadence_factor if he has one)",
        "uncertainty_samples": n_samples,
        "uncertainty_method": "Latin hypercube (SALib), uniform; switches rounded to 0/1 as kneeload.sensitivity",
        "uncertain_ranges": "; ".join(f"{n} {lo:g}-{hi:g}" for n, (lo, hi) in ranges.items()),
        "interval": f"the {interval} of the model's uncertain parameters; not a confidence interval",
    }
    return xr.Dataset(data, coords=coords, attrs=attrs)


def _runner_coordinates(population: Sequence[Runner]) -> dict[str, tuple]:
    """Every setting a runner gives, as a coordinate over ``runner`` (its value for each runner,
    given or default; units from the registry)."""
    from .runner import population_frame

    coords = {}
    for name in population_frame(population).columns[1:]:
        values = [getattr(r, name) for r in population]
        if name in CHOICES:
            coords[name] = (RUNNER_COLUMN, np.asarray(values, dtype=object), {"long_name": CHOICES[name].description})
        else:
            spec = PARAMETERS[name]
            coords[name] = (
                RUNNER_COLUMN,
                np.asarray(values, float),
                {"units": spec.unit, "long_name": spec.description},
            )
    return coords


def _refuse_misspelt_arguments(settings: Mapping[str, Any]) -> None:
    """A setting that is no model name but close to one of compare's own arguments (``samples``
    for ``uncertainty_samples``): a ValueError that says so, instead of listing every model name."""
    import inspect

    own = [n for n, p in inspect.signature(compare).parameters.items() if p.kind is not p.VAR_KEYWORD]
    for name, value in settings.items():
        if name in PARAMETERS or name in CHOICES:
            continue
        # A word of an argument's name (samples, speed), or a typo of it.
        inside = [n for n in own if len(name) >= 4 and name in n]
        meant = list(dict.fromkeys([*inside, *similar_names(name, own)]))
        if meant:
            raise ValueError(
                f"invalid parameter '{name}' = {value!r}: no model setting; did you mean compare's "
                f"{' or '.join(meant)}?"
            )


def _status_attrs(results: xarray.Dataset, which: str) -> dict[str, Any]:
    attrs = dict(results["status"].attrs)
    attrs["long_name"] = f"outcome {which}"
    return attrs


def _intervals(sampled: Sequence[_Run], population, speeds, labels, names, shape):
    """5-95 % of the change and of the % change over the samples in which both the baseline and
    the intervention are ok."""
    changes = np.full((len(sampled), *shape), np.nan)
    bases = np.full((len(sampled), *shape), np.nan)
    for s, run in enumerate(sampled):
        values = np.array([_metric_values(run.results, m) for m in names])  # (metric, condition)
        ok = run.results["status"].values == 0
        for a, runner in enumerate(population):
            for b, speed in enumerate(speeds):
                i0 = run.index[(runner.name, speed)]
                for c, label in enumerate(labels):
                    i1 = run.index[(runner.name, speed, label)]
                    if ok[i0] and ok[i1]:
                        changes[s, a, b, c] = values[:, i1] - values[:, i0]
                        bases[s, a, b, c] = values[:, i0]
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = 100.0 * changes / bases
    count = np.isfinite(bases[..., 0]).sum(axis=0).astype(np.int32)
    return (*_percentiles(changes), *_percentiles(pct), count)


def _percentiles(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    if values.shape[0] == 0:
        empty = np.full(values.shape[1:], np.nan)
        return empty, empty.copy()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN cells (no ok sample) stay NaN
        low, high = np.nanpercentile(values, INTERVAL_PERCENTILES, axis=0)
    return low, high


# ---------------------------------------------------------------- tables


#: Columns of the effects table.
TABLE_COLUMNS = (
    RUNNER_COLUMN,
    SPEED,
    "intervention",
    "metric",
    "unit",
    "per",
    "baseline_value",
    "intervention_value",
    "change",
    "change_pct",
    "change_pct_low",
    "change_pct_high",
    "status",
    "reason",
    "condition",
)


def effects_table(comparison: xarray.Dataset, metrics: Sequence[str] | None = None) -> pandas.DataFrame:
    """The effects as a tidy table: one row per runner, speed, intervention and metric.

    Parameters
    ----------
    comparison : xarray.Dataset
        A result of :func:`kneeload.compare`.
    metrics : sequence of str, optional
        The metrics to include, names of its ``metric`` coordinate (default: all).

    Returns
    -------
    pandas.DataFrame
        The columns of :data:`kneeload.comparison.TABLE_COLUMNS`: runner, speed [m/s],
        intervention, metric, its ``unit`` and ``per`` ("step" or "km"), ``baseline_value``,
        ``intervention_value`` and ``change`` (in the metric's unit), ``change_pct`` and its
        interval ``change_pct_low``/``change_pct_high`` [%], ``status`` and ``reason`` (those of
        the baseline, the reason prefixed "baseline: ", when the baseline failed), and the
        intervention's ``condition``: its settings as JSON, the runner's included
        (``simulate_step(**json.loads(...))`` reruns it).

    Raises
    ------
    KeyError
        A metric that is not in ``comparison``.

    Examples
    --------
    >>> import kneeload
    >>> from kneeload.comparison import effects_table
    >>> effects = kneeload.compare(["cadence+10%", "cadence-10%"], uncertainty_samples=0)
    >>> table = effects_table(effects, ["peak_pfj_stress_mpa"])
    >>> table[["intervention", "metric", "unit", "per"]].values.tolist()
    [['cadence+10%', 'peak_pfj_stress_mpa', 'MPa', 'step'], ['cadence-10%', 'peak_pfj_stress_mpa', 'MPa', 'step']]
    """
    ds = comparison if metrics is None else comparison.sel(metric=list(metrics))
    frame = ds[[c for c in TABLE_COLUMNS if c in ds.data_vars]].to_dataframe().reset_index()
    failed_baseline = ds["baseline_status"].to_dataframe().reset_index()
    frame = frame.merge(failed_baseline, on=[RUNNER_COLUMN, SPEED])
    base_reason = ds["baseline_reason"].to_dataframe().reset_index()
    frame = frame.merge(base_reason, on=[RUNNER_COLUMN, SPEED])
    frame["reason"] = np.where(
        frame["baseline_status"] != 0, "baseline: " + frame["baseline_reason"].astype(str), frame["reason"]
    )
    frame["status"] = np.where(frame["baseline_status"] != 0, frame["baseline_status"], frame["status"])
    return frame[list(TABLE_COLUMNS)]


def to_csv(comparison: xarray.Dataset, path: str | os.PathLike[str], metrics: Sequence[str] | None = None) -> None:
    """Writes the effects table (:func:`kneeload.comparison.effects_table`) as CSV.

    Parameters
    ----------
    comparison : xarray.Dataset
        A result of :func:`kneeload.compare`.
    path : str or os.PathLike
        The CSV file to write (replaced if it exists).
    metrics : sequence of str, optional
        The metrics to include (default: all of ``comparison``).

    Raises
    ------
    KeyError
        A metric that is not in ``comparison``.
    OSError
        The file cannot be written.

    Notes
    -----
    Each row's unit is in its ``unit`` column; the ``change_pct`` columns are in %.
    """
    effects_table(comparison, metrics).to_csv(os.fspath(path), index=False)


def to_markdown(
    comparison: xarray.Dataset, metrics: Sequence[str] | None = None, digits: int = 3, decimals: int = 1
) -> str:
    """The effects as a Markdown table.

    Parameters
    ----------
    comparison : xarray.Dataset
        A result of :func:`kneeload.compare`.
    metrics : sequence of str, optional
        The metrics to include (default: all of ``comparison``).
    digits : int
        Significant digits of the baseline value (written without an exponent: ``20500 MPa/km``).
    decimals : int
        Decimals of the change and its interval [%], the same in every row (``-29.0``, ``+6.3``).

    Returns
    -------
    str
        One row per runner, speed [m/s], intervention and metric: the baseline value with its
        unit, the change [%] and its interval [%], or the reason a condition failed; then a
        note on the baseline, what the interval is, its sample and the kneeload version.

    Raises
    ------
    KeyError
        A metric that is not in ``comparison``.
    """
    frame = effects_table(comparison, metrics)
    lines = [
        "| runner | speed [m/s] | intervention | metric | baseline | change [%] | interval [%] |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in frame.itertuples(index=False):
        unit = "" if row.unit in ("", "1") else f" {row.unit}"
        if row.status != 0 or not np.isfinite(row.change_pct):
            effect, interval = "—", str(row.reason) or "no value"
        else:
            effect = f"{row.change_pct:+.{decimals}f}"
            interval = (
                f"{row.change_pct_low:+.{decimals}f} to {row.change_pct_high:+.{decimals}f}"
                if np.isfinite(row.change_pct_low)
                else "—"
            )
        lines.append(
            f"| {row.runner} | {row.speed_m_per_s:g} | {row.intervention} | {row.metric} | "
            f"{_significant(row.baseline_value, digits)}{unit} | {effect} | {interval} |"
        )
    attrs = comparison.attrs
    lines += [
        "",
        f"Change in % of the baseline ({attrs.get('baseline', 'the runner at the speed')}); interval: "
        f"{attrs.get('interval', '-')} ({interval_samples_text(comparison)}: "
        f"{attrs.get('uncertain_ranges', '-')}). kneeload {attrs.get('kneeload_version', _core.__version__)}.",
    ]
    return "\n".join(lines)


def _short(value: float, digits: int = 4) -> str:
    """A value for a label or a table: ``digits`` significant digits, positional, without trailing
    zeros (3.3, 23300, not 3.300 or 2.33e+04); infinity as the sign ∞."""
    value = float(value) + 0.0  # -0 is 0
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    text = _significant(value, digits)
    return text.rstrip("0").rstrip(".") if "." in text else text


def _significant(value: float, digits: int) -> str:
    """A value to `digits` significant digits in positional notation (20500, 0.0123), not 2.05e+04."""
    if not np.isfinite(value) or value == 0.0:
        return f"{value:g}"
    decimals = digits - 1 - int(np.floor(np.log10(abs(value))))
    return f"{round(value, decimals):.{max(decimals, 0)}f}"
