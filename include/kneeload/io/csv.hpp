#pragma once
/// @file io/csv.hpp
/// CSV output of a step's time series and metrics (compiled in src/io/csv.cpp).
/// Column headers carry the unit in the name (e.g. vertical_grf_n).

#include <ostream>
#include <string>
#include "kneeload/io/metric_list.hpp"
#include "kneeload/metrics.hpp"
#include "kneeload/outputs.hpp"

namespace kneeload::io {

/// Writes the time series as CSV: a header row of column names, then one row per sample.
void write_time_series_csv(std::ostream& out, const TimeSeries& series);

/// Writes the time series to `path` atomically: to `path.tmp`, then renamed, so a failure
/// never leaves a partial file under the final name. Throws std::runtime_error on I/O error.
void write_time_series_csv(const std::string& path, const TimeSeries& series);

/// Writes "name,unit,value" rows for every metric.
void write_metrics_csv(std::ostream& out, const StepMetrics& metrics);

}  // namespace kneeload::io

