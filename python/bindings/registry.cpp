// Bindings: the registries of parameters, choices, metrics and time-series columns.
#include <cmath>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "bindings.hpp"
#include "kneeload/metrics/metric_list.hpp"
#include "kneeload/metrics/plausibility.hpp"
#include "kneeload/metrics/time_series.hpp"

namespace kneeload::python {

namespace {
py::object default_of(const ParameterSpec& p) {
    const Condition defaults;
    if (!p.has_value(defaults)) return py::none();
    return py::float_(p.get(defaults));
}

std::vector<std::string> options_of(const ChoiceSpec& c) {
    std::vector<std::string> options;
    for (std::size_t i = 0; i < c.option_count; ++i) options.emplace_back(c.option_name(i));
    return options;
}

/// The entries of a registry table, by reference (they live as long as the program).
template <class Spec>
std::vector<const Spec*> pointers_to(std::span<const Spec> table) {
    std::vector<const Spec*> all;
    for (const Spec& entry : table) all.push_back(&entry);
    return all;
}

std::string metric_name(const PlausibilityBound& b) {
    for (const MetricSpec& spec : metric_registry)
        if (spec.field == b.metric) return std::string(spec.name);
    return {};
}

std::map<std::string, std::string> option_descriptions(const ChoiceSpec& c) {
    std::map<std::string, std::string> d;
    for (std::size_t i = 0; i < c.option_count; ++i)
        d[std::string(c.option_name(i))] = std::string(c.option_description(i));
    return d;
}
}  // namespace

void bind_registry(py::module_& m) {
    py::class_<ParameterSpec>(m, "ParameterSpec",
                              "A numeric parameter: name (unit in it), unit, meaning, range, source.")
        .def_property_readonly("name", [](const ParameterSpec& p) { return std::string(p.name); })
        .def_property_readonly("unit", [](const ParameterSpec& p) { return std::string(p.unit); })
        .def_property_readonly("description", [](const ParameterSpec& p) { return std::string(p.description); })
        .def_property_readonly("lower", [](const ParameterSpec& p) { return p.valid.lower; })
        .def_property_readonly("upper", [](const ParameterSpec& p) { return p.valid.upper; })
        .def_property_readonly("lower_open", [](const ParameterSpec& p) { return p.valid.lower_open; })
        .def_property_readonly("upper_open", [](const ParameterSpec& p) { return p.valid.upper_open; })
        .def_property_readonly("upper_may_be_infinite",
                               [](const ParameterSpec& p) { return p.valid.upper_may_be_infinite; })
        .def_property_readonly("valid_range", [](const ParameterSpec& p) { return p.valid.describe(p.unit); })
        .def_property_readonly("group", [](const ParameterSpec& p) { return std::string(to_string(p.group)); })
        .def_property_readonly("default", &default_of, "the default value, or None for an input without one")
        .def_property_readonly("source", [](const ParameterSpec& p) { return std::string(p.source()); })
        .def_property_readonly("alias", [](const ParameterSpec& p) { return std::string(p.alias); })
        .def_property_readonly(
            "read_only_with",
            [](const ParameterSpec& p) -> std::optional<std::pair<std::string, std::vector<std::string>>> {
                if (p.read_only_with.choice.empty()) return std::nullopt;
                std::vector<std::string> options;
                for (std::string_view option : p.read_only_with.options)
                    if (!option.empty()) options.emplace_back(option);
                return std::pair{std::string(p.read_only_with.choice), options};
            },
            "(choice, options): the model reads the parameter only under these options of the choice; None: always")
        .def_property_readonly(
            "read_conditionally", [](const ParameterSpec& p) { return p.unread_when != nullptr; },
            "whether the model reads the parameter only for some values of others (its description says which); "
            "Condition.unread_reason says why not")
        .def(
            "contains", [](const ParameterSpec& p, double value) { return p.valid.contains(value); }, py::arg("value"))
        .def("__repr__", [](const ParameterSpec& p) {
            return "<parameter " + std::string(p.name) + ": " + std::string(p.description) + ", " +
                   p.valid.describe(p.unit) + ">";
        });
    py::class_<ChoiceSpec>(m, "ChoiceSpec", "A categorical choice: name, meaning and its options.")
        .def_property_readonly("name", [](const ChoiceSpec& c) { return std::string(c.name); })
        .def_property_readonly("description", [](const ChoiceSpec& c) { return std::string(c.description); })
        .def_property_readonly("group", [](const ChoiceSpec& c) { return std::string(to_string(c.group)); })
        .def_property_readonly("options", &options_of)
        .def_property_readonly("option_descriptions", &option_descriptions)
        .def_property_readonly("default",
                               [](const ChoiceSpec& c) { return std::string(c.option_name(c.get(Condition{}))); })
        .def("__repr__", [](const ChoiceSpec& c) {
            return "<choice " + std::string(c.name) + ": " + std::string(c.description) + ">";
        });
    py::class_<MetricSpec>(m, "MetricSpec", "A per-step metric: name (unit in it), unit and meaning.")
        .def_property_readonly("name", [](const MetricSpec& s) { return std::string(s.name); })
        .def_property_readonly("unit", [](const MetricSpec& s) { return std::string(s.unit); })
        .def_property_readonly("description", [](const MetricSpec& s) { return std::string(s.description); })
        .def("__repr__",
             [](const MetricSpec& s) { return "<metric " + std::string(s.name) + " [" + std::string(s.unit) + "]>"; });
    py::class_<ColumnSpec>(m, "ColumnSpec", "A time-series column: name (unit in it), unit and meaning.")
        .def_property_readonly("name", [](const ColumnSpec& s) { return std::string(s.name); })
        .def_property_readonly("unit", [](const ColumnSpec& s) { return std::string(s.unit); })
        .def_property_readonly("description", [](const ColumnSpec& s) { return std::string(s.description); })
        .def("__repr__",
             [](const ColumnSpec& s) { return "<column " + std::string(s.name) + " [" + std::string(s.unit) + "]>"; });

    py::class_<PlausibilityBound>(m, "PlausibilityBound",
                                  "An upper bound on a metric: plausibility margin x the largest measured value.")
        .def_property_readonly("metric", &metric_name)
        .def_property_readonly("upper", &PlausibilityBound::upper, "the bound, in the metric's unit")
        .def_property_readonly("largest_measured", [](const PlausibilityBound& b) { return b.largest_measured->value; })
        .def_property_readonly("margin", [](const PlausibilityBound&) { return constants::plausibility_margin.value; })
        .def_property_readonly("source",
                               [](const PlausibilityBound& b) { return std::string(b.largest_measured->source); })
        .def("__repr__", [](const PlausibilityBound& b) {
            return "<plausibility bound " + metric_name(b) + " <= " + format_number(b.upper()) + ">";
        });

    auto reference = py::return_value_policy::reference;
    m.def(
        "parameters", []() { return pointers_to(parameters()); }, reference,
        "Every numeric parameter, in registry order.");
    m.def(
        "choices", []() { return pointers_to(choices()); }, reference, "Every choice, in registry order.");
    m.def(
        "metrics", []() { return pointers_to(std::span<const MetricSpec>(metric_registry)); }, reference,
        "Every per-step metric, in registry order.");
    m.def(
        "time_series_columns", []() { return pointers_to(std::span<const ColumnSpec>(time_series_registry)); },
        reference, "Every time-series column, in registry order.");
    m.def(
        "plausibility_bounds", []() { return pointers_to(std::span<const PlausibilityBound>(plausibility_bounds)); },
        reference, "The upper bounds beyond which a solved step is reported as implausible.");
}

}  // namespace kneeload::python
