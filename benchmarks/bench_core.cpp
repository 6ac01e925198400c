/// Speed of the core at default settings, with Google Benchmark:
/// one stance integration (dynamics only, as the gait solver uses it), one stance with all
/// metrics, and one periodic-gait solve, for the default runner at 3.3 m/s and preferred
/// cadence. After the run, the medians are set against the targets.
///   make bench        (or build/benchmarks/kneeload_benchmarks)

#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <string>

#include "kneeload/kneeload.hpp"

namespace {
using namespace kneeload;

const StanceModel& default_model() {
    static const StanceModel model{ModelParameters{}};
    return model;
}
GaitTarget default_target() {
    GaitTarget t;
    t.speed_m_per_s = 3.3;
    t.cadence_steps_per_min = preferred_cadence_steps_per_min(3.3, Runner{});
    return t;
}
const GaitSolution& default_solution() {
    static const GaitSolution g = solve_gait(default_model(), default_target(), Closure{});
    return g;
}

void stance_dynamics(benchmark::State& state) {
    const StanceControl control = default_solution().control;
    for (auto _ : state) benchmark::DoNotOptimize(integrate_stance(default_model(), control));
}
BENCHMARK(stance_dynamics)->Unit(benchmark::kMicrosecond)->Repetitions(7)->ReportAggregatesOnly(true);

void stance_with_metrics(benchmark::State& state) {
    const GaitSolution& g = default_solution();
    StepWorkspace workspace;
    const StepOptions options{false, 2000.0};
    for (auto _ : state)
        benchmark::DoNotOptimize(simulate_step(default_model(), g.control, g.gait, options, workspace));
}
BENCHMARK(stance_with_metrics)->Unit(benchmark::kMicrosecond)->Repetitions(7)->ReportAggregatesOnly(true);

void gait_solve(benchmark::State& state) {
    const GaitTarget target = default_target();
    for (auto _ : state) benchmark::DoNotOptimize(solve_gait(default_model(), target, Closure{}));
}
BENCHMARK(gait_solve)->Unit(benchmark::kMicrosecond)->Repetitions(7)->ReportAggregatesOnly(true);

/// One condition of a grid sweep (speed 2.5-5 m/s x cadence 0.9-1.1 x preferred, 16 x 16) on
/// one thread, with the sweep's continuation along the last axis or every condition solved cold.
void grid_condition(benchmark::State& state, bool warm_start) {
    SweepSpec spec;
    std::vector<double> speed, ratio;
    for (int i = 0; i < 16; ++i) speed.push_back(2.5 + 2.5 * i / 15.0), ratio.push_back(0.9 + 0.2 * i / 15.0);
    spec.axes = {{"speed_m_per_s", speed, {}}, {"cadence_ratio", ratio, {}}};
    SweepOptions options;
    options.threads = 1;
    options.warm_start = warm_start;
    SweepCallback ignore([](const SweepChunk&) {});
    for (auto _ : state) run_sweep(spec, options, ignore);
    state.SetItemsProcessed(state.iterations() * static_cast<long>(spec.size()));
    state.counters["us_per_condition"] = benchmark::Counter(
        static_cast<double>(spec.size()), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}
void grid_condition_cold(benchmark::State& state) { grid_condition(state, false); }
void grid_condition_warm(benchmark::State& state) { grid_condition(state, true); }
BENCHMARK(grid_condition_cold)->Unit(benchmark::kMillisecond)->Repetitions(3)->ReportAggregatesOnly(true);
BENCHMARK(grid_condition_warm)->Unit(benchmark::kMillisecond)->Repetitions(3)->ReportAggregatesOnly(true);

/// Console output as usual, and the medians kept for the summary.
class MedianCollector : public benchmark::ConsoleReporter {
public:
    std::map<std::string, double> median_us;
    void ReportRuns(const std::vector<Run>& runs) override {
        for (const Run& run : runs)
            if (run.aggregate_name == "median") median_us[run.run_name.function_name] = run.GetAdjustedRealTime();
        ConsoleReporter::ReportRuns(runs);
    }
};
}  // namespace

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    MedianCollector reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    const GaitSolution& g = default_solution();
    std::printf(
        "\nkneeload %s, default runner at 3.3 m/s, %.1f steps/min (gait solve: %d iterations, %d stance "
        "integrations)\n",
        version_string, g.gait.cadence_steps_per_min, g.iterations, g.stance_evaluations);
    std::printf("%-22s %12s %12s %8s\n", "benchmark", "median [us]", "target [us]", "ratio");
    const std::pair<const char*, double> targets[] = {
        {"stance_dynamics", 10.0}, {"stance_with_metrics", 10.0}, {"gait_solve", 300.0}};
    for (const auto& [name, target] : targets) {
        const auto it = reporter.median_us.find(name);
        if (it == reporter.median_us.end()) continue;
        std::printf("%-22s %12.2f %12.1f %8.2f %s\n", name, it->second, target, it->second / target,
                    it->second <= target ? "meets target" : "slower than target");
    }
    // The grid benchmarks time a 256-condition sweep: per condition, against the 60 us target.
    constexpr double grid_conditions = 256.0, grid_target_us = 60.0;
    for (const char* name : {"grid_condition_cold", "grid_condition_warm"}) {
        const auto it = reporter.median_us.find(name);
        if (it == reporter.median_us.end()) continue;
        const double per_condition_us = it->second * 1e3 / grid_conditions;  // the run is in ms
        std::printf("%-22s %12.2f %12.1f %8.2f %s (per condition)\n", name, per_condition_us, grid_target_us,
                    per_condition_us / grid_target_us,
                    per_condition_us <= grid_target_us ? "meets target" : "slower than target");
    }
    benchmark::Shutdown();
    return 0;
}
