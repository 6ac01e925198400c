#pragma once
/// @file parameters/foot_strike.hpp
/// Foot-strike pattern: the foot's angle at touchdown and its roll, the knee's flexion at
/// touchdown, and the swing leg's retraction (how fast the lower limb lands).

#include <algorithm>

#include "kneeload/parameters/constants.hpp"
#include "kneeload/parameters/enum_names.hpp"

namespace kneeload {

enum class FootStrikePattern { rearfoot, midfoot, forefoot };

inline constexpr EnumName<FootStrikePattern> foot_strike_names[] = {
    {FootStrikePattern::rearfoot, "rearfoot",
     "heel first (sole angle > 8 deg): the foot rolls flat, the COP travels to the ball"},
    {FootStrikePattern::midfoot, "midfoot", "sole flat at touchdown, first contact mid-sole"},
    {FootStrikePattern::forefoot, "forefoot",
     "ball of the foot first (sole angle < -1.6 deg): the heel lowers, the COP stays at the ball"},
};
constexpr const auto& enum_names(FootStrikePattern) { return foot_strike_names; }

/// Foot-strike description: how the foot lands and rolls. Choosing a pattern sets the other
/// fields to that pattern's defaults (FootStrike::of).
struct FootStrike {
    FootStrikePattern pattern = FootStrikePattern::rearfoot;
    /// Sole angle to the ground at touchdown [deg], toes up > 0 (Altman & Davis 2012 bands).
    double foot_touchdown_angle_deg = constants::rearfoot_foot_touchdown_angle_deg.value;
    /// The roll (model/foot_kinematics.hpp): the sole angle in mid-stance [deg] of a ball or flat
    /// landing (0: flat; < 0 the heel stays up; a heel strike's foot is flat), reached by this
    /// fraction of the hip's sweep over the foot; heel off from this fraction; sole angle at the
    /// end [deg].
    double foot_stance_angle_deg = constants::rearfoot_foot_stance_angle_deg.value;
    double foot_flat_progress = constants::foot_flat_progress.value;
    double heel_off_progress = constants::heel_off_progress.value;
    double foot_take_off_angle_deg = constants::foot_take_off_angle_deg.value;
    /// How far the COP travels past the ball onto the toes in push-off / foot length.
    double toe_cop_reach_per_foot_length = constants::toe_cop_reach_per_foot_length.value;
    /// The lowest sole angle in push-off [deg] (heel up < 0): beyond it the ball lifts instead.
    double foot_push_off_angle_limit_deg = constants::foot_push_off_angle_limit_deg.value;
    /// The COP's lead over the leg's rolling point at foot flat / the first contact-ball distance.
    double landing_cop_lead_fraction = constants::landing_cop_lead_fraction.value;
    /// The COP's early move in stance: its timing exponent (1: the rolling point's) and how far it
    /// goes / the first contact-ball distance (1: to the ball), the rest with the rolling point.
    double cop_timing_exponent = constants::cop_timing_exponent.value;
    double cop_early_reach_fraction = constants::cop_early_reach_fraction.value;
    /// The hip's travel over the foot in stance / its symmetric estimate (the roll's scale).
    double hip_sweep_factor = constants::hip_sweep_factor.value;
    /// In push-off the knee extends no further than a limit falling steadily from the first
    /// [deg] at heel off to the second at the end of the roll.
    double knee_heel_off_flexion_deg = constants::knee_heel_off_flexion_deg.value;
    double knee_take_off_flexion_deg = constants::knee_take_off_flexion_deg.value;
    /// Knee flexion at touchdown at 3.5 m/s [deg] and its change per m/s of speed.
    double knee_touchdown_flexion_deg = constants::rearfoot_knee_touchdown_flexion_deg.value;
    double knee_touchdown_flexion_slope_deg_per_m_per_s = constants::knee_touchdown_flexion_slope_deg_per_m_per_s.value;
    /// Its change per unit of cadence / the runner's preferred cadence [deg] (a runner who raises
    /// his step rate lands with the knee more flexed).
    double knee_touchdown_flexion_per_cadence_ratio_deg = constants::knee_touchdown_flexion_per_cadence_ratio_deg.value;
    /// Backward speed of the foot relative to the hip at touchdown / running speed.
    double swing_leg_retraction_fraction = constants::swing_leg_retraction_fraction.value;
    /// Ankle rotational stiffness [N m/deg]: under a first contact ahead of the ankle, in series
    /// with the lower limb's soft-tissue coupling (Kuitunen et al. 2002).
    double ankle_stiffness_n_m_per_deg = constants::ankle_rotational_stiffness_n_m_per_deg.value;

    /// The defaults of a pattern.
    static FootStrike of(FootStrikePattern pattern);
    /// Knee flexion at touchdown [deg] at a running speed and a cadence / the runner's preferred
    /// cadence (1 at the preferred cadence); a straight knee (0) at least, since linear fits
    /// extrapolated to slow speeds or low step rates from a small reference flexion would
    /// hyperextend it.
    double knee_touchdown_flexion_at_deg(double speed_m_per_s, double cadence_ratio) const {
        return std::max(0.0, knee_touchdown_flexion_deg +
                                 knee_touchdown_flexion_slope_deg_per_m_per_s *
                                     (speed_m_per_s - constants::knee_touchdown_reference_speed_m_per_s) +
                                 knee_touchdown_flexion_per_cadence_ratio_deg * (cadence_ratio - 1.0));
    }
};

}  // namespace kneeload
