"""kneeload.pfj_load: the model's patellofemoral chain on its own, for measured knee angles and
moments. Expected values: the model's own steps (the same chain must give the same stress), the
chain's definition (no quadriceps force under a flexor moment), and the error rules."""

import numpy as np
import pytest

import kneeload


@pytest.mark.parametrize("curve", list(kneeload.CHOICES["contact_area_curve"].options))
def test_pfj_load_gives_the_step_its_own_pfj_columns(curve):
    step = kneeload.simulate_step(3.3, contact_area_curve=curve)
    ts = step.time_series
    load = kneeload.pfj_load(ts.knee_flexion_deg, ts.knee_extensor_moment_lab_n_m, curve)
    for column in ("quadriceps_force_n", "pfj_force_n", "pfj_contact_area_mm2", "pfj_stress_mpa"):
        np.testing.assert_allclose(load[column], getattr(ts, column), rtol=1e-12, atol=1e-12, err_msg=column)


def test_a_flexor_moment_loads_no_quadriceps_and_a_gap_stays_a_gap():
    load = kneeload.pfj_load([30.0, 30.0, np.nan], [-50.0, 120.0, 120.0])
    assert load["quadriceps_force_n"][0] == 0.0 and load["pfj_stress_mpa"][0] == 0.0
    assert load["pfj_stress_mpa"][1] > 0.0
    assert all(np.isnan(load[c][2]) for c in load)


def test_pfj_load_refuses_series_of_different_lengths_or_shapes_infinite_values_and_unknown_curves():
    with pytest.raises(ValueError, match=r"'knee_extensor_moment_n_m' = 'a 1-D array of 1 value'.*as long as"):
        kneeload.pfj_load([30.0, 40.0], [100.0])
    with pytest.raises(ValueError, match=r"'knee_flexion_deg' = 'a 2-D array of 2 values': must be a 1-D series"):
        kneeload.pfj_load([[30.0, 40.0]], [100.0, 100.0])
    with pytest.raises(ValueError, match=r"'knee_extensor_moment_n_m\[1\]' = inf: must be finite"):
        kneeload.pfj_load([30.0, 40.0], [100.0, np.inf])
    with pytest.raises(ValueError, match=r"contact_area_curve.*'doyle'.*kernozek_cubic, doyle_quartic"):
        kneeload.pfj_load([30.0], [100.0], "doyle")


def test_pfj_load_names_non_numeric_input_and_out_of_range_flexion_and_warns_of_unit_slips():
    with pytest.raises(ValueError, match=r"'knee_flexion_deg' = \['a', 'b'\]: must be a 1-D series of numbers"):
        kneeload.pfj_load(["a", "b"], [100.0, 100.0])
    with pytest.raises(ValueError, match=r"'knee_extensor_moment_n_m' = None: must be a 1-D series of numbers"):
        kneeload.pfj_load([30.0], None)
    with pytest.raises(ValueError, match=r"'knee_flexion_deg\[1\]' = 1000000: valid range is \[-30, 180\] deg"):
        kneeload.pfj_load([30.0, 1e6], [100.0, 100.0])
    flexion_deg = np.array([10.0, 30.0, 45.0, 30.0])
    with pytest.warns(UserWarning, match="radians"):
        kneeload.pfj_load(np.deg2rad(flexion_deg), [50.0, 150.0, 200.0, 100.0])
    with pytest.warns(UserWarning, match="N m/kg"):
        kneeload.pfj_load(flexion_deg, [0.5, 2.0, 2.8, 1.5])
