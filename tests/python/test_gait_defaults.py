"""Defaults that behave in every entry point (API, CLI, sweeps, sensitivity, compare): speed alone
is the preferred cadence; an over-specified gait (a cadence and a cadence ratio, or all three of
speed, cadence and step length) is a ValueError before any work; errors about the gait name what
was given and what is missing. Expected cadences: kneeload.preferred_cadence (README, Gait:
165 steps/min at 3.04 m/s + 6.6 per m/s, x sqrt(1.75 m / height))."""

import re

import pytest

import kneeload
from kneeload import comparison, sensitivity
from kneeload.cli import main

OVER_SPECIFIED = "over-specified|contradicts"


@pytest.mark.parametrize("height_m", [1.6, 1.75, 1.95])
def test_speed_alone_is_the_preferred_cadence_in_the_api_sweeps_and_compare(height_m):
    assert kneeload.preferred_cadence(3.5) == pytest.approx(165.0 + 6.6 * (3.5 - 3.04), rel=1e-4)  # README rounds
    expected = kneeload.preferred_cadence(3.5) * (1.75 / height_m) ** 0.5
    assert kneeload.preferred_cadence(3.5, height_m=height_m) == pytest.approx(expected, rel=1e-12)
    step = kneeload.simulate_step(3.5, height_m=height_m, time_series=False)
    assert step.metrics.cadence_steps_per_min == pytest.approx(expected, rel=1e-12)
    ds = kneeload.sweep({"body_mass_kg": [60.0, 80.0]}, fixed={"speed_m_per_s": 3.5, "height_m": height_m})
    assert ds["cadence_steps_per_min"].values == pytest.approx([expected, expected], rel=1e-12)
    effects = comparison.compare(
        ["cadence+10%"], kneeload.Runner("r", height_m=height_m), 3.5, ["cadence_steps_per_min"], uncertainty_samples=0
    )
    assert effects["baseline_value"].item() == pytest.approx(expected, rel=1e-12)
    assert effects["intervention_value"].item() == pytest.approx(1.1 * expected, rel=1e-12)


def test_speed_alone_is_the_preferred_cadence_on_the_command_line_and_in_the_sensitivity_analysis(capsys):
    assert main(["simulate", "--speed", "3.5"]) == 0
    printed = capsys.readouterr().out
    line = next(x for x in printed.splitlines() if x.split()[0] == "cadence_steps_per_min")
    assert float(line.split()[1]) == pytest.approx(kneeload.preferred_cadence(3.5), rel=1e-5)
    indices = sensitivity.sobol_indices(
        outputs=["cadence_steps_per_min"], fixed={"speed_m_per_s": 3.5}, ranges={"height_m": (1.7, 1.8)},
        base_samples=8,
    )  # fmt: skip
    assert indices["failed_samples"].item() == 0
    # Every sampled runner at his own preferred cadence: between those of the tallest and the shortest.
    assert kneeload.preferred_cadence(3.5, height_m=1.8) <= indices["output_min"].item()
    assert indices["output_max"].item() <= kneeload.preferred_cadence(3.5, height_m=1.7)
    assert indices["output_max"].item() - indices["output_min"].item() > 1.0  # steps/min: it varies


@pytest.mark.parametrize(
    "call",
    [
        lambda: kneeload.simulate_step(3.3, 150, cadence_ratio=1.2),
        lambda: kneeload.simulate_step(3.3, 170, 1.2),
        lambda: kneeload.solve_gait(3.3, 150, cadence_ratio=1.2),
        lambda: kneeload.sweep(
            {"cadence_ratio": [1.0, 1.1]}, fixed={"speed_m_per_s": 3.3, "cadence_steps_per_min": 150}
        ),
        lambda: kneeload.sweep(
            {"step_length_m": [1.0, 1.1]}, fixed={"speed_m_per_s": 3.3, "cadence_steps_per_min": 170}
        ),
        lambda: kneeload.sweep(
            points={"cadence_steps_per_min": [150.0], "cadence_ratio": [1.2]}, fixed={"speed_m_per_s": 3.3}
        ),
        lambda: sensitivity.sobol_indices(
            fixed={"speed_m_per_s": 3.3, "cadence_steps_per_min": 170},
            change=("cadence_ratio", 1.0, 1.1),
            base_samples=32,
        ),
    ],
)
def test_an_over_specified_gait_is_a_value_error_in_every_entry_point(call):
    with pytest.raises(ValueError, match=OVER_SPECIFIED):
        call()


def test_an_over_specified_sweep_names_what_is_fixed_and_what_is_swept():
    with pytest.raises(ValueError) as error:
        kneeload.sweep({"cadence_ratio": [1.0, 1.1]}, fixed={"speed_m_per_s": 3.3, "cadence_steps_per_min": 150})
    assert "the sweep gives cadence_steps_per_min (fixed), cadence_ratio (swept)" in str(error.value)


@pytest.mark.parametrize(
    "argv",
    [
        ["simulate", "--speed", "3.3", "--cadence", "150", "--cadence-ratio", "1.2"],
        ["sweep", "--speed", "3.3", "--cadence", "150", "--cadence-ratio", "1.0,1.2"],
        ["sweep", "--speed", "3.3", "--cadence", "170", "--step-length", "1.0,1.1"],
    ],
)
def test_an_over_specified_gait_on_the_command_line_exits_1_naming_it(argv, capsys):
    assert main(argv) == 1
    err = capsys.readouterr().err
    # (the option as typed first: "kneeload: error: --cadence-ratio: invalid parameter ...")
    assert re.match(r"kneeload: error: (--[\w-]+: )?invalid parameter", err), err
    assert "over-specified" in err or "contradicts" in err


@pytest.mark.parametrize(
    "kwargs, given, missing",
    [
        ({"cadence_steps_per_min": 170}, "'cadence_steps_per_min' = 170", "needs speed_m_per_s or a second gait"),
        ({"cadence_ratio": 1.1}, "'cadence_ratio' = 1.1", "needs speed_m_per_s"),
        ({}, "'speed_m_per_s' = 'not given'", "give two of speed_m_per_s, cadence_steps_per_min and step_length_m"),
    ],
)
def test_gait_errors_name_what_was_given_and_what_is_missing(kwargs, given, missing):
    with pytest.raises(ValueError) as error:
        kneeload.simulate_step(**kwargs)
    assert given in str(error.value) and missing in str(error.value)
