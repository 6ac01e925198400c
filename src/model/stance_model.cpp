/// @file model/stance_model.cpp
#include "kneeload/model/stance_model.hpp"

#include <cmath>

#include "kneeload/parameters/registry.hpp"

namespace kneeload {

StanceModel::StanceModel(const ModelParameters& p) : parameters(p) {
    validate(p);
    const Runner& r = p.runner;
    body_mass_kg = r.body_mass_kg;
    upper_mass_kg = r.upper_body_mass_kg();
    lower_mass_kg = r.lower_limb_mass_kg();
    gravity = constants::gravity_m_per_s2 * (1.0 - p.surface.body_weight_support_fraction);
    const double ankle_series = p.foot_strike.ankle_series_stiffness_n_per_m(r.foot_length_m());
    const double series = 1.0 / (1.0 / ankle_series + 1.0 / p.surface.stiffness_n_per_m);
    // The stack's power law is fitted over the forces of running, which scale with the weight
    // the body falls with (less any weight support).
    contact = ContactStack(p.shoe, r.heel_pad, series, r.soft_tissue_damping_s_per_m,
                           r.body_weight_n() * (1.0 - p.surface.body_weight_support_fraction));
    leg.thigh_m = r.thigh_length_m();
    leg.shank_m = r.shank_length_m();
    leg.ankle_height_m = r.ankle_height_m();
    leg.touchdown_hip_ankle_m = leg.hip_ankle_distance_m(p.knee.touchdown_flexion_deg / constants::degrees_per_radian);
    leg.knee_share = p.knee.share_of_leg_compression;
    contact_ahead_of_ankle_m = p.foot_strike.contact_from_ankle_per_foot_length * r.foot_length_m();
    cop_travel_m = p.foot_strike.cop_travel_per_foot_length * r.foot_length_m();
    lower_limb_touchdown_speed_m_per_s = p.foot_strike.lower_limb_touchdown_speed_m_per_s;
}

double StanceModel::touchdown_leg_length_m(double phi_rad) const {
    const double e = contact_ahead_of_ankle_m, h = leg.ankle_height_m;
    const double b = e * std::sin(phi_rad) + h * std::cos(phi_rad);
    const double d = leg.touchdown_hip_ankle_m;
    return b + std::sqrt(b * b - (e * e + h * h) + d * d);
}

}  // namespace kneeload
