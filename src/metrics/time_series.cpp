/// @file metrics/time_series.cpp
#include "kneeload/metrics/time_series.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace kneeload {

namespace {
std::size_t column_index(std::string_view name) {
    for (std::size_t i = 0; i < time_series_column_count; ++i)
        if (time_series_registry[i].name == name) return i;
    throw std::out_of_range("no time-series column '" + std::string(name) + "'");
}
}  // namespace

void TimeSeries::clear() {
    for (auto& c : columns) c.clear();
    is_event.clear();
}

void TimeSeries::push_back(const OutputSample& sample, bool event) {
    for (std::size_t i = 0; i < time_series_column_count; ++i)
        columns[i].push_back(sample.*time_series_registry[i].field);
    is_event.push_back(event ? 1 : 0);
}

const std::vector<double>& TimeSeries::column(std::string_view name) const { return columns[column_index(name)]; }
std::vector<double>& TimeSeries::column(std::string_view name) { return columns[column_index(name)]; }

OutputSample TimeSeries::sample(std::size_t row) const {
    OutputSample o;
    for (std::size_t i = 0; i < time_series_column_count; ++i) o.*time_series_registry[i].field = columns[i].at(row);
    return o;
}

StanceCurves resample_over_stance(const TimeSeries& series, std::size_t points) {
    if (points < 2) throw std::invalid_argument("stance curves need at least 2 points");
    if (series.size() == 0) throw std::invalid_argument("no time series to resample");
    const std::vector<double>& time = series.columns[0];
    const double contact_time = time.back();
    StanceCurves curves;
    curves.points = points;
    curves.values.resize(time_series_column_count * points);
    std::size_t row = 0;
    for (std::size_t k = 0; k < points; ++k) {
        const double t = contact_time * curves.stance_pct(k) / 100.0;
        while (row + 2 < time.size() && time[row + 1] < t) ++row;
        const std::size_t next = std::min(row + 1, time.size() - 1);
        const double span = time[next] - time[row];
        const double w = span > 0.0 ? std::clamp((t - time[row]) / span, 0.0, 1.0) : 0.0;
        for (std::size_t c = 0; c < time_series_column_count; ++c)
            curves.values[c * points + k] = (1.0 - w) * series.columns[c][row] + w * series.columns[c][next];
    }
    return curves;
}

}  // namespace kneeload
