"""One condition: argument checking, simulate_step, solve_gait, preferred cadence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import numpy as np

from . import _core

#: Numeric parameters: name -> (unit, description). Units are part of every name.
PARAMETERS: dict[str, tuple[str, str]] = {name: (unit, text) for name, unit, text in _core.parameter_list()}
#: Categorical choices: name -> allowed values (the first is the default).
CHOICES: dict[str, list[str]] = dict(_core.choice_list())
#: Per-step metrics: name -> unit.
METRICS: dict[str, str] = dict(_core.metric_list())
TIME_SERIES_UNITS: dict[str, str] = dict(_core.time_series_units())


def split_arguments(values: Mapping[str, Any]) -> tuple[dict[str, float], dict[str, str]]:
    """Separates numeric parameters from choices; raises ValueError for unknown names."""
    parameters: dict[str, float] = {}
    choices: dict[str, str] = {}
    for name, value in values.items():
        if value is None:
            continue
        if name in CHOICES:
            if not isinstance(value, str):
                raise ValueError(f"invalid parameter '{name}' = {value!r}: valid values are {CHOICES[name]}")
            choices[name] = value
        elif name in PARAMETERS:
            if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
                raise ValueError(f"invalid parameter '{name}' = {value!r}: valid range is a number in {PARAMETERS[name][0]}")
            parameters[name] = float(value)
        else:
            known = ", ".join(list(PARAMETERS) + list(CHOICES))
            raise ValueError(f"invalid parameter '{name}': unknown name; valid names are {known}")
    return parameters, choices


@dataclass
class StepResult:
    """One simulated step. ``metrics`` and ``time_series`` carry units in their names
    (see :data:`METRICS`); ``ok`` is False when no periodic step exists (``reason`` says why)."""

    status: str
    reason: str
    metrics: dict[str, float]
    time_series: dict[str, np.ndarray]
    gait: dict[str, Any]
    events: list[tuple[str, float]]
    contact_area_curve: str
    inputs: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def to_dataset(self):
        """The time series as an ``xarray.Dataset`` over ``time_s`` with ``units``
        attributes, and the metrics as attributes."""
        import xarray as xr

        if not self.time_series:
            raise ValueError("no time series: simulate with time_series=True (and a periodic step)")
        time = self.time_series["time_s"]
        data = {
            name: ("time_s", values, {"units": TIME_SERIES_UNITS.get(name, "1")})
            for name, values in self.time_series.items()
            if name != "time_s"
        }
        ds = xr.Dataset(data, coords={"time_s": ("time_s", time, {"units": "s"})})
        ds.attrs.update({f"metric_{k}": v for k, v in self.metrics.items()})
        ds.attrs["contact_area_curve"] = self.contact_area_curve
        ds.attrs["kneeload_version"] = _core.__version__
        return ds


def simulate_step(
    speed_m_per_s: float | None = None,
    cadence_steps_per_min: float | None = None,
    step_length_m: float | None = None,
    *,
    time_series: bool = True,
    sample_rate_hz: float = 2000.0,
    **parameters: Any,
) -> StepResult:
    """Solve the periodic gait for any two of speed [m/s], cadence [steps/min] and step
    length [m] (or speed and ``cadence_ratio``) and simulate one step.

    Further keyword arguments are parameters (:data:`PARAMETERS`, e.g.
    ``shoe_stiffness_n_per_m=120e3``) or choices (:data:`CHOICES`, e.g.
    ``foot_strike="forefoot"``, ``closure="contact_time", closure_value=0.24``).
    Defaults: the 70 kg, 1.75 m runner, rearfoot strike, cushioned shoe, empirical closure.
    """
    values = dict(parameters, speed_m_per_s=speed_m_per_s, cadence_steps_per_min=cadence_steps_per_min,
                  step_length_m=step_length_m)
    numeric, choices = split_arguments(values)
    out = _core.simulate_step(numeric, choices, time_series, sample_rate_hz)
    return StepResult(out["status"], out["reason"], dict(out["metrics"]), dict(out["time_series"]), dict(out["gait"]),
                      list(out["events"]), out["contact_area_curve"], {**numeric, **choices})


def solve_gait(
    speed_m_per_s: float | None = None,
    cadence_steps_per_min: float | None = None,
    step_length_m: float | None = None,
    **parameters: Any,
) -> dict[str, Any]:
    """The periodic-gait solution (status, reason, stance controls, residuals in stated units)."""
    values = dict(parameters, speed_m_per_s=speed_m_per_s, cadence_steps_per_min=cadence_steps_per_min,
                  step_length_m=step_length_m)
    numeric, choices = split_arguments(values)
    return dict(_core.solve_gait(numeric, choices))


def preferred_cadence(speed_m_per_s: float, **runner: Any) -> float:
    """Preferred cadence [steps/min] at a speed [m/s] for a runner (e.g. ``height_m=1.8``)."""
    numeric, _ = split_arguments(runner)
    return float(_core.preferred_cadence_steps_per_min(float(speed_m_per_s), numeric))
