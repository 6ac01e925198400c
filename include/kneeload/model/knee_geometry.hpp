#pragma once
/// @file model/knee_geometry.hpp
/// Knee kinematics from the segment geometry of the leg and the knee extensor moment from the
/// ground reaction force line.
///
/// The model's leg is the line from the centre of pressure C to the hip H. Its compression
/// dL = L_touchdown - |H - C| is split explicitly (Knee::share_of_leg_compression): a share s
/// shortens the hip-ankle distance, d_ha = d_ha,td - s max(0, dL), which sets knee flexion
/// through the law of cosines of the thigh-shank triangle; the rest is taken up by the ankle
/// and foot (dorsiflexion, heel rise). The ankle lies on the line from the hip toward the
/// flat-foot ankle position P = C + (-e, h_ankle) (e = COP ahead of the ankle), at d_ha from
/// the hip; the knee is the anterior intersection of the thigh and shank circles. The internal
/// extensor moment is the moment of the ground force about the knee (quasi-static: shank and
/// foot inertia and weight neglected; README, Model assumptions).

#include <Eigen/Core>

namespace kneeload {

/// Leg segment geometry, fixed for a runner and knee setting.
struct LegGeometry {
    double thigh_m = 0.0, shank_m = 0.0, ankle_height_m = 0.0;
    double touchdown_hip_ankle_m = 0.0;
    double knee_share = 0.0;

    /// Hip-ankle distance for a knee flexion angle [rad] (law of cosines).
    double hip_ankle_distance_m(double flexion_rad) const;
    /// Knee flexion [rad] for a hip-ankle distance, clamped to the triangle's range.
    double flexion_rad(double hip_ankle_m) const;
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
KneeState knee_state(const LegGeometry& geometry, const Eigen::Vector2d& hip, const Eigen::Vector2d& cop,
                     double cop_ahead_of_ankle_m, double leg_compression_m, const Eigen::Vector2d& ground_force);

}  // namespace kneeload
