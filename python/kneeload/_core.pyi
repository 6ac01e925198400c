"""Type stubs of the private C++ extension (use the kneeload package instead)."""

from typing import Any, Callable, Mapping, Sequence

import numpy as np

__version__: str

def simulate_step(parameters: Mapping[str, float], choices: Mapping[str, str], record_time_series: bool = True,
                  sample_rate_hz: float = 2000.0) -> dict[str, Any]: ...
def solve_gait(parameters: Mapping[str, float], choices: Mapping[str, str]) -> dict[str, Any]: ...
def preferred_cadence_steps_per_min(speed_m_per_s: float, parameters: Mapping[str, float] = ...) -> float: ...
def parameter_list() -> list[tuple[str, str, str]]: ...
def choice_list() -> dict[str, list[str]]: ...
def metric_list() -> list[tuple[str, str]]: ...
def time_series_units() -> dict[str, str]: ...
def describe_condition(parameters: Mapping[str, float], choices: Mapping[str, str]) -> dict[str, str]: ...
def sweep(
    axes: Sequence[tuple[str, Sequence[float]]],
    points: Sequence[Sequence[float]] | None = None,
    parameters: Mapping[str, float] = ...,
    choices: Mapping[str, str] = ...,
    threads: int = 0,
    chunk_size: int = 2048,
    record_time_series: bool = False,
    progress: Callable[[int, int], None] | None = None,
    path: str | None = None,
    attributes: Mapping[str, str] = ...,
    collect: bool = True,
) -> dict[str, Any]: ...
