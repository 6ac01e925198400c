"""Golden-value regression: a few reference conditions and every metric, stored in
tests/golden/reference_steps.json, must come out within 1e-6 relative (1e-9 absolute). The model's
own numbers, not published ones: this catches any unintended change, which no published range
could (a 5 % drift passes every calibration band).

When the model changes on purpose, regenerate the file and say why in the commit:

    .venv/bin/python scripts/update_golden.py   # rewrites tests/golden/reference_steps.json
"""

import json
import math
from pathlib import Path

import pytest

import kneeload

GOLDEN = json.loads((Path(__file__).resolve().parents[1] / "golden" / "reference_steps.json").read_text())
#: The gait solver stops at residuals of 1e-7 (accepts 1e-6): metrics reproduce to ~1e-7 relative.
RELATIVE, ABSOLUTE = 1e-6, 1e-9
#: Numerical diagnostics, not results: zero to within the integration tolerance, not reproducible.
DIAGNOSTICS = {"energy_balance_error_j"}


@pytest.mark.parametrize("name", list(GOLDEN["conditions"]))
def test_reference_condition_reproduces_its_golden_metrics(name):
    reference = GOLDEN["conditions"][name]
    result = kneeload.simulate_step(time_series=False, **reference["inputs"])
    assert result.ok, result.reason
    assert set(result.metrics.keys()) == set(reference["metrics"]), "the metric list changed: regenerate"
    for metric, expected in reference["metrics"].items():
        value = result.metrics[metric]
        if metric in DIAGNOSTICS:
            assert abs(value) < 1e-3, metric
        elif expected is None:
            assert math.isnan(value), metric
        else:
            assert value == pytest.approx(expected, rel=RELATIVE, abs=ABSOLUTE), metric
