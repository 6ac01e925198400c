#pragma once
/// @file numerics.hpp
/// Integrator and event-location settings.

#include "kneeload/errors.hpp"

namespace kneeload {

/// Tolerances of the Dormand-Prince integration and the event search. The defaults are
/// the tested defaults: tests/cpp/test_convergence.cpp shows that the metrics they give
/// agree with a 1e-12 run to better than 3e-4 relative (contact time to ~1e-9 s). The
/// absolute tolerance applies to every state component: positions [m], velocities [m/s]
/// and the two work integrals [J]; 1e-7 is far below what any of them needs.
struct IntegratorSettings {
    double relative_tolerance = 1e-6;
    double absolute_tolerance = 1e-7;
    /// Width of the bracket to which every event time is located [s].
    double event_time_tolerance_s = 1e-11;
    /// First trial step after touchdown or an event [s].
    double initial_step_s = 1e-4;
    /// A stance that has not ended after this long is reported as failed [s].
    double max_stance_time_s = 1.5;
    /// A flight that has not ended after this long is reported as failed [s].
    double max_flight_time_s = 1.5;
};

inline void validate(const IntegratorSettings& s) {
    require_in_range("numerics.relative_tolerance", s.relative_tolerance, 1e-14, 1e-3, "");
    require_in_range("numerics.absolute_tolerance", s.absolute_tolerance, 1e-15, 1e-3,
                     "(in state units: m, m/s)");
    require_in_range("numerics.event_time_tolerance_s", s.event_time_tolerance_s, 1e-15, 1e-9,
                     "s");
    require_in_range("numerics.initial_step_s", s.initial_step_s, 1e-8, 1e-2, "s");
    require_in_range("numerics.max_stance_time_s", s.max_stance_time_s, 0.05, 10.0, "s");
    require_in_range("numerics.max_flight_time_s", s.max_flight_time_s, 0.05, 10.0, "s");
}

}  // namespace kneeload
