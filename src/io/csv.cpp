/// @file io/csv.cpp
/// CSV writers for a step's time series and metrics.
#include "kneeload/io/csv.hpp"

#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "kneeload/io/file_error.hpp"

namespace kneeload::io {

namespace {
/// The shortest text that reads back as exactly `value` (0.1, not 0.10000000000000001), in
/// positional notation from 1e-5 to 1e15 (0.0005 beside 0.001 in a time column, not 5e-04), and
/// 0 for -0 (a force that is zero is not "negative zero" to a reader of the file).
void write_number(std::ostream& out, double value) {
    if (value == 0.0) value = 0.0;
    const double size = std::abs(value);
    const auto format = size >= 1e-5 && size < 1e15 ? std::chars_format::fixed : std::chars_format::general;
    std::array<char, 48> text;  // fixed: at most 15 + 1 + 22 characters in that range
    const std::to_chars_result written = std::to_chars(text.data(), text.data() + text.size(), value, format);
    out.write(text.data(), written.ptr - text.data());
}
}  // namespace

void write_time_series_csv(std::ostream& out, const TimeSeries& series) {
    for (const ColumnSpec& column : time_series_registry) out << column.name << ',';
    out << "is_event\n";
    for (std::size_t row = 0; row < series.size(); ++row) {
        for (const auto& column : series.columns) {
            write_number(out, column[row]);
            out << ',';
        }
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
    out << "metric,unit,value\n";
    for_each_metric(metrics, [&](const MetricSpec& spec, double value) {
        out << spec.name << ',' << spec.unit << ',';
        write_number(out, value);
        out << '\n';
    });
}

}  // namespace kneeload::io
