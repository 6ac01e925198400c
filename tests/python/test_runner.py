"""Runner profiles and population tables (kneeload.runner): settings and their defaults, the CSV
table, and sweeps with a runner dimension that give what each runner's own simulate_step gives."""

import numpy as np
import pandas as pd
import pytest

import kneeload
from kneeload.runner import Runner, read_population, sweep_runners, write_population

#: A sweep over runners runs as one list sweep, each condition solved from a neighbour's solution
#: (sweep/chains.hpp); periodic to the solver's 1e-7 like a cold simulate_step, it agrees with it
#: to the integration's accuracy, not bitwise (benchmarks/continuation.py: peak PFJ stress within
#: 3.2e-7 over a 128-entry list; test_sweep.cpp checks 1e-5).
SAME_SOLUTION = 1e-5


def test_a_runner_holds_its_settings_and_the_defaults_of_its_foot_strike():
    runner = Runner("forefoot runner", body_mass_kg=62.0, foot_strike="forefoot")
    assert runner.body_mass_kg == 62.0 and runner.settings == {"foot_strike": "forefoot", "body_mass_kg": 62.0}
    # README (Knee): touchdown knee flexion 19.8 deg for a forefoot strike at 3.5 m/s, 11.7 deg rearfoot.
    assert runner.knee_touchdown_flexion_deg == pytest.approx(19.8)
    assert Runner().knee_touchdown_flexion_deg == pytest.approx(11.7)
    assert runner.height_m == kneeload.PARAMETERS["height_m"].default
    assert runner.with_settings(body_mass_kg=None).settings == {"foot_strike": "forefoot"}


@pytest.mark.parametrize(
    "settings, message",
    [
        ({"speed_m_per_s": 3.3}, "'speed_m_per_s' = 3.3: a runner holds no gait setting"),
        ({"cadence_ratio": 1.1}, "'cadence_ratio' = 1.1: a runner holds no gait setting"),
        ({"body_mass_kg": -70.0}, r"'body_mass_kg' = -70: valid range is \[20, 250\] kg"),
        ({"foot_strike": "heel"}, "'foot_strike' = 'heel'"),
        ({"shoe_size": 42}, "'shoe_size' = 42: unknown name"),
    ],
)
def test_invalid_runner_settings_are_errors_naming_the_setting_and_its_range(settings, message):
    with pytest.raises(ValueError, match=message):
        Runner("x", **settings)


def test_a_population_table_round_trips_through_csv_and_empty_cells_are_defaults(tmp_path):
    runners = [
        Runner("A", body_mass_kg=60.0, foot_strike="forefoot"),
        Runner("B", trunk_flexion_deg=15.0, shoe_stiffness_n_per_m=240e3),
        Runner("C"),
    ]
    path = tmp_path / "population.csv"
    # Both halves of the round trip are also kneeload's, as the README names them.
    assert kneeload.write_population is write_population and kneeload.read_population is read_population
    write_population(runners, path)
    table = pd.read_csv(path)
    assert list(table.columns) == [
        "runner",
        "foot_strike",
        "body_mass_kg",
        "trunk_flexion_deg",
        "shoe_stiffness_n_per_m",
    ]
    assert read_population(path) == runners
    assert read_population(table)[2].body_mass_kg == kneeload.PARAMETERS["body_mass_kg"].default


@pytest.mark.parametrize(
    "table, message",
    [
        (pd.DataFrame({"name": ["A"]}), "no 'runner' column"),
        (pd.DataFrame({"runner": ["A", "A"]}), "duplicate names A"),
        (
            pd.DataFrame({"runner": ["A", "B"], "body_mass_kg": [60.0, 500.0]}),
            "runner 'B': invalid parameter 'body_mass_kg' = 500",
        ),
        (pd.DataFrame({"runner": ["A"], "speed_m_per_s": [3.0]}), "runner 'A': invalid parameter 'speed_m_per_s'"),
    ],
)
def test_bad_population_tables_are_errors_naming_the_runner_and_column(table, message):
    with pytest.raises(ValueError, match=message):
        read_population(table)


def test_a_sweep_over_runners_gives_each_runners_own_steps():
    runners = [
        Runner("light forefoot", body_mass_kg=60.0, foot_strike="forefoot"),
        Runner("flexed", trunk_flexion_deg=15.0),
    ]
    ds = kneeload.sweep({"cadence_ratio": [0.9, 1.1]}, fixed={"speed_m_per_s": 3.3}, runners=runners, progress=False)
    assert ds["peak_pfj_stress_mpa"].dims == ("runner", "cadence_ratio")
    assert list(ds.runner.values) == ["light forefoot", "flexed"]
    assert ds["body_mass_kg"].dims == ("runner",) and ds["body_mass_kg"].attrs["units"] == "kg"
    np.testing.assert_array_equal(ds["body_mass_kg"].values, [60.0, 70.0])  # the second keeps the default
    for runner in runners:
        for ratio in (0.9, 1.1):
            step = kneeload.simulate_step(3.3, cadence_ratio=ratio, time_series=False, **runner.settings)
            value = ds["peak_pfj_stress_mpa"].sel(runner=runner.name, cadence_ratio=ratio).item()
            assert value == pytest.approx(step.metrics.peak_pfj_stress_mpa, rel=SAME_SOLUTION)
    assert (ds["status"] == 0).all()


def test_a_runner_sweep_warns_of_its_failed_conditions_once_at_the_callers_line():
    # The light, tall midfoot runner has no periodic step at 2 m/s and 1.25 x his cadence (the leg
    # would pull; the envelope benchmark's example); the default runner has one.
    runners = [Runner("default"), Runner("light", body_mass_kg=45.0, height_m=1.95, foot_strike="midfoot")]
    axes, fixed = {"cadence_ratio": [1.0, 1.25]}, {"speed_m_per_s": 2.0}
    for run in (
        lambda: kneeload.sweep(axes, fixed=fixed, runners=runners, progress=False),
        lambda: sweep_runners(runners, axes, fixed),
    ):
        with pytest.warns(kneeload.FailedConditionsWarning, match=r"1 of 4 sweep conditions failed") as caught:
            ds = run()
        assert len(caught) == 1 and caught[0].filename == __file__
        assert int((ds["status"].values != 0).sum()) == 1


def test_a_runner_sweep_over_a_swept_input_that_is_also_a_metric():
    # The speed is an input and a metric: its axis is the coordinate (it raised an xarray error).
    ds = kneeload.sweep_runners([Runner("a"), Runner("b", body_mass_kg=80.0)], {"speed_m_per_s": [3.0, 3.3]})
    assert ds["peak_pfj_stress_mpa"].dims == ("runner", "speed_m_per_s")
    assert ds["speed_m_per_s"].values.tolist() == [3.0, 3.3] and ds["speed_m_per_s"].attrs["units"] == "m/s"
    step = kneeload.simulate_step(3.3, time_series=False, body_mass_kg=80.0)
    value = ds["peak_pfj_stress_mpa"].sel(runner="b", speed_m_per_s=3.3).item()
    assert value == pytest.approx(step.metrics.peak_pfj_stress_mpa, rel=SAME_SOLUTION)


def test_a_runner_sweep_rejects_a_setting_both_swept_and_set_by_a_runner_and_file_output(tmp_path):
    with pytest.raises(ValueError, match="'body_mass_kg': both swept and set by a runner"):
        sweep_runners([Runner("A", body_mass_kg=60.0)], {"body_mass_kg": [70.0]}, {"speed_m_per_s": 3.3})
    with pytest.raises(ValueError, match="invalid parameter 'to'"):
        kneeload.sweep({"cadence_ratio": [1.0]}, fixed={"speed_m_per_s": 3.3}, runners=Runner(), to=tmp_path / "x.h5")


def test_choice_columns_in_points_give_each_rows_own_step():
    points = {"foot_strike": ["rearfoot", "forefoot", "midfoot"], "body_mass_kg": [60.0, 75.0, 90.0]}
    ds = kneeload.sweep(points=points, fixed={"speed_m_per_s": 3.5}, progress=False)
    for i, (strike, mass) in enumerate(zip(*points.values(), strict=True)):
        step = kneeload.simulate_step(3.5, foot_strike=strike, body_mass_kg=mass, time_series=False)
        assert ds["foot_strike"].values[i] == strike
        assert ds["peak_pfj_stress_mpa"].values[i] == pytest.approx(step.metrics.peak_pfj_stress_mpa, rel=SAME_SOLUTION)
