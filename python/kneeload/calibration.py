"""Personal calibration: make the model *your* runner from what a lab measured.

:func:`kneeload.calibrate` takes one measured trial (a mapping with the column names of the
shipped ``trials.csv``: speed, cadence, body mass, height and foot strike, and any of contact
time, peak vertical force, touchdown and peak knee flexion, peak knee extensor moment, loading
rate) and fits the runner's own parameters by bounded least squares
(``scipy.optimize.least_squares``), each informed by the measurements that move it most
(:data:`kneeload.calibration.FITTED_BY`):

- ``dimensionless_leg_stiffness`` (the empirical closure's K, so the runner's leg stiffens with
  step rate as everyone's): contact time and peak vertical force
- ``knee_touchdown_flexion_deg``: touchdown knee flexion
- ``foot_touchdown_angle_deg``: peak knee flexion (how the foot lands sets how far the knee flexes;
  not for a midfoot strike, whose flat landing is where the model's landing switches between heel
  and ball)
- ``trunk_flexion_deg``: peak knee extensor moment (the trunk moves the force line: Teng & Powers 2014)
- ``swing_leg_retraction_fraction``: the loading rate (how hard the foot lands)

Only parameters with a measurement are fitted; the others keep their defaults. The model is
processed like the lab (:mod:`kneeload.validation`: stance above 50 N, the ground-force-vector
knee moment). A weak prior (:data:`kneeload.calibration.PRIOR_SD`) keeps a parameter near its
default where the data hardly inform it. The result (:class:`kneeload.calibration.Calibration`) is
a dict of settings for :func:`kneeload.simulate_step`, :func:`kneeload.sweep`,
:func:`kneeload.compare` and :class:`kneeload.Runner` (``**params``), with the fit's residuals.

:func:`kneeload.calibration.calibrate_curve` does the same from a measured vertical-force curve
(and optionally the knee angle) in a CSV; :func:`kneeload.calibration.validate_transfer`
calibrates each runner of the shipped data at one speed and predicts his other speeds.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core, validation
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
from .step import StepResult, _implausible_steps_expected, preferred_cadence, simulate_step

if TYPE_CHECKING:
    import matplotlib.figure
    import pandas

__all__ = [
    "FITTED_BY",
    "PRIOR_SD",
    "REQUIRED",
    "Calibration",
    "Transfer",
    "calibrate",
    "calibrate_curve",
    "validate_transfer",
]

#: The trial's columns every calibration needs: the model's inputs (kneeload.validation.model_inputs).
REQUIRED = ("speed_m_per_s", "cadence_steps_per_min", "body_mass_kg", "height_m", "foot_strike_right")
#: Accepted for the foot strike when ``foot_strike_right`` is missing.
FOOT_STRIKE_ALTERNATIVE = "foot_strike"
#: Each fitted parameter and the measured columns (of trials.csv) that inform it; chosen by the
#: model's sensitivities (a 1-unit change of the parameter moves mainly these).
FITTED_BY: dict[str, tuple[str, ...]] = {
    "dimensionless_leg_stiffness": ("contact_time_s", "peak_vgrf_bw"),
    "knee_touchdown_flexion_deg": ("knee_flexion_touchdown_deg",),
    "foot_touchdown_angle_deg": ("knee_flexion_peak_deg",),
    "trunk_flexion_deg": ("peak_knee_extensor_moment_n_m_per_kg",),
    "swing_leg_retraction_fraction": ("average_loading_rate_bw_per_s",),
}
#: Prior standard deviation of each fitted parameter around its default, in its unit (model
#: choice: about the spread between runners: K 12.9-15 between studies (constants.hpp), touchdown
#: knee flexion 5-31 deg in the data's README, trunk 7.3 +/- 3.6 deg (Teng & Powers 2014)).
PRIOR_SD: dict[str, float] = {
    "dimensionless_leg_stiffness": 4.0,
    "knee_touchdown_flexion_deg": 8.0,
    "foot_touchdown_angle_deg": 8.0,
    "trunk_flexion_deg": 6.0,
    "swing_leg_retraction_fraction": 0.3,
}
#: The tolerance [%] of a measured value that the validation has no bias target for (the others:
#: :data:`kneeload.validation.TARGETS`; :func:`kneeload.calibration.tolerance`). A value missed by
#: more than its tolerance is reported (``residuals.met`` False), by more than
#: :data:`kneeload.calibration.FAIL_TOLERANCES` tolerances not fitted.
FALLBACK_TOLERANCE_PCT = 10.0
#: The fit's residual scale is the tolerance / this: a value is matched well within its tolerance
#: before the prior pulls (model choice).
TOLERANCES_PER_SCALE = 3.0
#: A measured value missed by more than this many tolerances (:func:`kneeload.calibration.tolerance`)
#: after the fit cannot be fitted (ValueError); between one and this many it is reported
#: (``residuals.met`` False).
FAIL_TOLERANCES = 2.0
#: Sampling rate of the simulated steps [Hz]: the validation's (the 50 N crossings interpolated).
SAMPLE_RATE_HZ = 10_000.0
#: Relative finite-difference step of the fit: far above the solver's 1e-7 reproducibility.
DIFFERENCE_STEP = 1e-3


def _comparisons() -> dict[str, tuple[str, validation.Comparison]]:
    """Measured column -> (comparison key, comparison)."""
    return {c.measured: (key, c) for key, c in validation.COMPARISONS.items()}


def tolerance(measured: str) -> float:
    """The match a measured value is held to by a calibration.

    Parameters
    ----------
    measured : str
        A measured column of the shipped ``trials.csv`` that a validation comparison uses
        (:data:`kneeload.validation.COMPARISONS`; the fit's: :data:`kneeload.calibration.MEASURED`),
        e.g. ``"contact_time_s"``.

    Returns
    -------
    float
        The validation's bias target for the quantity (:data:`kneeload.validation.TARGETS`), else
        :data:`kneeload.calibration.FALLBACK_TOLERANCE_PCT`: in % for a relative comparison
        (:data:`kneeload.validation.COMPARISONS`), else in the column's unit.

    Raises
    ------
    KeyError
        A column that no validation comparison measures.

    Examples
    --------
    >>> from kneeload.calibration import tolerance
    >>> tolerance("contact_time_s") > 0  # % of the measured contact time
    True
    """
    key, _ = _comparisons()[measured]
    limits = [t.limit for t in validation.TARGETS if t.statistic == "bias" and t.quantity == key]
    return float(limits[0]) if limits else FALLBACK_TOLERANCE_PCT


#: Every measured column the fit can use (those of :data:`kneeload.calibration.FITTED_BY`).
MEASURED: tuple[str, ...] = tuple(dict.fromkeys(c for columns in FITTED_BY.values() for c in columns))


class Calibration(dict):
    """The calibrated settings (a dict: pass it as ``**calibration``) and how the fit went.

    Made by :func:`kneeload.calibrate` and :func:`kneeload.calibration.calibrate_curve`. The dict
    holds the runner's settings by registry name, in their units: body mass [kg], height [m],
    foot strike, the runner's ``preferred_cadence_factor`` (from the trial's cadence), the
    settings given as fixed and the fitted parameters.

    Attributes
    ----------
    fitted : dict of str to float
        The fitted parameters (also in the dict) and their values, in their units.
    residuals : pandas.DataFrame
        Per measured quantity: ``measured`` (its name), ``unit``, ``measured_value``, the model
        before (defaults) and after, the error before and after (``error_unit``: % for relative
        quantities, else the unit), the ``tolerance`` (same unit) and whether it is ``met``.
    cost : float
        Half the sum of squared scaled residuals at the optimum (scipy's ``cost``; dimensionless).
    trial : dict of str to float or str
        The model inputs (by registry name) and the measured values used (by column name), in
        their units.
    result : kneeload.StepResult
        The calibrated step at the trial's speed and cadence.
    default : kneeload.StepResult
        The uncalibrated step (defaults) at the trial's speed and cadence.
    curves : dict of str to numpy.ndarray or None
        :func:`kneeload.calibration.calibrate_curve` only (else None): the measured curves and the
        model's before and after calibration over stance (101 points; force in BW, knee angle in
        deg), keys ``<curve>_measured``, ``<curve>_before``, ``<curve>_after``.
    """

    fitted: dict[str, float]
    residuals: pandas.DataFrame
    cost: float
    trial: dict[str, Any]
    result: StepResult
    default: StepResult
    curves: dict[str, np.ndarray] | None = None

    def figure(self) -> matplotlib.figure.Figure:
        """Model against measured, before and after calibration.

        Returns
        -------
        matplotlib.figure.Figure
            The stance curves (curve calibrations) or the measured quantities (trial
            calibrations), drawn by :func:`kneeload.plot.calibration_fit`.
        """
        from .plot import calibration_fit

        return calibration_fit(self)


def _measured(trial: Mapping[str, Any]) -> dict[str, float]:
    out = {}
    for column in MEASURED:
        value = trial.get(column)
        if value is not None and not (isinstance(value, float) and math.isnan(value)):
            number = float(value)
            if not math.isfinite(number) or number < 0 and column != "knee_flexion_touchdown_deg":
                raise ValueError(f"invalid parameter '{column}' = {value!r}: valid values are finite and >= 0")
            out[column] = number
    return out


def _one_trial(trial: Any) -> dict[str, Any]:
    """One trial as a dict: a table must have one row. A column that reads like a misspelt input
    or measurement (``contact_time_ms``), or that names a model parameter (``trunk_flexion_deg``:
    a setting is a keyword of calibrate, not a column of the trial), is warned of, since the fit
    would not use it; other columns (a subject's name, a date) are left alone."""
    import pandas as pd

    if isinstance(trial, pd.DataFrame):
        if len(trial) != 1:
            raise ValueError(
                f"invalid parameter 'trial': a table of {len(trial)} rows; calibrate fits one trial: give one row "
                "(table.iloc[i]) or a dict, once per trial"
            )
        trial = trial.iloc[0]
    if not isinstance(trial, (Mapping, pd.Series)):
        raise ValueError(f"invalid parameter 'trial' = {trial!r}: valid values are a mapping or a pandas Series")
    row = {str(k): v for k, v in dict(trial).items()}
    read = [*REQUIRED, FOOT_STRIKE_ALTERNATIVE, *MEASURED]
    for column in row.keys() - set(read) - set(validation.trial_columns()):
        if column in PARAMETERS or column in CHOICES:
            warn_ignored(
                f"column {column!r} of the trial is not read by the calibration: give a setting as a keyword, "
                f"calibrate(trial, {column}=...), to hold it",
                stacklevel=3,
            )
            continue
        meant = similar_names(column, read, cutoff=0.8)
        if meant:
            warn_ignored(
                f"column {column!r} of the trial is not read by the calibration (did you mean {' or '.join(meant)}?)",
                stacklevel=3,
            )
    return row


def _inputs(trial: Mapping[str, Any]) -> dict[str, Any]:
    """The model inputs of a trial; a ValueError naming what is missing."""
    row = dict(trial)
    # The foot strike's column as the caller named it (the table's foot_strike_right, or foot_strike).
    strike_column = "foot_strike_right"
    if row.get("foot_strike_right") is None and row.get(FOOT_STRIKE_ALTERNATIVE) is not None:
        row["foot_strike_right"] = row[FOOT_STRIKE_ALTERNATIVE]
        strike_column = FOOT_STRIKE_ALTERNATIVE
    missing = [c for c in REQUIRED if row.get(c) is None or (isinstance(row[c], float) and math.isnan(row[c]))]
    if missing:
        needed = [f"{c} (or {FOOT_STRIKE_ALTERNATIVE})" if c == "foot_strike_right" else c for c in REQUIRED]
        raise ValueError(
            f"invalid parameter 'trial': missing {', '.join(missing)} "
            f"(given: {', '.join(map(str, trial)) or 'nothing'}); "
            f"a calibration needs {', '.join(needed)} and at least one of {', '.join(MEASURED)}"
        )

    inputs = validation.model_inputs(SimpleNamespace(**{str(k): v for k, v in row.items()}))
    if inputs["foot_strike"] not in CHOICES["foot_strike"].options:
        raise ValueError(
            f"invalid parameter '{strike_column}' = {inputs['foot_strike']!r}: valid values are "
            + ", ".join(CHOICES["foot_strike"].options)
        )
    return inputs


def _model_values(result: StepResult, body_mass_kg: float) -> dict[str, float]:
    # Unfiltered: a runner's own lab values come with their lab's processing, which is not known
    # here (validation.validate low-passes the model like the shipped table's lab by default).
    quantities, _ = validation._lab_processed(result, body_mass_kg)
    return {**{name: result.metrics[name] for name in METRICS}, **quantities}


def _errors(values: Mapping[str, float], measured: Mapping[str, float]) -> dict[str, float]:
    """Model - measured per column: % for relative comparisons, else in the unit."""
    comparisons = _comparisons()
    out = {}
    for column, target in measured.items():
        _, c = comparisons[column]
        model = float(values.get(c.model, math.nan))
        out[column] = 100.0 * (model / target - 1.0) if c.relative else model - target
    return out


def _defaults(inputs: Mapping[str, Any], names: Sequence[str]) -> dict[str, float]:
    """The defaults of parameters for this runner (a foot strike's own for its parameters)."""
    from . import _core

    condition = _core.Condition({}, {"foot_strike": inputs["foot_strike"]})
    return {n: float(condition.number(n)) for n in names}


def _check_read(gait: Mapping[str, Any], runner: Mapping[str, Any], names: Sequence[str], fixed: Mapping[str, Any]):
    """A ValueError for a parameter to fit that the runner's options do not read (the fit could
    not move it); an IgnoredParameterWarning for a fixed setting they do not read."""
    numbers, options = split_settings({**gait, **runner})
    condition = _core.Condition(numbers, options)
    for name in names:
        reason = condition.unread_reason(name)
        if reason:
            raise ValueError(f"invalid parameter 'parameters': {name} cannot be fitted: {reason}")
    given = {k: v for k, v in split_settings(dict(fixed))[0].items() if k not in names}
    warn_unread(given, [condition], stacklevel=3)


def calibrate(
    trial: Mapping[str, Any] | pandas.Series,
    parameters: Sequence[str] | None = None,
    *,
    strict: bool = True,
    **fixed: Any,
) -> Calibration:
    """Fit the runner's own parameters to one measured trial.

    Parameters
    ----------
    trial : mapping or pandas.Series
        Measured values by the column names of ``kneeload/data/fukuchi2017/trials.csv``: required
        ``speed_m_per_s``, ``cadence_steps_per_min``, ``body_mass_kg``, ``height_m`` and
        ``foot_strike_right`` (or ``foot_strike``); any of ``contact_time_s``, ``peak_vgrf_bw``,
        ``knee_flexion_touchdown_deg``, ``knee_flexion_peak_deg``,
        ``peak_knee_extensor_moment_n_m_per_kg``, ``average_loading_rate_bw_per_s`` (missing or
        NaN: not used). Other columns are ignored (the impact peak too: the model shows a distinct
        one in fewer than half of the measured rearfoot trials).
    parameters : sequence of str, optional
        The parameters to fit, registry names (default: those of
        :data:`kneeload.calibration.FITTED_BY` with a measurement and not given in ``fixed``; not
        the foot's touchdown angle of a midfoot strike).
    strict : bool
        Raise a ValueError when a measured value cannot be fitted (else return the best fit;
        ``residuals.met`` says which values are matched).
    **fixed
        Other settings of this runner by registry name, in their units, not fitted (e.g.
        ``shoe_stiffness_n_per_m=240e3`` [N/m]); not the gait, body size or foot strike (the
        trial's). A parameter given here is held at its value (a measured trunk angle,
        ``trunk_flexion_deg=5``), unless ``parameters`` names it: then it is the fit's start.

    Returns
    -------
    kneeload.calibration.Calibration
        A dict: ``body_mass_kg`` [kg], ``height_m`` [m], ``foot_strike``,
        ``preferred_cadence_factor`` (the trial's cadence over the population's preferred one at
        its speed: the runner's own cadence habit, which a comparison's baseline and a
        ``cadence_ratio`` start from), the fitted parameters and ``fixed`` (in their units); pass
        it as ``kneeload.simulate_step(speed, **calibration)``. Its ``residuals`` table says how
        well each measured value is matched.

    Raises
    ------
    ValueError
        A required column missing (named), no measured value to fit, a parameter that is not
        a number parameter, a gait, body-size or foot-strike setting in ``fixed``, the model
        finding no periodic step for the trial, or (``strict``) a measured value that the fitted
        model misses by more than :data:`kneeload.calibration.FAIL_TOLERANCES` times its
        tolerance (:func:`kneeload.calibration.tolerance`), naming each with the measured and the
        best model value.

    Examples
    --------
    >>> import kneeload
    >>> trial = kneeload.validation.load_trials().iloc[0]  # a measured trial of the shipped table
    >>> fitted = kneeload.calibrate(trial)
    >>> sorted(fitted)[:3]
    ['body_mass_kg', 'dimensionless_leg_stiffness', 'foot_strike']
    """
    trial = _one_trial(trial)
    inputs = _inputs(trial)
    measured = _measured(trial)
    if not measured:
        raise ValueError(
            "invalid parameter 'trial': no measured value to fit; give at least one of " + ", ".join(MEASURED)
        )
    names = _parameters(parameters, measured, inputs, fixed)
    runner = {
        "body_mass_kg": inputs["body_mass_kg"],
        "height_m": inputs["height_m"],
        "foot_strike": inputs["foot_strike"],
    }
    runner.update(_fixed_settings(fixed, names))
    gait = {"speed_m_per_s": inputs["speed_m_per_s"], "cadence_steps_per_min": inputs["cadence_steps_per_min"]}
    runner.update(_own_cadence(gait, runner, names, stacklevel=2))
    start = _defaults(inputs, names)
    start.update({n: float(fixed[n]) for n in names if n in fixed})
    _check_read(gait, runner, names, fixed)
    # The fit's own runs set parameters whether read or not, and read their steps' status.
    with unread_parameters_allowed(), _implausible_steps_expected():
        default = simulate_step(**gait, **runner, sample_rate_hz=SAMPLE_RATE_HZ)
        if not default.ok:
            raise ValueError(
                f"invalid parameter 'trial': the model finds no step for speed {gait['speed_m_per_s']:g} m/s and "
                f"cadence {gait['cadence_steps_per_min']:g} steps/min with these settings ({default.reason})"
            )
        scales = {c: tolerance(c) / TOLERANCES_PER_SCALE for c in measured}
        lower, upper = _bounds(names, _defaults(inputs, names))
        x0 = np.clip(np.array([start[n] for n in names]), lower, upper)
        prior = np.array([PRIOR_SD.get(n, abs(x) or 1.0) for n, x in zip(names, x0, strict=True)])
        failed_value = 10.0 * max(1, len(measured))  # a trial point without a step: far from any fit

        def residuals(x: np.ndarray) -> np.ndarray:
            result = simulate_step(**gait, **runner, **dict(zip(names, x, strict=True)), sample_rate_hz=SAMPLE_RATE_HZ)
            if not result.ok:
                data = np.full(len(measured), failed_value)
            else:
                errors = _errors(_model_values(result, inputs["body_mass_kg"]), measured)
                data = np.array([errors[c] / scales[c] for c in measured])
            data = np.nan_to_num(data, nan=failed_value)
            return np.concatenate([data, (x - x0) / prior])

        fit = _least_squares(residuals, x0, lower, upper, prior)
        fitted = dict(zip(names, (float(v) for v in fit.x), strict=True))
        result = simulate_step(**gait, **runner, **fitted, sample_rate_hz=SAMPLE_RATE_HZ)
        if not result.ok:
            listed = ", ".join(f"{c} = {v:.4g}" for c, v in measured.items())
            raise ValueError(
                f"cannot be fitted: {listed}: the model finds no periodic step near the best parameters "
                + ", ".join(f"{n} = {v:.4g}" for n, v in fitted.items())
                + f" ({result.reason}). Check the measurement, or fit other parameters (parameters=...)"
            )
        table = _residual_table(measured, default, result, inputs["body_mass_kg"], {c: tolerance(c) for c in measured})
        calibration = Calibration({**runner, **fitted})
        calibration.fitted, calibration.residuals, calibration.cost = fitted, table, float(fit.cost)
        calibration.trial, calibration.result, calibration.default = {**inputs, **measured}, result, default
        if strict:
            _check_fitted(table, fitted, lower, upper, names)
        return calibration

    #: The foot's touchdown angle: heel first above 0, the ball first below (README, Foot). A fit keeps
    #: the foot strike's side (the model's landing changes discontinuously at 0) and this far from it [deg].


FOOT_ANGLE = "foot_touchdown_angle_deg"
FOOT_ANGLE_MARGIN_DEG = 0.5


#: A fit restarts from its result while that lowers its cost by more than this share, at most
#: FIT_STARTS times in all: the lab-processed quantities (threshold crossings of sampled curves) are
#: only piecewise smooth, and the trust region can shrink to nothing on a kink short of the best
#: fit (numerical choice: one restart lowered a shipped runner's cost from 6.9 to 5.9).
FIT_RESTART_GAIN = 0.01
FIT_STARTS = 3


def _least_squares(residuals, x0: np.ndarray, lower: np.ndarray, upper: np.ndarray, prior: np.ndarray):
    """Bounded least squares (scipy's trust-region reflective), restarted from its result while it
    still gains (FIT_RESTART_GAIN)."""
    from scipy.optimize import least_squares

    fit = least_squares(residuals, x0, bounds=(lower, upper), diff_step=DIFFERENCE_STEP, x_scale=prior)
    for _ in range(FIT_STARTS - 1):
        again = least_squares(residuals, fit.x, bounds=(lower, upper), diff_step=DIFFERENCE_STEP, x_scale=prior)
        gained = again.cost < (1.0 - FIT_RESTART_GAIN) * fit.cost
        fit = again if again.cost < fit.cost else fit
        if not gained:
            break
    return fit


def _bounds(names: Sequence[str], defaults: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """Each parameter's valid range; the foot's touchdown angle on its foot strike's side of 0."""
    lower = np.array([PARAMETERS[n].lower for n in names])
    upper = np.array([PARAMETERS[n].upper for n in names])
    if FOOT_ANGLE in names:
        i = list(names).index(FOOT_ANGLE)
        if defaults[FOOT_ANGLE] > 0.0:
            lower[i] = FOOT_ANGLE_MARGIN_DEG
        else:
            upper[i] = 0.0
    return lower, upper


def _own_cadence(
    gait: Mapping[str, float], runner: Mapping[str, Any], names: Sequence[str], stacklevel: int
) -> dict[str, float]:
    """``preferred_cadence_factor`` from the trial's cadence: the runner's own cadence habit, so
    that a comparison's baseline (and a ``cadence_ratio``) starts from his cadence at every speed,
    not the population's. Nothing when the caller sets or fits it, or the trial has no cadence.
    A cadence outside the factor's range is warned of (``stacklevel`` as in ``warnings.warn``,
    from the caller of this function) and left to the population's."""
    name = "preferred_cadence_factor"
    if name in runner or name in names or gait.get("cadence_steps_per_min") is None:
        return {}
    population = preferred_cadence(gait["speed_m_per_s"], height_m=runner["height_m"])
    factor = gait["cadence_steps_per_min"] / population
    spec = PARAMETERS[name]
    if not spec.contains(factor):
        warnings.warn(
            f"the trial's cadence {gait['cadence_steps_per_min']:g} steps/min is {factor:.3g} x the population's "
            f"preferred {population:.4g} at its speed, outside {name}'s range {spec.valid_range}: the runner keeps "
            "the population's preferred cadence",
            stacklevel=stacklevel + 1,
        )
        return {}
    return {name: factor}


def _cadence_habit(calibration: Mapping[str, Any]) -> dict[str, float]:
    """The calibration's ``preferred_cadence_factor``, if it set one."""
    name = "preferred_cadence_factor"
    return {name: calibration[name]} if name in calibration else {}


def _fixed_settings(fixed: Mapping[str, Any], names: Sequence[str]) -> dict[str, Any]:
    """The runner's other settings: not the gait, body size or foot strike (the trial's), and a
    fitted parameter's value is its starting point, not a second setting."""
    from .runner import GAIT_SETTINGS

    taken = [n for n in fixed if n in GAIT_SETTINGS or n in ("body_mass_kg", "height_m", "foot_strike")]
    if taken:
        raise ValueError(
            f"invalid parameter '{taken[0]}' = {fixed[taken[0]]!r}: the trial gives the gait, body size and foot "
            "strike; give them in the trial"
        )
    return {n: v for n, v in fixed.items() if n not in names}


def _parameters(
    parameters: Sequence[str] | None,
    measured: Mapping[str, float],
    inputs: Mapping[str, Any],
    fixed: Mapping[str, Any],
) -> list[str]:
    if parameters is None:  # a value the caller gives (measured) is held, not fitted
        names = [n for n, columns in FITTED_BY.items() if any(c in measured for c in columns) and n not in fixed]
        if FOOT_ANGLE in names and _defaults(inputs, [FOOT_ANGLE])[FOOT_ANGLE] == 0.0:
            names.remove(FOOT_ANGLE)  # a flat landing sits on the discontinuity: no side to keep
    else:
        names = list(parameters)
    for name in names:
        if name not in PARAMETERS or PARAMETERS[name].default is None:
            raise ValueError(
                f"invalid parameter 'parameters' = {name!r}: valid names are model parameters with a default "
                f"(kneeload.PARAMETERS), e.g. {', '.join(FITTED_BY)}"
            )
    if not names:
        held = f" (every one that the measurements move is held in the settings: {', '.join(fixed)})" if fixed else ""
        raise ValueError(f"invalid parameter 'parameters' = []: give at least one parameter to fit{held}")
    return names


def _residual_table(measured, default, result, body_mass_kg, tolerances) -> pandas.DataFrame:
    import pandas as pd

    comparisons = _comparisons()
    before = _errors(_model_values(default, body_mass_kg), measured)
    after = _errors(_model_values(result, body_mass_kg), measured)
    values_before = _model_values(default, body_mass_kg)
    values_after = _model_values(result, body_mass_kg)
    rows = []
    for column, value in measured.items():
        _, c = comparisons[column]
        rows.append(
            {
                "measured": column,
                "unit": c.unit,
                "measured_value": value,
                "model_before": float(values_before.get(c.model, math.nan)),
                "model_after": float(values_after.get(c.model, math.nan)),
                "error_unit": "%" if c.relative else c.unit,
                "error_before": before[column],
                "error_after": after[column],
                "tolerance": tolerances[column],
                "met": bool(abs(after[column]) <= tolerances[column]),
            }
        )
    return pd.DataFrame(rows)


def _fitters(measured: str, names: Sequence[str]) -> list[str]:
    return [n for n in names if measured in FITTED_BY.get(n, ())]


def _check_fitted(table: pandas.DataFrame, fitted, lower, upper, names) -> None:
    """A ValueError naming every measured value the fit misses by more than FAIL_TOLERANCES
    tolerances (or cannot compute), and the parameters that reached a bound of their valid range."""
    missed = table[~(table.error_after.abs() <= FAIL_TOLERANCES * table.tolerance)]
    if missed.empty:
        return
    at_bound = [
        f"{n} = {fitted[n]:.4g} at the bound of its range [{lo:g}, {hi:g}] {PARAMETERS[n].unit}"
        for n, lo, hi in zip(names, lower, upper, strict=True)
        if math.isclose(fitted[n], lo, abs_tol=1e-6 * (hi - lo))
        or math.isclose(fitted[n], hi, abs_tol=1e-6 * (hi - lo))
    ]
    parts = [
        f"{row.measured} = {row.measured_value:.4g} {row.unit} (best model {row.model_after:.4g}, error "
        f"{row.error_after:+.3g} {row.error_unit}, more than {FAIL_TOLERANCES:g} x its tolerance {row.tolerance:g}"
        + ("" if _fitters(row.measured, names) else "; no fitted parameter moves it")
        + ")"
        for row in missed.itertuples()
    ]
    raise ValueError(
        "cannot be fitted: "
        + "; ".join(parts)
        + (f"; {'; '.join(at_bound)}" if at_bound else "")
        + ". Check the measurement, or fit other parameters (parameters=...)"
    )


# ---------------------------------------------------------------- from a measured curve

#: Columns of a measured curve CSV: time [s] and vertical ground reaction force [N]; optional knee
#: flexion [deg].
CURVE_TIME, CURVE_FORCE, CURVE_KNEE = "time_s", "force_n", "knee_flexion_deg"
#: Scale of the curve residuals [BW] and [deg]: the model's typical curve error on the shipped
#: trials (validation: RMSE ~0.2 BW of the force, 6 deg of the knee angle).
CURVE_FORCE_SCALE_BW, CURVE_KNEE_SCALE_DEG = 0.2, 6.0
#: Points of a curve over stance: the validation's.
CURVE_POINTS = validation.CURVE_POINTS
#: Fitted from a curve: the leg stiffness and landing (force), the touchdown knee flexion and the
#: foot's touchdown angle (knee angle, when given).
CURVE_PARAMETERS = ("dimensionless_leg_stiffness", "swing_leg_retraction_fraction")
CURVE_KNEE_PARAMETERS = ("knee_touchdown_flexion_deg", "foot_touchdown_angle_deg")


def _read_curve(source: str | os.PathLike[str] | pandas.DataFrame) -> pandas.DataFrame:
    import pandas as pd

    table = source if isinstance(source, pd.DataFrame) else pd.read_csv(os.fspath(source))
    missing = [c for c in (CURVE_TIME, CURVE_FORCE) if c not in table.columns]
    if missing:
        raise ValueError(
            f"invalid parameter 'curve': no column {', '.join(missing)} "
            f"(columns: {', '.join(map(str, table.columns))}); "
            f"valid curves have {CURVE_TIME} [s] and {CURVE_FORCE} [N], optionally {CURVE_KNEE} [deg]"
        )
    time = table[CURVE_TIME].to_numpy(float)
    if len(time) < 10 or not np.all(np.isfinite(time)) or np.any(np.diff(time) <= 0):
        raise ValueError(f"invalid parameter '{CURVE_TIME}': valid times are >= 10 finite, increasing values [s]")
    if not np.all(np.isfinite(table[CURVE_FORCE].to_numpy(float))):
        raise ValueError(f"invalid parameter '{CURVE_FORCE}': valid forces are finite numbers [N]")
    return table


def _stance_curves(time, force, knee, body_mass_kg: float) -> tuple[float, dict[str, np.ndarray]]:
    """Contact time (force above the lab's 50 N) and the curves over it, 101 points, force in BW."""
    threshold = validation.STANCE_THRESHOLD_N
    if np.nanmax(force) <= threshold:
        raise ValueError(f"invalid parameter '{CURVE_FORCE}': the force never exceeds {threshold:g} N (no stance)")
    start, end = validation._stance_window(time, force, threshold)
    grid = np.linspace(start, end, CURVE_POINTS)
    curves = {"vertical_grf_bw": np.interp(grid, time, force) / (body_mass_kg * 9.80665)}
    if knee is not None:
        curves["knee_flexion_deg"] = np.interp(grid, time, knee)
    return end - start, curves


def _model_curves(result: StepResult, body_mass_kg: float) -> tuple[float, dict[str, np.ndarray]]:
    ts = result.time_series
    return _stance_curves(ts.time_s, ts.vertical_grf_n, ts.knee_flexion_deg, body_mass_kg)


def calibrate_curve(
    curve: str | os.PathLike[str] | pandas.DataFrame,
    *,
    speed_m_per_s: float,
    body_mass_kg: float,
    height_m: float,
    foot_strike: str,
    cadence_steps_per_min: float | None = None,
    **fixed: Any,
) -> Calibration:
    """Fit the runner's leg stiffness and landing to a measured stance curve.

    Parameters
    ----------
    curve : str, os.PathLike or pandas.DataFrame
        A CSV (or table) with ``time_s`` [s] and ``force_n`` (vertical ground reaction force
        [N]) over one stance, sampled at any rate, and optionally ``knee_flexion_deg`` [deg].
        Stance is where the force exceeds 50 N (the lab's threshold).
    speed_m_per_s : float
        The trial's running speed [m/s].
    body_mass_kg : float
        The runner's body mass [kg] (also the force's body weight).
    height_m : float
        The runner's height [m].
    foot_strike : str
        The runner's foot strike, an option of ``foot_strike`` in :data:`kneeload.CHOICES`.
    cadence_steps_per_min : float, optional
        The trial's cadence [steps/min] (default: the preferred cadence at that speed); given,
        it sets the runner's ``preferred_cadence_factor``, as :func:`kneeload.calibrate` does.
    **fixed
        Other settings of this runner by registry name, in their units, not fitted.

    Returns
    -------
    kneeload.calibration.Calibration
        As :func:`kneeload.calibrate`: the leg stiffness and swing-leg retraction fitted (and the
        touchdown knee flexion and foot angle when the knee angle is given); ``residuals`` holds
        the contact time (error in %) and the curves' RMSE (force in BW, knee angle in deg)
        before and after, ``curves`` the measured and model curves, and ``figure()`` draws them.

    Raises
    ------
    ValueError
        A missing column, fewer than 10 or non-increasing times, no stance in the force, the
        model finding no step for the runner, or a fit that misses the contact time or a curve by
        more than :data:`kneeload.calibration.FAIL_TOLERANCES` times its tolerance (the contact
        time's: :func:`kneeload.calibration.tolerance`; a curve's RMSE: twice its scale,
        :data:`kneeload.calibration.CURVE_FORCE_SCALE_BW` or
        :data:`kneeload.calibration.CURVE_KNEE_SCALE_DEG`).
    """
    table = _read_curve(curve)
    knee = table[CURVE_KNEE].to_numpy(float) if CURVE_KNEE in table.columns else None
    time, force = table[CURVE_TIME].to_numpy(float), table[CURVE_FORCE].to_numpy(float)
    contact_time, measured = _stance_curves(time, force, knee, body_mass_kg)
    runner = {"body_mass_kg": body_mass_kg, "height_m": height_m, "foot_strike": foot_strike, **fixed}
    gait = {"speed_m_per_s": speed_m_per_s}
    if cadence_steps_per_min is not None:
        gait["cadence_steps_per_min"] = cadence_steps_per_min
    # A parameter the caller sets is held, as in calibrate().
    names = [n for n in (*CURVE_PARAMETERS, *(CURVE_KNEE_PARAMETERS if knee is not None else ())) if n not in fixed]
    if not names:
        raise ValueError(
            "invalid parameter 'fixed': every parameter the curve calibration fits is set "
            f"({', '.join(fixed)}); leave one to fit"
        )
    runner.update(_own_cadence(gait, runner, names, stacklevel=2))
    # The fit's own runs set parameters whether read or not, and read their steps' status.
    with unread_parameters_allowed(), _implausible_steps_expected():
        return _fit_curve(names, gait, runner, contact_time, measured, knee)


def _fit_curve(names, gait, runner, contact_time, measured, knee) -> Calibration:
    """calibrate_curve's fit, from its checked inputs."""
    body_mass_kg = runner["body_mass_kg"]
    defaults = _defaults({"foot_strike": runner["foot_strike"]}, names)
    x0 = np.array([defaults[n] for n in names])
    lower, upper = _bounds(names, defaults)
    prior = np.array([PRIOR_SD[n] for n in names])
    default = simulate_step(**gait, **runner, sample_rate_hz=SAMPLE_RATE_HZ)
    if not default.ok:
        raise ValueError(f"invalid parameter 'curve': the model finds no step for this runner ({default.reason})")
    time_scale = contact_time * tolerance("contact_time_s") / 100.0 / TOLERANCES_PER_SCALE

    def residuals(x: np.ndarray) -> np.ndarray:
        result = simulate_step(**gait, **runner, **dict(zip(names, x, strict=True)), sample_rate_hz=SAMPLE_RATE_HZ)
        if not result.ok:
            return np.full(1 + CURVE_POINTS * len(measured) + len(x), 10.0)
        model_time, model = _model_curves(result, body_mass_kg)
        parts = [np.array([(model_time - contact_time) / time_scale])]
        parts.append(
            (model["vertical_grf_bw"] - measured["vertical_grf_bw"]) / CURVE_FORCE_SCALE_BW / np.sqrt(CURVE_POINTS)
        )
        if knee is not None:
            parts.append(
                (model["knee_flexion_deg"] - measured["knee_flexion_deg"])
                / CURVE_KNEE_SCALE_DEG
                / np.sqrt(CURVE_POINTS)
            )
        parts.append((x - x0) / prior)
        return np.nan_to_num(np.concatenate(parts), nan=10.0)

    fit = _least_squares(residuals, x0, lower, upper, prior)
    fitted = dict(zip(names, (float(v) for v in fit.x), strict=True))
    result = simulate_step(**gait, **runner, **fitted, sample_rate_hz=SAMPLE_RATE_HZ)
    if not result.ok:
        raise ValueError(f"invalid parameter 'curve': no step at the fitted parameters {fitted} ({result.reason})")
    before_time, before = _model_curves(default, body_mass_kg)
    after_time, after = _model_curves(result, body_mass_kg)
    table_ = _curve_table(contact_time, measured, (before_time, before), (after_time, after))
    calibration = Calibration({**runner, **fitted})
    calibration.fitted, calibration.residuals, calibration.cost = fitted, table_, float(fit.cost)
    calibration.trial = {**runner, **gait, "contact_time_s": contact_time}
    calibration.result, calibration.default = result, default
    calibration.curves = {
        **{f"{k}_measured": v for k, v in measured.items()},
        **{f"{k}_before": v for k, v in before.items()},
        **{f"{k}_after": v for k, v in after.items()},
    }
    _check_fitted(table_, fitted, lower, upper, names)
    return calibration


def _curve_table(contact_time, measured, before, after) -> pandas.DataFrame:
    import pandas as pd

    rows = [
        {
            "measured": "contact_time_s",
            "unit": "s",
            "measured_value": contact_time,
            "model_before": before[0],
            "model_after": after[0],
            "error_unit": "%",
            "error_before": 100.0 * (before[0] / contact_time - 1.0),
            "error_after": 100.0 * (after[0] / contact_time - 1.0),
            "tolerance": tolerance("contact_time_s"),
        }
    ]
    scales = {"vertical_grf_bw": ("BW", CURVE_FORCE_SCALE_BW), "knee_flexion_deg": ("deg", CURVE_KNEE_SCALE_DEG)}
    for name, values in measured.items():
        unit, scale = scales[name]
        rmse = [float(np.sqrt(np.mean((model[1][name] - values) ** 2))) for model in (before, after)]
        rows.append(
            {
                "measured": f"{name} curve (RMSE)",
                "unit": unit,
                "measured_value": math.nan,
                "model_before": math.nan,
                "model_after": math.nan,
                "error_unit": unit,
                "error_before": rmse[0],
                "error_after": rmse[1],
                "tolerance": 2.0 * scale,
            }
        )
    frame = pd.DataFrame(rows)
    frame["met"] = frame.error_after.abs() <= frame.tolerance
    return frame


# ---------------------------------------------------------------- validation on the shipped trials


@dataclass
class Transfer:
    """Calibrate at one speed, predict the others (:func:`kneeload.calibration.validate_transfer`).

    Each parameter is an attribute of the same name.

    Parameters
    ----------
    trials : pandas.DataFrame
        Per predicted trial and comparison: measured, uncalibrated and calibrated model values
        (in ``unit``) and errors (in ``error_unit``: % for relative comparisons, else the unit).
    summary : pandas.DataFrame
        Per comparison, over all predicted speeds and per speed: the trials measured, those the
        model gives the quantity for (uncalibrated, calibrated: a model step may have no impact
        peak), mean absolute error and bias (mean error), uncalibrated and calibrated, in ``unit``
        (% for relative comparisons).
    calibrations : dict of str to kneeload.calibration.Calibration or str
        Runner (the trials' ``subject``) -> :class:`kneeload.calibration.Calibration` (its
        ``residuals.met`` says which measured values at the calibration speed it matches), or the
        ValueError's message when no fit exists.
    """

    trials: pandas.DataFrame
    summary: pandas.DataFrame
    calibrations: dict[str, Calibration | str]


def validate_transfer(
    calibration_speed_m_per_s: float = 3.5,
    trials: pandas.DataFrame | None = None,
    waveforms: pandas.DataFrame | None = None,
) -> Transfer:
    """Calibrate each runner on his trial at one speed and predict his trials at the other speeds,
    against the uncalibrated model (each trial's inputs: mass, height, foot strike, speed and
    cadence; :func:`kneeload.validation.validate`).

    Parameters
    ----------
    calibration_speed_m_per_s : float
        The speed whose trial calibrates each runner [m/s] (the shipped data: 2.5, 3.5, 4.5).
    trials : pandas.DataFrame, optional
        Measured trials with the columns of the shipped table
        (:func:`kneeload.validation.load_trials`, the default).
    waveforms : pandas.DataFrame, optional
        Measured curves with the columns of the shipped table
        (:func:`kneeload.validation.load_waveforms`, the default).

    Returns
    -------
    kneeload.calibration.Transfer
        The predicted trials' errors, uncalibrated and calibrated, per trial and summarised, and
        each runner's calibration.

    Raises
    ------
    ValueError
        No trial at ``calibration_speed_m_per_s`` (naming the trials' speeds).
    """
    import pandas as pd

    trials = validation.load_trials() if trials is None else trials
    waveforms = validation.load_waveforms() if waveforms is None else waveforms
    at_speed = np.isclose(trials.speed_m_per_s, calibration_speed_m_per_s)
    if not at_speed.any():
        raise ValueError(
            f"invalid parameter 'calibration_speed_m_per_s' = {calibration_speed_m_per_s!r}: valid values are the "
            "trials' speeds " + ", ".join(f"{v:g}" for v in sorted(trials.speed_m_per_s.unique()))
        )
    predicted = trials[~at_speed]
    # Compared unfiltered, as calibrate() fits (its _model_values).
    unfiltered = {"moment_low_pass_hz": None, "vgrf_low_pass_hz": None}
    uncalibrated = validation.validate(predicted, waveforms, **unfiltered).trials
    calibrations: dict[str, Calibration | str] = {}
    calibrated_rows = []
    for _, trial in trials[at_speed].iterrows():
        subject = trial["subject"]
        try:
            calibration = calibrate(trial, strict=False)
        except ValueError as error:
            calibrations[subject] = str(error)
            continue
        calibrations[subject] = calibration
        runner_trials = predicted[predicted.subject == subject]
        if len(runner_trials):
            # His fitted parameters with his cadence habit, which the fitted leg stiffness refers to
            # (the trials' body size, foot strike, speed and cadence are their own).
            runner = {**calibration.fitted, **_cadence_habit(calibration)}
            calibrated_rows.append(validation.validate(runner_trials, waveforms, **unfiltered, **runner).trials)
    calibrated = pd.concat(calibrated_rows, ignore_index=True) if calibrated_rows else uncalibrated.iloc[0:0]
    table = _transfer_table(uncalibrated, calibrated)
    return Transfer(table, _transfer_summary(table), calibrations)


def _transfer_table(uncalibrated: pandas.DataFrame, calibrated: pandas.DataFrame) -> pandas.DataFrame:
    import pandas as pd

    keys = ["subject", "speed_m_per_s"]
    rows = []
    merged = uncalibrated.merge(calibrated, on=keys, suffixes=("_uncalibrated", "_calibrated"))
    for key, c in validation.COMPARISONS.items():
        for _, row in merged.iterrows():
            measured = row[f"{key}_measured_uncalibrated"]
            if not np.isfinite(measured):
                continue
            rows.append(
                {
                    "subject": row["subject"],
                    "speed_m_per_s": row["speed_m_per_s"],
                    "foot_strike": row["foot_strike_uncalibrated"],
                    "quantity": key,
                    "unit": c.unit,  # of the measured and model values
                    "measured": measured,
                    "uncalibrated": row[f"{key}_model_uncalibrated"],
                    "calibrated": row[f"{key}_model_calibrated"],
                    "error_uncalibrated": row[f"{key}_error_uncalibrated"],
                    "error_calibrated": row[f"{key}_error_calibrated"],
                    "error_unit": "%" if c.relative else c.unit,
                }
            )
    return pd.DataFrame(rows)


def _transfer_summary(table: pandas.DataFrame) -> pandas.DataFrame:
    import pandas as pd

    rows = []
    for speed in [None, *sorted(table.speed_m_per_s.unique())]:
        part = table if speed is None else table[table.speed_m_per_s == speed]
        for key in validation.COMPARISONS:
            group = part[part.quantity == key]
            if group.empty:
                continue
            rows.append(
                {
                    "speed_m_per_s": "all" if speed is None else f"{speed:g}",
                    "quantity": key,
                    "unit": group.error_unit.iloc[0],  # of the errors this summary holds
                    "n_measured": len(group),
                    "n_uncalibrated": int(np.isfinite(group.error_uncalibrated).sum()),
                    "n_calibrated": int(np.isfinite(group.error_calibrated).sum()),
                    "mae_uncalibrated": group.error_uncalibrated.abs().mean(),
                    "mae_calibrated": group.error_calibrated.abs().mean(),
                    "bias_uncalibrated": group.error_uncalibrated.mean(),
                    "bias_calibrated": group.error_calibrated.mean(),
                }
            )
    return pd.DataFrame(rows)
