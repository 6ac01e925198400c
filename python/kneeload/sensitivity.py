"""Global sensitivity analysis: Sobol indices (SALib) of knee-load outputs to the uncertain
model parameters, so users see which conclusions are robust.

The default uncertain inputs (:data:`DEFAULT_RANGES`, uniform) are model choices and an
uncertain published value: each parameter's default and its source are in
``kneeload.PARAMETERS[name]``. Two inputs are switches, rounded to 0/1: the contact-area curve
(the first two options of ``kneeload.CHOICES["contact_area_curve"]``) and the closure (empirical,
or a contact time fixed 10 % above the empirical one).
"""

from __future__ import annotations

import collections
import warnings
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import _core
from .registry import METRICS, PARAMETERS, split_settings, unread_parameters_allowed, warn_unread
from .step import _implausible_steps_expected, simulate_step
from .sweep import (
    _FAILURES_REPORTED,
    FailedConditionsWarning,
    _failed_conditions_reported,
    _failure_listing,
    _failure_name,
    _ok_metric,
    sweep,
)

if TYPE_CHECKING:
    import xarray

#: The default uncertain inputs and their ranges (uniform), in the parameters' units; the two
#: switches are 0/1. Model choices: the swing leg's retraction about +-20 % of its calibrated
#: 1.074, the lower-limb mass fraction +-25 % of Clark et al.'s (2017) 0.08.
DEFAULT_RANGES: dict[str, tuple[float, float]] = {
    "contact_area_curve": (0.0, 1.0),
    "swing_leg_retraction_fraction": (0.85, 1.3),
    "lower_limb_mass_fraction": (0.06, 0.10),
    "shoe_hunt_crossley_damping_s_per_m": (0.2, 0.5),
    "closure": (0.0, 1.0),
}
#: The outputs analysed by default (metric names).
DEFAULT_OUTPUTS = ("peak_pfj_stress_mpa", "pfj_stress_time_integral_per_km_mpa_s", "average_loading_rate_bw_per_s")
#: The switches and their two options (0, 1).
SWITCHES = {"contact_area_curve": ("kernozek_cubic", "doyle_quartic"), "closure": ("empirical", "contact_time")}


#: Base samples an output's indices must rest on after those with a failed condition are left out
#: (the smallest power of 2 ``base_samples`` accepts).
MIN_KEPT_BASE_SAMPLES = 8


def _complete_blocks(y: np.ndarray, parameters: int) -> np.ndarray:
    """Which base samples' Saltelli blocks hold a result in every row: a mask over the base samples.

    SALib's Saltelli sample (``calc_second_order=False``) lays out each base sample as D + 2
    consecutive rows (its row of A, the D rows of AB, its row of B), which its estimators read with
    that stride; a block with a NaN is left out whole, so the rest keep that layout.

    Parameters
    ----------
    y : numpy.ndarray
        The output over the sample, N (D + 2) values (NaN: no result).
    parameters : int
        D, the number of uncertain inputs.

    Returns
    -------
    numpy.ndarray of bool
        N values, True where the block is complete.
    """
    return ~np.isnan(np.asarray(y, dtype=float).reshape(-1, parameters + 2)).any(axis=1)


def _check_switches_vary(samples: np.ndarray, names: list[str], switch_columns: list[int], base_samples: int) -> None:
    """A ValueError when a switch never differs between Saltelli's matrices A and B (the rows
    0 and D + 1 of each block of D + 2): every estimate of its effect would read 0, with no
    uncertainty. At 8 and 16 base samples the Sobol sequence's rounded 0/1 column does not."""
    block = len(names) + 2
    for column in switch_columns:
        a, b = np.round(samples[0::block, column]), np.round(samples[block - 1 :: block, column])
        if np.array_equal(a, b):
            raise ValueError(
                f"invalid parameter 'base_samples' = {base_samples}: too few for the switch '{names[column]}', which "
                "the sample then never changes between Saltelli's two matrices (its indices would read 0 with no "
                "uncertainty); use a larger power of 2 (32 or more)"
            )


def sobol_indices(
    outputs: Sequence[str] = DEFAULT_OUTPUTS,
    ranges: Mapping[str, tuple[float, float]] | None = None,
    fixed: Mapping[str, Any] | None = None,
    change: tuple[str, float, float] | None = None,
    base_samples: int = 128,
    seed: int = 1,
    threads: int | None = None,
    max_failed_fraction: float = 0.05,
) -> xarray.Dataset:
    """First-order (S1) and total (ST) Sobol indices, Saltelli sampling (SALib).

    Parameters
    ----------
    outputs : sequence of str
        Metric names (:data:`kneeload.METRICS`).
    ranges : mapping, optional
        {parameter: (low, high)} for numeric parameters (in their units), plus the switches
        ``contact_area_curve`` and ``closure`` with range (0, 1); default :data:`DEFAULT_RANGES`.
    fixed : mapping, optional
        The condition (default: 3.3 m/s at the preferred cadence).
    change : (str, float, float), optional
        ``(parameter, a, b)``: analyse the % change of each output from parameter = a to
        parameter = b instead of the output itself (e.g. ``("cadence_ratio", 1.0, 1.1)``).
    base_samples : int
        N (a power of 2); the model runs N (D + 2) conditions (twice with ``change``). Use
        N >= 64 with the 0/1 switches: with fewer Sobol-sequence samples the two sample matrices
        can put every switch on the same side, and its index comes out as 0; a sample in which a
        switch never changes between them is refused (N = 8 and 16 with the default ranges).
    seed : int
        Seed of the Sobol sequence and the bootstrap.
    threads : int, optional
        Worker threads of the sweeps.
    max_failed_fraction : float
        The largest share of base samples that may be left out [1]. Saltelli's estimators need
        each base sample's whole block (its A and B rows and the D rows between them): a block
        holding a condition without a result (no periodic step, or implausible) is left out of
        that output's indices, counted in ``failed_samples`` (conditions) and
        ``excluded_base_samples`` (blocks) and warned of (:class:`kneeload.FailedConditionsWarning`);
        beyond this share the analysis is refused.

    Returns
    -------
    xarray.Dataset
        Over (output, parameter): S1, ST and their 95 % confidence half-widths, the output
        ranges, the count of conditions without a result (``failed_samples``) and of the base
        samples left out for them (``excluded_base_samples``: the indices rest on the others).
        An index of an input with almost no effect can come out slightly below zero: the
        estimator's sampling error, within its confidence half-width of zero.

    Raises
    ------
    ValueError
        An unknown output, a range with low >= high, ``base_samples`` not a power of 2 >= 8 or too
        few to change a switch between the sample's two matrices, an
        invalid fixed setting, a fixed condition without a periodic step, or more than
        ``max_failed_fraction`` of the base samples left out (the message gives the count and the
        reasons).

    Warns
    -----
    kneeload.FailedConditionsWarning
        Conditions without a result: their base samples are left out (counted by reason).

    Examples
    --------
    >>> from kneeload.sensitivity import sobol_indices
    >>> ds = sobol_indices(outputs=["peak_pfj_stress_mpa"], base_samples=64)
    >>> ds["ST"].dims
    ('output', 'parameter')
    >>> ds["ST"].sel(output="peak_pfj_stress_mpa").idxmax().item()  # what peak PFJ stress depends on most
    'contact_area_curve'
    """
    import xarray as xr
    from SALib.analyze import sobol
    from SALib.sample import sobol as sobol_sample

    ranges = dict(ranges or DEFAULT_RANGES)
    fixed = dict(fixed or {"speed_m_per_s": 3.3, "cadence_ratio": 1.0})
    for name in outputs:
        if name not in METRICS:
            raise ValueError(f"invalid parameter 'outputs' = {name!r}: valid names are {list(METRICS)}")
    for name, (low, high) in ranges.items():
        if not low < high:
            raise ValueError(f"invalid parameter '{name}' = ({low}, {high}): valid ranges have low < high")
        spec = PARAMETERS.get(name)
        if spec is not None and not (spec.contains(low) and spec.contains(high)):
            # Every sample beyond the parameter's own range would be an invalid input.
            unit = "" if spec.unit in ("", "1") else f" {spec.unit}"
            raise ValueError(
                f"invalid parameter '{name}' = ({low:g}, {high:g}): the range must lie inside the parameter's valid "
                f"range {spec.valid_range}{unit}"
            )
    if not 0.0 <= max_failed_fraction < 1.0:
        raise ValueError(f"invalid parameter 'max_failed_fraction' = {max_failed_fraction!r}: valid range is [0, 1)")
    if base_samples < 8 or base_samples & (base_samples - 1):
        raise ValueError(f"invalid parameter 'base_samples' = {base_samples}: valid values are powers of 2, >= 8")
    names = list(ranges)
    problem = {"num_vars": len(names), "names": names, "bounds": [list(ranges[n]) for n in names]}
    samples = sobol_sample.sample(problem, base_samples, calc_second_order=False, seed=seed)
    numeric = [n for n in names if n not in SWITCHES]
    switch_columns = [names.index(n) for n in names if n in SWITCHES]
    _check_switches_vary(samples, names, switch_columns, base_samples)

    closure_time = None
    if "closure" in ranges:
        with unread_parameters_allowed(), _implausible_steps_expected():  # warned of or refused below
            reference = simulate_step(time_series=False, **fixed)
        if not reference.ok:
            raise ValueError(f"invalid parameter 'fixed': no result ({reference.status}: {reference.reason})")
        closure_time = 1.1 * reference.metrics["contact_time_s"]

    # Why each sample failed (empty: ok), for the warning and the refusal's message.
    failures = np.full(len(samples), "", dtype=object)

    @unread_parameters_allowed()
    def run(extra: Mapping[str, Any]) -> dict[str, np.ndarray]:
        values = {name: np.full(len(samples), np.nan) for name in outputs}
        codes = np.round(samples[:, switch_columns]).astype(int) if switch_columns else np.zeros((len(samples), 0), int)
        for combination in {tuple(c) for c in codes}:
            rows = np.where((codes == np.array(combination)).all(axis=1))[0]
            choices: dict[str, Any] = {}
            for column, code in zip(switch_columns, combination, strict=True):
                name = names[column]
                choices[name] = SWITCHES[name][code]
                if name == "closure" and code == 1:
                    choices["target_contact_time_s"] = closure_time
            points = samples[rows][:, [names.index(n) for n in numeric]]
            with _failed_conditions_reported():  # counted per output (failed_samples)
                ds = (
                    sweep(numeric, points=points, fixed={**fixed, **choices, **extra}, threads=threads, progress=False)
                    if numeric
                    else sweep({}, fixed={**fixed, **choices, **extra}, progress=False)
                )
            meanings = str(ds["status"].attrs.get("flag_meanings", "")).split()
            status = np.broadcast_to(ds["status"].values, (len(rows),))
            for name in outputs:  # no result where the condition failed
                values[name][rows] = np.broadcast_to(_ok_metric(ds, name).values, (len(rows),))
            reason = np.broadcast_to(np.asarray(ds["reason"].values, dtype=object), (len(rows),))
            for row, code, why in zip(rows, status, reason, strict=True):
                if code != 0 and not failures[row]:
                    failures[row] = _failure_name(int(code), str(why), meanings)
        return values

    if change is None:
        results = run({})
    else:
        parameter, a, b = change
        before, after = run({parameter: a}), run({parameter: b})
        results = {name: 100.0 * (after[name] / before[name] - 1.0) for name in outputs}

    reasons = collections.Counter(str(f) for f in failures if f)
    listed = _failure_listing(reasons) or "no result"
    s1, st, s1c, stc, failed, excluded, low, high = [], [], [], [], [], [], [], []
    for name in outputs:
        keep = _complete_blocks(results[name], len(names))
        failed.append(int(np.isnan(results[name]).sum()))
        excluded.append(int((~keep).sum()))
        if excluded[-1] > max_failed_fraction * len(keep) or keep.sum() < MIN_KEPT_BASE_SAMPLES:
            raise ValueError(
                f"invalid parameter 'max_failed_fraction' = {max_failed_fraction:g}: {failed[-1]} of {len(samples)} "
                f"samples give no {name} ({listed}), so {excluded[-1]} of {len(keep)} base samples "
                f"({100 * excluded[-1] / len(keep):.1f} %) would be left out of its indices (at least "
                f"{MIN_KEPT_BASE_SAMPLES} must stay); raise max_failed_fraction, narrow the ranges or choose another "
                "fixed condition (speed, runner)"
            )
        kept_samples = samples.reshape(len(keep), -1, len(names))[keep].reshape(-1, len(names))
        _check_switches_vary(kept_samples, names, switch_columns, base_samples)
        y = results[name].reshape(len(keep), -1)[keep].ravel()
        index = sobol.analyze(problem, y, calc_second_order=False, seed=seed)
        s1.append(index["S1"])
        st.append(index["ST"])
        s1c.append(index["S1_conf"])
        stc.append(index["ST_conf"])
        low.append(float(np.nanmin(results[name])))
        high.append(float(np.nanmax(results[name])))
    if any(excluded) and not _FAILURES_REPORTED.get():  # else the caller reports them (the CLI)
        left_out = ", ".join(f"{n} {k}" for n, k in zip(outputs, excluded, strict=True) if k)
        warnings.warn(
            FailedConditionsWarning(
                f"sensitivity: {sum(1 for f in failures if f)} of {len(samples)} samples failed ({listed}); the "
                f"base samples holding one are left out of the indices (of {base_samples}: {left_out}; "
                "'excluded_base_samples')"
            ),
            stacklevel=2,
        )
    label = [f"{n}_change_pct" if change else n for n in outputs]
    numbers, options = split_settings(fixed)  # the caller's fixed settings, after every check
    warn_unread({k: v for k, v in numbers.items() if k not in ranges}, [_core.Condition(numbers, options)])
    return xr.Dataset(
        {
            "S1": (("output", "parameter"), np.array(s1), {"units": "1", "description": "first-order Sobol index"}),
            "ST": (("output", "parameter"), np.array(st), {"units": "1", "description": "total Sobol index"}),
            "S1_conf": (
                ("output", "parameter"),
                np.array(s1c),
                {"units": "1", "description": "95 % confidence half-width"},
            ),
            "ST_conf": (
                ("output", "parameter"),
                np.array(stc),
                {"units": "1", "description": "95 % confidence half-width"},
            ),
            "output_min": ("output", np.array(low)),
            "output_max": ("output", np.array(high)),
            "failed_samples": ("output", np.array(failed), {"long_name": "conditions without a result"}),
            "excluded_base_samples": (
                "output",
                np.array(excluded),
                {"long_name": "base samples left out: their block holds a condition without a result"},
            ),
        },
        coords={"output": label, "parameter": names},
        attrs={
            "samples": len(samples),
            "base_samples": base_samples,
            "seed": seed,
            "ranges": "; ".join(f"{n} {ranges[n][0]:g}-{ranges[n][1]:g}" for n in names),
            "change": "" if change is None else f"{change[0]} {change[1]:g} -> {change[2]:g}",
        },
    )
