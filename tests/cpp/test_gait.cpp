// Gait kinematics, preferred cadence, spring-mass relations and the periodic-gait solver:
// residuals, closures, failures.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include <kneeload/gait/closure.hpp>
#include <kneeload/gait/first_guess.hpp>
#include <kneeload/gait/newton_broyden.hpp>
#include <kneeload/gait/shooting.hpp>
#include <kneeload/metrics/step.hpp>
#include <kneeload/model/spring_mass_relations.hpp>
#include <kneeload/parameters/registry.hpp>

#include "helpers.hpp"

using namespace kneeload;

TEST_CASE("any two of speed, cadence and step length give the third (v = step length x cadence / 60)") {
    const Runner runner;
    GaitTarget t;
    t.cadence_steps_per_min = 180.0;
    t.step_length_m = 1.1;
    CHECK(resolve(t, runner).speed_m_per_s == doctest::Approx(3.3));
    GaitTarget u;
    u.speed_m_per_s = 3.3;
    u.step_length_m = 1.1;
    CHECK(resolve(u, runner).cadence_steps_per_min == doctest::Approx(180.0));
    const GaitKinematics k = resolve(test::speed_and_cadence(3.3, 180.0), runner);
    CHECK(k.step_length_m == doctest::Approx(1.1));
    CHECK(k.stride_length_m() == doctest::Approx(2.2));
    CHECK(k.step_period_s() == doctest::Approx(60.0 / 180.0));
}

TEST_CASE("preferred cadence: 165 steps/min at 3.04 m/s, +3 steps/min per +15 % speed, shorter runners faster") {
    Runner runner;  // 1.75 m: the reference height (Eur J Sport Sci 2019)
    CHECK(preferred_cadence_steps_per_min(3.04, runner) == doctest::Approx(165.0));
    CHECK(preferred_cadence_steps_per_min(3.04 * 1.15, runner) == doctest::Approx(168.0));
    Runner shorter;
    shorter.height_m = 1.60;
    CHECK(preferred_cadence_steps_per_min(3.3, shorter) ==
          doctest::Approx(preferred_cadence_steps_per_min(3.3, runner) * std::sqrt(1.75 / 1.60)));
}

TEST_CASE("Morin 2005 sine-wave formulas against an independent hand calculation") {
    // Python, double precision, for m = 70 kg, v = 3.3 m/s, L = 0.9275 m, t_c = 0.235 s, t_f = 0.125 s.
    const SineWaveEstimate e = sine_wave_estimate(70.0, 3.3, 0.9275, 0.235, 0.125);
    CHECK(e.peak_force_n == doctest::Approx(1651.8599783562208).epsilon(1e-12));
    CHECK(e.com_drop_m == doctest::Approx(0.06434518841681264).epsilon(1e-12));
    CHECK(e.leg_compression_m == doctest::Approx(0.14928588041529284).epsilon(1e-12));
    CHECK(e.vertical_stiffness_n_per_m == doctest::Approx(25671.849271088766).epsilon(1e-12));
    CHECK(e.leg_stiffness_n_per_m == doctest::Approx(11065.078450560582).epsilon(1e-12));
}

TEST_CASE("Morin 2005 treadmill reference: the published mean force and COM drop are reproduced") {
    // Published means (76 kg, 3.3-6.7 m/s): F_max 2.05 kN, dy 0.05 m, k_vert 37.7 kN/m. The
    // contact and flight times that give F_max and dy under the sine-wave model (t_c = 0.18214 s,
    // t_f = 0.13680 s, solved by hand) return them, and a vertical stiffness within 10 % of the
    // published mean (a ratio of means is not a mean of ratios).
    const SineWaveEstimate e = sine_wave_estimate(76.0, 5.0, 0.95, 0.18213912811435795, 0.13679645060646467);
    CHECK(e.peak_force_n == doctest::Approx(2050.0).epsilon(1e-9));
    CHECK(e.com_drop_m == doctest::Approx(0.05).epsilon(1e-9));
    CHECK(e.vertical_stiffness_n_per_m == doctest::Approx(37.7e3).epsilon(0.10));
}

TEST_CASE("sine-wave contact time inverts the sine-wave stiffness (TOMS 748), none when out of reach") {
    const double T = 60.0 / 170.0;
    const SineWaveEstimate at = sine_wave_estimate(70.0, 3.3, 0.9275, 0.24, T - 0.24);
    const auto tc = sine_wave_contact_time_s(70.0, 3.3, 0.9275, T, at.leg_stiffness_n_per_m);
    REQUIRE(tc.has_value());
    CHECK(*tc == doctest::Approx(0.24).epsilon(1e-10));
    CHECK_FALSE(sine_wave_contact_time_s(70.0, 3.3, 0.9275, T, 10.0).has_value());  // far too soft for a flight
}

TEST_CASE("lab-style leg stiffness: F / (dy + L (1 - cos theta)), sin theta = v t_c / 2L (McMahon & Cheng 1990)") {
    const double k = kinematic_leg_stiffness_n_per_m(1600.0, 0.07, 0.93, 3.3, 0.24);
    const double theta = std::asin(3.3 * 0.24 / (2 * 0.93));
    CHECK(k == doctest::Approx(1600.0 / (0.07 + 0.93 * (1 - std::cos(theta)))).epsilon(1e-12));
}

TEST_CASE("solved gaits are periodic: residuals <= 1e-6 for every closure and a range of speeds") {
    const StanceModel model{ModelParameters{}};
    struct Case {
        double speed, cadence;
        Closure closure;
    };
    const Case cases[] = {
        {3.3, 167.0, {}},
        {2.5, 160.0, {}},
        {5.0, 180.0, {}},
        {3.3, 170.0, {ClosureKind::contact_time, 0.24}},
        {3.3, 170.0, {ClosureKind::duty_factor, 0.35}},
        {3.3, 170.0, {ClosureKind::leg_stiffness, 15e3}},
        {3.3, 170.0, {ClosureKind::touchdown_angle, 67.0}},
        {3.3, 170.0, {ClosureKind::foot_placement, 0.30}},
    };
    for (const Case& c : cases) {
        CAPTURE(c.speed);
        CAPTURE(c.cadence);
        CAPTURE(to_string(c.closure.kind));
        const GaitSolution g = solve_gait(model, test::speed_and_cadence(c.speed, c.cadence), c.closure);
        REQUIRE_MESSAGE(g.ok(), g.reason);
        CHECK(g.residuals.max_abs() <= 1e-6);
        CHECK(std::abs(g.residuals.mean_vertical_force_excess_bw) <= 1e-6);
        CHECK(g.iterations <= 20);
        switch (c.closure.kind) {  // the closure holds
            case ClosureKind::contact_time:
                CHECK(g.contact_time_s == doctest::Approx(0.24).epsilon(1e-6));
                break;
            case ClosureKind::duty_factor:
                CHECK(g.contact_time_s / (2 * g.gait.step_period_s()) == doctest::Approx(0.35).epsilon(1e-6));
                break;
            case ClosureKind::leg_stiffness:
                CHECK(g.control.leg_stiffness_n_per_m == doctest::Approx(15e3));
                break;
            case ClosureKind::touchdown_angle:
                CHECK(90.0 - g.control.touchdown_leg_angle_rad * 180 / constants::pi == doctest::Approx(67.0));
                break;
            default:
                break;
        }
        // Simulating the solved step: the ballistic flight lands one step period after touchdown,
        // and the mean vertical force over the step is body weight.
        const StepResult s = simulate_step(model, g.control, g.gait, StepOptions{false, 2000.0});
        REQUIRE(s.ok());
        CHECK(s.next_touchdown_time_s == doctest::Approx(g.gait.step_period_s()).epsilon(1e-6));
        const double mean_force_bw =
            s.metrics.vertical_impulse_n_s / (model.body_mass_kg * model.gravity * g.gait.step_period_s());
        CHECK(mean_force_bw == doctest::Approx(1.0).epsilon(1e-5));
        // The braking and propulsive impulses balance (zero net horizontal impulse). They are sums
        // over the integrator's steps and carry its error: at the default relative tolerance
        // (1e-6) they balance to 5.1e-5 at 5 m/s and 180 steps/min (4.6e-6 with a linear unloading
        // spring: the nonlinear one's force vanishes with an unbounded curvature at take-off,
        // where the step control is least reliable), whatever the sample rate. Solved and
        // integrated at 1e-10 they balance to 3e-10 (5 m/s) and 6e-9 (touchdown angle 67 deg); at
        // 1e-8, not monotonically, to 4e-6 and 5.5e-5.
        CHECK(s.metrics.braking_impulse_n_s == doctest::Approx(s.metrics.propulsive_impulse_n_s).epsilon(1e-4));
        if (c.closure.kind == ClosureKind::foot_placement)
            CHECK(s.metrics.foot_ahead_of_com_at_touchdown_m == doctest::Approx(0.30).epsilon(1e-6));
    }
}

TEST_CASE("weight support: a periodic step's mean vertical force is (1 - f) body weight (impulse balance)") {
    // Over a periodic step the ground's vertical impulse balances gravity's, now M g (1 - f) T.
    for (double support : {0.0, 0.3, 0.6}) {
        CAPTURE(support);
        ModelParameters p;
        p.surface.body_weight_support_fraction = support;
        const StanceModel model(p);
        const SolvedStep s = solve_and_simulate(model, test::speed_and_cadence(3.0, 165.0), Closure{});
        REQUIRE_MESSAGE(s.ok(), s.gait.reason);
        const double body_weight_impulse = p.runner.body_weight_n() * s.gait.gait.step_period_s();
        CHECK(s.step.metrics.vertical_impulse_n_s / body_weight_impulse ==
              doctest::Approx(1.0 - support).epsilon(1e-5));
    }
}

TEST_CASE("the empirical closure imposes the Morin/Farley leg stiffness on the simulated step") {
    const StanceModel model{ModelParameters{}};
    const SolvedStep s = solve_and_simulate(model, test::speed_and_cadence(3.3, 175.0), Closure{});
    REQUIRE(s.ok());
    const double expected = empirical_leg_stiffness_n_per_m(model.parameters.runner, s.gait.gait);
    CHECK(s.step.metrics.morin_leg_stiffness_n_per_m == doctest::Approx(expected).epsilon(1e-5));
}

TEST_CASE("no periodic step: a status with a reason, never a wrong answer") {
    const StanceModel model{ModelParameters{}};
    SUBCASE("contact time longer than the step period: no flight phase") {
        const GaitSolution g =
            solve_gait(model, test::speed_and_cadence(3.0, 220.0), Closure{ClosureKind::contact_time, 0.40});
        CHECK(g.status == GaitStatus::no_flight_phase);
        CHECK(g.reason.find("is not shorter than the step period") != std::string::npos);
        // A failed step, from the C++ entry point as from a sweep, names the status once.
        const SolvedStep s =
            solve_and_simulate(model, test::speed_and_cadence(3.0, 220.0), Closure{ClosureKind::contact_time, 0.40});
        CHECK(s.step.reason.rfind("no_flight_phase: contact time ", 0) == 0);
        CHECK(s.step.reason == g.status_and_reason());
    }
    SUBCASE("empirical stiffness too low for a flight at this cadence") {
        const GaitSolution g = solve_gait(model, test::speed_and_cadence(1.5, 250.0), Closure{});
        CHECK_FALSE(g.ok());
        CHECK_FALSE(g.reason.empty());
    }
    SUBCASE("a leg far too soft for the speed") {
        const GaitSolution g =
            solve_gait(model, test::speed_and_cadence(6.0, 200.0), Closure{ClosureKind::leg_stiffness, 2.5e3});
        CHECK_FALSE(g.ok());
        CHECK_FALSE(g.reason.empty());
    }
}

TEST_CASE("invalid closure targets are rejected by name") {
    const StanceModel model{ModelParameters{}};
    CHECK_THROWS_WITH_AS(solve_gait(model, test::default_target(), Closure{ClosureKind::duty_factor, 0.6}),
                         doctest::Contains("'target_duty_factor' = 0.6: valid range is [0.1, 0.5)"), InvalidParameter);
    CHECK_THROWS_WITH_AS(solve_gait(model, test::default_target(), Closure{ClosureKind::contact_time}),
                         doctest::Contains("needs target_contact_time_s"), InvalidParameter);
}

TEST_CASE("results are identical on repeated runs (bitwise)") {
    const StanceModel model{ModelParameters{}};
    const SolvedStep a = solve_and_simulate(model, test::default_target(), Closure{});
    const SolvedStep b = solve_and_simulate(model, test::default_target(), Closure{});
    REQUIRE(a.ok());
    CHECK(std::memcmp(&a.gait.control, &b.gait.control, sizeof(StanceControl)) == 0);
    CHECK(std::memcmp(&a.step.metrics, &b.step.metrics, sizeof(StepMetrics)) == 0);
    CHECK(a.step.time_series.column("pfj_stress_mpa") == b.step.time_series.column("pfj_stress_mpa"));
}

namespace {
/// The solver cases below sit on edges of the solution landscape found by search (a limit the
/// continuation runs into, a noise floor); recalibrating the model's defaults moves those edges.
/// These are the calibrated choices the cases were found with, pinned so that they keep testing
/// the solver, not the calibration.
std::vector<NamedValue> with_calibration_of_the_solver_cases(std::vector<NamedValue> values) {
    for (const NamedValue& v : std::vector<NamedValue>{{"leg_force_velocity_s_per_m", 0.0, ""},
                                                       {"lower_limb_tissue_frequency_hz", 16.5, ""},
                                                       {"lower_limb_tissue_damping_ratio", 0.23, ""},
                                                       {"swing_leg_retraction_fraction", 0.86, ""},
                                                       {"foot_flat_progress", 0.15, ""},
                                                       {"heel_off_progress", 0.63, ""},
                                                       {"foot_take_off_angle_deg", -15.0, ""},
                                                       {"toe_cop_reach_per_foot_length", 0.0, ""},
                                                       {"landing_cop_lead_fraction", 0.0, ""},
                                                       {"hip_sweep_factor", 1.0, ""},
                                                       {"knee_heel_off_flexion_deg", 16.5, ""},
                                                       {"leg_unloading_exponent", 1.0, ""},
                                                       {"dimensionless_leg_stiffness", 15.0, ""}})
        values.push_back(v);
    return values;
}

Condition runner_at(double speed_m_per_s, double cadence_ratio, std::vector<NamedValue> more = {}) {
    more.push_back({"speed_m_per_s", speed_m_per_s, ""});
    more.push_back({"cadence_ratio", cadence_ratio, ""});
    return make_condition(more);
}
GaitSolution solve(const Condition& c) {
    const StanceModel model(c.model);
    return solve_gait(model, resolve(c.gait, c.model.runner), c.closure);
}
}  // namespace

TEST_CASE("continuation: a condition whose first guess collapses solves from an easier anchor") {
    // A soft surface (50 kN/m) at 1.25 x the preferred cadence: the analytic first guess lands the
    // hip on the ground; following the steps from the preferred cadence reaches a periodic step.
    const Condition c =
        runner_at(4.25, 1.25, {{"foot_strike", 0.0, "midfoot"}, {"surface_stiffness_n_per_m", 5e4, ""}});
    const GaitSolution g = solve(c);
    REQUIRE(g.ok());
    CHECK(g.residuals.max_abs() <= 1e-6);  // periodic: the definition of a solution
    CHECK(g.stance_evaluations > 20);      // it took the continuation, not the direct solve
}

TEST_CASE("a branch of steps that ends at a physical limit is reported as beyond_limits, with the limit") {
    // 90 kg, 1.95 m, rearfoot at 2 m/s: the flight shrinks as the cadence rises (0.019 s at 1.245 x
    // preferred) until the hip would have to rise at touchdown; beyond, no periodic step exists.
    const std::vector<NamedValue> runner =
        with_calibration_of_the_solver_cases({{"body_mass_kg", 90.0, ""}, {"height_m", 1.95, ""}});
    const GaitSolution near = solve(runner_at(2.0, 1.245, runner));
    REQUIRE(near.ok());
    CHECK(near.flight_time_s < 0.02);
    const GaitSolution beyond = solve(runner_at(2.0, 1.25, runner));
    CHECK(beyond.status == GaitStatus::beyond_limits);
    CHECK(beyond.reason.find("the hip would have to rise at touchdown") != std::string::npos);
}

TEST_CASE("a continuation that stalls just short of a limit its path is heading for reports that limit") {
    // Midfoot at 6.5 m/s, 0.8 x preferred cadence, duty factor closure: as the duty factor rises
    // the hip lands ever more slowly (-0.05 m/s at duty 0.325, solved) until the branch runs into
    // the face "the hip would have to rise". The continuations stall short of it; from the secant
    // through the last solved steps the solver then solves for the periodic step ON that face,
    // with the share of the path in place of the hip's velocity: it exists before the end of
    // the path, so the limit (not a numerical failure) is the reason.
    const auto at_duty = [](double duty) {
        return solve(runner_at(
            6.5, 0.8,
            with_calibration_of_the_solver_cases({{"foot_strike", 0.0, "midfoot"}, {"target_duty_factor", duty, ""}})));
    };
    const GaitSolution near = at_duty(0.325);
    REQUIRE(near.ok());
    CHECK(near.control.hip_velocity_y_m_per_s > -0.1);
    for (const double duty : {0.34, 0.35}) {
        const GaitSolution beyond = at_duty(duty);
        CHECK(beyond.status == GaitStatus::beyond_limits);
        CHECK(beyond.reason.find("the hip would have to rise at touchdown") != std::string::npos);
    }
}

TEST_CASE("limit_reached names the face of the solver's box the unknowns sit on") {
    shooting::Vector5 u;
    u << 0.3, -0.5, 3.0, 1.0, 1.0;  // inside
    CHECK_FALSE(shooting::limit_reached(u).has_value());
    u[shooting::hip_vy] = 1.0;  // the hip rising: clamped to the face
    shooting::clamp_unknowns(u);
    REQUIRE(shooting::limit_reached(u).has_value());
    CHECK(shooting::limit_reached(u)->find("rise at touchdown") != std::string::npos);
    u << 2.0, -0.5, 3.0, 1.0, 1.0;  // the leg at 115 deg
    shooting::clamp_unknowns(u);
    CHECK(shooting::limit_reached(u)->find("more than 69 deg") != std::string::npos);
}

namespace {
/// Midfoot at 3.9 m/s and the preferred cadence in a soft Kelvin-Voigt shoe (50 kN/m).
Condition soft_kelvin_voigt_midfoot() {
    return runner_at(3.9, 1.0,
                     with_calibration_of_the_solver_cases({{"foot_strike", 0.0, "midfoot"},
                                                           {"shoe_law", 0.0, "kelvin_voigt"},
                                                           {"shoe_stiffness_n_per_m", 50e3, ""}}));
}

/// Noise of the vertical-velocity residual R2 [m/s] at the first guess, along the leg angle over
/// 40 points spaced as the default finite-difference step: the rms second difference over
/// sqrt(6) (independent noise of rms s gives second differences of rms sqrt(6) s; the residual's
/// curvature adds less than 1.2e-11 at this spacing, the estimate at relative tolerance 1e-11).
/// The integration as the solver's k-th refinement sets it (refined_integration).
double vertical_velocity_noise(Condition c, int refinements) {
    c.model.numerics = refined_integration(c.model.numerics, refinements);
    const StanceModel model(c.model);
    const GaitKinematics gait = resolve(c.gait, c.model.runner);
    const ClosureTarget target = *closure_target(model, gait, c.closure);
    const shooting::Vector5 start = first_guess(model, gait, target);
    constexpr int points = 40;
    const double spacing = NewtonBroydenSettings{}.finite_difference_fraction * shooting::typical_size[shooting::angle];
    std::vector<double> r;
    for (int i = 0; i < points; ++i) {
        shooting::Vector5 u = start;
        u[shooting::angle] += i * spacing;
        r.push_back(shooting::evaluate(model, gait, target, u).residual[shooting::hip_vy]);
    }
    double squares = 0.0;
    for (int i = 1; i + 1 < points; ++i) squares += std::pow(r[i + 1] - 2.0 * r[i] + r[i - 1], 2);
    return std::sqrt(squares / (points - 2) / 6.0);
}
}  // namespace

TEST_CASE("the periodic-step residuals carry the integration's noise, at most ~10x its relative tolerance") {
    // What the solver assumes (solver.cpp, relative_noise; gait/newton_broyden.hpp): noise at most
    // about the relative tolerance, at every refinement. Where the step sequence stays the same
    // along the line the residual is smooth and the noise far lower. Measured at relative
    // tolerances 1e-6, 1e-7, 1e-8: 2.4e-10, 6.9e-8, 1.2e-8 m/s in the soft shoe, 1.5e-11, 9.2e-9,
    // 2.5e-9 for the default runner (with the solver's lower limb held at 100x and 1x, when the
    // noise was first measured: 9.9e-7 at 1e-6 and 1.2e-8 at 1e-8 in the soft shoe).
    for (const Condition& c : {soft_kelvin_voigt_midfoot(), runner_at(3.5, 1.0)}) {
        const double tolerance = c.model.numerics.relative_tolerance;
        for (int k = 0; k <= 2; ++k) {
            const double noise = vertical_velocity_noise(c, k);
            MESSAGE("refinement " << k << ": noise " << noise << " m/s");
            CHECK(noise < 10.0 * tolerance * std::pow(0.1, k));
        }
    }
}

TEST_CASE("a first guess whose Jacobian drowns in integration noise solves with the noise-matched differences") {
    // The residuals carry the integration's noise (~1e-6 at the default relative tolerance 1e-6);
    // forward differences over 1e-5 of each unknown's size turn it into Jacobian errors of order
    // 0.1-1 in a Jacobian whose reciprocal condition is ~1e-4, so the first Newton direction leads
    // uphill from residuals of 0.09: without noise-matched differences the solve stopped there
    // ("in 0 iterations"), and at the preferred cadence with the empirical closure no easier
    // anchor exists to continue from.
    const Condition c = soft_kelvin_voigt_midfoot();
    const GaitSolution g = solve(c);
    REQUIRE(g.ok());
    CHECK(g.residuals.max_abs() <= 1e-6);
    CHECK(g.stance_evaluations < 60);  // the direct solve (28 stances when written)
    // Independent reference: the same condition integrated 100x more accurately, where the noise
    // is 100x lower and the default differences suffice (10 stances). The steps agree to the
    // default integration's accuracy (4.6e-6 relative in the leg stiffness when written).
    Condition accurate = c;
    accurate.model.numerics.relative_tolerance *= 0.01;
    accurate.model.numerics.absolute_tolerance *= 0.01;
    const GaitSolution reference = solve(accurate);
    REQUIRE(reference.ok());
    CHECK(g.control.leg_stiffness_n_per_m == doctest::Approx(reference.control.leg_stiffness_n_per_m).epsilon(1e-4));
    CHECK(g.control.touchdown_leg_angle_rad ==
          doctest::Approx(reference.control.touchdown_leg_angle_rad).epsilon(1e-4));
    CHECK(g.contact_time_s == doctest::Approx(reference.contact_time_s).epsilon(1e-5));
}

TEST_CASE("with no acceptance above the tolerance, solves reach it without refining: the stance's end is smooth") {
    // Midfoot at 5.75 m/s and 228.5 steps/min in a soft Kelvin-Voigt shoe (60 kN/m), the lower
    // limb held to 10x / 1x the absolute tolerance in the solver's stances: the iteration used to
    // stall at residuals of 1.2e-7, just above the tolerance 1e-7, and converged only after a
    // refinement (10x tighter integration). That was while the leg's pull at the end of stance
    // still pulled the upper body back through a foot the ground could no longer hold. Since the
    // lifting leg acts only vertically (model/stance_dynamics.hpp), the take-off state is smooth
    // enough in the controls that this case and every one of a strict search over 288 conditions
    // (3 foot strikes x 2 shoe laws x 8 speeds x 6 cadences; a probe outside the repository)
    // reach the tolerance directly. The
    // refinement itself is tested on a synthetic noise floor (test_newton_broyden.cpp) and per
    // level of accuracy (test_convergence.cpp).
    GaitSolverSettings strict;
    strict.acceptable_residual = strict.residual_tolerance;
    const Condition former_stall =
        runner_at(5.75, 228.536 / preferred_cadence_steps_per_min(5.75, Runner{}),
                  with_calibration_of_the_solver_cases({{"foot_strike", 0.0, "midfoot"},
                                                        {"shoe_law", 0.0, "kelvin_voigt"},
                                                        {"shoe_stiffness_n_per_m", 60e3, ""},
                                                        {"solver_lower_limb_velocity_tolerance_scale", 10.0, ""},
                                                        {"solver_lower_limb_position_tolerance_scale", 1.0, ""}}));
    std::vector<Condition> conditions{former_stall};
    for (const char* strike : {"rearfoot", "forefoot"})
        for (double speed : {3.0, 5.0})
            conditions.push_back(
                runner_at(speed, 0.9, with_calibration_of_the_solver_cases({{"foot_strike", 0.0, strike}})));
    for (const Condition& c : conditions) {
        const StanceModel model(c.model);
        const GaitSolution g = solve_gait(model, resolve(c.gait, c.model.runner), c.closure, strict);
        REQUIRE(g.ok());
        CHECK(g.residuals.max_abs() <= strict.residual_tolerance);
        CHECK(g.refinements == 0);
    }
}
