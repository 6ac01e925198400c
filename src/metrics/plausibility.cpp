/// @file metrics/plausibility.cpp
#include "kneeload/metrics/plausibility.hpp"

#include <cmath>
#include <utility>

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

/// A value and the bound it exceeds, as "value unit" and "bound unit": 4 significant digits, or 10
/// where 4 would print them equal ("53.85 MPa is above 53.85 MPa").
std::pair<std::string, std::string> value_and_bound(double value, double bound, const std::string& unit) {
    const bool alike = format_derived(value) == format_derived(bound);
    const auto text = [alike](double x) { return alike ? format_number(x) : format_derived(x); };
    return {text(value) + unit, text(bound) + unit};
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
        const auto [value_text, bound_text] = value_and_bound(value, bound.upper(), unit);
        if (reason) {
            others += (others.empty() ? "" : ", ") + std::string(spec.name) + " = " + value_text + " > " + bound_text;
            continue;
        }
        reason = std::string(spec.name) + " = " + value_text + " is above " + bound_text + ", " +
                 format_derived(constants::plausibility_margin.value) + " x the largest measured value (" +
                 format_derived(bound.largest_measured->value) + unit + ", " +
                 std::string(bound.largest_measured->source) + "): outside what the model is valid for";
    }
    if (reason && !others.empty()) *reason += " (also above their bounds: " + others + ")";
    return reason;
}

}  // namespace kneeload
