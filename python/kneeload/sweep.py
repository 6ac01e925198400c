"""Parameter sweeps: C++ engine -> xarray.Dataset, optional HDF5 file, optional Dask."""

from __future__ import annotations

import itertools
import os
from typing import Any, Iterable, Mapping, Sequence

import numpy as np

from . import _core
from .model import CHOICES, METRICS, PARAMETERS, split_arguments

#: Conditions below which no progress bar is shown.
PROGRESS_BAR_MIN_CONDITIONS = 200


def sweep(
    axes: Mapping[str, Iterable[Any]] | Sequence[str] | None = None,
    fixed: Mapping[str, Any] | None = None,
    closure: str | None = None,
    closure_value: float | None = None,
    *,
    points: Sequence[Sequence[float]] | None = None,
    threads: int | None = None,
    progress: bool | int = True,
    to: str | os.PathLike | None = None,
    client: Any = None,
    chunk_size: int = 2048,
    time_series: bool = False,
):
    """Run a parameter sweep and return it as an ``xarray.Dataset``.

    axes: ``{name: values}``; the grid is every combination (each axis a dimension with
        its values as coordinate). Numeric names from :data:`kneeload.PARAMETERS` (units in
        the name, e.g. ``cadence_steps_per_min``), or choices from :data:`kneeload.CHOICES`
        (e.g. ``foot_strike=["rearfoot", "forefoot"]``).
    points: instead of a grid, an explicit list of conditions: ``points[i][j]`` is the value
        of the j-th (numeric) axis in condition i, and ``axes`` is the list of their names;
        the result has one dimension, ``condition``.
    fixed: parameters and choices held constant (e.g. ``{"speed_m_per_s": 3.3}``).
    closure, closure_value: the gait closure (default: empirical).
    threads: C++ worker threads (default: all cores). Results do not depend on it.
    progress: show a progress bar (tqdm) for sweeps of 200 conditions or more; an integer
        sets that minimum instead (the CLI uses 1); False for none.
    to: also write the sweep to this HDF5 file (written under a temporary name, renamed
        when complete); the returned Dataset then reads lazily from the file.
    client: a ``dask.distributed.Client``: the grid is split into blocks run on its workers.
    time_series: also record each condition's stance time series; the function then
        returns ``(dataset, series)``, ``series`` a list of ``{column: array}`` in flat
        (row-major) condition order. Off by default: it costs memory.

    Every metric is a variable with a ``units`` attribute; ``status`` (0 ok, 1 no periodic
    gait, 2 invalid input) and ``reason`` say what happened to each condition. A condition
    that fails never stops the others. Invalid names raise ValueError before any work.
    """
    if points is not None and axes is not None and not isinstance(axes, Mapping):
        axes = {name: [0.0] for name in axes}  # a list sweep names its columns only
    axes = dict(axes or {})
    fixed = dict(fixed or {})
    if closure is not None:
        fixed["closure"] = closure
    if closure_value is not None:
        fixed["closure_value"] = closure_value
    numeric_fixed, choice_fixed = split_arguments(fixed)
    numeric_axes: list[tuple[str, np.ndarray]] = []
    choice_axes: list[tuple[str, list[str]]] = []
    for name, values in axes.items():
        if name in CHOICES:
            values = list(values)
            for v in values:
                split_arguments({name: v})
            choice_axes.append((name, values))
        elif name in PARAMETERS:
            array = np.atleast_1d(np.asarray(list(values) if not np.isscalar(values) else [values], dtype=float))
            if array.ndim != 1 or array.size == 0:
                raise ValueError(f"invalid parameter '{name}': valid values are a non-empty 1-D sequence of numbers")
            numeric_axes.append((name, array))
        else:
            split_arguments({name: 0.0})  # raises ValueError naming the unknown parameter
    if threads is not None and (isinstance(threads, bool) or not isinstance(threads, (int, np.integer))
                                or not 1 <= threads <= 1024):
        raise ValueError(f"invalid parameter 'threads' = {threads!r}: valid range is [1, 1024] (or None for all cores)")
    if not isinstance(chunk_size, (int, np.integer)) or not 1 <= chunk_size <= 10**7:
        raise ValueError(f"invalid parameter 'chunk_size' = {chunk_size!r}: valid range is [1, 10000000]")
    if to is not None and not numeric_axes and not choice_axes:
        raise ValueError("invalid parameter 'axes' = {}: valid HDF5 sweeps have at least one swept axis")
    if points is not None:
        if choice_axes:
            raise ValueError("invalid parameter 'points': a list sweep takes numeric axes only")
        points = np.asarray(points, dtype=float)
        if points.ndim != 2 or points.shape[1] != len(numeric_axes) or points.shape[0] == 0:
            raise ValueError(f"invalid parameter 'points' with shape {points.shape}: valid shape is "
                             f"(conditions >= 1, {len(numeric_axes)})")
    options = dict(threads=threads, progress=progress, client=client, chunk_size=chunk_size, time_series=time_series)

    if not choice_axes:
        return _run(numeric_axes, points, numeric_fixed, choice_fixed, to=to, **options)

    # Choice axes: one numeric sweep per combination, concatenated along the choice dimensions.
    import xarray as xr

    names = [name for name, _ in choice_axes]
    parts = []
    series_parts = []
    for combination in itertools.product(*[values for _, values in choice_axes]):
        choices = dict(choice_fixed, **dict(zip(names, combination)))
        result = _run(numeric_axes, points, numeric_fixed, choices, to=None, **options)
        if time_series:
            result, series = result
            series_parts.extend(series)
        parts.append(result.expand_dims({name: [value] for name, value in zip(names, combination)}))
    dataset = xr.combine_by_coords(parts, combine_attrs="drop_conflicts")
    for name in names:
        dataset = dataset.reindex({name: dict(choice_axes)[name]})
    dataset.attrs.update(_core.describe_condition(numeric_fixed, choice_fixed))
    for name in names:
        dataset.attrs.pop(name, None)
    if to is not None:
        _write_dataset_atomically(dataset, to)
    return (dataset, series_parts) if time_series else dataset


def open_sweep(path: str | os.PathLike):
    """Opens a sweep HDF5 file written by kneeload as an ``xarray.Dataset``."""
    import xarray as xr

    return xr.open_dataset(os.fspath(path), engine="h5netcdf")


# ---------------------------------------------------------------- internals


def _run(numeric_axes, points, numeric, choices, *, to, threads, progress, client, chunk_size, time_series):
    total = int(len(points)) if points is not None else int(np.prod([len(v) for _, v in numeric_axes], dtype=np.int64))
    if client is not None:
        dataset, series = _run_on_dask(client, numeric_axes, points, numeric, choices, chunk_size, time_series)
        if to is not None:
            _write_dataset_atomically(dataset, to)
        return (dataset, series) if time_series else dataset

    bar = None
    callback = None
    minimum = PROGRESS_BAR_MIN_CONDITIONS if progress is True else int(progress)
    if progress is not False and progress and total >= minimum:
        from tqdm.auto import tqdm

        bar = tqdm(total=total, unit="condition", desc="kneeload sweep")

        def callback(done: int, all_: int) -> None:
            bar.update(done - bar.n)

    try:
        out = _core.sweep(
            [(name, values.tolist()) for name, values in numeric_axes],
            points.tolist() if points is not None else None,
            numeric,
            choices,
            int(threads or 0),
            int(chunk_size),
            bool(time_series),
            callback,
            os.fspath(to) if to is not None else None,
            {},
            to is None,  # with a file, stream to it and read back lazily: bounded memory
        )
    finally:
        if bar is not None:
            bar.close()
    if to is not None:
        dataset = open_sweep(to)
    else:
        dataset = _build_dataset(numeric_axes, points, numeric, choices, out["metrics"], out["status"], out["reason"])
    series = list(out.get("time_series", []))
    return (dataset, series) if time_series else dataset


def _build_dataset(numeric_axes, points, numeric, choices, metrics, status, reason):
    """The Dataset layout of a sweep (the same as the HDF5 file's)."""
    import xarray as xr

    axis_names = [name for name, _ in numeric_axes]
    if points is None:
        dims = axis_names
        shape = [len(values) for _, values in numeric_axes]
        coords = {name: (name, values, {"units": PARAMETERS[name][0]}) for name, values in numeric_axes}
        extra = {}
    else:
        dims = ["condition"]
        shape = [len(points)]
        coords = {"condition": ("condition", np.arange(len(points), dtype=float), {"units": "1"})}
        extra = {name: (dims, np.asarray(points)[:, j], {"units": PARAMETERS[name][0]}) for j, name in enumerate(axis_names)}
    data = dict(extra)
    for i, (name, unit) in enumerate(METRICS.items()):
        if name in axis_names:
            continue
        data[name] = (dims, np.asarray(metrics[i]).reshape(shape), {"units": unit})
    data["status"] = (dims, np.asarray(status, dtype=np.int32).reshape(shape),
                      {"flag_values": "0 1 2", "flag_meanings": "ok no_periodic_gait invalid_input"})
    data["reason"] = (dims, np.asarray(reason, dtype=object).reshape(shape))
    dataset = xr.Dataset(data, coords=coords)
    dataset.attrs.update(_core.describe_condition(numeric, choices))
    return dataset


def _run_block(axes, points, numeric, choices, chunk_size, time_series):
    """One block of a sweep on a Dask worker (single-threaded C++ engine)."""
    from kneeload import _core as core

    out = core.sweep(axes, points, numeric, choices, 1, chunk_size, time_series, None, None, {}, True)
    return out["metrics"], out["status"], list(out["reason"]), list(out.get("time_series", []))


def _run_on_dask(client, numeric_axes, points, numeric, choices, chunk_size, time_series):
    """Splits the grid along its first axis (or the list into row blocks), runs the blocks on
    the workers and reassembles the same arrays a local run returns."""
    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    axes = [(name, values.tolist()) for name, values in numeric_axes]
    # (axes, points) of each block: row blocks of a list, or slices of a grid's first axis.
    if points is not None:
        rows = np.array_split(np.arange(len(points)), min(len(points), 4 * n_workers))
        blocks = [(axes, points[r].tolist()) for r in rows if len(r)]
    elif numeric_axes:
        first = numeric_axes[0][1]
        slices = np.array_split(np.arange(len(first)), min(len(first), 4 * n_workers))
        blocks = [([(axes[0][0], first[s].tolist())] + axes[1:], None) for s in slices if len(s)]
    else:
        blocks = [([], None)]
    futures = [client.submit(_run_block, block_axes, block_points, numeric, choices, chunk_size, time_series, pure=False)
               for block_axes, block_points in blocks]
    results = client.gather(futures)
    # Blocks are contiguous in flat (row-major) order, so concatenating them restores it.
    metrics = np.concatenate([r[0] for r in results], axis=1)
    status = np.concatenate([r[1] for r in results])
    reason = [x for r in results for x in r[2]]
    series = [x for r in results for x in r[3]]
    return _build_dataset(numeric_axes, points, numeric, choices, metrics, status, reason), series


def _write_dataset_atomically(dataset, to) -> None:
    path = os.fspath(to)
    temporary = path + ".tmp"
    try:
        dataset.to_netcdf(temporary, engine="h5netcdf", invalid_netcdf=True)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)
