#pragma once
/// @file metrics/time_series.hpp
/// The registry of time-series columns: everything the model reports at one instant of stance.
/// The one-instant struct (OutputSample), the sampled TimeSeries, the resampled stance curves,
/// the CSV header, file variables and Python's TIME_SERIES are generated from this list. To add
/// a column: one line here and the line in metrics/outputs.cpp that computes it.

#include <cstddef>
#include <limits>
#include <string_view>
#include <vector>

// clang-format off
#define KNEELOAD_TIME_SERIES_COLUMNS(X)                                                                   \
    X(time_s, "s", "time since touchdown")                                                                \
    X(hip_x_m, "m", "hip (upper-body mass) horizontal position, contact point at 0")                      \
    X(hip_y_m, "m", "hip height")                                                                         \
    X(com_x_m, "m", "whole-body centre of mass horizontal position")                                      \
    X(com_y_m, "m", "whole-body centre of mass height")                                                   \
    X(foot_y_m, "m", "foot height (negative: contact stack compressed)")                                  \
    X(tissue_y_m, "m", "height of the lower limb's soft-tissue mass from its touchdown position")         \
    X(lower_limb_x_m, "m", "the lower limb's forward travel since the leg lifted it (0 before)")          \
    X(cop_x_m, "m", "centre of pressure horizontal position")                                             \
    X(foot_angle_deg, "deg", "sole angle to the ground (> 0 toes up, < 0 heel up)")                       \
    X(leg_length_m, "m", "leg spring length, the foot's rolling point to hip")                             \
    X(leg_compression_m, "m", "leg compression from its touchdown length")                                \
    X(leg_force_n, "N", "force along the leg")                                                            \
    X(vertical_grf_n, "N", "vertical ground reaction force")                                              \
    X(vertical_grf_rate_n_per_s, "N/s", "rate of change of the vertical ground reaction force (from the state)") \
    X(horizontal_grf_n, "N", "horizontal ground reaction force (negative: braking)")                      \
    X(contact_compression_m, "m", "compression of the shoe, heel pad and series springs")                 \
    X(knee_x_m, "m", "knee joint centre horizontal position, contact point at 0")                         \
    X(knee_y_m, "m", "knee joint centre height")                                                          \
    X(knee_flexion_deg, "deg", "knee flexion angle (0 = straight)")                                       \
    X(ankle_dorsiflexion_deg, "deg", "ankle dorsiflexion (0 = shank normal to the sole)")                 \
    X(knee_extensor_moment_n_m, "N m", "internal knee extensor moment of the leg's force (negative: flexor)") \
    X(knee_extensor_moment_lab_n_m, "N m", "knee extensor moment of the ground force vector (lab convention)") \
    X(quadriceps_force_n, "N", "quadriceps force")                                                        \
    X(pfj_force_n, "N", "patellofemoral joint reaction force")                                            \
    X(pfj_contact_area_mm2, "mm^2", "patellofemoral contact area")                                        \
    X(pfj_stress_mpa, "MPa", "patellofemoral joint stress")
// clang-format on

namespace kneeload {

/// One instant of stance. SI units unless the name says otherwise. Every column starts as NaN,
/// so one that metrics/outputs.cpp forgets to compute shows (a test checks they are finite).
struct OutputSample {
#define KNEELOAD_DECLARE_COLUMN(name, unit, description) double name = std::numeric_limits<double>::quiet_NaN();
    KNEELOAD_TIME_SERIES_COLUMNS(KNEELOAD_DECLARE_COLUMN)
#undef KNEELOAD_DECLARE_COLUMN
};

/// One column: name, unit, meaning and where it lives in OutputSample.
struct ColumnSpec {
    std::string_view name;
    std::string_view unit;
    std::string_view description;
    double OutputSample::*field;
};

inline constexpr ColumnSpec time_series_registry[] = {
#define KNEELOAD_COLUMN_SPEC(name, unit, description) {#name, unit, description, &OutputSample::name},
    KNEELOAD_TIME_SERIES_COLUMNS(KNEELOAD_COLUMN_SPEC)
#undef KNEELOAD_COLUMN_SPEC
};
inline constexpr std::size_t time_series_column_count = std::size(time_series_registry);
static_assert(sizeof(OutputSample) == time_series_column_count * sizeof(double), "every column is in the list");

/// Sampled stance time series: one vector per column (registry order), equal lengths. Samples
/// lie on a uniform grid of the chosen rate plus the exact event instants (is_event = 1 there).
struct TimeSeries {
    std::vector<double> columns[time_series_column_count];
    std::vector<int> is_event;

    std::size_t size() const { return is_event.size(); }
    void clear();
    void push_back(const OutputSample& sample, bool event);
    /// The column called `name` (throws std::out_of_range for an unknown name).
    const std::vector<double>& column(std::string_view name) const;
    std::vector<double>& column(std::string_view name);
    /// The sample at row i.
    OutputSample sample(std::size_t row) const;
};

/// A stance curve: every column resampled to `points` instants evenly spaced over stance,
/// 0 % (touchdown) to 100 % (take-off), linearly between samples, as gait labs normalise
/// stance. values[column * points + k] is column `column` at stance_pct(k).
struct StanceCurves {
    std::size_t points = 0;
    std::vector<double> values;
    double stance_pct(std::size_t k) const { return 100.0 * static_cast<double>(k) / static_cast<double>(points - 1); }
};

/// Resamples a stance time series (throws std::invalid_argument for points < 2 or an empty series).
StanceCurves resample_over_stance(const TimeSeries& series, std::size_t points);

}  // namespace kneeload
