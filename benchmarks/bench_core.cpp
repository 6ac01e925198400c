/// Speed of the core at default settings, with Google Benchmark:
/// one stance integration (dynamics only, as the gait solver uses it), one stance with all
/// metrics, and one periodic-gait solve, for the default runner at 3.3 m/s and preferred
/// cadence, and one condition of a grid sweep. After the run, the medians are set against the
/// targets as Markdown rows for README "## Speed".
///   make bench        (or build/benchmarks/kneeload_benchmarks)

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <thread>

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

/// One Markdown row of the summary: what, the median, the target and whether it meets it; a
/// reference row (target_us 0) has no target of its own.
void markdown_row(const std::string& what, double median_us, double target_us) {
    if (target_us <= 0.0) {
        std::printf("| %s | %.1f µs | - | - |\n", what.c_str(), median_us);
        return;
    }
    std::printf("| %s | %.1f µs | ≤ %.0f µs | %s |\n", what.c_str(), median_us, target_us,
                median_us <= target_us ? "meets target" : "MISSES target");
}

/// What bounds a stance's steps: the foot (0.0145 of the body's mass, a sixth of the lower limb's)
/// rings on the contact stack, which holds the explicit steps to a few ms. The same stance with
/// the lower limb's whole mass on the contact (foot_share_of_lower_limb = 1: 5.5x the mass, a
/// slower mode) shows how many steps the rest of the motion needs at the same tolerances.
void print_step_floor(int solver_steps) {
    ModelParameters slow_foot;
    slow_foot.runner.foot_share_of_lower_limb = 1.0;
    const StanceModel model(slow_foot);
    const GaitSolution g = solve_gait(model, default_target(), Closure{});
    if (!g.ok()) return;
    std::printf(
        "\nSteps per solver stance: %d for the default runner; %d with the lower limb's whole mass on the contact "
        "(foot_share_of_lower_limb = 1: 5.5x the foot's mass on the contact).\n",
        solver_steps, integrate_stance(model, g.control).steps);
}

int main(int argc, char** argv) {
    benchmark::Initialize(&argc, argv);
    MedianCollector reporter;
    benchmark::RunSpecifiedBenchmarks(&reporter);
    const GaitSolution& g = default_solution();
    const int solver_steps = integrate_stance(default_model(), g.control).steps;
    double load[3] = {0.0, 0.0, 0.0};
    getloadavg(load, 3);
    // The summary as Markdown rows for README "## Speed" (medians of wall-clock time).
    std::printf(
        "\nkneeload %s, default runner at 3.3 m/s, %.1f steps/min; %u hardware threads, load average %.2f at the "
        "end\n\n",
        version_string, g.gait.cadence_steps_per_min, std::thread::hardware_concurrency(), load[0]);
    std::printf("| `make bench` | median | target | |\n|---|---|---|---|\n");
    constexpr double per_grid_condition = 1e3 / 256.0;  // the grid runs are in ms, over 256 conditions
    const struct {
        const char* name;
        std::string what;
        double target_us, scale;
    } rows[] = {
        {"stance_dynamics",
         "one stance integration (dynamics, as the gait solver uses it; " + std::to_string(solver_steps) + " steps)",
         10.0, 1.0},
        {"stance_with_metrics", "one stance with every metric", 10.0, 1.0},
        {"gait_solve",
         "one periodic-gait solve (" + std::to_string(g.iterations) + " iterations, " +
             std::to_string(g.stance_evaluations) + " stance integrations)",
         300.0, 1.0},
        {"grid_condition_warm", "one condition of a 16 × 16 grid sweep (speed × cadence ratio), 1 thread, warm start",
         60.0, per_grid_condition},
        {"grid_condition_cold", "the same, every condition solved cold (warm_start = false)", 0.0, per_grid_condition},
    };
    for (const auto& row : rows)
        if (const auto it = reporter.median_us.find(row.name); it != reporter.median_us.end())
            markdown_row(row.what, it->second * row.scale, row.target_us);
    print_step_floor(solver_steps);
    benchmark::Shutdown();
    return 0;
}
