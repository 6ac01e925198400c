#pragma once
/// @file sweep.hpp
/// Parallel evaluation of many conditions: a grid (cartesian product of named numeric axes)
/// or an explicit list. Conditions are independent, so results do not depend on the thread
/// count. Work proceeds chunk by chunk: all threads share one chunk (dynamic scheduling),
/// then the chunk is handed to the caller in order and its memory reused, so memory stays
/// bounded whatever the sweep size. A failing condition gets a status and a reason; the
/// others go on. Progress is reported and the sweep can be cancelled between conditions.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "kneeload/condition.hpp"
#include "kneeload/io/metric_list.hpp"

namespace kneeload {

struct SweepAxis {
    std::string name;            ///< a name from parameter_list()
    std::vector<double> values;  ///< in the parameter's unit
};

/// Grid: every combination of the axes' values (row-major, last axis fastest), applied on
/// top of `base`. List: `points[i][j]` is the value of axis j in condition i (axes then
/// carry names only).
struct SweepSpec {
    Condition base;
    std::vector<SweepAxis> axes;
    std::vector<std::vector<double>> points;  ///< empty for a grid
    bool is_grid() const { return points.empty(); }
    std::size_t size() const {
        if (!is_grid()) return points.size();
        std::size_t n = 1;
        for (const auto& a : axes) n *= a.values.size();
        return n;
    }
    /// Shape of the result: the axes' lengths (grid) or {number of conditions} (list).
    std::vector<std::size_t> shape() const {
        std::vector<std::size_t> s;
        if (is_grid()) for (const auto& a : axes) s.push_back(a.values.size());
        else s.push_back(points.size());
        return s;
    }
    /// The condition at flat index i.
    Condition condition(std::size_t i) const {
        Condition c = base;
        if (is_grid()) {
            for (std::size_t k = axes.size(); k-- > 0;) {
                const std::size_t n = axes[k].values.size();
                set_parameter(c, axes[k].name, axes[k].values[i % n]);
                i /= n;
            }
        } else {
            for (std::size_t k = 0; k < axes.size(); ++k) set_parameter(c, axes[k].name, points[i][k]);
        }
        return c;
    }
};

/// Validates the names and sizes of a sweep before any work starts.
inline void validate(const SweepSpec& spec) {
    for (const auto& axis : spec.axes) {
        bool known = false;
        for (const auto& p : parameter_list()) known = known || axis.name == p.name;
        if (!known) throw unknown_parameter(axis.name);
        if (spec.is_grid() && axis.values.empty())
            throw InvalidParameter("sweep.axes." + axis.name, 0.0, "at least one value (count given)");
    }
    for (std::size_t i = 0; i < spec.points.size(); ++i)
        if (spec.points[i].size() != spec.axes.size())
            throw InvalidParameter("sweep.points", static_cast<double>(i),
                                   "rows with one value per axis (" + std::to_string(spec.axes.size()) + ")");
}

/// Number of scalar metrics per condition (io::for_each_metric).
inline std::size_t metric_count() {
    std::size_t n = 0;
    io::for_each_metric(StepMetrics{}, [&n](const char*, const char*, double) { ++n; });
    return n;
}

/// One chunk of results: conditions [begin, end) in flat order.
struct SweepChunk {
    std::size_t begin = 0, end = 0;
    /// metrics[m * (end - begin) + j]: metric m (for_each_metric order) of condition begin + j;
    /// NaN where the condition failed.
    std::vector<double> metrics;
    std::vector<int> status;          ///< ConditionStatus per condition
    std::vector<std::string> reason;  ///< empty when ok
    std::vector<TimeSeries> time_series;  ///< per condition, only when requested
    std::size_t size() const { return end - begin; }
};

struct SweepOptions {
    /// Worker threads; 0 = all hardware threads.
    unsigned threads = 0;
    /// Conditions per chunk (bounds memory; results are handed over chunk by chunk).
    std::size_t chunk_size = 2048;
    bool record_time_series = false;
    /// Called from the calling thread about every `progress_interval_s` with (done, total).
    /// Returning false cancels the sweep.
    std::function<bool(std::size_t, std::size_t)> progress;
    double progress_interval_s = 0.1;
};

class SweepCancelled : public std::runtime_error {
public:
    SweepCancelled() : std::runtime_error("sweep cancelled") {}
};

/// Runs the sweep; `on_chunk` receives every chunk in order. Throws InvalidParameter for a
/// malformed spec (before any work) and SweepCancelled if progress returned false.
inline void run_sweep(const SweepSpec& spec, const SweepOptions& options,
                      const std::function<void(const SweepChunk&)>& on_chunk) {
    validate(spec);
    require_in_range("sweep.chunk_size", static_cast<double>(options.chunk_size), 1.0, 1e8, "");
    const std::size_t total = spec.size();
    const unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    const std::size_t metrics_per_condition = metric_count();
    SweepChunk chunk;
    std::atomic<std::size_t> done{0};
    std::atomic<bool> cancelled{false};
    for (std::size_t begin = 0; begin < total && !cancelled; begin += options.chunk_size) {
        chunk.begin = begin;
        chunk.end = std::min(total, begin + options.chunk_size);
        const std::size_t n = chunk.size();
        chunk.metrics.assign(metrics_per_condition * n, 0.0);
        chunk.status.assign(n, 0);
        chunk.reason.assign(n, std::string());
        chunk.time_series.assign(options.record_time_series ? n : 0, TimeSeries{});
        std::atomic<std::size_t> next{0};
        // One condition at a time; nothing may escape a worker thread (that would terminate
        // the process), so even an allocation failure is recorded as the condition's reason.
        auto work = [&]() {
            StepWorkspace workspace;
            for (std::size_t j; !cancelled && (j = next.fetch_add(1)) < n;) {
                try {
                    ConditionResult r;
                    try {
                        r = evaluate_condition(spec.condition(chunk.begin + j), options.record_time_series, &workspace);
                    } catch (const std::invalid_argument& e) {  // e.g. a value rejected by set_parameter
                        r.status = ConditionStatus::invalid_input;
                        r.reason = e.what();
                    }
                    chunk.status[j] = static_cast<int>(r.status);
                    chunk.reason[j] = r.reason;
                    std::size_t m = 0;
                    const bool ok = r.status == ConditionStatus::ok;
                    io::for_each_metric(r.metrics, [&](const char*, const char*, double value) {
                        chunk.metrics[m++ * n + j] = ok ? value : std::numeric_limits<double>::quiet_NaN();
                    });
                    if (options.record_time_series) chunk.time_series[j] = std::move(r.time_series);
                } catch (...) {
                    chunk.status[j] = static_cast<int>(ConditionStatus::no_periodic_gait);
                    for (std::size_t m = 0; m < metrics_per_condition; ++m)
                        chunk.metrics[m * n + j] = std::numeric_limits<double>::quiet_NaN();
                    try {
                        chunk.reason[j] = "error: the condition could not be evaluated (out of memory?)";
                    } catch (...) {
                    }
                }
                done.fetch_add(1);
            }
        };
        // With a progress callback the calling thread only reports (cheap) while `threads`
        // workers compute; without one it is one of the workers. The guard joins every
        // started worker whatever happens (a failed thread start, a throwing callback).
        std::vector<std::thread> pool;
        struct JoinGuard {
            std::vector<std::thread>& pool;
            std::atomic<bool>& cancelled;
            ~JoinGuard() {
                for (auto& t : pool)
                    if (t.joinable()) t.join();
            }
            void cancel() { cancelled = true; }
        } guard{pool, cancelled};
        const unsigned workers = static_cast<unsigned>(std::min<std::size_t>(threads, n));
        const unsigned helpers = options.progress ? workers : workers - 1;
        try {
            for (unsigned k = 0; k < helpers; ++k) pool.emplace_back(work);
            if (options.progress) {
                auto last = std::chrono::steady_clock::now();
                while (done.load() < chunk.begin + n && !cancelled) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(2));
                    const auto now = std::chrono::steady_clock::now();
                    if (std::chrono::duration<double>(now - last).count() >= options.progress_interval_s) {
                        last = now;
                        if (!options.progress(done.load(), total)) cancelled = true;
                    }
                }
            }
            if (!options.progress || pool.empty()) work();
        } catch (...) {
            guard.cancel();
            throw;
        }
        for (auto& t : pool) t.join();
        if (cancelled) break;
        on_chunk(chunk);
        if (options.progress && !options.progress(done.load(), total)) cancelled = true;
    }
    if (cancelled) throw SweepCancelled();
}

}  // namespace kneeload
