#pragma once
/// @file runner.hpp
/// The runner: body mass, height, segment lengths and the lower-limb mass fraction.

#include "kneeload/constants.hpp"
#include "kneeload/errors.hpp"

namespace kneeload {

/// The plantar heel pad as a Hunt-Crossley power-law element (Kinoshita et al. 1993):
/// F = k d_ref (d / d_ref)^n (1 + h d').
struct HeelPad {
    double stiffness_n_per_m = constants::heel_pad_stiffness_n_per_m;  ///< secant at d_ref
    double reference_compression_m = constants::heel_pad_reference_compression_m;
    double stiffening_exponent = constants::heel_pad_stiffening_exponent;
    double hunt_crossley_damping_s_per_m = constants::heel_pad_hunt_crossley_damping_s_per_m;
};

/// Anthropometry of the runner. Lengths in m, mass in kg. Default-constructed = the
/// default runner of the calibration (70 kg, 1.75 m, Winter 2009 segment ratios).
struct Runner {
    double body_mass_kg = constants::default_body_mass_kg;
    double height_m = constants::default_height_m;
    double thigh_length_m = constants::thigh_length_per_height * constants::default_height_m;
    double shank_length_m = constants::shank_length_per_height * constants::default_height_m;
    /// Height of the ankle joint centre above the sole with the foot flat [m].
    double ankle_height_m = constants::ankle_height_per_height * constants::default_height_m;
    double foot_length_m = constants::foot_length_per_height * constants::default_height_m;
    /// Stance shank + foot mass / body mass (Clark et al. 2017: 0.08).
    double lower_limb_mass_fraction = constants::lower_limb_mass_fraction;
    HeelPad heel_pad;
    /// Soft-tissue (wobbling mass) damping of the lower limb, added to the contact stack's
    /// Hunt-Crossley damping [s/m] (model choice, constants.hpp).
    double soft_tissue_damping_s_per_m = constants::lower_limb_soft_tissue_damping_s_per_m;

    /// Standing hip height = thigh + shank + ankle height [m] (= 0.53 H with Winter ratios,
    /// the leg length L of Morin et al. 2005).
    double leg_length_m() const { return thigh_length_m + shank_length_m + ankle_height_m; }
    double lower_limb_mass_kg() const { return lower_limb_mass_fraction * body_mass_kg; }
    double upper_body_mass_kg() const { return (1.0 - lower_limb_mass_fraction) * body_mass_kg; }
    double body_weight_n() const { return body_mass_kg * constants::gravity_m_per_s2; }
};

/// A runner of the given mass [kg] and height [m] with segment lengths from Winter's
/// anthropometric ratios. Validates its arguments.
inline Runner make_runner(double body_mass_kg, double height_m) {
    require_in_range("runner.body_mass_kg", body_mass_kg, 20.0, 250.0, "kg");
    require_in_range("runner.height_m", height_m, 1.0, 2.5, "m");
    Runner r;
    r.body_mass_kg = body_mass_kg;
    r.height_m = height_m;
    r.thigh_length_m = constants::thigh_length_per_height * height_m;
    r.shank_length_m = constants::shank_length_per_height * height_m;
    r.ankle_height_m = constants::ankle_height_per_height * height_m;
    r.foot_length_m = constants::foot_length_per_height * height_m;
    return r;
}

/// Throws InvalidParameter naming the first out-of-range field.
inline void validate(const Runner& r) {
    require_in_range("runner.body_mass_kg", r.body_mass_kg, 20.0, 250.0, "kg");
    require_in_range("runner.height_m", r.height_m, 1.0, 2.5, "m");
    require_in_range("runner.thigh_length_m", r.thigh_length_m, 0.15 * r.height_m,
                     0.35 * r.height_m, "m (0.15-0.35 x height)");
    require_in_range("runner.shank_length_m", r.shank_length_m, 0.15 * r.height_m,
                     0.35 * r.height_m, "m (0.15-0.35 x height)");
    require_in_range("runner.ankle_height_m", r.ankle_height_m, 0.01 * r.height_m,
                     0.08 * r.height_m, "m (0.01-0.08 x height)");
    require_in_range("runner.foot_length_m", r.foot_length_m, 0.10 * r.height_m,
                     0.20 * r.height_m, "m (0.10-0.20 x height)");
    require_in_range("runner.lower_limb_mass_fraction", r.lower_limb_mass_fraction, 0.01, 0.2,
                     "(fraction of body mass)");
    require_in_range("runner.soft_tissue_damping_s_per_m", r.soft_tissue_damping_s_per_m, 0.0, 5.0, "s/m");
    require_in_range("runner.heel_pad.stiffness_n_per_m", r.heel_pad.stiffness_n_per_m, 5.0e3, 1.0e6, "N/m");
    require_in_range("runner.heel_pad.reference_compression_m", r.heel_pad.reference_compression_m, 1e-3,
                     0.03, "m");
    require_in_range("runner.heel_pad.stiffening_exponent", r.heel_pad.stiffening_exponent, 1.0, 5.0, "");
    require_in_range("runner.heel_pad.hunt_crossley_damping_s_per_m", r.heel_pad.hunt_crossley_damping_s_per_m,
                     0.0, 5.0, "s/m");
}

}  // namespace kneeload
