"""Command-line tool ``kneeload``: ``kneeload simulate|sweep|training|sensitivity ...``.

Every parameter of :data:`kneeload.PARAMETERS` and choice of :data:`kneeload.CHOICES` is an
option ``--name-with-dashes`` (its unit is part of the name; ``--help`` shows the unit, valid
range and meaning, all from the registry), with the registry's short aliases (``--speed``,
``--cadence``, ``--shoe-stiffness`` ...). In ``sweep``, a value can be a list ``a,b,c`` or an
inclusive range ``start:stop:step`` (choices: ``rearfoot,forefoot``); an option with several
values becomes a swept axis.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from collections.abc import Sequence

import numpy as np

from ._files import Terminated, output_file, sigterm_cancels
from .registry import CHOICES, METRICS, PARAMETERS

#: Speed of a ``simulate`` or ``sweep`` given no gait quantity [m/s].
DEFAULT_SPEED_M_PER_S = 3.3
SUMMARY_METRICS = [
    "contact_time_s",
    "peak_vgrf_bw",
    "knee_flexion_peak_deg",
    "peak_knee_extensor_moment_n_m_per_kg",
    "peak_pfj_force_bw",
    "peak_pfj_stress_mpa",
    "pfj_stress_time_integral_per_km_mpa_s",
]


def parse_values(name: str, text: str) -> np.ndarray:
    """``a``, ``a,b,c`` or ``start:stop:step`` (inclusive) -> values; ValueError otherwise."""
    try:
        if ":" in text:
            parts = [float(p) for p in text.split(":")]
            if len(parts) != 3 or parts[2] <= 0 or parts[1] < parts[0]:
                raise ValueError
            start, stop, step = parts
            count = int(np.floor((stop - start) / step + 1e-9)) + 1
            return start + step * np.arange(count)
        return np.array([float(p) for p in text.split(",")])
    except ValueError:
        raise ValueError(
            f"invalid parameter '{name}' = {text!r}: valid values are a number, a list a,b,c "
            "or a range start:stop:step (inclusive)"
        ) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="kneeload",
        description="Running ground-contact simulation and "
        "patellofemoral (knee) load. Units are part of every parameter name.",
    )
    from ._core import __version__

    parser.add_argument("--version", action="version", version=f"kneeload {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    simulate = sub.add_parser("simulate", help="solve and simulate one periodic step; print its metrics")
    sweep = sub.add_parser("sweep", help="run a parameter sweep in parallel; write HDF5, print a summary table")
    for p in (simulate, sweep):
        for name, spec in PARAMETERS.items():
            flags = (["--" + spec.alias] if spec.alias else []) + ["--" + name.replace("_", "-")]
            default = "" if spec.default is None else f"; default {spec.default:g}"
            p.add_argument(
                *flags,
                dest=name,
                metavar="VALUE" if p is simulate else "VALUES",
                help=f"{spec.description} [{spec.unit}]; valid {spec.valid_range}{default}",
            )
        for name, spec in CHOICES.items():
            p.add_argument(
                "--" + name.replace("_", "-"),
                dest=name,
                metavar="|".join(spec.options),
                help=f"{spec.description}; default {spec.default}" + ("; several (a,b) to sweep" if p is sweep else ""),
            )
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
    training.add_argument("--no-shoe-wear", action="store_true", help="do not accumulate shoe wear")
    training.add_argument("-o", "--output", help="write the weekly table as CSV")
    sens = sub.add_parser("sensitivity", help="Sobol indices of knee-load outputs to the uncertain model parameters")
    sens.add_argument("--samples", type=int, default=64, help="Saltelli base samples N (runs N (D + 2) conditions)")
    sens.add_argument("--speed", type=float, default=3.3, help="running speed [m/s] (preferred cadence)")
    sens.add_argument(
        "--cadence-effect",
        action="store_true",
        help="analyse the %% change of each output for +10 %% cadence instead of the output",
    )
    sens.add_argument("-o", "--output", help="write the indices as CSV")
    simulate.add_argument("--csv", help="write the stance time series to this CSV file")
    simulate.add_argument("--plot", help="save a figure of vertical GRF, knee flexion and PFJ stress (PNG)")
    sweep.add_argument(
        "-o", "--output", help="file to write, by extension: .h5/.hdf5/.nc (HDF5, NetCDF4-readable by xarray) or .csv"
    )
    sweep.add_argument("--plot", help="save a heat map of peak PFJ stress over the first two swept axes (PNG)")
    sweep.add_argument("--threads", type=int, default=None, help="worker threads (default: all cores)")
    sweep.add_argument("--no-progress", action="store_true", help="no progress bar")
    return parser


def _collect(args, allow_lists: bool):
    fixed, axes = {}, {}
    for name in PARAMETERS:
        text = getattr(args, name)
        if text is None:
            continue
        values = parse_values(name, text)
        if len(values) == 1:
            fixed[name] = float(values[0])
        elif allow_lists:
            axes[name] = values
        else:
            raise ValueError(f"invalid parameter '{name}' = {text!r}: simulate takes one value")
    for name in CHOICES:
        text = getattr(args, name)
        if text is None:
            continue
        options = text.split(",")
        if len(options) == 1:
            fixed[name] = options[0]
        elif allow_lists:
            axes[name] = options
        else:
            raise ValueError(f"invalid parameter '{name}' = {text!r}: simulate takes one value")
    return fixed, axes


def _default_gait(fixed: dict, axes: dict) -> None:
    """Speed 3.3 m/s when no gait quantity is given (the core then runs at the preferred cadence)."""
    gait = ("speed_m_per_s", "cadence_steps_per_min", "step_length_m")
    if not any(name in fixed or name in axes for name in gait):
        fixed["speed_m_per_s"] = DEFAULT_SPEED_M_PER_S


def _simulate(args) -> int:
    from .step import simulate_step

    fixed, _ = _collect(args, allow_lists=False)
    _default_gait(fixed, {})
    result = simulate_step(**fixed)
    if not result.ok:
        print(f"no periodic step: {result.reason}", file=sys.stderr)
        return 2
    print(
        f"kneeload: one step; {result.inputs['foot_strike']} strike, contact-area curve "
        f"{result.inputs['contact_area_curve']}"
    )
    for name, value in result.metrics.items():
        print(f"  {name:<42} {value:>14.6g}  {METRICS[name].unit}")
    if args.csv:
        from . import _core

        _core.write_time_series_csv(args.csv, result.time_series)
        print(f"time series written to {args.csv}")
    if args.plot:
        import matplotlib

        matplotlib.use("Agg")
        from . import plot

        with output_file(args.plot) as figure:
            plot.step(result).savefig(figure.path, dpi=120, format=_figure_format(args.plot))
            figure.commit()
        print(f"figure written to {args.plot}")
    return 0


def _cell(value, column: str) -> str:
    if isinstance(value, str):
        return f"{value:>22}"
    return f"{int(value):>22d}" if column == "status" else f"{value:>22.6g}"


def summary_table(dataset, axis_names: Sequence[str], max_rows: int = 60) -> str:
    """Swept values, status and the main metrics, one row per condition."""
    flat = dataset[SUMMARY_METRICS + ["status"]].to_dataframe().reset_index()
    columns = list(axis_names) + SUMMARY_METRICS + ["status"]
    header = "  ".join(f"{c[:22]:>22}" for c in columns)
    units = "  ".join(f"{('[' + (_registry_unit(c) if c != 'status' else '0=ok') + ']')[:22]:>22}" for c in columns)
    lines = [header, units]
    for _, row in flat.head(max_rows).iterrows():
        lines.append("  ".join(_cell(row[c], c) for c in columns))
    if len(flat) > max_rows:
        lines.append(f"... {len(flat) - max_rows} more rows in the file")
    ok = int((dataset["status"] == 0).sum())
    lines.append(f"{ok} of {int(dataset['status'].size)} conditions ok")
    return "\n".join(lines)


def _registry_unit(name: str) -> str:
    """The unit as the registry writes it ("BW", "steps/min"; the files hold its CF spelling)."""
    spec = METRICS.get(name) or PARAMETERS.get(name)
    return spec.unit if spec is not None else ""


def _sweep(args) -> int:
    """Checks the CSV and figure outputs and creates their temporary files before the sweep."""
    csv_output = args.output if _output_kind(args.output) == "csv" else None
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
    kind = _output_kind(args.output)
    to = args.output if kind == "hdf5" else None
    dataset = sweep(
        axes,
        fixed=fixed,
        threads=args.threads,
        progress=False if args.no_progress else 1,
        to=to,
        history=args.command_line,
    )
    print(summary_table(dataset, list(axes)))
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
        import matplotlib

        matplotlib.use("Agg")
        from . import plot

        names = list(axes)
        if len(names) >= 2:
            selection = {n: dataset[n].values[0] for n in names[2:]}
            fig = plot.heatmap(dataset, "peak_pfj_stress_mpa", names[0], names[1], **selection)
        elif len(names) == 1:
            fig = plot.percent_change(
                dataset,
                ["peak_pfj_stress_mpa", "pfj_stress_time_integral_per_km_mpa_s", "peak_vgrf_bw"],
                names[0],
                dataset[names[0]][len(dataset[names[0]]) // 2].item(),
            )
        else:
            raise ValueError("invalid parameter 'plot': a plot needs at least one swept axis")
        fig.savefig(figure.path, dpi=120, format=_figure_format(args.plot))
        figure.commit()
        print(f"figure written to {args.plot}")
    return 0


#: Output file extensions of 'kneeload sweep -o' and what they write.
_OUTPUT_KINDS = {".h5": "hdf5", ".hdf5": "hdf5", ".nc": "hdf5", ".csv": "csv"}


def _output_kind(path: str | None) -> str | None:
    """'hdf5' or 'csv' from the output's extension; an error for anything else."""
    if path is None:
        return None
    import os

    extension = os.path.splitext(path)[1].lower()
    if extension not in _OUTPUT_KINDS:
        raise ValueError(f"invalid parameter 'output' = {path!r}: valid extensions are " + ", ".join(_OUTPUT_KINDS))
    return _OUTPUT_KINDS[extension]


def _figure_format(path: str) -> str:
    """Matplotlib's format from the figure's extension (it writes to a temporary name first)."""
    import os

    return os.path.splitext(path)[1].lstrip(".").lower() or "png"


def _training(args) -> int:
    from .training import read_plan_csv, weekly_load

    starts = {}
    for item in args.shoe_start_km:
        shoe, _, km = item.partition("=")
        try:
            starts[shoe] = float(km)
        except ValueError:
            raise ValueError(f"invalid parameter 'shoe-start-km' = {item!r}: valid values are SHOE=KM") from None
    result = weekly_load(
        read_plan_csv(args.plan), shoe_start_km=starts, threshold=args.threshold, shoe_wear=not args.no_shoe_wear
    )
    table = result.drop_vars(["reason"]).to_dataframe()
    columns = [
        "distance_km",
        "speed_m_per_s",
        "cadence_steps_per_min",
        "shoe",
        "shoe_wear_km",
        "steps",
        "weekly_pfj_load_mpa_s",
        "change_pct",
        "flagged",
    ]
    print(table[columns].to_string(float_format=lambda x: f"{x:.4g}"))
    units = ", ".join(f"{c} [{result[c].attrs['units']}]" for c in columns if "units" in result[c].attrs)
    print(f"units: {units}; flagged: {result['flagged'].attrs['long_name']}")
    if args.output:
        table.to_csv(args.output)
        print(f"table written to {args.output}")
    return 0


def _sensitivity(args) -> int:
    from .sensitivity import sobol_indices

    ds = sobol_indices(
        fixed={"speed_m_per_s": args.speed, "cadence_ratio": 1.0},
        base_samples=args.samples,
        change=("cadence_ratio", 1.0, 1.1) if args.cadence_effect else None,
    )
    table = ds[["S1", "ST"]].to_dataframe().unstack("parameter")
    print(table.to_string(float_format=lambda x: f"{x:.2f}"))
    print(f"{ds.attrs['samples']} conditions; ranges: {ds.attrs['ranges']}; S1 first-order, ST total Sobol index")
    if args.output:
        ds[["S1", "ST", "S1_conf", "ST_conf"]].to_dataframe().to_csv(args.output)
        print(f"indices written to {args.output}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.command_line = "kneeload " + shlex.join(sys.argv[1:] if argv is None else argv)  # the files' history
    try:
        with sigterm_cancels():  # a cancelled job removes its temporary files, as on Ctrl-C
            if args.command == "training":
                return _training(args)
            if args.command == "sensitivity":
                return _sensitivity(args)
            return _simulate(args) if args.command == "simulate" else _sweep(args)
    except (ValueError, OSError, RuntimeError) as error:
        print(f"kneeload: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("kneeload: interrupted", file=sys.stderr)
        return 130
    except Terminated as terminated:
        print("kneeload: terminated (SIGTERM)", file=sys.stderr)
        return terminated.code


if __name__ == "__main__":
    sys.exit(main())
