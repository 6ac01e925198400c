#pragma once
// Shared by the binding files: one function per area, and the conversion of Python keyword
// settings into a condition (names checked by the registry, so errors name what the user wrote).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <map>
#include <string>
#include <vector>

#include "kneeload/parameters/registry.hpp"

namespace kneeload::python {
namespace py = pybind11;

void bind_registry(py::module_& m);
void bind_step(py::module_& m);
void bind_sweep(py::module_& m);
void bind_patellofemoral(py::module_& m);

/// Numbers and choices by name, as the Python layer passes them.
using Numbers = std::map<std::string, double>;
using Options = std::map<std::string, std::string>;

inline std::vector<NamedValue> named_values(const Numbers& numbers, const Options& options) {
    std::vector<NamedValue> settings;
    for (const auto& [name, option] : options) settings.push_back({name, 0.0, option});
    for (const auto& [name, value] : numbers) settings.push_back({name, value, ""});
    return settings;
}

/// A numpy array that owns a copy of `values`.
template <class T>
py::array_t<T> to_array(const std::vector<T>& values) {
    return py::array_t<T>(static_cast<py::ssize_t>(values.size()), values.data());
}

}  // namespace kneeload::python
