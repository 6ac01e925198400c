"""Property tests (hypothesis): random valid inputs never crash and always give either a
periodic step or a reason; random invalid inputs raise ValueError naming the parameter."""

import math

from hypothesis import given, settings, strategies as st

import kneeload

valid = st.fixed_dictionaries({
    "speed_m_per_s": st.floats(2.0, 6.0),
    "cadence_ratio": st.floats(0.85, 1.15),
    "body_mass_kg": st.floats(50.0, 95.0),
    "height_m": st.floats(1.55, 1.95),
    "shoe_stiffness_n_per_m": st.floats(30e3, 400e3),
    "shoe_wear_km": st.floats(0.0, 1000.0),
    "knee_touchdown_flexion_deg": st.floats(10.0, 25.0),
    "foot_strike": st.sampled_from(["rearfoot", "midfoot", "forefoot"]),
})


@settings(max_examples=25, deadline=None)
@given(valid)
def test_valid_inputs_never_crash(kwargs):
    r = kneeload.simulate_step(time_series=False, **kwargs)
    if r.ok:
        assert all(math.isfinite(v) or k.startswith("impact_peak") for k, v in r.metrics.items())
        assert r.metrics["peak_pfj_stress_mpa"] > 0
    else:
        assert r.reason


invalid = st.one_of(
    st.tuples(st.just("body_mass_kg"), st.one_of(st.floats(-1e6, 19.9), st.floats(250.1, 1e6))),
    st.tuples(st.just("shoe_stiffness_n_per_m"), st.one_of(st.floats(-1e9, 4999.0), st.floats(5.1e6, 1e12))),
    st.tuples(st.just("knee_share_of_leg_compression"), st.one_of(st.floats(-10, -0.01), st.floats(1.01, 10))),
    st.tuples(st.just("shoe_wear_km"), st.sampled_from([-1.0, math.inf, math.nan, 1e6])),
    st.tuples(st.just("lower_limb_mass_fraction"), st.floats(0.21, 0.99)),
)


@settings(max_examples=40, deadline=None)
@given(invalid)
def test_invalid_inputs_raise_value_error(case):
    name, value = case
    try:
        kneeload.simulate_step(3.3, 170, time_series=False, **{name: value})
    except ValueError as error:
        assert name.split("_")[0] in str(error)
    else:
        raise AssertionError(f"no ValueError for {name}={value}")
