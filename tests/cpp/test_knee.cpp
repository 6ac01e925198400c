// Knee geometry: triangle consistency, touchdown flexion, moment sign and size.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include <kneeload/metrics/step.hpp>
#include <kneeload/model/knee_geometry.hpp>

#include "helpers.hpp"

using namespace kneeload;

namespace {
LegGeometry default_leg(double share = 0.5) {
    const Runner r;
    LegGeometry g;
    g.thigh_m = r.thigh_length_m();
    g.shank_m = r.shank_length_m();
    g.ankle_height_m = r.ankle_height_m();
    g.touchdown_hip_ankle_m = g.hip_ankle_distance_m(17.8 * constants::pi / 180.0);
    g.knee_share = share;
    return g;
}
}  // namespace

TEST_CASE("hip-ankle distance and flexion are inverse (law of cosines)") {
    const LegGeometry g = default_leg();
    for (double deg = 0.0; deg <= 120.0; deg += 10.0) {
        const double rad = deg * constants::pi / 180.0;
        CHECK(g.flexion_rad(g.hip_ankle_distance_m(rad)) == doctest::Approx(rad).epsilon(1e-9));
    }
    CHECK(g.hip_ankle_distance_m(0.0) == doctest::Approx(g.thigh_m + g.shank_m));  // straight knee
}

TEST_CASE("knee state: segment lengths hold, knee anterior, flexion from the compression share") {
    const LegGeometry g = default_leg(0.5);
    const Eigen::Vector2d cop(0.0, 0.0), hip(-0.1, 0.82);
    const double compression = 0.06;
    const KneeState k = knee_state(g, hip, cop, 0.0, compression, Eigen::Vector2d(0.0, 1500.0));
    CHECK((k.knee - hip).norm() == doctest::Approx(g.thigh_m).epsilon(1e-9));
    CHECK((k.knee - k.ankle).norm() == doctest::Approx(g.shank_m).epsilon(1e-9));
    CHECK((k.ankle - hip).norm() == doctest::Approx(g.touchdown_hip_ankle_m - 0.5 * compression).epsilon(1e-9));
    CHECK(k.knee.x() > 0.5 * (hip.x() + k.ankle.x()));  // in front of the hip-ankle line
    // A vertical force under a knee that lies in front of the COP is resisted by an extensor
    // moment equal to force times horizontal distance.
    CHECK(k.extensor_moment_n_m == doctest::Approx(1500.0 * (k.knee.x() - cop.x())).epsilon(1e-12));
    CHECK(k.extensor_moment_n_m > 0.0);
}

TEST_CASE("knee flexion at touchdown equals the parameter in a simulated step") {
    ModelParameters p;
    p.knee.touchdown_flexion_deg = 22.0;
    const StanceModel model(p);
    const SolvedStep s = solve_and_simulate(model, test::default_target(), Closure{});
    REQUIRE(s.ok());
    CHECK(s.step.metrics.knee_flexion_touchdown_deg == doctest::Approx(22.0).epsilon(1e-9));
}

TEST_CASE("only leg compression flexes the knee: leg extension in late stance is ankle push-off") {
    // The active element lengthens the leg past its touchdown length before take-off; that must
    // not straighten the knee below its touchdown flexion (the knee share applies to compression).
    const StanceModel model{ModelParameters{}};
    const SolvedStep s = solve_and_simulate(model, test::default_target(), Closure{});
    REQUIRE(s.ok());
    const auto& flexion = s.step.time_series.column("knee_flexion_deg");
    const auto& compression = s.step.time_series.column("leg_compression_m");
    CHECK(*std::min_element(compression.begin(), compression.end()) < 0.0);  // the leg does extend
    CHECK(*std::min_element(flexion.begin(), flexion.end()) >= 17.8 - 1e-9);
    CHECK(flexion.back() == doctest::Approx(17.8).epsilon(1e-9));
}
