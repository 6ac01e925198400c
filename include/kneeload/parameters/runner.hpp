#pragma once
/// @file parameters/runner.hpp
/// The runner: body mass, height, segment proportions, lower-limb mass and heel pad.

#include "kneeload/parameters/constants.hpp"

namespace kneeload {

/// The plantar heel pad as a Hunt-Crossley power-law element (Kinoshita et al. 1993):
/// F = k d_ref (d / d_ref)^n (1 + h d').
struct HeelPad {
    double stiffness_n_per_m = constants::heel_pad_stiffness_n_per_m.value;  ///< secant at d_ref
    double reference_compression_m = constants::heel_pad_reference_compression_m.value;
    double stiffening_exponent = constants::heel_pad_stiffening_exponent.value;
    double hunt_crossley_damping_s_per_m = constants::heel_pad_hunt_crossley_damping_s_per_m.value;
};

/// Anthropometry of the runner. Segment lengths are proportions of height (Winter 2009), so
/// a runner of another height scales as a whole. Default: the 70 kg, 1.75 m runner of the
/// calibration.
struct Runner {
    double body_mass_kg = constants::default_body_mass_kg.value;
    double height_m = constants::default_height_m.value;
    double thigh_length_per_height = constants::thigh_length_per_height.value;
    double shank_length_per_height = constants::shank_length_per_height.value;
    /// Height of the ankle joint centre above the sole with the foot flat / height.
    double ankle_height_per_height = constants::ankle_height_per_height.value;
    double foot_length_per_height = constants::foot_length_per_height.value;
    /// Ankle ahead of the heel and ball of the foot ahead of the ankle, along the sole / foot length.
    double heel_behind_ankle_per_foot_length = constants::heel_behind_ankle_per_foot_length.value;
    double ball_ahead_of_ankle_per_foot_length = constants::ball_ahead_of_ankle_per_foot_length.value;
    /// Stance shank + foot mass / body mass (Clark et al. 2017: 0.08).
    double lower_limb_mass_fraction = constants::lower_limb_mass_fraction.value;
    /// Of it, the foot (this share) lands on the contact stack and the rest is coupled to the foot
    /// by soft tissue of this natural frequency [Hz] and damping ratio.
    double foot_share_of_lower_limb = constants::foot_share_of_lower_limb.value;
    double lower_limb_tissue_frequency_hz = constants::lower_limb_tissue_frequency_hz.value;
    double lower_limb_tissue_damping_ratio = constants::lower_limb_tissue_damping_ratio.value;
    HeelPad heel_pad;
    /// The leg's force-velocity factor [s/m]: leg force = spring force x (1 - a dL/dt).
    double leg_force_velocity_s_per_m = constants::leg_force_velocity_s_per_m.value;
    /// The unloading leg spring's force-compression exponent (1: linear; stance_dynamics.hpp).
    double leg_unloading_exponent = constants::leg_unloading_exponent.value;
    /// How far below the upper body's centre of mass the ground force points [m] (a virtual pivot
    /// below the centre of mass; 0: at it; stance_dynamics.hpp).
    double virtual_pivot_below_com_m = constants::virtual_pivot_below_com_m.value;
    /// Dimensionless leg stiffness K = k L / (M g) at the preferred cadence that the empirical
    /// closure imposes (McMahon & Cheng 1990: 15); a runner's own K makes the closure personal.
    double dimensionless_leg_stiffness = constants::empirical_dimensionless_leg_stiffness.value;
    /// The runner's preferred cadence / the population's at the same speed and height
    /// (preferred_cadence_steps_per_min): his own cadence habit, at every speed.
    double preferred_cadence_factor = constants::population_preferred_cadence_factor.value;
    /// Trunk flexion from the vertical [deg] (Teng & Powers 2014: 7.3 self-selected).
    double trunk_flexion_deg = constants::self_selected_trunk_flexion_deg.value;

    double thigh_length_m() const { return thigh_length_per_height * height_m; }
    double shank_length_m() const { return shank_length_per_height * height_m; }
    double ankle_height_m() const { return ankle_height_per_height * height_m; }
    double foot_length_m() const { return foot_length_per_height * height_m; }
    double heel_behind_ankle_m() const { return heel_behind_ankle_per_foot_length * foot_length_m(); }
    double ball_ahead_of_ankle_m() const { return ball_ahead_of_ankle_per_foot_length * foot_length_m(); }
    /// Standing hip height = thigh + shank + ankle height [m] (= 0.53 H with Winter's ratios,
    /// the leg length L of Morin et al. 2005).
    double leg_length_m() const { return thigh_length_m() + shank_length_m() + ankle_height_m(); }
    double lower_limb_mass_kg() const { return lower_limb_mass_fraction * body_mass_kg; }
    double upper_body_mass_kg() const { return (1.0 - lower_limb_mass_fraction) * body_mass_kg; }
    double foot_mass_kg() const { return foot_share_of_lower_limb * lower_limb_mass_kg(); }
    /// The lower limb's mass beyond the foot, coupled to it by soft tissue [kg].
    double lower_limb_tissue_mass_kg() const { return lower_limb_mass_kg() - foot_mass_kg(); }
    double body_weight_n() const { return body_mass_kg * constants::gravity_m_per_s2; }
};

}  // namespace kneeload
