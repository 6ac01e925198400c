/// @file sweep/engine.cpp
#include "kneeload/sweep/engine.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <limits>
#include <thread>

#include "kneeload/sweep/chains.hpp"
#include "kneeload/sweep/evaluate.hpp"

namespace kneeload {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

void prepare(SweepChunk& chunk, std::size_t begin, std::size_t end, std::size_t curve_points) {
    chunk.begin = begin;
    chunk.end = end;
    const std::size_t n = chunk.size();
    chunk.metrics.assign(metric_count * n, not_a_number);
    chunk.status.assign(n, static_cast<int>(ConditionStatus::ok));
    chunk.reason.assign(n, std::string());
    chunk.curve_points = curve_points;
    chunk.curves.assign(time_series_column_count * n * curve_points, not_a_number);
    chunk.gait_stance_evaluations = 0;
}

/// Stores condition j's result in the chunk (the metrics as evaluate_condition leaves them: NaN
/// but for a failed step's kinematics; the curves stay NaN unless ok).
void store(SweepChunk& chunk, std::size_t j, ConditionResult& r) {
    const std::size_t n = chunk.size();
    chunk.status[j] = static_cast<int>(r.status);
    chunk.reason[j] = cut_reason(std::move(r.reason));
    std::size_t m = 0;
    for_each_metric(r.metrics, [&](const MetricSpec&, double value) { chunk.metrics[m++ * n + j] = value; });
    if (r.status != ConditionStatus::ok || chunk.curve_points == 0) return;
    const StanceCurves curves = resample_over_stance(r.time_series, chunk.curve_points);
    for (std::size_t c = 0; c < time_series_column_count; ++c)
        std::copy_n(curves.values.begin() + c * chunk.curve_points, chunk.curve_points,
                    chunk.curves.begin() + (c * n + j) * chunk.curve_points);
}

/// Evaluates one condition into the chunk; returns the stance integrations of its gait solve.
/// Nothing may escape a worker thread (that would terminate the process), so even an
/// allocation failure is recorded as the condition's reason.
int evaluate_into(const SweepSpec& spec, SweepChunk& chunk, std::size_t j, const StepOptions& step_options,
                  StepWorkspace& workspace, GaitWarmStart& warm) noexcept {
    try {
        ConditionResult r;
        try {
            r = evaluate_condition(spec.condition(chunk.begin + j), step_options, workspace, &warm);
        } catch (const std::invalid_argument& e) {  // a value rejected while building the condition
            r.status = ConditionStatus::invalid_input;
            r.reason = e.what();
        }
        store(chunk, j, r);
        return r.stance_evaluations;
    } catch (const std::exception& e) {
        chunk.status[j] = static_cast<int>(ConditionStatus::no_periodic_gait);
        try {
            chunk.reason[j] = cut_reason(std::string("error: the condition could not be evaluated: ") + e.what());
        } catch (...) {  // out of memory even for the reason: the status says enough
        }
    } catch (...) {
        chunk.status[j] = static_cast<int>(ConditionStatus::no_periodic_gait);
    }
    return 0;
}

/// Solves the gait of a condition the chunk does not hold only to carry its solution on to the
/// chunk's conditions later in the chain (the chunk that holds it stores its result; the chain's
/// state depends on the gait solve alone, so the step itself is not simulated here). Returns the
/// solve's stance integrations.
int carry_through(const SweepSpec& spec, std::size_t i, GaitWarmStart& warm) noexcept {
    try {
        return solve_condition(spec.condition(i), &warm).stance_evaluations;
    } catch (...) {  // recorded where the condition is stored; here it only breaks the chain
        warm.solved = 0;
    }
    return 0;
}

/// Joins every started worker whatever happens (a failed thread start, a throwing callback).
struct JoinGuard {
    std::vector<std::thread>& pool;
    ~JoinGuard() {
        for (auto& t : pool)
            if (t.joinable()) t.join();
    }
};

constexpr Range valid_threads{0.0, 1024.0}, valid_chunk_size{1.0, 1e8}, valid_curve_points{0.0, 1e5};

void validate_options(double threads, double chunk_size, double curve_points) {
    require_in_range("threads", threads, valid_threads, "(0 = all cores)");
    require_in_range("chunk_size", chunk_size, valid_chunk_size, "");
    require_in_range("stance_curve_points", curve_points, valid_curve_points, "(0 = none)");
    if (curve_points == 1.0) throw InvalidParameter("stance_curve_points", 1.0, "0 (none) or at least 2 points");
}

void validate(const SweepOptions& o) {
    validate_options(o.threads, static_cast<double>(o.chunk_size), static_cast<double>(o.stance_curve_points));
}

}  // namespace

SweepOptions sweep_options(long long threads, long long chunk_size, long long stance_curve_points) {
    validate_options(static_cast<double>(threads), static_cast<double>(chunk_size),
                     static_cast<double>(stance_curve_points));
    SweepOptions o;
    o.threads = static_cast<unsigned>(threads);
    o.chunk_size = static_cast<std::size_t>(chunk_size);
    o.stance_curve_points = static_cast<std::size_t>(stance_curve_points);
    return o;
}

std::string cut_reason(std::string reason) {
    if (reason.size() <= max_reason_bytes) return reason;
    std::size_t end = max_reason_bytes;
    while (end > 0 && (static_cast<unsigned char>(reason[end]) & 0xC0) == 0x80) --end;  // a UTF-8 continuation byte
    reason.resize(end);
    return reason;
}

namespace {

/// Shared state of one sweep's workers.
struct SweepProgress {
    std::size_t first = 0, last = 0;
    std::atomic<std::size_t> done{0};
    std::atomic<bool> cancelled{false};
    /// Reports progress; false once the caller has cancelled.
    bool report(const SweepOptions& options) {
        if (options.progress && !options.progress(done.load() - first, last - first)) cancelled = true;
        return !cancelled;
    }
};

/// Evaluates every condition of the chunk on `threads` workers (dynamic scheduling). With a
/// progress callback the calling thread only reports while the workers compute; without one it
/// is one of the workers. Every started worker is joined, whatever happens.
void run_chunk(const SweepSpec& spec, const SweepOptions& options, unsigned threads, const StepOptions& step_options,
               SweepChunk& chunk, SweepProgress& progress) {
    // The chains that hold the chunk's conditions, each up to its last condition in the chunk:
    // those the chunk does not hold are replayed, so every condition starts from what it starts
    // from in any other cut. Built here, where an exception may still propagate.
    const SweepChains chains(spec, options.warm_start);
    auto in_chunk = [&chunk](std::size_t i) { return i >= chunk.begin && i < chunk.end; };
    std::vector<std::vector<ChainStep>> paths;
    for (std::size_t s = chains.start(chunk.begin); s < chunk.end; s = chains.end(s)) {
        paths.push_back(chains.path(s));
        while (!in_chunk(paths.back().back().condition)) paths.back().pop_back();
    }
    const std::size_t n = paths.size();
    std::atomic<std::size_t> next{0};
    auto work = [&]() {
        StepWorkspace workspace;
        std::size_t stances = 0;
        for (std::size_t k; !progress.cancelled && (k = next.fetch_add(1)) < n;) {
            GaitWarmStart warm;
            for (const ChainStep& step : paths[k]) {
                if (progress.cancelled) break;
                if (step.restart) warm = GaitWarmStart{};
                warm.next_position = step.position;
                if (!in_chunk(step.condition)) {
                    stances += static_cast<std::size_t>(carry_through(spec, step.condition, warm));
                    continue;
                }
                stances += static_cast<std::size_t>(
                    evaluate_into(spec, chunk, step.condition - chunk.begin, step_options, workspace, warm));
                progress.done.fetch_add(1);
            }
        }
        std::atomic_ref<std::size_t>(chunk.gait_stance_evaluations).fetch_add(stances);
    };
    std::vector<std::thread> pool;
    JoinGuard guard{pool};
    const unsigned workers = static_cast<unsigned>(std::min<std::size_t>(threads, std::max<std::size_t>(n, 1)));
    const unsigned helpers = options.progress ? workers : workers - 1;
    try {
        for (unsigned k = 0; k < helpers; ++k) pool.emplace_back(work);
        if (!options.progress) return work();
        auto last_report = std::chrono::steady_clock::now();
        while (progress.done.load() < chunk.end && !progress.cancelled) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            const auto now = std::chrono::steady_clock::now();
            if (std::chrono::duration<double>(now - last_report).count() < options.progress_interval_s) continue;
            last_report = now;
            progress.report(options);
        }
    } catch (...) {
        progress.cancelled = true;
        throw;
    }
}

}  // namespace

void run_sweep(const SweepSpec& spec, const SweepOptions& options, SweepSink& sink, std::size_t first,
               std::size_t last) {
    validate(spec);
    validate(options);
    const std::size_t total = spec.size();
    last = std::min(last, total);
    if (first >= last && total > 0)
        throw InvalidParameter("first", static_cast<double>(first),
                               "a condition range [first, last) within [0, " + std::to_string(total) + ") (last " +
                                   std::to_string(last) + ")");
    const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    StepOptions step_options;
    step_options.record_time_series = options.stance_curve_points > 0;
    SweepProgress progress;
    progress.first = first;
    progress.last = last;
    progress.done = first;
    SweepChunk chunk;
    for (std::size_t begin = first; begin < last; begin += options.chunk_size) {
        prepare(chunk, begin, std::min(last, begin + options.chunk_size), options.stance_curve_points);
        run_chunk(spec, options, threads, step_options, chunk, progress);
        if (progress.cancelled) break;
        sink.write(chunk);
        if (!progress.report(options)) break;
    }
    if (progress.cancelled) throw SweepCancelled();
}

SweepArrays::SweepArrays(std::size_t conditions, std::size_t points)
    : curve_points(points),
      metrics(metric_count * conditions, not_a_number),
      status(conditions, static_cast<int>(ConditionStatus::ok)),
      reason(conditions),
      curves(time_series_column_count * conditions * points, not_a_number),
      written_(conditions, false) {}

std::size_t SweepArrays::first_missing() const {
    return static_cast<std::size_t>(std::find(written_.begin(), written_.end(), false) - written_.begin());
}

void SweepArrays::write(const SweepChunk& chunk) {
    const std::size_t n = chunk.size(), total = size();
    if (chunk.end > total || chunk.curve_points != curve_points)
        throw std::invalid_argument("a sweep chunk that does not fit these arrays");
    for (std::size_t m = 0; m < metric_count; ++m)
        std::copy_n(chunk.metrics.begin() + m * n, n, metrics.begin() + m * total + chunk.begin);
    std::copy(chunk.status.begin(), chunk.status.end(), status.begin() + chunk.begin);
    std::copy(chunk.reason.begin(), chunk.reason.end(), reason.begin() + chunk.begin);
    for (std::size_t c = 0; c < time_series_column_count; ++c)
        std::copy_n(chunk.curves.begin() + c * n * curve_points, n * curve_points,
                    curves.begin() + (c * total + chunk.begin) * curve_points);
    std::fill(written_.begin() + static_cast<std::ptrdiff_t>(chunk.begin),
              written_.begin() + static_cast<std::ptrdiff_t>(chunk.end), true);
}

}  // namespace kneeload
