#pragma once
/// @file sweep/evaluate.hpp
/// One condition from its parameters to its metrics: validate, derive the model, resolve the
/// gait, solve the periodic step and simulate it. The single-condition entry point of the
/// library (the Python bindings call it) and the unit of work of a sweep.

#include <string>

#include "kneeload/metrics/step.hpp"
#include "kneeload/parameters/registry.hpp"

namespace kneeload {

/// Outcome of one condition in a sweep.
enum class ConditionStatus : int { ok = 0, no_periodic_gait = 1, invalid_input = 2, implausible = 3 };

inline constexpr EnumName<ConditionStatus> condition_status_names[] = {
    {ConditionStatus::ok, "ok", "a periodic step was found and simulated"},
    {ConditionStatus::no_periodic_gait, "no_periodic_gait", "no periodic running step exists (the reason says why)"},
    {ConditionStatus::invalid_input, "invalid_input", "a parameter is outside its valid range (the reason names it)"},
    {ConditionStatus::implausible, "implausible",
     "a step was found but a result is outside the physiological bounds the model is valid for (the reason names "
     "it; the step's metrics not reported)"},
};
constexpr const auto& enum_names(ConditionStatus) { return condition_status_names; }

/// Solves the periodic gait of a condition (validated first: throws InvalidParameter).
GaitSolution solve_condition(const Condition& condition);
/// The same from a chain's warm start (solve_gait with GaitWarmStart), which it then updates.
GaitSolution solve_condition(const Condition& condition, GaitWarmStart* warm);

/// Solves and simulates a condition. Throws InvalidParameter for invalid input; an impossible
/// gait is not an error: the result's gait status and reason say why.
SolvedStep simulate_condition(const Condition& condition, const StepOptions& options, StepWorkspace& workspace,
                              GaitWarmStart* warm = nullptr);
SolvedStep simulate_condition(const Condition& condition, const StepOptions& options = {});

/// The status of a solved condition: ok, implausible, or no periodic gait.
ConditionStatus status_of(const SolvedStep& solved);

struct ConditionResult {
    ConditionStatus status = ConditionStatus::ok;
    std::string reason;      ///< empty when ok
    StepMetrics metrics;     ///< NaN unless ok, but for the gait's kinematics once the gait resolved
    TimeSeries time_series;  ///< only when requested
    /// Stance integrations of the gait solve (GaitSolution::stance_evaluations; 0 when the
    /// input was rejected before it).
    int stance_evaluations = 0;
};

/// Never throws for bad input or an impossible gait: the status and reason say what happened.
/// With `warm`, the gait solve starts from the previous condition of a chain (solve_gait).
ConditionResult evaluate_condition(const Condition& condition, const StepOptions& options, StepWorkspace& workspace,
                                   GaitWarmStart* warm = nullptr);

}  // namespace kneeload
