#pragma once
/// @file model/foot_kinematics.hpp
/// The foot's roll over the ground during stance and the centre of pressure (COP) it carries:
/// prescribed kinematics, model choices labelled in constants.hpp and exposed as foot-strike
/// parameters. It places the ankle on the foot, so that the knee's flexion follows from the
/// hip-ankle distance (knee_geometry.hpp) with the ankle never below the ground.
///
/// The foot is a rigid sole from the heel to the ball (metatarsal heads), the ankle joint centre
/// h above the sole, e_h ahead of the heel and e_b behind the ball. Its sole angle s (> 0 toes
/// up), the leg's rolling point x_r and the COP are functions of the hip's progress over the foot,
///     p = (x_hip - x_hip,touchdown) / sweep,  sweep = c (2 (x_first contact - x_hip,touchdown) + x_ball),
/// 0 at touchdown; for c = 1, p = 1 when the hip is as far past the ball as it started behind the
/// first contact; the hip sweep factor c > 1 stretches the roll over runners' longer second half
/// of stance:
/// - landing, p < p_flat: s goes from its touchdown value s0 to its stance value s_m turning
///   about the first contact (the heel for s0 > 0, the ball for s0 < 0), where x_r stays;
/// - stance, p_flat <= p <= p_heel_off: flat (s_m = 0) with x_r travelling from the first
///   contact to the ball, or (s_m < 0, a forefoot striker's heel kept up) on the ball;
/// - push-off, p > p_heel_off: the heel rises about the ball (the toes stay flat on the ground),
///   s from s_m to s_end at p = 1, while x_r travels past the ball onto the toes by the toe
///   reach r_t (under the hallux at take-off); the heel rises further if the hip would otherwise
///   pull the knee straighter than the push-off's limit, which falls linearly in p from the
///   heel-off flexion (or the knee's own at heel off, if lower: StanceModel) to the take-off
///   flexion: the knee extends along it and the ankle's
///   plantarflexion takes the rest of the leg's extension (model choices, constants.hpp); where
///   the heel's rise about the ball cannot keep up, the ball lifts and the toes turn about their
///   tip, the foot behind the ball pointing at the hip (a joint at the ball, continuous); the sole
///   never turns past its angle limit s_lim (set by the ankle's plantarflexion range): where the
///   heel's rise or the pointing would take it further, it stays at s_lim and the ball lifts;
/// - the COP leaves x_r in heel and flat landings: the pressure runs ahead under the loading
///   forefoot, l x_ball S(p / p_flat) during the landing; in stance (q the stance's own progress)
///   it is x_ball (l + (c - l) S(q^gamma) + (1 - c) S(q)): an early move to c x_ball (gamma < 1:
///   early, then slowing, as runners' COP reaches the forefoot within 30-40 % of stance) plus the
///   rest of the way with the rolling point, on the ball by heel off (c = gamma = 1: x_r plus a
///   lead l x_ball (1 - S(q)) that vanishes by heel off; at gamma = 1 c cancels out). Never
///   behind x_r (gamma <= 1), never moving back for c >= l (the parameters' validation requires
///   it). From heel off the COP is x_r.
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
    /// The lowest sole angle (heel up) that the heel's rise beyond the prescribed roll, or the foot
    /// pointing at the hip from a lifted ball, may reach: beyond it the ball lifts instead. The
    /// default here is the vertical; StanceModel sets foot_push_off_angle_limit_deg's.
    double sole_angle_limit_rad = -1.5707963267948966;
    /// The COP's lead over the rolling point at foot flat, per first contact-ball distance
    /// (heel and flat landings; a forefoot landing's COP stays on the ball).
    double landing_cop_lead = 0.0;
    /// The COP's early move in stance (heel and flat landings): from the lead at foot flat it
    /// moves to this fraction c of the first contact-ball distance along the smoothstep of q^gamma
    /// (q the stance's own progress; gamma < 1: early, then slowing), and the rest of the way to
    /// the ball, 1 - c, with the rolling point (by heel off). c = gamma = 1: the rolling point plus
    /// a lead that vanishes by heel off.
    double cop_timing_exponent = 1.0;
    double cop_early_reach = 1.0;
};

/// The leg's rolling point and the COP on the ground [m] at one progress, with their
/// derivatives with respect to the progress [m].
struct GroundPoints {
    double rolling_x_m = 0.0, rolling_per_progress_m = 0.0;
    double cop_x_m = 0.0, cop_per_progress_m = 0.0;
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
    FootKinematics() : FootKinematics(FootGeometry{}, FootRoll{}) {}
    FootKinematics(const FootGeometry& geometry, const FootRoll& roll);

    /// The heel's and the ball's position with the sole flat [m] (first contact at 0).
    double heel_x_m() const { return heel_x_; }
    double ball_x_m() const { return ball_x_; }
    const FootGeometry& geometry() const { return geometry_; }
    const FootRoll& roll() const { return roll_; }
    /// The centre of pressure's position [m] and its derivative with respect to the progress at
    /// a progress, the same as at().cop_x_m.
    double cop_x_m(double progress, double& per_progress_m) const;
    /// The leg's rolling point on the ground [m] (the leg spring's foot end) and its derivative
    /// with respect to the progress: the COP without its landing lead.
    double rolling_point_x_m(double progress, double& per_progress_m) const;
    /// Both points at once (what the stance dynamics needs, no trigonometry).
    GroundPoints ground_points(double progress) const;
    /// The COP's largest lead over the rolling point [m] (at foot flat).
    double landing_cop_lead_m() const { return roll_.stance_rad < 0.0 ? 0.0 : roll_.landing_cop_lead * ball_x_; }
    /// Whether the COP ever leaves the rolling point: a heel or flat landing (the foot flat in
    /// mid-stance, the ball ahead of the first contact) with a lead, or the early move's own timing
    /// or reach.
    bool cop_leaves_rolling_point() const {
        return roll_.stance_rad >= 0.0 && ball_x_ > 0.0 &&
               (landing_cop_lead_m() != 0.0 || roll_.cop_timing_exponent != 1.0 || roll_.cop_early_reach != 1.0);
    }
    /// The foot at a progress (clamped to [0, 1]).
    FootPose at(double progress) const;
    /// The same with the push-off's limit: in push-off the heel rises further when the hip
    /// (relative to the first contact on the ground) is farther than `longest_hip_ankle_m` from
    /// the prescribed ankle position, and beyond the heel's reach the ball lifts (the toes turning
    /// about the COP). The angle is the sole's behind the ball.
    FootPose at(double progress, const Eigen::Vector2d& hip, double longest_hip_ankle_m) const;

private:
    /// The sole held at its angle limit, the ball lifting instead (at()'s last resort).
    void limit_sole_angle(FootPose& pose, const Eigen::Vector2d& hip, double longest_hip_ankle_m) const;

    FootGeometry geometry_;
    FootRoll roll_;
    double heel_x_ = 0.0, ball_x_ = 0.0;
    /// 1 / the progress spans of the landing, the stance and the push-off.
    double per_landing_span_ = 0.0, per_stance_span_ = 0.0, per_push_off_span_ = 0.0;
    /// The ankle's distance from the ball and the angle of the ball-ankle line with the sole flat.
    double ball_ankle_m_ = 0.0, ball_ankle_angle_rad_ = 0.0;
};

}  // namespace kneeload
