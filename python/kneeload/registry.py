"""The model's vocabulary, from the C++ registry: every parameter, choice, metric and time-series
column with its unit and meaning. Nothing here is written by hand; a name, unit, range or
description is changed in the C++ registry and appears here, in files, the CLI and the stubs.

- :data:`PARAMETERS`: name -> :class:`ParameterSpec` (unit, description, valid range, default, source)
- :data:`CHOICES`: name -> :class:`ChoiceSpec` (options with their descriptions, default)
- :data:`METRICS`: name -> :class:`MetricSpec` (unit, description)
- :data:`TIME_SERIES`: name -> :class:`ColumnSpec` (unit, description)
- :data:`PLAUSIBILITY`: metric name -> :class:`PlausibilityBound` (the bound beyond which a solved
  step is reported as ``implausible``, the largest measured value it comes from, its source)
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping
from typing import Any

from . import _core
from ._core import ChoiceSpec, ColumnSpec, MetricSpec, ParameterSpec, PlausibilityBound

#: Every numeric parameter, in registry order.
PARAMETERS: dict[str, ParameterSpec] = {p.name: p for p in _core.parameters()}
#: Every categorical choice, in registry order.
CHOICES: dict[str, ChoiceSpec] = {c.name: c for c in _core.choices()}
#: Every per-step metric, in registry order.
METRICS: dict[str, MetricSpec] = {m.name: m for m in _core.metrics()}
#: Every time-series column, in registry order.
TIME_SERIES: dict[str, ColumnSpec] = {c.name: c for c in _core.time_series_columns()}
#: Upper bounds of the metrics beyond which a solved step is ``implausible``.
PLAUSIBILITY: dict[str, PlausibilityBound] = {b.metric: b for b in _core.plausibility_bounds()}

__all__ = [
    "CHOICES",
    "METRICS",
    "PARAMETERS",
    "PLAUSIBILITY",
    "TIME_SERIES",
    "ChoiceSpec",
    "ColumnSpec",
    "MetricSpec",
    "ParameterSpec",
    "PlausibilityBound",
    "condition",
    "split_settings",
]


def is_number(value: Any) -> bool:
    """A real number (bool is not one)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def split_settings(values: Mapping[str, Any]) -> tuple[dict[str, float], dict[str, str]]:
    """Numbers and choices by name; None means "not given". Raises ValueError for a value of the
    wrong type; unknown names and invalid values are reported by the core with their valid range."""
    numbers_: dict[str, float] = {}
    options: dict[str, str] = {}
    for name, value in values.items():
        if value is None:
            continue
        if name in CHOICES:
            if not isinstance(value, str) or not value:
                raise ValueError(
                    f"invalid parameter '{name}' = {value!r}: valid values are {', '.join(CHOICES[name].options)}"
                )
            options[name] = value
        elif name in PARAMETERS:
            if not is_number(value):
                raise ValueError(
                    f"invalid parameter '{name}' = {value!r}: valid range is {PARAMETERS[name].valid_range} (a number)"
                )
            numbers_[name] = float(value)
        else:
            raise ValueError(
                f"invalid parameter '{name}' = {value!r}: unknown name; valid names are "
                + ", ".join([*PARAMETERS, *CHOICES])
            )
    return numbers_, options


def condition(values: Mapping[str, Any]) -> _core.Condition:
    """A core condition from settings by name (choices first, then numbers)."""
    return _core.Condition(*split_settings(values))
