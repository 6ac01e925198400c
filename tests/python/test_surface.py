"""The Python surface under ordinary use: every result object with the protocols a user reaches
for (mapping access, iteration, equality, copy, pickle, use after its parent is gone), the
registry entries, runners and the lazily imported submodules. The bad-input corpus checks invalid
values; this file checks valid use. Protocols that touch C++ memory run in a child interpreter,
so that a crash fails one test instead of ending the run."""

import copy
import math
import pickle
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

import kneeload
from kneeload import METRICS, TIME_SERIES, _core
from kneeload.training import Week, weekly_load


def run_child(code: str) -> str:
    """Runs code in a fresh interpreter; its stdout, or a failure naming the signal or error."""
    child = subprocess.run(
        [sys.executable, "-X", "faulthandler", "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode >= 0, f"killed by signal {-child.returncode}:\n{child.stderr[-2000:]}"
    assert child.returncode == 0, child.stderr[-2000:]
    return child.stdout


#: A rearfoot step (impact peak), a forefoot step (no impact peak: NaN metrics), a step without
#: time series and a condition without a periodic step (every metric NaN).
CALLS = {
    "rearfoot": dict(speed_m_per_s=3.3),
    "forefoot": dict(speed_m_per_s=3.3, foot_strike="forefoot"),
    "no series": dict(speed_m_per_s=3.3, time_series=False),
    "failed": dict(speed_m_per_s=3.0, cadence_steps_per_min=220, target_contact_time_s=0.40),
}


@pytest.fixture(scope="module")
def steps():
    return {label: kneeload.simulate_step(**call) for label, call in CALLS.items()}


def _parts(step):
    return [step, step.metrics, step.time_series, step.gait, step.gait.residuals]


def test_result_objects_outlive_their_parent_under_every_protocol():
    # Each object is taken from a result nobody holds any more, then the freed memory is reused
    # before it is read (the time series once returned a column of a freed dict: a crash).
    out = run_child(
        """
        import copy, gc, pickle
        import numpy as np
        import kneeload
        makers = {
            "metrics": lambda: kneeload.simulate_step(3.3).metrics,
            "time_series": lambda: kneeload.simulate_step(3.3).time_series,
            "gait": lambda: kneeload.simulate_step(3.3).gait,
            "residuals": lambda: kneeload.solve_gait(3.3).residuals,
        }
        for name, make in makers.items():
            obj = make()
            gc.collect()
            junk = [np.full(4096, 7.0) for _ in range(200)]
            twins = [copy.copy(obj), copy.deepcopy(obj), pickle.loads(pickle.dumps(obj)), make()]
            assert all(twin == obj for twin in twins), name
            repr(obj), str(obj), dir(obj)
            if hasattr(obj, "keys"):
                values = [obj[key] for key in obj.keys()]
                assert len(values) == len(list(obj.items()))
                assert all(np.array_equal(a, b, equal_nan=True) for a, b in zip(values, obj.values()))
            print(name, "ok")
        """
    )
    assert out.split() == ["metrics", "ok", "time_series", "ok", "gait", "ok", "residuals", "ok"]


@pytest.mark.parametrize("how", ["pickle", "copy", "deepcopy"])
def test_results_pickle_and_copy_to_identical_results(steps, how):
    # They could not be pickled (TypeError), so not returned from a multiprocessing or Dask
    # worker, nor deep-copied.
    clone = {
        "pickle": lambda o: pickle.loads(pickle.dumps(o)),
        "copy": copy.copy,
        "deepcopy": copy.deepcopy,
    }[how]
    for step in steps.values():
        for part in _parts(step):
            twin = clone(part)
            assert type(twin) is type(part) and twin == part
        twin = clone(step)
        assert twin.metrics.to_dict().keys() == step.metrics.to_dict().keys()
        np.testing.assert_array_equal(list(twin.metrics.values()), list(step.metrics.values()))
        for name in step.time_series.keys():
            np.testing.assert_array_equal(twin.time_series[name], step.time_series[name])
        assert (twin.gait.status, twin.gait.reason, twin.gait.iterations, repr(twin.gait.residuals)) == (
            step.gait.status,
            step.gait.reason,
            step.gait.iterations,
            repr(step.gait.residuals),
        )


def test_a_step_comes_back_from_a_worker_process():
    import concurrent.futures
    import multiprocessing

    with concurrent.futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        remote = pool.submit(kneeload.simulate_step, 3.3, foot_strike="forefoot").result(timeout=120)
    assert remote == kneeload.simulate_step(3.3, foot_strike="forefoot")


def test_results_compare_by_value(steps):
    # Two runs of one condition are identical (test_api), so their results must compare equal;
    # they compared by identity (False). NaN marks a quantity the step lacks and equals NaN.
    for label, step in steps.items():
        again = kneeload.simulate_step(**CALLS[label])
        assert again == step, label
        assert all(a == b for a, b in zip(_parts(again), _parts(step), strict=True)), label
        assert not any(a != b for a, b in zip(_parts(again), _parts(step), strict=True)), label
    assert math.isnan(steps["forefoot"].metrics.impact_peak_bw)
    other = kneeload.simulate_step(3.4)
    assert other.metrics != steps["rearfoot"].metrics and other.time_series != steps["rearfoot"].time_series
    assert other.gait != steps["rearfoot"].gait and other != steps["rearfoot"]
    assert steps["rearfoot"].metrics != steps["rearfoot"].metrics.to_dict()  # another type: not equal
    for part in _parts(steps["rearfoot"]):
        with pytest.raises(TypeError, match="unhashable"):
            hash(part)


def test_a_pickle_of_another_layout_is_a_clear_error():
    metrics = _core.StepMetrics.__new__(_core.StepMetrics)
    with pytest.raises(
        ValueError, match=f"cannot unpickle a StepMetrics of 1 values: this kneeload's has {len(METRICS)}"
    ):
        metrics.__setstate__((1.0,))
    series = _core.TimeSeries.__new__(_core.TimeSeries)
    state = list(kneeload.simulate_step(3.3).time_series.__getstate__())
    state[0] = state[0][:-1]
    with pytest.raises(ValueError, match="unequal columns"):
        series.__setstate__(tuple(state))


@pytest.mark.parametrize("part", ["metrics", "time_series"])
def test_result_mappings_follow_the_mapping_protocol(steps, part):
    mapping = getattr(steps["rearfoot"], part)
    names = list(METRICS) if part == "metrics" else [*TIME_SERIES, "is_event"]
    # Values, items and get were missing; a key that is not a string raised a TypeError listing
    # overloads. The metrics iterate over their names; the time series, whose len() is its
    # number of samples, refuses to be iterated (pandas.DataFrame(series) built a one-column
    # table of names from an iteration over them) and says what to use instead.
    assert list(mapping.keys()) == names
    if part == "metrics":
        assert list(mapping) == names
    else:
        with pytest.raises(TypeError, match=r"keys\(\).*to_dataframe"):
            list(mapping)
    assert [k for k, _ in mapping.items()] == names and len(list(mapping.values())) == len(names)
    assert dict(mapping).keys() == mapping.to_dict().keys()
    np.testing.assert_array_equal(mapping.get(names[1]), mapping[names[1]])
    assert mapping.get("nope") is None and mapping.get("nope", 0.0) == 0.0 and mapping.get(0) is None
    assert 0 not in mapping and None not in mapping and "nope" not in mapping and names[1] in mapping
    registry = "kneeload.METRICS" if part == "metrics" else "kneeload.TIME_SERIES"
    for key in (0, None, "nope"):
        with pytest.raises(KeyError, match=registry):
            mapping[key]
    # The time series' len() stays its number of samples (documented, used by StepResult).
    expected = len(METRICS) if part == "metrics" else len(mapping.time_s)
    assert len(mapping) == expected


def test_arrays_returned_are_copies_that_writing_cannot_corrupt(steps):
    series = steps["rearfoot"].time_series
    before = series.pfj_stress_mpa.copy()
    for column in (series.pfj_stress_mpa, series["pfj_stress_mpa"], series.to_dict()["pfj_stress_mpa"]):
        column[:] = -1.0
    np.testing.assert_array_equal(series.pfj_stress_mpa, before)


def test_registry_entries_copy_and_pickle_as_themselves():
    # A copy or pickle of a registry entry raised TypeError (so did copy.deepcopy of the
    # registries); an entry is the registry's own and stays it.
    for table in (kneeload.PARAMETERS, kneeload.CHOICES, kneeload.METRICS, kneeload.TIME_SERIES, kneeload.PLAUSIBILITY):
        for entry in table.values():
            assert copy.copy(entry) is entry and copy.deepcopy(entry) is entry
            assert pickle.loads(pickle.dumps(entry)) is entry
        assert copy.deepcopy(table) == table


def test_terminated_survives_pickling_and_copying():
    # It raised "__init__() takes 1 positional argument but 2 were given" when unpickled (as an
    # exception sent back from a worker is).
    for twin in (pickle.loads(pickle.dumps(kneeload.Terminated())), copy.deepcopy(kneeload.Terminated())):
        assert isinstance(twin, kneeload.Terminated) and twin.code == 143


def test_a_runner_refuses_attribute_assignment_instead_of_ignoring_it():
    # runner.body_mass_kg = 90 was accepted and read back 90, while compare and sweep (which use
    # runner.settings) kept 62 kg: a silent wrong answer.
    runner = kneeload.Runner("R1", body_mass_kg=62.0)
    for name, value in (("body_mass_kg", 90.0), ("foot_strike", "forefoot"), ("name", "R2")):
        with pytest.raises(AttributeError, match=rf"cannot set '{name}' of a Runner.*with_settings\({name}="):
            setattr(runner, name, value)
    with pytest.raises(AttributeError, match="cannot set 'colour' of a Runner.*registry names"):
        runner.colour = "red"
    with pytest.raises(AttributeError, match="cannot delete 'body_mass_kg'"):
        del runner.body_mass_kg
    assert runner == kneeload.Runner("R1", body_mass_kg=62.0) and runner.body_mass_kg == 62.0
    for twin in (copy.copy(runner), copy.deepcopy(runner), pickle.loads(pickle.dumps(runner))):
        assert twin == runner and hash(twin) == hash(runner)
    assert runner.with_settings(body_mass_kg=90.0).body_mass_kg == 90.0


def test_documented_submodules_are_reachable_after_import_kneeload():
    # README: kneeload.plot.compare(effects, ...) after "import kneeload" raised AttributeError:
    # plot is not imported with the package (matplotlib), so it is imported on first use.
    out = run_child(
        """
        import sys
        import kneeload
        assert "kneeload.plot" not in sys.modules
        print(kneeload.plot.compare.__module__, kneeload.literature.agrees.__module__, kneeload.cli.main.__module__)
        try:
            kneeload.no_such_name
        except AttributeError as error:
            print(error)
        """
    )
    assert out.splitlines() == [
        "kneeload.plot kneeload.literature kneeload.cli",
        "module 'kneeload' has no attribute 'no_such_name'",
    ]


def test_sweep_points_from_a_dataframe_are_its_rows():
    # A DataFrame of points raised "valid points are >= 1 rows of 0 values, one per axis []".
    columns = {"cadence_ratio": [0.9, 1.0, 1.1], "foot_strike": ["rearfoot", "forefoot", "midfoot"]}
    fixed = {"speed_m_per_s": 3.3}
    from_frame = kneeload.sweep(fixed=fixed, points=pd.DataFrame(columns), progress=False)
    from_mapping = kneeload.sweep(fixed=fixed, points=columns, progress=False)
    assert from_frame["status"].values.tolist() == [0, 0, 0]
    assert from_frame.identical(from_mapping.assign_attrs(history=from_frame.attrs["history"]))


def test_weekly_load_takes_a_plan_table():
    # A DataFrame plan raised "Week() argument after ** must be a mapping, not str"; its empty
    # cells are not given, as in a plan CSV (a NaN cadence made the week invalid).
    table = pd.DataFrame(
        {
            "week": [1, 2],
            "distance_km": [20.0, 23.0],
            "speed_m_per_s": [3.0, np.nan],
            "pace_min_per_km": [np.nan, 5.5],
            "cadence_steps_per_min": [np.nan, 170.0],
            "shoe": ["trainer", "trainer"],
        }
    )
    weeks = [
        Week(20.0, speed_m_per_s=3.0, shoe="trainer"),
        Week(23.0, pace_min_per_km=5.5, cadence_steps_per_min=170.0, shoe="trainer"),
    ]
    from_table, from_weeks = weekly_load(table), weekly_load(weeks)
    assert from_table["status"].values.tolist() == [0, 0]
    assert from_table.identical(from_weeks)
    with pytest.raises(ValueError, match="unknown column.*'distance'.*valid columns are week, distance_km"):
        weekly_load(table.rename(columns={"distance_km": "distance"}))


def test_time_series_flag_takes_a_numpy_bool():
    # np.bool_ (e.g. from a settings array) was refused as "valid values are True, False".
    assert len(kneeload.simulate_step(3.3, time_series=np.bool_(False)).time_series) == 0
    assert len(kneeload.simulate_step(3.3, time_series=np.bool_(True)).time_series) > 0


def test_a_reversed_block_names_its_range():
    # run_block(spec, 2, 0) blamed a 'chunk_size' of -2 the caller never gave.
    spec = _core.SweepSpec({"speed_m_per_s": 3.3}, {}, [("cadence_ratio", [0.9, 1.0, 1.1])])
    with pytest.raises(ValueError, match=r"invalid parameter 'first' = 2: a condition range \[first, last\)"):
        _core.run_block(spec, 2, 0)
