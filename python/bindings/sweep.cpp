// Bindings: the parallel sweep engine, with progress, Ctrl-C cancellation and HDF5 output.
#include <optional>

#include "convert.hpp"
#include "kneeload/io/hdf5.hpp"

namespace kneeload::python {

void bind_sweep(py::module_& m) {
    m.def(
        "describe_condition",
        [](const std::map<std::string, double>& parameters, const std::map<std::string, std::string>& choices) {
            py::dict d;
            for (const auto& [key, value] : io::describe_condition(make_condition(parameters, choices))) d[key.c_str()] = value;
            d["title"] = "kneeload sweep";
            d["kneeload_version"] = version_string;
            return d;
        },
        py::arg("parameters"), py::arg("choices"),
        "The attributes a sweep file records for these fixed parameters and choices.");

    m.def(
        "sweep",
        [](const std::vector<std::pair<std::string, std::vector<double>>>& axes,
           const std::optional<std::vector<std::vector<double>>>& points, const std::map<std::string, double>& parameters,
           const std::map<std::string, std::string>& choices, unsigned threads, std::size_t chunk_size,
           bool record_time_series, const std::optional<py::function>& progress, const std::optional<std::string>& path,
           const std::map<std::string, std::string>& attributes, bool collect) {
            SweepSpec spec;
            spec.base = make_condition(parameters, choices);
            for (const auto& [name, values] : axes) spec.axes.push_back({name, values});
            if (points) spec.points = *points;
            validate(spec);
            const std::size_t total = spec.size();
            const std::size_t n_metrics = metric_count();

            py::array_t<double> metrics;
            py::array_t<int> status(static_cast<py::ssize_t>(total));
            std::vector<std::string> reasons(collect ? total : 0);
            std::vector<TimeSeries> series(record_time_series ? total : 0);
            double* metrics_data = nullptr;
            if (collect) {
                metrics = py::array_t<double>({static_cast<py::ssize_t>(n_metrics), static_cast<py::ssize_t>(total)});
                metrics_data = metrics.mutable_data();
            }
            int* status_data = status.mutable_data();

            SweepOptions options;
            options.threads = threads;
            options.chunk_size = chunk_size;
            options.record_time_series = record_time_series;
            std::optional<py::error_already_set> interrupted;
            // Runs on the calling thread (which released the GIL): report progress, and
            // cancel promptly on Ctrl-C or an exception raised by the Python callback.
            options.progress = [&](std::size_t done, std::size_t all) {
                py::gil_scoped_acquire acquire;
                try {
                    if (PyErr_CheckSignals() != 0) throw py::error_already_set();
                    if (progress) (*progress)(done, all);
                } catch (py::error_already_set& e) {
                    interrupted.emplace(std::move(e));
                    return false;
                }
                return true;
            };
            options.progress_interval_s = 0.1;

            std::size_t ok = 0;
            {
                py::gil_scoped_release release;
                std::unique_ptr<io::SweepFileWriter> writer;
                io::Attributes extra(attributes.begin(), attributes.end());
                if (path) writer = std::make_unique<io::SweepFileWriter>(*path, spec, extra);
                try {
                    run_sweep(spec, options, [&](const SweepChunk& chunk) {
                        if (writer) writer->write(chunk);
                        const std::size_t n = chunk.size();
                        for (std::size_t j = 0; j < n; ++j) {
                            status_data[chunk.begin + j] = chunk.status[j];
                            ok += chunk.status[j] == 0;
                            if (collect) reasons[chunk.begin + j] = chunk.reason[j];
                            if (record_time_series) series[chunk.begin + j] = chunk.time_series[j];
                        }
                        if (collect)
                            for (std::size_t mm = 0; mm < n_metrics; ++mm)
                                std::copy(chunk.metrics.begin() + mm * n, chunk.metrics.begin() + (mm + 1) * n,
                                          metrics_data + mm * total + chunk.begin);
                    });
                    if (writer) writer->commit();
                } catch (const SweepCancelled&) {
                    // writer's destructor removes the temporary file
                }
            }
            if (interrupted) throw std::move(*interrupted);
            py::dict out;
            py::list shape;
            for (std::size_t n : spec.shape()) shape.append(n);
            out["shape"] = shape;
            out["status"] = status;
            out["ok_count"] = ok;
            if (collect) {
                out["metrics"] = metrics;
                out["reason"] = reasons;
            }
            if (record_time_series) {
                py::list l;
                for (const auto& s : series) l.append(time_series_dict(s));
                out["time_series"] = l;
            }
            return out;
        },
        py::arg("axes"), py::arg("points") = std::nullopt, py::arg("parameters") = std::map<std::string, double>{},
        py::arg("choices") = std::map<std::string, std::string>{}, py::arg("threads") = 0u,
        py::arg("chunk_size") = 2048, py::arg("record_time_series") = false, py::arg("progress") = std::nullopt,
        py::arg("path") = std::nullopt, py::arg("attributes") = std::map<std::string, std::string>{},
        py::arg("collect") = true,
        "Run a grid (axes) or list (axes names + points) sweep in parallel; optionally stream it to HDF5.");
}

}  // namespace kneeload::python
