"""Property tests (hypothesis) over the registry's whole valid ranges: any valid runner, shoe,
surface and foot strike either gives a periodic step with finite metrics or says why not."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import valid_model

import kneeload


# Every parameter is drawn, whichever options are: many have no effect under the drawn ones, and
# an implausible step is one of the outcomes this test accepts (with its reason).
@pytest.mark.filterwarnings("ignore::kneeload.IgnoredParameterWarning")
@pytest.mark.filterwarnings("ignore::kneeload.ImplausibleStepWarning")
@settings(max_examples=40, deadline=None)
@given(valid_model(), st.floats(2.0, 6.5), st.floats(0.8, 1.25))
def test_valid_inputs_give_a_step_or_a_reason(model, speed, cadence_ratio):
    try:
        r = kneeload.simulate_step(speed, cadence_ratio=cadence_ratio, time_series=False, **model)
    except ValueError as error:
        # Every input is in range, but the cadence or step length they imply may not be (a 1 m
        # tall runner's preferred cadence x 1.25): the error says how it was derived.
        assert "derived as" in str(error)
        return
    if not r.ok:
        assert r.reason
        return
    for name, value in r.metrics.items():
        if name.startswith("impact_peak") and r.metrics.has_impact_peak == 0.0:
            assert math.isnan(value)
        else:
            assert math.isfinite(value), name
    assert r.metrics.peak_pfj_stress_mpa >= 0
