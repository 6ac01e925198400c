"""Bounded fuzzing: 2,500 conditions drawn by hypothesis over every parameter's whole valid range
(and, in one condition of ten, one parameter outside it), run as sweeps through the C++ engine.
Whatever the input: no crash, every status has a reason, an ok result has no NaN (only the
impact-peak fields may be missing, and only without an impact peak), and a failed condition
reports no metrics but the kinematics of its inputs where they resolved. Prints the statuses it
saw."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import invalid_value, valid_model

import kneeload

BATCHES, CONDITIONS_PER_BATCH = 250, 10
SEEN: Counter[int] = Counter()
IMPACT_FIELDS = ("impact_peak_bw", "impact_peak_time_s")


@st.composite
def condition(draw) -> dict:
    settings_ = draw(valid_model())
    settings_["speed_m_per_s"] = draw(st.floats(1.0, 10.0))
    settings_["cadence_ratio"] = draw(st.floats(0.5, 1.6))
    if draw(st.integers(0, 9)) == 0:
        name = draw(st.sampled_from(sorted(settings_.keys() - kneeload.CHOICES.keys())))
        settings_[name] = draw(invalid_value(name))
    return settings_


#: Metrics of the gait's kinematics alone: a condition whose inputs resolved but whose step failed
#: still reports them (sweep/evaluate.hpp).
KINEMATIC_METRICS = {
    "speed_m_per_s",
    "cadence_steps_per_min",
    "step_length_m",
    "stride_length_m",
    "step_period_s",
    "steps_per_km",
}


# Every parameter is drawn, whichever options are: many have no effect under the drawn ones. Many
# conditions fail (the test checks their status and reason itself).
@pytest.mark.filterwarnings("ignore::kneeload.IgnoredParameterWarning")
@pytest.mark.filterwarnings("ignore::kneeload.FailedConditionsWarning")
@settings(
    max_examples=BATCHES,
    deadline=None,
    derandomize=True,  # the same 2,500 conditions on every run: CI is reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)
@given(st.lists(condition(), min_size=CONDITIONS_PER_BATCH, max_size=CONDITIONS_PER_BATCH))
def test_any_condition_gives_finite_metrics_or_a_status_with_a_reason(rows):
    names = list(rows[0])
    ds = kneeload.sweep(points={n: [row[n] for row in rows] for n in names}, progress=False)
    status, reason = ds["status"].values, ds["reason"].values
    SEEN.update(int(s) for s in status)
    assert set(np.unique(status)) <= {0, 1, 2, 3}
    failed = status != 0
    assert all(str(r) for r in reason[failed]), "every failed condition says why"
    assert not any(str(r) for r in reason[~failed]), "an ok condition has no reason"
    invalid = status == 2
    assert all("invalid parameter '" in str(r) for r in reason[invalid])
    impact = ds["has_impact_peak"].values == 1.0
    for name in set(kneeload.METRICS) - set(names):  # a swept input (speed) is echoed, not computed
        values = ds[name].values
        if name in KINEMATIC_METRICS:  # they follow from the inputs, once those resolved
            assert np.isnan(values[invalid]).all(), f"{name} reported for invalid input"
            assert np.isfinite(values[failed & ~invalid]).all(), f"{name} missing where the inputs resolved"
            continue
        assert np.isnan(values[failed]).all(), f"{name} reported for a failed condition"
        must_exist = ~failed & (impact if name in IMPACT_FIELDS else True)
        assert np.isfinite(values[must_exist]).all(), f"{name} NaN or inf in an ok result"


def test_zz_fuzz_tally(capsys):
    """The statuses the fuzzing saw (this file's last test)."""
    total = sum(SEEN.values())
    with capsys.disabled():
        print(
            f"\nfuzz: {total} conditions; ok {SEEN[0]}, no periodic gait {SEEN[1]}, invalid input {SEEN[2]}, "
            f"implausible {SEEN[3]}"
        )
    assert total >= 2000 and SEEN[0] > 0
