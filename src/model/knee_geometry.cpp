/// @file model/knee_geometry.cpp
#include "kneeload/model/knee_geometry.hpp"

#include <algorithm>
#include <cmath>

#include "kneeload/parameters/constants.hpp"

namespace kneeload {

double LegGeometry::hip_ankle_distance_m(double flexion_rad) const {
    return std::sqrt(thigh_m * thigh_m + shank_m * shank_m + 2.0 * thigh_m * shank_m * std::cos(flexion_rad));
}

double LegGeometry::flexion_rad(double hip_ankle_m) const {
    const double c = (hip_ankle_m * hip_ankle_m - thigh_m * thigh_m - shank_m * shank_m) / (2.0 * thigh_m * shank_m);
    return std::acos(std::clamp(c, -1.0, 1.0));
}

namespace {
/// Moment of a force at `point` about `about` as an internal extensor moment: r_x F_y - r_y F_x
/// with r = about - point.
double extensor_moment(const Eigen::Vector2d& about, const Eigen::Vector2d& point, const Eigen::Vector2d& force) {
    const Eigen::Vector2d r = about - point;
    return r.x() * force.y() - r.y() * force.x();
}
}  // namespace

KneeState knee_state(const LegGeometry& g, const Eigen::Vector2d& hip, const Eigen::Vector2d& ankle,
                     double foot_angle_rad, const Eigen::Vector2d& cop, const Eigen::Vector2d& leg_force,
                     const Eigen::Vector2d& ground_force) {
    // The thigh-shank triangle degenerates within this margin of a straight or folded knee.
    constexpr double fold_margin_m = 1e-6;
    KneeState s;
    const Eigen::Vector2d to_hip = hip - ankle;
    const double d = std::clamp(to_hip.norm(), std::abs(g.thigh_m - g.shank_m) + fold_margin_m,
                                g.thigh_m + g.shank_m - fold_margin_m);
    s.flexion_deg = g.flexion_rad(d) * constants::degrees_per_radian;
    // The shank leaves the ankle at angle beta (forward, clockwise) from the ankle-hip line.
    const double cos_beta = (g.shank_m * g.shank_m + d * d - g.thigh_m * g.thigh_m) / (2.0 * g.shank_m * d);
    const double shank_angle = std::atan2(to_hip.y(), to_hip.x()) - std::acos(std::clamp(cos_beta, -1.0, 1.0));
    s.knee = ankle + g.shank_m * Eigen::Vector2d(std::cos(shank_angle), std::sin(shank_angle));
    s.ankle_dorsiflexion_deg = (0.5 * constants::pi - shank_angle + foot_angle_rad) * constants::degrees_per_radian;
    s.extensor_moment_n_m = extensor_moment(s.knee, cop, leg_force);
    s.extensor_moment_lab_n_m = extensor_moment(s.knee, cop, ground_force);
    return s;
}

}  // namespace kneeload
