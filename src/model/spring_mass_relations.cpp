/// @file model/spring_mass_relations.cpp
#include "kneeload/model/spring_mass_relations.hpp"

#include <algorithm>
#include <boost/math/tools/roots.hpp>
#include <cmath>

#include "kneeload/parameters/constants.hpp"

namespace kneeload {

SineWaveEstimate sine_wave_estimate(double body_mass_kg, double speed_m_per_s, double leg_length_m,
                                    double contact_time_s, double flight_time_s, double cop_travel_m, double g) {
    const double pi = constants::pi;
    SineWaveEstimate m;
    m.peak_force_n = body_mass_kg * g * pi / 2.0 * (flight_time_s / contact_time_s + 1.0);
    m.com_drop_m = m.peak_force_n * contact_time_s * contact_time_s / (body_mass_kg * pi * pi) -
                   g * contact_time_s * contact_time_s / 8.0;
    const double half_sweep = std::max(0.0, (speed_m_per_s * contact_time_s - cop_travel_m) / 2.0);
    m.leg_compression_m =
        leg_length_m - std::sqrt(std::max(0.0, leg_length_m * leg_length_m - half_sweep * half_sweep)) + m.com_drop_m;
    m.vertical_stiffness_n_per_m = m.peak_force_n / m.com_drop_m;
    m.leg_stiffness_n_per_m = m.peak_force_n / m.leg_compression_m;
    return m;
}

std::optional<double> sine_wave_contact_time_s(double body_mass_kg, double speed_m_per_s, double leg_length_m,
                                               double step_period_s, double leg_stiffness_n_per_m, double cop_travel_m,
                                               double gravity) {
    // Shortest contact considered: 2 % of the step (far below running's 30-50 %); longest:
    // just short of the step period and of a leg sweeping twice its length.
    constexpr double shortest_fraction_of_step = 0.02, longest_fraction_of_step = 0.999, longest_sweep_in_legs = 1.999;
    auto excess = [&](double tc) {
        return sine_wave_estimate(body_mass_kg, speed_m_per_s, leg_length_m, tc, step_period_s - tc, cop_travel_m,
                                  gravity)
                   .leg_stiffness_n_per_m -
               leg_stiffness_n_per_m;
    };
    const double lo = shortest_fraction_of_step * step_period_s;
    const double hi = std::min(longest_fraction_of_step * step_period_s,
                               (longest_sweep_in_legs * leg_length_m + cop_travel_m) / speed_m_per_s);
    if (!(hi > lo)) return std::nullopt;
    const double f_lo = excess(lo), f_hi = excess(hi);
    if (!(f_lo > 0.0 && f_hi <= 0.0)) return std::nullopt;  // stiffness falls with contact time
    if (f_hi == 0.0) return hi;
    // Contact time to 1e-13 s, far below the integration's accuracy (TOMS 748 needs ~10 iterations).
    constexpr double contact_time_tolerance_s = 1e-13;
    std::uintmax_t iterations = 200;
    const auto bracket = boost::math::tools::toms748_solve(
        excess, lo, hi, f_lo, f_hi, [](double a, double b) { return std::abs(b - a) <= contact_time_tolerance_s; },
        iterations);
    return 0.5 * (bracket.first + bracket.second);
}

double kinematic_leg_stiffness_n_per_m(double peak_vgrf_n, double com_drop_m, double leg_length_m, double speed_m_per_s,
                                       double contact_time_s) {
    const double sine = std::min(1.0, speed_m_per_s * contact_time_s / (2.0 * leg_length_m));
    return peak_vgrf_n / (com_drop_m + leg_length_m * (1.0 - std::sqrt(1.0 - sine * sine)));
}

}  // namespace kneeload
