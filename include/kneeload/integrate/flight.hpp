#pragma once
/// @file integrate/flight.hpp
/// Flight phase in closed form. At take-off the swing leg picks up the lower-limb mass
/// (internal forces, momentum conserved), so the whole-body centre of mass (COM) flies as one
/// point mass on a parabola: y(t) = y0 + vy0 t - g t^2 / 2. The next touchdown is the instant
/// it comes down through the touchdown height; no integration is needed, and no flight is too
/// short to be found.

#include <array>
#include <cmath>

namespace kneeload {

/// x, y, vx, vy of the COM [m, m/s].
using FlightState = std::array<double, 4>;

struct FlightOutcome {
    bool reached_touchdown = false;  ///< false when the apex lies below the touchdown height
    double flight_time_s = 0.0;
    FlightState touchdown_state{};
    double apex_height_m = 0.0;  ///< highest COM height in flight
};

/// The ballistic flight from the take-off COM state until the COM falls through
/// `touchdown_height_m` (the later root of the parabola: a take-off below the touchdown height
/// rises through it first and lands on the way down).
inline FlightOutcome ballistic_flight(const FlightState& take_off, double touchdown_height_m, double gravity) {
    FlightOutcome out;
    const double y0 = take_off[1], vy0 = take_off[3];
    out.apex_height_m = vy0 > 0.0 ? y0 + vy0 * vy0 / (2.0 * gravity) : y0;
    // y0 + vy0 t - g t^2/2 = y_td  ->  t = (vy0 + sqrt(vy0^2 + 2 g (y0 - y_td))) / g.
    const double discriminant = vy0 * vy0 + 2.0 * gravity * (y0 - touchdown_height_m);
    if (discriminant < 0.0) return out;
    out.flight_time_s = (vy0 + std::sqrt(discriminant)) / gravity;
    if (out.flight_time_s < 0.0) return out;  // below the touchdown height and falling
    const double t = out.flight_time_s;
    out.touchdown_state = {take_off[0] + take_off[2] * t, touchdown_height_m, take_off[2], vy0 - gravity * t};
    out.reached_touchdown = true;
    return out;
}

}  // namespace kneeload
