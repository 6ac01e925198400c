"""kneeload: ground-contact running simulation and patellofemoral (knee) load.

The C++ core (private module ``kneeload._core``) solves a periodic running step of a two-mass
spring-mass model with a shoe/heel-pad contact and a patellofemoral submodel. This package
exposes it with units in every name:

- :func:`simulate_step`: one periodic step, its metrics and time series (numpy, xarray)
- :func:`solve_gait`: the periodic-gait solution only
- :func:`sweep`: a parallel parameter sweep as an ``xarray.Dataset`` (optionally HDF5, Dask)
- :func:`preferred_cadence`: the baseline cadence for "+10 % cadence" questions
- :func:`pfj_load`: the model's patellofemoral chain applied to any knee angle and moment
  series (e.g. a lab's)
- :data:`PARAMETERS`, :data:`CHOICES`, :data:`METRICS`, :data:`TIME_SERIES`: the vocabulary,
  with units, meanings, valid ranges and sources; :data:`PLAUSIBILITY`: the bounds beyond which a
  solved step is reported as ``implausible`` (outside what the model is valid for)
- :func:`compare`: runners x speeds x interventions (cadence, step length, shoe, surface, foot
  strike, trunk) against each runner's baseline, per step and per km, with uncertainty intervals
- :class:`Runner`, :mod:`kneeload.runner`: runner profiles and population tables (a ``runner``
  dimension of sweeps and comparisons)
- :func:`calibrate`: a runner's own parameters fitted to one measured trial
  (:mod:`kneeload.calibration`, also from a measured force curve)
- :mod:`kneeload.validation`: the model against measured runners (a shipped table of 39 trials)
- :mod:`kneeload.plot`: figures; ``kneeload``: the command-line tool

Invalid input raises ``ValueError`` naming the parameter, its value and the valid range; an
output file that cannot be written, ``OSError`` naming the cause; SIGTERM during a sweep,
:class:`Terminated` (after cancelling the sweep and removing its temporary file).
"""

import importlib
from typing import Any

from . import calibration, comparison, runner, sensitivity, training, validation
from ._core import __version__
from ._files import Terminated
from .calibration import calibrate
from .comparison import compare
from .registry import CHOICES, METRICS, PARAMETERS, PLAUSIBILITY, TIME_SERIES, IgnoredParameterWarning
from .runner import Runner, read_population, sweep_runners, write_population
from .step import ImplausibleStepWarning, StepResult, pfj_load, preferred_cadence, simulate_step, solve_gait
from .sweep import FailedConditionsWarning, open_sweep, sweep

__all__ = [
    "CHOICES",
    "FailedConditionsWarning",
    "IgnoredParameterWarning",
    "ImplausibleStepWarning",
    "METRICS",
    "PARAMETERS",
    "PLAUSIBILITY",
    "TIME_SERIES",
    "Runner",
    "StepResult",
    "Terminated",
    "__version__",
    "calibrate",
    "calibration",
    "compare",
    "comparison",
    "open_sweep",
    "pfj_load",
    "preferred_cadence",
    "read_population",
    "runner",
    "sensitivity",
    "simulate_step",
    "solve_gait",
    "sweep",
    "sweep_runners",
    "training",
    "validation",
    "write_population",
]

#: Submodules imported on first use (``kneeload.plot`` imports matplotlib): ``import kneeload``
#: then ``kneeload.plot.compare(...)`` works as the documentation writes it.
_ON_FIRST_USE = ("cli", "literature", "plot")


def __getattr__(name: str) -> Any:
    if name in _ON_FIRST_USE:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
