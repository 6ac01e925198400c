#pragma once
/// @file metrics/stance_metrics.hpp
/// The force, leg, knee and PFJ metrics of a stance from its samples.

#include <limits>
#include <vector>

#include "kneeload/metrics/metric_list.hpp"
#include "kneeload/metrics/time_series.hpp"

namespace kneeload {

/// Fills the stance metrics from samples laid out as (start, mid, end) triples of each accepted
/// integration interval: samples 0, 1, 2, then 2, 3, 4, ... (metrics/step.cpp records them),
/// so that peaks, crossings and integrals follow the integrator's own accuracy.
/// `rate_jump_compression_m`: where the vertical force's rate jumps besides first contact
/// (ContactStack::rate_jump_compression_m; NaN: a stack whose rate is continuous).
void fill_stance_metrics(StepMetrics& metrics, const std::vector<OutputSample>& samples, double body_mass_kg,
                         double rate_jump_compression_m = std::numeric_limits<double>::quiet_NaN());

}  // namespace kneeload
