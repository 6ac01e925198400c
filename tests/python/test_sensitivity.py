"""Sobol sensitivity: layout, and indices that must vanish because the parameter cannot
reach the output (the contact-area curve and the knee share enter only the knee/PFJ chain,
after the ground force is computed)."""

import re

import numpy as np
import pytest

import kneeload
from kneeload import cli, sensitivity


@pytest.fixture(scope="module")
def indices():
    return sensitivity.sobol_indices(base_samples=64)


def test_layout(indices):
    assert list(indices.output.values) == list(sensitivity.DEFAULT_OUTPUTS)
    assert list(indices.parameter.values) == list(sensitivity.DEFAULT_RANGES)
    assert indices.attrs["samples"] == 64 * (len(sensitivity.DEFAULT_RANGES) + 2)


def test_ground_force_output_does_not_depend_on_the_knee_submodel(indices):
    # Zero but for the solver's noise: each switch combination is its own list sweep, whose
    # conditions are solved from their neighbours (sweep/chains.hpp), so the same ground contact
    # in two combinations agrees to the integration's accuracy, not bitwise (the loading rate to
    # 3e-4 at most, benchmarks/continuation.py); measured 2e-9. The curve's index for the stress
    # is above 0.1 (below).
    assert abs(indices.ST.sel(output="average_loading_rate_bw_per_s", parameter="contact_area_curve").item()) < 1e-6


def test_contact_area_curve_matters_for_stress(indices):
    st = indices.ST.sel(output="peak_pfj_stress_mpa")
    assert st.sel(parameter="contact_area_curve").item() > 0.1


def test_invalid_inputs_raise():
    with pytest.raises(ValueError, match="outputs"):
        sensitivity.sobol_indices(outputs=["no_such_metric"], base_samples=8)
    with pytest.raises(ValueError, match="swing_leg_retraction_fraction"):
        sensitivity.sobol_indices(ranges={"swing_leg_retraction_fraction": (0.9, 0.5)}, base_samples=8)


def test_cli_sensitivity(capsys):
    assert cli.main(["sensitivity", "--samples", "32"]) == 0
    assert "ST" in capsys.readouterr().out


def test_too_many_failed_samples_are_refused_with_their_count():
    # A 1.95 m runner at 4.5 m/s and 0.9 x the preferred cadence with body mass 50-110 kg: the
    # heavy samples are beyond the physiological bounds (implausible), about a third of the 32
    # conditions. Each base sample's block (A, the 2 AB rows, B: 4 conditions) holding one is left
    # out of the indices; beyond max_failed_fraction of the 8 blocks the analysis is refused with
    # the counts and the reason, which the accepted analysis reports too, with a warning.
    fixed = {"speed_m_per_s": 4.5, "cadence_ratio": 0.9, "height_m": 1.95}
    ranges = {"body_mass_kg": (50.0, 110.0), "swing_leg_retraction_fraction": (0.5, 0.9)}
    pattern = r"(\d+) of 32 samples give no peak_pfj_stress_mpa \(implausible \d+\), so (\d+) of 8 base samples"
    with pytest.raises(ValueError, match=r"'max_failed_fraction' = 0.05: " + pattern) as refused:
        sensitivity.sobol_indices(outputs=["peak_pfj_stress_mpa"], ranges=ranges, fixed=fixed, base_samples=8)
    failed, excluded = (int(g) for g in re.search(pattern, str(refused.value)).groups())
    assert 4 <= failed <= 16 and failed / 4 <= excluded <= min(failed, 8)  # a block holds 4 conditions
    # Accepted with a higher limit only if at least 8 base samples stay: with 8 in all, none may go.
    with pytest.raises(ValueError, match=r"at least 8 must stay"):
        sensitivity.sobol_indices(
            outputs=["peak_pfj_stress_mpa"], ranges=ranges, fixed=fixed, base_samples=8, max_failed_fraction=0.9
        )
    with pytest.warns(kneeload.FailedConditionsWarning, match=r"sensitivity: (\d+) of 128 samples failed") as caught:
        accepted = sensitivity.sobol_indices(
            outputs=["peak_pfj_stress_mpa"], ranges=ranges, fixed=fixed, base_samples=32, max_failed_fraction=0.8
        )
    assert caught[0].filename == __file__
    failed_32 = int(re.search(r"(\d+) of 128 samples", str(caught[0].message)).group(1))
    assert int(accepted["failed_samples"].item()) == failed_32 > 0
    assert failed_32 / 4 <= int(accepted["excluded_base_samples"].item()) <= 24


def test_a_base_sample_whose_block_holds_a_failure_is_left_out_whole():
    # SALib's layout (calc_second_order=False): each base sample is D + 2 consecutive rows (A, the
    # D rows of AB, B). With D = 2, rows 4-7 are the second base sample: a NaN in row 5 removes it,
    # and the rest keep SALib's layout.
    y = np.arange(16.0)
    y[5] = np.nan
    keep = sensitivity._complete_blocks(y, 2)
    assert keep.tolist() == [True, False, True, True]
    # Blocks 1 and 3 of 8 hold a NaN: the 6 others stay whole and in order, so SALib reads each
    # kept base sample's A, AB and B rows at the stride D + 2, as in the full sample.
    z = np.arange(32.0)
    z[[6, 13]] = np.nan
    kept = sensitivity._complete_blocks(z, 2)
    assert kept.tolist() == [True, False, True, False, True, True, True, True]
    reduced = z.reshape(8, 4)[kept].ravel()
    np.testing.assert_array_equal(reduced[0::4], [0.0, 8.0, 16.0, 20.0, 24.0, 28.0])  # the A rows
    np.testing.assert_array_equal(reduced[3::4], [3.0, 11.0, 19.0, 23.0, 27.0, 31.0])  # the B rows


def test_failed_samples_are_counted_and_reported(indices, capsys):
    # The default condition: every sample solves, and the count says so.
    assert (indices["failed_samples"] == 0).all()
    assert cli.main(["sensitivity", "--samples", "32"]) == 0
    assert (indices["excluded_base_samples"] == 0).all()
    assert "conditions without a result (their base samples left out of the indices, of 32): none" in (
        capsys.readouterr().out
    )
    with pytest.raises(ValueError, match=r"'max_failed_fraction' = 1.5: valid range is \[0, 1\)"):
        sensitivity.sobol_indices(base_samples=8, max_failed_fraction=1.5)


def test_a_sample_too_small_to_switch_a_switch_is_refused():
    # Saltelli's sample of 8 or 16 rounds the contact-area curve's column the same in both of
    # its matrices: its indices would read 0 with no uncertainty, where 32 samples give S1 0.90.
    for base_samples in (8, 16):
        with pytest.raises(ValueError, match=f"'base_samples' = {base_samples}: too few for the switch"):
            sensitivity.sobol_indices(outputs=["peak_pfj_stress_mpa"], base_samples=base_samples)


def test_the_cli_takes_its_own_ranges_and_refuses_malformed_or_out_of_range_ones(capsys):
    # Two inputs: 8 base samples run 8 x (2 + 2) = 32 conditions (the report says so).
    options = ["sensitivity", "--samples", "8", "--range", "swing_leg_retraction_fraction=0.5:0.9"]
    assert cli.main([*options, "--range", "lower_limb_mass_fraction=0.06:0.1"]) == 0
    out = capsys.readouterr().out
    assert "32 conditions; ranges: swing_leg_retraction_fraction 0.5-0.9; lower_limb_mass_fraction 0.06-0.1" in out
    for bad, message in (
        ("swing_leg_retraction_fraction=0.5-0.9", "'--range' = 'swing_leg_retraction_fraction=0.5-0.9': valid values"),
        ("swing_leg_retraction_fraction=0.5:5", r"'swing_leg_retraction_fraction' = \(0.5, 5\): the range must lie"),
    ):
        assert cli.main(["sensitivity", "--samples", "8", "--range", bad]) != 0
        assert re.search(message, capsys.readouterr().err), bad
    # The registry's range, from Python too: every sample beyond it would be an invalid input.
    with pytest.raises(ValueError, match=r"inside the parameter's valid range \[0, 1.5\]$"):
        sensitivity.sobol_indices(ranges={"swing_leg_retraction_fraction": (0.5, 5.0)}, base_samples=8)
