// Gait kinematics, preferred cadence, periodic-gait solver: residuals, closures, failures.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "helpers.hpp"

using namespace kneeload;

TEST_CASE("any two of speed, cadence and step length give the third (v = step length x cadence / 60)") {
    GaitTarget t;
    t.cadence_steps_per_min = 180.0;
    t.step_length_m = 1.1;
    CHECK(resolve(t).speed_m_per_s == doctest::Approx(3.3));
    GaitTarget u;
    u.speed_m_per_s = 3.3;
    u.step_length_m = 1.1;
    CHECK(resolve(u).cadence_steps_per_min == doctest::Approx(180.0));
    const GaitKinematics k = resolve(test::speed_and_cadence(3.3, 180.0));
    CHECK(k.step_length_m == doctest::Approx(1.1));
    CHECK(k.stride_length_m() == doctest::Approx(2.2));
    CHECK(k.step_period_s() == doctest::Approx(60.0 / 180.0));
}

TEST_CASE("preferred cadence: 165 steps/min at 3.04 m/s, +3 steps/min per +15 % speed, shorter runners faster") {
    const Runner runner;  // 1.75 m: the reference height
    CHECK(preferred_cadence_steps_per_min(3.04, runner) == doctest::Approx(165.0));
    CHECK(preferred_cadence_steps_per_min(3.04 * 1.15, runner) == doctest::Approx(168.0));
    CHECK(preferred_cadence_steps_per_min(3.3, make_runner(60.0, 1.60)) > preferred_cadence_steps_per_min(3.3, runner));
}

TEST_CASE("solved gaits are periodic: residuals <= 1e-6 for every closure and a range of speeds") {
    const StanceModel model{ModelParameters{}};
    struct Case {
        double speed, cadence;
        Closure closure;
    };
    const Case cases[] = {
        {3.3, 167.0, Closure::empirical()},          {2.5, 160.0, Closure::empirical()},
        {5.0, 180.0, Closure::empirical()},          {3.3, 170.0, Closure::contact_time_s(0.24)},
        {3.3, 170.0, Closure::duty_factor(0.35)},    {3.3, 170.0, Closure::leg_stiffness_n_per_m(15e3)},
        {3.3, 170.0, Closure::touchdown_angle_deg(65.0)}, {3.3, 170.0, Closure::foot_placement_m(0.30)},
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
        // The closure holds.
        switch (c.closure.kind) {
            case ClosureKind::contact_time: CHECK(g.contact_time_s == doctest::Approx(0.24).epsilon(1e-6)); break;
            case ClosureKind::duty_factor:
                CHECK(g.contact_time_s / (2 * g.gait.step_period_s()) == doctest::Approx(0.35).epsilon(1e-6));
                break;
            case ClosureKind::leg_stiffness: CHECK(g.control.leg_stiffness_n_per_m == doctest::Approx(15e3)); break;
            case ClosureKind::touchdown_angle:
                CHECK(90.0 - g.control.touchdown_leg_angle_rad * 180 / constants::pi == doctest::Approx(65.0));
                break;
            default: break;
        }
        // Simulating the solved step: the integrated flight lands one step period after
        // touchdown, and the mean vertical force over the step is body weight.
        const StepResult s = simulate_step(model, g.control, g.gait, StepOptions{false});
        REQUIRE(s.ok());
        CHECK(s.next_touchdown_time_s == doctest::Approx(g.gait.step_period_s()).epsilon(1e-6));
        const double mean_force_bw =
            s.metrics.vertical_impulse_n_s / (model.body_mass_kg * model.gravity * g.gait.step_period_s());
        CHECK(mean_force_bw == doctest::Approx(1.0).epsilon(1e-5));
        CHECK(s.metrics.braking_impulse_n_s == doctest::Approx(s.metrics.propulsive_impulse_n_s).epsilon(1e-5));
        if (c.closure.kind == ClosureKind::foot_placement)
            CHECK(s.metrics.foot_ahead_of_com_at_touchdown_m == doctest::Approx(0.30).epsilon(1e-6));
    }
}

TEST_CASE("the empirical closure imposes the Morin/Farley leg stiffness on the simulated step") {
    const StanceModel model{ModelParameters{}};
    const SolvedStep s = solve_and_simulate(model, test::speed_and_cadence(3.3, 175.0), Closure::empirical());
    REQUIRE(s.ok());
    const double expected = empirical_leg_stiffness_n_per_m(model.parameters.runner, s.gait.gait);
    CHECK(s.step.metrics.morin_leg_stiffness_n_per_m == doctest::Approx(expected).epsilon(1e-5));
}

TEST_CASE("no periodic step: a status with a reason, never a wrong answer") {
    const StanceModel model{ModelParameters{}};
    SUBCASE("contact time longer than the step period: no flight phase") {
        const GaitSolution g = solve_gait(model, test::speed_and_cadence(3.0, 220.0), Closure::contact_time_s(0.40));
        CHECK_FALSE(g.ok());
        CHECK(g.status == GaitStatus::no_flight_phase);
        CHECK(g.reason.find("no flight phase") != std::string::npos);
    }
    SUBCASE("empirical stiffness too low for a flight at this cadence") {
        const GaitSolution g = solve_gait(model, test::speed_and_cadence(1.5, 250.0), Closure::empirical());
        CHECK_FALSE(g.ok());
        CHECK_FALSE(g.reason.empty());
    }
    SUBCASE("a leg far too soft for the speed") {
        const GaitSolution g = solve_gait(model, test::speed_and_cadence(6.0, 200.0), Closure::leg_stiffness_n_per_m(2.5e3));
        CHECK_FALSE(g.ok());
        CHECK_FALSE(g.reason.empty());
    }
}

TEST_CASE("results are identical on repeated runs (bitwise)") {
    const StanceModel model{ModelParameters{}};
    const SolvedStep a = solve_and_simulate(model, test::default_target(), Closure::empirical());
    const SolvedStep b = solve_and_simulate(model, test::default_target(), Closure::empirical());
    REQUIRE(a.ok());
    CHECK(std::memcmp(&a.gait.control, &b.gait.control, sizeof(StanceControl)) == 0);
    CHECK(a.step.metrics.peak_pfj_stress_mpa == b.step.metrics.peak_pfj_stress_mpa);
    CHECK(a.step.metrics.pfj_stress_time_integral_mpa_s == b.step.metrics.pfj_stress_time_integral_mpa_s);
    CHECK(a.step.time_series.pfj_stress_mpa == b.step.time_series.pfj_stress_mpa);
}
