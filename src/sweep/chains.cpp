/// @file sweep/chains.cpp
#include "kneeload/sweep/chains.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace kneeload {

namespace {

constexpr double not_a_number = std::numeric_limits<double>::quiet_NaN();

/// How far apart two entries of a list chain are: the number of columns in which they differ
/// in a way no solution carries over (a choice, a non-finite value), then the distance in the
/// numeric columns scaled by their spread over the chain. Compared lexicographically.
struct Separation {
    std::size_t far = 0;
    double distance = 0.0;
    bool operator<(const Separation& o) const { return far != o.far ? far < o.far : distance < o.distance; }
};

/// Per column: 1 / the spread of the chain's finite values (0 when they are all equal or it
/// is a choice column).
std::vector<double> column_scales(const SweepSpec& spec, const std::vector<bool>& choice, std::size_t first,
                                  std::size_t last) {
    std::vector<double> scale(spec.axes.size(), 0.0);
    for (std::size_t k = 0; k < scale.size(); ++k) {
        if (choice[k]) continue;
        double low = std::numeric_limits<double>::infinity(), high = -low;
        for (std::size_t i = first; i < last; ++i) {
            const double v = spec.points[i][k];
            if (!std::isfinite(v)) continue;
            low = std::min(low, v);
            high = std::max(high, v);
        }
        if (high > low && std::isfinite(high - low)) scale[k] = 1.0 / (high - low);
    }
    return scale;
}

Separation separation(const std::vector<double>& a, const std::vector<double>& b, const std::vector<bool>& choice,
                      const std::vector<double>& scale) {
    Separation s;
    double squares = 0.0;
    for (std::size_t k = 0; k < a.size(); ++k) {
        if (choice[k] || !std::isfinite(a[k]) || !std::isfinite(b[k])) {
            s.far += !(a[k] == b[k]);  // NaN differs from everything, itself included
            continue;
        }
        const double d = (a[k] - b[k]) * scale[k];
        squares += d * d;
    }
    s.distance = std::sqrt(squares);
    return s;
}

}  // namespace

SweepChains::SweepChains(const SweepSpec& spec, bool warm_start) : spec_(spec), size_(spec.size()) {
    if (!warm_start || spec.axes.empty()) return;
    if (spec.is_grid()) {
        row_ = spec.axes.back().size();
        length_ = grid_chain_length;
    } else {
        row_ = size_;
        length_ = list_chain_length;
    }
}

std::size_t SweepChains::start(std::size_t i) const { return i - (i % row_) % length_; }

std::size_t SweepChains::end(std::size_t first) const {
    return std::min({first - first % row_ + row_, first + length_, size_});
}

std::vector<ChainStep> SweepChains::path(std::size_t first) const {
    const std::size_t last = end(first);
    if (!spec_.is_grid() && last - first > 1) return list_path(first, last);
    std::vector<ChainStep> steps;
    const SweepAxis* axis = spec_.axes.empty() ? nullptr : &spec_.axes.back();
    const bool numeric = axis && !axis->is_choice();
    for (std::size_t i = first; i < last; ++i)
        steps.push_back({i, numeric && spec_.is_grid() ? axis->values[i % row_] : not_a_number, false});
    return steps;
}

/// Greedy nearest neighbour from the chain's first entry (ties: the lower index): a short path
/// through nearby conditions, fixed by the chain's own entries.
std::vector<ChainStep> SweepChains::list_path(std::size_t first, std::size_t last) const {
    const std::size_t n = last - first;
    std::vector<bool> choice(spec_.axes.size());
    for (std::size_t k = 0; k < choice.size(); ++k) choice[k] = spec_.axes[k].is_choice();
    const std::vector<double> scale = column_scales(spec_, choice, first, last);
    std::vector<bool> visited(n, false);
    std::vector<ChainStep> steps{{first, not_a_number, false}};
    visited[0] = true;
    for (std::size_t current = 0; steps.size() < n;) {
        std::size_t next = n;
        Separation nearest;
        for (std::size_t j = 0; j < n; ++j) {
            if (visited[j]) continue;
            const Separation s = separation(spec_.points[first + current], spec_.points[first + j], choice, scale);
            if (next == n || s < nearest) {
                next = j;
                nearest = s;
            }
        }
        visited[next] = true;
        steps.push_back({first + next, not_a_number, nearest.far > 0});
        current = next;
    }
    return steps;
}

}  // namespace kneeload
