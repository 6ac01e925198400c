"""Sobol sensitivity: layout, and indices that must vanish because the parameter cannot
reach the output (the contact-area curve and the knee share enter only the knee/PFJ chain,
after the ground force is computed)."""

import pytest

from kneeload import cli, sensitivity


@pytest.fixture(scope="module")
def indices():
    return sensitivity.sobol_indices(base_samples=64)


def test_layout(indices):
    assert list(indices.output.values) == list(sensitivity.DEFAULT_OUTPUTS)
    assert list(indices.parameter.values) == list(sensitivity.DEFAULT_RANGES)
    assert indices.attrs["samples"] == 64 * (len(sensitivity.DEFAULT_RANGES) + 2)


def test_ground_force_output_does_not_depend_on_the_knee_submodel(indices):
    assert abs(indices.ST.sel(output="average_loading_rate_bw_per_s", parameter="contact_area_curve").item()) < 1e-9


def test_contact_area_curve_matters_for_stress(indices):
    st = indices.ST.sel(output="peak_pfj_stress_mpa")
    assert st.sel(parameter="contact_area_curve").item() > 0.1


def test_invalid_inputs_raise():
    with pytest.raises(ValueError, match="outputs"):
        sensitivity.sobol_indices(outputs=["no_such_metric"], base_samples=8)
    with pytest.raises(ValueError, match="swing_leg_retraction_fraction"):
        sensitivity.sobol_indices(ranges={"swing_leg_retraction_fraction": (0.9, 0.5)}, base_samples=8)


def test_cli_sensitivity(capsys):
    assert cli.main(["sensitivity", "--samples", "8"]) == 0
    assert "ST" in capsys.readouterr().out
