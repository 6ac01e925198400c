#pragma once
/// @file metrics/plausibility.hpp
/// Physiological bounds of a step's results. A solved step can still be outside what the model
/// is valid for (extreme inputs: a light, tall runner at 0.7x cadence, a very stiff shoe):
/// rather than report a plausible-looking wrong number, such a step is flagged with a reason
/// that names the metric, its value and the bound.

#include <optional>
#include <span>
#include <string>

#include "kneeload/metrics/metric_list.hpp"
#include "kneeload/parameters/constants.hpp"

namespace kneeload {

/// An upper bound on one metric: plausibility_margin x the largest measured value.
struct PlausibilityBound {
    double StepMetrics::*metric;
    const constants::Constant* largest_measured;
    double upper() const { return constants::plausibility_margin.value * largest_measured->value; }
};

/// The bounds (sources in parameters/constants.hpp).
inline constexpr PlausibilityBound plausibility_bounds[] = {
    {&StepMetrics::peak_vgrf_bw, &constants::largest_measured_peak_vgrf_bw},
    {&StepMetrics::knee_flexion_peak_deg, &constants::largest_measured_knee_flexion_peak_deg},
    {&StepMetrics::peak_knee_extensor_moment_n_m_per_kg, &constants::largest_measured_knee_extensor_moment_n_m_per_kg},
    {&StepMetrics::peak_knee_extensor_moment_lab_n_m_per_kg,
     &constants::largest_measured_knee_extensor_moment_n_m_per_kg},
    {&StepMetrics::peak_pfj_stress_mpa, &constants::largest_measured_pfj_stress_mpa},
};

/// Why a solved step's metrics cannot be reported as ok: a metric that should exist is not finite
/// (only the impact-peak fields may be NaN, without an impact peak), or a bound above is exceeded.
/// Empty when the step is plausible.
std::optional<std::string> implausibility(const StepMetrics& metrics);

}  // namespace kneeload
