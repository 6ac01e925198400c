#pragma once
// Shared set-ups for the doctest suite. Includes only the parameter layer and gait
// kinematics; each test file includes the layer it tests.
#include <kneeload/gait/kinematics.hpp>
#include <kneeload/parameters/condition.hpp>

namespace kneeload::test {

/// A conservative two-mass configuration: stiff undamped linear contact, tiny lower-limb mass
/// (all foot: no soft tissue), no swing-leg retraction, the COP fixed at the ball of the foot
/// (a forefoot strike), rigid surface, no force-velocity factor in the leg, a linear leg spring
/// (unloading exponent 1). With unloading ratio 1 nothing adds or removes energy, so it reduces to
/// the spring-loaded inverted pendulum (SLIP).
inline ModelParameters conservative_parameters() {
    ModelParameters p;
    p.runner.lower_limb_mass_fraction = 0.01;
    p.runner.foot_share_of_lower_limb = 1.0;
    p.runner.leg_force_velocity_s_per_m = 0.0;
    p.runner.leg_unloading_exponent = 1.0;
    p.shoe.law = ShoeLaw::kelvin_voigt;
    p.shoe.stiffness_n_per_m = 5.0e6;
    p.shoe.kelvin_voigt_damping_n_s_per_m = 0.0;
    p.foot_strike = FootStrike::of(FootStrikePattern::forefoot);
    p.foot_strike.swing_leg_retraction_fraction = 0.0;
    p.foot_strike.toe_cop_reach_per_foot_length = 0.0;  // the COP stays at the ball in push-off too
    // The lower limb is a 1 % mass on an undamped 5 MN/m contact: it rings at ~430 Hz through the
    // whole stance, so it is integrated to the plain absolute tolerance (every lower-limb scale 1;
    // the defaults loosen it for the damped contacts of real shoes, constants.hpp).
    p.numerics.lower_limb_velocity_tolerance_scale = 1.0;
    p.numerics.solver_lower_limb_velocity_tolerance_scale = 1.0;
    p.numerics.solver_lower_limb_position_tolerance_scale = 1.0;
    return p;
}

inline GaitTarget speed_and_cadence(double speed_m_per_s, double cadence_steps_per_min) {
    GaitTarget t;
    t.speed_m_per_s = speed_m_per_s;
    t.cadence_steps_per_min = cadence_steps_per_min;
    return t;
}

/// The default runner at 3.3 m/s and preferred cadence (the calibration condition).
inline GaitTarget default_target(const Runner& runner = Runner{}) {
    return speed_and_cadence(3.3, preferred_cadence_steps_per_min(3.3, runner));
}

}  // namespace kneeload::test
