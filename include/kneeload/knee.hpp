#pragma once
/// @file knee.hpp
/// Knee kinematics from the segment geometry of the leg and the knee extensor moment from
/// the ground reaction force line.
///
/// The model's leg is the line from the centre of pressure C to the hip H. Its compression
/// dL = L_touchdown - |H - C| is split explicitly (Knee::knee_share_of_leg_compression):
/// a share s shortens the hip-ankle distance, d_ha = d_ha,td - s max(0, dL), which sets knee flexion
/// through the law of cosines of the thigh-shank triangle; the rest is taken up by the ankle
/// and foot (dorsiflexion, heel rise). The ankle lies on the line from the hip toward the
/// flat-foot ankle position P = C + (-e, h_ankle) (e = COP ahead of the ankle), at d_ha from
/// the hip; the knee is the anterior intersection of the thigh and shank circles.
/// The internal extensor moment is the moment of the ground force about the knee
/// (quasi-static: shank and foot inertia and weight neglected; README, Model assumptions).

#include <Eigen/Core>
#include <algorithm>
#include <cmath>

#include "kneeload/constants.hpp"
#include "kneeload/errors.hpp"

namespace kneeload {

struct Knee {
    /// Knee flexion at touchdown [deg] (Heiderscheit et al. 2011: 17.8 +/- 4.0).
    double touchdown_flexion_deg = constants::knee_flexion_at_touchdown_deg;
    /// Share of leg compression taken by knee flexion (model choice; see constants.hpp).
    double knee_share_of_leg_compression = constants::knee_share_of_leg_compression;
};

inline void validate(const Knee& k) {
    require_in_range("knee.touchdown_flexion_deg", k.touchdown_flexion_deg, 0.0, 45.0, "deg");
    require_in_range("knee.knee_share_of_leg_compression", k.knee_share_of_leg_compression, 0.0,
                     1.0, "");
}

/// Leg segment geometry, fixed for a runner and knee setting.
struct LegGeometry {
    double thigh_m = 0.0, shank_m = 0.0, ankle_height_m = 0.0;
    double touchdown_hip_ankle_m = 0.0;
    double knee_share = 0.0;

    /// Hip-ankle distance for a knee flexion angle [rad] (law of cosines).
    double hip_ankle_distance_m(double flexion_rad) const {
        return std::sqrt(thigh_m * thigh_m + shank_m * shank_m +
                         2.0 * thigh_m * shank_m * std::cos(flexion_rad));
    }
    /// Knee flexion [rad] for a hip-ankle distance, clamped to the triangle's range.
    double flexion_rad(double hip_ankle_m) const {
        const double c = (hip_ankle_m * hip_ankle_m - thigh_m * thigh_m - shank_m * shank_m) /
                         (2.0 * thigh_m * shank_m);
        return std::acos(std::clamp(c, -1.0, 1.0));
    }
};

/// Knee state at one instant. Positions in m in the ground frame (x forward, y up).
struct KneeState {
    double flexion_deg = 0.0;
    double extensor_moment_n_m = 0.0;  ///< internal; > 0 extensor
    Eigen::Vector2d knee = Eigen::Vector2d::Zero();
    Eigen::Vector2d ankle = Eigen::Vector2d::Zero();
};

/// @param hip hip position [m]; @param cop centre of pressure [m]
/// @param cop_ahead_of_ankle_m horizontal COP offset ahead of the ankle [m]
/// @param leg_compression_m L_touchdown - |hip - cop| [m]
/// @param ground_force ground reaction force on the foot [N]
inline KneeState knee_state(const LegGeometry& g, const Eigen::Vector2d& hip,
                            const Eigen::Vector2d& cop, double cop_ahead_of_ankle_m,
                            double leg_compression_m, const Eigen::Vector2d& ground_force) {
    KneeState s;
    const double longest = g.thigh_m + g.shank_m;
    const double shortest = std::abs(g.thigh_m - g.shank_m) + 1e-6;
    // Only compression flexes the knee. When the active element extends the leg beyond its
    // touchdown length in late stance, that extension is push-off at the ankle (plantar
    // flexion), so the knee returns to its touchdown flexion instead of straightening.
    const double d = std::clamp(g.touchdown_hip_ankle_m - g.knee_share * std::max(0.0, leg_compression_m),
                                shortest, longest);
    s.flexion_deg = g.flexion_rad(d) * 180.0 / constants::pi;
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
