#pragma once
/// @file metrics/outputs.hpp
/// Everything the model reports at one instant of stance (forces, geometry, knee, PFJ),
/// computed from the stance state.

#include "kneeload/metrics/time_series.hpp"
#include "kneeload/model/stance_dynamics.hpp"

namespace kneeload {

/// Evaluates every time-series column at one state.
OutputSample evaluate_outputs(const StanceModel& model, const StanceSystem& system, const StanceState& state,
                              double time_s);

}  // namespace kneeload
