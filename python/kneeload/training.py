"""Training load: weekly cumulative patellofemoral load of a running plan.

For each week of a plan (distance, pace, cadence, shoe) the step is simulated with the shoe
worn as far as it is on average that week, and the week's cumulative PFJ load is the PFJ
stress-time integral per step x the number of steps (= per km x km). Weeks that raise it by
more than a threshold over the previous week (default 10 %, the usual advice to add no more
than 5-10 % weekly distance) are flagged. Shoe wear accumulates across the plan, per shoe.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from .registry import (
    CHOICES,
    PARAMETERS,
    is_dataframe,
    split_settings,
    unread_messages,
    unread_parameters_allowed,
    warn_ignored,
    warn_unread,
)
from .runner import _is_missing
from .step import preferred_cadence
from .sweep import _failed_conditions_reported, sweep

if TYPE_CHECKING:
    import pandas
    import xarray

#: Week-over-week increase of the load that flags a week (0.10 = 10 %).
DEFAULT_THRESHOLD = 0.10
#: Settings each week of a plan sets: its speed and cadence and the shoe's wear that week. Every
#: other parameter and choice is the runner's (and shoe's), the same for the whole plan.
WEEK_SETTINGS = ("speed_m_per_s", "cadence_steps_per_min", "shoe_wear_km")


@dataclass
class Week:
    """One week of a plan.

    Parameters
    ----------
    distance_km : float
        Distance run in the week [km], >= 0.
    speed_m_per_s : float, optional
        Running speed [m/s]; give it or ``pace_min_per_km``, not both.
    pace_min_per_km : float, optional
        Pace [min/km], > 0.
    cadence_steps_per_min : float, optional
        Cadence [steps/min]; default the preferred cadence at that speed
        (:func:`kneeload.preferred_cadence`).
    shoe : str
        Name of the shoe worn; each shoe accumulates its own wear over the plan.
    """

    distance_km: float
    speed_m_per_s: float | None = None
    pace_min_per_km: float | None = None
    cadence_steps_per_min: float | None = None
    shoe: str = "shoe"

    def speed(self) -> float:
        """The week's running speed.

        Returns
        -------
        float
            Speed [m/s], given or from the pace (1000 / (60 pace)).

        Raises
        ------
        ValueError
            Neither or both of speed and pace given, or a pace that is not positive.
        """
        if (self.speed_m_per_s is None) == (self.pace_min_per_km is None):
            raise ValueError(
                f"invalid parameter 'speed_m_per_s' = {self.speed_m_per_s!r}: give exactly one of "
                "speed_m_per_s and pace_min_per_km"
            )
        if self.pace_min_per_km is not None:
            if not self.pace_min_per_km > 0:
                raise ValueError(
                    f"invalid parameter 'pace_min_per_km' = {self.pace_min_per_km!r}: valid range is (0, inf) min/km"
                )
            return 1000.0 / (60.0 * self.pace_min_per_km)
        return float(self.speed_m_per_s)


def weekly_load(
    plan: Iterable[Week | Mapping[str, Any]] | pandas.DataFrame,
    *,
    shoe_start_km: Mapping[str, float] | float | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    shoe_wear: bool = True,
    threads: int | None = None,
    shoes: Mapping[str, Mapping[str, float | str]] | None = None,
    **parameters: Any,
) -> xarray.Dataset:
    """Weekly cumulative PFJ load of a plan.

    Parameters
    ----------
    plan : iterable of Week or mapping, or pandas.DataFrame
        The weeks (:class:`Week`, or dicts with its fields), or a table with the columns of a
        plan CSV (:func:`read_plan_csv`), one week per row, an empty cell not given.
    shoe_start_km : mapping or float, optional
        km already run in each shoe when the plan starts ({shoe: km}, or one number for every
        shoe; default 0).
    threshold : float
        Week-over-week increase that flags a week (0.10 = 10 %).
    shoe_wear : bool
        Accumulate shoe wear (False: every week in a new shoe).
    threads : int, optional
        Worker threads of the sweep.
    shoes : mapping, optional
        Each shoe's own settings, by the plan's shoe names: registry parameters and choices of
        the shoe (``{"racer": {"shoe_stiffness_n_per_m": 240e3}}``; not its wear, which the plan
        sets). A shoe without a setting has the runner's (``**parameters``) or the default.
    **parameters
        Runner, shoe and model parameters or choices, as in :func:`kneeload.simulate_step`.

    Returns
    -------
    xarray.Dataset
        Over ``week`` (1, 2, ...), with ``units`` and ``long_name`` on every variable:
        ``distance_km``, ``speed_m_per_s``, ``cadence_steps_per_min``, ``shoe``, each setting
        that ``shoes`` gives (the week's shoe's value),
        ``shoe_wear_km`` (mean wear during the week: km at the start + half the week's km),
        ``steps``, ``pfj_stress_time_integral_mpa_s`` (per step), ``weekly_pfj_load_mpa_s``,
        ``change_pct`` (vs the previous week, %), ``flagged``, ``status`` and ``reason``.

    Raises
    ------
    ValueError
        An empty plan, a threshold outside [0, 10), a negative distance, a week without exactly
        one of speed and pace, an invalid runner parameter, or a shoe setting for a shoe not in
        the plan or that is not a shoe's, each named with its value and valid range.

    Examples
    --------
    >>> from kneeload.training import Week, weekly_load
    >>> plan = [Week(20, pace_min_per_km=5.5, shoe="trainer"), Week(25, pace_min_per_km=5.5, shoe="trainer")]
    >>> load = weekly_load(plan, shoe_start_km={"trainer": 450})
    >>> load["weekly_pfj_load_mpa_s"].attrs["units"]
    'MPa s'
    >>> load["flagged"].values.tolist()  # 25 % more distance: more than 10 % more load
    [False, True]
    >>> load["shoe_wear_km"].values.tolist()  # 450 km before the plan + half of each week
    [460.0, 482.5]
    """
    import xarray as xr

    weeks = _weeks(plan)
    if not weeks:
        raise ValueError("invalid parameter 'plan': valid plans have at least one week")
    if not 0 <= threshold < 10:
        raise ValueError(f"invalid parameter 'threshold' = {threshold!r}: valid range is [0, 10) (fraction)")
    numeric, _ = split_settings(parameters)
    if isinstance(shoe_start_km, Mapping):
        unknown = sorted(set(shoe_start_km) - {w.shoe for w in weeks})
        if unknown:
            raise ValueError(
                f"invalid parameter 'shoe_start_km' = {dict(shoe_start_km)!r}: no week of the plan is run in "
                f"{', '.join(map(repr, unknown))}; the plan's shoes are {', '.join(sorted({w.shoe for w in weeks}))}"
            )
    runner = {k: v for k, v in numeric.items() if k in ("height_m", "body_mass_kg")}
    worn: dict[str, float] = {}
    rows = []
    for i, week in enumerate(weeks):
        if not (np.isfinite(week.distance_km) and week.distance_km >= 0):
            raise ValueError(
                f"invalid parameter 'distance_km' = {week.distance_km!r} (week {i + 1}): valid range is [0, inf) km"
            )
        speed = week.speed()
        try:
            cadence = (
                preferred_cadence(speed, **runner) if week.cadence_steps_per_min is None else week.cadence_steps_per_min
            )
        except ValueError as error:
            pace = "" if week.pace_min_per_km is None else f" (from pace_min_per_km = {week.pace_min_per_km:g})"
            raise ValueError(f"{error}{pace} (week {i + 1})") from None
        start = shoe_start_km.get(week.shoe, 0.0) if isinstance(shoe_start_km, Mapping) else (shoe_start_km or 0.0)
        before = start + worn.get(week.shoe, 0.0) if shoe_wear else 0.0
        rows.append((speed, cadence, before + 0.5 * week.distance_km if shoe_wear else 0.0))
        worn[week.shoe] = worn.get(week.shoe, 0.0) + week.distance_km
    own = _shoe_settings(shoes, weeks)
    worn = _shoe_conditions(weeks, shoes or {}, parameters, rows[0][0])  # raises for an invalid shoe value
    columns = [*WEEK_SETTINGS, *own]
    rows = [
        (*row, *(_shoe_value(name, week.shoe, shoes, parameters) for name in own))
        for row, week in zip(rows, weeks, strict=True)
    ]
    # The plan sets the shoe's wear, read or not (barefoot); a failed week is reported as such.
    with unread_parameters_allowed(), _failed_conditions_reported():
        ds = sweep(
            columns,
            points=rows,
            fixed={k: v for k, v in parameters.items() if k not in own},
            threads=threads,
            progress=False,
        )
    _warn_of_shoe_settings_without_effect(numeric, shoes or {}, worn)
    distance = np.array([w.distance_km for w in weeks])
    per_step = ds["pfj_stress_time_integral_mpa_s"].values
    steps = distance * ds["steps_per_km"].values
    load = per_step * steps
    change = _change_from_last_computed_week(load)
    flagged = np.nan_to_num(change, nan=-np.inf) > 100.0 * threshold
    week_index = np.arange(1, len(weeks) + 1)

    # Quantities of the sweep keep the sweep's units and long names (the registry's).
    def swept(name: str) -> tuple:
        return ("week", ds[name].values, dict(ds[name].attrs))

    out = xr.Dataset(
        {
            "distance_km": ("week", distance, {"units": "km", "long_name": "distance run in the week"}),
            "speed_m_per_s": swept("speed_m_per_s"),
            "cadence_steps_per_min": swept("cadence_steps_per_min"),
            "shoe": ("week", np.array([w.shoe for w in weeks], dtype=object), {"long_name": "shoe worn"}),
            **{name: swept(name) for name in own},
            "shoe_wear_km": (
                "week",
                ds["shoe_wear_km"].values,
                {**ds["shoe_wear_km"].attrs, "long_name": "mean shoe wear during the week"},
            ),
            "steps": ("week", steps, {"units": "1", "long_name": "steps in the week"}),
            "pfj_stress_time_integral_mpa_s": swept("pfj_stress_time_integral_mpa_s"),
            "weekly_pfj_load_mpa_s": (
                "week",
                load,
                {
                    "units": ds["pfj_stress_time_integral_mpa_s"].attrs["units"],
                    "long_name": "weekly cumulative PFJ load: stress-time integral per step x steps",
                },
            ),
            "change_pct": (
                "week",
                change,
                {"units": "%", "long_name": "change of the weekly load from the last week with a computed load"},
            ),
            "flagged": ("week", flagged, {"long_name": f"weekly load rose by more than {100 * threshold:g} %"}),
            "status": swept("status"),
            "reason": ("week", _reasons_with_pace(ds["reason"].values, weeks), dict(ds["reason"].attrs)),
        },
        coords={"week": ("week", week_index, {"units": "1", "long_name": "week of the plan"})},
    )
    runner_settings = {
        k: v for k, v in ds.attrs.items() if (k in PARAMETERS or k in CHOICES) and k not in WEEK_SETTINGS
    }
    out.attrs.update(runner_settings)
    out.attrs.update({"threshold_fraction": threshold, "shoe_wear_accumulates": int(shoe_wear)})
    return out


def _shoe_settings(shoes: Mapping[str, Mapping[str, Any]] | None, weeks: list[Week]) -> list[str]:
    """The settings the shoes give (sorted), after checking each shoe is the plan's and each
    setting a shoe's (the shoe group of the registry, but its wear, which the plan sets)."""
    if not shoes:
        return []
    worn = {w.shoe for w in weeks}
    names: set[str] = set()
    for shoe, settings in shoes.items():
        if shoe not in worn:
            raise ValueError(
                f"invalid parameter 'shoes' = {dict(shoes)!r}: no week of the plan is run in {shoe!r}; the plan's "
                f"shoes are {', '.join(sorted(worn))}"
            )
        for name in settings:
            spec = PARAMETERS.get(name) or CHOICES.get(name)
            if spec is None or spec.group != "shoe" or name in WEEK_SETTINGS:
                valid = [
                    n for n, p in {**PARAMETERS, **CHOICES}.items() if p.group == "shoe" and n not in WEEK_SETTINGS
                ]
                raise ValueError(
                    f"invalid parameter 'shoes' = {dict(shoes)!r}: {name!r} is not a shoe's own setting; valid names "
                    f"are {', '.join(valid)}"
                )
            names.add(name)
    return sorted(names)


def _shoe_conditions(
    weeks: list[Week], shoes: Mapping[str, Mapping[str, Any]], parameters: Mapping[str, Any], speed: float
) -> dict[str, _core.Condition]:
    """Each shoe's condition (the runner's settings with the shoe's own), checked: an invalid shoe
    value is a ValueError naming the shoe, before any work."""
    conditions = {}
    for shoe in dict.fromkeys(w.shoe for w in weeks):
        condition = _core.Condition(*split_settings({**parameters, **shoes.get(shoe, {}), "speed_m_per_s": speed}))
        try:
            condition.validate()
        except ValueError as error:
            raise ValueError(f"{error} (shoe {shoe!r})") from None
        conditions[shoe] = condition
    return conditions


def _warn_of_shoe_settings_without_effect(
    numeric: Mapping[str, float], shoes: Mapping[str, Mapping[str, Any]], worn: Mapping[str, _core.Condition]
) -> None:
    """Warnings of a runner setting no shoe reads (or every shoe sets its own) and of a shoe's
    own setting its own options do not read (240 kN/m for a barefoot 'shoe')."""
    given = {k: v for k, v in numeric.items() if k not in WEEK_SETTINGS}
    overridden = [k for k in given if worn and all(k in shoes.get(shoe, {}) for shoe in worn)]
    for name in overridden:
        message = f"parameter {name!r} = {given[name]:g} has no effect: every shoe of the plan sets its own"
        warn_ignored(message, stacklevel=3)
    warn_unread({k: v for k, v in given.items() if k not in overridden}, worn.values(), stacklevel=3)
    for shoe, settings in shoes.items():
        numbers = {k: v for k, v in settings.items() if k in PARAMETERS}
        for message in unread_messages(numbers, [worn[shoe]]):
            warn_ignored(f"shoe {shoe!r}: {message}", stacklevel=3)


def _shoe_value(name: str, shoe: str, shoes: Mapping[str, Mapping[str, Any]], parameters: Mapping[str, Any]):
    """A shoe's setting: its own, else the runner's, else the registry's default."""
    own = shoes.get(shoe, {})
    if name in own:
        return own[name]
    if name in parameters:
        return parameters[name]
    return CHOICES[name].default if name in CHOICES else PARAMETERS[name].default


def _weeks(plan: Iterable[Week | Mapping[str, Any]] | pandas.DataFrame) -> list[Week]:
    """The weeks of a plan. A pandas DataFrame is a table like a plan CSV (:func:`read_plan_csv`):
    one week per row, the same columns, an empty cell (NaN) not given."""
    if is_dataframe(plan):
        _check_plan_columns(plan.columns, "invalid parameter 'plan'")
        rows = plan.drop(columns=["week"], errors="ignore").to_dict("records")
        plan = [{str(k): v for k, v in row.items() if not _is_missing(v)} for row in rows]
    return [w if isinstance(w, Week) else Week(**w) for w in plan]


def _reasons_with_pace(reasons: np.ndarray, weeks: list[Week]) -> np.ndarray:
    """Each week's reason; a speed out of range that came from a pace says so."""
    out = np.array(reasons, dtype=object)
    for i, week in enumerate(weeks):
        if week.pace_min_per_km is not None and "'speed_m_per_s'" in str(out[i]):
            out[i] = f"{out[i]} (from pace_min_per_km = {week.pace_min_per_km:g})"
    return out


def _change_from_last_computed_week(load: np.ndarray) -> np.ndarray:
    """Percent change of each week's load from the last earlier week whose load was computed and
    positive: a week that failed (NaN) or a rest week (0) does not hide the next week's jump."""
    change = np.full(len(load), np.nan)
    last = np.nan
    for i, value in enumerate(load):
        if not np.isfinite(value):
            continue
        if last > 0:
            change[i] = 100.0 * (value / last - 1.0)
        last = value
    return change


def _csv_number(row: Mapping[str, str], key: str, line: int) -> float | None:
    """A number from a plan row, None when the cell is empty."""
    value = (row.get(key) or "").strip()
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise ValueError(f"invalid parameter '{key}' = {value!r} (line {line}): valid values are numbers") from None


#: The columns a plan CSV may have (``week`` is a label and is not used).
PLAN_COLUMNS = ("week", "distance_km", "speed_m_per_s", "pace_min_per_km", "cadence_steps_per_min", "shoe")


def _check_plan_columns(columns: Iterable[Any], error: str) -> None:
    """Refuses a plan table with a column that is not a plan column (a misspelt one would
    otherwise be dropped silently); `error` starts the message."""
    unknown = [c for c in columns if c not in PLAN_COLUMNS]
    if unknown:
        raise ValueError(
            f"{error}: unknown column(s) {', '.join(map(repr, unknown))}; valid columns are {', '.join(PLAN_COLUMNS)}"
        )


def read_plan_csv(path: str | os.PathLike[str]) -> list[Week]:
    """Read a training plan from CSV.

    Parameters
    ----------
    path : str or os.PathLike
        CSV with a header and the columns ``distance_km`` [km] and ``speed_m_per_s`` [m/s] or
        ``pace_min_per_km`` [min/km], optionally ``cadence_steps_per_min`` [steps/min], ``shoe``
        and ``week`` (a label, not used). Any other column is an error: a misspelt column would
        otherwise be dropped silently.

    Returns
    -------
    list of Week
        One week per row, in file order.

    Raises
    ------
    ValueError
        An unknown column, a row with more cells than columns, a missing distance or a cell that
        is not a number, naming the column and the line.
    OSError
        The file cannot be read.
    """
    import csv

    weeks = []
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        _check_plan_columns(
            [c.strip() for c in reader.fieldnames or []], f"invalid parameter 'plan' = {os.fspath(path)!r}"
        )
        for line, row in enumerate(reader, start=2):
            if None in row:
                raise ValueError(
                    f"invalid parameter 'plan' = {os.fspath(path)!r} (line {line}): more cells than columns"
                )
            distance = _csv_number(row, "distance_km", line)
            if distance is None:
                raise ValueError(f"invalid parameter 'distance_km' (line {line}): a value is required")
            weeks.append(
                Week(
                    distance_km=distance,
                    speed_m_per_s=_csv_number(row, "speed_m_per_s", line),
                    pace_min_per_km=_csv_number(row, "pace_min_per_km", line),
                    cadence_steps_per_min=_csv_number(row, "cadence_steps_per_min", line),
                    shoe=(row.get("shoe") or "shoe").strip() or "shoe",
                )
            )
    return weeks
