/// @file model/foot_kinematics.cpp
#include "kneeload/model/foot_kinematics.hpp"

#include <algorithm>
#include <cmath>

namespace kneeload {

namespace {
double smoothstep(double q) { return q * q * (3.0 - 2.0 * q); }
double smoothstep_slope(double q) { return 6.0 * q * (1.0 - q); }
/// A smoothstep move of `distance` over a progress span starting at `start` (1 / its length:
/// `per_span`; the right-hand side evaluates this several times per step, and multiplying by a
/// reciprocal set once costs a fraction of a division), at progress p inside it: the distance
/// travelled so far, and its rate per unit progress when `moving` (else 0).
double smooth_move(double p, double start, double per_span, double distance, bool moving, double& per_progress) {
    const double q = (p - start) * per_span;
    per_progress = moving ? distance * smoothstep_slope(q) * per_span : 0.0;
    return distance * smoothstep(q);
}
Eigen::Vector2d rotated(const Eigen::Vector2d& v, double angle_rad) {
    const double c = std::cos(angle_rad), s = std::sin(angle_rad);
    return {c * v.x() - s * v.y(), s * v.x() + c * v.y()};
}
}  // namespace

FootKinematics::FootKinematics(const FootGeometry& geometry, const FootRoll& roll) : geometry_(geometry), roll_(roll) {
    // The first contact point is the heel (heel strike), the ball (forefoot strike) or, for a
    // flat landing, the middle of the sole.
    const double sole = geometry.sole_m();
    heel_x_ = roll.touchdown_rad > 0.0 ? 0.0 : roll.touchdown_rad < 0.0 ? -sole : -0.5 * sole;
    ball_x_ = heel_x_ + sole;
    per_landing_span_ = 1.0 / roll.flat_progress;
    per_stance_span_ = 1.0 / (roll.heel_off_progress - roll.flat_progress);
    per_push_off_span_ = 1.0 / (1.0 - roll.heel_off_progress);
    const Eigen::Vector2d ball_to_ankle(-geometry.ball_ahead_of_ankle_m, geometry.ankle_height_m);
    ball_ankle_m_ = ball_to_ankle.norm();
    ball_ankle_angle_rad_ = std::atan2(ball_to_ankle.y(), ball_to_ankle.x());
}

double FootKinematics::rolling_point_x_m(double progress, double& per_progress_m) const {
    per_progress_m = 0.0;
    const double p = std::clamp(progress, 0.0, 1.0);
    if (p < roll_.flat_progress) return 0.0;
    const bool inside = progress >= 0.0 && progress <= 1.0;  // the clamped ends do not move
    if (p > roll_.heel_off_progress)                         // push-off: from the ball onto the toes
        return ball_x_ + smooth_move(p, roll_.heel_off_progress, per_push_off_span_, geometry_.toe_cop_reach_m, inside,
                                     per_progress_m);
    if (roll_.stance_rad < 0.0) return ball_x_;
    return smooth_move(p, roll_.flat_progress, per_stance_span_, ball_x_, inside, per_progress_m);
}

GroundPoints FootKinematics::ground_points(double progress) const {
    GroundPoints g;
    g.rolling_x_m = rolling_point_x_m(progress, g.rolling_per_progress_m);
    g.cop_x_m = g.rolling_x_m;
    g.cop_per_progress_m = g.rolling_per_progress_m;
    const double p = std::clamp(progress, 0.0, 1.0);
    // From heel off (and for a forefoot striker's heel kept up) the pressure is on the forefoot,
    // where the rolling point is.
    if (!cop_leaves_rolling_point() || p >= roll_.heel_off_progress) return g;
    const bool inside = progress >= 0.0 && progress <= 1.0;
    const double lead_m = landing_cop_lead_m();
    if (p < roll_.flat_progress) {  // the lead grows over the landing (the rolling point at 0)
        g.cop_x_m = smooth_move(p, 0.0, per_landing_span_, lead_m, inside, g.cop_per_progress_m);
        return g;
    }
    // Stance: x_ball (l + (c - l) S(q^gamma) + (1 - c) S(q)), the early move's part plus the rolling
    // point's share, x_rolling = x_ball S(q). dS(q^gamma)/dq = 6 gamma q^(2 gamma - 1) (1 - q^gamma),
    // zero at q = 0 for gamma > 1/2 (the registry's bound), so the COP's speed stays continuous.
    const double q = (p - roll_.flat_progress) * per_stance_span_, gamma = roll_.cop_timing_exponent;
    const double early_m = roll_.cop_early_reach * ball_x_ - lead_m, share = 1.0 - roll_.cop_early_reach;
    const double u = gamma == 1.0 ? q : std::pow(q, gamma);
    const double early_rate =
        gamma == 1.0 ? smoothstep_slope(q) : 6.0 * gamma * std::pow(q, 2.0 * gamma - 1.0) * (1.0 - u);
    g.cop_x_m = lead_m + early_m * smoothstep(u) + share * g.rolling_x_m;
    g.cop_per_progress_m = share * g.rolling_per_progress_m + (inside ? early_m * early_rate * per_stance_span_ : 0.0);
    return g;
}

double FootKinematics::cop_x_m(double progress, double& per_progress_m) const {
    const GroundPoints g = ground_points(progress);
    per_progress_m = g.cop_per_progress_m;
    return g.cop_x_m;
}

FootPose FootKinematics::at(double progress) const {
    const double p = std::clamp(progress, 0.0, 1.0);
    const FootGeometry& g = geometry_;
    const Eigen::Vector2d heel(heel_x_, 0.0), ball(ball_x_, 0.0);
    const Eigen::Vector2d heel_to_ankle(g.heel_behind_ankle_m, g.ankle_height_m);
    const Eigen::Vector2d ball_to_ankle(-g.ball_ahead_of_ankle_m, g.ankle_height_m);
    const double s0 = roll_.touchdown_rad, sm = roll_.stance_rad;
    FootPose pose;
    pose.cop_x_m = cop_x_m(progress, pose.cop_x_per_progress_m);
    if (p < roll_.flat_progress) {  // landing: turning about the first contact
        pose.angle_rad = s0 + (sm - s0) * smoothstep(p * per_landing_span_);
        pose.ankle =
            s0 >= 0.0 ? heel + rotated(heel_to_ankle, pose.angle_rad) : ball + rotated(ball_to_ankle, pose.angle_rad);
    } else if (p <= roll_.heel_off_progress) {  // stance: flat with the COP travelling, or on the ball
        pose.angle_rad = sm;
        pose.ankle =
            sm < 0.0 ? Eigen::Vector2d(ball + rotated(ball_to_ankle, sm)) : Eigen::Vector2d(heel + heel_to_ankle);
    } else {  // push-off: the heel rises about the ball
        const double q = (p - roll_.heel_off_progress) * per_push_off_span_;
        pose.angle_rad = sm + (roll_.take_off_rad - sm) * smoothstep(q);
        pose.ankle = ball + rotated(ball_to_ankle, pose.angle_rad);
    }
    return pose;
}

namespace {
/// The point at distance r from the pivot and d from the hip on the upper side of the pivot-hip
/// line (two circles' intersection); false when they do not meet.
bool on_both_circles(const Eigen::Vector2d& pivot, double r, const Eigen::Vector2d& hip, double d,
                     Eigen::Vector2d& point) {
    const Eigen::Vector2d to_hip = hip - pivot;
    const double D = to_hip.norm();
    if (D >= r + d || D <= std::abs(r - d)) return false;
    const double along = (r * r - d * d + D * D) / (2.0 * D);
    const double across = std::sqrt(std::max(0.0, r * r - along * along));
    const Eigen::Vector2d u = to_hip / D, normal(-u.y(), u.x());
    point = pivot + along * u + across * normal;
    return true;
}
}  // namespace

FootPose FootKinematics::at(double progress, const Eigen::Vector2d& hip, double longest_hip_ankle_m) const {
    FootPose pose = at(progress);
    if (progress <= roll_.heel_off_progress) return pose;
    if ((hip - pose.ankle).norm() <= longest_hip_ankle_m) return pose;
    // The heel rises further about the ball (the ankle at the limit from the hip and at its own
    // distance r from the ball). Where even that cannot keep the hip within reach, the ankle is
    // on the ball-hip line, and from there the ball lifts: the toes turn about their tip (the
    // COP, travelling onto the toes in push-off) with the foot behind the ball still pointing at the
    // hip, so that the ball stays r + limit from it (a joint at the ball, continuous with the
    // heel's rise). Where the toes cannot reach either, toes, ball and ankle line up towards the
    // hip (where the circles' intersection ends); the knee then extends past its limit.
    const Eigen::Vector2d ball(ball_x_, 0.0);
    const double r = ball_ankle_m_;
    Eigen::Vector2d ankle, foot_front = ball;
    if (!on_both_circles(ball, r, hip, longest_hip_ankle_m, ankle)) {
        const double toe = std::max(0.0, pose.cop_x_m - ball_x_);
        const Eigen::Vector2d toes(ball_x_ + toe, 0.0);
        if (toe == 0.0 || !on_both_circles(toes, toe, hip, r + longest_hip_ankle_m, foot_front))
            foot_front = toes + toe * (hip - toes).normalized();
        ankle = foot_front + r * (hip - foot_front).normalized();
    }
    pose.angle_rad = std::atan2(ankle.y() - foot_front.y(), ankle.x() - foot_front.x()) - ball_ankle_angle_rad_;
    pose.ankle = ankle;
    if (pose.angle_rad < roll_.sole_angle_limit_rad) limit_sole_angle(pose, hip, longest_hip_ankle_m);
    return pose;
}

void FootKinematics::limit_sole_angle(FootPose& pose, const Eigen::Vector2d& hip, double longest_hip_ankle_m) const {
    // The sole stays at its limit and the ball lifts: the toes turn about the COP (their pivot
    // on the ground), carrying the foot behind the ball at the limit's angle, so the ankle moves
    // on a circle of the toes' length about the pivot plus the ball-ankle offset. It sits where
    // that circle meets the one of the hip-ankle limit about the hip: the same pose as the heel's
    // rise or the toes' turn where they reach the limit (continuous). Beyond the toes' reach too,
    // the toes point at the hip and the knee extends past its limit.
    const Eigen::Vector2d ball_to_ankle = rotated(
        Eigen::Vector2d(-geometry_.ball_ahead_of_ankle_m, geometry_.ankle_height_m), roll_.sole_angle_limit_rad);
    const double toe = std::max(0.0, pose.cop_x_m - ball_x_);
    const Eigen::Vector2d centre = Eigen::Vector2d(ball_x_ + toe, 0.0) + ball_to_ankle;
    if (!on_both_circles(centre, toe, hip, longest_hip_ankle_m, pose.ankle))
        pose.ankle = centre + toe * (hip - centre).normalized();
    pose.angle_rad = roll_.sole_angle_limit_rad;
}

}  // namespace kneeload
