#pragma once
/// @file gait/solver.hpp
/// Periodic-gait solver: the stance controls of a periodic running step for a resolved gait
/// (speed, cadence, step length) and a closure, by Newton's method with Broyden updates on the
/// shooting residuals (shooting.hpp) from an analytic first guess (first_guess.hpp).

#include <array>
#include <limits>
#include <string>

#include <Eigen/Core>

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
    /// Times the final solve tightened the integration at the residual's noise floor.
    int refinements = 0;
    bool ok() const { return status == GaitStatus::ok; }
    /// The reason headed by the status's name ("no_flight_phase: contact time ..."), as a failed
    /// step reports it.
    std::string status_and_reason() const { return std::string(to_string(status)) + ": " + reason; }
};

/// The integration of a gait solve's stances after `refinements` refinements at the residuals'
/// noise floor: tolerances 10^-refinements times the given ones and, from the first, the lower
/// limb held as in the metrics pass (constants.hpp: the solver's looser lower-limb tolerances
/// set most of the residuals' noise where the contact is soft).
IntegratorSettings refined_integration(IntegratorSettings numerics, int refinements);

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

/// The last solved conditions of a chain of nearby conditions (a sweep along its last axis) and
/// the solver's Jacobian at the newest: the start of the next solve. Scratch state of one chain;
/// solve_gait reads it and adds its own solution (or clears it when it fails).
struct GaitWarmStart {
    /// Solutions kept for the predictor: up to a cubic through the last four. Along a row of 16
    /// cadence ratios (0.9-1.1) a warm solve's first residual is then ~1e-6 (the integration's
    /// own noise) instead of ~8e-5 with a quadratic (the path's third derivative):
    /// `kneeload_sweep_benchmark 256 1` (16 x 16 grid) takes 4.28 gait stances per condition
    /// instead of 4.93. A quartic amplifies the noise where neighbours are close (1024 1: 3.95
    /// against the cubic's 3.76).
    static constexpr int history = 4;
    int solved = 0;  ///< valid entries of `control` and `position`, newest first
    std::array<StanceControl, history> control{};
    /// Each solution's value of the chain's parameter (NaN when it has none, e.g. a choice).
    std::array<double, history> position{};
    Eigen::Matrix<double, 5, 5> jacobian = Eigen::Matrix<double, 5, 5>::Zero();  ///< at control[0]
    /// The chain's parameter at the condition to solve, set by the caller: the start is the
    /// polynomial through the kept solutions extrapolated to it (a predictor, as in numerical
    /// continuation); NaN: the newest solution itself.
    double next_position = std::numeric_limits<double>::quiet_NaN();
    bool available() const { return solved > 0; }
};

/// Solves for the periodic running step. Never throws for a physically impossible target: it
/// returns a status and a reason. Throws InvalidParameter for an invalid closure target.
GaitSolution solve_gait(const StanceModel& model, const GaitKinematics& gait, const Closure& closure,
                        const GaitSolverSettings& settings = {});

/// As above, first from the warm start when one is available (Newton from the neighbour's
/// controls with its Jacobian, refreshed by finite differences if a step fails), then, if that
/// does not give a periodic step, exactly as a cold solve. `warm` then holds this solution (or
/// nothing, when it failed).
GaitSolution solve_gait(const StanceModel& model, const GaitKinematics& gait, const Closure& closure,
                        const GaitSolverSettings& settings, GaitWarmStart& warm);

/// Resolves the gait target (gait/kinematics.hpp) for the model's runner, then solves.
GaitSolution solve_gait(const StanceModel& model, const GaitTarget& target, const Closure& closure,
                        const GaitSolverSettings& settings = {});

}  // namespace kneeload
