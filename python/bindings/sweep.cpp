// Bindings: sweep specs, the parallel engine with progress and Ctrl-C, the in-memory and file
// sinks, Dask blocks, and the dataset layout both sinks share.
#include <map>
#include <optional>
#include <variant>

#include "bindings.hpp"
#include "kneeload/io/hdf5.hpp"
#include "kneeload/sweep/engine.hpp"
#include "kneeload/sweep/layout.hpp"

namespace kneeload::python {

namespace {

SweepSpec make_spec(const Numbers& numbers, const Options& options,
                    const std::vector<std::pair<std::string, py::object>>& axes,
                    const std::optional<std::vector<std::vector<double>>>& points) {
    SweepSpec spec;
    spec.fixed = named_values(numbers, options);
    for (const auto& [name, values] : axes) {
        SweepAxis axis{name, {}, {}};
        if (find_choice(name))
            axis.options = values.cast<std::vector<std::string>>();
        else
            axis.values = values.cast<std::vector<double>>();
        spec.axes.push_back(std::move(axis));
    }
    if (points) spec.points = *points;
    validate(spec);
    return spec;
}

py::tuple spec_state(const SweepSpec& spec) {
    Numbers numbers;
    Options options;
    for (const auto& s : spec.fixed)
        (s.is_choice() ? (void)(options[s.name] = s.option) : (void)(numbers[s.name] = s.number));
    py::list axes;
    for (const auto& a : spec.axes)
        axes.append(py::make_tuple(a.name, a.is_choice() ? py::cast(a.options) : py::cast(a.values)));
    return py::make_tuple(numbers, options, axes, spec.is_grid() ? py::none() : py::cast(spec.points));
}

/// A numpy view of a vector owned by `owner` (kept alive by the array).
template <class T>
py::array_t<T> view(std::vector<T>& data, std::vector<py::ssize_t> shape, py::handle owner) {
    return py::array_t<T>(shape, data.data(), owner);
}

/// Chunks as numpy arrays: metrics (metric, condition), status, reason, curves (column, condition,
/// point); then the stance integrations of the chunk's gait solves.
py::tuple chunk_state(SweepChunk& c) {
    const auto n = static_cast<py::ssize_t>(c.size()), p = static_cast<py::ssize_t>(c.curve_points);
    return py::make_tuple(
        c.begin, c.end, c.curve_points,
        py::array_t<double>({static_cast<py::ssize_t>(metric_count), n}, c.metrics.data()), to_array(c.status),
        c.reason, py::array_t<double>({static_cast<py::ssize_t>(time_series_column_count), n, p}, c.curves.data()),
        c.gait_stance_evaluations);
}

SweepChunk chunk_from_state(const py::tuple& t) {
    SweepChunk c;
    c.begin = t[0].cast<std::size_t>();
    c.end = t[1].cast<std::size_t>();
    c.curve_points = t[2].cast<std::size_t>();
    auto metrics = t[3].cast<py::array_t<double, py::array::c_style | py::array::forcecast>>();
    c.metrics.assign(metrics.data(), metrics.data() + metrics.size());
    c.status = t[4].cast<std::vector<int>>();
    c.reason = t[5].cast<std::vector<std::string>>();
    auto curves = t[6].cast<py::array_t<double, py::array::c_style | py::array::forcecast>>();
    c.curves.assign(curves.data(), curves.data() + curves.size());
    c.gait_stance_evaluations = t[7].cast<std::size_t>();
    if (c.metrics.size() != metric_count * c.size() || c.status.size() != c.size() || c.reason.size() != c.size() ||
        c.curves.size() != time_series_column_count * c.size() * c.curve_points)
        throw std::invalid_argument("a sweep chunk whose arrays do not match its range");
    return c;
}

/// Options with a progress callback that reports to Python and cancels on Ctrl-C or on an
/// exception the callback raises (kept in `interrupted`, raised once the threads are joined).
SweepOptions options_with_progress(long long threads, long long chunk_size, long long curve_points,
                                   const std::optional<py::function>& progress,
                                   std::optional<py::error_already_set>& interrupted) {
    SweepOptions options = sweep_options(threads, chunk_size, curve_points);
    options.progress = [&progress, &interrupted](std::size_t done, std::size_t total) {
        py::gil_scoped_acquire acquire;
        try {
            if (PyErr_CheckSignals() != 0) throw py::error_already_set();
            if (progress) (*progress)(done, total);
        } catch (py::error_already_set& e) {
            interrupted.emplace(std::move(e));
            return false;
        }
        return true;
    };
    return options;
}

Attributes to_attributes(const std::map<std::string, std::variant<double, std::string>>& values) {
    Attributes a;
    for (const auto& [name, value] : values) std::visit([&](const auto& v) { a.push_back({name, v}); }, value);
    return a;
}

void bind_layout(py::module_& m) {
    auto attributes = [](const Attributes& a) {
        py::dict d;
        for (const auto& attribute : a)
            std::visit([&](const auto& v) { d[py::str(attribute.name)] = v; }, attribute.value);
        return d;
    };
    py::class_<LayoutDimension>(m, "LayoutDimension")
        .def_readonly("name", &LayoutDimension::name)
        .def_property_readonly("values", [](const LayoutDimension& d) { return to_array(d.values); })
        .def_readonly("labels", &LayoutDimension::labels)
        .def_property_readonly("attributes",
                               [attributes](const LayoutDimension& d) { return attributes(d.attributes); });
    py::class_<LayoutVariable>(m, "LayoutVariable")
        .def_readonly("name", &LayoutVariable::name)
        .def_readonly("dimensions", &LayoutVariable::dimensions)
        .def_property_readonly("type",
                               [](const LayoutVariable& v) {
                                   return v.type == LayoutVariable::Type::float64 ? "float64"
                                          : v.type == LayoutVariable::Type::int32 ? "int32"
                                                                                  : "string";
                               })
        .def_property_readonly("source",
                               [](const LayoutVariable& v) {
                                   const char* names[] = {"axis", "metric", "status", "reason", "curve"};
                                   return names[static_cast<int>(v.source)];
                               })
        .def_readonly("index", &LayoutVariable::index)
        .def_property_readonly("attributes",
                               [attributes](const LayoutVariable& v) { return attributes(v.attributes); });
    py::class_<SweepLayout>(m, "SweepLayout", "Dimensions, variables and attributes of a sweep's dataset.")
        .def_readonly("dimensions", &SweepLayout::dimensions)
        .def_readonly("variables", &SweepLayout::variables)
        .def_property_readonly("attributes", [attributes](const SweepLayout& l) { return attributes(l.attributes); });
}

}  // namespace

void bind_sweep(py::module_& m) {
    py::class_<SweepSpec>(m, "SweepSpec", "Fixed settings and swept axes (a grid, or a list with points).")
        .def(py::init(&make_spec), py::arg("numbers"), py::arg("options"), py::arg("axes"),
             py::arg("points") = std::nullopt)
        .def_property_readonly("size", &SweepSpec::size)
        .def_property_readonly("shape", &SweepSpec::shape)
        .def_property_readonly("is_grid", &SweepSpec::is_grid)
        .def_readonly("points", &SweepSpec::points, "a list sweep's rows (choice columns as option indices)")
        .def(py::pickle(&spec_state, [](const py::tuple& t) {
            return make_spec(t[0].cast<Numbers>(), t[1].cast<Options>(),
                             t[2].cast<std::vector<std::pair<std::string, py::object>>>(),
                             t[3].cast<std::optional<std::vector<std::vector<double>>>>());
        }));

    py::class_<SweepChunk>(m, "SweepChunk", "Results of conditions [begin, end) of a sweep (a Dask block).")
        .def_readonly("begin", &SweepChunk::begin)
        .def_readonly("end", &SweepChunk::end)
        .def_readonly("gait_stance_evaluations", &SweepChunk::gait_stance_evaluations,
                      "stance integrations of the chunk's gait solves (replayed chain conditions included)")
        .def(py::pickle([](SweepChunk& c) { return chunk_state(c); }, &chunk_from_state));

    py::class_<SweepSink>(m, "SweepSink").def("write", &SweepSink::write, py::arg("chunk"));
    py::class_<SweepArrays, SweepSink>(m, "SweepArrays", "Every result of a sweep in memory (numpy views).")
        .def(py::init<std::size_t, std::size_t>(), py::arg("conditions"), py::arg("curve_points") = 0)
        .def_property_readonly(
            "metrics",
            [](py::object self) {
                auto& a = self.cast<SweepArrays&>();
                return view(a.metrics, {static_cast<py::ssize_t>(metric_count), static_cast<py::ssize_t>(a.size())},
                            self);
            })
        .def_property_readonly("status",
                               [](py::object self) {
                                   auto& a = self.cast<SweepArrays&>();
                                   return view(a.status, {static_cast<py::ssize_t>(a.size())}, self);
                               })
        .def_readonly("reason", &SweepArrays::reason)
        .def_property_readonly("complete", &SweepArrays::complete, "every condition was written")
        .def_property_readonly("first_missing", &SweepArrays::first_missing)
        .def_property_readonly("curves", [](py::object self) {
            auto& a = self.cast<SweepArrays&>();
            return view(a.curves,
                        {static_cast<py::ssize_t>(time_series_column_count), static_cast<py::ssize_t>(a.size()),
                         static_cast<py::ssize_t>(a.curve_points)},
                        self);
        });
    py::class_<io::SweepFileWriter, SweepSink>(m, "SweepFile",
                                               "A sweep's HDF5 file, written under a temporary name until commit().")
        .def(py::init([](const std::string& path, const SweepSpec& spec, std::size_t curve_points,
                         const std::map<std::string, std::variant<double, std::string>>& attributes) {
                 return std::make_unique<io::SweepFileWriter>(path, spec, curve_points, to_attributes(attributes));
             }),
             py::arg("path"), py::arg("spec"), py::arg("curve_points") = 0,
             py::arg("attributes") = std::map<std::string, std::variant<double, std::string>>{},
             "Checks the path and creates the temporary file; `attributes` (numbers or text, e.g. `history`) are "
             "added to the root attributes. OSError when the file cannot be made.")
        .def("write", &io::SweepFileWriter::write, py::arg("chunk"), py::call_guard<py::gil_scoped_release>())
        .def("commit", &io::SweepFileWriter::commit, py::call_guard<py::gil_scoped_release>())
        .def("discard", &io::SweepFileWriter::discard);

    m.def(
        "run_sweep",
        [](const SweepSpec& spec, SweepSink& sink, long long threads, long long chunk_size, long long curve_points,
           const std::optional<py::function>& progress) {
            std::optional<py::error_already_set> interrupted;
            const SweepOptions options =
                options_with_progress(threads, chunk_size, curve_points, progress, interrupted);
            try {
                py::gil_scoped_release release;
                run_sweep(spec, options, sink);
            } catch (const SweepCancelled&) {
                if (!interrupted) throw;
            }
            if (interrupted) throw std::move(*interrupted);
        },
        py::arg("spec"), py::arg("sink"), py::kw_only(), py::arg("threads") = 0, py::arg("chunk_size") = 2048,
        py::arg("curve_points") = 0, py::arg("progress") = std::nullopt,
        "Run every condition in parallel (GIL released) into the sink; Ctrl-C or an exception raised by "
        "progress(done, total) cancels it.");
    m.def(
        "run_block",
        [](const SweepSpec& spec, std::size_t first, std::size_t last, long long curve_points, bool warm_start) {
            // One chunk of the whole range; a reversed range is left to run_sweep, which names it.
            const std::size_t conditions = last > first ? last - first : 1;
            SweepOptions options = sweep_options(1, static_cast<long long>(conditions), curve_points);
            options.warm_start = warm_start;
            py::gil_scoped_release release;
            SweepChunk block;
            SweepCallback keep([&block](const SweepChunk& c) { block = c; });
            run_sweep(spec, options, keep, first, last);
            return block;
        },
        py::arg("spec"), py::arg("first"), py::arg("last"), py::arg("curve_points") = 0, py::arg("warm_start") = true,
        "Conditions [first, last) on one thread, as one chunk (a Dask block); warm_start=False solves every "
        "condition cold (SweepOptions::warm_start).");
    bind_layout(m);
    m.def(
        "validate_sweep_options",
        [](long long threads, long long chunk_size, long long curve_points) {
            sweep_options(threads, chunk_size, curve_points);
        },
        py::arg("threads"), py::arg("chunk_size"), py::arg("curve_points"),
        "ValueError naming an engine option outside its range (before any work or allocation).");
    m.def("sweep_layout", &sweep_layout, py::arg("spec"), py::arg("curve_points") = 0);
    m.def(
        "cf_attributes",
        [](std::string_view unit, std::string_view long_name) {
            py::dict d;
            for (const auto& a : cf_attributes(unit, long_name)) d[py::str(a.name)] = std::get<std::string>(a.value);
            return d;
        },
        py::arg("unit"), py::arg("long_name"),
        "CF attributes (units in UDUNITS-2, long_name, normalisation of body-weight multiples) of a registry unit.");
    m.def(
        "cf_global_attributes",
        [](std::string_view title) {
            py::dict d;
            for (const auto& a : cf_global_attributes(title)) d[py::str(a.name)] = std::get<std::string>(a.value);
            return d;
        },
        py::arg("title"), "Root attributes of the CF conventions (Conventions, title, source, references).");
    m.def(
        "axis_column",
        [](const SweepSpec& spec, std::size_t axis) -> py::object {
            if (find_choice(spec.axes.at(axis).name)) return py::cast(axis_column_labels(spec, axis));
            return to_array(axis_column_values(spec, axis));
        },
        py::arg("spec"), py::arg("axis"), "A list sweep's axis column: numbers, or option names for a choice.");
}

}  // namespace kneeload::python
