#pragma once
/// @file metrics/metric_list.hpp
/// The registry of per-step metrics: one line per metric with its name (unit in the name),
/// unit and meaning. The StepMetrics struct, the metric table (files, CLI, Python METRICS, type
/// stubs) and the by-name iteration are all generated from this list. To add a metric: one line
/// here and the code that computes it (metrics/step.cpp or stance_metrics.cpp).
///
/// Every metric is a double and starts as NaN: a metric that does not exist for a step (the
/// impact-peak fields without a distinct impact peak) stays NaN, as does any the computation
/// missed (a test checks that a solved step has no other NaN).

#include <cstddef>
#include <limits>
#include <string_view>

// clang-format off
#define KNEELOAD_STEP_METRICS(X)                                                                                      \
    /* gait */                                                                                                       \
    X(speed_m_per_s, "m/s", "running speed")                                                                          \
    X(cadence_steps_per_min, "steps/min", "step rate")                                                                \
    X(step_length_m, "m", "step length (centre-of-mass travel over one step)")                                        \
    X(stride_length_m, "m", "stride length (two steps)")                                                              \
    X(step_period_s, "s", "step period, 60 / cadence")                                                                \
    X(contact_time_s, "s", "ground contact time, touchdown to take-off")                                              \
    X(flight_time_s, "s", "flight time, take-off to the next touchdown")                                              \
    X(duty_factor, "1", "contact time / stride time")                                                                 \
    X(touchdown_angle_deg, "deg", "leg (centre of pressure to hip) angle from the horizontal at touchdown")           \
    X(foot_ahead_of_com_at_touchdown_m, "m", "contact point ahead of the whole-body centre of mass at touchdown")     \
    X(leg_spring_stiffness_n_per_m, "N/m", "the model's leg spring stiffness while loading (set by the gait solver)") \
    X(unloading_stiffness_ratio, "1",                                                                                 \
      "unloading / loading leg stiffness: the active element (< 1 returns more energy than was stored)")              \
    /* ground reaction force */                                                                                      \
    X(peak_vgrf_n, "N", "peak vertical ground reaction force")                                                        \
    X(peak_vgrf_bw, "BW", "peak vertical ground reaction force / body weight")                                        \
    X(peak_vgrf_time_s, "s", "time of the peak vertical ground reaction force after touchdown")                       \
    X(has_impact_peak, "1", "1 when the vertical force shows a distinct impact peak (drop >= 0.05 BW after it)")      \
    X(impact_peak_bw, "BW", "impact peak of the vertical force / body weight (NaN without a distinct impact peak)")   \
    X(impact_peak_time_s, "s", "time of the impact peak after touchdown (NaN without one)")                           \
    X(average_loading_rate_bw_per_s, "BW/s",                                                                          \
      "average vertical loading rate over 20-80 % of the impact peak (of the force at 13 % of stance without one)")   \
    X(instantaneous_loading_rate_bw_per_s, "BW/s", "largest vertical loading rate over the same 20-80 % interval")    \
    X(peak_braking_force_bw, "BW", "peak horizontal braking force / body weight")                                     \
    X(peak_propulsive_force_bw, "BW", "peak horizontal propulsive force / body weight")                               \
    X(vertical_impulse_n_s, "N s", "vertical impulse over stance")                                                    \
    X(braking_impulse_n_s, "N s", "braking (backward) horizontal impulse")                                            \
    X(propulsive_impulse_n_s, "N s", "propulsive (forward) horizontal impulse")                                       \
    /* centre of mass and leg */                                                                                     \
    X(com_vertical_excursion_m, "m", "centre-of-mass vertical excursion over the step (flight apex to lowest point)")  \
    X(com_drop_in_stance_m, "m", "centre-of-mass drop from touchdown to its lowest point")                            \
    X(peak_leg_compression_m, "m", "largest leg (centre of pressure to hip) compression")                             \
    X(peak_leg_force_n, "N", "peak force along the leg")                                                              \
    X(peak_leg_force_bw, "BW", "peak force along the leg / body weight")                                              \
    X(leg_stiffness_n_per_m, "N/m",                                                                                   \
      "lab-style leg stiffness: peak vGRF / (COM drop + L (1 - cos theta)) (McMahon & Cheng 1990)")                   \
    X(vertical_stiffness_n_per_m, "N/m", "vertical stiffness: peak vGRF / COM drop in stance")                       \
    X(morin_leg_stiffness_n_per_m, "N/m", "sine-wave leg stiffness from contact and flight time (Morin et al. 2005)") \
    X(morin_vertical_stiffness_n_per_m, "N/m", "sine-wave vertical stiffness (Morin et al. 2005)")                    \
    X(morin_peak_force_n, "N", "sine-wave peak force estimate (Morin et al. 2005)")                                   \
    X(morin_com_drop_m, "m", "sine-wave COM drop estimate (Morin et al. 2005)")                                       \
    X(morin_leg_compression_m, "m", "sine-wave leg compression estimate (Morin et al. 2005)")                         \
    X(peak_contact_compression_m, "m", "largest compression of the shoe, heel pad and series springs")               \
    /* knee and patellofemoral joint */                                                                              \
    X(knee_flexion_touchdown_deg, "deg", "knee flexion at touchdown")                                                 \
    X(knee_flexion_peak_deg, "deg", "peak knee flexion in stance")                                                    \
    X(peak_knee_extensor_moment_n_m, "N m", "peak internal knee extensor moment")                                     \
    X(peak_knee_extensor_moment_n_m_per_kg, "N m/kg", "peak internal knee extensor moment / body mass")               \
    X(peak_knee_extensor_moment_lab_n_m, "N m", "peak knee extensor moment of the ground force vector (lab convention)") \
    X(peak_knee_extensor_moment_lab_n_m_per_kg, "N m/kg", "peak ground-force-vector knee extensor moment / body mass") \
    X(ankle_dorsiflexion_peak_deg, "deg", "peak ankle dorsiflexion in stance")                                        \
    X(peak_quadriceps_force_n, "N", "peak quadriceps force")                                                          \
    X(peak_quadriceps_force_bw, "BW", "peak quadriceps force / body weight")                                          \
    X(peak_pfj_force_n, "N", "peak patellofemoral joint reaction force")                                              \
    X(peak_pfj_force_bw, "BW", "peak patellofemoral joint reaction force / body weight")                              \
    X(peak_pfj_stress_mpa, "MPa", "peak patellofemoral joint stress (force / contact area)")                          \
    X(pfj_stress_time_integral_mpa_s, "MPa s", "patellofemoral stress-time integral over one step")                   \
    X(pfj_force_impulse_n_s, "N s", "patellofemoral force impulse over one step")                                     \
    X(steps_per_km, "1/km", "steps per kilometre, 1000 / step length")                                                \
    X(pfj_stress_time_integral_per_km_mpa_s, "MPa s/km",                                                              \
      "cumulative patellofemoral load per kilometre: stress-time integral per step x steps per km")                   \
    /* energy */                                                                                                     \
    X(energy_added_by_leg_j, "J", "energy added by the leg's active element per step")                               \
    X(energy_dissipated_by_contact_j, "J", "energy dissipated by the shoe, heel pad and surface per step")            \
    X(energy_dissipated_by_soft_tissue_j, "J", "energy dissipated in the lower limb's soft-tissue coupling per step") \
    X(energy_dissipated_by_leg_j, "J", "energy dissipated by the leg's force-velocity factor per step")               \
    X(energy_from_cop_translation_j, "J",                                                                             \
      "work done on the leg by the centre of pressure's travel and the force's line off the spring's")                \
    X(energy_balance_error_j, "J", "numerical check: stance energy balance residual (~ integration tolerance)")
// clang-format on

namespace kneeload {

/// Per-step metrics (names, units and meanings: KNEELOAD_STEP_METRICS above).
struct StepMetrics {
#define KNEELOAD_DECLARE_METRIC(name, unit, description) double name = std::numeric_limits<double>::quiet_NaN();
    KNEELOAD_STEP_METRICS(KNEELOAD_DECLARE_METRIC)
#undef KNEELOAD_DECLARE_METRIC
};

/// One metric: name, unit, meaning and where it lives in StepMetrics.
struct MetricSpec {
    std::string_view name;
    std::string_view unit;
    std::string_view description;
    double StepMetrics::*field;
};

inline constexpr MetricSpec metric_registry[] = {
#define KNEELOAD_METRIC_SPEC(name, unit, description) {#name, unit, description, &StepMetrics::name},
    KNEELOAD_STEP_METRICS(KNEELOAD_METRIC_SPEC)
#undef KNEELOAD_METRIC_SPEC
};
inline constexpr std::size_t metric_count = std::size(metric_registry);
static_assert(sizeof(StepMetrics) == metric_count * sizeof(double), "every StepMetrics field is in the list");

/// Calls f(spec, value) for every metric, in the list's order.
template <class F>
void for_each_metric(const StepMetrics& metrics, F&& f) {
    for (const MetricSpec& spec : metric_registry) f(spec, metrics.*spec.field);
}

/// The metric called `name`, or nullptr.
constexpr const MetricSpec* find_metric(std::string_view name) {
    for (const MetricSpec& spec : metric_registry)
        if (spec.name == name) return &spec;
    return nullptr;
}

}  // namespace kneeload
