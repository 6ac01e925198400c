// Results converge as the integration tolerance tightens; the default tolerance agrees
// with a much tighter run.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include <kneeload/metrics/step.hpp>

#include "helpers.hpp"

using namespace kneeload;

namespace {
StepMetrics metrics_at(double relative_tolerance, const StanceControl& control, const GaitKinematics& gait) {
    ModelParameters p;
    p.numerics.relative_tolerance = relative_tolerance;
    p.numerics.absolute_tolerance = 0.1 * relative_tolerance;  // the defaults' ratio
    const StanceModel model(p);
    return simulate_step(model, control, gait, StepOptions{false, 2000.0}).metrics;
}
}  // namespace

TEST_CASE("metrics converge as the tolerance tightens; the default (1e-6) within 3e-4 of a 1e-12 run") {
    const StanceModel model{ModelParameters{}};
    const GaitSolution g = solve_gait(model, test::default_target(), Closure{});
    REQUIRE(g.ok());
    const StepMetrics reference = metrics_at(1e-12, g.control, g.gait);
    // Largest relative error of the point metrics, and with the stress-time integral too.
    using Pick = double StepMetrics::*;
    const std::vector<Pick> point = {&StepMetrics::contact_time_s, &StepMetrics::peak_vgrf_n,
                                     &StepMetrics::peak_pfj_stress_mpa, &StepMetrics::knee_flexion_peak_deg,
                                     &StepMetrics::impact_peak_bw};
    auto error = [&](const StepMetrics& m, bool with_integral) {
        std::vector<Pick> picks = point;
        if (with_integral) picks.push_back(&StepMetrics::pfj_stress_time_integral_mpa_s);
        double worst = 0.0;
        for (Pick pick : picks) {
            // A metric that does not exist (no distinct impact peak: NaN) must be missing in both.
            const double a = m.*pick, b = reference.*pick;
            const double e = std::isnan(a) && std::isnan(b)   ? 0.0
                             : std::isnan(a) || std::isnan(b) ? INFINITY
                                                              : std::abs(a / b - 1.0);
            worst = std::max(worst, e);
        }
        return worst;
    };
    std::vector<double> errors, point_errors;
    const IntegratorSettings defaults;
    CHECK(defaults.relative_tolerance == 1e-6);
    for (double tol : {1e-4, 1e-6, 1e-8, 1e-10}) {
        const StepMetrics m = metrics_at(tol, g.control, g.gait);
        errors.push_back(error(m, true));
        point_errors.push_back(error(m, false));
        MESSAGE("relative tolerance " << tol << ": largest relative metric error " << errors.back()
                                      << " (point metrics " << point_errors.back() << ")");
    }
    // The point metrics decrease with the tolerance. The stress-time integral is Simpson's rule
    // on each accepted step, across kinks of the outputs (the knee's stop in push-off,
    // foot_kinematics.hpp; the quadriceps force's floor at zero where the moment turns flexor):
    // where the step nodes fall relative to a kink moves with the tolerance, so below ~1e-6 its
    // error can wander instead of falling (with earlier calibrations: 1e-7 at 1e-8, 5e-7 at
    // 1e-10; 3.2e-7 and 1.2e-7; with the shipped one and the lower limb's velocities held to 100x
    // the absolute tolerance 1.4e-6 and 8.7e-9); it is held to the accuracy bounds below.
    for (std::size_t i = 1; i < point_errors.size(); ++i) CHECK(point_errors[i] < point_errors[i - 1]);
    CHECK(errors[1] < 3e-4);
    CHECK(errors[3] < 1e-5);
}

TEST_CASE("the loading rate without an impact peak follows the integration, not the sample spacing") {
    // Without a distinct impact peak the rate's reference is the force at 13 % of stance: read on
    // the interval's quadratic it agrees with a 1e-12 run to ~3e-5 (forefoot, 4.5 m/s, 1.1 x the
    // preferred cadence); taken at the nearest sample, it was 2.5 % off there.
    ModelParameters p;
    p.foot_strike = FootStrike::of(FootStrikePattern::forefoot);
    GaitTarget target;
    target.speed_m_per_s = 4.5;
    target.cadence_ratio = 1.1;
    const StanceModel model(p);
    const GaitSolution g = solve_gait(model, target, Closure{});
    REQUIRE(g.ok());
    const StepMetrics m = simulate_step(model, g.control, g.gait, StepOptions{false, 2000.0}).metrics;
    p.numerics.relative_tolerance = 1e-12;
    p.numerics.absolute_tolerance = 1e-13;
    const StepMetrics reference = simulate_step(StanceModel(p), g.control, g.gait, StepOptions{false, 2000.0}).metrics;
    REQUIRE(std::isnan(m.impact_peak_bw));  // the case this test is about
    CHECK(m.average_loading_rate_bw_per_s == doctest::Approx(reference.average_loading_rate_bw_per_s).epsilon(1e-3));
}
