// The private extension module kneeload._core; the public API is the Python package.
#include "bindings.hpp"
#include "kneeload/io/file_error.hpp"
#include "kneeload/version.hpp"

PYBIND11_MODULE(_core, m) {
    namespace py = pybind11;
    m.doc() = "kneeload C++ core (private; use the kneeload package)";
    m.attr("__version__") = kneeload::version_string;
    // InvalidParameter is a std::invalid_argument: pybind11 raises ValueError for it. A file
    // error becomes OSError with its errno and path, like Python's own file errors.
    py::register_exception_translator([](std::exception_ptr p) {
        try {
            if (p) std::rethrow_exception(p);
        } catch (const kneeload::io::FileError& e) {
            py::object error = py::module_::import("builtins").attr("OSError")(e.error_number(), e.what(), e.path());
            PyErr_SetObject(PyExc_OSError, error.ptr());
        }
    });
    kneeload::python::bind_registry(m);
    kneeload::python::bind_step(m);
    kneeload::python::bind_sweep(m);
    kneeload::python::bind_patellofemoral(m);
}
