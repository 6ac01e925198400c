#pragma once
/// @file model/knee_geometry.hpp
/// Knee kinematics from the segment geometry and the knee extensor moments.
///
/// The ankle sits on the foot (foot_kinematics.hpp), so the hip-ankle distance d follows from
/// the hip's motion and the foot's roll, and the knee's flexion from the thigh-shank triangle
/// (law of cosines): no share of the leg's compression is imposed, and the ankle never goes
/// through the ground. The knee is the anterior intersection of the thigh and shank circles.
/// Ankle dorsiflexion is the shank's angle to the sole's normal (0: shank normal to the sole).
///
/// Two knee extensor moments, both quasi-static (thigh, shank and foot inertia and weight
/// neglected: README, Model assumptions):
/// - internal: the moment about the knee of the leg's own force (along the line from the centre
///   of pressure to the virtual pivot below the upper body's centre of mass), consistent with the
///   model's joint loading;
/// - lab convention: the moment of the ground force vector at the centre of pressure about the
///   knee, M = r_x F_v - r_y F_h with r = knee - COP, what 2-D PFJ studies and the validation
///   data compute. It differs from the internal one by the lower limb's inertia (its impact).

#include <Eigen/Core>

namespace kneeload {

/// Thigh and shank lengths [m].
struct LegGeometry {
    double thigh_m = 0.0, shank_m = 0.0;
    /// Hip-ankle distance for a knee flexion angle [rad] (law of cosines).
    double hip_ankle_distance_m(double flexion_rad) const;
    /// Knee flexion [rad] for a hip-ankle distance, clamped to the triangle's range.
    double flexion_rad(double hip_ankle_m) const;
};

/// Knee state at one instant. Positions in m in the ground frame (x forward, y up).
struct KneeState {
    double flexion_deg = 0.0;
    double ankle_dorsiflexion_deg = 0.0;
    double extensor_moment_n_m = 0.0;      ///< internal (the leg's force); > 0 extensor
    double extensor_moment_lab_n_m = 0.0;  ///< ground force vector at the COP; > 0 extensor
    Eigen::Vector2d knee = Eigen::Vector2d::Zero();
};

/// @param hip, ankle, cop positions [m]; @param foot_angle_rad sole angle (> 0 toes up)
/// @param leg_force force of the leg on the upper body [N] (along COP -> virtual pivot)
/// @param ground_force ground reaction force on the foot [N] (horizontal, vertical)
KneeState knee_state(const LegGeometry& geometry, const Eigen::Vector2d& hip, const Eigen::Vector2d& ankle,
                     double foot_angle_rad, const Eigen::Vector2d& cop, const Eigen::Vector2d& leg_force,
                     const Eigen::Vector2d& ground_force);

}  // namespace kneeload
