/// @file io/csv.cpp
/// CSV writers for a step's time series and metrics.
#include "kneeload/io/csv.hpp"

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <limits>

#include "kneeload/io/file_error.hpp"

namespace kneeload::io {

void write_time_series_csv(std::ostream& out, const TimeSeries& series) {
    out << std::setprecision(std::numeric_limits<double>::max_digits10);
    for (const ColumnSpec& column : time_series_registry) out << column.name << ',';
    out << "is_event\n";
    for (std::size_t row = 0; row < series.size(); ++row) {
        for (const auto& column : series.columns) out << column[row] << ',';
        out << series.is_event[row] << '\n';
    }
}

namespace {
/// Writes the CSV to `file` (opened on `target`); throws FileError naming `target` and the cause.
void write_checked(const std::string& file, const std::string& target, const TimeSeries& series) {
    errno = 0;
    std::ofstream out(file);
    if (!out) throw FileError("cannot open", target, errno ? errno : EIO);
    write_time_series_csv(out, series);
    out.flush();
    if (!out) throw FileError("cannot write", target, errno ? errno : EIO);
    out.close();
    if (out.fail()) throw FileError("cannot close", target, errno ? errno : EIO);
}
}  // namespace

void write_time_series_csv(const std::string& path, const TimeSeries& series) {
    if (is_special_file(path)) return write_checked(path, path, series);  // a device or pipe: no file to replace
    const std::string temporary = create_temporary_beside(path);
    try {
        write_checked(temporary, path, series);
    } catch (...) {
        std::remove(temporary.c_str());
        throw;
    }
    commit_temporary(temporary, path);
}

void write_metrics_csv(std::ostream& out, const StepMetrics& metrics) {
    out << std::setprecision(std::numeric_limits<double>::max_digits10) << "metric,unit,value\n";
    for_each_metric(metrics, [&](const MetricSpec& spec, double value) {
        out << spec.name << ',' << spec.unit << ',' << value << '\n';
    });
}

}  // namespace kneeload::io
