// Event location on the dense output against analytic crossing times.
#include <doctest/doctest.h>

#include <cmath>

#include "helpers.hpp"

using namespace kneeload;

TEST_CASE("flight: the touchdown event matches the root of the ballistic parabola to 1e-9 s") {
    IntegratorSettings numerics;
    const double g = constants::gravity_m_per_s2;
    for (double vy : {0.3, 0.7, 1.1}) {
        for (double drop : {0.0, 0.01, -0.02}) {  // touchdown below / at / above take-off height
            const FlightState take_off{0.0, 0.80, 3.5, vy};
            const double y_td = 0.80 - drop;
            const FlightOutcome f = integrate_flight(take_off, y_td, g, numerics);
            const bool reachable = 0.80 + vy * vy / (2 * g) > y_td;
            CHECK(f.reached_touchdown == reachable);  // an apex below the touchdown height never lands
            if (!reachable) continue;
            // y_td = y0 + vy t - g t^2 / 2, later (descending) root.
            const double analytic = (vy + std::sqrt(vy * vy + 2.0 * g * (0.80 - y_td))) / g;
            CHECK(std::abs(f.flight_time_s - analytic) < 1e-9);
            CHECK(f.apex_height_m == doctest::Approx(0.80 + vy * vy / (2 * g)).epsilon(1e-12));
        }
    }
}

TEST_CASE("shoe contact loss and re-contact of a bouncing foot at their analytic times (1e-9 s)") {
    // Lower-limb mass lands at 1 m/s on an undamped linear contact with a leg spring of
    // negligible stiffness: the foot bounces like a mass on a spring under gravity, leaves
    // at t1 = 2 (pi - atan(v w / g)) / w with its landing speed, and lands again 2 v / g later.
    ModelParameters p;
    p.shoe = Shoe::kelvin_voigt(1.0e5, 0.0);
    p.foot_strike.lower_limb_touchdown_speed_m_per_s = 1.0;
    p.numerics.relative_tolerance = 1e-12;
    p.numerics.absolute_tolerance = 1e-13;
    const StanceModel model(p);
    StanceControl c;
    c.hip_velocity_y_m_per_s = -1e-6;
    c.leg_stiffness_n_per_m = 1e-6;
    const StanceOutcome out = integrate_stance(model, c);
    const double g = model.gravity, v = 1.0, w = std::sqrt(1.0e5 / model.lower_mass_kg);
    const double t_loss = 2.0 * (constants::pi - std::atan(v * w / g)) / w;
    const double t_recontact = t_loss + 2.0 * v / g;
    double found_loss = -1, found_recontact = -1;
    for (int i = 0; i < out.event_count; ++i) {
        if (out.events[i].kind == StanceEventKind::shoe_contact_loss && found_loss < 0) found_loss = out.events[i].time_s;
        if (out.events[i].kind == StanceEventKind::shoe_recontact && found_recontact < 0) found_recontact = out.events[i].time_s;
    }
    REQUIRE(found_loss > 0);
    REQUIRE(found_recontact > 0);
    CHECK(std::abs(found_loss - t_loss) < 1e-9);
    CHECK(std::abs(found_recontact - t_recontact) < 1e-9);
}

TEST_CASE("vertical bounce without gravity: lowest point at a quarter period, take-off at half") {
    StanceModel model(test::conservative_parameters());
    model.gravity = 0.0;
    StanceControl c;
    c.hip_velocity_y_m_per_s = -1.0;
    c.leg_stiffness_n_per_m = 20e3;
    const StanceOutcome out = integrate_stance(model, c);
    const double w = std::sqrt(1.0 / (1.0 / 20e3 + 1.0 / 5.0e6) / model.upper_mass_kg);
    REQUIRE(out.event_count >= 3);
    CHECK(out.events[0].kind == StanceEventKind::touchdown);
    bool switched = false;
    for (int i = 0; i < out.event_count; ++i)
        if (out.events[i].kind == StanceEventKind::leg_unloading_start) {
            switched = true;
            CHECK(out.events[i].time_s == doctest::Approx(constants::pi / (2 * w)).epsilon(2e-4));
        }
    CHECK(switched);
    CHECK(out.events[out.event_count - 1].kind == StanceEventKind::take_off);
}
