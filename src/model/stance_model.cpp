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
    foot_mass_kg = r.foot_mass_kg();
    tissue_mass_kg = r.lower_limb_tissue_mass_kg();
    const double omega = 2.0 * constants::pi * r.lower_limb_tissue_frequency_hz;
    tissue_damping_n_s_per_m = 2.0 * r.lower_limb_tissue_damping_ratio * tissue_mass_kg * omega;
    tissue_stiffness_n_per_m = tissue_mass_kg * omega * omega;
    gravity = constants::gravity_m_per_s2 * (1.0 - p.surface.body_weight_support_fraction);
    FootGeometry geometry;
    geometry.ankle_height_m = r.ankle_height_m();
    geometry.heel_behind_ankle_m = r.heel_behind_ankle_m();
    geometry.ball_ahead_of_ankle_m = r.ball_ahead_of_ankle_m();
    const FootStrike& f = p.foot_strike;
    geometry.toe_cop_reach_m = f.toe_cop_reach_per_foot_length * r.foot_length_m();
    FootRoll roll;
    roll.touchdown_rad = f.foot_touchdown_angle_deg / constants::degrees_per_radian;
    // A heel strike's foot is flat in mid-stance (its heel is down); the mid-stance angle applies
    // to ball and flat landings.
    roll.stance_rad = roll.touchdown_rad > 0.0 ? 0.0 : f.foot_stance_angle_deg / constants::degrees_per_radian;
    roll.flat_progress = f.foot_flat_progress;
    roll.heel_off_progress = f.heel_off_progress;
    roll.take_off_rad = f.foot_take_off_angle_deg / constants::degrees_per_radian;
    roll.sole_angle_limit_rad = f.foot_push_off_angle_limit_deg / constants::degrees_per_radian;
    roll.landing_cop_lead = f.landing_cop_lead_fraction;
    roll.cop_timing_exponent = f.cop_timing_exponent;
    roll.cop_early_reach = f.cop_early_reach_fraction;
    foot = FootKinematics(geometry, roll);
    // A first contact ahead of the ankle lands the lower limb through the ankle: its rotational
    // stiffness over the lever, k_rot / lever^2, in series with the soft tissue.
    const double lever_m = -(foot.heel_x_m() + geometry.heel_behind_ankle_m);  // contact ahead of the ankle
    constexpr double shortest_lever_m = 1e-3;
    if (lever_m > shortest_lever_m && tissue_stiffness_n_per_m > 0.0) {
        const double ankle_n_per_m =
            f.ankle_stiffness_n_m_per_deg * constants::degrees_per_radian / (lever_m * lever_m);
        tissue_stiffness_n_per_m = 1.0 / (1.0 / tissue_stiffness_n_per_m + 1.0 / ankle_n_per_m);
    }
    // The stack's power law is fitted over the forces of running, which scale with the weight
    // the body falls with (less any weight support). The ankle's compliance under a forefoot
    // landing is the foot's roll (foot_kinematics.hpp), not a spring in the stack.
    contact = ContactStack(p.shoe, r.heel_pad, p.surface.stiffness_n_per_m, 0.0,
                           r.body_weight_n() * (1.0 - p.surface.body_weight_support_fraction));
    // Only the head-arms-trunk segment tilts; its share of the upper mass sets how far the
    // upper body's centre of mass moves (Winter 2009, constants.hpp), relative to the posture
    // at which the model is calibrated (the self-selected one).
    const double trunk_lever_m = constants::trunk_mass_fraction.value * r.body_mass_kg / upper_mass_kg *
                                 constants::trunk_com_above_hip_per_height.value * r.height_m;
    const double reference_rad = constants::self_selected_trunk_flexion_deg.value / constants::degrees_per_radian;
    com_ahead_of_hip_m =
        trunk_lever_m * (std::sin(r.trunk_flexion_deg / constants::degrees_per_radian) - std::sin(reference_rad));
    leg.thigh_m = r.thigh_length_m();
    leg.shank_m = r.shank_length_m();
    knee_take_off_flexion_rad = f.knee_take_off_flexion_deg / constants::degrees_per_radian;
    knee_heel_off_flexion_rad = f.knee_heel_off_flexion_deg / constants::degrees_per_radian;
    heel_off_ankle = foot.at(foot.roll().heel_off_progress).ankle;
}

double StanceModel::longest_push_off_hip_ankle_m(double progress, const Eigen::Vector2d& hip, double sweep_m,
                                                 double touchdown_hip_x_m) const {
    const double p_off = foot.roll().heel_off_progress;
    const double q = std::clamp((progress - p_off) / (1.0 - p_off), 0.0, 1.0);
    const Eigen::Vector2d hip_at_heel_off(touchdown_hip_x_m + p_off * sweep_m - com_ahead_of_hip_m, hip.y());
    const double at_heel_off = leg.flexion_rad((hip_at_heel_off - heel_off_ankle).norm());
    const double start = std::max(std::min(knee_heel_off_flexion_rad, at_heel_off), knee_take_off_flexion_rad);
    return leg.hip_ankle_distance_m(start + (knee_take_off_flexion_rad - start) * q);
}

Eigen::Vector2d StanceModel::touchdown_hip(double phi_rad, double knee_flexion_rad) const {
    const Eigen::Vector2d u(-std::sin(phi_rad), std::cos(phi_rad));
    // The state's "hip" is the upper body's centre of mass G; the anatomical hip lies
    // com_ahead_of_hip_m behind it. The knee's flexion is set by the hip-ankle distance, so G is
    // placed where |G - offset - A| = d: the ankle shifted forward by the offset.
    const Eigen::Vector2d a = foot.at(0.0).ankle + Eigen::Vector2d(com_ahead_of_hip_m, 0.0);
    const double d = leg.hip_ankle_distance_m(knee_flexion_rad), b = a.dot(u);
    return (b + std::sqrt(std::max(0.0, b * b - a.squaredNorm() + d * d))) * u;
}

double StanceModel::touchdown_knee_flexion_rad(double speed_m_per_s, double cadence_ratio) const {
    return parameters.foot_strike.knee_touchdown_flexion_at_deg(speed_m_per_s, cadence_ratio) /
           constants::degrees_per_radian;
}

}  // namespace kneeload
