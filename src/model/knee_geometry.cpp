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

KneeState knee_state(const LegGeometry& g, const Eigen::Vector2d& hip, const Eigen::Vector2d& cop,
                     double cop_ahead_of_ankle_m, double leg_compression_m, const Eigen::Vector2d& ground_force) {
    // The thigh-shank triangle degenerates within this margin of a fully folded knee.
    constexpr double fold_margin_m = 1e-6;
    KneeState s;
    const double longest = g.thigh_m + g.shank_m;
    const double shortest = std::abs(g.thigh_m - g.shank_m) + fold_margin_m;
    // Only compression flexes the knee. When the active element extends the leg beyond its
    // touchdown length in late stance, that extension is push-off at the ankle (plantar
    // flexion), so the knee returns to its touchdown flexion instead of straightening.
    const double d =
        std::clamp(g.touchdown_hip_ankle_m - g.knee_share * std::max(0.0, leg_compression_m), shortest, longest);
    s.flexion_deg = g.flexion_rad(d) * constants::degrees_per_radian;
    const Eigen::Vector2d flat_foot_ankle = cop + Eigen::Vector2d(-cop_ahead_of_ankle_m, g.ankle_height_m);
    const Eigen::Vector2d u = (flat_foot_ankle - hip).normalized();
    s.ankle = hip + d * u;
    // Anterior intersection of |K - H| = thigh and |K - A| = shank.
    const double along = (g.thigh_m * g.thigh_m - g.shank_m * g.shank_m + d * d) / (2.0 * d);
    const double across = std::sqrt(std::max(0.0, g.thigh_m * g.thigh_m - along * along));
    const Eigen::Vector2d anterior(-u.y(), u.x());  // u rotated +90 deg: forward for u ~ down
    s.knee = hip + along * u + across * anterior;
    const Eigen::Vector2d r = s.knee - cop;
    s.extensor_moment_n_m = r.x() * ground_force.y() - r.y() * ground_force.x();
    return s;
}

}  // namespace kneeload
