#pragma once
/// @file metrics.hpp
/// Scalar metrics of one running step: timing, ground forces and loading rates, centre of
/// mass and leg, knee and patellofemoral loads, cumulative load per km, energy.
/// Every field carries its unit in its name; loads are also given normalised (BW, N m/kg).

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "kneeload/constants.hpp"
#include "kneeload/outputs.hpp"

namespace kneeload {

/// The sine-wave spring-mass estimates of Morin JB, Dalleau G, Kyrolainen H, Jeannin T,
/// Belli A (2005) J Appl Biomech 21:167-180, from body mass, speed, leg length, contact
/// and flight time only, as lab studies compute them:
///   F_max = m g (pi/2)(t_f/t_c + 1);  dy_c = F_max t_c^2/(m pi^2) - g t_c^2/8;
///   dL = L - sqrt(L^2 - (v t_c/2)^2) + dy_c;  k_vert = F_max/dy_c;  k_leg = F_max/dL.
struct MorinEstimate {
    double peak_force_n = 0.0;
    double com_drop_m = 0.0;
    double leg_compression_m = 0.0;
    double vertical_stiffness_n_per_m = 0.0;
    double leg_stiffness_n_per_m = 0.0;
};

inline MorinEstimate morin_sine_wave_estimate(double body_mass_kg, double speed_m_per_s, double leg_length_m,
                                              double contact_time_s, double flight_time_s) {
    const double g = constants::gravity_m_per_s2, pi = constants::pi;
    MorinEstimate m;
    m.peak_force_n = body_mass_kg * g * pi / 2.0 * (flight_time_s / contact_time_s + 1.0);
    m.com_drop_m = m.peak_force_n * contact_time_s * contact_time_s / (body_mass_kg * pi * pi) -
                   g * contact_time_s * contact_time_s / 8.0;
    const double half = speed_m_per_s * contact_time_s / 2.0;
    m.leg_compression_m = leg_length_m - std::sqrt(std::max(0.0, leg_length_m * leg_length_m - half * half)) + m.com_drop_m;
    m.vertical_stiffness_n_per_m = m.peak_force_n / m.com_drop_m;
    m.leg_stiffness_n_per_m = m.peak_force_n / m.leg_compression_m;
    return m;
}

/// Lab-style leg stiffness [N/m] (McMahon & Cheng 1990; Farley & Gonzalez 1996):
/// peak vertical GRF / (COM drop + L (1 - cos theta)), sin theta = v t_c / (2 L).
inline double kinematic_leg_stiffness_n_per_m(double peak_vgrf_n, double com_drop_m, double leg_length_m,
                                              double speed_m_per_s, double contact_time_s) {
    const double sine = std::min(1.0, speed_m_per_s * contact_time_s / (2.0 * leg_length_m));
    return peak_vgrf_n / (com_drop_m + leg_length_m * (1.0 - std::sqrt(1.0 - sine * sine)));
}

/// Per-step metrics. NaN marks a quantity that does not exist for this step (only the
/// impact-peak fields, when there is no distinct impact peak; has_impact_peak says so).
struct StepMetrics {
    // gait
    double speed_m_per_s = 0, cadence_steps_per_min = 0, step_length_m = 0, stride_length_m = 0;
    double step_period_s = 0, contact_time_s = 0, flight_time_s = 0;
    double duty_factor = 0;  ///< contact time / stride time
    double touchdown_angle_deg = 0;  ///< leg (COP-hip) angle from the horizontal at touchdown
    double foot_ahead_of_com_at_touchdown_m = 0;
    double leg_spring_stiffness_n_per_m = 0, unloading_stiffness_ratio = 0;
    // ground reaction force
    double peak_vgrf_n = 0, peak_vgrf_bw = 0, peak_vgrf_time_s = 0;
    bool has_impact_peak = false;
    double impact_peak_bw = std::numeric_limits<double>::quiet_NaN();
    double impact_peak_time_s = std::numeric_limits<double>::quiet_NaN();
    double average_loading_rate_bw_per_s = 0, instantaneous_loading_rate_bw_per_s = 0;
    /// Vertical GRF left at take-off (leg force zero), released as the swing leg picks up
    /// the lower-limb mass (not resolved by the model; README, Model assumptions).
    double vgrf_at_take_off_bw = 0;
    double peak_braking_force_bw = 0, peak_propulsive_force_bw = 0;
    double vertical_impulse_n_s = 0, braking_impulse_n_s = 0, propulsive_impulse_n_s = 0;
    // centre of mass and leg
    double com_vertical_excursion_m = 0, com_drop_in_stance_m = 0;
    double peak_leg_compression_m = 0, peak_leg_force_n = 0, peak_leg_force_bw = 0;
    /// Lab-style leg stiffness: peak vGRF / (COM drop + L (1 - cos theta)), theta =
    /// asin(v t_c / 2L), L = standing leg length (McMahon & Cheng 1990; Farley & Gonzalez
    /// 1996). Compare with published values; leg_spring_stiffness_n_per_m is the model's k.
    double leg_stiffness_n_per_m = 0;
    double vertical_stiffness_n_per_m = 0;  ///< peak vGRF / COM drop in stance
    double morin_leg_stiffness_n_per_m = 0, morin_vertical_stiffness_n_per_m = 0;
    double morin_peak_force_n = 0, morin_com_drop_m = 0, morin_leg_compression_m = 0;
    double peak_contact_compression_m = 0;
    // knee and patellofemoral joint
    double knee_flexion_touchdown_deg = 0, knee_flexion_peak_deg = 0;
    double peak_knee_extensor_moment_n_m = 0, peak_knee_extensor_moment_n_m_per_kg = 0;
    double peak_quadriceps_force_n = 0, peak_quadriceps_force_bw = 0;
    double peak_pfj_force_n = 0, peak_pfj_force_bw = 0;
    double peak_pfj_stress_mpa = 0;
    double pfj_stress_time_integral_mpa_s = 0;  ///< per step
    double pfj_force_impulse_n_s = 0;           ///< per step
    double steps_per_km = 0;
    double pfj_stress_time_integral_per_km_mpa_s = 0;  ///< cumulative PFJ load per km
    // energy
    double energy_added_by_leg_j = 0;        ///< active element
    double energy_dissipated_by_contact_j = 0;  ///< shoe, heel pad, soft tissue
    double energy_from_cop_translation_j = 0;
    double energy_balance_error_j = 0;       ///< numerical check, ~ integration tolerance
};

namespace metrics_detail {

/// Peak of samples with a parabola through the largest sample and its neighbours.
struct Peak {
    double value = -std::numeric_limits<double>::infinity();
    double time = 0.0;
    std::size_t index = 0;
};

template <class Get>
Peak refined_max(const std::vector<OutputSample>& s, Get get, std::size_t begin = 0,
                 std::size_t end = std::numeric_limits<std::size_t>::max()) {
    end = std::min(end, s.size());
    Peak p;
    for (std::size_t i = begin; i < end; ++i)
        if (get(s[i]) > p.value) { p.value = get(s[i]); p.time = s[i].time_s; p.index = i; }
    if (p.index > begin && p.index + 1 < end) {
        const double t0 = s[p.index - 1].time_s, t1 = s[p.index].time_s, t2 = s[p.index + 1].time_s;
        const double y0 = get(s[p.index - 1]), y1 = p.value, y2 = get(s[p.index + 1]);
        // Parabola through three points (Lagrange), vertex if it lies inside [t0, t2].
        const double d01 = (y1 - y0) / (t1 - t0), d12 = (y2 - y1) / (t2 - t1);
        const double a = (d12 - d01) / (t2 - t0);
        if (a < 0.0) {
            // vertex of y = y0 + d01 (t - t0) + a (t - t0)(t - t1)
            const double t_vertex = (t0 + t1) / 2.0 - d01 / (2.0 * a);
            if (t_vertex > t0 && t_vertex < t2) {
                const double y_vertex = y0 + d01 * (t_vertex - t0) + a * (t_vertex - t0) * (t_vertex - t1);
                if (y_vertex >= p.value) { p.value = y_vertex; p.time = t_vertex; }
            }
        }
    }
    return p;
}

/// Simpson's rule over (start, mid, end) triples: samples 0, 1, 2, then 2, 3, 4, ...
template <class Get>
double simpson(const std::vector<OutputSample>& s, Get get) {
    double sum = 0.0;
    for (std::size_t i = 0; i + 2 < s.size(); i += 2)
        sum += (s[i + 2].time_s - s[i].time_s) / 6.0 * (get(s[i]) + 4.0 * get(s[i + 1]) + get(s[i + 2]));
    return sum;
}

/// The quadratic through an interval's (start, mid, end) samples i, i+1, i+2 (i even).
struct IntervalQuadratic {
    double t0 = 0, h = 0, y0 = 0, y1 = 0, y2 = 0;
    /// Value at t (Lagrange form on the nodes t0, t0 + h/2, t0 + h).
    double at(double t) const {
        const double s = (t - t0) / h;  // 0..1
        return y0 * (2 * s - 1) * (s - 1) + y1 * 4 * s * (1 - s) + y2 * s * (2 * s - 1);
    }
    double slope(double t) const {
        const double s = (t - t0) / h;
        return (y0 * (4 * s - 3) + y1 * (4 - 8 * s) + y2 * (4 * s - 1)) / h;
    }
};

template <class Get>
IntervalQuadratic interval_quadratic(const std::vector<OutputSample>& s, Get get, std::size_t i) {
    return {s[i].time_s, s[i + 2].time_s - s[i].time_s, get(s[i]), get(s[i + 1]), get(s[i + 2])};
}

/// Time at which the rising signal first reaches `level` within the intervals that start
/// before sample `end`: found on each interval's quadratic (bisection), so the accuracy
/// follows the integrator's step, not a linear interpolation between samples.
template <class Get>
double first_crossing_time(const std::vector<OutputSample>& s, Get get, double level, std::size_t end) {
    for (std::size_t i = 0; i + 2 < s.size() && i <= end; i += 2) {
        const IntervalQuadratic q = interval_quadratic(s, get, i);
        if (std::max({q.y0, q.y1, q.y2}) < level) continue;
        // First sub-bracket (start-mid or mid-end) where the level is crossed.
        double a = q.t0, b = q.t0 + 0.5 * q.h;
        if (q.y0 >= level) return q.t0;
        if (q.y1 < level) { a = b; b = q.t0 + q.h; }
        for (int k = 0; k < 60; ++k) {
            const double m = 0.5 * (a + b);
            (q.at(m) < level ? a : b) = m;
        }
        return 0.5 * (a + b);
    }
    return s.empty() ? 0.0 : s.front().time_s;
}

/// Largest slope of the signal over [from, to], from each interval's quadratic.
template <class Get>
double steepest_slope(const std::vector<OutputSample>& s, Get get, double from, double to) {
    double steepest = 0.0;
    for (std::size_t i = 0; i + 2 < s.size(); i += 2) {
        const IntervalQuadratic q = interval_quadratic(s, get, i);
        const double a = std::max(from, q.t0), b = std::min(to, q.t0 + q.h);
        if (a > b) continue;
        steepest = std::max({steepest, q.slope(a), q.slope(b)});  // slope is linear in t
    }
    return steepest;
}

}  // namespace metrics_detail

/// Minimum drop after the first local maximum of vertical GRF for it to count as a
/// distinct impact peak [BW]. Convention of this library.
inline constexpr double impact_peak_min_prominence_bw = 0.05;
/// Without an impact peak, loading rates use the force at 13 % of stance as reference,
/// a convention used in the running literature for forefoot strikers (e.g. Lieberman et
/// al. 2010 report loading rates without an impact peak; exact reference varies).
inline constexpr double loading_rate_reference_stance_fraction = 0.13;

/// Fills the force, leg, knee and PFJ metrics from samples laid out as (start, mid, end)
/// triples over stance (see StepRecorder in step.hpp).
inline void fill_stance_metrics(StepMetrics& m, const std::vector<OutputSample>& s, double body_mass_kg) {
    using namespace metrics_detail;
    const double bw = body_mass_kg * constants::gravity_m_per_s2;
    auto vgrf = [](const OutputSample& o) { return o.vertical_grf_n; };
    const Peak peak = refined_max(s, vgrf);
    m.peak_vgrf_n = peak.value;
    m.peak_vgrf_bw = peak.value / bw;
    m.peak_vgrf_time_s = peak.time;

    // Impact peak: first local maximum followed by a drop of at least the prominence and
    // a later rise above that minimum.
    m.has_impact_peak = false;
    std::size_t impact_index = 0;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        if (vgrf(s[i]) > vgrf(s[i - 1]) && vgrf(s[i]) >= vgrf(s[i + 1])) {
            double lowest = vgrf(s[i]);
            std::size_t j = i + 1;
            for (; j < s.size() && vgrf(s[j]) <= lowest + 1e-9; ++j) lowest = vgrf(s[j]);
            const bool rises_again = j < s.size();
            if (rises_again && (vgrf(s[i]) - lowest) >= impact_peak_min_prominence_bw * bw) {
                const Peak impact = refined_max(s, vgrf, i - 1, i + 2);
                m.has_impact_peak = true;
                m.impact_peak_bw = impact.value / bw;
                m.impact_peak_time_s = impact.time;
                impact_index = i;
            }
            break;
        }
    }
    // Loading rates over 20-80 % of the reference force (Milner CE et al. (2006) Med Sci
    // Sports Exerc 38:323: average and instantaneous vertical loading rates).
    const double contact_time = s.back().time_s;
    double reference_force = 0.0;
    std::size_t reference_index = 0;
    if (m.has_impact_peak) {
        reference_force = m.impact_peak_bw * bw;
        reference_index = impact_index;
    } else {
        const double t_ref = loading_rate_reference_stance_fraction * contact_time;
        while (reference_index + 1 < s.size() && s[reference_index].time_s < t_ref) ++reference_index;
        reference_force = vgrf(s[reference_index]);
    }
    const double t20 = first_crossing_time(s, vgrf, 0.2 * reference_force, reference_index);
    const double t80 = first_crossing_time(s, vgrf, 0.8 * reference_force, reference_index);
    m.average_loading_rate_bw_per_s = t80 > t20 ? 0.6 * reference_force / (t80 - t20) / bw : 0.0;
    m.instantaneous_loading_rate_bw_per_s = steepest_slope(s, vgrf, t20, t80) / bw;

    m.vgrf_at_take_off_bw = vgrf(s.back()) / bw;
    double braking = 0.0, propulsive = 0.0;
    for (const auto& o : s) {
        braking = std::min(braking, o.horizontal_grf_n);
        propulsive = std::max(propulsive, o.horizontal_grf_n);
    }
    m.peak_braking_force_bw = -braking / bw;
    m.peak_propulsive_force_bw = propulsive / bw;
    m.vertical_impulse_n_s = simpson(s, vgrf);
    m.braking_impulse_n_s = -simpson(s, [](const OutputSample& o) { return std::min(0.0, o.horizontal_grf_n); });
    m.propulsive_impulse_n_s = simpson(s, [](const OutputSample& o) { return std::max(0.0, o.horizontal_grf_n); });

    double lowest_com = s.front().com_y_m;
    for (const auto& o : s) lowest_com = std::min(lowest_com, o.com_y_m);
    m.com_drop_in_stance_m = s.front().com_y_m - lowest_com;
    m.peak_leg_compression_m = refined_max(s, [](const OutputSample& o) { return o.leg_compression_m; }).value;
    m.peak_leg_force_n = refined_max(s, [](const OutputSample& o) { return o.leg_force_n; }).value;
    m.peak_leg_force_bw = m.peak_leg_force_n / bw;
    m.vertical_stiffness_n_per_m = m.peak_vgrf_n / m.com_drop_in_stance_m;
    m.peak_contact_compression_m = refined_max(s, [](const OutputSample& o) { return o.contact_compression_m; }).value;

    m.knee_flexion_touchdown_deg = s.front().knee_flexion_deg;
    m.knee_flexion_peak_deg = refined_max(s, [](const OutputSample& o) { return o.knee_flexion_deg; }).value;
    m.peak_knee_extensor_moment_n_m = refined_max(s, [](const OutputSample& o) { return o.knee_extensor_moment_n_m; }).value;
    m.peak_knee_extensor_moment_n_m_per_kg = m.peak_knee_extensor_moment_n_m / body_mass_kg;
    m.peak_quadriceps_force_n = refined_max(s, [](const OutputSample& o) { return o.quadriceps_force_n; }).value;
    m.peak_quadriceps_force_bw = m.peak_quadriceps_force_n / bw;
    m.peak_pfj_force_n = refined_max(s, [](const OutputSample& o) { return o.pfj_force_n; }).value;
    m.peak_pfj_force_bw = m.peak_pfj_force_n / bw;
    m.peak_pfj_stress_mpa = refined_max(s, [](const OutputSample& o) { return o.pfj_stress_mpa; }).value;
    m.pfj_stress_time_integral_mpa_s = simpson(s, [](const OutputSample& o) { return o.pfj_stress_mpa; });
    m.pfj_force_impulse_n_s = simpson(s, [](const OutputSample& o) { return o.pfj_force_n; });
}

}  // namespace kneeload
