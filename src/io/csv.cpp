/// @file csv.cpp
/// CSV writers for a step's time series and metrics.

#include "kneeload/io/csv.hpp"

#include <cstdio>
#include <fstream>
#include <iomanip>
#include <limits>
#include <stdexcept>

namespace kneeload::io {

void write_time_series_csv(std::ostream& out, const TimeSeries& series) {
    out << std::setprecision(std::numeric_limits<double>::max_digits10);
    bool first = true;
    series.for_each_column([&](const char* name, const char*, const std::vector<double>&) {
        out << (first ? "" : ",") << name;
        first = false;
    });
    out << ",is_event\n";
    for (std::size_t row = 0; row < series.size(); ++row) {
        first = true;
        series.for_each_column([&](const char*, const char*, const std::vector<double>& column) {
            out << (first ? "" : ",") << column[row];
            first = false;
        });
        out << ',' << series.is_event[row] << '\n';
    }
}

void write_time_series_csv(const std::string& path, const TimeSeries& series) {
    const std::string temporary = path + ".tmp";
    {
        std::ofstream file(temporary);
        if (!file) throw std::runtime_error("cannot open '" + temporary + "' for writing");
        write_time_series_csv(file, series);
        file.flush();
        if (!file) {
            std::remove(temporary.c_str());
            throw std::runtime_error("error while writing '" + temporary + "'");
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        std::remove(temporary.c_str());
        throw std::runtime_error("cannot rename '" + temporary + "' to '" + path + "'");
    }
}

void write_metrics_csv(std::ostream& out, const StepMetrics& metrics) {
    out << std::setprecision(std::numeric_limits<double>::max_digits10) << "metric,unit,value\n";
    for_each_metric(metrics, [&](const char* name, const char* unit, double value) {
        out << name << ',' << unit << ',' << value << '\n';
    });
}

}  // namespace kneeload::io
