"""kneeload: ground-contact running simulation and patellofemoral (knee) load.

The C++ core (private module ``kneeload._core``) solves a periodic running step of a
two-mass spring-mass model with a shoe/heel-pad contact and a patellofemoral submodel.
This package exposes it with units in every name:

- :func:`simulate_step` - one periodic step: metrics and time series (numpy, xarray)
- :func:`solve_gait` - the periodic-gait solution only
- :func:`sweep` - a parallel parameter sweep as an ``xarray.Dataset`` (optionally HDF5, Dask)
- :func:`preferred_cadence` - the baseline cadence for "+10 % cadence" questions
- :mod:`kneeload.plot` - figures; ``kneeload`` - the command-line tool

Invalid input raises ``ValueError`` naming the parameter, its value and the valid range.
"""

from ._core import __version__
from .model import (
    CHOICES,
    METRICS,
    PARAMETERS,
    StepResult,
    preferred_cadence,
    simulate_step,
    solve_gait,
)
from .sweep import open_sweep, sweep
from . import sensitivity, training

__all__ = [
    "__version__",
    "CHOICES",
    "METRICS",
    "PARAMETERS",
    "StepResult",
    "open_sweep",
    "preferred_cadence",
    "simulate_step",
    "solve_gait",
    "sensitivity",
    "sweep",
    "training",
]
