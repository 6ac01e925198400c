/// @file gait/first_guess.cpp
#include "kneeload/gait/first_guess.hpp"

#include <algorithm>
#include <cmath>

#include "kneeload/model/spring_mass_relations.hpp"

namespace kneeload {

namespace {

// Tuning numbers of the first guess (not physics: the solver iterates from here).
/// Leg angle from the vertical [rad] at which the touchdown leg length is taken.
constexpr double reference_leg_angle_rad = 0.35;
/// Contact time bounds as fractions of the step period.
constexpr double shortest_contact_fraction = 0.05, longest_contact_fraction = 0.98;
/// sin(leg angle) bounds: the leg sweeps between ~1 and ~72 deg from the vertical.
constexpr double smallest_sweep_sine = 0.02, largest_sweep_sine = 0.95;
/// The model's spring is ~25 % stiffer than the sine-wave estimate for the same contact time
/// (COP travel and the lower-limb mass shorten the effective sweep).
constexpr double spring_over_sine_wave_stiffness = 1.25;
/// Share of the leg's stored energy the active element returns besides the lower limb's
/// impact energy (contact hysteresis, COP work).
constexpr double returned_share_of_stored_energy = 0.2;
/// The hip moves ~2 % faster than the mean at touchdown: braking comes first.
constexpr double touchdown_speed_over_mean = 1.02;
/// The hip must move down at touchdown for the leg to load [m/s].
constexpr double slowest_hip_descent_m_per_s = 0.05;
/// A leg compressed less than this [m] has no meaningful sine-wave stiffness.
constexpr double smallest_leg_compression_m = 1e-3;

/// Sine-wave leg stiffness [N/m] of a contact time, with the COP travel shortening the sweep.
double sine_wave_stiffness(const StanceModel& model, const GaitKinematics& gait, double leg_length_m,
                           double contact_time_s) {
    const double T = gait.step_period_s();
    const SineWaveEstimate e = sine_wave_estimate(model.body_mass_kg, gait.speed_m_per_s, leg_length_m, contact_time_s,
                                                  T - contact_time_s, model.foot.ball_x_m(), model.gravity);
    return e.peak_force_n / std::max(e.leg_compression_m, smallest_leg_compression_m);
}

/// Contact time and leg angle from the vertical [rad] the closure implies (angle 0: not implied).
std::pair<double, double> contact_time_and_angle(const StanceModel& model, const GaitKinematics& gait,
                                                 const ClosureTarget& target, double leg_length_m) {
    const double T = gait.step_period_s(), v = gait.speed_m_per_s, travel = model.foot.ball_x_m();
    switch (target.closure.kind) {
        case ClosureKind::empirical:
        case ClosureKind::contact_time:
            return {target.value, 0.0};
        case ClosureKind::duty_factor:
            return {2.0 * T * target.value, 0.0};
        case ClosureKind::touchdown_angle:
            return {(2.0 * leg_length_m * std::sin(target.value) + travel) / v, target.value};
        case ClosureKind::foot_placement: {
            const double sine = std::clamp(target.value * model.body_mass_kg / model.upper_mass_kg / leg_length_m, 0.0,
                                           largest_sweep_sine);
            const double phi = std::asin(sine);
            return {(2.0 * leg_length_m * std::sin(phi) + travel) / v, phi};
        }
        case ClosureKind::leg_stiffness: {
            const auto tc =
                sine_wave_contact_time_s(model.body_mass_kg, v, leg_length_m, T, target.value, travel, model.gravity);
            return {tc.value_or(longest_contact_fraction * T), 0.0};
        }
    }
    return {0.5 * T, 0.0};
}

}  // namespace

shooting::Vector5 first_guess(const StanceModel& model, const GaitKinematics& gait, const ClosureTarget& target) {
    using namespace shooting;
    const double M = model.body_mass_kg, g = model.gravity, T = gait.step_period_s(), v = gait.speed_m_per_s;
    const double knee_rad = model.touchdown_knee_flexion_rad(v, cadence_ratio(gait, model.parameters.runner));
    const double L = model.touchdown_hip(reference_leg_angle_rad, knee_rad).norm();
    auto [tc, phi] = contact_time_and_angle(model, gait, target, L);
    tc = std::clamp(tc, shortest_contact_fraction * T, longest_contact_fraction * T);
    if (phi == 0.0)
        phi =
            std::asin(std::clamp(0.5 * (v * tc - model.foot.ball_x_m()) / L, smallest_sweep_sine, largest_sweep_sine));
    const double k = target.closure.kind == ClosureKind::leg_stiffness
                         ? target.value
                         : spring_over_sine_wave_stiffness * sine_wave_stiffness(model, gait, L, tc);
    const double com_vy = -0.5 * g * std::max(T - tc, 0.0);
    // Energy the active element must add: the lower limb's impact energy plus a share of the
    // leg's stored energy; dE = F^2/2 (1/k_u - 1/k) then sets the unloading ratio.
    const double peak_force = sine_wave_estimate(M, v, L, tc, T - tc, model.foot.ball_x_m(), g).peak_force_n;
    const double stored = 0.5 * peak_force * peak_force / k;
    // The lower limb lands faster than the hip by the swing leg's retraction c v tan(phi).
    const double retraction = model.parameters.foot_strike.swing_leg_retraction_fraction * v * std::tan(phi);
    const double vf = -com_vy + retraction;
    const double added = 0.5 * model.lower_mass_kg() * vf * vf + returned_share_of_stored_energy * stored;
    Vector5 u;
    u[angle] = phi;
    // Whole-body COM momentum M vy = M vy_hip - m_l c v tan(phi).
    u[hip_vy] = std::min(com_vy + model.lower_mass_kg() / M * retraction, -slowest_hip_descent_m_per_s);
    u[hip_vx] = touchdown_speed_over_mean * v * M / model.upper_mass_kg;
    u[stiffness] = k / stiffness_scale_n_per_m;
    u[ratio] = 1.0 / (1.0 + added / stored);
    clamp_unknowns(u);
    return u;
}

}  // namespace kneeload
