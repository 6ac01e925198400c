#pragma once
/// @file model.hpp
/// All parameters of one simulation (immutable inputs) and the derived quantities the
/// stance dynamics needs, computed once per parameter set.

#include <cmath>

#include "kneeload/contact.hpp"
#include "kneeload/foot_strike.hpp"
#include "kneeload/knee.hpp"
#include "kneeload/numerics.hpp"
#include "kneeload/patellofemoral.hpp"
#include "kneeload/runner.hpp"
#include "kneeload/shoe.hpp"
#include "kneeload/surface.hpp"

namespace kneeload {

/// Everything that describes the runner, equipment and numerics (not the gait).
struct ModelParameters {
    Runner runner;
    Shoe shoe;
    Surface surface;
    FootStrike foot_strike;
    Knee knee;
    Patellofemoral patellofemoral;
    IntegratorSettings numerics;
};

/// Throws InvalidParameter naming the first invalid field.
inline void validate(const ModelParameters& p) {
    validate(p.runner);
    validate(p.shoe);
    validate(p.surface);
    validate(p.foot_strike);
    validate(p.knee);
    validate(p.numerics);
}

/// Derived, immutable quantities of a parameter set (no scratch state).
struct StanceModel {
    ModelParameters parameters;
    double body_mass_kg = 0.0, upper_mass_kg = 0.0, lower_mass_kg = 0.0;
    double gravity = constants::gravity_m_per_s2;
    ContactStack contact;
    LegGeometry leg;
    /// COP ahead of the ankle at touchdown [m] and its forward travel over stance [m].
    double contact_ahead_of_ankle_m = 0.0, cop_travel_m = 0.0;
    double lower_limb_touchdown_speed_m_per_s = 0.0;

    explicit StanceModel(const ModelParameters& p) : parameters(p) {
        validate(p);
        const Runner& r = p.runner;
        body_mass_kg = r.body_mass_kg;
        upper_mass_kg = r.upper_body_mass_kg();
        lower_mass_kg = r.lower_limb_mass_kg();
        const double ankle_series = p.foot_strike.ankle_series_stiffness_n_per_m(r.foot_length_m);
        const double series = 1.0 / (1.0 / ankle_series + 1.0 / p.surface.stiffness_n_per_m);
        contact = ContactStack(p.shoe, r.heel_pad, series, r.soft_tissue_damping_s_per_m, r.body_weight_n());
        leg.thigh_m = r.thigh_length_m;
        leg.shank_m = r.shank_length_m;
        leg.ankle_height_m = r.ankle_height_m;
        leg.touchdown_hip_ankle_m = leg.hip_ankle_distance_m(p.knee.touchdown_flexion_deg * constants::pi / 180.0);
        leg.knee_share = p.knee.knee_share_of_leg_compression;
        contact_ahead_of_ankle_m = p.foot_strike.contact_from_ankle_per_foot_length * r.foot_length_m;
        cop_travel_m = p.foot_strike.cop_travel_per_foot_length * r.foot_length_m;
        lower_limb_touchdown_speed_m_per_s = p.foot_strike.lower_limb_touchdown_speed_m_per_s;
    }

    /// Leg length (COP to hip) at touchdown for a leg angle phi from the vertical [rad]
    /// (foot ahead of the hip for phi > 0): the hip lies at the touchdown hip-ankle distance
    /// from the flat-foot ankle P = C + (-e, h_ankle). Solves |H - P| = d_td for
    /// H = C + L (-sin phi, cos phi): L = b + sqrt(b^2 - |P - C|^2 + d_td^2).
    double touchdown_leg_length_m(double phi_rad) const {
        const double e = contact_ahead_of_ankle_m, h = leg.ankle_height_m;
        const double b = e * std::sin(phi_rad) + h * std::cos(phi_rad);
        const double d = leg.touchdown_hip_ankle_m;
        return b + std::sqrt(b * b - (e * e + h * h) + d * d);
    }
};

}  // namespace kneeload
