"""Sensitivity section of the science report: Sobol indices (kneeload.sensitivity, SALib)
of the main outputs and of the +10 % cadence effect to the uncertain model parameters."""

from __future__ import annotations

import warnings

import kneeload
from kneeload import sensitivity

BASE_SAMPLES = 128


def section(out) -> list[str]:
    with warnings.catch_warnings():  # the section reports the failed samples itself
        warnings.simplefilter("ignore", kneeload.FailedConditionsWarning)
        absolute = sensitivity.sobol_indices(base_samples=BASE_SAMPLES)
        effect = sensitivity.sobol_indices(
            outputs=["peak_pfj_stress_mpa"], change=("cadence_ratio", 1.0, 1.1), base_samples=BASE_SAMPLES
        )
    lines = [
        "## Sensitivity (Sobol indices)",
        "",
        f"`kneeload.sensitivity.sobol_indices`: Saltelli sampling, N = {BASE_SAMPLES} ({absolute.attrs['samples']} "
        f"conditions per analysis) over {absolute.attrs['ranges']} (switches 0/1: contact-area curve Kernozek/Doyle, "
        "closure empirical/fixed contact time +10 %). Default runner, 3.3 m/s, preferred cadence. The last row is "
        "the % change of peak PFJ stress for +10 % cadence: is that conclusion robust?",
        "",
        "| output | range over samples | " + " | ".join(f"S1 / ST {p}" for p in absolute.parameter.values) + " |",
        "|---|---|" + "---|" * absolute.sizes["parameter"],
    ]
    rows = []
    for ds in (absolute, effect):
        for output in ds.output.values:
            cells = " | ".join(
                f"{ds.S1.sel(output=output, parameter=p).item():.2f} / "
                f"{ds.ST.sel(output=output, parameter=p).item():.2f}"
                for p in ds.parameter.values
            )
            lo, hi = ds.output_min.sel(output=output).item(), ds.output_max.sel(output=output).item()
            lines.append(f"| {output} | {lo:.3g} to {hi:.3g} | {cells} |")
            rows.append(ds.sel(output=[output]))
    failed = {
        str(o): f"{int(f)} ({int(k)} base samples left out)"
        for ds in (absolute, effect)
        for o, f, k in zip(ds.output.values, ds.failed_samples.values, ds.excluded_base_samples.values, strict=True)
    }
    import xarray as xr

    table = xr.concat(rows, dim="output")[["S1", "ST", "S1_conf", "ST_conf"]].to_dataframe()
    table.to_csv(out / "sensitivity.csv")
    lines += [
        "",
        "S1: first-order index (share of the output's variance from that input alone); ST: total index "
        "(with interactions). Conditions without a result (their base samples left out of the indices): "
        + ", ".join(f"{k} {v}" for k, v in failed.items())
        + ". Table with confidence intervals: "
        "[sensitivity.csv](sensitivity.csv). " + _negative_indices(table),
        "",
    ]
    return lines


def _negative_indices(table) -> str:
    """Saltelli's estimators can come out below zero for an input with no effect: say so, and
    whether each such estimate is within its 95 % confidence half-width of zero."""
    negative = table[table.S1 < 0]
    if negative.empty:
        return "No first-order index came out negative."
    within = (negative.S1 + negative.S1_conf >= 0).all()
    largest = negative.S1.min()
    return (
        f"{len(negative)} first-order indices came out slightly negative (down to {largest:.3f}): an index cannot "
        "be negative, these are the sampling error of Saltelli's estimator for inputs with almost no effect; "
        + (
            "each lies within its 95 % confidence half-width (S1_conf) of zero."
            if within
            else "not all lie within their 95 % confidence half-width (S1_conf) of zero: increase the samples."
        )
    )
