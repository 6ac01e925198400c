// Metric definitions on synthetic samples with known answers, the metric and time-series
// registries, and the stance curves.
#include <doctest/doctest.h>

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include <kneeload/metrics/stance_metrics.hpp>
#include <kneeload/metrics/step.hpp>
#include <kneeload/parameters/constants.hpp>
#include <kneeload/parameters/registry.hpp>

#include "helpers.hpp"

using namespace kneeload;

namespace {
/// Samples of a force f (and its rate df) on [0, T] laid out as (start, mid, end) triples of n
/// intervals.
template <class F, class DF>
std::vector<OutputSample> triples(F f, DF df, double T, int n) {
    std::vector<OutputSample> s;
    for (int i = 0; i <= 2 * n; ++i) {
        OutputSample o;
        o.time_s = T * i / (2.0 * n);
        o.vertical_grf_n = f(o.time_s);
        o.vertical_grf_rate_n_per_s = df(o.time_s);
        o.pfj_stress_mpa = f(o.time_s) / 100.0;
        o.com_y_m = 1.0;
        s.push_back(o);
    }
    return s;
}
}  // namespace

TEST_CASE("metrics of a half-sine force: peak, impulse, no impact peak, loading rate at 13 % of stance") {
    const double T = 0.25, peak = 1500.0;
    auto f = [&](double t) { return peak * std::sin(constants::pi * t / T); };
    auto df = [&](double t) { return peak * constants::pi / T * std::cos(constants::pi * t / T); };
    StepMetrics m;
    fill_stance_metrics(m, triples(f, df, T, 40), 70.0);
    const double bw = 70.0 * constants::gravity_m_per_s2;
    CHECK(m.peak_vgrf_n == doctest::Approx(peak).epsilon(1e-5));  // parabola-refined
    CHECK(m.peak_vgrf_time_s == doctest::Approx(T / 2).epsilon(1e-4));
    CHECK(m.vertical_impulse_n_s == doctest::Approx(2 * peak * T / constants::pi).epsilon(1e-7));  // Simpson
    CHECK(m.pfj_stress_time_integral_mpa_s == doctest::Approx(2 * peak / 100 * T / constants::pi).epsilon(1e-7));
    CHECK(m.has_impact_peak == 0.0);
    CHECK(std::isnan(m.impact_peak_bw));
    // 20-80 % of the force at the sample nearest 13 % of stance, crossings from the analytic sine.
    const double f13 = f(0.13 * T);
    const double t20 = T / constants::pi * std::asin(0.2 * f13 / peak),
                 t80 = T / constants::pi * std::asin(0.8 * f13 / peak);
    CHECK(m.average_loading_rate_bw_per_s == doctest::Approx(0.6 * f13 / (t80 - t20) / bw).epsilon(0.02));
    // The largest rate over [t20, t80] is the sine's at t20 (it flattens as it rises), read on
    // the rate's quadratic between samples.
    CHECK(m.instantaneous_loading_rate_bw_per_s == doctest::Approx(df(t20) / bw).epsilon(1e-6));
}

TEST_CASE("loading-rate crossings are exact on a quadratic force (the closed-form root)") {
    // F = 4000 t^2 on [0, 0.1]: every interval quadratic is exact, so the 20 % and 80 % crossings
    // of F(13 % of stance) sit at sqrt(level / 4000); the average rate is exact to rounding.
    const double T = 0.1;
    auto f = [](double t) { return 4000.0 * t * t; };
    StepMetrics m;
    const auto samples = triples(
        f, [](double t) { return 8000.0 * t; }, T, 50);
    fill_stance_metrics(m, samples, 70.0);
    std::size_t ref = 0;
    while (samples[ref].time_s < 0.13 * T) ++ref;
    const double f_ref = f(samples[ref].time_s);
    const double t20 = std::sqrt(0.2 * f_ref / 4000.0), t80 = std::sqrt(0.8 * f_ref / 4000.0);
    const double bw = 70.0 * constants::gravity_m_per_s2;
    CHECK(m.average_loading_rate_bw_per_s == doctest::Approx(0.6 * f_ref / (t80 - t20) / bw).epsilon(1e-10));
    CHECK(m.instantaneous_loading_rate_bw_per_s == doctest::Approx(8000.0 * t80 / bw).epsilon(1e-10));
}

TEST_CASE("no quadratic's value at the loading-rate window's end across a jump of the rate: the samples' lines") {
    // A triangular force rising at R0 from a first contact whose sample has no rate yet (a
    // Kelvin-Voigt dashpot engaging at touchdown: the rate jumps from 0 to R0), in 7 coarse
    // intervals, so the whole 20-80 % window of the force at 13 % of stance lies in the first
    // one, its end at 73 % of it. The quadratic through that interval's rates (0, R0, R0) reads
    // 1.12 R0 there, above every sample; the largest rate is R0 (the rate is R0 throughout).
    const double T = 0.25, R0 = 2.0e4;
    auto f = [&](double t) { return t < T / 2 ? R0 * t : R0 * (T - t); };
    auto df = [&](double t) { return t <= 0.0 ? 0.0 : (t < T / 2 ? R0 : -R0); };
    std::vector<OutputSample> samples = triples(f, df, T, 7);
    for (OutputSample& o : samples) o.contact_compression_m = o.vertical_grf_n / 1.0e5;
    const double jump_m = 1.0;  // finite: the stack has rate jumps (only the first contact's here)
    const double t_high = 0.8 * 0.13 * T, h = T / 7;
    const double s_high = t_high / h, quadratic_at_end = R0 * (-2.0 * s_high * s_high + 3.0 * s_high);
    REQUIRE(quadratic_at_end > 1.1 * R0);  // the case this test is about
    StepMetrics m;
    fill_stance_metrics(m, samples, 70.0, jump_m);
    const double bw = 70.0 * constants::gravity_m_per_s2;
    CHECK(m.instantaneous_loading_rate_bw_per_s == doctest::Approx(R0 / bw).epsilon(1e-12));
    CHECK(m.average_loading_rate_bw_per_s == doctest::Approx(R0 / bw).epsilon(1e-9));  // linear force
}

TEST_CASE("impact peak: a distinct first maximum followed by a dip and the active peak") {
    const double T = 0.25;
    // Half-sine active peak plus a short half-sine impact transient of 30 ms.
    auto f = [&](double t) {
        const double impact = t < 0.03 ? 900.0 * std::sin(constants::pi * t / 0.03) : 0.0;
        return 1600.0 * std::sin(constants::pi * t / T) + impact;
    };
    auto df = [&](double t) {
        const double impact = t < 0.03 ? 900.0 * constants::pi / 0.03 * std::cos(constants::pi * t / 0.03) : 0.0;
        return 1600.0 * constants::pi / T * std::cos(constants::pi * t / T) + impact;
    };
    StepMetrics m;
    fill_stance_metrics(m, triples(f, df, T, 200), 70.0);
    REQUIRE(m.has_impact_peak == 1.0);
    const double bw = 70.0 * constants::gravity_m_per_s2;
    double best = 0.0, t_best = 0.0;  // brute-force maximum of f on [0, 30 ms] as the reference
    for (double t = 0; t < 0.03; t += 1e-6)
        if (f(t) > best) {
            best = f(t);
            t_best = t;
        }
    CHECK(m.impact_peak_bw == doctest::Approx(best / bw).epsilon(1e-4));
    CHECK(m.impact_peak_time_s == doctest::Approx(t_best).epsilon(1e-2));
    CHECK(m.peak_vgrf_n == doctest::Approx(1600.0).epsilon(1e-4));
    CHECK(m.instantaneous_loading_rate_bw_per_s >= m.average_loading_rate_bw_per_s);
}

TEST_CASE("metric, column, parameter and choice names are distinct where they meet in one dataset") {
    std::set<std::string> metrics, columns;
    for (const auto& m : metric_registry) CHECK(metrics.insert(std::string(m.name)).second);
    for (const auto& c : time_series_registry) CHECK(columns.insert(std::string(c.name)).second);
    for (const auto& c : time_series_registry) CHECK(metrics.count(std::string(c.name)) == 0);
    // A parameter may echo a metric only where the metric reports the same input (speed,
    // cadence, step length): a swept axis then replaces the metric in a sweep file.
    const std::set<std::string> echoed = {"speed_m_per_s", "cadence_steps_per_min", "step_length_m"};
    for (const auto& p : parameters())
        CHECK((metrics.count(std::string(p.name)) == 0 || echoed.count(std::string(p.name))));
    for (const auto& c : choices()) CHECK(metrics.count(std::string(c.name)) == 0);
}

TEST_CASE("a solved step fills every metric; only the impact-peak fields may stay NaN, and only without one") {
    for (FootStrikePattern pattern : {FootStrikePattern::rearfoot, FootStrikePattern::forefoot}) {
        ModelParameters p;
        p.foot_strike = FootStrike::of(pattern);
        const StanceModel model(p);
        const SolvedStep s = solve_and_simulate(model, test::default_target(), Closure{});
        REQUIRE(s.ok());
        for_each_metric(s.step.metrics, [&](const MetricSpec& spec, double value) {
            CAPTURE(spec.name);
            const bool impact_field = spec.name == "impact_peak_bw" || spec.name == "impact_peak_time_s";
            if (impact_field && s.step.metrics.has_impact_peak == 0.0)
                CHECK(std::isnan(value));
            else
                CHECK(std::isfinite(value));
        });
    }
}

TEST_CASE("a solved step fills every time-series column with finite values") {
    const StanceModel model{ModelParameters{}};
    const SolvedStep s = solve_and_simulate(model, test::default_target(), Closure{});
    REQUIRE(s.ok());
    for (std::size_t c = 0; c < time_series_column_count; ++c) {
        CAPTURE(time_series_registry[c].name);
        for (double v : s.step.time_series.columns[c]) CHECK(std::isfinite(v));
    }
}

TEST_CASE("stance curves: 0 % is touchdown, 100 % take-off, values interpolate the series") {
    const StanceModel model{ModelParameters{}};
    const SolvedStep s = solve_and_simulate(model, test::default_target(), Closure{});
    REQUIRE(s.ok());
    const TimeSeries& ts = s.step.time_series;
    const StanceCurves curves = resample_over_stance(ts, 101);
    std::size_t vgrf = 0;
    while (time_series_registry[vgrf].name != "vertical_grf_n") ++vgrf;
    const std::size_t time = 0;
    CHECK(curves.values[time * 101 + 0] == 0.0);
    CHECK(curves.values[time * 101 + 100] == doctest::Approx(s.step.metrics.contact_time_s).epsilon(1e-12));
    CHECK(curves.values[vgrf * 101 + 0] == ts.column("vertical_grf_n").front());
    CHECK(curves.values[vgrf * 101 + 100] == doctest::Approx(ts.column("vertical_grf_n").back()).epsilon(1e-12));
    CHECK(curves.values[time * 101 + 50] == doctest::Approx(0.5 * s.step.metrics.contact_time_s).epsilon(1e-12));
    double peak = 0.0;
    for (std::size_t k = 0; k < 101; ++k) peak = std::max(peak, curves.values[vgrf * 101 + k]);
    // 1 % of a ~0.24 s stance is 2.4 ms: the resampled peak lies within 1 % of the exact one.
    CHECK(peak == doctest::Approx(s.step.metrics.peak_vgrf_n).epsilon(0.01));
    CHECK_THROWS_AS(resample_over_stance(ts, 1), std::invalid_argument);
}
