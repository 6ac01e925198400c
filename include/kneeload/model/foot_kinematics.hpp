#pragma once
/// @file model/foot_kinematics.hpp
/// The foot's roll over the ground during stance and the centre of pressure (COP) it carries:
/// prescribed kinematics, model choices labelled in constants.hpp and exposed as foot-strike
/// parameters. It places the ankle on the foot, so that the knee's flexion follows from the
/// hip-ankle distance (knee_geometry.hpp) with the ankle never below the ground.
///
/// The foot is a rigid sole from the heel to the ball (metatarsal heads), the ankle joint centre
/// h above the sole, e_h ahead of the heel and e_b behind the ball. Its sole angle s (> 0 toes
/// up) and the COP are functions of the hip's progress over the foot,
///     p = (x_hip - x_hip,touchdown) / sweep,  sweep = 2 (x_first contact - x_hip,touchdown) + x_ball,
/// 0 at touchdown, 1 when the hip is as far past the ball as it started behind the first contact:
/// - landing, p < p_flat: s goes from its touchdown value s0 to its stance value s_m turning
///   about the first contact (the heel for s0 > 0, the ball for s0 < 0), which carries the COP;
/// - stance, p_flat <= p <= p_heel_off: flat (s_m = 0) with the COP travelling from the first
///   contact to the ball, or (s_m < 0, a forefoot striker's heel kept up) on the ball;
/// - push-off, p > p_heel_off: the heel rises about the ball (the toes stay flat on the ground),
///   s from s_m to s_end at p = 1, while the COP travels past the ball onto the toes by the toe
///   reach r_t (under the hallux at take-off); the heel rises further if the hip would otherwise
///   pull the knee straighter than its take-off flexion: the knee stops extending there and the
///   ankle's plantarflexion takes the rest of the leg's extension (model choices, constants.hpp).
/// Each move follows the smoothstep 3q^2 - 2q^3, so angle and COP start and stop with zero rate.
/// Positions are in the frame of the first contact point (x = 0) on the ground (y = 0).

#include <Eigen/Core>

namespace kneeload {

struct FootGeometry {
    double ankle_height_m = 0.0;
    double heel_behind_ankle_m = 0.0;
    double ball_ahead_of_ankle_m = 0.0;
    double toe_cop_reach_m = 0.0;  ///< the COP's travel past the ball in push-off
    double sole_m() const { return heel_behind_ankle_m + ball_ahead_of_ankle_m; }
};

struct FootRoll {
    double touchdown_rad = 0.0;  ///< sole angle at touchdown, > 0 toes up (heel strike)
    double stance_rad = 0.0;     ///< sole angle in mid-stance, <= 0 (< 0: the heel stays up)
    double flat_progress = 0.2;
    double heel_off_progress = 0.6;
    double take_off_rad = 0.0;  ///< sole angle at the end of the roll (< 0: heel up)
};

/// The foot at one progress.
struct FootPose {
    double angle_rad = 0.0;
    double cop_x_m = 0.0;
    double cop_x_per_progress_m = 0.0;  ///< dCOP/dp
    Eigen::Vector2d ankle = Eigen::Vector2d::Zero();
};

class FootKinematics {
public:
    FootKinematics() = default;
    FootKinematics(const FootGeometry& geometry, const FootRoll& roll);

    /// The heel's and the ball's position with the sole flat [m] (first contact at 0).
    double heel_x_m() const { return heel_x_; }
    double ball_x_m() const { return ball_x_; }
    const FootGeometry& geometry() const { return geometry_; }
    const FootRoll& roll() const { return roll_; }
    /// The centre of pressure's position [m] and its derivative with respect to the progress at
    /// a progress: what the stance dynamics needs (no trigonometry), the same as at().cop_x_m.
    double cop_x_m(double progress, double& per_progress_m) const;
    /// The foot at a progress (clamped to [0, 1]).
    FootPose at(double progress) const;
    /// The same with the push-off's limit: in push-off the heel rises further when the hip
    /// (relative to the first contact on the ground) is farther than `longest_hip_ankle_m` from
    /// the prescribed ankle position.
    FootPose at(double progress, const Eigen::Vector2d& hip, double longest_hip_ankle_m) const;

private:
    FootGeometry geometry_;
    FootRoll roll_;
    double heel_x_ = 0.0, ball_x_ = 0.0;
};

}  // namespace kneeload
