#pragma once
// Conversions between Python dicts and kneeload conditions, shared by the binding files.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <string>

#include "kneeload/kneeload.hpp"

namespace kneeload::python {
namespace py = pybind11;

/// A condition from numeric parameters {name: value} and choices {name: option}.
/// Unknown names and bad choices raise ValueError (InvalidParameter / invalid_argument).
inline Condition make_condition(const std::map<std::string, double>& parameters,
                                const std::map<std::string, std::string>& choices) {
    Condition c;
    // Choices first: a foot strike resets its own parameters, which numeric values then override.
    for (const char* key : {"foot_strike", "shoe_law", "contact_area_curve", "closure"}) {
        const auto it = choices.find(key);
        if (it != choices.end()) set_choice(c, it->first, it->second);
    }
    for (const auto& [name, value] : choices) {
        bool known = false;
        for (const auto& [choice, options] : choice_list()) known = known || name == choice;
        if (!known) set_choice(c, name, value);  // raises with the list of valid choices
    }
    // height before mass-dependent quantities; order of the rest does not matter.
    if (const auto it = parameters.find("height_m"); it != parameters.end()) set_parameter(c, it->first, it->second);
    for (const auto& [name, value] : parameters)
        if (name != "height_m") set_parameter(c, name, value);
    return c;
}

/// Metrics as {name: value}.
inline py::dict metrics_dict(const StepMetrics& m) {
    py::dict d;
    io::for_each_metric(m, [&d](const char* name, const char*, double value) { d[name] = value; });
    return d;
}

/// Time series as {column: numpy array}.
inline py::dict time_series_dict(const TimeSeries& series) {
    py::dict d;
    series.for_each_column([&d](const char* name, const char*, const std::vector<double>& column) {
        d[name] = py::array_t<double>(static_cast<py::ssize_t>(column.size()), column.data());
    });
    d["is_event"] = py::array_t<int>(static_cast<py::ssize_t>(series.is_event.size()), series.is_event.data());
    return d;
}

}  // namespace kneeload::python
