#pragma once
// Value semantics of the result types: pickling (multiprocessing, Dask), copy.copy/deepcopy and
// equality, all from one state tuple per type, so that what is pickled is what is compared.
#include <cmath>
#include <stdexcept>
#include <string>

#include "bindings.hpp"

namespace kneeload::python {

/// Two states hold the same values: equal numbers, NaN equal to NaN (NaN marks a quantity that
/// does not exist for the step, e.g. the impact peak of a forefoot strike), equal arrays.
inline bool same_state(py::handle a, py::handle b) {
    if (py::isinstance<py::tuple>(a) && py::isinstance<py::tuple>(b)) {
        const auto ta = py::reinterpret_borrow<py::tuple>(a), tb = py::reinterpret_borrow<py::tuple>(b);
        if (ta.size() != tb.size()) return false;
        for (std::size_t i = 0; i < ta.size(); ++i)
            if (!same_state(ta[i], tb[i])) return false;
        return true;
    }
    if (py::isinstance<py::float_>(a) && py::isinstance<py::float_>(b)) {
        const double x = a.cast<double>(), y = b.cast<double>();
        return x == y || (std::isnan(x) && std::isnan(y));
    }
    if (py::isinstance<py::array>(a) && py::isinstance<py::array>(b))
        return py::module_::import("numpy").attr("array_equal")(a, b, py::arg("equal_nan") = true).cast<bool>();
    return a.equal(b);
}

/// The state tuple of a pickled result, checked against the layout this build expects (a pickle
/// of another kneeload version may not fit).
inline py::tuple checked_state(const py::tuple& state, std::size_t size, const char* type) {
    if (state.size() != size)
        throw std::invalid_argument(std::string("cannot unpickle a ") + type + " of " + std::to_string(state.size()) +
                                    " values: this kneeload's has " + std::to_string(size) +
                                    " (pickled by another version?)");
    return state;
}

/// Pickling, copying and ==/!= of a result type from its state and the inverse.
template <class T, class State, class FromState>
void add_value_semantics(py::class_<T>& cls, State state, FromState from_state) {
    cls.def(py::pickle(state, from_state))
        .def(
            "__eq__",
            [state](const T& self, const py::object& other) -> py::object {
                if (!py::isinstance<T>(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
                return py::bool_(same_state(state(self), state(other.cast<const T&>())));
            },
            py::is_operator())
        .def(
            "__ne__",
            [state](const T& self, const py::object& other) -> py::object {
                if (!py::isinstance<T>(other)) return py::reinterpret_borrow<py::object>(Py_NotImplemented);
                return py::bool_(!same_state(state(self), state(other.cast<const T&>())));
            },
            py::is_operator());
}

}  // namespace kneeload::python
