"""Regression tests: small versions of the science benchmark's comparisons assert the
direction of each published effect the model reproduces (benchmarks/science), so that a
later change that breaks one fails CI. Sources in benchmarks/science/literature.py."""

import math

import pytest

import kneeload


def metrics(**kwargs):
    r = kneeload.simulate_step(time_series=False, **kwargs)
    assert r.ok, r.reason
    return r.metrics


@pytest.fixture(scope="module")
def cadence():
    return {ratio: metrics(speed_m_per_s=3.3, cadence_ratio=ratio) for ratio in (1.0, 1.1)}


def test_higher_step_rate_lowers_pfj_force_knee_moment_and_flexion(cadence):
    # Lenhart et al. 2014 (-14 % PFJ force); Heiderscheit et al. 2011 (moment 2.5 -> 2.2 N m/kg, flexion 46.3 -> 42.8 deg)
    base, faster = cadence[1.0], cadence[1.1]
    assert faster["peak_pfj_force_bw"] < base["peak_pfj_force_bw"]
    assert faster["peak_knee_extensor_moment_n_m_per_kg"] < base["peak_knee_extensor_moment_n_m_per_kg"]
    assert faster["knee_flexion_peak_deg"] < base["knee_flexion_peak_deg"]
    # and the size: within +-50 % of the published -14 % (the benchmark's agreement criterion)
    change = 100 * (faster["peak_pfj_force_bw"] / base["peak_pfj_force_bw"] - 1)
    assert -21.0 <= change <= -7.0


def test_longer_steps_raise_pfj_load_per_step_and_per_km():
    # Willson et al. 2014: +31 % per step, +14 % per mile for +10 % step length at 3.7 m/s
    base_length = 3.7 * 60 / kneeload.preferred_cadence(3.7)
    base = metrics(speed_m_per_s=3.7, step_length_m=base_length)
    longer = metrics(speed_m_per_s=3.7, step_length_m=1.1 * base_length)
    assert longer["pfj_stress_time_integral_mpa_s"] > base["pfj_stress_time_integral_mpa_s"]
    assert longer["pfj_stress_time_integral_per_km_mpa_s"] > base["pfj_stress_time_integral_per_km_mpa_s"]


def test_forefoot_strike_lowers_pfj_stress_and_removes_the_impact_peak():
    # Vannatta & Kernozek 2015 (-27 % PFJ stress); Lieberman et al. 2010 (no impact transient)
    rear = metrics(speed_m_per_s=3.3, cadence_ratio=1.0)
    fore = metrics(speed_m_per_s=3.3, cadence_ratio=1.0, foot_strike="forefoot")
    assert fore["peak_pfj_stress_mpa"] < rear["peak_pfj_stress_mpa"]
    assert rear["has_impact_peak"] == 1.0 and fore["has_impact_peak"] == 0.0 and math.isnan(fore["impact_peak_bw"])


def test_leg_stiffness_rises_with_stride_frequency():
    # Farley & Gonzalez 1996: 7.0 -> 16.3 kN/m over -26 % ... +36 % at 2.5 m/s
    low = metrics(speed_m_per_s=2.5, cadence_ratio=0.74)["leg_stiffness_n_per_m"]
    high = metrics(speed_m_per_s=2.5, cadence_ratio=1.36)["leg_stiffness_n_per_m"]
    assert high / low == pytest.approx(16.3 / 7.0, rel=0.5)


def test_faster_running_shortens_contact_and_raises_peak_force():
    slow = metrics(speed_m_per_s=3.0, cadence_ratio=1.0)
    fast = metrics(speed_m_per_s=4.5, cadence_ratio=1.0)
    assert fast["contact_time_s"] < slow["contact_time_s"]
    assert fast["peak_vgrf_bw"] > slow["peak_vgrf_bw"]


def test_softer_surface_and_softer_shoe_lower_the_impact_peak():
    # The direction the compliance in series must give; magnitudes in the benchmark report.
    rigid = metrics(speed_m_per_s=3.7, cadence_ratio=1.0)
    soft = metrics(speed_m_per_s=3.7, cadence_ratio=1.0, surface_stiffness_n_per_m=75.4e3)
    assert soft["impact_peak_bw"] < rigid["impact_peak_bw"]
    hard_shoe = metrics(speed_m_per_s=3.3, cadence_ratio=1.0, shoe_stiffness_n_per_m=300e3)
    soft_shoe = metrics(speed_m_per_s=3.3, cadence_ratio=1.0, shoe_stiffness_n_per_m=50e3)
    assert soft_shoe["impact_peak_bw"] < hard_shoe["impact_peak_bw"]
    worn = metrics(speed_m_per_s=3.3, cadence_ratio=1.0, shoe_wear_km=500)
    new = metrics(speed_m_per_s=3.3, cadence_ratio=1.0)
    assert worn["impact_peak_bw"] > new["impact_peak_bw"]
