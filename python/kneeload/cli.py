"""Command-line tool ``kneeload``: ``kneeload simulate|sweep|training|sensitivity|compare ...``.

Every parameter of :data:`kneeload.PARAMETERS` and choice of :data:`kneeload.CHOICES` is an
option ``--name-with-dashes`` (its unit is part of the name; ``--help`` shows the unit, valid
range and meaning, all from the registry), with the registry's short aliases (``--speed``,
``--cadence``, ``--shoe-stiffness`` ...). In ``sweep``, a value can be a list ``a,b,c`` or an
inclusive range ``start:stop:step`` (choices: ``rearfoot,forefoot``); an option with several
values becomes a swept axis.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import shlex
import sys
import warnings
from collections.abc import Sequence

import numpy as np

from ._files import Terminated, output_file, sigterm_cancels
from .registry import CHOICES, METRICS, PARAMETERS, IgnoredParameterWarning, similar_names
from .sweep import HDF5_SUFFIXES, _failed_conditions_reported, _failure_counts

#: Speed of a ``simulate`` or ``sweep`` given no gait quantity [m/s].
DEFAULT_SPEED_M_PER_S = 3.3
#: The metrics of the summary table that ``kneeload sweep`` prints.
SUMMARY_METRICS = [
    "contact_time_s",
    "peak_vgrf_bw",
    "knee_flexion_peak_deg",
    "peak_knee_extensor_moment_lab_n_m_per_kg",  # the convention of the literature and of the PFJ chain
    "peak_pfj_force_bw",
    "peak_pfj_stress_mpa",
    "pfj_stress_time_integral_per_km_mpa_s",
]


#: Most values one option may take in a sweep (a range with a tiny step is a typo, not a plan).
MAX_VALUES_PER_AXIS = 100_000


#: `sweep --strict`, `compare --strict`: the exit status when some conditions failed (1 is an
#: error, 2 a usage error).
EXIT_SOME_CONDITIONS_FAILED = 3
#: The reader of the output closed its pipe: 128 + SIGPIPE, as a process killed by it exits.
EXIT_BROKEN_PIPE = 141


def _silence_stdout() -> None:
    """Points stdout at the null device, so that flushing it at exit raises no second error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no file descriptor (captured): nothing to flush
        pass


def parse_values(name: str, text: str) -> np.ndarray:
    """The values of a command-line option.

    Parameters
    ----------
    name : str
        The parameter, for the error message.
    text : str
        ``a``, a list ``a,b,c`` or an inclusive range ``start:stop:step``, in the parameter's
        unit.

    Returns
    -------
    numpy.ndarray
        The values.

    Raises
    ------
    ValueError
        Text of none of these forms, or a range with step <= 0, stop < start or a stop that is
        not start plus a whole number of steps, naming the parameter and the text.

    Examples
    --------
    >>> from kneeload.cli import parse_values
    >>> parse_values("cadence_steps_per_min", "150:170:10").tolist()
    [150.0, 160.0, 170.0]
    >>> parse_values("shoe_stiffness_n_per_m", "60e3,240e3").tolist()
    [60000.0, 240000.0]
    """
    try:
        if ":" in text:
            parts = [float(p) for p in text.split(":")]
            if len(parts) != 3 or not all(np.isfinite(parts)):
                raise ValueError
            start, stop, step = parts
            if step <= 0 or stop < start:
                raise ValueError(
                    f"invalid parameter '{name}' = {text!r}: a range start:stop:step needs step > 0 and "
                    f"stop >= start (got step {step:g} from {start:g} to {stop:g})"
                )
            steps = (stop - start) / step
            count = np.floor(steps + 1e-9) + 1
            if count > MAX_VALUES_PER_AXIS:
                raise OverflowError(count)
            if abs(steps - round(steps)) > 1e-9 * max(1.0, steps):  # inclusive: stop is one of the values
                last = start + step * (count - 1)
                raise ValueError(
                    f"invalid parameter '{name}' = {text!r}: the range is inclusive, but {stop:g} is not "
                    f"{start:g} plus a whole number of steps of {step:g} (the last would be {last:g})"
                )
            values = start + step * np.arange(int(count))
            values[-1] = stop  # exactly: 0.1:0.3:0.1 ends at 0.3, not 0.30000000000000004 (past a bound)
            return values
        return np.array([float(p) for p in text.split(",")])
    except OverflowError as error:
        raise ValueError(
            f"invalid parameter '{name}' = {text!r}: the range has {error.args[0]:.4g} values; "
            f"valid ranges have at most {MAX_VALUES_PER_AXIS} (use a larger step)"
        ) from None
    except ValueError as error:
        if str(error).startswith("invalid parameter"):
            raise
        raise ValueError(
            f"invalid parameter '{name}' = {text!r}: valid values are a number, a list a,b,c "
            "or a range start:stop:step (inclusive)"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    """The command-line parser: ``simulate``, ``sweep``, ``training`` and ``sensitivity``.

    Every parameter and choice of the registry is an option of ``simulate`` and ``sweep``, with
    its unit, valid range, default and meaning in the help.

    Returns
    -------
    argparse.ArgumentParser
        The parser of the ``kneeload`` command.

    Examples
    --------
    >>> from kneeload.cli import build_parser
    >>> args = build_parser().parse_args(["simulate", "--speed", "3.3", "--foot-strike", "forefoot"])
    >>> args.command, args.speed_m_per_s, args.foot_strike
    ('simulate', '3.3', 'forefoot')
    """
    parser = argparse.ArgumentParser(
        prog="kneeload",
        description="Running ground-contact simulation and "
        "patellofemoral (knee) load. Units are part of every parameter name.",
        allow_abbrev=False,
    )
    from ._core import __version__

    parser.add_argument("--version", action="version", version=f"kneeload {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    simulate = sub.add_parser("simulate", help="solve and simulate one periodic step; print its metrics")
    sweep = sub.add_parser("sweep", help="run a parameter sweep in parallel; write HDF5, print a summary table")
    _add_registry_options(simulate, several=False)
    _add_registry_options(sweep, several=True)
    training = sub.add_parser(
        "training", help="weekly cumulative PFJ load of a training plan (CSV); flags big increases"
    )
    training.add_argument(
        "plan",
        help="CSV with columns distance_km and speed_m_per_s or pace_min_per_km; "
        "optional cadence_steps_per_min [steps/min] and shoe",
    )
    training.add_argument(
        "--threshold",
        type=float,
        default=0.10,
        help="flag weeks whose load rises by more than this fraction (default 0.10)",
    )
    training.add_argument(
        "--shoe-start-km",
        action="append",
        default=[],
        metavar="SHOE=KM",
        help="km already run in a shoe at the start of the plan (repeatable)",
    )
    training.add_argument(
        "--shoe-setting",
        action="append",
        default=[],
        metavar="SHOE:NAME=VALUE",
        help="a shoe's own setting, e.g. racer:shoe_stiffness_n_per_m=240e3 or racer:shoe_law=barefoot "
        "(repeatable; the others' are the runner's)",
    )
    training.add_argument("--no-shoe-wear", action="store_true", help="do not accumulate shoe wear")
    training.add_argument("-o", "--output", help="write the weekly table as CSV")
    training.add_argument("--plot", help="save a bar chart of the weekly load, flagged weeks marked (PNG)")
    _add_registry_options(training, several=False, exclude=_plan_settings())
    sens = sub.add_parser("sensitivity", help="Sobol indices of knee-load outputs to the uncertain model parameters")
    sens.add_argument("--samples", type=int, default=64, help="Saltelli base samples N (runs N (D + 2) conditions)")
    sens.add_argument("--speed", type=float, default=3.3, help="running speed [m/s] (preferred cadence)")
    sens.add_argument(
        "--cadence-effect",
        action="store_true",
        help="analyse the %% change of each output for +10 %% cadence instead of the output",
    )
    sens.add_argument(
        "--range",
        action="append",
        dest="ranges",
        metavar="NAME=LOW:HIGH",
        help="an uncertain input and its range in its unit (repeatable; replaces the default inputs, "
        "kneeload.sensitivity.DEFAULT_RANGES; the switches contact_area_curve and closure take 0:1)",
    )
    sens.add_argument(
        "--max-failed-fraction",
        type=float,
        default=0.05,
        help="the largest share of base samples that may be left out for conditions without a result",
    )
    sens.add_argument("-o", "--output", help="write the indices as CSV")
    simulate.add_argument("--csv", help="write the stance time series to this CSV file")
    simulate.add_argument("--plot", help="save a figure of vertical GRF, knee flexion and PFJ stress (PNG)")
    sweep.add_argument(
        "-o", "--output", help="file to write, by extension: .h5/.hdf5/.nc (HDF5, NetCDF4-readable by xarray) or .csv"
    )
    sweep.add_argument(
        "--plot",
        help="save a figure of peak PFJ stress (PNG): a heat map over two swept axes, or the %% change of the main "
        "load metrics along one axis (three or more swept axes: an error, fix all but two)",
    )
    sweep.add_argument(
        "--baseline",
        metavar="VALUE",
        help="with --plot and one swept axis: the axis value the %% changes are relative to (default: the "
        "parameter's registry default when it is on the axis, else the first value)",
    )
    sweep.add_argument(
        "--stance-curve-points",
        type=int,
        default=None,
        metavar="N",
        help="also write every time-series column resampled to N points over stance (dimension stance_pct; "
        "HDF5 output only, streamed chunk by chunk)",
    )
    sweep.add_argument("--threads", type=int, default=None, help="worker threads (default: all cores)")
    sweep.add_argument(
        "--strict",
        action="store_true",
        help=f"exit with status {EXIT_SOME_CONDITIONS_FAILED} when some conditions failed (the outputs are still "
        "written); without it such a sweep lists them and exits 0; a sweep whose conditions all fail exits 1 "
        "either way",
    )
    sweep.add_argument("--no-progress", action="store_true", help="no progress bar")
    _add_compare_parser(sub)
    for command in sub.choices.values():
        # A prefix is not an option (--mas would set the mass): a typo is an error with a suggestion.
        command.allow_abbrev = False
    parser.set_defaults(commands=sub.choices)
    return parser


def _refuse_unrecognized(args, extras: Sequence[str]) -> None:
    """An unknown option is a usage error (exit status 2), with the options it may mean."""
    command = args.commands[args.command]
    options = [o for action in command._actions for o in action.option_strings if o.startswith("--")]
    unknown = next((e for e in extras if e.startswith("-")), extras[0])
    meant = similar_names(unknown.split("=")[0], options)
    hint = f" (did you mean {' or '.join(meant[:3])}?)" if meant else ""
    command.error(f"unrecognized argument {unknown!r}{hint}; 'kneeload {args.command} --help' lists the options")


def _add_compare_parser(sub) -> None:
    """'kneeload compare': interventions against each runner's baseline (kneeload.compare)."""
    from .comparison import DEFAULT_INTERVENTIONS, DEFAULT_UNCERTAINTY_SAMPLES
    from .runner import GAIT_SETTINGS

    compare = sub.add_parser(
        "compare",
        help="effects of interventions (cadence, step length, shoe, surface, foot strike, trunk) on knee load, "
        "per step and per km, with uncertainty intervals",
    )
    compare.add_argument(
        "-i",
        "--intervention",
        action="append",
        metavar="CHANGE",
        help="an intervention, repeatable: cadence+10%%, step-length-10%% (constant speed), shoe-stiffness=240e3, "
        "shoe_law=barefoot, surface-stiffness=100e3, foot_strike=forefoot, trunk-flexion+10, or several changes "
        "separated by commas (default: " + " ".join(DEFAULT_INTERVENTIONS).replace("%", "%%") + ")",
    )
    compare.add_argument(
        "--speed", default="3.3", metavar="VALUES", help="running speed(s) [m/s], a,b,c or start:stop:step (3.3)"
    )
    compare.add_argument("--population", help="runner table (CSV: a 'runner' column and registry settings)")
    compare.add_argument(
        "--runner-name",
        help="name of the runner given by the options (default: 'default runner' without options, else 'runner')",
    )
    compare.add_argument(
        "--metric", action="append", help="a metric to compare, repeatable (default: kneeload.compare's)"
    )
    compare.add_argument(
        "--samples",
        type=int,
        default=DEFAULT_UNCERTAINTY_SAMPLES,
        help="Latin-hypercube samples of the uncertain model parameters for the 5-95 %% intervals (0: none)",
    )
    compare.add_argument("--threads", type=int, default=None, help="worker threads (default: all cores)")
    compare.add_argument(
        "-o", "--output", help="file to write, by extension: .csv or .md (the effects table), .h5/.nc (the Dataset)"
    )
    compare.add_argument("--plot", help="save the effects and the stance curves (PNG; one per runner and speed)")
    compare.add_argument(
        "--strict",
        action="store_true",
        help=f"exit with status {EXIT_SOME_CONDITIONS_FAILED} when some baseline or intervention conditions failed "
        "(the outputs are still written); a comparison whose conditions all fail exits 1 either way",
    )
    _add_registry_options(compare, several=False, exclude=GAIT_SETTINGS)


def _add_registry_options(parser: argparse.ArgumentParser, several: bool, exclude: Sequence[str] = ()) -> None:
    """Every registry parameter and choice not in ``exclude`` as an option ``--name-with-dashes``
    (and the registry's short alias), with its unit, valid range and default in the help."""
    for name, spec in PARAMETERS.items():
        if name in exclude:
            continue
        flags = (["--" + spec.alias] if spec.alias else []) + ["--" + name.replace("_", "-")]
        default = "" if spec.default is None else f"; default {spec.default:g}"
        parser.add_argument(
            *flags,
            dest=name,
            metavar="VALUES" if several else "VALUE",
            help=_escaped(f"{spec.description} [{spec.unit}]; valid {spec.valid_range}{default}"),
        )
    for name, spec in CHOICES.items():
        if name in exclude:
            continue
        parser.add_argument(
            "--" + name.replace("_", "-"),
            dest=name,
            metavar="|".join(spec.options),
            help=_escaped(f"{spec.description}; default {spec.default}")
            + ("; several (a,b) to sweep" if several else ""),
        )


def _escaped(text: str) -> str:
    """A registry text as argparse help: a literal % doubled (argparse formats help with %)."""
    return text.replace("%", "%%")


def _plan_settings() -> list[str]:
    """Settings a training plan sets week by week (speed, cadence and the shoe's wear; so no other
    gait quantity either): not runner options of 'kneeload training'."""
    from .training import WEEK_SETTINGS

    gait_group = PARAMETERS[WEEK_SETTINGS[0]].group
    return [name for name, spec in PARAMETERS.items() if spec.group == gait_group or name in WEEK_SETTINGS]


def _collect(args, allow_lists: bool):
    fixed, axes = {}, {}
    for name in PARAMETERS:
        text = getattr(args, name, None)
        if text is None:
            continue
        values = parse_values(name, text)
        if len(values) == 1:
            fixed[name] = float(values[0])
        elif allow_lists:
            axes[name] = values
        else:
            raise ValueError(f"invalid parameter '{name}' = {text!r}: {args.command} takes one value")
    for name in CHOICES:
        text = getattr(args, name, None)
        if text is None:
            continue
        options = text.split(",")
        if len(options) == 1:
            fixed[name] = options[0]
        elif allow_lists:
            axes[name] = options
        else:
            raise ValueError(f"invalid parameter '{name}' = {text!r}: {args.command} takes one value")
    return fixed, axes


def _default_gait(fixed: dict, axes: dict) -> None:
    """Speed 3.3 m/s when no gait quantity is given (the core then runs at the preferred cadence)."""
    gait = ("speed_m_per_s", "cadence_steps_per_min", "step_length_m")
    if not any(name in fixed or name in axes for name in gait):
        fixed["speed_m_per_s"] = DEFAULT_SPEED_M_PER_S


def _simulate(args) -> int:
    from .step import _implausible_steps_expected, simulate_step

    fixed, _ = _collect(args, allow_lists=False)
    _default_gait(fixed, {})
    # The output paths are checked (their temporary files created) before any work.
    _figure_format(args.plot)
    with output_file(args.csv) as csv_file, output_file(args.plot) as figure:
        with _implausible_steps_expected():  # said below, with the reason
            result = simulate_step(**fixed)
        if not result.ok:
            what = "implausible step" if result.status == "implausible" else "no periodic step"
            print(f"{what}: {result.reason}", file=sys.stderr)
            return 2
        print(
            f"kneeload: one step; {result.inputs['foot_strike']} strike, contact-area curve "
            f"{result.inputs['contact_area_curve']}"
        )
        for name, value in result.metrics.items():
            print(f"  {name:<42} {value:>14.6g}  {METRICS[name].unit}")
        if csv_file:
            from . import _core

            _core.write_time_series_csv(csv_file.path, result.time_series)
            csv_file.commit()
            print(f"time series written to {args.csv}")
        if figure:
            import matplotlib

            matplotlib.use("Agg")
            from . import plot

            plot.step(result).savefig(figure.path, dpi=150, format=_figure_format(args.plot))
            figure.commit()
            print(f"figure written to {args.plot}")
    return 0


def _cell(value, column: str, width: int = 22) -> str:
    if isinstance(value, str):
        return f"{value:>{width}}"
    return f"{int(value):>{width}d}" if column == "status" else f"{value:>{width}.6g}"


def summary_table(dataset, axis_names: Sequence[str], max_rows: int = 60, output: str | None = None) -> str:
    """The summary table that ``kneeload sweep`` prints.

    Parameters
    ----------
    dataset : xarray.Dataset
        A sweep (:func:`kneeload.sweep`).
    axis_names : sequence of str
        The swept axes, in column order.
    max_rows : int
        Rows shown; the rest are counted.
    output : str, optional
        The file the sweep was written to (named where the rows not shown are).

    Returns
    -------
    str
        Swept values, status and the main metrics (:data:`SUMMARY_METRICS`) with their units,
        one row per condition, and how many conditions are ok.
    """
    flat = dataset[SUMMARY_METRICS + ["status"]].to_dataframe().reset_index()
    columns = list(axis_names) + SUMMARY_METRICS + ["status"]
    widths = [max(22, len(c)) for c in columns]  # whole names: a cut one can name two metrics
    header = "  ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True))
    units = "  ".join(f"{_unit_cell(c):>{w}}" for c, w in zip(columns, widths, strict=True))
    lines = [header, units]
    for _, row in flat.head(max_rows).iterrows():
        lines.append("  ".join(_cell(row[c], c, w) for c, w in zip(columns, widths, strict=True)))
    if len(flat) > max_rows:
        more = f"in {output}" if output else "(all of them in the file that -o FILE writes: .csv or .h5)"
        lines.append(f"... {len(flat) - max_rows} more rows {more}")
    ok = int((dataset["status"] == 0).sum())
    lines.append(f"{ok} of {int(dataset['status'].size)} conditions ok")
    lines += _failure_reasons(dataset)
    return "\n".join(lines)


def _failure_reasons(dataset, shown: int = 3) -> list[str]:
    """The failed conditions by reason, the most frequent first, each with its first failure as an
    example: where it is on the sweep's axes and its reason (the count the sweep's warning gives:
    ``sweep._failure_counts``)."""
    failed, _, counts, examples = _failure_counts(dataset)
    if not failed:
        return []
    dims = list(dataset["status"].dims)
    shape = dataset["status"].shape

    def example(name: str) -> str:
        reason, flat = examples[name]
        # The reason without the name it opens with (counted by it already).
        reason = reason[len(name) + 2 :] if reason.startswith(name + ": ") else reason
        where = ", ".join(
            f"{d}={_positional(dataset[d].values[i]) if dataset[d].dtype.kind in 'fi' else dataset[d].values[i]}"
            for d, i in zip(dims, np.unravel_index(flat, shape), strict=True)
            if d in dataset.coords
        )
        return f"e.g. at {where}: {reason}" if where else f"e.g. {reason}"

    lines = ["failed conditions, by reason:"]
    lines += [f"  {count} x {name}, {example(name)}" for name, count in counts.most_common(shown)]
    if len(counts) > shown:
        lines.append(f"  ... and {len(counts) - shown} other reasons (variable 'reason')")
    return lines


def _positional(value: float) -> str:
    """A table's number: 4 significant digits, positional (18140, not 1.814e+04)."""
    from .comparison import _short

    return _short(value)


def _unit_cell(name: str) -> str:
    """A table's unit line: ``[s]``, ``[1]`` for a ratio, ``[0=ok]`` for the status, and nothing
    for a choice (it has no unit)."""
    if name == "status":
        return "[0=ok]"
    return "" if name in CHOICES else f"[{_registry_unit(name)}]"


def _registry_unit(name: str) -> str:
    """The unit as the registry writes it ("BW", "steps/min"; the files hold its CF spelling)."""
    spec = METRICS.get(name) or PARAMETERS.get(name)
    return spec.unit if spec is not None else ""


def _sweep(args) -> int:
    """Checks the CSV and figure outputs and creates their temporary files before the sweep."""
    csv_output = args.output if _output_kind(args.output) == "csv" else None
    _figure_format(args.plot)
    with output_file(csv_output) as csv_file, output_file(args.plot) as figure:
        return _run_sweep(args, csv_file, figure)


def _run_sweep(args, csv_file, figure) -> int:
    from .sweep import sweep

    fixed, axes = _collect(args, allow_lists=True)
    if not axes:
        raise ValueError(
            "invalid parameter 'axes': give at least one option several values to sweep "
            "(a,b,c or start:stop:step); for one condition use 'kneeload simulate'"
        )
    _default_gait(fixed, axes)
    _check_plot_axes(args, axes)
    baseline = _plot_baseline(args, axes)
    kind = _output_kind(args.output)
    to = args.output if kind == "hdf5" else None
    if args.stance_curve_points is not None and to is None:
        raise ValueError(
            f"invalid parameter 'stance_curve_points' = {args.stance_curve_points}: the stance curves are "
            "written to an HDF5 output only; give -o <file>.h5"
        )
    with _failed_conditions_reported():  # the summary lists them
        dataset = sweep(
            axes,
            fixed=fixed,
            threads=args.threads,
            progress=not args.no_progress,  # a bar for 200 conditions or more (sweep.PROGRESS_BAR_MIN_CONDITIONS)
            to=to,
            stance_curve_points=args.stance_curve_points,
            history=args.command_line,
        )
    print(summary_table(dataset, list(axes), output=args.output))
    if kind == "csv":
        dataset.drop_vars([v for v in dataset.data_vars if dataset[v].ndim != len(axes)]).to_dataframe().to_csv(
            csv_file.path
        )
        csv_file.commit()
    if args.output:
        print(f"sweep written to {args.output}")
    if int((dataset["status"] == 0).sum()) == 0:
        raise RuntimeError(f"no condition of the sweep succeeded (all {dataset['status'].size}): see 'reason'")
    if args.plot:
        _plot_sweep(dataset, list(axes), baseline, figure, args.plot)
    failed = int((dataset["status"] != 0).sum())
    if args.strict and failed:
        print(f"kneeload: {failed} of {dataset['status'].size} conditions failed (--strict)", file=sys.stderr)
        return EXIT_SOME_CONDITIONS_FAILED
    return 0


#: What 'kneeload sweep --plot' draws: a heat map of the first, percent changes of all.
PLOT_METRICS = ["peak_pfj_stress_mpa", "pfj_stress_time_integral_per_km_mpa_s", "peak_vgrf_bw"]


def _plot_baseline(args, axes: dict) -> float | str | None:
    """The one-axis plot's baseline: --baseline (an error unless it is on the axis), else the
    registry default of the swept setting when it is on the axis, else the axis's first value.
    None when no one-axis plot is drawn (--baseline is then an error)."""
    names = list(axes)
    if not args.plot or len(names) != 1:
        if args.baseline is not None:
            raise ValueError(
                f"invalid parameter 'baseline' = {args.baseline!r}: it applies to --plot with one swept axis "
                f"(swept: {', '.join(names) or 'none'}{'' if args.plot else '; no --plot given'})"
            )
        return None
    name, values = names[0], list(axes[names[0]])
    if name in CHOICES:
        options = [str(v) for v in values]
        chosen = args.baseline if args.baseline is not None else CHOICES[name].default
        if chosen not in options:
            if args.baseline is not None:
                raise ValueError(
                    f"invalid parameter 'baseline' = {chosen!r}: valid values are the swept {name}: "
                    + ", ".join(options)
                )
            chosen = options[0]
        return chosen
    numbers = np.asarray(values, dtype=float)
    if args.baseline is not None:
        chosen = parse_values("baseline", args.baseline)
        if len(chosen) != 1 or not np.any(np.isclose(numbers, chosen[0], rtol=1e-9, atol=0.0)):
            raise ValueError(
                f"invalid parameter 'baseline' = {args.baseline!r}: valid values are the swept {name}: "
                + ", ".join(f"{v:g}" for v in numbers)
            )
        return float(chosen[0])
    default = PARAMETERS[name].default
    on_axis = default is not None and np.any(np.isclose(numbers, default, rtol=1e-9, atol=0.0))
    return float(default) if on_axis else float(numbers[0])


def _check_plot_axes(args, axes: dict) -> None:
    """A plot draws one or two swept axes: more is an error naming the extra ones (before any
    work is done)."""
    names = list(axes)
    if args.plot and len(names) > 2:
        extra = "; ".join(f"{n} ({', '.join(str(v) for v in list(axes[n])[:6])})" for n in names[2:])
        raise ValueError(
            f"invalid parameter 'plot' = {args.plot!r}: a plot draws at most two swept axes ({names[0]}, "
            f"{names[1]}), but the sweep also varies {extra}: give each of those one value, or plot from "
            "Python with kneeload.plot.heatmap(dataset, ..., name=value)"
        )


def _plot_sweep(dataset, names: list[str], baseline: float | str | None, figure, path: str) -> None:
    """Draws the sweep's figure into the temporary output `figure` and commits it under `path`."""
    import matplotlib

    matplotlib.use("Agg")
    from . import plot

    if len(names) == 2:
        fig = plot.heatmap(dataset, PLOT_METRICS[0], names[0], names[1])
    else:
        fig = plot.percent_change(dataset, PLOT_METRICS, names[0], baseline)
    fig.savefig(figure.path, dpi=150, format=_figure_format(path))
    figure.commit()
    print(f"figure written to {path}")


#: Output file extensions of 'kneeload sweep -o' and what they write.
_OUTPUT_KINDS = {**dict.fromkeys(HDF5_SUFFIXES, "hdf5"), ".csv": "csv"}


def _output_kind(path: str | None, kinds: dict[str, str] = _OUTPUT_KINDS) -> str | None:
    """What `path` writes, from its extension (a key of `kinds`); an error for anything else."""
    if path is None:
        return None
    import os

    extension = os.path.splitext(path)[1].lower()
    if extension not in kinds:
        raise ValueError(f"invalid parameter 'output' = {path!r}: valid extensions are " + ", ".join(kinds))
    return kinds[extension]


def _figure_format(path: str | None) -> str:
    """Matplotlib's format from the figure's extension (it writes to a temporary name first);
    checked before any work, so that an unknown extension is an error, not a lost result."""
    import os

    if path is None:
        return ""
    from matplotlib.backend_bases import FigureCanvasBase

    extension = os.path.splitext(path)[1].lstrip(".").lower() or "png"
    supported = FigureCanvasBase.get_supported_filetypes()
    if extension not in supported:
        raise ValueError(
            f"invalid parameter 'plot' = {path!r}: valid extensions are "
            + ", ".join(f".{e}" for e in sorted(supported))
        )
    return extension


def _training(args) -> int:
    from .training import read_plan_csv, weekly_load

    starts = {}
    for item in args.shoe_start_km:
        shoe, _, km = item.partition("=")
        try:
            starts[shoe] = float(km)
        except ValueError:
            raise ValueError(f"invalid parameter 'shoe-start-km' = {item!r}: valid values are SHOE=KM") from None
    shoes: dict[str, dict[str, float | str]] = {}
    for item in args.shoe_setting:
        shoe, _, setting = item.partition(":")
        name, _, value = setting.partition("=")
        if not shoe or not name or not value:
            raise ValueError(f"invalid parameter 'shoe-setting' = {item!r}: valid values are SHOE:NAME=VALUE")
        try:
            shoes.setdefault(shoe, {})[name] = value if name in CHOICES else float(value)
        except ValueError:
            raise ValueError(
                f"invalid parameter '{name}' = {value!r} (shoe {shoe!r}): valid values are numbers"
            ) from None
    runner, _ = _collect(args, allow_lists=False)
    _figure_format(args.plot)
    with output_file(args.output) as table_file, output_file(args.plot) as figure:  # checked before any work
        result = weekly_load(
            read_plan_csv(args.plan),
            shoe_start_km=starts,
            shoes=shoes,
            threshold=args.threshold,
            shoe_wear=not args.no_shoe_wear,
            **runner,
        )
        _report_training(result, shoes, table_file, figure, args)
    return 0


def _report_training(result, shoes: dict, table_file, figure, args) -> None:
    """The plan's table on the console and, where asked for, in its file and figure."""
    failed = [
        f"week {int(week)}: {reason}"
        for week, status, reason in zip(result.week.values, result.status.values, result.reason.values, strict=True)
        if status != 0
    ]
    if failed:
        raise RuntimeError(f"{len(failed)} week(s) of the plan cannot be computed: " + "; ".join(failed))
    table = result.drop_vars(["reason"]).to_dataframe()
    columns = [
        "distance_km",
        "speed_m_per_s",
        "cadence_steps_per_min",
        "shoe",
        *sorted({name for settings in shoes.values() for name in settings}),  # each shoe's own settings
        "shoe_wear_km",
        "steps",
        "weekly_pfj_load_mpa_s",
        "change_pct",
        "flagged",
    ]
    print(table[columns].to_string(float_format=_positional))
    units = ", ".join(  # the registry's spelling (steps/min), not the file's CF one (min-1)
        f"{c} [{_registry_unit(c) or result[c].attrs['units']}]" for c in columns if "units" in result[c].attrs
    )
    print(f"units: {units}; flagged: {result['flagged'].attrs['long_name']}")
    if table_file:
        table.to_csv(table_file.path)
        table_file.commit()
        print(f"table written to {args.output}")
    if figure:
        import matplotlib

        matplotlib.use("Agg")
        from . import plot

        plot.training_load(result).savefig(figure.path, dpi=150, format=_figure_format(args.plot))
        figure.commit()
        print(f"figure written to {args.plot}")


def _sensitivity(args) -> int:
    from .sensitivity import sobol_indices

    ranges = _sensitivity_ranges(args.ranges)
    with output_file(args.output) as table_file, _failed_conditions_reported():  # the report counts failures
        ds = sobol_indices(
            ranges=ranges,
            fixed={"speed_m_per_s": args.speed, "cadence_ratio": 1.0},
            base_samples=args.samples,
            change=("cadence_ratio", 1.0, 1.1) if args.cadence_effect else None,
            max_failed_fraction=args.max_failed_fraction,
        )
        _report_sensitivity(ds, table_file, args.output)
    return 0


def _sensitivity_ranges(texts: Sequence[str] | None) -> dict[str, tuple[float, float]] | None:
    """``--range NAME=LOW:HIGH`` options as sobol_indices' ranges (None: its defaults)."""
    if not texts:
        return None
    ranges: dict[str, tuple[float, float]] = {}
    for text in texts:
        name, equals, span = text.partition("=")
        low, colon, high = span.partition(":")
        try:
            bounds = (float(low), float(high))
        except ValueError:
            bounds = (math.nan, math.nan)
        if not (equals and colon and name and all(math.isfinite(b) for b in bounds)):
            raise ValueError(
                f"invalid parameter '--range' = {text!r}: valid values are NAME=LOW:HIGH with numbers in the "
                "parameter's unit, e.g. swing_leg_retraction_fraction=0.5:0.9"
            )
        if name in ranges:
            raise ValueError(f"invalid parameter '--range' = {text!r}: {name} is given twice")
        ranges[name] = bounds
    return ranges


def _report_sensitivity(ds, table_file, output: str | None) -> None:
    """The indices on the console and, where asked for, in their file."""
    frame = ds[["S1", "ST", "S1_conf", "ST_conf"]].to_dataframe()
    for index in ("S1", "ST"):  # each with its 95 % confidence half-width
        frame[index] = [f"{v:.2f} ± {c:.2f}" for v, c in zip(frame[index], frame[f"{index}_conf"], strict=True)]
    print(frame[["S1", "ST"]].to_string())  # a row per output and parameter: fits a terminal
    print(
        f"{ds.attrs['samples']} conditions; ranges: {ds.attrs['ranges']}; S1 first-order, ST total Sobol index, "
        "each ± its 95 % confidence half-width (a slightly negative S1 is sampling error)"
    )
    counts = zip(ds["output"].values, ds["failed_samples"].values, ds["excluded_base_samples"].values, strict=True)
    failed = [f"{o} {int(n)} ({int(k)} base samples left out)" for o, n, k in counts if n]
    print(
        f"conditions without a result (their base samples left out of the indices, of {ds.attrs['base_samples']}): "
        + (", ".join(failed) if failed else "none")
    )
    if table_file:
        ds[["S1", "ST", "S1_conf", "ST_conf"]].to_dataframe().to_csv(table_file.path)
        table_file.commit()
        print(f"indices written to {output}")


#: Output file extensions of 'kneeload compare -o' and what they write.
_COMPARE_OUTPUTS = {".csv": "csv", ".md": "markdown", **dict.fromkeys(HDF5_SUFFIXES, "hdf5")}


def _compare(args) -> int:
    from .comparison import DEFAULT_INTERVENTIONS, DEFAULT_METRICS, HEADLINE_METRICS, compare
    from .runner import Runner

    kind = _output_kind(args.output, _COMPARE_OUTPUTS)
    runner_settings, _ = _collect(args, allow_lists=False)
    if args.population and runner_settings:
        raise ValueError(
            f"invalid parameter 'population' = {args.population!r}: give the runners' settings in the table, "
            f"not as options ({', '.join(runner_settings)})"
        )
    # A runner with options of its own is not the default runner: the name says so unless given.
    name = args.runner_name or ("runner" if runner_settings else "default runner")
    runners = args.population or Runner(name, **runner_settings)
    metrics = args.metric or list(DEFAULT_METRICS)
    # The output paths are checked before any work: the table's temporary file is created now,
    # and the figures' directory by a temporary file beside the first (never kept).
    _figure_format(args.plot)
    with output_file(args.output if kind else None) as table_file, output_file(args.plot):
        with _failed_conditions_reported():  # the table gives each failure's reason and the samples' count
            result = compare(
                args.intervention or list(DEFAULT_INTERVENTIONS),
                runners=runners,
                speeds_m_per_s=[float(v) for v in parse_values("speed", args.speed)],
                metrics=metrics,
                uncertainty_samples=args.samples,
                threads=args.threads,
            )
        # The metrics asked for with --metric, all of them; else the headline ones of the defaults.
        print(compare_table(result, args.metric or [m for m in metrics if m in HEADLINE_METRICS]))
        if table_file:
            _write_comparison(result, table_file, kind)
            print(f"comparison written to {args.output}")
        if args.plot:
            _plot_comparison(result, args.plot)
    failed = int((result["status"] != 0).sum() + (result["baseline_status"] != 0).sum())
    total = result["status"].size + result["baseline_status"].size
    if failed == total:
        raise RuntimeError("no condition of the comparison succeeded: see the reasons above")
    if args.strict and failed:
        print(f"kneeload: {failed} of {total} conditions failed (--strict)", file=sys.stderr)
        return EXIT_SOME_CONDITIONS_FAILED
    return 0


def compare_table(result, metrics: Sequence[str]) -> str:
    """Per runner and speed: the % change of each metric with its 5-95 % interval, or the reason
    a condition failed.

    Parameters
    ----------
    result : xarray.Dataset
        The result of :func:`kneeload.compare`.
    metrics : sequence of str
        The metrics to show (names of :data:`kneeload.METRICS`).

    Returns
    -------
    str
        The table, one block per runner and speed.
    """
    lines = []
    for runner in result.runner.values:
        for speed in result.speed_m_per_s.values:
            ds = result.sel(runner=runner, speed_m_per_s=speed)
            base = ds["baseline_status"].item()
            lines.append(f"{runner} at {speed:g} m/s, preferred cadence (baseline)")
            if base != 0:
                lines.append(f"  baseline failed: {ds['baseline_reason'].item()}")
                continue
            width = max(len(str(i)) for i in ds.intervention.values)
            widths = [max(22, len(m)) for m in metrics]
            header = [f"{'':<{width}}"] + [f"{m:>{w}}" for m, w in zip(metrics, widths, strict=True)]
            units = [f"{'':<{width}}"] + [
                f"{_baseline_text(ds.sel(metric=m)):>{w}}" for m, w in zip(metrics, widths, strict=True)
            ]
            lines += ["  " + "  ".join(header), "  " + "  ".join(units)]
            for name in ds.intervention.values:
                cells = [f"{name:<{width}}"]
                for m, w in zip(metrics, widths, strict=True):
                    cells.append(f"{_effect_cell(ds.sel(intervention=name, metric=m)):>{w}}")
                if ds["status"].sel(intervention=name).item() != 0:
                    cells.append(f"  {ds['reason'].sel(intervention=name).item()}")
                lines.append("  " + "  ".join(cells))
    from .comparison import interval_samples_text

    samples = int(result.attrs["uncertainty_samples"])
    interval = (
        f" [5-95 % range over {interval_samples_text(result)} of the uncertain model parameters]"
        if samples
        else " (no uncertainty intervals: --samples 0)"
    )
    lines.append(f"% change from the baseline{interval}; per km = per step x steps per km")
    return "\n".join(lines)


def _baseline_text(row) -> str:
    """``% of 23.96 MPa``: what a column's changes are relative to (positional: 20470 MPa/km)."""
    from .comparison import _significant

    unit = str(row["unit"].item())
    return f"% of {_significant(row['baseline_value'].item(), 4)}" + ("" if unit in ("", "1") else f" {unit}")


def _effect_cell(row) -> str:
    value, low, high = (float(row[v]) for v in ("change_pct", "change_pct_low", "change_pct_high"))
    if not np.isfinite(value):
        return "no result"
    interval = f" [{low:+.1f}, {high:+.1f}]" if np.isfinite(low) and np.isfinite(high) else ""
    return f"{value:+.1f}{interval}"


def _write_comparison(result, table_file, kind: str) -> None:
    """The table or Dataset into the output's temporary file, renamed when complete (no partial
    file)."""
    from .comparison import to_csv, to_markdown

    if kind == "csv":
        to_csv(result, table_file.path)
    elif kind == "markdown":
        with open(table_file.path, "w") as f:
            f.write(to_markdown(result) + "\n")
    else:
        result.to_netcdf(table_file.path, engine="h5netcdf")
    table_file.commit()


def _plot_comparison(result, path: str) -> None:
    import os

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from . import plot

    stem, extension = os.path.splitext(path)
    several = result.sizes["runner"] * result.sizes["speed_m_per_s"] > 1
    for runner in result.runner.values:
        for speed in result.speed_m_per_s.values:
            # Only the runner's name loses its spaces: the directory is the caller's.
            target = f"{stem}_{str(runner).replace(' ', '_')}_{speed:g}{extension}" if several else path
            fig = plot.compare(result, runner=runner, speed_m_per_s=speed)
            with output_file(target) as figure:
                fig.savefig(figure.path, dpi=150, format=_figure_format(target))
                figure.commit()
            plt.close(fig)
            print(f"figure written to {target}")


#: A value that starts with a minus sign: a negative number, list or range (-5, -1e3, -10:0:5, -inf).
_NEGATIVE_VALUE = re.compile(r"^-(\d|\.\d|inf|nan)", re.IGNORECASE)


def _attach_negative_values(argv: Sequence[str]) -> list[str]:
    """``--option -5`` -> ``--option=-5``: argparse would read ``-5`` (or ``-1e3``) as an option."""
    out: list[str] = []
    for token in argv:
        previous = out[-1] if out else ""
        if _NEGATIVE_VALUE.match(token) and previous.startswith("--") and "=" not in previous:
            out[-1] = f"{previous}={token}"
        else:
            out.append(token)
    return out


def _show_warning(message, category, filename, lineno, file=None, line=None) -> None:
    """A setting without effect as ``kneeload: warning: ...`` (not the code line that found it)."""
    if issubclass(category, IgnoredParameterWarning):
        print(f"kneeload: warning: {message}", file=sys.stderr)
    else:
        sys.stderr.write(warnings.formatwarning(message, category, filename, lineno, line))


#: Python parameters that a command's option sets under another name.
_OPTION_DESTINATIONS = {"base_samples": "samples", "uncertainty_samples": "samples"}


def _as_typed(message: str, argv: Sequence[str], command: str) -> str:
    """An error naming a parameter (``invalid parameter 'body_mass_kg' = 700``) first names the
    option as the user typed it, as argparse does: ``--mass: invalid parameter 'body_mass_kg' = 700``."""
    found = re.match(r"invalid parameter '(\w+)'", message)
    if not found:
        return message
    name = found.group(1)
    spec = PARAMETERS.get(name)
    dests = {name, _OPTION_DESTINATIONS.get(name, name), spec.alias.replace("-", "_") if spec and spec.alias else name}
    subparsers = next(a for a in build_parser()._actions if a.dest == "command").choices
    for action in subparsers[command]._actions:
        if action.dest not in dests:
            continue
        for option in action.option_strings:
            for value in _typed_values(option, argv):
                if value in message:  # the value that option gave, not one that came by another route
                    return f"{option}: {message}"
    return message


def _typed_values(option: str, argv: Sequence[str]) -> list[str]:
    """The values an option was given (``--mass 700``, ``--mass=700``)."""
    values = []
    for i, arg in enumerate(argv):
        if arg == option and i + 1 < len(argv):
            values.append(argv[i + 1])
        elif arg.startswith(option + "="):
            values.append(arg[len(option) + 1 :])
    return values


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``kneeload`` command.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default: the process's). A negative value may follow its option directly
        (``--trunk-flexion -5``).

    Returns
    -------
    int
        Exit status: 0 ok; 1 an error (printed as ``kneeload: error: ...``, naming the parameter,
        its value and the valid range for invalid input); 2 no periodic step (``simulate``);
        130 interrupted.
    """
    argv = _attach_negative_values(sys.argv[1:] if argv is None else argv)
    args, extras = build_parser().parse_known_args(argv)
    if extras:
        _refuse_unrecognized(args, extras)
    args.command_line = "kneeload " + shlex.join(argv)  # the files' history
    try:
        # A cancelled job removes its temporary files, as on Ctrl-C; a setting without effect is
        # printed as "kneeload: warning: ..." (the warning filters, -W and PYTHONWARNINGS, apply).
        with sigterm_cancels(), warnings.catch_warnings():
            warnings.showwarning = _show_warning
            if args.command == "training":
                return _training(args)
            if args.command == "sensitivity":
                return _sensitivity(args)
            if args.command == "compare":
                return _compare(args)
            return _simulate(args) if args.command == "simulate" else _sweep(args)
    except BrokenPipeError:  # the reader closed the pipe (`| head`): stop quietly, as on SIGPIPE
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except (ValueError, OSError, RuntimeError) as error:
        print(f"kneeload: error: {_as_typed(str(error), argv, args.command)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kneeload: interrupted", file=sys.stderr)
        return 130
    except Terminated as terminated:
        print("kneeload: terminated (SIGTERM)", file=sys.stderr)
        return terminated.code


if __name__ == "__main__":
    sys.exit(main())
