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

import contextlib
import contextvars
import copyreg
import numbers
import sys
import warnings
from collections.abc import Iterable, Iterator, Mapping
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


def _entry(table: str, key: str) -> Any:
    """A registry entry by its table's name and its key."""
    return globals()[table][key]


def _pickle_entries_by_name() -> None:
    """An entry is the registry's own, fixed for the program's life: pickled (to a Dask or
    multiprocessing worker) it is looked up again by name, and a copy is the entry itself."""
    tables = (
        (ParameterSpec, "PARAMETERS", "name"),
        (ChoiceSpec, "CHOICES", "name"),
        (MetricSpec, "METRICS", "name"),
        (ColumnSpec, "TIME_SERIES", "name"),
        (PlausibilityBound, "PLAUSIBILITY", "metric"),
    )
    for spec_type, table, key in tables:
        copyreg.pickle(spec_type, lambda spec, table=table, key=key: (_entry, (table, getattr(spec, key))))


_pickle_entries_by_name()

__all__ = [
    "CHOICES",
    "METRICS",
    "PARAMETERS",
    "PLAUSIBILITY",
    "TIME_SERIES",
    "ChoiceSpec",
    "ColumnSpec",
    "IgnoredParameterWarning",
    "MetricSpec",
    "ParameterSpec",
    "PlausibilityBound",
    "condition",
    "similar_names",
    "split_settings",
    "unread_messages",
    "unread_parameters_allowed",
    "warn_ignored",
    "warn_unread",
]


class IgnoredParameterWarning(UserWarning):
    """A parameter was given that the model does not read under the chosen options (the foam's
    stiffening exponent with ``shoe_law="kelvin_voigt"``, any shoe parameter with
    ``shoe_law="barefoot"``), or under the values of others (the centre of pressure's early move
    after a ball landing): its value has no effect on the result. Which options read a parameter
    is ``PARAMETERS[name].read_only_with``; ``PARAMETERS[name].read_conditionally`` marks one read
    only for some values of others (its description says which).

    Examples
    --------
    >>> import warnings
    >>> import kneeload
    >>> kneeload.PARAMETERS["shoe_stiffening_exponent"].read_only_with
    ('shoe_law', ['hunt_crossley_foam'])
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     step = kneeload.simulate_step(3.3, shoe_law="kelvin_voigt", shoe_stiffening_exponent=2.0)
    >>> print(caught[0].message)  # doctest: +NORMALIZE_WHITESPACE
    parameter 'shoe_stiffening_exponent' = 2 has no effect: shoe_law = 'kelvin_voigt' does not read
    it (hunt_crossley_foam does)
    """


def is_number(value: Any) -> bool:
    """Whether a value is a real number (bool is not one).

    Parameters
    ----------
    value : Any
        Anything.

    Returns
    -------
    bool
        True for ints, floats and numpy numbers other than bool.
    """
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def is_dataframe(value: Any) -> bool:
    """Whether a value is a pandas DataFrame (without importing pandas: one exists only once
    pandas is imported).

    Parameters
    ----------
    value : Any
        Anything.

    Returns
    -------
    bool
        True for a ``pandas.DataFrame``.
    """
    pandas = sys.modules.get("pandas")
    return pandas is not None and isinstance(value, pandas.DataFrame)


def similar_names(name: str, candidates: Iterable[str], cutoff: float = 0.6) -> list[str]:
    """The candidates a mistyped name may mean: those it starts (the unit left off: ``cadence`` ->
    ``cadence_steps_per_min``, ``body-mass`` -> ``body-mass-kg``), then the closest (a typo).

    Parameters
    ----------
    name : str
        The name as written.
    candidates : iterable of str
        The valid names.
    cutoff : float
        The least similarity (``difflib``, 0-1) of a close match.

    Returns
    -------
    list of str
        The suggestions, the started names first, each once.

    Examples
    --------
    >>> from kneeload.registry import similar_names
    >>> similar_names("cadence", ["cadence_steps_per_min", "cadence_ratio", "speed_m_per_s"])
    ['cadence_steps_per_min', 'cadence_ratio']
    """
    import difflib

    candidates = list(candidates)
    started = [c for c in candidates if c.startswith(f"{name}_") or c.startswith(f"{name}-")]
    return list(dict.fromkeys([*started, *difflib.get_close_matches(name, candidates, n=3, cutoff=cutoff)]))


def unknown_name(name: str, value: Any) -> ValueError:
    """The error for a setting whose name is neither a parameter nor a choice: the names it starts
    (the unit left off: ``cadence`` -> ``cadence_steps_per_min``) and the closest names when there
    are any (a typo), else every valid name."""
    valid = [*PARAMETERS, *CHOICES]
    close = similar_names(name, valid, cutoff=0.75)
    if close:
        hint = f"did you mean {' or '.join(close)}? (every name: kneeload.PARAMETERS, kneeload.CHOICES)"
    else:
        hint = "valid names are " + ", ".join(valid)
    return ValueError(f"invalid parameter '{name}' = {value!r}: unknown name; {hint}")


def split_settings(values: Mapping[str, Any]) -> tuple[dict[str, float], dict[str, str]]:
    """Split settings by name into numbers and choices.

    Parameters
    ----------
    values : mapping of str to Any
        Parameters (numbers, in the unit of the name) and choices (option names) by name; None
        means "not given" and is left out.

    Returns
    -------
    numbers : dict of str to float
        The numeric parameters.
    options : dict of str to str
        The choices (and unknown names given a string, which the core reports).

    Raises
    ------
    ValueError
        A value of the wrong type (a number for a choice, anything else for a parameter), naming
        the parameter, its value and the valid values. Unknown names and out-of-range values are
        reported later by the core, with their valid range.

    Examples
    --------
    >>> from kneeload.registry import split_settings
    >>> split_settings({"speed_m_per_s": 3.3, "foot_strike": "forefoot", "cadence_steps_per_min": None})
    ({'speed_m_per_s': 3.3}, {'foot_strike': 'forefoot'})
    """
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
            raise unknown_name(name, value)
    return numbers_, options


def condition(values: Mapping[str, Any]) -> _core.Condition:
    """A core condition from settings by name (choices first, then numbers).

    Parameters
    ----------
    values : mapping of str to Any
        Parameters and choices by name, as :func:`split_settings` takes them.

    Returns
    -------
    kneeload._core.Condition
        The condition, every parameter not given at its default (a choice such as
        ``foot_strike`` sets its group's defaults first).

    Raises
    ------
    ValueError
        An unknown name, a value of the wrong type, or a value outside its valid range, naming
        the parameter, its value and the valid range.
    """
    return _core.Condition(*split_settings(values))


def unread_messages(
    given: Mapping[str, float | str], conditions: Iterable[_core.Condition], where: str = ""
) -> list[str]:
    """The warning for each parameter given that the model reads in none of the conditions: a
    shoe stiffness with ``shoe_law="barefoot"``, the empirical closure's leg stiffness with a
    contact-time target.

    Parameters
    ----------
    given : mapping of str to float or str
        The numeric parameters the user gave, by name, with their values (a str describes
        values that vary, as "swept").
    conditions : iterable of kneeload._core.Condition
        Every combination of choices the given values are used with (one condition for a step).
    where : str
        Where the conditions are, for the message (" in any condition of the sweep").

    Returns
    -------
    list of str
        One message per parameter that no condition reads, naming it, its value and every
        option of the conditions that ignores it.

    Examples
    --------
    >>> from kneeload import _core
    >>> from kneeload.registry import unread_messages
    >>> barefoot = _core.Condition({"speed_m_per_s": 3.3}, {"shoe_law": "barefoot"})
    >>> print(unread_messages({"shoe_stiffness_n_per_m": 2e5, "body_mass_kg": 80.0}, [barefoot])[0])
    ... # doctest: +NORMALIZE_WHITESPACE
    parameter 'shoe_stiffness_n_per_m' = 200000 N/m has no effect: shoe_law = 'barefoot' does not
    read it (hunt_crossley_foam, kelvin_voigt do)
    """
    conditions = list(conditions)
    messages = []
    for name, value in given.items():
        spec = PARAMETERS.get(name)
        if spec is None or (spec.read_only_with is None and not spec.read_conditionally) or not conditions:
            continue
        reasons = list(dict.fromkeys(c.unread_reason(name) for c in conditions))  # each distinct one
        if all(reasons):
            unit = "" if spec.unit == "1" else f" {spec.unit}"
            setting = f"= {value:g}{unit}" if is_number(value) else f"({value})"
            messages.append(f"parameter '{name}' {setting} has no effect{where}: {'; '.join(reasons)}")
    return messages


def warn_unread(
    given: Mapping[str, float | str], conditions: Iterable[_core.Condition], stacklevel: int = 2, where: str = ""
) -> None:
    """Warn (:class:`IgnoredParameterWarning`) once for each of :func:`unread_messages`. Called
    after the input is checked and before (or after) the work, never before a ``ValueError``.

    Parameters
    ----------
    given : mapping of str to float or str
        As in :func:`unread_messages`.
    conditions : iterable of kneeload._core.Condition
        As in :func:`unread_messages`.
    where : str
        As in :func:`unread_messages`.
    stacklevel : int
        As in ``warnings.warn``, counted from the caller of this function (2: its caller's
        caller, the user's line for a public function that calls it).
    """
    for message in unread_messages(given, conditions, where):
        warn_ignored(message, stacklevel=stacklevel + 1)


#: True inside :func:`unread_parameters_allowed` (per thread and per asyncio task).
_UNREAD_ALLOWED: contextvars.ContextVar[bool] = contextvars.ContextVar("kneeload_unread_allowed", default=False)


def warn_ignored(message: str, stacklevel: int = 2) -> None:
    """Warn ``IgnoredParameterWarning(message)``, unless inside :func:`unread_parameters_allowed`.
    Every warning of a setting without effect goes through here.

    Parameters
    ----------
    message : str
        The warning's text: the setting, its value and why it has no effect.
    stacklevel : int
        As in ``warnings.warn``, counted from the caller of this function.
    """
    if not _UNREAD_ALLOWED.get():
        warnings.warn(IgnoredParameterWarning(message), stacklevel=stacklevel + 1)


@contextlib.contextmanager
def unread_parameters_allowed() -> Iterator[None]:
    """No :class:`IgnoredParameterWarning` inside (a context manager or a decorator): for the
    library's own runs, which set parameters on purpose whether the options read them or not (a
    comparison's uncertainty samples of the shoe's damping under its barefoot intervention, a
    calibration's iterations). The user's own settings are warned of where they are given.
    It holds for the calling thread (or asyncio task) alone and leaves the process's warning
    filters untouched: other threads' warnings are shown as usual."""
    with flag_raised(_UNREAD_ALLOWED):
        yield


@contextlib.contextmanager
def flag_raised(flag: contextvars.ContextVar[bool]) -> Iterator[None]:
    """``flag`` True inside, for the calling thread or asyncio task alone (the library's own runs
    that silence one of its warnings), and back to its value after.

    Parameters
    ----------
    flag : contextvars.ContextVar of bool
        The flag a warning's emitter reads.

    Yields
    ------
    None
    """
    token = flag.set(True)
    try:
        yield
    finally:
        flag.reset(token)
