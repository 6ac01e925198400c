"""The solver's envelope: every physiological condition should solve. Runs grids over speed,
cadence, foot strike, body size, shoes, wear, surfaces, trunk posture and closures, and prints
the share solved, the failures by reason (numerical or physical) and the isolated holes (a
failed condition whose neighbours along every axis all solved, with neighbours on both sides along
at least one axis; failures at a corner of a grid, on its edge along every axis, are listed
apart with their reasons: a physical limit passing between grid points can cut off a corner).

    .venv/bin/python benchmarks/envelope.py [--quick]

A failure is physical when the gait status names a reason the documentation explains
(no_flight_phase: the contact would last the whole step; leg_would_pull: the centre of mass
would leave the ground moving down), numerical otherwise (not_converged, stance_failed). A
condition flagged implausible solved; it counts as solved here and is reported separately.
Exit code 0 whatever the figures (a benchmark reports, it does not gate).
"""

from __future__ import annotations

import argparse
import time
import warnings
from collections import Counter

import numpy as np
import xarray as xr

import kneeload

PHYSICAL = ("no_flight_phase", "leg_would_pull", "beyond_limits")
SPEEDS = [2.0, 2.75, 3.5, 4.25, 5.0, 5.75, 6.5]
CADENCE_RATIOS = [0.8, 0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.15, 1.2, 1.25]
FOOT_STRIKES = ["rearfoot", "midfoot", "forefoot"]


def grids(quick: bool) -> dict[str, dict]:
    """Name -> axes of each grid (speed x cadence ratio x foot strike x one more group)."""
    speeds = SPEEDS[::2] if quick else SPEEDS
    ratios = CADENCE_RATIOS[::3] if quick else CADENCE_RATIOS
    core = {"speed_m_per_s": speeds, "cadence_ratio": ratios, "foot_strike": FOOT_STRIKES}
    return {
        "body size": {**core, "body_mass_kg": [45, 70, 90, 105], "height_m": [1.55, 1.75, 1.95]},
        "shoes": {
            **core,
            "shoe_law": ["hunt_crossley_foam", "kelvin_voigt"],
            "shoe_stiffness_n_per_m": [60e3, 120e3, 240e3],
        },
        "wear and surface": {
            **core,
            "shoe_wear_km": [0, 400, 800],
            "surface_stiffness_n_per_m": [5e4, 2e5, float("inf")],
        },
        "trunk": {**core, "trunk_flexion_deg": [-5, 0, 7.3, 15, 25]},
        "contact-time closure": {**core, "target_contact_time_s": [0.18, 0.22, 0.26, 0.30]},
        "duty-factor closure": {**core, "target_duty_factor": [0.28, 0.34, 0.40]},
    }


def failure_kind(reason: str) -> str:
    """The gait status at the start of a reason ('not_converged: ...'), or the reason itself."""
    head = reason.split(":")[0].strip()
    return head if head else "(no reason)"


def isolated_holes(ds: xr.Dataset) -> tuple[list[dict], list[dict]]:
    """Failed (status 1) conditions whose every neighbour along every axis solved (status 0 or 3):
    (holes, corner failures). A hole has solved neighbours on both sides along at least one axis;
    a corner failure lies on the grid's edge along every axis, where a physical limit that passes
    between grid points can cut off that corner alone (each is printed with its reason)."""
    status = ds["status"].values
    solved = (status == 0) | (status == 3)
    holes, corners = [], []
    for index in zip(*np.nonzero(status == 1), strict=True):
        neighbours, inside = [], False
        for axis, i in enumerate(index):
            inside = inside or 0 < i < status.shape[axis] - 1
            for step in (-1, 1):
                j = i + step
                if 0 <= j < status.shape[axis]:
                    neighbours.append(solved[index[:axis] + (j,) + index[axis + 1 :]])
        if neighbours and all(neighbours):
            at = _at(ds, index) | {"reason": str(ds["reason"].values[index])[:120]}
            (holes if inside else corners).append(at)
    return holes, corners


def run(quick: bool) -> None:
    totals: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    examples: dict[str, dict] = {}
    all_holes: list[dict] = []
    all_corners: list[dict] = []
    start = time.perf_counter()
    print(f"{'grid':<22}{'conditions':>11}{'solved':>9}{'implausible':>12}{'physical':>9}{'numerical':>10}{'holes':>7}")
    for name, axes in grids(quick).items():
        with warnings.catch_warnings():  # this benchmark counts the failed conditions by reason itself
            warnings.simplefilter("ignore", kneeload.FailedConditionsWarning)
            ds = kneeload.sweep(axes, progress=False)
        status, reasons = ds["status"].values.ravel(), ds["reason"].values.ravel()
        grid_kinds = Counter(failure_kind(str(r)) for r, s in zip(reasons, status, strict=True) if s == 1)
        for flat, (r, s) in enumerate(zip(reasons, status, strict=True)):
            if s == 1:
                kinds[failure_kind(str(r))] += 1
                examples.setdefault(failure_kind(str(r)), _condition(ds, flat) | {"reason": str(r)[:160]})
        physical = sum(n for k, n in grid_kinds.items() if k in PHYSICAL)
        numerical = sum(n for k, n in grid_kinds.items() if k not in PHYSICAL)
        holes, corners = isolated_holes(ds)
        all_holes += holes
        all_corners += corners
        counts = {
            "conditions": status.size,
            "solved": int(((status == 0) | (status == 3)).sum()),
            "implausible": int((status == 3).sum()),
            "invalid": int((status == 2).sum()),
            "physical": physical,
            "numerical": numerical,
        }
        totals.update(counts)
        print(
            f"{name:<22}{counts['conditions']:>11}{counts['solved']:>9}{counts['implausible']:>12}"
            f"{physical:>9}{numerical:>10}{len(holes):>7}"
            + (f"   ({counts['invalid']} invalid input)" if counts["invalid"] else "")
        )
    elapsed = time.perf_counter() - start
    n = totals["conditions"]
    print(
        f"{'all':<22}{n:>11}{totals['solved']:>9}{totals['implausible']:>12}{totals['physical']:>9}"
        f"{totals['numerical']:>10}{len(all_holes):>7}"
    )
    print(
        f"\nsolved {totals['solved']} of {n} ({100 * totals['solved'] / n:.1f} %); numerical failures "
        f"{totals['numerical']} (target 0); isolated holes {len(all_holes)} (target 0); {elapsed:.1f} s"
    )
    print("failures by reason:")
    for kind, count in kinds.most_common():
        label = "physical" if kind in PHYSICAL else "numerical"
        print(f"  {kind:<20} {count:>6}  {label}; e.g. {examples[kind]}")
    for hole in all_holes[:10]:
        print(f"  isolated hole: {hole}")
    print(f"failures at a corner of a grid with every neighbour solved: {len(all_corners)}")
    for corner in all_corners[:10]:
        print(f"  {corner}")


def _condition(ds: xr.Dataset, flat: int) -> dict:
    return _at(ds, np.unravel_index(flat, ds["status"].shape))


def _at(ds: xr.Dataset, index) -> dict:
    """The swept values of the condition at a grid index."""
    return {dim: np.asarray(ds[dim].values[i]).tolist() for dim, i in zip(ds["status"].dims, index, strict=True)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a coarser grid (every 2nd speed, every 3rd cadence)")
    run(parser.parse_args().quick)


if __name__ == "__main__":
    main()
