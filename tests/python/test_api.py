"""The Python surface of one condition: typed results, units, defaults, errors (not the C++
numerics, which the doctest suite checks)."""

import math

import numpy as np
import pytest

import kneeload
from kneeload import METRICS, TIME_SERIES


def test_simulate_step_returns_every_metric_and_equal_length_time_series():
    r = kneeload.simulate_step(3.3, 170)
    assert r.ok and r.reason == ""
    assert list(r.metrics.keys()) == list(METRICS)
    series = r.time_series.to_dict()
    assert list(series) == list(TIME_SERIES) + ["is_event"]
    assert {len(v) for v in series.values()} == {len(r.time_series)}
    # 2 kHz grid plus exact events over the contact time.
    assert len(r.time_series) >= int(r.metrics.contact_time_s * 2000)
    assert r.time_series.is_event[0] == 1 and r.time_series.is_event[-1] == 1
    assert r.inputs["contact_area_curve"] == "kernozek_cubic"


def test_time_series_is_a_read_only_mapping_of_arrays():
    # Indexing by name once read a dict that no longer existed (a crash); each column by name must
    # equal its attribute, and an unknown name is a KeyError that says where the names are.
    series = kneeload.simulate_step(3.3).time_series
    for name in [*TIME_SERIES, "is_event"]:
        assert name in series
        np.testing.assert_array_equal(series[name], getattr(series, name))
    assert "knee_angle" not in series
    with pytest.raises(KeyError, match="kneeload.TIME_SERIES"):
        series["knee_angle"]


def test_results_have_short_reprs():
    r = kneeload.simulate_step(3.3)
    assert len(repr(r)) < 300 and len(repr(r.metrics)) < 300 and len(repr(r.time_series)) < 100


def test_step_dataset_keeps_units_metrics_and_inputs():
    r = kneeload.simulate_step(3.3, 170, foot_strike="forefoot", body_mass_kg=62.0)
    ds = r.to_dataset()
    assert ds["time_s"].attrs["units"] == "s"
    assert ds["pfj_stress_mpa"].attrs["units"] == "MPa"
    assert ds["pfj_stress_mpa"].attrs["long_name"] == TIME_SERIES["pfj_stress_mpa"].description
    assert ds["peak_vgrf_bw"].item() == r.metrics.peak_vgrf_bw
    assert ds.attrs["foot_strike"] == "forefoot" and ds.attrs["body_mass_kg"] == 62.0
    assert list(r.to_dataframe().index[:2]) == list(r.time_series.time_s[:2])


def test_speed_alone_runs_at_the_preferred_cadence():
    r = kneeload.simulate_step(speed_m_per_s=3.3, time_series=False)
    assert r.metrics.cadence_steps_per_min == pytest.approx(kneeload.preferred_cadence(3.3), rel=1e-12)
    # Eur J Sport Sci 2019: 165 steps/min at 3.04 m/s for a 1.75 m runner.
    assert kneeload.preferred_cadence(3.04) == pytest.approx(165.0)


def test_cadence_ratio_multiplies_the_preferred_cadence():
    r = kneeload.simulate_step(speed_m_per_s=3.3, cadence_ratio=1.1, time_series=False)
    assert r.metrics.cadence_steps_per_min == pytest.approx(1.1 * kneeload.preferred_cadence(3.3), rel=1e-12)


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (
            dict(speed_m_per_s=3.3, cadence_steps_per_min=150, cadence_ratio=1.2),
            "'cadence_ratio' = 1.2: contradicts cadence_steps_per_min = 150",
        ),
        (dict(speed_m_per_s=3.3, cadence_steps_per_min=170, step_length_m=1.2), "over-specified"),
        (dict(cadence_ratio=1.1), "'cadence_ratio' = 1.1: needs speed_m_per_s"),
        (dict(step_length_m=1.1), "'step_length_m' = 1.1: needs speed_m_per_s or a second gait quantity"),
        (dict(), "'speed_m_per_s' = 'not given'"),
    ],
)
def test_contradictory_or_missing_gait_targets_are_errors_naming_what_was_given(kwargs, message):
    with pytest.raises(ValueError, match=message):
        kneeload.simulate_step(**kwargs)


def test_a_closure_target_selects_its_closure():
    r = kneeload.simulate_step(3.3, 170, target_contact_time_s=0.25, time_series=False)
    assert r.ok and r.gait.closure == "contact_time"
    assert r.metrics.contact_time_s == pytest.approx(0.25, abs=1e-6)
    with pytest.raises(ValueError, match="'closure' = 'duty_factor': needs target_duty_factor"):
        kneeload.simulate_step(3.3, 170, closure="duty_factor")
    with pytest.raises(ValueError, match="contradicts the chosen closure"):
        kneeload.simulate_step(3.3, 170, target_contact_time_s=0.25, target_duty_factor=0.3)


def test_choices_are_applied_and_recorded():
    r = kneeload.simulate_step(3.3, 170, foot_strike="forefoot", contact_area_curve="doyle_quartic", time_series=False)
    assert r.ok
    assert r.metrics.has_impact_peak == 0.0 and math.isnan(r.metrics.impact_peak_bw)
    assert r.inputs["contact_area_curve"] == "doyle_quartic"


def test_no_periodic_step_is_a_status_not_an_exception():
    r = kneeload.simulate_step(3.0, 220, target_contact_time_s=0.40)
    assert not r.ok
    assert r.status == "no_periodic_gait"
    # The gait status's name heads its reason, once: "no_flight_phase: contact time 0.4 s is not
    # shorter than the step period ... s".
    assert r.reason.startswith("no_flight_phase: contact time ") and "is not shorter than the step period" in r.reason
    assert all(math.isnan(v) for v in r.metrics.values())


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(speed_m_per_s=-3.0, cadence_steps_per_min=170), r"'speed_m_per_s' = -3: valid range is \[1, 10\] m/s"),
        (dict(speed_m_per_s=3.3, cadence_steps_per_min=float("nan")), "'cadence_steps_per_min' = nan"),
        (
            dict(speed_m_per_s=3.3, shoe_stiffness_n_per_m=10.0),
            r"'shoe_stiffness_n_per_m' = 10: valid range is \[5000, 5000000\] N/m",
        ),
        (dict(speed_m_per_s=3.3, body_mass_kg=1e4), r"'body_mass_kg' = 10000: valid range is \[20, 250\] kg"),
        (dict(speed_m_per_s=3.3, shoe_wear_km=float("inf")), "'shoe_wear_km' = inf"),
        (dict(speed_m_per_s=3.3, time_series="no"), "'time_series' = 'no'"),
    ],
)
def test_invalid_input_raises_value_error_with_name_value_and_range(kwargs, message):
    with pytest.raises(ValueError, match=message):
        kneeload.simulate_step(**kwargs)


def test_solve_gait_residuals_are_within_the_stated_tolerance():
    g = kneeload.solve_gait(3.3, 170)
    assert g.ok and g.status == "ok"
    assert g.residuals.max_abs() <= 1e-6
    assert abs(g.residuals.net_horizontal_impulse_n_s) <= 70 * 1e-6


def test_results_are_identical_on_repeated_calls():
    a = kneeload.simulate_step(3.3, 170)
    b = kneeload.simulate_step(3.3, 170)
    np.testing.assert_equal(a.metrics.to_dict(), b.metrics.to_dict())  # NaN (no impact peak) equals NaN
    np.testing.assert_array_equal(a.time_series.pfj_stress_mpa, b.time_series.pfj_stress_mpa)


def test_an_explicit_empirical_closure_with_a_target_is_a_contradiction():
    with pytest.raises(ValueError, match="'closure' = 'empirical': contradicts target_contact_time_s"):
        kneeload.simulate_step(3.3, closure="empirical", target_contact_time_s=0.25)
