#pragma once
/// @file parameters/gait_target.hpp
/// What the user asks of the step: speed, cadence and step length (any two, or speed alone
/// for the preferred cadence, or speed and a ratio to it), and the closure that makes the
/// periodic step unique.

#include <limits>
#include <optional>

#include "kneeload/parameters/enum_names.hpp"

namespace kneeload {

/// The gait the user asks for. Valid combinations (gait/kinematics.hpp, resolve):
/// two of speed, cadence and step length; speed alone (the preferred cadence); speed and
/// cadence_ratio (a multiple of the preferred cadence).
struct GaitTarget {
    std::optional<double> speed_m_per_s;
    std::optional<double> cadence_steps_per_min;
    std::optional<double> step_length_m;
    /// Cadence / preferred cadence at this speed and runner (needs speed only).
    std::optional<double> cadence_ratio;
};

/// The one extra relation that makes the periodic step unique.
enum class ClosureKind { empirical, contact_time, duty_factor, leg_stiffness, touchdown_angle, foot_placement };

inline constexpr EnumName<ClosureKind> closure_names[] = {
    {ClosureKind::empirical, "empirical",
     "the lab (sine-wave) leg stiffness K M g / L (f / f_pref)^1.389 (McMahon & Cheng 1990; Farley & Gonzalez 1996)"},
    {ClosureKind::contact_time, "contact_time", "fixed contact time (target_contact_time_s)"},
    {ClosureKind::duty_factor, "duty_factor", "fixed duty factor, contact time / stride time (target_duty_factor)"},
    {ClosureKind::leg_stiffness, "leg_stiffness", "fixed leg spring stiffness (target_leg_stiffness_n_per_m)"},
    {ClosureKind::touchdown_angle, "touchdown_angle",
     "fixed leg angle from the horizontal at touchdown (target_touchdown_angle_deg)"},
    {ClosureKind::foot_placement, "foot_placement",
     "fixed contact point ahead of the whole-body COM at touchdown (target_foot_placement_m)"},
};
constexpr const auto& enum_names(ClosureKind) { return closure_names; }

struct Closure {
    ClosureKind kind = ClosureKind::empirical;
    /// The closure's target in its parameter's unit (s, 1, N/m, deg from horizontal, m);
    /// NaN for the empirical closure, which has none.
    double target = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace kneeload
