"""One condition: simulate a periodic running step, solve its gait, the preferred cadence."""

from __future__ import annotations

import contextlib
import contextvars
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from . import _core
from .registry import CHOICES, METRICS, PARAMETERS, TIME_SERIES, flag_raised, split_settings, warn_unread

if TYPE_CHECKING:
    import pandas
    import xarray
    from typing_extensions import Unpack

    from ._parameters import Parameters

__all__ = ["ImplausibleStepWarning", "StepResult", "preferred_cadence", "simulate_step", "solve_gait"]


class ImplausibleStepWarning(UserWarning):
    """:func:`simulate_step` found a periodic step, but a result lies outside the physiological
    bounds the model is valid for (:data:`kneeload.PLAUSIBILITY`: 1.5 x the largest value of the
    measured trials it is validated on). The step's ``status`` is ``"implausible"`` and its
    metrics are kept for inspection; a sweep reports such a condition's step metrics as NaN with its
    reason.

    Examples
    --------
    >>> import warnings
    >>> import kneeload
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     step = kneeload.simulate_step(6.5, cadence_ratio=0.8, time_series=False)
    >>> step.status, caught[0].category.__name__
    ('implausible', 'ImplausibleStepWarning')
    """


#: True inside :func:`_implausible_steps_expected` (per thread and per asyncio task).
_IMPLAUSIBLE_EXPECTED: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "kneeload_implausible_expected", default=False
)


@contextlib.contextmanager
def _implausible_steps_expected() -> Iterator[None]:
    """No :class:`ImplausibleStepWarning` inside: for the library's own runs that read the status
    themselves (a calibration's iterations)."""
    with flag_raised(_IMPLAUSIBLE_EXPECTED):
        yield


@dataclass(frozen=True, repr=False)
class StepResult:
    """One simulated step: what :func:`simulate_step` returns.

    Attributes
    ----------
    status : str
        ``"ok"``, ``"no_periodic_gait"`` or ``"implausible"`` (a step was found but a result is
        outside the physiological bounds the model is valid for: 1.5 x the largest value of the
        measured trials it is validated on; the metrics are kept for inspection).
    reason : str
        Why no periodic step exists, or which result is implausible (empty when ok).
    metrics : kneeload._core.StepMetrics
        Every metric as an attribute with its unit in its name (:data:`kneeload.METRICS`), e.g.
        ``metrics.peak_pfj_stress_mpa``; also a mapping ``metrics["peak_pfj_stress_mpa"]``. NaN
        when the step failed.
    time_series : kneeload._core.TimeSeries
        The stance time series (:data:`kneeload.TIME_SERIES`), each column a numpy array; empty
        unless simulated with ``time_series=True``.
    gait : kneeload._core.GaitSolution
        The periodic-gait solution (stance controls, residuals, iterations).
    events : list of (str, float)
        Stance events and their times [s].
    inputs : dict
        Every parameter and choice of the condition, given or default, by name (numbers in the
        unit of the name, choices as option names).

    Examples
    --------
    >>> import kneeload
    >>> step = kneeload.simulate_step(speed_m_per_s=3.3)
    >>> step.ok, step.reason
    (True, '')
    >>> step.inputs["foot_strike"], step.inputs["body_mass_kg"]
    ('rearfoot', 70.0)
    >>> step.events[0]  # (event, time after touchdown [s])
    ('touchdown', 0.0)
    """

    status: str
    reason: str
    metrics: _core.StepMetrics
    time_series: _core.TimeSeries
    gait: _core.GaitSolution
    events: list[tuple[str, float]]
    inputs: dict[str, float | str] = field(default_factory=dict)

    # Equal when every field is (NaN equal to NaN in the metrics, time series and gait), as two
    # runs of one condition are; unhashable, as its lists and dicts are.
    __hash__ = None  # type: ignore[assignment]

    @property
    def ok(self) -> bool:
        """True when a periodic step was found and simulated.

        Returns
        -------
        bool
            ``status == "ok"``.
        """
        return self.status == "ok"

    def __repr__(self) -> str:
        if not self.ok:
            return f"StepResult(status={self.status!r}, reason={self.reason!r})"
        m = self.metrics
        return (
            f"StepResult(status='ok', cadence_steps_per_min={m.cadence_steps_per_min:.4g}, "
            f"contact_time_s={m.contact_time_s:.4g}, peak_vgrf_bw={m.peak_vgrf_bw:.4g}, "
            f"peak_pfj_stress_mpa={m.peak_pfj_stress_mpa:.4g}, time_series={len(self.time_series)} samples)"
        )

    def to_dataset(self) -> xarray.Dataset:
        """The step as an ``xarray.Dataset``.

        Returns
        -------
        xarray.Dataset
            Every time-series column over ``time_s`` [s] and every metric as a variable without
            dimension, each with ``units`` and ``long_name`` from the registry; ``is_event`` (1 at
            the exact event instants); the inputs and ``kneeload_version`` as attributes.

        Raises
        ------
        ValueError
            The step has no time series (simulated with ``time_series=False``, or no periodic
            step).

        Examples
        --------
        >>> import kneeload
        >>> ds = kneeload.simulate_step(speed_m_per_s=3.3).to_dataset()
        >>> ds["pfj_stress_mpa"].dims, ds["pfj_stress_mpa"].attrs["units"]
        (('time_s',), 'MPa')
        """
        import xarray as xr

        if len(self.time_series) == 0:
            raise ValueError("no time series: simulate with time_series=True (and a periodic step)")
        series = self.time_series.to_dict()
        data: dict[str, Any] = {
            name: (
                "time_s",
                values,
                _attributes(TIME_SERIES[name])
                if name in TIME_SERIES
                else {"long_name": "1 at the exact event instants"},
            )
            for name, values in series.items()
            if name != "time_s"
        }
        data.update({name: ((), value, _attributes(METRICS[name])) for name, value in self.metrics.items()})
        coords = {"time_s": ("time_s", series["time_s"], _attributes(TIME_SERIES["time_s"]))}
        cf = _core.cf_global_attributes("kneeload step: running ground contact and patellofemoral joint load")
        return xr.Dataset(data, coords=coords, attrs={**cf, **self.inputs})

    def to_dataframe(self) -> pandas.DataFrame:
        """The time series as a table.

        Returns
        -------
        pandas.DataFrame
            One column per time-series column (:data:`kneeload.TIME_SERIES`, units in the
            names) and ``is_event``, indexed by ``time_s`` [s]; empty without a time series.
        """
        import pandas as pd

        return pd.DataFrame(self.time_series.to_dict()).set_index("time_s")


def _attributes(spec: Any) -> dict[str, str]:
    """CF ``units`` (UDUNITS-2), ``long_name`` (and ``normalisation`` of body-weight multiples)."""
    return _core.cf_attributes(spec.unit, spec.description)


def _inputs(core_condition: _core.Condition) -> dict[str, float | str]:
    values: dict[str, float | str] = {name: core_condition.option(name) for name in CHOICES}
    for name in PARAMETERS:
        value = core_condition.number(name)
        if not np.isnan(value):
            values[name] = value
    return values


def simulate_step(
    speed_m_per_s: float | None = None,
    cadence_steps_per_min: float | None = None,
    step_length_m: float | None = None,
    *,
    time_series: bool = True,
    sample_rate_hz: float = 2000.0,
    **parameters: Unpack[Parameters],
) -> StepResult:
    """Solve the periodic gait and simulate one running step.

    Parameters
    ----------
    speed_m_per_s, cadence_steps_per_min, step_length_m : float, optional
        Any two of speed [m/s], cadence [steps/min] and step length [m]; speed alone runs at the
        preferred cadence (:func:`preferred_cadence`), speed with ``cadence_ratio`` at a multiple
        of it.
    time_series : bool
        Record the stance time series (off for speed in loops).
    sample_rate_hz : float
        Sampling rate of the time series [Hz], plus the exact event instants.
    **parameters
        Any parameter of :data:`kneeload.PARAMETERS` (e.g. ``shoe_stiffness_n_per_m=120e3``) or
        choice of :data:`kneeload.CHOICES` (e.g. ``foot_strike="forefoot"``); a ``target_*``
        parameter selects its closure (e.g. ``target_contact_time_s=0.24``). Defaults: the 70 kg,
        1.75 m runner, rearfoot strike, cushioned shoe, rigid surface, empirical closure.

    Returns
    -------
    StepResult
        The metrics (units in their names), the time series, the gait solution and the events.
        ``ok`` False with a ``reason`` when no periodic step exists (not an error), or when the
        step is implausible (then with an :class:`ImplausibleStepWarning`).

    Raises
    ------
    ValueError
        An invalid input, naming the parameter as written, its value and the valid range; an
        unknown parameter or choice; an invalid combination of gait quantities (three of them,
        or a cadence and a ``cadence_ratio``).

    See Also
    --------
    sweep : many conditions at once, in parallel.

    Examples
    --------
    >>> import kneeload
    >>> step = kneeload.simulate_step(speed_m_per_s=3.3, shoe_stiffness_n_per_m=120e3)
    >>> step.ok
    True
    >>> cadence = step.metrics.cadence_steps_per_min  # speed alone: the preferred cadence
    >>> round(cadence, 1), round(kneeload.preferred_cadence(3.3), 1)
    (166.7, 166.7)
    >>> round(step.metrics.step_length_m * cadence / 60, 6)  # speed = step length x cadence / 60
    3.3
    >>> kneeload.simulate_step(speed_m_per_s=3.3, body_mass_kg=-70)
    Traceback (most recent call last):
    ...
    ValueError: invalid parameter 'body_mass_kg' = -70: valid range is [20, 250] kg
    """
    if not isinstance(time_series, (bool, np.bool_)):
        raise ValueError(f"invalid parameter 'time_series' = {time_series!r}: valid values are True, False")
    values = dict(
        parameters,
        speed_m_per_s=speed_m_per_s,
        cadence_steps_per_min=cadence_steps_per_min,
        step_length_m=step_length_m,
    )
    numbers_, options = split_settings(values)
    core_condition = _core.Condition(numbers_, options)
    solved = _core.simulate_condition(
        core_condition, time_series=bool(time_series), sample_rate_hz=float(sample_rate_hz)
    )
    warn_unread(numbers_, [core_condition])  # valid input only: after the run
    if solved.status == "implausible" and not _IMPLAUSIBLE_EXPECTED.get():
        message = f"implausible step: {solved.reason}; its metrics are kept for inspection (status 'implausible')"
        warnings.warn(ImplausibleStepWarning(message), stacklevel=2)
    return StepResult(
        solved.status,
        solved.reason,
        solved.metrics,
        solved.time_series,
        solved.gait,
        solved.events,
        _inputs(core_condition),
    )


def solve_gait(
    speed_m_per_s: float | None = None,
    cadence_steps_per_min: float | None = None,
    step_length_m: float | None = None,
    **parameters: Unpack[Parameters],
) -> _core.GaitSolution:
    """Solve the periodic gait only (no step simulated).

    Parameters
    ----------
    speed_m_per_s, cadence_steps_per_min, step_length_m : float, optional
        Any two of speed [m/s], cadence [steps/min] and step length [m], as in
        :func:`simulate_step`.
    **parameters
        Parameters and choices by name, as in :func:`simulate_step`.

    Returns
    -------
    kneeload._core.GaitSolution
        Status and reason, the gait, the stance controls and the periodicity residuals, each in
        its stated unit.

    Raises
    ------
    ValueError
        An invalid input, naming the parameter as written, its value and the valid range.

    Examples
    --------
    >>> import kneeload
    >>> gait = kneeload.solve_gait(speed_m_per_s=3.3, cadence_steps_per_min=170)
    >>> gait.ok
    True
    >>> gait.residuals.max_abs() < 1e-6  # periodic: every residual below the solver's acceptance
    True
    """
    values = dict(
        parameters,
        speed_m_per_s=speed_m_per_s,
        cadence_steps_per_min=cadence_steps_per_min,
        step_length_m=step_length_m,
    )
    numbers_, options = split_settings(values)
    core_condition = _core.Condition(numbers_, options)
    solution = _core.solve_condition(core_condition)
    warn_unread(numbers_, [core_condition])  # valid input only: after the solve
    return solution


def preferred_cadence(speed_m_per_s: float, **runner: Unpack[Parameters]) -> float:
    """Preferred (self-selected) cadence of a runner at a speed: the population's regression
    (165 steps/min at 3.04 m/s, scaled by sqrt(1.75 m / height)) times the runner's own
    ``preferred_cadence_factor``.

    Parameters
    ----------
    speed_m_per_s : float
        Running speed [m/s].
    **runner
        Runner parameters (e.g. ``height_m=1.8``).

    Returns
    -------
    float
        Cadence [steps/min]: 165 steps/min at 3.04 m/s + 6.6 per m/s (Eur J Sport Sci 2019;
        Cavanagh & Kram 1989), scaled by sqrt(1.75 m / height).

    Raises
    ------
    ValueError
        A speed or runner parameter outside its valid range, named with its value and range.

    Examples
    --------
    >>> import kneeload
    >>> kneeload.preferred_cadence(3.04)  # the published reference
    165.0
    >>> round(kneeload.preferred_cadence(3.04, height_m=1.96), 1)  # 165 sqrt(1.75 / 1.96)
    155.9
    """
    numbers_, options = split_settings(runner)
    return float(_core.preferred_cadence_steps_per_min(float(speed_m_per_s), _core.Condition(numbers_, options)))


def pfj_load(
    knee_flexion_deg: npt.ArrayLike,
    knee_extensor_moment_n_m: npt.ArrayLike,
    contact_area_curve: str | None = None,
) -> dict[str, np.ndarray]:
    """The model's patellofemoral chain applied to any knee flexion and extensor moment series,
    e.g. a lab's measured ones: quadriceps force M / r_q, PFJ force k F_q, contact area and stress,
    each a function of the knee flexion (the same functions the model's steps use; docs: Model).

    Parameters
    ----------
    knee_flexion_deg : array_like
        Knee flexion [deg] (0 = straight), one value per instant. The chain's curves are fitted
        over 0-90 deg; outside, they are evaluated at the nearer end (as in the model's steps).
    knee_extensor_moment_n_m : array_like
        Knee extensor moment [N m] (flexor < 0: no quadriceps force), as long as the flexion.
    contact_area_curve : str, optional
        A :data:`CHOICES` option of ``contact_area_curve`` (default: the model's default).

    Returns
    -------
    dict of str to numpy.ndarray
        ``quadriceps_force_n``, ``pfj_force_n`` [N], ``pfj_contact_area_mm2`` [mm^2] and
        ``pfj_stress_mpa`` [MPa] per instant; NaN where an input is NaN (a gap in a measured
        series).

    Raises
    ------
    ValueError
        An unknown contact-area curve; a series that is not 1-D numbers; series of different
        lengths; an infinite value, or a flexion outside [-30, 180] deg (named with its index).

    Warns
    -----
    UserWarning
        A likely unit slip: flexions all below 2 pi (radians?) or moments all below 10 N m
        (N m/kg?).

    Examples
    --------
    >>> import numpy as np
    >>> import kneeload
    >>> step = kneeload.simulate_step(3.3)
    >>> ts = step.time_series
    >>> load = kneeload.pfj_load(ts.knee_flexion_deg, ts.knee_extensor_moment_lab_n_m)
    >>> # what the step reports (its PFJ chain runs on the lab-convention moment by default)
    >>> bool(np.allclose(load["pfj_stress_mpa"], ts.pfj_stress_mpa))
    True
    """
    curve = CHOICES["contact_area_curve"].default if contact_area_curve is None else contact_area_curve
    flexion = _series("knee_flexion_deg", knee_flexion_deg)
    moment = _series("knee_extensor_moment_n_m", knee_extensor_moment_n_m)
    # Unit slips that give plausible-looking numbers: radians for degrees, N m/kg for N m.
    if flexion.size > 1 and np.nanmax(np.abs(flexion), initial=0.0) < 2.0 * np.pi:
        warnings.warn(
            f"knee_flexion_deg never exceeds {np.nanmax(np.abs(flexion)):.3g}: radians? (the unit is degrees)",
            stacklevel=2,
        )
    if moment.size > 1 and 0.0 < np.nanmax(np.abs(moment), initial=0.0) < 10.0:
        warnings.warn(
            f"knee_extensor_moment_n_m never exceeds {np.nanmax(np.abs(moment)):.3g} N m: N m/kg? (multiply by the "
            "body mass)",
            stacklevel=2,
        )
    return dict(_core.pfj_load(flexion, moment, curve))


def _series(name: str, values: Any) -> np.ndarray:
    """A float array of a series argument (the core checks its shape and values); ValueError
    naming it when it holds no numbers."""
    try:
        if values is None:  # np.asarray(None, float) is a NaN
            raise TypeError
        return np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"invalid parameter {name!r} = {values!r}: must be a 1-D series of numbers") from None
