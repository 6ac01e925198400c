"""How the calibrated model choices were chosen: differential evolution (scipy) on the shipped
calibration table only (kneeload.validation, compared as validate() compares by default: the
model low-passed like the lab's trials), minimising the squared ratios of each of
kneeload.validation.TARGETS to its limit (of 1 - R^2 to 1 - the bound for the curves) plus the
rearfoot impact peak (share of trials with a distinct peak, its size and time), with the shipped
values as one member of the first population (so the result is never worse than what ships), or
a local Nelder-Mead refinement of the shipped values (--local, for a new choice added to them).
Prints the best values; copy them to include/kneeload/parameters/constants.hpp (each labelled
"calibrated"), then `make golden` and `make science`.

    .venv/bin/python scripts/calibrate.py [generations]     # 25 generations: about 15 minutes
    .venv/bin/python scripts/calibrate.py --local [evaluations [previous_output]]   # 300: 2-10 minutes

--unfiltered (anywhere on the line) compares the model unfiltered (validate(moment_low_pass_hz=None,
vgrf_low_pass_hz=None)). --margin M (anywhere on the line) adds a steep penalty, W (r - M)^2, to
every target's ratio r above M (for M < 1: every target met with a margin, rather than the sum of
squares traded between them); --penalty W sets its weight (default 100).

The shipped values come from a chain of --local runs of 350 evaluations, each from the previous
one's printed values (the first from an earlier probe's, itself a --local refinement): with the
dimensionless leg stiffness (12.9-18), the COP path's timing and reach and the force pivot also
searched, --margin 0.9, then --margin 0.985 --penalty 1e4; then without the pivot (it had stayed
at 0.03 m and gained nothing) and, the timing exponent having ended at 1 (the COP path off),
without the three, the leg stiffness fixed at 14.3 (where every run had ended, Farley &
Gonzalez's 1996 figure) and the push-off sole limit at -70 deg: --margin 0.97 --penalty 1e4 (the
BOUNDS below). Cost at the shipped values: printed by
`--local 1`.
"""

from __future__ import annotations

import math
import sys

import pandas as pd
from scipy.optimize import differential_evolution, minimize

from kneeload import simulate_step
from kneeload import validation as v
from kneeload.registry import PARAMETERS

# (parameter, lower, upper); the names in FOREFOOT are the forefoot pattern's own values.
BOUNDS = [
    ("swing_leg_retraction_fraction", 0.0, 1.5),
    ("lower_limb_tissue_frequency_hz", 4.0, 40.0),
    ("lower_limb_tissue_damping_ratio", 0.02, 1.0),
    ("foot_take_off_angle_deg", -50.0, -3.0),
    ("toe_cop_reach_per_foot_length", 0.0, 0.27),
    ("heel_off_progress", 0.35, 0.85),
    ("foot_flat_progress", 0.05, 0.3),
    ("leg_force_velocity_s_per_m", 0.0, 0.4),
    ("leg_unloading_exponent", 1.0, 2.0),
    ("landing_cop_lead_fraction", 0.0, 0.6),
    ("knee_heel_off_flexion_deg", 16.5, 50.0),
    ("hip_sweep_factor", 0.8, 1.5),
    ("forefoot_stance", -15.0, 0.0),
    ("forefoot_heel_off", 0.35, 0.85),
    ("forefoot_touchdown", -20.0, -2.0),  # inside the Altman & Davis (2012) forefoot band (< -1.6 deg)
]
#: The forefoot pattern's own values (applied to the forefoot trials only): search name -> parameter.
FOREFOOT = {
    "forefoot_stance": "foot_stance_angle_deg",
    "forefoot_heel_off": "heel_off_progress",
    "forefoot_touchdown": "foot_touchdown_angle_deg",
}


#: Keyword arguments of every validate() call: the lab's processing (validate's defaults) or, with
#: --unfiltered, none.
PROCESSING: dict[str, float | None] = {}
#: --margin: each target's ratio to its limit above this is penalised steeply (None: no penalty).
MARGIN: list[float] = []
#: --penalty: the weight of the --margin penalty.
PENALTY: list[float] = [100.0]


def cost(x, trials, waveforms) -> float:
    values = dict(zip([b[0] for b in BOUNDS], x, strict=True))
    common = {name: value for name, value in values.items() if name not in FOREFOOT}
    own = {parameter: values[name] for name, parameter in FOREFOOT.items()}
    forefoot = trials.foot_strike_right == "forefoot"
    try:
        parts = [
            v.validate(trials[~forefoot], waveforms, **PROCESSING, **common).trials,
            v.validate(trials[forefoot], waveforms, **PROCESSING, **{**common, **own}).trials,
        ]
    except ValueError:
        return 1e3
    table = pd.concat(parts, ignore_index=True)
    summary = v._summary(table)
    targets = v._targets(table, summary, v._speed_change(table))
    c = 0.0
    for row in targets.itertuples():
        if row.target == "every trial solves":
            c += 10.0 * (row.limit - row.value)
        elif not math.isfinite(row.value):
            c += 10.0
        else:
            ratio = (1 - row.value) / (1 - row.limit) if "R^2" in row.target else abs(row.value) / row.limit
            c += ratio**2 + sum(PENALTY[0] * max(0.0, ratio - margin) ** 2 for margin in MARGIN)
    rearfoot = table[(table.foot_strike == "rearfoot") & table.impact_peak_measured.notna()]
    c += 4.0 * (1.0 - rearfoot.impact_peak_model.notna().mean())
    s = summary.set_index(["foot_strike", "quantity"])
    for quantity, scale in (("impact_peak_time", 10.0), ("impact_peak", 10.0)):
        bias = s.loc[("rearfoot", quantity), "bias"]
        c += 0.5 * ((bias / scale) ** 2 if math.isfinite(bias) else 4.0)
    return c


def shipped_values() -> list[float]:
    """The shipped defaults of the calibrated choices: the search's first member."""
    forefoot = simulate_step(3.5, foot_strike="forefoot").inputs
    return [float(forefoot[FOREFOOT[name]]) if name in FOREFOOT else PARAMETERS[name].default for name, _, _ in BOUNDS]


def values_text(x, separator: str = ", ") -> str:
    """The calibrated choices' names and values."""
    return separator.join(f"{name} = {value:.4g}" for (name, _, _), value in zip(BOUNDS, x, strict=True))


def report(intermediate_result) -> None:
    """Prints the best member after each generation (a long search can be stopped at any time)."""
    print(f"cost {intermediate_result.fun:.4g}: {values_text(intermediate_result.x)}", flush=True)


def main(generations: int) -> None:
    trials, waveforms = v.load_trials(), v.load_waveforms()
    result = differential_evolution(
        cost,
        [(lo, hi) for _, lo, hi in BOUNDS],
        args=(trials, waveforms),
        maxiter=generations,
        popsize=12,
        x0=shipped_values(),
        seed=1,
        tol=1e-4,
        polish=False,
        callback=report,
    )
    print(f"cost {result.fun:.4g}")
    print(values_text(result.x, "\n"))


def values_from(path: str) -> list[float]:
    """The values a previous run printed ("name = value" lines), the shipped ones for the rest."""
    printed = {}
    with open(path) as lines:
        for line in lines:
            name, separator, value = line.partition(" = ")
            if separator:
                printed[name.strip()] = float(value)
    return [printed.get(name, shipped) for (name, _, _), shipped in zip(BOUNDS, shipped_values(), strict=True)]


def refine(evaluations: int, start: list[float] | None = None) -> None:
    """Nelder-Mead (bounded) from the shipped values (or a previous run's)."""
    result = minimize(
        cost,
        shipped_values() if start is None else start,
        args=(v.load_trials(), v.load_waveforms()),
        method="Nelder-Mead",
        bounds=[(lo, hi) for _, lo, hi in BOUNDS],
        options={"maxfev": evaluations, "xatol": 1e-3},
    )
    print(f"cost {result.fun:.4g} after {result.nfev} evaluations")
    print(values_text(result.x, "\n"))


def take_option(flag: str) -> float | None:
    """The number after ``flag`` anywhere on the command line (both removed from it), or None."""
    if flag not in sys.argv:
        return None
    at = sys.argv.index(flag)
    value = float(sys.argv[at + 1])
    del sys.argv[at : at + 2]
    return value


if __name__ == "__main__":
    if "--unfiltered" in sys.argv:
        sys.argv.remove("--unfiltered")
        PROCESSING.update(moment_low_pass_hz=None, vgrf_low_pass_hz=None)
    if (margin := take_option("--margin")) is not None:
        MARGIN.append(margin)
    if (penalty := take_option("--penalty")) is not None:
        PENALTY[0] = penalty
    if len(sys.argv) > 1 and sys.argv[1] == "--local":
        refine(
            int(sys.argv[2]) if len(sys.argv) > 2 else 300,
            values_from(sys.argv[3]) if len(sys.argv) > 3 else None,
        )
    else:
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 25)
