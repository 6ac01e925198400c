"""The Python vocabulary comes from the C++ registry, and everything generated from it agrees:
the type stubs, the CLI options and the validation of every parameter."""

import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from strategies import OPTIONAL, invalid_parameter

import kneeload
from kneeload import CHOICES, METRICS, PARAMETERS, TIME_SERIES, _core, cli

ROOT = Path(__file__).resolve().parents[2]


def test_every_entry_has_a_unit_a_meaning_and_a_valid_range():
    for name, p in PARAMETERS.items():
        assert p.unit and p.description and p.source, name
        assert p.lower < p.upper, name
        assert p.default is None or p.contains(p.default), name
    for name, c in CHOICES.items():
        assert len(c.options) >= 2 and c.default in c.options, name
        assert all(c.option_descriptions[o] for o in c.options), name
    for spec in list(METRICS.values()) + list(TIME_SERIES.values()):
        assert spec.unit and spec.description, spec.name


def test_defaults_match_a_default_simulation():
    # The registry's defaults are the values the core uses when nothing is given.
    inputs = kneeload.simulate_step(3.3, time_series=False).inputs
    for name, p in PARAMETERS.items():
        if p.default is not None:
            assert inputs[name] == p.default, name
    for name, c in CHOICES.items():
        assert inputs[name] == c.default, name


def test_type_stubs_are_generated_from_the_current_registry():
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_stubs.py"), "--check"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_every_parameter_and_choice_is_a_cli_option():
    parser = cli.build_parser()
    sweep = next(a for a in parser._subparsers._group_actions[0].choices.items() if a[0] == "sweep")[1]
    options = {o for action in sweep._actions for o in action.option_strings}
    for name, p in PARAMETERS.items():
        assert "--" + name.replace("_", "-") in options, name
        if p.alias:
            assert "--" + p.alias in options, name
    for name in CHOICES:
        assert "--" + name.replace("_", "-") in options, name


@settings(max_examples=150, deadline=None)
@given(invalid_parameter)
def test_every_parameter_rejects_values_outside_its_range_by_name(case):
    name, value = case
    with pytest.raises(ValueError) as error:
        kneeload.simulate_step(3.3, time_series=False, **{name: value})
    message = str(error.value)
    assert f"'{name}' = " in message
    assert PARAMETERS[name].valid_range in message


@pytest.mark.parametrize("name", sorted(OPTIONAL))
def test_optional_inputs_reject_out_of_range_values_too(name):
    # Ranges are checked before the combination of gait targets, so any companion will do.
    settings_ = {"speed_m_per_s": 3.3, name: PARAMETERS[name].lower - 1.0}
    with pytest.raises(ValueError, match=f"'{name}' = {PARAMETERS[name].lower - 1.0:g}: valid range"):
        kneeload.solve_gait(**settings_)


@pytest.mark.parametrize("value", ["soft", True, [1.0], {"a": 1}])
def test_a_value_of_the_wrong_type_names_the_parameter(value):
    with pytest.raises(ValueError, match="shoe_stiffness_n_per_m"):
        kneeload.simulate_step(3.3, shoe_stiffness_n_per_m=value)


def test_unknown_names_and_options_list_the_valid_ones():
    # A near miss (a typo) names the closest registry names (difflib); anything else lists them all.
    with pytest.raises(ValueError, match="'body_mass' = 70: unknown name; did you mean body_mass_kg\\?"):
        kneeload.simulate_step(3.3, body_mass=70)
    # A name without its unit names every name it starts, in sweeps as in single steps.
    with pytest.raises(ValueError, match="'cadence' = .*did you mean cadence_steps_per_min or cadence_ratio\\?"):
        kneeload.sweep({"cadence": [170.0, 180.0]}, progress=False)
    with pytest.raises(ValueError, match="'mass_of_runner' = 70: unknown name; valid names are speed_m_per_s"):
        kneeload.simulate_step(3.3, mass_of_runner=70)
    with pytest.raises(ValueError, match="'foot_strike' = 'heel': valid values are rearfoot, midfoot, forefoot"):
        kneeload.simulate_step(3.3, foot_strike="heel")


def test_metric_and_column_attributes_are_documented_with_units():
    r = kneeload.simulate_step(3.3)
    for name, spec in METRICS.items():
        assert getattr(r.metrics, name) == r.metrics[name] or math.isnan(r.metrics[name])
        assert f"[{spec.unit}]" in getattr(_core.StepMetrics, name).__doc__
    for name, spec in TIME_SERIES.items():
        assert len(getattr(r.time_series, name)) == len(r.time_series)
        assert f"[{spec.unit}]" in getattr(_core.TimeSeries, name).__doc__
