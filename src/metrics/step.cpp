/// @file metrics/step.cpp
#include "kneeload/metrics/step.hpp"

#include <algorithm>
#include <cmath>

#include "kneeload/integrate/flight.hpp"
#include "kneeload/integrate/stance_integrator.hpp"
#include "kneeload/metrics/outputs.hpp"
#include "kneeload/metrics/plausibility.hpp"
#include "kneeload/metrics/stance_metrics.hpp"
#include "kneeload/model/spring_mass_relations.hpp"
#include "kneeload/parameters/errors.hpp"
#include "kneeload/parameters/registry.hpp"

namespace kneeload {

namespace {

/// Observer collecting (start, mid, end) samples of each accepted interval for the metrics,
/// and the uniform-rate time series with the exact event samples.
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
        // An interval that ends with the step ends at the stepper's own state: no interpolation.
        const bool step_end = t1 == stepper.current_time();
        if (!step_end) stepper.calc_state(t1, x);
        samples_.push_back(evaluate_outputs(model_, system, step_end ? stepper.current_state() : x, t1));
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
        if (series_->size() > 0 && std::abs(series_->columns[0].back() - t) < 1e-12) {
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

void fill_gait_metrics(StepMetrics& m, const StanceControl& control, const GaitKinematics& gait) {
    fill_kinematic_metrics(m, gait);
    m.touchdown_angle_deg = 90.0 - control.touchdown_leg_angle_rad * constants::degrees_per_radian;
    m.leg_spring_stiffness_n_per_m = control.leg_stiffness_n_per_m;
    m.unloading_stiffness_ratio = control.unloading_stiffness_ratio;
}

/// The stiffness estimates a lab would compute from this step (spring_mass_relations.hpp).
void fill_lab_estimates(StepMetrics& m, const StanceModel& model, const GaitKinematics& gait) {
    const double leg_length = model.parameters.runner.leg_length_m();
    m.leg_stiffness_n_per_m = kinematic_leg_stiffness_n_per_m(m.peak_vgrf_n, m.com_drop_in_stance_m, leg_length,
                                                              gait.speed_m_per_s, m.contact_time_s);
    const SineWaveEstimate e = sine_wave_estimate(model.body_mass_kg, gait.speed_m_per_s, leg_length, m.contact_time_s,
                                                  m.flight_time_s, 0.0, model.gravity);
    m.morin_leg_stiffness_n_per_m = e.leg_stiffness_n_per_m;
    m.morin_vertical_stiffness_n_per_m = e.vertical_stiffness_n_per_m;
    m.morin_peak_force_n = e.peak_force_n;
    m.morin_com_drop_m = e.com_drop_m;
    m.morin_leg_compression_m = e.leg_compression_m;
}

/// Energy accounting: W_contact is the work done on the contact stack; what is not stored
/// elastically at take-off was dissipated.
void fill_energy(StepMetrics& m, const StanceModel& model, const StanceOutcome& stance) {
    using namespace stance_index;
    const StanceState& x_to = stance.take_off_state;
    m.energy_added_by_leg_j = stance.energy_added_by_leg_j;
    m.energy_dissipated_by_contact_j = x_to[work_contact] - model.contact.elastic_energy_j(-x_to[y_foot]);
    m.energy_from_cop_translation_j = x_to[work_cop];
    m.energy_dissipated_by_soft_tissue_j = x_to[work_tissue];
    m.energy_dissipated_by_leg_j = x_to[work_leg];
    StanceSystem touchdown_system = stance.final_system;  // the take-off's, back in its touchdown phase
    touchdown_system.phase = LegPhase::loading;
    touchdown_system.lifting = false;
    const double e_td = stance_energy_j(model, touchdown_system, stance.touchdown_state);
    const double e_to = stance_energy_j(model, stance.final_system, x_to);
    m.energy_balance_error_j =
        e_to - (e_td + m.energy_added_by_leg_j + m.energy_from_cop_translation_j - m.energy_dissipated_by_contact_j -
                m.energy_dissipated_by_soft_tissue_j - m.energy_dissipated_by_leg_j);
}

void validate(const StepOptions& options) {
    require_in_range("sample_rate_hz", options.sample_rate_hz, Range{10.0, 1.0e6}, "Hz");
}

/// Hand-set stance controls (the C++ API lets a caller bypass the gait solver): finite, and in
/// the ranges the stance dynamics is defined for.
void validate(const StanceControl& c) {
    constexpr double right_angle_rad = constants::pi / 2.0;
    constexpr Range finite{};
    require_in_range("StanceControl.touchdown_leg_angle_rad", c.touchdown_leg_angle_rad,
                     Range{-right_angle_rad, right_angle_rad, true, true}, "rad");
    require_in_range("StanceControl.hip_velocity_x_m_per_s", c.hip_velocity_x_m_per_s, finite, "m/s");
    require_in_range("StanceControl.hip_velocity_y_m_per_s", c.hip_velocity_y_m_per_s, finite, "m/s");
    require_in_range("StanceControl.leg_stiffness_n_per_m", c.leg_stiffness_n_per_m, Range{0.0, 1e8, true}, "N/m");
    require_in_range("StanceControl.unloading_stiffness_ratio", c.unloading_stiffness_ratio, Range{0.0, 10.0, true},
                     "");
    require_in_range("StanceControl.touchdown_knee_flexion_rad", c.touchdown_knee_flexion_rad,
                     Range{0.0, right_angle_rad, false, true}, "rad");
    require_in_range("StanceControl.lower_limb_touchdown_speed_m_per_s", c.lower_limb_touchdown_speed_m_per_s, finite,
                     "m/s");
}

/// Hand-set gait kinematics: each quantity in its registry range, and the three consistent.
void validate(const GaitKinematics& g) {
    const auto check = [](std::string_view name, double value) {
        const ParameterSpec& p = *find_parameter(name);
        require_in_range("GaitKinematics." + std::string(name), value, p.valid, p.unit);
    };
    check("speed_m_per_s", g.speed_m_per_s);
    check("cadence_steps_per_min", g.cadence_steps_per_min);
    check("step_length_m", g.step_length_m);
    const double implied_speed = g.cadence_steps_per_min / 60.0 * g.step_length_m;
    constexpr double relative_tolerance = 1e-6;
    if (std::abs(implied_speed - g.speed_m_per_s) > relative_tolerance * g.speed_m_per_s)
        throw InvalidParameter(
            "GaitKinematics.speed_m_per_s", g.speed_m_per_s,
            "must equal cadence_steps_per_min / 60 x step_length_m = " + format_number(implied_speed) + " m/s");
}

}  // namespace

void fill_kinematic_metrics(StepMetrics& m, const GaitKinematics& gait) {
    m.speed_m_per_s = gait.speed_m_per_s;
    m.cadence_steps_per_min = gait.cadence_steps_per_min;
    m.step_length_m = gait.step_length_m;
    m.stride_length_m = gait.stride_length_m();
    m.step_period_s = gait.step_period_s();
    m.steps_per_km = 1000.0 / gait.step_length_m;
}

StepResult simulate_step(const StanceModel& model, const StanceControl& control, const GaitKinematics& gait,
                         const StepOptions& options, StepWorkspace& workspace) {
    validate(options);
    validate(control);
    validate(gait);
    StepResult result;
    StepRecorder recorder(model, workspace.metric_samples, options.record_time_series ? &result.time_series : nullptr,
                          options.sample_rate_hz);
    const StanceOutcome stance = integrate_stance(model, control, recorder);
    result.events = stance.events;
    result.event_count = stance.event_count;
    if (stance.status != StanceStatus::ok) {
        result.status = StepStatus::stance_failed;
        result.reason = std::string(describe(stance.status));
        return result;
    }
    const auto com_td = centre_of_mass(model, stance.touchdown_state);
    const auto com_to = centre_of_mass(model, stance.take_off_state);
    const FlightOutcome flight = ballistic_flight(com_to, com_td[1], model.gravity);
    if (!flight.reached_touchdown) {
        result.status = StepStatus::flight_failed;
        result.reason = std::string(describe(StepStatus::flight_failed));
        return result;
    }
    StepMetrics& m = result.metrics;
    fill_gait_metrics(m, control, gait);
    m.contact_time_s = stance.contact_time_s;
    m.flight_time_s = flight.flight_time_s;
    m.foot_ahead_of_com_at_touchdown_m = -com_td[0];
    m.duty_factor = m.contact_time_s / (2.0 * (m.contact_time_s + m.flight_time_s));
    result.next_touchdown_time_s = stance.contact_time_s + flight.flight_time_s;

    const std::vector<OutputSample>& samples = workspace.metric_samples;
    fill_stance_metrics(m, samples, model.body_mass_kg, model.contact.rate_jump_compression_m());
    double highest = std::max(flight.apex_height_m, com_td[1]), lowest = com_td[1];
    for (const auto& o : samples) {
        highest = std::max(highest, o.com_y_m);
        lowest = std::min(lowest, o.com_y_m);
    }
    m.com_vertical_excursion_m = highest - lowest;
    fill_lab_estimates(m, model, gait);
    m.pfj_stress_time_integral_per_km_mpa_s = m.pfj_stress_time_integral_mpa_s * m.steps_per_km;
    fill_energy(m, model, stance);
    if (auto why = implausibility(m)) {
        result.status = StepStatus::implausible;
        result.reason = std::move(*why);
    }
    return result;
}

StepResult simulate_step(const StanceModel& model, const StanceControl& control, const GaitKinematics& gait,
                         const StepOptions& options) {
    StepWorkspace workspace;
    return simulate_step(model, control, gait, options, workspace);
}

SolvedStep solve_and_simulate(const StanceModel& model, const GaitTarget& target, const Closure& closure,
                              const StepOptions& options) {
    SolvedStep out;
    out.gait = solve_gait(model, target, closure);
    if (!out.gait.ok()) {
        out.step.status = StepStatus::stance_failed;
        out.step.reason = out.gait.status_and_reason();
        return out;
    }
    out.step = simulate_step(model, out.gait.control, out.gait.gait, options);
    return out;
}

}  // namespace kneeload
