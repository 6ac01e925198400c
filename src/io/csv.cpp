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

void write_time_series_csv(const std::string& path, const TimeSeries& series) {
    const std::string temporary = create_temporary_beside(path);
    {
        std::ofstream file(temporary);
        write_time_series_csv(file, series);
        file.flush();
        if (!file) {
            const int error = errno ? errno : EIO;
            std::remove(temporary.c_str());
            throw FileError("error while writing", temporary, error);
        }
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
