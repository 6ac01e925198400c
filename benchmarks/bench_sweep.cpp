/// Sweep throughput of the C++ engine without Python: a grid of speed x cadence ratio with
/// the requested number of conditions on the requested threads. Prints one line:
///   conditions=<n> threads=<t> seconds=<s> conditions_per_s=<r> ok=<k>
/// Used by benchmarks/python/bench_sweep.py to measure the Python overhead.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "kneeload/kneeload.hpp"

int main(int argc, char** argv) {
    using namespace kneeload;
    if (argc != 3) {
        std::fprintf(stderr, "usage: kneeload_sweep_benchmark CONDITIONS THREADS\n");
        return 1;
    }
    const long n = std::atol(argv[1]);
    const unsigned threads = static_cast<unsigned>(std::atoi(argv[2]));
    const auto axes = [n] {
        // speed 2.5..5.0 m/s x cadence ratio 0.9..1.1, as square as possible.
        const long a = static_cast<long>(std::sqrt(static_cast<double>(n)));
        const long b = n / a;
        std::vector<double> speed(a), ratio(b);
        for (long i = 0; i < a; ++i) speed[i] = 2.5 + 2.5 * i / std::max(1L, a - 1);
        for (long j = 0; j < b; ++j) ratio[j] = 0.9 + 0.2 * j / std::max(1L, b - 1);
        return std::vector<SweepAxis>{{"speed_m_per_s", speed, {}}, {"cadence_ratio", ratio, {}}};
    }();
    SweepSpec spec;
    spec.axes = axes;
    SweepOptions options;
    options.threads = threads;
    std::size_t ok = 0;
    const auto start = std::chrono::steady_clock::now();
    SweepCallback count([&ok](const SweepChunk& chunk) {
        for (int s : chunk.status) ok += s == 0;
    });
    run_sweep(spec, options, count);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("conditions=%zu threads=%u seconds=%.4f conditions_per_s=%.1f ok=%zu\n", spec.size(), threads, seconds,
                spec.size() / seconds, ok);
    return 0;
}
