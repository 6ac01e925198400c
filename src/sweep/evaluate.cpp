/// @file sweep/evaluate.cpp
#include "kneeload/sweep/evaluate.hpp"

#include <stdexcept>

namespace kneeload {

namespace {
/// The periodic gait of a validated condition's model, cold or from a chain's warm start.
GaitSolution solve_model(const StanceModel& model, const Condition& condition, GaitWarmStart* warm) {
    const GaitKinematics gait = resolve(condition.gait, condition.model.runner);
    return warm ? solve_gait(model, gait, condition.closure, GaitSolverSettings{}, *warm)
                : solve_gait(model, gait, condition.closure);
}
}  // namespace

GaitSolution solve_condition(const Condition& condition) { return solve_condition(condition, nullptr); }

GaitSolution solve_condition(const Condition& condition, GaitWarmStart* warm) {
    validate(condition);
    return solve_model(StanceModel(condition.model), condition, warm);
}

SolvedStep simulate_condition(const Condition& condition, const StepOptions& options, StepWorkspace& workspace,
                              GaitWarmStart* warm) {
    validate(condition);
    const StanceModel model(condition.model);
    SolvedStep out;
    out.gait = solve_model(model, condition, warm);
    if (!out.gait.ok()) {
        out.step.status = StepStatus::stance_failed;
        out.step.reason = out.gait.status_and_reason();
        return out;
    }
    out.step = simulate_step(model, out.gait.control, out.gait.gait, options, workspace);
    return out;
}

SolvedStep simulate_condition(const Condition& condition, const StepOptions& options) {
    StepWorkspace workspace;
    return simulate_condition(condition, options, workspace);
}

ConditionStatus status_of(const SolvedStep& solved) {
    if (solved.ok()) return ConditionStatus::ok;
    return solved.step.status == StepStatus::implausible ? ConditionStatus::implausible
                                                         : ConditionStatus::no_periodic_gait;
}

ConditionResult evaluate_condition(const Condition& condition, const StepOptions& options, StepWorkspace& workspace,
                                   GaitWarmStart* warm) {
    ConditionResult result;
    try {
        SolvedStep solved = simulate_condition(condition, options, workspace, warm);
        result.stance_evaluations = solved.gait.stance_evaluations;
        if (!solved.ok()) {  // the inputs' kinematics still hold; the step's metrics are not reported
            result.status = status_of(solved);
            result.reason = solved.step.reason;
            fill_kinematic_metrics(result.metrics, solved.gait.gait);
            return result;
        }
        result.metrics = solved.step.metrics;
        result.time_series = std::move(solved.step.time_series);
    } catch (const std::invalid_argument& e) {
        result.status = ConditionStatus::invalid_input;
        result.reason = e.what();
    }
    return result;
}

}  // namespace kneeload
