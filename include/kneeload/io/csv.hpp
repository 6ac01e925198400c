#pragma once
/// @file io/csv.hpp
/// CSV output of a step's time series and metrics (compiled in src/io/csv.cpp). Column
/// headers carry the unit in the name (e.g. vertical_grf_n).

#include <ostream>
#include <string>

#include "kneeload/metrics/metric_list.hpp"
#include "kneeload/metrics/time_series.hpp"

namespace kneeload::io {

/// Writes the time series as CSV: a header row of column names, then one row per sample.
void write_time_series_csv(std::ostream& out, const TimeSeries& series);

/// Writes the time series to `path` atomically (a unique temporary file in the same directory,
/// then renamed), so a failure never leaves a partial file under the final name; a device or
/// pipe (/dev/stdout) is written directly. Throws FileError naming `path` and the cause.
void write_time_series_csv(const std::string& path, const TimeSeries& series);

/// Writes "metric,unit,value" rows for every metric.
void write_metrics_csv(std::ostream& out, const StepMetrics& metrics);

}  // namespace kneeload::io
