// The private extension module kneeload._core; the public API is the Python package.
#include "convert.hpp"

namespace kneeload::python {
void bind_step(py::module_& m);
void bind_sweep(py::module_& m);
}  // namespace kneeload::python

PYBIND11_MODULE(_core, m) {
    m.doc() = "kneeload C++ core (private; use the kneeload package)";
    m.attr("__version__") = kneeload::version_string;
    kneeload::python::bind_step(m);
    kneeload::python::bind_sweep(m);
}
