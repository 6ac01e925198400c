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
    // The shank leaves the ankle at angle beta in [0, pi] (forward, clockwise) from the ankle-hip
    // line, its cosine from the law of cosines: the shank's direction is the ankle-hip direction
    // turned clockwise by beta, with no angle computed (no acos -> cos round trip).
    const double cos_beta =
        std::clamp((g.shank_m * g.shank_m + d * d - g.thigh_m * g.thigh_m) / (2.0 * g.shank_m * d), -1.0, 1.0);
    const double sin_beta = std::sqrt(1.0 - cos_beta * cos_beta);
    const double distance = to_hip.norm();
    const Eigen::Vector2d along = distance > 0.0 ? Eigen::Vector2d(to_hip / distance) : Eigen::Vector2d::UnitX();
    const Eigen::Vector2d shank(along.x() * cos_beta + along.y() * sin_beta,
                                along.y() * cos_beta - along.x() * sin_beta);
    s.knee = ankle + g.shank_m * shank;
    // The shank's angle is the ankle-hip line's angle less beta, in (-2 pi, pi]: atan2 gives it in
    // (-pi, pi], so a turn that passed -pi (from below the ankle) is one revolution lower.
    double shank_angle = std::atan2(shank.y(), shank.x());
    if (along.y() < 0.0 && shank.y() >= 0.0) shank_angle -= 2.0 * constants::pi;
    s.ankle_dorsiflexion_deg = (0.5 * constants::pi - shank_angle + foot_angle_rad) * constants::degrees_per_radian;
    s.extensor_moment_n_m = extensor_moment(s.knee, cop, leg_force);
    s.extensor_moment_lab_n_m = extensor_moment(s.knee, cop, ground_force);
    return s;
}

}  // namespace kneeload
