// Knee geometry and the foot's kinematics: triangle consistency, the ankle on the foot, the two
// knee moments, touchdown flexion, and the push-off limit. Expected values: the law of cosines,
// rigid-body rotation of the foot, moments of a known force about a known point, and the
// foot-strike parameters themselves.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include <kneeload/gait/kinematics.hpp>
#include <kneeload/metrics/step.hpp>
#include <kneeload/model/foot_kinematics.hpp>
#include <kneeload/model/knee_geometry.hpp>

#include "helpers.hpp"

using namespace kneeload;

namespace {
LegGeometry default_leg() {
    const Runner r;
    return {r.thigh_length_m(), r.shank_length_m()};
}
FootGeometry default_foot() {
    const Runner r;
    return {r.ankle_height_m(), r.heel_behind_ankle_m(), r.ball_ahead_of_ankle_m(),
            FootStrike{}.toe_cop_reach_per_foot_length * r.foot_length_m()};
}
FootRoll roll_of(FootStrikePattern pattern) {
    const FootStrike f = FootStrike::of(pattern);
    FootRoll roll;
    roll.touchdown_rad = f.foot_touchdown_angle_deg * constants::pi / 180.0;
    roll.stance_rad = f.foot_stance_angle_deg * constants::pi / 180.0;
    roll.flat_progress = f.foot_flat_progress;
    roll.heel_off_progress = f.heel_off_progress;
    roll.take_off_rad = f.foot_take_off_angle_deg * constants::pi / 180.0;
    roll.sole_angle_limit_rad = f.foot_push_off_angle_limit_deg * constants::pi / 180.0;
    roll.landing_cop_lead = f.landing_cop_lead_fraction;
    roll.cop_timing_exponent = f.cop_timing_exponent;
    roll.cop_early_reach = f.cop_early_reach_fraction;
    return roll;
}
}  // namespace

TEST_CASE("hip-ankle distance and flexion are inverse (law of cosines)") {
    const LegGeometry g = default_leg();
    for (double deg : {0.0, 10.0, 17.8, 45.0, 90.0}) {
        const double rad = deg * constants::pi / 180.0;
        CHECK(g.flexion_rad(g.hip_ankle_distance_m(rad)) == doctest::Approx(rad).epsilon(1e-9));
    }
}

TEST_CASE("knee state: segment lengths hold, knee anterior, both moments from their own force") {
    const LegGeometry g = default_leg();
    const Eigen::Vector2d hip(-0.05, 0.80), ankle(0.0, 0.07), cop(0.05, 0.0);
    const Eigen::Vector2d leg_force(300.0, 1500.0), ground_force(250.0, 1800.0);
    const KneeState k = knee_state(g, hip, ankle, 0.0, cop, leg_force, ground_force);
    CHECK((k.knee - hip).norm() == doctest::Approx(g.thigh_m).epsilon(1e-9));
    CHECK((k.knee - ankle).norm() == doctest::Approx(g.shank_m).epsilon(1e-9));
    CHECK(k.flexion_deg == doctest::Approx(g.flexion_rad((hip - ankle).norm()) * 180.0 / constants::pi));
    // The knee lies ahead of the hip-ankle line (cross product of the line and knee offset < 0).
    const Eigen::Vector2d line = hip - ankle, offset = k.knee - ankle;
    CHECK(line.x() * offset.y() - line.y() * offset.x() < 0.0);
    // Moments: r_x F_y - r_y F_x with r = knee - COP.
    const Eigen::Vector2d r = k.knee - cop;
    CHECK(k.extensor_moment_n_m == doctest::Approx(r.x() * leg_force.y() - r.y() * leg_force.x()));
    CHECK(k.extensor_moment_lab_n_m == doctest::Approx(r.x() * ground_force.y() - r.y() * ground_force.x()));
    // Dorsiflexion: the shank's angle forward of the sole's normal (sole flat here).
    const Eigen::Vector2d shank = k.knee - ankle;
    CHECK(k.ankle_dorsiflexion_deg == doctest::Approx(std::atan2(shank.x(), shank.y()) * 180.0 / constants::pi));
    // A sole turned toes up by 0.2 rad turns its normal back by as much: the same shank is 0.2 rad
    // more dorsiflexed, the knee's geometry unchanged.
    const KneeState toes_up = knee_state(g, hip, ankle, 0.2, cop, leg_force, ground_force);
    CHECK(toes_up.ankle_dorsiflexion_deg == doctest::Approx(k.ankle_dorsiflexion_deg + 0.2 * 180.0 / constants::pi));
    CHECK((toes_up.knee - k.knee).norm() == doctest::Approx(0.0));
}

TEST_CASE("knee state with the hip below the ankle: the shank's angle stays on the hip line's branch") {
    // The shank's angle is the hip-ankle line's angle (atan2, in (-180, 180] deg) less the angle
    // beta at the ankle. With the line pointing down and back (-175 deg here) that passes -180 deg:
    // the shank's angle is atan2 of the shank less one revolution, and dorsiflexion (90 deg less
    // it, sole flat) follows from that same angle. Not a running pose: it pins the convention.
    const LegGeometry g = default_leg();
    const Eigen::Vector2d ankle(0.0, 0.5), hip(-0.6, 0.45), cop(0.0, 0.0), force(0.0, 0.0);
    const KneeState k = knee_state(g, hip, ankle, 0.0, cop, force, force);
    CHECK((k.knee - hip).norm() == doctest::Approx(g.thigh_m).epsilon(1e-9));
    CHECK((k.knee - ankle).norm() == doctest::Approx(g.shank_m).epsilon(1e-9));
    const Eigen::Vector2d line = hip - ankle, shank = k.knee - ankle;
    const double line_deg = std::atan2(line.y(), line.x()) * 180.0 / constants::pi;
    const double beta_deg = std::acos(line.normalized().dot(shank.normalized())) * 180.0 / constants::pi;
    CHECK(k.ankle_dorsiflexion_deg == doctest::Approx(90.0 - (line_deg - beta_deg)));
    CHECK(line_deg - beta_deg < -180.0);  // the case this test is for
}

TEST_CASE("the foot's roll: ankle on the rigid foot, continuous angle and COP, heel or ball as pivot") {
    const FootGeometry geometry = default_foot();
    const double radius_heel = std::hypot(geometry.heel_behind_ankle_m, geometry.ankle_height_m);
    const double radius_ball = std::hypot(geometry.ball_ahead_of_ankle_m, geometry.ankle_height_m);
    for (FootStrikePattern pattern :
         {FootStrikePattern::rearfoot, FootStrikePattern::midfoot, FootStrikePattern::forefoot}) {
        const FootRoll roll = roll_of(pattern);
        const FootKinematics foot(geometry, roll);
        CHECK(foot.ball_x_m() - foot.heel_x_m() == doctest::Approx(geometry.sole_m()));
        const FootPose touchdown = foot.at(0.0);
        CHECK(touchdown.angle_rad == doctest::Approx(roll.touchdown_rad));
        CHECK(touchdown.cop_x_m == 0.0);  // the first contact
        // Landing: the ankle turns about the first contact (heel or ball): constant distance.
        const FootPose landing = foot.at(0.5 * roll.flat_progress);
        if (roll.touchdown_rad > 0.0) CHECK(landing.ankle.norm() == doctest::Approx(radius_heel));
        if (roll.touchdown_rad < 0.0) CHECK(landing.ankle.norm() == doctest::Approx(radius_ball));
        // Push-off: about the ball, the COP half-way onto the toes (smoothstep(1/2) = 1/2), at
        // the toes' reach by the end, with the rate its derivative (central difference).
        REQUIRE(geometry.toe_cop_reach_m > 0.0);
        const double middle = 0.5 * (roll.heel_off_progress + 1.0);
        const FootPose push = foot.at(middle);
        CHECK(push.cop_x_m == doctest::Approx(foot.ball_x_m() + 0.5 * geometry.toe_cop_reach_m));
        CHECK(foot.at(1.0).cop_x_m == doctest::Approx(foot.ball_x_m() + geometry.toe_cop_reach_m));
        CHECK((push.ankle - Eigen::Vector2d(foot.ball_x_m(), 0.0)).norm() == doctest::Approx(radius_ball));
        double rate = 0.0, unused = 0.0;
        foot.cop_x_m(middle, rate);
        const double h = 1e-6;
        CHECK(rate == doctest::Approx((foot.cop_x_m(middle + h, unused) - foot.cop_x_m(middle - h, unused)) / (2 * h))
                          .epsilon(1e-6));
        // Continuity of angle and COP over the whole roll (smoothsteps, no jumps).
        double last_angle = touchdown.angle_rad, last_cop = touchdown.cop_x_m;
        for (int i = 1; i <= 2000; ++i) {
            const FootPose pose = foot.at(i / 2000.0);
            CHECK(std::abs(pose.angle_rad - last_angle) < 2e-3);
            CHECK(std::abs(pose.cop_x_m - last_cop) < 1e-3);
            last_angle = pose.angle_rad, last_cop = pose.cop_x_m;
        }
        CHECK(last_angle == doctest::Approx(roll.take_off_rad));
    }
}

TEST_CASE("the COP's landing lead: the rolling point plus a lead that peaks at foot flat and is gone by heel off") {
    const FootGeometry geometry = default_foot();
    FootRoll roll = roll_of(FootStrikePattern::rearfoot);
    roll.landing_cop_lead = 0.3;
    roll.cop_timing_exponent = 1.0;  // the rolling point's timing, the early move to the ball
    roll.cop_early_reach = 1.0;
    const FootKinematics foot(geometry, roll);
    const double lead_m = 0.3 * foot.ball_x_m();
    CHECK(foot.landing_cop_lead_m() == doctest::Approx(lead_m));
    double unused = 0.0;
    // Touchdown: both at the first contact; foot flat: the full lead over the rolling point (still
    // at the heel); half-way to heel off: half of it (smoothstep(1/2) = 1/2); from heel off: none.
    CHECK(foot.cop_x_m(0.0, unused) == 0.0);
    const GroundPoints flat = foot.ground_points(roll.flat_progress);
    CHECK(flat.rolling_x_m == 0.0);
    CHECK(flat.cop_x_m == doctest::Approx(lead_m));
    const GroundPoints half = foot.ground_points(0.5 * (roll.flat_progress + roll.heel_off_progress));
    CHECK(half.cop_x_m - half.rolling_x_m == doctest::Approx(0.5 * lead_m));
    for (double p : {roll.heel_off_progress, 0.5 * (roll.heel_off_progress + 1.0), 1.0}) {
        const GroundPoints g = foot.ground_points(p);
        CHECK(g.cop_x_m == g.rolling_x_m);
    }
    // Both derivatives are the positions' (central differences), and the COP never moves back
    // (the lead's release is slower than the rolling point's travel: lead < first contact-ball).
    const double h = 1e-7;
    double last_cop = 0.0;
    for (int i = 1; i < 1000; ++i) {
        const double p = i / 1000.0;
        const GroundPoints g = foot.ground_points(p), ahead = foot.ground_points(p + h),
                           behind = foot.ground_points(p - h);
        CHECK(g.cop_per_progress_m ==
              doctest::Approx((ahead.cop_x_m - behind.cop_x_m) / (2 * h)).epsilon(1e-5).scale(1.0));
        CHECK(g.rolling_per_progress_m ==
              doctest::Approx((ahead.rolling_x_m - behind.rolling_x_m) / (2 * h)).epsilon(1e-5).scale(1.0));
        CHECK(g.cop_x_m >= last_cop - 1e-15);
        last_cop = g.cop_x_m;
    }
    // A forefoot landing's COP has no lead: it lands on the ball.
    roll = roll_of(FootStrikePattern::forefoot);
    roll.landing_cop_lead = 0.3;
    CHECK(FootKinematics(geometry, roll).landing_cop_lead_m() == 0.0);
}

TEST_CASE("the COP's early move: to the forefoot early, on the ball by heel off, continuous, never back") {
    const FootGeometry geometry = default_foot();
    FootRoll roll = roll_of(FootStrikePattern::rearfoot);
    roll.landing_cop_lead = 0.3;
    roll.cop_timing_exponent = 0.6;
    roll.cop_early_reach = 0.85;
    const FootKinematics foot(geometry, roll);
    const double ball = foot.ball_x_m(), lead_m = 0.3 * ball;
    const double stance = roll.heel_off_progress - roll.flat_progress;
    // Foot flat: the lead; a quarter into the stance x_ball (l + (c - l) S(0.25^0.6) + (1 - c) S(0.25)):
    // S(0.25^0.6) = 0.403 against the rolling point's S(0.25) = 0.156; heel off: the ball; from there
    // the rolling point (ball plus toe reach at the roll's end), which the COP never changes.
    CHECK(foot.ground_points(roll.flat_progress).cop_x_m == doctest::Approx(lead_m));
    const double u = std::pow(0.25, 0.6), s_u = u * u * (3.0 - 2.0 * u);
    const GroundPoints quarter = foot.ground_points(roll.flat_progress + 0.25 * stance);
    CHECK(quarter.cop_x_m == doctest::Approx(ball * (0.3 + 0.55 * s_u + 0.15 * 0.15625)));
    CHECK(quarter.rolling_x_m == doctest::Approx(ball * 0.15625));
    CHECK(foot.ground_points(roll.heel_off_progress).cop_x_m == doctest::Approx(ball));
    for (double p : {0.5 * (roll.heel_off_progress + 1.0), 1.0}) {
        const GroundPoints g = foot.ground_points(p);
        CHECK(g.cop_x_m == g.rolling_x_m);
    }
    CHECK(foot.ground_points(1.0).rolling_x_m == doctest::Approx(ball + geometry.toe_cop_reach_m));
    // The COP's derivative is its position's (central differences at points off the moves' ends:
    // at q = 0 the rate, 6 gamma q^(2 gamma - 1) (1 - q^gamma), is 0 but not differentiable), it
    // never jumps, never moves back and never falls behind the rolling point.
    const double h = 1e-7;
    double last_cop = 0.0;
    for (int i = 1; i < 2000; ++i) {
        const double p = (i - 0.5) / 2000.0;
        const GroundPoints g = foot.ground_points(p), ahead = foot.ground_points(p + h),
                           behind = foot.ground_points(p - h);
        CHECK(g.cop_per_progress_m ==
              doctest::Approx((ahead.cop_x_m - behind.cop_x_m) / (2 * h)).epsilon(1e-4).scale(1e-3));
        CHECK(g.cop_x_m >= last_cop - 1e-15);
        CHECK(g.cop_x_m - last_cop < 2e-3);
        CHECK(g.cop_x_m >= g.rolling_x_m - 1e-15);
        last_cop = g.cop_x_m;
    }
    // c = gamma = 1: the rolling point plus the landing lead (the previous test's path).
    roll.cop_timing_exponent = 1.0;
    roll.cop_early_reach = 1.0;
    const FootKinematics plain(geometry, roll);
    const GroundPoints half = plain.ground_points(roll.flat_progress + 0.5 * stance);
    CHECK(half.cop_x_m - half.rolling_x_m == doctest::Approx(0.5 * lead_m));
    // A flat landing (first contact mid-sole) follows the same path over its half sole; with its
    // heel kept up in mid-stance (sole angle < 0) the COP stays on the ball, at the rolling point.
    roll.touchdown_rad = 0.0;
    roll.cop_timing_exponent = 0.6;
    roll.cop_early_reach = 0.85;
    const FootKinematics flat(geometry, roll);
    CHECK(flat.ball_x_m() == doctest::Approx(0.5 * geometry.sole_m()));
    CHECK(flat.ground_points(roll.flat_progress + 0.25 * stance).cop_x_m ==
          doctest::Approx(flat.ball_x_m() * (0.3 + 0.55 * s_u + 0.15 * 0.15625)));
    roll.stance_rad = -0.2;
    const FootKinematics heel_up(geometry, roll);
    for (double p : {0.1, 0.3, 0.5, 0.9}) {
        const GroundPoints g = heel_up.ground_points(p);
        CHECK(g.cop_x_m == g.rolling_x_m);
        CHECK(g.cop_per_progress_m == g.rolling_per_progress_m);
    }
}

TEST_CASE("push-off limit: the heel rises further so the hip-ankle distance stays at its limit") {
    const FootGeometry geometry = default_foot();
    const FootKinematics foot(geometry, roll_of(FootStrikePattern::rearfoot));
    const double p = 0.9;
    const FootPose prescribed = foot.at(p);
    const Eigen::Vector2d hip = prescribed.ankle + Eigen::Vector2d(0.45, 0.75);  // far beyond
    const double limit = 0.8;
    const FootPose limited = foot.at(p, hip, limit);
    CHECK((hip - limited.ankle).norm() == doctest::Approx(limit).epsilon(1e-9));
    CHECK(limited.angle_rad < prescribed.angle_rad);  // the heel higher
    const Eigen::Vector2d ball(foot.ball_x_m(), 0.0);
    CHECK((limited.ankle - ball).norm() == doctest::Approx((prescribed.ankle - ball).norm()).epsilon(1e-9));
    // A hip within the limit keeps the prescribed angle.
    CHECK(foot.at(p, prescribed.ankle + Eigen::Vector2d(0.1, 0.6), limit).angle_rad == prescribed.angle_rad);
    // Beyond the heel's reach about the ball (farther than the limit plus the ball-ankle
    // distance), the ball lifts, the toes turning about their tip, the COP: the ankle at the limit
    // from the hip and at its own distance from the lifted ball, on the ball-hip line, and the
    // ball at the toes' length from their tip. A hip nearly above the ball keeps the sole above
    // the push-off's limit on its angle.
    const Eigen::Vector2d toes(prescribed.cop_x_m, 0.0);
    const double ball_ankle = (prescribed.ankle - ball).norm(), toe = prescribed.cop_x_m - foot.ball_x_m();
    REQUIRE(toe > 0.0);
    const Eigen::Vector2d steep = Eigen::Vector2d(0.1, 1.0).normalized();
    const Eigen::Vector2d far_hip = ball + (limit + ball_ankle + 0.5 * toe) * steep;
    const FootPose on_toes = foot.at(p, far_hip, limit);
    REQUIRE(on_toes.angle_rad > foot.roll().sole_angle_limit_rad);
    CHECK((far_hip - on_toes.ankle).norm() == doctest::Approx(limit).epsilon(1e-9));
    const Eigen::Vector2d lifted_ball = on_toes.ankle - ball_ankle * (far_hip - on_toes.ankle).normalized();
    CHECK((lifted_ball - toes).norm() == doctest::Approx(toe).epsilon(1e-9));
    CHECK(lifted_ball.y() > 0.0);
    // Where the heel's rise about the ball just reaches (the ankle on the ball-hip line), both
    // give the same foot: the ball lifts from the ground continuously.
    const FootPose before = foot.at(p, ball + (limit + ball_ankle - 1e-9) * steep, limit);
    const FootPose after = foot.at(p, ball + (limit + ball_ankle + 1e-9) * steep, limit);
    CHECK(std::abs(after.angle_rad - before.angle_rad) < 1e-3);
    CHECK((after.ankle - before.ankle).norm() < 1e-4);
}

TEST_CASE("push-off limit on the sole's angle: beyond it the ball lifts, the sole held at the limit") {
    const FootGeometry geometry = default_foot();
    const FootRoll roll = roll_of(FootStrikePattern::rearfoot);
    const FootKinematics foot(geometry, roll);
    const double p = 0.9, limit = 0.8;
    const FootPose prescribed = foot.at(p);
    const Eigen::Vector2d ball(foot.ball_x_m(), 0.0), toes(prescribed.cop_x_m, 0.0);
    const double toe = prescribed.cop_x_m - foot.ball_x_m();
    // The ankle relative to the ball with the sole at the limit (a rigid foot behind the ball).
    const double c = std::cos(roll.sole_angle_limit_rad), s = std::sin(roll.sole_angle_limit_rad);
    const double bx = -geometry.ball_ahead_of_ankle_m, by = geometry.ankle_height_m;
    const Eigen::Vector2d at_limit(c * bx - s * by, s * bx + c * by);
    // A hip far ahead of the ball: the heel's rise (or the toes' turn pointing the foot at the
    // hip) would take the sole past the vertical; it stays at the limit and the toes turn about
    // their tip until the ankle is back at the limit from the hip.
    const Eigen::Vector2d direction = Eigen::Vector2d(0.6, 0.8);
    for (double beyond : {0.3, 0.7}) {  // within the toes' reach: they turn part of the way
        const Eigen::Vector2d hip = toes + at_limit + (limit + beyond * toe) * direction;
        const FootPose pose = foot.at(p, hip, limit);
        CHECK(pose.angle_rad == roll.sole_angle_limit_rad);
        CHECK((hip - pose.ankle).norm() == doctest::Approx(limit).epsilon(1e-9));
        const Eigen::Vector2d lifted_ball = pose.ankle - at_limit;
        CHECK((lifted_ball - toes).norm() == doctest::Approx(toe).epsilon(1e-9));
        CHECK(lifted_ball.y() >= 0.0);
        CHECK(lifted_ball.x() < toes.x());  // the toes still behind their tip: a turn, not a flip
    }
    // Beyond the toes' reach too: the toes point at the hip, the knee extends past its limit.
    const Eigen::Vector2d out_of_reach = ball + 2.0 * direction;
    const FootPose unreachable = foot.at(p, out_of_reach, limit);
    CHECK(unreachable.angle_rad == roll.sole_angle_limit_rad);
    const Eigen::Vector2d toe_direction = (unreachable.ankle - at_limit - toes) / toe;
    const Eigen::Vector2d to_hip = (out_of_reach - (toes + at_limit)).normalized();
    CHECK((toe_direction - to_hip).norm() < 1e-9);
    // Continuous where the heel's rise about the ball reaches the limit: a hip just nearer
    // (the heel's rise suffices, the ball down) and just farther (the ball lifts) give the same foot.
    double near = 0.0, far = 1.0;  // bisect the distance along `direction` where the heel's rise hits the limit
    for (int k = 0; k < 60; ++k) {
        const double mid = 0.5 * (near + far);
        (foot.at(p, ball + mid * direction, limit).angle_rad > roll.sole_angle_limit_rad ? near : far) = mid;
    }
    const FootPose just_before = foot.at(p, ball + near * direction, limit);
    const FootPose just_after = foot.at(p, ball + far * direction, limit);
    CHECK(just_before.angle_rad > roll.sole_angle_limit_rad - 1e-9);
    CHECK(std::abs(just_after.angle_rad - just_before.angle_rad) < 1e-6);
    CHECK((just_after.ankle - just_before.ankle).norm() < 1e-6);
    // And where the toes' turn (the foot behind the lifted ball pointing at the hip) reaches the
    // limit: hips beyond the heel's reach, tilted forward from the vertical by more and more.
    const double ball_ankle = (prescribed.ankle - ball).norm();
    auto hip_at = [&](double tilt_rad) {
        return Eigen::Vector2d(ball + (limit + ball_ankle + 0.5 * toe) *
                                          Eigen::Vector2d(std::sin(tilt_rad), std::cos(tilt_rad)));
    };
    double steeper = 0.0, flatter = 0.7;
    REQUIRE(foot.at(p, hip_at(steeper), limit).angle_rad > roll.sole_angle_limit_rad);
    REQUIRE(foot.at(p, hip_at(flatter), limit).angle_rad == roll.sole_angle_limit_rad);
    for (int k = 0; k < 60; ++k) {
        const double mid = 0.5 * (steeper + flatter);
        (foot.at(p, hip_at(mid), limit).angle_rad > roll.sole_angle_limit_rad ? steeper : flatter) = mid;
    }
    const FootPose turning = foot.at(p, hip_at(steeper), limit), held = foot.at(p, hip_at(flatter), limit);
    CHECK(turning.ankle.y() > prescribed.ankle.y());  // the ball already lifted: the toes' turn
    CHECK(std::abs(held.angle_rad - turning.angle_rad) < 1e-6);
    CHECK((held.ankle - turning.ankle).norm() < 1e-6);
}

TEST_CASE("knee flexion at touchdown follows the foot strike, the speed and the step rate in a simulated step") {
    for (FootStrikePattern pattern : {FootStrikePattern::rearfoot, FootStrikePattern::forefoot}) {
        ModelParameters p;
        p.foot_strike = FootStrike::of(pattern);
        p.foot_strike.knee_touchdown_flexion_per_cadence_ratio_deg = 10.0;  // on (off by default)
        const StanceModel model(p);
        const GaitTarget target = test::speed_and_cadence(4.5, 175.0);
        const SolvedStep s = solve_and_simulate(model, target, Closure{});
        REQUIRE(s.ok());
        const double ratio = 175.0 / preferred_cadence_steps_per_min(4.5, p.runner);
        const double expected = p.foot_strike.knee_touchdown_flexion_deg +
                                p.foot_strike.knee_touchdown_flexion_slope_deg_per_m_per_s * (4.5 - 3.5) +
                                p.foot_strike.knee_touchdown_flexion_per_cadence_ratio_deg * (ratio - 1.0);
        CHECK(s.step.metrics.knee_flexion_touchdown_deg == doctest::Approx(expected).epsilon(1e-9));
    }
}

TEST_CASE(
    "set to the least-squares slope of Heiderscheit et al. (2011), the step rate's term changes the touchdown knee "
    "flexion by it per % of the runner's own preferred cadence") {
    // Their Table 3: knee flexion at initial contact at -10, -5, 0, +5, +10 % of the preferred step
    // rate (45 runners at their own speed). Set to the least-squares slope through the five means
    // (off by default: constants.hpp), the model's touchdown flexion changes by it per % of the
    // runner's own preferred cadence.
    const double rate_pct[] = {-10.0, -5.0, 0.0, 5.0, 10.0}, measured_deg[] = {16.9, 17.0, 17.8, 18.7, 19.6};
    double mean = 0.0, sxy = 0.0, sxx = 0.0;
    for (double y : measured_deg) mean += y / 5.0;
    for (int i = 0; i < 5; ++i) {
        sxy += rate_pct[i] * (measured_deg[i] - mean);
        sxx += rate_pct[i] * rate_pct[i];
    }
    const double published_slope_deg_per_pct = sxy / sxx;
    ModelParameters p;
    CHECK(p.foot_strike.knee_touchdown_flexion_per_cadence_ratio_deg == 0.0);
    p.foot_strike.knee_touchdown_flexion_per_cadence_ratio_deg = 100.0 * published_slope_deg_per_pct;
    p.runner.preferred_cadence_factor = 1.08;  // a runner with his own habit: the rate is relative to it
    const StanceModel model(p);
    const double preferred = preferred_cadence_steps_per_min(3.3, p.runner);
    double touchdown_deg[3];
    for (int i = 0; i < 3; ++i) {
        const SolvedStep s = solve_and_simulate(model, test::speed_and_cadence(3.3, (0.9 + 0.1 * i) * preferred), {});
        REQUIRE(s.ok());
        touchdown_deg[i] = s.step.metrics.knee_flexion_touchdown_deg;
    }
    MESSAGE("touchdown knee flexion at 0.9 / 1.0 / 1.1 x preferred: " << touchdown_deg[0] << " / " << touchdown_deg[1]
                                                                      << " / " << touchdown_deg[2] << " deg");
    CHECK(touchdown_deg[2] - touchdown_deg[1] == doctest::Approx(10.0 * published_slope_deg_per_pct).epsilon(2e-3));
    CHECK(touchdown_deg[1] - touchdown_deg[0] == doctest::Approx(10.0 * published_slope_deg_per_pct).epsilon(2e-3));
}

TEST_CASE("the knee never straightens past its touchdown flexion in push-off; the ankle never goes below the ground") {
    const StanceModel model{ModelParameters{}};
    const SolvedStep s = solve_and_simulate(model, test::default_target(), Closure{});
    REQUIRE(s.ok());
    const auto& flexion = s.step.time_series.column("knee_flexion_deg");
    const double touchdown = flexion.front();
    const auto peak = std::max_element(flexion.begin(), flexion.end());
    CHECK(*std::min_element(peak, flexion.end()) >= touchdown - 1e-6);
}

TEST_CASE("in push-off the knee extends no further than its limit, falling linearly from heel off to take-off") {
    const StanceModel model{ModelParameters{}};
    const FootStrike& f = model.parameters.foot_strike;
    const double p_off = model.foot.roll().heel_off_progress, sweep = 1.0, touchdown_x = -0.3;
    const Eigen::Vector2d heel_off_ankle = model.foot.at(p_off).ankle;
    auto flexion_deg_at = [&](double hip_y) {  // the heel-off pose's knee flexion, hip at its heel-off x
        const Eigen::Vector2d hip(touchdown_x + p_off * sweep, hip_y);
        return model.leg.flexion_rad((hip - heel_off_ankle).norm()) * 180.0 / constants::pi;
    };
    // A hip low enough that the knee is more flexed at heel off than the limit's start: the limit
    // falls linearly from the heel-off flexion (law of cosines at the interpolated flexion).
    const double low = 0.70, high = 0.86;
    REQUIRE(flexion_deg_at(low) > f.knee_heel_off_flexion_deg);
    REQUIRE(flexion_deg_at(high) < f.knee_heel_off_flexion_deg);
    for (double q : {0.0, 0.25, 0.5, 1.0}) {
        const double p = p_off + q * (1.0 - p_off);
        const double hip_x = touchdown_x + p * sweep;
        const double limit_deg =
            f.knee_heel_off_flexion_deg + (f.knee_take_off_flexion_deg - f.knee_heel_off_flexion_deg) * q;
        CHECK(model.longest_push_off_hip_ankle_m(p, {hip_x, low}, sweep, touchdown_x) ==
              doctest::Approx(model.leg.hip_ankle_distance_m(limit_deg * constants::pi / 180.0)).epsilon(1e-12));
        // A knee straighter than that at heel off: the limit starts from its own flexion there,
        // so it never forces the knee to flex (no jump at heel off).
        const double own_deg = flexion_deg_at(high) + (f.knee_take_off_flexion_deg - flexion_deg_at(high)) * q;
        CHECK(model.longest_push_off_hip_ankle_m(p, {hip_x, high}, sweep, touchdown_x) ==
              doctest::Approx(model.leg.hip_ankle_distance_m(own_deg * constants::pi / 180.0)).epsilon(1e-12));
    }
}

namespace {
/// The largest changes between 20 kHz samples and the lowest angles over a scan of every foot
/// strike at 2, 3 and 5 m/s and 0.8, 1 and 1.25 x the preferred cadence: pushes-off that start
/// with the knee on either side of its limit's start and (long, slow steps) end beyond the toes'
/// reach.
struct PushOffScan {
    double knee_flexion_step_deg = 0.0;  ///< both samples above 5 deg
    double knee_position_step_m = 0.0;   ///< both samples above 5 deg
    double ankle_step_deg = 0.0;         ///< both samples above 5 deg
    double foot_step_deg = 0.0;
    double lowest_foot_deg = 0.0, lowest_ankle_deg = 0.0;
};

PushOffScan scan_push_off(double sole_angle_limit_deg) {
    PushOffScan scan;
    for (FootStrikePattern pattern :
         {FootStrikePattern::rearfoot, FootStrikePattern::midfoot, FootStrikePattern::forefoot}) {
        for (double speed : {2.0, 3.0, 5.0}) {
            for (double cadence_ratio : {0.8, 1.0, 1.25}) {
                ModelParameters p;
                p.foot_strike = FootStrike::of(pattern);
                p.foot_strike.foot_push_off_angle_limit_deg = sole_angle_limit_deg;
                const StanceModel model(p);
                const double cadence = cadence_ratio * preferred_cadence_steps_per_min(speed, p.runner);
                const SolvedStep s = solve_and_simulate(model, test::speed_and_cadence(speed, cadence), Closure{},
                                                        StepOptions{true, 20000.0});
                if (!s.ok()) continue;
                const TimeSeries& ts = s.step.time_series;
                const auto &flexion = ts.column("knee_flexion_deg"), &foot = ts.column("foot_angle_deg");
                const auto &ankle = ts.column("ankle_dorsiflexion_deg"), &x = ts.column("knee_x_m");
                const auto& y = ts.column("knee_y_m");
                for (std::size_t i = 1; i < flexion.size(); ++i) {
                    scan.foot_step_deg = std::max(scan.foot_step_deg, std::abs(foot[i] - foot[i - 1]));
                    if (std::min(flexion[i], flexion[i - 1]) <= 5.0) continue;
                    scan.knee_flexion_step_deg =
                        std::max(scan.knee_flexion_step_deg, std::abs(flexion[i] - flexion[i - 1]));
                    scan.ankle_step_deg = std::max(scan.ankle_step_deg, std::abs(ankle[i] - ankle[i - 1]));
                    scan.knee_position_step_m =
                        std::max(scan.knee_position_step_m, std::hypot(x[i] - x[i - 1], y[i] - y[i - 1]));
                }
                scan.lowest_foot_deg = std::min(scan.lowest_foot_deg, *std::min_element(foot.begin(), foot.end()));
                scan.lowest_ankle_deg = std::min(scan.lowest_ankle_deg, *std::min_element(ankle.begin(), ankle.end()));
            }
        }
    }
    return scan;
}
}  // namespace

TEST_CASE(
    "the knee's flexion and position, the ankle and the foot are continuous through stance and push-off; the sole "
    "stays within its angle limit and the ankle within its range") {
    // A jump up to the knee limit's start, or back to the prescribed pose, was 10-17 deg in one
    // sample before both were made continuous. Near a straight knee the flexion rises as the
    // square root of the hip-ankle distance's shortfall from the leg's length, steeply but
    // continuously: only pairs of samples both above 5 deg count for the knee and the ankle.
    // The foot's angle: where the heel's rise about the ball hands over to the toes' turn about
    // their tip, it changed by 31-34 deg in one sample in 46 of 87 solved conditions of a wider
    // scan before the ball could lift continuously (2.07 deg in this scan with the ball lifting and
    // no limit on the sole's angle). The sole's angle limit: beyond it the ball lifts instead, so
    // the sole never passes it, and the ankle's plantarflexion stays within its anatomical range
    // (50 deg, AAOS 1965); a wrong branch of the ball's lift (the ankle on the other side of the
    // hip line) moved the knee by 31 mm in one sample here.
    const PushOffScan scan = scan_push_off(constants::foot_push_off_angle_limit_deg.value);
    MESSAGE("largest changes between 20 kHz samples: knee flexion "
            << scan.knee_flexion_step_deg << " deg, knee " << 1e3 * scan.knee_position_step_m << " mm, ankle "
            << scan.ankle_step_deg << " deg, foot " << scan.foot_step_deg << " deg");
    MESSAGE("lowest sole angle " << scan.lowest_foot_deg << " deg, lowest ankle dorsiflexion " << scan.lowest_ankle_deg
                                 << " deg");
    CHECK(scan.knee_flexion_step_deg < 1.0);
    CHECK(scan.knee_position_step_m < 5e-3);
    CHECK(scan.ankle_step_deg < 1.0);
    CHECK(scan.foot_step_deg < 1.0);
    CHECK(scan.lowest_foot_deg >= constants::foot_push_off_angle_limit_deg.value - 1e-9);
    CHECK(scan.lowest_ankle_deg >= -constants::ankle_plantarflexion_range_deg.value);
    // The default limit is the loosest 5-deg step that keeps the ankle within its range here.
    const PushOffScan looser = scan_push_off(constants::foot_push_off_angle_limit_deg.value - 5.0);
    MESSAGE("5 deg looser: lowest ankle dorsiflexion " << looser.lowest_ankle_deg << " deg");
    CHECK(looser.lowest_ankle_deg < -constants::ankle_plantarflexion_range_deg.value);
}

TEST_CASE(
    "trunk flexion moves the upper body's centre of mass ahead of the hip (Winter 2009 HAT) and lowers the knee "
    "moment") {
    ModelParameters p;
    CHECK(StanceModel(p).com_ahead_of_hip_m == 0.0);  // the self-selected posture is the reference
    p.runner.trunk_flexion_deg = 14.1;
    const StanceModel flexed(p);
    const double lever = 0.678 * p.runner.body_mass_kg / flexed.upper_mass_kg * 0.626 * 0.288 * p.runner.height_m;
    const double expected = lever * (std::sin(14.1 * constants::pi / 180.0) - std::sin(7.3 * constants::pi / 180.0));
    CHECK(flexed.com_ahead_of_hip_m == doctest::Approx(expected).epsilon(1e-12));
    // The force line moves forward relative to the knee: a smaller knee moment (Teng & Powers 2014).
    const SolvedStep upright = solve_and_simulate(StanceModel(ModelParameters{}), test::default_target(), Closure{});
    const SolvedStep leaning = solve_and_simulate(flexed, test::default_target(), Closure{});
    REQUIRE(upright.ok());
    REQUIRE(leaning.ok());
    CHECK(leaning.step.metrics.peak_knee_extensor_moment_lab_n_m_per_kg <
          upright.step.metrics.peak_knee_extensor_moment_lab_n_m_per_kg);
}
