"""Calibration of the default runner against published magnitudes, read from
kneeload.literature.CALIBRATION (the one place the reference values live, with their sources)."""

import pytest

import kneeload
from kneeload.literature import CALIBRATION


@pytest.mark.parametrize(
    "reference",
    [
        pytest.param(r, marks=pytest.mark.xfail(strict=True, reason=r.known_deviation) if r.known_deviation else ())
        for r in CALIBRATION
    ],
    ids=lambda r: f"{r.metric}-{r.settings}",
)
def test_the_default_runner_falls_in_the_published_range(reference):
    result = kneeload.simulate_step(time_series=False, **reference.settings)
    assert result.ok, result.reason
    value = result.metrics[reference.metric]
    assert reference.lower <= value <= reference.upper, f"{value:.4g} outside {reference.citation}"


def test_forefoot_strike_shows_no_distinct_impact_peak():
    # Lieberman et al. (2010) Nature 463:531: forefoot strikers show no impact transient.
    result = kneeload.simulate_step(3.3, foot_strike="forefoot", time_series=False)
    assert result.metrics.has_impact_peak == 0.0
