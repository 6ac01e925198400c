#pragma once
/// @file io/metric_list.hpp
/// The one list of StepMetrics fields with names and units: CSV, the CLI, HDF5 and the
/// Python bindings all iterate it. has_impact_peak is given as 0/1.

#include "kneeload/metrics.hpp"

namespace kneeload::io {

template <class F>
void for_each_metric(const StepMetrics& m, F&& f) {
    f("speed_m_per_s", "m/s", m.speed_m_per_s);
    f("cadence_steps_per_min", "steps/min", m.cadence_steps_per_min);
    f("step_length_m", "m", m.step_length_m);
    f("stride_length_m", "m", m.stride_length_m);
    f("step_period_s", "s", m.step_period_s);
    f("contact_time_s", "s", m.contact_time_s);
    f("flight_time_s", "s", m.flight_time_s);
    f("duty_factor", "1", m.duty_factor);
    f("touchdown_angle_deg", "deg", m.touchdown_angle_deg);
    f("foot_ahead_of_com_at_touchdown_m", "m", m.foot_ahead_of_com_at_touchdown_m);
    f("leg_spring_stiffness_n_per_m", "N/m", m.leg_spring_stiffness_n_per_m);
    f("unloading_stiffness_ratio", "1", m.unloading_stiffness_ratio);
    f("peak_vgrf_n", "N", m.peak_vgrf_n);
    f("peak_vgrf_bw", "BW", m.peak_vgrf_bw);
    f("peak_vgrf_time_s", "s", m.peak_vgrf_time_s);
    f("has_impact_peak", "1", m.has_impact_peak ? 1.0 : 0.0);
    f("impact_peak_bw", "BW", m.impact_peak_bw);
    f("impact_peak_time_s", "s", m.impact_peak_time_s);
    f("average_loading_rate_bw_per_s", "BW/s", m.average_loading_rate_bw_per_s);
    f("instantaneous_loading_rate_bw_per_s", "BW/s", m.instantaneous_loading_rate_bw_per_s);
    f("vgrf_at_take_off_bw", "BW", m.vgrf_at_take_off_bw);
    f("peak_braking_force_bw", "BW", m.peak_braking_force_bw);
    f("peak_propulsive_force_bw", "BW", m.peak_propulsive_force_bw);
    f("vertical_impulse_n_s", "N s", m.vertical_impulse_n_s);
    f("braking_impulse_n_s", "N s", m.braking_impulse_n_s);
    f("propulsive_impulse_n_s", "N s", m.propulsive_impulse_n_s);
    f("com_vertical_excursion_m", "m", m.com_vertical_excursion_m);
    f("com_drop_in_stance_m", "m", m.com_drop_in_stance_m);
    f("peak_leg_compression_m", "m", m.peak_leg_compression_m);
    f("peak_leg_force_n", "N", m.peak_leg_force_n);
    f("peak_leg_force_bw", "BW", m.peak_leg_force_bw);
    f("leg_stiffness_n_per_m", "N/m", m.leg_stiffness_n_per_m);
    f("vertical_stiffness_n_per_m", "N/m", m.vertical_stiffness_n_per_m);
    f("morin_leg_stiffness_n_per_m", "N/m", m.morin_leg_stiffness_n_per_m);
    f("morin_vertical_stiffness_n_per_m", "N/m", m.morin_vertical_stiffness_n_per_m);
    f("morin_peak_force_n", "N", m.morin_peak_force_n);
    f("morin_com_drop_m", "m", m.morin_com_drop_m);
    f("morin_leg_compression_m", "m", m.morin_leg_compression_m);
    f("peak_contact_compression_m", "m", m.peak_contact_compression_m);
    f("knee_flexion_touchdown_deg", "deg", m.knee_flexion_touchdown_deg);
    f("knee_flexion_peak_deg", "deg", m.knee_flexion_peak_deg);
    f("peak_knee_extensor_moment_n_m", "N m", m.peak_knee_extensor_moment_n_m);
    f("peak_knee_extensor_moment_n_m_per_kg", "N m/kg", m.peak_knee_extensor_moment_n_m_per_kg);
    f("peak_quadriceps_force_n", "N", m.peak_quadriceps_force_n);
    f("peak_quadriceps_force_bw", "BW", m.peak_quadriceps_force_bw);
    f("peak_pfj_force_n", "N", m.peak_pfj_force_n);
    f("peak_pfj_force_bw", "BW", m.peak_pfj_force_bw);
    f("peak_pfj_stress_mpa", "MPa", m.peak_pfj_stress_mpa);
    f("pfj_stress_time_integral_mpa_s", "MPa s", m.pfj_stress_time_integral_mpa_s);
    f("pfj_force_impulse_n_s", "N s", m.pfj_force_impulse_n_s);
    f("steps_per_km", "1/km", m.steps_per_km);
    f("pfj_stress_time_integral_per_km_mpa_s", "MPa s/km", m.pfj_stress_time_integral_per_km_mpa_s);
    f("energy_added_by_leg_j", "J", m.energy_added_by_leg_j);
    f("energy_dissipated_by_contact_j", "J", m.energy_dissipated_by_contact_j);
    f("energy_from_cop_translation_j", "J", m.energy_from_cop_translation_j);
    f("energy_balance_error_j", "J", m.energy_balance_error_j);
}

}  // namespace kneeload::io
