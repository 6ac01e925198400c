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
    auto error = [&](const StepMetrics& m) {
        double worst = 0.0;
        for (auto pick : {&StepMetrics::contact_time_s, &StepMetrics::peak_vgrf_n, &StepMetrics::peak_pfj_stress_mpa,
                          &StepMetrics::pfj_stress_time_integral_mpa_s, &StepMetrics::knee_flexion_peak_deg,
                          &StepMetrics::impact_peak_bw}) {
            // A metric that does not exist (no distinct impact peak: NaN) must be missing in both.
            const double a = m.*pick, b = reference.*pick;
            const double e = std::isnan(a) && std::isnan(b)   ? 0.0
                             : std::isnan(a) || std::isnan(b) ? INFINITY
                                                              : std::abs(a / b - 1.0);
            worst = std::max(worst, e);
        }
        return worst;
    };
    std::vector<double> errors;
    const IntegratorSettings defaults;
    CHECK(defaults.relative_tolerance == 1e-6);
    for (double tol : {1e-4, 1e-6, 1e-8, 1e-10}) {
        errors.push_back(error(metrics_at(tol, g.control, g.gait)));
        MESSAGE("relative tolerance " << tol << ": largest relative metric error " << errors.back());
    }
    // Decreasing down to the floor of the sampled metrics (the stress-time integral is a
    // quadrature over 2000 Hz samples: ~1e-7 of it moves with the last partial interval), and
    // small at the default.
    constexpr double sampling_floor = 3e-7;
    for (std::size_t i = 1; i < errors.size(); ++i) CHECK((errors[i] < errors[i - 1] || errors[i] < sampling_floor));
    CHECK(errors[1] < 3e-4);
    CHECK(errors[3] < 1e-5);
}
