#pragma once
/// @file metrics/step.hpp
/// One complete running step: stance (event-exact, with outputs) and flight to the next
/// touchdown, reduced to per-step metrics and an optional sampled time series.

#include <array>
#include <string>
#include <vector>

#include "kneeload/gait/solver.hpp"
#include "kneeload/integrate/stance.hpp"
#include "kneeload/metrics/metric_list.hpp"
#include "kneeload/metrics/time_series.hpp"

namespace kneeload {

struct StepOptions {
    /// Record the stance time series (uniform grid + exact event instants).
    bool record_time_series = true;
    /// Sampling rate of the time series [Hz].
    double sample_rate_hz = 2000.0;
};

/// Per-thread scratch: sample buffers reused between steps (no allocation once warm).
struct StepWorkspace {
    std::vector<OutputSample> metric_samples;
};

enum class StepStatus { ok, stance_failed, flight_failed, implausible };

inline constexpr EnumName<StepStatus> step_status_names[] = {
    {StepStatus::ok, "ok", "a complete step"},
    {StepStatus::stance_failed, "stance_failed", "the stance could not be completed"},
    {StepStatus::flight_failed, "flight_failed", "the centre of mass does not come back to its touchdown height"},
    {StepStatus::implausible, "implausible",
     "a result is outside the physiological bounds the model is valid for (metrics/plausibility.hpp); the metrics are "
     "kept for inspection"},
};
constexpr const auto& enum_names(StepStatus) { return step_status_names; }

struct StepResult {
    StepStatus status = StepStatus::ok;
    std::string reason;  ///< empty when ok
    StepMetrics metrics;
    TimeSeries time_series;  ///< empty unless StepOptions::record_time_series
    std::array<StanceEvent, StanceOutcome::max_events> events{};
    int event_count = 0;
    double next_touchdown_time_s = 0.0;  ///< from the ballistic flight
    bool ok() const { return status == StepStatus::ok; }
};

/// Simulates one step for the given stance controls and gait (from solve_gait, or set by hand).
/// Metrics are always computed; the time series only if requested. Throws InvalidParameter for
/// controls or a gait outside their ranges (hand-set values are checked like user input).
StepResult simulate_step(const StanceModel& model, const StanceControl& control, const GaitKinematics& gait,
                         const StepOptions& options, StepWorkspace& workspace);
StepResult simulate_step(const StanceModel& model, const StanceControl& control, const GaitKinematics& gait,
                         const StepOptions& options = {});

/// The solved gait and its simulated step. When no periodic step exists the gait solution says
/// why; the step is then not simulated and ok() is false.
struct SolvedStep {
    GaitSolution gait;
    StepResult step;
    bool ok() const { return gait.ok() && step.ok(); }
};

/// The metrics that follow from the gait's kinematics alone (speed, cadence, step and stride
/// length, step period, steps per km): what a failed condition still reports.
void fill_kinematic_metrics(StepMetrics& m, const GaitKinematics& gait);

SolvedStep solve_and_simulate(const StanceModel& model, const GaitTarget& target, const Closure& closure,
                              const StepOptions& options = {});

}  // namespace kneeload
