"""The Python vocabulary comes from the C++ registry, and everything generated from it agrees:
the type stubs, the CLI options and the validation of every parameter."""

import math
import re
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import numpy as np
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


#: A target for each closure (a target selects its closure), each solving at 3.3 m/s.
CLOSURE_TARGETS = {
    "empirical": {},
    "contact_time": {"target_contact_time_s": 0.24},
    "duty_factor": {"target_duty_factor": 0.35},
    "leg_stiffness": {"target_leg_stiffness_n_per_m": 2.2e4},
    "touchdown_angle": {"target_touchdown_angle_deg": 70.0},
    "foot_placement": {"target_foot_placement_m": 0.3},
}
READ_ONLY_WITH = [name for name, p in PARAMETERS.items() if p.read_only_with is not None]


def _metrics(choice: str, option: str, require_ok: bool = True, **settings) -> np.ndarray | None:
    """Every metric of the 3.3 m/s step under the option; None for a step that fails, where
    ``require_ok`` is False (a change that makes the step fail has an effect)."""
    chosen = CLOSURE_TARGETS[option] if choice == "closure" else {choice: option}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", kneeload.IgnoredParameterWarning)
        step = kneeload.simulate_step(3.3, time_series=False, **chosen, **settings)
    if not step.ok and not require_ok:
        return None
    assert step.ok, (choice, option, step.reason)
    return np.array([getattr(step.metrics, name) for name in METRICS], dtype=float)


def test_the_choices_that_read_a_parameter_exist():
    assert len(READ_ONLY_WITH) >= 12  # the shoe's and heel pad's laws, the empirical closure's stiffness
    for name in READ_ONLY_WITH:
        choice, options = PARAMETERS[name].read_only_with
        assert choice in CHOICES and options and set(options) < set(CHOICES[choice].options), name


@pytest.mark.parametrize("name", READ_ONLY_WITH)
def test_a_parameter_changes_the_step_exactly_under_the_options_said_to_read_it(name):
    # The registry's read_only_with, which warns of a setting without effect, against the model
    # itself: under an option that reads the parameter a different value changes the step; under
    # any other option the step is bit for bit the same.
    p = PARAMETERS[name]
    choice, readers = p.read_only_with
    value = p.default * 1.25 if p.default else p.lower + 1.0
    assert p.contains(value)
    for option in CHOICES[choice].options:
        base, changed = _metrics(choice, option), _metrics(choice, option, **{name: value})
        both = np.isfinite(base) & np.isfinite(changed)
        difference = np.max(np.abs(changed[both] - base[both]) / np.maximum(np.abs(base[both]), 1e-9))
        if option in readers:
            assert difference > 1e-4, (name, option)
        else:
            assert difference == 0.0, (name, option)


MODEL_PARAMETERS = [name for name, p in PARAMETERS.items() if p.default is not None and p.group != "numerics"]


def _other_value(name: str) -> float:
    """A valid value other than the default: 25 % above or below it, else the range's middle."""
    p = PARAMETERS[name]
    upper = p.upper if math.isfinite(p.upper) else 10.0 * p.lower
    for value in (p.default * 1.25, p.default * 0.8, 0.5 * (p.lower + upper)):
        if value != p.default and p.contains(value):
            return value
    raise AssertionError(name)


@pytest.mark.parametrize("choice", list(CHOICES))
def test_every_parameter_without_effect_under_an_option_is_flagged_or_says_when_it_is_read(choice):
    # Completeness of read_only_with: under each option of each choice, a parameter whose change
    # (25 % or to either bound) leaves the step bit for bit the same is either unread under the
    # condition's options, or depends on the foot's geometry (or is a limit the step does not
    # reach) rather than on a choice, and its description says when it is read or acts.
    for option in CHOICES[choice].options:
        base = _metrics(choice, option)
        chosen = CLOSURE_TARGETS[option] if choice == "closure" else {choice: option}
        condition = kneeload.registry.condition({"speed_m_per_s": 3.3, **chosen})
        for name in MODEL_PARAMETERS:
            p = PARAMETERS[name]
            values = [_other_value(name), *(v for v in (p.lower, p.upper) if math.isfinite(v) and p.contains(v))]
            changed = (_metrics(choice, option, require_ok=False, **{name: v}) for v in values)
            if all(m is not None and np.array_equal(m, base, equal_nan=True) for m in changed):
                said = re.search(r"\b(read|acts) only\b", p.description)  # when it is read, in its description
                assert condition.unread_reason(name) or said, (name, option)


def test_a_parameter_without_effect_is_warned_of_by_name_value_and_choice():
    with pytest.warns(kneeload.IgnoredParameterWarning) as caught:
        kneeload.simulate_step(3.3, shoe_law="barefoot", shoe_stiffness_n_per_m=2e5, time_series=False)
    assert str(caught[0].message) == (
        "parameter 'shoe_stiffness_n_per_m' = 200000 N/m has no effect: shoe_law = 'barefoot' does not read it "
        "(hunt_crossley_foam, kelvin_voigt do)"
    )
    assert caught[0].filename == __file__  # points at the caller's line
    with pytest.warns(kneeload.IgnoredParameterWarning, match="closure = 'contact_time'"):
        kneeload.Runner("r", target_contact_time_s=0.24, dimensionless_leg_stiffness=12)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # read: no warning
        kneeload.simulate_step(3.3, shoe_law="kelvin_voigt", shoe_stiffness_n_per_m=2e5, time_series=False)


def test_a_parameter_read_only_for_some_values_of_others_is_warned_of_with_the_value_that_ignores_it():
    # The centre of pressure's path is read for a heel or flat landing only, its early reach only
    # with a timing exponent below 1 (foot_kinematics.hpp; registry.cpp cop_path_unread).
    assert PARAMETERS["cop_early_reach_fraction"].read_conditionally
    assert not PARAMETERS["body_mass_kg"].read_conditionally
    with pytest.warns(kneeload.IgnoredParameterWarning) as caught:
        kneeload.simulate_step(3.3, cop_early_reach_fraction=0.7, time_series=False)
    assert str(caught[0].message) == (
        "parameter 'cop_early_reach_fraction' = 0.7 has no effect: cop_timing_exponent = 1: the early move's "
        "reach cancels out of the centre of pressure's path"
    )
    with pytest.warns(
        kneeload.IgnoredParameterWarning, match=r"foot_touchdown_angle_deg = -[\d.]+ < 0 lands on the ball"
    ):
        kneeload.simulate_step(3.3, foot_strike="forefoot", cop_timing_exponent=0.8, time_series=False)
    with pytest.warns(kneeload.IgnoredParameterWarning, match=r"foot_stance_angle_deg = -5 < 0 keeps the heel up"):
        kneeload.simulate_step(
            3.3,
            foot_touchdown_angle_deg=0.0,
            foot_stance_angle_deg=-5.0,
            landing_cop_lead_fraction=0.3,
            time_series=False,
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # read: a heel landing, or a flat one with the foot flat
        kneeload.simulate_step(3.3, cop_early_reach_fraction=0.7, cop_timing_exponent=0.8, time_series=False)
        kneeload.simulate_step(3.3, foot_touchdown_angle_deg=0.0, cop_timing_exponent=0.8, time_series=False)


def test_allowing_unread_parameters_holds_for_the_calling_thread_alone():
    # The library's own runs (a calibration's iterations) set parameters whether read or not.
    # The allowance must neither hide another thread's warning nor touch the warning filters,
    # which warnings.catch_warnings would swap for the whole process.
    from kneeload.registry import unread_parameters_allowed

    settings = dict(shoe_law="barefoot", shoe_stiffness_n_per_m=2e5, time_series=False)
    inside, other = threading.Event(), []
    filters_before = list(warnings.filters)

    def other_thread():
        inside.wait()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            kneeload.simulate_step(3.3, **settings)
        other.extend(w for w in caught if issubclass(w.category, kneeload.IgnoredParameterWarning))

    thread = threading.Thread(target=other_thread)
    thread.start()
    with unread_parameters_allowed():
        assert warnings.filters == filters_before
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            kneeload.simulate_step(3.3, **settings)  # allowed here: no warning
        inside.set()
        thread.join()
    assert len(other) == 1  # shown in the other thread meanwhile
    with pytest.warns(kneeload.IgnoredParameterWarning):  # and here again afterwards
        kneeload.simulate_step(3.3, **settings)


def test_a_sweep_warns_only_of_a_parameter_no_condition_reads():
    fixed = {"speed_m_per_s": 3.3}
    with pytest.warns(kneeload.IgnoredParameterWarning, match="'heel_pad_stiffness_n_per_m' \\(swept\\)") as caught:
        kneeload.sweep({"heel_pad_stiffness_n_per_m": [1e5, 2e5]}, fixed={**fixed, "shoe_law": "kelvin_voigt"})
    assert caught[0].filename == __file__
    with pytest.warns(kneeload.IgnoredParameterWarning, match="shoe_law = 'barefoot'"):
        kneeload.sweep(points={"shoe_law": ["barefoot"] * 2, "shoe_wear_km": [0.0, 100.0]}, fixed=fixed)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # read where the foam law is swept in
        kneeload.sweep(
            {"shoe_stiffness_n_per_m": [1e5, 2e5], "shoe_law": ["barefoot", "hunt_crossley_foam"]}, fixed=fixed
        )


def test_invalid_input_is_an_error_before_any_warning():
    # (Under the tests' "error" filter a warning first would raise instead of the ValueError.)
    barefoot = {"shoe_law": "barefoot", "shoe_stiffness_n_per_m": 2e5}
    with pytest.raises(ValueError, match="'sample_rate_hz' = -1"):
        kneeload.simulate_step(3.3, sample_rate_hz=-1, **barefoot)
    with pytest.raises(ValueError, match="'threads' = -3"):
        kneeload.sweep({"cadence_ratio": [1.0]}, fixed={"speed_m_per_s": 3.3, **barefoot}, threads=-3)
    with pytest.raises(ValueError, match="'to' = 123"):
        kneeload.sweep({"cadence_ratio": [1.0]}, fixed={"speed_m_per_s": 3.3, **barefoot}, to=123)
    with pytest.raises(ValueError, match="'bogus'"):
        kneeload.compare(["cadence+10%"], speeds_m_per_s=3.3, uncertain_ranges={"bogus": (0, 1)}, **barefoot)


def test_compare_warns_of_an_intervention_its_runners_ignore_and_nothing_it_sets_itself():
    runners = [kneeload.Runner("bf", shoe_law="barefoot"), kneeload.Runner("shod")]
    with pytest.warns(kneeload.IgnoredParameterWarning) as caught:
        kneeload.compare(["shoe-stiffness=240e3", "cadence+10%"], runners, 3.3, uncertainty_samples=0)
    assert [str(w.message) for w in caught] == [
        "intervention 'shoe-stiffness=240e3' has no effect for runner 'bf': it changes shoe_stiffness_n_per_m, "
        "and shoe_law = 'barefoot' does not read it (hunt_crossley_foam, kelvin_voigt do)"
    ]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an intervention that reads what the call sets: no warning
        kneeload.compare(
            ["shoe_law=kelvin_voigt"],
            speeds_m_per_s=3.3,
            uncertainty_samples=0,
            shoe_law="barefoot",
            shoe_stiffness_n_per_m=2e5,
        )
        # the plan sets the shoe's wear itself, barefoot or not
        kneeload.training.weekly_load([kneeload.training.Week(20.0, speed_m_per_s=3.0)], shoe_law="barefoot")


def test_calibrate_refuses_a_parameter_the_runner_does_not_read():
    trial = kneeload.validation.load_trials().iloc[0]
    with pytest.raises(ValueError, match="shoe_stiffening_exponent cannot be fitted: shoe_law = 'kelvin_voigt'"):
        kneeload.calibrate(trial, parameters=["shoe_stiffening_exponent"], shoe_law="kelvin_voigt")
