"""Training load on small hand-checked plans."""

import numpy as np
import pytest

import kneeload
from kneeload import cli, training


def test_constant_step_load_scales_with_distance_and_flags_big_increases():
    # Same speed, cadence and an unworn shoe every week: the per-step load is the same, so
    # the weekly load scales with distance; 20 -> 21 km is +5 % (not flagged), 21 -> 24.15 +15 % (flagged).
    plan = [
        training.Week(20.0, speed_m_per_s=3.0, cadence_steps_per_min=170),
        training.Week(21.0, speed_m_per_s=3.0, cadence_steps_per_min=170),
        training.Week(24.15, speed_m_per_s=3.0, cadence_steps_per_min=170),
    ]
    ds = training.weekly_load(plan, shoe_wear=False)
    assert np.isnan(ds["change_pct"].values[0])
    assert ds["change_pct"].values[1] == pytest.approx(5.0, abs=1e-9)
    assert ds["change_pct"].values[2] == pytest.approx(15.0, abs=1e-9)
    assert list(ds["flagged"].values) == [False, False, True]
    assert ds["weekly_pfj_load_mpa_s"].attrs["units"] == "MPa s"


def test_weekly_load_is_per_km_load_times_distance():
    step = kneeload.simulate_step(3.0, 170, time_series=False)
    ds = training.weekly_load([training.Week(10.0, speed_m_per_s=3.0, cadence_steps_per_min=170)], shoe_wear=False)
    assert ds["weekly_pfj_load_mpa_s"].values[0] == pytest.approx(
        10.0 * step.metrics["pfj_stress_time_integral_per_km_mpa_s"], rel=1e-12
    )
    assert ds["steps"].values[0] == pytest.approx(10.0 * step.metrics["steps_per_km"], rel=1e-12)


def test_shoe_wear_accumulates_per_shoe():
    # Hand bookkeeping: shoe A starts at 100 km. Week 1 A 20 km -> mean wear 110; week 2 B 30 km
    # -> 15; week 3 A 10 km -> 100 + 20 + 5 = 125.
    plan = [
        dict(distance_km=20, speed_m_per_s=3.2, shoe="A"),
        dict(distance_km=30, speed_m_per_s=3.2, shoe="B"),
        dict(distance_km=10, speed_m_per_s=3.2, shoe="A"),
    ]
    ds = training.weekly_load(plan, shoe_start_km={"A": 100.0})
    assert list(ds["shoe_wear_km"].values) == [110.0, 15.0, 125.0]
    # Preferred cadence when none is given.
    assert ds["cadence_steps_per_min"].values[0] == pytest.approx(kneeload.preferred_cadence(3.2))


def test_pace_is_converted_to_speed():
    ds = training.weekly_load([training.Week(5.0, pace_min_per_km=5.0)], shoe_wear=False)
    assert ds["speed_m_per_s"].values[0] == pytest.approx(1000.0 / 300.0)


@pytest.mark.parametrize(
    "week, name",
    [
        (dict(distance_km=-5, speed_m_per_s=3.0), "distance_km"),
        (dict(distance_km=5), "speed_m_per_s"),
        (dict(distance_km=5, pace_min_per_km=0.0), "pace_min_per_km"),
    ],
)
def test_invalid_weeks_raise_value_error(week, name):
    with pytest.raises(ValueError, match=name):
        training.weekly_load([week])


def test_cli_training_reads_a_csv_plan(tmp_path, capsys):
    plan = tmp_path / "plan.csv"
    plan.write_text("week,distance_km,pace_min_per_km,shoe\n1,20,5.5,A\n2,22,5.5,A\n3,26,5.5,A\n")
    assert cli.main(["training", str(plan), "--shoe-start-km", "A=300", "-o", str(tmp_path / "out.csv")]) == 0
    out = capsys.readouterr().out
    assert "weekly_pfj_load_mpa_s" in out and "True" in out
    assert (tmp_path / "out.csv").exists()


def test_each_shoe_can_have_its_own_settings():
    plan = [training.Week(20.0, speed_m_per_s=3.0, shoe=shoe) for shoe in ("trainer", "racer", "trainer")]
    same = training.weekly_load(plan)
    own = training.weekly_load(plan, shoes={"racer": {"shoe_stiffness_n_per_m": 240e3}})
    assert own["shoe_stiffness_n_per_m"].values.tolist() == [100e3, 240e3, 100e3]
    assert own["shoe_stiffness_n_per_m"].attrs["units"] == "N/m"
    per_step = own["pfj_stress_time_integral_mpa_s"].values
    # The racer's week matches a step in that shoe (a stiffer shoe loads the PFJ more); the
    # trainer's weeks are as without the setting (within the warm-started sweep's accuracy).
    racer = kneeload.simulate_step(3.0, shoe_stiffness_n_per_m=240e3, shoe_wear_km=10.0, time_series=False)
    assert per_step[1] == pytest.approx(racer.metrics.pfj_stress_time_integral_mpa_s, rel=1e-5)
    assert per_step[1] > same["pfj_stress_time_integral_mpa_s"].values[1]
    np.testing.assert_allclose(per_step[[0, 2]], same["pfj_stress_time_integral_mpa_s"].values[[0, 2]], rtol=1e-5)
    with pytest.raises(ValueError, match="no week of the plan is run in 'spike'"):
        training.weekly_load(plan, shoes={"spike": {"shoe_stiffness_n_per_m": 1e5}})
    with pytest.raises(ValueError, match="'body_mass_kg' is not a shoe's own setting"):
        training.weekly_load(plan, shoes={"racer": {"body_mass_kg": 60.0}})


def test_cli_training_takes_a_shoes_own_setting(tmp_path, capsys):
    plan = tmp_path / "plan.csv"
    plan.write_text("distance_km,pace_min_per_km,shoe\n20,5.5,trainer\n20,5.5,racer\n")
    assert cli.main(["training", str(plan), "--shoe-setting", "racer:shoe_law=barefoot"]) == 0
    out = capsys.readouterr().out
    assert "shoe_law" in out and "barefoot" in out
    assert cli.main(["training", str(plan), "--shoe-setting", "racer:stiff"]) == 1
    assert "valid values are SHOE:NAME=VALUE" in capsys.readouterr().err
    # A bad value from --shoe-setting is not blamed on --shoe-stiffness, which was fine.
    argv = ["training", str(plan), "--shoe-stiffness", "150e3", "--shoe-setting", "racer:shoe_stiffness_n_per_m=abc"]
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert "'abc'" in err and "--shoe-stiffness:" not in err, err


def test_a_shoes_settings_are_checked_before_the_plan_runs_and_without_effect_warned_of():
    plan = [training.Week(20.0, speed_m_per_s=3.0, shoe=shoe) for shoe in ("trainer", "racer")]
    with pytest.raises(ValueError, match=r"'shoe_stiffness_n_per_m' = -1: valid range .* \(shoe 'racer'\)"):
        training.weekly_load(plan, shoes={"racer": {"shoe_stiffness_n_per_m": -1.0}})
    with pytest.warns(kneeload.IgnoredParameterWarning, match="every shoe of the plan sets its own"):
        training.weekly_load(
            plan,
            shoe_stiffness_n_per_m=150e3,
            shoes={"racer": {"shoe_stiffness_n_per_m": 240e3}, "trainer": {"shoe_stiffness_n_per_m": 100e3}},
        )
    with pytest.warns(kneeload.IgnoredParameterWarning, match="shoe 'racer': parameter 'shoe_stiffness_n_per_m'"):
        training.weekly_load(plan, shoes={"racer": {"shoe_law": "barefoot", "shoe_stiffness_n_per_m": 240e3}})
