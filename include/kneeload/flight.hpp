#pragma once
/// @file flight.hpp
/// Flight phase: the whole-body centre of mass (COM) moves ballistically. At take-off the
/// lower-limb mass is picked up by the swing leg (internal forces, momentum conserved), so
/// the flight is that of one point mass. The next touchdown is the instant the COM comes
/// down through its touchdown height; it is located on Odeint's dense output like every
/// other event, and the analytic parabola serves as the test reference.

#include <array>
#include <boost/numeric/odeint.hpp>
#include <cmath>

#include "kneeload/events.hpp"
#include "kneeload/numerics.hpp"

namespace kneeload {

/// x, y, vx, vy of the COM [m, m/s].
using FlightState = std::array<double, 4>;

struct FlightOutcome {
    bool reached_touchdown = false;
    double flight_time_s = 0.0;
    FlightState touchdown_state{};
    double apex_height_m = 0.0;  ///< highest COM height in flight
};

struct BallisticSystem {
    double gravity = 0.0;
    void operator()(const FlightState& s, FlightState& ds, double) const {
        ds[0] = s[2];
        ds[1] = s[3];
        ds[2] = 0.0;
        ds[3] = -gravity;
    }
};

/// Integrates the flight from the take-off COM state until the COM falls through
/// `touchdown_height_m` (a crossing while moving down). Allocates nothing.
inline FlightOutcome integrate_flight(const FlightState& take_off, double touchdown_height_m,
                                      double gravity, const IntegratorSettings& numerics) {
    namespace odeint = boost::numeric::odeint;
    FlightOutcome out;
    out.apex_height_m = take_off[1];
    auto stepper = odeint::make_dense_output(numerics.absolute_tolerance, numerics.relative_tolerance,
                                             odeint::runge_kutta_dopri5<FlightState>());
    BallisticSystem system{gravity};
    stepper.initialize(take_off, 0.0, 0.01);
    FlightState scratch;
    auto above_touchdown = [touchdown_height_m](const FlightState& s) { return s[1] - touchdown_height_m; };
    double g_before = above_touchdown(take_off);
    // A take-off below the touchdown height still rises through it first; only a
    // downward crossing ends the flight, so start looking once the COM is above it.
    bool armed = g_before > 0.0;
    while (stepper.current_time() < numerics.max_flight_time_s) {
        const auto [t0, t1] = stepper.do_step(system);
        const FlightState& x1 = stepper.current_state();
        const double g_after = above_touchdown(x1);
        if (armed && crossed(g_before, g_after, Crossing::falling)) {
            out.flight_time_s = locate_event(stepper, scratch, t0, g_before, t1, g_after, above_touchdown,
                                             numerics.event_time_tolerance_s);
            stepper.calc_state(out.flight_time_s, out.touchdown_state);
            out.reached_touchdown = true;
            break;
        }
        if (!armed && g_after > 0.0) armed = true;
        g_before = g_after;
    }
    // The apex of a parabola is exact: y0 + vy0^2 / 2g when the COM rises at take-off.
    if (take_off[3] > 0.0)
        out.apex_height_m = take_off[1] + take_off[3] * take_off[3] / (2.0 * gravity);
    return out;
}

}  // namespace kneeload
