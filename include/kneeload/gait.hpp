#pragma once
/// @file gait.hpp
/// Periodic-gait solver: speed, cadence and step length (any two) plus one closure
/// relation -> the stance controls of a periodic running step.
///
/// A periodic step (DESIGN.md, The model 7) has step period T = 60 / cadence, the same COM
/// state at consecutive touchdowns, mean vertical force over the step = body weight and zero
/// net horizontal impulse. With the flight ballistic, the shooting residuals are
///   R1 = y_com(next touchdown) - y_com(touchdown)           [m]
///   R2 = vy_com(next touchdown) - vy_com(touchdown)         [m/s]  (= (mean F_v / BW - 1) g T)
///   R3 = vx_com(take-off) - vx_com(touchdown)               [m/s]  (= net horizontal impulse / M)
///   R4 = COM distance over the step / T - speed             [m/s]
///   R5 = closure residual                                   [closure's unit]
/// in the unknowns (leg angle, hip velocity y and x at touchdown, leg stiffness, unloading
/// ratio), solved by damped Newton with a finite-difference Jacobian from an analytic first
/// guess (the sine-wave spring-mass relations of Morin et al. 2005).

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <string>

#include "kneeload/metrics.hpp"
#include "kneeload/stance.hpp"

namespace kneeload {

// ---------------------------------------------------------------- gait targets

/// Any two of speed [m/s], cadence [steps/min] and step length [m]; stride = 2 steps.
struct GaitTarget {
    std::optional<double> speed_m_per_s;
    std::optional<double> cadence_steps_per_min;
    std::optional<double> step_length_m;
};

/// The three, resolved and validated.
struct GaitKinematics {
    double speed_m_per_s = 0.0;
    double cadence_steps_per_min = 0.0;
    double step_length_m = 0.0;
    double step_period_s() const { return 60.0 / cadence_steps_per_min; }
    double stride_length_m() const { return 2.0 * step_length_m; }
};

inline constexpr double min_speed_m_per_s = 1.0, max_speed_m_per_s = 10.0;
inline constexpr double min_cadence_steps_per_min = 100.0, max_cadence_steps_per_min = 260.0;
inline constexpr double min_step_length_m = 0.3, max_step_length_m = 3.0;

/// speed = step length x cadence / 60. Throws InvalidParameter unless exactly two are given
/// and all three are in range.
inline GaitKinematics resolve(const GaitTarget& target) {
    const int given = int(target.speed_m_per_s.has_value()) + int(target.cadence_steps_per_min.has_value()) +
                      int(target.step_length_m.has_value());
    if (given != 2)
        throw InvalidParameter("gait.target", given,
                               "exactly 2 of speed_m_per_s, cadence_steps_per_min, step_length_m (count given)");
    if (target.speed_m_per_s)
        require_in_range("gait.speed_m_per_s", *target.speed_m_per_s, min_speed_m_per_s, max_speed_m_per_s, "m/s");
    if (target.cadence_steps_per_min)
        require_in_range("gait.cadence_steps_per_min", *target.cadence_steps_per_min, min_cadence_steps_per_min,
                         max_cadence_steps_per_min, "steps/min");
    if (target.step_length_m)
        require_in_range("gait.step_length_m", *target.step_length_m, min_step_length_m, max_step_length_m, "m");
    GaitKinematics k;
    if (!target.speed_m_per_s) {
        k.cadence_steps_per_min = *target.cadence_steps_per_min;
        k.step_length_m = *target.step_length_m;
        k.speed_m_per_s = k.step_length_m * k.cadence_steps_per_min / 60.0;
        require_in_range("gait.speed_m_per_s (step_length_m x cadence / 60)", k.speed_m_per_s, min_speed_m_per_s,
                         max_speed_m_per_s, "m/s");
    } else if (!target.cadence_steps_per_min) {
        k.speed_m_per_s = *target.speed_m_per_s;
        k.step_length_m = *target.step_length_m;
        k.cadence_steps_per_min = 60.0 * k.speed_m_per_s / k.step_length_m;
        require_in_range("gait.cadence_steps_per_min (60 x speed / step_length_m)", k.cadence_steps_per_min,
                         min_cadence_steps_per_min, max_cadence_steps_per_min, "steps/min");
    } else {
        k.speed_m_per_s = *target.speed_m_per_s;
        k.cadence_steps_per_min = *target.cadence_steps_per_min;
        k.step_length_m = 60.0 * k.speed_m_per_s / k.cadence_steps_per_min;
        require_in_range("gait.step_length_m (60 x speed / cadence)", k.step_length_m, min_step_length_m,
                         max_step_length_m, "m");
    }
    return k;
}

/// Preferred (self-selected) cadence [steps/min] for a speed [m/s] and runner:
/// 165 steps/min at 3.04 m/s + 6.6 steps/min per m/s (Eur J Sport Sci 2019,
/// doi:10.1080/17461391.2019.1626911; slope consistent with Cavanagh & Kram 1989), scaled by
/// sqrt(1.75 m / height) (dynamic similarity). The baseline for "+10 % cadence" questions.
inline double preferred_cadence_steps_per_min(double speed_m_per_s, const Runner& runner) {
    require_in_range("gait.speed_m_per_s", speed_m_per_s, min_speed_m_per_s, max_speed_m_per_s, "m/s");
    validate(runner);
    const double at_reference_height =
        constants::preferred_cadence_reference_steps_per_min +
        constants::preferred_cadence_slope_steps_per_min_per_m_per_s *
            (speed_m_per_s - constants::preferred_cadence_reference_speed_m_per_s);
    return at_reference_height * std::sqrt(constants::preferred_cadence_reference_height_m / runner.height_m);
}

// ---------------------------------------------------------------- closure

enum class ClosureKind { empirical, contact_time, duty_factor, leg_stiffness, touchdown_angle, foot_placement };

inline const char* to_string(ClosureKind k) {
    switch (k) {
        case ClosureKind::empirical: return "empirical";
        case ClosureKind::contact_time: return "contact_time";
        case ClosureKind::duty_factor: return "duty_factor";
        case ClosureKind::leg_stiffness: return "leg_stiffness";
        case ClosureKind::touchdown_angle: return "touchdown_angle";
        case ClosureKind::foot_placement: return "foot_placement";
    }
    return "unknown";
}

/// The one extra relation that makes the periodic step unique.
struct Closure {
    ClosureKind kind = ClosureKind::empirical;
    /// contact_time [s]; duty_factor [-] (= contact time / stride time, so < 0.5 in running);
    /// leg_stiffness [N/m]; touchdown_angle [deg from horizontal]; foot_placement [m] of the
    /// contact point ahead of the whole-body COM at touchdown. Unused for empirical.
    double value = 0.0;

    /// The sine-wave leg stiffness of the step (Morin et al. 2005, from its contact and
    /// flight times) follows k = K M g / L (f / f_pref)^1.389: Farley & Gonzalez's (1996)
    /// rise with stride frequency at Morin's (2005) level (constants.hpp). Because the
    /// sine-wave stiffness depends on the contact time alone (for a given speed, cadence and
    /// runner), this fixes the contact time; see empirical_contact_time_s.
    static Closure empirical() { return {}; }
    static Closure contact_time_s(double v) { return {ClosureKind::contact_time, v}; }
    static Closure duty_factor(double v) { return {ClosureKind::duty_factor, v}; }
    static Closure leg_stiffness_n_per_m(double v) { return {ClosureKind::leg_stiffness, v}; }
    static Closure touchdown_angle_deg(double v) { return {ClosureKind::touchdown_angle, v}; }
    static Closure foot_placement_m(double v) { return {ClosureKind::foot_placement, v}; }
};

inline void validate(const Closure& c) {
    switch (c.kind) {
        case ClosureKind::empirical: break;
        case ClosureKind::contact_time: require_in_range("closure.contact_time_s", c.value, 0.05, 1.0, "s"); break;
        case ClosureKind::duty_factor: require_in_range("closure.duty_factor", c.value, 0.1, 0.5, "", false, true); break;
        case ClosureKind::leg_stiffness:
            require_in_range("closure.leg_stiffness_n_per_m", c.value, 2.0e3, 1.0e5, "N/m");
            break;
        case ClosureKind::touchdown_angle:
            require_in_range("closure.touchdown_angle_deg", c.value, 45.0, 89.0, "deg from horizontal");
            break;
        case ClosureKind::foot_placement:
            require_in_range("closure.foot_placement_m", c.value, 0.02, 0.8, "m ahead of the COM");
            break;
    }
}

/// Sine-wave leg stiffness of the empirical closure [N/m]: K M g / L (f / f_pref)^beta.
inline double empirical_leg_stiffness_n_per_m(const Runner& runner, const GaitKinematics& gait) {
    const double preferred = preferred_cadence_steps_per_min(gait.speed_m_per_s, runner);
    return constants::empirical_dimensionless_leg_stiffness * runner.body_weight_n() / runner.leg_length_m() *
           std::pow(gait.cadence_steps_per_min / preferred, constants::empirical_stiffness_frequency_exponent);
}

/// Contact time [s] at which the sine-wave leg stiffness (metrics.hpp, Morin et al. 2005)
/// of a step of this speed and cadence equals empirical_leg_stiffness_n_per_m. That
/// stiffness falls monotonically with contact time, so bisection finds it; returns 0 when
/// no contact time shorter than the step period reaches it (then there is no flight phase).
inline double empirical_contact_time_s(const Runner& runner, const GaitKinematics& gait) {
    const double target = empirical_leg_stiffness_n_per_m(runner, gait);
    const double T = gait.step_period_s(), L = runner.leg_length_m(), v = gait.speed_m_per_s;
    auto stiffness = [&](double tc) {
        return morin_sine_wave_estimate(runner.body_mass_kg, v, L, tc, T - tc).leg_stiffness_n_per_m;
    };
    double lo = 0.02 * T, hi = std::min(0.999 * T, 1.999 * L / v);
    if (stiffness(hi) > target) return 0.0;
    for (int i = 0; i < 100 && hi - lo > 1e-13; ++i) {
        const double mid = 0.5 * (lo + hi);
        (stiffness(mid) > target ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

// ---------------------------------------------------------------- solution

enum class GaitStatus { ok, no_flight_phase, leg_would_pull, not_converged, stance_failed };

inline const char* to_string(GaitStatus s) {
    switch (s) {
        case GaitStatus::ok: return "ok";
        case GaitStatus::no_flight_phase: return "no_flight_phase";
        case GaitStatus::leg_would_pull: return "leg_would_pull";
        case GaitStatus::not_converged: return "not_converged";
        case GaitStatus::stance_failed: return "stance_failed";
    }
    return "unknown";
}

struct GaitResiduals {
    double com_height_m = 0.0;                 ///< R1
    double com_vertical_velocity_m_per_s = 0.0;///< R2
    double com_horizontal_velocity_m_per_s = 0.0; ///< R3
    double mean_speed_m_per_s = 0.0;           ///< R4
    double closure = 0.0;                      ///< R5, closure units
    /// Derived: mean vertical force over the step / body weight - 1 (= R2 / (g T)).
    double mean_vertical_force_excess_bw = 0.0;
    /// Derived: net horizontal impulse over the step [N s] (= M R3).
    double net_horizontal_impulse_n_s = 0.0;
    double max_abs() const {
        return std::max({std::abs(com_height_m), std::abs(com_vertical_velocity_m_per_s),
                         std::abs(com_horizontal_velocity_m_per_s), std::abs(mean_speed_m_per_s), std::abs(closure)});
    }
};

struct GaitSolution {
    GaitStatus status = GaitStatus::not_converged;
    std::string reason;        ///< empty when ok
    GaitKinematics gait;
    Closure closure;
    StanceControl control;
    double contact_time_s = 0.0;
    double flight_time_s = 0.0;
    GaitResiduals residuals;
    int iterations = 0;
    int stance_evaluations = 0;
    bool ok() const { return status == GaitStatus::ok; }
};

struct GaitSolverSettings {
    /// Iterate until every residual <= this, in its unit (m, m/s, closure unit; relative for
    /// the leg-stiffness closure).
    double residual_tolerance = 1e-7;
    /// If no further progress is possible (the residuals have reached the integration's
    /// noise floor, ~1e-7 at the default tolerances), a step whose residuals are all <= this
    /// is still a periodic step: the requirement is 1e-6.
    double acceptable_residual = 1e-6;
    int max_iterations = 40;
};

namespace gait_detail {

using Vector5 = Eigen::Matrix<double, 5, 1>;
using Matrix5 = Eigen::Matrix<double, 5, 5>;
enum : int { angle = 0, hip_vy, hip_vx, stiffness, ratio };

/// Unknowns are solved in scaled form (stiffness in units of 10 kN/m) so that the Jacobian
/// is well conditioned.
inline constexpr double stiffness_scale_n_per_m = 1.0e4;

inline StanceControl control_from(const Vector5& u) {
    StanceControl c;
    c.touchdown_leg_angle_rad = u[angle];
    c.hip_velocity_y_m_per_s = u[hip_vy];
    c.hip_velocity_x_m_per_s = u[hip_vx];
    c.leg_stiffness_n_per_m = u[stiffness] * stiffness_scale_n_per_m;
    c.unloading_stiffness_ratio = u[ratio];
    return c;
}

inline void clamp_unknowns(Vector5& u) {
    u[angle] = std::clamp(u[angle], 0.01, 1.2);
    u[hip_vy] = std::clamp(u[hip_vy], -5.0, -1e-3);
    u[hip_vx] = std::clamp(u[hip_vx], 0.1, 25.0);
    u[stiffness] = std::clamp(u[stiffness], 0.1, 100.0);
    u[ratio] = std::clamp(u[ratio], 0.2, 3.0);
}

struct Evaluation {
    bool stance_ok = false;
    StanceStatus stance_status = StanceStatus::ok;
    Vector5 residual = Vector5::Zero();
    GaitResiduals named;
    double contact_time_s = 0.0, flight_time_s = 0.0;
    double take_off_com_vy = 0.0;
};

/// Shooting residuals of one candidate step (one stance integration, analytic flight).
/// `closure_target` is the closure's value in solver units: the leg stiffness [N/m] for
/// leg_stiffness, the empirical contact time [s] for empirical, unused otherwise.
inline Evaluation evaluate(const StanceModel& model, const GaitKinematics& gait, const Closure& closure,
                           double closure_target, const Vector5& u) {
    Evaluation e;
    const StanceControl control = control_from(u);
    const StanceOutcome stance = integrate_stance(model, control);
    e.stance_status = stance.status;
    if (stance.status != StanceStatus::ok) return e;
    e.stance_ok = true;
    const double g = model.gravity, T = gait.step_period_s();
    const auto td = centre_of_mass(model, stance.touchdown_state);
    const auto to = centre_of_mass(model, stance.take_off_state);
    e.contact_time_s = stance.contact_time_s;
    e.flight_time_s = T - stance.contact_time_s;
    const double tf = e.flight_time_s;
    e.take_off_com_vy = to[3];
    GaitResiduals& r = e.named;
    r.com_height_m = to[1] + to[3] * tf - 0.5 * g * tf * tf - td[1];
    r.com_vertical_velocity_m_per_s = (to[3] - g * tf) - td[3];
    r.com_horizontal_velocity_m_per_s = to[2] - td[2];
    r.mean_speed_m_per_s = (to[0] + to[2] * tf - td[0]) / T - gait.speed_m_per_s;
    switch (closure.kind) {
        case ClosureKind::contact_time: r.closure = e.contact_time_s - closure.value; break;
        case ClosureKind::empirical: r.closure = e.contact_time_s - closure_target; break;
        case ClosureKind::duty_factor: r.closure = e.contact_time_s / (2.0 * T) - closure.value; break;
        case ClosureKind::leg_stiffness: r.closure = control.leg_stiffness_n_per_m / closure_target - 1.0; break;
        case ClosureKind::touchdown_angle:
            r.closure = control.touchdown_leg_angle_rad - (90.0 - closure.value) * constants::pi / 180.0;
            break;
        case ClosureKind::foot_placement: r.closure = -td[0] - closure.value; break;
    }
    r.mean_vertical_force_excess_bw = r.com_vertical_velocity_m_per_s / (g * T);
    r.net_horizontal_impulse_n_s = model.body_mass_kg * r.com_horizontal_velocity_m_per_s;
    e.residual << r.com_height_m, r.com_vertical_velocity_m_per_s, r.com_horizontal_velocity_m_per_s,
        r.mean_speed_m_per_s, r.closure;
    return e;
}

/// Sine-wave spring-mass relations (Morin et al. 2005) used for the first guess:
/// peak force, COM drop and leg stiffness from contact and flight times.
inline double sine_wave_leg_stiffness(double mass, double speed, double leg_length, double tc, double T,
                                      double cop_travel) {
    const double g = constants::gravity_m_per_s2;
    const double f_max = mass * g * constants::pi / 2.0 * T / tc;
    const double drop = f_max * tc * tc / (mass * constants::pi * constants::pi) - g * tc * tc / 8.0;
    const double half_sweep = std::clamp(0.5 * (speed * tc - cop_travel), 0.0, 0.9 * leg_length);
    const double compression = leg_length - std::sqrt(leg_length * leg_length - half_sweep * half_sweep) + drop;
    return f_max / std::max(compression, 1e-3);
}

/// Analytic first guess of the unknowns.
inline Vector5 first_guess(const StanceModel& model, const GaitKinematics& gait, const Closure& closure,
                           double closure_target) {
    const double M = model.body_mass_kg, g = model.gravity, T = gait.step_period_s(), v = gait.speed_m_per_s;
    const double L = model.touchdown_leg_length_m(0.35), travel = model.cop_travel_m;
    double tc = 0.5 * T;
    double phi = 0.0;
    switch (closure.kind) {
        case ClosureKind::contact_time: tc = closure.value; break;
        case ClosureKind::empirical: tc = closure_target; break;
        case ClosureKind::duty_factor: tc = 2.0 * T * closure.value; break;
        case ClosureKind::touchdown_angle:
        case ClosureKind::foot_placement: {
            phi = closure.kind == ClosureKind::touchdown_angle
                      ? (90.0 - closure.value) * constants::pi / 180.0
                      : std::asin(std::clamp(closure.value * M / model.upper_mass_kg / L, 0.0, 0.95));
            tc = (2.0 * L * std::sin(phi) + travel) / v;
            break;
        }
        case ClosureKind::leg_stiffness: {
            // k(tc) of the sine-wave model decreases with tc: bisect for the given k.
            double lo = 0.05 * T, hi = 0.98 * T;
            for (int i = 0; i < 60; ++i) {
                tc = 0.5 * (lo + hi);
                if (sine_wave_leg_stiffness(M, v, L, tc, T, travel) > closure_target) lo = tc; else hi = tc;
            }
            break;
        }
    }
    tc = std::clamp(tc, 0.05 * T, 0.98 * T);
    if (phi == 0.0) phi = std::asin(std::clamp(0.5 * (v * tc - travel) / L, 0.02, 0.95));
    // The model's spring is ~25 % stiffer than the sine-wave estimate for the same contact
    // time (COP travel and the lower-limb mass shorten the effective sweep); first guess only.
    double k = 1.25 * sine_wave_leg_stiffness(M, v, L, tc, T, travel);
    if (closure.kind == ClosureKind::leg_stiffness) k = closure_target;
    const double tf = T - tc;
    const double com_vy = -0.5 * g * std::max(tf, 0.0);
    // Energy the active element must add: roughly the lower limb's impact energy plus a
    // fifth of the leg's stored energy (contact hysteresis, COP work); first guess only.
    const double peak_force = M * g * constants::pi / 2.0 * T / tc;
    const double stored = 0.5 * peak_force * peak_force / k;
    const double vf = model.lower_limb_touchdown_speed_m_per_s;
    const double added = 0.5 * model.lower_mass_kg * vf * vf + 0.2 * stored;
    Vector5 u;
    u[angle] = phi;
    // Whole-body COM momentum M vy = m_b vy_hip + m_l (-v_foot).
    u[hip_vy] = std::min((M * com_vy + model.lower_mass_kg * vf) / model.upper_mass_kg, -0.05);
    u[hip_vx] = 1.02 * v * M / model.upper_mass_kg;  // ~2 % above the mean: braking comes first
    u[stiffness] = k / stiffness_scale_n_per_m;
    u[ratio] = 1.0 / (1.0 + added / stored);  // from dE = F^2/2 (1/k_u - 1/k)
    clamp_unknowns(u);
    return u;
}

/// Weights turning residuals into a dimensionless merit norm for the line search.
inline Vector5 residual_weights(const Closure& closure) {
    Vector5 w;
    w << 1.0 / 0.01, 1.0 / 0.1, 1.0 / 0.1, 1.0 / 0.1, 1.0;
    switch (closure.kind) {
        case ClosureKind::contact_time: w[4] = 1.0 / 0.01; break;
        case ClosureKind::duty_factor: w[4] = 1.0 / 0.02; break;
        case ClosureKind::touchdown_angle: w[4] = 1.0 / 0.02; break;
        case ClosureKind::foot_placement: w[4] = 1.0 / 0.01; break;
        default: w[4] = 1.0 / 0.01; break;
    }
    return w;
}

}  // namespace gait_detail

/// Solves for the periodic running step. Never throws for a physically impossible
/// target: it returns a status and a reason. Throws InvalidParameter for invalid input.
inline GaitSolution solve_gait(const StanceModel& model, const GaitTarget& target, const Closure& closure,
                               const GaitSolverSettings& settings = {}) {
    using namespace gait_detail;
    validate(closure);
    GaitSolution solution;
    solution.gait = resolve(target);
    solution.closure = closure;
    const GaitKinematics& gait = solution.gait;
    double closure_target = closure.kind == ClosureKind::leg_stiffness ? closure.value : 0.0;
    if (closure.kind == ClosureKind::empirical) {
        closure_target = empirical_contact_time_s(model.parameters.runner, gait);
        if (closure_target <= 0.0) {
            solution.status = GaitStatus::no_flight_phase;
            solution.reason = "no flight phase: the empirical leg stiffness " +
                              detail::format_number(empirical_leg_stiffness_n_per_m(model.parameters.runner, gait)) +
                              " N/m needs a contact time longer than the step period " +
                              detail::format_number(gait.step_period_s()) + " s";
            return solution;
        }
    }

    const Vector5 weights = residual_weights(closure);
    Vector5 u = first_guess(model, gait, closure, closure_target);
    Evaluation current = evaluate(model, gait, closure, closure_target, u);
    ++solution.stance_evaluations;
    if (!current.stance_ok) {
        solution.status = GaitStatus::stance_failed;
        solution.reason = std::string("first guess stance failed: ") + to_string(current.stance_status);
        solution.control = control_from(u);
        return solution;
    }
    auto merit = [&weights](const Vector5& r) { return r.cwiseProduct(weights).norm(); };
    auto converged = [&](const Evaluation& e) { return e.residual.cwiseAbs().maxCoeff() <= settings.residual_tolerance; };

    // Newton-Broyden: a forward-difference Jacobian at the start (steps ~ 1e-5 of each
    // unknown's scale), rank-one Broyden updates after each accepted step, and a fresh
    // finite-difference Jacobian whenever a full step fails to reduce the residual.
    const Vector5 scale(0.3, 1.0, 3.0, 1.0, 1.0);
    Matrix5 jacobian;
    auto finite_difference_jacobian = [&]() {
        for (int j = 0; j < 5; ++j) {
            Vector5 shifted = u;
            const double h = 1e-5 * scale[j];
            shifted[j] += h;
            const Evaluation e = evaluate(model, gait, closure, closure_target, shifted);
            ++solution.stance_evaluations;
            if (!e.stance_ok) return false;
            jacobian.col(j) = (e.residual - current.residual) / h;
        }
        return true;
    };
    bool jacobian_fresh = finite_difference_jacobian();
    if (!jacobian_fresh) {  // a neighbour of the first guess has no stance: no Jacobian to start from
        solution.status = GaitStatus::stance_failed;
        solution.reason = "stance failed next to the first guess (finite-difference Jacobian)";
        solution.control = control_from(u);
        return solution;
    }
    int iteration = 0;
    for (;; ++iteration) {
        if (converged(current) || iteration >= settings.max_iterations) break;
        const Eigen::FullPivLU<Matrix5> lu(jacobian);
        bool accepted = false;
        if (lu.isInvertible()) {
            const Vector5 step = lu.solve(-current.residual);
            const double merit_now = merit(current.residual);
            double lambda = 1.0;
            for (int halving = 0; halving < 12; ++halving, lambda *= 0.5) {
                Vector5 trial = u + lambda * step;
                clamp_unknowns(trial);
                const Evaluation e = evaluate(model, gait, closure, closure_target, trial);
                ++solution.stance_evaluations;
                if (e.stance_ok && merit(e.residual) < (1.0 - 1e-4 * lambda) * merit_now) {
                    const Vector5 du = trial - u, dr = e.residual - current.residual;
                    jacobian += (dr - jacobian * du) * du.transpose() / du.squaredNorm();
                    u = trial;
                    current = e;
                    accepted = true;
                    break;
                }
                if (!jacobian_fresh) break;  // a stale Jacobian is refreshed before any damping
            }
            if (accepted && lambda == 1.0) {
                jacobian_fresh = false;
                continue;
            }
        }
        if (!accepted && jacobian_fresh) break;  // no descent even with a fresh Jacobian
        if (!finite_difference_jacobian()) break;
        jacobian_fresh = true;
    }

    solution.iterations = iteration;
    solution.control = control_from(u);
    solution.contact_time_s = current.contact_time_s;
    solution.flight_time_s = current.flight_time_s;
    solution.residuals = current.named;
    const bool acceptable = current.residual.cwiseAbs().maxCoeff() <= settings.acceptable_residual;
    if (!converged(current) && !acceptable) {
        solution.status = current.flight_time_s <= 0.0 ? GaitStatus::no_flight_phase : GaitStatus::not_converged;
        solution.reason = current.flight_time_s <= 0.0
                              ? "no flight phase: contact time exceeds the step period " +
                                    detail::format_number(gait.step_period_s()) + " s"
                              : "periodic-gait residuals did not fall below " +
                                    detail::format_number(settings.acceptable_residual) + " (largest " +
                                    detail::format_number(current.residual.cwiseAbs().maxCoeff()) + ") in " +
                                    std::to_string(iteration) + " iterations";
        return solution;
    }
    if (current.flight_time_s <= 0.0) {
        solution.status = GaitStatus::no_flight_phase;
        solution.reason = "no flight phase: contact time " + detail::format_number(current.contact_time_s) +
                          " s is not shorter than the step period " + detail::format_number(gait.step_period_s()) + " s";
        return solution;
    }
    if (current.take_off_com_vy <= 0.0) {
        solution.status = GaitStatus::leg_would_pull;
        solution.reason = "the COM leaves the ground moving down: the step period is too short for a "
                          "ballistic flight, the leg would have to pull";
        return solution;
    }
    solution.status = GaitStatus::ok;
    return solution;
}

}  // namespace kneeload
