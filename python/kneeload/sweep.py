"""Parameter sweeps: the C++ engine (all cores, GIL released) -> an ``xarray.Dataset``, optionally
an HDF5 file written by the C++ writer, optionally on a Dask cluster. Local and Dask runs, files
and in-memory results share one engine and one layout (``_core.sweep_layout``)."""

from __future__ import annotations

import contextlib
import contextvars
import itertools
import os
import warnings
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from ._files import history_line, sigterm_cancels
from .registry import (
    CHOICES,
    METRICS,
    PARAMETERS,
    TIME_SERIES,
    flag_raised,
    is_dataframe,
    is_number,
    split_settings,
    unknown_name,
    unread_messages,
    warn_ignored,
)

if TYPE_CHECKING:
    import pandas
    import xarray

__all__ = ["FailedConditionsWarning", "open_sweep", "sweep"]


class FailedConditionsWarning(UserWarning):
    """A sweep completed, but some of its conditions failed: no periodic gait exists there (a
    physical limit), an input is invalid for that combination, or a result is implausible.
    Their step's metrics are NaN (speed, cadence, step and stride length, step period and steps
    per km, which follow from the inputs, stay where the inputs resolved); the dataset's
    ``status`` and ``reason`` say why, per condition. The
    warning counts them by reason. :func:`kneeload.compare` and
    :func:`kneeload.sensitivity.sobol_indices` warn with it too (failed conditions, intervals or
    indices resting on fewer samples than asked).

    Examples
    --------
    >>> import warnings
    >>> import kneeload
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     ds = kneeload.sweep({"cadence_ratio": [1.0, 1.25]}, fixed={"speed_m_per_s": 2.0, "body_mass_kg": 45.0,
    ...                         "height_m": 1.95, "foot_strike": "midfoot"}, progress=False)
    >>> ds["status"].values.tolist(), caught[0].category.__name__
    ([0, 1], 'FailedConditionsWarning')
    >>> str(caught[0].message).split(":")[0]
    '1 of 2 sweep conditions failed (leg_would_pull 1)'
    """


#: True inside :func:`_failed_conditions_reported`: the caller reports failed conditions itself.
_FAILURES_REPORTED: contextvars.ContextVar[bool] = contextvars.ContextVar("kneeload_failures_reported", default=False)


@contextlib.contextmanager
def _failed_conditions_reported() -> Iterator[None]:
    """No :class:`FailedConditionsWarning` inside: for the library's own sweeps whose callers
    report the failed conditions themselves (the CLI's summary, sensitivity, training)."""
    with flag_raised(_FAILURES_REPORTED):
        yield


def _failure_name(status: int, reason: str, meanings: Sequence[str]) -> str:
    """What a failed condition is counted as: its status's flag meaning, or for no periodic gait
    the gait solver's status that opens its reason (``leg_would_pull: ...``)."""
    prefix = reason.split(":", 1)[0]
    if status == 1 and prefix.isidentifier() and prefix.islower():
        return prefix
    return meanings[status] if 0 <= status < len(meanings) else f"status {status}"


#: Conditions whose reasons are read at once to count a sweep's failures: a file sweep's reasons
#: are read a block of its first dimension at a time, never all (a 10^6-condition file sweep keeps
#: its memory bound).
FAILURE_COUNT_BLOCK_CONDITIONS = 65_536


def _ok_metric(dataset: xarray.Dataset, name: str) -> xarray.DataArray:
    """A metric of a sweep, NaN where the condition failed. A failed condition keeps the
    kinematics its inputs give (speed, cadence, step length ...), but what is computed or drawn from
    a sweep (comparisons, sensitivity indices, plots) takes no value of a condition that did not run."""
    return dataset[name].where(dataset["status"] == 0)


def _failure_counts(dataset: xarray.Dataset) -> tuple[int, int, Counter[str], dict[str, tuple[str, int]]]:
    """Failed conditions, all conditions, the failures by name (:func:`_failure_name`) and the
    first failure of each name as an example: its reason (reasons hold each condition's own
    numbers) and its flat index in the status array. The one count of a sweep's failures: the
    warning and the CLI's summary read it."""
    status = np.asarray(dataset["status"].values)
    meanings = str(dataset["status"].attrs.get("flag_meanings", "")).split()
    counts: Counter[str] = Counter()
    examples: dict[str, tuple[str, int]] = {}
    if status.ndim == 0:
        status = status.reshape(1)
    reason = dataset["reason"] if dataset["reason"].ndim else dataset["reason"].expand_dims("condition")
    per_row = max(1, status.size // max(1, status.shape[0]))
    step = max(1, FAILURE_COUNT_BLOCK_CONDITIONS // per_row)
    for first in range(0, status.shape[0], step):
        block_status = status[first : first + step].ravel()
        failed = block_status != 0
        if not failed.any():
            continue
        block_reason = np.asarray(reason[first : first + step].values, dtype=object).ravel()
        for index in np.flatnonzero(failed):
            name = _failure_name(int(block_status[index]), str(block_reason[index]), meanings)
            counts[name] += 1
            examples.setdefault(name, (str(block_reason[index]), first * per_row + int(index)))
    return int((status != 0).sum()), int(status.size), counts, examples


def _failure_listing(counts: Counter[str], shown: int = 3) -> str:
    """Failures by name for a message, the most frequent first: ``"leg_would_pull 2, implausible 1"``."""
    listed = ", ".join(f"{name} {n}" for name, n in counts.most_common(shown))
    return listed + (f", {len(counts) - shown} more reasons" if len(counts) > shown else "")


def _warn_failed_conditions(dataset: xarray.Dataset, stacklevel: int = 3) -> None:
    """The :class:`FailedConditionsWarning` of a finished sweep, unless every condition gave a step
    or the caller reports failures itself (``stacklevel`` as :func:`warnings.warn`'s, counted from
    the caller of this function)."""
    if _FAILURES_REPORTED.get():
        return
    failed, total, counts, _ = _failure_counts(dataset)
    if not failed:
        return
    warnings.warn(
        FailedConditionsWarning(
            f"{failed} of {total} sweep conditions failed ({_failure_listing(counts)}): their step's metrics "
            "are NaN (speed, cadence, step and stride length, step period and steps per km, which follow "
            "from the inputs, stay where those resolved); "
            "ds['status'] and ds['reason'] say why, per condition"
        ),
        stacklevel=stacklevel,
    )


#: File name extensions of an HDF5 (netCDF-4) sweep file: ``sweep(to=...)`` writes no other
#: format, and a path with another extension is refused rather than given HDF5 under a name
#: that says otherwise (``out.csv``).
HDF5_SUFFIXES = (".h5", ".hdf5", ".hdf", ".he5", ".nc", ".nc4")

#: Conditions below which no progress bar is shown.
PROGRESS_BAR_MIN_CONDITIONS = 200
#: Dask blocks per worker: enough to balance the load, few enough to keep overhead low.
DASK_BLOCKS_PER_WORKER = 4
#: Dask blocks per worker submitted and not yet written: one computing, one queued so that no
#: worker waits for the client; more would only hold more results in memory.
DASK_BLOCKS_IN_FLIGHT_PER_WORKER = 2


def sweep(
    axes: Mapping[str, Iterable[Any]] | Sequence[str] | None = None,
    fixed: Mapping[str, Any] | None = None,
    *,
    points: Sequence[Sequence[Any]] | Mapping[str, Sequence[Any]] | pandas.DataFrame | None = None,
    threads: int | None = None,
    progress: bool | int = True,
    to: str | os.PathLike[str] | None = None,
    client: Any = None,
    chunk_size: int = 2048,
    stance_curve_points: int | None = None,
    history: str | None = None,
    runners: Any = None,
) -> xarray.Dataset:
    """Run a parameter sweep and return it as an ``xarray.Dataset``.

    Parameters
    ----------
    axes : mapping of name to values, or sequence of names
        Grid: ``{name: values}``, every combination; each axis a dimension with its values as
        coordinate. Names from :data:`kneeload.PARAMETERS` (numbers in the name's unit) or
        :data:`kneeload.CHOICES` (option names, e.g. ``{"foot_strike": ["rearfoot", "forefoot"]}``).
        With ``points`` as rows: the names of the columns.
    fixed : mapping
        Parameters and choices held constant (e.g. ``{"speed_m_per_s": 3.3}``).
    points : rows, or mapping of name to column, or pandas.DataFrame
        Instead of a grid, an explicit list of conditions: ``points[i][j]`` is the value of
        ``axes[j]`` in condition i (choice columns hold option names), or ``{name: column}`` (a
        DataFrame's columns, one condition per row). The
        result has one dimension, ``condition``. Blocks of 64 consecutive conditions are each
        solved along a path from one to its nearest, every solve starting from the one before
        (as a grid along its last axis): results agree with single :func:`simulate_step` calls
        to the integration's accuracy, and a list whose neighbouring rows are close solves
        fastest.
    threads : int, optional
        C++ worker threads (default: all cores). Results do not depend on it. With ``client``,
        every Dask block runs on one thread (the cluster's workers give the parallelism).
    progress : bool or int
        Show a progress bar (tqdm) for sweeps of 200 conditions or more; an integer sets that
        minimum instead; False for none.
    to : path, optional
        Also write the sweep to this HDF5 file (under a temporary name, renamed when complete);
        the returned Dataset then reads lazily from the file.
    client : dask.distributed.Client, optional
        Run blocks of conditions on the cluster's workers; the result is identical to a local run.
    chunk_size : int
        Most conditions whose results are held in memory at a time (about
        ``8 * (len(METRICS) + stance_curve_points * len(TIME_SERIES))`` bytes each) before they go
        to the file: per chunk of the local engine; with ``client``, per Dask block, with at most
        2 blocks per worker in flight. A file sweep's memory is bounded by it, whatever the number
        of conditions. Results do not depend on it.
    stance_curve_points : int, optional
        Also record each condition's time series resampled to this many points over stance
        (dimension ``stance_pct``, 0 = touchdown, 100 = take-off), one variable per column of
        :data:`kneeload.TIME_SERIES`.
    history : str, optional
        The command that made the sweep, for the ``history`` attribute (after the creation time);
        default: this call, summarised.
    runners : Runner, list of Runner, population CSV or DataFrame, optional
        Sweep the grid for every runner (:mod:`kneeload.runner`): a first dimension ``runner``,
        each runner's settings coordinates over it (:func:`kneeload.sweep_runners`; in
        memory only: write the result with ``to_netcdf``).

    Returns
    -------
    xarray.Dataset
        Every metric a variable with ``units`` (UDUNITS-2; multiples of body weight are ``"1"``
        with a ``normalisation`` attribute) and ``long_name``; ``status`` (0 ok, 1 no periodic
        gait, 2 invalid input, 3 implausible: a result outside the physiological bounds; a failed
        condition's metrics are NaN but for speed, cadence, step and stride length, step period and
        steps per km where its inputs resolved; CF ``flag_values``/``flag_meanings``) and
        ``reason`` per condition; the fixed
        settings and the CF-1.10 attributes (``Conventions``, ``title``, ``history``, ``source``,
        ``references``) as attributes. A condition that fails never stops the others.

    Raises
    ------
    ValueError
        Unknown names, malformed axes or options, before any work.
    OSError
        The output file cannot be written (the cause named; a missing or read-only directory, or
        a directory as ``to``, before any work); no partial file is left.
    kneeload.Terminated
        SIGTERM arrived (a cancelled cluster job): the sweep was cancelled like Ctrl-C and its
        temporary file removed; a ``SystemExit`` with status 143.

    Warns
    -----
    FailedConditionsWarning
        Some conditions failed (their step's metrics NaN), counted by reason.

    See Also
    --------
    open_sweep : read a sweep file back.
    simulate_step : one condition, with its time series.

    Examples
    --------
    >>> import kneeload
    >>> ds = kneeload.sweep({"cadence_ratio": [0.9, 1.0, 1.1]}, fixed={"speed_m_per_s": 3.3})
    >>> ds["peak_pfj_stress_mpa"].dims, ds["peak_pfj_stress_mpa"].attrs["units"]
    (('cadence_ratio',), 'MPa')
    >>> ds["status"].values.tolist()  # 0: ok
    [0, 0, 0]
    >>> bool((ds["peak_pfj_stress_mpa"].diff("cadence_ratio") < 0).all())  # a higher cadence lowers it
    True
    """
    if runners is not None:
        with _failed_conditions_reported():  # warned of here, at the caller's line
            dataset = _sweep_runners(runners, axes, fixed, points, to, client, threads, stance_curve_points)
        _warn_failed_conditions(dataset)
        return dataset
    spec, unread = _spec(axes, fixed, points)
    curve_points = 0 if stance_curve_points is None else _integer("stance_curve_points", stance_curve_points)
    engine = dict(
        threads=0 if threads is None else _integer("threads", threads),
        chunk_size=_integer("chunk_size", chunk_size),
        curve_points=curve_points,
    )
    _core.validate_sweep_options(**engine)
    if to is not None and not isinstance(to, (str, os.PathLike)):
        raise ValueError(f"invalid parameter 'to' = {to!r}: valid values are a file path (str or os.PathLike)")
    suffix = os.path.splitext(os.fspath(to))[1].lower() if to is not None else ""
    if suffix and suffix not in HDF5_SUFFIXES:
        raise ValueError(
            f"invalid parameter 'to' = {os.fspath(to)!r}: a sweep file is HDF5 (netCDF-4), valid extensions are "
            f"{', '.join(HDF5_SUFFIXES)}; for a CSV table write the result: ds.to_dataframe().to_csv(path)"
        )
    if to is not None and not spec.shape:
        raise ValueError("invalid parameter 'axes' = {}: valid HDF5 sweeps have at least one swept axis")
    attributes = {"history": history_line(history or _describe_call(axes, fixed, points, curve_points, to))}
    for message in unread:  # every input checked: a warning never comes before a ValueError
        warn_ignored(message, stacklevel=2)
    with sigterm_cancels():
        if to is None:
            _check_fits_in_memory(spec.size, curve_points)
            arrays = _core.SweepArrays(spec.size, curve_points)
            _run(spec, arrays, client, curve_points, progress, engine)
            dataset = _dataset(spec, arrays, curve_points, attributes)
            _warn_failed_conditions(dataset)
            return dataset
        file = _core.SweepFile(os.fspath(to), spec, curve_points, attributes)  # checks the path before any work
        try:
            _run(spec, file, client, curve_points, progress, engine)
            file.commit()
        finally:
            file.discard()  # nothing once committed; the temporary file otherwise
    dataset = open_sweep(to)
    try:
        _warn_failed_conditions(dataset)
    except BaseException:  # the warning raised (an error filter): the file is not left open
        dataset.close()
        raise
    return dataset


def open_sweep(path: str | os.PathLike[str]) -> xarray.Dataset:
    """Open a sweep file written by kneeload (``sweep(..., to=path)`` or ``kneeload sweep -o``).

    Parameters
    ----------
    path : str or os.PathLike
        The HDF5 file.

    Returns
    -------
    xarray.Dataset
        The sweep, read lazily, in the layout :func:`sweep` returns (every metric with ``units``
        and ``long_name``, ``status``, ``reason``, the fixed settings and the library version as
        attributes). Close it (or use ``with``) to release the file.

    Raises
    ------
    OSError
        The file does not exist or cannot be read.

    Examples
    --------
    >>> import os, tempfile
    >>> import kneeload
    >>> path = os.path.join(tempfile.mkdtemp(), "sweep.h5")
    >>> kneeload.sweep({"cadence_ratio": [1.0, 1.1]}, fixed={"speed_m_per_s": 3.3}, to=path).close()
    >>> with kneeload.open_sweep(path) as ds:
    ...     dict(ds.sizes), float(ds.attrs["speed_m_per_s"]), ds["peak_pfj_stress_mpa"].attrs["units"]
    ({'cadence_ratio': 2}, 3.3, 'MPa')
    """
    import xarray as xr

    return xr.open_dataset(os.fspath(path), engine="h5netcdf")


def _sweep_runners(runners, axes, fixed, points, to, client, threads, stance_curve_points) -> xarray.Dataset:
    from .runner import sweep_runners

    for name, value in (("points", points), ("to", to), ("client", client)):
        if value is not None:
            raise ValueError(
                f"invalid parameter '{name}' = {value!r}: a sweep over runners takes a grid (axes) and runs in "
                "memory; write its result with to_netcdf"
            )
    if axes is not None and not isinstance(axes, Mapping):
        raise ValueError(f"invalid parameter 'axes' = {axes!r}: valid axes are a mapping name -> values")
    return sweep_runners(runners, axes, fixed, threads=threads, stance_curve_points=stance_curve_points)


# ---------------------------------------------------------------- arguments


def _spec(axes, fixed, points) -> tuple[_core.SweepSpec, list[str]]:
    """The engine's specification, and the warnings of parameters that no condition reads."""
    numbers, options = split_settings(dict(fixed or {}))
    points = _columns_of_table(points)
    if isinstance(points, Mapping):
        if axes is not None:
            raise ValueError("invalid parameter 'axes': give the columns' names as the keys of 'points' only")
        columns = [list(column) for column in points.values()]
        if len({len(column) for column in columns}) > 1:
            raise ValueError(
                f"invalid parameter 'points': valid columns have one length (got {[len(c) for c in columns]})"
            )
        axes, points = list(points), list(zip(*columns, strict=True))
    _check_gait_not_over_specified(numbers, list(axes or []))
    if points is None:
        if axes is not None and not isinstance(axes, Mapping):
            raise ValueError(
                f"invalid parameter 'axes' = {axes!r}: valid axes are a mapping name -> values (or names with 'points')"
            )
        spec = _core.SweepSpec(numbers, options, [_axis(name, values) for name, values in (axes or {}).items()])
        return spec, _unread_in_sweep(numbers, options, axes, points)
    names = list(axes or [])
    rows = [list(row) for row in points]
    if not rows or any(len(row) != len(names) for row in rows):
        raise ValueError(
            f"invalid parameter 'points' with {len(rows)} rows: valid points are >= 1 rows of "
            f"{len(names)} values, one per axis {names}"
        )
    table = np.array(
        [[_point_value(name, value) for name, value in zip(names, row, strict=True)] for row in rows], dtype=float
    )
    spec = _core.SweepSpec(
        numbers, options, [(name, [] if name in CHOICES else [0.0]) for name in names], table.tolist()
    )
    return spec, _unread_in_sweep(numbers, options, axes, points)


def _unread_in_sweep(numbers: dict[str, float], options: dict[str, str], axes: Any, points: Any) -> list[str]:
    """The warning for each parameter, fixed or swept, that no combination of the sweep's options
    reads (a shoe stiffness swept with shoe_law="barefoot" fixed); the axes are already checked."""
    try:
        if points is None:
            swept = {name: _as_list(values) for name, values in (axes or {}).items()}
        else:
            swept = {name: [row[i] for row in points] for i, name in enumerate(axes or [])}
        choices = {name: sorted(set(values)) for name, values in swept.items() if name in CHOICES}
        first = {name: float(values[0]) for name, values in swept.items() if name in PARAMETERS}
        combinations = [dict(zip(choices, combo, strict=True)) for combo in itertools.product(*choices.values())]
        conditions = [_core.Condition({**numbers, **first}, {**options, **combo}) for combo in combinations]
        for condition in conditions:
            condition.validate()
    except ValueError:
        return []  # a value out of range in the first conditions: the engine reports it per condition
    given = {**numbers, **{name: "swept" for name in first}}
    return unread_messages(given, conditions, " in any condition of the sweep")


def _as_list(values: Any) -> list:
    return [values] if isinstance(values, str) or np.isscalar(values) else list(values)


def _columns_of_table(points: Any) -> Any:
    """A pandas DataFrame of points as the mapping name -> column it is (one condition a row);
    anything else as given."""
    if is_dataframe(points):
        return {str(name): points[name].tolist() for name in points.columns}
    return points


#: The gait quantities: speed = cadence / 60 x step length, and the cadence as a multiple of the
#: preferred one (README, Gait).
_SPEED, _CADENCE, _STEP_LENGTH, _CADENCE_RATIO = (
    "speed_m_per_s",
    "cadence_steps_per_min",
    "step_length_m",
    "cadence_ratio",
)


def _check_gait_not_over_specified(fixed: Mapping[str, float], swept: Sequence[str]) -> None:
    """A ValueError before any work when every condition would give more gait quantities than
    define a gait (all three of speed, cadence and step length, or the cadence ratio with a
    cadence or a step length), naming which are fixed and which swept."""
    given = {n: "fixed" for n in fixed} | {n: "swept" for n in swept}
    too_many = [_SPEED, _CADENCE, _STEP_LENGTH] if {_SPEED, _CADENCE, _STEP_LENGTH} <= set(given) else []
    if _CADENCE_RATIO in given:
        too_many = [n for n in (_CADENCE, _STEP_LENGTH) if n in given]
        too_many = [*too_many, _CADENCE_RATIO] if too_many else []
    if too_many:
        listed = ", ".join(f"{n} ({given[n]})" for n in too_many)
        raise ValueError(
            f"invalid parameter '{too_many[-1]}': over-specified gait: the sweep gives {listed}; give two of "
            f"{_SPEED}, {_CADENCE} and {_STEP_LENGTH}, or {_SPEED} alone (preferred cadence), or {_SPEED} with "
            f"{_CADENCE_RATIO}"
        )


def _axis(name: str, values: Any) -> tuple[str, list]:
    values = _as_list(values)
    if name not in PARAMETERS and name not in CHOICES:
        raise unknown_name(name, values)
    if name in CHOICES:
        if not all(isinstance(v, str) for v in values):
            raise ValueError(
                f"invalid parameter '{name}' = {values!r}: valid values are option names "
                f"({', '.join(CHOICES[name].options)})"
            )
        return name, values
    if not values or not all(is_number(v) for v in values):
        raise ValueError(
            f"invalid parameter '{name}' = {values!r}: valid values are a non-empty sequence of numbers"
            + (f" in {PARAMETERS[name].valid_range}" if name in PARAMETERS else "")
        )
    return name, [float(v) for v in values]


def _point_value(name: str, value: Any) -> float:
    """A list sweep cell: a number, or a choice's option index."""
    if name in CHOICES:
        options = CHOICES[name].options
        if value not in options:
            raise ValueError(f"invalid parameter '{name}' = {value!r}: valid values are {', '.join(options)}")
        return float(options.index(value))
    if not is_number(value):
        raise ValueError(f"invalid parameter '{name}' = {value!r}: valid values are numbers")
    return float(value)


def _integer(name: str, value: Any) -> int:
    """An integer option (the core checks its range and names it in the error)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise ValueError(f"invalid parameter '{name}' = {value!r}: valid values are integers")
    return int(value)


def _result_bytes(conditions: int, curve_points: int) -> int:
    """Memory of an in-memory result: every metric and curve as float64, status, a short reason."""
    per_condition = 8 * (len(METRICS) + curve_points * len(TIME_SERIES)) + 4 + 64
    return conditions * per_condition


def _check_fits_in_memory(conditions: int, curve_points: int) -> None:
    """A ValueError before any work when the result cannot fit in this machine's memory."""
    needed = _result_bytes(conditions, curve_points)
    try:
        available = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # not available on this platform
        return
    if needed > available:
        raise ValueError(
            f"invalid parameter 'axes': the sweep has {conditions} conditions whose results need "
            f"{needed / 1e9:.3g} GB, more than this machine's {available / 1e9:.3g} GB of memory; "
            "write it to a file with to=..., or split it"
        )


# ---------------------------------------------------------------- running


def _run(spec: _core.SweepSpec, sink: _core.SweepSink, client, curve_points: int, progress, engine: dict) -> None:
    if client is not None:
        _run_on_dask(client, spec, sink, curve_points, progress, engine["chunk_size"])
    else:
        _run_locally(spec, sink, progress, engine)


def _describe_call(axes, fixed, points, curve_points: int, to) -> str:
    """This call as the ``history`` attribute shows it (long value lists summarised)."""

    def values(v: Any) -> str:
        v = [v] if isinstance(v, str) or np.isscalar(v) else list(v)
        shown = [x if isinstance(x, str) else float(x) for x in v]
        return repr(shown) if len(shown) <= 6 else f"[{shown[0]!r}, ..., {shown[-1]!r}] ({len(shown)} values)"

    if isinstance(axes, Mapping):
        parts = ["{" + ", ".join(f"{name!r}: {values(v)}" for name, v in axes.items()) + "}"]
    else:
        parts = [repr(list(points) if isinstance(points, Mapping) else list(axes or []))]
    if fixed:
        parts.append("fixed={" + ", ".join(f"{name!r}: {v!r}" for name, v in dict(fixed).items()) + "}")
    if points is not None:
        rows = len(next(iter(points.values()), [])) if isinstance(points, Mapping) else len(points)
        parts.append(f"points=<{rows} rows>")
    if curve_points:
        parts.append(f"stance_curve_points={curve_points}")
    if to is not None:
        parts.append(f"to={os.fspath(to)!r}")
    return f"kneeload.sweep({', '.join(parts)}) (kneeload {_core.__version__})"


def _progress_bar(total: int, progress: bool | int):
    minimum = PROGRESS_BAR_MIN_CONDITIONS if progress is True else int(progress)
    if progress is False or not progress or total < minimum:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="condition", desc="kneeload sweep")


def _run_locally(spec: _core.SweepSpec, sink: _core.SweepSink, progress: bool | int, engine: dict) -> None:
    bar = _progress_bar(spec.size, progress)
    callback = None if bar is None else (lambda done, total: bar.update(done - bar.n))
    try:
        _core.run_sweep(spec, sink, progress=callback, **engine)
    finally:
        if bar is not None:
            bar.close()


def _run_block(spec: _core.SweepSpec, first: int, last: int, curve_points: int) -> _core.SweepChunk:
    """One block of conditions on a Dask worker (single-threaded C++ engine)."""
    from kneeload import _core as core

    return core.run_block(spec, first, last, curve_points)


def _run_on_dask(
    client, spec: _core.SweepSpec, sink: _core.SweepSink, curve_points: int, progress: bool | int, chunk_size: int
) -> None:
    """Contiguous blocks of the flat condition order run on the workers; each result is written to
    the same sink as a local chunk as soon as it arrives, then released. Memory stays bounded by
    the chunk size whatever the sweep's size: a block holds at most ``chunk_size`` conditions, at
    most DASK_BLOCKS_IN_FLIGHT_PER_WORKER blocks per worker are submitted and not yet written, and
    the client holds one result at a time."""
    from dask.distributed import as_completed

    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    in_flight = DASK_BLOCKS_IN_FLIGHT_PER_WORKER * n_workers
    blocks = max(min(spec.size, DASK_BLOCKS_PER_WORKER * n_workers), -(-spec.size // chunk_size))
    edges = np.linspace(0, spec.size, blocks + 1).round().astype(int)
    ranges = iter([(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:], strict=True) if b > a])
    shared = client.scatter(spec, broadcast=True)

    def submit(first: int, last: int):
        return client.submit(_run_block, shared, first, last, curve_points, pure=False)

    running = as_completed([submit(*block) for block in itertools.islice(ranges, in_flight)])
    bar = _progress_bar(spec.size, progress)
    try:
        for future in running:
            chunk = future.result()
            sink.write(chunk)
            if bar is not None:
                bar.update(chunk.end - chunk.begin)
            future.release()
            del chunk
            following = next(ranges, None)
            if following is not None:
                running.add(submit(*following))
    finally:
        if bar is not None:
            bar.close()


# ---------------------------------------------------------------- the in-memory dataset


def _dataset(
    spec: _core.SweepSpec, arrays: _core.SweepArrays, curve_points: int, attributes: Mapping[str, Any]
) -> xarray.Dataset:
    """The layout of ``_core.sweep_layout`` (the same as the HDF5 file's) filled from memory, with
    the extra root ``attributes`` the file gets too (``history``)."""
    import xarray as xr

    if not arrays.complete:
        raise RuntimeError(f"sweep incomplete: condition {arrays.first_missing} was never run")
    layout = _core.sweep_layout(spec, curve_points)
    shape = tuple(spec.shape)
    coords = {
        d.name: (d.name, np.array(d.labels, dtype=object) if d.labels else d.values, _attrs(d.attributes))
        for d in layout.dimensions
    }
    data = {}
    for v in layout.variables:
        if v.source == "axis":
            values = np.asarray(_core.axis_column(spec, v.index), dtype=object if v.type == "string" else float)
        elif v.source == "metric":
            values = arrays.metrics[v.index].reshape(shape)
        elif v.source == "status":
            values = arrays.status.reshape(shape).astype(np.int32)
        elif v.source == "reason":
            values = np.array(arrays.reason, dtype=object).reshape(shape)
        else:
            values = arrays.curves[v.index].reshape(shape + (curve_points,))
        data[v.name] = (v.dimensions, values, _attrs(v.attributes))
    return xr.Dataset(data, coords=coords, attrs={**_attrs(layout.attributes), **attributes})


def _attrs(attributes: Mapping[str, Any]) -> dict[str, Any]:
    return {k: np.asarray(v, dtype=np.int32) if isinstance(v, list) else v for k, v in attributes.items()}
