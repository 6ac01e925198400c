#pragma once
/// @file parameters/numerics.hpp
/// Integrator and event-location settings (defaults and their reasons in constants.hpp).

#include "kneeload/parameters/constants.hpp"

namespace kneeload {

struct IntegratorSettings {
    double relative_tolerance = constants::relative_tolerance.value;
    double absolute_tolerance = constants::absolute_tolerance.value;
    /// The absolute tolerance of the foot's and the soft tissue's velocities / absolute_tolerance.
    double lower_limb_velocity_tolerance_scale = constants::lower_limb_velocity_tolerance_scale.value;
    /// The same in the gait solver's stances (the mechanical state alone, no outputs).
    double solver_lower_limb_velocity_tolerance_scale = constants::solver_lower_limb_velocity_tolerance_scale.value;
    /// The absolute tolerance of the foot's and the soft tissue's positions / absolute_tolerance
    /// in the gait solver's stances (the metrics pass holds them to the absolute tolerance).
    double solver_lower_limb_position_tolerance_scale = constants::solver_lower_limb_position_tolerance_scale.value;
    /// Width of the bracket to which every event time is located [s].
    double event_time_tolerance_s = constants::event_time_tolerance_s.value;
    /// First trial step after touchdown or an event [s].
    double initial_step_s = constants::initial_step_s.value;
    /// A stance that has not ended after this long is reported as failed [s].
    double max_stance_time_s = constants::max_stance_time_s.value;
};

}  // namespace kneeload
