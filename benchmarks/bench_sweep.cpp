/// Sweep throughput of the C++ engine without Python, on a grid of about CONDITIONS conditions:
///   kneeload_sweep_benchmark CONDITIONS THREADS [--foot-strike] [--cold]
/// The grid is speed 2.5..5.0 m/s x cadence ratio 0.9..1.1 (as square as possible); with
/// --foot-strike, speed x foot strike (rearfoot, midfoot, forefoot) x cadence ratio. The cadence
/// ratio is the last axis, along which the sweep's continuation chains its conditions; --cold
/// solves every condition cold (SweepOptions::warm_start = false). Prints one line:
///   conditions=<n> threads=<t> warm_start=<0|1> seconds=<s> cpu_seconds=<c> conditions_per_s=<r> ok=<k>
/// (seconds: wall clock; cpu_seconds: the process's CPU time, all threads).
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
}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: kneeload_sweep_benchmark CONDITIONS THREADS [--foot-strike] [--cold]\n");
        return 1;
    }
    bool foot_strike = false, cold = false;
    for (int k = 3; k < argc; ++k) {
        const std::string flag = argv[k];
        if (flag == "--foot-strike")
            foot_strike = true;
        else if (flag == "--cold")
            cold = true;
        else {
            std::fprintf(stderr, "unknown option %s\n", argv[k]);
            return 1;
        }
    }
    SweepSpec spec;
    spec.axes = grid(std::atol(argv[1]), foot_strike);
    SweepOptions options;
    options.threads = static_cast<unsigned>(std::atoi(argv[2]));
    options.warm_start = !cold;
    std::size_t ok = 0;
    SweepCallback count([&ok](const SweepChunk& chunk) {
        for (int s : chunk.status) ok += s == 0;
    });
    const std::clock_t cpu_start = std::clock();
    const auto start = std::chrono::steady_clock::now();
    run_sweep(spec, options, count);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    std::printf("conditions=%zu threads=%u warm_start=%d seconds=%.4f cpu_seconds=%.4f conditions_per_s=%.1f ok=%zu\n",
                spec.size(), options.threads, cold ? 0 : 1, seconds, cpu_seconds, spec.size() / seconds, ok);
    return 0;
}
