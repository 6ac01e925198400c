#pragma once
/// @file gait/solver.hpp
/// Periodic-gait solver: the stance controls of a periodic running step for a resolved gait
/// (speed, cadence, step length) and a closure, by Newton's method with Broyden updates on the
/// shooting residuals (shooting.hpp) from an analytic first guess (first_guess.hpp).

#include <string>

#include "kneeload/gait/shooting.hpp"

namespace kneeload {

enum class GaitStatus { ok, no_flight_phase, leg_would_pull, beyond_limits, not_converged, stance_failed };

inline constexpr EnumName<GaitStatus> gait_status_names[] = {
    {GaitStatus::ok, "ok", "a periodic step"},
    {GaitStatus::no_flight_phase, "no_flight_phase", "the contact would last the whole step: no flight phase"},
    {GaitStatus::leg_would_pull, "leg_would_pull", "the COM leaves the ground moving down: the leg would have to pull"},
    {GaitStatus::beyond_limits, "beyond_limits",
     "the periodic step would need a touchdown state or leg outside the physical limits (the reason names which)"},
    {GaitStatus::not_converged, "not_converged", "the periodic-step residuals did not fall below the acceptance"},
    {GaitStatus::stance_failed, "stance_failed", "a stance of the solver's iterations could not be completed"},
};
constexpr const auto& enum_names(GaitStatus) { return gait_status_names; }

struct GaitSolution {
    GaitStatus status = GaitStatus::not_converged;
    std::string reason;  ///< empty when ok
    GaitKinematics gait;
    Closure closure;
    StanceControl control;
    double contact_time_s = 0.0;
    double flight_time_s = 0.0;
    GaitResiduals residuals;
    int iterations = 0;
    int stance_evaluations = 0;
    bool ok() const { return status == GaitStatus::ok; }
};

struct GaitSolverSettings {
    /// Iterate until every residual <= this, in its unit (m, m/s, closure unit; relative for
    /// the leg-stiffness closure).
    double residual_tolerance = 1e-7;
    /// If no further progress is possible (the residuals have reached the integration's noise
    /// floor, ~1e-7 at the default tolerances), a step whose residuals are all <= this is
    /// still a periodic step.
    double acceptable_residual = 1e-6;
    int max_iterations = 40;
};

/// Solves for the periodic running step. Never throws for a physically impossible target: it
/// returns a status and a reason. Throws InvalidParameter for an invalid closure target.
GaitSolution solve_gait(const StanceModel& model, const GaitKinematics& gait, const Closure& closure,
                        const GaitSolverSettings& settings = {});

/// Resolves the gait target (gait/kinematics.hpp) for the model's runner, then solves.
GaitSolution solve_gait(const StanceModel& model, const GaitTarget& target, const Closure& closure,
                        const GaitSolverSettings& settings = {});

}  // namespace kneeload
