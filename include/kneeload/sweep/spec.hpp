#pragma once
/// @file sweep/spec.hpp
/// What a sweep runs: fixed settings plus swept axes, as a grid (every combination, row-major,
/// last axis fastest) or as an explicit list of conditions. Axes are numeric parameters or
/// choices, named as in the registry.

#include <cstddef>
#include <string>
#include <vector>

#include "kneeload/parameters/registry.hpp"

namespace kneeload {

struct SweepAxis {
    std::string name;                  ///< a parameter or choice from the registry
    std::vector<double> values;        ///< a numeric axis: values in the parameter's unit
    std::vector<std::string> options;  ///< a choice axis: option names
    bool is_choice() const { return find_choice(name) != nullptr; }
    std::size_t size() const { return is_choice() ? options.size() : values.size(); }
};

struct SweepSpec {
    /// Settings of every condition (a name may not also be an axis).
    std::vector<NamedValue> fixed;
    /// Grid: the axes with their values. List: the axes name the columns of `points`.
    std::vector<SweepAxis> axes;
    /// List sweep: points[i][j] is axis j's value in condition i (for a choice, the option's
    /// index in the registry's option list). Empty for a grid.
    std::vector<std::vector<double>> points;

    bool is_grid() const { return points.empty(); }
    /// Number of conditions (throws InvalidParameter when the grid's size overflows).
    std::size_t size() const;
    /// Shape of the result: the axes' lengths (grid) or {number of conditions} (list).
    std::vector<std::size_t> shape() const;
    /// The settings of condition i: the fixed ones, then its axis values.
    std::vector<NamedValue> settings(std::size_t i) const;
    /// The condition at flat index i (not validated: evaluate_condition does that).
    Condition condition(std::size_t i) const { return make_condition(settings(i)); }
    /// The fixed settings applied to the defaults (the attributes a sweep file records).
    Condition base() const { return make_condition(fixed); }
};

/// Checks names, sizes and choice options before any work: throws InvalidParameter.
void validate(const SweepSpec& spec);

}  // namespace kneeload
