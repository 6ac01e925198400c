/// Sweep throughput of the C++ engine without Python, on a grid of about CONDITIONS conditions:
///   kneeload_sweep_benchmark CONDITIONS THREADS [--foot-strike] [--list] [--cold]
/// The grid is speed 2.5..5.0 m/s x cadence ratio 0.9..1.1 (as square as possible); with
/// --foot-strike, speed x foot strike (rearfoot, midfoot, forefoot) x cadence ratio. The cadence
/// ratio is the last axis, along which the sweep's continuation chains its conditions. --list:
/// a list sweep of CONDITIONS entries over the same ranges (speed x cadence ratio x foot strike),
/// unordered as a quasi-random sample is (the Halton sequence: radical inverses in bases 2, 3
/// and 5). --cold solves every condition cold (SweepOptions::warm_start = false). Prints one line:
///   conditions=<n> threads=<t> warm_start=<0|1> seconds=<s> cpu_seconds=<c> conditions_per_s=<r> ok=<k>
///   gait_stances_per_condition=<g>
/// (seconds: wall clock; cpu_seconds: the process's CPU time, all threads; g: stance
/// integrations of the gait solves per condition, SweepChunk::gait_stance_evaluations).
/// Used by benchmarks/python/bench_sweep.py.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>

#include "kneeload/kneeload.hpp"

namespace {
using namespace kneeload;

std::vector<double> evenly(double first, double last, long n) {
    std::vector<double> v(static_cast<std::size_t>(n));
    for (long i = 0; i < n; ++i) v[static_cast<std::size_t>(i)] = first + (last - first) * i / std::max(1L, n - 1);
    return v;
}

std::vector<SweepAxis> grid(long n, bool foot_strike) {
    const long strikes = foot_strike ? 3 : 1;
    const long a = std::max(1L, static_cast<long>(std::sqrt(static_cast<double>(n / strikes))));
    const long b = std::max(1L, n / strikes / a);
    std::vector<SweepAxis> axes{{"speed_m_per_s", evenly(2.5, 5.0, a), {}}};
    if (foot_strike) axes.push_back({"foot_strike", {}, {"rearfoot", "midfoot", "forefoot"}});
    axes.push_back({"cadence_ratio", evenly(0.9, 1.1, b), {}});
    return axes;
}

/// The radical inverse of i in `base` (van der Corput): a low-discrepancy sequence in [0, 1).
double radical_inverse(long i, long base) {
    double scale = 1.0, value = 0.0;
    for (; i > 0; i /= base) {
        scale /= static_cast<double>(base);
        value += scale * static_cast<double>(i % base);
    }
    return value;
}

SweepSpec halton_list(long n) {
    SweepSpec spec;
    spec.axes = {{"speed_m_per_s", {}, {}}, {"cadence_ratio", {}, {}}, {"foot_strike", {}, {}}};
    for (long i = 1; i <= n; ++i)
        spec.points.push_back({2.5 + 2.5 * radical_inverse(i, 2), 0.9 + 0.2 * radical_inverse(i, 3),
                               std::floor(3.0 * radical_inverse(i, 5))});
    return spec;
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: kneeload_sweep_benchmark CONDITIONS THREADS [--foot-strike] [--list] [--cold]\n");
        return 1;
    }
    bool foot_strike = false, list = false, cold = false;
    for (int k = 3; k < argc; ++k) {
        const std::string flag = argv[k];
        if (flag == "--foot-strike")
            foot_strike = true;
        else if (flag == "--list")
            list = true;
        else if (flag == "--cold")
            cold = true;
        else {
            std::fprintf(stderr, "unknown option %s\n", argv[k]);
            return 1;
        }
    }
    SweepSpec spec;
    if (list)
        spec = halton_list(std::atol(argv[1]));
    else
        spec.axes = grid(std::atol(argv[1]), foot_strike);
    SweepOptions options;
    options.threads = static_cast<unsigned>(std::atoi(argv[2]));
    options.warm_start = !cold;
    std::size_t ok = 0, stances = 0;
    SweepCallback count([&ok, &stances](const SweepChunk& chunk) {
        for (int s : chunk.status) ok += s == 0;
        stances += chunk.gait_stance_evaluations;
    });
    const std::clock_t cpu_start = std::clock();
    const auto start = std::chrono::steady_clock::now();
    run_sweep(spec, options, count);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    std::printf(
        "conditions=%zu threads=%u warm_start=%d seconds=%.4f cpu_seconds=%.4f conditions_per_s=%.1f ok=%zu "
        "gait_stances_per_condition=%.2f\n",
        spec.size(), options.threads, cold ? 0 : 1, seconds, cpu_seconds, spec.size() / seconds, ok,
        static_cast<double>(stances) / static_cast<double>(spec.size()));
    return 0;
}
