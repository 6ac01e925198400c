#pragma once
/// @file integrate/events.hpp
/// Event location on the dense output of a Boost.Odeint stepper. Odeint has no event
/// detection: after each accepted step [t0, t1] we compare event-function signs and, on a
/// crossing, find the root of g(x(t)) on the step's interpolant with TOMS 748
/// (Alefeld, Potra & Shi 1995, via Boost.Math) to a bracket narrower than the tolerance.

#include <boost/math/tools/roots.hpp>
#include <cmath>
#include <cstdint>
#include <utility>

namespace kneeload {

/// Direction of a sign change that counts as an event.
enum class Crossing { falling, rising };

/// True when g went from the "before" side to the other side (or onto zero) in a step.
inline bool crossed(double g_before, double g_after, Crossing direction) {
    return direction == Crossing::falling ? (g_before > 0.0 && g_after <= 0.0) : (g_before < 0.0 && g_after >= 0.0);
}

/// Root of an event function on [t0, t1] of a dense-output stepper.
/// @param event  double(const State&)
/// @return the event time, bracketed to width <= time_tolerance_s (the end of the bracket
///         on the "after" side is returned, so that the event state is past the crossing)
template <class DenseStepper, class State, class EventFunction>
double locate_event(const DenseStepper& stepper, State& scratch, double t0, double g0, double t1, double g1,
                    EventFunction&& event, double time_tolerance_s) {
    auto g_of_t = [&](double t) {
        stepper.calc_state(t, scratch);
        return event(scratch);
    };
    if (g1 == 0.0) return t1;
    std::uintmax_t max_iterations = 200;
    auto tolerance = [time_tolerance_s](double a, double b) { return std::abs(b - a) <= time_tolerance_s; };
    const std::pair<double, double> bracket =
        boost::math::tools::toms748_solve(g_of_t, t0, t1, g0, g1, tolerance, max_iterations);
    return bracket.second;
}

}  // namespace kneeload
