#pragma once
/// @file sweep/engine.hpp
/// Parallel evaluation of a sweep. Results do not depend on the thread count or chunk size:
/// conditions are independent but for the fixed chains of the sweep's continuation
/// (chains.hpp), which are replayed where a chunk cuts them. Work proceeds chunk by chunk: all
/// threads share one chunk (dynamic scheduling), then the chunk is handed to a sink in order and
/// its memory reused, so memory stays bounded whatever the sweep size. A failing condition gets
/// a status and a reason; the others go on. Progress is reported and the sweep can be cancelled
/// between conditions.

#include <cstddef>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "kneeload/metrics/metric_list.hpp"
#include "kneeload/metrics/time_series.hpp"
#include "kneeload/sweep/spec.hpp"

namespace kneeload {

/// Longest reason kept per condition [bytes]; longer ones are cut (at a UTF-8 character
/// boundary), in memory and in files alike, so that both hold the same text and a sweep's
/// reasons take bounded memory.
inline constexpr std::size_t max_reason_bytes = 256;

/// `reason` cut to max_reason_bytes.
std::string cut_reason(std::string reason);

/// One chunk of results: conditions [begin, end) in flat order.
struct SweepChunk {
    std::size_t begin = 0, end = 0;
    /// metrics[m * size() + j]: metric m (registry order) of condition begin + j; NaN where the
    /// condition failed, but for the kinematics its inputs give (fill_kinematic_metrics) where they
    /// resolved.
    std::vector<double> metrics;
    std::vector<int> status;          ///< ConditionStatus per condition
    std::vector<std::string> reason;  ///< empty when ok
    /// Stance curves when requested: curves[(c * size() + j) * points + k] is time-series
    /// column c of condition begin + j at stance_pct(k); NaN where the condition failed.
    std::size_t curve_points = 0;
    std::vector<double> curves;
    /// Stance integrations of the chunk's gait solves, replays of chains that the chunk cuts
    /// included: what the chunk cost the solver (benchmarks report it per condition).
    std::size_t gait_stance_evaluations = 0;
    std::size_t size() const { return end - begin; }
};

/// Where chunks go: a file (io/hdf5.hpp), memory (SweepArrays), or the caller's own.
class SweepSink {
public:
    virtual ~SweepSink() = default;
    /// Receives any flat range of conditions; called from the sweep's calling thread.
    virtual void write(const SweepChunk& chunk) = 0;
};

/// A sink that calls a function for every chunk.
class SweepCallback : public SweepSink {
public:
    explicit SweepCallback(std::function<void(const SweepChunk&)> f) : f_(std::move(f)) {}
    void write(const SweepChunk& chunk) override { f_(chunk); }

private:
    std::function<void(const SweepChunk&)> f_;
};

struct SweepOptions {
    /// Worker threads; 0 = all hardware threads.
    unsigned threads = 0;
    /// Conditions per chunk (bounds memory; results are handed over chunk by chunk).
    std::size_t chunk_size = 2048;
    /// Record each condition's stance curves at this many points (0: none).
    std::size_t stance_curve_points = 0;
    /// Solve the conditions in chains, each from the one before (sweep continuation,
    /// chains.hpp): a grid's along its last axis, a list's along a short path through blocks of
    /// consecutive entries; false: every condition cold, bitwise as simulate_condition.
    bool warm_start = true;
    /// Called from the calling thread about every `progress_interval_s` with (done, total).
    /// Returning false cancels the sweep.
    std::function<bool(std::size_t, std::size_t)> progress;
    double progress_interval_s = 0.1;
};

/// Options from integers as a caller gives them (Python), checked against their valid ranges:
/// threads [0, 1024] (0 = all cores), chunk_size [1, 1e8], stance_curve_points 0 or [2, 1e5].
SweepOptions sweep_options(long long threads, long long chunk_size, long long stance_curve_points);

class SweepCancelled : public std::runtime_error {
public:
    SweepCancelled() : std::runtime_error("sweep cancelled") {}
};

/// Runs conditions [first, last) of the sweep (all of them by default; `last` beyond the sweep
/// means its end) and hands every chunk, in order, to the sink. Throws InvalidParameter for a
/// malformed spec, options or range (before any work) and SweepCancelled if progress returned
/// false.
void run_sweep(const SweepSpec& spec, const SweepOptions& options, SweepSink& sink, std::size_t first = 0,
               std::size_t last = static_cast<std::size_t>(-1));

/// A sink that keeps every result in memory, laid out like the chunks for the whole sweep.
class SweepArrays : public SweepSink {
public:
    SweepArrays(std::size_t conditions, std::size_t curve_points);
    void write(const SweepChunk& chunk) override;
    std::size_t size() const { return status.size(); }
    std::size_t curve_points = 0;
    std::vector<double> metrics;  ///< metrics[m * size() + i]
    std::vector<int> status;
    std::vector<std::string> reason;
    std::vector<double> curves;  ///< curves[(c * size() + i) * curve_points + k]
    /// Index of the first condition never written (size() when every one was).
    std::size_t first_missing() const;
    bool complete() const { return first_missing() == size(); }

private:
    std::vector<bool> written_;
};

}  // namespace kneeload
