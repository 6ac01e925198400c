#pragma once
/// @file sweep/chains.hpp
/// Sweep continuation: which conditions of a sweep are solved in one chain, each from the
/// solution before it (solve_gait with GaitWarmStart), and in which order. A chain is a fixed
/// block of consecutive conditions whatever the threads, chunks or sub-ranges of a run, and its
/// order depends on its own conditions alone, so the results do not depend on how the sweep is
/// cut: a chain cut by a chunk boundary is replayed (engine.cpp).
///
/// - Grid: blocks of grid_chain_length conditions of one row of the last axis, in the axis's
///   order; the chain's parameter is the last axis's value (NaN on a choice axis).
/// - List: blocks of list_chain_length consecutive entries, solved along a short path: greedy
///   nearest neighbour from the block's first entry, with every numeric column scaled by its
///   spread over the block (each counts alike, whatever its unit). An entry that differs in a
///   choice (or in a non-finite value) is farther than any that does not, and the step to it
///   starts cold. Each solve starts from the newest solution of the path and its Jacobian (the
///   position is NaN): a quadratic predictor along the path's arc length cost more, since the
///   path turns (`kneeload_sweep_benchmark 512 1 --list`, chains of 32: 11.8 gait stances per
///   condition with it, 9.6 without, 11.7 cold).

#include <cstddef>
#include <vector>

#include "kneeload/sweep/spec.hpp"

namespace kneeload {

/// Conditions per grid chain: a row of the last axis is cut into blocks of this many.
inline constexpr std::size_t grid_chain_length = 16;
/// Consecutive entries per list chain. Longer chains find nearer neighbours but give fewer chains
/// to share among threads; `kneeload_sweep_benchmark 512 1 --list` measured 10.4 / 9.6 / 8.6 /
/// 7.8 gait stances per condition with 16 / 32 / 64 / 128 (11.7 cold).
inline constexpr std::size_t list_chain_length = 64;

/// One solve of a chain.
struct ChainStep {
    std::size_t condition = 0;  ///< flat index in the sweep
    /// The chain's parameter at the condition (GaitWarmStart::next_position; NaN: none).
    double position = 0.0;
    /// Solve cold: the step goes to a condition far from the one before (a differing choice).
    bool restart = false;
};

class SweepChains {
public:
    /// warm_start false: every condition is a chain of its own (solved cold).
    SweepChains(const SweepSpec& spec, bool warm_start);
    /// The first condition of the chain that holds condition i.
    std::size_t start(std::size_t i) const;
    /// One past the last condition of the chain that starts at `first`.
    std::size_t end(std::size_t first) const;
    /// The chain that starts at `first`, in the order it is solved.
    std::vector<ChainStep> path(std::size_t first) const;

private:
    const SweepSpec& spec_;
    std::size_t size_ = 0;
    std::size_t row_ = 1;     ///< grid: conditions per row of the last axis; list: the list's size
    std::size_t length_ = 1;  ///< conditions per chain
    std::vector<ChainStep> list_path(std::size_t first, std::size_t last) const;
};

}  // namespace kneeload
