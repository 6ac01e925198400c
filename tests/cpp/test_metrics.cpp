// Metric definitions: Morin sine-wave estimates, lab-style leg stiffness, impact peak,
// loading rates and integrals on synthetic samples with known answers.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "helpers.hpp"

using namespace kneeload;

TEST_CASE("Morin 2005 sine-wave formulas against a hand calculation") {
    // Independent hand calculation (Python, double precision) for m = 70 kg, v = 3.3 m/s,
    // L = 0.9275 m, t_c = 0.235 s, t_f = 0.125 s.
    const MorinEstimate e = morin_sine_wave_estimate(70.0, 3.3, 0.9275, 0.235, 0.125);
    CHECK(e.peak_force_n == doctest::Approx(1651.8599783562208).epsilon(1e-12));
    CHECK(e.com_drop_m == doctest::Approx(0.06434518841681264).epsilon(1e-12));
    CHECK(e.leg_compression_m == doctest::Approx(0.14928588041529284).epsilon(1e-12));
    CHECK(e.vertical_stiffness_n_per_m == doctest::Approx(25671.849271088766).epsilon(1e-12));
    CHECK(e.leg_stiffness_n_per_m == doctest::Approx(11065.078450560582).epsilon(1e-12));
}

TEST_CASE("Morin 2005 treadmill reference: the published mean force and COM drop are reproduced") {
    // Published means (76 kg, 3.3-6.7 m/s): F_max 2.05 kN, dy 0.05 m, dL 0.20 m, k_vert 37.7 kN/m,
    // k_leg 10.4 kN/m. The contact and flight times that give F_max and dy under the
    // sine-wave model (t_c = 0.18214 s, t_f = 0.13680 s, solved by hand) return them:
    const MorinEstimate e = morin_sine_wave_estimate(76.0, 5.0, 0.95, 0.18213912811435795, 0.13679645060646467);
    CHECK(e.peak_force_n == doctest::Approx(2050.0).epsilon(1e-9));
    CHECK(e.com_drop_m == doctest::Approx(0.05).epsilon(1e-9));
    // The ratio of the published means, 2.05 kN / 0.05 m = 41 kN/m and 2.05 kN / 0.20 m = 10.25 kN/m,
    // lies within 10 % and 2 % of the published mean stiffnesses (a ratio of means is not a mean of ratios).
    CHECK(e.vertical_stiffness_n_per_m == doctest::Approx(37.7e3).epsilon(0.10));
    CHECK(2050.0 / 0.20 == doctest::Approx(10.4e3).epsilon(0.02));
}

TEST_CASE("lab-style leg stiffness: F / (dy + L (1 - cos theta)), sin theta = v t_c / 2L") {
    const double k = kinematic_leg_stiffness_n_per_m(1600.0, 0.07, 0.93, 3.3, 0.24);
    const double theta = std::asin(3.3 * 0.24 / (2 * 0.93));
    CHECK(k == doctest::Approx(1600.0 / (0.07 + 0.93 * (1 - std::cos(theta)))).epsilon(1e-12));
}

namespace {
/// Samples of f on [0, T] laid out as (start, mid, end) triples of n intervals.
template <class F>
std::vector<OutputSample> triples(F f, double T, int n) {
    std::vector<OutputSample> s;
    for (int i = 0; i <= 2 * n; ++i) {
        OutputSample o;
        o.time_s = T * i / (2.0 * n);
        o.vertical_grf_n = f(o.time_s);
        o.pfj_stress_mpa = f(o.time_s) / 100.0;
        o.com_y_m = 1.0;
        s.push_back(o);
    }
    return s;
}
}  // namespace

TEST_CASE("metrics of a half-sine force: peak, impulse, no impact peak") {
    const double T = 0.25, peak = 1500.0;
    auto f = [&](double t) { return peak * std::sin(constants::pi * t / T); };
    StepMetrics m;
    fill_stance_metrics(m, triples(f, T, 40), 70.0);
    const double bw = 70.0 * constants::gravity_m_per_s2;
    CHECK(m.peak_vgrf_n == doctest::Approx(peak).epsilon(1e-5));  // parabola-refined
    CHECK(m.peak_vgrf_time_s == doctest::Approx(T / 2).epsilon(1e-4));
    CHECK(m.vertical_impulse_n_s == doctest::Approx(2 * peak * T / constants::pi).epsilon(1e-7));  // Simpson
    CHECK(m.pfj_stress_time_integral_mpa_s == doctest::Approx(2 * peak / 100 * T / constants::pi).epsilon(1e-7));
    CHECK_FALSE(m.has_impact_peak);
    CHECK(std::isnan(m.impact_peak_bw));
    // Loading rate without impact peak: 20-80 % of the force at 13 % of stance.
    const double f13 = f(0.13 * T);
    const double t20 = T / constants::pi * std::asin(0.2 * f13 / peak), t80 = T / constants::pi * std::asin(0.8 * f13 / peak);
    CHECK(m.average_loading_rate_bw_per_s == doctest::Approx(0.6 * f13 / (t80 - t20) / bw).epsilon(0.02));
}

TEST_CASE("impact peak: a distinct first maximum followed by a dip and the active peak") {
    const double T = 0.25;
    // Half-sine active peak plus a short half-sine impact transient of 30 ms.
    auto f = [&](double t) {
        const double impact = t < 0.03 ? 900.0 * std::sin(constants::pi * t / 0.03) : 0.0;
        return 1600.0 * std::sin(constants::pi * t / T) + impact;
    };
    StepMetrics m;
    fill_stance_metrics(m, triples(f, T, 200), 70.0);
    REQUIRE(m.has_impact_peak);
    const double bw = 70.0 * constants::gravity_m_per_s2;
    // Brute-force maximum of f on [0, 30 ms] as the reference.
    double best = 0.0, t_best = 0.0;
    for (double t = 0; t < 0.03; t += 1e-6)
        if (f(t) > best) { best = f(t); t_best = t; }
    CHECK(m.impact_peak_bw == doctest::Approx(best / bw).epsilon(1e-4));
    CHECK(m.impact_peak_time_s == doctest::Approx(t_best).epsilon(1e-2));
    CHECK(m.peak_vgrf_n == doctest::Approx(1600.0).epsilon(1e-4));
    CHECK(m.average_loading_rate_bw_per_s > 0.0);
    CHECK(m.instantaneous_loading_rate_bw_per_s >= m.average_loading_rate_bw_per_s);
}
