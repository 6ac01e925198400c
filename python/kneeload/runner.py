"""Runner profiles: who runs.

A :class:`kneeload.Runner` is a name and every setting of the model that belongs to the runner
rather than to the gait asked for: body mass, height, foot strike, trunk posture, shoe, and
whatever :func:`kneeload.calibrate` fitted for this runner (leg stiffness, touchdown angles ...).
Any parameter or choice of the registry may be set except the gait
(:data:`kneeload.runner.GAIT_SETTINGS`: speed, cadence, step length, cadence ratio), which
comparisons and sweeps set.

A population is a table with one runner per row: a ``runner`` column
(:data:`kneeload.runner.RUNNER_COLUMN`) with the names and one column per registry setting, in
the setting's unit (an empty cell: the runner keeps that setting's default). It is read from CSV
(:func:`kneeload.read_population`), written back (:func:`kneeload.write_population`), and
swept as a ``runner`` dimension (:func:`kneeload.sweep_runners`,
``kneeload.sweep(..., runners=...)``, :func:`kneeload.compare`).
"""

from __future__ import annotations

import functools
import json
import math
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from .registry import (
    CHOICES,
    METRICS,
    PARAMETERS,
    split_settings,
    unread_messages,
    unread_parameters_allowed,
    warn_ignored,
)

if TYPE_CHECKING:
    import pandas
    import xarray

__all__ = [
    "GAIT_SETTINGS",
    "RUNNER_COLUMN",
    "Runner",
    "as_runners",
    "choice_sets",
    "read_population",
    "run_conditions",
    "sweep_runners",
    "write_population",
]

#: The registry group of the gait asked for (speed, cadence, step length, cadence ratio).
_GAIT_GROUP = PARAMETERS["speed_m_per_s"].group
#: Settings a runner cannot hold: the gait, which a sweep or comparison sets.
GAIT_SETTINGS: tuple[str, ...] = tuple(name for name, spec in PARAMETERS.items() if spec.group == _GAIT_GROUP)
#: Column of a population table that names the runners.
RUNNER_COLUMN = "runner"
#: A speed at which a runner's settings are checked (any valid one: the checks are range checks).
_PROBE_SPEED_M_PER_S = 3.0


@functools.cache
def choice_sets(choice: str, option: str) -> tuple[str, ...]:
    """The parameters that setting ``choice`` to ``option`` sets to that option's defaults (a foot
    strike sets the foot's touchdown and mid-stance angles and the touchdown knee flexion): those
    whose default differs between the choice's options, read from the core.

    Parameters
    ----------
    choice : str
        A choice of :data:`kneeload.CHOICES` (e.g. ``"foot_strike"``).
    option : str
        One of its options (only checked).

    Returns
    -------
    tuple of str
        Parameter names, in registry order.

    Raises
    ------
    KeyError
        ``choice`` is no choice of :data:`kneeload.CHOICES`.
    ValueError
        ``option`` is none of its options.

    Examples
    --------
    >>> from kneeload.runner import choice_sets
    >>> "foot_touchdown_angle_deg" in choice_sets("foot_strike", "forefoot")
    True
    """
    if option not in CHOICES[choice].options:
        raise ValueError(
            f"invalid parameter '{choice}' = {option!r}: valid values are {', '.join(CHOICES[choice].options)}"
        )
    defaults = [_core.Condition({}, {choice: o}) for o in CHOICES[choice].options]
    varying = []
    for name in PARAMETERS:
        values = [d.number(name) for d in defaults]
        if not all(math.isnan(v) for v in values) and len({round(v, 12) for v in values}) > 1:
            varying.append(name)
    return tuple(varying)


class Runner:
    """One runner: a name and settings by registry name.

    Parameters
    ----------
    name : str
        How the runner is called in tables and figures (the ``runner`` coordinate).
    **settings
        Any parameter of :data:`kneeload.PARAMETERS` (in its unit: ``body_mass_kg`` [kg],
        ``height_m`` [m] ...) or choice of :data:`kneeload.CHOICES` except the gait
        (:data:`kneeload.runner.GAIT_SETTINGS`), e.g.
        ``Runner("R1", body_mass_kg=62, height_m=1.81, foot_strike="forefoot")``, or the dict
        :func:`kneeload.calibrate` returns (``Runner("R1", **kneeload.calibrate(trial))``). A value
        None, NaN or an empty string is not given. Settings not given keep their defaults (those
        of the runner's foot strike for the foot-strike group); ``runner.body_mass_kg`` (any
        registry name as an attribute) is the setting's value, given or default.

    Raises
    ------
    ValueError
        An unknown name, a gait setting, or a value outside its valid range (named, with the
        range).

    Examples
    --------
    >>> from kneeload import Runner
    >>> runner = Runner("heavy heel striker", body_mass_kg=90.0, foot_strike="rearfoot")
    >>> runner.body_mass_kg
    90.0
    >>> runner.settings["foot_strike"]
    'rearfoot'
    """

    def __init__(self, name: str = "default runner", **settings: Any) -> None:
        if not isinstance(name, str) or not name:
            raise ValueError(f"invalid parameter 'name' = {name!r}: valid names are non-empty strings")
        gait = [n for n in settings if n in GAIT_SETTINGS]
        if gait:
            raise ValueError(
                f"invalid parameter '{gait[0]}' = {settings[gait[0]]!r}: a runner holds no gait setting "
                f"({', '.join(GAIT_SETTINGS)}); give speeds and interventions to compare or sweep instead"
            )
        given = {n: v for n, v in settings.items() if v is not None and not _is_missing(v)}
        numbers, options = split_settings(given)
        probe = _core.Condition({**numbers, "speed_m_per_s": _PROBE_SPEED_M_PER_S}, options)
        probe.validate()
        for message in unread_messages(numbers, [probe]):  # named: a population holds many runners
            warn_ignored(f"runner {name!r}: {message}", stacklevel=2)
        self._name = name
        self._settings: dict[str, float | str] = {**options, **numbers}

    @property
    def name(self) -> str:
        """The runner's name."""
        return self._name

    @property
    def settings(self) -> dict[str, float | str]:
        """The settings given (a copy), choices first, by registry name in their units: pass them
        on as ``**runner.settings``."""
        return dict(self._settings)

    def __getattr__(self, name: str) -> float | str:
        """A setting by registry name: the one given, else its default for this runner."""
        if name.startswith("_") or (name not in PARAMETERS and name not in CHOICES):
            raise AttributeError(name)
        if name in self._settings:
            return self._settings[name]
        numbers, options = split_settings(self._settings)
        resolved = _core.Condition(numbers, options)
        return resolved.option(name) if name in CHOICES else resolved.number(name)

    def __setattr__(self, name: str, value: Any) -> None:
        # A runner does not change once made (it is hashable, and its settings are what compare
        # and sweep use): ``runner.body_mass_kg = 80`` would read back 80 while every computation
        # kept the old mass.
        if name in ("_name", "_settings") and name not in self.__dict__:
            object.__setattr__(self, name, value)
            return
        if name == "name" or name in PARAMETERS or name in CHOICES:
            hint = f"make a changed copy with runner.with_settings({name}=...)"
        else:
            hint = "its settings are registry names (kneeload.PARAMETERS, kneeload.CHOICES), set when it is made"
        raise AttributeError(f"cannot set {name!r} of a Runner: a runner does not change once made; {hint}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(
            f"cannot delete {name!r} of a Runner: a runner does not change once made "
            "(runner.with_settings(<setting>=None) is a copy without a setting)"
        )

    def with_settings(self, name: str | None = None, **changes: Any) -> Runner:
        """A copy with some settings changed.

        Parameters
        ----------
        name : str, optional
            The copy's name (default: this runner's).
        **changes
            Settings by registry name, in their units (as :class:`kneeload.Runner`); a value None
            removes the setting (the copy keeps its default).

        Returns
        -------
        kneeload.Runner
            A new runner; this one is unchanged.

        Raises
        ------
        ValueError
            As :class:`kneeload.Runner`: an unknown name, a gait setting or a value outside its
            valid range.

        Examples
        --------
        >>> from kneeload import Runner
        >>> light = Runner("R1", body_mass_kg=60.0, foot_strike="forefoot").with_settings("R1 light", body_mass_kg=55.0)
        >>> light
        Runner('R1 light', foot_strike='forefoot', body_mass_kg=55.0)
        """
        merged = {**self._settings, **changes}
        return Runner(name or self._name, **{n: v for n, v in merged.items() if v is not None})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Runner) and (self._name, self._settings) == (other._name, other._settings)

    def __hash__(self) -> int:
        return hash((self._name, json.dumps(self._settings, sort_keys=True)))

    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={v!r}" for n, v in self._settings.items())
        return f"Runner({self._name!r}{', ' + inner if inner else ''})"


def _is_missing(value: Any) -> bool:
    """An empty table cell: NaN or an empty string."""
    return (isinstance(value, float) and math.isnan(value)) or (isinstance(value, str) and not value.strip())


def read_population(source: str | os.PathLike[str] | pandas.DataFrame) -> list[Runner]:
    """Runners from a table: a ``runner`` column with unique names and one column per registry
    setting (empty cell: the default).

    Parameters
    ----------
    source : str, os.PathLike or pandas.DataFrame
        A CSV file or a DataFrame. Columns other than ``runner`` are registry names
        (:data:`kneeload.PARAMETERS` in their units, :data:`kneeload.CHOICES`), e.g.
        ``body_mass_kg`` [kg], ``height_m`` [m], ``foot_strike``.

    Returns
    -------
    list of kneeload.Runner
        In the order of the rows.

    Raises
    ------
    ValueError
        No ``runner`` column, a duplicate name, an unknown column, or an invalid value (naming
        the row's runner, the column and the value).

    Examples
    --------
    >>> import pandas as pd
    >>> import kneeload
    >>> table = pd.DataFrame({"runner": ["light", "heavy"], "body_mass_kg": [55.0, 95.0]})
    >>> [r.name for r in kneeload.read_population(table)]
    ['light', 'heavy']
    """
    import pandas as pd

    table = source if isinstance(source, pd.DataFrame) else pd.read_csv(os.fspath(source))
    if RUNNER_COLUMN not in table.columns:
        raise ValueError(
            f"invalid parameter 'population': no '{RUNNER_COLUMN}' column "
            f"(columns: {', '.join(map(str, table.columns))})"
        )
    names = [str(n) for n in table[RUNNER_COLUMN]]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"invalid parameter '{RUNNER_COLUMN}': duplicate names {', '.join(duplicates)}")
    runners = []
    for name, (_, row) in zip(names, table.iterrows(), strict=True):
        settings = {str(c): _cell(row[c]) for c in table.columns if c != RUNNER_COLUMN}
        try:
            runners.append(Runner(name, **settings))
        except ValueError as error:
            raise ValueError(f"runner {name!r}: {error}") from None
    return runners


def _cell(value: Any) -> Any:
    """A table cell as a setting: numpy scalars as Python numbers."""
    if isinstance(value, np.generic):
        return value.item()
    return value


def write_population(runners: Iterable[Runner], path: str | os.PathLike[str]) -> None:
    """Writes runners as a population CSV (:func:`kneeload.read_population` reads it back).

    Parameters
    ----------
    runners : iterable of kneeload.Runner
        The population.
    path : str or os.PathLike
        The CSV file to write (replaced if it exists): the columns of
        :func:`kneeload.runner.population_frame`.

    Raises
    ------
    OSError
        The file cannot be written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import kneeload
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "population.csv"
    >>> kneeload.write_population([kneeload.Runner("light", body_mass_kg=55.0)], path)
    >>> [r.name for r in kneeload.read_population(path)]
    ['light']
    """
    population_frame(list(runners)).to_csv(os.fspath(path), index=False)


def population_frame(runners: Sequence[Runner]) -> pandas.DataFrame:
    """Runners as a table.

    Parameters
    ----------
    runners : sequence of kneeload.Runner
        The population.

    Returns
    -------
    pandas.DataFrame
        One row per runner: the ``runner`` column with the names and a column per setting any of
        them gives (choices, then parameters, each in registry order; values in the setting's
        unit; empty where a runner keeps the default).
    """
    import pandas as pd

    used = {n for r in runners for n in r.settings}
    columns = [n for n in [*CHOICES, *PARAMETERS] if n in used]
    rows = [{RUNNER_COLUMN: r.name, **{c: r.settings.get(c) for c in columns}} for r in runners]
    return pd.DataFrame(rows, columns=[RUNNER_COLUMN, *columns])


def as_runners(runners: Runner | Sequence[Runner] | str | os.PathLike[str] | pandas.DataFrame | None) -> list[Runner]:
    """The runners of a comparison or sweep, as a list.

    Parameters
    ----------
    runners : kneeload.Runner, sequence of kneeload.Runner, str, os.PathLike, pandas.DataFrame or None
        One runner, a list, a population CSV or table (:func:`kneeload.read_population`), or
        None for the default runner (``kneeload.Runner()``).

    Returns
    -------
    list of kneeload.Runner
        At least one, with unique names.

    Raises
    ------
    ValueError
        An empty list, an item that is not a :class:`kneeload.Runner`, a duplicate name, or an
        invalid population table.
    """
    import pandas as pd

    if runners is None:
        return [Runner()]
    if isinstance(runners, Runner):
        return [runners]
    if isinstance(runners, (str, os.PathLike, pd.DataFrame)):
        return read_population(runners)
    listed = list(runners)
    if not listed or not all(isinstance(r, Runner) for r in listed):
        raise ValueError(
            f"invalid parameter 'runners' = {runners!r}: valid values are a Runner, a non-empty list of Runner, "
            "a population CSV or a DataFrame"
        )
    names = [r.name for r in listed]
    if len(set(names)) != len(names):
        raise ValueError(
            f"invalid parameter 'runners': duplicate names {sorted({n for n in names if names.count(n) > 1})}"
        )
    return listed


# ---------------------------------------------------------------- running many conditions


@unread_parameters_allowed()
def run_conditions(
    conditions: Sequence[Mapping[str, Any]],
    *,
    threads: int | None = None,
    stance_curve_points: int | None = None,
) -> xarray.Dataset:
    """Runs a list of conditions, each a mapping of settings (which may differ in what they set),
    as one Dataset over ``condition``: those that set the same names run as one ``points`` sweep
    of the C++ engine.

    Parameters
    ----------
    conditions : sequence of mapping of str to float or str
        Settings by registry name, in their units (a value None: not set).
    threads : int, optional
        C++ worker threads (default: all cores), as :func:`kneeload.sweep`.
    stance_curve_points : int, optional
        Also record the time series at this many points over stance, as :func:`kneeload.sweep`.

    Returns
    -------
    xarray.Dataset
        Every metric (in its unit, with ``units`` attributes), ``status`` and ``reason`` (and the
        stance curves) over ``condition`` (0 ... n-1, in the given order); attributes from the
        sweep layout, those that all groups share.

    Raises
    ------
    ValueError
        A condition that sets nothing, or an invalid name or value (as :func:`kneeload.sweep`).
    """
    import xarray as xr

    from .sweep import _failed_conditions_reported, sweep

    groups: dict[tuple[str, ...], list[int]] = {}
    for index, condition in enumerate(conditions):
        groups.setdefault(tuple(n for n in condition if condition[n] is not None), []).append(index)
    parts = []
    for names, indices in groups.items():
        columns = {n: [conditions[i][n] for i in indices] for n in names}
        if not names:  # the default condition: no column to sweep
            raise ValueError("invalid parameter 'conditions': a condition sets nothing (give at least a speed)")
        with _failed_conditions_reported():  # the caller reports them (sweep_runners warns, compare records)
            ds = sweep(points=columns, threads=threads, progress=False, stance_curve_points=stance_curve_points)
        # The swept columns echo the inputs; those that are metrics too (the speed) stay.
        ds = ds.drop_vars([n for n in names if n in ds.data_vars and n not in METRICS])
        parts.append(ds.assign_coords(condition=("condition", indices)))
    combined = xr.concat(parts, dim="condition", data_vars="all", coords="minimal", compat="override", join="outer")
    combined = combined.sortby("condition")
    combined.attrs = _common_attrs(parts)
    return combined


def _common_attrs(parts: Sequence[xarray.Dataset]) -> dict[str, Any]:
    first = parts[0].attrs
    return {
        k: v
        for k, v in first.items()
        if all(k in p.attrs and np.array_equal(np.asarray(p.attrs[k]), np.asarray(v)) for p in parts[1:])
    }


def sweep_runners(
    runners: Runner | Sequence[Runner] | str | os.PathLike[str] | pandas.DataFrame,
    axes: Mapping[str, Iterable[Any]] | None = None,
    fixed: Mapping[str, Any] | None = None,
    *,
    threads: int | None = None,
    stance_curve_points: int | None = None,
) -> xarray.Dataset:
    """A grid sweep for every runner of a population: a Dataset over ``runner`` and the axes.

    Parameters
    ----------
    runners : kneeload.Runner, list of kneeload.Runner, population CSV path or pandas.DataFrame
        The population (:func:`kneeload.read_population`).
    axes : mapping of str to values, optional
        The grid, as :func:`kneeload.sweep`: values by registry name, numbers in the parameter's
        unit or options of a choice; not a runner's own setting.
    fixed : mapping of str to float or str, optional
        Settings for every runner and condition, in their units (e.g.
        ``{"speed_m_per_s": 3.3}`` [m/s]); a runner's own setting of the same name takes
        precedence.
    threads : int, optional
        C++ worker threads (default: all cores), as :func:`kneeload.sweep`.
    stance_curve_points : int, optional
        Also record the time series at this many points over stance (dimension ``stance_pct``),
        as :func:`kneeload.sweep`.

    Returns
    -------
    xarray.Dataset
        Every metric, ``status`` and ``reason`` over (``runner``, *axes*); every setting a runner
        gives is a coordinate over ``runner`` (with units), the settings of ``fixed`` are attributes.

    Raises
    ------
    ValueError
        An invalid population, a setting both swept and given by a runner, or an invalid name or
        value (as :func:`kneeload.sweep`).

    Warns
    -----
    FailedConditionsWarning
        Some conditions failed (their step's metrics NaN), counted by reason.

    Examples
    --------
    >>> import pandas as pd
    >>> import kneeload
    >>> table = pd.DataFrame({"runner": ["light", "heavy"], "body_mass_kg": [55.0, 95.0]})
    >>> population = kneeload.read_population(table)
    >>> ds = kneeload.sweep_runners(population, {"cadence_ratio": [1.0, 1.1]}, {"speed_m_per_s": 3.3})
    >>> ds["peak_pfj_stress_mpa"].dims
    ('runner', 'cadence_ratio')
    """
    import itertools

    from .sweep import _warn_failed_conditions

    population = as_runners(runners)
    axes = {n: ([v] if isinstance(v, str) or np.isscalar(v) else list(v)) for n, v in (axes or {}).items()}
    own = {n for r in population for n in r.settings}
    clash = sorted(own & set(axes))
    if clash:
        raise ValueError(
            f"invalid parameter '{clash[0]}': both swept and set by a runner; remove it from the population or the axes"
        )
    fixed = dict(fixed or {})
    grid = list(itertools.product(*axes.values()))
    conditions = [
        {**fixed, **dict(zip(axes, values, strict=True)), **r.settings} for r in population for values in grid
    ]
    flat = run_conditions(conditions, threads=threads, stance_curve_points=stance_curve_points)
    _warn_failed_conditions(flat)
    shape = (len(population), *(len(v) for v in axes.values()))
    return _reshape(flat, population, axes, shape, fixed)


def _reshape(flat, population, axes, shape, fixed) -> xarray.Dataset:
    import xarray as xr

    dims = (RUNNER_COLUMN, *axes)
    data = {}
    for name, variable in flat.data_vars.items():
        if name in axes:  # a swept input that is also a metric (the speed): its coordinate holds it
            continue
        extra = variable.dims[1:]
        values = variable.values.reshape(shape + tuple(variable.shape[1:]))
        data[name] = (dims + extra, values, variable.attrs)
    coords: dict[str, Any] = {RUNNER_COLUMN: (RUNNER_COLUMN, [r.name for r in population])}
    for name, values in axes.items():
        coords[name] = (name, np.asarray(values, dtype=object if name in CHOICES else float), _units(name))
    for name in population_frame(population).columns[1:]:
        column = [getattr(r, name) for r in population]
        coords[name] = (RUNNER_COLUMN, np.asarray(column, dtype=object if name in CHOICES else float), _units(name))
    for name in flat.coords:
        if name not in ("condition",) and name not in coords and flat[name].dims != ("condition",):
            coords[name] = flat[name]
    attrs = {k: v for k, v in {**flat.attrs, **fixed}.items() if v is not None and k not in coords}
    return xr.Dataset(data, coords=coords, attrs=attrs)


def _units(name: str) -> dict[str, str]:
    if name in PARAMETERS:
        return {"units": PARAMETERS[name].unit, "long_name": PARAMETERS[name].description}
    return {"long_name": CHOICES[name].description} if name in CHOICES else {}
