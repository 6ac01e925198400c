"""Calibration of the default runner against published magnitudes, read from
kneeload.literature.CALIBRATION (the one place the reference values live, with their sources)."""

import pytest

import kneeload
from kneeload.literature import CALIBRATION


@pytest.mark.parametrize("reference", CALIBRATION, ids=lambda r: r.metric)
def test_the_default_runner_falls_in_the_published_range(reference):
    result = kneeload.simulate_step(time_series=False, **reference.settings)
    assert result.ok, result.reason
    value = result.metrics[reference.metric]
    assert reference.lower <= value <= reference.upper, f"{value:.4g} outside {reference.citation}"


def test_forefoot_strike_shows_no_distinct_impact_peak():
    # Lieberman et al. (2010) Nature 463:531: forefoot strikers show no impact transient.
    result = kneeload.simulate_step(3.3, foot_strike="forefoot", time_series=False)
    assert result.metrics.has_impact_peak == 0.0


def test_leg_stiffness_rises_about_2_3_fold_from_minus_26_to_plus_36_percent_stride_frequency():
    # Farley & Gonzalez (1996): 7.0 -> 16.3 kN/m at 2.5 m/s. The empirical closure imposes the
    # sine-wave (Morin) estimate; the lab-style (kinematic) estimate checked here is independent.
    low, high = (
        kneeload.simulate_step(2.5, cadence_ratio=r, time_series=False).metrics.leg_stiffness_n_per_m
        for r in (0.74, 1.36)
    )
    assert high / low == pytest.approx(16.3 / 7.0, rel=0.10)
    assert low == pytest.approx(7.0e3, rel=0.15) and high == pytest.approx(16.3e3, rel=0.15)
