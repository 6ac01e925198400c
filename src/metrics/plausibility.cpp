/// @file metrics/plausibility.cpp
#include "kneeload/metrics/plausibility.hpp"

#include <cmath>

#include "kneeload/parameters/errors.hpp"

namespace kneeload {

namespace {

const MetricSpec& spec_of(double StepMetrics::*field) {
    for (const MetricSpec& spec : metric_registry)
        if (spec.field == field) return spec;
    return metric_registry[0];  // unreachable: every field is in the registry (static_assert there)
}

/// The impact-peak fields exist only with a distinct impact peak (metric_list.hpp).
bool may_be_missing(const MetricSpec& spec, const StepMetrics& m) {
    const bool impact_field =
        spec.field == &StepMetrics::impact_peak_bw || spec.field == &StepMetrics::impact_peak_time_s;
    return impact_field && m.has_impact_peak == 0.0;
}

}  // namespace

std::optional<std::string> implausibility(const StepMetrics& metrics) {
    for (const MetricSpec& spec : metric_registry) {
        const double value = metrics.*spec.field;
        if (!std::isfinite(value) && !may_be_missing(spec, metrics))
            return std::string(spec.name) + " = " + format_derived(value) + " is not finite (numerical failure)";
    }
    // The first bound exceeded in full, every other one exceeded named after it.
    std::optional<std::string> reason;
    std::string others;
    for (const PlausibilityBound& bound : plausibility_bounds) {
        const double value = metrics.*bound.metric;
        if (value <= bound.upper()) continue;
        const MetricSpec& spec = spec_of(bound.metric);
        const std::string unit = " " + std::string(spec.unit);
        if (reason) {
            others += (others.empty() ? "" : ", ") + std::string(spec.name) + " = " + format_derived(value) + unit +
                      " > " + format_derived(bound.upper()) + unit;
            continue;
        }
        reason = std::string(spec.name) + " = " + format_derived(value) + unit + " is above " +
                 format_derived(bound.upper()) + unit + ", " + format_derived(constants::plausibility_margin.value) +
                 " x the largest measured value (" + format_derived(bound.largest_measured->value) + unit + ", " +
                 std::string(bound.largest_measured->source) + "): outside what the model is valid for";
    }
    if (reason && !others.empty()) *reason += " (also above their bounds: " + others + ")";
    return reason;
}

}  // namespace kneeload
