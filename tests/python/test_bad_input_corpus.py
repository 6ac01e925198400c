"""The bad-input corpus: every parameter with every kind of bad value (NaN, +-inf, below and above
its range, huge, a string, a wrong type), bad choices, contradictory and missing gait targets,
malformed sweeps, plans and paths, through the Python API, sweeps and the command line. Each must
give a clear error naming the parameter as the user wrote it, its value and what is valid (in a
sweep: the condition recorded as invalid input with that reason) — never a crash, a hang or a
silent result. The cases are generated from the registry, so a new parameter joins the corpus.
The C++ API's corpus is tests/cpp/test_registry.cpp and test_hand_set_inputs.cpp.

The last test prints the tally."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

import kneeload
from kneeload import cli, training

TALLY: Counter[str] = Counter()  # cases per surface
UNCLEAR: Counter[str] = Counter()  # cases per surface that did not give a clear error
BASE = {"speed_m_per_s": 3.3}


@dataclass
class Case:
    surface: str
    label: str
    call: Callable[[], object]
    must_mention: tuple[str, ...]
    error: type[BaseException] = ValueError


def _shown(value: object) -> tuple[str, ...]:
    """How a message may show a value: Python's repr or the core's 10 significant digits."""
    if isinstance(value, float):
        return (repr(value), format(value, ".10g"), "nan" if math.isnan(value) else format(value, ".10g"))
    return (repr(value),)


def _bad_numbers(spec) -> list[object]:
    """Every kind of bad value for a numeric parameter that its range excludes."""
    lower, upper = spec.lower, spec.upper
    span = upper - lower if math.isfinite(upper) else max(abs(lower), 1.0)
    candidates: list[object] = [math.nan, -math.inf, lower - 0.01 * span, -1e300]
    if math.isfinite(upper):
        candidates += [upper + 0.01 * span, 1e300]
    if not spec.upper_may_be_infinite:
        candidates.append(math.inf)
    if spec.lower_open:
        candidates.append(lower)
    if spec.upper_open:
        candidates.append(upper)
    if not spec.contains(0.0):
        candidates.append(0.0)
    if not spec.contains(-1.0):
        candidates.append(-1.0)
    bad = [v for v in candidates if not spec.contains(float(v))]
    return [*dict.fromkeys(bad), "abc", [1.0, 2.0], True]  # a string, a list, a bool


def _settings(name: str, value: object) -> dict[str, object]:
    """A valid condition apart from `name` (the gait quantities keep one valid partner)."""
    if name == "speed_m_per_s":
        return {"speed_m_per_s": value}
    return {**BASE, name: value}


def api_cases() -> list[Case]:
    cases = []
    for name, spec in kneeload.PARAMETERS.items():
        for value in _bad_numbers(spec):
            settings = _settings(name, value)
            cases.append(
                Case(
                    "python api",
                    f"simulate_step({name}={value!r})",
                    lambda s=settings: kneeload.simulate_step(time_series=False, **s),
                    (f"'{name}'", "valid"),
                )
            )
    for name, spec in kneeload.CHOICES.items():
        for value in ("nonsense", "", 3, 2.5):
            cases.append(
                Case(
                    "python api",
                    f"simulate_step({name}={value!r})",
                    lambda s={**BASE, name: value}: kneeload.simulate_step(time_series=False, **s),
                    (f"'{name}'", "valid values are", spec.options[0]),
                )
            )
    gait = [
        ({}, ("speed_m_per_s",)),  # no gait quantity at all
        ({"cadence_steps_per_min": 170}, ("cadence_steps_per_min",)),  # cadence alone
        ({"step_length_m": 1.1}, ("step_length_m",)),  # step length alone
        ({"speed_m_per_s": 3.3, "cadence_steps_per_min": 170, "step_length_m": 1.2}, ("step_length_m",)),
        ({"speed_m_per_s": 3.3, "cadence_steps_per_min": 150, "cadence_ratio": 1.2}, ("cadence_ratio",)),
        ({"cadence_ratio": 1.1}, ("cadence_ratio",)),  # a ratio without a speed
        ({"speed_m_per_s": 9.5, "cadence_ratio": 0.5}, ("derived",)),
        ({"speed_m_per_s": 3.3, "closure": "contact_time"}, ("closure", "target_contact_time_s")),
        ({"speed_m_per_s": 3.3, "target_contact_time_s": 0.25, "target_duty_factor": 0.3}, ("target_",)),
        ({"speed_m_per_s": 3.3, "closure": "empirical", "target_duty_factor": 0.3}, ("closure",)),
        ({"speed_m_per_s": 3.3, "unknown_parameter_m": 1.0}, ("'unknown_parameter_m'", "unknown name")),
        ({"speed_m_per_s": 3.3, "unknown_choice": "x"}, ("'unknown_choice'", "unknown name")),
        ({"speed_m_per_s": 3.3, "time_series": "no"}, ("'time_series'",)),
        ({"speed_m_per_s": 3.3, "sample_rate_hz": 0.0}, ("'sample_rate_hz'", "valid range")),
        ({"speed_m_per_s": 3.3, "sample_rate_hz": math.nan}, ("'sample_rate_hz'", "valid range")),
    ]
    for settings, mention in gait:
        cases.append(Case("python api", f"simulate_step(**{settings!r})", lambda s=settings: _simulate(s), mention))
    cases += [
        Case("python api", "preferred_cadence(nan)", lambda: kneeload.preferred_cadence(math.nan), ("speed_m_per_s",)),
        Case("python api", "preferred_cadence(50)", lambda: kneeload.preferred_cadence(50.0), ("speed_m_per_s",)),
        Case(
            "python api",
            "preferred_cadence(height_m=9)",
            lambda: kneeload.preferred_cadence(3.3, height_m=9.0),
            ("height_m", "valid range"),
        ),
        Case("python api", "solve_gait(speed=-1)", lambda: kneeload.solve_gait(-1.0), ("'speed_m_per_s' = -1",)),
    ]
    return cases


def _simulate(settings: dict) -> object:
    time_series = settings.pop("time_series", False) if "time_series" in settings else False
    rate = settings.pop("sample_rate_hz", 2000.0) if "sample_rate_hz" in settings else 2000.0
    result = kneeload.simulate_step(time_series=time_series, sample_rate_hz=rate, **settings)
    return result


def sweep_condition_cases() -> list[tuple[str, list[object]]]:
    """Per parameter, the bad numbers a sweep accepts as a column (numbers) and records per condition."""
    rows = []
    for name, spec in kneeload.PARAMETERS.items():
        numbers = [v for v in _bad_numbers(spec) if isinstance(v, float)]
        rows.append((name, numbers))
    return rows


def sweep_argument_cases(tmp_path) -> list[Case]:
    run = kneeload.sweep
    directory = tmp_path / "a_directory.h5"
    directory.mkdir()
    return [
        Case("sweep", "axes a list", lambda: run(["speed_m_per_s"], BASE), ("'axes'",)),
        Case("sweep", "empty axis", lambda: run({"cadence_ratio": []}, BASE), ("'cadence_ratio'", "non-empty")),
        Case("sweep", "string axis", lambda: run({"cadence_ratio": ["a"]}, BASE), ("'cadence_ratio'", "numbers")),
        Case("sweep", "unknown axis", lambda: run({"foo_m": [1.0, 2.0]}, BASE), ("'foo_m'", "unknown")),
        Case("sweep", "bad choice axis", lambda: run({"foot_strike": ["heel"]}, BASE), ("'foot_strike'", "valid")),
        Case("sweep", "numeric choice axis", lambda: run({"foot_strike": [1, 2]}, BASE), ("'foot_strike'", "option")),
        Case(
            "sweep",
            "points of two lengths",
            lambda: run(points={"cadence_ratio": [1.0, 1.1], "height_m": [1.7]}, fixed=BASE),
            ("'points'",),
        ),
        Case("sweep", "ragged rows", lambda: run(["cadence_ratio"], BASE, points=[[1.0], [1.0, 2.0]]), ("'points'",)),
        Case("sweep", "no rows", lambda: run(["cadence_ratio"], BASE, points=[]), ("'points'",)),
        Case(
            "sweep",
            "bad choice cell",
            lambda: run(["foot_strike"], BASE, points=[["heel"]]),
            ("'foot_strike'", "valid values are"),
        ),
        Case("sweep", "string cell", lambda: run(["height_m"], BASE, points=[["tall"]]), ("'height_m'", "numbers")),
        Case("sweep", "threads -1", lambda: run({"cadence_ratio": [1.0]}, BASE, threads=-1), ("'threads'", "valid")),
        Case("sweep", "threads 1.5", lambda: run({"cadence_ratio": [1.0]}, BASE, threads=1.5), ("'threads'",)),
        Case("sweep", "threads huge", lambda: run({"cadence_ratio": [1.0]}, BASE, threads=10**6), ("'threads'",)),
        Case("sweep", "chunk 0", lambda: run({"cadence_ratio": [1.0]}, BASE, chunk_size=0), ("'chunk_size'",)),
        Case(
            "sweep",
            "curve points negative",
            lambda: run({"cadence_ratio": [1.0]}, BASE, stance_curve_points=-1),
            ("'stance_curve_points'",),
        ),
        Case(
            "sweep",
            "curve points huge",
            lambda: run({"cadence_ratio": [1.0]}, BASE, stance_curve_points=10**9),
            ("'stance_curve_points'",),
        ),
        Case(
            "sweep",
            "grid too large for memory",
            lambda: run(
                {"cadence_ratio": np.linspace(0.9, 1.1, 10**5), "height_m": np.linspace(1.6, 1.9, 10**5)}, BASE
            ),
            ("'axes'", "memory"),
        ),
        Case(
            "sweep",
            "grid overflowing a count",
            lambda: run(
                {
                    n: np.linspace(1.0, 1.1, 65536)
                    for n in ("cadence_ratio", "height_m", "trunk_flexion_deg", "body_mass_kg")
                },
                BASE,
            ),
            ("'axes'", "more conditions than can be counted"),
        ),
        Case("sweep", "file without axes", lambda: run({}, BASE, to=tmp_path / "x.h5"), ("'axes'",)),
        Case(
            "sweep",
            "missing directory",
            lambda: run({"cadence_ratio": [1.0]}, BASE, to=tmp_path / "missing" / "x.h5"),
            ("missing",),
            OSError,
        ),
        Case(
            "sweep",
            "output is a directory",
            lambda: run({"cadence_ratio": [1.0]}, BASE, to=directory),
            ("a_directory.h5",),
            OSError,
        ),
        Case("sweep", "open a missing file", lambda: kneeload.open_sweep(tmp_path / "nope.h5"), ("nope.h5",), OSError),
    ]


def training_cases(tmp_path) -> list[Case]:
    def plan(text: str):
        path = tmp_path / f"plan{abs(hash(text))}.csv"
        path.write_text(text)
        return lambda: training.read_plan_csv(path)

    week = training.Week
    return [
        Case("training", "no weeks", lambda: training.weekly_load([]), ("'plan'",)),
        Case("training", "negative km", lambda: training.weekly_load([week(-5, 3.3)]), ("'distance_km' = -5",)),
        Case("training", "nan km", lambda: training.weekly_load([week(math.nan, 3.3)]), ("'distance_km' = nan",)),
        Case("training", "threshold 11", lambda: training.weekly_load([week(5, 3.3)], threshold=11), ("'threshold'",)),
        Case("training", "speed and pace", lambda: training.weekly_load([week(5, 3.3, 5.0)]), ("pace",)),
        Case("training", "neither speed nor pace", lambda: training.weekly_load([week(5)]), ("speed_m_per_s",)),
        Case("training", "unknown runner option", lambda: training.weekly_load([week(5, 3.3)], mass=70), ("'mass'",)),
        Case("training", "plan: unknown column", plan("distance_km,speed,\n5,3.3,\n"), ("'speed'", "valid columns")),
        Case("training", "plan: text distance", plan("distance_km,speed_m_per_s\nten,3.3\n"), ("'distance_km'",)),
        Case("training", "plan: missing distance", plan("distance_km,speed_m_per_s\n,3.3\n"), ("'distance_km'",)),
        Case("training", "plan: extra cells", plan("distance_km,speed_m_per_s\n5,3.3,9\n"), ("more cells",)),
        Case(
            "training", "plan: missing file", lambda: training.read_plan_csv(tmp_path / "no.csv"), ("no.csv",), OSError
        ),
    ]


def cli_cases(tmp_path) -> list[Case]:
    cases = []
    for name, spec in kneeload.PARAMETERS.items():
        flag = "--" + (spec.alias or name.replace("_", "-"))
        texts = ["abc", "nan", "1:2:0"] + [format(v, ".10g") for v in _bad_numbers(spec)[2:4] if isinstance(v, float)]
        base = [] if name == "speed_m_per_s" else ["--speed", "3.3"]
        for text in texts:
            cases.append(Case("cli", f"simulate {flag} {text}", _cli(["simulate", *base, flag, text]), (f"'{name}'",)))
    sweep = ["sweep", "--speed", "3.3", "--cadence", "160,170", "--no-progress"]
    cases += [
        Case("cli", "sweep -o out.txt", _cli([*sweep, "-o", str(tmp_path / "out.txt")]), ("'output'", ".h5")),
        Case("cli", "sweep -o missing dir", _cli([*sweep, "-o", str(tmp_path / "no" / "x.h5")]), ("x.h5",)),
        Case("cli", "sweep huge range", _cli([*sweep[:3], "--cadence", "0:1e12:1"]), ("at most",)),
        Case("cli", "sweep tiny step", _cli([*sweep[:3], "--cadence", "150:190:1e-7"]), ("at most",)),
        Case("cli", "sweep nothing swept", _cli(["sweep", "--speed", "3.3"]), ("'axes'",)),
        Case("cli", "sweep all invalid", _cli([*sweep[:3], "--height", "5,6", "--no-progress"]), ("no condition",)),
        Case("cli", "sweep threads -2", _cli([*sweep, "--threads", "-2"]), ("'threads'",)),
        Case("cli", "simulate two values", _cli(["simulate", "--speed", "3,4"]), ("one value",)),
        Case("cli", "simulate bad choice", _cli(["simulate", "--foot-strike", "heel"]), ("'foot_strike'",)),
        Case("cli", "training missing plan", _cli(["training", str(tmp_path / "none.csv")]), ("none.csv",)),
        Case(
            "cli", "training bad shoe km", _cli(["training", str(tmp_path / "p.csv"), "--shoe-start-km", "A"]), ("A",)
        ),
    ]
    (tmp_path / "p.csv").write_text("distance_km,speed_m_per_s\n5,3.3\n")
    return cases


def _cli(argv: list[str]) -> Callable[[], object]:
    def run():
        code = cli.main(argv)
        if code == 0:
            return "exit 0"
        raise _CliFailed(code)

    return run


class _CliFailed(Exception):
    pass


def _check(case: Case, capsys) -> str | None:
    """None when the case gives a clear error; otherwise what went wrong."""
    capsys.readouterr()
    try:
        result = case.call()
    except _CliFailed as failed:
        err = capsys.readouterr().err
        missing = [m for m in case.must_mention if m not in err]
        if failed.args[0] != 1 or not err.startswith("kneeload: error: ") or missing:
            return f"exit {failed.args[0]}, stderr {err!r} (missing {missing})"
        return None
    except case.error as error:
        message = str(error)
        missing = [m for m in case.must_mention if m not in message]
        return f"message {message!r} misses {missing}" if missing else None
    except BaseException as error:  # noqa: BLE001 - the corpus reports every other outcome
        return f"{type(error).__name__}: {error}"
    return f"no error: {result!r:.200}"


def _run(cases: list[Case], capsys) -> None:
    failures = [f"{c.surface}: {c.label}: {why}" for c in cases if (why := _check(c, capsys)) is not None]
    for c in cases:
        TALLY[c.surface] += 1
    UNCLEAR[cases[0].surface] += len(failures)
    assert not failures, "\n".join(failures)


def test_python_api_corpus(capsys):
    _run(api_cases(), capsys)


def test_numeric_bad_values_name_the_value_and_the_valid_range(capsys):
    failures = []
    for name, spec in kneeload.PARAMETERS.items():
        for value in _bad_numbers(spec)[:-3]:
            try:
                kneeload.simulate_step(time_series=False, **_settings(name, value))
                failures.append(f"{name}={value!r}: no error")
            except ValueError as error:
                message = str(error)
                if (
                    not any(f"'{name}' = {shown}" in message for shown in _shown(value))
                    or spec.valid_range not in message
                ):
                    failures.append(f"{name}={value!r}: {message}")
            TALLY["python api (value and range)"] += 1
    UNCLEAR["python api (value and range)"] += len(failures)
    assert not failures, "\n".join(failures)


def test_sweep_records_every_bad_value_as_invalid_input_with_its_reason():
    failures = []
    for name, values in sweep_condition_cases():
        fixed = {} if name == "speed_m_per_s" else BASE
        with pytest.warns(kneeload.FailedConditionsWarning, match=rf"{len(values)} of {len(values)} sweep conditions"):
            ds = kneeload.sweep(points={name: values}, fixed=fixed, progress=False)
        for value, status, reason in zip(values, ds["status"].values, ds["reason"].values, strict=True):
            TALLY["sweep condition"] += 1
            if int(status) != 2 or f"'{name}'" not in str(reason) or "valid" not in str(reason):
                failures.append(f"{name}={value!r}: status {int(status)}, reason {reason!r}")
        assert np.isnan(ds["peak_pfj_stress_mpa"].values).all()
    UNCLEAR["sweep condition"] += len(failures)
    assert not failures, "\n".join(failures)


def test_sweep_argument_corpus(capsys, tmp_path):
    _run(sweep_argument_cases(tmp_path), capsys)
    assert not list(tmp_path.glob("*.tmp")) and not (tmp_path / "x.h5").exists()  # nothing left behind


def test_training_corpus(capsys, tmp_path):
    _run(training_cases(tmp_path), capsys)


def test_cli_corpus(capsys, tmp_path):
    _run(cli_cases(tmp_path), capsys)


def test_zz_tally(capsys):
    """Prints the tally of the corpus (runs last in this file)."""
    total, unclear = sum(TALLY.values()), sum(UNCLEAR.values())
    with capsys.disabled():
        print(
            f"\nbad-input corpus: {total} cases ({', '.join(f'{k} {v}' for k, v in TALLY.items())}); "
            f"{total - unclear} clear errors, {unclear} not clear"
        )
    assert total >= 250 and unclear == 0
