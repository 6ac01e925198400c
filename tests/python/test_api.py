"""The Python surface of one condition: names, units, shapes, errors (not the C++ numerics)."""

import math

import numpy as np
import pytest

import kneeload


def test_simulate_step_returns_every_metric_and_equal_length_time_series():
    r = kneeload.simulate_step(3.3, 170)
    assert r.ok and r.reason == ""
    assert set(r.metrics) == set(kneeload.METRICS)
    lengths = {len(v) for v in r.time_series.values()}
    assert len(lengths) == 1
    # 2 kHz grid plus exact events over the contact time.
    assert lengths.pop() >= int(r.metrics["contact_time_s"] * 2000)
    assert r.time_series["is_event"][0] == 1 and r.time_series["is_event"][-1] == 1
    assert r.contact_area_curve == "kernozek_cubic"


def test_step_dataset_has_time_dimension_and_units():
    ds = kneeload.simulate_step(3.3, 170).to_dataset()
    assert list(ds.dims) == ["time_s"]
    assert ds["time_s"].attrs["units"] == "s"
    assert ds["pfj_stress_mpa"].attrs["units"] == "MPa"
    assert ds["vertical_grf_n"].attrs["units"] == "N"
    assert ds.attrs["contact_area_curve"] == "kernozek_cubic"


def test_every_metric_name_carries_a_unit():
    for name, unit in kneeload.METRICS.items():
        assert unit, name


def test_solve_gait_residuals_are_within_the_stated_tolerance():
    g = kneeload.solve_gait(3.3, 170)
    assert g["status"] == "ok"
    for name, value in g["residuals"].items():
        assert abs(value) <= 1e-6 * (1 if name != "net_horizontal_impulse_n_s" else 70), name


def test_cadence_ratio_uses_the_preferred_cadence():
    r = kneeload.simulate_step(speed_m_per_s=3.3, cadence_ratio=1.1)
    assert r.metrics["cadence_steps_per_min"] == pytest.approx(1.1 * kneeload.preferred_cadence(3.3))
    # Eur J Sport Sci 2019: 165 steps/min at 3.04 m/s for a 1.75 m runner.
    assert kneeload.preferred_cadence(3.04) == pytest.approx(165.0)


def test_choices_are_applied_and_recorded():
    r = kneeload.simulate_step(3.3, 170, foot_strike="forefoot", contact_area_curve="doyle_quartic")
    assert r.ok
    assert r.metrics["has_impact_peak"] == 0.0 and math.isnan(r.metrics["impact_peak_bw"])
    assert r.contact_area_curve == "doyle_quartic"


def test_no_periodic_step_is_a_status_not_an_exception():
    r = kneeload.simulate_step(3.0, 220, closure="contact_time", closure_value=0.40)
    assert not r.ok
    assert r.status == "no_periodic_gait"
    assert "no flight phase" in r.reason
    assert r.metrics == {}


@pytest.mark.parametrize(
    "kwargs, name",
    [
        (dict(speed_m_per_s=-3.0, cadence_steps_per_min=170), "gait.speed_m_per_s"),
        (dict(speed_m_per_s=3.3, cadence_steps_per_min=float("nan")), "cadence_steps_per_min"),
        (dict(speed_m_per_s=3.3, cadence_steps_per_min=170, shoe_stiffness_n_per_m=-1.0), "shoe.stiffness_n_per_m"),
        (dict(speed_m_per_s=3.3, cadence_steps_per_min=170, body_mass_kg=1e4), "runner.body_mass_kg"),
        (dict(speed_m_per_s=3.3, cadence_steps_per_min=170, shoe_wear_km=float("inf")), "shoe.wear_km"),
        (dict(speed_m_per_s=3.3, cadence_steps_per_min=170, knee_share_of_leg_compression=2.0),
         "knee.knee_share_of_leg_compression"),
        (dict(speed_m_per_s=3.3, cadence_steps_per_min=170, not_a_parameter=1.0), "not_a_parameter"),
        (dict(speed_m_per_s=3.3, cadence_steps_per_min=170, foot_strike="heel"), "foot_strike"),
        (dict(speed_m_per_s=3.3, cadence_steps_per_min=170, step_length_m=1.2), "gait.target"),
        (dict(speed_m_per_s=3.3, cadence_steps_per_min=170, shoe_stiffness_n_per_m="soft"), "shoe_stiffness_n_per_m"),
    ],
)
def test_invalid_input_raises_value_error_naming_the_parameter(kwargs, name):
    with pytest.raises(ValueError, match=name.replace(".", r"\.")):
        kneeload.simulate_step(**kwargs)


def test_value_error_states_the_valid_range():
    with pytest.raises(ValueError, match=r"valid range is \[5000, 5000000\] N/m"):
        kneeload.simulate_step(3.3, 170, shoe_stiffness_n_per_m=10.0)


def test_results_are_identical_on_repeated_calls():
    a = kneeload.simulate_step(3.3, 170)
    b = kneeload.simulate_step(3.3, 170)
    assert a.metrics == b.metrics
    np.testing.assert_array_equal(a.time_series["pfj_stress_mpa"], b.time_series["pfj_stress_mpa"])
