#pragma once
/// @file step.hpp
/// One complete running step: stance (event-exact, with outputs) and flight to the next
/// touchdown, reduced to per-step metrics and an optional sampled time series.

#include <array>
#include <cmath>
#include <string>
#include <vector>

#include "kneeload/flight.hpp"
#include "kneeload/gait.hpp"
#include "kneeload/metrics.hpp"
#include "kneeload/outputs.hpp"

namespace kneeload {

struct StepOptions {
    /// Record the stance time series (uniform grid + exact event instants).
    bool record_time_series = true;
    /// Sampling rate of the time series [Hz].
    double sample_rate_hz = 2000.0;
};

inline void validate(const StepOptions& o) {
    require_in_range("options.sample_rate_hz", o.sample_rate_hz, 10.0, 1.0e6, "Hz");
}

/// Per-thread scratch: sample buffers reused between steps (no allocation once warm).
struct StepWorkspace {
    std::vector<OutputSample> metric_samples;
};

/// Observer collecting (start, mid, end) samples of each accepted interval for the
/// metrics, and the uniform-rate time series with the exact event samples.
class StepRecorder {
public:
    StepRecorder(const StanceModel& model, std::vector<OutputSample>& samples, TimeSeries* series,
                 double sample_rate_hz)
        : model_(model), samples_(samples), series_(series), period_(1.0 / sample_rate_hz) {
        samples_.clear();
        if (series_) series_->clear();
    }

    template <class Stepper>
    void on_interval(const Stepper& stepper, const StanceSystem& system, double t0, double t1) {
        StanceState x;
        const double mid = 0.5 * (t0 + t1);
        stepper.calc_state(mid, x);
        samples_.push_back(evaluate_outputs(model_, system, x, mid));
        stepper.calc_state(t1, x);
        samples_.push_back(evaluate_outputs(model_, system, x, t1));
        if (!series_) return;
        // Grid samples strictly inside (t0, t1]; the event at t1 (if any) is added by on_event.
        for (; next_grid_index_ * period_ <= t1; ++next_grid_index_) {
            const double t = next_grid_index_ * period_;
            if (t <= t0) continue;
            stepper.calc_state(t, x);
            series_->push_back(evaluate_outputs(model_, system, x, t), false);
        }
    }

    void on_event(const StanceSystem& system, const StanceState& x, double t) {
        const OutputSample o = evaluate_outputs(model_, system, x, t);
        if (samples_.empty()) samples_.push_back(o);  // touchdown starts the triples
        if (!series_) return;
        // A grid sample at the same instant as the event is replaced by the event sample.
        if (!series_->time_s.empty() && std::abs(series_->time_s.back() - t) < 1e-12) {
            series_->is_event.back() = 1;
            return;
        }
        series_->push_back(o, true);
        if (next_grid_index_ * period_ <= t) next_grid_index_ = static_cast<long>(std::floor(t / period_)) + 1;
    }

private:
    const StanceModel& model_;
    std::vector<OutputSample>& samples_;
    TimeSeries* series_;
    double period_;
    long next_grid_index_ = 0;
};

enum class StepStatus { ok, stance_failed, flight_failed };

struct StepResult {
    StepStatus status = StepStatus::ok;
    std::string reason;
    StepMetrics metrics;
    TimeSeries time_series;  ///< empty unless StepOptions::record_time_series
    std::array<StanceEvent, StanceOutcome::max_events> events{};
    int event_count = 0;
    double next_touchdown_time_s = 0.0;  ///< from the numerically integrated flight
    ContactAreaCurve contact_area_curve = ContactAreaCurve::kernozek_cubic;
    bool ok() const { return status == StepStatus::ok; }
};

/// Mechanical energy of the stance system [J]: kinetic + potential + leg and contact elastic.
inline double stance_energy_j(const StanceModel& model, const StanceSystem& system, const StanceState& s) {
    using namespace stance_index;
    const double g = model.gravity;
    const StanceForces f = system.forces(s);
    return 0.5 * model.upper_mass_kg * (s[vx_hip] * s[vx_hip] + s[vy_hip] * s[vy_hip]) +
           0.5 * model.lower_mass_kg * s[vy_foot] * s[vy_foot] + model.upper_mass_kg * g * s[y_hip] +
           model.lower_mass_kg * g * s[y_foot] + system.leg_energy_j(f.leg_length_m) +
           model.contact.elastic_energy_j(-s[y_foot]);
}

/// Simulates one step for the given stance controls and gait (from solve_gait, or set by
/// hand). Metrics are always computed; the time series only if requested.
inline StepResult simulate_step(const StanceModel& model, const StanceControl& control, const GaitKinematics& gait,
                                const StepOptions& options, StepWorkspace& workspace) {
    using namespace stance_index;
    validate(options);
    StepResult result;
    result.contact_area_curve = model.parameters.patellofemoral.contact_area_curve;
    StepRecorder recorder(model, workspace.metric_samples, options.record_time_series ? &result.time_series : nullptr,
                          options.sample_rate_hz);
    const StanceOutcome stance = integrate_stance(model, control, recorder);
    result.events = stance.events;
    result.event_count = stance.event_count;
    if (stance.status != StanceStatus::ok) {
        result.status = StepStatus::stance_failed;
        result.reason = to_string(stance.status);
        return result;
    }
    const std::vector<OutputSample>& samples = workspace.metric_samples;
    StepMetrics& m = result.metrics;
    const double M = model.body_mass_kg;
    m.speed_m_per_s = gait.speed_m_per_s;
    m.cadence_steps_per_min = gait.cadence_steps_per_min;
    m.step_length_m = gait.step_length_m;
    m.stride_length_m = gait.stride_length_m();
    m.step_period_s = gait.step_period_s();
    m.contact_time_s = stance.contact_time_s;
    m.touchdown_angle_deg = 90.0 - control.touchdown_leg_angle_rad * 180.0 / constants::pi;
    const auto com_td = centre_of_mass(model, stance.touchdown_state);
    const auto com_to = centre_of_mass(model, stance.take_off_state);
    m.foot_ahead_of_com_at_touchdown_m = -com_td[0];
    m.leg_spring_stiffness_n_per_m = control.leg_stiffness_n_per_m;
    m.unloading_stiffness_ratio = control.unloading_stiffness_ratio;

    // Flight, integrated, to the touchdown height of this step's touchdown.
    const FlightOutcome flight = integrate_flight({com_to[0], com_to[1], com_to[2], com_to[3]}, com_td[1],
                                                  model.gravity, model.parameters.numerics);
    if (!flight.reached_touchdown) {
        result.status = StepStatus::flight_failed;
        result.reason = "the centre of mass does not come back to its touchdown height within max_flight_time_s";
        return result;
    }
    m.flight_time_s = flight.flight_time_s;
    result.next_touchdown_time_s = stance.contact_time_s + flight.flight_time_s;
    m.duty_factor = m.contact_time_s / (2.0 * (m.contact_time_s + m.flight_time_s));

    fill_stance_metrics(m, samples, M);
    double highest = std::max(flight.apex_height_m, com_td[1]);
    double lowest = com_td[1];
    for (const auto& o : samples) {
        highest = std::max(highest, o.com_y_m);
        lowest = std::min(lowest, o.com_y_m);
    }
    m.com_vertical_excursion_m = highest - lowest;

    m.leg_stiffness_n_per_m = kinematic_leg_stiffness_n_per_m(
        m.peak_vgrf_n, m.com_drop_in_stance_m, model.parameters.runner.leg_length_m(), gait.speed_m_per_s,
        m.contact_time_s);
    const MorinEstimate morin = morin_sine_wave_estimate(M, gait.speed_m_per_s, model.parameters.runner.leg_length_m(),
                                                         m.contact_time_s, m.flight_time_s);
    m.morin_leg_stiffness_n_per_m = morin.leg_stiffness_n_per_m;
    m.morin_vertical_stiffness_n_per_m = morin.vertical_stiffness_n_per_m;
    m.morin_peak_force_n = morin.peak_force_n;
    m.morin_com_drop_m = morin.com_drop_m;
    m.morin_leg_compression_m = morin.leg_compression_m;

    m.steps_per_km = 1000.0 / gait.step_length_m;
    m.pfj_stress_time_integral_per_km_mpa_s = m.pfj_stress_time_integral_mpa_s * m.steps_per_km;

    // Energy accounting. W_contact is the work done on the contact stack; what is not
    // stored elastically at take-off was dissipated.
    const StanceState& x_to = stance.take_off_state;
    m.energy_added_by_leg_j = stance.energy_added_by_leg_j;
    m.energy_dissipated_by_contact_j = x_to[work_contact] - model.contact.elastic_energy_j(-x_to[y_foot]);
    m.energy_from_cop_translation_j = x_to[work_cop];
    StanceSystem touchdown_system = stance.final_system;
    touchdown_system.phase = LegPhase::loading;
    const double e_td = stance_energy_j(model, touchdown_system, stance.touchdown_state);
    const double e_to = stance_energy_j(model, stance.final_system, x_to);
    m.energy_balance_error_j =
        e_to - (e_td + m.energy_added_by_leg_j + m.energy_from_cop_translation_j - m.energy_dissipated_by_contact_j);
    return result;
}

/// Convenience: allocates its own workspace.
inline StepResult simulate_step(const StanceModel& model, const StanceControl& control, const GaitKinematics& gait,
                                const StepOptions& options = {}) {
    StepWorkspace workspace;
    return simulate_step(model, control, gait, options, workspace);
}

/// Solves the periodic gait and simulates its step. The gait solution says why when no
/// periodic step exists (then the step is not simulated and result.ok() is false).
struct SolvedStep {
    GaitSolution gait;
    StepResult step;
    bool ok() const { return gait.ok() && step.ok(); }
};

inline SolvedStep solve_and_simulate(const StanceModel& model, const GaitTarget& target, const Closure& closure,
                                     const StepOptions& options = {}) {
    SolvedStep out;
    out.gait = solve_gait(model, target, closure);
    if (!out.gait.ok()) {
        out.step.status = StepStatus::stance_failed;
        out.step.reason = out.gait.reason;
        return out;
    }
    out.step = simulate_step(model, out.gait.control, out.gait.gait, options);
    return out;
}

}  // namespace kneeload
