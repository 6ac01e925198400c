/// @file metrics/stance_metrics.cpp
#include "kneeload/metrics/stance_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "kneeload/parameters/constants.hpp"

namespace kneeload {

namespace {

using Samples = std::vector<OutputSample>;
using Field = double OutputSample::*;

// Numerical thresholds: a quadratic this close to linear is solved as linear; a root this close
// outside its half-interval (rounding) still counts; a force this close to the previous minimum
// [N] is still falling.
constexpr double linear_threshold = 1e-12, root_slack = 1e-12, flat_force_n = 1e-9;

/// A peak, refined with the parabola through the largest sample and its neighbours.
struct Peak {
    double value = -std::numeric_limits<double>::infinity();
    double time = 0.0;
    std::size_t index = 0;
};

Peak refined_max(const Samples& s, Field get, std::size_t begin = 0,
                 std::size_t end = std::numeric_limits<std::size_t>::max()) {
    end = std::min(end, s.size());
    Peak p;
    for (std::size_t i = begin; i < end; ++i)
        if (s[i].*get > p.value) p = {s[i].*get, s[i].time_s, i};
    if (p.index == begin || p.index + 1 >= end) return p;
    const double t0 = s[p.index - 1].time_s, t1 = s[p.index].time_s, t2 = s[p.index + 1].time_s;
    const double y0 = s[p.index - 1].*get, y1 = p.value, y2 = s[p.index + 1].*get;
    // Parabola y = y0 + d01 (t - t0) + a (t - t0)(t - t1) through the three points; its vertex
    // if it is a maximum inside [t0, t2].
    const double d01 = (y1 - y0) / (t1 - t0), d12 = (y2 - y1) / (t2 - t1);
    const double a = (d12 - d01) / (t2 - t0);
    if (a >= 0.0) return p;
    const double t_vertex = (t0 + t1) / 2.0 - d01 / (2.0 * a);
    if (t_vertex <= t0 || t_vertex >= t2) return p;
    const double y_vertex = y0 + d01 * (t_vertex - t0) + a * (t_vertex - t0) * (t_vertex - t1);
    if (y_vertex >= p.value) {
        p.value = y_vertex;
        p.time = t_vertex;
    }
    return p;
}

/// Simpson's rule over the (start, mid, end) triples: exact for the interpolating quadratics.
template <class Get>
double simpson(const Samples& s, Get get) {
    double sum = 0.0;
    for (std::size_t i = 0; i + 2 < s.size(); i += 2)
        sum += (s[i + 2].time_s - s[i].time_s) / 6.0 * (get(s[i]) + 4.0 * get(s[i + 1]) + get(s[i + 2]));
    return sum;
}

/// The quadratic through an interval's (start, mid, end) samples i, i+1, i+2 (i even), in the
/// interval's own coordinate s = (t - t0) / h: y = a s^2 + b s + c.
struct IntervalQuadratic {
    double t0 = 0, h = 0, a = 0, b = 0, c = 0;
    IntervalQuadratic(const Samples& s, Field get, std::size_t i) : t0(s[i].time_s), h(s[i + 2].time_s - s[i].time_s) {
        const double y0 = s[i].*get, y1 = s[i + 1].*get, y2 = s[i + 2].*get;
        a = 2.0 * y0 - 4.0 * y1 + 2.0 * y2;
        b = -3.0 * y0 + 4.0 * y1 - y2;
        c = y0;
    }
    double at(double s) const { return (a * s + b) * s + c; }
    /// The root of y(s) = level in [lo, hi], where y(lo) < level <= y(hi): unique there for a
    /// quadratic. Closed form, with the cancellation-free pair of roots.
    double crossing(double level, double lo, double hi) const {
        const double c0 = c - level;
        if (std::abs(a) <= linear_threshold * (std::abs(b) + std::abs(c0))) return std::clamp(-c0 / b, lo, hi);
        const double discriminant = std::max(0.0, b * b - 4.0 * a * c0);
        const double q = -0.5 * (b + std::copysign(std::sqrt(discriminant), b));
        const double r1 = q / a, r2 = q != 0.0 ? c0 / q : r1;
        if (r1 >= lo - root_slack && r1 <= hi + root_slack) return std::clamp(r1, lo, hi);
        return std::clamp(r2, lo, hi);
    }
};

/// Time at which the rising signal first reaches `level` within the intervals that start at
/// or before sample `end`, on each interval's quadratic: the accuracy follows the integrator's
/// step, not a linear interpolation between samples.
double first_crossing_time(const Samples& s, Field get, double level, std::size_t end) {
    for (std::size_t i = 0; i + 2 < s.size() && i <= end; i += 2) {
        const double y0 = s[i].*get, y1 = s[i + 1].*get, y2 = s[i + 2].*get;
        if (std::max({y0, y1, y2}) < level) continue;
        if (y0 >= level) return s[i].time_s;
        const IntervalQuadratic q(s, get, i);
        // The first half-interval (start-mid or mid-end) whose samples bracket the level.
        const double crossing = y1 >= level ? q.crossing(level, 0.0, 0.5) : q.crossing(level, 0.5, 1.0);
        return q.t0 + crossing * q.h;
    }
    return s.empty() ? 0.0 : s.front().time_s;
}

/// True where the interval starting at sample i holds a jump of the force's rate: for a stack
/// with a jump (jump_m finite), a sample without compression (first contact) or compressions on
/// both sides of jump_m.
bool spans_rate_jump(const Samples& s, std::size_t i, double jump_m) {
    if (!std::isfinite(jump_m)) return false;
    const double c0 = s[i].contact_compression_m, c1 = s[i + 1].contact_compression_m;
    const double c2 = s[i + 2].contact_compression_m;
    const double lowest = std::min({c0, c1, c2}), highest = std::max({c0, c1, c2});
    return lowest <= 0.0 || (lowest < jump_m && highest > jump_m);
}

/// Largest value over [a, b] of the straight lines through samples i, i+1, i+2: at a sample
/// inside the window or at one of its ends.
double largest_on_segments(const Samples& s, Field rate, std::size_t i, double a, double b) {
    double largest = 0.0;
    for (std::size_t j = i; j < i + 2; ++j) {
        const double t0 = s[j].time_s, t1 = s[j + 1].time_s;
        const double lo = std::max(a, t0), hi = std::min(b, t1);
        if (lo > hi) continue;
        if (t1 <= t0) {  // two samples at one time (an event at a sample's time) inside the window
            largest = std::max({largest, s[j].*rate, s[j + 1].*rate});
            continue;
        }
        const auto on_line = [&](double t) {
            return s[j].*rate + (s[j + 1].*rate - s[j].*rate) * (t - t0) / (t1 - t0);
        };
        largest = std::max({largest, on_line(lo), on_line(hi)});
    }
    return largest;
}

/// Largest value of a rate over [from, to]: the rate is exact at every sample (read from the
/// state), and each interval's quadratic through it is searched at the window's ends and its
/// vertex. (Differentiating the sampled force instead loses an order of accuracy: up to 28 %
/// off a 1e-12 run where a Kelvin-Voigt dashpot engages within microseconds of touchdown.) Where
/// the rate jumps inside an interval (a Kelvin-Voigt stack's first contact and the dashpot's full
/// engagement at compression `jump_m`), a quadratic through it has no meaning: neither its vertex
/// (through 2854, 2854, 368 BW/s over a 12 ns step of a 1e-12 run it lay 11 % above every sample)
/// nor its value at a window's end (7.5 % above every sample for a forefoot landing at 5.5 m/s)
/// is taken, only the samples and the straight lines between them.
double largest_rate(const Samples& s, Field rate, double from, double to, double jump_m) {
    double largest = 0.0;
    for (std::size_t i = 0; i + 2 < s.size(); i += 2) {
        const IntervalQuadratic q(s, rate, i);
        const double a = std::max(from, q.t0), b = std::min(to, q.t0 + q.h);
        if (a > b) continue;
        if (spans_rate_jump(s, i, jump_m)) {
            largest = std::max(largest, largest_on_segments(s, rate, i, a, b));
            continue;
        }
        const double sa = (a - q.t0) / q.h, sb = (b - q.t0) / q.h;
        largest = std::max({largest, q.at(sa), q.at(sb)});
        if (q.a < 0.0) {  // a maximum of the quadratic inside the window
            const double vertex = -q.b / (2.0 * q.a);
            if (vertex > sa && vertex < sb) largest = std::max(largest, q.at(vertex));
        }
    }
    return largest;
}

/// The first local maximum of the vertical force, if it is followed by a drop of at least the
/// prominence and a later rise (a distinct impact peak): its sample index.
std::size_t impact_peak_index(const Samples& s, double body_weight_n) {
    const Field vgrf = &OutputSample::vertical_grf_n;
    for (std::size_t i = 1; i + 1 < s.size(); ++i) {
        if (!(s[i].*vgrf > s[i - 1].*vgrf && s[i].*vgrf >= s[i + 1].*vgrf)) continue;
        double lowest = s[i].*vgrf;
        std::size_t j = i + 1;
        for (; j < s.size() && s[j].*vgrf <= lowest + flat_force_n; ++j) lowest = s[j].*vgrf;
        const bool rises_again = j < s.size();
        const bool prominent = s[i].*vgrf - lowest >= constants::impact_peak_min_prominence_bw * body_weight_n;
        return rises_again && prominent ? i : 0;
    }
    return 0;
}

void fill_vertical_force(StepMetrics& m, const Samples& s, double bw, double jump_m) {
    const Field vgrf = &OutputSample::vertical_grf_n;
    const Peak peak = refined_max(s, vgrf);
    m.peak_vgrf_n = peak.value;
    m.peak_vgrf_bw = peak.value / bw;
    m.peak_vgrf_time_s = peak.time;
    const std::size_t impact = impact_peak_index(s, bw);
    m.has_impact_peak = impact > 0 ? 1.0 : 0.0;
    std::size_t reference_index = impact;
    double reference_force = 0.0;
    if (impact > 0) {
        const Peak refined = refined_max(s, vgrf, impact - 1, impact + 2);
        m.impact_peak_bw = refined.value / bw;
        m.impact_peak_time_s = refined.time;
        reference_force = refined.value;
    } else {
        // The force at a fixed share of stance, on the quadratic of the interval that holds it
        // (the nearest sample would carry the step size's error: up to 2.5 % in the rate).
        const double t_ref = constants::loading_rate_reference_stance_fraction * s.back().time_s;
        while (reference_index + 4 < s.size() && s[reference_index + 2].time_s < t_ref) reference_index += 2;
        if (reference_index + 2 < s.size()) {
            const IntervalQuadratic q(s, vgrf, reference_index);
            reference_force = q.at(std::clamp((t_ref - q.t0) / q.h, 0.0, 1.0));
        }
    }
    const double low = constants::loading_rate_low_fraction, high = constants::loading_rate_high_fraction;
    const double t_low = first_crossing_time(s, vgrf, low * reference_force, reference_index);
    const double t_high = first_crossing_time(s, vgrf, high * reference_force, reference_index);
    m.average_loading_rate_bw_per_s = t_high > t_low ? (high - low) * reference_force / (t_high - t_low) / bw : 0.0;
    m.instantaneous_loading_rate_bw_per_s =
        largest_rate(s, &OutputSample::vertical_grf_rate_n_per_s, t_low, t_high, jump_m) / bw;
    m.vertical_impulse_n_s = simpson(s, [](const OutputSample& o) { return o.vertical_grf_n; });
}

void fill_horizontal_force(StepMetrics& m, const Samples& s, double bw) {
    double braking = 0.0, propulsive = 0.0;
    for (const auto& o : s) {
        braking = std::min(braking, o.horizontal_grf_n);
        propulsive = std::max(propulsive, o.horizontal_grf_n);
    }
    m.peak_braking_force_bw = -braking / bw;
    m.peak_propulsive_force_bw = propulsive / bw;
    m.braking_impulse_n_s = -simpson(s, [](const OutputSample& o) { return std::min(0.0, o.horizontal_grf_n); });
    m.propulsive_impulse_n_s = simpson(s, [](const OutputSample& o) { return std::max(0.0, o.horizontal_grf_n); });
}

void fill_leg(StepMetrics& m, const Samples& s, double bw) {
    double lowest_com = s.front().com_y_m;
    for (const auto& o : s) lowest_com = std::min(lowest_com, o.com_y_m);
    m.com_drop_in_stance_m = s.front().com_y_m - lowest_com;
    m.peak_leg_compression_m = refined_max(s, &OutputSample::leg_compression_m).value;
    m.peak_leg_force_n = refined_max(s, &OutputSample::leg_force_n).value;
    m.peak_leg_force_bw = m.peak_leg_force_n / bw;
    m.vertical_stiffness_n_per_m = m.peak_vgrf_n / m.com_drop_in_stance_m;
    m.peak_contact_compression_m = refined_max(s, &OutputSample::contact_compression_m).value;
}

void fill_knee(StepMetrics& m, const Samples& s, double body_mass_kg, double bw) {
    m.knee_flexion_touchdown_deg = s.front().knee_flexion_deg;
    m.knee_flexion_peak_deg = refined_max(s, &OutputSample::knee_flexion_deg).value;
    m.peak_knee_extensor_moment_n_m = refined_max(s, &OutputSample::knee_extensor_moment_n_m).value;
    m.peak_knee_extensor_moment_n_m_per_kg = m.peak_knee_extensor_moment_n_m / body_mass_kg;
    m.peak_knee_extensor_moment_lab_n_m = refined_max(s, &OutputSample::knee_extensor_moment_lab_n_m).value;
    m.peak_knee_extensor_moment_lab_n_m_per_kg = m.peak_knee_extensor_moment_lab_n_m / body_mass_kg;
    m.ankle_dorsiflexion_peak_deg = refined_max(s, &OutputSample::ankle_dorsiflexion_deg).value;
    m.peak_quadriceps_force_n = refined_max(s, &OutputSample::quadriceps_force_n).value;
    m.peak_quadriceps_force_bw = m.peak_quadriceps_force_n / bw;
    m.peak_pfj_force_n = refined_max(s, &OutputSample::pfj_force_n).value;
    m.peak_pfj_force_bw = m.peak_pfj_force_n / bw;
    m.peak_pfj_stress_mpa = refined_max(s, &OutputSample::pfj_stress_mpa).value;
    m.pfj_stress_time_integral_mpa_s = simpson(s, [](const OutputSample& o) { return o.pfj_stress_mpa; });
    m.pfj_force_impulse_n_s = simpson(s, [](const OutputSample& o) { return o.pfj_force_n; });
}

}  // namespace

void fill_stance_metrics(StepMetrics& m, const Samples& samples, double body_mass_kg, double rate_jump_compression_m) {
    const double bw = body_mass_kg * constants::gravity_m_per_s2;
    fill_vertical_force(m, samples, bw, rate_jump_compression_m);
    fill_horizontal_force(m, samples, bw);
    fill_leg(m, samples, bw);
    fill_knee(m, samples, body_mass_kg, bw);
}

}  // namespace kneeload
